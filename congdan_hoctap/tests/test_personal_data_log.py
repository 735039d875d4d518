# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import importlib.util
import os

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_personal_data_access import PersonalDataCase

BENCH = os.path.join(os.path.dirname(__file__), "..", "..", "bench", "bench_personal_data_log.py")


@tagged("post_install", "-at_install")
class TestPersonalDataLog(PersonalDataCase):
    """Reads and exports of others' personal fields are logged; managers and the DPO search the log."""

    def setUp(self):
        super().setUp()
        self.Log = self.env["hoctap.personal.data.log"].sudo()

    def _last_log(self):
        return self.Log.search([], limit=1, order="id desc")

    def test_read_of_personal_fields_is_logged(self):
        """A scope user reading a person's personal fields leaves who, what, which persons and the client."""
        self.person_a.with_user(self.commune_officer).read(["name", "citizen_id"])
        log = self._last_log()
        self.assertEqual((log.user_id, log.operation, log.partner_ids), (self.commune_officer, "read", self.person_a))
        self.assertEqual(log.field_names, "citizen_id")
        self.assertTrue(log.client)

    def test_masked_reads_and_plain_reads_are_not_logged(self):
        """Nothing is logged when no personal field is read, or only masked ones, or one's own."""
        before = self.Log.search_count([])
        self.person_a.with_user(self.commune_officer).read(["name", "email"])
        self.person_a.with_user(self.officer_b).read(["citizen_id"])
        self.commune_officer.partner_id.with_user(self.commune_officer).read(["citizen_id"])
        self.assertEqual(self.Log.search_count([]), before)

    def test_export_is_logged(self):
        """An export of personal fields is logged as an export."""
        self.commune_officer.groups_id = [
            (4, self.env.ref("base.group_allow_export").id),
            (4, self.env.ref("congdan_hoctap.group_personal_data_export").id),
        ]
        self.person_a.with_user(self.commune_officer).export_data(["name", "citizen_id"])
        log = self._last_log()
        self.assertEqual((log.operation, log.partner_ids), ("export", self.person_a))
        self.person_a.hoctap_membership_ids.with_user(self.commune_officer).export_data(["number", "citizen_id"])
        log = self._last_log()
        self.assertEqual((log.operation, log.partner_ids, log.field_names), ("export", self.person_a, "citizen_id"))

    def test_log_is_for_managers_and_the_dpo(self):
        """Officers cannot read the log; managers and data-protection officers search it by person."""
        self.person_a.with_user(self.commune_officer).read(["citizen_id"])
        with self.assertRaises(AccessError):
            self.env["hoctap.personal.data.log"].with_user(self.commune_officer).search([])
        dpo = self._user("pdp_dpo", "congdan_hoctap.group_dpo", self.province)
        for user in (self.manager, dpo):
            logs = (
                self.env["hoctap.personal.data.log"].with_user(user).search([("partner_ids", "in", self.person_a.ids)])
            )
            self.assertIn(self.commune_officer, logs.user_id)
        with self.assertRaises(AccessError):
            logs.with_user(self.manager).write({"note": "sửa"})
        with self.assertRaises(AccessError):
            logs.with_user(dpo).unlink()

    def test_bench_smoke(self):
        """The benchmark runs (tiny mode) and logs one row per list read."""
        spec = importlib.util.spec_from_file_location("bench_personal_data_log", BENCH)
        bench = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bench)
        with_log, _without_log, ratio, logged = bench.run(self.env, members=5, repeat=2, verbose=False)
        self.assertEqual(logged, 2)
        self.assertGreater(with_log, 0)
        self.assertGreater(ratio, 0)
