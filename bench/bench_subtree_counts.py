"""Benchmark: subtree counts of hoctap.association on a province of 1,000,000 members.

Run inside ``odoo-bin shell`` (see bench/run.sh). Builds, with set-based SQL, one province,
COMMUNES communes and BRANCHES branches per commune, and MEMBERS memberships spread over the
branches; then measures, in one run:

- the SQL path the addon uses (``member_count``, ``branch_count``, ``sub_association_count``,
  ``member_ratio``: one query per batch over ``parent_path``) for the province and for a list page
  of 80 communes;
- the naive ORM path (one ``search_count`` with ``child_of`` per association and per figure);

and reports the times, their ratio and the peak memory of the computing process.
"""
import os
import resource
import time

import odoo

COMMUNES = int(os.environ.get("BENCH_COMMUNES", 100))
BRANCHES = int(os.environ.get("BENCH_BRANCHES", 20))
MEMBERS = int(os.environ.get("BENCH_MEMBERS", 1_000_000))

cr = env.cr  # noqa: F821 (odoo shell)
Association = env["hoctap.association"]  # noqa: F821
company = env.company  # noqa: F821


def timed(fn, repeat=3):
    best = None
    for _ in range(repeat):
        env.invalidate_all()  # noqa: F821
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


t0 = time.perf_counter()
province = Association.create({"name": "Tỉnh bench", "code": "BENCH", "level": "province"})
communes = Association.create(
    [{"name": f"Xã {i}", "code": f"X{i}", "level": "commune", "parent_id": province.id} for i in range(COMMUNES)]
)
branches = Association.create(
    [
        {"name": f"Chi hội {c.code}-{j}", "code": f"B{j}", "level": "branch", "branch_kind": "village",
         "parent_id": c.id}
        for c in communes
        for j in range(BRANCHES)
    ]
)
env["hoctap.population"].create({"association_id": province.id, "year": 2025, "population": 3 * MEMBERS})  # noqa: F821
Association.flush_model()
branch_ids = branches.ids
# Persons are copies of one made by the ORM, so every column another module adds is filled as it would be.
template = env["res.partner"].create({"name": "Hội viên mẫu"})  # noqa: F821
template.flush_recordset()
cr.execute(
    """SELECT column_name FROM information_schema.columns
        WHERE table_name = 'res_partner' AND column_name NOT IN ('id', 'name', 'complete_name')"""
)
columns = ", ".join(f'"{row[0]}"' for row in cr.fetchall())
cr.execute(
    f"""
    INSERT INTO res_partner (name, complete_name, {columns})
    SELECT 'Hội viên ' || g, 'Hội viên ' || g, {columns}
      FROM generate_series(1, %(n)s) g, (SELECT * FROM res_partner WHERE id = %(template)s) t
    RETURNING id
    """,
    {"n": MEMBERS, "template": template.id},
)
partner_ids = [row[0] for row in cr.fetchall()]
cr.execute(
    """
    INSERT INTO hoctap_membership (partner_id, association_id, company_id, member_type, number,
                                   date_join, state, create_date, write_date)
    SELECT p.id, (%(branches)s)[1 + (p.n %% %(nb)s)], %(company)s, 'individual', 'N' || p.n,
           DATE '2015-01-01' + (p.n %% 3000)::int, CASE WHEN p.n %% 10 = 0 THEN 'left' ELSE 'active' END,
           now(), now()
      FROM unnest(%(partners)s) WITH ORDINALITY AS p(id, n)
    """,
    {"branches": branch_ids, "nb": len(branch_ids), "company": company.id, "partners": partner_ids},
)
# A live database is vacuumed by autovacuum; do the same so index-only scans see a visibility map.
cr.commit()
with odoo.sql_db.db_connect(cr.dbname).cursor() as maintenance:  # noqa: F821
    maintenance._cnx.autocommit = True
    maintenance.execute("VACUUM ANALYZE hoctap_membership")
    maintenance.execute("VACUUM ANALYZE hoctap_association")
build = time.perf_counter() - t0
page = communes[:80]


def sql_province():
    p = Association.browse(province.id)
    return p.member_count, p.branch_count, p.sub_association_count, p.member_ratio


def sql_page():
    records = Association.browse(page.ids)
    return [(r.member_count, r.branch_count, r.sub_association_count, r.member_ratio) for r in records]


Membership = env["hoctap.membership"]  # noqa: F821


def naive(records):
    out = []
    for r in records:
        members = Membership.search_count([("association_id", "child_of", r.id), ("state", "=", "active")])
        subs = Association.search_count([("id", "child_of", r.id), ("id", "!=", r.id)])
        branches_ = Association.search_count([("id", "child_of", r.id), ("level", "=", "branch")])
        out.append((members, subs, branches_))
    return out


def naive_province():
    return naive(Association.browse(province.id))


def naive_page():
    return naive(Association.browse(page.ids))


# the two paths agree
assert sql_province()[:3] == (MEMBERS - MEMBERS // 10, COMMUNES * BRANCHES, COMMUNES * (BRANCHES + 1)), sql_province()
assert [row[0] for row in sql_page()] == [row[0] for row in naive_page()]

rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
results = {
    "sql_province": timed(sql_province),
    "naive_province": timed(naive_province),
    "sql_page80": timed(sql_page),
    "naive_page80": timed(naive_page, repeat=1),
}
rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

print(f"dataset: 1 province, {COMMUNES} communes, {COMMUNES * BRANCHES} branches, {MEMBERS:,} memberships "
      f"(built in {build:.1f} s)")
for key, value in results.items():
    print(f"{key:16s} {value * 1000:10.1f} ms")
print(f"ratio naive/sql, province:      {results['naive_province'] / results['sql_province']:.1f}x")
print(f"ratio naive/sql, 80-row page:   {results['naive_page80'] / results['sql_page80']:.1f}x")
print(f"peak RSS growth while measuring: {(rss_after - rss_before) / 1024:.1f} MiB "
      f"(process peak {rss_after / 1024:.0f} MiB)")
# the database is dropped by bench/run.sh
