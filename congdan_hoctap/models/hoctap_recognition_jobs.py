# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.queue_job.delay import chain, group

ISSUE_JOB = "hoctap.recognition.issue"
CERTIFICATE_REPORT = "congdan_hoctap.action_report_learning_certificate"


class HoctapRecognition(models.Model):
    """A large decision is issued by a background job, then its certificates are printed in parts.

    Issuing stays one transaction — the certificate numbers of a decision are consecutive and
    gap-free — and runs again from the start when the database reports a concurrent update. The
    certificates PDF is rendered in chunks, each attached to the decision once.
    """

    _inherit = "hoctap.recognition"  # pylint: disable=consider-merging-classes-inherited

    job_progress = fields.Char(
        compute="_compute_job_progress", help="Progress of the background issue of a large decision."
    )

    def _compute_job_progress(self):
        tools = self.env["hoctap.job.mixin"]
        for recognition in self:
            recognition.job_progress = (
                tools._hoctap_job_progress(ISSUE_JOB, recognition.id) if recognition.id else False
            )

    # ---- Hook called by action_issue ----
    def _hoctap_issue_in_background(self):
        """Queue the issue of decisions above the job threshold; True when queued (nothing left to do now).

        The rights and the evaluations are checked now, so the user hears of a refusal at once.
        """
        tools = self.env["hoctap.job.mixin"]
        if not self or not all(r.state == "draft" and tools._hoctap_use_queue(len(r.evaluation_ids)) for r in self):
            return False
        for recognition in self:
            recognition._check_can_issue()
            recognition._enqueue_issue()
        return True

    def _enqueue_issue(self):
        self.ensure_one()
        tools = self.env["hoctap.job.mixin"]
        batch = tools._hoctap_new_batch(ISSUE_JOB, self.id)
        chunks = tools._hoctap_chunks(self.evaluation_ids.sorted("name"))
        chain(
            self.delayable(
                identity_key=f"{batch}:issue", description=self.env._("Recognition: issue %(name)s", name=self.name)
            )._job_issue(),
            group(
                *[
                    self.delayable(
                        identity_key=f"{batch}:pdf:{index}",
                        description=self.env._(
                            "Recognition: certificates of %(name)s, part %(index)s", name=self.name, index=index
                        ),
                    )._job_print_certificates(chunk.ids, index)
                    for index, chunk in enumerate(chunks, start=1)
                ]
            ),
            self.delayable(identity_key=f"{batch}:notify")._job_issue_done(len(chunks)),
        ).delay()
        self.message_post(
            body=self.env._(
                "The decision is being issued in the background (%(count)s evaluations); the certificates follow "
                "in %(parts)s parts.",
                count=len(self.evaluation_ids),
                parts=len(chunks),
            )
        )

    # ---- Jobs ----
    def _job_issue(self):
        """Issue the decision; an issued decision is left as it is (the job may run twice)."""
        self.ensure_one()
        if self.state == "issued":
            return self.env._("already issued")
        with self.env["hoctap.job.mixin"]._hoctap_retry_on_conflict():
            self.with_context(hoctap_job_inline=True).action_issue()
        return self.env._("issued, %(count)s certificates", count=len(self.evaluation_ids))

    def _job_print_certificates(self, evaluation_ids, index):
        """Attach the certificates of one chunk as a PDF, once."""
        self.ensure_one()
        name = self._certificate_file_name(index)
        Attachment = self.env["ir.attachment"].sudo()
        if Attachment.search_count([("res_model", "=", self._name), ("res_id", "=", self.id), ("name", "=", name)]):
            return self.env._("already printed")
        evaluations = self.env["hoctap.evaluation"].browse(evaluation_ids).exists()
        pdf, _type = self.env["ir.actions.report"]._render_qweb_pdf(CERTIFICATE_REPORT, evaluations.ids)
        Attachment.create(
            {"name": name, "raw": pdf, "res_model": self._name, "res_id": self.id, "mimetype": "application/pdf"}
        )
        return name

    def _job_issue_done(self, parts):
        """Post the certificate files in the chatter and notify the user."""
        self.ensure_one()
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("name", "in", [self._certificate_file_name(i) for i in range(1, parts + 1)]),
                ],
                order="name",
            )
        )
        message = self.env._(
            "Decision %(name)s is issued; its certificates are attached (%(parts)s files).",
            name=self.name,
            parts=len(attachments),
        )
        if attachments and self.env["mail.message"].sudo().search_count(
            [("model", "=", self._name), ("res_id", "=", self.id), ("attachment_ids", "in", attachments.ids)]
        ):
            return self.env._("already notified")
        self.message_post(body=message, attachment_ids=attachments.ids)
        self.env["hoctap.job.mixin"]._hoctap_notify_done(message)
        return message

    def _certificate_file_name(self, index):
        return f"Giay cong nhan - {self.name} - {index:03d}.pdf".replace("/", "-")
