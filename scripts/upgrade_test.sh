#!/usr/bin/env bash
# The upgrade test: a database built at the last release (with its demo data and a few records a
# user adds) is upgraded to the working tree with -u congdan_hoctap; every record must still be
# there with the same figures, the working tree's record rules must be the ones in force, and the
# upgrade log must have no error. Called by scripts/test.sh; exits non-zero on any failure.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"

# The last release: its tag, and the commit the tag names (a clone without tags still has it).
BASE_TAG="${UPGRADE_BASE_TAG:-18.0.1.1.0}"
BASE_COMMIT="${UPGRADE_BASE_COMMIT:-d6deba11513e6b29b4bf0263153afdcd18e879b9}"

check_odoo
setup_venv
setup_postgres

base_ref=""
for ref in "refs/tags/$BASE_TAG" "$BASE_COMMIT"; do
    if git -C "$ROOT" rev-parse -q --verify "$ref^{commit}" >/dev/null; then base_ref="$ref"; break; fi
done
[ -n "$base_ref" ] || die "the last release $BASE_TAG ($BASE_COMMIT) is not in this clone's history."

WORK="$(mktemp -d -t congdan_hoctap_upgrade.XXXXXX)"
DB="congdan_hoctap_upgrade_$$"
cleanup_upgrade() {
    dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    rm -rf "$WORK" "$HOME/.local/share/Odoo/filestore/$DB"
}
trap cleanup_upgrade EXIT

log "upgrade test: building $DB at release $BASE_TAG with its demo data"
mkdir -p "$WORK/base"
git -C "$ROOT" archive "$base_ref" congdan_hoctap | tar -x -C "$WORK/base"
"$PY" "$ODOO_PATH/odoo-bin" --addons-path="$ODOO_PATH/addons,$WORK/base" -d "$DB" -i congdan_hoctap \
    --stop-after-init --log-level=warn --logfile="$WORK/install.log" \
    || { tail -50 "$WORK/install.log"; die "the release $BASE_TAG did not install."; }
grep -q 'demo data failed' "$WORK/install.log" && { cat "$WORK/install.log"; die "the release $BASE_TAG installed without its demo data."; }

export SNAPSHOT="$WORK/snapshot.json" SNAPSHOT_PY="$ROOT/scripts/upgrade/snapshot.py" ADDON_DIR="$ROOT/congdan_hoctap"
log "upgrade test: adding a member, a recognised evaluation, a donation and a statistics report"
"$PY" "$ODOO_PATH/odoo-bin" shell --addons-path="$ODOO_PATH/addons,$WORK/base" -d "$DB" --no-http \
    --log-level=warn < "$ROOT/scripts/upgrade/seed.py" || die "could not add the records at $BASE_TAG."

log "upgrade test: -u congdan_hoctap to the working tree"
if ! odoo_bin -d "$DB" -u congdan_hoctap --stop-after-init --log-level=warn --logfile="$WORK/upgrade.log"; then
    tail -50 "$WORK/upgrade.log"; die "the upgrade failed."
fi
# Odoo only warns when demo data fails to load (and installs without it): that is an error here.
if grep -E ' (ERROR|CRITICAL) |demo data failed' "$WORK/upgrade.log"; then
    die "the upgrade logged errors (above)."
fi

log "upgrade test: checking records, figures and record rules"
odoo_bin shell -d "$DB" --no-http --log-level=warn < "$ROOT/scripts/upgrade/check.py" \
    || die "the upgraded database differs (above)."
