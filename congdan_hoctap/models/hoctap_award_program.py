# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .hoctap_fund_document import check_related_unchanged

YEAR_MIN, YEAR_MAX = 2000, 2100

AWARD_KINDS = [
    ("scholarship", "Scholarship"),
    ("support", "Support"),
    ("reward", "Reward"),
]


class HoctapAwardProgram(models.Model):
    """A yearly programme of scholarships, support or rewards paid from a fund, with a budget."""

    _name = "hoctap.award.program"
    _description = "Award Program"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    fund_id = fields.Many2one("hoctap.fund", required=True, index=True, ondelete="restrict", tracking=True)
    association_id = fields.Many2one(related="fund_id.association_id", store=True, index=True)
    company_id = fields.Many2one(related="fund_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="fund_id.currency_id")
    year = fields.Integer(
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self).year,
        aggregator=False,
    )
    kind = fields.Selection(AWARD_KINDS, required=True, default="scholarship", tracking=True)
    budget = fields.Monetary(tracking=True)
    criteria = fields.Text(help="Who is eligible and how beneficiaries are chosen.")
    award_ids = fields.One2many("hoctap.award", "program_id", string="Awards")
    amount_committed = fields.Monetary(compute="_compute_amounts", help="Approved and paid awards.")
    amount_paid = fields.Monetary(compute="_compute_amounts")
    budget_remaining = fields.Monetary(compute="_compute_amounts")
    award_count = fields.Integer(compute="_compute_amounts")

    _sql_constraints = [
        ("budget_positive", "CHECK(budget >= 0)", "The budget cannot be negative."),
    ]

    @api.constrains("year")
    def _check_year(self):
        for program in self:
            if not YEAR_MIN <= program.year <= YEAR_MAX:
                raise ValidationError(
                    self.env._(
                        "The year of programme %(name)s must be between %(min)s and %(max)s.",
                        name=program.name,
                        min=YEAR_MIN,
                        max=YEAR_MAX,
                    )
                )

    @api.depends("award_ids.state", "award_ids.amount", "budget")
    def _compute_amounts(self):
        groups = (
            self.env["hoctap.award"]
            .sudo()
            ._read_group(
                [("program_id", "in", self.ids), ("state", "in", ("approved", "paid"))],
                ["program_id", "state"],
                ["amount:sum", "__count"],
            )
        )
        for program in self:
            program.amount_committed = program.amount_paid = program.award_count = 0
        for program, state, amount, count in groups:
            program.amount_committed += amount
            program.award_count += count
            if state == "paid":
                program.amount_paid += amount
        for program in self:
            program.budget_remaining = program.budget - program.amount_committed

    def write(self, vals):
        check_related_unchanged(self, vals)
        if "fund_id" in vals and any(program.fund_id.id != vals["fund_id"] for program in self):
            if self.sudo().award_ids:
                raise UserError(self.env._("A programme with awards cannot be moved to another fund."))
        if "kind" in vals and any(program.kind != vals["kind"] for program in self):
            if self.sudo().award_ids.filtered(lambda award: award.state != "proposed"):
                raise UserError(self.env._("The kind of a programme with approved or paid awards cannot be changed."))
        res = super().write(vals)
        if "fund_id" in vals:
            self.check_access("write")
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_has_awards(self):
        if self.award_ids:
            raise UserError(self.env._("A programme with awards cannot be deleted; archive it instead."))

    def action_view_awards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("congdan_hoctap.hoctap_award_action")
        action["domain"] = [("program_id", "=", self.id)]
        action["context"] = {"default_program_id": self.id}
        return action
