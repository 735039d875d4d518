# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

from .common_evaluation import EvaluationCase


@tagged("post_install", "-at_install", "congdan_hoctap_http")
class TestPersonalDataPortal(HttpCase, EvaluationCase):
    """ "Dữ liệu của tôi": the person themself sees and downloads everything; the sign-up shows the notice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partner = cls._person(
            "Nguyễn Văn Dữ Liệu",
            occupation_group="farmer",
            birth_year=1979,
            hoctap_branch_id=cls.branch_a1.id,
            hoctap_consent_ids=[(0, 0, {"channel": "import"})],
        )
        cls.citizen = new_test_user(
            cls.env, login="pdp_portal_citizen", groups="base.group_portal", partner_id=partner.id
        )
        cls.other = new_test_user(
            cls.env,
            login="pdp_portal_other",
            groups="base.group_portal",
            partner_id=cls._person("Người Khác", hoctap_branch_id=cls.branch_b1.id).id,
        )

    def _post(self, url, data=None):
        return self.url_open(url, data={**(data or {}), "csrf_token": Request.csrf_token(self)})

    def test_signup_page_shows_the_notice(self):
        """The public sign-up page shows the Vietnamese notice and the consent boxes."""
        self.authenticate(None, None)
        page = self.url_open("/hoctap/signup").text
        self.assertIn("Luật Bảo vệ dữ liệu cá nhân", page)
        self.assertIn('name="consent_notice"', page)
        self.assertIn('name="consent_sensitive"', page)

    def test_my_data_page_and_json(self):
        """The citizen sees their CCCD, their branch and their consent, and downloads them as JSON."""
        self.authenticate("pdp_portal_citizen", "pdp_portal_citizen")
        page = self.url_open("/my/personal-data")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.citizen.partner_id.citizen_id, page.text)
        self.assertIn(self.branch_a1.name, page.text)
        response = self.url_open("/my/personal-data/json")
        data = json.loads(response.content)
        self.assertEqual(data["personal_data"]["citizen_id"], self.citizen.partner_id.citizen_id)
        self.assertEqual(data["personal_data"]["birth_year"], 1979)
        self.assertEqual(data["consents"][0]["channel"], "import")
        pdf = self.url_open("/my/personal-data/pdf")
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        # (in test mode Odoo renders reports as HTML instead of calling wkhtmltopdf)
        self.assertIn(self.citizen.partner_id.citizen_id.encode(), pdf.content)

    def test_request_and_withdrawal_from_the_portal(self):
        """A deletion request from the page reaches the branch; the citizen withdraws their own consent only."""
        self.authenticate("pdp_portal_citizen", "pdp_portal_citizen")
        self._post("/my/personal-data/request", {"request_type": "deletion", "description": "Xóa giúp tôi"})
        request = self.env["hoctap.data.request"].search([("partner_id", "=", self.citizen.partner_id.id)])
        self.assertEqual((request.request_type, request.association_id), ("deletion", self.branch_a1))
        consent = self.citizen.partner_id.hoctap_consent_ids
        self.authenticate("pdp_portal_other", "pdp_portal_other")
        self.assertEqual(self._post(f"/my/personal-data/consent/{consent.id}/withdraw").status_code, 404)
        self.assertEqual(consent.state, "given")
        self.authenticate("pdp_portal_citizen", "pdp_portal_citizen")
        self._post(f"/my/personal-data/consent/{consent.id}/withdraw")
        self.assertEqual(consent.state, "withdrawn")

    def test_citizen_opens_own_evidence_only(self):
        """The citizen downloads their own evidence; another citizen gets a 404 for the same file."""
        evaluation = self.Evaluation.create(
            {
                "partner_id": self.citizen.partner_id.id,
                "association_id": self.branch_a1.id,
                "year": 2026,
                "set_id": self.framework.id,
            }
        )
        attachment = self.env["ir.attachment"].create({"name": "minh-chung.pdf", "raw": b"%PDF-1.4 cua toi"})
        evaluation.line_ids[:1].evidence_ids = [(4, attachment.id)]
        url = f"/my/learning/{evaluation.id}/evidence/{attachment.id}"
        self.authenticate("pdp_portal_citizen", "pdp_portal_citizen")
        self.assertEqual(self.url_open(url).content, b"%PDF-1.4 cua toi")
        self.assertNotEqual(self.url_open(f"/web/content/{attachment.id}").content, b"%PDF-1.4 cua toi")
        self.authenticate("pdp_portal_other", "pdp_portal_other")
        self.assertEqual(self.url_open(url).status_code, 404)
        self.assertNotEqual(self.url_open(f"/web/content/{attachment.id}").content, b"%PDF-1.4 cua toi")
