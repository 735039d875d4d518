# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HoctapPopulation(models.Model):
    """Population and households of an association's territory for one year."""

    _name = "hoctap.population"
    _description = "Territory Population"
    _inherit = ["hoctap.workflow.mixin"]
    _order = "association_id, year desc"

    # no workflow of its own; moving it to another association is re-checked against the user's scope
    _workflow_fields = ()
    _workflow_scope_fields = ("association_id",)

    association_id = fields.Many2one("hoctap.association", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="association_id.company_id", store=True)
    year = fields.Integer(aggregator=False, required=True, default=lambda self: fields.Date.today().year)
    population = fields.Integer(required=True)
    household_count = fields.Integer(string="Households")
    source = fields.Char(help="Where the figure comes from, e.g. the statistics office.")

    _sql_constraints = [
        (
            "association_year_uniq",
            "unique(association_id, year)",
            "The population of an association is entered once per year.",
        ),
        ("population_positive", "CHECK(population >= 0)", "The population cannot be negative."),
        ("household_positive", "CHECK(household_count >= 0)", "The number of households cannot be negative."),
    ]
