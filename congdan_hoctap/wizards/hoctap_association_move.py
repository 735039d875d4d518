# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HoctapAssociationMove(models.TransientModel):
    """Move an association (with its whole subtree) under a new parent."""

    _name = "hoctap.association.move"
    _description = "Move an Association"

    association_id = fields.Many2one("hoctap.association", required=True)
    current_parent_id = fields.Many2one(related="association_id.parent_id", string="Current Parent")
    new_parent_id = fields.Many2one(
        "hoctap.association",
        string="New Parent",
        required=True,
        domain="[('id', '!=', association_id), ('level', '!=', 'branch')]",
    )

    def action_move(self):
        self.ensure_one()
        self.env["hoctap.association"]._check_reshaper()
        self.association_id._move_under(self.new_parent_id)
        return {"type": "ir.actions.act_window_close"}
