# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_fund import FundCase


@tagged("post_install", "-at_install")
class TestFundGuards(FundCase):
    """What ties money to a fund, a ledger and a scope cannot be changed by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls._program_cls(10_000)

    @classmethod
    def _program_cls(cls, budget):
        return cls.env["hoctap.award.program"].create(
            {
                "name": "Học bổng",
                "fund_id": cls.fund_a.id,
                "kind": "scholarship",
                "budget": budget,
            }
        )

    # ---- Funds ----
    def test_treasurer_cannot_repoint_fund(self):
        """A treasurer cannot point their fund at another ledger or association, nor change its books once used."""
        fund = self.fund_a.with_user(self.treasurer_a)
        with self.assertRaises(UserError):
            fund.write({"analytic_account_id": self.fund_b.analytic_account_id.id})
        with self.assertRaises(UserError):
            fund.write({"association_id": self.commune_b.id})
        other_income = self.company_data["default_account_revenue"]
        self.assertNotEqual(other_income, self.fund_a.income_account_id)
        fund.write({"income_account_id": other_income.id})
        self._donate(1_000)
        with self.assertRaises(UserError):
            fund.write({"income_account_id": self.fund_b.income_account_id.id})
        with self.assertRaises(UserError):
            fund.write({"journal_id": self.company_data["default_journal_bank"].id})
        form = Form(fund)
        self.assertTrue(form.has_entries)
        with self.assertRaises(AssertionError):
            form.journal_id = self.company_data["default_journal_bank"]
        with self.assertRaises(AssertionError):
            form.association_id = self.commune_b
        fund.write({"name": "Quỹ khuyến học xã A (mới)"})
        self.assertEqual(self.fund_a.analytic_account_id.name, "Quỹ khuyến học xã A (mới)")

    # ---- Awards ----
    def test_limit_override_only_by_manager_button(self):
        """Officers, approvers and treasurers cannot set the override flag by writing it."""
        award = self._award(self.program, 500)
        for user in (self.officer_a, self.approver_a, self.treasurer_a):
            with self.assertRaises(AccessError):
                award.with_user(user).write({"limit_override": True})
        self.assertFalse(award.limit_override)
        award.with_user(self.manager).action_override_limits()
        self.assertTrue(award.limit_override)

    def test_award_locked_after_approval(self):
        """Amount, programme and beneficiary of an approved award cannot be changed."""
        self._donate(500_000)
        award = self._award(self.program, 1_000)
        award.with_user(self.officer_a).write({"amount": 2_000})
        award.with_user(self.approver_a).action_approve()
        other_program = self._program(1_000_000)
        other_pupil = self.env["res.partner"].create({"name": "Em Trần Thị Giỏi"})
        for vals in ({"amount": 100_000}, {"program_id": other_program.id}, {"partner_id": other_pupil.id}):
            for user in (self.officer_a, self.approver_a, self.treasurer_a):
                with self.assertRaises(UserError):
                    award.with_user(user).write(vals)
        self.assertAlmostEqual(award.amount, 2_000)
        award.with_user(self.treasurer_a).write({"note": "Đã xác minh"})

    def test_payment_rechecks_budget(self):
        """An approved award is not paid if the programme's budget no longer covers it."""
        self._donate(500_000)
        award = self._award(self.program, 8_000)
        award.with_user(self.approver_a).action_approve()
        self.program.budget = 5_000
        with self.assertRaises(UserError):
            award.with_user(self.treasurer_a).action_pay()
        self.assertEqual(award.state, "approved")
        self.program.budget = 8_000
        award.with_user(self.treasurer_a).action_pay()
        self.assertEqual(award.state, "paid")

    def test_program_stays_in_scope(self):
        """An officer cannot move a programme to another commune's fund."""
        program = self._program(1_000).with_user(self.officer_a)
        with self.assertRaises(AccessError):
            program.write({"fund_id": self.fund_b.id})
        self._award(self.program, 100)
        with self.assertRaises(UserError):
            self.program.with_user(self.officer_a).write({"fund_id": self.fund_b.id})

    # ---- Money in ----
    def test_donation_fund_cannot_leave_scope(self):
        """A treasurer cannot move a donation to another commune's fund, nor change a confirmed one."""
        draft = self._donate(1_000, confirm=False).with_user(self.treasurer_a)
        with self.assertRaises(AccessError):
            draft.write({"fund_id": self.fund_b.id})
        confirmed = self._donate(2_000).with_user(self.treasurer_a)
        with self.assertRaises(UserError):
            confirmed.write({"fund_id": self.fund_b.id})
        with self.assertRaises(UserError):
            confirmed.write({"amount": 20_000})
        self.assertEqual(confirmed.fund_id, self.fund_a)

    def test_dues_lines_locked_after_posting(self):
        """The members of a posted dues collection cannot be ticked, changed, added or removed."""
        members = self.env["hoctap.membership"].create(
            [
                {
                    "partner_id": self.env["res.partner"].create({"name": "Hội viên %s" % i}).id,
                    "association_id": self.branch_a1.id,
                }
                for i in range(2)
            ]
        )
        collection = (
            self.env["hoctap.dues.collection"]
            .with_user(self.treasurer_a)
            .create(
                {
                    "fund_id": self.fund_a.id,
                    "association_id": self.branch_a1.id,
                    "amount_per_member": 50_000,
                }
            )
        )
        collection.action_load_members()
        collection.line_ids[0].paid = True
        collection.action_post()
        unpaid = collection.line_ids.filtered(lambda line: not line.paid)
        with self.assertRaises(UserError):
            unpaid.write({"paid": True})
        with self.assertRaises(UserError):
            collection.line_ids[0].write({"amount": 1})
        with self.assertRaises(UserError):
            unpaid.unlink()
        with self.assertRaises(UserError):
            self.env["hoctap.dues.line"].with_user(self.treasurer_a).create(
                {"collection_id": collection.id, "membership_id": members[1].id, "amount": 1, "paid": True}
            )
        with self.assertRaises(UserError):
            collection.write({"amount_per_member": 1})
        self.assertAlmostEqual(collection.amount_total, 50_000)
        self.assertEqual(collection.paid_count, 1)

    # ---- Accounting ----
    def test_treasurer_cannot_post_other_fund_items(self):
        """A treasurer cannot post or reset journal items carrying another commune's fund analytic account."""
        journal = self.fund_a.journal_id

        def entry(fund, user):
            return (
                self.env["account.move"]
                .with_user(user)
                .create(
                    {
                        "move_type": "entry",
                        "journal_id": journal.id,
                        "date": fields.Date.today(),
                        "line_ids": [
                            Command.create(
                                {"name": "Thu", "account_id": journal.default_account_id.id, "debit": 700, "credit": 0}
                            ),
                            Command.create(
                                {
                                    "name": "Thu",
                                    "account_id": fund.income_account_id.id,
                                    "debit": 0,
                                    "credit": 700,
                                    "analytic_distribution": fund._analytic_distribution(),
                                }
                            ),
                        ],
                    }
                )
            )

        with self.assertRaises(AccessError):
            entry(self.fund_b, self.treasurer_a).action_post()
        own = entry(self.fund_a, self.treasurer_a)
        own.action_post()
        with self.assertRaises(AccessError):
            own.line_ids.filtered("analytic_distribution").write(
                {"analytic_distribution": self.fund_b._analytic_distribution()}
            )
        other = entry(self.fund_b, self.treasurer_b)
        other.action_post()
        with self.assertRaises(AccessError):
            other.with_user(self.treasurer_a).button_draft()
        self.assertEqual(other.state, "posted")
        self.fund_b.invalidate_recordset(["balance"])
        self.assertAlmostEqual(self.fund_b.balance, 700)

    # ---- Ledger ----
    def test_ledger_figures_in_constant_queries(self):
        """The ledger figures of many funds take as many queries as those of two."""
        self._donate(1_000)
        self._donate(2_000, fund=self.fund_b)
        more = self.env["hoctap.fund"].create(
            [{"name": "Quỹ %s" % i, "code": "Q%s" % i, "association_id": self.commune_a.id} for i in range(4)]
        )
        self._donate(3_000, fund=more[0])

        def queries(funds):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            funds.mapped("balance")
            return self.env.cr.sql_log_count - before

        queries(self.fund_a)  # warm the caches of the registry (rules, groups)
        few = queries(self.fund_a | self.fund_b)
        many = queries(self.fund_a | self.fund_b | more)
        self.assertEqual(many, few)
        self.assertLessEqual(many, 8)
        self.assertEqual((self.fund_a | self.fund_b | more[:2]).mapped("balance"), [1_000, 2_000, 3_000, 0])
        self.assertAlmostEqual(self.fund_a.amount_raised_year, 1_000)

    # ---- Disclosure ----
    def test_disclosure_follows_the_ledger(self):
        """A donation of last year cancelled this year stays in last year's donors, whose total is the receipts."""
        today = fields.Date.today()
        last_year = date(today.year - 1, 3, 1)
        donation = self._donate(5_000, date=last_year)
        self._donate(1_500, date=last_year, anonymous=True, partner_id=False)
        self._donate(9_000, date=last_year).action_cancel()
        donation.action_cancel()
        self._donate(100_000, date=last_year)
        award = self._award(self._program(1_000_000), 4_000)
        award.action_override_limits()
        award.action_approve()
        award.action_pay()
        statement = self.env["hoctap.fund.statement"].create(
            {
                "fund_id": self.fund_a.id,
                "date_from": date(today.year - 1, 1, 1),
                "date_to": date(today.year - 1, 12, 31),
                "public": True,
            }
        )
        data = statement._get_statement_data()
        donors = {row["name"]: row["amount"] for row in data["donors"]}
        self.assertEqual(donors, {self.donor.name: 114_000, "Anonymous donors": 1_500})
        self.assertAlmostEqual(sum(donors.values()), data["total_in"])
        this_year = self.env["hoctap.fund.statement"].create({"fund_id": self.fund_a.id, "public": True})
        data = this_year._get_statement_data()
        donors = {row["name"]: row["amount"] for row in data["donors"]}
        self.assertEqual(donors, {self.donor.name: -14_000})
        self.assertAlmostEqual(sum(donors.values()), data["total_in"])
        self.assertEqual([(row["count"], row["amount"]) for row in data["spending"]], [(1, 4_000)])
        award.action_cancel()
        data = this_year._get_statement_data()
        self.assertEqual([(row["count"], row["amount"]) for row in data["spending"]], [(0, 0)])
