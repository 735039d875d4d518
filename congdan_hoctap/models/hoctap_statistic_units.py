# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class HoctapStatistic(models.Model):
    """Officials in learning units (QĐ 677/QĐ-TTg): counted from the headcounts of the recognised units."""

    _inherit = "hoctap.statistic"  # pylint: disable=consider-merging-classes-inherited

    def _registry_figures_multi(self, scopes):
        figures = super()._registry_figures_multi(scopes)
        for statistic in self:
            figures[statistic.id].update(statistic._get_unit_official_figures(scopes[statistic.id][0]))
        return figures

    def _get_unit_official_figures(self, scope_ids):
        """Staff of the TT 24 learning units recognised for the year under the scope, and how many of them
        hold the learning-citizen title. Where no unit is recognised under the scope, they are entered."""
        units = (
            self.env["hoctap.evaluation"]
            .sudo()
            .search(
                [
                    ("association_id", "in", scope_ids),
                    ("year", "=", self.year),
                    ("model_type", "=", "unit"),
                    ("state", "=", "recognised"),
                    ("certificate_state", "!=", "revoked"),
                ]
            )
        )
        if not units:
            return {}
        Headcount = self.env["hoctap.unit.headcount"].sudo()
        domain = [
            ("year", "=", self.year),
            ("kind", "=", "staff"),
            "|",
            "&",
            ("partner_id", "=", False),
            ("association_id", "in", units.subject_association_id.ids),
            ("partner_id", "in", units.filtered(lambda e: not e.subject_association_id).partner_id.ids),
        ]
        [(people, citizens)] = Headcount._read_group(domain, [], ["people_count:sum", "citizen_count:sum"])
        return {"unit_official_count": people or 0, "unit_official_recognised": citizens or 0}
