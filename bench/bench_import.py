"""Benchmark: the member import against stock ``base_import`` and PostgreSQL ``COPY`` of the same rows.

Run inside ``odoo-bin shell`` (see bench/run.sh; BENCH_SMOKE gives tiny sizes). For each size of
BENCH_IMPORT_ROWS (default 10,000 and 100,000), one province of 10 communes × 10 branches, and three
files of that many rows (a person and their membership each: branch path, CCCD, name, birth date,
gender, occupation, join date, phone, address), each with its own citizen IDs:

- the addon's import (``hoctap.membership.import``: dry run, then the real run), as a manager (no superuser:
  every check and the consent rules apply);
- stock ``base_import`` of the persons alone (name, CCCD, birth date, gender, occupation, phone, address) as
  the same manager — less work than the addon's import, which also writes the memberships;
- PostgreSQL ``COPY`` of the same rows into a staging table, then ``INSERT … SELECT`` of persons and
  memberships: the floor, with no check at all.

Reports seconds per 1,000 rows and the ratio base_import / import (goal ≥ 10 at 100,000), then rolls back.
"""

import base64
import csv
import io
import os
import sys
import time

sys.path.insert(0, os.environ.get("BENCH_DIR", "bench"))
from _province import build_tree, insert_persons  # noqa: E402

SIZES = [int(size) for size in os.environ.get("BENCH_IMPORT_ROWS", "10000,100000").split(",")]
HEADERS = [
    "Chi hội (mã hoặc đường dẫn)",
    "Số CCCD",
    "Họ và tên",
    "Ngày sinh hoặc năm sinh",
    "Giới tính",
    "Nhóm nghề nghiệp",
    "Ngày vào hội",
    "Điện thoại",
    "Địa chỉ",
]
GENDERS = ("Nam", "Nữ")
OCCUPATIONS = ("Nông dân", "Công nhân", "Cán bộ", "Hưu trí")

env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821 (odoo shell)
cr = env.cr
manager = env["res.users"].create(
    {
        "name": "Quản trị bench nhập",
        "login": "bench_import_manager",
        "groups_id": [(6, 0, env.ref("congdan_hoctap.group_manager").ids)],
    }
)


def rows_for(paths, count, series):
    for i in range(count):
        yield [
            paths[i % len(paths)],
            "0%d%010d" % (series, i),
            f"Người nhập {series}-{i}",
            "%02d/%02d/%d" % (1 + i % 28, 1 + i % 12, 1950 + i % 50),
            GENDERS[i % 2],
            OCCUPATIONS[i % 4],
            "01/03/2024",
            "09%08d" % i,
            f"Thôn {i % 100}",
        ]


def csv_bytes(rows, headers=HEADERS):
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(headers)
    writer.writerows(rows)
    return output.getvalue().encode()


def run_import(data):
    wizard = (
        env["hoctap.membership.import"]
        .with_user(manager)
        .create({"file": base64.b64encode(data), "filename": "bench.csv", "consent_confirmed": True})
    )
    start = time.perf_counter()
    wizard.action_check()
    checked = time.perf_counter() - start
    assert wizard.error_count == 0, wizard.error_summary
    # inline, as the job runs it (above the job threshold the wizard queues the file for a job: no runner here)
    wizard.with_context(hoctap_job_inline=True).action_import()
    assert wizard.state == "done", wizard.error_summary
    env.flush_all()
    return checked, time.perf_counter() - start - checked, wizard.membership_count


def run_base_import(rows):
    persons = [
        [name, cccd, birth, {"Nam": "male", "Nữ": "female"}[gender], occupation, phone, street]
        for _path, cccd, name, birth, gender, occupation, _join, phone, street in rows
    ]
    OCC = {"Nông dân": "farmer", "Công nhân": "worker", "Cán bộ": "official", "Hưu trí": "retired"}
    persons = [p[:4] + [OCC[p[4]]] + p[5:] for p in persons]
    fields_ = ["name", "citizen_id", "birth_date", "gender", "occupation_group", "phone", "street"]
    importer = (
        env["base_import.import"]
        .with_user(manager)
        .create(
            {
                "res_model": "res.partner",
                "file": csv_bytes(persons, fields_),
                "file_type": "text/csv",
                "file_name": "persons.csv",
            }
        )
    )
    options = {
        "quoting": '"',
        "separator": ",",
        "has_headers": True,
        "date_format": "%d/%m/%Y",
        "datetime_format": "",
        "float_thousand_separator": ",",
        "float_decimal_separator": ".",
        "encoding": "utf-8",
    }
    start = time.perf_counter()
    result = importer.execute_import(fields_, fields_, options, dryrun=False)
    env.flush_all()
    elapsed = time.perf_counter() - start
    errors = [m for m in result.get("messages", []) if m.get("type") == "error"]
    assert not errors, errors[:3]
    return elapsed, len(result["ids"])


