# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..models.hoctap_membership import LEAVE_REASONS


class HoctapMembershipLeave(models.TransientModel):
    """End memberships with a date and a reason."""

    _name = "hoctap.membership.leave"
    _description = "End Memberships"

    membership_ids = fields.Many2many("hoctap.membership", string="Memberships", required=True)
    reason = fields.Selection(
        [r for r in LEAVE_REASONS if r[0] not in ("transfer", "merge")], required=True, default="resigned"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    note = fields.Char()

    def action_leave(self):
        self.ensure_one()
        self.membership_ids._leave(reason=self.reason, date=self.date, note=self.note)
        return {"type": "ir.actions.act_window_close"}
