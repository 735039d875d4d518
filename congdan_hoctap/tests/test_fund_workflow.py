# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.base.controllers.rpc import dumps as rpc_dumps

from .common_fund import FundCase


@tagged("post_install", "-at_install")
class TestFundWorkflow(FundCase):
    """Donations, dues collections and awards change state only through their buttons, whatever the client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls.env["hoctap.award.program"].create(
            {
                "name": "Học bổng",
                "fund_id": cls.fund_a.id,
                "kind": "scholarship",
                "budget": 10_000,
            }
        )
        cls.members = cls.env["hoctap.membership"].create(
            [
                {
                    "partner_id": cls.env["res.partner"].create({"name": "Hội viên %s" % i}).id,
                    "association_id": cls.branch_a1.id,
                }
                for i in range(2)
            ]
        )

    def _collection(self, user=None, association=None):
        collection = (
            self.env["hoctap.dues.collection"]
            .with_user(user or self.env.user)
            .create(
                {
                    "fund_id": self.fund_a.id,
                    "association_id": (association or self.branch_a1).id,
                    "amount_per_member": 50_000,
                }
            )
        )
        collection.action_load_members()
        return collection

    # ---- Awards ----
    def test_officer_cannot_approve_award_by_writing_state(self):
        """An officer can neither write an award's state or approval fields nor call the approval."""
        award = self._award(self.program, 12_000)  # over budget, nothing in the fund
        for vals in (
            {"state": "approved"},
            {"approver_id": self.officer_a.id},
            {"date_approved": "2026-01-01"},
            {"state": "paid"},
            {"move_id": self._donate(10).move_id.id},
            {"name": "HB-1"},
        ):
            with self.assertRaisesRegex(UserError, "only through the workflow buttons"):
                self._rpc(self.officer_a, award, "write", vals)
        with self.assertRaisesRegex(AccessError, "Only an approver"):
            self._rpc(self.officer_a, award, "action_approve")
        with self.assertRaisesRegex(UserError, "only through the workflow buttons"):
            self.env["hoctap.award"].with_user(self.officer_a).create(
                {
                    "program_id": self.program.id,
                    "partner_id": self.pupil.id,
                    "amount": 10,
                    "state": "paid",
                }
            )
        self.assertEqual(award.state, "proposed")
        self.assertFalse(award.approver_id)

    def test_treasurer_cannot_pay_without_approval_by_writing(self):
        """A treasurer cannot mark an approved award paid without the entry, nor cancel it without reversal."""
        self._donate(50_000)
        award = self._award(self.program, 1_000)
        award.with_user(self.approver_a).action_approve()
        with self.assertRaises(UserError):
            self._rpc(self.treasurer_a, award, "write", {"state": "paid", "date_paid": "2026-01-01"})
        self._rpc(self.treasurer_a, award, "action_pay")
        with self.assertRaises(UserError):
            self._rpc(self.treasurer_a, award, "write", {"state": "cancelled"})
        with self.assertRaises(UserError):
            self._rpc(self.treasurer_a, award, "write", {"method": "bank"})
        self.assertEqual(award.state, "paid")
        self.assertFalse(award.reversal_move_id)

    def test_award_cannot_leave_scope(self):
        """An officer cannot move a proposed award to a programme of another commune's fund."""
        award = self._award(self.program, 100)
        program_b = self._program(1_000, fund=self.fund_b)
        with self.assertRaises(AccessError):
            self._rpc(self.officer_a, award, "write", {"program_id": program_b.id})
        self.assertEqual(award.fund_id, self.fund_a)

    def test_override_tied_to_amount(self):
        """Raising the amount after a manager's override drops it: the new amount is checked again."""
        self._donate(10_000)
        award = self._award(self.program, 15_000)
        self._rpc(self.manager, award, "action_override_limits")
        self.assertEqual((award.limit_override, award.limit_override_amount), (True, 15_000))
        self._rpc(self.officer_a, award, "write", {"amount": 9_000_000})
        self.assertFalse(award.limit_override)
        with self.assertRaisesRegex(UserError, "over its budget"):
            self._rpc(self.approver_a, award, "action_approve")
        with self.assertRaises(UserError):
            self._rpc(self.manager, award, "write", {"limit_override_amount": 9_000_000})
        self.assertEqual(award.state, "proposed")
        # the amount the override was given for still passes
        self._rpc(self.officer_a, award, "write", {"amount": 15_000})
        self._rpc(self.manager, award, "action_override_limits")
        self._rpc(self.approver_a, award, "action_approve")
        self.assertEqual(award.state, "approved")

    def test_override_checked_against_amount_at_use(self):
        """An override stored for another amount does not let the award through."""
        self._donate(10_000)
        award = self._award(self.program, 15_000)
        award.action_override_limits()
        award._workflow().write({"limit_override_amount": 1_500})
        with self.assertRaisesRegex(UserError, "over its budget"):
            self._rpc(self.approver_a, award, "action_approve")

    def test_mass_approve_reports_database_and_validation_errors(self):
        """A constraint failing on one award of a mass approval is reported on that award; the others go on."""
        self._donate(50_000)
        awards = self._award(self.program, 1_000) | self._award(self.program, 1_000) | self._award(self.program, 1_000)
        original = type(awards)._check_limits

        def failing(award, step):
            if award == awards[0]:
                raise ValidationError(award.env._("Học sinh không đủ điều kiện"))
            if award == awards[1]:
                award.env.cr.execute("UPDATE hoctap_award SET amount = -1 WHERE id = %s", [award.id])
            return original(award, step)

        with patch.object(type(awards), "_check_limits", failing):
            result = awards.with_user(self.approver_a).action_mass_approve()
        self.assertEqual(result["params"]["type"], "warning")
        self.assertIn("%s: Học sinh không đủ điều kiện" % awards[0].name, result["params"]["message"])
        self.assertIn(awards[1].name, result["params"]["message"])
        awards.invalidate_recordset()
        self.assertEqual(awards.mapped("state"), ["proposed", "proposed", "approved"])
        self.assertEqual(awards[1].amount, 1_000)

    # ---- Donations ----
    def test_treasurer_cannot_rewrite_confirmed_donation(self):
        """Draft again, new amount, confirm again: refused; cancelled by writing: refused (no reversal)."""
        donation = self._donate(50)
        move = donation.move_id
        with self.assertRaisesRegex(UserError, "only through the workflow buttons"):
            self._rpc(self.treasurer_a, donation, "write", {"state": "draft"})
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            self._rpc(self.treasurer_a, donation, "write", {"amount": 5_000})
        with self.assertRaises(UserError):
            self._rpc(self.treasurer_a, donation, "write", {"state": "cancelled"})
        with self.assertRaises(UserError):
            self._rpc(self.treasurer_a, donation, "write", {"move_id": False})
        with self.assertRaises(UserError):
            self._rpc(self.treasurer_a, donation, "action_confirm")
        self.assertEqual((donation.state, donation.amount, donation.move_id), ("confirmed", 50, move))
        self.assertEqual(self._fund_moves(self.fund_a), move)
        self.assertAlmostEqual(self.fund_a.balance, 50)

    def test_only_treasurer_confirms_and_cancels_donations(self):
        """Posting and reversing a donation needs the treasurer's role, even for a user who may write it."""
        donation = self._donate(100, confirm=False)
        with self.assertRaisesRegex(AccessError, "Only a treasurer"):
            self._rpc(self.manager, donation, "action_confirm")
        self._rpc(self.treasurer_a, donation, "action_confirm")
        with self.assertRaisesRegex(AccessError, "Only a treasurer"):
            self._rpc(self.manager, donation, "action_cancel")
        self.assertEqual(donation.state, "confirmed")

    # ---- Dues ----
    def test_branch_officer_cannot_post_dues_by_writing(self):
        """A branch officer prepares a collection but cannot mark it posted, nor post or cancel it."""
        collection = self._collection(self.branch_officer_a1)
        collection.line_ids.write({"paid": True})
        with self.assertRaisesRegex(UserError, "only through the workflow buttons"):
            self._rpc(self.branch_officer_a1, collection, "write", {"state": "posted"})
        with self.assertRaisesRegex(AccessError, "Only a treasurer"):
            self._rpc(self.branch_officer_a1, collection, "action_post")
        with self.assertRaises(UserError):
            self.env["hoctap.dues.collection"].with_user(self.branch_officer_a1).create(
                {
                    "fund_id": self.fund_a.id,
                    "association_id": self.branch_a1.id,
                    "state": "posted",
                }
            )
        self._rpc(self.treasurer_a, collection, "action_post")
        with self.assertRaisesRegex(AccessError, "Only a treasurer"):
            self._rpc(self.branch_officer_a1, collection, "action_cancel")
        with self.assertRaises(UserError):
            self._rpc(self.branch_officer_a1, collection, "write", {"state": "cancelled"})
        self.assertEqual(collection.state, "posted")
        self.assertTrue(collection.move_id)

    def test_transferred_member_pays_once_a_year(self):
        """A member transferred to another branch after paying is neither loaded nor accepted there again."""
        branch_a2 = self._association("Thôn A2", "A2", "branch", self.commune_a, kind="village")
        paid = self._collection()
        paid.line_ids.filtered(lambda line: line.membership_id == self.members[0]).paid = True
        paid.action_post()
        new_membership = self.members[0]._transfer_to(branch_a2, fields.Date.today())
        second = self._collection(association=branch_a2)
        self.assertNotIn(new_membership, second.line_ids.membership_id)
        second.line_ids = [Command.create({"membership_id": new_membership.id, "amount": 50_000, "paid": True})]
        with self.assertRaisesRegex(UserError, "already paid the dues of"):
            second.with_user(self.treasurer_a).action_post()
        self.assertEqual(second.state, "draft")
        self.assertTrue(new_membership.dues_paid_this_year)
        self.assertIn(new_membership, self.env["hoctap.membership"].search([("dues_paid_this_year", "=", True)]))

    def test_related_fields_follow_their_source(self):
        """A donation's association, an award's kind or a dues line's state cannot be written by a client."""
        donation = self._donate(100, confirm=False)
        with self.assertRaisesRegex(UserError, "follow their source"):
            self._rpc(self.treasurer_a, donation, "write", {"association_id": self.commune_b.id})
        award = self._award(self.program, 100)
        for vals in ({"kind": "reward"}, {"association_id": self.province.id}, {"year": 1990}):
            with self.assertRaisesRegex(UserError, "follow their source"):
                self._rpc(self.officer_a, award, "write", vals)
        line = self._collection(self.branch_officer_a1).line_ids[:1]
        for vals in ({"state": "posted"}, {"year": 2001}, {"partner_id": self.pupil.id}):
            with self.assertRaisesRegex(UserError, "follow their source"):
                self._rpc(self.branch_officer_a1, line, "write", vals)
        self._rpc(self.treasurer_a, donation, "write", {"association_id": self.commune_a.id})  # unchanged: accepted
        self.assertEqual((donation.association_id, award.kind, line.state), (self.commune_a, "scholarship", "draft"))

    # ---- Programmes ----
    def test_program_year_in_range(self):
        """A programme's year lies between 2000 and 2100."""
        for year in (1999, 2101, 20_025, 0):
            with self.assertRaises(ValidationError):
                self.env["hoctap.award.program"].with_user(self.officer_a).create(
                    {
                        "name": "Sai năm",
                        "fund_id": self.fund_a.id,
                        "year": year,
                        "budget": 1,
                    }
                )
        with self.assertRaises(ValidationError):
            self.program.with_user(self.officer_a).write({"year": 1900})
        for year in (2000, 2100):
            self.env["hoctap.award.program"].with_user(self.officer_a).create(
                {"name": "Đúng năm", "fund_id": self.fund_a.id, "year": year, "budget": 1}
            )

    # ---- XML-RPC ----
    def test_public_methods_marshal_over_xmlrpc(self):
        """Every fund action returns something XML-RPC can carry (never None)."""
        calls = []
        donation = self._donate(20_000, confirm=False)
        calls += [
            self._rpc(self.treasurer_a, donation, "action_confirm"),
            self._rpc(self.treasurer_a, donation, "action_send_receipt"),
            self._rpc(self.treasurer_a, donation, "action_view_move"),
        ]
        collection = self.env["hoctap.dues.collection"].create(
            {
                "fund_id": self.fund_a.id,
                "association_id": self.branch_a1.id,
                "amount_per_member": 10,
            }
        )
        calls.append(self._rpc(self.treasurer_a, collection, "action_load_members"))
        collection.line_ids.write({"paid": True})
        calls += [
            self._rpc(self.treasurer_a, collection, "action_post"),
            self._rpc(self.treasurer_a, collection, "action_cancel"),
        ]
        awards = self._award(self.program, 1_000) | self._award(self.program, 2_000)
        award = awards[0]
        calls += [
            self._rpc(self.manager, award, "action_override_limits"),
            self._rpc(self.approver_a, award, "action_approve"),
            self._rpc(self.treasurer_a, award, "action_pay"),
            self._rpc(self.treasurer_a, award, "action_cancel"),
            self._rpc(self.approver_a, awards[1], "action_mass_approve"),
            self._rpc(self.treasurer_a, awards[1], "action_mass_pay"),
            self._rpc(self.treasurer_a, donation, "action_cancel"),
        ]
        for result in calls:
            self.assertTrue(result)
            self.assertMarshals(result)
        # window actions read from XML carry their help as Markup: the XML-RPC endpoint's marshaller sends it
        calls = [
            self._rpc(self.viewer_a, self.fund_a, "action_view_donations"),
            self._rpc(self.viewer_a, self.fund_a, "action_view_awards"),
            self._rpc(self.viewer_a, self.fund_a, "action_view_journal_items"),
            self._rpc(self.viewer_a, self.program, "action_view_awards"),
        ]
        statement = (
            self.env["hoctap.fund.statement"]
            .with_user(self.treasurer_a)
            .create(
                {
                    "fund_id": self.fund_a.id,
                    "date_from": date(2000, 1, 1),
                }
            )
        )
        calls += [
            self._rpc(self.treasurer_a, statement, "action_print_pdf"),
            self._rpc(self.treasurer_a, statement, "action_export_xlsx"),
        ]
        for result in calls:
            self.assertTrue(result)
            rpc_dumps((result,))
