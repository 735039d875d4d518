"""Shared by the benchmarks (not a benchmark itself: bench/run.sh runs ``bench_*.py`` only).

``timed`` measures the best of a few runs; ``build_province`` creates, with set-based SQL, one province,
its communes and branches, and members spread over the branches — persons copied from one made by the
ORM, so every column another module adds (``autopost_bills`` of ``account``…) is filled as it would be.
Import it from a benchmark run inside ``odoo-bin shell`` with::

    sys.path.insert(0, os.environ.get("BENCH_DIR", "bench"))
    from _province import build_province, timed
"""

import time

PERSONAL = ("gender", "birth_year", "occupation_group")


def timed(env, fn, repeat=3):
    """The best wall time of ``repeat`` runs of ``fn``, the ORM cache emptied before each."""
    best = None
    for _ in range(repeat):
        env.invalidate_all()
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def build_tree(env, code, communes, branches, year=None, population=None):
    """One province with ``communes`` communes of ``branches`` village branches each (ORM)."""
    Association = env["hoctap.association"]
    province = Association.create({"name": f"Tỉnh bench {code}", "code": code, "level": "province"})
    commune_records = Association.create(
        [
            {"name": f"Xã {i:03d}", "code": f"X{i}", "level": "commune", "parent_id": province.id}
            for i in range(communes)
        ]
    )
    branch_records = Association.create(
        [
            {
                "name": f"Chi hội {c.code}-{j}",
                "code": f"B{j}",
                "level": "branch",
                "branch_kind": "village",
                "parent_id": c.id,
            }
            for c in commune_records
            for j in range(branches)
        ]
    )
    if population:
        env["hoctap.population"].create(
            [{"association_id": province.id, "year": year, "population": population}]
            + [
                {"association_id": c.id, "year": year, "population": population // communes + i}
                for i, c in enumerate(commune_records)
            ]
        )
    Association.flush_model()
    return province, commune_records, branch_records


def insert_persons(env, count, personal=False, prefix="Hội viên", returning=True):
    """``count`` persons by SQL, copies of one made by the ORM; returns their ids in order (with
    ``returning=False``, nothing: a million ids cost the caller ~100 MiB of memory; see :func:`persons_above`)."""
    cr = env.cr
    template = env["res.partner"].create({"name": "Hội viên mẫu"})
    template.flush_recordset()
    skipped = ("id", "name", "complete_name") + (PERSONAL if personal else ())
    cr.execute(
        """SELECT column_name FROM information_schema.columns
                   WHERE table_name = 'res_partner' AND column_name NOT IN %s""",
        [skipped],
    )
    columns = ", ".join(f'"{row[0]}"' for row in cr.fetchall())
    extra_cols = "gender, birth_year, occupation_group, " if personal else ""
    extra_vals = (
        (
            "CASE WHEN g %% 2 = 0 THEN 'female' ELSE 'male' END, 1930 + (g %% 90), "
            "(ARRAY['farmer', 'worker', 'official', 'student', 'retired'])[1 + g %% 5], "
        )
        if personal
        else ""
    )
    cr.execute(
        f"""
        INSERT INTO res_partner (name, complete_name, {extra_cols}{columns})
        SELECT %(prefix)s || ' ' || g, %(prefix)s || ' ' || g, {extra_vals}{columns}
          FROM generate_series(1, %(n)s) g, (SELECT * FROM res_partner WHERE id = %(template)s) t
         ORDER BY g
        {"RETURNING id" if returning else ""}
        """,
        {"n": count, "template": template.id, "prefix": prefix},
    )
    return sorted(row[0] for row in cr.fetchall()) if returning else None


def persons_above(floor_id):
    """SQL for ``p(id, n)``: the persons created after ``floor_id``, numbered from 1 in id order (instead of
    ``unnest(<their ids>) WITH ORDINALITY``, without the ids in Python)."""
    return f"(SELECT id, row_number() OVER (ORDER BY id) AS n FROM res_partner WHERE id > {int(floor_id)}) AS p"


def insert_memberships(env, partner_ids, branch_ids, number_prefix="N", personal=False, above=None):
    """One membership per person, spread over the branches; one in ten has left. The persons are
    ``partner_ids``, or those created after the id ``above`` (see :func:`persons_above`)."""
    personal_cols = ", gender, occupation_group, birth_year" if personal else ""
    personal_vals = ", person.gender, person.occupation_group, person.birth_year" if personal else ""
    env.cr.execute(
        f"""
        INSERT INTO hoctap_membership (partner_id, association_id, company_id, member_type, number, date_join, state,
                                       create_date, write_date{personal_cols})
        SELECT p.id, (%(branches)s)[1 + (p.n %% %(nb)s)], %(company)s, 'individual', %(prefix)s || p.n,
               DATE '2015-01-01' + (p.n %% 3000)::int, CASE WHEN p.n %% 10 = 0 THEN 'left' ELSE 'active' END,
               now(), now(){personal_vals}
          FROM {persons_above(above) if above is not None else "unnest(%(partners)s) WITH ORDINALITY AS p(id, n)"}
          JOIN res_partner person ON person.id = p.id
        """,
        {
            "branches": list(branch_ids),
            "nb": len(branch_ids),
            "company": env.company.id,
            "partners": list(partner_ids or ()),
            "prefix": number_prefix,
        },
    )


def build_province(
    env, code, communes, branches, members, personal=False, year=None, population=None, number_prefix="N"
):
    """The tree and ``members`` memberships; returns ``(province, communes, branches, partner_ids)``."""
    province, commune_records, branch_records = build_tree(env, code, communes, branches, year, population)
    partner_ids = insert_persons(env, members, personal=personal)
    insert_memberships(env, partner_ids, branch_records.ids, number_prefix=number_prefix, personal=personal)
    return province, commune_records, branch_records, partner_ids


def vacuum(env, *tables):
    """Commit, then VACUUM ANALYZE, as autovacuum does on a live database (index-only scans need it)."""
    import odoo  # noqa: PLC0415 (inside odoo-bin shell)

    env.cr.commit()
    with odoo.sql_db.db_connect(env.cr.dbname).cursor() as maintenance:
        maintenance._cnx.autocommit = True
        for table in tables:
            maintenance.execute(f"VACUUM ANALYZE {table}")


def peak_rss_mib():
    """This process's peak resident memory, in MiB (Linux: ``ru_maxrss`` is in KiB)."""
    import resource  # noqa: PLC0415

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
