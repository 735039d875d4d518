#!/usr/bin/env bash
# The whole test suite on a fresh throwaway database: the module installed from scratch,
# its tests run with pytest-odoo, pylint-odoo and ruff (lint and format) on the repository, and the
# translation checked.
# Exits non-zero on any failure.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"

check_odoo
setup_venv
setup_postgres
install_report_tools
install_browser

DB="congdan_hoctap_test_$$"
LOG="$(mktemp -t congdan_hoctap_install.XXXXXX.log)"
cleanup() { dropdb --if-exists "$DB" >/dev/null 2>&1 || true; rm -rf "$HOME/.local/share/Odoo/filestore/$DB"; }
trap cleanup EXIT

status=0

log "installing congdan_hoctap from scratch in $DB"
if ! odoo_bin -d "$DB" -i congdan_hoctap --without-demo=all --stop-after-init \
        --log-level=warn --logfile="$LOG"; then
    cat "$LOG"; die "the module did not install."
fi
if grep -E ' (ERROR|CRITICAL) ' "$LOG"; then
    die "the module installed with errors (above)."
fi

log "running the tests (pytest-odoo)"
# HTTP and browser tests (HttpCase, tours) need Odoo's own server and runner: they live in
# tests/test_http_*.py, tagged "congdan_hoctap_http", and run in the next step.
(cd "$ROOT" && "$PY" -m pytest -p no:cacheprovider -rs --odoo-database="$DB" \
    --odoo-addons-path="$(addons_path)" --odoo-log-level=warn \
    --ignore-glob='*/tests/test_http_*.py' congdan_hoctap/tests "$@") || status=1

log "running the HTTP and browser tests (Odoo's test runner, headless Chromium)"
HTTP_LOG="$(mktemp -t congdan_hoctap_http.XXXXXX.log)"
if ! odoo_bin -d "$DB" --test-enable --test-tags=congdan_hoctap_http --stop-after-init \
        --http-port="$((20000 + $$ % 20000))" --log-level=info --logfile="$HTTP_LOG"; then
    status=1
fi
grep -E ' (ERROR|CRITICAL) |FAIL:|Ran [0-9]+ test|tests? (passed|failed)|[0-9]+ post-tests' "$HTTP_LOG" || true
# Odoo skips a browser test when Chromium or websocket-client is missing: that is a failure here.
if grep -iE 'skip.*(chrom|browser|websocket)|(chrom|browser|websocket).*skip' "$HTTP_LOG" | grep -v '<html'; then
    echo "error: browser tests were skipped (above); they must run." >&2; status=1
fi
if grep -qE ' (ERROR|CRITICAL) ' "$HTTP_LOG"; then
    # the traceback that follows each error, so that a failure seen once can be understood
    grep -A 40 -E ' (ERROR|CRITICAL) ' "$HTTP_LOG" | head -200
    status=1
fi
rm -f "$HTTP_LOG"

log "checking the demo data loads (module with demo, fresh database)"
DEMO_DB="${DB}_demo"
if odoo_bin -d "$DEMO_DB" -i congdan_hoctap --stop-after-init --log-level=warn \
        --logfile="$LOG.demo" && ! grep -E ' (ERROR|CRITICAL) |demo data failed' "$LOG.demo"; then
    echo "demo data loaded"
else
    tail -50 "$LOG.demo"; echo "error: the demo data did not load." >&2; status=1
fi
dropdb --if-exists "$DEMO_DB" >/dev/null 2>&1 || true

log "upgrade test: from the last release to the working tree"
"$ROOT/scripts/upgrade_test.sh" || status=1

log "pylint-odoo on the addon"
(cd "$ROOT" && "$PY" -m pylint --rcfile="$ROOT/.pylintrc" congdan_hoctap) || status=1

log "ruff: lint and format (settings in ruff.toml)"
(cd "$ROOT" && "$PY" -m ruff check . && "$PY" -m ruff format --check .) || status=1

log "checking the translation template is current and vi.po complete"
FRESH_POT="$(mktemp -t congdan_hoctap.XXXXXX.pot)"
odoo_bin -d "$DB" --i18n-export="$FRESH_POT" --modules=congdan_hoctap --log-level=warn
"$PY" "$ROOT/scripts/check_i18n.py" "$ROOT/congdan_hoctap" "$FRESH_POT" || status=1
rm -f "$FRESH_POT"

log "benchmarks: a smoke run of each (tiny sizes) on the test database"
BENCH_SMOKE=1 BENCH_DB="$DB" "$ROOT/bench/run.sh" || status=1

log "checking for pre-18.0 view syntax"
if grep -rnE '<tree[ >]|\battrs=|\bstates=|kanban-box|t-esc=' --include='*.xml' "$ROOT/congdan_hoctap"; then
    echo "error: pre-18.0 view syntax (above)." >&2; status=1
fi

[ "$status" -eq 0 ] && log "all checks passed" || log "FAILED"
exit "$status"
