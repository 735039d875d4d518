#!/usr/bin/env bash
# Regenerate congdan_hoctap/i18n/congdan_hoctap.pot from the code and merge it into vi.po
# (keeping existing translations, reusing Odoo's own for shared terms). Lists what is left
# untranslated: write those in vi.po by hand. Uses a throwaway database.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
check_odoo
setup_venv
setup_postgres
DB="congdan_hoctap_i18n_$$"
trap 'dropdb --if-exists "$DB" >/dev/null 2>&1 || true' EXIT
odoo_bin -d "$DB" -i congdan_hoctap --without-demo=all --stop-after-init --log-level=warn
odoo_bin -d "$DB" --i18n-export="$ROOT/congdan_hoctap/i18n/congdan_hoctap.pot" \
    --modules=congdan_hoctap --log-level=warn
# Dates in the header change at every export: keep the file stable.
sed -i '/^"POT-Creation-Date:/d; /^"PO-Revision-Date:/d' "$ROOT/congdan_hoctap/i18n/congdan_hoctap.pot"
"$PY" "$ROOT/scripts/merge_vi_po.py" "$ROOT/congdan_hoctap" "$ODOO_PATH"
