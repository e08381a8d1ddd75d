#!/usr/bin/env bash
# The README's load command (`make load`): Odoo as it scales out, under concurrent users
# and faults, beside other work. Set-up; a PostgreSQL cluster of its own (data in
# .local/load/pg, port SG_LOAD_PG_PORT) with a streaming replica of it (port
# SG_LOAD_PG_REPLICA_PORT) as db_replica_host, so that its restarts, its base backup and
# its faults touch neither the project's cluster nor a demo on it; the benchmark database
# populated there at SG_LOAD_SCALE (reused when there); Odoo with --workers 4 and its
# evented (gevent) port behind one address, a small nginx reverse proxy (/websocket to
# the evented port, the rest to the workers); then locust, headless, over JSON-RPC: a
# single practitioner and a lead first (the baseline), then 50 practitioners, 5 leads
# and 2 managers for SG_LOAD_MINUTES; the checks of scripts/load/check.py after it and
# after each fault (a worker killed while recording, the primary restarted, the replica
# stopped, each SG_LOAD_FAULT_REPEATS times, each during SG_LOAD_FAULT_SECONDS of load).
# Prints the load and fault tables, the start-up burst apart from the steady state
# (also written to .local/load/load.md), and stops everything it started.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

RUN="$LOCAL/load"
# The load's own cluster and ports (away from the project's 54329/54339 and a demo's
# 8069): everything below, scripts/pg.sh included, works on them.
export SG_PG_PORT="${SG_LOAD_PG_PORT:-54369}"
export SG_PG_REPLICA_PORT="${SG_LOAD_PG_REPLICA_PORT:-54379}"
export SG_PG_CLUSTER_DIR="$RUN/pg"
# The share of reads each server answers is counted by the servers themselves.
export SG_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements"
PG_PORT="$SG_PG_PORT"
PG_REPLICA_PORT="$SG_PG_REPLICA_PORT"
SCALE="${SG_LOAD_SCALE:-0.05}"
MINUTES="${SG_LOAD_MINUTES:-10}"
LOAD_SECONDS="${SG_LOAD_SECONDS:-$((MINUTES * 60))}"
BASELINE_SECONDS="${SG_LOAD_BASELINE_SECONDS:-120}"
FAULT_SECONDS="${SG_LOAD_FAULT_SECONDS:-40}"
FAULT_REPEATS="${SG_LOAD_FAULT_REPEATS:-5}"
FAULTS="${SG_LOAD_FAULTS-kill_worker restart_primary stop_replica}"
LOAD_DB="${SG_LOAD_DB:-safeguarding_load}"
ODOO_PORT="${SG_LOAD_HTTP_PORT:-8469}"
GEVENT_PORT="${SG_LOAD_GEVENT_PORT:-8472}"
PROXY_PORT="${SG_LOAD_PROXY_PORT:-8470}"
LOCUST_VERSION=2.47.0
VENV="$LOCAL/locust-venv"
URL="http://127.0.0.1:$PROXY_PORT"
PSQL() { PGPASSWORD="$PG_PASSWORD" "$(pg_bindir)/psql" -h 127.0.0.1 -U "$PG_USER" -X -q -tA "$@"; }

# -- set-up -----------------------------------------------------------------------------

"$ROOT/scripts/setup.sh"
require_odoo
mkdir -p "$RUN"
if ! command -v nginx >/dev/null || ! "$PYTHON" -c 'import ensurepip' 2>/dev/null; then
    [ "$(id -u)" = 0 ] || die "Install nginx-light and python3-venv (sudo apt-get install ...)."
    say "Installing Debian packages: nginx-light python3-venv"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq nginx-light python3-venv >/dev/null
fi
# The load tool in a venv of its own: its gevent is not Odoo's pinned one.
if [ "$("$VENV/bin/locust" --version 2>/dev/null | awk '{print $2}')" != "$LOCUST_VERSION" ]; then
    say "Installing locust $LOCUST_VERSION into $VENV"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install -q "locust==$LOCUST_VERSION"
