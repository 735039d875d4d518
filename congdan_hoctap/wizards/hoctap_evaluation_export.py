# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import xlsxwriter


class HoctapEvaluationExport(models.TransientModel):
    """Exports evaluation results to XLSX: a selection, or a whole association and year."""

    _name = "hoctap.evaluation.export"
    _description = "Evaluation Results Export"

    evaluation_ids = fields.Many2many("hoctap.evaluation", string="Selected Evaluations")
    association_id = fields.Many2one("hoctap.association", help="Export every evaluation of this subtree.")
    year = fields.Integer(default=lambda self: fields.Date.context_today(self).year)
    data = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "hoctap.evaluation" and "evaluation_ids" in fields_list:
            res["evaluation_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return res

    def _get_evaluations(self):
        if self.evaluation_ids:
            return self.evaluation_ids
        if not self.association_id:
            raise UserError(self.env._("Select evaluations or choose an association and a year."))
        return self.env["hoctap.evaluation"].search(
            [("association_id", "child_of", self.association_id.id), ("year", "=", self.year)])

    def action_export(self):
        self.ensure_one()
        evaluations = self._get_evaluations()
        if self._hoctap_export_in_background(evaluations):  # a big export: see hoctap_evaluation_export_jobs.py
            return self._hoctap_reopen()
        self.write({
            "data": base64.b64encode(self._build_xlsx(evaluations)),
            "filename": "ket_qua_danh_gia_%s.xlsx" % (self.year or ""),
        })
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/data/{self.filename}?download=true",
            "target": "self",
        }

    def _build_xlsx(self, evaluations):
        """One row per evaluation; one column per indicator code of the sets involved."""
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(self.env._("Results"))
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        indicator_codes = []
        for criterion in evaluations.line_ids.criterion_id.sorted(lambda c: (c.sequence, c.id)):
            key = criterion.code or criterion.name
            if key not in indicator_codes:
                indicator_codes.append(key)
        headers = [
            self.env._("Subject"), self.env._("Association"), self.env._("Learning Model"),
            self.env._("Form Group"), self.env._("Year"),
            *indicator_codes,
            self.env._("Total"), self.env._("Result"), self.env._("State"), self.env._("Certificate"),
        ]
        sheet.write_row(0, 0, headers, bold)
        selections = {
            name: dict(evaluations._fields[name]._description_selection(self.env))
            for name in ("model_type", "state")
        }
        for row, evaluation in enumerate(evaluations, start=1):
            scores = {(line.criterion_id.code or line.criterion_id.name): line.score for line in evaluation.line_ids}
            sheet.write_row(row, 0, [
                evaluation.name, evaluation.association_id.name,
                selections["model_type"].get(evaluation.model_type, ""),
                evaluation.citizen_form_id.name or "", evaluation.year,
                *[scores.get(code, "") for code in indicator_codes],
                evaluation.total,
                self.env._("Passed") if evaluation.passed else self.env._("Not passed"),
                selections["state"].get(evaluation.state, ""), evaluation.certificate_number or "",
            ])
        sheet.set_column(0, 1, 30)
        workbook.close()
        return output.getvalue()
