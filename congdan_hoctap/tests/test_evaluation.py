# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common_evaluation import EvaluationCase


@tagged("post_install", "-at_install")
class TestEvaluationRules(EvaluationCase):
    def test_80_all_at_least_5_passes(self):
        """Total 80 with every indicator ≥ 5 passes."""
        evaluation = self._evaluation()
        self._score(evaluation, [8] * 10)
        self.assertEqual(evaluation.total, 80)
        self.assertTrue(evaluation.passed)

    def test_80_with_a_4_fails(self):
        """Total 80 with one indicator at 4 fails, and the reason names that indicator."""
        evaluation = self._evaluation()
        self._score(evaluation, [4, 10, 10, 10, 10, 10, 10, 6, 5, 5])
        self.assertEqual(evaluation.total, 80)
        self.assertFalse(evaluation.passed)
        self.assertIn("Chỉ số 1", evaluation.result_note)

    def test_79_fails(self):
        """Total 79 fails even with every indicator ≥ 5."""
        evaluation = self._evaluation()
        self._score(evaluation, [8] * 9 + [7])
        self.assertEqual(evaluation.total, 79)
        self.assertFalse(evaluation.passed)
        self.assertIn("79", evaluation.result_note)

    def test_incomplete_scores_fail(self):
        """An evaluation with an unscored indicator does not pass."""
        evaluation = self._evaluation()
        self._score(evaluation, [10] * 9)
        self.assertFalse(evaluation.passed)

    def test_verified_scores_decide(self):
        """Once verified, the verified scores (not the self scores) decide the result."""
        evaluation = self._to_state(self._evaluation(), "reviewed", scores=(8,) * 10)
        line = evaluation.line_ids.sorted("sequence")[0]
        line.with_user(self.verifier).write({"verified_score": 4, "disagree_reason": "Thiếu minh chứng"})
        evaluation.with_user(self.verifier).action_verify()
        self.assertEqual(evaluation.self_total, 80)
        self.assertEqual(evaluation.total, 76)
        self.assertFalse(evaluation.passed)

    def test_mandatory_indicator(self):
        """A mandatory indicator must be fully met."""
        criteria_set = self._criteria_set("Bộ bắt buộc", indicators=2, min_total=0, min_per_indicator=0)
        criteria_set.criterion_ids.filtered(lambda c: c.code == "1").mandatory = True
        criteria_set.action_activate()
        evaluation = self._evaluation(criteria_set=criteria_set)
        self._score(evaluation, [9, 10])
        self.assertFalse(evaluation.passed)
        self._score(evaluation, [10, 0])
        self.assertTrue(evaluation.passed)

    def test_score_range(self):
        """A score outside 0..max is refused with a clear error."""
        evaluation = self._evaluation()
        line = evaluation.line_ids[0]
        with self.assertRaisesRegex(ValidationError, "not a valid score"):
            line.self_score = 11
        with self.assertRaisesRegex(ValidationError, "not a valid score"):
            line.self_score = -1

    def test_unique_per_subject_year(self):
        """A subject has one evaluation per learning model and year."""
        evaluation = self._evaluation()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Evaluation.create(
                {
                    "partner_id": evaluation.partner_id.id,
                    "association_id": self.branch_a1.id,
                    "year": 2026,
                    "set_id": self.framework.id,
                }
            )


