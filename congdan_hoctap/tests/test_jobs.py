# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

import psycopg2.errors

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from .common_evaluation import EvaluationCase


@tagged("post_install", "-at_install")
class TestJobs(EvaluationCase):
    """Background jobs: split in chunks above the threshold, inline below it, idempotent, retried."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.params = cls.env["ir.config_parameter"].sudo()
        cls.params.set_param("congdan_hoctap.job_threshold", 2)
        cls.params.set_param("congdan_hoctap.job_chunk_size", 2)

    def assertJobs(self, trap, method_name, count):
        """``count`` jobs of ``method_name`` were queued (whatever records each works on)."""
        self.assertEqual(sum(job.method_name == method_name for job in trap.enqueued_jobs), count, method_name)

    def _submitted(self, count):
        evaluations = self.Evaluation
        for _i in range(count):
            evaluations |= self._to_state(self._evaluation(), "submitted")
        return evaluations

    def _mass_review(self, evaluations):
        wizard = (
            self.env["hoctap.evaluation.mass.action"]
            .with_user(self.branch_officer)
            .create({"action": "review", "evaluation_ids": [(6, 0, evaluations.ids)]})
        )
        wizard.action_apply()
        return wizard

    # ---- Mass actions ----
    def test_mass_action_at_threshold_runs_inline(self):
        """Up to the threshold the mass action runs in the request: no job, the evaluations are reviewed."""
        evaluations = self._submitted(2)
        with trap_jobs() as trap:
            wizard = self._mass_review(evaluations)
            trap.assert_jobs_count(0)
        self.assertEqual(set(evaluations.mapped("state")), {"reviewed"})
        self.assertEqual(wizard.done_count, 2)

    def test_mass_action_above_threshold_split_in_chunks(self):
        """Above the threshold: one job per chunk of the configured size plus a 'done' notice; nothing changes
        until the jobs run, then every evaluation is reviewed by the user who asked."""
        evaluations = self._submitted(5)
        with trap_jobs() as trap:
            wizard = self._mass_review(evaluations)
            self.assertJobs(trap, "_job_mass_action", 3)
            self.assertJobs(trap, "_job_mass_action_done", 1)
            trap.assert_enqueued_job(evaluations.sorted("id")[:2]._job_mass_action, args=("review",))
            self.assertEqual(set(evaluations.mapped("state")), {"submitted"})
            self.assertIn("5 evaluations", wizard.job_message)
            trap.perform_enqueued_jobs()
        self.assertEqual(set(evaluations.mapped("state")), {"reviewed"})
        self.assertEqual(evaluations.reviewer_id, self.branch_officer)

    def test_same_selection_not_queued_twice(self):
        """Applying the same step to the same selection while its jobs wait queues nothing more."""
        evaluations = self._submitted(3)
        with trap_jobs() as trap:
            self._mass_review(evaluations)
            self._mass_review(evaluations)
            self.assertJobs(trap, "_job_mass_action", 2)  # the second call was a duplicate

    def test_chunk_run_twice_does_its_work_once(self):
        """A chunk run again (a retry, a requeue) skips what it already did."""
        evaluations = self._submitted(2).with_user(self.branch_officer)
        first = evaluations._job_mass_action("review")
        date_reviewed = evaluations.mapped("date_reviewed")
        second = evaluations._job_mass_action("review")
        self.assertTrue(first.startswith("2 done"), first)
        self.assertTrue(second.startswith("0 done, 2 already past this step"), second)
        self.assertEqual(evaluations.mapped("date_reviewed"), date_reviewed)

    def test_chunk_retried_on_concurrent_update(self):
        """A serialisation failure in a chunk becomes queue_job's RetryableJobError (the job runs again later,
        with nothing of the failed try kept); the next try does the work."""
        evaluations = self._submitted(2).with_user(self.branch_officer)
        Evaluation = self.registry["hoctap.evaluation"]
        original = Evaluation._apply_per_record
        tries = []

        def concurrent_update(records, method_name, *args):
            tries.append(len(tries))
            if len(tries) == 1:
                records[:1].sudo()._workflow().write({"state": "reviewed"})  # half done, then the conflict
                raise psycopg2.errors.SerializationFailure("could not serialize access due to concurrent update")
            return original(records, method_name, *args)

        with patch.object(Evaluation, "_apply_per_record", concurrent_update):
            with self.assertRaises(RetryableJobError):
                evaluations._job_mass_action("review")
            self.assertEqual(set(evaluations.mapped("state")), {"submitted"})  # the failed try left nothing
            evaluations._job_mass_action("review")
        self.assertEqual(set(evaluations.mapped("state")), {"reviewed"})
        self.assertEqual(len(tries), 2)

    def test_retry_pattern_configured(self):
        """The chunk jobs run in the addon's channel with a retry pattern for concurrent updates."""
        function = self.env["queue.job.function"].search([("name", "=", "<hoctap.evaluation>._job_mass_action")])
        self.assertEqual(function.channel_id.complete_name, "root.hoctap")
        self.assertEqual(
            {int(tries): delay for tries, delay in function.retry_pattern.items()}, {1: 10, 5: 30, 10: 120}
        )

    # ---- Recognition decisions ----
    def _verified(self, count):
        evaluations = self.Evaluation
        for _i in range(count):
            evaluations |= self._to_state(self._evaluation(), "verified")
        return evaluations

    def _decision(self, evaluations):
        return self.env["hoctap.recognition"].create(
            {
                "name": "05/QĐ-HKH",
                "association_id": self.commune_a.id,
                "year": 2026,
                "model_type": "citizen",
                "evaluation_ids": [(6, 0, evaluations.ids)],
            }
        )

    def test_large_decision_issued_in_background(self):
        """A decision above the threshold is issued by a job, its certificates printed in chunks, each once."""
        evaluations = self._verified(3)
        decision = self._decision(evaluations).with_user(self.commune_officer)
        with trap_jobs() as trap:
            decision.action_issue()
            self.assertEqual(decision.state, "draft")
            self.assertJobs(trap, "_job_issue", 1)
            self.assertJobs(trap, "_job_print_certificates", 2)
            trap.perform_enqueued_jobs()
        self.assertEqual(decision.state, "issued")
        self.assertEqual(set(evaluations.mapped("state")), {"recognised"})
        files = self.env["ir.attachment"].search(
            [("res_model", "=", "hoctap.recognition"), ("res_id", "=", decision.id)]
        )
        self.assertEqual(len(files), 2)
        self.assertTrue(all(files.mapped("raw")))  # PDFs (HTML when Odoo runs in test mode)
        numbers = evaluations.mapped("certificate_number")
        # run again: nothing is issued, numbered or printed twice
        self.assertEqual(decision._job_issue(), "already issued")
        self.assertEqual(decision._job_print_certificates(evaluations[:2].ids, 1), "already printed")
        self.assertEqual(decision._job_issue_done(2), "already notified")
        self.assertEqual(evaluations.mapped("certificate_number"), numbers)

    def test_large_decision_refused_at_once(self):
        """The rights are checked before queueing: an officer of another commune hears it at once, nothing queued."""
        decision = self._decision(self._verified(3)).with_user(self.officer_b)
        with trap_jobs() as trap, self.assertRaises(UserError):
            decision.action_issue()
        trap.assert_jobs_count(0)

    # ---- Statistics ----
    def test_tree_refresh_in_background(self):
        """The province-wide refresh refreshes the open reports below in chunks, then consolidates the
        province's report once, and says so in its chatter."""
        Statistic = self.env["hoctap.statistic"]
        province = Statistic.create({"association_id": self.province.id, "year": 2026})
        Statistic.create(
            [{"association_id": a.id, "year": 2026} for a in (self.commune_a, self.commune_b, self.branch_a1)]
        )
        self._member(self.branch_a1)
        with trap_jobs() as trap:
            province.action_refresh_tree()
            self.assertJobs(trap, "_job_refresh_chunk", 2)
            self.assertJobs(trap, "_job_refresh_consolidate", 1)
            trap.perform_enqueued_jobs()
        branch_report = Statistic.search([("association_id", "=", self.branch_a1.id), ("year", "=", 2026)])
        self.assertEqual(branch_report.member_total, 1)
        self.assertEqual(province.member_total, 1)
        done = province.message_ids.filtered(lambda m: "are refreshed" in (m.body or ""))
        self.assertEqual(len(done), 1)
        batch = done.body.rsplit("(", 1)[1].split(")")[0]
        province._job_refresh_consolidate(batch, 3)  # run again: no second message
        self.assertEqual(len(province.message_ids.filtered(lambda m: "are refreshed" in (m.body or ""))), 1)

    def test_tree_refresh_inline_below_threshold(self):
        """A small tree is refreshed in the request."""
        Statistic = self.env["hoctap.statistic"]
        commune = Statistic.create({"association_id": self.commune_a.id, "year": 2026})
        branch = Statistic.create({"association_id": self.branch_a1.id, "year": 2026})
        self._member(self.branch_a1)
        with trap_jobs() as trap:
            commune.action_refresh_tree()
            trap.assert_jobs_count(0)
        self.assertEqual(branch.member_total, 1)

    # ---- Exports ----
    def test_large_export_in_background(self):
        """An export above the threshold is built by a job into a file of the user, once."""
        evaluations = self._submitted(3)
        wizard = (
            self.env["hoctap.evaluation.export"]
            .with_user(self.commune_officer)
            .create({"evaluation_ids": [(6, 0, evaluations.ids)], "year": 2026})
        )
        with trap_jobs() as trap:
            wizard.action_export()
            self.assertJobs(trap, "_job_export_xlsx", 1)
            self.assertFalse(
                self.env["ir.attachment"].search(
                    [("res_model", "=", "hoctap.evaluation.export"), ("res_id", "=", wizard.id)]
                )
            )
            trap.perform_enqueued_jobs()
        files = self.env["ir.attachment"].search(
            [("res_model", "=", "hoctap.evaluation.export"), ("create_uid", "=", self.commune_officer.id)]
        )
        self.assertEqual(len(files), 1)
        self.assertTrue(files.raw.startswith(b"PK"))  # an XLSX is a zip
