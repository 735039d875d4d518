# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
import zipfile
from contextlib import closing
from unittest.mock import MagicMock, patch

from psycopg2 import IntegrityError
from werkzeug.exceptions import NotFound

from odoo import sql_db
from odoo.exceptions import AccessError, UserError
from odoo.http import Response
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.congdan_hoctap.controllers.verify import HoctapVerifyController

from .common_evaluation import EvaluationCase


@tagged("post_install", "-at_install")
class TestRecognition(EvaluationCase):
    def _decision(self, evaluations, name="01/QĐ-HKH", association=None):
        return self.env["hoctap.recognition"].create({
            "name": name, "association_id": (association or self.commune_a).id, "year": 2026,
            "model_type": "citizen", "date": "2026-12-15",
            "signer_id": self._person("Chủ tịch Hội").id, "signer_title": "Chủ tịch",
            "evaluation_ids": [(6, 0, evaluations.ids)],
        })

    def _verified(self, count=1, scores=(9,) * 10):
        evaluations = self.Evaluation
        for _i in range(count):
            evaluations |= self._to_state(self._evaluation(), "verified", scores=scores)
        return evaluations

    def test_issue_recognises_and_numbers(self):
        """Issuing recognises every evaluation with consecutive certificate numbers of the issuer and year."""
        evaluations = self._verified(3)
        decision = self._decision(evaluations)
        decision.with_user(self.commune_officer).action_issue()
        self.assertEqual(set(evaluations.mapped("state")), {"recognised"})
        numbers = sorted(evaluations.mapped("certificate_number"))
        self.assertEqual(numbers, ["A/2026/00001", "A/2026/00002", "A/2026/00003"])
        self.assertTrue(all(evaluations.mapped("certificate_token")))
        with self.assertUserErrorOnly():
            decision.action_issue()

    def test_two_decisions_never_share_numbers(self):
        """Two decisions of the same issuer and year take disjoint, gap-free runs; the database refuses a duplicate."""
        first = self._decision(self._verified(2), name="01")
        second = self._decision(self._verified(2), name="02")
        second.action_issue()
        first.action_issue()
        numbers = (first | second).evaluation_ids.mapped("certificate_number")
        self.assertEqual(sorted(numbers), [f"A/2026/0000{i}" for i in range(1, 5)])
        self.assertEqual(sorted(second.evaluation_ids.mapped("certificate_number")), ["A/2026/00001", "A/2026/00002"])
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            first.evaluation_ids[0]._workflow().write(
                {"certificate_number": second.evaluation_ids[0].certificate_number})
            first.evaluation_ids[0].flush_recordset()

    def test_concurrent_numbering_serialised(self):
        """While a decision numbers its certificates, another transaction cannot number the same issuer's."""
        decision = self._decision(self._verified(1))
        other_decision = self._decision(self.Evaluation, name="02", association=self.commune_b)
        key = decision._certificate_lock_key()
        with closing(sql_db.db_connect(self.env.cr.dbname).cursor()) as other:
            other.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", key)
            self.assertTrue(other.fetchone()[0], "nobody numbers yet: another transaction may take the lock")
            other.rollback()
            decision._next_certificate_numbers(1)
            other.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", key)
            self.assertFalse(other.fetchone()[0], "the issuer is locked until this transaction ends")
            other.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", other_decision._certificate_lock_key())
            self.assertTrue(other.fetchone()[0], "another issuer is not blocked")
            other.rollback()

    def test_only_verified_passing(self):
        """A decision refuses an evaluation that is not verified or does not pass."""
        failing = self._verified(1, scores=(4,) + (10,) * 9)
        with self.assertRaisesRegex(UserError, "passes the rules"):
            self._decision(failing).action_issue()
        submitted = self._to_state(self._evaluation(), "submitted")
        with self.assertUserErrorOnly():
            self._decision(submitted, name="02").action_issue()

    def test_issue_needs_officer_of_issuer(self):
        """Only an officer or approver of the issuing association issues the decision."""
        decision = self._decision(self._verified(1))
        with self.assertUserErrorOnly():
            decision.with_user(self.branch_officer).action_issue()
        with self.assertRaises(AccessError):
            decision.with_user(self.officer_b).action_issue()
        self.assertEqual(decision.state, "draft")

    def test_revoke_keeps_history(self):
        """Revoking needs a reason, keeps the recognition and marks the certificate revoked."""
        evaluation = self._verified(1)
        self._decision(evaluation).action_issue()
        with self.assertUserErrorOnly():
            evaluation.action_revoke("")
        evaluation.with_user(self.commune_officer).action_revoke("Khai man minh chứng")
        self.assertEqual(evaluation.state, "recognised")
        self.assertEqual(evaluation.certificate_state, "revoked")
        self.assertTrue(evaluation.certificate_number)
        with self.assertUserErrorOnly():
            evaluation.action_revoke("Lần nữa")

    def test_unit_rule_from_members(self):
        """A learning unit passes only when enough of its members are recognised learning citizens that year."""
        unit_set = self.CriteriaSet.create({
            "name": "ĐVHT mức 1", "model_type": "unit", "date_from": "2024-01-01", "min_member_ratio": 90,
            "criterion_ids": [(0, 0, {"name": "Điều kiện", "max_points": 1, "mandatory": True})],
        })
        unit_set.action_activate()
        members = self.Membership
        for _i in range(10):
            members |= self._member(self.branch_a1, date_join="2025-01-01")
        unit = self.Evaluation.create({"model_type": "unit", "subject_association_id": self.branch_a1.id,
                                       "association_id": self.commune_a.id, "year": 2026,
                                       "set_id": unit_set.id})
        self._score(unit, [1])
        evaluations = self.Evaluation
        for membership in members[:9]:
            evaluations |= self.Evaluation.create({
                "partner_id": membership.partner_id.id, "association_id": self.branch_a1.id, "year": 2026,
                "set_id": self.framework.id})
        for evaluation in evaluations:
            self._to_state(evaluation, "verified")
        unit.invalidate_recordset()
        self.assertEqual(unit.member_ratio, 0.0)
        self._decision(evaluations[:8]).action_issue()
        unit.invalidate_recordset()
        self.assertEqual(unit.member_ratio, 80.0)
        self.assertFalse(unit._evaluate_rules()[0])
        self._decision(evaluations[8:], name="02").action_issue()
        unit.invalidate_recordset()
        self.assertEqual(unit.member_ratio, 90.0)
        self.assertTrue(unit._evaluate_rules()[0])

    def test_verification_page_values(self):
        """The verification page shows only holder, title, year, issuer and validity; a bad token finds nothing."""
        evaluation = self._verified(1)
        evaluation.partner_id.write({"phone": "0912345678", "birth_date": "1980-05-01"})
        self._decision(evaluation).action_issue()
        values = self.Evaluation._verification_values(evaluation.certificate_token)
        self.assertEqual(set(values), {"holder", "title", "year", "issuer", "valid"})
        self.assertTrue(values["valid"])
        self.assertEqual(values["title"], "Công dân học tập")
        html = self.env["ir.qweb"]._render("congdan_hoctap.verify_certificate_page", values)
        self.assertIn(evaluation.partner_id.name, html)
        self.assertIn("Giấy công nhận còn hiệu lực", html)
        for private in (evaluation.partner_id.citizen_id, "0912345678", "1980", evaluation.certificate_number):
            self.assertNotIn(private, html)
        self.assertIsNone(self.Evaluation._verification_values("khong-ton-tai"))
        self.assertIsNone(self.Evaluation._verification_values(""))
        evaluation.action_revoke("Thu hồi")
        self.assertFalse(self.Evaluation._verification_values(evaluation.certificate_token)["valid"])

    def test_certificate_holder_frozen_at_recognition(self):
        """The certificate and the public page show the name as recognised, not a later edit of it."""
        evaluation = self._verified(1)
        recognised_name = evaluation.partner_id.name
        self._decision(evaluation).action_issue()
        evaluation.partner_id.sudo().name = "Tên Giả Mạo"
        values = self.Evaluation._verification_values(evaluation.certificate_token)
        self.assertEqual(values["holder"], recognised_name)
        with self.assertRaises(UserError):
            evaluation.with_user(self.commune_officer).write({"certificate_holder": "Tên Giả Mạo"})

    def test_verify_route(self):
        """The public route renders the allowed values for a good token and answers 404 for a bad one."""
        evaluation = self._verified(1)
        self._decision(evaluation).action_issue()
        fake_request = MagicMock()
        fake_request.env = self.env(user=self.env.ref("base.public_user"))
        fake_request.not_found = NotFound
        fake_request.render.return_value = Response("ok")
        controller = HoctapVerifyController()
        with patch("odoo.addons.congdan_hoctap.controllers.verify.request", fake_request):
            with self.assertRaises(NotFound):
                controller.verify_certificate("bad-token")
            controller.verify_certificate(evaluation.certificate_token)
        template, values = fake_request.render.call_args[0]
        self.assertEqual(template, "congdan_hoctap.verify_certificate_page")
        self.assertEqual(values["holder"], evaluation.partner_id.name)
        self.assertNotIn("number", values)

    def test_certificate_and_decision_render(self):
        """The certificate and the decision render with their Vietnamese titles, and as real PDFs."""
        evaluation = self._verified(1)
        decision = self._decision(evaluation)
        decision.action_issue()
        report = self.env.ref("congdan_hoctap.action_report_learning_certificate")
        html = report._render_qweb_html(report.report_name, evaluation.ids)[0].decode()
        self.assertIn("GIẤY CÔNG NHẬN", html)
        self.assertIn("CÔNG DÂN HỌC TẬP", html)
        self.assertIn(evaluation.certificate_number, html)
        self.assertIn("data:image/png;base64,", html)
        self.assertIn("DejaVu Sans", html)
        decision_report = self.env.ref("congdan_hoctap.action_report_recognition_decision")
        html = decision_report._render_qweb_html(decision_report.report_name, decision.ids)[0].decode()
        self.assertIn("QUYẾT ĐỊNH", html)
        self.assertIn("DANH SÁCH KÈM THEO", html)
        self.assertIn(evaluation.partner_id.name, html)
        pdf, report_type = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, evaluation.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertIn(b"DejaVu", pdf)

    def test_xlsx_export(self):
        """The XLSX export has one row per evaluation with its scores per indicator, total and result."""
        evaluations = self._verified(2)
        wizard = self.env["hoctap.evaluation.export"].create({"association_id": self.commune_a.id, "year": 2026})
        action = wizard.action_export()
        self.assertIn("/web/content/", action["url"])
        data = base64.b64decode(wizard.data)
        self.assertTrue(data.startswith(b"PK"))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheet = archive.read("xl/worksheets/sheet1.xml").decode()
            strings = archive.read("xl/sharedStrings.xml").decode()
        self.assertEqual(sheet.count("<row "), 1 + len(evaluations))
        self.assertEqual(sheet.count("<v>90</v>"), len(evaluations))
        for evaluation in evaluations:
            self.assertIn(evaluation.name, strings)
        self.assertIn("Total", strings)
