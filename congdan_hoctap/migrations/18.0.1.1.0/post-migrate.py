# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import SUPERUSER_ID, api

from odoo.addons.congdan_hoctap.upgrade import reload_security

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    """18.0.1.1.0: the trust and personal-data rules reach existing databases."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    reload_security(env)
    _tie_overrides_to_amounts(cr)
    _record_past_decisions(cr)
    _remove_invitation_links(cr)
    env["res.users"].search([("hoctap_association_ids", "!=", False)])._hoctap_set_home_action()


def _tie_overrides_to_amounts(cr):
    """A manager's override now allows one amount. Awards already approved or paid keep theirs for
    their amount; a proposed award's override is dropped: the manager confirms it again."""
    cr.execute("""
        UPDATE hoctap_award SET limit_override_amount = amount
         WHERE limit_override AND state IN ('approved', 'paid', 'cancelled')
    """)
    cr.execute("UPDATE hoctap_award SET limit_override = false WHERE limit_override AND state = 'proposed' "
               "RETURNING name")
    dropped = [row[0] for row in cr.fetchall()]
    if dropped:
        _logger.warning("Limit overrides dropped on proposed awards (a manager must allow them again): %s",
                        ", ".join(dropped))


def _record_past_decisions(cr):
    """Who issued a decision and recognised its evaluations is now kept: for the decisions issued
    before, take the last user who wrote the decision and its date, so separation of duties sees them."""
    cr.execute("""
        UPDATE hoctap_recognition SET issued_by_id = write_uid, date_issued = COALESCE(date, write_date::date)
         WHERE state = 'issued' AND issued_by_id IS NULL
    """)
    cr.execute("""
        UPDATE hoctap_evaluation e SET recogniser_id = r.issued_by_id, date_recognised = r.date_issued
          FROM hoctap_recognition r
         WHERE e.recognition_id = r.id AND e.state = 'recognised' AND e.recogniser_id IS NULL
    """)


def _remove_invitation_links(cr):
    """Invitation links used to be posted as notes on the membership, readable by every viewer of the
    branch: remove those notes (the link lets whoever opens it first set the citizen's password)."""
    cr.execute("""
        DELETE FROM mail_message
         WHERE model = 'hoctap.membership' AND body ILIKE '%%token=%%'
     RETURNING res_id
    """)
    if cr.rowcount:
        _logger.info("Removed %s invitation links from membership notes", cr.rowcount)
