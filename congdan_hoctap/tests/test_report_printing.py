# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import re
from unittest.mock import patch

import lxml.html

from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from ..tools.qr import qr_matrix
from .common_evaluation import EvaluationCase


def _page_count(pdf):
    """Pages of a PDF, counted from its page objects (``/Type /Page``, not ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


def _page_texts(pdf):
    """The text of each page of a PDF, whitespace collapsed (wkhtmltopdf separates words with tabs)."""
    return [" ".join(page.extract_text().split()) for page in PdfFileReader(io.BytesIO(pdf)).pages]


def _svg_modules(svg):
    """The dark modules drawn by a QR code's SVG path (runs ``M{x} {y}h{n}v1h-{n}z``), as (x, y) pairs."""
    runs = re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", lxml.html.fromstring(svg).xpath("//path/@d")[0])
    return {(int(x) + i, int(y)) for x, y, n in runs for i in range(int(n))}


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

    def test_certificates_print_one_page_each_in_the_order_asked(self):
        """A print of several certificates has one page per certificate, in the order of the records asked.

        Nothing is saved per record, so the PDF is not cut page by page and merged again (pypdf).
        """
        evaluations = self.evaluations.sorted("certificate_number", reverse=True)
        report_class = type(self.env["ir.actions.report"])
        with patch.object(report_class, "_merge_pdfs", side_effect=AssertionError("cut and merged again")):
            pdf = self._pdf("congdan_hoctap.action_report_learning_certificate", evaluations)
        pages = _page_texts(pdf)
        self.assertEqual(len(pages), len(evaluations))
        for page, evaluation in zip(pages, evaluations, strict=True):
            self.assertIn(f"Số: {evaluation.certificate_number}", page)
            self.assertIn(evaluation.certificate_holder, page)
            self.assertIn(evaluation._verification_url(), page)
        self.assertNotIn(b"/Subtype /Image", pdf, "the QR codes are drawn as vector shapes, not images")

    def test_certificates_saved_as_attachments_one_per_record(self):
        """With an attachment name on the report, each certificate is saved on its record and reloaded from it."""
        report = self.env.ref("congdan_hoctap.action_report_learning_certificate")
        report.write({"attachment": "'GCN-%s.pdf' % object.certificate_number", "attachment_use": True})
        evaluations = self.evaluations.sorted("certificate_number", reverse=True)
        pages = _page_texts(self._pdf("congdan_hoctap.action_report_learning_certificate", evaluations))
        self.assertEqual(len(pages), len(evaluations))
        for page, evaluation in zip(pages, evaluations, strict=True):
            self.assertIn(f"Số: {evaluation.certificate_number}", page)
            attachment = self.env["ir.attachment"].search(
                [("res_model", "=", "hoctap.evaluation"), ("res_id", "=", evaluation.id), ("name", "=like", "GCN-%")]
            )
            self.assertEqual(attachment.name, f"GCN-{evaluation.certificate_number}.pdf")
            self.assertEqual(_page_texts(attachment.raw), [page])
        with patch.object(type(report), "_run_wkhtmltopdf", side_effect=AssertionError("printed again")):
            again = _page_texts(self._pdf("congdan_hoctap.action_report_learning_certificate", evaluations))
        self.assertEqual(again, pages)

    def test_each_certificate_carries_the_qr_code_of_its_verification_url(self):
        """Every certificate of a print draws, as SVG, the QR code of its own verification URL, module by module."""
        report = self.env.ref("congdan_hoctap.action_report_learning_certificate")
        html = report._render_qweb_html(report.report_name, self.evaluations.ids)[0]
        articles = lxml.html.fromstring(html).xpath("//div[@data-oe-model='hoctap.evaluation']")
        self.assertEqual([int(article.get("data-oe-id")) for article in articles], self.evaluations.ids)
        for article, evaluation in zip(articles, self.evaluations, strict=True):
            svgs = article.xpath(".//svg")
            self.assertEqual(len(svgs), 1)
            matrix = qr_matrix(evaluation._verification_url())
            dark = {(x, y) for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark}
            self.assertEqual(_svg_modules(lxml.html.tostring(svgs[0])), dark)
            self.assertEqual(svgs[0].get("viewbox"), f"0 0 {len(matrix)} {len(matrix)}")

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
