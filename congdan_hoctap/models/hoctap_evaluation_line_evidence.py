# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class HoctapEvaluationLine(models.Model):
    _inherit = "hoctap.evaluation.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._home_evidence()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if "evidence_ids" in vals:
            self._home_evidence()
        return res

    def _home_evidence(self):
        """Evidence is a private file of its evaluation (personal data).

        A file linked as evidence while attached to no record is attached to the
        evaluation, so that the evaluation's record rules decide who opens it
        (``ir.attachment`` follows ``res_model``/``res_id``): the citizen and the
        users who review it; nobody else, whatever id they guess. Never public.
        """
        for line in self.sudo():
            loose = line.evidence_ids.filtered(lambda att: not att.res_model or not att.res_id or att.public)
            loose.filtered(lambda att: not att.res_model or not att.res_id).write(
                {"res_model": "hoctap.evaluation", "res_id": line.evaluation_id.id}
            )
            loose.filtered("public").write({"public": False})
        return True
