#!/usr/bin/env bash
# Build the demo database (module + demo data, Vietnamese active for the admin) and serve it
# on http://localhost:8069. Run again to rebuild; DEMO_DB and HTTP_PORT override the defaults.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"

DEMO_DB="${DEMO_DB:-congdan_hoctap_demo}"
HTTP_PORT="${HTTP_PORT:-8069}"

check_odoo
setup_venv
setup_postgres
install_report_tools

log "building the demo database $DEMO_DB"
dropdb --if-exists "$DEMO_DB"
# A Vietnamese association: the company is in Việt Nam, so accounting takes the Vietnamese chart
# of accounts (l10n_vn, VND) before the module and its demo data are installed.
odoo_bin -d "$DEMO_DB" -i base --load-language=vi_VN --stop-after-init --log-level=warn
odoo_bin shell -d "$DEMO_DB" --no-http --log-level=warn <<'PYEOF'
env["res.lang"]._activate_lang("vi_VN")
env.ref("base.main_company").write({
    "name": "Hội Khuyến học Việt Nam",
    "country_id": env.ref("base.vn").id,
    "city": "Hà Nội",
})
env.cr.commit()
PYEOF
odoo_bin -d "$DEMO_DB" -i l10n_vn --stop-after-init --log-level=warn
odoo_bin -d "$DEMO_DB" -i congdan_hoctap --stop-after-init --log-level=warn
odoo_bin shell -d "$DEMO_DB" --no-http --log-level=warn <<'PYEOF'
env["res.users"].with_context(active_test=False).search([("share", "=", False)]).write(
    {"lang": "vi_VN", "tz": "Asia/Ho_Chi_Minh"}
)
env.cr.commit()
PYEOF

cat <<MSG

  Demo database "$DEMO_DB" is ready, in Vietnamese.
  Open http://localhost:$HTTP_PORT  —  login: admin   password: admin
  (the officer of the Ô Diên commune association: login odien, password odien;
   a citizen on the portal, http://localhost:$HTTP_PORT/my: login 001066739263, password congdan2026)
  (Ctrl-C stops the server.)

MSG
# --load=base,web,queue_job starts the job runner of OCA queue_job inside this server (background jobs).
exec "$PY" "$ODOO_PATH/odoo-bin" --addons-path="$(addons_path)" --load=base,web,queue_job -d "$DEMO_DB" \
    --db-filter="^$DEMO_DB\$" --http-port="$HTTP_PORT" --log-level=info
