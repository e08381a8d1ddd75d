#!/usr/bin/env bash
# The project's PostgreSQL cluster: `pg.sh start` (creating it on first use), `pg.sh stop`.
# It never touches a system cluster: own data directory, own port, loopback only.
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
    local dir="$LOCAL/pg"
    if [ "$(id -u)" = 0 ] && ! runuser -u "$PG_OS_USER" -- test -x "$LOCAL"; then
        dir="/var/tmp/safeguarding-pg-$(printf '%s' "$ROOT" | md5sum | cut -c1-12)"
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
        say "Creating the project's PostgreSQL cluster in $data"
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
        -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=''" \
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

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) die "usage: $0 start|stop" ;;
esac
