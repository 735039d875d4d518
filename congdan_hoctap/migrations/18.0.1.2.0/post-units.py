# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.2.0 (issue 11, learning units and communities), after the data load.

A ``<function>`` in a ``noupdate`` block runs on install only: the sets the upgrade created from
``data/hoctap_learning_units_data.xml`` are activated here. Evaluations registered under the TT 25 or
TT 24 types for what are QĐ 448 village communities or grassroots units keep their type (their set and
scores stay as they were); they are listed in the log for the association to re-register next year.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

SHIPPED_SETS = (
    "criteria_set_unit_l1",
    "criteria_set_unit_l2",
    "criteria_set_unit_l3",
    "criteria_set_grassroots_unit",
    "criteria_set_community_l1",
    "criteria_set_community_l2",
    "criteria_set_community_l3",
    "criteria_set_community_province",
    "criteria_set_village_community",
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    sets = env["hoctap.criteria.set"]
    for name in SHIPPED_SETS:
        sets |= env.ref(f"congdan_hoctap.{name}", raise_if_not_found=False) or sets.browse()
    sets.filtered(lambda s: s.state == "draft").action_activate()
    cr.execute("""
        SELECT e.name FROM hoctap_evaluation e JOIN hoctap_association a ON a.id = e.subject_association_id
         WHERE e.model_type = 'community' AND a.level = 'branch'
    """)
    village = [row[0] for row in cr.fetchall()]
    if village:
        _logger.warning(
            "Learning-community evaluations of villages kept under TT 25/2023 (re-register them as "
            "village learning communities, QĐ 448): %s",
            ", ".join(village),
        )
