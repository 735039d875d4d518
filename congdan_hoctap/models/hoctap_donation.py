# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class HoctapDonation(models.Model):
    """A donation to a learning-promotion fund.

    Confirming posts one balanced journal entry through the fund's journal,
    the income line carrying the fund's analytic account; cancelling posts
    its reversal. Posted entries are never deleted.
    """

    _name = "hoctap.donation"
    _description = "Donation"
    _inherit = ["hoctap.fund.document", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    _fund_sequence_code = "hoctap.donation"
    _workflow_locked_states = ("confirmed", "cancelled")
    _workflow_free_fields = ("purpose", "inkind_description")
    _workflow_scope_fields = ("fund_id",)

    fund_id = fields.Many2one("hoctap.fund", required=True, index=True, ondelete="restrict", tracking=True)
    association_id = fields.Many2one(related="fund_id.association_id", store=True, index=True)
    company_id = fields.Many2one(related="fund_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="fund_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Donor",
        index=True,
        tracking=True,
        ondelete="restrict",
        help="A person or an organisation; may be left empty for an anonymous donation.",
    )
    anonymous = fields.Boolean(
        tracking=True, help="The donor's name is kept out of the public disclosure and the ledger."
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    amount = fields.Monetary(required=True, tracking=True, help="For a donation in kind, its valuation.")
    method = fields.Selection(
        [("cash", "Cash"), ("bank", "Bank transfer"), ("in_kind", "In kind")],
        required=True,
        default="cash",
        tracking=True,
    )
    inkind_description = fields.Char(string="Goods Donated")
    campaign_id = fields.Many2one(
        "hoctap.fund.campaign",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('fund_id', '=', fund_id)]",
    )
    purpose = fields.Char(
        string="Purpose Restriction",
        tracking=True,
        help="What the donor asked the money to be used for, if anything.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "The amount of a donation must be positive."),
    ]

    @api.constrains("campaign_id", "fund_id")
    def _check_campaign_fund(self):
        for donation in self:
            if donation.campaign_id and donation.campaign_id.fund_id != donation.fund_id:
                raise ValidationError(self.env._("The campaign belongs to another fund."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if any(donation.state != "draft" for donation in self):
            raise UserError(self.env._("Only draft donations can be deleted; cancel the others."))
        self._check_posted_moves_untouched()

    # ---- Export ----
    def _fund_export_fields(self):
        return ["name", "date", "fund_id", "campaign_id", "partner_id", "method", "amount", "purpose", "state"]

    def _fund_export_hide(self, values):
        """An anonymous donor's name stays out of the export, as it stays out of the ledger."""
        if self.anonymous:
            values["partner_id"] = self.env._("Anonymous")

    # ---- Actions ----
    def action_confirm(self):
        """Post the donation's journal entry (treasurers)."""
        self._check_state({"draft"}, self.env._("Only a draft donation can be confirmed."))
        self._check_group(self._fund_post_group, self.env._("Only a treasurer can confirm donations."))
        for donation in self:
            if not donation.partner_id and not donation.anonymous:
                raise UserError(
                    self.env._("Donation %(name)s has no donor: choose one or mark it anonymous.", name=donation.name)
                )
            if donation.method == "in_kind" and not donation.fund_id.inkind_account_id:
                raise UserError(self.env._("The fund has no account for donations in kind."))
            donation._fund_assign_number()
            move = donation._fund_post_entry()
            donation._workflow().write({"state": "confirmed", "move_id": move.id})
        return True

    def action_send_receipt(self):
        """Open the mail composer with the receipt and thank-you letter."""
        self.ensure_one()
        self._check_state({"confirmed"}, self.env._("A receipt can only be sent for a confirmed donation."))
        template = self.env.ref("congdan_hoctap.mail_template_donation_receipt")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "force_email": True,
            },
        }

    # ---- Accounting ----
    def _prepare_move_vals(self):
        """One balanced entry: cash, bank or goods against the fund's donation account."""
        self.ensure_one()
        fund = self.fund_id
        journal = fund._get_journal(self.method)
        partner = False if self.anonymous else self.partner_id.id
        debit_account = fund.inkind_account_id if self.method == "in_kind" else journal.default_account_id
        label = self.env._("Donation %(name)s", name=self.name)
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "date": self.date,
            "ref": label,
            "company_id": self.company_id.id,
            "line_ids": [
                fields.Command.create(
                    {
                        "name": label,
                        "account_id": debit_account.id,
                        "partner_id": partner,
                        "debit": self.amount,
                        "credit": 0.0,
                    }
                ),
                fields.Command.create(
                    {
                        "name": self.purpose or label,
                        "account_id": fund.income_account_id.id,
                        "partner_id": partner,
                        "debit": 0.0,
                        "credit": self.amount,
                        "analytic_distribution": fund._analytic_distribution(),
                        "hoctap_source": "donation",
                        "hoctap_campaign_id": self.campaign_id.id,
                    }
                ),
            ],
        }
