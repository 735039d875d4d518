# Builds the bench province in the load test's database (run inside `odoo-bin shell`, see run_load.sh,
# LOAD_PROVINCE_MEMBERS): one province (code LOADBIG<memberships>) of LOAD_PROVINCE_COMMUNES communes with
# LOAD_PROVINCE_BRANCHES branches each and LOAD_PROVINCE_MEMBERS memberships (set-based SQL, as the benchmarks
# build it), and this year's draft statistics report of every association of it, which the province-wide
# refresh job then refreshes during a load step. Idempotent: an existing province of that code is kept.
import os
import sys

from odoo import fields

sys.path.insert(0, os.path.join(os.environ["ROOT"], "bench"))
from _province import build_province, vacuum  # noqa: E402

env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))  # noqa: F821
Association = env["hoctap.association"]
Statistic = env["hoctap.statistic"]
year = fields.Date.today().year
members = int(os.environ.get("LOAD_PROVINCE_MEMBERS", "1000000"))
code = f"LOADBIG{members}"
province = Association.search([("code", "=", code), ("level", "=", "province")], limit=1)
if not province:
    province, _communes, _branches, _partners = build_province(
        env,
        code,
        int(os.environ.get("LOAD_PROVINCE_COMMUNES", "100")),
        int(os.environ.get("LOAD_PROVINCE_BRANCHES", "20")),
        members,
        personal=True,
        year=year,
        population=3 * members,
        number_prefix="LB",
    )
    subtree = Association.search([("id", "child_of", province.id)])
    Statistic.create([{"association_id": association.id, "year": year} for association in subtree])
    vacuum(env, "res_partner", "hoctap_membership", "hoctap_association", "hoctap_statistic_line")
count = env["hoctap.membership"].search_count([("association_id", "child_of", province.id)])
reports = Statistic.search_count([("association_id", "child_of", province.id), ("year", "=", year)])
env.cr.commit()
print(f"bench province {province.name}: {count} memberships, {reports} reports of {year}")
