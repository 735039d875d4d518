# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.hoctap_association import LEVELS


class HoctapAssociationMerge(models.TransientModel):
    """Merge several associations into a successor, new or existing (2025 reform)."""

    _name = "hoctap.association.merge"
    _description = "Merge Associations"

    association_ids = fields.Many2many("hoctap.association", string="Associations to Merge", required=True)
    mode = fields.Selection(
        [("new", "Into a new association"), ("existing", "Into an existing association")],
        required=True,
        default="new",
    )
    successor_id = fields.Many2one(
        "hoctap.association",
        string="Successor",
        domain="[('id', 'not in', association_ids)]",
    )
    new_name = fields.Char(string="Name")
    new_code = fields.Char(string="Code")
    new_level = fields.Selection(LEVELS, string="Level", compute="_compute_new_defaults", store=True, readonly=False)
    new_parent_id = fields.Many2one(
        "hoctap.association", string="Parent", compute="_compute_new_defaults", store=True, readonly=False
    )
    date = fields.Date(string="Effective Date", required=True, default=fields.Date.context_today)

    @api.depends("association_ids")
    def _compute_new_defaults(self):
        for wizard in self:
            first = wizard.association_ids[:1]
            wizard.new_level = first.level
            wizard.new_parent_id = first.parent_id

    def action_merge(self):
        self.ensure_one()
        self.env["hoctap.association"]._check_reshaper()
        if len(self.association_ids) < 1:
            raise UserError(self.env._("Choose the associations to merge."))
        successor = self._get_successor()
        self.association_ids._merge_into(successor, self.date)
        return {
            "type": "ir.actions.act_window",
            "res_model": "hoctap.association",
            "res_id": successor.id,
            "view_mode": "form",
        }

    def _get_successor(self):
        if self.mode == "existing":
            if not self.successor_id:
                raise UserError(self.env._("Choose the association that succeeds the merged ones."))
            return self.successor_id
        if not (self.new_name and self.new_code):
            raise UserError(self.env._("Give the new association a name and a code."))
        return self.env["hoctap.association"].create(self._prepare_successor_vals())

    def _prepare_successor_vals(self):
        first = self.association_ids[:1]
        return {
            "name": self.new_name,
            "code": self.new_code,
            "level": self.new_level,
            "parent_id": self.new_parent_id.id,
            "company_id": first.company_id.id,
            "state_id": first.state_id.id,
        }
