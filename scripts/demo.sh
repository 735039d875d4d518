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
odoo_bin -d "$DEMO_DB" -i congdan_hoctap --load-language=vi_VN --stop-after-init --log-level=warn
odoo_bin shell -d "$DEMO_DB" --no-http --log-level=warn <<'PYEOF'
env["res.lang"]._activate_lang("vi_VN")
env["res.users"].with_context(active_test=False).search([("share", "=", False)]).write({"lang": "vi_VN", "tz": "Asia/Ho_Chi_Minh"})
env.ref("base.main_company").write({"name": "Hội Khuyến học Việt Nam"})
env.cr.commit()
PYEOF

cat <<MSG

  Demo database "$DEMO_DB" is ready, in Vietnamese.
  Open http://localhost:$HTTP_PORT  —  login: admin   password: admin
  (Ctrl-C stops the server.)

MSG
exec "$PY" "$ODOO_PATH/odoo-bin" --addons-path="$ODOO_PATH/addons,$ROOT" -d "$DEMO_DB" \
    --db-filter="^$DEMO_DB\$" --http-port="$HTTP_PORT" --log-level=info
