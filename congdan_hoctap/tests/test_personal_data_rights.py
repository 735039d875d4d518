# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_evaluation import EvaluationCase


@tagged("post_install", "-at_install")
class TestPersonalDataRights(EvaluationCase):
    """The citizen's rights: see their data, request correction or deletion; anonymisation; retention."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.citizen = (
            cls.env["res.users"]
            .sudo()
            ._hoctap_signup(
                {
                    "citizen_id": "046190004444",
                    "name": "Võ Văn Quyền",
                    "gender": "male",
                    "birth_year": "1985",
                    "ethnicity": "Kinh",
                    "branch_id": str(cls.branch_a1.id),
                    "occupation_group": "farmer",
                    "password": "matkhau-an-toan",
                    "consent_notice": True,
                    "consent_sensitive": True,
                }
            )
        )
        cls.person = cls.citizen.partner_id
        cls.membership = cls.Membership.create({"partner_id": cls.person.id, "association_id": cls.branch_a1.id})
        cls.Request = cls.env["hoctap.data.request"]

    def _recognised_evaluation(self):
        evaluation = self.Evaluation.create(
            {
                "partner_id": self.person.id,
                "association_id": self.branch_a1.id,
                "year": 2025,
                "set_id": self.framework.id,
            }
        )
        evaluation.sudo()._workflow().write(
            {
                "state": "recognised",
                "certificate_number": "CDHT-2025-0007",
                "certificate_token": "tok-pdp-7",
                "certificate_state": "valid",
                "certificate_holder": self.person.name,
            }
        )
        return evaluation

    # ---- My data ----
    def test_my_data_lists_fields_associations_consents_and_log(self):
        """The citizen's page data: every personal field, who can see it, consents and the access log."""
        self.person.with_user(self.commune_officer).read(["citizen_id"])
        data = self.person.sudo()._hoctap_personal_data_dict()
        self.assertEqual(data["personal_data"]["citizen_id"], "046190004444")
        self.assertEqual(data["personal_data"]["ethnicity"], "Kinh")
        self.assertIn(self.branch_a1.name, data["visible_to"])
        self.assertIn(self.commune_a.name, data["visible_to"])
        self.assertNotIn(self.commune_b.name, data["visible_to"])
        self.assertEqual(data["consents"][0]["channel"], "portal")
        self.assertEqual(data["access_log"][0]["user"], self.commune_officer.name)

    # ---- Requests ----
    def test_request_reaches_branch_officer_with_legal_deadline(self):
        """A request becomes an activity of the branch officer, due on the legal deadline (3 days)."""
        request = self.Request._portal_create(self.person, "correction", "Năm sinh là 1986")
        self.assertEqual(request.association_id, self.branch_a1)
        self.assertEqual(request.date_deadline, date.today() + timedelta(days=3))
        activity = request.activity_ids
        self.assertEqual((activity.user_id, activity.date_deadline), (self.branch_officer, request.date_deadline))
        self.assertEqual(activity.activity_type_id, self.env.ref("congdan_hoctap.mail_act_hoctap_data_request"))
        with self.assertRaises(UserError):
            self.Request._portal_create(self.person, "everything", "")

    def test_officer_decides_and_citizen_is_notified(self):
        """The decision is recorded (by whom, when) and sent to the citizen; a refusal needs a reason."""
        request = self.Request._portal_create(self.person, "correction", "Năm sinh là 1986")
        as_officer = request.with_user(self.branch_officer)
        with self.assertRaisesRegex(UserError, "reason"):
            as_officer.action_refuse()
        as_officer.write({"decision_note": "Đã sửa năm sinh theo CCCD."})
        self.person.with_user(self.branch_officer).write({"birth_year": 1986})
        as_officer.action_done()
        self.assertEqual((request.state, request.decided_by_id), ("done", self.branch_officer))
        self.assertFalse(request.activity_ids)
        message = request.message_ids.filtered(lambda m: self.person in m.partner_ids)
        self.assertTrue(message)
        with self.assertRaises(UserError):
            as_officer.action_refuse()

    def test_other_commune_cannot_decide(self):
        """An officer of commune B cannot decide a commune-A citizen's request, nor see it."""
        request = self.Request._portal_create(self.person, "deletion", "")
        with self.assertRaises(AccessError):
            request.with_user(self.officer_b).action_done()
        self.assertFalse(self.Request.with_user(self.officer_b).search([("id", "=", request.id)]))
        self.assertFalse(self.person.hoctap_anonymised)

    def test_client_cannot_forge_the_decision(self):
        """State and decider are set by the actions only."""
        request = self.Request._portal_create(self.person, "deletion", "")
        with self.assertRaises(UserError):
            request.with_user(self.branch_officer).write({"state": "refused"})

    # ---- Deletion = anonymisation ----
    def test_deletion_anonymises_and_keeps_ledger_and_certificates(self):
        """Accepted deletion: name and personal data replaced, CCCD removed, login freed; membership
        number and certificate number kept; the verification page shows the certificate without the name."""
        evaluation = self._recognised_evaluation()
        number = self.membership.number
        request = self.Request._portal_create(self.person, "deletion", "Xin xóa dữ liệu")
        request.with_user(self.branch_officer).action_done()
        person = self.person
        self.assertTrue(person.hoctap_anonymised)
        self.assertNotIn("Võ Văn Quyền", person.name)
        for name in ("citizen_id", "birth_year", "gender", "ethnicity", "occupation_group", "phone"):
            self.assertFalse(person[name], name)
        self.assertEqual((self.membership.partner_id, self.membership.number), (person, number))
        self.assertEqual((evaluation.partner_id, evaluation.certificate_number), (person, "CDHT-2025-0007"))
        self.assertFalse(evaluation.certificate_holder)
        values = self.Evaluation._verification_values("tok-pdp-7")
        self.assertTrue(values["valid"])
        self.assertNotIn("Võ Văn Quyền", values["holder"])
        self.assertNotIn(person.name, values["holder"])
        self.assertFalse(self.citizen.with_context(active_test=False).active)
        self.assertNotEqual(self.citizen.with_context(active_test=False).login, "046190004444")
        log = self.env["hoctap.personal.data.log"].search([("operation", "=", "anonymise")], limit=1)
        self.assertEqual(log.partner_ids, person)

    # ---- Retention ----
    def test_retention_anonymises_old_members_and_unlinked_persons(self):
        """The weekly job anonymises members who left more than N years ago and persons with no record."""
        self.env.company.hoctap_retention_years = 5
        old = self._member(self.branch_a1, date_join="2010-01-01")
        old._leave(date=date.today() - timedelta(days=6 * 366))
        recent = self._member(self.branch_a1, date_join="2010-01-01")
        recent._leave(date=date.today() - timedelta(days=2 * 365))
        unlinked = self._person("Không hồ sơ")
        new_unlinked = self._person("Mới đăng ký")
        donor = self._person("Nhà hảo tâm")
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = now() - interval '7 years' WHERE id IN %s", [(unlinked.id, donor.id)]
        )
        self.env["res.partner"].invalidate_model(["create_date"])
        fund = self.env["hoctap.fund"].create({"name": "Quỹ thử", "code": "QT", "association_id": self.commune_a.id})
        self.env["hoctap.donation"].create({"partner_id": donor.id, "fund_id": fund.id, "amount": 100000})
        staff = self.commune_officer.partner_id
        report = self.env["res.partner"]._cron_hoctap_retention()
        self.assertTrue(old.partner_id.hoctap_anonymised)
        self.assertTrue(unlinked.hoctap_anonymised)
        self.assertFalse(recent.partner_id.hoctap_anonymised)
        self.assertFalse(new_unlinked.hoctap_anonymised)
        self.assertFalse(self.person.hoctap_anonymised)
        self.assertFalse(staff.hoctap_anonymised)
        self.assertFalse(donor.hoctap_anonymised)
        self.assertIn("1 former members", report)
        self.assertEqual(old.number and old.partner_id, old.partner_id)

    def test_retention_period_is_per_company(self):
        """With a 10-year period, a member who left 6 years ago is kept."""
        self.env.company.hoctap_retention_years = 10
        old = self._member(self.branch_a1, date_join="2010-01-01")
        old._leave(date=date.today() - timedelta(days=6 * 366))
        self.env["res.partner"]._cron_hoctap_retention()
        self.assertFalse(old.partner_id.hoctap_anonymised)
