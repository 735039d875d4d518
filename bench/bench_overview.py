"""Benchmark: the overview (``hoctap.association.get_overview_data``) of a province of 1,000,000 members.

Run inside ``odoo-bin shell`` (see bench/run.sh; BENCH_SMOKE gives tiny sizes). Builds, with
set-based SQL, one province, COMMUNES communes with BRANCHES branches each, MEMBERS memberships
(persons with a gender, an occupation group and a year of birth, stored on the membership) and
EVALUATIONS evaluations of the year spread over the branches and the workflow states; then measures, as a province
officer
(record rules applied, as in the web client):

- ``get_overview_data`` for the province and for one commune: every tile and chart in one call;
- the raw SQL GROUP BY computing the same member and evaluation figures over ``parent_path``,
  the floor the ORM path is compared with;

checks that both give the same figures and reports the times (target: province under 1 s).
"""

import os
import sys
import time

from odoo import fields

COMMUNES = int(os.environ.get("BENCH_COMMUNES", 100))
BRANCHES = int(os.environ.get("BENCH_BRANCHES", 20))
MEMBERS = int(os.environ.get("BENCH_MEMBERS", 1_000_000))
EVALUATIONS = int(os.environ.get("BENCH_EVALUATIONS", MEMBERS // 10))

sys.path.insert(0, os.environ.get("BENCH_DIR", "bench"))
from _province import build_province, timed, vacuum  # noqa: E402

cr = env.cr  # noqa: F821 (odoo shell)
Association = env["hoctap.association"]  # noqa: F821
company = env.company  # noqa: F821
YEAR = fields.Date.today().year
STATES = ["registered", "self_assessed", "submitted", "reviewed", "verified", "recognised", "not_recognised"]

# ---- Build ----
t0 = time.perf_counter()
province, communes, branches, partner_ids = build_province(
    env,
    "BENCHOV",
    COMMUNES,
    BRANCHES,
    MEMBERS,
    personal=True,
    year=YEAR,
    population=3 * MEMBERS,  # noqa: F821
    number_prefix="OV",
)
branch_ids = branches.ids
criteria_set = env["hoctap.criteria.set"].search([("model_type", "=", "citizen")], limit=1)  # noqa: F821
cr.execute(
    """
    INSERT INTO hoctap_evaluation (name, model_type, year, association_id, company_id, partner_id, set_id, state,
                                   date_registered, create_date, write_date)
    SELECT 'ĐG ' || p.n, 'citizen', %(year)s, (%(branches)s)[1 + (p.n %% %(nb)s)], %(company)s, p.id, %(set)s,
           (%(states)s)[1 + p.n %% %(ns)s], %(today)s, now(), now()
      FROM unnest(%(partners)s) WITH ORDINALITY AS p(id, n)
    """,
    {
        "year": YEAR,
        "branches": branch_ids,
        "nb": len(branch_ids),
        "company": company.id,
        "set": criteria_set.id,
        "states": STATES,
        "ns": len(STATES),
        "partners": partner_ids[:EVALUATIONS],
        "today": fields.Date.today(),
    },
)
vacuum(env, "res_partner", "hoctap_membership", "hoctap_evaluation", "hoctap_association")  # noqa: F821
build = time.perf_counter() - t0

officer = env["res.users"].create(
    {  # noqa: F821
        "name": "Cán bộ tỉnh bench",
        "login": f"bench_overview_{province.id}",
        "groups_id": [(6, 0, env.ref("congdan_hoctap.group_officer").ids)],  # noqa: F821
        "hoctap_association_ids": [(6, 0, province.ids)],
    }
)
OfficerAssociation = Association.with_user(officer)


# ---- The two paths ----
def overview(association):
    return OfficerAssociation.get_overview_data(association.id, YEAR)


def raw_sql(association):
    """The same member and evaluation figures, straight GROUP BYs over parent_path (no rules, no ORM)."""
    prefix = association.parent_path + "%"
    cr.execute(
        """
        SELECT m.gender, m.occupation_group,
               CASE WHEN %(year)s - m.birth_year BETWEEN 0 AND 15 THEN 'under_16'
                    WHEN %(year)s - m.birth_year BETWEEN 16 AND 35 THEN '16_35'
                    WHEN %(year)s - m.birth_year BETWEEN 36 AND 60 THEN '36_60'
                    WHEN %(year)s - m.birth_year > 60 THEN 'over_60' END,
               count(*)
          FROM hoctap_membership m
          JOIN hoctap_association a ON a.id = m.association_id
         WHERE a.parent_path LIKE %(prefix)s AND m.state = 'active'
         GROUP BY GROUPING SETS ((), (1), (2), (3))
        """,
        {"prefix": prefix, "year": YEAR},
    )
    members = cr.fetchall()
    cr.execute(
        """
        SELECT split_part(a.parent_path, '/', %(depth)s), e.state, count(*)
          FROM hoctap_evaluation e JOIN hoctap_association a ON a.id = e.association_id
         WHERE a.parent_path LIKE %(prefix)s AND e.year = %(year)s
         GROUP BY 1, 2
        """,
        {"prefix": prefix, "year": YEAR, "depth": association.parent_path.count("/") + 1},
    )
    return members, cr.fetchall()


def figures(data):
    tiles = {tile["key"]: tile["value"] for tile in data["tiles"]}
    return tiles["members"], sum(tiles[f"evaluation_{state}"] for state in STATES)


commune = communes[0]
data = overview(province)
members, evaluations = raw_sql(province)
total_members = next(row[-1] for row in members if row[:3] == (None, None, None))
assert figures(data) == (total_members, sum(row[-1] for row in evaluations)), (figures(data), total_members)
assert total_members == MEMBERS - MEMBERS // 10
by_state = {}
for _child, state, count in evaluations:
    by_state[state] = by_state.get(state, 0) + count
assert all({t["key"]: t["value"] for t in data["tiles"]}[f"evaluation_{s}"] == by_state.get(s, 0) for s in STATES)

results = {
    "overview_province": timed(env, lambda: overview(province)),
    "raw_sql_province": timed(env, lambda: raw_sql(province)),
    "overview_commune": timed(env, lambda: overview(commune)),
    "raw_sql_commune": timed(env, lambda: raw_sql(commune)),
}
print(
    f"dataset: 1 province, {COMMUNES} communes, {COMMUNES * BRANCHES} branches, {MEMBERS:,} memberships, "
    f"{EVALUATIONS:,} evaluations of {YEAR} (built in {build:.1f} s)"
)
for key, value in results.items():
    print(f"{key:18s} {value * 1000:10.1f} ms")
print(
    f"overview/raw SQL, province: {results['overview_province'] / results['raw_sql_province']:.1f}x; "
    f"target < 1 s: {'met' if results['overview_province'] < 1 else 'NOT MET'}"
)
# the database is dropped by bench/run.sh
