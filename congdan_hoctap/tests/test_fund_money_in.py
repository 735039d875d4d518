# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_fund import FundCase


@tagged("post_install", "-at_install")
class TestFundMoneyIn(FundCase):
    def test_fund_gets_analytic_account_and_defaults(self):
        """A new fund gets its own analytic account in the funds plan and accounts from the chart."""
        fund = self.fund_a
        self.assertEqual(fund.analytic_account_id.plan_id, self.env.ref("congdan_hoctap.analytic_plan_fund"))
        self.assertNotEqual(fund.analytic_account_id, self.fund_b.analytic_account_id)
        self.assertEqual(self.commune_a.fund_count, 1)
        self.assertEqual(fund.journal_id.type, "cash")
        self.assertEqual(fund.income_account_id.internal_group, "income")
        self.assertEqual(fund.expense_account_id.internal_group, "expense")

    def test_donation_posts_one_balanced_move(self):
        """Confirming a donation posts exactly one balanced entry carrying the fund's analytic account."""
        donation = self._donate(5_000_000, confirm=False)
        donation.with_user(self.treasurer_a).action_confirm()
        self.assertEqual(donation.state, "confirmed")
        self.assertBalancedPostedWithAnalytic(donation.move_id, self.fund_a)
        self.assertEqual(self._fund_moves(self.fund_a), donation.move_id)
        self.assertEqual(donation.move_id.journal_id, self.fund_a.journal_id)
        self.assertAlmostEqual(self.fund_a.balance, 5_000_000)
        self.assertAlmostEqual(self.fund_a.amount_raised, 5_000_000)
        self.assertNotEqual(donation.name, "/")

    def test_cancel_donation_reverses(self):
        """Cancelling a confirmed donation reverses its entry, keeps it posted, and the balance returns."""
        donation = self._donate(3_000_000)
        move = donation.move_id
        donation.with_user(self.treasurer_a).action_cancel()
        self.assertEqual(donation.state, "cancelled")
        self.assertEqual(move.state, "posted")
        self.assertEqual(donation.reversal_move_id.reversed_entry_id, move)
        self.assertEqual(donation.reversal_move_id.state, "posted")
        self.fund_a.invalidate_recordset(["balance", "amount_raised"])
        self.assertAlmostEqual(self.fund_a.balance, 0.0)
        self.assertAlmostEqual(self.fund_a.amount_raised, 0.0)
        with self.assertRaises(UserError):
            donation.action_cancel()
        with self.assertRaises(UserError):
            donation.unlink()

    def test_fund_entries_stay_posted(self):
        """A fund document's entry can be neither reset to draft nor deleted."""
        move = self._donate(3_000).move_id
        with self.assertRaisesRegex(UserError, "learning-promotion fund"):
            move.button_draft()
        with self.assertRaises(UserError):
            move.unlink()
        self.assertEqual(move.state, "posted")

    def test_donation_guards(self):
        """A donation needs a donor unless anonymous, a positive amount, and a campaign of its fund."""
        donation = self._donate(100, confirm=False, partner_id=False)
        with self.assertRaises(UserError):
            donation.action_confirm()
        donation.anonymous = True
        donation.action_confirm()
        self.assertFalse(donation.move_id.line_ids.partner_id)
        with self.assertRaises(UserError):
            donation.action_confirm()
        campaign_b = self.env["hoctap.fund.campaign"].create({"name": "B", "fund_id": self.fund_b.id})
        with self.assertRaises(ValidationError):
            self._donate(100, confirm=False, campaign_id=campaign_b.id)

    def test_in_kind_and_bank_donations(self):
        """Bank transfers go through the bank journal; gifts in kind debit the in-kind account."""
        self.fund_a.bank_journal_id = self.company_data["default_journal_bank"]
        bank = self._donate(1_000, method="bank")
        self.assertEqual(bank.move_id.journal_id, self.company_data["default_journal_bank"])
        goods = self._donate(2_000, method="in_kind", inkind_description="200 quyển vở")
        self.assertIn(self.fund_a.inkind_account_id, goods.move_id.line_ids.account_id)
        self.assertAlmostEqual(self.fund_a.balance, 3_000)

    def test_campaign_raised_from_ledger(self):
        """A campaign's raised amount is the ledger's, net of cancelled donations."""
        campaign = self.env["hoctap.fund.campaign"].create(
            {"name": "Tết 2025", "fund_id": self.fund_a.id, "target": 10_000}
        )
        self._donate(4_000, campaign_id=campaign.id)
        self._donate(1_000, campaign_id=campaign.id).action_cancel()
        self._donate(500)
        campaign.invalidate_recordset(["amount_raised"])
        self.assertAlmostEqual(campaign.amount_raised, 4_000)
        self.assertAlmostEqual(campaign.progress, 40.0)

    def test_treasurer_confined_to_own_commune(self):
        """A treasurer of commune A can neither read nor touch commune B's fund or donations."""
        donation_b = self._donate(1_000, fund=self.fund_b, confirm=False)
        with self.assertRaises(AccessError):
            self.fund_b.with_user(self.treasurer_a).read(["name"])
        with self.assertRaises(AccessError):
            donation_b.with_user(self.treasurer_a).action_confirm()
        with self.assertRaises(AccessError):
            self.env["hoctap.donation"].with_user(self.treasurer_a).create(
                {"fund_id": self.fund_b.id, "partner_id": self.donor.id, "amount": 10}
            )
        with self.assertRaises(AccessError):
            self.fund_b.with_user(self.treasurer_a).write({"name": "X"})
        donation_b.with_user(self.treasurer_b).action_confirm()
        self.assertEqual(donation_b.state, "confirmed")

    def test_viewer_reads_only(self):
        """A viewer reads the fund's balance but cannot record donations."""
        self._donate(700)
        self.assertAlmostEqual(self.fund_a.with_user(self.viewer_a).balance, 700)
        with self.assertRaises(AccessError):
            self.env["hoctap.donation"].with_user(self.viewer_a).create(
                {"fund_id": self.fund_a.id, "partner_id": self.donor.id, "amount": 10}
            )

    def test_fund_with_entries_cannot_be_deleted(self):
        """A fund whose analytic account has journal items cannot be deleted."""
        self._donate(10)
        with self.assertRaises(UserError):
            self.fund_a.unlink()

    def test_receipt_renders(self):
        """The receipt and its mail template name the donor, the amount and the fund."""
        donation = self._donate(1_234_000)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("congdan_hoctap.report_donation_receipt", donation.ids)[0]
            .decode()
        )
        self.assertIn(self.donor.name, html)
        self.assertIn(self.fund_a.name, html)
        template = self.env.ref("congdan_hoctap.mail_template_donation_receipt")
        subject = template._render_field("subject", donation.ids)[donation.id]
        self.assertIn(donation.name, subject)
        action = donation.action_send_receipt()
        self.assertEqual(action["context"]["default_template_id"], template.id)

    def test_fund_follows_merge(self):
        """When commune A merges into commune B, its fund follows with its ledger."""
        self._donate(900)
        self.commune_a._merge_into(self.commune_b, "2026-07-01")
        self.assertEqual(self.fund_a.association_id, self.commune_b)
        self.assertAlmostEqual(self.fund_a.balance, 900)

    def test_forms_as_treasurer(self):
        """A treasurer fills the fund and donation forms; the fund's journal and accounts come from the chart."""
        fund_form = Form(self.env["hoctap.fund"].with_user(self.treasurer_a))
        fund_form.name = "Quỹ khuyến tài xã A"
        fund_form.code = "QKT-A"
        fund_form.association_id = self.commune_a
        self.assertEqual(fund_form.journal_id, self.fund_a.journal_id)
        self.assertEqual(fund_form.income_account_id, self.fund_a.income_account_id)
        fund = fund_form.save()
        with Form(self.env["hoctap.donation"].with_user(self.treasurer_a)) as donation_form:
            donation_form.fund_id = fund
            donation_form.anonymous = True
            donation_form.amount = 250_000
        donation_form.record.action_confirm()
        self.assertAlmostEqual(fund.balance, 250_000)
