# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.2.0 (issue 11, learning units and communities), before the data load.

The learning-unit (TT 24/2023) and commune-community (TT 25/2023) sets now ship from
``data/hoctap_learning_units_data.xml`` under the same xmlids, with their criteria rewritten (conditions
as a checklist, the ratio over the unit's own people, three criteria with their targets). They are
``noupdate``, so an upgrade would keep the old content. A shipped set no evaluation uses is removed so
the new one is loaded in its place; a set in use is kept as it was decided (archived, its xmlids renamed
``*_2023``), and the new set is loaded next to it. The model type keys ``community`` (TT 25) and ``unit``
(TT 24) keep their meaning; the QĐ 448 types are new keys, so no existing row changes type.
"""

import logging

_logger = logging.getLogger(__name__)

MODULE = "congdan_hoctap"
REWRITTEN_SETS = ("criteria_set_unit_l1", "criteria_set_unit_l2", "criteria_set_community_l1")


def migrate(cr, version):
    if not version:
        return
    for name in REWRITTEN_SETS:
        cr.execute(
            "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s AND model = 'hoctap.criteria.set'",
            (MODULE, name),
        )
        row = cr.fetchone()
        if not row:
            continue
        set_id = row[0]
        cr.execute(
            """
            SELECT EXISTS(SELECT 1 FROM hoctap_evaluation WHERE set_id = %(id)s)
                OR EXISTS(SELECT 1 FROM hoctap_criteria_set WHERE framework_id = %(id)s)
        """,
            {"id": set_id},
        )
        if cr.fetchone()[0]:
            _keep_as_legacy(cr, name, set_id)
        else:
            _remove(cr, name, set_id)


def _own_xmlids(name):
    """The set's own xmlid and those of its shipped criteria (``<set>_iNN``)."""
    return "(name = %(name)s OR name LIKE %(criteria)s)", {"name": name, "criteria": name + r"\_i%"}


def _keep_as_legacy(cr, name, set_id):
    where, params = _own_xmlids(name)
    cr.execute(
        f"UPDATE ir_model_data SET name = name || '_2023' WHERE module = %(module)s AND {where}",
        {**params, "module": MODULE},
    )
    cr.execute("UPDATE hoctap_criteria_set SET state = 'archived' WHERE id = %s AND state = 'active'", (set_id,))
    _logger.info(
        "Criteria set %s is used: kept as %s_2023 (archived); the new version is loaded beside it.", name, name
    )


def _remove(cr, name, set_id):
    where, params = _own_xmlids(name)
    cr.execute(f"DELETE FROM ir_model_data WHERE module = %(module)s AND {where}", {**params, "module": MODULE})
    cr.execute("DELETE FROM hoctap_criteria_set WHERE id = %s", (set_id,))  # its criteria cascade
    _logger.info("Criteria set %s was unused: replaced by the new shipped version.", name)
