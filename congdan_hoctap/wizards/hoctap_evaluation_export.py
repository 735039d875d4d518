# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError

from ..tools.xlsx import XlsxFile, iter_chunks


class HoctapEvaluationExport(models.TransientModel):
    """Exports evaluation results to XLSX: a selection, or a whole association and year.

    Rows are streamed (evaluations in id-ordered chunks, their scores read per chunk), so a province's
    hundred thousand evaluations export in the memory of one chunk.
    """

    _name = "hoctap.evaluation.export"
    _description = "Evaluation Results Export"

    evaluation_ids = fields.Many2many("hoctap.evaluation", string="Selected Evaluations")
    association_id = fields.Many2one("hoctap.association", help="Export every evaluation of this subtree.")
    year = fields.Integer(default=lambda self: fields.Date.context_today(self).year)

    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "hoctap.evaluation" and "evaluation_ids" in fields_list:
            res["evaluation_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return res

    def _get_domain(self):
        if self.evaluation_ids:
            return [("id", "in", self.evaluation_ids.ids)]
        if not self.association_id:
            raise UserError(self.env._("Select evaluations or choose an association and a year."))
        return [("association_id", "child_of", self.association_id.id), ("year", "=", self.year)]

    def action_export(self):
        self.ensure_one()
        domain = self._get_domain()
        # counted first: the ids of a province's million evaluations are only held to hand them to a job
        if self.env["hoctap.job.mixin"]._hoctap_use_queue(self.env["hoctap.evaluation"].search_count(domain)):
            evaluations = self.env["hoctap.evaluation"].search(domain)
            if self._hoctap_export_in_background(evaluations):  # see hoctap_evaluation_export_jobs.py
                return self._hoctap_reopen()
        xlsx = XlsxFile()
        self._write_xlsx(xlsx, domain)
        return xlsx.deliver(self, "ket_qua_danh_gia_%s.xlsx" % (self.year or ""))

    def _build_xlsx(self, evaluations):
        """The export of ``evaluations`` as XLSX bytes (the background job attaches them)."""
        xlsx = XlsxFile()
        try:
            self._write_xlsx(xlsx, [("id", "in", evaluations.ids)])
            return xlsx.content()
        finally:
            xlsx.cleanup()

    def _indicator_codes(self, domain):
        """One column per indicator code scored in the exported evaluations (one GROUP BY)."""
        groups = self.env["hoctap.evaluation.line"]._read_group([("evaluation_id", "any", domain)], ["criterion_id"])
        criteria = self.env["hoctap.criterion"].browse([criterion.id for (criterion,) in groups])
        codes = []
        for criterion in criteria.sorted(lambda c: (c.sequence, c.id)):
            key = criterion.code or criterion.name
            if key not in codes:
                codes.append(key)
        return codes

    def _write_xlsx(self, xlsx, domain):
        """One row per evaluation; one column per indicator code of the sets involved."""
        indicator_codes = self._indicator_codes(domain)
        headers = [
            self.env._("Subject"),
            self.env._("Association"),
            self.env._("Learning Model"),
            self.env._("Form Group"),
            self.env._("Year"),
            *indicator_codes,
            self.env._("Total"),
            self.env._("Result"),
            self.env._("State"),
            self.env._("Certificate"),
        ]
        xlsx.table(self.env._("Results"), headers, self._rows(domain, indicator_codes), widths=[30, 30])

    def _rows(self, domain, indicator_codes):
        Evaluation = self.env["hoctap.evaluation"]
        selections = {
            name: dict(Evaluation._fields[name]._description_selection(self.env)) for name in ("model_type", "state")
        }
        passed, not_passed = self.env._("Passed"), self.env._("Not passed")
        for evaluations in iter_chunks(Evaluation, domain):
            scores = {}
            for line in self.env["hoctap.evaluation.line"].search_read(
                [("evaluation_id", "in", evaluations.ids)], ["evaluation_id", "criterion_id", "score"]
            ):
                scores.setdefault(line["evaluation_id"][0], {})[line["criterion_id"][0]] = line["score"]
            criteria = {
                c["id"]: c["code"] or c["name"]
                for c in self.env["hoctap.criterion"].search_read(
                    [("id", "in", list({cid for lines in scores.values() for cid in lines}))], ["code", "name"]
                )
            }
            for row in evaluations.read(
                [
                    "name",
                    "association_id",
                    "model_type",
                    "citizen_form_id",
                    "year",
                    "total",
                    "passed",
                    "state",
                    "certificate_number",
                ]
            ):
                by_code = {criteria[cid]: score for cid, score in scores.get(row["id"], {}).items()}
                yield [
                    row["name"],
                    row["association_id"],
                    selections["model_type"].get(row["model_type"], ""),
                    row["citizen_form_id"],
                    row["year"],
                    *[by_code.get(code, "") for code in indicator_codes],
                    row["total"],
                    passed if row["passed"] else not_passed,
                    selections["state"].get(row["state"], ""),
                    row["certificate_number"] or "",
                ]
