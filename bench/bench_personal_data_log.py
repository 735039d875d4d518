"""Benchmark: overhead of the personal-data access log on a list of 80 members.

Run inside ``odoo-bin shell`` (see bench/run.sh), or call ``run(env, ...)`` (the test suite's smoke
run does, with a few members and repeats). Creates one commune with MEMBERS members (citizen ID,
year of birth, gender, occupation, consent) and an officer of that commune, then measures, as that
officer, what the web client does to show the Members' persons list (``web_search_read`` of 80
persons with their personal fields):

- with the access log (one log row and its person links per read);
- without it (the logging hook replaced by a no-op for the measurement).

Reports the best of REPEAT runs of each, their ratio (must stay within 1.5×) and rolls back.
"""

import os
import time
from unittest.mock import patch

MEMBERS = int(os.environ.get("BENCH_PDP_MEMBERS", 80))
REPEAT = int(os.environ.get("BENCH_PDP_REPEAT", 30))
MAX_RATIO = 1.5
SPEC = {name: {} for name in ("name", "citizen_id", "birth_year", "gender", "occupation_group", "email", "phone")}


def _setup(env, members):
    Association = env["hoctap.association"]
    province = Association.create({"name": "Tỉnh bench PDP", "code": "BPDP", "level": "province"})
    commune = Association.create(
        {"name": "Xã bench PDP", "code": "BPDPX", "level": "commune", "parent_id": province.id}
    )
    branch = Association.create(
        {
            "name": "Chi hội bench PDP",
            "code": "BPDPB",
            "level": "branch",
            "branch_kind": "village",
            "parent_id": commune.id,
        }
    )
    partners = env["res.partner"].create(
        [
            {
                "name": f"Hội viên bench {i}",
                "citizen_id": "09%010d" % (7_000_000 + i),
                "birth_year": 1950 + i % 50,
                "gender": ("male", "female")[i % 2],
                "occupation_group": "farmer",
                "hoctap_consent_ids": [(0, 0, {"channel": "import"})],
            }
            for i in range(members)
        ]
    )
    env["hoctap.membership"].create([{"partner_id": p.id, "association_id": branch.id} for p in partners])
    officer = env["res.users"].create(
        {
            "name": "Cán bộ bench PDP",
            "login": "bench_pdp_officer",
            "groups_id": [(6, 0, [env.ref("congdan_hoctap.group_officer").id])],
            "hoctap_association_ids": [(6, 0, commune.ids)],
        }
    )
    env.flush_all()
    return partners, officer


def _once(env, fn):
    env.invalidate_all()
    start = time.perf_counter()
    fn()
    env.flush_all()
    return time.perf_counter() - start


def run(env, members=MEMBERS, repeat=REPEAT, verbose=True):
    """Measure; return ``(with_log, without_log, ratio, log rows written)``. Leaves the data to the caller."""
    partners, officer = _setup(env, members)
    Partner = env["res.partner"].with_user(officer)
    domain = [("id", "in", partners.ids)]

    def read_list():
        page = Partner.web_search_read(domain, SPEC, limit=80)
        assert page["records"][0]["citizen_id"], "the officer must see their members' data"

    Log = env["hoctap.personal.data.log"].sudo()
    model_class = type(env["res.partner"])
    read_list()  # warm-up (caches, prepared plans)
    before = Log.search_count([])
    timings_with, timings_without = [], []
    for _ in range(repeat):  # interleaved, so that load on the machine hits both alike
        timings_with.append(_once(env, read_list))
        with patch.object(model_class, "_hoctap_log_personal_access", lambda self, *a, **k: True):
            timings_without.append(_once(env, read_list))
    logged = Log.search_count([]) - before
    with_log, without_log = min(timings_with), min(timings_without)
    ratio = with_log / without_log
    if verbose:
        print(
            f"persons list of {min(members, 80)} members, best of {repeat}: "
            f"with log {with_log * 1000:.1f} ms, without {without_log * 1000:.1f} ms, "
            f"ratio {ratio:.2f} (limit {MAX_RATIO}), log rows written {logged}"
        )
    return with_log, without_log, ratio, logged


if __name__ == "__main__" or "env" in globals():
    try:
        _with, _without, _ratio, _logged = run(env)  # noqa: F821 (odoo shell)
        print("OK" if _ratio <= MAX_RATIO else "TOO SLOW")
    finally:
        env.cr.rollback()  # noqa: F821
