# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common_evaluation import EvaluationCase


class RolledBack(Exception):
    """Raised inside a savepoint to roll an issue back, as a failing transaction would."""


@tagged("post_install", "-at_install")
class TestEvaluationGuards(EvaluationCase):
    """The guards a client cannot get around: scopes of support teams, workflow fields, indicators."""

    def test_team_covers_only_its_own_subtree(self):
        """A commune cannot give its support team another commune; a team member who is no officer of it cannot widen
        it."""
        Team = self.env["hoctap.support.team"].with_user(self.commune_officer)
        with self.assertRaisesRegex(ValidationError, "cannot cover"), self.cr.savepoint():
            Team.create(
                {
                    "name": "Tổ lấn sang xã B",
                    "association_id": self.commune_a.id,
                    "association_ids": [(6, 0, self.commune_b.ids)],
                    "member_ids": [(6, 0, self.commune_officer.ids)],
                }
            )
        with self.assertRaises(AccessError), self.cr.savepoint():
            Team.create(
                {
                    "name": "Tổ của xã B",
                    "association_id": self.commune_b.id,
                    "association_ids": [(6, 0, self.commune_b.ids)],
                    "member_ids": [(6, 0, self.commune_officer.ids)],
                }
            )
        own = Team.create(
            {
                "name": "Tổ thôn A1",
                "association_id": self.commune_a.id,
                "association_ids": [(6, 0, self.branch_a1.ids)],
                "member_ids": [(6, 0, self.commune_officer.ids)],
            }
        )
        with self.assertRaisesRegex(ValidationError, "cannot cover"), self.cr.savepoint():
            own.write({"association_ids": [(4, self.commune_b.id)]})
        self.team_b.member_ids = [(4, self.commune_officer.id)]
        as_member = self.team_b.with_user(self.commune_officer)
        self.assertEqual(as_member.name, "Tổ hỗ trợ xã B")
        with self.assertRaises(AccessError), self.cr.savepoint():
            as_member.write({"association_ids": [(4, self.commune_a.id)]})
        with self.assertRaises(AccessError), self.cr.savepoint():
            as_member.write({"member_ids": [(4, self.branch_officer.id)]})

    def test_context_keys_bypass_nothing(self):
        """The context a client sends through RPC does not switch off the guards of scores and criteria."""
        evaluation = self._to_state(self._evaluation(), "submitted")
        line = evaluation.line_ids[0].with_user(self.branch_officer).with_context(hoctap_verifying=True)
        with self.assertUserErrorOnly("being verified"):
            line.write({"verified_score": 10})
        with self.assertUserErrorOnly("marked as scored"):
            line.write({"verified_scored": True})
        local = self.CriteriaSet.browse(
            self.framework.with_user(self.commune_officer).action_derive(self.commune_a)["res_id"]
        )
        indicator = local.criterion_ids.filtered(lambda c: c.code == "1").with_user(self.commune_officer)
        with self.assertUserErrorOnly("refines an indicator"):
            indicator.with_context(hoctap_cascade=True).unlink()
        self.assertTrue(indicator.exists())

    def test_workflow_fields_only_through_actions(self):
        """A branch officer cannot write the state, the verification or the certificate: only the actions do."""
        evaluation = self._to_state(self._evaluation(), "submitted")
        officer = evaluation.with_user(self.branch_officer)
        forged = [
            {"state": "verified", "support_team_id": self.team.id},
            {"verifier_id": self.branch_officer.id},
            {"certificate_state": "valid"},
            {"certificate_token": "gia-mao"},
            {"certificate_number": "A/2026/99999"},
        ]
        for vals in forged:
            with self.assertUserErrorOnly("buttons"):
                officer.write(vals)
        with self.assertUserErrorOnly("buttons"):
            self.Evaluation.with_user(self.branch_officer).create(
                {
                    "partner_id": self._person("Giả mạo").id,
                    "association_id": self.branch_a1.id,
                    "year": 2026,
                    "set_id": self.framework.id,
                    "state": "verified",
                }
            )
        self.assertEqual(evaluation.state, "submitted")
        officer.action_review()
        self.assertEqual(evaluation.state, "reviewed")

    def test_portal_style_actions_write_through_sudo(self):
        """An action called through sudo() (as a portal controller does) passes the write guard after its own checks."""
        evaluation = self._evaluation()
        citizen = self._user("eval_citizen_sudo", "base.group_portal", self.Association)
        evaluation.partner_id = citizen.partner_id
        self._score(evaluation, [9] * 10)
        self._attach_evidence(evaluation)
        evaluation.with_user(citizen).sudo().action_self_assess()
        evaluation.with_user(citizen).sudo().action_submit()
        self.assertEqual(evaluation.state, "submitted")
        with self.assertUserErrorOnly("not allowed"):
            evaluation.with_user(citizen).sudo().action_review()

    def test_indicators_fixed_to_the_set(self):
        """Indicators are neither added nor deleted by hand, and a missing one never lets a subject pass."""
        evaluation = self._to_state(self._evaluation(), "verified", scores=(4,) + (10,) * 9)
        self.assertFalse(evaluation.passed)
        line = evaluation.line_ids.sorted("sequence")[0]
        with self.assertUserErrorOnly("cannot be deleted"):
            line.with_user(self.branch_officer).unlink()
        with self.assertUserErrorOnly("added by hand"):
            self.env["hoctap.evaluation.line"].with_user(self.branch_officer).create(
                {"evaluation_id": evaluation.id, "criterion_id": line.criterion_id.id}
            )
        # A verified evaluation is locked altogether (finding 9), before the indicators' own guard.
        with self.assertUserErrorOnly("can no longer be changed"):
            evaluation.with_user(self.branch_officer).write(
                {"line_ids": [(0, 0, {"criterion_id": line.criterion_id.id, "self_score": 10})]}
            )
        line.sudo().unlink()
        self.assertFalse(evaluation.passed)
        self.assertIn("do not match", evaluation.result_note)

    def test_reset_registered_forgets_verification(self):
        """Registering a cancelled evaluation again drops the previous review and verification."""
        evaluation = self._to_state(self._evaluation(), "verified")
        evaluation.line_ids[0].sudo().write({"verified_score": 3, "disagree_reason": "Thiếu minh chứng"})
        evaluation.with_user(self.branch_officer).action_cancel()
        evaluation.with_user(self.branch_officer).action_reset_registered()
        self.assertEqual(evaluation.state, "registered")
        self.assertFalse(evaluation.verifier_id or evaluation.support_team_id or evaluation.reviewer_id)
        self.assertFalse(evaluation.date_verified or evaluation.date_reviewed)
        self.assertFalse(any(evaluation.line_ids.mapped("verified_scored")))
        self.assertFalse(any(evaluation.line_ids.mapped("disagree_reason")))
        self.assertEqual(evaluation.verified_total, 0)
        self.assertEqual(evaluation.total, evaluation.self_total)


