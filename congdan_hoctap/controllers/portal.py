# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from psycopg2 import IntegrityError
from werkzeug.exceptions import Forbidden
from werkzeug.urls import url_encode

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.res_partner import CCCD_PATTERN, OCCUPATION_GROUPS
from .replica import read_only_get

MAX_RECORD_ID = 2**31 - 1  # ids are PostgreSQL integers
SIGNUP_FIELDS = (
    "citizen_id",
    "name",
    "gender",
    "birth_year",
    "ethnicity",
    "branch_id",
    "occupation_group",
    "phone",
    "password",
)


class HoctapPortal(CustomerPortal):
    """The citizen's self-service: sign up, register, self-assess, follow the review, get the certificate."""

    # ---- Portal home ----
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "hoctap_evaluation_count" in counters:
            Evaluation = request.env["hoctap.evaluation"]
            values["hoctap_evaluation_count"] = (
                Evaluation.search_count(self._hoctap_domain()) if Evaluation.has_access("read") else 0
            )
        return values

    # ---- Account details ----
    def details_form_validate(self, data, partner_creation=False):
        """A citizen's name is the one on their ID card and certificates: their branch changes it.

        The form is cleaned first, in place (``account()`` saves what it holds): a file or a NUL byte
        where a text is expected, or a country or state that is no record id, is taken as empty,
        so it is refused as missing instead of failing in the database.
        """
        for key, value in list(data.items()):
            data[key] = self._hoctap_text(value.replace("\x00", "") if isinstance(value, str) else value)
        for key in ("country_id", "state_id"):
            if data.get(key) and not (re.fullmatch(r"[0-9]{1,10}", data[key]) and int(data[key]) <= MAX_RECORD_ID):
                data[key] = ""
        error, error_message = super().details_form_validate(data, partner_creation=partner_creation)
        partner = request.env.user.partner_id.sudo()
        if partner.citizen_id and " ".join((data.get("name") or "").split()) != partner.name:
            error["name"] = "error"
            error_message.append(
                request.env._("Your name is the one registered with your citizen ID: ask your branch to correct it.")
            )
        return error, error_message

    def _hoctap_redirect_error(self, url, message):
        """Show ``message`` on the next page. It travels in the session, not in the URL, so a link
        cannot make the site display someone else's text."""
        request.session["hoctap_portal_error"] = message
        return request.redirect(url)

    @staticmethod
    def _hoctap_text(value):
        """A text parameter, or "" when a client sent something else (a file, a NUL byte)."""
        return value if isinstance(value, str) and "\x00" not in value else ""

    def _hoctap_domain(self):
        return [("partner_id", "=", request.env.user.partner_id.id)]

    def _hoctap_evaluation_check_access(self, evaluation_id, access_token=None):
        """The evaluation (sudo) when the user may read it, else a 404 / 403 response to return."""
        if not 0 < evaluation_id <= MAX_RECORD_ID:
            return None, request.not_found()  # no such record, and no integer overflow in the database
        if not isinstance(access_token, str | None):
            access_token = None
        try:
            evaluation = self._document_check_access("hoctap.evaluation", evaluation_id, access_token)
            # Portal returns the record as the superuser: act as the real user in sudo mode, so that
            # the workflow's checks on env.user (the citizen themself) still apply.
            return evaluation.with_user(request.env.user).sudo(), None
        except MissingError:
            return None, request.not_found()
        except AccessError:
            if request.env.user._is_public():
                return None, request.redirect("/web/login?" + url_encode({"redirect": request.httprequest.full_path}))
            raise Forbidden() from None

    # ---- Sign-up ----
    @http.route("/hoctap/signup", type="http", auth="public", website=True, methods=["GET", "POST"], sitemap=False)
    def hoctap_signup(self, **post):
        """Public sign-up with the CCCD.

        Closed unless Odoo's sign-up setting is "Free sign up". Every accepted form gets the same
        answer, whether the CCCD was new (an account is made) or known (the branch receives a
        request): the page never tells who is in the registry, and the CCCD never goes in a URL.
        Posts are limited per address and per CCCD.
        """
        Users = request.env["res.users"].sudo()
        if not Users._hoctap_signup_enabled():
            return request.render("congdan_hoctap.portal_hoctap_signup_closed", status=404)
        if not request.env.user._is_public():
            return request.redirect("/my/learning")
        values = {key: self._hoctap_signup_value(post, key) for key in SIGNUP_FIELDS}
        values.update(request.env["hoctap.consent"]._signup_form_values(post))
        errors = {}
        if request.httprequest.method == "POST":
            cccd = values["citizen_id"] if CCCD_PATTERN.match(values["citizen_id"]) else ""
            if not request.env["hoctap.signup.attempt"].sudo()._hoctap_register(request.httprequest.remote_addr, cccd):
                errors["form"] = request.env._(
                    "Too many sign-up attempts: wait an hour, or ask your branch to invite you."
                )
            else:
                errors = Users._hoctap_signup_errors(values)
            if not errors:
                try:
                    with request.env.cr.savepoint():
                        Users._hoctap_signup(values)
                except (UserError, ValidationError, IntegrityError):  # e.g. the same CCCD signed up at once
                    errors["form"] = request.env._(
                        "Your sign-up could not be completed: try again later, or ask your branch to invite you."
                    )
                else:
                    return request.redirect(
                        "/web/login?" + url_encode({"redirect": "/my/learning", "hoctap_signed_up": 1})
                    )
        return request.render(
            "congdan_hoctap.portal_hoctap_signup",
            {
                "values": values,
                "errors": errors,
                "branches": self._hoctap_signup_branches(),
                "occupation_groups": OCCUPATION_GROUPS,
            },
        )

    @staticmethod
    def _hoctap_signup_value(post, key):
        """One text field of the sign-up form: stripped (not the password), never another type."""
        value = post.get(key)
        if not isinstance(value, str) or "\x00" in value:
            return ""  # a file, or a NUL byte the database refuses: as if the field were empty
        return value if key == "password" else value.strip()

    def _hoctap_signup_branches(self):
        """The branches a citizen can choose, by commune."""
        return request.env["hoctap.association"].sudo().search([("level", "=", "branch")], order="parent_id, name")

    # ---- My learning ----
    @http.route(["/my/learning"], type="http", auth="user", website=True, readonly=read_only_get)
    def portal_my_learning(self, **kwargs):
        partner = request.env.user.partner_id
        evaluations = request.env["hoctap.evaluation"].search(self._hoctap_domain())
        year = fields.Date.context_today(request.env.user).year
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoctap_learning",
                "evaluations": evaluations.sudo(),
                "years": sorted(set(evaluations.mapped("year")), reverse=True),
                "current_year": year,
                "can_register": not evaluations.filtered(lambda e: e.year == year and e.model_type == "citizen"),
                "home_branch": partner._hoctap_home_branch(),
                # the form groups to choose from; the one of the citizen's occupation comes preselected
                "citizen_forms": request.env["hoctap.citizen.form"].sudo().search([]),
                "occupation_form": request.env["hoctap.citizen.form"]
                .sudo()
                ._for_occupation(partner.sudo().occupation_group),
                "error": request.session.pop("hoctap_portal_error", None),
            }
        )
        return request.render("congdan_hoctap.portal_my_learning", values)

    @http.route(["/my/learning/register"], type="http", auth="user", website=True, methods=["POST"])
    def portal_learning_register(self, citizen_form_id=None, **kwargs):
        form_id = self._hoctap_text(citizen_form_id)
        form = (
            request.env["hoctap.citizen.form"]
            .sudo()
            .browse(int(form_id) if form_id.isascii() and form_id.isdigit() and len(form_id) < 10 else [])
        )
        try:
            evaluation = (
                request.env["hoctap.evaluation"]
                .sudo()
                ._portal_register(request.env.user.partner_id, citizen_form=form.exists())
            )
        except (UserError, ValidationError) as error:
            return self._hoctap_redirect_error("/my/learning", error.args[0])
        return request.redirect(evaluation.access_url)

    @http.route(["/my/learning/<int:evaluation_id>"], type="http", auth="public", website=True, readonly=read_only_get)
    def portal_learning_evaluation(self, evaluation_id, access_token=None, **kwargs):
        evaluation, refusal = self._hoctap_evaluation_check_access(evaluation_id, access_token)
        if refusal:
            return refusal
        values = self._get_page_view_values(
            evaluation,
            access_token,
            {
                "page_name": "hoctap_evaluation",
                "evaluation": evaluation,
                "groups": evaluation._portal_groups(),
                "can_edit": evaluation._hoctap_is_citizen_editable(),
                "backend_url": f"/odoo/action-{evaluation._get_portal_return_action().id}/{evaluation.id}",
                "error": request.session.pop("hoctap_portal_error", None),
                "message": kwargs.get("message"),
            },
            "my_hoctap_evaluations_history",
            False,
            **kwargs,
        )
        return request.render("congdan_hoctap.portal_learning_evaluation", values)

    @http.route(
        ["/my/learning/<int:evaluation_id>/group/<int:group_id>"],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
        readonly=read_only_get,
    )
    def portal_learning_group(self, evaluation_id, group_id, **post):
        """One page per competency group: scores, guidance and evidence; saved on POST."""
        evaluation, refusal = self._hoctap_evaluation_check_access(evaluation_id)
        if refusal:
            return refusal
        groups = evaluation._portal_groups()
        index = next((i for i, (group, _lines) in enumerate(groups) if (group.id or 0) == group_id), None)
        if index is None:
            return request.not_found()
        group, lines = groups[index]
        errors, saved = {}, False
        if request.httprequest.method == "POST":
            try:
                errors = self._hoctap_save_group(evaluation, lines, post)
            except (UserError, ValidationError) as error:
                return self._hoctap_redirect_error(evaluation.access_url, error.args[0])
            saved = not errors
            if saved and post.get("next") and index + 1 < len(groups):
                return request.redirect(f"{evaluation.access_url}/group/{groups[index + 1][0].id or 0}")
            if saved and post.get("next"):
                return request.redirect(evaluation.access_url)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoctap_group",
                "evaluation": evaluation,
                "group": group,
                "lines": lines,
                "errors": errors,
                "saved": saved,
                "typed": {line.id: post.get(f"score_{line.id}") for line in lines if f"score_{line.id}" in post},
                "index": index,
                "group_count": len(groups),
                "previous_group": groups[index - 1][0] if index else None,
                "can_edit": evaluation._hoctap_is_citizen_editable(),
            }
        )
        return request.render("congdan_hoctap.portal_learning_group", values)

    def _hoctap_save_group(self, evaluation, lines, post):
        """Save the scores and uploads of one group; return ``{line id: message}`` for refused fields."""
        raw_scores = {
            line: self._hoctap_text(post.get(f"score_{line.id}")) for line in lines if f"score_{line.id}" in post
        }
        errors = {line.id: message for line, message in evaluation._portal_save_scores(raw_scores).items()}
        max_mb, max_files = evaluation._portal_evidence_limits()
        for line in lines:
            for upload in request.httprequest.files.getlist(f"evidence_{line.id}")[:max_files]:
                if not upload or not upload.filename:
                    continue
                # never more than one byte over the limit in memory: the model refuses what is larger
                data = upload.stream.read(max_mb * 1024 * 1024 + 1)
                try:
                    with request.env.cr.savepoint():
                        evaluation._portal_add_evidence(line, upload.filename.replace("\x00", "")[:255], data)
                except UserError as error:
                    errors[line.id] = error.args[0]
        remove = str(post.get("remove_evidence") or "")
        remove_id = int(remove) if re.fullmatch(r"[0-9]{1,9}", remove) else 0
        if remove_id:
            attachment = request.env["ir.attachment"].sudo().browse(remove_id).exists()
            evaluation._portal_remove_evidence(attachment)
        return errors

    @http.route(["/my/learning/<int:evaluation_id>/submit"], type="http", auth="user", website=True, methods=["POST"])
    def portal_learning_submit(self, evaluation_id, **kwargs):
        evaluation, refusal = self._hoctap_evaluation_check_access(evaluation_id)
        if refusal:
            return refusal
        try:
            evaluation._portal_submit()
        except (UserError, ValidationError) as error:
            return self._hoctap_redirect_error(evaluation.access_url, error.args[0])
        return request.redirect(evaluation.access_url + "?" + url_encode({"message": "submitted"}))

    # not read-only: printing may activate Vietnamese, the language of official texts (_official_lang)
    @http.route(["/my/learning/<int:evaluation_id>/certificate"], type="http", auth="public", website=True)
    def portal_learning_certificate(self, evaluation_id, access_token=None, **kwargs):
        evaluation, refusal = self._hoctap_evaluation_check_access(evaluation_id, access_token)
        if refusal:
            return refusal
        if not evaluation._portal_can_download_certificate():
            return self._hoctap_redirect_error(
                evaluation.access_url, request.env._("There is no valid certificate for this evaluation.")
            )
        return self._show_report(evaluation, "pdf", "congdan_hoctap.action_report_learning_certificate", download=True)
