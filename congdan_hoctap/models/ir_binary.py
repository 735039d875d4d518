# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import AccessError

from .res_partner_personal_data import PHOTO_FIELDS


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _find_record_check_access(self, record, access_token, field):
        """/web/image and /web/content serve a person's photo only inside the user's scope
        (outside it the web client shows the placeholder)."""
        record = super()._find_record_check_access(record, access_token, field)
        if record._name == "res.partner" and field in PHOTO_FIELDS and not self.env.su:
            if not record.sudo(False)._hoctap_personal_allowed():
                raise AccessError(self.env._("You are not allowed to see this person's photo."))
        return record