@tagged("post_install", "-at_install")
class TestDeadlineScope(EvaluationCase):
    def test_ancestor_deadlines_read_only(self):
        """A commune officer reads the province's deadlines but cannot change, delete or create them."""
        Deadline = self.env["hoctap.evaluation.deadline"]
        province_deadline = Deadline.create(
            {"association_id": self.province.id, "year": 2026, "date_self_assessment": "2026-09-30"}
        )
        as_commune = province_deadline.with_user(self.commune_officer)
        self.assertEqual(str(as_commune.date_self_assessment), "2026-09-30")
        with self.assertRaises(AccessError), self.cr.savepoint():
            as_commune.write({"date_self_assessment": "2026-12-31"})
        with self.assertRaises(AccessError), self.cr.savepoint():
            as_commune.unlink()
        with self.assertRaises(AccessError), self.cr.savepoint():
            Deadline.with_user(self.commune_officer).create({"association_id": self.province.id, "year": 2027})
        own = Deadline.with_user(self.commune_officer).create(
            {"association_id": self.commune_a.id, "year": 2026, "date_self_assessment": "2026-08-31"}
        )
        own.date_self_assessment = "2026-08-15"
        self.assertEqual(str(own.date_self_assessment), "2026-08-15")

    def test_deadline_changes_move_the_subtree(self):
        """Changing or deleting a deadline moves the step deadline of the evaluations it governs, nearest first."""
        in_a = self._evaluation()
        in_b = self._evaluation(association=self.branch_b1)
        Deadline = self.env["hoctap.evaluation.deadline"]
        province_deadline = Deadline.create(
            {"association_id": self.province.id, "year": 2026, "date_self_assessment": "2026-09-30"}
        )
        commune_deadline = Deadline.create(
            {"association_id": self.commune_a.id, "year": 2026, "date_self_assessment": "2026-08-31"}
        )
        self.assertEqual((str(in_a.date_deadline), str(in_b.date_deadline)), ("2026-08-31", "2026-09-30"))
        province_deadline.date_self_assessment = "2026-10-15"
        self.assertEqual((str(in_a.date_deadline), str(in_b.date_deadline)), ("2026-08-31", "2026-10-15"))
        commune_deadline.unlink()
        self.assertEqual(str(in_a.date_deadline), "2026-10-15")


