# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models

from .res_partner import CCCD_PATTERN, OCCUPATION_GROUPS


class ResUsers(models.Model):
    """Users are attached to associations; record rules scope them to those subtrees."""

    _inherit = "res.users"

    hoctap_association_ids = fields.Many2many(
        "hoctap.association",
        "hoctap_association_res_users_rel",
        "user_id",
        "association_id",
        string="Associations",
        help="The associations this user works for: they see these and everything below them.",
    )
    hoctap_support_team_ids = fields.Many2many(
        "hoctap.support.team", "hoctap_support_team_res_users_rel", "user_id", "team_id",
        string="Support Teams",
        help="The evaluation support teams of this user: they also see and verify what these teams cover.",
    )

    def write(self, vals):
        res = super().write(vals)
        if "hoctap_association_ids" in vals:
            # Record rules depend on this field: drop the cached rule domains.
            self.env.registry.clear_cache()
        return res

    # ---- Citizen portal sign-up ----
    @api.model
    def _hoctap_signup_errors(self, values):
        """Check a citizen's sign-up form; return ``{field: message}`` for what is refused.

        The CCCD must have 12 digits and no account yet. A person the
        association already knows may sign up only with the same name and year
        of birth; otherwise they are sent to their branch.
        """
        errors = {}
        required = ("citizen_id", "name", "gender", "birth_year", "ethnicity", "branch_id", "occupation_group",
                    "password")
        for field_name in required:
            if not values.get(field_name):
                errors[field_name] = self.env._("This field is required.")
        cccd = (values.get("citizen_id") or "").strip()
        if cccd and not CCCD_PATTERN.match(cccd):
            errors["citizen_id"] = self.env._("The CCCD number has exactly 12 digits.")
        elif cccd:
            error = self._hoctap_signup_cccd_error(cccd, values)
            if error:
                errors["citizen_id"] = error
        year = str(values.get("birth_year") or "")
        if year and (not re.fullmatch(r"[0-9]{4}", year) or not 1900 <= int(year) <= fields.Date.today().year):
            errors["birth_year"] = self.env._("Give the year of birth in four digits, e.g. 1985.")
        if values.get("occupation_group") and values["occupation_group"] not in dict(OCCUPATION_GROUPS):
            errors["occupation_group"] = self.env._("Choose a group from the list.")
        branch_id = str(values.get("branch_id") or "")
        branch = self.env["hoctap.association"].sudo().search(
            [("id", "=", int(branch_id)), ("level", "=", "branch")], limit=1
        ) if re.fullmatch(r"[0-9]{1,9}", branch_id) else self.env["hoctap.association"]
        if values.get("branch_id") and not branch:
            errors["branch_id"] = self.env._("Choose your branch from the list.")
        if values.get("password") and len(values["password"]) < 8:
            errors["password"] = self.env._("The password needs at least 8 characters.")
        return errors

    @api.model
    def _hoctap_signup_cccd_error(self, cccd, values):
        """A CCCD the association already knows never signs up from the public page.

        Linking a public sign-up to a known person would let anyone holding their ID card take
        over their record; their branch officer invites them instead. One message for every
        known CCCD, so the page does not tell who is in the registry.
        """
        known = self.env["res.partner"].sudo().with_context(active_test=False).search_count(
            [("citizen_id", "=", cccd)], limit=1) or self.sudo().with_context(active_test=False).search_count(
            [("login", "=", cccd)], limit=1)
        if known:
            return self.env._("This CCCD is already registered with the association: contact your branch, "
                              "they will invite you or help you recover your account.")
        return False

    @api.model
    def _hoctap_signup(self, values):
        """Create the portal user of a citizen (login: their CCCD), linked to their person."""
        cccd = values["citizen_id"].strip()
        partner_vals = {
            "gender": values["gender"], "birth_year": int(values["birth_year"]),
            "ethnicity": values["ethnicity"].strip(), "occupation_group": values["occupation_group"],
            "hoctap_branch_id": int(values["branch_id"]),
        }
        if values.get("phone"):
            partner_vals["phone"] = values["phone"].strip()
        partner = self.env["res.partner"].sudo().create(
            {"name": re.sub(r"\s+", " ", values["name"]).strip(), "citizen_id": cccd, **partner_vals})
        user_vals = {"login": cccd, "password": values["password"], "partner_id": partner.id}
        if self.env["res.lang"]._lang_get("vi_VN"):
            user_vals["lang"] = "vi_VN"
        return self.sudo()._create_user_from_template(user_vals)
