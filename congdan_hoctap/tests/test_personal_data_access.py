# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import api
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.base.models.ir_qweb import QWebException

from .common_evaluation import EvaluationCase

PNG = base64.b64encode(
    base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
)
PERSONAL = ["citizen_id", "birth_date", "birth_year", "gender", "ethnicity", "occupation_group", "image_128"]


class PersonalDataCase(EvaluationCase):
    """A commune-A member with every personal field filled, a viewer and an officer of commune B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.viewer_b = cls._user("pdp_viewer_b", "congdan_hoctap.group_viewer,base.group_allow_export", cls.commune_b)
        cls.officer_b.groups_id = [
            (4, cls.env.ref("base.group_allow_export").id),
            (4, cls.env.ref("congdan_hoctap.group_personal_data_export").id),
        ]
        cls.person_a = cls._person(
            "Nguyễn Thị Riêng",
            birth_date="1980-05-04",
            gender="female",
            ethnicity="Tày",
            occupation_group="farmer",
            image_1920=PNG,
        )
        cls.Membership.create({"partner_id": cls.person_a.id, "association_id": cls.branch_a1.id})
        cls.cccd_a = cls.person_a.citizen_id
        cls.child = cls.Partner.create({"name": "Liên hệ", "parent_id": cls.person_a.id})
        cls.manager = cls._user("pdp_manager", "congdan_hoctap.group_manager", cls.province)


@tagged("post_install", "-at_install")
class TestPersonalDataAccess(PersonalDataCase):
    """Personal fields of a commune-A person are invisible from commune B, whatever the client path."""

    def _outsiders(self):
        return (self.viewer_b, self.officer_b)

    def assertMasked(self, values):
        for name in PERSONAL:
            if name in values:
                self.assertFalse(values[name], f"{name} leaked: {values[name]!r}")
        self.assertEqual(values.get("name", self.person_a.name), self.person_a.name)

    def test_read_masks_personal_fields_outside_scope(self):
        """read and search_read of a commune-A person from commune B give the name and nothing else."""
        for user in self._outsiders():
            person = self.person_a.with_user(user)
            self.assertMasked(person.read(["name"] + PERSONAL)[0])
            rows = person.search_read([("id", "=", person.id)], ["name"] + PERSONAL)
            self.assertEqual(len(rows), 1)
            self.assertMasked(rows[0])

    def test_web_read_and_contacts_list_mask_personal_fields(self):
        """web_read (form) and web_search_read (Contacts list) mask the personal fields too."""
        spec = {name: {} for name in ["name"] + PERSONAL}
        for user in self._outsiders():
            Partner = self.env["res.partner"].with_user(user)
            self.assertMasked(Partner.browse(self.person_a.id).web_read(spec)[0])
            page = Partner.web_search_read([("id", "=", self.person_a.id)], spec)
            self.assertMasked(page["records"][0])
            # Through a relation of another record the person's fields stay masked.
            self.assertMasked(Partner.browse(self.child.id).web_read({"parent_id": {"fields": spec}})[0]["parent_id"])

    def test_citizen_id_domain_finds_nothing_outside_scope(self):
        """Searching another commune's CCCD (or grouping by it) finds nothing."""
        for user in self._outsiders():
            Partner = self.env["res.partner"].with_user(user)
            self.assertFalse(Partner.search([("citizen_id", "=", self.cccd_a)]))
            self.assertFalse(
                Partner.search([("citizen_id", "=like", self.cccd_a[:6] + "%"), ("id", "=", self.person_a.id)])
            )
            self.assertFalse(Partner.search_count([("birth_year", "=", 1980), ("id", "=", self.person_a.id)]))
            groups = Partner.read_group([("id", "=", self.person_a.id)], ["citizen_id"], ["citizen_id"])
            self.assertFalse([g for g in groups if g["citizen_id"] == self.cccd_a])
            self.assertFalse(Partner.name_search(self.cccd_a))

    def test_export_masks_personal_columns_outside_scope(self):
        """export_data of a commune-A person from commune B gives the name and blank personal columns."""
        user = self.officer_b
        data = self.person_a.with_user(user).export_data(["name", "citizen_id", "birth_year", "gender"])["datas"]
        self.assertEqual(data[0][0], self.person_a.name)
        self.assertEqual(data[0][1:], [False, False, False])

    def test_export_of_personal_fields_needs_the_export_group(self):
        """Without the Personal Data Export group, no export of personal fields, even through a relation."""
        membership = self.person_a.hoctap_membership_ids
        officer = self.commune_officer
        officer.groups_id = [(4, self.env.ref("base.group_allow_export").id)]
        for model, records, path in (
            ("res.partner", self.person_a, "citizen_id"),
            ("hoctap.membership", membership, "citizen_id"),
            ("hoctap.membership", membership, "partner_id/birth_year"),
        ):
            with self.assertRaisesRegex(AccessError, "Personal Data Export"):
                self.env[model].with_user(officer).browse(records.ids).export_data(
                    ["number" if "membership" in model else "name", path]
                )
        self.assertTrue(membership.with_user(officer).export_data(["number", "partner_id"])["datas"])

    def test_duplicate_cccd_does_not_name_a_person_outside_scope(self):
        """Typing a commune-A person's CCCD in commune B is refused without telling whose it is."""
        with self.assertRaises(ValidationError) as caught:
            self.env["res.partner"].with_user(self.officer_b).create(
                {"name": "Trùng số", "citizen_id": self.cccd_a, "hoctap_consent_ids": [(0, 0, {"channel": "import"})]}
            )
        self.assertIn("already registered", str(caught.exception))
        self.assertNotIn(self.person_a.name, str(caught.exception))

    def test_chatter_tracking_of_personal_fields_outside_scope(self):
        """The chatter's tracked CCCD change of a commune-A person is hidden from commune B."""
        self.person_a.with_context(tracking_disable=False).write({"citizen_id": "046199990001"})
        self.env.cr.precommit.run()  # tracking values are written at commit
        trackings = self.person_a.message_ids.sudo().tracking_value_ids.filtered(
            lambda t: t.field_id.name == "citizen_id"
        )
        self.assertTrue(trackings)
        self.assertFalse(trackings._filter_has_field_access(self.env(user=self.officer_b)))
        self.assertEqual(trackings._filter_has_field_access(self.env(user=self.commune_officer)), trackings)

    def test_call_kw_read_outside_scope(self):
        """The RPC entry a client uses (call_kw) masks the same way."""
        env = self.env(user=self.officer_b)
        rows = api.call_kw(env["res.partner"], "read", [[self.person_a.id], ["name", "citizen_id"]], {})
        self.assertEqual(rows[0]["name"], self.person_a.name)
        self.assertFalse(rows[0]["citizen_id"])

    def test_member_card_report_of_another_commune_is_refused(self):
        """The member card (photo, year of birth) of a commune-A member cannot be printed from commune B."""
        membership = self.person_a.hoctap_membership_ids
        report = self.env.ref("congdan_hoctap.action_report_member_card")
        with self.assertRaisesRegex((AccessError, QWebException), "read' access") as caught:
            report.with_user(self.officer_b)._render_qweb_html(report.report_name, membership.ids)
        self.assertNotIn(self.cccd_a, str(caught.exception))

    def test_scope_users_read_personal_fields(self):
        """Commune A's officer (membership), the support team (evaluation) and managers read them all."""
        evaluation = self._evaluation(self.branch_a1)
        person = evaluation.partner_id
        for user in (self.commune_officer, self.manager):
            values = self.person_a.with_user(user).read(PERSONAL)[0]
            self.assertEqual(values["citizen_id"], self.cccd_a)
            self.assertEqual(values["ethnicity"], "Tày")
            self.assertTrue(self.env["res.partner"].with_user(user).search([("citizen_id", "=", self.cccd_a)]))
        self.assertEqual(person.with_user(self.verifier).read(["citizen_id"])[0]["citizen_id"], person.citizen_id)
        self.assertFalse(person.with_user(self.viewer_b).read(["citizen_id"])[0]["citizen_id"])

    def test_past_membership_keeps_scope(self):
        """A commune that held a membership (now left) still reads the person; others still do not."""
        left = self._member(self.branch_b1)
        left.partner_id.birth_year = 1990
        left._leave()
        self.assertEqual(left.partner_id.with_user(self.officer_b).read(["birth_year"])[0]["birth_year"], 1990)
        self.assertFalse(left.partner_id.with_user(self.commune_officer).read(["birth_year"])[0]["birth_year"])
