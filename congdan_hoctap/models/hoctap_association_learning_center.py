# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HoctapAssociation(models.Model):
    """The community learning centres of an association; they follow the successor of a merge."""

    # a domain extends the model in its own file (the seams), not merged with the others
    _inherit = "hoctap.association"  # pylint: disable=consider-merging-classes-inherited

    learning_center_ids = fields.One2many("hoctap.learning.center", "association_id", string="Learning Centres")

    def _merge_attached_records(self, successor):
        """A centre keeps serving its territory: it moves to the successor with its classes."""
        self._carried_by_merge(
            self.env["hoctap.learning.center"].sudo().search([("association_id", "in", self.ids)])
        ).write({"association_id": successor.id})
        return super()._merge_attached_records(successor)
