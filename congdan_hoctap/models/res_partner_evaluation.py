# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .res_partner import HOCTAP_USERS


class ResPartner(models.Model):
    """The learning-model side of a person: the evaluations of which they are the subject."""

    # a domain extends the model in its own file (the seams), not merged with the others
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # Not stored: lets the contact record rules find the persons evaluated in a user's scope.
    hoctap_evaluation_ids = fields.One2many(
        "hoctap.evaluation", "partner_id", string="Learning Evaluations", groups=HOCTAP_USERS
    )
