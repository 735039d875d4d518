# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import re

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.hoctap_consent import PURPOSES


class HoctapPersonalDataPortal(CustomerPortal):
    """ "Dữ liệu của tôi": the citizen sees, downloads, corrects or deletes their personal data."""

    def _hoctap_partner(self):
        # The person themself: their own record, read as superuser (the scope rule names them).
        return request.env.user.partner_id.sudo()

    @http.route("/my/personal-data", type="http", auth="user", website=True)
    def portal_my_personal_data(self, **kwargs):
        partner = self._hoctap_partner()
        consents = partner.hoctap_consent_ids
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hoctap_personal_data",
                "data": partner._hoctap_personal_data_dict(),
                "labels": {
                    name: field.get_description(request.env)["string"] for name, field in partner._fields.items()
                },
                "consents": consents,
                "data_purposes": {
                    c.id: [c._fields[p].get_description(request.env)["string"] for p in PURPOSES if c[p]]
                    for c in consents
                },
                "logs": request.env["hoctap.personal.data.log"]
                .sudo()
                .search([("partner_ids", "in", partner.ids)], limit=100),
                "requests": request.env["hoctap.data.request"].sudo().search([("partner_id", "=", partner.id)]),
                "error": request.session.pop("hoctap_portal_error", None),
                "message": request.session.pop("hoctap_portal_message", None),
            }
        )
        return request.render("congdan_hoctap.portal_my_personal_data", values)

    @http.route("/my/personal-data/json", type="http", auth="user", website=True)
    def portal_my_personal_data_json(self, **kwargs):
        body = json.dumps(
            self._hoctap_partner()._hoctap_personal_data_dict(), ensure_ascii=False, indent=2, default=str
        )
        return request.make_response(
            body,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Disposition", 'attachment; filename="du-lieu-cua-toi.json"'),
            ],
        )

    @http.route("/my/personal-data/pdf", type="http", auth="user", website=True)
    def portal_my_personal_data_pdf(self, **kwargs):
        partner = self._hoctap_partner()
        data = {
            "personal": partner._hoctap_personal_data_dict(),
            "labels": {name: field.get_description(request.env)["string"] for name, field in partner._fields.items()},
        }
        pdf, _type = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("congdan_hoctap.action_report_my_personal_data", partner.ids, data=data)
        )
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Disposition", 'attachment; filename="du-lieu-cua-toi.pdf"'),
            ],
        )

    @http.route("/my/personal-data/request", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_personal_data_request(self, request_type=None, description=None, **kwargs):
        try:
            request.env["hoctap.data.request"]._portal_create(self._hoctap_partner(), request_type, description)
        except (UserError, ValidationError) as error:
            request.session["hoctap_portal_error"] = error.args[0]
        else:
            request.session["hoctap_portal_message"] = request.env._(
                "Your request was sent to your branch; you will be told of its decision."
            )
        return request.redirect("/my/personal-data")

    @http.route(
        "/my/personal-data/consent/<string:consent_id>/withdraw",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_consent_withdraw(self, consent_id, **kwargs):
        partner = self._hoctap_partner()
        consent = partner.hoctap_consent_ids.filtered(
            lambda c: re.fullmatch(r"[0-9]{1,9}", consent_id) and c.id == int(consent_id)
        )
        if not consent:
            return request.not_found()
        try:
            # As the citizen (sudo for the record access): the action checks who withdraws.
            consent.with_user(request.env.user).sudo().action_withdraw()
        except (UserError, ValidationError) as error:
            request.session["hoctap_portal_error"] = error.args[0]
        return request.redirect("/my/personal-data")

    @http.route("/my/learning/<int:evaluation_id>/evidence/<int:attachment_id>", type="http", auth="user", website=True)
    def portal_learning_evidence(self, evaluation_id, attachment_id, **kwargs):
        """The citizen opens the evidence of their own evaluation (portal users cannot use /web/content)."""
        try:
            evaluation = self._document_check_access("hoctap.evaluation", evaluation_id)
        except (AccessError, MissingError):
            return request.not_found()
        attachment = evaluation.line_ids.evidence_ids.filtered(lambda att: att.id == attachment_id)
        if not attachment:
            return request.not_found()
        stream = request.env["ir.binary"]._get_stream_from(attachment.sudo())
        return stream.get_response(as_attachment=True)
