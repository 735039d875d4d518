# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

# National programme targets (share in %), used as defaults, each on its own base:
# QĐ 387/QĐ-TTg (25/03/2022), 2025: families 70%, clans 65%, (village) communities 65%, units 80% recognised;
# QĐ 677/QĐ-TTg (03/06/2022): adults in learning families, clans and villages recognised as learning
# citizens 40% by 2025, 60% by 2030; officials in learning units 60% → 80%.
NATIONAL_TARGETS = {
    2025: {
        "adult_citizen_share": 40.0,
        "official_citizen_share": 60.0,
        "family_recognised_share": 70.0,
        "clan_recognised_share": 65.0,
        "community_recognised_share": 65.0,
        "unit_recognised_share": 80.0,
    },
    2030: {"adult_citizen_share": 60.0, "official_citizen_share": 80.0, "family_recognised_share": 70.0},
}


class HoctapTarget(models.Model):
    """An annual target (chỉ tiêu) of one association on one indicator, with its achievement."""

    _name = "hoctap.target"
    _description = "Annual Target"
    _inherit = ["hoctap.workflow.mixin"]
    _order = "year desc, association_id, indicator"
    _check_company_auto = True

    # no workflow of its own; moving it to another association is re-checked against the user's scope
    _workflow_fields = ()
    _workflow_scope_fields = ("association_id",)

    association_id = fields.Many2one("hoctap.association", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="association_id.company_id", store=True, index=True)
    year = fields.Integer(aggregator=False, required=True, default=lambda self: fields.Date.today().year)
    indicator = fields.Selection(selection="_selection_indicator", required=True)
    target_value = fields.Float(string="Target", digits=(16, 2), required=True)
    origin = fields.Selection(
        [("own", "Set by the association"), ("parent", "Copied from the parent"), ("national", "National programme")],
        default="own",
        required=True,
    )
    statistic_id = fields.Many2one(
        "hoctap.statistic",
        compute="_compute_actual",
        string="Statistics Report",
        help="The annual report the actual figure comes from.",
    )
    actual_value = fields.Float(string="Actual", compute="_compute_actual", digits=(16, 2))
    achievement = fields.Float(string="Achievement (%)", compute="_compute_actual", digits=(16, 1))
    is_achieved = fields.Boolean(string="Achieved", compute="_compute_actual")

    _sql_constraints = [
        (
            "target_uniq",
            "unique(association_id, year, indicator)",
            "An indicator has one target per association and year.",
        ),
        ("target_positive", "CHECK(target_value >= 0)", "A target cannot be negative."),
    ]

    @api.model
    def _selection_indicator(self):
        """The indicators of a statistics report, as each domain declares them on its lines."""
        return self.env["hoctap.statistic.line"]._fields["indicator"]._description_selection(self.env)

    def _compute_actual(self):
        values = self._actual_values()
        for target in self:
            statistic, actual = values.get((target.association_id.id, target.year, target.indicator), (False, 0.0))
            target.statistic_id = statistic
            target.actual_value = actual
            target.achievement = 100.0 * actual / target.target_value if target.target_value else 0.0
            target.is_achieved = bool(statistic) and actual >= target.target_value

    def _actual_values(self):
        """{(association, year, indicator): (report id, value)} from the annual reports, in one query."""
        if not self:
            return {}
        lines = (
            self.env["hoctap.statistic.line"]
            .sudo()
            .search(
                [
                    ("association_id", "in", self.association_id.ids),
                    ("year", "in", list(set(self.mapped("year")))),
                    ("period", "=", "year"),
                    ("indicator", "in", list(set(self.mapped("indicator")))),
                ]
            )
        )
        return {
            (line.association_id.id, line.year, line.indicator): (line.statistic_id.id, line.value) for line in lines
        }

    @api.model
    def _copy_targets(self, associations, year, origin):
        """Create the year's missing targets of ``associations`` from their parent's or the national ones."""
        vals_list = []
        existing = {
            (t.association_id.id, t.indicator)
            for t in self.search([("association_id", "in", associations.ids), ("year", "=", year)])
        }
        national = self._national_targets(year)
        for association in associations:
            if origin == "parent":
                sources = {
                    t.indicator: t.target_value
                    for t in self.search([("association_id", "=", association.parent_id.id), ("year", "=", year)])
                }
            else:
                sources = national
            vals_list += [
                {
                    "association_id": association.id,
                    "year": year,
                    "indicator": indicator,
                    "target_value": value,
                    "origin": origin,
                }
                for indicator, value in sources.items()
                if (association.id, indicator) not in existing
            ]
        return self.create(vals_list)

    @api.model
    def _national_targets(self, year):
        """The national programme figures for ``year``: those of the next milestone (2025, 2030)."""
        milestones = sorted(NATIONAL_TARGETS)
        milestone = next((m for m in milestones if m >= year), milestones[-1])
        return dict(NATIONAL_TARGETS[milestone])
