#!/usr/bin/env bash
# The reference deployment on one machine: PostgreSQL primary + a streaming replica, Odoo in prefork
# mode (workers) for the users, and a job server (Odoo workers of their own with the OCA queue_job runner, at a
# lower CPU priority) for the background jobs and scheduled actions, all pointed at both. Idempotent: what runs
# is left running.
#
#   deploy/start.sh                 start (creates the clusters and the database the first time)
#   DEPLOY_MODE=single deploy/start.sh   one threaded Odoo process on the primary only (no workers,
#                                        no replica; the job runner runs in a thread) — the baseline
#   deploy/stop.sh                  stop everything (deploy/stop.sh --purge also deletes the data)
#
# Settings (environment): DEPLOY_DIR (data, sockets, logs; default /var/tmp/congdan_hoctap_deploy),
# DEPLOY_DB (default hoctap), DEPLOY_DEMO=1 (install with demo data), DEPLOY_UPDATE=1 (upgrade the addon
# before starting, after a new release), DEPLOY_HTTP_PORT (8069), DEPLOY_PG_PORT (5433; the replica listens on
# the next port), DEPLOY_WORKERS (2), DEPLOY_JOB_WORKERS (2: the job server's workers, on DEPLOY_HTTP_PORT + 1),
# DEPLOY_JOB_NICE (10: the job server's nice level), PG_BIN (/usr/lib/postgresql/15/bin: Debian's PostgreSQL 15
# tools).
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/_env.sh"

RUN="${DEPLOY_DIR:-/var/tmp/congdan_hoctap_deploy}"
DB="${DEPLOY_DB:-hoctap}"
MODE="${DEPLOY_MODE:-multi}"
HTTP_PORT="${DEPLOY_HTTP_PORT:-8069}"
PG_PORT="${DEPLOY_PG_PORT:-5433}"
REPLICA_PORT="$((PG_PORT + 1))"
WORKERS="${DEPLOY_WORKERS:-2}"
JOB_WORKERS="${DEPLOY_JOB_WORKERS:-2}"
JOB_NICE="${DEPLOY_JOB_NICE:-10}"
JOB_PORT="$((HTTP_PORT + 1))"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

check_odoo
setup_venv
[ -x "$PG_BIN/pg_ctl" ] || die "no PostgreSQL tools in PG_BIN=$PG_BIN (apt-get install postgresql-15)."