fi

say "The load's own PostgreSQL cluster on 127.0.0.1:$PG_PORT ($SG_PG_CLUSTER_DIR)"
"$ROOT/scripts/pg.sh" start
[ "$(PSQL -p "$PG_PORT" -d postgres -c 'SHOW shared_preload_libraries')" = pg_stat_statements ] ||
    die "The cluster on port $PG_PORT is not the load's own (pg_stat_statements is not loaded):
another cluster answers there. Choose free ports with SG_LOAD_PG_PORT and SG_LOAD_PG_REPLICA_PORT."

expose_addon "$RUN/addons" copy
write_conf "$RUN/odoo.conf" "$RUN/addons" "$ODOO_PORT" "$RUN/data"
cat >>"$RUN/odoo.conf" <<CONF
db_replica_host = 127.0.0.1
db_replica_port = $PG_REPLICA_PORT
workers = 4
max_cron_threads = 1
gevent_port = $GEVENT_PORT
proxy_mode = True
db_name = $LOAD_DB
dbfilter = ^$LOAD_DB\$
CONF
export TZ=UTC

[ "${SG_LOAD_FRESH:-0}" = 1 ] && drop_db "$LOAD_DB"
if [ "$(PSQL -p "$PG_PORT" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$LOAD_DB'")" = 1 ] &&
    [ "$(PSQL -p "$PG_PORT" -d "$LOAD_DB" -c "SELECT 1 FROM res_users WHERE login = 'bench.manager'")" = 1 ]; then
    say "Reusing the populated database $LOAD_DB (updating $ADDON)"
    odoo_cmd -c "$RUN/odoo.conf" -d "$LOAD_DB" -u "$ADDON" --stop-after-init --workers=0 \
        --log-level=warn --logfile="$RUN/update.log" || die "The update failed: see $RUN/update.log"
else
    drop_db "$LOAD_DB"
    say "Installing $ADDON without demo data into $LOAD_DB"
    odoo_cmd -c "$RUN/odoo.conf" -d "$LOAD_DB" -i "$ADDON" --without-demo=all --stop-after-init \
        --workers=0 --log-level=warn --logfile="$RUN/install.log" ||
        { drop_db "$LOAD_DB"; die "The install failed: see $RUN/install.log"; }
    say "Populating $LOAD_DB at scale $SCALE"
    "$PYTHON" "$ROOT/scripts/populate.py" -c "$RUN/odoo.conf" -d "$LOAD_DB" --scale "$SCALE" \
        >"$RUN/populate.log" || { drop_db "$LOAD_DB"; die "Populating failed: see $RUN/populate.log"; }
fi
PSQL -p "$PG_PORT" -d "$LOAD_DB" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
say "The load's users: 50 practitioners, 5 leads, 2 managers (two factors lifted here)"
"$PYTHON" "$ROOT/scripts/load/prepare.py" -c "$RUN/odoo.conf" -d "$LOAD_DB" \
    --output "$RUN/users.json"

# -- the servers ------------------------------------------------------------------------

