"""Benchmark: the overview (``hoctap.association.get_overview_data``) of a province of 1,000,000 members.

Run inside ``odoo-bin shell`` (see bench/run.sh; BENCH_SMOKE gives tiny sizes). Builds, with
set-based SQL, one province, COMMUNES communes with BRANCHES branches each, MEMBERS memberships
(persons with a gender, an occupation group and a year of birth, stored on the membership)
and EVALUATIONS evaluations of the year spread over the branches and the workflow states; then
measures, as a province officer (record rules applied, as in the web client):

- ``get_overview_data`` for the province and for one commune: every tile and chart in one call;
- the raw SQL GROUP BY computing the same member and evaluation figures over ``parent_path``,
  the floor the ORM path is compared with;

checks that both give the same figures and reports the times (target: province under 1 s).
"""
import os
import time

import odoo
from odoo import fields

COMMUNES = int(os.environ.get("BENCH_COMMUNES", 100))
BRANCHES = int(os.environ.get("BENCH_BRANCHES", 20))
MEMBERS = int(os.environ.get("BENCH_MEMBERS", 1_000_000))
EVALUATIONS = int(os.environ.get("BENCH_EVALUATIONS", MEMBERS // 10))

cr = env.cr  # noqa: F821 (odoo shell)
Association = env["hoctap.association"]  # noqa: F821
company = env.company  # noqa: F821
YEAR = fields.Date.today().year
STATES = ["registered", "self_assessed", "submitted", "reviewed", "verified", "recognised", "not_recognised"]


def timed(fn, repeat=3):
    best = None
    for _ in range(repeat):
        env.invalidate_all()  # noqa: F821
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


# ---- Build ----
t0 = time.perf_counter()
province = Association.create({"name": "Tỉnh bench tổng quan", "code": "BENCHOV", "level": "province"})
communes = Association.create(
    [{"name": f"Xã {i:03d}", "code": f"X{i}", "level": "commune", "parent_id": province.id} for i in range(COMMUNES)]
)
branches = Association.create([
    {"name": f"Chi hội {c.code}-{j}", "code": f"B{j}", "level": "branch", "branch_kind": "village",
     "parent_id": c.id}
    for c in communes for j in range(BRANCHES)
])
env["hoctap.population"].create(  # noqa: F821
    [{"association_id": province.id, "year": YEAR, "population": 3 * MEMBERS}]
    + [{"association_id": c.id, "year": YEAR, "population": 3 * MEMBERS // COMMUNES + i} for i,
        c in enumerate(communes)]
)
Association.flush_model()
branch_ids = branches.ids
template = env["res.partner"].create({"name": "Hội viên mẫu"})  # noqa: F821
template.flush_recordset()
personal = ("gender", "birth_year", "occupation_group")
cr.execute(
    """SELECT column_name FROM information_schema.columns
        WHERE table_name = 'res_partner' AND column_name NOT IN ('id', 'name', 'complete_name')
          AND column_name NOT IN %s""", [personal],
)
columns = ", ".join(f'"{row[0]}"' for row in cr.fetchall())
cr.execute(
    f"""
    INSERT INTO res_partner (name, complete_name, gender, birth_year, occupation_group, {columns})
    SELECT 'Hội viên ' || g, 'Hội viên ' || g,
           CASE WHEN g %% 2 = 0 THEN 'female' ELSE 'male' END, 1930 + (g %% 90),
           (ARRAY['farmer', 'worker', 'official', 'student', 'retired'])[1 + g %% 5], {columns}
      FROM generate_series(1, %(n)s) g, (SELECT * FROM res_partner WHERE id = %(template)s) t
    RETURNING id
    """,
    {"n": MEMBERS, "template": template.id},
)
partner_ids = [row[0] for row in cr.fetchall()]
cr.execute(
    """
    INSERT INTO hoctap_membership (partner_id, association_id, company_id, member_type, number, date_join, state,
                                   gender, occupation_group, birth_year, create_date, write_date)
    SELECT p.id, (%(branches)s)[1 + (p.n %% %(nb)s)], %(company)s, 'individual', 'OV' || p.n,
           DATE '2015-01-01' + (p.n %% 3000)::int, CASE WHEN p.n %% 10 = 0 THEN 'left' ELSE 'active' END,
           person.gender, person.occupation_group, person.birth_year, now(), now()
      FROM unnest(%(partners)s) WITH ORDINALITY AS p(id, n)
      JOIN res_partner person ON person.id = p.id
    """,
    {"branches": branch_ids, "nb": len(branch_ids), "company": company.id, "partners": partner_ids},
)
criteria_set = env["hoctap.criteria.set"].search([("model_type", "=", "citizen")], limit=1)  # noqa: F821
cr.execute(
    """
    INSERT INTO hoctap_evaluation (name, model_type, year, association_id, company_id, partner_id, set_id, state,
                                   date_registered, create_date, write_date)
    SELECT 'ĐG ' || p.n, 'citizen', %(year)s, (%(branches)s)[1 + (p.n %% %(nb)s)], %(company)s, p.id, %(set)s,
           (%(states)s)[1 + p.n %% %(ns)s], %(today)s, now(), now()
      FROM unnest(%(partners)s) WITH ORDINALITY AS p(id, n)
    """,
    {"year": YEAR, "branches": branch_ids, "nb": len(branch_ids), "company": company.id, "set": criteria_set.id,
     "states": STATES, "ns": len(STATES), "partners": partner_ids[:EVALUATIONS], "today": fields.Date.today()},
)
cr.commit()
with odoo.sql_db.db_connect(cr.dbname).cursor() as maintenance:
    maintenance._cnx.autocommit = True
    for table in ("res_partner", "hoctap_membership", "hoctap_evaluation", "hoctap_association"):
        maintenance.execute(f"VACUUM ANALYZE {table}")
build = time.perf_counter() - t0

officer = env["res.users"].create({  # noqa: F821
    "name": "Cán bộ tỉnh bench", "login": f"bench_overview_{province.id}",
    "groups_id": [(6, 0, env.ref("congdan_hoctap.group_officer").ids)],  # noqa: F821
    "hoctap_association_ids": [(6, 0, province.ids)],
})
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
    "overview_province": timed(lambda: overview(province)),
    "raw_sql_province": timed(lambda: raw_sql(province)),
    "overview_commune": timed(lambda: overview(commune)),
    "raw_sql_commune": timed(lambda: raw_sql(commune)),
}
print(f"dataset: 1 province, {COMMUNES} communes, {COMMUNES * BRANCHES} branches, {MEMBERS:,} memberships, "
      f"{EVALUATIONS:,} evaluations of {YEAR} (built in {build:.1f} s)")
for key, value in results.items():
    print(f"{key:18s} {value * 1000:10.1f} ms")
print(f"overview/raw SQL, province: {results['overview_province'] / results['raw_sql_province']:.1f}x; "
      f"target < 1 s: {'met' if results['overview_province'] < 1 else 'NOT MET'}")
# the database is dropped by bench/run.sh
