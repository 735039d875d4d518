# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.api import call_kw
from odoo.tests import tagged

from .common_evaluation import EvaluationCase


@tagged("post_install", "-at_install")
class TestOfficialTexts(EvaluationCase):
    """Decisions, certificates and member cards print in Vietnamese whatever the user's or member's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.env["ir.module.module"]._load_module_terms(["congdan_hoctap"], ["vi_VN"])
        cls.commune_officer.lang = "en_US"

    def _render(self, xmlid, records):
        report = self.env.ref(xmlid).with_user(self.commune_officer).with_context(lang="en_US")
        html, _type = report._render_qweb_html(report.report_name, records.ids)
        return html.decode()

    def test_decision_through_api_prints_vietnamese_title(self):
        """A decision created over RPC by an English-speaking officer, without a title, prints 'Chủ tịch'."""
        evaluation = self._to_state(self._evaluation(), "verified")
        model = self.env["hoctap.recognition"].with_user(self.commune_officer).with_context(lang="en_US")
        decision_id = call_kw(
            model,
            "create",
            [
                {
                    "name": "07/QĐ-HKH",
                    "association_id": self.commune_a.id,
                    "year": 2026,
                    "model_type": "citizen",
                    "date": "2026-12-15",
                    "signer_id": self._person("Chủ tịch Hội").id,
                    "evaluation_ids": [(6, 0, evaluation.ids)],
                }
            ],
            {},
        )
        decision = self.env["hoctap.recognition"].browse(decision_id)
        self.assertEqual(decision.signer_title, "Chủ tịch")
        decision.with_user(self.commune_officer).action_issue()
        for xmlid, records in (
            ("congdan_hoctap.action_report_recognition_decision", decision),
            ("congdan_hoctap.action_report_learning_certificate", evaluation),
        ):
            html = self._render(xmlid, records)
            self.assertIn("Chủ tịch", html)
            self.assertNotIn("Chair", html)

    def test_english_title_prints_in_vietnamese(self):
        """A title sent in English ('Chair', 'Vice Chair') is printed in its Vietnamese wording."""
        evaluation = self._to_state(self._evaluation(), "verified")
        decision = self.env["hoctap.recognition"].create(
            {
                "name": "08/QĐ-HKH",
                "association_id": self.commune_a.id,
                "year": 2026,
                "model_type": "citizen",
                "date": "2026-12-15",
                "signer_title": "Vice Chair",
                "evaluation_ids": [(6, 0, evaluation.ids)],
            }
        )
        html = self._render("congdan_hoctap.action_report_recognition_decision", decision)
        self.assertIn("Phó Chủ tịch", html)
        self.assertNotIn("Vice Chair", html)

    def test_member_card_is_vietnamese_for_english_member_and_user(self):
        """The member card of an English-speaking member, printed by an English-speaking user, is Vietnamese."""
        membership = self._member(self.branch_a1, name="John Smith", date_join="2023-10-25")
        membership.partner_id.lang = "en_US"
        html = self._render("congdan_hoctap.action_report_member_card", membership)
        self.assertIn("Thẻ hội viên", html)
        self.assertNotIn("Member Card", html)
        self.assertIn("25/10/2023", html)

    def test_decision_in_vietnamese_even_when_the_language_was_turned_off(self):
        """An English user's decision created over the API prints in Vietnamese; the language is activated if off."""
        self.assertTrue(self.env["res.lang"]._get_data(code="vi_VN"))
        self.env["res.users"].with_context(active_test=False).search([("lang", "=", "vi_VN")]).lang = "en_US"
        self.env["res.partner"].with_context(active_test=False).search([("lang", "=", "vi_VN")]).lang = "en_US"
        self.env["res.lang"]._lang_get("vi_VN").active = False
        self.assertFalse(self.env["res.lang"]._get_data(code="vi_VN"))
        evaluation = self._to_state(self._evaluation(), "verified")
        model = self.env["hoctap.recognition"].with_user(self.commune_officer).with_context(lang="en_US")
        decision = self.env["hoctap.recognition"].browse(
            call_kw(
                model,
                "create",
                [
                    {
                        "name": "09/QĐ-HKH",
                        "association_id": self.commune_a.id,
                        "year": 2026,
                        "model_type": "citizen",
                        "date": "2026-12-15",
                        "evaluation_ids": [(6, 0, evaluation.ids)],
                    }
                ],
                {},
            )
        )
        html = self._render("congdan_hoctap.action_report_recognition_decision", decision)
        self.assertIn("Chủ tịch", html)
        self.assertNotIn("Chair", html)
        self.assertNotIn("CHAIR", html)
        self.assertTrue(self.env["res.lang"]._get_data(code="vi_VN"))
