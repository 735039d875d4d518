# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HoctapStatisticReturn(models.TransientModel):
    """Send statistics reports back to their association, with the reason."""

    _name = "hoctap.statistic.return"
    _description = "Return Statistics Report"

    statistic_ids = fields.Many2many("hoctap.statistic", string="Reports", required=True)
    reason = fields.Text(help="Sent to the association with the report.")

    def action_confirm(self):
        self.statistic_ids._return(self.reason)
        return {"type": "ir.actions.act_window_close"}