ODOO_PID=
NGINX_CONF="$RUN/nginx/nginx.conf"
# Odoo's prefork server starts its evented process as "<python> <its own script> gevent":
# it runs from odoo-bin (or the packaged `odoo`), not `python -m odoo`.
ODOO_BIN="$("$PYTHON" -c 'import os, odoo; print(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__))), "odoo-bin"))')"
[ -f "$ODOO_BIN" ] || ODOO_BIN="$(command -v odoo)" || die "No odoo-bin nor odoo script found."
# A prefork worker gives up reading a request after ODOO_HTTP_SOCKET_TIMEOUT (2 s by
# default): in the start-up burst, on saturated cores, that fails requests (HTTP 502)
# that would have been answered; the load's deployment gives it 20 s.
start_odoo() {
    ODOO_HTTP_SOCKET_TIMEOUT="${SG_LOAD_SOCKET_TIMEOUT:-20}" \
        "$PYTHON" "$ODOO_BIN" -c "$RUN/odoo.conf" --log-level=info --logfile="$RUN/odoo.log" &
    ODOO_PID=$!
    local i
    for i in $(seq 120); do
        curl -fs -o /dev/null "http://127.0.0.1:$ODOO_PORT/web/login" && return 0
        sleep 1
    done
    die "Odoo did not answer on port $ODOO_PORT: see $RUN/odoo.log"
}
stop_odoo() {
    [ -n "$ODOO_PID" ] || return 0
    kill "$ODOO_PID" 2>/dev/null || true
    wait "$ODOO_PID" 2>/dev/null || true
    ODOO_PID=
}
start_proxy() {
    mkdir -p "$RUN/nginx/tmp"
    cat >"$NGINX_CONF" <<NGINX
# Odoo behind one address: the workers, and the evented port for the bus (/websocket).
worker_processes 1;
pid $RUN/nginx/nginx.pid;
error_log $RUN/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $RUN/nginx/tmp/body;
    proxy_temp_path $RUN/nginx/tmp/proxy;
    fastcgi_temp_path $RUN/nginx/tmp/fastcgi;
    uwsgi_temp_path $RUN/nginx/tmp/uwsgi;
    scgi_temp_path $RUN/nginx/tmp/scgi;
    map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
    upstream odoo { server 127.0.0.1:$ODOO_PORT; }
    upstream odoo_evented { server 127.0.0.1:$GEVENT_PORT; }
    server {
        listen 127.0.0.1:$PROXY_PORT;
        client_max_body_size 64m;
        proxy_read_timeout 720s;
        proxy_set_header Host \$host;
        proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto \$scheme;
        proxy_set_header X-Forwarded-Host \$host;
        location /websocket {
            proxy_pass http://odoo_evented;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
        }
        location / { proxy_pass http://odoo; }
    }
}
NGINX
    nginx -c "$NGINX_CONF" -p "$RUN/nginx" || die "nginx did not start: see $RUN/nginx/error.log"
}
stop_proxy() {
    if [ -f "$RUN/nginx/nginx.pid" ]; then
        nginx -c "$NGINX_CONF" -p "$RUN/nginx" -s quit 2>/dev/null || true
    fi
}
cleanup() {
    stop_odoo
    stop_proxy
    # The load's own cluster and its replica: the project's is never touched.
    "$ROOT/scripts/pg.sh" stop || true
}
trap cleanup EXIT
trap "exit 1" INT TERM

say "A fresh streaming replica of the cluster on 127.0.0.1:$PG_REPLICA_PORT"
SG_PG_REPLICA_FRESH=1 "$ROOT/scripts/pg.sh" replica-start
[ "$(PSQL -p "$PG_REPLICA_PORT" -d postgres -c 'SELECT pg_is_in_recovery()')" = t ] ||
    die "The replica is not in recovery."
say "Odoo with 4 workers (replica for read-only requests) behind nginx on $URL"
: >"$RUN/odoo.log"
start_odoo
start_proxy
# The bus through the proxy: the evented port answers the websocket handshake.
WS=
for _try in $(seq 60); do
    WS="$(curl -s -o /dev/null -w '%{http_code}' -H 'Connection: Upgrade' -H 'Upgrade: websocket' \
        -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' \
        -H "Origin: $URL" --max-time 3 "$URL/websocket" || true)"
    [ "$WS" = 101 ] && break
    sleep 1
done
[ "$WS" = 101 ] || die "The websocket through the proxy answered $WS, not 101."
say "The bus: /websocket through the proxy upgraded (HTTP 101) by the evented port"
say "Logging the 57 users in, once"
"$PYTHON" "$ROOT/scripts/load/login.py" --url "$URL" --users "$RUN/users.json" \
    --output "$RUN/sessions.json"

