# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

# Shown on the public verification page instead of an anonymised holder's name (official Vietnamese
# wording, like the titles of the certificates).
ANONYMISED_HOLDER = "(đã ẩn danh theo yêu cầu bảo vệ dữ liệu cá nhân)"


class HoctapEvaluation(models.Model):
    _inherit = "hoctap.evaluation"

    @api.model_create_multi
    def create(self, vals_list):
        """A person who withdrew their consent is not evaluated again."""
        partner_ids = [vals["partner_id"] for vals in vals_list if vals.get("partner_id")]
        self.env["res.partner"].browse(partner_ids)._hoctap_check_processing_allowed()
        return super().create(vals_list)

    def _hoctap_forget_holder(self):
        """Anonymisation: the certificate keeps its number and validity, not the holder's name."""
        self.sudo()._workflow().write({"certificate_holder": False})
        return True

    @api.model
    def _verification_values(self, token):
        values = super()._verification_values(token)
        if values is not None:
            evaluation = self.sudo().search([("certificate_token", "=", token)], limit=1)
            if evaluation.partner_id.hoctap_anonymised:
                values["holder"] = ANONYMISED_HOLDER
        return values
