# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import xmlrpc.client

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.base.controllers.rpc import dumps as rpc_dumps

from .common_evaluation import EvaluationCase

CONTACT_CREATION = "base.group_partner_manager"
SCAN = base64.b64encode(b"%PDF-1.4 phieu dong y")


@tagged("post_install", "-at_install")
class TestPartnerScope(EvaluationCase):
    """Who may change a person: learning-promotion users only the persons of their scope, over RPC too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_a = cls._member(cls.branch_a1, name="Hội viên A1")
        cls.member_b = cls._member(cls.branch_b1, name="Hội viên B1")
        # Odoo's default user template gives "Contact Creation" to every new internal user:
        # the scope must hold with it too.
        cls.officer_a1 = cls._user("scope_a1", f"congdan_hoctap.group_branch_officer,{CONTACT_CREATION}", cls.branch_a1)
        cls.viewer_a = cls._user("scope_viewer", f"congdan_hoctap.group_viewer,{CONTACT_CREATION}", cls.commune_a)
        cls.plain_viewer = cls._user("scope_plain_viewer", "congdan_hoctap.group_viewer", cls.commune_a)
        cls.manager = cls._user("scope_manager", "congdan_hoctap.group_manager", cls.Association)
        citizen_partner = cls._person("Công dân B1", hoctap_branch_id=cls.branch_b1.id)
        cls.citizen_b = new_test_user(
            cls.env, login="scope_citizen", groups="base.group_portal", partner_id=citizen_partner.id
        )

    def test_branch_officer_is_not_a_contact_manager(self):
        """The addon's groups no longer make anyone an Odoo contact manager."""
        for xmlid in (
            "group_viewer",
            "group_branch_officer",
            "group_officer",
            "group_manager",
            "group_treasurer",
            "group_approver",
        ):
            group = self.env.ref(f"congdan_hoctap.{xmlid}")
            self.assertNotIn(self.env.ref(CONTACT_CREATION), group.trans_implied_ids, xmlid)
        officer = new_test_user(self.env, login="only_officer", groups="congdan_hoctap.group_officer")
        self.assertFalse(officer.has_group(CONTACT_CREATION))

    def test_branch_officer_edits_only_persons_of_their_scope(self):
        """A branch officer changes their members, never a person of another commune, even with Contact Creation."""
        citizen_email = self.citizen_b.partner_id.email
        self._rpc(self.officer_a1, self.member_a.partner_id, "write", {"phone": "0912000001"})
        self.assertEqual(self.member_a.partner_id.phone, "0912000001")
        for person in (self.member_b.partner_id, self.citizen_b.partner_id):
            with self.subTest(person=person.name), self.assertRaises(AccessError):
                self._rpc(self.officer_a1, person, "write", {"email": "ke-gian@example.com"})
        self.assertEqual(
            self.citizen_b.partner_id.email,
            citizen_email,
            "the portal citizen's e-mail (their password reset) stays theirs",
        )
        with self.assertRaises(AccessError):
            self._rpc(self.officer_a1, self.member_b.partner_id, "write", {"citizen_id": "001999999999"})
        with self.assertRaises(AccessError):
            self._rpc(self.officer_a1, self.member_b.partner_id, "unlink")

    def test_branch_officer_creates_persons_then_keeps_them_in_scope(self):
        """A branch officer (without Contact Creation) creates a person and edits them until they are someone else's."""
        officer = self._user("scope_bare_a1", "congdan_hoctap.group_branch_officer", self.branch_a1)
        person = self.Partner.with_user(officer).create(
            {
                "name": "Người mới",
                "citizen_id": "001888000001",  # with the consent signed at the branch (issue 10)
                "hoctap_consent_ids": [(0, 0, {"channel": "paper", "scan": SCAN, "scan_filename": "phieu.pdf"})],
            }
        )
        person.with_user(officer).write({"phone": "0912000002"})
        self.Membership.create({"partner_id": person.id, "association_id": self.branch_b1.id})
        with self.assertRaises(AccessError):
            person.with_user(officer).write({"phone": "0912000003"})
        # a person evaluated in their scope is theirs to correct too
        evaluated = self._person("Người được đánh giá")
        self._evaluation(partner_id=evaluated.id)
        evaluated.with_user(self.branch_officer).write({"phone": "0912000004"})

    def test_branch_officer_right_on_contacts_is_for_learning_persons(self):
        """The contact right the addon gives a branch officer covers learning persons only: a donor or supplier
        stays Odoo's Contact Creation's to change."""
        bare = self._user("scope_bare_donor", "congdan_hoctap.group_branch_officer", self.branch_a1)
        donor = self.Partner.create({"name": "Công ty Tài trợ", "is_company": True})
        with self.assertRaises(AccessError):
            self._rpc(bare, donor, "write", {"name": "Tên khác"})
        self._rpc(self.officer_a1, donor, "write", {"phone": "0243000001"})
        self.assertEqual((donor.name, donor.phone), ("Công ty Tài trợ", "0243000001"))

    def test_viewer_changes_no_learning_person(self):
        """A viewer changes no person of the registry, even with Contact Creation; other contacts stay Odoo's."""
        with self.assertRaises(AccessError):
            self._rpc(self.viewer_a, self.member_a.partner_id, "write", {"name": "Tên khác"})
        with self.assertRaises(AccessError):
            self._rpc(self.plain_viewer, self.member_a.partner_id, "write", {"name": "Tên khác"})
        donor = self.Partner.create({"name": "Công ty Tài trợ", "is_company": True})
        self._rpc(self.viewer_a, donor, "write", {"phone": "0243000000"})
        self.assertEqual(donor.phone, "0243000000")

    def test_manager_edits_every_person(self):
        """The manager corrects any person of the company."""
        self._rpc(self.manager, self.member_b.partner_id, "write", {"phone": "0912000005"})
        self.assertEqual(self.member_b.partner_id.phone, "0912000005")

    def test_merge_refuses_persons_with_history(self):
        """The Contacts merge (raw SQL past every guard) never merges away a person with memberships or evaluations."""
        duplicate = self._person("Hội viên A1 (trùng)")
        Wizard = self.env["base.partner.merge.automatic.wizard"]
        for source, target in ((self.member_a.partner_id, duplicate), (duplicate, self.member_a.partner_id)):
            wizard = Wizard.create({"partner_ids": [(6, 0, (source | target).ids)], "dst_partner_id": target.id})
            if source == self.member_a.partner_id:
                with self.assertRaisesRegex(UserError, "memberships or learning evaluations"):
                    wizard.action_merge()
                self.assertTrue(self.member_a.partner_id.exists())
                self.assertEqual(self.member_a.state, "active")
            else:
                wizard.action_merge()
        self.assertFalse(duplicate.exists(), "a duplicate without history is merged into the member")
        evaluated = self._person("Người được đánh giá")
        self._evaluation(partner_id=evaluated.id)
        other = self._person("Người khác")
        wizard = Wizard.create({"partner_ids": [(6, 0, (evaluated | other).ids)], "dst_partner_id": other.id})
        with self.assertRaisesRegex(UserError, "memberships or learning evaluations"):
            wizard.action_merge()

    def test_release_squatted_citizen_id(self):
        """A stranger's self-made account holding a CCCD is released by the branch; the real holder can then be
        registered."""
        cccd = "001777000001"
        values = {
            "citizen_id": cccd,
            "name": "Kẻ Chiếm",
            "gender": "male",
            "birth_year": "1990",
            "ethnicity": "Kinh",
            "branch_id": str(self.branch_a1.id),
            "occupation_group": "farmer",
            "password": "matkhau-chiem-cho",
        }
        squatter = self.env["res.users"].sudo()._hoctap_signup(values)
        person = squatter.partner_id
        officer_b1 = self._user("scope_b1", "congdan_hoctap.group_branch_officer", self.branch_b1)
        with self.assertRaises(AccessError):
            self._rpc(officer_b1, person, "action_hoctap_release_citizen_id")
        with self.assertRaisesRegex(UserError, "Only a branch officer"):
            self._rpc(self.viewer_a, person, "action_hoctap_release_citizen_id")
        result = self._rpc(
            self.officer_a1, person.with_context(tracking_disable=False), "action_hoctap_release_citizen_id"
        )
        xmlrpc.client.loads(rpc_dumps((result,)))  # marshallable over XML-RPC
        self.assertFalse(squatter.active)
        self.assertNotEqual(squatter.login, cccd)
        self.assertFalse(person.active)
        self.assertFalse(person.citizen_id)
        self.env.cr.precommit.run()  # tracking is written at commit
        self.assertFalse(
            self.env["mail.tracking.value"].search(
                [("mail_message_id", "in", person.message_ids.ids), ("old_value_char", "=", cccd)]
            )
        )
        real = self.Partner.create({"name": "Người Thật", "citizen_id": cccd})
        self.assertEqual(real.citizen_id, cccd)
        with self.assertRaisesRegex(UserError, "is a member"):
            self._rpc(self.officer_a1, self.member_a.partner_id, "action_hoctap_release_citizen_id")

    def test_public_methods_marshal_over_xmlrpc(self):
        """What the contacts' and sign-up requests' buttons return travels over XML-RPC (no None)."""
        results = [self._rpc(self.officer_a1, self.member_a.partner_id, "action_view_hoctap_memberships")]
        self.env["res.users"].sudo()._hoctap_signup(
            {
                "citizen_id": self.member_a.partner_id.citizen_id,
                "name": "Ai đó",
                "gender": "male",
                "birth_year": "1990",
                "ethnicity": "Kinh",
                "branch_id": str(self.branch_a1.id),
                "occupation_group": "farmer",
                "password": "matkhau-an-toan",
            }
        )
        request = self.env["hoctap.signup.request"].search([("partner_id", "=", self.member_a.partner_id.id)])
        results.append(self._rpc(self.officer_a1, request, "action_open_person"))
        results.append(self._rpc(self.officer_a1, request, "action_dismiss"))
        for result in results:
            xmlrpc.client.loads(rpc_dumps((result,)))
        self.assertEqual(request.state, "dismissed")
