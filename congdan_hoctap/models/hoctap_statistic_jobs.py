# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from odoo.addons.queue_job.delay import group

from .hoctap_statistic import EDITABLE_STATES

REFRESH_JOB = "hoctap.statistic.refresh"


class HoctapStatistic(models.Model):
    """The province-wide refresh: every open report of the subtree, then this one, in the background.

    The open (draft or returned) reports of the sub-associations are refreshed in chunks; the report
    that started the refresh consolidates last, once every chunk is done. Refreshing is idempotent:
    a chunk run twice writes the same figures.
    """

    _inherit = "hoctap.statistic"  # pylint: disable=consider-merging-classes-inherited

    job_progress = fields.Char(
        compute="_compute_job_progress",
        help="Progress of the background refresh of the reports below this one.",
    )

    def _compute_job_progress(self):
        tools = self.env["hoctap.job.mixin"]
        for statistic in self:
            statistic.job_progress = tools._hoctap_job_progress(REFRESH_JOB, statistic.id) if statistic.id else False

    # ---- Actions ----
    def action_refresh_tree(self):
        """Refresh every open report below this one for the period, then this one.

        Small trees are refreshed now; above the job threshold, in the background (the form shows
        the progress, the user is notified when it is done).
        """
        self.ensure_one()
        self.check_access("write")
        self._check_editable()
        reports = self._open_subtree_reports()
        tools = self.env["hoctap.job.mixin"]
        if not tools._hoctap_use_queue(len(reports)):
            reports.check_access("write")
            reports._refresh_figures()
            self._refresh_figures()
            return True
        batch = tools._hoctap_new_batch(REFRESH_JOB, self.id)
        chunks = tools._hoctap_chunks(reports)
        group(
            *[
                chunk.delayable(
                    identity_key=f"{batch}:{index}", description=self._job_description(index, len(chunks))
                )._job_refresh_chunk()
                for index, chunk in enumerate(chunks, start=1)
            ]
        ).on_done(
            self.delayable(
                identity_key=f"{batch}:final",
                description=self.env._("Statistics: consolidate %(name)s", name=self.name),
            )._job_refresh_consolidate(batch, len(reports)),
        ).delay()
        self.message_post(
            body=self.env._(
                "Refreshing %(count)s reports below this one in the background (%(chunks)s parts).",
                count=len(reports),
                chunks=len(chunks),
            )
        )
        return True

    # ---- Jobs ----
    def _job_refresh_chunk(self):
        """Refresh the figures of a chunk of open reports (those still open when the job runs)."""
        with self.env["hoctap.job.mixin"]._hoctap_retry_on_conflict():
            still_open = self.exists().filtered(lambda s: s.state in EDITABLE_STATES)
            still_open._refresh_figures()
        return self.env._("%(count)s reports refreshed", count=len(still_open))

    def _job_refresh_consolidate(self, batch, count):
        """Consolidate the report that started the refresh and tell the user (once per run)."""
        self.ensure_one()
        if self.state not in EDITABLE_STATES:
            return self.env._("The report is no longer open: not consolidated.")
        with self.env["hoctap.job.mixin"]._hoctap_retry_on_conflict():
            self._refresh_figures()
        if (
            not self.env["mail.message"]
            .sudo()
            .search_count([("model", "=", self._name), ("res_id", "=", self.id), ("body", "ilike", batch)], limit=1)
        ):
            message = self.env._(
                "The %(count)s reports below %(name)s are refreshed and the report consolidated.",
                count=count,
                name=self.name,
            )
            self.message_post(body=f"{message} ({batch})")
            self.env["hoctap.job.mixin"]._hoctap_notify_done(message)
        return self.env._("consolidated")

    # ---- Helpers ----
    def _open_subtree_reports(self):
        """The draft or returned reports of the same period strictly below this report's association."""
        self.ensure_one()
        return self.search(
            [
                ("association_id", "child_of", self.association_id.id),
                ("id", "!=", self.id),
                ("year", "=", self.year),
                ("period", "=", self.period),
                ("state", "in", EDITABLE_STATES),
            ],
            order="id",
        )

    @api.model
    def _job_description(self, index, total):
        return self.env._("Statistics: refresh part %(index)s of %(total)s", index=index, total=total)
