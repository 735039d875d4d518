"""Benchmark: streamed XLSX exports of 1,000,000 rows stay under 300 MB of resident memory.

Run inside ``odoo-bin shell`` (see bench/run.sh; BENCH_SMOKE gives tiny sizes). Each export runs in a
fresh child process (so its peak RSS is its own): the child loads the registry, builds ROWS
memberships (or evaluations, or donations to one fund) with set-based SQL in its transaction, exports them
through the addon's one XLSX path (``tools/xlsx.py``: id-ordered chunks, ``constant_memory``, temporary file,
attachment),
reports the time, the file size and its peak RSS (``ru_maxrss``), and rolls back.
"""

import json
import os
import subprocess
import sys

ROWS = int(os.environ.get("BENCH_EXPORT_ROWS", 1_000_000))
LIMIT_MIB = 300e6 / 2**20  # the 300 MB, in MiB (286.1)

CHILD = r'''
import json, os, resource, sys, time
sys.path.insert(0, os.environ.get("BENCH_DIR", "bench"))
import odoo
from odoo import SUPERUSER_ID, api, fields
odoo.tools.config.parse_config(["-d", sys.argv[1], "--addons-path", sys.argv[2], "--log-level", "warn"])
from _province import build_tree, insert_memberships, insert_persons, peak_rss_mib, persons_above
kind, rows = sys.argv[3], int(sys.argv[4])
registry = odoo.modules.registry.Registry(sys.argv[1])
with registry.cursor() as cr:
    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
    branches_per_commune = 10
    province, communes, branches = build_tree(env, "BEXP", 10, branches_per_commune)
    # the rows built in SQL alone: no million ids in this process, whose peak RSS is the export's
    cr.execute("SELECT max(id) FROM res_partner")
    floor = cr.fetchone()[0]
    insert_persons(env, rows, personal=True, returning=False)
    insert_memberships(env, None, branches.ids, number_prefix="EX", personal=True, above=floor)
    persons = persons_above(floor)
    if kind == "evaluations":
        criteria_set = env["hoctap.criteria.set"].search([("model_type", "=", "citizen")], limit=1)
        cr.execute("""
            INSERT INTO hoctap_evaluation (name, model_type, year, association_id, company_id, partner_id, set_id,
                                           state, date_registered, create_date, write_date)
            SELECT 'ĐG ' || p.n, 'citizen', 2026, (%(branches)s)[1 + (p.n %% %(nb)s)], %(company)s, p.id, %(set)s,
                   'registered', now(), now(), now()
              FROM """ + persons,
            {"branches": branches.ids, "nb": len(branches), "company": env.company.id, "set": criteria_set.id})
    if kind == "donations":
        fund = env["hoctap.fund"].create({"name": "Quỹ bench xuất", "code": "BEXPF", "association_id": communes[0].id})
        cr.execute("""
            INSERT INTO hoctap_donation (name, fund_id, association_id, company_id, partner_id, date, amount, method,
                                         state, anonymous, create_date, write_date)
            SELECT 'QG/2026/' || lpad(p.n::text, 7, '0'), %(fund)s, %(association)s, %(company)s, p.id,
                   DATE '2026-01-01' + (p.n %% 365)::int, 100000 + (p.n %% 50) * 10000, 'cash', 'confirmed',
                   p.n %% 7 = 0, now(), now()
              FROM """ + persons,
            {"fund": fund.id, "association": communes[0].id, "company": env.company.id})
    # statistics of what was just built, as autovacuum keeps them on a live database (without them the
    # planner sorts the whole province for each chunk of the keyset pagination)
    for table in ("res_partner", "hoctap_membership", "hoctap_evaluation", "hoctap_donation", "hoctap_association"):
        cr.execute(f"ANALYZE {table}")
    env.invalidate_all()
    before = peak_rss_mib()
    start = time.perf_counter()
    if kind == "members":
        action = env["hoctap.membership"]._hoctap_export_xlsx([("association_id", "child_of", province.id)])
    elif kind == "donations":
        action = env["hoctap.donation"]._hoctap_export_xlsx([("fund_id", "=", fund.id)])
    else:
        wizard = env["hoctap.evaluation.export"].create({"association_id": province.id, "year": 2026})
        action = wizard.with_context(hoctap_job_inline=True).action_export()
    elapsed = time.perf_counter() - start
    attachment = env["ir.attachment"].browse(int(action["url"].split("/")[-1].split("?")[0]))
    print(json.dumps({"kind": kind, "rows": rows, "seconds": elapsed, "file_mib": attachment.file_size / 2**20,
                      "rss_before_mib": before, "peak_rss_mib": peak_rss_mib()}))
    cr.rollback()
'''


def run_child(kind):
    config = odoo.tools.config  # noqa: F821 (odoo shell)
    result = subprocess.run(
        [sys.executable, "-c", CHILD, env.cr.dbname, config["addons_path"], kind, str(ROWS)],  # noqa: F821
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ),
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode or not lines:
        print(result.stdout[-3000:], result.stderr[-3000:])
        raise SystemExit(f"export child for {kind} failed")
    return json.loads(lines[-1])


import odoo  # noqa: E402

failed = False
for kind in ("members", "evaluations", "donations"):
    figures = run_child(kind)
    ok = figures["peak_rss_mib"] < LIMIT_MIB
    failed |= not ok
    print(
        f"export {kind:12s} {figures['rows']:>9,} rows: {figures['seconds']:7.1f} s, "
        f"file {figures['file_mib']:6.1f} MiB, "
        f"peak RSS {figures['peak_rss_mib']:6.0f} MiB (registry loaded: {figures['rss_before_mib']:.0f} MiB; "
        f"limit 300 MB = {LIMIT_MIB:.0f} MiB) {'OK' if ok else 'OVER'}"
    )
if failed and not os.environ.get("BENCH_SMOKE"):
    print("peak RSS over the limit")
