# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common_evaluation import EvaluationCase


@tagged("post_install", "-at_install")
class TestCriteriaSet(EvaluationCase):
    def test_framework_shape(self):
        """The shipped CĐHT framework per form group has 3 groups, 10 indicators × 10 points, ≥ 80, none < 5."""
        for group in ("farmer", "worker", "official", "student"):
            criteria_set = self.env.ref(f"congdan_hoctap.criteria_set_citizen_{group}")
            self.assertEqual(criteria_set.state, "active")
            self.assertEqual(criteria_set.indicator_count, 10)
            self.assertEqual(criteria_set.max_total, 100)
            self.assertEqual((criteria_set.min_total, criteria_set.min_per_indicator), (80, 5))
            groups = criteria_set.criterion_ids.filtered(lambda c: c.kind == "group")
            self.assertEqual([len(g.child_ids) for g in groups.sorted("sequence")], [4, 4, 2])

    def test_derive_links_framework(self):
        """A derived set copies every criterion with a link to the framework criterion it refines."""
        action = self.framework.with_user(self.commune_officer).action_derive(self.commune_a)
        local = self.CriteriaSet.browse(action["res_id"])
        self.assertEqual(local.framework_id, self.framework)
        self.assertEqual(local.association_id, self.commune_a)
        self.assertEqual(len(local.criterion_ids), len(self.framework.criterion_ids))
        self.assertEqual(local.criterion_ids.framework_criterion_id, self.framework.criterion_ids)
        sub = local.criterion_ids.filtered(lambda c: c.code == "1")
        self.assertEqual(sub.parent_id.set_id, local)

    def test_derived_cannot_loosen_rules(self):
        """A local set may tighten the framework's rules but never loosen them; the error names the rule."""
        action = self.framework.action_derive(self.commune_a)
        local = self.CriteriaSet.browse(action["res_id"])
        local.min_total = 85
        indicator = local.criterion_ids.filtered(lambda c: c.code == "1")
        cases = [
            (local, {"min_total": 79}, "minimum total"),
            (local, {"min_per_indicator": 4}, "minimum per indicator"),
            (indicator, {"evidence_required": False}, "evidence required"),
            (indicator, {"max_points": 20}, "maximum points"),
        ]
        for record, vals, rule in cases:
            with self.assertRaisesRegex(ValidationError, rule), self.cr.savepoint():
                record.write(vals)
            record.invalidate_recordset()
        with self.assertUserErrorOnly():
            indicator.unlink()

    def test_local_officer_cannot_edit_framework(self):
        """The national framework is read-only for a local officer, who may edit their own derived set."""
        with self.assertRaises(AccessError):
            self.framework.with_user(self.commune_officer).min_total = 70
        action = self.framework.action_derive(self.commune_a)
        local = self.CriteriaSet.browse(action["res_id"])
        local.with_user(self.commune_officer).min_total = 90
        self.assertEqual(local.min_total, 90)
        with self.assertRaises(AccessError):
            local.with_user(self.officer_b).min_total = 95

    def test_local_set_in_force_wins(self):
        """An evaluation takes the active local set of its association's subtree over the framework."""
        local = self.CriteriaSet.browse(self.framework.action_derive(self.commune_a)["res_id"])
        local.action_activate()
        found = self.CriteriaSet._find_in_force("citizen", 2026, self.branch_a1, "farmer")
        self.assertEqual(found, local)
        found_b = self.CriteriaSet._find_in_force("citizen", 2026, self.branch_b1, "farmer")
        self.assertNotEqual(found_b, local)

    def test_activate_guards(self):
        """Only a draft set with indicators can be activated; only an active one archived."""
        empty = self.CriteriaSet.create({"name": "Trống", "model_type": "family", "date_from": "2024-01-01"})
        with self.assertUserErrorOnly():
            empty.action_activate()
        with self.assertUserErrorOnly():
            self.framework.action_activate()
        with self.assertUserErrorOnly():
            empty.action_archive_set()

    def test_unused_local_set_can_be_deleted(self):
        """An unused local set is deleted with its criteria; a set used by an evaluation is not."""
        local = self.CriteriaSet.browse(self.framework.action_derive(self.commune_a)["res_id"])
        criteria = local.criterion_ids
        local.unlink()
        self.assertFalse(criteria.exists())
        self.env["hoctap.evaluation"].create(
            {
                "partner_id": self._person("Người học").id,
                "association_id": self.branch_a1.id,
                "year": 2026,
                "set_id": self.framework.id,
            }
        )
        with self.assertUserErrorOnly():
            self.framework.unlink()
