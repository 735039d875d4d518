# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from freezegun import freeze_time

from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_evaluation import EvaluationCase

YEAR = 2025
DECISION = {
    "authority_name": "Ủy ban nhân dân xã A",
    "decision_number": "35/QĐ-UBND",
    "decision_date": "2026-02-10",
    "decision_signer": "Nguyễn Văn B",
    "decision_signer_title": "Chủ tịch",
    "decision_filename": "qd-35.pdf",
    "decision_file": base64.b64encode(b"%PDF-1.4 quyet dinh").decode(),
}


class LearningUnitCase(EvaluationCase):
    """EvaluationCase plus an approver who records authorities' decisions and a commune-wide branch officer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Headcount = cls.env["hoctap.unit.headcount"]
        cls.Dossier = cls.env["hoctap.recognition.dossier"]
        cls.unit_l1 = cls.env.ref("congdan_hoctap.criteria_set_unit_l1")
        cls.unit_l2 = cls.env.ref("congdan_hoctap.criteria_set_unit_l2")
        cls.recorder = cls._user("unit_recorder", "congdan_hoctap.group_approver", cls.commune_a)
        cls.commune_branch_officer = cls._user("unit_branch", "congdan_hoctap.group_branch_officer", cls.commune_a)

    def _unit(self, subject, criteria_set=None, model_type="unit", association=None):
        vals = {
            "model_type": model_type,
            "subject_association_id": subject.id,
            "association_id": (association or self.commune_a).id,
            "year": YEAR,
        }
        if criteria_set:
            vals["set_id"] = criteria_set.id
        return self.Evaluation.create(vals)

    def _scored(self, evaluation):
        evaluation.line_ids.write({"self_score": 1})
        return evaluation

    def _headcount(self, unit, people, citizens, kind="staff", user=None):
        vals = {
            "association_id": unit.id,
            "year": YEAR,
            "kind": kind,
            "people_count": people,
            "citizen_count": citizens,
        }
        if user:
            return self.Headcount.browse(self._create_as(user, self.Headcount, vals))
        return self.Headcount.create(vals)

    def _create_as(self, user, model, vals):
        """``create`` as ``user`` the way a client calls it (call_kw)."""
        return call_kw(model.with_user(user), "create", [vals], {})

    def _verified_unit(self, subject, staff=(100, 95)):
        self._headcount(subject, *staff)
        return self._walk_to_verified(self._unit(subject, self.unit_l1))

    def _walk_to_verified(self, evaluation):
        """Score every condition as met with its evidence, then self-assess, submit, review (system) and
        verify (a support-team member covering commune A)."""
        self._scored(evaluation)
        self._attach_evidence(evaluation)
        evaluation.action_self_assess()
        evaluation.action_submit()
        evaluation.action_review()
        evaluation.with_user(self.verifier).action_verify()
        return evaluation


@tagged("post_install", "-at_install")
class TestUnitRatio(LearningUnitCase):
    """TT 24/2023: a learning unit's ratio is over its own staff or learners, not association members."""

    def _passes(self, criteria_set, people, citizens, kind):
        unit = self._scored(self._unit(self.branch_a2, criteria_set))
        self._headcount(self.branch_a2, people, citizens, kind=kind, user=self.branch_officer_a2)
        return unit._evaluate_rules()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.branch_officer_a2 = cls._user("unit_branch_a2", "congdan_hoctap.group_branch_officer", cls.branch_a2)

    def test_level_1_staff_89_fails_90_passes(self):
        """Level 1: 89 of 100 staff holding the title fails, 90 of 100 passes (≥ 90 %)."""
        passed, reasons = self._passes(self.unit_l1, 100, 89, "staff")
        self.assertFalse(passed)
        self.assertIn("89.0% of the unit's staff", " ".join(reasons))
        self.Headcount.search([("association_id", "=", self.branch_a2.id)]).citizen_count = 90
        self.assertTrue(
            self.Evaluation.search([("subject_association_id", "=", self.branch_a2.id)])._evaluate_rules()[0]
        )

    def test_level_1_learners_need_95(self):
        """Level 1, educational establishment: 94 % of learners fails, 95 % passes."""
        self.assertFalse(self._passes(self.unit_l1, 200, 188, "learners")[0])
        self.Headcount.search([("association_id", "=", self.branch_a2.id)]).citizen_count = 190
        self.assertTrue(
            self.Evaluation.search([("subject_association_id", "=", self.branch_a2.id)])._evaluate_rules()[0]
        )

    def test_level_2_staff_94_fails_95_passes(self):
        """Level 2: 94 % of staff fails, 95 % passes."""
        self.assertFalse(self._passes(self.unit_l2, 100, 94, "staff")[0])
        self.Headcount.search([("association_id", "=", self.branch_a2.id)]).citizen_count = 95
        self.assertTrue(
            self.Evaluation.search([("subject_association_id", "=", self.branch_a2.id)])._evaluate_rules()[0]
        )

    def test_level_2_learners_96_fails_97_passes(self):
        """Level 2, educational establishment: 96 % of learners fails, 97 % passes."""
        self.assertFalse(self._passes(self.unit_l2, 100, 96, "learners")[0])
        self.Headcount.search([("association_id", "=", self.branch_a2.id)]).citizen_count = 97
        evaluation = self.Evaluation.search([("subject_association_id", "=", self.branch_a2.id)])
        self.assertTrue(evaluation._evaluate_rules()[0])
        self.assertEqual(evaluation.member_ratio, 97.0)

    def test_members_of_the_branch_do_not_count(self):
        """Association members recognised as citizens do not make the ratio: without a headcount the unit fails."""
        unit = self._scored(self._unit(self.branch_a2, self.unit_l1))
        self._member(self.branch_a2)
        passed, reasons = unit._evaluate_rules()
        self.assertFalse(passed)
        self.assertIn("Enter the headcount", reasons[0])

    def test_headcount_frozen_once_verified(self):
        """The headcount of a verified unit stays as verified, whoever writes it."""
        self._verified_unit(self.branch_a2)
        headcount = self.Headcount.search([("association_id", "=", self.branch_a2.id)])
        with self.assertUserErrorOnly("can no longer change"):
            self._rpc(self.branch_officer_a2, headcount, "write", {"citizen_count": 99})

    def test_headcount_outside_scope_refused(self):
        """A branch officer cannot enter the headcount of a unit outside their branch."""
        with self.assertRaises(UserError):
            self._headcount(self.branch_b1, 10, 9, user=self.branch_officer_a2)

    def test_level_conditions_are_evidence_checklists(self):
        """Each level ships its conditions (emulation title, digital transformation, accreditation) as
        mandatory indicators needing evidence, provisional where the text is not checked."""
        for level in ("1", "2", "3"):
            criteria_set = self.env.ref(f"congdan_hoctap.criteria_set_unit_l{level}")
            names = " ".join(criteria_set._indicators().mapped("name"))
            for condition in ("Tập thể lao động", "chuyển đổi số", "kiểm định chất lượng"):
                self.assertIn(condition, names)
            conditions = criteria_set._indicators().filtered(lambda c: c.code.startswith("1."))
            self.assertTrue(all(conditions.mapped("evidence_required")) and all(conditions.mapped("mandatory")))
            self.assertTrue(criteria_set.provisional)
        self.assertIn("xuất sắc", self.unit_l2._indicators().filtered(lambda c: c.code == "1.2").name)


