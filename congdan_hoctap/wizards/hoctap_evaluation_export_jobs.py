# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib

from odoo import fields, models

from ..models.hoctap_evaluation_jobs import EXPORT_JOB


class HoctapEvaluationExport(models.TransientModel):
    """Exports of more evaluations than the job threshold are built by a background job."""

    _inherit = "hoctap.evaluation.export"

    job_message = fields.Char(readonly=True)

    def _hoctap_export_in_background(self, evaluations):
        """Queue the export when it is large; True when queued (the user is notified with the link)."""
        self.ensure_one()
        if not self.env["hoctap.job.mixin"]._hoctap_use_queue(len(evaluations)):
            return False
        digest = hashlib.sha1(str(sorted(evaluations.ids)).encode()).hexdigest()[:12]
        filename = f"ket_qua_danh_gia_{self.year or ''}_{digest}.xlsx"
        self.env["hoctap.evaluation"].with_delay(
            identity_key=f"{EXPORT_JOB}:{self.env.uid}:{digest}:1",
            description=self.env._("Export of %(count)s evaluation results", count=len(evaluations)),
        )._job_export_xlsx(evaluations.ids, filename)
        self.job_message = self.env._(
            "%(count)s evaluations are exported in the background: you will be notified with the link to the " "file.",
            count=len(evaluations),
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
