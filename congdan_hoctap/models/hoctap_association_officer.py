# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HoctapAssociationOfficer(models.Model):
    """A person holding a role in an association's committee for a term."""

    _name = "hoctap.association.officer"
    _description = "Association Officer"
    _inherit = ["hoctap.workflow.mixin"]
    _order = "association_id, sequence, date_start desc"

    # no workflow of its own; moving it to another association is re-checked against the user's scope
    _workflow_fields = ()
    _workflow_scope_fields = ("association_id",)

    sequence = fields.Integer(default=10)
    association_id = fields.Many2one("hoctap.association", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="association_id.company_id", store=True)
    partner_id = fields.Many2one("res.partner", string="Person", required=True, index=True)
    role = fields.Selection(
        [
            ("chair", "Chair"),
            ("vice_chair", "Vice-chair"),
            ("standing", "Standing member"),
            ("member", "Committee member"),
        ],
        required=True,
        default="member",
    )
    term = fields.Char(help="Congress term, e.g. 2021–2026.")
    date_start = fields.Date(string="From")
    date_end = fields.Date(string="To")
    is_current = fields.Boolean(compute="_compute_is_current", string="Current")

    @api.depends("date_start", "date_end")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for officer in self:
            officer.is_current = (not officer.date_start or officer.date_start <= today) and (
                not officer.date_end or officer.date_end >= today
            )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for officer in self:
            if officer.date_start and officer.date_end and officer.date_end < officer.date_start:
                raise ValidationError(
                    self.env._("The term of %(name)s ends before it starts.", name=officer.partner_id.name)
                )
