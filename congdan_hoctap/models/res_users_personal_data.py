# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from .hoctap_consent import NOTICE_VERSION
from .res_partner_personal_data import SIGNUP_CONSENT_TOKEN


class ResUsers(models.Model):
    # A separate file on purpose: the personal-data seam (issue 10), merged apart from the core.
    _inherit = "res.users"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _hoctap_signup_errors(self, values):
        """The citizen accepts the notice; the ethnic group is optional and needs its own explicit consent."""
        errors = super()._hoctap_signup_errors(values)
        if errors.get("ethnicity") and not values.get("ethnicity"):
            del errors["ethnicity"]
        if not values.get("consent_notice"):
            errors["consent_notice"] = self.env._(
                "Read the notice on personal data and tick the box to agree: without it the association "
                "cannot keep your data."
            )
        if values.get("ethnicity") and not values.get("consent_sensitive"):
            errors["ethnicity"] = self.env._(
                "Your ethnic group is sensitive data: tick the box to agree to give it, or leave it empty."
            )
        return errors

    @api.model
    def _hoctap_signup(self, values):
        """Create the citizen's account and record their consent (portal channel, notice version shown)."""
        if not values.get("consent_sensitive"):
            values = dict(values, ethnicity="")
        consent = {
            "channel": "portal",
            "notice_version": NOTICE_VERSION,
            "purpose_membership": True,
            "purpose_evaluation": True,
            "purpose_statistics": True,
            "purpose_contact": bool(values.get("consent_contact")),
            "sensitive_data": bool(values.get("consent_sensitive")),
        }
        user = super(ResUsers, self.with_context(hoctap_signup_consent=(SIGNUP_CONSENT_TOKEN, consent)))._hoctap_signup(
            values
        )
        return user