@tagged("post_install", "-at_install")
class TestCriteriaSetGuards(EvaluationCase):
    def test_local_set_cannot_drop_or_loosen_framework(self):
        """A local set derives from the framework, keeps its links and kinds, and keeps the framework's maximum
        total."""
        with self.assertRaisesRegex(ValidationError, "derived from the national framework"), self.cr.savepoint():
            self.CriteriaSet.with_user(self.commune_officer).create(
                {
                    "name": "Bộ lỏng",
                    "model_type": "citizen",
                    "citizen_form_id": self.env.ref("congdan_hoctap.citizen_form_farmer").id,
                    "association_id": self.commune_a.id,
                    "date_from": "2020-01-01",
                    "min_total": 0,
                }
            )
        local = self.CriteriaSet.browse(
            self.framework.with_user(self.commune_officer).action_derive(self.commune_a)["res_id"]
        )
        as_officer = local.with_user(self.commune_officer)
        with self.assertUserErrorOnly("buttons"):
            as_officer.write({"framework_id": False})
        indicator = local.criterion_ids.filtered(lambda c: c.code == "1").with_user(self.commune_officer)
        with self.assertUserErrorOnly("cannot be changed"):
            indicator.write({"framework_criterion_id": False})
        with self.assertRaisesRegex(ValidationError, "kind of criterion"), self.cr.savepoint():
            indicator.write({"kind": "group"})
        indicator.invalidate_recordset()
        self.env["hoctap.criterion"].with_user(self.commune_officer).create(
            {
                "set_id": local.id,
                "parent_id": indicator.parent_id.id,
                "code": "11",
                "name": "Chỉ số thêm",
                "max_points": 50,
            }
        )
        with self.assertUserErrorOnly("maximum total"):
            as_officer.action_activate()
        self.assertEqual(local.state, "draft")

    def test_set_in_force_is_frozen(self):
        """A set in force keeps its rules and criteria, so past results stay; a new version is a draft copy."""
        manager = self._user("eval_manager_freeze", "congdan_hoctap.group_manager", self.province)
        evaluation = self._to_state(self._evaluation(), "verified", scores=(8,) * 10)
        self.assertTrue(evaluation.passed)
        framework = self.framework.with_user(manager)
        indicator = framework.criterion_ids.filtered(lambda c: c.code == "2")
        with self.assertUserErrorOnly("In Force: Minimum Total can no longer be changed"):
            framework.min_total = 90
        with self.assertUserErrorOnly("new draft version"):
            indicator.write({"min_points": 9})
        with self.assertUserErrorOnly("new draft version"):
            indicator.unlink()
        with self.assertUserErrorOnly("new draft version"):
            self.env["hoctap.criterion"].with_user(manager).create(
                {"set_id": framework.id, "name": "Chỉ số mới", "max_points": 10}
            )
        with self.assertUserErrorOnly("buttons"):
            framework.write({"state": "draft"})
        self.assertTrue(evaluation.passed)
        framework.date_to = "2026-12-31"
        framework.action_archive_set()
        with self.assertUserErrorOnly("used by evaluations"):
            framework.action_draft()
        new_version = framework.copy()
        self.assertEqual(new_version.state, "draft")
        self.assertEqual(new_version.indicator_count, 10)
        new_version.min_total = 90
        self.assertEqual(framework.min_total, 80)

    def test_framework_shared_by_companies(self):
        """A framework set belongs to no company: a second company evaluates with it; company rules cover the
        indicators and deadlines."""
        self.assertFalse(self.framework.company_id)
        company2 = self.env["res.company"].create({"name": "Hội Khuyến học tỉnh Hai"})
        province2 = self.Association.create(
            {"name": "Hội tỉnh Hai", "code": "H2", "level": "province", "company_id": company2.id}
        )
        user2 = new_test_user(
            self.env,
            login="eval_company2",
            groups="congdan_hoctap.group_officer",
            company_id=company2.id,
            company_ids=[(6, 0, company2.ids)],
            hoctap_association_ids=[(6, 0, province2.ids)],
        )
        self.assertEqual(self.CriteriaSet.with_user(user2).search([("id", "=", self.framework.id)]), self.framework)
        evaluation = self.Evaluation.with_user(user2).create(
            {
                "partner_id": self._person("Người tỉnh Hai").id,
                "association_id": province2.id,
                "year": 2026,
                "set_id": self.framework.id,
            }
        )
        self.assertEqual(evaluation.company_id, company2)
        self.assertEqual(len(evaluation.line_ids), 10)
        deadline = self.env["hoctap.evaluation.deadline"].create({"association_id": province2.id, "year": 2026})
        manager = self._user("eval_manager_company1", "congdan_hoctap.group_manager", self.province)
        self.assertFalse(
            self.env["hoctap.evaluation.line"].with_user(manager).search([("evaluation_id", "=", evaluation.id)])
        )
        self.assertFalse(self.env["hoctap.evaluation.deadline"].with_user(manager).search([("id", "=", deadline.id)]))