# -- load runs --------------------------------------------------------------------------

# locust_run NAME SECONDS PRACTITIONERS LEADS MANAGERS [THINK]: stats in $RUN/NAME_*.csv;
# THINK scales the users' time between two actions (1: a person's pace).
locust_run() {
    local name="$1" seconds="$2"
    rm -f "$RUN/$1"_*.csv "$RUN/$1.journal"
    SG_LOAD_USERS="$RUN/users.json" SG_LOAD_JOURNAL="$RUN/$1.journal" \
        SG_LOAD_REQUESTS="$RUN/$1_requests.csv" \
        SG_LOAD_SESSIONS="$RUN/sessions.json" SG_LOAD_THINK="${6:-1}" \
        SG_LOAD_PRACTITIONERS="$3" SG_LOAD_LEADS="$4" SG_LOAD_MANAGERS="$5" \
        "$VENV/bin/locust" -f "$ROOT/scripts/load/locustfile.py" --headless --host "$URL" \
        -u $(($3 + $4 + $5)) -r 10 -t "${seconds}s" --stop-timeout 30 --csv "$RUN/$name" \
        --only-summary --loglevel WARNING >"$RUN/$name.locust.log" 2>&1 || true
    touch "$RUN/$name.journal"
}
check() {
    "$PYTHON" "$ROOT/scripts/load/check.py" -c "$RUN/odoo.conf" -d "$LOAD_DB" \
        --journal "$RUN/$1.journal" --failures "$RUN/$1_failures.csv" --output "$RUN/$1.check.json"
}
stat_calls() {
    # Manager reads each server answered: the pivot (decisions grouped by month) and
    # the sharing log's list (not a case's one2many).
    PSQL -p "$1" -d "$LOAD_DB" -F ' ' -c "
        SELECT COALESCE(SUM(calls) FILTER (WHERE query ILIKE '%date_trunc(%\"safeguarding_decision\".\"date_decided\"%'
                                             AND query ILIKE '%GROUP BY%'), 0),
               COALESCE(SUM(calls) FILTER (WHERE query ILIKE '%FROM \"safeguarding_sharing_log\"%'
                                             AND query NOT ILIKE '%\"case_id\" IN%'), 0)
          FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
         WHERE d.datname = '$LOAD_DB'"
}
reset_stats() {
    PSQL -p "$PG_PORT" -d "$LOAD_DB" -c 'SELECT pg_stat_statements_reset()' >/dev/null
    PSQL -p "$PG_REPLICA_PORT" -d "$LOAD_DB" -c 'SELECT pg_stat_statements_reset()' >/dev/null
}

say "Baseline: one practitioner and one lead alone for ${BASELINE_SECONDS}s"
rm -f "$RUN"/baseline* "$RUN"/load_* "$RUN"/load.* "$RUN"/fault_* "$RUN/advisory_waits.txt"
LOG_START=$(wc -l <"$RUN/odoo.log")
# At a tenth of a person's pace, so that one user records often enough to measure.
locust_run baseline "$BASELINE_SECONDS" 1 1 0 0.1
tail -n +"$((LOG_START + 1))" "$RUN/odoo.log" >"$RUN/baseline.odoo.log"

