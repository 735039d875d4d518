# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api

from odoo.addons.congdan_hoctap.upgrade import reload_security


def migrate(cr, version):
    """18.0.1.1.0: the trust and personal-data rules reach existing databases."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    reload_security(env)
