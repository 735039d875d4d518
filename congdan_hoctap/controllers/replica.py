# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Read-only requests on the PostgreSQL replica, without read-your-own-write surprises.

Odoo 18 opens the cursor of a route marked ``readonly`` on the replica when ``--db_replica_host``
(or ``--db_replica_port``) is set, and on the primary otherwise. It has no notion of replica lag:
the page that follows a save may be read from a replica that has not replayed the save yet. So a
session that has just written (a POST handled on the primary) is kept on the primary for
``hoctap_primary_after_write`` seconds (Odoo configuration file option, default 10): the
read-only routes of the addon, and Odoo's own ``/web/dataset/call_kw`` reads, consult
:func:`replica_allowed` first.
"""

import time

from odoo import http
from odoo.http import request
from odoo.tools import config

from odoo.addons.web.controllers.dataset import DataSet

SESSION_KEY = "hoctap_primary_until"
DEFAULT_PRIMARY_AFTER_WRITE = 10


def _now():
    return time.time()


def primary_after_write():
    """Seconds a session stays on the primary after a write (a little more than the replica lag)."""
    try:
        return float(config.get("hoctap_primary_after_write", DEFAULT_PRIMARY_AFTER_WRITE))
    except (TypeError, ValueError):
        return DEFAULT_PRIMARY_AFTER_WRITE


def replica_allowed():
    """False while this session has written within the last ``primary_after_write()`` seconds."""
    return _now() >= (request.session.get(SESSION_KEY) or 0)


def remember_write():
    """Called after a request that wrote (see ``ir.http._post_dispatch``)."""
    request.session[SESSION_KEY] = _now() + primary_after_write()


def read_only_get(controller):
    """``readonly=`` of a route: a GET may run on the replica, a POST never does."""
    return request.httprequest.method in ("GET", "HEAD") and replica_allowed()


class HoctapDataSet(DataSet):
    """Odoo's RPC entry points: the ``@api.readonly`` methods go to the replica, unless the user just saved."""

    def _call_kw_readonly(self):
        return super()._call_kw_readonly() and replica_allowed()

    @http.route(
        ["/web/dataset/call_kw", "/web/dataset/call_kw/<path:path>"],
        type="json",
        auth="user",
        readonly=_call_kw_readonly,
    )
    def call_kw(self, model, method, args, kwargs, path=None):
        return super().call_kw(model, method, args, kwargs, path=path)

    @http.route(
        ["/web/dataset/call_button", "/web/dataset/call_button/<path:path>"],
        type="json",
        auth="user",
        readonly=_call_kw_readonly,
    )
    def call_button(self, model, method, args, kwargs, path=None):
        return super().call_button(model, method, args, kwargs, path=path)
