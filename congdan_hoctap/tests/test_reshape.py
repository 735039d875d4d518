# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import HoctapCase


@tagged("post_install", "-at_install")
class TestReshape(HoctapCase):
    def test_move_wizard_moves_subtree(self):
        """Moving a branch moves it with its members under the new parent."""
        self._member(self.branch_a1)
        self.env["hoctap.association.move"].create(
            {"association_id": self.branch_a1.id, "new_parent_id": self.commune_b.id}
        ).action_move()
        self.assertEqual(self.branch_a1.parent_id, self.commune_b)
        self.assertTrue(self.branch_a1.parent_path.startswith(self.commune_b.parent_path))
        self.assertEqual(self.commune_b.member_count, 1)
        self.assertEqual(self.commune_a.member_count, 0)

    def test_move_under_own_descendant_refused(self):
        """An association cannot be moved under one of its own sub-associations."""
        wizard = self.env["hoctap.association.move"].create(
            {"association_id": self.commune_a.id, "new_parent_id": self.branch_a1.id}
        )
        with self.assertRaises(UserError) as error:
            wizard.action_move()
        self.assertIn("Thôn A1", str(error.exception))
        self.assertEqual(self.commune_a.parent_id, self.province)

    def test_merge_into_new_successor(self):
        """Merging communes creates the successor, carries members and archives the merged ones."""
        m_a = self._member(self.branch_a1, date_join="2019-01-01")
        m_direct = self._member(self.commune_b, date_join="2018-05-01")
        m_direct.action_suspend()
        wizard = self.env["hoctap.association.merge"].create(
            {
                "association_ids": [(6, 0, (self.commune_a | self.commune_b).ids)],
                "mode": "new",
                "new_name": "Xã AB",
                "new_code": "AB",
                "date": "2025-07-01",
            }
        )
        self.assertEqual(wizard.new_level, "commune")
        self.assertEqual(wizard.new_parent_id, self.province)
        action = wizard.action_merge()
        successor = self.Association.browse(action["res_id"])
        self.assertEqual(successor.name, "Xã AB")
        self.assertEqual(successor.parent_id, self.province)
        # sub-associations follow the successor, with their own members untouched
        self.assertEqual(self.branch_a1.parent_id, successor)
        self.assertEqual(self.branch_b1.parent_id, successor)
        self.assertEqual(m_a.association_id, self.branch_a1)
        self.assertEqual(m_a.state, "active")
        # direct members are closed and continued in the successor, state kept
        self.assertEqual((m_direct.state, m_direct.leave_reason), ("left", "merge"))
        self.assertEqual(m_direct.next_membership_id.association_id, successor)
        self.assertEqual(m_direct.next_membership_id.state, "suspended")
        # the merged are archived with a link to their successor
        for merged in self.commune_a | self.commune_b:
            self.assertFalse(merged.active)
            self.assertEqual(merged.successor_id, successor)
            self.assertEqual(str(merged.merge_date), "2025-07-01")
        self.assertEqual(successor.with_context(active_test=False).predecessor_ids, self.commune_a | self.commune_b)
        self.assertEqual(successor.member_count, 1, "the suspended member is not counted as active")
        self.assertEqual(successor.sub_association_count, 3)

    def test_merge_into_existing_successor(self):
        """Merging a branch into an existing one moves its members there with history."""
        membership = self._member(self.branch_a2, date_join="2021-01-01")
        self.env["hoctap.association.merge"].create(
            {
                "association_ids": [(6, 0, self.branch_a2.ids)],
                "mode": "existing",
                "successor_id": self.branch_a1.id,
                "date": "2025-07-01",
            }
        ).action_merge()
        self.assertEqual(membership.next_membership_id.association_id, self.branch_a1)
        self.assertEqual(self.branch_a1.member_count, 1)
        self.assertFalse(self.branch_a2.active)
        history = self.Membership.search([("partner_id", "=", membership.partner_id.id)], order="date_join")
        self.assertEqual(history.mapped("association_id"), self.branch_a2 | self.branch_a1)

    def test_merge_into_itself_refused(self):
        """An association cannot be merged into itself."""
        with self.assertRaises(UserError):
            (self.commune_a | self.commune_b)._merge_into(self.commune_a, "2025-07-01")


@tagged("post_install", "-at_install")
class TestReshapeRole(HoctapCase):
    def test_only_a_manager_runs_move_and_merge(self):
        """The move and merge steps check the manager role themselves, even when run under sudo()."""
        officer = self._user("reshape_officer", "congdan_hoctap.group_officer", self.province)
        move = self.env["hoctap.association.move"].create(
            {"association_id": self.branch_b1.id, "new_parent_id": self.commune_a.id}
        )
        merge = self.env["hoctap.association.merge"].create(
            {"association_ids": [(6, 0, self.commune_b.ids)], "mode": "existing", "successor_id": self.commune_a.id}
        )
        with self.assertRaisesRegex(AccessError, "Only a manager moves or merges"):
            move.with_user(officer).sudo().action_move()
        with self.assertRaisesRegex(AccessError, "Only a manager moves or merges"):
            merge.with_user(officer).sudo().action_merge()
        self.assertEqual((self.branch_b1.parent_id, self.commune_b.active), (self.commune_b, True))
