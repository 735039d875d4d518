# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models

from .res_partner import CCCD_PATTERN, OCCUPATION_GROUPS

# What the public sign-up form takes at most, per field (a post is never stored whole).
SIGNUP_MAX_SIZES = {
    "citizen_id": 32,
    "name": 128,
    "gender": 16,
    "birth_year": 8,
    "ethnicity": 64,
    "branch_id": 16,
    "occupation_group": 32,
    "phone": 32,
    "password": 512,
}


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
        "hoctap.support.team",
        "hoctap_support_team_res_users_rel",
        "user_id",
        "team_id",
        string="Support Teams",
        help="The evaluation support teams of this user: they also see and verify what these teams cover.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._hoctap_set_home_action()
        return users

    def write(self, vals):
        res = super().write(vals)
        if "hoctap_association_ids" in vals:
            # Record rules depend on this field: drop the cached rule domains.
            self.env.registry.clear_cache()
            self._hoctap_set_home_action()
        return res

    def _hoctap_set_home_action(self):
        """An internal user who works in an association opens Odoo on its overview (unless a home is chosen)."""
        overview = self.env.ref("congdan_hoctap.hoctap_overview_action", raise_if_not_found=False)
        homeless = self.filtered(lambda user: user.hoctap_association_ids and not user.action_id and not user.share)
        if overview and homeless:
            homeless.sudo().write({"action_id": overview.id})

    # ---- Citizen portal sign-up ----
    @api.model
    def _hoctap_signup_enabled(self):
        """Public sign-up follows Odoo's own setting: Settings › Customer Account › Free sign up (b2c)."""
        return self._get_signup_invitation_scope() == "b2c"

    @api.model
    def _hoctap_signup_errors(self, values):
        """Check a citizen's sign-up form; return ``{field: message}`` for what is refused.

        Only the form is checked here, never the registry: whether the association knows the
        CCCD does not change the answer (see :meth:`_hoctap_signup`).
        """
        errors = {}
        required = (
            "citizen_id",
            "name",
            "gender",
            "birth_year",
            "ethnicity",
            "branch_id",
            "occupation_group",
            "password",
        )
        for field_name in required:
            if not values.get(field_name):
                errors[field_name] = self.env._("This field is required.")
        for field_name, size in SIGNUP_MAX_SIZES.items():
            if len(values.get(field_name) or "") > size:
                errors[field_name] = self.env._("This is too long (at most %(size)s characters).", size=size)
        cccd = (values.get("citizen_id") or "").strip()
        if cccd and not CCCD_PATTERN.match(cccd):
            errors["citizen_id"] = self.env._("The CCCD number has exactly 12 digits.")
        year = str(values.get("birth_year") or "")
        if year and (not re.fullmatch(r"[0-9]{4}", year) or not 1900 <= int(year) <= fields.Date.today().year):
            errors["birth_year"] = self.env._("Give the year of birth in four digits, e.g. 1985.")
        if values.get("gender") and values["gender"] not in dict(self.env["res.partner"]._fields["gender"].selection):
            errors["gender"] = self.env._("Choose a gender from the list.")
        if values.get("occupation_group") and values["occupation_group"] not in dict(OCCUPATION_GROUPS):
            errors["occupation_group"] = self.env._("Choose a group from the list.")
        if values.get("branch_id") and not self._hoctap_signup_branch(values["branch_id"]):
            errors["branch_id"] = self.env._("Choose your branch from the list.")
        if values.get("password") and len(values["password"]) < 8:
            errors["password"] = self.env._("The password needs at least 8 characters.")
        return errors

    @api.model
    def _hoctap_signup_branch(self, branch_id):
        branch_id = str(branch_id or "")
        if not re.fullmatch(r"[0-9]{1,9}", branch_id):
            return self.env["hoctap.association"]
        return (
            self.env["hoctap.association"]
            .sudo()
            .search([("id", "=", int(branch_id)), ("level", "=", "branch")], limit=1)
        )

    @api.model
    def _hoctap_signup_known_partner(self, cccd):
        """The person (or the user's person) that already holds ``cccd``, archived ones included."""
        partner = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search([("citizen_id", "=", cccd)], order="active desc, id", limit=1)
        )
        if partner:
            return partner, True
        user = self.sudo().with_context(active_test=False).search([("login", "=", cccd)], limit=1)
        return user.partner_id, bool(user)

    @api.model
    def _hoctap_signup(self, values):
        """Sign a citizen up from the public page; the caller answers the same whatever happens here.

        An unknown CCCD gets a portal user (login: the CCCD) linked to a new person. A CCCD the
        association already knows never gets an account from the public page (anyone holding
        the ID card could take the record over): the branch receives a sign-up request instead,
        checks the person and invites them, or releases a CCCD a stranger squatted. The password
        is hashed either way, so the time taken does not tell the two apart.

        :return: the new user, or an empty recordset when a request was made instead
        """
        cccd = values["citizen_id"].strip()
        partner, known = self._hoctap_signup_known_partner(cccd)
        if known:
            self._crypt_context().hash(values["password"])
            branch = (partner and partner._hoctap_home_branch()) or self._hoctap_signup_branch(values["branch_id"])
            self.env["hoctap.signup.request"].sudo()._hoctap_create_request(partner, cccd, values, branch)
            return self.browse()
        partner_vals = {
            "gender": values["gender"],
            "birth_year": int(values["birth_year"]),
            "ethnicity": values["ethnicity"].strip(),
            "occupation_group": values["occupation_group"],
            "hoctap_branch_id": int(values["branch_id"]),
        }
        if values.get("phone"):
            partner_vals["phone"] = values["phone"].strip()
        partner = (
            self.env["res.partner"]
            .sudo()
            .create({"name": re.sub(r"\s+", " ", values["name"]).strip(), "citizen_id": cccd, **partner_vals})
        )
        user_vals = {"login": cccd, "password": values["password"], "partner_id": partner.id}
        if self.env["res.lang"]._lang_get("vi_VN"):
            user_vals["lang"] = "vi_VN"
        return self.sudo()._create_user_from_template(user_vals)
