"""Prints the load test's table (markdown) from the files run_load.sh left in its output folder."""

import glob
import json
import os
import platform
import sys

REFRESHES = []


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))] if values else 0


def main(folder, seconds):
    seconds = float(seconds)
    cpu = os.cpu_count()
    print(
        f"Machine: {platform.machine()}, {cpu} cores (shared with other work: figures are noisy), "
        f"{seconds:.0f} s per step\n"
    )
    print("| setup | users | scenario | requests | req/s | p50 ms | p95 ms | errors | 5xx | submitted | lost | dup |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    runs = sorted(
        glob.glob(os.path.join(folder, "*-times.json")),
        key=lambda p: (
            ["single", "multi", "refresh"].index(os.path.basename(p).split("-")[0]),
            int(os.path.basename(p).split("-")[1]),
        ),
    )
    for path in runs:
        name = os.path.basename(path)[: -len("-times.json")]
        mode, users = name.split("-")
        with open(path, encoding="utf-8") as handle:
            times = json.load(handle)
        check = {}
        check_path = os.path.join(folder, f"{name}-check.json")
        if os.path.exists(check_path):
            with open(check_path, encoding="utf-8") as handle:
                text = handle.read().strip()
            check = json.loads(text) if text.startswith("{") else {}
        jobs_path = os.path.join(folder, f"{name}-jobs.json")
        if os.path.exists(jobs_path):
            with open(jobs_path, encoding="utf-8") as handle:
                text = handle.read().strip()
            if text.startswith("{"):
                REFRESHES.append((name, json.loads(text)))
        rows = [(scenario, samples) for scenario, samples in sorted(times.items())]
        rows.append(("all", [s for _scenario, samples in rows for s in samples]))
        for scenario, samples in rows:
            ms = [s[0] for s in samples]
            errors = sum(1 for s in samples if s[1])
            server_errors = sum(1 for s in samples if s[2] >= 500)
            extra = (
                f"{check.get('submitted', '?')} | {check.get('lost', '?')} | "
                f"{check.get('duplicated_or_wrong', '?')}"
                if scenario == "all"
                else " | | "
            )
            print(
                f"| {mode} | {users} | {scenario} | {len(ms)} | {len(ms) / seconds:.1f} | "
                f"{percentile(ms, 0.5):.0f} | {percentile(ms, 0.95):.0f} | {errors} | {server_errors} | {extra} |"
            )
    for name, jobs in REFRESHES:
        print(
            f"\n{name}: province refresh in {jobs['jobs']} jobs, {jobs['done']} done, {jobs['failed']} failed; "
            f"{jobs['seconds']} s from the first job's start to the last one's end, "
            f"done {jobs['done_after_queued']} s after it was queued"
        )


if __name__ == "__main__":
    main(*sys.argv[1:3])