@tagged("post_install", "-at_install")
class TestRecognitionDossier(LearningUnitCase):
    """Units and communities are recognised by the competent People's Committee on a dossier."""

    def _dossier(self, evaluations, model_type="unit"):
        return self.Dossier.browse(
            self._create_as(
                self.commune_officer,
                self.Dossier,
                {
                    "association_id": self.commune_a.id,
                    "model_type": model_type,
                    "year": YEAR,
                    "level": "1",
                    "evaluation_ids": [(6, 0, evaluations.ids)],
                },
            )
        )

    def _decision(self):
        return dict(DECISION)

    def _decide(self, user, dossier, values, outcome="recognised"):
        """Record the authority's decision in its form, as ``user`` and through ``call_kw``."""
        action = self._rpc(user, dossier, "action_record_decision" if outcome == "recognised" else "action_refuse")
        self.assertEqual(action["context"]["default_outcome"], outcome)
        wizard = (
            self.env["hoctap.recognition.dossier.decision"]
            .with_user(user)
            .create(dict(values, dossier_id=dossier.id, outcome=outcome))
        )
        return self._rpc(user, wizard, "action_confirm")

    def test_unit_dossier_submitted_before_the_deadline(self):
        """A unit dossier of 2025 submitted on 14/01/2026 is on time (deadline: before 15/01)."""
        dossier = self._dossier(self._verified_unit(self.branch_a2))
        self.assertEqual(str(dossier.date_deadline), "2026-01-15")
        with freeze_time("2026-01-14"):
            self._rpc(self.commune_officer, dossier, "action_submit")
        self.assertEqual(dossier.state, "submitted")
        self.assertFalse(dossier.is_late)

    def test_late_unit_dossier_is_flagged(self):
        """Submitted on 15/01/2026 or later, the dossier is flagged late and found by the Late filter."""
        dossier = self._dossier(self._verified_unit(self.branch_a2))
        with freeze_time("2026-01-20"):
            self._rpc(self.commune_officer, dossier, "action_submit")
        self.assertTrue(dossier.is_late)
        self.assertEqual(self.Dossier.search([("is_late", "=", True)]), dossier)
        self.assertIn("Submitted late", dossier.message_ids[:1].body)

    def test_community_deadline_is_31_may(self):
        """A community dossier of 2025 is due before 31/05/2026."""
        community = self._unit(self.commune_a, model_type="community")
        dossier = self._dossier(community, model_type="community")
        self.assertEqual(str(dossier.date_deadline), "2026-05-31")

    def test_an_evaluation_goes_in_one_dossier(self):
        """An evaluation already in a submitted dossier cannot be proposed again; nor under another model's
        authority."""
        unit = self._verified_unit(self.branch_a2)
        self._rpc(self.commune_officer, self._dossier(unit), "action_submit")
        with self.assertUserErrorOnly("another submitted dossier"):
            self._rpc(self.commune_officer, self._dossier(unit), "action_submit")
        other = self._dossier(unit)
        other.authority_id = self.env.ref("congdan_hoctap.recognition_authority_community")
        with self.assertUserErrorOnly("not the one of this learning model"):
            self._rpc(self.commune_officer, other, "action_submit")

    def test_evaluation_form_proposes_a_dossier(self):
        """A verified unit is proposed in a dossier (not an association decision) from its form."""
        unit = self._verified_unit(self.branch_a2)
        self.assertTrue(unit.recognised_on_dossier)
        self.assertFalse(self._evaluation().recognised_on_dossier)
        action = self._rpc(self.commune_officer, unit, "action_propose_in_dossier")
        self.assertMarshals(action)
        self.assertEqual(action["context"]["default_evaluation_ids"], unit.ids)
        self.assertEqual(
            self._rpc(self.commune_officer, unit, "action_view_headcounts")["domain"][0][2],
            self.Headcount.search([("association_id", "=", self.branch_a2.id)]).ids,
        )

    def test_only_an_officer_submits(self):
        """A branch officer cannot submit a dossier, even in scope."""
        dossier = self._dossier(self._verified_unit(self.branch_a2))
        with self.assertUserErrorOnly("association officer"):
            self._rpc(self.commune_branch_officer, dossier, "action_submit")

    def test_decision_recognises_the_evaluations(self):
        """The approver records the authority's decision: every evaluation of the dossier is recognised."""
        unit = self._verified_unit(self.branch_a2)
        to_recognise = self.env.ref("congdan_hoctap.mail_act_hoctap_evaluation_recognise")
        self.assertEqual(unit.activity_ids.activity_type_id, to_recognise)
        dossier = self._dossier(unit)
        with freeze_time("2026-01-10"):
            self._rpc(self.commune_officer, dossier, "action_submit")
        self.assertMarshals(self._decide(self.recorder, dossier, self._decision()))
        self.assertFalse(unit.activity_ids, "the step's activity is done with the recognition")
        self.assertEqual(dossier.state, "decided")
        self.assertEqual(unit.state, "recognised")
        self.assertEqual(unit.dossier_id, dossier)
        self.assertEqual(unit.recogniser_id, self.recorder)
        self.assertEqual(dossier.decision_number, "35/QĐ-UBND")
        self.assertTrue(dossier.decision_attachment_id.raw.startswith(b"%PDF"))

    def test_branch_officer_cannot_record_the_decision(self):
        """A branch officer is refused recording the decision, even under sudo; the decision fields stay
        closed to a plain write."""
        unit = self._verified_unit(self.branch_a2)
        dossier = self._dossier(unit)
        self._rpc(self.commune_officer, dossier, "action_submit")
        with self.assertRaises(AccessError):
            self._decide(self.commune_branch_officer, dossier, self._decision())
        with self.assertUserErrorOnly("approver or a manager"):
            dossier.with_user(self.commune_branch_officer).sudo()._record_decision(self._decision())
        with self.assertUserErrorOnly("approver or a manager"):
            dossier.with_user(self.commune_branch_officer).sudo()._refuse("Hồ sơ thiếu")
        with self.assertRaises(UserError):
            self._rpc(self.commune_officer, dossier, "write", {"decision_number": "1/QĐ"})
        self.assertEqual(unit.state, "verified")

    def test_refusal_needs_a_reason(self):
        """The authority's refusal is recorded in the same form, with its reason; the evaluations stay
        verified for a new dossier."""
        unit = self._verified_unit(self.branch_a2)
        dossier = self._dossier(unit)
        self._rpc(self.commune_officer, dossier, "action_submit")
        with self.assertUserErrorOnly("refused the dossier"):
            self._decide(self.recorder, dossier, {"refusal_reason": "  "}, outcome="refused")
        self._decide(self.recorder, dossier, {"refusal_reason": "Thiếu minh chứng"}, outcome="refused")
        self.assertEqual(
            (dossier.state, dossier.refusal_reason, unit.state), ("refused", "Thiếu minh chứng", "verified")
        )

    def test_dossier_prints_cover_letter_and_results(self):
        """The Print menu's dossier: the cover letter to the authority and each subject with its result."""
        dossier = self._dossier(self._verified_unit(self.branch_a2))
        dossier.cover_letter = "<p>Kính đề nghị công nhận.</p>"
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "congdan_hoctap.action_report_recognition_dossier", dossier.ids
        )
        html = html.decode()
        self.assertIn("TỜ TRÌNH", html)
        self.assertIn("Kính đề nghị công nhận.", html)
        self.assertIn(self.branch_a2.name, html)
        self.assertIn("95.00", html)

    def test_decision_needs_number_date_and_scan(self):
        """No scanned decision, no recognition."""
        dossier = self._dossier(self._verified_unit(self.branch_a2))
        self._rpc(self.commune_officer, dossier, "action_submit")
        values = dict(self._decision(), decision_file=False)
        with self.assertUserErrorOnly("scanned decision"):
            self._decide(self.recorder, dossier, values)

    def test_association_decision_refused_for_units(self):
        """A unit is not recognised by the association's own decision."""
        unit = self._verified_unit(self.branch_a2)
        recognition = self.env["hoctap.recognition"].create(
            {
                "name": "9/QĐ-KH",
                "association_id": self.commune_a.id,
                "year": YEAR,
                "model_type": "unit",
                "evaluation_ids": [(6, 0, unit.ids)],
            }
        )
        with self.assertUserErrorOnly("proposal dossier"):
            recognition.with_user(self.commune_officer).action_issue()

    def test_authority_is_configuration(self):
        """The authority per model type is a setting: a province may give communities to the association."""
        self.env.ref("congdan_hoctap.recognition_authority_community").kind = "association"
        dossier = self._dossier(self._unit(self.commune_a, model_type="community"), model_type="community")
        with self.assertUserErrorOnly("association's own decision"):
            self._rpc(self.commune_officer, dossier, "action_submit")


