# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import importlib.util
import io
import threading
import time
import uuid
import zipfile
from pathlib import Path
from unittest.mock import MagicMock, patch

from psycopg2 import IntegrityError
from werkzeug.exceptions import NotFound

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError
from odoo.http import Response
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.congdan_hoctap.controllers.verify import HoctapVerifyController
from odoo.addons.congdan_hoctap.models.hoctap_recognition import CERTIFICATE_SEQUENCE_CODE

from .common_evaluation import EvaluationCase


@tagged("post_install", "-at_install")
class TestRecognition(EvaluationCase):
    def _decision(self, evaluations, name="01/QĐ-HKH", association=None):
        return self.env["hoctap.recognition"].create(
            {
                "name": name,
                "association_id": (association or self.commune_a).id,
                "year": 2026,
                "model_type": "citizen",
                "date": "2026-12-15",
                "signer_id": self._person("Chủ tịch Hội").id,
                "signer_title": "Chủ tịch",
                "evaluation_ids": [(6, 0, evaluations.ids)],
            }
        )

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
                {"certificate_number": second.evaluation_ids[0].certificate_number}
            )
            first.evaluation_ids[0].flush_recordset()

    def test_numbering_starts_again_each_year_in_one_sequence(self):
        """The issuer numbers with one sequence and a date range per year: a new year starts at 00001."""
        self._decision(self._verified(1), name="01").action_issue()
        Range = self.env["ir.sequence.date_range"]
        date_range = Range.search([("sequence_id.code", "=", CERTIFICATE_SEQUENCE_CODE % self.commune_a.id)])
        self.assertEqual(len(date_range), 1)
        self.assertEqual((date_range.date_from.isoformat(), date_range.number_next), ("2026-01-01", 2))
        decision = self._decision(self._verified(1), name="02")
        decision.year = 2027
        self.assertEqual(decision._next_certificate_numbers(2), ["A/2027/00001", "A/2027/00002"])
        self.assertEqual(
            self.env["ir.sequence"].search_count([("code", "=", CERTIFICATE_SEQUENCE_CODE % self.commune_a.id)]), 1
        )

    def test_migration_keeps_numbering_continuous(self):
        """post-house: a per-year sequence of 18.0.1.1.0 becomes the year's date range, at the same next number."""
        path = Path(__file__).resolve().parent.parent / "migrations" / "18.0.1.2.0" / "post-house.py"
        spec = importlib.util.spec_from_file_location("congdan_hoctap_post_house", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        old = self.env["ir.sequence"].create(
            {
                "name": "old",
                "code": f"hoctap.certificate.{self.commune_a.id}.2025",
                "implementation": "no_gap",
                "prefix": "A/2025/",
                "padding": 5,
                "number_next": 42,
            }
        )
        migration.migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        self.assertFalse(old.active, "the per-year sequence is archived")
        decision = self._decision(self._verified(1), name="03")
        decision.year = 2025
        self.assertEqual(decision._next_certificate_numbers(1), ["A/2025/00042"])

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
            self._confirm_reason("hoctap.evaluation.revoke", evaluation, "")
        self._confirm_reason(
            "hoctap.evaluation.revoke", evaluation.with_user(self.commune_officer), "Khai man minh chứng"
        )
        self.assertEqual(evaluation.state, "recognised")
        self.assertEqual(evaluation.certificate_state, "revoked")
        self.assertTrue(evaluation.certificate_number)
        with self.assertUserErrorOnly():
            self._confirm_reason("hoctap.evaluation.revoke", evaluation, "Lần nữa")

    def test_unit_rule_not_from_members(self):
        """TT 24/2023: a learning unit's ratio is over its own staff (its headcount), not the association's
        members: 9 of 10 members recognised make no ratio; a headcount of 10 staff with 9 citizens passes."""
        unit_set = self.CriteriaSet.create(
            {
                "name": "ĐVHT mức 1",
                "model_type": "unit",
                "date_from": "2024-01-01",
                "min_member_ratio": 90,
                "criterion_ids": [(0, 0, {"name": "Điều kiện", "max_points": 1, "mandatory": True})],
            }
        )
        unit_set.action_activate()
        members = self.Membership
        for _i in range(10):
            members |= self._member(self.branch_a1, date_join="2025-01-01")
        unit = self.Evaluation.create(
            {
                "model_type": "unit",
                "subject_association_id": self.branch_a1.id,
                "association_id": self.commune_a.id,
                "year": 2026,
                "set_id": unit_set.id,
            }
        )
        self._score(unit, [1])
        evaluations = self.Evaluation
        for membership in members[:9]:
            evaluations |= self.Evaluation.create(
                {
                    "partner_id": membership.partner_id.id,
                    "association_id": self.branch_a1.id,
                    "year": 2026,
                    "set_id": self.framework.id,
                }
            )
        for evaluation in evaluations:
            self._to_state(evaluation, "verified")
        unit.invalidate_recordset()
        self.assertEqual(unit.member_ratio, 0.0)
        self._decision(evaluations).action_issue()
        unit.invalidate_recordset()
        self.assertEqual(unit.member_ratio, 0.0)
        self.assertFalse(unit._evaluate_rules()[0])
        self.env["hoctap.unit.headcount"].create(
            {"association_id": self.branch_a1.id, "year": 2026, "people_count": 10, "citizen_count": 9}
        )
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
        self._confirm_reason("hoctap.evaluation.revoke", evaluation, "Thu hồi")
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
        self.assertIn(str(evaluation._certificate_qr_svg()), html)
        self.assertIn("DejaVu Sans", html)
        decision_report = self.env.ref("congdan_hoctap.action_report_recognition_decision")
        html = decision_report._render_qweb_html(decision_report.report_name, decision.ids)[0].decode()
        self.assertIn("QUYẾT ĐỊNH", html)
        self.assertIn("DANH SÁCH KÈM THEO", html)
        self.assertIn(evaluation.partner_id.name, html)
        pdf, report_type = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, evaluation.ids
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertIn(b"DejaVu", pdf)

    def test_xlsx_export(self):
        """The XLSX export has one row per evaluation with its scores per indicator, total and result."""
        evaluations = self._verified(2)
        wizard = self.env["hoctap.evaluation.export"].create({"association_id": self.commune_a.id, "year": 2026})
        action = wizard.action_export()
        self.assertIn("/web/content/", action["url"])
        attachment = self.env["ir.attachment"].search([("res_model", "=", wizard._name), ("res_id", "=", wizard.id)])
        self.assertIn(str(attachment.id), action["url"])
        data = attachment.raw
        self.assertTrue(data.startswith(b"PK"))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheet = archive.read("xl/worksheets/sheet1.xml").decode()
            # streamed (constant memory): the strings are inline in the sheet, not in a shared table
            strings = sheet
        self.assertEqual(sheet.count("<row "), 1 + len(evaluations))
        self.assertEqual(sheet.count("<v>90</v>"), len(evaluations))
        for evaluation in evaluations:
            self.assertIn(evaluation.name, strings)
        self.assertIn("Total", strings)


@tagged("post_install", "-at_install")
class TestRecognitionConcurrency(TransactionCase):
    """Two decisions of one issuer and year issued at the same time, in two real transactions.

    The fixtures are committed in their own cursor (the two transactions must see them) and deleted in
    a ``finally`` block. Each transaction issues through ``retrying``, as Odoo runs an RPC call: a
    serialisation failure is retried with fresh data, any other error (a duplicate number) is not.
    """

    def _commit_fixtures(self, first_issued):
        """An issuer, an active set and verified evaluations; optionally a first decision already issued."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
            stamp = uuid.uuid4().hex[:8]
            issuer = env["hoctap.association"].create(
                {"name": f"Hội thử đồng thời {stamp}", "code": f"T{stamp}", "level": "province"}
            )
            criteria_set = env["hoctap.criteria.set"].create(
                {
                    "name": f"Bộ thử {stamp}",
                    "model_type": "clan",
                    "date_from": "2020-01-01",
                    "criterion_ids": [(0, 0, {"name": "Chỉ số", "max_points": 10})],
                }
            )
            criteria_set.action_activate()
            evaluations = env["hoctap.evaluation"]
            for i in range(5 if first_issued else 4):
                partner = env["res.partner"].create({"name": f"Trưởng họ {stamp} {i}"})
                evaluation = env["hoctap.evaluation"].create(
                    {
                        "model_type": "clan",
                        "clan_name": f"Họ {stamp} {i}",
                        "partner_id": partner.id,
                        "association_id": issuer.id,
                        "year": 2026,
                        "set_id": criteria_set.id,
                    }
                )
                evaluation.line_ids.write({"self_score": 10})
                evaluation._workflow().write({"state": "verified"})
                evaluations |= evaluation
            Decision = env["hoctap.recognition"]
            vals = {"association_id": issuer.id, "year": 2026, "model_type": "clan"}
            decisions = Decision
            if first_issued:
                decisions |= Decision.create({**vals, "name": "00", "evaluation_ids": [(6, 0, evaluations[4].ids)]})
                decisions.action_issue()
            decisions |= Decision.create({**vals, "name": "01", "evaluation_ids": [(6, 0, evaluations[:2].ids)]})
            decisions |= Decision.create({**vals, "name": "02", "evaluation_ids": [(6, 0, evaluations[2:4].ids)]})
            return {
                "issuer": issuer.id,
                "set": criteria_set.id,
                "evaluations": evaluations.ids,
                "partners": evaluations.partner_id.ids,
                "decisions": decisions.ids,
                "code": CERTIFICATE_SEQUENCE_CODE % issuer.id,
            }

    def _delete_fixtures(self, fixtures):
        with self.registry.cursor() as cr:
            # Issued decisions and recognised evaluations refuse deletion by design: remove them in SQL.
            cr.execute(
                "DELETE FROM mail_activity WHERE res_model = 'hoctap.evaluation' AND res_id = ANY(%s)",
                [fixtures["evaluations"]],
            )
            cr.execute(
                "DELETE FROM hoctap_recognition_evaluation_rel WHERE recognition_id = ANY(%s)", [fixtures["decisions"]]
            )
            cr.execute("DELETE FROM hoctap_evaluation WHERE id = ANY(%s)", [fixtures["evaluations"]])
            cr.execute("DELETE FROM hoctap_recognition WHERE id = ANY(%s)", [fixtures["decisions"]])
            cr.execute("DELETE FROM ir_sequence WHERE code = %s", [fixtures["code"]])
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["hoctap.criteria.set"].browse(fixtures["set"]).unlink()
            issuer = env["hoctap.association"].browse(fixtures["issuer"])
            partners = env["res.partner"].browse(fixtures["partners"]) | issuer.partner_id
            issuer.unlink()
            partners.unlink()

    def _issue_concurrently(self, decision_ids):
        """Issue two decisions in two transactions: the second starts while the first holds the numbering."""
        first_issued, second_started = threading.Event(), threading.Event()
        errors = []
        attempts = [0, 0]

        def issue(decision_id, first):
            def attempt(env):
                attempts[0 if first else 1] += 1
                return env["hoctap.recognition"].browse(decision_id).action_issue()

            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
                    env["hoctap.recognition"].browse(decision_id).read(["state"])  # the snapshot starts here
                    if first:
                        retrying(lambda: attempt(env), env)
                        first_issued.set()
                        second_started.wait(10)
                        time.sleep(0.5)  # the second transaction now waits for the numbering lock
                    else:
                        first_issued.wait(10)
                        second_started.set()
                        retrying(lambda: attempt(env), env)
                    # leaving the block commits the transaction
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(error)
                first_issued.set()
                second_started.set()

        threads = [
            threading.Thread(target=issue, args=(decision_ids[0], True)),
            threading.Thread(target=issue, args=(decision_ids[1], False)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        # The second transaction started before the first committed: its first attempt saw old data.
        self.assertGreaterEqual(attempts[1], 2 if not errors else 1, "the two transactions really overlapped")
        return errors

    def _numbers(self, fixtures):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            decisions = env["hoctap.recognition"].browse(fixtures["decisions"])
            sequences = env["ir.sequence"].search([("code", "=", fixtures["code"])])
            self.assertEqual(len(sequences.date_range_ids), len(sequences), "one date range for the year")
            numbers = [sorted(decision.evaluation_ids.mapped("certificate_number")) for decision in decisions]
            return len(sequences), numbers

    def test_first_decisions_of_a_year_issued_together(self):
        """The first two decisions of an issuer and year issued at once share one sequence and never a number."""
        fixtures = self._commit_fixtures(first_issued=False)
        try:
            errors = self._issue_concurrently(fixtures["decisions"])
            self.assertEqual(errors, [])
            sequences, numbers = self._numbers(fixtures)
            self.assertEqual(sequences, 1, "one numbering sequence per issuer (a date range per year)")
            prefix = numbers[0][0][:-5]
            self.assertEqual(numbers, [[prefix + "00001", prefix + "00002"], [prefix + "00003", prefix + "00004"]])
        finally:
            self._delete_fixtures(fixtures)

    def test_concurrent_numbering_gap_free(self):
        """Two decisions issued at once by an issuer that already numbers take consecutive, disjoint runs."""
        fixtures = self._commit_fixtures(first_issued=True)
        try:
            errors = self._issue_concurrently(fixtures["decisions"][1:])
            self.assertEqual(errors, [])
            sequences, numbers = self._numbers(fixtures)
            self.assertEqual(sequences, 1)
            prefix = numbers[0][0][:-5]
            self.assertEqual(
                numbers,
                [[prefix + "00001"], [prefix + "00002", prefix + "00003"], [prefix + "00004", prefix + "00005"]],
            )
        finally:
            self._delete_fixtures(fixtures)
