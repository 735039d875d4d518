# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools.misc import hmac

SIGNUP_LIMIT_IP = 10  # sign-up posts per address and window
SIGNUP_LIMIT_CCCD = 3  # sign-up posts per CCCD and window
SIGNUP_WINDOW_MINUTES = 60


class HoctapSignupAttempt(models.Model):
    """One post of the public sign-up form, kept for an hour to limit how often it is tried.

    Kept in the database so the limit holds across workers. Neither the address nor the CCCD
    is stored: only a keyed hash of each, which cannot be read back.
    """

    _name = "hoctap.signup.attempt"
    _description = "Sign-up Attempt"
    _order = "id desc"
    _log_access = False

    key = fields.Char(required=True, index=True, readonly=True)
    date = fields.Datetime(required=True, index=True, readonly=True, default=fields.Datetime.now)

    def _hoctap_key(self, kind, value):
        return f"{kind}:{hmac(self.env(su=True), 'congdan_hoctap-signup-' + kind, value)}"

    @api.model
    def _hoctap_register(self, address, citizen_id):
        """Log a sign-up post from ``address`` for ``citizen_id``; False when either went over its limit.

        Each key is locked for the rest of the transaction, so two workers counting the same
        address or CCCD at once count one after the other.
        """
        params = self.env["ir.config_parameter"].sudo()
        window = int(params.get_param("congdan_hoctap.signup_window_minutes", SIGNUP_WINDOW_MINUTES) or 0)
        limits = {
            "ip": int(params.get_param("congdan_hoctap.signup_limit_ip", SIGNUP_LIMIT_IP) or 0),
            "cccd": int(params.get_param("congdan_hoctap.signup_limit_cccd", SIGNUP_LIMIT_CCCD) or 0),
        }
        keys = {"ip": self._hoctap_key("ip", address or "-")}
        if citizen_id:
            keys["cccd"] = self._hoctap_key("cccd", citizen_id)
        since = fields.Datetime.now() - timedelta(minutes=window)
        allowed = True
        for kind, key in sorted(keys.items()):
            self.env.cr.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
            count = self.sudo().search_count([("key", "=", key), ("date", ">=", since)])
            if limits[kind] and count >= limits[kind]:
                allowed = False
        self.sudo().create([{"key": key} for key in keys.values()])
        return allowed

    @api.autovacuum
    def _gc_hoctap_signup_attempts(self):
        self.sudo().search([("date", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
