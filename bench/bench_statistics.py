"""Benchmark: each figure of the statistics report and of the overview vs the raw SQL ``GROUP BY`` computing it.

Run inside ``odoo-bin shell`` (see bench/run.sh; BENCH_SMOKE gives tiny sizes). Builds, with set-based SQL,
the bench province (COMMUNES communes of BRANCHES branches, MEMBERS memberships, EVALUATIONS evaluations of
the year spread over the models, the states and the citizens' form groups), then measures, one figure at a
time and with the ORM cache emptied before each run (the ORM and the raw SQL in turn, best of five each):

- the statistics report of the province: each registry source (``_get_*_figures``, as the refresh calls it,
  as superuser like the refresh) and the whole refresh (``_refresh_figures``: scope, every source, the lines
  written), against the raw SQL over ``parent_path`` giving the same figures;
- the overview of the province, as a province officer (record rules applied): each tile and chart group
  against its raw SQL.

Every pair is checked to give the same figures before it is timed. The goal is the ORM within 2x of the raw
SQL for each figure; the table prints the ratio and whether it is met. Commits what it builds to VACUUM it (run
it on a throwaway database, as bench/run.sh does by default).

``BENCH_REUSE=1`` (with ``BENCH_DB``) reuses the bench province a previous run committed there instead of
building another (the build takes minutes at a million memberships). ``BENCH_REPORTS=1`` adds the
province-wide refresh: this year's draft report of every association below the province (created once and
committed, as bench/load/province.py builds them), then all of them refreshed in the jobs' chunks — once as
they are (figures unchanged, as a refresh mostly finds them) and once with every computed figure off by one
(each written back; rolled back at the end) — timed once each: wall, CPU of Odoo and of its PostgreSQL backend.
"""

import os
import sys
import time

from odoo import fields

