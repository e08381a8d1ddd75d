#!/usr/bin/env bash
# The project's PostgreSQL cluster: `pg.sh start` (creating it on first use), `pg.sh stop`;
# `pg.sh replica-start` / `pg.sh replica-stop`: a streaming replica of it (hot standby, a
# base backup taken with pg_basebackup -R on first use) on its own port, loopback only.
# It never touches a system cluster: own data directory, own port, loopback only.
# SG_PG_CLUSTER_DIR names another cluster's folder (the load command's own, say) and
# SG_PG_OPTIONS adds server settings to its start.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

BIN="$(pg_bindir)" || die "PostgreSQL server is not installed: run 'make setup' \
(or 'apt-get install postgresql')."

as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u "$PG_OS_USER" -- "$@"
    else
        "$@"
    fi
}

# The data directory sits in .local/ of the checkout. When the checkout is in a folder the
# cluster's system user cannot enter (say under /root), it moves to a per-checkout folder
# under /var/tmp instead, since PostgreSQL must reach its own data.
data_dir() {
    local dir="${SG_PG_CLUSTER_DIR:-$LOCAL/pg}" key="$ROOT"
    [ -n "${SG_PG_CLUSTER_DIR:-}" ] && key="$SG_PG_CLUSTER_DIR"
    if [ "$(id -u)" = 0 ] && ! runuser -u "$PG_OS_USER" -- test -x "$(dirname "$dir")"; then
        dir="/var/tmp/safeguarding-pg-$(printf '%s' "$key" | md5sum | cut -c1-12)"
    fi
    echo "$dir"
}

ensure_os_user() {
    [ "$(id -u)" = 0 ] || return 0
    id -u "$PG_OS_USER" >/dev/null 2>&1 ||
        useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_OS_USER"
}

start() {
    mkdir -p "$LOCAL"
    ensure_os_user
    local pgdir data
    pgdir="$(data_dir)"
    data="$pgdir/data"
    mkdir -p "$pgdir"
    [ "$(id -u)" = 0 ] && chown "$PG_OS_USER" "$pgdir"
    chmod 700 "$pgdir"
    if [ ! -f "$data/PG_VERSION" ]; then
        say "Creating a PostgreSQL cluster in $data"
        local pwfile="$pgdir/pwfile"
        printf '%s\n' "$PG_PASSWORD" >"$pwfile"
        [ "$(id -u)" = 0 ] && chown "$PG_OS_USER" "$pwfile"
        as_pg "$BIN/initdb" -D "$data" -U "$PG_USER" --pwfile="$pwfile" \
            --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
            >"$pgdir/initdb.log"
        rm -f "$pwfile"
    fi
    if as_pg "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        return 0
    fi
    say "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
    as_pg "$BIN/pg_ctl" -D "$data" -l "$pgdir/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories='' \
            ${SG_PG_OPTIONS:-}" \
        >/dev/null || die "PostgreSQL did not start: see $pgdir/server.log"
}

stop() {
    local data
    data="$(data_dir)/data"
    [ -f "$data/PG_VERSION" ] || return 0
    if as_pg "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        say "Stopping PostgreSQL"
        as_pg "$BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    fi
}

# The replica: a hot standby streaming from the cluster, beside its data directory.
# SG_PG_REPLICA_FRESH=1 takes a new base backup even when one is there.
replica_start() {
    start
    local pgdir replica
    pgdir="$(data_dir)"
    replica="$pgdir/replica"
    if [ "${SG_PG_REPLICA_FRESH:-0}" = 1 ] || [ ! -f "$replica/standby.signal" ]; then
        replica_stop
        rm -rf "$replica"
        say "Taking a base backup of the cluster into $replica"
        # -R writes primary_conninfo and standby.signal: it streams from the cluster.
        as_pg env PGPASSWORD="$PG_PASSWORD" "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" \
            -U "$PG_USER" -D "$replica" -R -X stream -c fast ||
            die "pg_basebackup failed (the cluster's pg_hba.conf must allow host replication)."
    fi
    if as_pg "$BIN/pg_ctl" -D "$replica" status >/dev/null 2>&1; then
        return 0
    fi
    say "Starting the replica on 127.0.0.1:$PG_REPLICA_PORT"
    # hot_standby_feedback: a long report on the replica is not cancelled by the
    # cluster's vacuum of rows it still reads.
    as_pg "$BIN/pg_ctl" -D "$replica" -l "$pgdir/replica.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -c port=$PG_REPLICA_PORT -c unix_socket_directories='' \
            -c hot_standby=on -c hot_standby_feedback=on ${SG_PG_OPTIONS:-}" >/dev/null ||
        die "The replica did not start: see $pgdir/replica.log"
}

replica_stop() {
    local replica
    replica="$(data_dir)/replica"
    [ -f "$replica/PG_VERSION" ] || return 0
    if as_pg "$BIN/pg_ctl" -D "$replica" status >/dev/null 2>&1; then
        say "Stopping the replica"
        as_pg "$BIN/pg_ctl" -D "$replica" -m fast -w stop >/dev/null
    fi
}

case "${1:-}" in
    start) start ;;
    stop) replica_stop; stop ;;
    restart) start; as_pg "$BIN/pg_ctl" -D "$(data_dir)/data" -l "$(data_dir)/server.log" -m fast -w restart >/dev/null ;;
    replica-start) replica_start ;;
    replica-stop) replica_stop ;;
    *) die "usage: $0 start|stop|restart|replica-start|replica-stop" ;;
esac
