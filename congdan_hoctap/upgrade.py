# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Helpers for the addon's migration scripts (``migrations/<version>/post-*.py``).

Odoo ships record rules in ``noupdate`` blocks and never rewrites them on ``-u``: a database
upgraded that way would keep the old, weaker rules while a fresh one gets the new ones. Rules are
security, so every release reloads them from the addon's security files and deletes the rules the
addon no longer ships. What users edit (their local criteria sets, mail templates) is not touched.
"""

import logging

from lxml import etree

from odoo.modules.module import get_manifest
from odoo.tools import convert_file, file_open

_logger = logging.getLogger(__name__)

MODULE = "congdan_hoctap"


def security_files():
    """The addon's security XML files, in manifest order."""
    return [name for name in get_manifest(MODULE)["data"] if name.startswith("security/") and name.endswith(".xml")]


def shipped_rule_xmlids():
    """``module.name`` of every record rule the security files declare."""
    xmlids = set()
    for name in security_files():
        with file_open(f"{MODULE}/{name}", "rb") as handle:
            tree = etree.parse(handle)
        for record in tree.iterfind(".//record[@model='ir.rule']"):
            xmlid = record.get("id")
            xmlids.add(xmlid if "." in xmlid else f"{MODULE}.{xmlid}")
    return xmlids


def reload_security(env):
    """Rewrite the shipped record rules and groups as the security files say; drop rules no longer shipped."""
    for name in security_files():
        # 'init' mode writes existing records too, noupdate or not
        convert_file(env, MODULE, name, {}, mode="init", noupdate=False)
    shipped = shipped_rule_xmlids()
    data = env["ir.model.data"].search([("module", "=", MODULE), ("model", "=", "ir.rule")])
    gone = data.filtered(lambda row: f"{row.module}.{row.name}" not in shipped)
    if gone:
        _logger.info("Deleting record rules no longer shipped: %s", ", ".join(gone.mapped("name")))
        env["ir.rule"].browse(gone.mapped("res_id")).exists().unlink()
        gone.unlink()
    # the shipped rules stay noupdate, as in their files
    (data - gone).write({"noupdate": True})
