# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import fields
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common_evaluation import EvaluationCase

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

# Values a careless or hostile client sends where a short text or a number is expected.
BAD_TEXTS = [
    "",
    " ",
    "²",
    "١٢",
    "０４６",
    "-1",
    "1e9",
    "9" * 400,
    "abc",
    "null",
    "[]",
    "{}",
    "\x00",
    "1\x00",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "A" * 20000,
]
HUGE_ID = "99999999999999999999"


@tagged("post_install", "-at_install", "congdan_hoctap_http")
class TestPortalMalformedInputs(HttpCase, EvaluationCase):
    """Every portal and public route of the addon, fed malformed input, answers without an error 500.

    Routes (controllers/portal.py, controllers/verify.py): /hoctap/signup (GET, POST), /my/learning,
    /my/learning/register, /my/learning/<id>, /my/learning/<id>/group/<id> (GET, POST),
    /my/learning/<id>/submit, /my/learning/<id>/certificate, /hoctap/verify/<token>; and /my/account,
    whose check the addon extends.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2c")
        # the malformed posts all come from one address: keep the sign-up limit out of the way
        cls.env["ir.config_parameter"].sudo().set_param("congdan_hoctap.signup_limit_ip", "0")
        cls.env["ir.config_parameter"].sudo().set_param("congdan_hoctap.signup_limit_cccd", "0")
        cls.citizen = cls._citizen("malformed_an", "Nguyễn Văn An")
        cls.other = cls._citizen("malformed_binh", "Trần Thị Bình")
        year = fields.Date.today().year
        cls.own = cls.Evaluation.create(
            {
                "partner_id": cls.citizen.partner_id.id,
                "association_id": cls.branch_a1.id,
                "year": year,
                "set_id": cls.framework.id,
            }
        )
        cls.foreign = cls.Evaluation.create(
            {
                "partner_id": cls.other.partner_id.id,
                "association_id": cls.branch_a1.id,
                "year": year,
                "set_id": cls.framework.id,
            }
        )
        cls.foreign_file = cls.env["ir.attachment"].create(
            {"name": "cua-nguoi-khac.png", "raw": PNG, "res_model": "hoctap.evaluation", "res_id": cls.foreign.id}
        )
        cls.foreign.line_ids[:1].evidence_ids = [(4, cls.foreign_file.id)]

    @classmethod
    def _citizen(cls, login, name):
        partner = cls._person(name, occupation_group="farmer", hoctap_branch_id=cls.branch_a1.id)
        return new_test_user(cls.env, login=login, groups="base.group_portal", partner_id=partner.id)

    def _check(self, response, what):
        self.assertLess(response.status_code, 500, f"{what} answered {response.status_code}")

    def _get(self, url):
        with mute_logger("odoo.http", "werkzeug"):
            response = self.url_open(url, allow_redirects=False)
        self._check(response, f"GET {url[:120]}")
        return response

    def _post(self, url, data=None, files=None):
        with mute_logger("odoo.http", "werkzeug"):
            response = self.url_open(
                url, data={**(data or {}), "csrf_token": Request.csrf_token(self)}, files=files, allow_redirects=False
            )
        self._check(response, f"POST {url[:120]} {str(data)[:120]}")
        return response

    def _group_url(self, evaluation):
        return f"{evaluation.access_url}/group/{evaluation.line_ids[:1].criterion_id.parent_id.id}"

    def test_signup_malformed(self):
        """The public sign-up: missing fields, wrong types, other scripts, huge and NUL values."""
        valid = {
            "citizen_id": "046190001111",
            "name": "Lê Văn Cường",
            "gender": "male",
            "birth_year": "1990",
            "ethnicity": "Kinh",
            "branch_id": str(self.branch_a1.id),
            "occupation_group": "farmer",
            "phone": "0912000111",
            "password": "matkhau-an-toan",
        }
        self.authenticate(None, None)
        self._get("/hoctap/signup?citizen_id=%00&gender=" + "x" * 5000)
        self._post("/hoctap/signup", {})
        for field_name in valid:
            self._post("/hoctap/signup", {k: v for k, v in valid.items() if k != field_name})
            for bad in BAD_TEXTS:
                self._post("/hoctap/signup", {**valid, field_name: bad})
            # a file where a text is expected
            self._post("/hoctap/signup", valid, files={field_name: ("x.txt", b"046190001111", "text/plain")})
        for branch in (HUGE_ID, str(self.commune_a.id), "0", "-5"):
            self._post("/hoctap/signup", {**valid, "branch_id": branch, "citizen_id": "046190002222"})
        self.assertFalse(self.env["res.users"].search([("login", "=", "046190002222")]))
        # a signed-in user is sent home, whatever they post
        self.authenticate("malformed_an", "malformed_an")
        self._post("/hoctap/signup", valid)

    def test_verify_malformed(self):
        """The public certificate check: unknown, huge, other-script and NUL tokens are a 404, never a 500."""
        self.authenticate(None, None)
        for token in ("x", "0" * 64, "0" * 65, "a" * 5000, "١٢٣", "%00", "abc%00def", "..%2F..%2Fetc", "'%20OR%201=1"):
            response = self._get(f"/hoctap/verify/{token}")
            self.assertEqual(response.status_code, 404, token)

    def test_evaluation_routes_malformed_ids(self):
        """Ids that do not exist, belong to someone else, overflow the database or use other digits."""
        self.authenticate("malformed_an", "malformed_an")
        other_line = self.foreign.line_ids[:1]
        own_group = self.own.line_ids[:1].criterion_id.parent_id.id
        for evaluation_id in ("0", HUGE_ID, "2147483648", "١٢", str(self.foreign.id), "abc", "-1"):
            base = f"/my/learning/{evaluation_id}"
            self._get(base)
            self._get(f"{base}?access_token=%00")
            self._get(f"{base}?access_token={'x' * 5000}")
            self._get(f"{base}/group/{own_group}")
            self._get(f"{base}/certificate")
            self._post(f"{base}/submit")
            self._post(f"{base}/group/{own_group}", {f"score_{other_line.id}": "5"})
        for group_id in ("0", HUGE_ID, "١", str(other_line.criterion_id.parent_id.id + 100000), "-3"):
            self._get(f"{self.own.access_url}/group/{group_id}")
            self._post(f"{self.own.access_url}/group/{group_id}", {"next": "1"})
        self.assertFalse(any(self.foreign.line_ids.mapped("self_scored")))
        self.assertEqual(self.foreign.state, "registered")

    def test_group_page_malformed_posts(self):
        """Scores in other scripts or huge, a file as a score, too many files, other people's attachments."""
        self.env["ir.config_parameter"].sudo().set_param("congdan_hoctap.evidence_max_files", "2")
        self.authenticate("malformed_an", "malformed_an")
        url = self._group_url(self.own)
        line = self.own.line_ids.sorted("sequence")[:1]
        for bad in BAD_TEXTS:
            self._post(url, {f"score_{line.id}": bad})
        self.assertFalse(line.self_scored, "no malformed value becomes a score")
        self._post(url, {f"score_{line.id}": "5"}, files={f"score_{line.id}": ("s.txt", b"5", "text/plain")})
        for remove in (*BAD_TEXTS, HUGE_ID, str(self.foreign_file.id)):
            self._post(url, {"remove_evidence": remove})
        self.assertTrue(self.foreign_file.exists(), "another citizen's evidence stays")
        files = [(f"evidence_{line.id}", (f"{i}.png", PNG, "image/png")) for i in range(6)]
        files.append((f"evidence_{line.id}", ("\x00.png", PNG, "image/png")))
        self._post(url, {}, files=files)
        self.assertLessEqual(len(line.evidence_ids), 2, "at most the configured number of files per indicator")
        self._post(url, {"next": "x" * 5000, "message": "\x00"})
        self._get(f"{self.own.access_url}?message=%00&error=" + "x" * 3000)

    def test_learning_and_account_pages_malformed(self):
        """My learning, registration and the account form with junk parameters."""
        self.authenticate("malformed_an", "malformed_an")
        self._get("/my/learning?year=%00&page=" + HUGE_ID)
        for data in ({}, {"year": HUGE_ID}, {"year": "١٩٩٠"}, {"partner_id": str(self.other.partner_id.id)}):
            self._post("/my/learning/register", data)
        self.assertFalse(
            self.Evaluation.search_count([("partner_id", "=", self.other.partner_id.id), ("id", "!=", self.foreign.id)])
        )
        for name in ("", "\x00", "A" * 20000, "١٢"):
            self._post(
                "/my/account",
                {"name": name, "email": "an@example.com", "phone": "1", "country_id": HUGE_ID, "state_id": "abc"},
            )
        self.authenticate(None, None)
        for url in (
            "/my/learning",
            f"/my/learning/{self.own.id}",
            f"/my/learning/{self.own.id}/certificate",
            f"/my/learning/{HUGE_ID}",
        ):
            self._get(url)
        self._post("/my/learning/register")
