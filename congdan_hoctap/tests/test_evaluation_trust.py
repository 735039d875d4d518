# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 9, learning models: every guard holds through the entry a client uses (``call_kw``)."""

from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_evaluation import EvaluationCase


def rpc(records, method, *args, **kwargs):
    """Call ``method`` on ``records`` as an RPC client does (``/web/dataset/call_kw``, ``/jsonrpc``, XML-RPC)."""
    return call_kw(records.browse(), method, [records.ids, *args], kwargs)


def rpc_model(model, method, *args, **kwargs):
    """Call a model method (``create``…) as an RPC client does."""
    return call_kw(model.browse(), method, list(args), kwargs)


@tagged("post_install", "-at_install")
class TestSupportTeamScope(EvaluationCase):
    """Finding 1: a support team cannot carry an officer's scope beyond their subtree."""

    def test_officer_cannot_move_team_to_the_root(self):
        """An association officer cannot move their team, or its coverage, up to the province."""
        team = (
            self.env["hoctap.support.team"]
            .with_user(self.commune_officer)
            .create(
                {
                    "name": "Tổ thôn A1",
                    "association_id": self.commune_a.id,
                    "association_ids": [(6, 0, self.branch_a1.ids)],
                    "member_ids": [(6, 0, self.commune_officer.ids)],
                }
            )
        )
        with self.assertRaises(AccessError), self.cr.savepoint():
            rpc(
                team.with_user(self.commune_officer),
                "write",
                {"association_id": self.province.id, "association_ids": [(6, 0, self.province.ids)]},
            )
        with self.assertRaises(AccessError), self.cr.savepoint():
            rpc(team.with_user(self.commune_officer), "write", {"association_id": self.province.id})
        self.assertEqual(team.association_id, self.commune_a)
        self.assertEqual(team.association_ids, self.branch_a1)
        sibling = self._evaluation(association=self.branch_b1)
        self.assertFalse(self.Evaluation.with_user(self.commune_officer).search([("id", "=", sibling.id)]))

    def test_evaluation_cannot_leave_the_scope(self):
        """An officer cannot move an evaluation to an association outside their subtree."""
        evaluation = self._evaluation()
        for user, target in ((self.branch_officer, self.branch_a2), (self.commune_officer, self.branch_b1)):
            with self.assertRaises(AccessError), self.cr.savepoint():
                rpc(evaluation.with_user(user), "write", {"association_id": target.id})
        self.assertEqual(evaluation.association_id, self.branch_a1)

    def test_deadline_and_local_set_cannot_leave_the_scope(self):
        """A calendar or a local criteria set cannot be moved to an ancestor or made national by its officer."""
        deadline = (
            self.env["hoctap.evaluation.deadline"]
            .with_user(self.commune_officer)
            .create({"association_id": self.commune_a.id, "year": 2026})
        )
        with self.assertRaises(AccessError), self.cr.savepoint():
            rpc(deadline.with_user(self.commune_officer), "write", {"association_id": self.province.id})
        local = self.CriteriaSet.browse(self.framework.action_derive(self.commune_a)["res_id"])
        for association in (self.province, self.Association):
            with self.assertRaises(AccessError), self.cr.savepoint():
                rpc(local.with_user(self.commune_officer), "write", {"association_id": association.id})
        self.assertEqual(local.association_id, self.commune_a)

    def test_team_member_reads_and_verifies_but_never_writes(self):
        """Membership of a team covering another commune gives read and the verification step, not write or unlink."""
        member = self._user("trust_member_b", "congdan_hoctap.group_branch_officer", self.branch_b1)
        self.team.member_ids = [(4, member.id)]
        evaluation = self._to_state(self._evaluation(), "reviewed")
        as_member = evaluation.with_user(member)
        self.assertEqual(rpc(as_member, "read", ["name"])[0]["name"], evaluation.name)
        with self.assertRaises(AccessError), self.cr.savepoint():
            rpc(as_member, "write", {"household_member_ids": [(6, 0, [])]})
        with self.assertRaises(AccessError), self.cr.savepoint():
            rpc(as_member.line_ids[:1], "write", {"note": "sửa"})
        registered = self._evaluation()
        with self.assertRaises(AccessError), self.cr.savepoint():
            rpc(registered.with_user(member), "unlink")
        decision = self.env["hoctap.recognition"].create(
            {"name": "01", "association_id": self.commune_a.id, "year": 2026, "model_type": "citizen"}
        )
        with self.assertRaises(AccessError), self.cr.savepoint():
            rpc(decision.with_user(member), "write", {"name": "02"})
        line = evaluation.line_ids.sorted("sequence")[0]
        rpc(as_member, "write", {"line_ids": [(1, line.id, {"verified_score": 8, "disagree_reason": "Thiếu"})]})
        self.assertEqual(line.verified_score, 8)
        rpc(as_member, "action_verify")
        self.assertEqual(evaluation.state, "verified")
        self.assertEqual(evaluation.verifier_id, member)


