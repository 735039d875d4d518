# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading
import time
import xmlrpc.client

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.base.controllers.rpc import dumps as rpc_dumps

from .common_evaluation import EvaluationCase


@tagged("post_install", "-at_install")
class TestSignup(EvaluationCase):
    """The public sign-up at model level: no enumeration, a limit per address and CCCD, a path for squatted CCCDs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Users = cls.env["res.users"].sudo()
        cls.Request = cls.env["hoctap.signup.request"]
        cls.values = {
            "name": "Lê Văn Cường",
            "gender": "male",
            "birth_year": "1990",
            "ethnicity": "Kinh",
            "branch_id": str(cls.branch_a2.id),
            "occupation_group": "farmer",
            "password": "matkhau-an-toan",
            "consent_notice": True,
            "consent_sensitive": True,
        }

    def test_known_and_unknown_cccd_answered_alike(self):
        """The form's check does not look at the registry; a known CCCD makes a request for its branch, not an
        account."""
        member = self._member(self.branch_a1, name="Phạm Thị Dung")
        known, unknown = member.partner_id.citizen_id, "046190001234"
        self.assertEqual(self.Users._hoctap_signup_errors({**self.values, "citizen_id": known}), {})
        self.assertEqual(self.Users._hoctap_signup_errors({**self.values, "citizen_id": unknown}), {})
        self.assertFalse(self.Users._hoctap_signup({**self.values, "citizen_id": known, "phone": "0912345678"}))
        self.assertFalse(self.Users.with_context(active_test=False).search([("login", "=", known)]))
        request = self.Request.search([("partner_id", "=", member.partner_id.id)])
        self.assertEqual(
            (request.branch_id, request.state, request.phone),
            (self.branch_a1, "pending", "0912345678"),
            "the request goes to the person's branch, not the one the form chose",
        )
        # a second try updates the pending request instead of piling up more
        self.Users._hoctap_signup({**self.values, "citizen_id": known})
        self.assertEqual(self.Request.search_count([("partner_id", "=", member.partner_id.id)]), 1)
        user = self.Users._hoctap_signup({**self.values, "citizen_id": unknown})
        self.assertEqual((user.login, user.partner_id.citizen_id), (unknown, unknown))
        self.assertTrue(user._is_portal())

    def test_signup_request_handled_by_its_branch_only(self):
        """Only the branch (and above) sees and handles a request; its state moves only through the buttons."""
        member = self._member(self.branch_a1)
        self.Users._hoctap_signup({**self.values, "citizen_id": member.partner_id.citizen_id})
        request = self.Request.search([("partner_id", "=", member.partner_id.id)])
        officer_b1 = self._user("signup_b1", "congdan_hoctap.group_branch_officer", self.branch_b1)
        viewer = self._user("signup_viewer", "congdan_hoctap.group_viewer", self.commune_a)
        for user in (officer_b1, viewer):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                api.call_kw(self.Request.with_user(user), "read", [request.ids, ["name"]], {})
        with self.assertRaises(UserError):
            api.call_kw(self.Request.with_user(self.branch_officer), "write", [request.ids, {"state": "done"}], {})
        result = api.call_kw(self.Request.with_user(self.branch_officer), "action_mark_done", [request.ids], {})
        xmlrpc.client.loads(rpc_dumps((result,)))
        self.assertEqual(request.state, "done")
        with self.assertRaises(UserError):
            request.with_user(self.branch_officer).action_dismiss()

    def test_signup_refuses_bad_values_without_crashing(self):
        """An unknown gender, a long text or digits of another script are refused as form errors."""
        cases = {
            "gender": {"gender": "robot"},
            "name": {"name": "A" * 10000},
            "citizen_id": {"citizen_id": "０４６１９０００１２３４"},
            "birth_year": {"birth_year": "١٩٩٠"},
            "branch_id": {"branch_id": "99999999999999999999"},
            "occupation_group": {"occupation_group": "pirate"},
        }
        for field_name, bad in cases.items():
            with self.subTest(field=field_name):
                errors = self.Users._hoctap_signup_errors({**self.values, "citizen_id": "046190001235", **bad})
                self.assertIn(field_name, errors)

    def test_signup_follows_odoo_invitation_scope(self):
        """Public sign-up is open only when Odoo's sign-up setting is "Free sign up"."""
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("auth_signup.invitation_scope", "b2b")
        self.assertFalse(self.Users._hoctap_signup_enabled())
        params.set_param("auth_signup.invitation_scope", "b2c")
        self.assertTrue(self.Users._hoctap_signup_enabled())

    def test_rate_limit_per_address_and_per_cccd(self):
        """Sign-up posts are counted per address and per CCCD within the window."""
        Attempt = self.env["hoctap.signup.attempt"]
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("congdan_hoctap.signup_limit_ip", "3")
        params.set_param("congdan_hoctap.signup_limit_cccd", "2")
        self.assertEqual([Attempt._hoctap_register("10.9.0.1", "") for _i in range(4)], [True, True, True, False])
        cccd = "046190001236"
        self.assertEqual(
            [Attempt._hoctap_register(f"10.9.1.{i}", cccd) for i in range(3)],
            [True, True, False],
            "a CCCD is limited from whatever address",
        )
        # a window later, the counters start again
        self.env.cr.execute("UPDATE hoctap_signup_attempt SET window_start = window_start - interval '2 hours'")
        self.assertTrue(Attempt._hoctap_register("10.9.0.1", cccd))

    def test_rate_limit_holds_across_concurrent_transactions(self):
        """Two workers posting for one CCCD at once never both pass the last free slot (two real transactions)."""
        cccd, registry = "046190009871", self.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Attempt = env["hoctap.signup.attempt"]
            keys = [Attempt._hoctap_key("cccd", cccd)] + [Attempt._hoctap_key("ip", f"10.8.0.{i}") for i in range(3)]
            # the default limit is 3 per CCCD: two posts committed before
            Attempt._hoctap_register("10.8.0.0", cccd)
            Attempt._hoctap_register("10.8.0.0", cccd)
        results, first_done, release_first = {}, threading.Event(), threading.Event()

        def first():
            with registry.cursor() as cr:
                results["first"] = api.Environment(cr, SUPERUSER_ID, {})["hoctap.signup.attempt"]._hoctap_register(
                    "10.8.0.1", cccd
                )
                first_done.set()
                release_first.wait(20)

        def second():
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                cr.execute("SELECT 1")  # the transaction's snapshot predates the first one's commit
                for attempt in range(3):  # as Odoo retries a request on a serialization failure
                    try:
                        with cr.savepoint(flush=False):
                            results.setdefault("second", []).append(
                                env["hoctap.signup.attempt"]._hoctap_register("10.8.0.2", cccd)
                            )
                        break
                    except SerializationFailure:
                        results.setdefault("second", []).append("retry")
                        cr.rollback()
                        if attempt == 2:
                            raise

        try:
            thread_1 = threading.Thread(target=first)
            thread_1.start()
            self.assertTrue(first_done.wait(20))
            thread_2 = threading.Thread(target=second)
            thread_2.start()
            time.sleep(1)  # let the second post wait on the counter's row
            release_first.set()
            thread_1.join(20)
            thread_2.join(20)
            self.assertTrue(results["first"], "the third post is within the limit")
            self.assertNotIn(True, results["second"], "the fourth post never passes, whatever its snapshot")
            self.assertEqual(results["second"][-1], False)
        finally:
            release_first.set()
            with registry.cursor() as cr:
                cr.execute("DELETE FROM hoctap_signup_attempt WHERE key = ANY(%s)", [keys])

    def test_portal_score_in_other_scripts_refused(self):
        """A score like "²" or "١" (digits for isdigit()) is a form error, never a crash or a score."""
        citizen = new_test_user(
            self.env,
            login="signup_citizen",
            groups="base.group_portal",
            partner_id=self._person("Công dân", hoctap_branch_id=self.branch_a1.id).id,
        )
        evaluation = self.Evaluation.create(
            {
                "partner_id": citizen.partner_id.id,
                "association_id": self.branch_a1.id,
                "year": fields.Date.today().year,
                "set_id": self.framework.id,
            }
        )
        as_citizen = evaluation.with_user(citizen).sudo()
        lines = as_citizen.line_ids.sorted("sequence")
        errors = as_citizen._portal_save_scores({lines[0]: "²", lines[1]: "١", lines[2]: "9" * 500, lines[3]: "7"})
        self.assertEqual(set(errors), set(lines[:3]))
        self.assertFalse(any(lines[:3].mapped("self_scored")))
        self.assertEqual(lines[3].self_score, 7)

    def test_evidence_files_limited_per_indicator(self):
        """A citizen attaches at most the configured number of files to one indicator."""
        self.env["ir.config_parameter"].sudo().set_param("congdan_hoctap.evidence_max_files", "2")
        citizen = new_test_user(
            self.env,
            login="signup_files",
            groups="base.group_portal",
            partner_id=self._person("Công dân 2", hoctap_branch_id=self.branch_a1.id).id,
        )
        evaluation = self.Evaluation.create(
            {
                "partner_id": citizen.partner_id.id,
                "association_id": self.branch_a1.id,
                "year": fields.Date.today().year,
                "set_id": self.framework.id,
            }
        )
        as_citizen = evaluation.with_user(citizen).sudo()
        line = as_citizen.line_ids[:1]
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        as_citizen._portal_add_evidence(line, "1.png", png)
        as_citizen._portal_add_evidence(line, "2.png", png)
        with self.assertRaisesRegex(UserError, "At most 2 files"):
            as_citizen._portal_add_evidence(line, "3.png", png)
        self.assertEqual(len(line.evidence_ids), 2)
