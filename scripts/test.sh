#!/usr/bin/env bash
# The README's test command.
#
#   scripts/test.sh              `make test` (CI): set-up, a fresh database with the addon and
#                                its demo data, a clean install log, a current translation
#                                template (i18n/, `make pot` renews it), the whole suite once
#                                under pytest-odoo (browser tours included) with Odoo's log
#                                written to a file and checked, and the linters (run beside
#                                the install, which leaves a core idle).
#   scripts/test.sh --one ARGS   `make test-one T="ARGS"`: pytest ARGS (a module, a -k
#                                pattern...) on the test database, installed on first use
#                                and updated with the addon on the next runs; same log check.
#
# Any failure, skipped test, WARNING or ERROR fails it.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

ONE=0
if [ "${1:-}" = --one ]; then
    ONE=1
    shift
    [ $# -gt 0 ] || die "usage: make test-one T=tests/test_<topic>.py (or scripts/test.sh --one ARGS)"
else
    [ $# = 0 ] || die "usage: scripts/test.sh [--one PYTEST_ARGS...]"
fi

"$ROOT/scripts/setup.sh"
require_odoo
"$ROOT/scripts/pg.sh" start

# The linters need no database: they run beside the install and are waited for at the end.
LINT_PID=
if [ "$ONE" = 0 ]; then
    mkdir -p "$LOCAL/lint"
    "$ROOT/scripts/lint.sh" >"$LOCAL/lint/lint.log" 2>&1 &
    LINT_PID=$!
fi

RUN="$LOCAL/test"
ADDONS="$RUN/addons"
TEST_DB="${SG_TEST_DB:-safeguarding_test}"
TEST_HTTP_PORT="${SG_TEST_HTTP_PORT:-8169}"
mkdir -p "$RUN"
rm -f "$RUN"/*.log "$RUN"/*.xml "$RUN"/*.pot
expose_addon "$ADDONS" copy
write_conf "$RUN/odoo.conf" "$ADDONS" "$TEST_HTTP_PORT" "$RUN/data"
export TZ=UTC

# Odoo's log lines read "<date> <time> <pid> <LEVEL> <db> <logger>: <message>".
# check_log LOG WHAT [ALLOWED]: ALLOWED is a pattern for the known lines to let through.
# Odoo's web client sends every download a "token" its export route does not take, so
# Odoo logs a WARNING on each export from the browser (the manager's tour exports the
# decision log): the one line let through.
EXPORT_TOKEN=' WARNING [^ ]+ odoo\.http: <function odoo\.addons\.web\.controllers\.export\.web_export_xlsx> called ignoring args \{.token.\}'
check_log() {
    local log="$1" what="$2" allowed="${3:-^$}" bad
    bad="$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$log" |
        grep -vE "$allowed" || true)"
    if [ -n "$bad" ]; then
        printf '%s\n' "$bad" | head -n 40 >&2
        die "$what logged a WARNING or ERROR (full log: $log)."
    fi
}

db_exists() {
    PGPASSWORD="$PG_PASSWORD" "$(pg_bindir)/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" \
        -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1
}

# install_addon MODE: "-i" into a fresh database, "-u" to update the one there.
install_addon() {
    local log="$RUN/install.log"
    odoo_cmd -c "$RUN/odoo.conf" -d "$TEST_DB" "$1" "$ADDON" --stop-after-init \
        --log-level=info --logfile="$log" ||
        { tail -n 40 "$log" >&2; die "The install failed (log: $log)."; }
    check_log "$log" "The install"
    grep -q "Modules loaded" "$log" || die "The install did not finish (log: $log)."
}

if [ "$ONE" = 1 ] && db_exists "$TEST_DB"; then
    say "Updating $ADDON in the test database ($TEST_DB)"
    install_addon -u
else
    say "Installing $ADDON with demo data into a fresh database ($TEST_DB)"
    drop_db "$TEST_DB"
    install_addon -i
fi

# The translation template is checked while the web client's bundles are built.
POT_PID=
if [ "$ONE" = 0 ]; then
    say "Checking the translation template against Odoo's export from $TEST_DB"
    "$ROOT/scripts/pot.sh" --check "$RUN/odoo.conf" "$TEST_DB" "$RUN" &
    POT_PID=$!
fi
say "Building the web client's bundles into $TEST_DB (scripts/warm_assets.py)"
odoo_cmd shell -c "$RUN/odoo.conf" -d "$TEST_DB" --no-http --log-level=info \
    --logfile="$RUN/warm-assets.log" <"$ROOT/scripts/warm_assets.py" >/dev/null ||
    { tail -n 40 "$RUN/warm-assets.log" >&2; die "The web client's bundles could not be built (log: $RUN/warm-assets.log)."; }
check_log "$RUN/warm-assets.log" "Building the bundles"
if [ -n "$POT_PID" ]; then
    wait "$POT_PID" || exit 1
fi

# A cold start of Chromium (its fonts and profile set up) can take longer than the 10 s
# Odoo's browser tests wait for it, and the first tour is then skipped: start it once first.
timeout 120 chromium --headless --no-sandbox --disable-gpu \
    --user-data-dir="$RUN/chromium-warm-up" --dump-dom about:blank >/dev/null 2>&1 || true
rm -rf "$RUN/chromium-warm-up"

# The whole suite runs in one process per core (pytest-xdist), each on its own copy of the
# test database (pytest-odoo makes it with PostgreSQL's createdb, dropped after) and its own
# HTTP port; a module stays in one process, so its classes' set-up runs once.
# SG_TEST_WORKERS=1 runs it in a single process; `make test-one` runs in one by default.
if [ "$ONE" = 1 ]; then
    TESTS=("$@")
    WORKERS="${SG_TEST_WORKERS:-1}"
    say "Running ${TESTS[*]} with pytest-odoo"
else
    TESTS=(tests)
    WORKERS="${SG_TEST_WORKERS:-$(nproc)}"
    say "Running the test suite with pytest-odoo in $WORKERS process(es) (browser tours in Chromium)"
fi
PARALLEL=()
if [ "$WORKERS" -gt 1 ]; then
    # The plugin gives each process its own filestore and lets its subtests' reports travel.
    PARALLEL=(-n "$WORKERS" --dist loadfile -p pytest_workers)
    export PYTHONPATH="$ROOT/scripts${PYTHONPATH:+:$PYTHONPATH}"
    export PATH="$(pg_bindir):$PATH" PGHOST=127.0.0.1 PGPORT="$PG_PORT" PGUSER="$PG_USER" \
        PGPASSWORD="$PG_PASSWORD"
fi
set +e
# -p no:logging: pytest would otherwise capture Odoo's log records, hiding any WARNING.
# -p no:benchmark: pytest-benchmark, where installed, warns that xdist disables it; the
# suite has no benchmark (`make bench` is the benchmark).
# Odoo's own log goes to a file of its own (pytest captures what tests write to stderr).
(cd "$ADDONS/$ADDON" && "$PYTHON" -m pytest -p no:cacheprovider -p no:logging -p no:benchmark \
    --odoo-config="$RUN/odoo.conf" --odoo-database="$TEST_DB" --odoo-http \
    --odoo-log-level=info --odoo-extra="logfile=$RUN/odoo-tests.log" \
    --junitxml="$RUN/pytest.xml" -rfEs -W ignore::PendingDeprecationWarning \
    "${PARALLEL[@]}" "${TESTS[@]}") \
    2>"$RUN/pytest-stderr.log"
status=$?
set -e
[ -f "$RUN/pytest.xml" ] || { tail -n 40 "$RUN/pytest-stderr.log" >&2; die "pytest wrote no report: it did not run."; }
read -r passed failed skipped < <("$PYTHON" - "$RUN/pytest.xml" <<'PY'
import sys
import xml.etree.ElementTree as ET
# Count test cases (the suite's "tests" attribute also counts subtest reports).
cases = ET.parse(sys.argv[1]).getroot().iter("testcase")
passed = failed = skipped = 0
for case in cases:
    outcomes = {child.tag for child in case}
    if outcomes & {"failure", "error"}:
        failed += 1
    elif "skipped" in outcomes:
        skipped += 1
    else:
        passed += 1
print(passed, failed, skipped)
PY
)
[ "$status" = 0 ] || die "pytest failed ($failed failed; Odoo's log: $RUN/odoo-tests*.log)."
[ "$skipped" = 0 ] || die "$skipped test(s) were skipped (a skipped browser tour means Chromium or websocket-client is missing): a skip counts as a failure."
[ "$passed" -gt 0 ] || die "pytest ran no test."
# Odoo's log: one file for the run, and one for each process in parallel
# (odoo-tests-gw0.log...; see scripts/pytest_workers.py), which runs the tests.
logs=("$RUN"/odoo-tests*.log)
tested=("$RUN/odoo-tests.log")
[ "$WORKERS" -gt 1 ] && tested=($(seq -f "$RUN/odoo-tests-gw%g.log" 0 $((WORKERS - 1))))
for log in "${tested[@]}"; do
    [ -s "$log" ] || die "Odoo wrote no log during the tests ($log): nothing could be checked."
done
# pytest-odoo imports odoo.tests outside Odoo's test mode, so Odoo logs this one ERROR by
# design; nothing else passes.
IMPORT_ERROR=' ERROR \? odoo\.tests\.common: Importing test framework, avoid importing'
check_log "$RUN/pytest-stderr.log" "The pytest run" "$IMPORT_ERROR"
for log in "${logs[@]}"; do
    check_log "$log" "The pytest run" "$IMPORT_ERROR|$EXPORT_TOKEN"
done

if [ "$ONE" = 1 ]; then
    echo "safeguarding_info_sharing: $passed passed, 0 failed (${TESTS[*]})"
    exit 0
fi

say "Linters (run beside the install)"
lint_status=0
wait "$LINT_PID" || lint_status=$?
cat "$LOCAL/lint/lint.log"
[ "$lint_status" = 0 ] || die "The linters found problems (above)."

echo "safeguarding_info_sharing: $passed passed, 0 failed"
