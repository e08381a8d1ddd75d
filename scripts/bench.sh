#!/usr/bin/env bash
# The README's benchmark command (`make bench`): set-up, two benchmark databases with the
# addon and no demo data, filled by scripts/populate.py (a small one of about 1,000
# decisions, and the full one: SG_BENCH_SCALE, 1 by default), a database of Odoo's own
# sealed flows (account and hr_expense, no demo data: the anchors recording is measured
# against), then scripts/benchmark.py, which prints the Markdown tables (also written
# to .local/bench/benchmark.md).
# `make populate` (SG_BENCH_ONLY_POPULATE=1) stops after filling the full database.
# SG_BENCH_HTTP_PORT: the port written in its configuration (8269; nothing listens).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

"$ROOT/scripts/setup.sh"
require_odoo
"$ROOT/scripts/pg.sh" start

RUN="$LOCAL/bench"
SCALE="${SG_BENCH_SCALE:-1}"
BENCH_DB="${SG_BENCH_DB:-safeguarding_bench}"
SMALL_DB="${BENCH_DB}_small"
ANCHOR_DB="${BENCH_DB}_anchors"
mkdir -p "$RUN"
expose_addon "$RUN/addons" copy
write_conf "$RUN/odoo.conf" "$RUN/addons" "${SG_BENCH_HTTP_PORT:-8269}" "$RUN/data"
export TZ=UTC

# fresh_db DB [MODULES]: a new database with MODULES ($ADDON by default), no demo data.
fresh_db() {
    local modules="${2:-$ADDON}"
    drop_db "$1"
    say "Installing $modules without demo data into $1"
    odoo_cmd -c "$RUN/odoo.conf" -d "$1" -i "$modules" --without-demo=all --stop-after-init \
        --log-level=warn --logfile="$RUN/install-$1.log" ||
        { tail -n 40 "$RUN/install-$1.log" >&2; die "The install failed (log: $RUN/install-$1.log)."; }
}

fresh_db "$BENCH_DB"
say "Populating $BENCH_DB at scale $SCALE"
"$PYTHON" "$ROOT/scripts/populate.py" -c "$RUN/odoo.conf" -d "$BENCH_DB" --scale "$SCALE"
[ "${SG_BENCH_ONLY_POPULATE:-0}" = 1 ] && exit 0

fresh_db "$SMALL_DB"
say "Populating $SMALL_DB with about 1,000 decisions"
"$PYTHON" "$ROOT/scripts/populate.py" -c "$RUN/odoo.conf" -d "$SMALL_DB" --scale 0.002

# Odoo's own sealed flows, in a database of their own (its generic chart of accounts
# is loaded on install).
fresh_db "$ANCHOR_DB" account,hr_expense

# SG_BENCH_RETENTION_CASES: a database with that many cases (at SG_BENCH_SCALE
# otherwise) for the retention job, measured there too.
RETENTION_ARGS=()
if [ -n "${SG_BENCH_RETENTION_CASES:-}" ]; then
    RETENTION_DB="${BENCH_DB}_retention"
    fresh_db "$RETENTION_DB"
    say "Populating $RETENTION_DB with $SG_BENCH_RETENTION_CASES cases"
    "$PYTHON" "$ROOT/scripts/populate.py" -c "$RUN/odoo.conf" -d "$RETENTION_DB" \
        --scale "$SCALE" --cases "$SG_BENCH_RETENTION_CASES"
    RETENTION_ARGS=(--retention-database "$RETENTION_DB")
fi

say "Benchmarking"
"$PYTHON" "$ROOT/scripts/benchmark.py" -c "$RUN/odoo.conf" -d "$BENCH_DB" \
    --small-database "$SMALL_DB" --anchor-database "$ANCHOR_DB" "${RETENTION_ARGS[@]}" \
    --output "$RUN/benchmark.md" ${SG_BENCH_ARGS:-}
