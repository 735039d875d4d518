# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HoctapMembershipTransfer(models.TransientModel):
    """Move members to another association: close each membership, open the next."""

    _name = "hoctap.membership.transfer"
    _description = "Transfer Members"

    membership_ids = fields.Many2many("hoctap.membership", string="Memberships", required=True)
    association_id = fields.Many2one("hoctap.association", string="New Association", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    note = fields.Char()

    def action_transfer(self):
        self.ensure_one()
        new = self.membership_ids._transfer_to(self.association_id, self.date, note=self.note)
        return {
            "type": "ir.actions.act_window",
            "res_model": "hoctap.membership",
            "view_mode": "list,form",
            "domain": [("id", "in", new.ids)],
            "name": self.env._("Transferred Members"),
        }
