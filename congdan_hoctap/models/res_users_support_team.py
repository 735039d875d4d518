# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResUsers(models.Model):
    """The support teams a user belongs to widen what they may read and verify."""

    _inherit = "res.users"

    hoctap_support_team_ids = fields.Many2many(
        "hoctap.support.team", "hoctap_support_team_res_users_rel", "user_id", "team_id",
        string="Support Teams",
    )
