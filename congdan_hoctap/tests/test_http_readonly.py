# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import time
from unittest.mock import patch

import psycopg2.errors

from odoo import fields
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.congdan_hoctap.controllers import replica

from .common_evaluation import EvaluationCase

READ_ONLY_ROUTES = (
    "/hoctap/verify/<string:token>",
    "/my/learning",
    "/my/learning/<int:evaluation_id>",
    "/my/learning/<int:evaluation_id>/group/<int:group_id>",
)
WRITE_ROUTES = (
    # printing may activate Vietnamese, the language of official texts
    "/my/learning/<int:evaluation_id>/certificate",
    "/my/learning/register",
    "/my/learning/<int:evaluation_id>/submit",
    "/hoctap/signup",
)


@tagged("post_install", "-at_install", "congdan_hoctap_http")
class TestReadOnlyRoutes(HttpCase, EvaluationCase):
    """Pages that only display run on a read-only cursor (the replica's, with --db_replica_host)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partner = cls._person("Lê Văn Cường", occupation_group="farmer", hoctap_branch_id=cls.branch_a1.id)
        cls.citizen = new_test_user(cls.env, login="ro_cuong", groups="base.group_portal", partner_id=partner.id)
        cls.evaluation = cls.Evaluation.create(
            {
                "partner_id": partner.id,
                "association_id": cls.branch_a1.id,
                "year": fields.Date.today().year,
                "set_id": cls.framework.id,
            }
        )

    def _spy(self, model, method):
        """Patch ``model.method`` to record, on each call, whether its cursor is read-only and whether a
        write on that cursor goes through."""
        seen = []
        cls = self.registry[model]
        original = getattr(cls, method)

        def spy(records, *args, **kwargs):
            cr = records.env.cr
            try:
                with cr.savepoint(), mute_logger("odoo.sql_db"):
                    cr.execute("UPDATE res_company SET write_date = write_date WHERE id = %s", [records.env.company.id])
                seen.append((cr.readonly, "written"))
            except psycopg2.errors.ReadOnlySqlTransaction:
                seen.append((cr.readonly, "refused"))
            return original(records, *args, **kwargs)

        return seen, patch.object(cls, method, spy)

    def test_routes_marked_read_only(self):
        """The display routes are read-only (GET only); the routes that save are read/write."""
        routing = {rule.rule: rule.endpoint.routing for rule in self.env["ir.http"].routing_map().iter_rules()}
        for path in READ_ONLY_ROUTES:
            self.assertIs(routing[path]["readonly"], replica.read_only_get, path)
        for path in WRITE_ROUTES:
            self.assertFalse(routing[path]["readonly"], path)

    def test_overview_read_only_through_call_kw(self):
        """The overview (briefing tiles) that officers open through ``call_kw`` runs on a read-only cursor
        and writes nothing: Odoo did not run it again on the primary."""
        self.authenticate("eval_commune", "eval_commune")
        seen, spy = self._spy("hoctap.association", "_overview_tiles")
        with spy:
            data = self.make_jsonrpc_request(
                "/web/dataset/call_kw/hoctap.association/get_overview_data",
                {
                    "model": "hoctap.association",
                    "method": "get_overview_data",
                    "args": [],
                    "kwargs": {"association_id": self.commune_a.id},
                },
            )
        self.assertEqual(data["association"]["id"], self.commune_a.id)
        self.assertEqual(seen, [(True, "refused")])

    def test_verify_page_refuses_writes(self):
        """The public verification page runs on a read-only cursor, which refuses a write; the page itself
        writes nothing (Odoo did not have to run it again on the primary)."""
        seen, spy = self._spy("hoctap.evaluation", "_verification_values")
        with spy:
            response = self.url_open("/hoctap/verify/notatoken0000")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(seen, [(True, "refused")])

    def test_my_learning_read_only_except_after_a_save(self):
        """'My learning' is read on the replica; right after the citizen saved a page it is read on the
        primary (no read-your-own-write surprise from a lagging replica), and on the replica again later."""
        self.authenticate("ro_cuong", "ro_cuong")
        seen, spy = self._spy("res.partner", "_hoctap_home_branch")
        with spy:
            self.assertEqual(self.url_open("/my/learning").status_code, 200)
            self.assertEqual(set(seen), {(True, "refused")})
            group_url = f"{self.evaluation.access_url}/group/{self.evaluation.line_ids[:1].criterion_id.parent_id.id}"
            scores = {f"score_{line.id}": "7" for line in self.evaluation.line_ids}
            saved = self.url_open(group_url, data={**scores, "csrf_token": Request.csrf_token(self)})
            self.assertEqual(saved.status_code, 200)
            self.assertEqual(self.url_open("/my/learning").status_code, 200)
            self.assertEqual(seen[-1], (False, "written"))  # on the primary, just after the save
            later = time.time() + replica.primary_after_write() + 1
            with patch.object(replica, "_now", return_value=later):
                self.assertEqual(self.url_open("/my/learning").status_code, 200)
            self.assertEqual(seen[-1], (True, "refused"))
        self.assertEqual(set(self.evaluation.line_ids.mapped("self_score")), {7})
