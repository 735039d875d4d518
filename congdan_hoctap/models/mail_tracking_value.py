# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from .res_partner_personal_data import PERSONAL_FIELDS


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    def _filter_has_field_access(self, env):
        """The chatter of a person shows the changes of their CCCD, birth date… only inside the
        personal-data scope (field groups alone would show them to every learning-promotion user)."""
        trackings = super()._filter_has_field_access(env)
        personal = trackings.filtered(
            lambda t: t.field_id.model == "res.partner" and t.field_id.name in PERSONAL_FIELDS
        )
        if not personal or env.su:
            return trackings
        partner_ids = set(personal.sudo().mail_message_id.filtered(lambda m: m.model == "res.partner").mapped("res_id"))
        allowed = set(env["res.partner"].browse(partner_ids)._hoctap_personal_allowed().ids)
        hidden = personal.filtered(lambda t: t.sudo().mail_message_id.res_id not in allowed)
        return trackings - hidden
