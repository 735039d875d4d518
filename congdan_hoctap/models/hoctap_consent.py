# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The version of the notice text (views/portal_personal_data_templates.xml, paper form): bump it
# when the wording changes, so that each consent says which text the person agreed to.
NOTICE_VERSION = "2026-01"
CHANNELS = [
    ("portal", "Portal sign-up"),
    ("paper", "Paper form signed at the branch"),
    ("import", "Import"),
]
PURPOSES = ("purpose_membership", "purpose_evaluation", "purpose_statistics", "purpose_contact")


class HoctapConsent(models.Model):
    """A person's consent to the processing of their personal data (Law 91/2025/QH15).

    One record per time the person consented: which purposes, through which
    channel (with the signed form when on paper), which version of the notice
    they were shown. Withdrawal is recorded on the same record; it is never
    deleted, so the history stays whole.
    """

    _name = "hoctap.consent"
    _description = "Personal Data Consent"
    _inherit = ["hoctap.workflow.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _workflow_fields = ("state", "date_withdrawn", "withdrawn_by_id")
    # What the person agreed to is evidence: nobody edits it afterwards (a new consent is recorded).
    _workflow_locked_states = ("given", "withdrawn")

    partner_id = fields.Many2one("res.partner", string="Person", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    channel = fields.Selection(CHANNELS, required=True, default="paper", tracking=True)
    notice_version = fields.Char(
        required=True, default=NOTICE_VERSION, help="The version of the notice text the person was shown."
    )
    scan = fields.Binary(string="Signed Form", attachment=True, help="The scanned paper form, signed by the person.")
    scan_filename = fields.Char()
    purpose_membership = fields.Boolean(string="Membership management", default=True)
    purpose_evaluation = fields.Boolean(string="Evaluation and recognition", default=True)
    purpose_statistics = fields.Boolean(string="Statistics in anonymous form", default=True)
    purpose_contact = fields.Boolean(string="Contact by the association")
    sensitive_data = fields.Boolean(
        string="Ethnicity (sensitive data)",
        help="The person explicitly agreed that the association keeps their ethnic group.",
    )
    recorded_by_id = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True)
    state = fields.Selection(
        [("given", "Given"), ("withdrawn", "Withdrawn")], default="given", required=True, readonly=True, tracking=True
    )
    date_withdrawn = fields.Datetime(readonly=True)
    withdrawn_by_id = fields.Many2one("res.users", readonly=True)

    @api.constrains("channel", "scan")
    def _check_paper_form(self):
        for consent in self:
            if consent.channel == "paper" and not consent.scan:
                raise ValidationError(
                    self.env._(
                        "Consent of %(name)s given on paper: attach the scanned signed form.",
                        name=consent.partner_id.name,
                    )
                )

    @api.constrains(*PURPOSES)
    def _check_purpose(self):
        for consent in self:
            if not any(consent[name] for name in PURPOSES):
                raise ValidationError(self.env._("A consent covers at least one purpose."))

    def _compute_display_name(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for consent in self:
            consent.display_name = f"{consent.partner_id.name} – {channels.get(consent.channel)}"

    @api.model
    def _signup_form_values(self, post):
        """The consent boxes of the portal sign-up form (see portal_personal_data_templates.xml)."""
        return {key: bool(post.get(key)) for key in ("consent_notice", "consent_contact", "consent_sensitive")}

    # ---- Actions ----
    def action_withdraw(self):
        """Withdraw the consent: processing is restricted, sensitive data given under it is erased.

        The person themself (portal, through sudo with their user) or an officer of their scope.
        """
        self._check_state({"given"}, self.env._("Only a consent in force can be withdrawn."))
        for consent in self:
            if self.env.user.partner_id != consent.partner_id:
                consent._check_group(
                    "congdan_hoctap.group_branch_officer",
                    self.env._("Only the person or their branch can withdraw a consent."),
                )
                consent.sudo(False).check_access("write")
        self._workflow().write(
            {"state": "withdrawn", "date_withdrawn": fields.Datetime.now(), "withdrawn_by_id": self.env.user.id}
        )
        partners = self.partner_id.sudo()
        partners.filtered(lambda p: not p.hoctap_sensitive_consent and p.ethnicity).write({"ethnicity": False})
        for consent in self:
            consent.message_post(body=self.env._("Consent withdrawn by %(user)s.", user=self.env.user.name))
        return True
