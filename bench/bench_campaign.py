"""Benchmark: a year's learning-citizen campaign of one commune, step by step, per 1,000 evaluations.

Run inside ``odoo-bin shell`` (see bench/run.sh; BENCH_SMOKE gives tiny sizes). For each size of
BENCH_CAMPAIGN_SIZES (default 1,000 and 10,000): a commune of 10 branches with that many members
(SQL), then the whole campaign through the addon's own mass actions, each step as the role that does
it (record rules, rights and separation of duties apply; no superuser):

register (the commune officer registers every member) → scores entered (citizen input, not a control
step) → self-assess and submit (a branch officer for the citizens) → review (another branch officer)
→ verify (a support-team member) → one decision recognising all (the commune officer).

Reports seconds per 1,000 evaluations for each step and the whole from registration to recognition
(goal ≤ 8 s per 1,000, linear; the scores entry is citizen input, reported apart), and the decision over
the largest size (goal < 20 s for 10,000), then rolls back. On a shared machine the wall times follow the
load: each step also reports the CPU seconds spent by this process and its PostgreSQL backend and the
number of queries, which the load does not change. A small campaign runs first, unreported, so the sizes are
measured on a warm server. BENCH_PROFILE=<folder> writes a cProfile file per step.
"""

import cProfile
import os
import sys
import time

sys.path.insert(0, os.environ.get("BENCH_DIR", "bench"))
from _province import build_tree, insert_memberships, insert_persons  # noqa: E402

SIZES = [int(size) for size in os.environ.get("BENCH_CAMPAIGN_SIZES", "1000,10000").split(",")]
WARMUP = min(20, *SIZES)
STEPS = ("register", "score", "self_assess", "submit", "review", "verify", "recognise")
CAMPAIGN = [name for name in STEPS if name != "score"]  # the whole campaign: registration to recognition
PROFILE = os.environ.get("BENCH_PROFILE")

# The steps run inline, in this transaction: above the job threshold the same methods run in background
# jobs by chunks (hoctap_job_inline is what those jobs set); measured here is the work itself.
env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True, hoctap_job_inline=True))  # noqa: F821
cr = env.cr
YEAR = 2026
cr.execute("SELECT pg_backend_pid()")
BACKEND_STAT = f"/proc/{cr.fetchone()[0]}/stat"


def cpu_seconds():
    """CPU seconds of this process and of its PostgreSQL backend (when the server runs on this machine)."""
    backend = 0.0
    try:
        with open(BACKEND_STAT) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        backend = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        pass
    return time.process_time() + backend


def user(login, group, associations):
    return env["res.users"].create(
        {
            "name": login,
            "login": login,
            "groups_id": [(6, 0, env.ref(f"congdan_hoctap.{group}").ids)],
            "hoctap_association_ids": [(6, 0, associations.ids)],
        }
    )


def mass(actor, action, evaluations=None, **vals):
    wizard = (
        env["hoctap.evaluation.mass.action"]
        .with_user(actor)
        .create({"action": action, "evaluation_ids": [(6, 0, evaluations.ids)] if evaluations else False, **vals})
    )
    wizard.action_apply()
    assert not wizard.failure_ids, wizard.failure_ids[:3].mapped("reason")
    return wizard


def analyze():
    """Statistics of the tables the campaign fills, as autovacuum keeps them on a live database between the
    steps (here one transaction it cannot see): without them the planner takes 10,000 rows for none, and the
    foreign-key checks PostgreSQL planned on a nearly empty table scan it whole for each new row."""
    cr.execute(
        "ANALYZE res_partner, hoctap_membership, hoctap_evaluation, hoctap_evaluation_line, "
        "hoctap_evaluation_line_ir_attachment_rel, mail_activity, mail_followers"
    )


