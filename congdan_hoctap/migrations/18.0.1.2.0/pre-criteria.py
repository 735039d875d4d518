# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools import SQL


def migrate(cr, version):
    """18.0.1.2.0 (issue 11, learning citizens): the form group replaces the ``citizen_group`` selection.

    The new ``citizen_form_id`` columns are created empty here, so that Odoo does not recompute the form
    group of every evaluation (100k a year in a province) before the form groups exist; the post script
    fills them from the old selection. The old ``citizen_group`` columns are kept (unused) for a rollback.
    """
    if not version:
        return
    for table in ("hoctap_evaluation", "hoctap_criteria_set"):
        cr.execute(SQL("ALTER TABLE %s ADD COLUMN IF NOT EXISTS citizen_form_id integer", SQL.identifier(table)))
