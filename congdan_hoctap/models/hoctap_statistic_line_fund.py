# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .hoctap_statistic_indicator import indicator_definitions, indicator_selection, ratio

# The fund's figures in a statistics report: (key, label, group, kind, sequence).
FUND_INDICATORS = [
    ("fund_raised", "Fund Raised (VND)", "fund", "sum", 60),
    ("fund_spent", "Fund Spent (VND)", "fund", "sum", 61),
    ("fund_balance", "Fund Balance (VND)", "fund", "sum", 62),
    ("fund_per_capita", "Fund Raised per Capita (VND)", "fund", "ratio", 63),
    ("scholarship_count", "Scholarships (count)", "fund", "sum", 64),
    ("scholarship_amount", "Scholarships (VND)", "fund", "sum", 65),
    ("support_count", "Support Grants (count)", "fund", "sum", 66),
    ("support_amount", "Support Grants (VND)", "fund", "sum", 67),
    ("reward_count", "Rewards (count)", "fund", "sum", 68),
    ("reward_amount", "Rewards (VND)", "fund", "sum", 69),
]


class HoctapStatisticLine(models.Model):
    """The fund's indicators: money raised, spent and kept, and the awards paid (count and amount)."""

    # a domain extends the model in its own file (the seams), not merged with the others
    _inherit = "hoctap.statistic.line"  # pylint: disable=consider-merging-classes-inherited

    # placed after the members' section; the learning models' section goes in between
    indicator = fields.Selection(
        selection_add=[("member_ratio",), *indicator_selection(FUND_INDICATORS), ("centre_count",)],
        ondelete={key: "cascade" for key, *_rest in FUND_INDICATORS},
    )
    indicator_group = fields.Selection(
        selection_add=[("members",), ("fund", "Fund"), ("centres",)], ondelete={"fund": "set null"}
    )

    @api.model
    def _indicator_definitions(self):
        return {**super()._indicator_definitions(), **indicator_definitions(FUND_INDICATORS)}

    @api.model
    def _derive_ratios(self, values):
        ratios = super()._derive_ratios(values)
        ratios["fund_per_capita"] = ratio(values.get("fund_raised", 0.0), values.get("population") or 0.0)
        return ratios
