# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.2.0 (issue 11): learning-citizen form groups, provisional texts, decisions and the clan set.

The shipped criteria are ``noupdate`` data: an upgraded database keeps its sets (evaluations were
decided on them), so this script brings them to what a new database gets, without changing a score.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# old citizen_group value → code of the form group (entrepreneurs share the officials' form)
GROUP_TO_FORM = {
    "farmer": "farmer",
    "worker": "worker",
    "official": "official",
    "entrepreneur": "official",
    "student": "student",
}
# indicators of the old citizen sets a pilot supports (learning plan, reading, digital devices)
SUPPORTED_CITIZEN_CODES = ("1", "3", "5")
OLD_FAMILY_T13 = "Trẻ em có kết quả học tập, rèn luyện từ khá trở lên hoặc đạt danh hiệu"
NEW_FAMILY_T13 = (
    "Trẻ em có kết quả học tập từ trung bình trở lên và hạnh kiểm (rèn luyện) từ khá trở lên; "
    "trung thực, lễ phép, tham gia các hoạt động ở địa phương"
)
# family criteria whose text is published (QĐ 448/QĐ-KHVN, criterion 1 and the literacy of adults)
FAMILY_PUBLISHED = (
    "criteria_set_family_t1",
    "criteria_set_family_i01",
    "criteria_set_family_i03",
    "criteria_set_family_t2",
    "criteria_set_family_i04",
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    _fill_form_groups(cr)
    _citizen_sets(env)
    _family_and_clan(env)


def _fill_form_groups(cr):
    """Evaluations and sets keep their group, now a form group."""
    for table in ("hoctap_criteria_set", "hoctap_evaluation"):
        cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = 'citizen_group'", (table,)
        )
        if not cr.fetchone():
            continue
        for group, code in GROUP_TO_FORM.items():
            cr.execute(
                SQL(
                    """
                UPDATE %s t SET citizen_form_id = f.id
                  FROM hoctap_citizen_form f
                 WHERE f.code = %s AND t.citizen_group = %s AND t.citizen_form_id IS NULL
            """,
                    SQL.identifier(table),
                    code,
                    group,
                )
            )
            _logger.info("%s: %s rows of group %s → form %s", table, cr.rowcount, group, code)


def _ref(env, name):
    return env.ref(f"congdan_hoctap.{name}", raise_if_not_found=False)


def _citizen_sets(env):
    """The shipped citizen sets follow QĐ 244/QĐ-KHVN (28/07/2022): valid from that date, texts not yet
    compared with the official ones marked provisional (in the local sets derived from them too); the
    entrepreneurs' set is archived (they use the officials' form), its evaluations keep it."""
    Set = env["hoctap.criteria.set"].sudo()
    sets = Set.browse()
    for group in GROUP_TO_FORM:
        criteria_set = _ref(env, f"criteria_set_citizen_{group}")
        if criteria_set:
            sets |= criteria_set
    if not sets:
        return
    env.cr.execute(
        """
        UPDATE hoctap_criteria_set
           SET decision_number = '244/QĐ-KHVN', decision_date = '2022-07-28', provisional = true,
               date_from = GREATEST(date_from, '2022-07-28')
         WHERE id = ANY(%s)
    """,
        (sets.ids,),
    )
    env.cr.execute(
        """
        UPDATE hoctap_criterion
           SET provisional = (kind = 'indicator' AND coalesce(code, '') NOT IN %s),
               guidance = replace(guidance, '; được chi hội xác nhận', '')
         WHERE set_id = ANY(%s)
    """,
        (SUPPORTED_CITIZEN_CODES, sets.ids),
    )
    # local sets derived from them carry the same texts: flagged alike
    env.cr.execute(
        """
        UPDATE hoctap_criterion c SET provisional = f.provisional
          FROM hoctap_criterion f
         WHERE c.framework_criterion_id = f.id AND f.set_id = ANY(%s)
    """,
        (sets.ids,),
    )
    env.cr.execute("UPDATE hoctap_criteria_set SET provisional = true WHERE framework_id = ANY(%s)", (sets.ids,))
    entrepreneur = _ref(env, "criteria_set_citizen_entrepreneur")
    if entrepreneur:
        env.cr.execute(
            "UPDATE hoctap_criteria_set SET state = 'archived' WHERE id = %s AND state = 'active'", (entrepreneur.id,)
        )
    env.invalidate_all()


def _family_and_clan(env):
    """The family set: T1.3 as published, the threshold and unpublished criteria provisional; the new clan
    set (created by the data) is put in force so that clans can register."""
    family = _ref(env, "criteria_set_family")
    if family:
        env.cr.execute(
            """
            UPDATE hoctap_criteria_set SET decision_number = '448/QĐ-KHVN', decision_date = '2015-12-01',
                   provisional = true
             WHERE id = %s AND (date_from IS NULL OR date_from >= '2015-12-01')
        """,
            (family.id,),
        )
        published = [record.id for record in (_ref(env, name) for name in FAMILY_PUBLISHED) if record]
        env.cr.execute(
            "UPDATE hoctap_criterion SET provisional = NOT (id = ANY(%s)) WHERE set_id = %s", (published, family.id)
        )
        env.cr.execute(
            "UPDATE hoctap_criterion SET name = %s WHERE set_id = %s AND code = 'T1.3' AND name = %s",
            (NEW_FAMILY_T13, family.id, OLD_FAMILY_T13),
        )
    clan = _ref(env, "criteria_set_clan")
    env.invalidate_all()
    if clan and clan.state == "draft":
        clan._workflow().write({"state": "active"})