@tagged("post_install", "-at_install")
class TestCommunities(LearningUnitCase):
    """TT 25/2023 communities and the QĐ 448 village communities and grassroots units."""

    def test_commune_community_has_three_criteria_with_targets(self):
        """Three criteria, each with its targets as indicators; criterion 2 is about resources and coordination."""
        criteria_set = self.env.ref("congdan_hoctap.criteria_set_community_l1")
        groups = criteria_set.criterion_ids.filtered(lambda c: c.kind == "group")
        self.assertEqual(len(groups), 3)
        for group in groups:
            self.assertGreaterEqual(len(group.child_ids.filtered(lambda c: c.kind == "indicator")), 2)
        second = groups.sorted("sequence")[1]
        text = " ".join([second.name] + second.child_ids.mapped("name"))
        self.assertIn("nguồn lực", text)
        self.assertIn("Hội Khuyến học xã", text)
        self.assertNotIn("cơ sở vật chất", text)
        self.assertEqual(str(criteria_set.date_from), "2024-02-12")

    def test_levels_and_provincial_sets_shipped(self):
        """Levels 1–3 and the provincial level are shipped in force (provisional)."""
        for name in ("l1", "l2", "l3", "province"):
            criteria_set = self.env.ref(f"congdan_hoctap.criteria_set_community_{name}")
            self.assertEqual((criteria_set.state, criteria_set.model_type), ("active", "community"))
            self.assertTrue(criteria_set.provisional)

    def test_qd448_types_register_out_of_the_box(self):
        """A village community and a grassroots unit register with their shipped (provisional) sets."""
        village = self._unit(self.branch_a1, model_type="village_community")
        grassroots = self._unit(self.branch_a2, model_type="grassroots_unit")
        self.assertEqual(village.set_id, self.env.ref("congdan_hoctap.criteria_set_village_community"))
        self.assertEqual(grassroots.set_id, self.env.ref("congdan_hoctap.criteria_set_grassroots_unit"))
        self.assertTrue(village.line_ids and grassroots.line_ids)
        self.assertTrue(village.set_id.provisional and grassroots.set_id.provisional)


