#!/usr/bin/env bash
# Run the project's benchmarks on a throwaway database (not part of the test command: it loads
# a million rows). Usage: bench/run.sh   (BENCH_MEMBERS, BENCH_COMMUNES, BENCH_BRANCHES override)
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/_env.sh"
check_odoo
setup_venv
setup_postgres
DB="congdan_hoctap_bench_$$"
trap 'dropdb --if-exists "$DB" >/dev/null 2>&1 || true' EXIT
odoo_bin -d "$DB" -i congdan_hoctap --without-demo=all --stop-after-init --log-level=warn
for bench in "$ROOT"/bench/bench_*.py; do
    log "$(basename "$bench")"
    odoo_bin shell -d "$DB" --no-http --log-level=warn < "$bench"
done
