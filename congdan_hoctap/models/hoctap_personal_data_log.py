# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

OPERATIONS = [
    ("read", "Read"),
    ("export", "Export"),
    ("anonymise", "Anonymisation"),
    ("request", "Data subject request"),
]


class HoctapPersonalDataLog(models.Model):
    """Who read or exported which persons' personal fields, when, from which client.

    Narrow on purpose (one row per read call, the persons in a relation table) so
    that logging a list of members costs one insert. Written only by the ORM hooks
    of ``res.partner`` (as superuser); managers and the data-protection officer
    search it; the persons concerned see their entries on the portal.
    """

    _name = "hoctap.personal.data.log"
    _description = "Personal Data Access Log"
    _order = "date desc, id desc"
    _log_access = False

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    user_id = fields.Many2one("res.users", readonly=True, index=True, ondelete="set null")
    operation = fields.Selection(OPERATIONS, required=True, readonly=True, index=True)
    partner_ids = fields.Many2many(
        "res.partner", "hoctap_personal_data_log_partner_rel", "log_id", "partner_id", string="Persons", readonly=True
    )
    partner_count = fields.Integer(string="Persons Count", readonly=True)
    field_names = fields.Char(string="Fields", readonly=True)
    client = fields.Char(readonly=True, help="IP address and browser or RPC client of the request.")
    note = fields.Text(readonly=True)

    @api.model
    def _log(self, operation, partners, field_names, note=False):
        """Record one access; called as the user whose access it is.

        Two plain INSERTs (the row, then its persons in one statement): this runs on every
        read of personal fields, and must keep a list of 80 members within 1.5× of its cost
        without the log (bench/bench_personal_data_log.py).
        On a read-only request served by the replica, the row is written on the primary in its own
        transaction (a replica refuses writes).
        """
        if self.env.cr.readonly and self.env.registry.test_cr is None:  # tests: Odoo retries on the primary
            with self.env.registry.cursor() as primary_cr:
                self.with_env(self.env(cr=primary_cr))._log(operation, partners, field_names, note)
            return self.browse()
        self.env.cr.execute(
            """
            INSERT INTO hoctap_personal_data_log (date, user_id, operation, partner_count, field_names, client, note)
                 VALUES (now() at time zone 'UTC', %s, %s, %s, %s, %s, %s) RETURNING id
            """,
            [self.env.uid, operation, len(partners), ", ".join(sorted(field_names)), self._client(), note or None],
        )
        log_id = self.env.cr.fetchone()[0]
        self.env.cr.execute(
            """
            INSERT INTO hoctap_personal_data_log_partner_rel (log_id, partner_id)
                 SELECT %s, unnest(%s::int[])
            """,
            [log_id, list(partners.ids)],
        )
        return self.browse(log_id)

    @api.model
    def _client(self):
        from odoo.http import request  # noqa: PLC0415 (no request outside HTTP: crons, shell, tests)

        if not request:
            return "server"
        http = request.httprequest
        return f"{http.remote_addr or ''} {(http.user_agent.string or '')[:120]}".strip()
