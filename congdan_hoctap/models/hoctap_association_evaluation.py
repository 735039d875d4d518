# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .hoctap_evaluation import OPEN_STATES


class HoctapAssociation(models.Model):
    """Merging associations carries their open evaluations and team coverage to the successor."""

    _inherit = "hoctap.association"

    def _merge_into(self, successor, date):
        evaluations = self.env["hoctap.evaluation"].sudo().search(
            [("association_id", "in", self.ids), ("state", "in", OPEN_STATES)])
        evaluations.write({"association_id": successor.id})
        teams = self.env["hoctap.support.team"].sudo().search([("association_ids", "in", self.ids)])
        for team in teams:
            team.association_ids = [(4, successor.id)]
        return super()._merge_into(successor, date)

    def action_view_evaluations(self):
        """The learning-model evaluations of this association and everything below it, this year first."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("congdan_hoctap.hoctap_evaluation_action")
        action["domain"] = [("association_id", "child_of", self.id)]
        action["context"] = {"search_default_year": fields.Date.context_today(self).year,
                             "default_association_id": self.id}
        return action
