# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from psycopg2 import IntegrityError

from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import HoctapCase


@tagged("post_install", "-at_install")
class TestLearningCenter(HoctapCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Center = cls.env["hoctap.learning.center"]
        cls.center_a = cls.Center.create({"name": "TTHTCĐ xã A", "association_id": cls.commune_a.id})
        cls.center_b = cls.Center.create({"name": "TTHTCĐ xã B", "association_id": cls.commune_b.id})

    def test_learner_turns_by_gender(self):
        """A class's learner-turns are the sum of men and women; negative counts are refused."""
        klass = self.env["hoctap.learning.class"].create(
            {"center_id": self.center_a.id, "year": 2023, "topic": "it", "learner_male": 7, "learner_female": 9}
        )
        self.assertEqual(klass.learner_total, 16)
        self.assertEqual(self.center_a.class_count, 1)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            klass.write({"learner_female": -1})
            klass.flush_recordset()

    def test_deputy_defaults_to_association_chair(self):
        """The deputy director is by default the chair of the commune association."""
        chair = self.Partner.create({"name": "Chủ tịch Hội xã A"})
        self.env["hoctap.association.officer"].create(
            {
                "association_id": self.commune_a.id,
                "partner_id": chair.id,
                "role": "chair",
                "date_start": date(2021, 1, 1),
            }
        )
        center = self.Center.create({"name": "TTHTCĐ mới", "association_id": self.commune_a.id})
        self.assertEqual(center.deputy_id, chair)

    def test_merge_carries_centres(self):
        """When communes merge, their learning centres carry on in the successor."""
        (self.commune_b)._merge_into(self.commune_a, date(2025, 7, 1))
        self.assertEqual(self.center_b.association_id, self.commune_a)

    def test_scope(self):
        """A commune officer sees their own commune's centre, not a sibling's, and cannot create one there."""
        officer = self._user("center_officer_a", "congdan_hoctap.group_officer", self.commune_a)
        self.assertEqual(self.Center.with_user(officer).search([]), self.center_a)
        with self.assertRaises(AccessError):
            self.Center.with_user(officer).create({"name": "X", "association_id": self.commune_b.id})

    def test_activity_states(self):
        """An activity is held or cancelled only from planned."""
        activity = self.env["hoctap.activity"].create(
            {
                "name": "Tọa đàm",
                "activity_type": "seminar",
                "association_id": self.commune_a.id,
                "partner_ids": [(6, 0, self.center_a.association_id.partner_id.ids)],
            }
        )
        self.assertEqual(activity.participant_count, 1)
        activity.action_cancel()
        with self.assertRaises(UserError):
            activity.action_done()
        activity.action_reset_planned()
        activity.action_done()
        self.assertEqual(activity.state, "done")


@tagged("post_install", "-at_install")
class TestActivityWorkflowGuard(HoctapCase):
    """Finding 2 (issue 9) for trainings, seminars and briefings: the state moves only through the actions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls._user("act_officer_a", "congdan_hoctap.group_officer", cls.commune_a)
        cls.branch_officer = cls._user("act_branch_a1", "congdan_hoctap.group_branch_officer", cls.branch_a1)
        cls.activity = cls.env["hoctap.activity"].create(
            {
                "name": "Tập huấn phần mềm",
                "activity_type": "training",
                "association_id": cls.commune_a.id,
                "date": "2026-03-01",
            }
        )

    def _write(self, user, vals):
        return call_kw(self.activity.with_user(user), "write", [self.activity.ids, vals], {})

    def test_state_not_written_by_a_client(self):
        """An officer cannot mark an activity held, or bring it back, by writing its state."""
        with self.assertRaisesRegex(UserError, "change only through the workflow buttons"):
            self._write(self.officer, {"state": "done"})
        self.assertEqual(self.activity.state, "planned")
        with self.assertRaisesRegex(UserError, "change only through the workflow buttons"):
            call_kw(
                self.env["hoctap.activity"].with_user(self.officer),
                "create",
                [{"name": "Đã tổ chức", "association_id": self.commune_a.id, "state": "done"}],
                {},
            )

    def test_held_activity_is_locked_but_its_outcome(self):
        """A held activity keeps its organiser, type and date (the reports count them); its outcome stays open."""
        self.activity.with_user(self.officer).action_done()
        for vals in ({"date": "2025-01-01"}, {"association_id": self.commune_b.id}, {"activity_type": "seminar"}):
            with self.assertRaisesRegex(UserError, "can no longer be changed"):
                self._write(self.officer, vals)
        self._write(self.officer, {"outcome": "<p>30 người</p>", "participant_count": 30})
        self.assertEqual((self.activity.date.year, self.activity.participant_count), (2026, 30))

    def test_actions_check_the_role_and_answer_xmlrpc(self):
        """Only an association officer moves an activity (checked in the action); the answer is marshallable."""
        with self.assertRaisesRegex(UserError, "Only an association officer") as caught:
            self.activity.with_user(self.branch_officer).sudo().action_cancel()
        self.assertNotIsInstance(caught.exception, AccessError)
        self.assertEqual(self.activity.state, "planned")
        for method in ("action_cancel", "action_reset_planned", "action_done"):
            result = call_kw(self.activity.with_user(self.officer), method, [self.activity.ids], {})
            self.assertMarshals(result)
        self.assertEqual(self.activity.state, "done")


@tagged("post_install", "-at_install")
class TestScopeMoves(HoctapCase):
    """Issue 9: a record an officer may write cannot be moved by them into a scope they do not hold."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls._user("move_officer_a", "congdan_hoctap.group_officer", cls.commune_a)
        center = cls.env["hoctap.learning.center"].create({"name": "TTHTCĐ A", "association_id": cls.commune_a.id})
        center_b = cls.env["hoctap.learning.center"].create({"name": "TTHTCĐ B", "association_id": cls.commune_b.id})
        cls.moves = [
            (center, "association_id", cls.commune_b.id),
            (cls.env["hoctap.learning.class"].create({"center_id": center.id}), "center_id", center_b.id),
            (
                cls.env["hoctap.target"].create(
                    {"association_id": cls.commune_a.id, "indicator": "member_total", "target_value": 10}
                ),
                "association_id",
                cls.commune_b.id,
            ),
            (
                cls.env["hoctap.population"].create({"association_id": cls.commune_a.id, "population": 100}),
                "association_id",
                cls.commune_b.id,
            ),
            (
                cls.env["hoctap.association.officer"].create(
                    {"association_id": cls.commune_a.id, "partner_id": cls._person("Chủ tịch").id}
                ),
                "association_id",
                cls.commune_b.id,
            ),
            (
                cls.env["hoctap.activity"].create({"name": "Giao ban", "association_id": cls.commune_a.id}),
                "association_id",
                cls.commune_b.id,
            ),
        ]

    def test_officer_cannot_move_records_to_a_sibling(self):
        """Centres, classes, targets, population, committee members and activities stay in the officer's scope."""
        for record, field_name, target in self.moves:
            with self.assertRaises(AccessError, msg=record._name):
                call_kw(record.with_user(self.officer), "write", [record.ids, {field_name: target}], {})
            self.assertNotEqual(record[field_name].id, target, record._name)

    def test_officer_moves_records_inside_the_subtree(self):
        """Inside their own subtree the officer still moves what they keep."""
        target = self.moves[2][0]
        call_kw(target.with_user(self.officer), "write", [target.ids, {"association_id": self.branch_a1.id}], {})
        self.assertEqual(target.association_id, self.branch_a1)
