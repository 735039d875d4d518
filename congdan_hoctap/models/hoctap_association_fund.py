# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HoctapAssociation(models.Model):
    """The fund side of an association: its funds, and funds follow the successor of a merge."""

    # a domain extends the model in its own file (the seams), not merged with the others
    _inherit = "hoctap.association"  # pylint: disable=consider-merging-classes-inherited

    fund_count = fields.Integer(compute="_compute_fund_count")

    def _compute_fund_count(self):
        counts = dict(
            self.env["hoctap.fund"]._read_group([("association_id", "in", self.ids)], ["association_id"], ["__count"])
        )
        for association in self:
            association.fund_count = counts.get(association, 0)

    def action_view_funds(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("congdan_hoctap.hoctap_fund_action")
        action["domain"] = [("association_id", "=", self.id)]
        action["context"] = {"default_association_id": self.id}
        return action

    def _merge_attached_records(self, successor):
        """Funds (archived ones too) follow the successor with their ledger: their journal items stay."""
        self._carried_by_merge(
            self.env["hoctap.fund"].sudo().with_context(active_test=False).search([("association_id", "in", self.ids)])
        ).write({"association_id": successor.id})
        return super()._merge_attached_records(successor)
