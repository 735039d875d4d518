# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class HoctapStatistic(models.Model):
    """The fund's figures in a statistics report, read from the ledger of the funds of the scope."""

    # a domain extends the model in its own file (the seams), not merged with the others
    _inherit = "hoctap.statistic"  # pylint: disable=consider-merging-classes-inherited

    fund_raised = fields.Float(compute="_compute_fund_raised", digits=(16, 0))

    @api.depends("line_ids.value")
    def _compute_fund_raised(self):
        for statistic in self:
            statistic.fund_raised = statistic._get_values().get("fund_raised", 0.0)

    def _registry_figures_multi(self, scopes):
        figures = super()._registry_figures_multi(scopes)
        for statistic in self:
            figures[statistic.id].update(statistic._get_fund_figures(scopes[statistic.id][0]))
        return figures

    def _get_fund_figures(self, scope_ids):
        """Fund raised, spent and balance, scholarships, support grants and rewards, from the ledger.

        Read from the posted journal items of the funds of the scope as the
        funds read them (:meth:`hoctap.fund._ledger_summary`): raised and spent
        in the period, the balance at its end, the awards paid in the period by
        kind. Where the scope keeps no fund, the figures are entered.
        """
        funds = (
            self.env["hoctap.fund"].sudo().with_context(active_test=False).search([("association_id", "in", scope_ids)])
        )
        if not funds:
            return {}
        summary = funds._ledger_summary(self.date_from, self.date_to)
        figures = {
            "fund_raised": summary["raised"],
            "fund_spent": summary["spent"],
            "fund_balance": summary["balance"],
        }
        for kind in ("scholarship", "support", "reward"):
            award = summary["awards"].get(kind, {})
            figures[f"{kind}_count"] = award.get("count", 0)
            figures[f"{kind}_amount"] = award.get("amount", 0.0)
        return figures
