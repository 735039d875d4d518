# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import HoctapCase


@tagged("post_install", "-at_install")
class TestAssociation(HoctapCase):
    def test_tree_parent_path_and_complete_name(self):
        """The tree keeps parent paths and names the way down from the root."""
        self.assertTrue(self.branch_a1.parent_path.startswith(self.province.parent_path))
        self.assertEqual(self.branch_a1.complete_name, "Hội Khuyến học tỉnh Thử / Xã A / Thôn A1")
        descendants = self.Association.search([("id", "child_of", self.commune_a.id)])
        self.assertEqual(descendants, self.commune_a | self.branch_a1 | self.branch_a2)

    def test_subtree_counts_in_sql(self):
        """Member, branch and sub-association counts cover the whole subtree."""
        for _i in range(3):
            self._member(self.branch_a1)
        self._member(self.branch_a2)
        self._member(self.commune_a)
        left = self._member(self.branch_b1)
        self._member(self.branch_b1)
        left._leave(reason="resigned")
        self.assertEqual(self.commune_a.member_count, 5)
        self.assertEqual(self.branch_a1.member_count, 3)
        self.assertEqual(self.commune_b.member_count, 1, "a member who left is not counted")
        self.assertEqual(self.province.member_count, 6)
        self.assertEqual(self.province.sub_association_count, 5)
        self.assertEqual(self.province.branch_count, 3)
        self.assertEqual(self.commune_a.sub_association_count, 2)
        self.assertEqual(self.branch_a1.sub_association_count, 0)

    def test_member_ratio_uses_latest_population(self):
        """The member ratio divides the subtree's members by the latest population."""
        for _i in range(4):
            self._member(self.branch_a1)
        self.env["hoctap.population"].create(
            [
                {"association_id": self.commune_a.id, "year": 2022, "population": 10},
                {"association_id": self.commune_a.id, "year": 2023, "population": 20},
            ]
        )
        self.assertEqual(self.commune_a.population_year, 2023)
        self.assertEqual(self.commune_a.population, 20)
        self.assertAlmostEqual(self.commune_a.member_ratio, 20.0)
        self.assertEqual(self.commune_b.member_ratio, 0.0, "no population, no ratio")

    def test_member_ratio_for_year_counts_members_at_year_end(self):
        """A past year's ratio counts who was a member on 31/12 of that year."""
        self.env["hoctap.population"].create({"association_id": self.commune_a.id, "year": 2023, "population": 10})
        self._member(self.branch_a1, date_join="2023-03-01")
        gone = self._member(self.branch_a1, date_join="2023-03-01")
        gone._leave(reason="moved", date="2023-06-30")
        self._member(self.branch_a1, date_join="2024-01-15")
        self.assertAlmostEqual(self.commune_a.member_ratio_for_year(2023), 10.0)

    def test_code_unique_among_siblings(self):
        """Two children of one parent cannot share a code; cousins can."""
        self._association("Thôn khác", "B1", "branch", self.commune_a)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._association("Thôn trùng", "A1", "branch", self.commune_a)

    def test_no_cycle(self):
        """An association cannot be its own ancestor."""
        with self.assertRaises(UserError):
            self.province.parent_id = self.branch_a1

    def test_branch_kind_only_on_branches(self):
        """Only a branch or board has a branch kind."""
        with self.assertRaises(ValidationError):
            self.commune_a.branch_kind = "school"

    def test_partner_created_for_contact(self):
        """Each association gets a company partner for its address and accounting."""
        self.assertTrue(self.commune_a.partner_id.is_company)
        self.assertEqual(self.commune_a.partner_id.name, "Xã A")

    def test_cannot_delete_with_members(self):
        """An association with members is archived or merged, never deleted."""
        self._member(self.branch_a1)
        with self.assertRaises(UserError):
            self.branch_a1.unlink()

    def test_cluster_members_same_level_and_head_inside(self):
        """A cluster groups associations of one level and its head is one of them."""
        other = self.Association.create({"name": "Tỉnh khác", "code": "TK", "level": "province"})
        cluster = self.env["hoctap.cluster"].create(
            {
                "name": "Cụm 1",
                "level": "province",
                "association_ids": [(6, 0, (self.province | other).ids)],
                "head_association_id": self.province.id,
            }
        )
        self.assertEqual(cluster.association_count, 2)
        with self.assertRaises(ValidationError):
            cluster.association_ids = [(4, self.commune_a.id)]
        with self.assertRaises(ValidationError):
            cluster.write({"association_ids": [(6, 0, other.ids)]})


