# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class HoctapMembership(models.Model):
    # A separate file on purpose: the personal-data seam (issue 10), merged apart from the core.
    _inherit = "hoctap.membership"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        """A person who withdrew their consent does not get a new membership."""
        partner_ids = [vals["partner_id"] for vals in vals_list if vals.get("partner_id")]
        self.env["res.partner"].browse(partner_ids)._hoctap_check_processing_allowed()
        return super().create(vals_list)