@tagged("post_install", "-at_install")
class TestEvaluationWorkflow(EvaluationCase):
    def test_full_path(self):
        """Registered → self-assessed → submitted → reviewed → verified, each step by its actor."""
        evaluation = self._to_state(self._evaluation(), "verified")
        self.assertEqual(evaluation.state, "verified")
        self.assertEqual(evaluation.support_team_id, self.team)
        self.assertEqual(evaluation.verifier_id, self.verifier)
        self.assertEqual(evaluation.verified_total, 90)
        self.assertTrue(evaluation.passed)

    def test_wrong_state_guards(self):
        """Every step refuses an evaluation in the wrong state."""
        evaluation = self._evaluation()
        for method in ("action_submit", "action_review", "action_verify", "action_reset_registered"):
            with self.assertUserErrorOnly():
                getattr(evaluation, method)()
        with self.assertUserErrorOnly():
            self._confirm_reason("hoctap.evaluation.not.recognise", evaluation, "Không đạt")
        with self.assertUserErrorOnly():
            self._confirm_reason("hoctap.evaluation.return", evaluation, "Sửa lại")
        with self.assertUserErrorOnly():
            self._confirm_reason("hoctap.evaluation.revoke", evaluation, "Thu hồi")

    def test_self_assess_needs_scores_and_evidence(self):
        """Self-assessment needs every indicator scored and evidence where required."""
        evaluation = self._evaluation()
        self._score(evaluation, [9] * 9)
        with self.assertRaisesRegex(UserError, "score every indicator"):
            evaluation.action_self_assess()
        self._score(evaluation, [9] * 10)
        with self.assertRaisesRegex(UserError, "evidence"):
            evaluation.action_self_assess()
        self._attach_evidence(evaluation)
        evaluation.action_self_assess()
        self.assertEqual(evaluation.state, "self_assessed")

    def test_self_score_frozen_after_submit(self):
        """Self scores cannot change once the evaluation is submitted."""
        evaluation = self._to_state(self._evaluation(), "submitted")
        with self.assertUserErrorOnly():
            evaluation.line_ids[0].self_score = 5

    def test_review_needs_branch_officer_in_scope(self):
        """Only a branch officer of the evaluation's subtree reviews it."""
        evaluation = self._to_state(self._evaluation(), "submitted")
        viewer = self._user("eval_viewer", "congdan_hoctap.group_viewer", self.branch_a1)
        with self.assertUserErrorOnly():
            evaluation.with_user(viewer).action_review()
        with self.assertRaises(AccessError):
            evaluation.with_user(self.officer_b).action_review()
        evaluation.with_user(self.branch_officer).action_review()
        self.assertEqual(evaluation.reviewer_id, self.branch_officer)

    def test_verifier_outside_team_scope(self):
        """A support team member whose team does not cover the association cannot verify."""
        evaluation = self._to_state(self._evaluation(), "reviewed")
        with self.assertRaisesRegex(UserError, "support team"):
            evaluation.with_user(self.outsider_verifier).action_verify()
        with self.assertUserErrorOnly():
            evaluation.with_user(self.branch_officer).action_verify()
        with self.assertUserErrorOnly():
            evaluation.line_ids[0].with_user(self.outsider_verifier).verified_score = 5
        evaluation.with_user(self.verifier).action_verify()
        self.assertEqual(evaluation.state, "verified")

    def test_team_member_reads_covered_evaluations_only(self):
        """A support team member reads the evaluations of the associations the team covers, not others."""
        member = self._user("eval_team_only", "congdan_hoctap.group_approver", self.Association)
        self.team.member_ids = [(4, member.id)]
        covered = self._evaluation()
        other = self._evaluation(association=self.branch_b1)
        visible = self.Evaluation.with_user(member).search([("id", "in", (covered | other).ids)])
        self.assertEqual(visible, covered)

    def test_disagreement_needs_reason(self):
        """A verified score differing from the self score needs a reason."""
        evaluation = self._to_state(self._evaluation(), "reviewed")
        evaluation.line_ids[0].with_user(self.verifier).verified_score = 6
        with self.assertRaisesRegex(UserError, "reason"):
            evaluation.with_user(self.verifier).action_verify()
        evaluation.line_ids[0].with_user(self.verifier).disagree_reason = "Chưa đủ minh chứng"
        evaluation.with_user(self.verifier).action_verify()
        self.assertEqual(evaluation.verified_total, 87)

    def test_return_goes_back_to_self_assessed(self):
        """Returning needs a reason and sends the evaluation back to self-assessed, scores editable again."""
        evaluation = self._to_state(self._evaluation(), "verified")
        with self.assertUserErrorOnly():
            self._confirm_reason("hoctap.evaluation.return", evaluation.with_user(self.verifier), " ")
        self._confirm_reason("hoctap.evaluation.return", evaluation.with_user(self.verifier), "Bổ sung minh chứng")
        self.assertEqual(evaluation.state, "self_assessed")
        self.assertEqual(evaluation.return_reason, "Bổ sung minh chứng")
        self.assertFalse(any(evaluation.line_ids.mapped("verified_scored")))
        evaluation.line_ids[0].self_score = 10

    def test_not_recognise_needs_officer_and_reason(self):
        """Not recognising needs a reason and an officer or approver in scope."""
        evaluation = self._to_state(self._evaluation(), "verified")
        with self.assertUserErrorOnly():
            self._confirm_reason("hoctap.evaluation.not.recognise", evaluation.with_user(self.commune_officer), "")
        with self.assertUserErrorOnly():
            self._confirm_reason(
                "hoctap.evaluation.not.recognise", evaluation.with_user(self.branch_officer), "Không đạt"
            )
        self._confirm_reason("hoctap.evaluation.not.recognise", evaluation.with_user(self.commune_officer), "Không đạt")
        self.assertEqual(evaluation.state, "not_recognised")
        with self.assertUserErrorOnly():
            evaluation.action_cancel()

    def test_cancel_from_open_states(self):
        """An open evaluation can be cancelled; a cancelled one can be registered again."""
        evaluation = self._to_state(self._evaluation(), "submitted")
        viewer = self._user("eval_viewer2", "congdan_hoctap.group_viewer", self.branch_a1)
        with self.assertUserErrorOnly():
            evaluation.with_user(viewer).action_cancel()
        evaluation.with_user(self.branch_officer).action_cancel()
        self.assertEqual(evaluation.state, "cancelled")
        evaluation.with_user(self.branch_officer).action_reset_registered()
        self.assertEqual(evaluation.state, "registered")

    def test_citizen_self_assesses_own(self):
        """The citizen (their own user) scores and submits their own evaluation, not someone else's."""
        evaluation = self._evaluation()
        citizen = self._user("eval_citizen", "congdan_hoctap.group_viewer", self.branch_a1)
        evaluation.partner_id = citizen.partner_id
        other = self._evaluation()
        self._score(evaluation, [9] * 10)
        self._attach_evidence(evaluation)
        # As a portal controller would: sudo() for the writes, the rights checked on the user.
        evaluation.with_user(citizen).sudo().action_self_assess()
        self.assertEqual(evaluation.state, "self_assessed")
        with self.assertUserErrorOnly():
            other.line_ids[0].with_user(citizen).sudo().self_score = 5
        with self.assertUserErrorOnly():
            other.with_user(citizen).sudo().action_cancel()

    def test_activity_for_next_actor(self):
        """Submitting schedules a to-do for an officer of the branch; reviewing one for the team leader."""
        self.branch_a1.user_ids = [(4, self.branch_officer.id)]
        evaluation = self._to_state(self._evaluation(), "submitted")
        self.assertEqual(evaluation.activity_ids.user_id, self.branch_officer)
        evaluation.with_user(self.branch_officer).action_review()
        self.assertEqual(evaluation.activity_ids.user_id, self.verifier)

    def test_each_control_step_has_its_activity_type(self):
        """Submitted → 'to review', reviewed → 'to verify', verified → 'to recognise': one type per step."""
        self.branch_a1.user_ids = [(4, self.branch_officer.id)]
        self.commune_a.user_ids = [(4, self.commune_officer.id)]
        evaluation = self._to_state(self._evaluation(), "submitted")
        self.assertEqual(
            evaluation.activity_ids.activity_type_id, self.env.ref("congdan_hoctap.mail_act_hoctap_evaluation_review")
        )
        evaluation.with_user(self.branch_officer).action_review()
        self.assertEqual(
            evaluation.activity_ids.activity_type_id, self.env.ref("congdan_hoctap.mail_act_hoctap_evaluation_verify")
        )
        evaluation.with_user(self.verifier).action_verify()
        self.assertEqual(
            evaluation.activity_ids.activity_type_id,
            self.env.ref("congdan_hoctap.mail_act_hoctap_evaluation_recognise"),
        )

    def test_deadlines_and_overdue(self):
        """The step deadline comes from the nearest ancestor's deadlines; past it the evaluation is overdue."""
        self.env["hoctap.evaluation.deadline"].create(
            {
                "association_id": self.commune_a.id,
                "year": 2026,
                "date_registration": "2026-03-31",
                "date_self_assessment": "2026-09-30",
                "date_verification": "2026-11-30",
            }
        )
        with freeze_time("2026-03-01"):
            evaluation = self._evaluation()
        self.assertEqual(str(evaluation.date_deadline), "2026-09-30")
        with freeze_time("2026-10-01"):
            self.assertIn(evaluation, self.Evaluation.search([("is_overdue", "=", True)]))
            with self.assertRaisesRegex(UserError, "closed"):
                self.Evaluation.with_user(self.branch_officer).create(
                    {
                        "partner_id": self._person("Muộn").id,
                        "association_id": self.branch_a1.id,
                        "year": 2026,
                        "set_id": self.framework.id,
                    }
                )

    def test_deadline_order(self):
        """Deadlines must follow each other."""
        with self.assertRaises(ValidationError):
            self.env["hoctap.evaluation.deadline"].create(
                {
                    "association_id": self.commune_a.id,
                    "year": 2026,
                    "date_registration": "2026-10-01",
                    "date_self_assessment": "2026-09-30",
                }
            )


