# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import http
from odoo.http import request

from .replica import read_only_get

TOKEN_PATTERN = re.compile(r"[0-9A-Za-z_-]{1,64}")  # what a certificate token can be (uuid4 hex today)


class HoctapVerifyController(http.Controller):
    """The public page the certificate's QR code opens: is this certificate genuine and valid?"""

    @http.route("/hoctap/verify/<string:token>", type="http", auth="public", sitemap=False, readonly=read_only_get)
    def verify_certificate(self, token, **kwargs):
        if not TOKEN_PATTERN.fullmatch(token):
            raise request.not_found()  # never reaches the database (a NUL byte there is an error 500)
        values = request.env["hoctap.evaluation"]._verification_values(token)
        if values is None:
            raise request.not_found()
        return request.render("congdan_hoctap.verify_certificate_page", values)
