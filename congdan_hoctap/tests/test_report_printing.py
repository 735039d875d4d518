# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.tests import tagged

from .common_evaluation import EvaluationCase


def _page_count(pdf):
    """Pages of a PDF, counted from its page objects (``/Type /Page``, not ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


@tagged("post_install", "-at_install")
class TestReportPrinting(EvaluationCase):
    """Several records print in one PDF with the wkhtmltopdf the README installs (no patched Qt)."""

    def setUp(self):
        super().setUp()
        evaluations = self.Evaluation
        for _i in range(3):
            evaluations |= self._to_state(self._evaluation(), "verified", scores=(9,) * 10)
        self.evaluations = evaluations
        self.decision = self.env["hoctap.recognition"].create(
            {
                "name": "05/QĐ-HKH",
                "association_id": self.commune_a.id,
                "year": 2026,
                "model_type": "citizen",
                "date": "2026-12-15",
                "signer_id": self._person("Chủ tịch Hội").id,
                "signer_title": "Chủ tịch",
                "evaluation_ids": [(6, 0, evaluations.ids)],
            }
        )
        self.decision.action_issue()

    def _pdf(self, xmlid, records):
        report = self.env.ref(xmlid).with_context(force_report_rendering=True)
        pdf, report_type = report._render_qweb_pdf(report.report_name, records.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf

    def test_several_certificates_in_one_pdf(self):
        """Three certificates print in one PDF of three pages, with the Vietnamese font embedded."""
        pdf = self._pdf("congdan_hoctap.action_report_learning_certificate", self.evaluations)
        self.assertEqual(_page_count(pdf), 3)
        self.assertIn(b"DejaVu", pdf)

    def test_two_decisions_with_their_lists(self):
        """A decision prints with its list on its own page; two decisions print together."""
        pdf = self._pdf("congdan_hoctap.action_report_recognition_decision", self.decision)
        self.assertEqual(_page_count(pdf), 2)
        other = self.env["hoctap.recognition"].create(
            {
                "name": "06/QĐ-HKH",
                "association_id": self.commune_a.id,
                "year": 2026,
                "model_type": "citizen",
                "date": "2026-12-16",
                "evaluation_ids": [(6, 0, self._to_state(self._evaluation(), "verified", scores=(9,) * 10).ids)],
            }
        )
        other.action_issue()
        pdf = self._pdf("congdan_hoctap.action_report_recognition_decision", self.decision | other)
        self.assertEqual(_page_count(pdf), 4)
