#!/usr/bin/env bash
# The README's test command (`make test`): set-up, a fresh database with the addon and its demo
# data, a clean install log, a current translation template (i18n/, `make pot` renews it), the
# whole suite under pytest-odoo (browser tours included), Odoo's own test runner, then the
# linters. Any failure, skipped test, WARNING or ERROR fails it.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

"$ROOT/scripts/setup.sh"
require_odoo
"$ROOT/scripts/pg.sh" start

RUN="$LOCAL/test"
ADDONS="$RUN/addons"
TEST_DB="${SG_TEST_DB:-safeguarding_test}"
RUNNER_DB="${TEST_DB}_runner"
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
# decision log): the one line let through in both runs.
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

say "Installing $ADDON with demo data into a fresh database ($TEST_DB)"
drop_db "$TEST_DB"
odoo_cmd -c "$RUN/odoo.conf" -d "$TEST_DB" -i "$ADDON" --stop-after-init \
    --log-level=info --logfile="$RUN/install.log" ||
    { tail -n 40 "$RUN/install.log" >&2; die "The install failed (log: $RUN/install.log)."; }
check_log "$RUN/install.log" "The install"
grep -q "Modules loaded" "$RUN/install.log" || die "The install did not finish (log: $RUN/install.log)."

say "Checking the translation template against Odoo's export from $TEST_DB"
"$ROOT/scripts/pot.sh" --check "$RUN/odoo.conf" "$TEST_DB" "$RUN"

# A cold start of Chromium (its fonts and profile set up) can take longer than the 10 s
# Odoo's browser tests wait for it, and the first tour is then skipped: start it once
# before each run.
warm_chromium() {
    timeout 120 chromium --headless --no-sandbox --disable-gpu \
        --user-data-dir="$RUN/chromium-warm-up" --dump-dom about:blank >/dev/null 2>&1 || true
    rm -rf "$RUN/chromium-warm-up"
}
warm_chromium

say "Running the test suite with pytest-odoo (browser tours in Chromium)"
set +e
# -p no:logging: pytest would otherwise capture Odoo's log records, hiding any WARNING.
(cd "$ADDONS/$ADDON" && "$PYTHON" -m pytest -p no:cacheprovider -p no:logging \
    --odoo-config="$RUN/odoo.conf" --odoo-database="$TEST_DB" --odoo-http \
    --odoo-log-level=info --junitxml="$RUN/pytest.xml" -rfEs \
    -W ignore::PendingDeprecationWarning tests) \
    2>"$RUN/pytest-odoo.log"
status=$?
set -e
[ -f "$RUN/pytest.xml" ] || die "pytest wrote no report: it did not run."
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
[ "$status" = 0 ] || die "pytest failed ($failed failed)."
[ "$skipped" = 0 ] || die "$skipped test(s) were skipped (a skipped browser tour means Chromium or websocket-client is missing): a skip counts as a failure."
[ "$passed" -gt 0 ] || die "pytest ran no test."
# pytest-odoo imports odoo.tests outside Odoo's test mode (which would run every module's
# at_install tests on loading), so Odoo logs this one ERROR by design; nothing else passes.
check_log "$RUN/pytest-odoo.log" "The pytest run" \
    " ERROR \? odoo\.tests\.common: Importing test framework, avoid importing|$EXPORT_TOKEN"


say "Running the suite once more with Odoo's own test runner"
warm_chromium
drop_db "$RUNNER_DB"
odoo_cmd -c "$RUN/odoo.conf" -d "$RUNNER_DB" -i "$ADDON" --test-enable --test-tags="/$ADDON" --stop-after-init \
    --log-level=info --logfile="$RUN/odoo-runner.log" --http-port="$TEST_HTTP_PORT" ||
    { tail -n 40 "$RUN/odoo-runner.log" >&2; die "Odoo's test runner failed."; }
summary="$(grep -E '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$RUN/odoo-runner.log" | tail -n 1)"
echo "$summary"
echo "$summary" | grep -qE ' 0 failed, 0 error\(s\) of [1-9][0-9]* tests' ||
    die "Odoo's test runner did not report '0 failed, 0 error(s)' (log: $RUN/odoo-runner.log)."
if grep -E 'INFO .*: skipped ' "$RUN/odoo-runner.log" >&2; then
    die "Odoo's test runner skipped tests: a skip counts as a failure."
fi
check_log "$RUN/odoo-runner.log" "Odoo's test runner" "$EXPORT_TOKEN"
drop_db "$RUNNER_DB"

"$ROOT/scripts/lint.sh"

echo "safeguarding_info_sharing: $passed passed, 0 failed"
