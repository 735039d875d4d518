# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Certificate numbering: from one sequence per issuer and year to one per issuer with a date range per year.

Up to 18.0.1.1.0 each issuer had a no-gap sequence per year, coded ``hoctap.certificate.<issuer>.<year>``.
Now each issuer has one no-gap sequence ``hoctap.certificate.<issuer>`` with ``use_date_range`` and
the prefix ``<issuer code>/%(range_year)s/``; each old sequence becomes the date range of its year,
starting at the old sequence's next number, so the numbering continues without a gap or a repeat.
The old sequences are archived (kept for history).

Donations, awards and dues collections (numbered ``UH/KT/HP/<year>/…``) restart each year with a
date range per year; the current year's range starts at the number the sequence had reached, so this
year's numbering continues.
"""

import re
from datetime import date

from odoo import SUPERUSER_ID, api

FUND_SEQUENCES = (
    "congdan_hoctap.seq_hoctap_donation",
    "congdan_hoctap.seq_hoctap_award",
    "congdan_hoctap.seq_hoctap_dues_collection",
)

OLD_CODE = re.compile(r"^hoctap\.certificate\.(\d+)\.(\d+)$")


def migrate(cr, version):
    if not version:
        return
    _migrate_certificate_sequences(cr)
    _migrate_fund_sequences(cr)


def _migrate_fund_sequences(cr):
    env = api.Environment(cr, SUPERUSER_ID, {})
    year = date.today().year
    for xmlid in FUND_SEQUENCES:
        sequence = env.ref(xmlid, raise_if_not_found=False)
        if not sequence or sequence.use_date_range:
            continue
        next_number = sequence.number_next_actual
        prefix = (sequence.prefix or "").replace("%(year)s", "%(range_year)s")
        sequence.write({"use_date_range": True, "prefix": prefix})
        env["ir.sequence.date_range"].create(
            {
                "sequence_id": sequence.id,
                "date_from": date(year, 1, 1),
                "date_to": date(year, 12, 31),
                "number_next": next_number,
                "number_next_actual": next_number,
            }
        )


def _migrate_certificate_sequences(cr):
    cr.execute(
        """
        SELECT id, code, number_next, company_id
          FROM ir_sequence
         WHERE code ~ '^hoctap\\.certificate\\.[0-9]+\\.[0-9]+$'
      ORDER BY id
        """
    )
    rows = cr.fetchall()
    issuers = {}
    for old_id, code, number_next, company_id in rows:
        issuer_id, year = (int(part) for part in OLD_CODE.match(code).groups())
        if issuer_id not in issuers:
            cr.execute("SELECT code FROM hoctap_association WHERE id = %s", [issuer_id])
            association = cr.fetchone()
            if not association:
                continue
            issuers[issuer_id] = _issuer_sequence(cr, issuer_id, association[0], company_id)
        cr.execute(
            """
            INSERT INTO ir_sequence_date_range (sequence_id, date_from, date_to, number_next,
                                                create_uid, write_uid, create_date, write_date)
            SELECT %(sequence)s, %(date_from)s, %(date_to)s, %(number_next)s, 1, 1,
                   now() at time zone 'UTC', now() at time zone 'UTC'
             WHERE NOT EXISTS (SELECT 1 FROM ir_sequence_date_range
                                WHERE sequence_id = %(sequence)s AND date_from = %(date_from)s)
            """,
            {
                "sequence": issuers[issuer_id],
                "date_from": f"{year}-01-01",
                "date_to": f"{year}-12-31",
                "number_next": number_next,
            },
        )
        cr.execute("UPDATE ir_sequence SET active = false WHERE id = %s", [old_id])


def _issuer_sequence(cr, issuer_id, association_code, company_id):
    code = f"hoctap.certificate.{issuer_id}"
    cr.execute("SELECT id FROM ir_sequence WHERE code = %s", [code])
    row = cr.fetchone()
    if row:
        return row[0]
    cr.execute(
        """
        INSERT INTO ir_sequence (name, code, implementation, prefix, padding, number_next, number_increment,
                                 use_date_range, active, company_id, create_uid, write_uid,
                                 create_date, write_date)
        VALUES (%(name)s, %(code)s, 'no_gap', %(prefix)s, 5, 1, 1, true, true, %(company)s, 1, 1,
                now() at time zone 'UTC', now() at time zone 'UTC')
        RETURNING id
        """,
        {
            "name": f"Certificates {association_code}",
            "code": code,
            "prefix": f"{association_code}/%(range_year)s/",
            "company": company_id,
        },
    )
    return cr.fetchone()[0]