@tagged("post_install", "-at_install")
class TestWorkflowOnLearningModels(EvaluationCase):
    """Finding 2 for the learning models: sudo() alone writes no state; the actions do."""

    def test_sudo_alone_writes_no_state(self):
        """Even through sudo(), the state of a set, a decision or an evaluation changes only in its actions."""
        evaluation = self._to_state(self._evaluation(), "submitted")
        decision = self.env["hoctap.recognition"].create(
            {"name": "01", "association_id": self.commune_a.id, "year": 2026, "model_type": "citizen"}
        )
        for record, vals in (
            (self.framework, {"state": "draft"}),
            (decision, {"state": "issued"}),
            (evaluation, {"state": "verified"}),
            (evaluation, {"recogniser_id": self.env.uid}),
        ):
            with self.assertUserErrorOnly("workflow buttons"), self.cr.savepoint():
                record.sudo().write(vals)
        with self.assertUserErrorOnly("workflow buttons"), self.cr.savepoint():
            self.team.sudo().write({"self_added_user_ids": [(4, self.verifier.id)]})
        self.assertEqual(evaluation.state, "submitted")

    def test_copy_cannot_forge_the_state(self):
        """Copying a set into a new version cannot set its state or framework through ``default``."""
        manager = self._user("trust_manager_copy", "congdan_hoctap.group_manager", self.province)
        with self.assertUserErrorOnly("workflow buttons"):
            rpc(self.framework.with_user(manager), "copy", {"state": "active"})
        new_version = self.CriteriaSet.browse(rpc(self.framework.with_user(manager), "copy")[0])
        self.assertEqual(new_version.state, "draft")


@tagged("post_install", "-at_install")
class TestCriteriaSetRoles(EvaluationCase):
    """Finding 3: the state actions of a criteria set check the role in the method."""

    def test_viewer_cannot_archive_the_framework(self):
        """A viewer running the set actions over RPC is refused; the framework stays in force."""
        viewer = self._user("trust_viewer", "congdan_hoctap.group_viewer", self.province)
        for method in ("action_archive_set", "action_activate", "action_draft"):
            with self.assertUserErrorOnly("manager"):
                rpc(self.framework.with_user(viewer), method)
        self.assertEqual(self.framework.state, "active")

    def test_officer_runs_only_their_local_sets(self):
        """A commune officer activates and archives their local set, never the framework or another commune's set."""
        with self.assertUserErrorOnly("manager"):
            rpc(self.framework.with_user(self.commune_officer), "action_archive_set")
        local = self.CriteriaSet.browse(
            rpc(self.framework.with_user(self.commune_officer), "action_derive", self.commune_a.id)["res_id"]
        )
        with self.assertRaises(UserError):
            rpc(local.with_user(self.officer_b), "action_activate")
        with self.assertUserErrorOnly("association officer"):
            rpc(local.with_user(self.branch_officer), "action_activate")
        self.assertIs(rpc(local.with_user(self.commune_officer), "action_activate"), True)
        self.assertIs(rpc(local.with_user(self.commune_officer), "action_archive_set"), True)
        self.assertEqual(local.state, "archived")

    def test_viewer_cannot_derive_for_any_association(self):
        """Deriving a local set needs an association officer of that association."""
        viewer = self._user("trust_viewer_derive", "congdan_hoctap.group_viewer", self.commune_a)
        with self.assertUserErrorOnly("association officer"):
            rpc(self.framework.with_user(viewer), "action_derive", self.commune_a.id)
        with self.assertUserErrorOnly("association officer"):
            rpc(self.framework.with_user(self.commune_officer), "action_derive", self.commune_b.id)


