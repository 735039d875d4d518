# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import AccessError

from .res_partner_personal_data import PERSONAL_FIELDS

EXPORT_GROUP = "congdan_hoctap.group_personal_data_export"


class Base(models.AbstractModel):
    _inherit = "base"

    def export_data(self, fields_to_export):
        """Exporting personal fields of persons (from any model) needs the dedicated group, and is logged."""
        personal = [path for path in fields_to_export if self._hoctap_path_is_personal(path)]
        if personal and not self.env.su:
            if not self.env.user.has_group(EXPORT_GROUP):
                raise AccessError(
                    self.env._(
                        "Exporting personal data (citizen ID, birth date, gender, ethnicity, occupation, photo) is "
                        "reserved to the Personal Data Export group."
                    )
                )
            self._hoctap_log_related_export(personal)
        return super().export_data(fields_to_export)

    def _hoctap_log_related_export(self, paths):
        """Personal fields exported as related fields of a person's record (membership, evaluation):
        logged here; those exported through the person itself are logged by ``res.partner``."""
        related = [path for path in paths if self._fields[path.replace(".", "/").split("/")[0]].related]
        partner_field = self._fields.get("partner_id")
        if related and self._name != "res.partner" and partner_field and partner_field.comodel_name == "res.partner":
            self.env["res.partner"]._hoctap_log_personal_access(
                "export", self.sudo().partner_id.with_env(self.env), set(related)
            )

    def _hoctap_path_is_personal(self, path):
        """Whether the export path ``a/b/c`` (or ``a.b``) ends on a personal field of a person."""
        model = self
        for name in path.replace(".", "/").split("/"):
            field = model._fields.get(name)
            if field is None:
                return False
            if model._name == "res.partner" and name in PERSONAL_FIELDS:
                return True
            if field.related and model._hoctap_path_is_personal(
                ".".join(field.related) if isinstance(field.related, list | tuple) else field.related
            ):
                return True
            if not field.relational:
                return False
            model = self.env[field.comodel_name]
        return False
