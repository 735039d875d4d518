# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import api, models

MASS_JOB = "hoctap.evaluation.mass"
EXPORT_JOB = "hoctap.evaluation.export"
# The state an evaluation must be in for each mass step: a chunk run again skips what it already did.
MASS_SOURCE_STATES = {
    "self_assess": ("registered",),
    "submit": ("self_assessed",),
    "review": ("submitted",),
    "verify": ("reviewed",),
}


class HoctapEvaluation(models.Model):
    """The background jobs of the evaluation mass actions and exports (see ``hoctap.job.mixin``)."""

    _inherit = "hoctap.evaluation"  # pylint: disable=consider-merging-classes-inherited

    def _job_mass_action(self, action):
        """Apply one workflow step to a chunk, through the same ``action_*`` method as the button.

        Evaluations no longer in the step's source state are skipped, so the chunk does its work once
        however often it runs; refusals are listed in the job's result.
        """
        with self.env["hoctap.job.mixin"]._hoctap_retry_on_conflict():
            todo = self.exists().filtered(lambda evaluation: evaluation.state in MASS_SOURCE_STATES[action])
            done, failures = todo._apply_per_record(f"action_{action}")
        lines = [
            self.env._(
                "%(done)s done, %(skipped)s already past this step, %(refused)s refused",
                done=len(done),
                skipped=len(self) - len(todo),
                refused=len(failures),
            )
        ]
        lines += [f"{evaluation.name}: {reason}" for evaluation, reason in failures]
        return "\n".join(lines)

    @api.model
    def _job_mass_action_done(self, label, count):
        message = self.env._(
            "%(action)s on %(count)s evaluations is done; refusals are listed in the jobs.", action=label, count=count
        )
        self.env["hoctap.job.mixin"]._hoctap_notify_done(message)
        return message

    @api.model
    def _job_export_xlsx(self, evaluation_ids, filename):
        """Build the XLSX export as an attachment of the user, once, and tell them where it is."""
        Attachment = self.env["ir.attachment"]
        attachment = Attachment.search(
            [
                ("name", "=", filename),
                ("res_model", "=", "hoctap.evaluation.export"),
                ("create_uid", "=", self.env.uid),
            ],
            limit=1,
        )
        if not attachment:
            evaluations = self.browse(evaluation_ids).exists()
            content = self.env["hoctap.evaluation.export"]._build_xlsx(evaluations)
            attachment = Attachment.create(
                {
                    "name": filename,
                    "datas": base64.b64encode(content),
                    "res_model": "hoctap.evaluation.export",
                    "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                }
            )
        message = self.env._(
            "Your export %(name)s is ready: /web/content/%(id)s?download=true", name=filename, id=attachment.id
        )
        self.env["hoctap.job.mixin"]._hoctap_notify_done(message)
        return message