@tagged("post_install", "-at_install")
class TestEvaluationMassActions(EvaluationCase):
    def test_mass_submit_reports_failures(self):
        """A mass action applies the same action per record and lists the ones refused, with the reason."""
        ready = self._to_state(self._evaluation(), "self_assessed")
        not_ready = self._evaluation()
        wizard = (
            self.env["hoctap.evaluation.mass.action"]
            .with_user(self.branch_officer)
            .create({"action": "submit", "evaluation_ids": [(6, 0, (ready | not_ready).ids)]})
        )
        wizard.action_apply()
        self.assertEqual(ready.state, "submitted")
        self.assertEqual(not_ready.state, "registered")
        self.assertEqual(wizard.done_count, 1)
        self.assertEqual(wizard.failure_ids.evaluation_id, not_ready)
        self.assertIn("cannot be submitted", wizard.failure_ids.reason)

    def test_registered_lines_hold_what_create_stores(self):
        """The indicator lines inserted at registration hold what the ORM would store, in the set's order."""
        evaluation = self._evaluation()
        self.assertEqual(evaluation.line_ids.criterion_id, self.framework._indicators())
        self.env.invalidate_all()
        self.env.cr.execute(
            """SELECT l.company_id IS NOT DISTINCT FROM e.company_id, l.sequence = c.sequence, l.score, l.scored,
                      l.self_score, l.create_uid
                 FROM hoctap_evaluation_line l JOIN hoctap_evaluation e ON e.id = l.evaluation_id
                 JOIN hoctap_criterion c ON c.id = l.criterion_id WHERE e.id = %s""",
            [evaluation.id],
        )
        self.assertEqual(set(self.env.cr.fetchall()), {(True, True, 0, False, None, self.env.uid)})
        self.assertEqual(evaluation.line_ids.mapped("sequence"), list(range(1, 11)))
        self.assertEqual((evaluation.total, evaluation.passed), (0, False))
        self.assertEqual(evaluation.result_note, "Not every indicator has a score yet.")

    def test_mass_verify_accepts_self_scores(self):
        """Mass verification by a team member accepts the self scores."""
        evaluations = self._to_state(self._evaluation(), "reviewed") | self._to_state(self._evaluation(), "reviewed")
        wizard = (
            self.env["hoctap.evaluation.mass.action"]
            .with_user(self.verifier)
            .create({"action": "verify", "evaluation_ids": [(6, 0, evaluations.ids)]})
        )
        wizard.action_apply()
        self.assertEqual(set(evaluations.mapped("state")), {"verified"})
        self.assertEqual(evaluations.mapped("verified_total"), [90, 90])
        self.assertEqual(set(evaluations.line_ids.mapped(lambda line: (line.verified_score, line.score))), {(9, 9)})
        self.assertTrue(all(evaluations.line_ids.mapped("verified_scored")) and all(evaluations.mapped("passed")))

    def test_mass_recognise(self):
        """Mass recognition issues one decision for the qualifying evaluations and lists the others with the reason."""
        good = self._to_state(self._evaluation(), "verified")
        failing = self._to_state(self._evaluation(), "verified", scores=(4,) + (10,) * 9)
        elsewhere = self._to_state(self._evaluation(), "submitted")
        wizard = (
            self.env["hoctap.evaluation.mass.action"]
            .with_user(self.commune_officer)
            .create(
                {
                    "action": "recognise",
                    "association_id": self.commune_a.id,
                    "decision_name": "05/QĐ",
                    "evaluation_ids": [(6, 0, (good | failing | elsewhere).ids)],
                }
            )
        )
        wizard.action_apply()
        self.assertEqual(good.state, "recognised")
        self.assertEqual(wizard.recognition_id.evaluation_ids, good)
        self.assertEqual(wizard.failure_ids.evaluation_id, failing | elsewhere)
        self.assertEqual(failing.state, "verified")

    def test_register_branch_members(self):
        """Registering a branch creates one evaluation per active member and reports those already registered."""
        first = self._member(self.branch_a1)
        second = self._member(self.branch_a1)
        (first | second).partner_id.occupation_group = "farmer"
        self.Evaluation.create(
            {
                "partner_id": first.partner_id.id,
                "association_id": self.branch_a1.id,
                "year": 2026,
                "set_id": self.framework.id,
            }
        )
        wizard = (
            self.env["hoctap.evaluation.mass.action"]
            .with_user(self.branch_officer)
            .create({"action": "register", "association_id": self.branch_a1.id, "year": 2026})
        )
        wizard.action_apply()
        self.assertEqual(wizard.done_count, 1)
        self.assertEqual(len(wizard.failure_ids), 1)
        registered = self.Evaluation.search([("partner_id", "=", second.partner_id.id), ("year", "=", 2026)])
        self.assertEqual(len(registered.line_ids), 10)


