# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError


class HoctapAssociation(models.Model):
    """Separation of duties on the evaluations of an association and everything below it."""

    _inherit = "hoctap.association"

    allow_same_reviewer = fields.Boolean(
        string="One Person May Do Several Control Steps",
        tracking=True,
        help="Separation of duties is relaxed for the evaluations of this association and everything below "
        "it: the same user may self-assess for a citizen, review, verify (also in a team they added "
        "themselves to) and decide on recognition. Only a manager changes it; each change is logged.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("allow_same_reviewer") for vals in vals_list):
            self._check_duties_setting_right()
        return super().create(vals_list)

    def write(self, vals):
        if "allow_same_reviewer" in vals and any(
            association.allow_same_reviewer != bool(vals["allow_same_reviewer"]) for association in self
        ):
            self._check_duties_setting_right()
        return super().write(vals)

    def _check_duties_setting_right(self):
        """Only a manager (checked on ``env.user``, even under ``sudo()``) relaxes separation of duties."""
        if not self.env.user.has_group("congdan_hoctap.group_manager"):
            raise AccessError(
                self.env._("Only a manager may let one person do several control steps " "of an evaluation.")
            )