@tagged("post_install", "-at_install")
class TestAssociationScopeGuard(HoctapCase):
    """Finding 11 (issue 9): who sees a subtree is decided by a manager, never by the association's officer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls._user("scope_officer_a", "congdan_hoctap.group_officer", cls.commune_a)
        cls.outsider = cls._user("scope_viewer_b", "congdan_hoctap.group_viewer", cls.commune_b)
        cls.manager = cls._user("scope_manager", "congdan_hoctap.group_manager", cls.province)

    def _write(self, user, association, vals):
        return call_kw(association.with_user(user), "write", [association.ids, vals], {})

    def test_officer_cannot_grant_users(self):
        """An association officer cannot add a user to their association (the field is not only hidden)."""
        with self.assertRaisesRegex(AccessError, "Only a manager chooses the users"):
            self._write(self.officer, self.commune_a, {"user_ids": [(4, self.outsider.id)]})
        with self.assertRaisesRegex(AccessError, "Only a manager chooses the users"):
            self._write(self.officer, self.branch_a1, {"user_ids": [(6, 0, [self.officer.id, self.outsider.id])]})
        self.assertNotIn(self.outsider, self.commune_a.user_ids | self.branch_a1.user_ids)
        self.assertFalse(self.Association.with_user(self.outsider).search([("id", "=", self.branch_a1.id)]))

    def test_officer_cannot_create_a_branch_with_users(self):
        """Nor create a sub-association that comes with its own users."""
        with self.assertRaisesRegex(AccessError, "Only a manager chooses the users"):
            call_kw(
                self.Association.with_user(self.officer),
                "create",
                [
                    {
                        "name": "Thôn mới",
                        "code": "A9",
                        "level": "branch",
                        "parent_id": self.commune_a.id,
                        "user_ids": [(4, self.outsider.id)],
                    }
                ],
                {},
            )

    def test_officer_cannot_move_company_or_cluster(self):
        """Parent, company and emulation clusters of an association are a manager's."""
        other_company = self.env["res.company"].create({"name": "Công ty khác"})
        self.officer.company_ids = [(4, other_company.id)]
        with self.assertRaisesRegex(AccessError, "another parent"):
            self._write(self.officer, self.branch_a1, {"parent_id": self.commune_b.id})
        with self.assertRaisesRegex(AccessError, "another company"):
            self._write(self.officer, self.branch_a1, {"company_id": other_company.id})
        cluster = self.env["hoctap.cluster"].create({"name": "Cụm 1", "level": "commune"})
        with self.assertRaisesRegex(AccessError, "emulation clusters"):
            self._write(self.officer, self.commune_a, {"cluster_ids": [(4, cluster.id)]})
        self.assertEqual((self.branch_a1.parent_id, self.branch_a1.company_id), (self.commune_a, self.company))
        self.assertFalse(cluster.association_ids)

    def test_merge_fields_are_the_workflows(self):
        """Successor, merge date and member sequence are set by a merge and the numbering only."""
        sequence = self.env["ir.sequence"].create({"name": "Lạ", "code": "x.y"})
        for vals in (
            {"successor_id": self.commune_b.id},
            {"merge_date": "2025-07-01"},
            {"member_sequence_id": sequence.id},
        ):
            with self.assertRaisesRegex(UserError, "change only through the workflow buttons"):
                self._write(self.manager, self.commune_a, vals)
        self.assertFalse(self.commune_a.successor_id)

    def test_manager_grants_users(self):
        """A manager gives a user an association; the user then sees it and its subtree."""
        self._write(self.manager, self.commune_a, {"user_ids": [(4, self.outsider.id)]})
        self.assertIn(self.branch_a1, self.Association.with_user(self.outsider).search([]))
