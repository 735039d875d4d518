# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import HoctapCase


@tagged("post_install", "-at_install")
class TestSecurity(HoctapCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_a = cls._member(cls.branch_a1)
        cls.member_b = cls._member(cls.branch_b1)
        cls.commune_officer = cls._user("officer_a", "congdan_hoctap.group_officer", cls.commune_a)
        cls.branch_officer = cls._user("branch_a1", "congdan_hoctap.group_branch_officer", cls.branch_a1)
        cls.viewer = cls._user("viewer_a", "congdan_hoctap.group_viewer", cls.commune_a)
        cls.manager = cls._user("manager", "congdan_hoctap.group_manager", cls.Association)

    def test_commune_officer_cannot_read_sibling_commune(self):
        """A commune officer sees their subtree and ancestors, never a sibling commune."""
        Association = self.Association.with_user(self.commune_officer)
        visible = Association.search([])
        self.assertIn(self.branch_a1, visible)
        self.assertIn(self.province, visible, "ancestors are readable by name")
        self.assertNotIn(self.commune_b, visible)
        self.assertNotIn(self.branch_b1, visible)
        with self.assertRaises(AccessError):
            self.commune_b.with_user(self.commune_officer).read(["name"])

    def test_commune_officer_cannot_write_sibling_commune(self):
        """A commune officer cannot change a sibling commune or its members."""
        with self.assertRaises(AccessError):
            self.commune_b.with_user(self.commune_officer).write({"name": "Hijacked"})
        with self.assertRaises(AccessError):
            self.member_b.with_user(self.commune_officer).read(["number"])
        with self.assertRaises(AccessError):
            self.member_b.with_user(self.commune_officer).action_suspend()
        members = self.Membership.with_user(self.commune_officer).search([])
        self.assertEqual(members, self.member_a)

    def test_commune_officer_runs_own_subtree(self):
        """A commune officer creates branches and members in their own commune."""
        branch = self.Association.with_user(self.commune_officer).create(
            {"name": "Thôn mới", "code": "A3", "level": "branch", "parent_id": self.commune_a.id}
        )
        self.assertEqual(branch.parent_id, self.commune_a)
        self.commune_a.with_user(self.commune_officer).write({"commune_code": "12345"})
        with self.assertRaises(AccessError):
            self.Association.with_user(self.commune_officer).create(
                {"name": "Thôn lạ", "code": "B9", "level": "branch", "parent_id": self.commune_b.id}
            )

    def test_branch_officer_cannot_edit_parent_commune(self):
        """A branch officer keeps members of their branch but cannot edit the commune."""
        with self.assertRaises(AccessError):
            self.commune_a.with_user(self.branch_officer).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.branch_a1.with_user(self.branch_officer).write({"name": "Renamed"})
        partner = self._person("Người mới")
        membership = self.Membership.with_user(self.branch_officer).create(
            {"partner_id": partner.id, "association_id": self.branch_a1.id}
        )
        membership.with_user(self.branch_officer).action_suspend()
        self.assertEqual(membership.state, "suspended")
        with self.assertRaises(AccessError):
            self.Membership.with_user(self.branch_officer).create(
                {"partner_id": self._person("Người khác").id, "association_id": self.branch_a2.id}
            )

    def test_viewer_cannot_write_anything(self):
        """A viewer reads their subtree and can change nothing."""
        self.assertEqual(self.Membership.with_user(self.viewer).search([]), self.member_a)
        with self.assertRaises(AccessError):
            self.commune_a.with_user(self.viewer).write({"name": "x"})
        with self.assertRaises(AccessError):
            self.member_a.with_user(self.viewer).write({"member_type": "honorary"})
        with self.assertRaises(AccessError):
            self.Membership.with_user(self.viewer).create(
                {"partner_id": self._person("P").id, "association_id": self.branch_a1.id}
            )
        with self.assertRaises(AccessError):
            self.env["hoctap.population"].with_user(self.viewer).create(
                {"association_id": self.commune_a.id, "year": 2024, "population": 5}
            )
        with self.assertRaises(AccessError):
            self.Association.with_user(self.viewer).create({"name": "x", "code": "x", "parent_id": self.commune_a.id})

    def test_manager_sees_whole_company(self):
        """The manager sees every association of the company, attached or not."""
        visible = self.Association.with_user(self.manager).search([])
        self.assertIn(self.commune_b, visible)
        self.assertIn(self.branch_a1, visible)

    def test_rules_follow_attachment_changes(self):
        """Attaching a user to another association widens their scope at once."""
        Association = self.Association.with_user(self.viewer)
        self.assertNotIn(self.commune_b, Association.search([]))
        self.viewer.hoctap_association_ids = [(4, self.commune_b.id)]
        self.assertIn(self.commune_b, Association.search([]))

    def test_other_company_invisible(self):
        """Associations of another company are invisible even to a manager."""
        other_company = self.env["res.company"].create({"name": "Hội khác"})
        foreign = self.Association.create(
            {"name": "Hội ngoài", "code": "X", "level": "province", "company_id": other_company.id}
        )
        self.assertNotIn(foreign, self.Association.with_user(self.manager).search([]))

    def test_officer_cannot_reparent_outside_the_move_wizard(self):
        """Moving an association is a manager's Move; an officer cannot re-parent by writing."""
        with self.assertRaises(AccessError):
            self.branch_a1.with_user(self.commune_officer).write({"parent_id": self.commune_b.id})
        self.assertEqual(self.branch_a1.parent_id, self.commune_a)
        self.branch_a1.with_user(self.manager).write({"parent_id": self.commune_b.id})
        self.assertEqual(self.branch_a1.parent_id, self.commune_b)

    def test_membership_keeps_its_association(self):
        """A membership cannot be moved by editing it: the transfer keeps the history."""
        with self.assertRaises(UserError):
            self.member_a.with_user(self.commune_officer).write({"association_id": self.branch_a2.id})
        self.assertEqual(self.member_a.association_id, self.branch_a1)

    def test_personal_data_hidden_from_other_users(self):
        """Internal users outside the learning-promotion groups cannot read a citizen ID, nor change a person of
        the registry, even with Odoo's Contact Creation group (given to every new user by the default template)."""
        contacts_user = new_test_user(self.env, login="other_user", groups="base.group_user,base.group_partner_manager")
        person = self.member_a.partner_id.with_user(contacts_user)
        self.assertEqual(person.name, self.member_a.partner_id.name)
        with self.assertRaises(AccessError):
            person.read(["citizen_id"])
        # Before, any contact manager archived or renamed a member's person (and changed a citizen's e-mail,
        # where their password reset goes): the registry's persons are now changed only in scope.
        for vals in ({"active": False}, {"email": "ke-gian@example.com"}, {"name": "Tên khác"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                person.write(vals)
        self.assertTrue(self.member_a.partner_id.active)
        # other contacts stay theirs to keep
        supplier = self.Partner.with_user(contacts_user).create({"name": "Nhà cung cấp", "is_company": True})
        supplier.write({"phone": "0243111222"})

    def test_viewer_scope_on_contacts(self):
        """A viewer reads the persons of the registry but changes none, even in their own commune and even
        with Contact Creation; a branch officer changes the persons of their branch only."""
        viewer = new_test_user(
            self.env,
            login="viewer_contacts",
            groups="congdan_hoctap.group_viewer,base.group_partner_manager",
            hoctap_association_ids=[(6, 0, self.commune_a.ids)],
        )
        in_scope = self.member_a.partner_id
        self.assertEqual(in_scope.with_user(viewer).read(["name"])[0]["name"], in_scope.name)
        for user in (self.viewer, viewer):
            for person in (in_scope, self.member_b.partner_id):
                with self.subTest(user=user.login, person=person.name), self.assertRaises(AccessError):
                    person.with_user(user).write({"email": "ke-gian@example.com"})
        in_scope.with_user(self.branch_officer).write({"email": "hoivien@example.com"})
        with self.assertRaises(AccessError):
            self.member_b.partner_id.with_user(self.branch_officer).write({"email": "ke-gian@example.com"})
        self.assertEqual((in_scope.email, self.member_b.partner_id.email), ("hoivien@example.com", False))
