"""What an upgrade must keep, read from a congdan_hoctap database (run inside ``odoo-bin shell``).

Imported by seed.py (before the upgrade) and check.py (after it): the same figures, read the same
way, must come out equal. Only fields that exist in every release from the baseline on are read.
"""


def _rows(env, model, fields):
    records = env[model].with_context(active_test=False).search([], order="id")
    return {str(rec.id): [_plain(rec[name]) for name in fields] for rec in records}


def _plain(value):
    if hasattr(value, "_name"):
        return value.ids
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def snapshot(env):
    env = env(context=dict(env.context, active_test=False))
    models = [
        name
        for name in sorted(env.registry)
        if name.startswith("hoctap.") and not env[name]._transient and not env[name]._abstract and env[name]._auto
    ]
    records = {name: env[name].search([], order="id").ids for name in models}
    # shipped data (an xmlid of the addon): a release may replace what no record uses with its new version
    shipped = {
        name: env["ir.model.data"].search([("module", "=", "congdan_hoctap"), ("model", "=", name)]).mapped("res_id")
        for name in models
    }
    env.cr.execute("""
        SELECT l.account_id, SUM(l.debit)::numeric(20, 2)::text, SUM(l.credit)::numeric(20, 2)::text, COUNT(*)
          FROM account_move_line l
          JOIN account_move m ON m.id = l.move_id AND m.state = 'posted'
         GROUP BY l.account_id ORDER BY l.account_id
    """)
    ledger = [list(row) for row in env.cr.fetchall()]
    return {
        "records": records,
        "shipped": shipped,
        "persons": {
            str(p.id): [p.name, p.citizen_id, p.birth_year]
            for p in env["res.partner"].search([("citizen_id", "!=", False)], order="id")
        },
        "memberships": _rows(
            env,
            "hoctap.membership",
            ["number", "state", "partner_id", "association_id", "date_join", "date_leave", "previous_membership_id"],
        ),
        "member_counts": {str(a.id): a.member_count for a in env["hoctap.association"].search([], order="id")},
        "certificates": {
            str(e.id): [
                e.state,
                e.certificate_number,
                e.sudo().certificate_token,
                e.certificate_holder,
                e.year,
                e.partner_id.id,
                e.recognition_id.id,
            ]
            for e in env["hoctap.evaluation"].search([("certificate_number", "!=", False)], order="id")
        },
        "evaluations": _rows(
            env,
            "hoctap.evaluation",
            ["state", "year", "partner_id", "association_id", "set_id", "self_total", "verified_total", "passed"],
        ),
        "decisions": _rows(env, "hoctap.recognition", ["name", "state", "association_id", "year"]),
        "funds": {
            str(f.id): [f.balance, f.amount_raised, f.amount_spent] for f in env["hoctap.fund"].search([], order="id")
        },
        "donations": _rows(env, "hoctap.donation", ["name", "state", "amount", "move_id"]),
        "awards": _rows(env, "hoctap.award", ["name", "state", "amount", "move_id"]),
        "ledger": ledger,
        "statistics": {
            str(s.id): [
                s.state,
                s.year,
                s.association_id.id,
                sorted([line.indicator, line.value] for line in s.line_ids),
            ]
            for s in env["hoctap.statistic"].search([], order="id")
        },
    }