say "Load: 50 practitioners, 5 leads, 2 managers for ${LOAD_SECONDS}s"
reset_stats
LOG_START=$(wc -l <"$RUN/odoo.log")
# Sampled each second: backends waiting for a chain's advisory lock.
(while sleep 1; do
    PSQL -p "$PG_PORT" -d "$LOAD_DB" -c "SELECT COUNT(*) FROM pg_stat_activity
        WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'" 2>/dev/null || true
done) >"$RUN/advisory_waits.txt" &
SAMPLER=$!
# The machine's load average (1 minute), every 10 s: the cores are shared.
(while sleep 10; do cut -d' ' -f1 /proc/loadavg; done) >"$RUN/loadavg.txt" &
LOADAVG=$!
locust_run load "$LOAD_SECONDS" 50 5 2
kill "$SAMPLER" "$LOADAVG" 2>/dev/null || true
LOAD_AVERAGE="$("$PYTHON" -c '
import statistics, sys
v = [float(x) for x in open(sys.argv[1]).read().split()]
print(f"{min(v):.1f} to {max(v):.1f}, mean {statistics.mean(v):.1f}" if v else "not measured")
' "$RUN/loadavg.txt")"
# Where PostgreSQL spent the load's time: its statements by total time, each server.
for server in "primary $PG_PORT" "replica $PG_REPLICA_PORT"; do
    set -- $server
    PSQL -p "$2" -d "$LOAD_DB" -F '|' -c "
        SELECT '$1', s.calls, round(s.total_exec_time::numeric / 1000, 1),
               round(s.mean_exec_time::numeric, 1),
               left(regexp_replace(s.query, '\s+', ' ', 'g'), 110)
          FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
         WHERE d.datname = '$LOAD_DB'
      ORDER BY s.total_exec_time DESC LIMIT 8"
done >"$RUN/load_statements.txt"
read -r PIVOT_PRIMARY LOG_PRIMARY <<<"$(stat_calls "$PG_PORT")"
read -r PIVOT_REPLICA LOG_REPLICA <<<"$(stat_calls "$PG_REPLICA_PORT")"
tail -n +"$((LOG_START + 1))" "$RUN/odoo.log" >"$RUN/load.odoo.log"
say "Checks after the load"
LOAD_CHECK=ok
check load || LOAD_CHECK=FAILED

# -- faults -----------------------------------------------------------------------------

# A worker in the middle of recording: its database session holds a chain's advisory
# lock, taken by sealing after the decision is marked recorded and before it commits.
kill_recording_worker() {
    "$PYTHON" "$ROOT/scripts/load/kill_recording.py" --port "$PG_PORT" --database "$LOAD_DB" \
        --server "$ODOO_PID" --seconds "$((FAULT_SECONDS / 2))"
}

fault() {
    case "$1" in
        kill_worker) kill_recording_worker ;;
        restart_primary) "$ROOT/scripts/pg.sh" restart && echo "primary restarted" ;;
        stop_replica) "$ROOT/scripts/pg.sh" replica-stop && echo "replica stopped" ;;
    esac
}

FAULT_ROWS=()
for kind in $FAULTS; do
    for n in $(seq "$FAULT_REPEATS"); do
        name="fault_${kind}_$n"
        say "Fault $kind, $n/$FAULT_REPEATS (${FAULT_SECONDS}s of load)"
        if [ "$kind" = stop_replica ]; then
            # A fresh server, each worker with its replica connection, before each stop.
            "$ROOT/scripts/pg.sh" replica-start
            stop_odoo
            start_odoo
        fi
        locust_run "$name" "$FAULT_SECONDS" 50 5 2 &
        LOCUST=$!
        sleep $((FAULT_SECONDS / 3))
        fault "$kind" >"$RUN/$name.fault.txt" 2>&1 || true
        cat "$RUN/$name.fault.txt"
        wait "$LOCUST"
        [ "$kind" = stop_replica ] && "$ROOT/scripts/pg.sh" replica-start
        result=ok
        check "$name" || result=FAILED
        FAULT_ROWS+=("$kind $n $result")
    done
done

# -- the tables -------------------------------------------------------------------------

"$PYTHON" "$ROOT/scripts/load/report.py" --run "$RUN" --seconds "$LOAD_SECONDS" \
    --scale "$SCALE" --replica-pivot "$PIVOT_REPLICA" --primary-pivot "$PIVOT_PRIMARY" \
    --replica-log "$LOG_REPLICA" --primary-log "$LOG_PRIMARY" --load-check "$LOAD_CHECK" \
    --load-average "$LOAD_AVERAGE" --faults "${FAULT_ROWS[@]}" --output "$RUN/load.md"
