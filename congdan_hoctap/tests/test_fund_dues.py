# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_fund import FundCase


@tagged("post_install", "-at_install")
class TestFundDues(FundCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.members = cls.env["hoctap.membership"].create(
            [
                {"partner_id": Partner.create({"name": "Hội viên %s" % i}).id, "association_id": cls.branch_a1.id}
                for i in range(3)
            ]
        )

    def _collection(self, user=None):
        collection = (
            self.env["hoctap.dues.collection"]
            .with_user(user or self.env.user)
            .create(
                {
                    "fund_id": self.fund_a.id,
                    "association_id": self.branch_a1.id,
                    "amount_per_member": 50_000,
                }
            )
        )
        collection.action_load_members()
        return collection

    def test_collection_posts_one_move(self):
        """A dues collection posts one balanced entry, one analytic line per member who paid."""
        collection = self._collection(self.treasurer_a)
        self.assertEqual(collection.line_ids.membership_id, self.members)
        collection.line_ids.filtered(lambda line: line.membership_id in self.members[:2]).paid = True
        collection.with_user(self.treasurer_a).action_post()
        self.assertBalancedPostedWithAnalytic(collection.move_id, self.fund_a)
        self.assertEqual(self._fund_moves(self.fund_a), collection.move_id)
        dues_lines = collection.move_id.line_ids.filtered("analytic_distribution")
        self.assertEqual(dues_lines.partner_id, self.members[:2].partner_id)
        self.assertAlmostEqual(self.fund_a.balance, 100_000)

    def test_member_paid_status(self):
        """Each membership shows whether this year's dues are paid; a second payment is refused."""
        collection = self._collection()
        collection.line_ids.filtered(lambda line: line.membership_id == self.members[0]).paid = True
        collection.action_post()
        self.assertTrue(self.members[0].dues_paid_this_year)
        self.assertFalse(self.members[1].dues_paid_this_year)
        self.assertEqual(self.members[0].dues_last_paid_year, fields.Date.today().year)
        paid = self.env["hoctap.membership"].search([("dues_paid_this_year", "=", True)])
        self.assertEqual(paid, self.members[0])
        second = self._collection()
        self.assertNotIn(self.members[0], second.line_ids.membership_id)
        second.line_ids = [fields.Command.create({"membership_id": self.members[0].id, "amount": 1, "paid": True})]
        with self.assertRaises(UserError):
            second.action_post()

    def test_cancel_collection_reverses(self):
        """Cancelling a posted collection reverses its entry and the member is unpaid again."""
        collection = self._collection()
        collection.line_ids.paid = True
        collection.action_post()
        collection.action_cancel()
        self.assertEqual(collection.move_id.state, "posted")
        self.assertEqual(collection.reversal_move_id.state, "posted")
        self.fund_a.invalidate_recordset(["balance"])
        self.assertAlmostEqual(self.fund_a.balance, 0.0)
        self.members.invalidate_recordset(["dues_paid_this_year"])
        self.assertFalse(self.members[0].dues_paid_this_year)
        with self.assertRaises(UserError):
            collection.unlink()

    def test_collection_guards(self):
        """Nothing ticked cannot be posted; a branch outside the fund is refused; officers prepare, treasurers post."""
        collection = self._collection()
        with self.assertRaises(UserError):
            collection.action_post()
        with self.assertRaises(ValidationError):
            collection.association_id = self.commune_b
        prepared = self._collection(self.officer_a)
        prepared.line_ids.paid = True
        with self.assertRaises(AccessError):
            prepared.with_user(self.officer_a).action_post()
        prepared.with_user(self.treasurer_a).action_post()
        self.assertEqual(prepared.state, "posted")