def campaign(size):
    province, communes, branches = build_tree(env, f"BCAMP{size}", 1, 10)
    commune = communes
    partner_ids = insert_persons(env, size, personal=True, prefix="Công dân")
    cr.execute("UPDATE res_partner SET occupation_group = 'farmer' WHERE id = ANY(%s)", [partner_ids])
    insert_memberships(env, partner_ids, branches.ids, number_prefix=f"C{size}-")
    cr.execute("UPDATE hoctap_membership SET state = 'active' WHERE partner_id = ANY(%s)", [partner_ids])
    env.invalidate_all()
    officer = user(f"bench_camp_officer_{size}", "group_officer", commune)
    assessor = user(f"bench_camp_assessor_{size}", "group_branch_officer", commune)
    reviewer = user(f"bench_camp_reviewer_{size}", "group_branch_officer", commune)
    verifier = user(f"bench_camp_verifier_{size}", "group_approver", province)
    env["hoctap.support.team"].create(
        {
            "name": f"Tổ bench {size}",
            "association_id": commune.id,
            "association_ids": [(6, 0, commune.ids)],
            "member_ids": [(6, 0, verifier.ids)],
            "leader_id": verifier.id,
        }
    )
    evidence = env["ir.attachment"].create({"name": "minh-chung.txt", "raw": b"ke hoach hoc tap"})
    env.flush_all()
    times, cpu, queries = {}, {}, {}

    def step(name, fn):
        analyze()
        profile = cProfile.Profile() if PROFILE else None
        count, start_cpu, start = cr.sql_log_count, cpu_seconds(), time.perf_counter()
        if profile:
            profile.enable()
        result = fn()
        env.flush_all()
        if profile:
            profile.disable()
            profile.dump_stats(os.path.join(PROFILE, f"campaign_{size}_{name}.prof"))
        times[name] = time.perf_counter() - start
        cpu[name] = cpu_seconds() - start_cpu
        queries[name] = cr.sql_log_count - count
        return result

    step("register", lambda: mass(officer, "register", association_id=commune.id, year=YEAR))
    evaluations = env["hoctap.evaluation"].search([("association_id", "child_of", commune.id), ("year", "=", YEAR)])
    assert len(evaluations) == size, (len(evaluations), size)

    def score():
        lines = evaluations.line_ids
        lines.write({"self_score": 9})
        # the lines that ask for evidence, by SQL: ``filtered`` on a million lines is quadratic in the prefetch
        cr.execute(
            """INSERT INTO hoctap_evaluation_line_ir_attachment_rel (hoctap_evaluation_line_id, ir_attachment_id)
                      SELECT line.id, %s
                        FROM hoctap_evaluation_line line
                        JOIN hoctap_criterion criterion ON criterion.id = line.criterion_id
                       WHERE line.id = ANY(%s) AND criterion.evidence_required""",
            [evidence.id, lines.ids],
        )
        lines.invalidate_recordset(["evidence_ids"])

    step("score", score)
    step("self_assess", lambda: mass(assessor, "self_assess", evaluations))
    step("submit", lambda: mass(assessor, "submit", evaluations))
    step("review", lambda: mass(reviewer, "review", evaluations))
    step("verify", lambda: mass(verifier, "verify", evaluations))
    step(
        "recognise",
        lambda: mass(officer, "recognise", evaluations, association_id=commune.id, decision_name=f"{size}/QĐ-BENCH"),
    )
    assert set(evaluations.mapped("state")) == {"recognised"}
    numbers = [int(number.rsplit("/", 1)[1]) for number in evaluations.sorted("name").mapped("certificate_number")]
    assert numbers == list(range(numbers[0], numbers[0] + size)), "certificate numbers not consecutive by name"
    return times, cpu, queries


# a small campaign first, not reported: the sizes are measured on a warm server (its caches filled), as in use
cr.execute("SAVEPOINT bench_campaign")
campaign(WARMUP)
cr.execute("ROLLBACK TO SAVEPOINT bench_campaign")
env.invalidate_all()
cr.precommit.clear()
cr.postcommit.clear()
results, cpus = {}, {}
for size in SIZES:
    cr.execute("SAVEPOINT bench_campaign")
    results[size], cpus[size], counts = campaign(size)
    print(
        f"at {size:,} (load average {os.getloadavg()[0]:.1f}): "
        + ", ".join(
            f"{name} {results[size][name] * 1000 / size:.2f} (cpu {cpus[size][name] * 1000 / size:.2f}, "
            f"{counts[name]} queries)"
            for name in STEPS
        )
        + f" s per 1,000; whole {sum(results[size][name] for name in CAMPAIGN) * 1000 / size:.2f} s per 1,000",
        flush=True,
    )
    cr.execute("ROLLBACK TO SAVEPOINT bench_campaign")
    env.invalidate_all()
    # what the rolled-back size left to send at commit (bus notifications of its users) goes with it
    cr.precommit.clear()
    cr.postcommit.clear()
print("step (seconds per 1,000 evaluations, wall / cpu) | " + " | ".join(f"at {size:,}" for size in SIZES))
for name in STEPS:
    print(
        f"{name:36s} | "
        + " | ".join(
            f"{results[size][name] * 1000 / size:8.2f} / {cpus[size][name] * 1000 / size:5.2f}" for size in SIZES
        )
    )
totals = {size: sum(results[size][name] for name in CAMPAIGN) * 1000 / size for size in SIZES}
cpu_totals = {size: sum(cpus[size][name] for name in CAMPAIGN) * 1000 / size for size in SIZES}
print(
    f"{'whole campaign (without the scores)':36s} | "
    + " | ".join(f"{totals[size]:8.2f} / {cpu_totals[size]:5.2f}" for size in SIZES)
    + f"   (goal ≤ 8 s per 1,000: {'met' if max(totals.values()) <= 8 else 'NOT MET'})"
)
largest = max(SIZES)
print(f"decision over {largest:,} verified evaluations: {results[largest]['recognise']:.1f} s (goal < 20 s for 10,000)")
cr.rollback()