COMMUNES = int(os.environ.get("BENCH_COMMUNES", 100))
BRANCHES = int(os.environ.get("BENCH_BRANCHES", 20))
MEMBERS = int(os.environ.get("BENCH_MEMBERS", 1_000_000))
EVALUATIONS = int(os.environ.get("BENCH_EVALUATIONS", MEMBERS // 10))
GOAL = 2.0

sys.path.insert(0, os.environ.get("BENCH_DIR", "bench"))
from _province import build_province, timed, vacuum  # noqa: E402

env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821 (odoo shell)
cr = env.cr
company = env.company
today = fields.Date.today()
YEAR = today.year
STATES = ["registered", "self_assessed", "submitted", "reviewed", "verified", "recognised", "not_recognised"]
MODELS = ["citizen", "citizen", "citizen", "citizen", "family", "clan", "community", "unit"]

# ---- Build (or, with BENCH_REUSE=1, reuse the bench province a previous run left in BENCH_DB) ----
REUSE = os.environ.get("BENCH_REUSE") == "1"
REPORTS = os.environ.get("BENCH_REPORTS") == "1"
province = (
    env["hoctap.association"].search([("code", "=", "BENCHST"), ("level", "=", "province")], order="id desc", limit=1)
    if REUSE
    else env["hoctap.association"]
)
if province:
    print(f"reusing the bench province {province.name} (id {province.id})")
    communes = province.child_ids
    branches = communes.child_ids
else:
    province, communes, branches, partner_ids = build_province(
        env,
        "BENCHST",
        COMMUNES,
        BRANCHES,
        MEMBERS,
        personal=True,
        year=YEAR,
        population=3 * MEMBERS,
        number_prefix="ST",
    )
    forms = env["hoctap.citizen.form"].search([])
    sets = {model: env["hoctap.criteria.set"].search([("model_type", "=", model)], limit=1).id for model in set(MODELS)}
    cr.execute(
        """
        INSERT INTO hoctap_evaluation (name, model_type, year, association_id, company_id, partner_id, set_id, state,
                                       citizen_form_id, certificate_state, date_registered, date_deadline,
                                       return_reason, create_date, write_date)
        SELECT 'ĐG ST ' || p.n, m.model, %(year)s, (%(branches)s)[1 + (p.n %% %(nb)s)], %(company)s, p.id,
               (%(sets)s::jsonb ->> m.model)::int, s.state,
               CASE WHEN m.model = 'citizen' THEN (%(forms)s)[1 + p.n %% %(nf)s] END,
               CASE WHEN s.state = 'recognised' THEN (ARRAY['valid', 'valid', 'valid', 'revoked'])[1 + p.n %% 4] END,
               %(today)s, %(today)s - (p.n %% 60)::int + 30,
               CASE WHEN s.state = 'registered' AND p.n %% 5 = 0 THEN 'Thiếu minh chứng' END, now(), now()
          FROM unnest(%(partners)s) WITH ORDINALITY AS p(id, n),
               LATERAL (SELECT (%(models)s)[1 + p.n %% %(nm)s] AS model) m,
               LATERAL (SELECT (%(states)s)[1 + (p.n / 3) %% %(ns)s] AS state) s
        """,
        {
            "year": YEAR,
            "branches": branches.ids,
            "nb": len(branches),
            "company": company.id,
            "sets": __import__("json").dumps(sets),
            "forms": forms.ids or [None],
            "nf": max(len(forms), 1),
            "states": STATES,
            "ns": len(STATES),
            "models": MODELS,
            "nm": len(MODELS),
            "partners": partner_ids[:EVALUATIONS],
            "today": today,
        },
    )
    # committed and vacuumed, as autovacuum leaves a live database (index-only scans need the visibility map)
    vacuum(env, "res_partner", "hoctap_membership", "hoctap_evaluation", "hoctap_association")
# BENCH_REPORTS=1: this year's draft report of every association below the province, as bench/load/province.py
# builds them (created once, committed: their creation refreshes each of them), for the tree refresh below
Statistic = env["hoctap.statistic"].sudo()
tree_reports = Statistic.browse()
if REPORTS:
    below = env["hoctap.association"].search([("id", "child_of", province.id), ("id", "!=", province.id)])
    tree_reports = Statistic.search([("association_id", "in", below.ids), ("year", "=", YEAR), ("period", "=", "year")])
    missing = below - tree_reports.association_id
    if missing:
        started = time.perf_counter()
        tree_reports |= Statistic.create([{"association_id": a.id, "year": YEAR} for a in missing])
        print(f"created {len(missing)} reports below the province in {time.perf_counter() - started:.1f} s")
        vacuum(env, "hoctap_statistic", "hoctap_statistic_line")
statistic = env["hoctap.statistic"].sudo().create({"association_id": province.id, "year": YEAR, "period": "year"})
refreshing = statistic.with_context(hoctap_statistic_refresh=True)
scope_ids = statistic._registry_scope(statistic.browse())
prefix = province.parent_path + "%"
params = {
    "prefix": prefix,
    "path": province.parent_path,
    "root": province.id,
    "year": YEAR,
    "start": statistic.date_from,
    "end": statistic.date_to,
    "today": today,
}


def sql(query, extra=None):
    cr.execute(query, dict(params, **(extra or {})))
    return cr.fetchall()


# ---- The report's registry sources and their raw SQL ----
def raw_organisation():
    rows = sql(
        """
        SELECT count(*) FILTER (WHERE level = 'commune'),
               count(*) FILTER (WHERE level = 'branch' AND branch_kind NOT IN ('clan', 'religious')),
               count(*) FILTER (WHERE level = 'branch' AND branch_kind IN ('clan', 'religious'))
          FROM hoctap_association WHERE parent_path LIKE %(prefix)s AND id != %(root)s AND active
        """
    )
    return dict(zip(("commune_count", "branch_count", "board_count"), rows[0], strict=True))


def raw_members():
    rows = sql(
        """
        SELECT count(*) FILTER (WHERE m.date_join <= %(end)s AND (m.date_leave IS NULL OR m.date_leave > %(end)s)),
               count(*) FILTER (WHERE m.date_join BETWEEN %(start)s AND %(end)s
                                  AND (p.id IS NULL OR pa.parent_path NOT LIKE %(prefix)s)),
               count(*) FILTER (WHERE m.date_leave BETWEEN %(start)s AND %(end)s
                                  AND NOT EXISTS (SELECT 1 FROM hoctap_membership n
                                                    JOIN hoctap_association na ON na.id = n.association_id
                                                   WHERE n.previous_membership_id = m.id
                                                     AND na.parent_path LIKE %(prefix)s))
          FROM hoctap_membership m
          JOIN hoctap_association a ON a.id = m.association_id
     LEFT JOIN hoctap_membership p ON p.id = m.previous_membership_id
     LEFT JOIN hoctap_association pa ON pa.id = p.association_id
         WHERE a.parent_path LIKE %(prefix)s
        """
    )
    return dict(zip(("member_total", "member_new", "member_left"), rows[0], strict=True))


def raw_models():
    figures = {}
    for model, registered, recognised in sql(
        """
        SELECT e.model_type, count(*) FILTER (WHERE e.state != 'cancelled'),
               count(*) FILTER (WHERE e.state = 'recognised' AND e.certificate_state IS DISTINCT FROM 'revoked')
          FROM hoctap_evaluation e JOIN hoctap_association a ON a.id = e.association_id
         WHERE a.parent_path LIKE %(prefix)s AND e.year = %(year)s
         GROUP BY 1
        """
    ):
        figures[f"{model}_registered"], figures[f"{model}_recognised"] = registered, recognised
    for code, registered, recognised in sql(
        """
        SELECT f.code, count(*), count(*) FILTER (WHERE e.state = 'recognised'
                                                    AND e.certificate_state IS DISTINCT FROM 'revoked')
          FROM hoctap_evaluation e JOIN hoctap_association a ON a.id = e.association_id
          JOIN hoctap_citizen_form f ON f.id = e.citizen_form_id
         WHERE a.parent_path LIKE %(prefix)s AND e.year = %(year)s AND e.model_type = 'citizen'
           AND e.state != 'cancelled'
         GROUP BY 1
        """
    ):
        figures[f"citizen_{code}_registered"], figures[f"citizen_{code}_recognised"] = registered, recognised
    return figures


def raw_refresh():
    figures = {**raw_organisation(), **raw_members(), **raw_models()}
    population = sql(
        "SELECT population, household_count FROM hoctap_population WHERE association_id = %(root)s AND year = %(year)s"
    )
    if population:
        figures.update(population=population[0][0], household_count=population[0][1] or 0)
    return figures


def subset(orm, raw):
    """The ORM's figures the raw SQL computed (the ORM also returns the zeros of absent groups)."""
    missing = {key: value for key, value in orm.items() if key not in raw and value}
    assert not missing, missing
    return {key: orm[key] for key in raw}


def refreshed_figures():
    refreshing._refresh_figures()
    return {line.indicator: line.own_value for line in statistic.line_ids if line.source == "computed"}


report_pairs = [
    (
        "report: organisation",
        lambda: refreshing._get_organisation_figures(scope_ids, statistic.browse().association_id),
        raw_organisation,
    ),
    ("report: members", lambda: refreshing._get_member_figures(scope_ids), raw_members),
    ("report: learning models", lambda: refreshing._get_model_figures(scope_ids), raw_models),
    ("report: whole refresh", refreshed_figures, raw_refresh),
]

# ---- The overview's tiles and charts, as a province officer, and their raw SQL ----
officer = env["res.users"].create(
    {
        "name": "Cán bộ tỉnh bench thống kê",
        "login": f"bench_statistics_{province.id}",
        "groups_id": [(6, 0, env.ref("congdan_hoctap.group_officer").ids)],
        "hoctap_association_ids": [(6, 0, province.ids)],
    }
)
seen = province.with_user(officer)


def tile_values(tiles):
    return {tile["key"]: tile["value"] for tile in tiles}


def raw_member_tiles():
    [(members,)] = sql(
        """
        SELECT count(*) FROM hoctap_membership m JOIN hoctap_association a ON a.id = m.association_id
         WHERE a.parent_path LIKE %(prefix)s AND m.state = 'active'
        """
    )
    population = sql(
        "SELECT population FROM hoctap_population WHERE association_id = %(root)s ORDER BY year DESC LIMIT 1"
    )
    ratio = round(100.0 * members / population[0][0], 2) if population and population[0][0] else 0.0
    return {"members": members, "member_ratio": ratio}


def raw_evaluation_tiles():
    figures = {
        f"evaluation_{state}": count
        for state, count in sql(
            """
        SELECT e.state, count(*) FROM hoctap_evaluation e JOIN hoctap_association a ON a.id = e.association_id
         WHERE a.parent_path LIKE %(prefix)s AND e.year = %(year)s GROUP BY 1
        """
        )
        if state != "cancelled"
    }
    [(returned, overdue)] = sql(
        """
        SELECT count(*) FILTER (WHERE e.state IN ('registered', 'self_assessed') AND e.return_reason IS NOT NULL),
               count(*) FILTER (WHERE e.state IN ('registered', 'self_assessed', 'submitted', 'reviewed', 'verified')
                                  AND e.date_deadline < %(today)s)
          FROM hoctap_evaluation e JOIN hoctap_association a ON a.id = e.association_id
         WHERE a.parent_path LIKE %(prefix)s AND e.year = %(year)s
        """
    )
    return dict(figures, evaluation_returned=returned, evaluation_overdue=overdue)


def raw_recognition_tiles():
    return {
        f"recognised_{model}": count
        for model, count in sql(
            """
        SELECT e.model_type, count(*) FROM hoctap_evaluation e JOIN hoctap_association a ON a.id = e.association_id
         WHERE a.parent_path LIKE %(prefix)s AND e.year = %(year)s AND e.state = 'recognised'
           AND e.certificate_state IS DISTINCT FROM 'revoked'
         GROUP BY 1
        """
        )
    }


def member_chart_values():
    return {chart["key"]: sorted(chart["datasets"][0]["data"]) for chart in seen._overview_member_charts()}


def raw_member_charts():
    rows = sql(
        """
        SELECT m.gender, m.occupation_group, m.birth_year, GROUPING(m.gender), GROUPING(m.occupation_group),
               count(*)
          FROM hoctap_membership m JOIN hoctap_association a ON a.id = m.association_id
         WHERE a.parent_path LIKE %(prefix)s AND m.state = 'active'
         GROUP BY GROUPING SETS ((m.gender), (m.occupation_group), (m.birth_year))
        """
    )
    gender = sorted(row[-1] for row in rows if not row[3])
    occupation = sorted(row[-1] for row in rows if row[3] and not row[4])
    from odoo.addons.congdan_hoctap.models.hoctap_membership import age_band_of

    bands = {}
    for row in rows:
        if row[3] and row[4]:
            band = age_band_of(row[2], YEAR) if row[2] else False
            bands[band] = bands.get(band, 0) + row[-1]
    return {
        "members_gender": gender,
        "members_occupation_group": occupation,
        "members_age_band": sorted(bands.values()),
    }


def evaluation_chart_values():
    chart = seen._overview_evaluation_chart(YEAR)
    return sorted(value for dataset in chart["datasets"] for value in dataset["data"] if value)


def raw_evaluation_chart():
    return sorted(
        row[-1]
        for row in sql(
            """
            SELECT split_part(a.parent_path, '/', %(depth)s), e.state, count(*)
              FROM hoctap_evaluation e JOIN hoctap_association a ON a.id = e.association_id
             WHERE a.parent_path LIKE %(prefix)s AND e.year = %(year)s AND e.state != 'cancelled'
             GROUP BY 1, 2
            """,
            {"depth": province.parent_path.count("/") + 1},
        )
    )


overview_pairs = [
    # the tiles' keys the raw SQL computes are picked from the ORM's result in the check, not in the timed call
    ("overview: member tiles", lambda: seen._overview_member_tiles(YEAR), raw_member_tiles),
    ("overview: evaluation tiles", lambda: seen._overview_evaluation_tiles(YEAR), raw_evaluation_tiles),
    ("overview: recognition tiles", lambda: seen._overview_recognition_tiles(YEAR), raw_recognition_tiles),
    ("overview: member charts", member_chart_values, raw_member_charts),
    ("overview: evaluations chart", evaluation_chart_values, raw_evaluation_chart),
    ("overview: whole call", lambda: seen.get_overview_data(province.id, YEAR)["tiles"] and None, lambda: None),
]

# ---- Check, then time ----
REPEAT = 5


def timed_pair(orm, raw):
    """The best wall times of ``orm`` and ``raw``, run in turn REPEAT times each (cache emptied before each run),
    so that both sides meet the same moments of a shared machine."""
    best = [None, None]
    for _ in range(REPEAT):
        for side, fn in enumerate((orm, raw)):
            elapsed = timed(env, fn, repeat=1)
            best[side] = elapsed if best[side] is None else min(best[side], elapsed)
    return best


rows = []
for label, orm, raw in report_pairs + overview_pairs:
    env.invalidate_all()
    orm_figures, raw_figures = orm(), raw()
    if isinstance(orm_figures, list) and orm_figures and isinstance(orm_figures[0], dict):  # tiles
        orm_figures = tile_values(orm_figures)
    if isinstance(orm_figures, dict) and isinstance(raw_figures, dict):
        orm_figures = subset(orm_figures, raw_figures)
    assert orm_figures == raw_figures, (label, orm_figures, raw_figures)
    rows.append((label, *timed_pair(orm, raw)))
# the whole overview against the sum of its parts' raw SQL
whole = rows.pop()
raw_whole = sum(row[2] for row in rows if row[0].startswith("overview"))
rows.append((whole[0], whole[1], raw_whole))

print(
    f"dataset: 1 province, {COMMUNES} communes, {COMMUNES * BRANCHES} branches, {MEMBERS:,} memberships, "
    f"{EVALUATIONS:,} evaluations of {YEAR}"
)
print(f"{'figure':32s} {'ORM ms':>10s} {'raw SQL ms':>11s} {'ratio':>7s}  goal <= {GOAL:.0f}x")
for label, orm_time, raw_time in rows:
    ratio = orm_time / raw_time if raw_time else float("inf")
    print(
        f"{label:32s} {orm_time * 1000:10.1f} {raw_time * 1000:11.1f} {ratio:6.2f}x  "
        f"{'met' if ratio <= GOAL else 'NOT MET'}"
    )
if tree_reports:
    # the province-wide refresh of every report below the province, in the jobs' chunks (one run each: long)
    chunk_size = env["hoctap.job.mixin"]._hoctap_job_chunk_size()
    chunks = [tree_reports[start : start + chunk_size] for start in range(0, len(tree_reports), chunk_size)]

    cr.execute("SELECT pg_backend_pid()")
    backend = cr.fetchone()[0]

    def backend_cpu():
        """CPU seconds of this cursor's PostgreSQL backend (same machine: /proc)."""
        with open(f"/proc/{backend}/stat") as stat:
            fields_ = stat.read().rsplit(")", 1)[1].split()
        return (int(fields_[11]) + int(fields_[12])) / os.sysconf("SC_CLK_TCK")

    def tree_refresh():
        env.invalidate_all()
        wall, cpu, db_cpu = time.perf_counter(), time.process_time(), backend_cpu()
        for chunk in chunks:
            chunk._refresh_figures()
            env.flush_all()
            env.invalidate_all()  # each job starts with an empty cache
        return time.perf_counter() - wall, time.process_time() - cpu, backend_cpu() - db_cpu

    def written_lines():
        cr.execute("SELECT count(*) FROM hoctap_statistic_line WHERE statistic_id = ANY(%s)", [tree_reports.ids])
        return cr.fetchone()[0]

    unchanged = tree_refresh()
    # every computed figure off by one, so that the refresh writes every one of them back (rolled back with the
    # rest of the run when the shell ends)
    cr.execute(
        "UPDATE hoctap_statistic_line SET own_value = own_value + 1"
        " WHERE statistic_id = ANY(%s) AND source = 'computed'",
        [tree_reports.ids],
    )
    changed_lines = cr.rowcount
    env.invalidate_all()
    changed = tree_refresh()
    print(
        f"tree refresh: {len(tree_reports):,} reports in {len(chunks)} chunks of {chunk_size} "
        f"({written_lines():,} lines), wall / CPU of Odoo / CPU of PostgreSQL: figures unchanged "
        f"{unchanged[0]:.1f} / {unchanged[1]:.1f} / {unchanged[2]:.1f} s; every computed figure changed "
        f"({changed_lines:,} lines) {changed[0]:.1f} / {changed[1]:.1f} / {changed[2]:.1f} s"
    )
# the database is dropped by bench/run.sh
