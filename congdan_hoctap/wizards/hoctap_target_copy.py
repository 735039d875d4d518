# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HoctapTargetCopy(models.TransientModel):
    """Give associations the year's targets of their parent or of the national programmes."""

    _name = "hoctap.target.copy"
    _description = "Copy Annual Targets"

    association_ids = fields.Many2many("hoctap.association", string="Associations", required=True)
    year = fields.Integer(required=True, default=lambda self: fields.Date.today().year)
    origin = fields.Selection(
        [("parent", "The parent association's targets"), ("national", "The national programmes")],
        string="Copy From",
        required=True,
        default="parent",
    )

    def action_confirm(self):
        targets = self.env["hoctap.target"]._copy_targets(self.association_ids, self.year, self.origin)
        action = self.env["ir.actions.act_window"]._for_xml_id("congdan_hoctap.hoctap_target_action")
        action["domain"] = [("id", "in", targets.ids)]
        return action
