# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResUsers(models.Model):
    """Users are attached to associations; record rules scope them to those subtrees."""

    _inherit = "res.users"

    hoctap_association_ids = fields.Many2many(
        "hoctap.association",
        "hoctap_association_res_users_rel",
        "user_id",
        "association_id",
        string="Associations",
        help="The associations this user works for: they see these and everything below them.",
    )
    hoctap_support_team_ids = fields.Many2many(
        "hoctap.support.team", "hoctap_support_team_res_users_rel", "user_id", "team_id",
        string="Support Teams",
        help="The evaluation support teams of this user: they also see and verify what these teams cover.",
    )

    def write(self, vals):
        res = super().write(vals)
        if "hoctap_association_ids" in vals:
            # Record rules depend on this field: drop the cached rule domains.
            self.env.registry.clear_cache()
        return res
