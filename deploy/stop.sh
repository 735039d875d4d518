#!/usr/bin/env bash
# Stop the reference deployment started by deploy/start.sh: the job server and Odoo, then the replica and the
# primary.
#   deploy/stop.sh            stop (data kept)
#   deploy/stop.sh --purge    stop and delete DEPLOY_DIR (clusters, filestore, logs)
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/_env.sh"
RUN="${DEPLOY_DIR:-/var/tmp/congdan_hoctap_deploy}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

for name in odoo-jobs odoo; do
    [ -f "$RUN/$name.pid" ] || continue
    pid="$(cat "$RUN/$name.pid")"
    if kill -0 "$pid" 2>/dev/null; then
        log "stopping $name (pid $pid)"
        kill -TERM "$pid"
        for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$RUN/$name.pid"
done
for cluster in replica primary; do
    if [ -f "$RUN/$cluster/PG_VERSION" ] && pg "$PG_BIN/pg_ctl" -D "$RUN/$cluster" status >/dev/null 2>&1; then
        log "stopping the $cluster"
        pg "$PG_BIN/pg_ctl" -D "$RUN/$cluster" -m fast -w stop >/dev/null
    fi
done
if [ "${1:-}" = --purge ]; then
    log "deleting $RUN"
    rm -rf "$RUN"
fi