@tagged("post_install", "-at_install")
class TestEvaluationAssociation(EvaluationCase):
    def test_merge_carries_open_evaluations(self):
        """Merging an association moves its open evaluations and team coverage to the successor; closed ones stay."""
        open_evaluation = self._evaluation(association=self.branch_b1)
        cancelled = self._evaluation(association=self.branch_b1)
        cancelled.action_cancel()
        self.branch_b1._merge_into(self.branch_a1, "2026-07-01")
        self.assertEqual(open_evaluation.association_id, self.branch_a1)
        self.assertEqual(cancelled.association_id, self.branch_b1)
        self.commune_b._merge_into(self.commune_a, "2026-07-01")
        self.assertIn(self.commune_a, self.team_b.association_ids)

    def test_association_button_lists_subtree(self):
        """The association's Evaluations button lists the evaluations of its whole subtree only."""
        inside = self._evaluation(association=self.branch_a1)
        outside = self._evaluation(association=self.branch_b1)
        action = self.commune_a.action_view_evaluations()
        found = self.Evaluation.search(action["domain"])
        self.assertIn(inside, found)
        self.assertNotIn(outside, found)

    def test_form_registration_proposes_set(self):
        """Registering in the form proposes the set in force for the person's group and creates its indicators."""
        local = self.CriteriaSet.browse(self.framework.action_derive(self.commune_a)["res_id"])
        local.action_activate()
        person = self._person("Lê Thị Mai", occupation_group="farmer")
        with Form(self.Evaluation.with_user(self.branch_officer)) as form:
            form.partner_id = person
            form.association_id = self.branch_a1
            form.year = 2026
            self.assertEqual(form.set_id, local)
        evaluation = form.record
        self.assertEqual(evaluation.citizen_form_id.code, "farmer")
        self.assertEqual(len(evaluation.line_ids), 10)
        self.assertEqual(evaluation.state, "registered")
