# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class HoctapAssociation(models.Model):
    """Funds follow their association when it merges into a successor."""

    _inherit = "hoctap.association"

    def _merge_into(self, successor, date):
        funds = self.env["hoctap.fund"].with_context(active_test=False).search(
            [("association_id", "in", self.ids)]
        )
        res = super()._merge_into(successor, date)
        funds.write({"association_id": successor.id})
        return res