# PostgreSQL refuses to run as root: its clusters belong to the postgres user when we are root.
pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_up() { pg "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }

mkdir -p "$RUN/sock" "$RUN/data"
[ "$(id -u)" -eq 0 ] && chown postgres: "$RUN" "$RUN/sock"

if [ ! -f "$RUN/primary/PG_VERSION" ]; then
    log "creating the primary cluster ($RUN/primary, port $PG_PORT)"
    pg "$PG_BIN/initdb" -D "$RUN/primary" -U postgres --auth-local=trust --auth-host=reject -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$RUN/primary/postgresql.conf" <<CONF
# congdan_hoctap reference deployment (province: size shared_buffers to ~25% of RAM)
port = $PG_PORT
listen_addresses = ''
unix_socket_directories = '$RUN/sock'
max_connections = 200
shared_buffers = 256MB
wal_level = replica
max_wal_senders = 4
hot_standby = on
hot_standby_feedback = on
CONF
    echo "local replication all trust" >> "$RUN/primary/pg_hba.conf"
fi
pg_up "$RUN/primary" || { log "starting the primary"; pg "$PG_BIN/pg_ctl" -D "$RUN/primary" -l "$RUN/primary.log" -w start >/dev/null; }
psql -h "$RUN/sock" -p "$PG_PORT" -U postgres -d postgres -tAc "select 1 from pg_roles where rolname='odoo'" | grep -q 1 \
    || psql -h "$RUN/sock" -p "$PG_PORT" -U postgres -d postgres -qc "create role odoo login createdb"

if [ "$MODE" = multi ]; then
    if [ ! -f "$RUN/replica/PG_VERSION" ]; then
        log "creating the streaming replica ($RUN/replica, port $REPLICA_PORT) with pg_basebackup -R"
        # -C -S: a replication slot keeps on the primary the WAL the replica has not replayed yet (while it is
        # stopped, e.g. during a DEPLOY_MODE=single run), so it always catches up.
        pg "$PG_BIN/pg_basebackup" -h "$RUN/sock" -p "$PG_PORT" -U postgres -D "$RUN/replica" -R -X stream -c fast \
            -C -S congdan_hoctap_replica
        echo "port = $REPLICA_PORT" >> "$RUN/replica/postgresql.auto.conf"
    fi
    pg_up "$RUN/replica" || { log "starting the replica"; pg "$PG_BIN/pg_ctl" -D "$RUN/replica" -l "$RUN/replica.log" -w start >/dev/null; }
    lsn="$(psql -h "$RUN/sock" -p "$PG_PORT" -U postgres -d postgres -tAc "select pg_current_wal_lsn()")"
    for _ in $(seq 120); do
        psql -h "$RUN/sock" -p "$REPLICA_PORT" -U postgres -d postgres -tAc \
            "select pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn" | grep -q t && break
        sleep 1
    done
    psql -h "$RUN/sock" -p "$REPLICA_PORT" -U postgres -d postgres -tAc "select pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn" \
        | grep -q t || die "the replica does not catch up with the primary; see $RUN/replica.log"
fi

# conf <name> <workers> <http port> <server-wide modules> <cron threads>: writes $RUN/<name>.conf
conf() {
    local replica_host="" replica_port="" maxconn=64
    [ "$MODE" = multi ] && { replica_host="$RUN/sock"; replica_port="$REPLICA_PORT"; maxconn=16; }
    sed -e "s|@ADDONS_PATH@|$(addons_path)|" -e "s|@RUN@|$RUN|g" -e "s|@PG_PORT@|$PG_PORT|" -e "s|@DB@|$DB|" \
        -e "s|@REPLICA_HOST@|$replica_host|" -e "s|@REPLICA_PORT@|$replica_port|" -e "s|@WORKERS@|$2|" \
        -e "s|@HTTP_PORT@|$3|" -e "s|@DB_MAXCONN@|$maxconn|" -e "s|@GEVENT_PORT@|$(($3 + 3))|" \
        -e "s|@SERVER_WIDE@|$4|" -e "s|@MAX_CRON@|$5|" -e "s|@NAME@|$1|g" -e "s|@JOB_PORT@|$JOB_PORT|" \
        "$ROOT/deploy/odoo.conf.in" > "$RUN/$1.conf"
    [ "$MODE" = multi ] || sed -i -e '/^db_replica_/d' "$RUN/$1.conf"
}
if [ "$MODE" = multi ]; then
    # the web server serves the users (no job runner, no cron); the job server runs the jobs the runner sends
    # to its port, and the scheduled actions, niced so that the users' requests come first
    workers="$WORKERS"
    conf odoo "$WORKERS" "$HTTP_PORT" base,web 0
    conf odoo-jobs "$JOB_WORKERS" "$JOB_PORT" base,web,queue_job 1
else
    workers=0 JOB_PORT="$HTTP_PORT"
    conf odoo 0 "$HTTP_PORT" base,web,queue_job 1
fi

odoo() { "$PY" "$ODOO_PATH/odoo-bin" -c "$RUN/odoo.conf" "$@"; }
if ! psql -h "$RUN/sock" -p "$PG_PORT" -U postgres -d postgres -tAc "select 1 from pg_database where datname='$DB'" | grep -q 1; then
    log "installing congdan_hoctap in database $DB"
    demo=(--without-demo=all); [ -n "${DEPLOY_DEMO:-}" ] && demo=()
    odoo -d "$DB" -i congdan_hoctap "${demo[@]}" --stop-after-init --workers=0 --logfile= --log-level=warn
fi
if [ -n "${DEPLOY_UPDATE:-}" ]; then
    log "upgrading congdan_hoctap in database $DB (-u)"
    odoo -d "$DB" -u congdan_hoctap --stop-after-init --workers=0 --logfile= --log-level=warn
fi

# serve <name> <port> [nice]: starts the Odoo server of $RUN/<name>.conf unless it runs, waits for its port
serve() {
    local name="$1" port="$2" niceness="${3:-0}"
    if [ -f "$RUN/$name.pid" ] && kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null; then
        log "$name already runs (pid $(cat "$RUN/$name.pid")); deploy/stop.sh first to change the mode"
        return
    fi
    nice -n "$niceness" "$PY" "$ODOO_PATH/odoo-bin" -c "$RUN/$name.conf" -d "$DB" >/dev/null 2>&1 &
    for _ in $(seq 60); do curl -sf -o /dev/null "http://127.0.0.1:$port/web/login" && break; sleep 1; done
    curl -sf -o /dev/null "http://127.0.0.1:$port/web/login" || die "Odoo ($name) did not answer; see $RUN/$name.log"
}
replica=""; [ "$MODE" = multi ] && replica=", replica on port $REPLICA_PORT"
log "starting Odoo ($MODE: workers=$workers$replica) on http://127.0.0.1:$HTTP_PORT"
serve odoo "$HTTP_PORT"
if [ "$MODE" = multi ]; then
    log "starting the job server (workers=$JOB_WORKERS, nice $JOB_NICE, job runner) on port $JOB_PORT"
    serve odoo-jobs "$JOB_PORT" "$JOB_NICE"
fi
echo "$MODE" > "$RUN/mode"
log "up: http://127.0.0.1:$HTTP_PORT (database $DB; logs in $RUN)"
