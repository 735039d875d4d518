# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api

from odoo.addons.congdan_hoctap.upgrade import reload_security


def migrate(cr, version):
    """18.0.1.2.0: the shipped record rules (noupdate) are rewritten as the security files say.
    The other post-*.py files of this release migrate each domain's data."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    reload_security(env)
    _reorder_statistics_figures(env)


def _reorder_statistics_figures(env):
    """The indicators are now declared per domain with their own place in the report (and new ones came
    in between): the stored section and order of the existing figures follow."""
    Line = env["hoctap.statistic.line"]
    lines = Line.with_context(active_test=False).search([])
    for name in ("indicator_group", "sequence"):
        env.add_to_compute(Line._fields[name], lines)
    env.flush_all()