@tagged("post_install", "-at_install")
class TestRecognitionGuards(EvaluationCase):
    def _decision(self, evaluations, name="01/QĐ-HKH"):
        return self.env["hoctap.recognition"].create(
            {
                "name": name,
                "association_id": self.commune_a.id,
                "year": 2026,
                "model_type": "citizen",
                "date": "2026-12-15",
                "evaluation_ids": [(6, 0, evaluations.ids)],
            }
        )

    def _verified(self, count=1):
        evaluations = self.Evaluation
        for _i in range(count):
            evaluations |= self._to_state(self._evaluation(), "verified")
        return evaluations

    def test_issued_decision_locked(self):
        """An issued decision keeps its number, year, date and list; a draft one is issued only by its button."""
        decision = self._decision(self._verified())
        decision.with_user(self.commune_officer).action_issue()
        other = self._verified()
        for vals in (
            {"name": "99/QĐ-HKH"},
            {"year": 2025},
            {"date": "2026-01-01"},
            {"evaluation_ids": [(4, other.id)]},
        ):
            with self.assertUserErrorOnly("no longer be changed"):
                decision.with_user(self.commune_officer).write(vals)
        draft = self._decision(other, name="02/QĐ-HKH")
        with self.assertUserErrorOnly("workflow buttons"):
            draft.with_user(self.commune_officer).write({"state": "issued"})
        self.assertEqual(draft.state, "draft")

    def test_numbering_gap_free_across_decisions(self):
        """Decisions issued one after the other never share nor skip a number, even when one is rolled back."""
        first = self._decision(self._verified(2), name="01")
        rolled_back = self._decision(self._verified(1), name="02")
        last = self._decision(self._verified(2), name="03")
        first.action_issue()
        with self.assertRaises(RolledBack), self.cr.savepoint():
            rolled_back.action_issue()
            self.assertEqual(rolled_back.evaluation_ids.certificate_number, "A/2026/00003")
            raise RolledBack()
        self.env.invalidate_all()
        self.assertEqual(rolled_back.state, "draft")
        self.assertFalse(rolled_back.evaluation_ids.certificate_number)
        last.action_issue()
        numbers = (first | last).evaluation_ids.mapped("certificate_number")
        self.assertEqual(sorted(numbers), [f"A/2026/0000{i}" for i in range(1, 5)])
        self.assertEqual(sorted(last.evaluation_ids.mapped("certificate_number")), ["A/2026/00003", "A/2026/00004"])
