# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import hmac

SIGNUP_LIMIT_IP = 10  # sign-up posts per address and window
SIGNUP_LIMIT_CCCD = 3  # sign-up posts per CCCD and window
SIGNUP_WINDOW_MINUTES = 60


class HoctapSignupAttempt(models.Model):
    """How often the public sign-up form was posted from one address, or for one CCCD, in a window.

    A counter in the database, so the limit holds across workers; it is counted by one SQL
    statement that locks the counter's row, so two posts at once never both read the old count
    (the second waits, and Odoo retries its request on the serialization failure that follows).
    Neither the address nor the CCCD is stored: only a keyed hash of each.
    """

    _name = "hoctap.signup.attempt"
    _description = "Sign-up Attempts"
    _log_access = False

    key = fields.Char(required=True, readonly=True)
    window_start = fields.Datetime(required=True, readonly=True, index=True)
    count = fields.Integer(required=True, readonly=True)

    _sql_constraints = [("key_uniq", "unique(key)", "One counter per key.")]

    @api.model
    def _hoctap_key(self, kind, value):
        return f"{kind}:{hmac(self.env(su=True), 'congdan_hoctap-signup-' + kind, value)}"

    @api.model
    def _hoctap_register(self, address, citizen_id):
        """Count a sign-up post from ``address`` for ``citizen_id``; False when either is over its limit."""
        params = self.env["ir.config_parameter"].sudo()
        window = int(params.get_param("congdan_hoctap.signup_window_minutes", SIGNUP_WINDOW_MINUTES) or 0)
        limits = {
            "ip": int(params.get_param("congdan_hoctap.signup_limit_ip", SIGNUP_LIMIT_IP) or 0),
            "cccd": int(params.get_param("congdan_hoctap.signup_limit_cccd", SIGNUP_LIMIT_CCCD) or 0),
        }
        values = {"ip": address or "-", "cccd": citizen_id}
        now = fields.Datetime.now()
        since = now - timedelta(minutes=window)
        allowed = True
        for kind in ("cccd", "ip"):  # always the same order: two posts never lock each other's rows crosswise
            if not values[kind]:
                continue
            self.env.cr.execute(
                SQL(
                    """
                INSERT INTO hoctap_signup_attempt AS attempt (key, window_start, count)
                VALUES (%(key)s, %(now)s, 1)
                ON CONFLICT (key) DO UPDATE SET
                    count = CASE WHEN attempt.window_start < %(since)s THEN 1 ELSE attempt.count + 1 END,
                    window_start = CASE WHEN attempt.window_start < %(since)s THEN %(now)s
                                        ELSE attempt.window_start END
                RETURNING count
                """,
                    key=self._hoctap_key(kind, values[kind]),
                    now=now,
                    since=since,
                )
            )
            count = self.env.cr.fetchone()[0]
            if limits[kind] and count > limits[kind]:
                allowed = False
        return allowed

    @api.autovacuum
    def _gc_hoctap_signup_attempts(self):
        self.sudo().search([("window_start", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
