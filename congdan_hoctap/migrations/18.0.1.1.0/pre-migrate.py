# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def migrate(cr, version):
    """18.0.1.1.0: new stored consent fields on every contact, created with their value.

    No consent exists before this version, so every contact's consent state is 'none' and nobody
    has given a sensitive-data consent: creating the columns with those values spares Odoo a
    recompute over the whole contact table (millions of rows in a province).
    """
    if not version:
        return
    cr.execute("""
        ALTER TABLE res_partner
            ADD COLUMN IF NOT EXISTS hoctap_consent_state varchar DEFAULT 'none',
            ADD COLUMN IF NOT EXISTS hoctap_sensitive_consent boolean DEFAULT false,
            ADD COLUMN IF NOT EXISTS hoctap_anonymised boolean DEFAULT false
    """)
    cr.execute("""
        ALTER TABLE res_partner
            ALTER COLUMN hoctap_consent_state DROP DEFAULT,
            ALTER COLUMN hoctap_sensitive_consent DROP DEFAULT,
            ALTER COLUMN hoctap_anonymised DROP DEFAULT
    """)
    _membership_birth_year(cr)


def _membership_birth_year(cr):
    """The member's year of birth is now stored on the membership (age bands in the overview): fill it
    in one statement rather than letting the ORM recompute a related field over every membership."""
    cr.execute("ALTER TABLE hoctap_membership ADD COLUMN IF NOT EXISTS birth_year integer")
    cr.execute("""
        UPDATE hoctap_membership m SET birth_year = p.birth_year
          FROM res_partner p
         WHERE p.id = m.partner_id AND p.birth_year IS NOT NULL AND m.birth_year IS NULL
    """)
