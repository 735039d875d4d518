# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import api
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_evaluation import EvaluationCase

SCAN = base64.b64encode(b"%PDF-1.4 phieu dong y")


@tagged("post_install", "-at_install")
class TestPersonalDataConsent(EvaluationCase):
    """Personal data is kept under a recorded consent; ethnicity under an explicit one; withdrawal restricts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.signup_values = {
            "citizen_id": "046190005555",
            "name": "Trần Thị Đồng Ý",
            "gender": "female",
            "birth_year": "1991",
            "ethnicity": "Mường",
            "branch_id": str(cls.branch_a1.id),
            "occupation_group": "farmer",
            "password": "matkhau-an-toan",
            "consent_notice": True,
            "consent_sensitive": True,
        }

    def _paper_consent(self, **vals):
        return {"channel": "paper", "scan": SCAN, "scan_filename": "phieu.pdf", **vals}

    # ---- Sign-up ----
    def test_signup_records_portal_consent(self):
        """The portal sign-up records the consent: channel, notice version, purposes, sensitive data."""
        user = self.env["res.users"].sudo()._hoctap_signup(dict(self.signup_values, consent_contact=True))
        consent = user.partner_id.hoctap_consent_ids
        self.assertEqual(len(consent), 1)
        self.assertEqual((consent.channel, consent.notice_version, consent.state), ("portal", "2026-01", "given"))
        self.assertTrue(consent.purpose_membership and consent.purpose_contact and consent.sensitive_data)
        self.assertEqual(user.partner_id.ethnicity, "Mường")
        self.assertEqual(user.partner_id.hoctap_consent_state, "given")

    def test_signup_needs_notice_and_keeps_ethnicity_only_with_its_consent(self):
        """No sign-up without agreeing to the notice; ethnicity is optional and needs its own box."""
        Users = self.env["res.users"].sudo()
        errors = Users._hoctap_signup_errors(dict(self.signup_values, consent_notice=False))
        self.assertIn("consent_notice", errors)
        errors = Users._hoctap_signup_errors(dict(self.signup_values, consent_sensitive=False))
        self.assertIn("sensitive data", errors["ethnicity"])
        self.assertFalse(Users._hoctap_signup_errors(dict(self.signup_values, ethnicity="", consent_sensitive=False)))
        user = Users._hoctap_signup(dict(self.signup_values, consent_sensitive=False))
        self.assertFalse(user.partner_id.ethnicity)
        self.assertFalse(user.partner_id.hoctap_consent_ids.sensitive_data)

    # ---- Officer ----
    def test_officer_records_how_consent_was_obtained(self):
        """An officer keeps a person's civil data only with the consent recorded in the same save."""
        Partner = self.env["res.partner"].with_user(self.branch_officer)
        with self.assertRaisesRegex(ValidationError, "record how the person consented"):
            Partner.create({"name": "Không đồng ý", "citizen_id": "046190006666"})
        with self.assertRaisesRegex(ValidationError, "scanned signed form"):
            Partner.create(
                {
                    "name": "Giấy thiếu",
                    "citizen_id": "046190006667",
                    "hoctap_consent_ids": [(0, 0, {"channel": "paper"})],
                }
            )
        person = Partner.create(
            {
                "name": "Đồng ý trên giấy",
                "citizen_id": "046190006668",
                "hoctap_consent_ids": [(0, 0, self._paper_consent())],
            }
        )
        self.assertEqual(person.hoctap_consent_ids.recorded_by_id, self.branch_officer)
        self.assertEqual(person.hoctap_consent_state, "given")
        quick = Partner.create({"name": "Chỉ có tên"})
        with self.assertRaisesRegex(ValidationError, "record how the person consented"):
            quick.write({"birth_year": 1980})

    def test_ethnicity_needs_explicit_consent(self):
        """Ethnicity (sensitive) is refused under a consent that does not cover it."""
        Partner = self.env["res.partner"].with_user(self.branch_officer)
        person = Partner.create(
            {
                "name": "Không dân tộc",
                "citizen_id": "046190007777",
                "hoctap_consent_ids": [(0, 0, self._paper_consent())],
            }
        )
        with self.assertRaisesRegex(ValidationError, "sensitive personal data"):
            person.write({"ethnicity": "Tày"})
        person.write({"hoctap_consent_ids": [(0, 0, self._paper_consent(sensitive_data=True))], "ethnicity": "Tày"})
        self.assertEqual(person.ethnicity, "Tày")
        self.assertFalse(self.env["res.partner"]._fields["ethnicity"].exportable)

    def test_rpc_cannot_forge_a_portal_consent(self):
        """The sign-up's consent context cannot be sent by a client: the person still has no consent."""
        env = self.env(user=self.branch_officer, context={"hoctap_signup_consent": [None, {"channel": "portal"}]})
        with self.assertRaisesRegex(ValidationError, "record how the person consented"):
            api.call_kw(env["res.partner"], "create", [{"name": "Giả mạo", "citizen_id": "046190008888"}], {})

    def test_import_records_import_consent(self):
        """Persons imported with civil data get a consent of the import channel."""
        result = (
            self.env["res.partner"]
            .with_user(self.branch_officer)
            .with_context(import_file=True)
            .load(["name", "citizen_id"], [["Nhập từ tệp", "046190009991"]])
        )
        self.assertFalse(result["messages"], result["messages"])
        person = self.env["res.partner"].browse(result["ids"])
        self.assertEqual(person.hoctap_consent_ids.channel, "import")

    def test_consent_cannot_be_edited_after_it_is_given(self):
        """What the person agreed to is evidence: a client cannot change it, nor mark it withdrawn by hand."""
        person = self._person("Đã đồng ý", hoctap_consent_ids=[(0, 0, self._paper_consent())])
        consent = person.hoctap_consent_ids.with_user(self.branch_officer)
        with self.assertRaises(UserError):
            consent.write({"purpose_contact": True})
        with self.assertRaises(UserError):
            consent.write({"state": "withdrawn"})

    def test_consents_are_seen_inside_the_scope_only(self):
        """The commune of a member reads their consents; another commune does not."""
        member = self._member(self.branch_a1)
        consent = self.env["hoctap.consent"].create({"partner_id": member.partner_id.id, "channel": "import"})
        Consent = self.env["hoctap.consent"]
        self.assertEqual(Consent.with_user(self.commune_officer).search([("id", "=", consent.id)]), consent)
        self.assertFalse(Consent.with_user(self.officer_b).search([("id", "=", consent.id)]))

    # ---- Withdrawal ----
    def test_withdrawal_restricts_processing(self):
        """Withdrawn: ethnicity erased, no new membership or evaluation; the existing ones are kept."""
        person = self._person(
            "Rút đồng ý", ethnicity="Dao", hoctap_consent_ids=[(0, 0, self._paper_consent(sensitive_data=True))]
        )
        membership = self.Membership.create({"partner_id": person.id, "association_id": self.branch_a1.id})
        person.hoctap_consent_ids.with_user(self.branch_officer).action_withdraw()
        self.assertEqual(person.hoctap_consent_state, "withdrawn")
        self.assertFalse(person.ethnicity)
        self.assertTrue(membership.exists())
        membership._leave()
        with self.assertRaisesRegex(ValidationError, "withdrew their consent"):
            self.Membership.create({"partner_id": person.id, "association_id": self.branch_a2.id})
        with self.assertRaisesRegex(ValidationError, "withdrew their consent"):
            self.Evaluation.create(
                {
                    "partner_id": person.id,
                    "association_id": self.branch_a1.id,
                    "year": 2026,
                    "set_id": self.framework.id,
                }
            )

    def test_withdrawal_by_the_person_or_their_branch_only(self):
        """Another commune's officer cannot withdraw a person's consent; the person themself can."""
        user = self.env["res.users"].sudo()._hoctap_signup(self.signup_values)
        consent = user.partner_id.hoctap_consent_ids
        with self.assertRaises(UserError):
            consent.with_user(self.officer_b).sudo().action_withdraw()
        consent.with_user(user).sudo().action_withdraw()
        self.assertEqual(consent.state, "withdrawn")
        self.assertEqual(consent.withdrawn_by_id, user)
