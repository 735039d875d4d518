#!/usr/bin/env bash
# Run the project's benchmarks (bench/bench_*.py, each inside `odoo-bin shell`), in one run.
#   bench/run.sh                  full size, on a throwaway database (a million rows: minutes)
#   BENCH_SMOKE=1 bench/run.sh    tiny sizes, to prove each benchmark still runs (the test command does this)
#   BENCH_DB=<db>                 use that existing database instead of a throwaway one (its data is kept)
# BENCH_MEMBERS, BENCH_COMMUNES, BENCH_BRANCHES, BENCH_IMPORT_ROWS, BENCH_CAMPAIGN_SIZES, BENCH_DECISION,
# BENCH_CERTIFICATES, BENCH_EXPORT_ROWS override the sizes; BENCH_ONLY=<name> runs bench/bench_<name>.py alone.
# bench_statistics.py: BENCH_REUSE=1 reuses the province a previous run left in BENCH_DB; BENCH_REPORTS=1 adds the
# province-wide refresh of a report per association (see its docstring).
# The last measured figures and the machine: bench/README.md.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/_env.sh"
check_odoo
setup_venv
setup_postgres
if [ -n "${BENCH_SMOKE:-}" ]; then
    export BENCH_MEMBERS="${BENCH_MEMBERS:-2000}" BENCH_COMMUNES="${BENCH_COMMUNES:-3}" BENCH_BRANCHES="${BENCH_BRANCHES:-4}"
    export BENCH_IMPORT_ROWS="${BENCH_IMPORT_ROWS:-40}" BENCH_CAMPAIGN_SIZES="${BENCH_CAMPAIGN_SIZES:-12}" \
        BENCH_DECISION="${BENCH_DECISION:-12}" BENCH_CERTIFICATES="${BENCH_CERTIFICATES:-3}" \
        BENCH_EXPORT_ROWS="${BENCH_EXPORT_ROWS:-500}"
fi
export BENCH_DIR="$ROOT/bench" ODOO_PATH
# wkhtmltopdf (Qt) wants a private runtime directory; without one it warns on every PDF.
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d -t bench-xdg.XXXXXX)}"
if [ -n "${BENCH_DB:-}" ]; then
    DB="$BENCH_DB"
else
    DB="congdan_hoctap_bench_$$"
    trap 'dropdb --if-exists "$DB" >/dev/null 2>&1 || true' EXIT
    odoo_bin -d "$DB" -i congdan_hoctap --without-demo=all --stop-after-init --log-level=warn
fi
status=0
for bench in "$ROOT"/bench/bench_${BENCH_ONLY:-*}.py; do
    log "$(basename "$bench")"
    odoo_bin shell -d "$DB" --no-http --log-level=warn < "$bench" || status=1
done
exit "$status"
