# Shared settings for the project's commands (sourced, never run on its own).
# Everything the commands create lives under .local/ in the checkout (git-ignored).
set -euo pipefail

ADDON=safeguarding_info_sharing
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"
PYTHON="${PYTHON:-python3}"
# wkhtmltopdf (printing) runs Qt, which wants a private runtime folder and says so on
# every print when there is none (a service or a container has none).
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$LOCAL/run}"
mkdir -p -m 700 "$XDG_RUNTIME_DIR"

# The project's own PostgreSQL cluster: its own port, loopback only.
PG_PORT="${SG_PG_PORT:-54329}"
# Its streaming replica (`scripts/pg.sh replica-start`, used by `make load`).
PG_REPLICA_PORT="${SG_PG_REPLICA_PORT:-54339}"
PG_USER=odoo
PG_PASSWORD=odoo
# PostgreSQL refuses to run as root: the cluster belongs to this system user.
PG_OS_USER="${SG_PG_OS_USER:-sgpostgres}"

HTTP_PORT="${SG_HTTP_PORT:-8069}"
DEMO_DB="${SG_DEMO_DB:-safeguarding_demo}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

pg_bindir() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    done
    return 1
}

odoo_importable() {
    "$PYTHON" -c 'import odoo, sys; sys.exit(0 if odoo.release.version_info[0] == 18 else 1)' \
        >/dev/null 2>&1
}

require_odoo() {
    odoo_importable || die "Odoo 18.0 cannot be imported by $PYTHON.
Run 'make setup' (it installs Odoo 18.0 from its official source), or install Odoo 18.0
yourself so that '$PYTHON -c \"import odoo\"' works, or point PYTHON= at an interpreter
that has it. The tests never run without Odoo."
}

# Odoo's own addons folders, as the importable Odoo lays them out (source or packaged).
odoo_addons_path() {
    "$PYTHON" - <<'PY'
import os
import odoo
root = os.path.dirname(os.path.abspath(odoo.__file__))
paths = [os.path.join(root, "addons"), os.path.normpath(os.path.join(root, "..", "addons"))]
print(",".join(p for p in paths if os.path.isdir(os.path.join(p, "web"))
               or os.path.isdir(os.path.join(p, "base"))))
PY
}

# Odoo finds an addon by its folder name, whatever the checkout is called.
# mode "link": a symlink (the demo server sees edits); mode "copy": a real copy, which pytest
# needs because it resolves links and names the package after the real folder.
expose_addon() {
    local dir="$1" mode="$2"
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$mode" = link ]; then
        ln -s "$ROOT" "$dir/$ADDON"
    else
        mkdir "$dir/$ADDON"
        tar -C "$ROOT" --exclude=./.local --exclude=./.git --exclude='__pycache__' \
            --exclude=./.pytest_cache --exclude=./.ruff_cache -cf - . | tar -C "$dir/$ADDON" -xf -
    fi
}

# The key of the integrity chain's digests lives in the server's configuration, never in
# the database: one per run folder, kept beside its configuration file.
integrity_key() {
    local file="$1/integrity.key"
    [ -s "$file" ] || (umask 077 && "$PYTHON" -c 'import secrets; print(secrets.token_hex(32))' >"$file")
    cat "$file"
}

# write_conf FILE ADDONS_DIR HTTP_PORT DATA_DIR
# The integrity checkpoints are written to a folder beside the configuration, outside
# the database (an agency sends them on to where the database's account cannot reach).
write_conf() {
    local key checkpoints
    key="$(integrity_key "$(dirname "$1")")"
    checkpoints="$(dirname "$1")/checkpoints"
    cat >"$1" <<CONF
[options]
db_host = 127.0.0.1
db_port = $PG_PORT
db_user = $PG_USER
db_password = $PG_PASSWORD
addons_path = $(odoo_addons_path),$2
data_dir = $4
http_interface = 127.0.0.1
http_port = $3
without_demo = False
list_db = True
safeguarding_integrity_key = $key
safeguarding_integrity_checkpoint_dir = $checkpoints
CONF
}

odoo_cmd() { "$PYTHON" -m odoo "$@"; }

# Odoo drops a database only through its own service; plain SQL does it here.
drop_db() {
    PGPASSWORD="$PG_PASSWORD" "$(pg_bindir)/dropdb" --if-exists -h 127.0.0.1 -p "$PG_PORT" \
        -U "$PG_USER" "$1"
}
