# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common_evaluation import EvaluationCase


@tagged("post_install", "-at_install")
class TestPortalModel(EvaluationCase):
    """The rules behind the citizen portal, at model level."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.year = fields.Date.today().year
        partner = cls._person("Hoàng Văn Em", occupation_group="farmer", hoctap_branch_id=cls.branch_a1.id)
        cls.citizen = new_test_user(cls.env, login="portal_em", groups="base.group_portal", partner_id=partner.id)

    def _as_citizen(self):
        return self.Evaluation.with_user(self.citizen).sudo()

    def test_home_branch_prefers_running_membership(self):
        """A citizen registers under the branch of their running membership, else the branch chosen at sign-up."""
        partner = self.citizen.partner_id
        self.assertEqual(partner._hoctap_home_branch(), self.branch_a1)
        self.Membership.create({"partner_id": partner.id, "association_id": self.branch_b1.id})
        self.assertEqual(partner._hoctap_home_branch(), self.branch_b1)

    def test_register_needs_branch(self):
        """Registration without a branch is refused with a message."""
        self.citizen.partner_id.hoctap_branch_id = False
        with self.assertRaises(UserError):
            self._as_citizen()._portal_register(self.citizen.partner_id)

    def test_register_respects_deadline_under_sudo(self):
        """The portal registers in sudo mode but the registration deadline still applies to the citizen."""
        self.env["hoctap.evaluation.deadline"].create(
            {
                "association_id": self.commune_a.id,
                "year": self.year,
                "date_registration": f"{self.year}-01-01",
                "date_self_assessment": f"{self.year}-12-30",
                "date_verification": f"{self.year}-12-31",
            }
        )
        with self.assertRaises(UserError):
            self._as_citizen()._portal_register(self.citizen.partner_id, year=self.year)
        self.assertFalse(self.Evaluation.search([("partner_id", "=", self.citizen.partner_id.id)]))

    def test_save_scores_refuses_bad_values(self):
        """Scores outside 0–max or not whole numbers come back as errors; other lines are saved."""
        evaluation = self._as_citizen()._portal_register(self.citizen.partner_id, year=self.year)
        lines = evaluation.line_ids.sorted("sequence").with_user(self.citizen).sudo()
        errors = (
            evaluation.with_user(self.citizen)
            .sudo()
            ._portal_save_scores({lines[0]: "11", lines[1]: "-1", lines[2]: "7.5", lines[3]: "7"})
        )
        self.assertEqual(set(errors), set(lines[:3]))
        self.assertEqual((lines[3].self_score, lines[3].self_scored), (7, True))
        self.assertFalse(any(lines[:3].mapped("self_scored")))

    def test_other_citizen_cannot_save_or_upload(self):
        """Another user's scores and uploads are refused even in sudo mode."""
        evaluation = self._evaluation(year=self.year)
        as_citizen = evaluation.with_user(self.citizen).sudo()
        with self.assertRaises(UserError):
            as_citizen._portal_save_scores({as_citizen.line_ids[0]: "5"})
        with self.assertRaises(UserError):
            as_citizen._portal_add_evidence(as_citizen.line_ids[0], "a.pdf", b"%PDF-1.4 test")

    def test_merge_carries_home_branch(self):
        """When branches merge, the citizens who chose the old branch follow the successor."""
        self.branch_a1._merge_into(self.branch_a2, fields.Date.today())
        self.assertEqual(self.citizen.partner_id.hoctap_branch_id, self.branch_a2)

    def test_citizen_removes_only_own_evidence(self):
        """A citizen removes their own evidence files, never another file attached to the evaluation."""
        evaluation = self._as_citizen()._portal_register(self.citizen.partner_id, year=self.year)
        as_citizen = evaluation.with_user(self.citizen).sudo()
        line = evaluation.line_ids.sorted("sequence")[:1]
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        own = as_citizen._portal_add_evidence(line.with_user(self.citizen).sudo(), "giay-khen.png", png)
        officer_file = self.env["ir.attachment"].create(
            {
                "name": "ghi-chu-can-bo.pdf",
                "raw": b"%PDF-1.4",
                "res_model": evaluation._name,
                "res_id": evaluation.id,
            }
        )
        with self.assertRaises(UserError):
            as_citizen._portal_remove_evidence(officer_file)
        self.assertTrue(officer_file.exists())
        as_citizen._portal_remove_evidence(own)
        self.assertFalse(own.exists())

    def test_citizen_rights_only_on_learning_citizen(self):
        """The citizen's own rights cover their learning-citizen evaluation, not a family one they head."""
        family = self.Evaluation.create(
            {
                "partner_id": self.citizen.partner_id.id,
                "association_id": self.branch_a1.id,
                "year": self.year,
                "model_type": "family",
            }
        )
        with self.assertRaisesRegex(UserError, "not allowed"):
            family.with_user(self.citizen).sudo()._check_citizen_right()