@tagged("post_install", "-at_install")
class TestUnitStatistics(LearningUnitCase):
    """Statistics count each kind apart, and the national targets are achieved on their own bases."""

    def _report(self):
        return self.env["hoctap.statistic"].create({"association_id": self.commune_a.id, "year": YEAR})

    def _enter(self, report, **figures):
        for indicator, value in figures.items():
            report.line_ids.filtered(lambda line, i=indicator: line.indicator == i).write(
                {"manual": True, "own_value": value}
            )

    def test_community_and_unit_kinds_reported_separately(self):
        """Village and commune communities, grassroots and TT 24 units are separate figures."""
        self._unit(self.commune_a, model_type="community")
        self._unit(self.branch_a1, model_type="village_community")
        self._unit(self.branch_b1, model_type="village_community", association=self.commune_b)  # not in A's report
        self._unit(self.branch_a2, model_type="grassroots_unit")
        values = self._report()._get_values()
        self.assertEqual(values["community_registered"], 1)
        self.assertEqual(values["village_community_registered"], 1)
        self.assertEqual(values["grassroots_unit_registered"], 1)
        self.assertEqual(values["unit_registered"], 0)
        self.assertEqual(values["models_registered"], 3)

    def test_adult_share_on_adults_in_learning_models(self):
        """QĐ 677: 40 % of adults in learning families, clans and villages, not of the population."""
        report = self._report()
        self._enter(report, population=10_000, adult_model_count=1_000, adult_model_recognised=450)
        values = report._get_values()
        self.assertEqual(values["adult_citizen_share"], 45.0)
        target = (
            self.env["hoctap.target"]
            ._copy_targets(self.commune_a, YEAR, "national")
            .filtered(lambda t: t.indicator == "adult_citizen_share")
        )
        self.assertEqual(target.target_value, 40.0)
        report.action_submit()
        self.assertTrue(target.is_achieved)
        self.assertEqual(target.actual_value, 45.0)

    def test_officials_in_recognised_units_from_headcounts(self):
        """QĐ 677: officials in learning units come from the staff headcounts of the recognised units."""
        unit = self._verified_unit(self.branch_a2, staff=(100, 92))
        dossier = self.Dossier.create(
            {
                "association_id": self.commune_a.id,
                "model_type": "unit",
                "year": YEAR,
                "evaluation_ids": [(6, 0, unit.ids)],
            }
        )
        dossier.with_user(self.commune_officer).action_submit()
        dossier.with_user(self.recorder)._record_decision(DECISION)
        values = self._report()._get_values()
        self.assertEqual((values["unit_official_count"], values["unit_official_recognised"]), (100, 92))
        self.assertEqual(values["official_citizen_share"], 92.0)

    def test_qd387_shares_on_their_own_bases(self):
        """QĐ 387 (25/03/2022): clans, village communities and units over those of the territory."""
        report = self._report()
        self._enter(
            report,
            clan_count=20,
            clan_recognised=13,
            village_count=10,
            village_community_recognised=7,
            unit_count=5,
            unit_recognised=3,
            grassroots_unit_recognised=1,
        )
        values = report._get_values()
        self.assertEqual(values["clan_recognised_share"], 65.0)
        self.assertEqual(values["community_recognised_share"], 70.0)
        self.assertEqual(values["unit_recognised_share"], 80.0)
        national = self.env["hoctap.target"]._national_targets(YEAR)
        self.assertEqual(
            (
                national["clan_recognised_share"],
                national["community_recognised_share"],
                national["unit_recognised_share"],
                national["official_citizen_share"],
            ),
            (65.0, 65.0, 80.0, 60.0),
        )
