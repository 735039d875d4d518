# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api

from odoo.addons.congdan_hoctap.upgrade import reload_security


def migrate(cr, version):
    """18.0.1.2.0: the shipped record rules (noupdate) are rewritten as the security files say.
    The other post-*.py files of this release migrate each domain's data."""
    if not version:
        return
    reload_security(api.Environment(cr, SUPERUSER_ID, {}))
