#!/usr/bin/env bash
# The load test: for each setup, (a) `single` — one threaded Odoo process on the primary, mass actions
# inline — and (b) `multi` — Odoo workers, the streaming replica and the job queue (deploy/start.sh),
# seed fresh citizens and officers, run Locust headless at rising concurrency, print requests/s,
# p50/p95 latency and errors per scenario, and check that every submitted self-assessment is stored once.
#
#   bench/load/run_load.sh
#   LOAD_STEPS="4 8 16"   concurrent users per step (4 citizens for 1 officer)
#   LOAD_SECONDS=60       length of each step
#   LOAD_MODES="single multi"
#   LOAD_MEMBERS=300      extra members in each step's commune (what the officers' lists read)
#   LOAD_WAIT="0.5 1.5"   each simulated user's think time between two tasks, seconds (min max)
#   LOAD_REFRESH=1        (multi) each step is run twice: as is, then with a province-wide statistics refresh
#                         in the background (rows "refresh"); the refresh's jobs must end, their time is shown
#   LOAD_PROVINCE_MEMBERS build the bench province (LOADBIG<n>: 100 communes x 20 branches, this many memberships,
#                         a report per association) once, and refresh it instead of the load province
#   DEPLOY_*              passed to deploy/start.sh (DEPLOY_HTTP_PORT defaults to 18069 here)
# Locust lives in a virtualenv of its own ($LOAD_VENV), from bench/requirements-load.txt.
# Only addresses on this machine are loaded (127.0.0.1); every step is bounded in time.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/_env.sh"
check_odoo
setup_venv

LOAD_VENV="${LOAD_VENV:-$HOME/.venvs/congdan_hoctap-load}"
STEPS="${LOAD_STEPS:-4 8 16}"
SECONDS_PER_STEP="${LOAD_SECONDS:-60}"
MODES="${LOAD_MODES:-single multi}"
export DEPLOY_DIR="${DEPLOY_DIR:-/var/tmp/congdan_hoctap_deploy}" DEPLOY_HTTP_PORT="${DEPLOY_HTTP_PORT:-18069}"
DB="${DEPLOY_DB:-hoctap}"
HERE="$ROOT/bench/load"
OUT="$ROOT/bench/results/load-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"

stamp="$LOAD_VENV/.requirements-load"
want="$(sha256sum "$ROOT/bench/requirements-load.txt" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "installing Locust into $LOAD_VENV"
    [ -x "$LOAD_VENV/bin/python" ] || "$(command -v python3.11 || command -v python3)" -m venv "$LOAD_VENV"
    "$LOAD_VENV/bin/python" -m pip install -q -r "$ROOT/bench/requirements-load.txt"
    echo "$want" > "$stamp"
fi

shell() { "$PY" "$ODOO_PATH/odoo-bin" shell -c "$DEPLOY_DIR/odoo.conf" -d "$DB" --no-http --log-level=warn; }

# step <run> <users> <threshold>: seed fresh people, (refresh) queue the province refresh, load, check.
step() {
    local run="$1" users="$2" threshold="$3" tag name since
    tag="$(( $(date +%s) % 1000000 ))"
    name="$run-$users"
    export LOAD_TAG="$tag" LOAD_CITIZENS="$users" LOAD_OFFICERS="$(( users / 4 > 0 ? users / 4 : 1 ))" \
        LOAD_MEMBERS="${LOAD_MEMBERS:-300}" LOAD_THRESHOLD="$threshold" \
        LOAD_ACCOUNTS="$OUT/$name-accounts.json" LOAD_SUBMITTED="$OUT/$name-submitted.json" \
        LOAD_TIMES="$OUT/$name-times.json"
    log "$name: seeding $users citizens"
    shell < "$HERE/seed.py" | tail -1
    if [ "$run" = refresh ]; then
        since="$(date -u '+%Y-%m-%d %H:%M:%S')"
        log "$name: queueing a province-wide statistics refresh"
        shell < "$HERE/refresh.py" | tail -1
    fi
    log "$name: $users users for ${SECONDS_PER_STEP}s"
    (cd "$HERE" && timeout "$(( SECONDS_PER_STEP + 60 ))" "$LOAD_VENV/bin/locust" -f locustfile.py --headless \
        --host "http://127.0.0.1:$DEPLOY_HTTP_PORT" -u "$users" -r "$users" -t "${SECONDS_PER_STEP}s" \
        --stop-timeout 10 --only-summary --loglevel WARNING > "$OUT/$name-locust.log" 2>&1) || true
    LOAD_SUBMITTED="$OUT/$name-submitted.json" shell < "$HERE/check.py" | tail -1 > "$OUT/$name-check.json"
    cat "$OUT/$name-check.json"
    if [ "$run" = refresh ]; then
        LOAD_REFRESH_SINCE="$since" shell < "$HERE/refresh_done.py" | tail -1 > "$OUT/$name-jobs.json"
        cat "$OUT/$name-jobs.json"
    fi
}

for mode in $MODES; do
    "$ROOT/deploy/stop.sh"
    DEPLOY_MODE="$mode" "$ROOT/deploy/start.sh"
    if [ "$mode" = multi ]; then threshold=10; else threshold=1000000; fi
    log "$mode: warming up (every worker loads the registry on its first requests)"
    for _ in $(seq 8); do
        curl -s -o /dev/null "http://127.0.0.1:$DEPLOY_HTTP_PORT/web/login" &
        curl -s -o /dev/null "http://127.0.0.1:$DEPLOY_HTTP_PORT/hoctap/verify/warmup" &
        wait
    done
    if [ "$mode" = multi ] && [ -n "${LOAD_PROVINCE_MEMBERS:-}" ]; then
        log "$mode: building the bench province ($LOAD_PROVINCE_MEMBERS memberships) if missing"
        ROOT="$ROOT" shell < "$HERE/province.py" | tail -1
        export LOAD_REFRESH_CODE="LOADBIG$LOAD_PROVINCE_MEMBERS" LOAD_REFRESH_CHUNK=200
    fi
    runs="$mode"; [ "$mode" = multi ] && [ -n "${LOAD_REFRESH:-}" ] && runs="multi refresh"
    for users in $STEPS; do
        for run in $runs; do
            step "$run" "$users" "$threshold"
        done
    done
done
"$ROOT/deploy/stop.sh"
"$PY" "$HERE/summarize.py" "$OUT" "$SECONDS_PER_STEP" | tee "$OUT/summary.md"
