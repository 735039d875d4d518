# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .hoctap_evaluation import OPEN_STATES


class HoctapAssociation(models.Model):
    """The learning-model side of an association: its evaluations, and what a merge carries along."""

    # a domain extends the model in its own file (the seams), not merged with the others
    _inherit = "hoctap.association"  # pylint: disable=consider-merging-classes-inherited

    def action_view_evaluations(self):
        """The learning-model evaluations of this association and everything below it, this year first."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("congdan_hoctap.hoctap_evaluation_action")
        action["domain"] = [("association_id", "child_of", self.id)]
        action["context"] = {
            "search_default_year": fields.Date.context_today(self).year,
            "default_association_id": self.id,
        }
        return action

    def _merge_attached_records(self, successor):
        """Open evaluations and support-team coverage follow the successor.

        Closed evaluations keep the association they were decided under. Open ones move through the
        workflow (a verified one is locked to clients).
        """
        self._carried_by_merge(
            self.env["hoctap.evaluation"]
            .sudo()
            .search([("association_id", "in", self.ids), ("state", "in", OPEN_STATES)])
        ).write({"association_id": successor.id})
        self._merge_support_teams(successor)
        return super()._merge_attached_records(successor)

    def _merge_support_teams(self, successor):
        """A team only covers its own subtree: a merged association's team moves to the successor,
        and the successor replaces the merged associations it covered."""
        Team = self.env["hoctap.support.team"].sudo().with_context(active_test=False)
        for team in Team.search(["|", ("association_id", "in", self.ids), ("association_ids", "in", self.ids)]):
            root = successor if team.association_id in self else team.association_id
            commands = [(3, association.id) for association in team.association_ids & self]
            if (successor.parent_path or "").startswith(root.parent_path or "-"):
                commands.append((4, successor.id))
            self._carried_by_merge(team).write({"association_id": root.id, "association_ids": commands})
