# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import re
from unittest.mock import patch

from psycopg2.errors import UniqueViolation

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common_evaluation import EvaluationCase

# A 1×1 PNG: the smallest real image the evidence upload accepts.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install", "congdan_hoctap_http")
class TestPortalRoutes(HttpCase, EvaluationCase):
    """The citizen portal's routes, as the citizen, another citizen and a visitor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.year = fields.Date.today().year
        cls.citizen = cls._citizen("portal_an", "Nguyễn Văn An")
        cls.other = cls._citizen("portal_binh", "Trần Thị Bình")
        # public sign-up follows Odoo's setting: "Free sign up"
        cls.env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2c")

    @classmethod
    def _citizen(cls, login, name):
        partner = cls._person(name, occupation_group="farmer", hoctap_branch_id=cls.branch_a1.id)
        return new_test_user(cls.env, login=login, groups="base.group_portal", partner_id=partner.id)

    def _own_evaluation(self, user=None):
        return self.Evaluation.create(
            {
                "partner_id": (user or self.citizen).partner_id.id,
                "association_id": self.branch_a1.id,
                "year": self.year,
                "set_id": self.framework.id,
            }
        )

    def _post(self, url, data=None, files=None):
        return self.url_open(url, data={**(data or {}), "csrf_token": Request.csrf_token(self)}, files=files)

    def _group_url(self, evaluation):
        return f"{evaluation.access_url}/group/{evaluation.line_ids[:1].criterion_id.parent_id.id}"

    def _scores(self, evaluation, value):
        return {f"score_{line.id}": str(value) for line in evaluation.line_ids}

    # ---- Model-level rights ----
    def test_portal_rules_own_only(self):
        """A citizen reads only their own evaluations and indicators, and writes nothing through the ORM."""
        own = self._own_evaluation()
        other = self._own_evaluation(self.other)
        self.assertEqual(self.Evaluation.with_user(self.citizen).search([]), own)
        self.assertEqual(self.env["hoctap.evaluation.line"].with_user(self.citizen).search([]), own.line_ids)
        with self.assertRaises(AccessError):
            other.with_user(self.citizen).check_access("read")
        with self.assertRaises(AccessError):
            own.with_user(self.citizen).write({"state": "recognised"})
        with self.assertRaises(AccessError):
            own.line_ids[0].with_user(self.citizen).with_context(hoctap_verifying=True).write({"verified_score": 10})
        self.assertEqual(own.state, "registered")

    def test_citizen_right_holds_under_sudo(self):
        """Under sudo() the workflow still checks the real user: the subject may submit, another citizen may not."""
        own = self._own_evaluation()
        self._score(own, (9,) * 10)
        self._attach_evidence(own)
        with self.assertRaises(UserError):
            own.with_user(self.other).sudo()._portal_submit()
        own.with_user(self.citizen).sudo()._portal_submit()
        self.assertEqual(own.state, "submitted")

    # ---- Sign-up ----
    def test_signup_creates_portal_user(self):
        """Sign-up with a valid CCCD creates a portal user whose login is the CCCD, linked to a new person."""
        self.authenticate(None, None)
        self.assertEqual(self.url_open("/hoctap/signup").status_code, 200)
        response = self._post(
            "/hoctap/signup",
            {
                "citizen_id": "046190001234",
                "name": "Lê Văn Cường",
                "gender": "male",
                "birth_year": "1990",
                "ethnicity": "Kinh",
                "branch_id": str(self.branch_a1.id),
                "occupation_group": "farmer",
                "password": "matkhau-an-toan",
                "consent_notice": "1",
                "consent_sensitive": "1",
            },
        )
        self.assertIn("/web/login", response.url)
        self.assertNotIn("046190001234", response.url, "the CCCD never travels in a URL")
        self.assertIn("Thank you for signing up", response.text)
        user = self.env["res.users"].search([("login", "=", "046190001234")])
        self.assertTrue(user._is_portal())
        self.assertEqual(user.partner_id.citizen_id, "046190001234")
        self.assertEqual(user.partner_id._hoctap_home_branch(), self.branch_a1)

    def test_signup_answers_known_and_unknown_cccd_alike(self):
        """A known CCCD gets exactly the answer of a new one (no registry enumeration), and no account:
        its branch receives a request instead."""
        values = {
            "name": "Lê Văn Cường",
            "gender": "male",
            "birth_year": "1990",
            "ethnicity": "Kinh",
            "branch_id": str(self.branch_a1.id),
            "occupation_group": "farmer",
            "password": "matkhau-an-toan",
            "consent_notice": "1",
            "consent_sensitive": "1",
        }
        self.authenticate(None, None)
        known = self._person("Phạm Thị Dung", birth_year=1970)
        answers = []
        for cccd in ("046190004321", self.citizen.partner_id.citizen_id, known.citizen_id):
            # CSRF tokens (the form field and the page script) embed the time: leave them out of the comparison
            response = self._post("/hoctap/signup", {**values, "citizen_id": cccd})
            answers.append((response.status_code, response.url, re.sub(r"[0-9a-f]{40}o[0-9]+", "", response.text)))
            self.assertNotIn(cccd, response.url)
        self.assertEqual(answers[1], answers[0], "an account holder's CCCD answers like a new one")
        self.assertEqual(answers[2], answers[0], "a known person's CCCD answers like a new one")
        self.assertNotIn("already registered", answers[0][2])
        self.assertFalse(known.with_context(active_test=False).user_ids)
        requests = self.env["hoctap.signup.request"].search([])
        self.assertEqual(requests.mapped("partner_id"), known | self.citizen.partner_id)

    def test_signup_collision_answers_calmly(self):
        """Two sign-ups of one new CCCD at once: the one that loses the database's unique index gets a
        message, not an error 500."""
        values = {
            "citizen_id": "046190004444",
            "name": "Lê Văn Cường",
            "gender": "male",
            "birth_year": "1990",
            "ethnicity": "Kinh",
            "branch_id": str(self.branch_a1.id),
            "occupation_group": "farmer",
            "password": "matkhau-an-toan",
            "consent_notice": "1",
            "consent_sensitive": "1",
        }
        self.authenticate(None, None)
        with patch.object(type(self.env["res.users"]), "_hoctap_signup", side_effect=UniqueViolation()):
            response = self._post("/hoctap/signup", values)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your sign-up could not be completed", response.text)

    def test_signup_refuses_bad_cccd(self):
        """Sign-up refuses a malformed CCCD, digits of another script included."""
        values = {
            "name": "Lê Văn Cường",
            "gender": "male",
            "birth_year": "1990",
            "ethnicity": "Kinh",
            "branch_id": str(self.branch_a1.id),
            "occupation_group": "farmer",
            "password": "matkhau-an-toan",
            "consent_notice": "1",
            "consent_sensitive": "1",
        }
        self.authenticate(None, None)
        response = self._post("/hoctap/signup", {**values, "citizen_id": "12345"})
        self.assertIn("exactly 12 digits", response.text)
        response = self._post("/hoctap/signup", {**values, "citizen_id": "０４６１９０００１２３４"})
        self.assertIn("exactly 12 digits", response.text)

    def test_signup_closed_when_odoo_signup_is_on_invitation(self):
        """With Odoo's sign-up on invitation (b2b), the page is closed and the login page offers no sign-up link."""
        self.env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2b")
        self.authenticate(None, None)
        with mute_logger("odoo.http"):
            response = self.url_open("/hoctap/signup")
        self.assertEqual(response.status_code, 404)
        self.assertIn("o_hoctap_signup_closed", response.text)
        response = self._post(
            "/hoctap/signup",
            {
                "citizen_id": "046190001239",
                "name": "X",
                "gender": "male",
                "birth_year": "1990",
                "ethnicity": "Kinh",
                "occupation_group": "farmer",
                "branch_id": str(self.branch_a1.id),
                "password": "matkhau-an-toan",
            },
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.env["res.users"].search([("login", "=", "046190001239")]))
        self.assertNotIn("o_hoctap_signup_link", self.url_open("/web/login").text)

    def test_signup_rate_limited(self):
        """Past the limit per address, a post is refused with one message, and no account is made."""
        self.env["ir.config_parameter"].sudo().set_param("congdan_hoctap.signup_limit_ip", "2")
        values = {
            "name": "Lê Văn Cường",
            "gender": "male",
            "birth_year": "1990",
            "ethnicity": "Kinh",
            "branch_id": str(self.branch_a1.id),
            "occupation_group": "farmer",
            "password": "matkhau-an-toan",
            "consent_notice": "1",
            "consent_sensitive": "1",
        }
        self.authenticate(None, None)
        for cccd in ("12", "34"):
            self.assertNotIn(
                "Too many sign-up attempts", self._post("/hoctap/signup", {**values, "citizen_id": cccd}).text
            )
        response = self._post("/hoctap/signup", {**values, "citizen_id": "046190001238"})
        self.assertIn("Too many sign-up attempts", response.text)
        self.assertFalse(self.env["res.users"].search([("login", "=", "046190001238")]))

    # ---- My learning and registration ----
    def test_my_learning_and_register(self):
        """A citizen registers once for the current year, in the set for their group, under their branch."""
        self.authenticate("portal_an", "portal_an")
        response = self.url_open("/my/learning")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_hoctap_register", response.text)
        response = self._post("/my/learning/register")
        evaluation = self.Evaluation.search([("partner_id", "=", self.citizen.partner_id.id)])
        in_force = self.CriteriaSet._find_in_force("citizen", self.year, self.branch_a1, "farmer")
        self.assertEqual(
            (evaluation.year, evaluation.association_id, evaluation.set_id, evaluation.citizen_form_id.code),
            (self.year, self.branch_a1, in_force, "farmer"),
        )
        self.assertTrue(response.url.endswith(evaluation.access_url))
        response = self._post("/my/learning/register")
        self.assertIn("already registered", response.text)
        self.assertEqual(self.Evaluation.search_count([("partner_id", "=", self.citizen.partner_id.id)]), 1)
        self.assertNotIn("o_hoctap_register", self.url_open("/my/learning").text)

    def test_register_with_chosen_form_group(self):
        """A retired citizen chooses a form group on the portal; without one the registration is refused; the
        evaluation page then flags the provisional indicators."""
        self.citizen.partner_id.occupation_group = "retired"
        self.authenticate("portal_an", "portal_an")
        page = self.url_open("/my/learning").text
        self.assertIn("o_hoctap_citizen_form", page)
        self.assertIn("Công nhân, thợ thủ công, thợ sửa chữa", page)
        response = self._post("/my/learning/register")
        self.assertIn("form", response.text)
        self.assertFalse(self.Evaluation.search([("partner_id", "=", self.citizen.partner_id.id)]))
        worker = self.env.ref("congdan_hoctap.citizen_form_worker")
        self._post("/my/learning/register", {"citizen_form_id": str(worker.id)})
        evaluation = self.Evaluation.search([("partner_id", "=", self.citizen.partner_id.id)])
        self.assertEqual(
            (evaluation.citizen_form_id, evaluation.set_id),
            (worker, self.env.ref("congdan_hoctap.criteria_set_citizen_worker")),
        )
        page = self.url_open(evaluation.access_url).text
        self.assertIn("o_hoctap_provisional", page)
        page = self.url_open(self._group_url(evaluation)).text
        self.assertIn("o_hoctap_provisional_badge", page)

    # ---- Evaluation page ----
    def test_evaluation_page_access(self):
        """The citizen sees their evaluation; another citizen gets 403 unless they hold the access token; 404 if
        gone."""
        evaluation = self._own_evaluation()
        self.authenticate("portal_an", "portal_an")
        self.assertEqual(self.url_open(evaluation.access_url).status_code, 200)
        self.authenticate("portal_binh", "portal_binh")
        with mute_logger("odoo.http"):
            self.assertEqual(self.url_open(evaluation.access_url).status_code, 403)
            self.assertEqual(self.url_open(f"{evaluation.access_url}/group/0").status_code, 403)
            self.assertEqual(self.url_open("/my/learning/999999999").status_code, 404)
        token_url = f"{evaluation.access_url}?access_token={evaluation._portal_ensure_token()}"
        response = self.url_open(token_url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("o_hoctap_submit", response.text, "a token reads, it does not make you the citizen")
        self._score(evaluation, (9,) * 10)
        self._attach_evidence(evaluation)
        with mute_logger("odoo.http"):
            response = self._post(f"{evaluation.access_url}/submit?access_token={evaluation.access_token}")
        self.assertEqual(response.status_code, 403, "a token does not let another citizen submit")
        self.assertEqual(evaluation.state, "registered")
        self.authenticate(None, None)
        response = self.url_open(evaluation.access_url)
        self.assertIn("/web/login", response.url)

    # ---- Self-assessment ----
    def test_group_page_saves_valid_scores_and_refuses_bad_ones(self):
        """Scores outside 0–max or not whole numbers are refused next to the field; the valid ones are saved."""
        evaluation = self._own_evaluation()
        lines = evaluation.line_ids.sorted("sequence")
        self.authenticate("portal_an", "portal_an")
        self.assertEqual(self.url_open(self._group_url(evaluation)).status_code, 200)
        data = self._scores(evaluation, 8)
        data[f"score_{lines[0].id}"] = "15"
        data[f"score_{lines[1].id}"] = "abc"
        response = self._post(self._group_url(evaluation), data)
        self.assertIn("Give a whole number from 0 to 10", response.text)
        self.assertIn('data-error-for="%s"' % lines[0].id, response.text)
        self.assertFalse(lines[0].self_scored)
        self.assertFalse(lines[1].self_scored)
        self.assertEqual(lines[2:].mapped("self_score"), [8] * 8)

    def test_evidence_upload_checks_type_and_size(self):
        """Only images and PDFs up to the size limit are attached, and to the citizen's own evaluation."""
        evaluation = self._own_evaluation()
        line = evaluation.line_ids.filtered("evidence_required")
        self.env["ir.config_parameter"].sudo().set_param("congdan_hoctap.evidence_max_size_mb", "1")
        self.authenticate("portal_an", "portal_an")
        url = self._group_url(evaluation)
        response = self._post(url, files={f"evidence_{line.id}": ("ghi-chu.txt", b"just some text", "text/plain")})
        self.assertIn("Only images (JPEG, PNG, GIF, WebP) and PDF files", response.text)
        big = PNG + b"\0" * (1024 * 1024)
        response = self._post(url, files={f"evidence_{line.id}": ("to.png", big, "image/png")})
        self.assertIn("larger than 1 MB", response.text)
        self.assertFalse(line.evidence_ids)
        self._post(url, files={f"evidence_{line.id}": ("giay-khen.png", PNG, "image/png")})
        self.assertEqual(line.evidence_ids.mapped("name"), ["giay-khen.png"])
        self.assertEqual((line.evidence_ids.res_model, line.evidence_ids.res_id), ("hoctap.evaluation", evaluation.id))
        self._post(url, {"remove_evidence": str(line.evidence_ids.id)})
        self.assertFalse(line.evidence_ids)

    def test_other_citizen_cannot_post_scores(self):
        """Another citizen's scores and uploads are refused with 403 and change nothing."""
        evaluation = self._own_evaluation()
        self.authenticate("portal_binh", "portal_binh")
        with mute_logger("odoo.http"):
            response = self._post(self._group_url(evaluation), self._scores(evaluation, 5))
            self.assertEqual(response.status_code, 403)
            self.assertEqual(self._post(f"{evaluation.access_url}/submit").status_code, 403)
        self.assertFalse(any(evaluation.line_ids.mapped("self_scored")))

    # ---- Submission, review, certificate ----
    def test_submit_when_complete_then_locked(self):
        """Submission is refused until complete; once submitted the scores are locked."""
        evaluation = self._own_evaluation()
        self.authenticate("portal_an", "portal_an")
        response = self._post(f"{evaluation.access_url}/submit")
        self.assertIn("score every indicator first", response.text)
        self._post(self._group_url(evaluation), self._scores(evaluation, 9))
        response = self._post(f"{evaluation.access_url}/submit")
        self.assertIn("needs a piece of evidence", response.text)
        line = evaluation.line_ids.filtered("evidence_required")
        self._post(self._group_url(evaluation), files={f"evidence_{line.id}": ("a.png", PNG, "image/png")})
        response = self._post(f"{evaluation.access_url}/submit")
        self.assertIn("o_hoctap_submitted", response.text)
        self.assertEqual(evaluation.state, "submitted")
        response = self._post(self._group_url(evaluation), self._scores(evaluation, 2))
        self.assertIn("cannot be changed by the citizen", response.text)
        self.assertEqual(set(evaluation.line_ids.mapped("self_score")), {9})
        response = self._post(f"{evaluation.access_url}/submit")
        self.assertIn("cannot be submitted", response.text)

    def test_returned_evaluation_revised_and_resubmitted(self):
        """A returned evaluation shows the reason; the citizen revises and submits it again."""
        evaluation = self._to_state(self._own_evaluation(), "submitted")
        self._confirm_reason(
            "hoctap.evaluation.return", evaluation.with_user(self.branch_officer), "Thiếu minh chứng chỉ số 3"
        )
        self.authenticate("portal_an", "portal_an")
        response = self.url_open(evaluation.access_url)
        self.assertIn("Thiếu minh chứng chỉ số 3", response.text)
        self.assertIn("o_hoctap_submit", response.text)
        self._post(self._group_url(evaluation), self._scores(evaluation, 10))
        self._post(f"{evaluation.access_url}/submit")
        self.assertEqual((evaluation.state, evaluation.self_total), ("submitted", 100))

    def test_review_shown_and_certificate_download(self):
        """The verified scores and reasons are shown; the certificate downloads only once recognised, only by the
        citizen."""
        evaluation = self._to_state(self._own_evaluation(), "reviewed")
        evaluation.line_ids.sorted("sequence")[0].with_user(self.verifier).write(
            {"verified_score": 6, "disagree_reason": "Chỉ có một giấy khen"}
        )
        evaluation.with_user(self.verifier).action_verify()
        self.authenticate("portal_an", "portal_an")
        response = self.url_open(evaluation.access_url)
        self.assertIn("Chỉ có một giấy khen", response.text)
        response = self.url_open(f"{evaluation.access_url}/certificate")
        self.assertIn("There is no valid certificate", response.text)
        self.env["hoctap.recognition"].create(
            {
                "name": "01/QĐ",
                "association_id": self.commune_a.id,
                "year": self.year,
                "model_type": "citizen",
                "date": fields.Date.today(),
                "signer_id": self._person("Chủ tịch").id,
                "signer_title": "Chủ tịch",
                "evaluation_ids": [(6, 0, evaluation.ids)],
            }
        ).action_issue()
        self.assertEqual(evaluation.state, "recognised")
        response = self.url_open(f"{evaluation.access_url}/certificate")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.authenticate("portal_binh", "portal_binh")
        with mute_logger("odoo.http"):
            self.assertEqual(self.url_open(f"{evaluation.access_url}/certificate").status_code, 403)

    def test_officer_preview_links_back_office(self):
        """An officer in scope previews the citizen's page with a link back to the evaluation form."""
        evaluation = self._own_evaluation()
        self.authenticate("eval_branch", "eval_branch")
        response = self.url_open(evaluation.access_url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            f"/odoo/action-{self.env.ref('congdan_hoctap.hoctap_evaluation_action').id}/{evaluation.id}", response.text
        )
        self.assertNotIn("o_hoctap_submit", response.text)

    def test_error_text_cannot_come_from_the_url(self):
        """A link cannot make the portal show an error text of its own (phishing through the site's banner)."""
        self.authenticate("portal_an", "portal_an")
        response = self.url_open("/my/learning?error=Tai+khoan+bi+khoa+goi+0900000000")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("0900000000", response.text)

    def test_citizen_cannot_rename_themself(self):
        """A citizen's name is the registered one: the portal account form refuses another name."""
        self.authenticate("portal_an", "portal_an")
        partner = self.citizen.partner_id
        registered = partner.name
        details = {
            "phone": "0912000111",
            "email": "an@example.com",
            "street": "Thôn A1",
            "city": "Hà Nội",
            "country_id": str(self.env.ref("base.vn").id),
        }
        self._post("/my/account", {**details, "name": "Tên Giả Mạo"})
        partner.invalidate_recordset()
        self.assertEqual(partner.name, registered)
        self._post("/my/account", {**details, "name": registered})
        partner.invalidate_recordset()
        self.assertEqual((partner.name, partner.phone), (registered, "0912000111"))
