# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HoctapAssociation(models.Model):
    """The statistics reports of an association (a merge leaves them behind as history)."""

    # a domain extends the model in its own file (the seams), not merged with the others
    _inherit = "hoctap.association"  # pylint: disable=consider-merging-classes-inherited

    statistic_ids = fields.One2many("hoctap.statistic", "association_id", string="Statistics Reports")
    statistic_count = fields.Integer(compute="_compute_statistic_count", string="Reports")

    def _compute_statistic_count(self):
        counts = dict(
            self.env["hoctap.statistic"]._read_group(
                [("association_id", "in", self.ids)], ["association_id"], ["__count"]
            )
        )
        for association in self:
            association.statistic_count = counts.get(association, 0)

    def action_view_statistics(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("congdan_hoctap.hoctap_statistic_action")
        action["domain"] = [("association_id", "=", self.id)]
        action["context"] = {"default_association_id": self.id}
        return action
