# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_fund import FundCase


@tagged("post_install", "-at_install")
class TestFundLedgerIntegrity(FundCase):
    """A fund's posted items keep their fund; its entries stay posted; figures follow the analytic shares."""

    def _entry(self, amount, distribution, account=None, post=True, **line_vals):
        """A manual entry: cash against ``account`` (the fund A donation account) with ``distribution``."""
        journal = self.fund_a.journal_id
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": fields.Date.today(),
                "line_ids": [
                    Command.create(
                        {"name": "Tiền", "account_id": journal.default_account_id.id, "debit": amount, "credit": 0}
                    ),
                    Command.create(
                        {
                            "name": "Thu",
                            "account_id": (account or self.fund_a.income_account_id).id,
                            "debit": 0,
                            "credit": amount,
                            "analytic_distribution": distribution,
                            **line_vals,
                        }
                    ),
                ],
            }
        )
        if post:
            move.action_post()
        return move

    def _share(self, fund, pct):
        return {str(fund.analytic_account_id.id): pct}

    def _figures(self, fund):
        fund.invalidate_recordset(["balance", "amount_raised", "amount_spent"])
        return fund.balance, fund.amount_raised, fund.amount_spent

    # ---- Finding 4: posted fund items keep their fund ----
    def test_posted_fund_item_keeps_its_tag_and_distribution(self):
        """Nobody clears the fund tag or the distribution of a posted donation item (not even an accountant)."""
        donation = self._donate(5_000)
        income = donation.move_id.line_ids.filtered("hoctap_source")
        for user in (self.treasurer_a, self.env.user):
            for vals in (
                {"hoctap_source": False},
                {"analytic_distribution": False},
                {"analytic_distribution": self._share(self.fund_a, 10)},
                {"hoctap_campaign_id": False, "hoctap_source": "dues"},
            ):
                with self.assertRaisesRegex(UserError, "posted fund item cannot be changed"):
                    self._rpc(user, income, "write", vals)
        self._rpc(self.treasurer_a, income, "write", {"name": "Ủng hộ quỹ"})  # the label stays free
        self.assertEqual(income.hoctap_source, "donation")
        self.assertEqual(income.analytic_distribution, self._share(self.fund_a, 100))
        self.assertEqual(self._figures(self.fund_a), (5_000, 5_000, 0))

    def test_fund_entries_cannot_be_unposted_or_deleted(self):
        """A fund document's entry is never reset to draft, cancelled or deleted, even without its tags."""
        donation = self._donate(3_000)
        move = donation.move_id
        # even with the item's tag gone (as an old database may have it), the document points to the entry
        self.env.cr.execute("UPDATE account_move_line SET hoctap_source = NULL WHERE move_id = %s", [move.id])
        self.env.invalidate_all()
        for call, args in (("button_draft", ()), ("write", ({"state": "draft"},)), ("write", ({"state": "cancel"},))):
            with self.assertRaisesRegex(UserError, "learning-promotion fund"):
                self._rpc(self.treasurer_a, move, call, *args)
        with self.assertRaises(UserError):
            self._rpc(self.treasurer_a, move, "unlink")
        with self.assertRaisesRegex(UserError, "learning-promotion fund"):
            move._unlink_except_fund_entry()  # also once Odoo's own posted-entry guard is passed
        with self.assertRaisesRegex(UserError, "learning-promotion fund"):
            move.with_user(self.treasurer_a).sudo().button_draft()
        self.assertEqual(move.state, "posted")
        self.assertEqual(donation.state, "confirmed")
        donation.action_cancel()
        with self.assertRaisesRegex(UserError, "learning-promotion fund"):
            self._rpc(self.treasurer_a, donation.reversal_move_id, "button_draft")

    def test_fund_entry_reversed_only_by_its_document(self):
        """Odoo's Reverse button on a donation's entry is refused: cancelling the donation reverses it."""
        donation = self._donate(3_000)
        wizard = (
            self.env["account.move.reversal"]
            .with_user(self.treasurer_a)
            .with_context(
                active_model="account.move",
                active_ids=donation.move_id.ids,
            )
            .create({"journal_id": donation.move_id.journal_id.id, "date": fields.Date.today()})
        )
        with self.assertRaisesRegex(UserError, "learning-promotion fund document"):
            wizard.refund_moves()
        with self.assertRaisesRegex(UserError, "learning-promotion fund document"):
            # a context key sent by a client is JSON: it can never be the Python-only token
            donation.move_id.with_user(self.treasurer_a).with_context(hoctap_fund_reversal=True)._reverse_moves()
        self.assertEqual(self._figures(self.fund_a), (3_000, 3_000, 0))
        self._rpc(self.treasurer_a, donation, "action_cancel")
        self.assertTrue(donation.reversal_move_id)
        self.assertEqual(self._figures(self.fund_a), (0, 0, 0))

    def test_ordinary_entries_still_editable(self):
        """An entry outside the funds is reset to draft and re-distributed as Odoo allows."""
        move = self._entry(400, False, account=self.company_data["default_account_revenue"])
        move.with_user(self.treasurer_a).button_draft()
        self.assertEqual(move.state, "draft")
        draft = self._entry(400, self._share(self.fund_a, 100), post=False)
        draft.line_ids.filtered("analytic_distribution").write({"analytic_distribution": self._share(self.fund_a, 50)})
        draft.unlink()

    # ---- Finding 6: figures follow the analytic percentages ----
    def test_balance_counts_the_funds_share(self):
        """An entry of 1,000 with 10 % on the fund moves its balance and receipts by 100, not 1,000."""
        self._entry(1_000, self._share(self.fund_a, 10))
        self.assertEqual(self._figures(self.fund_a), (100, 100, 0))
        self._entry(2_000, self._share(self.fund_a, 25), account=self.fund_a.expense_account_id)
        # 2,000 credited on the award account, 25 % on the fund: spending of −500
        self.assertEqual(self._figures(self.fund_a), (600, 100, -500))

    def test_split_line_counts_its_share_in_each_fund(self):
        """A line split 60/40 over two funds counts 600 in one and 400 in the other."""
        distribution = {**self._share(self.fund_a, 60), **self._share(self.fund_b, 40)}
        self._entry(1_000, distribution)
        self.assertEqual(self._figures(self.fund_a), (600, 600, 0))
        self.assertEqual(self._figures(self.fund_b), (400, 400, 0))
        summary = (self.fund_a | self.fund_b)._ledger_summary(
            fields.Date.today().replace(month=1, day=1), fields.Date.today()
        )
        self.assertEqual((summary["raised"], summary["balance"]), (1_000, 1_000))
        self.assertEqual(
            self.fund_a._ledger_summary(fields.Date.today().replace(month=1, day=1), fields.Date.today())["raised"], 600
        )

    def test_statement_counts_the_funds_share(self):
        """The statement's receipts, donors and closing balance take the fund's share of each item."""
        campaign = self.env["hoctap.fund.campaign"].create({"name": "Tết", "fund_id": self.fund_a.id})
        self._donate(2_000)
        distribution = {**self._share(self.fund_a, 30), **self._share(self.fund_b, 70)}
        self._entry(
            1_000, distribution, hoctap_source="donation", partner_id=self.pupil.id, hoctap_campaign_id=campaign.id
        )
        self._entry(500, self._share(self.fund_a, 10))
        statement = self.env["hoctap.fund.statement"].create({"fund_id": self.fund_a.id, "public": True})
        data = statement._get_statement_data()
        self.assertEqual(
            dict(data["receipts"]),
            {
                "Donations outside campaigns": 2_000,
                "Donations: Tết": 300,
                "Other receipts": 50,
            },
        )
        self.assertEqual((data["total_in"], data["closing"]), (2_350, 2_350))
        self.assertEqual(
            {row["name"]: row["amount"] for row in data["donors"]}, {self.donor.name: 2_000, self.pupil.name: 300}
        )
        campaign.invalidate_recordset(["amount_raised"])
        self.assertEqual(campaign.amount_raised, 300)
