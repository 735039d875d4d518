# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError

from .res_partner_personal_data import PHOTO_FIELDS


class IrAttachment(models.Model):
    """The file behind a person's photo follows the personal-data scope, not the contact's."""

    _inherit = "ir.attachment"

    def _hoctap_hidden_photo_ids(self, ids):
        """Among attachment ``ids``, the photos of persons outside the user's personal-data scope."""
        if not ids or self.env.su:
            return set()
        self.env.cr.execute(
            "SELECT id, res_id FROM ir_attachment WHERE id IN %s AND res_model = 'res.partner' AND res_field IN %s",
            [tuple(ids), tuple(PHOTO_FIELDS)],
        )
        photos = dict(self.env.cr.fetchall())
        if not photos:
            return set()
        partners = self.env["res.partner"].browse(set(photos.values()))
        hidden = set((partners - partners._hoctap_personal_allowed()).ids)
        return {att_id for att_id, partner_id in photos.items() if partner_id in hidden}

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset=offset, limit=limit, order=order)
        if self.env.su:
            return query
        ids = list(query)
        hidden = self._hoctap_hidden_photo_ids(ids)
        return self.browse([i for i in ids if i not in hidden])._as_query(order) if hidden else query

    @api.model
    def check(self, mode, values=None):
        res = super().check(mode, values=values)
        if self and self._hoctap_hidden_photo_ids(self.ids):
            raise AccessError(self.env._("You are not allowed to see this person's photo."))
        return res
