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
import sys
import time

COMMUNES = int(os.environ.get("BENCH_COMMUNES", 100))
BRANCHES = int(os.environ.get("BENCH_BRANCHES", 20))
MEMBERS = int(os.environ.get("BENCH_MEMBERS", 1_000_000))

sys.path.insert(0, os.environ.get("BENCH_DIR", "bench"))
from _province import build_province, timed, vacuum  # noqa: E402

cr = env.cr  # noqa: F821 (odoo shell)
Association = env["hoctap.association"]  # noqa: F821
company = env.company  # noqa: F821

t0 = time.perf_counter()
province, communes, branches, partner_ids = build_province(
    env, "BENCH", COMMUNES, BRANCHES, MEMBERS, year=2025, population=3 * MEMBERS
)  # noqa: F821
# A live database is vacuumed by autovacuum; do the same so index-only scans see a visibility map.
vacuum(env, "hoctap_membership", "hoctap_association")  # noqa: F821
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
    "sql_province": timed(env, sql_province),
    "naive_province": timed(env, naive_province),
    "sql_page80": timed(env, sql_page),
    "naive_page80": timed(env, naive_page, repeat=1),
}
rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

print(
    f"dataset: 1 province, {COMMUNES} communes, {COMMUNES * BRANCHES} branches, {MEMBERS:,} memberships "
    f"(built in {build:.1f} s)"
)
for key, value in results.items():
    print(f"{key:16s} {value * 1000:10.1f} ms")
print(f"ratio naive/sql, province:      {results['naive_province'] / results['sql_province']:.1f}x")
print(f"ratio naive/sql, 80-row page:   {results['naive_page80'] / results['sql_page80']:.1f}x")
print(
    f"peak RSS growth while measuring: {(rss_after - rss_before) / 1024:.1f} MiB "
    f"(process peak {rss_after / 1024:.0f} MiB)"
)
# the database is dropped by bench/run.sh
