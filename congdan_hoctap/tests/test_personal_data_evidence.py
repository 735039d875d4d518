# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_evaluation import EvaluationCase
from .test_personal_data_access import PNG


@tagged("post_install", "-at_install")
class TestPersonalDataEvidence(EvaluationCase):
    """Evidence files are private: the reviewers of the evaluation open them, nobody else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.evaluation = cls.Evaluation.create(
            {
                "partner_id": cls._person("Người có minh chứng").id,
                "association_id": cls.branch_a1.id,
                "year": 2026,
                "set_id": cls.framework.id,
            }
        )
        cls.line = cls.evaluation.line_ids[:1]
        # Uploaded by the branch officer from the back office, not yet linked to a record.
        cls.evidence = (
            cls.env["ir.attachment"]
            .with_user(cls.branch_officer)
            .create({"name": "bang-diem.pdf", "raw": b"%PDF-1.4 diem"})
        )
        cls.line.with_user(cls.branch_officer).evidence_ids = [(4, cls.evidence.id)]

    def _open(self, user, attachment):
        """What /web/content/<id> does for ``user``."""
        record = self.env["ir.binary"].with_user(user)._find_record(res_id=attachment.id)
        return record.with_user(user).raw

    def test_other_commune_cannot_open_evidence(self):
        """An officer of commune B opening commune A's evidence by a guessed id gets an access error."""
        for user in (
            self.officer_b,
            self.outsider_verifier.copy({"login": "pdp_no_scope", "hoctap_association_ids": [(6, 0, [])]}),
        ):
            with self.assertRaises(AccessError):
                self._open(user, self.evidence)
            with self.assertRaises(AccessError):
                self.evidence.with_user(user).read(["datas"])
            self.assertFalse(self.env["ir.attachment"].with_user(user).search([("id", "=", self.evidence.id)]))

    def test_reviewers_open_evidence(self):
        """The branch officer, the commune officer and the support team of the evaluation open it."""
        for user in (self.branch_officer, self.commune_officer, self.verifier):
            self.assertEqual(self._open(user, self.evidence), b"%PDF-1.4 diem")

    def test_evidence_is_homed_on_its_evaluation(self):
        """Linking a file as evidence attaches it to the evaluation, so its rules decide who opens it."""
        self.assertEqual((self.evidence.res_model, self.evidence.res_id), ("hoctap.evaluation", self.evaluation.id))
        self.assertFalse(self.evidence.public)

    def test_photo_of_another_commune_is_not_served(self):
        """/web/image of a commune-A person's photo from commune B gives the placeholder, not the photo."""
        self.evaluation.partner_id.image_1920 = PNG
        photo = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", self.evaluation.partner_id.id),
                    ("res_field", "=", "image_1920"),
                ]
            )
        )
        with self.assertRaises(AccessError):
            self.env["ir.binary"].with_user(self.officer_b)._find_record(
                res_model="res.partner", res_id=self.evaluation.partner_id.id, field="image_128"
            )
        with self.assertRaises(AccessError):
            self._open(self.officer_b, photo)
        self.assertTrue(
            self.env["ir.binary"]
            .with_user(self.commune_officer)
            ._find_record(res_model="res.partner", res_id=self.evaluation.partner_id.id, field="image_128")
        )
