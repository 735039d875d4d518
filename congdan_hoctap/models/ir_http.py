# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading

from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    """Remembers that a session wrote, so its next reads stay on the primary (see controllers/replica.py)."""

    _inherit = "ir.http"

    @classmethod
    def _post_dispatch(cls, response):
        # before super(): it saves the session
        written = getattr(threading.current_thread(), "cursor_mode", "rw") != "ro"
        if written and request.httprequest.method not in ("GET", "HEAD", "OPTIONS") and request.session.uid:
            from ..controllers.replica import remember_write  # noqa: PLC0415 (controllers import models)

            remember_write()
        return super()._post_dispatch(response)