def run_copy(rows, branch_by_path):
    start = time.perf_counter()
    cr.execute("""CREATE TEMP TABLE bench_import_rows (path text, cccd text, name text, birth text, gender text,
                  occupation text, date_join text, phone text, street text) ON COMMIT DROP""")
    cr._obj.copy_expert("COPY bench_import_rows FROM STDIN WITH (FORMAT csv, HEADER true)", io.BytesIO(csv_bytes(rows)))
    template = insert_persons(env, 1, prefix="Mẫu COPY")[0]
    cr.execute("""SELECT column_name FROM information_schema.columns WHERE table_name = 'res_partner'
                   AND column_name NOT IN ('id', 'name', 'complete_name', 'citizen_id', 'birth_date', 'birth_year',
                                           'gender', 'phone', 'street')""")
    columns = ", ".join(f't."{row[0]}"' for row in cr.fetchall())
    cr.execute(
        f"""
        WITH persons AS (
            INSERT INTO res_partner (name, complete_name, citizen_id, birth_date, birth_year, gender, phone, street,
                                     {columns.replace('t.', '')})
            SELECT r.name, r.name, r.cccd, to_date(r.birth, 'DD/MM/YYYY'),
                   extract(year FROM to_date(r.birth, 'DD/MM/YYYY'))::int,
                   CASE r.gender WHEN 'Nam' THEN 'male' ELSE 'female' END, r.phone, r.street, {columns}
              FROM bench_import_rows r, (SELECT * FROM res_partner WHERE id = %(template)s) t
            RETURNING id, citizen_id)
        INSERT INTO hoctap_membership (partner_id, association_id, company_id, member_type, number, date_join, state,
                                       create_date, write_date)
        SELECT p.id, (%(branches)s::jsonb ->> r.path)::int, %(company)s, 'individual', 'COPY' || p.citizen_id,
               to_date(r.date_join, 'DD/MM/YYYY'), 'active', now(), now()
          FROM persons p JOIN bench_import_rows r ON r.cccd = p.citizen_id""",
        {"template": template, "branches": __import__("json").dumps(branch_by_path), "company": env.company.id},
    )
    return time.perf_counter() - start


print(
    f"{'rows':>8} | {'import: check':>13} | {'import: write':>13} | {'import total /1k':>16} | "
    f"{'base_import /1k':>15} | {'COPY /1k':>8} | base_import/import"
)
for size in SIZES:
    cr.execute("SAVEPOINT bench_import")
    province, _communes, branches = build_tree(env, f"BIMP{size}", 10, 10)
    branch_by_path = {b.complete_name: b.id for b in branches}
    paths = list(branch_by_path)
    checked, written, count = run_import(csv_bytes(rows_for(paths, size, 1)))
    assert count == size
    base_seconds, base_count = run_base_import(list(rows_for(paths, size, 2)))
    assert base_count == size
    copy_seconds = run_copy(list(rows_for(paths, size, 3)), branch_by_path)
    total = checked + written
    per_k = 1000 / size
    print(
        f"{size:>8,} | {checked:>11.2f} s | {written:>11.2f} s | {total * per_k:>14.2f} s | "
        f"{base_seconds * per_k:>13.2f} s | {copy_seconds * per_k:>6.2f} s | {base_seconds / total:.1f}x "
        f"(persons only for base_import; import writes persons + memberships); "
        f"load average {' '.join(f'{load:.1f}' for load in os.getloadavg())}"
    )
    cr.execute("ROLLBACK TO SAVEPOINT bench_import")
    env.invalidate_all()
env.cr.rollback()
