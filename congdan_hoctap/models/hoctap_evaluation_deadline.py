# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression


class HoctapEvaluationDeadline(models.Model):
    """The evaluation calendar of one association for one year; it applies to the whole subtree."""

    _name = "hoctap.evaluation.deadline"
    _description = "Evaluation Deadlines"
    _inherit = ["hoctap.workflow.mixin"]
    _order = "year desc, association_id"
    _check_company_auto = True

    # No state: the mixin only re-checks the scope when the calendar is moved to another association.
    _workflow_fields = ()
    _workflow_scope_fields = ("association_id",)

    association_id = fields.Many2one("hoctap.association", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="association_id.company_id", store=True)
    year = fields.Integer(aggregator=False, required=True, default=lambda self: fields.Date.context_today(self).year)
    date_registration = fields.Date(string="Registration Until")
    date_self_assessment = fields.Date(string="Self-assessment Until")
    date_verification = fields.Date(string="Verification Until")

    _sql_constraints = [
        ("association_year_uniq", "unique(association_id, year)", "An association has one set of deadlines per year."),
    ]

    @api.constrains("year")
    def _check_year(self):
        for deadline in self:
            self.env["hoctap.evaluation"]._check_year_range(deadline.year)

    @api.constrains("date_registration", "date_self_assessment", "date_verification")
    def _check_order(self):
        for deadline in self:
            dates = [
                d for d in (deadline.date_registration, deadline.date_self_assessment, deadline.date_verification) if d
            ]
            if dates != sorted(dates):
                raise ValidationError(
                    self.env._("The deadlines must follow each other: registration, self-assessment, verification.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        deadlines = super().create(vals_list)
        deadlines._recompute_evaluations()
        return deadlines

    def write(self, vals):
        """Only a change of a date, the year or the association moves the evaluations' step deadlines."""
        recompute = {"date_self_assessment", "date_verification", "year", "association_id"} & set(vals)
        before = self._subtree_keys() if recompute else []
        res = super().write(vals)
        if recompute:
            self._recompute_evaluations(extra_keys=before)
        return res

    def unlink(self):
        keys = self._subtree_keys()
        res = super().unlink()
        self.browse()._recompute_evaluations(extra_keys=keys)
        return res

    def _subtree_keys(self):
        return [(deadline.association_id.id, deadline.year) for deadline in self]

    def _recompute_evaluations(self, extra_keys=()):
        """Mark the open evaluations of the deadlines' subtrees and years for recomputation, in one search;
        the recomputation itself reads the deadlines once for the whole batch."""
        keys = set(self._subtree_keys()) | set(extra_keys)
        if not keys:
            return
        Evaluation = self.env["hoctap.evaluation"].sudo()
        domain = expression.OR(
            [[("year", "=", year), ("association_id", "child_of", association_id)] for association_id, year in keys]
        )
        evaluations = Evaluation.search(
            expression.AND([domain, [("state", "in", ("registered", "self_assessed", "submitted", "reviewed"))]])
        )
        self.env.add_to_compute(Evaluation._fields["date_deadline"], evaluations)
