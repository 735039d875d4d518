# Shared set-up for the project's two commands; sourced, not run.
# Checks Odoo, prepares the pinned virtualenv and a running local PostgreSQL.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_PATH="${ODOO_PATH:-/opt/odoo}"
VENV="${VENV:-$HOME/.venvs/congdan_hoctap}"
PY="$VENV/bin/python"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

check_odoo() {
    if [ ! -f "$ODOO_PATH/odoo-bin" ] || [ ! -d "$ODOO_PATH/odoo" ] || [ ! -d "$ODOO_PATH/addons" ]; then
        die "no Odoo 18.0 source tree at ODOO_PATH=$ODOO_PATH (odoo-bin, odoo/, addons/).
Set ODOO_PATH to the folder that holds Odoo 18.0 Community and run this again."
    fi
    grep -q "version_info = (18, 0" "$ODOO_PATH/odoo/release.py" \
        || die "ODOO_PATH=$ODOO_PATH is not Odoo 18.0 (see odoo/release.py)."
}

setup_venv() {
    command -v python3.11 >/dev/null 2>&1 && base=python3.11 || base=python3
    "$base" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
        || die "Python 3.11 is required ($base is $("$base" --version 2>&1))."
    [ -x "$PY" ] || { log "creating virtualenv $VENV"; "$base" -m venv "$VENV"; }
    stamp="$VENV/.congdan_hoctap-requirements"
    want="$(cat "$ROOT/requirements.txt" "$ROOT/requirements-odoo-addons.txt" | sha256sum | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        log "installing pinned Python dependencies into $VENV"
        "$PY" -m pip install -q --upgrade pip wheel setuptools
        "$PY" -m pip install -q --prefer-binary -r "$ROOT/requirements.txt"
        # OCA addon wheels (queue_job) require the `odoo` distribution, which is not on PyPI:
        # installed without their dependencies (those are in requirements.txt).
        "$PY" -m pip install -q --no-deps -r "$ROOT/requirements-odoo-addons.txt"
        echo "$want" > "$stamp"
    fi
    # Odoo is used from its source tree, never installed into the venv.
    site="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    echo "$ODOO_PATH" > "$site/odoo-source.pth"
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

setup_postgres() {
    if ! command -v pg_ctlcluster >/dev/null 2>&1 && ! command -v pg_ctl >/dev/null 2>&1; then
        log "installing PostgreSQL (apt)"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    if ! pg_isready -q 2>/dev/null; then
        log "starting PostgreSQL"
        if command -v pg_ctlcluster >/dev/null 2>&1; then
            ver="$(pg_lsclusters -h | awk 'NR==1{print $1}')"
            name="$(pg_lsclusters -h | awk 'NR==1{print $2}')"
            if [ -z "$ver" ]; then
                ver="$(ls /usr/lib/postgresql | sort -n | tail -1)"; name=main
                as_root pg_createcluster "$ver" "$name" >/dev/null
            fi
            as_root pg_ctlcluster "$ver" "$name" start
        else
            as_root service postgresql start
        fi
        for _ in $(seq 30); do pg_isready -q && break; sleep 1; done
        pg_isready -q || die "PostgreSQL did not start."
    fi
    # Peer authentication: the OS user needs a role of the same name that may create databases.
    me="$(id -un)"
    if ! psql -d postgres -tAc "select 1" >/dev/null 2>&1; then
        log "creating PostgreSQL role $me"
        as_root su postgres -c "createuser --createdb --superuser '$me'" 2>/dev/null \
            || as_root su postgres -c "psql -qc \"alter role \\\"$me\\\" createdb superuser\""
    fi
}

# Where the OCA addon wheels of requirements-odoo-addons.txt put their addons (queue_job).
oca_addons_path() {
    echo "$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/odoo/addons"
}

addons_path() {
    echo "$ODOO_PATH/addons,$ROOT,$(oca_addons_path)"
}

odoo_bin() {
    "$PY" "$ODOO_PATH/odoo-bin" --addons-path="$(addons_path)" "$@"
}

install_report_tools() {
    # The report engine renders PDFs with wkhtmltopdf; DejaVu covers Vietnamese diacritics.
    if ! command -v wkhtmltopdf >/dev/null 2>&1 || [ ! -d /usr/share/fonts/truetype/dejavu ]; then
        log "installing wkhtmltopdf and fonts (apt)"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wkhtmltopdf fonts-dejavu-core >/dev/null
    fi
}

install_browser() {
    # Browser tests (tours) run in headless Chromium; without it Odoo skips them silently.
    if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
            && ! command -v google-chrome >/dev/null 2>&1; then
        log "installing Chromium for the browser tests (apt)"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
}
