# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib

from odoo import fields, models

from odoo.addons.queue_job.delay import group

from ..models.hoctap_evaluation_jobs import MASS_JOB, MASS_SOURCE_STATES


class HoctapEvaluationMassAction(models.TransientModel):
    """Mass steps on more evaluations than the job threshold run as background jobs, in chunks."""

    _inherit = "hoctap.evaluation.mass.action"

    job_message = fields.Char(readonly=True)

    def _hoctap_enqueue(self):
        """Queue the step in chunks when the selection is above the threshold; True when queued.

        The identity key is made of the step and the evaluations: the same selection applied again
        while its jobs wait is not queued twice.
        """
        self.ensure_one()
        tools = self.env["hoctap.job.mixin"]
        evaluations = self.evaluation_ids.sorted("id")
        if self.action not in MASS_SOURCE_STATES or not tools._hoctap_use_queue(len(evaluations)):
            return False
        digest = hashlib.sha1(f"{self.action}:{evaluations.ids}".encode()).hexdigest()[:12]
        batch = f"{MASS_JOB}:{self.env.uid}:{digest}"
        label = dict(self._fields["action"]._description_selection(self.env))[self.action]
        chunks = tools._hoctap_chunks(evaluations)
        group(
            *[
                chunk.delayable(
                    identity_key=f"{batch}:{index}",
                    description=self.env._(
                        "%(action)s: part %(index)s of %(total)s", action=label, index=index, total=len(chunks)
                    ),
                )._job_mass_action(self.action)
                for index, chunk in enumerate(chunks, start=1)
            ]
        ).on_done(
            self.env["hoctap.evaluation"]
            .delayable(identity_key=f"{batch}:done")
            ._job_mass_action_done(label, len(evaluations)),
        ).delay()
        self.write(
            {
                "state": "done",
                "job_message": self.env._(
                    "%(count)s evaluations are processed in the background (%(parts)s parts): you will be notified "
                    "when it is done.",
                    count=len(evaluations),
                    parts=len(chunks),
                ),
            }
        )
        return True

    def _hoctap_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
