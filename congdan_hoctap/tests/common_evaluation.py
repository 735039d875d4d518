# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager

from odoo.exceptions import UserError

from .common import HoctapCase


class EvaluationCase(HoctapCase):
    """HoctapCase plus a 10 × 10-point criteria set (total ≥ 80, no indicator < 5), users and a team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Evaluation = cls.env["hoctap.evaluation"]
        cls.CriteriaSet = cls.env["hoctap.criteria.set"]
        cls.framework = cls._criteria_set("Khung CĐHT thử", indicators=10)
        cls.framework.criterion_ids.filtered(lambda c: c.code == "1").evidence_required = True
        cls.framework.action_activate()
        cls.branch_officer = cls._user("eval_branch", "congdan_hoctap.group_branch_officer", cls.branch_a1)
        cls.officer_b = cls._user("eval_officer_b", "congdan_hoctap.group_officer", cls.commune_b)
        cls.commune_officer = cls._user("eval_commune", "congdan_hoctap.group_officer", cls.commune_a)
        cls.verifier = cls._user("eval_verifier", "congdan_hoctap.group_approver", cls.province)
        cls.outsider_verifier = cls._user("eval_verifier_b", "congdan_hoctap.group_approver", cls.province)
        cls.team = cls.env["hoctap.support.team"].create(
            {
                "name": "Tổ hỗ trợ xã A",
                "association_id": cls.commune_a.id,
                "association_ids": [(6, 0, cls.commune_a.ids)],
                "member_ids": [(6, 0, cls.verifier.ids)],
                "leader_id": cls.verifier.id,
            }
        )
        cls.team_b = cls.env["hoctap.support.team"].create(
            {
                "name": "Tổ hỗ trợ xã B",
                "association_id": cls.commune_b.id,
                "association_ids": [(6, 0, cls.commune_b.ids)],
                "member_ids": [(6, 0, cls.outsider_verifier.ids)],
            }
        )

    @classmethod
    def _criteria_set(cls, name, indicators=10, association=None, **vals):
        criteria_set = cls.CriteriaSet.create(
            {
                "name": name,
                "model_type": "citizen",
                "citizen_form_id": cls.env.ref("congdan_hoctap.citizen_form_farmer").id,
                "date_from": "2020-01-01",
                "min_total": 80,
                "min_per_indicator": 5,
                "association_id": association and association.id,
                **vals,
            }
        )
        group = cls.env["hoctap.criterion"].create(
            {"set_id": criteria_set.id, "name": "Nhóm 1", "kind": "group", "max_points": 0}
        )
        cls.env["hoctap.criterion"].create(
            [
                {
                    "set_id": criteria_set.id,
                    "parent_id": group.id,
                    "code": str(i),
                    "name": "Chỉ số %s" % i,
                    "sequence": i,
                    "max_points": 10,
                }
                for i in range(1, indicators + 1)
            ]
        )
        return criteria_set

    def _evaluation(self, association=None, year=2026, criteria_set=None, **vals):
        partner = self._person("Người học %s" % (self._cccd_serial + 1), occupation_group="farmer")
        return self.Evaluation.create(
            {
                "partner_id": partner.id,
                "association_id": (association or self.branch_a1).id,
                "year": year,
                "set_id": (criteria_set or self.framework).id,
                **vals,
            }
        )

    def _score(self, evaluation, scores, field="self_score"):
        for line, score in zip(evaluation.line_ids.sorted("sequence"), scores, strict=False):
            line.write({field: score})

    def _attach_evidence(self, evaluation):
        attachment = self.env["ir.attachment"].create({"name": "minh-chung.txt", "raw": b"ke hoach hoc tap"})
        for line in evaluation.line_ids.filtered("evidence_required"):
            line.evidence_ids = [(4, attachment.id)]

    def _to_state(self, evaluation, state, scores=(9,) * 10):
        """Walk an evaluation up to ``state`` as the right users."""
        self._score(evaluation, scores)
        self._attach_evidence(evaluation)
        evaluation.action_self_assess()
        if state == "self_assessed":
            return evaluation
        evaluation.action_submit()
        if state == "submitted":
            return evaluation
        evaluation.with_user(self.branch_officer).action_review()
        if state == "reviewed":
            return evaluation
        evaluation.with_user(self.verifier).action_verify()
        return evaluation

    @contextmanager
    def assertUserErrorOnly(self, regex=None):
        """Like ``assertRaises(UserError)`` but an ``AccessError`` (a subclass) does not count:
        for the guards whose point is the action's own rights check, not the record rules."""
        with self.assertRaisesRegex(UserError, regex) if regex else self.assertRaises(UserError) as caught:
            yield caught
        self.assertIs(type(caught.exception), UserError, caught.exception)
