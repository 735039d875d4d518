# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_fund import FundCase


@tagged("post_install", "-at_install")
class TestFundAwards(FundCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls.env["hoctap.award.program"].create(
            {
                "name": "Học bổng vượt khó",
                "fund_id": cls.fund_a.id,
                "kind": "scholarship",
                "budget": 10_000,
            }
        )

    def _proposed(self, amount, program=None):
        return self._award(program or self.program, amount).with_user(self.officer_a)

    def test_award_flow_posts_and_reverses(self):
        """Officer proposes, approver approves, treasurer pays one balanced entry; cancelling reverses it."""
        self._donate(8_000)
        award = (
            self.env["hoctap.award"]
            .with_user(self.officer_a)
            .create(
                {
                    "program_id": self.program.id,
                    "partner_id": self.pupil.id,
                    "amount": 3_000,
                    "reason": "excellent",
                }
            )
        )
        award.with_user(self.approver_a).action_approve()
        self.assertEqual(award.state, "approved")
        self.assertEqual(award.approver_id, self.approver_a)
        award.with_user(self.treasurer_a).action_pay()
        self.assertEqual(award.state, "paid")
        self.assertBalancedPostedWithAnalytic(award.move_id, self.fund_a)
        expense = award.move_id.line_ids.filtered("analytic_distribution")
        self.assertEqual(expense.account_id, self.fund_a.expense_account_id)
        self.assertAlmostEqual(expense.debit, 3_000)
        self.fund_a.invalidate_recordset(["balance", "amount_spent"])
        self.assertAlmostEqual(self.fund_a.balance, 5_000)
        self.assertAlmostEqual(self.fund_a.amount_spent, 3_000)
        award.with_user(self.treasurer_a).action_cancel()
        self.assertEqual(award.move_id.state, "posted")
        self.assertEqual(award.reversal_move_id.reversed_entry_id, award.move_id)
        self.fund_a.invalidate_recordset(["balance"])
        self.assertAlmostEqual(self.fund_a.balance, 8_000)

    # Officers cannot approve, approvers cannot pay, and a paid award is cancelled by a treasurer only:
    # one test per rule.
    def _proposed_with_money(self):
        self._donate(8_000)
        return self._proposed(1_000)

    def _approved_with_money(self):
        award = self._proposed_with_money()
        award.with_user(self.approver_a).action_approve()
        return award

    def test_officer_cannot_approve(self):
        """An association officer proposes awards but does not approve them."""
        award = self._proposed_with_money()
        with self.assertRaises(AccessError):
            award.with_user(self.officer_a).action_approve()

    def test_proposed_award_not_paid(self):
        """A treasurer does not pay an award before it is approved."""
        award = self._proposed_with_money()
        with self.assertRaises(UserError):
            award.with_user(self.treasurer_a).action_pay()

    def test_approver_cannot_pay(self):
        """An approver approves but does not pay."""
        award = self._approved_with_money()
        with self.assertRaises(AccessError):
            award.with_user(self.approver_a).action_pay()

    def test_approved_award_not_approved_again(self):
        """An approved award is not approved a second time."""
        award = self._approved_with_money()
        with self.assertRaises(UserError):
            award.with_user(self.approver_a).action_approve()

    def test_officer_cannot_cancel_paid_award(self):
        """A paid award is cancelled by a treasurer only, not by an officer."""
        award = self._approved_with_money()
        award.with_user(self.treasurer_a).action_pay()
        with self.assertRaises(AccessError):
            award.with_user(self.officer_a).action_cancel()

    def test_paid_award_not_deleted(self):
        """A paid award is history: it is not deleted."""
        award = self._approved_with_money()
        award.with_user(self.treasurer_a).action_pay()
        with self.assertRaises(UserError):
            award.unlink()

    def test_overspend_refused_unless_overridden(self):
        """Approval or payment that takes the fund below zero is refused until a manager overrides, in the chatter."""
        self._donate(1_000)
        award = self._proposed(2_000)
        with self.assertRaises(UserError):
            award.with_user(self.approver_a).action_approve()
        with self.assertRaises(AccessError):
            award.with_user(self.approver_a).action_override_limits()
        award.with_user(self.manager).action_override_limits()
        self.assertTrue(award.limit_override)
        self.assertIn(self.manager.name, award.message_ids[0].body)
        award.with_user(self.approver_a).action_approve()
        award.with_user(self.treasurer_a).action_pay()
        self.fund_a.invalidate_recordset(["balance"])
        self.assertAlmostEqual(self.fund_a.balance, -1_000)

    def test_payment_refused_when_fund_emptied(self):
        """An approved award cannot be paid once the money it counted on has gone."""
        donation = self._donate(1_000)
        award = self._proposed(800)
        award.with_user(self.approver_a).action_approve()
        donation.action_cancel()
        with self.assertRaises(UserError):
            award.with_user(self.treasurer_a).action_pay()
        self.assertEqual(award.state, "approved")

    def test_approved_awards_are_committed(self):
        """Approving counts the awards already approved but not paid against the balance."""
        self._donate(1_000)
        self._proposed(700).with_user(self.approver_a).action_approve()
        with self.assertRaises(UserError):
            self._proposed(400).with_user(self.approver_a).action_approve()

    def test_over_budget_refused_unless_overridden(self):
        """Approval beyond the programme's budget is refused; a manager's override lets it through."""
        self._donate(50_000)
        self._proposed(9_000).with_user(self.approver_a).action_approve()
        award = self._proposed(2_000)
        with self.assertRaises(UserError):
            award.with_user(self.approver_a).action_approve()
        award.with_user(self.manager).action_override_limits()
        award.with_user(self.approver_a).action_approve()
        self.assertAlmostEqual(self.program.amount_committed, 11_000)
        self.assertAlmostEqual(self.program.budget_remaining, -1_000)

    def test_mass_approve_reports_each_failure(self):
        """Mass approval approves what it can and names each award it refused."""
        self._donate(50_000)
        awards = self._proposed(6_000) | self._proposed(6_000)
        result = awards.with_user(self.approver_a).action_mass_approve()
        self.assertEqual(awards.mapped("state"), ["approved", "proposed"])
        self.assertEqual(result["params"]["type"], "warning")
        self.assertIn(awards[1].name, result["params"]["message"])
        result = awards[0].with_user(self.treasurer_a).action_mass_pay()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(awards[0].state, "paid")

    def test_officer_of_other_commune_cannot_propose(self):
        """An officer cannot propose an award from another commune's fund."""
        program_b = self._program(1_000, fund=self.fund_b)
        with self.assertRaises(AccessError):
            self.env["hoctap.award"].with_user(self.officer_a).create(
                {"program_id": program_b.id, "partner_id": self.pupil.id, "amount": 10}
            )