@tagged("post_install", "-at_install")
class TestSeparationOfDuties(EvaluationCase):
    """Finding 8: one person does one control step of an evaluation, unless the association relaxes it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls._user("trust_manager", "congdan_hoctap.group_manager", cls.province)
        cls.multi = cls._user(
            "trust_multi", "congdan_hoctap.group_officer,congdan_hoctap.group_approver", cls.commune_a
        )

    def _self_assessed_by(self, user):
        evaluation = self._evaluation()
        self._score(evaluation, [9] * 10)
        self._attach_evidence(evaluation)
        rpc(evaluation.with_user(user), "action_self_assess")
        rpc(evaluation.with_user(user), "action_submit")
        return evaluation

    # Self-assessing for a citizen, reviewing, verifying and recognising are four different people:
    # one test per rule, then the four steps done by four people.
    def _reviewed_after_multi(self):
        evaluation = self._self_assessed_by(self.multi)
        rpc(evaluation.with_user(self.branch_officer), "action_review")
        self.team.member_ids = [(4, self.multi.id)]  # added by someone else
        return evaluation

    def _verified_after_multi(self):
        evaluation = self._reviewed_after_multi()
        rpc(evaluation.with_user(self.verifier), "action_verify")
        return evaluation

    def _decision_of(self, evaluation):
        return self.env["hoctap.recognition"].create(
            {
                "name": "01",
                "association_id": self.commune_a.id,
                "year": 2026,
                "model_type": "citizen",
                "evaluation_ids": [(6, 0, evaluation.ids)],
            }
        )

    def test_self_assessor_and_submitter_are_kept(self):
        """Who self-assessed for the citizen and who submitted are kept on the evaluation."""
        evaluation = self._self_assessed_by(self.multi)
        self.assertEqual(evaluation.self_assessor_id, self.multi)
        self.assertEqual(evaluation.submitter_id, self.multi)

    def test_self_assessor_does_not_review(self):
        """The officer who self-assessed for a citizen does not review the evaluation."""
        evaluation = self._self_assessed_by(self.multi)
        with self.assertUserErrorOnly("separation of duties"):
            rpc(evaluation.with_user(self.multi), "action_review")

    def test_self_assessor_does_not_verify(self):
        """The officer who self-assessed does not verify it, even in a team someone else added them to."""
        evaluation = self._reviewed_after_multi()
        with self.assertUserErrorOnly("self-assessed it"):
            rpc(evaluation.with_user(self.multi), "action_verify")

    def test_self_assessor_does_not_score_the_verification(self):
        """The officer who self-assessed does not type verified scores either."""
        evaluation = self._reviewed_after_multi()
        with self.assertUserErrorOnly("self-assessed it"), self.cr.savepoint():
            rpc(evaluation.line_ids[:1].with_user(self.multi), "write", {"verified_score": 9})

    def test_reviewer_does_not_verify(self):
        """The officer who reviewed does not verify, even as a member of the team."""
        evaluation = self._reviewed_after_multi()
        self.team.member_ids = [(4, self.branch_officer.id)]
        with self.assertUserErrorOnly("reviewed it"):
            rpc(evaluation.with_user(self.branch_officer), "action_verify")

    def test_self_assessor_does_not_issue_the_decision(self):
        """The officer who self-assessed does not issue the decision recognising it."""
        decision = self._decision_of(self._verified_after_multi())
        with self.assertUserErrorOnly("self-assessed it"):
            rpc(decision.with_user(self.multi), "action_issue")

    def test_self_assessor_does_not_refuse_recognition(self):
        """The officer who self-assessed does not decide not to recognise it either."""
        evaluation = self._verified_after_multi()
        with self.assertUserErrorOnly("self-assessed it"):
            self._confirm_reason("hoctap.evaluation.not.recognise", evaluation.with_user(self.multi), "Không đạt")

    def test_four_people_do_the_four_steps(self):
        """Self-assessed by one officer, reviewed, verified and recognised by three others: each is kept."""
        evaluation = self._verified_after_multi()
        decision = self._decision_of(evaluation)
        rpc(decision.with_user(self.commune_officer), "action_issue")
        self.assertEqual(
            (evaluation.state, evaluation.reviewer_id, evaluation.verifier_id, evaluation.recogniser_id),
            ("recognised", self.branch_officer, self.verifier, self.commune_officer),
        )
        self.assertEqual(decision.issued_by_id, self.commune_officer)

    def test_no_verification_in_a_team_one_joined_oneself(self):
        """An officer who adds themselves to a team does not verify through it; added by someone else, they do."""
        evaluation = self._to_state(self._evaluation(), "reviewed")
        rpc(self.team.with_user(self.commune_officer), "write", {"member_ids": [(4, self.commune_officer.id)]})
        self.assertIn(self.commune_officer, self.team.self_added_user_ids)
        with self.assertUserErrorOnly("added yourself"):
            rpc(evaluation.with_user(self.commune_officer), "action_verify")
        self.team.member_ids = [(3, self.commune_officer.id)]
        self.assertFalse(self.team.self_added_user_ids)
        self.team.with_user(self.manager).member_ids = [(4, self.commune_officer.id)]
        self.assertFalse(self.team.self_added_user_ids)
        rpc(evaluation.with_user(self.commune_officer), "action_verify")
        self.assertEqual(evaluation.verifier_id, self.commune_officer)
        own_team = self.env["hoctap.support.team"].browse(
            rpc_model(
                self.env["hoctap.support.team"].with_user(self.commune_officer),
                "create",
                {
                    "name": "Tổ tự lập",
                    "association_id": self.commune_a.id,
                    "association_ids": [(6, 0, self.branch_a2.ids)],
                    "member_ids": [(6, 0, (self.commune_officer | self.verifier).ids)],
                },
            )
        )
        self.assertEqual(own_team.self_added_user_ids, self.commune_officer)

    def test_nobody_controls_their_own_evaluation(self):
        """The evaluated person does not review their own evaluation."""
        officer = self._user("trust_own_officer", "congdan_hoctap.group_branch_officer", self.branch_a1)
        evaluation = self._evaluation()
        evaluation.partner_id = officer.partner_id
        self._to_state(evaluation, "submitted")
        with self.assertUserErrorOnly("your own evaluation"):
            rpc(evaluation.with_user(officer), "action_review")

    def test_association_relaxes_and_the_change_is_logged(self):
        """Only a manager lets one person do several steps; the change is in the chatter and covers the subtree."""
        with self.assertRaises(AccessError):
            rpc(self.commune_a.with_user(self.commune_officer), "write", {"allow_same_reviewer": True})
        with self.assertRaises(AccessError):
            rpc_model(
                self.Association.with_user(self.commune_officer),
                "create",
                {
                    "name": "Chi hội mới",
                    "code": "A9",
                    "level": "branch",
                    "parent_id": self.commune_a.id,
                    "allow_same_reviewer": True,
                },
            )
        commune = self.commune_a.with_user(self.manager).with_context(tracking_disable=False)
        commune.write({"allow_same_reviewer": True})
        self.env.flush_all()
        self.env.cr.flush()
        tracked = self.commune_a.message_ids.sudo().tracking_value_ids.filtered(
            lambda value: value.field_id.name == "allow_same_reviewer"
        )
        self.assertTrue(tracked, "the change of the setting is logged in the association's chatter")
        evaluation = self._self_assessed_by(self.multi)
        rpc(evaluation.with_user(self.multi), "action_review")
        self.team.with_user(self.multi).member_ids = [(4, self.multi.id)]
        rpc(evaluation.with_user(self.multi), "action_verify")
        self.assertEqual(evaluation.verifier_id, self.multi)


@tagged("post_install", "-at_install")
class TestDecidedEvaluationLocked(EvaluationCase):
    """Finding 9: what was decided stays decided; a set out of force is refused."""

    def test_recognised_evaluation_is_locked(self):
        """Person, year, association, model and set of a verified or recognised evaluation cannot change."""
        evaluation = self._to_state(self._evaluation(), "verified")
        other_set = self._criteria_set("Khung khác")
        other_set.action_activate()
        changes = [
            {"year": 2019},
            {"partner_id": self._person("Người khác").id},
            {"association_id": self.branch_a2.id},
            {"model_type": "family"},
            {"set_id": other_set.id},
            {"clan_name": "Họ Nguyễn"},
        ]
        for vals in changes:
            with self.assertUserErrorOnly("can no longer be changed"), self.cr.savepoint():
                rpc(evaluation.with_user(self.commune_officer), "write", vals)
        self.env["hoctap.recognition"].create(
            {
                "name": "01",
                "association_id": self.commune_a.id,
                "year": 2026,
                "model_type": "citizen",
                "evaluation_ids": [(6, 0, evaluation.ids)],
            }
        ).with_user(self.commune_officer).action_issue()
        for vals in changes:
            with self.assertUserErrorOnly("can no longer be changed"), self.cr.savepoint():
                rpc(evaluation.with_user(self.commune_officer), "write", vals)
        self.assertEqual((evaluation.year, evaluation.association_id), (2026, self.branch_a1))
        evaluation._portal_ensure_token()  # sharing the certificate page still works

    def test_create_refuses_a_set_out_of_force(self):
        """An evaluation cannot be created with an archived, draft or not yet valid criteria set."""
        draft = self._criteria_set("Bộ nháp")
        future = self._criteria_set("Bộ 2030", date_from="2030-01-01")
        future.action_activate()
        archived = self._criteria_set("Bộ cũ")
        archived.action_activate()
        archived.action_archive_set()
        for criteria_set in (draft, future, archived):
            with self.assertUserErrorOnly("not in force"), self.cr.savepoint():
                rpc_model(
                    self.Evaluation.with_user(self.branch_officer),
                    "create",
                    {
                        "partner_id": self._person("Người học").id,
                        "association_id": self.branch_a1.id,
                        "year": 2026,
                        "set_id": criteria_set.id,
                    },
                )
        local_b = self.CriteriaSet.browse(self.framework.action_derive(self.commune_b)["res_id"])
        local_b.action_activate()
        with self.assertUserErrorOnly("not in force"), self.cr.savepoint():
            self.Evaluation.with_user(self.branch_officer).create(
                {
                    "partner_id": self._person("Người học").id,
                    "association_id": self.branch_a1.id,
                    "year": 2026,
                    "set_id": local_b.id,
                }
            )

    def test_year_range(self):
        """An evaluation, a decision or a calendar has a year from 2000 to next year."""
        for year in (1990, 3026):
            with self.assertRaisesRegex(ValidationError, "not a valid year"), self.cr.savepoint():
                self._evaluation(year=year)
            with self.assertRaisesRegex(ValidationError, "not a valid year"), self.cr.savepoint():
                self.env["hoctap.recognition"].create(
                    {"name": "01", "association_id": self.commune_a.id, "year": year, "model_type": "citizen"}
                )
            with self.assertRaisesRegex(ValidationError, "not a valid year"), self.cr.savepoint():
                self.env["hoctap.evaluation.deadline"].create({"association_id": self.commune_a.id, "year": year})


@tagged("post_install", "-at_install")
class TestMassRegisterScope(EvaluationCase):
    """Finding 13: a duplicate the user cannot see is one failure of the batch, not its end."""

    def test_duplicate_outside_scope_is_reported(self):
        """Registering a branch goes past a member already evaluated under another commune and reports them."""
        moved = self._member(self.branch_a1)
        stays = self._member(self.branch_a1)
        (moved | stays).partner_id.occupation_group = "farmer"
        self.Evaluation.create(
            {
                "partner_id": moved.partner_id.id,
                "association_id": self.branch_b1.id,
                "year": 2026,
                "set_id": self.framework.id,
            }
        )
        wizard = (
            self.env["hoctap.evaluation.mass.action"]
            .with_user(self.branch_officer)
            .create({"action": "register", "association_id": self.branch_a1.id, "year": 2026})
        )
        result = rpc(wizard, "action_apply")
        self.assertMarshals(result)
        self.assertEqual(wizard.done_count, 1)
        self.assertEqual(len(wizard.failure_ids), 1)
        self.assertIn("already has an evaluation", wizard.failure_ids.reason)
        self.assertEqual(self.Evaluation.search_count([("partner_id", "=", stays.partner_id.id)]), 1)


@tagged("post_install", "-at_install")
class TestLearningXmlRpc(EvaluationCase):
    """Finding 14: every public method of the learning models returns what XML-RPC can carry."""

    def assertMarshallable(self, result):
        self.assertIsNotNone(result)
        self.assertMarshals(result)

    def test_evaluation_actions_marshal(self):
        """The evaluation's actions return True or an action dict, never None."""
        evaluation = self._evaluation()
        self._score(evaluation, [9] * 10)
        self._attach_evidence(evaluation)
        self.assertMarshallable(rpc(evaluation.with_user(self.branch_officer), "action_self_assess"))
        self.assertMarshallable(rpc(evaluation.with_user(self.branch_officer), "action_submit"))
        self.assertMarshallable(rpc(evaluation.with_user(self.commune_officer), "action_review"))
        self.assertMarshallable(
            self._confirm_reason("hoctap.evaluation.return", evaluation.with_user(self.verifier), "Bổ sung")
        )
        self.assertMarshallable(rpc(evaluation.with_user(self.branch_officer), "action_submit"))
        self.assertMarshallable(rpc(evaluation.with_user(self.commune_officer), "action_review"))
        self.assertMarshallable(rpc(evaluation.with_user(self.verifier), "action_verify"))
        for method in ("action_return", "action_not_recognise", "action_revoke"):
            self.assertMarshallable(rpc(evaluation.with_user(self.branch_officer), method))
        decision = self.env["hoctap.recognition"].create(
            {
                "name": "01",
                "association_id": self.commune_a.id,
                "year": 2026,
                "model_type": "citizen",
                "evaluation_ids": [(6, 0, evaluation.ids)],
            }
        )
        self.assertMarshallable(rpc(decision.with_user(self.approver_a), "action_issue"))
        self.assertMarshallable(rpc(decision.with_user(self.approver_a), "action_view_evaluations"))
        self.assertMarshallable(
            self._confirm_reason("hoctap.evaluation.revoke", evaluation.with_user(self.approver_a), "Khai man")
        )
        other = self._evaluation()
        self.assertMarshallable(rpc(other.with_user(self.branch_officer), "action_cancel"))
        self.assertMarshallable(rpc(other.with_user(self.branch_officer), "action_reset_registered"))
        refused = self._to_state(self._evaluation(), "verified")
        self.assertMarshallable(
            self._confirm_reason("hoctap.evaluation.not.recognise", refused.with_user(self.approver_a), "Không đạt")
        )

    def test_set_and_wizard_actions_marshal(self):
        """Criteria set actions and the evaluation wizards return True or an action dict."""
        local = self.CriteriaSet.browse(
            rpc(self.framework.with_user(self.commune_officer), "action_derive", self.commune_a.id)["res_id"]
        )
        for method in ("action_activate", "action_archive_set", "action_draft"):
            self.assertMarshallable(rpc(local.with_user(self.commune_officer), method))
        evaluation = self._to_state(self._evaluation(), "submitted")
        reason = (
            self.env["hoctap.evaluation.return"]
            .with_user(self.branch_officer)
            .create({"evaluation_ids": [(6, 0, evaluation.ids)], "reason": "Bổ sung"})
        )
        self.assertMarshallable(rpc(reason, "action_confirm"))
        mass = (
            self.env["hoctap.evaluation.mass.action"]
            .with_user(self.branch_officer)
            .create({"action": "submit", "evaluation_ids": [(6, 0, evaluation.ids)]})
        )
        self.assertMarshallable(rpc(mass, "action_apply"))
        export = (
            self.env["hoctap.evaluation.export"]
            .with_user(self.branch_officer)
            .create({"evaluation_ids": [(6, 0, evaluation.ids)]})
        )
        self.assertMarshallable(rpc(export, "action_export"))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.approver_a = cls._user("trust_approver_a", "congdan_hoctap.group_approver", cls.commune_a)
