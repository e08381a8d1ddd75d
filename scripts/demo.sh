#!/usr/bin/env bash
# The README's run command (`make demo`): set-up, then Odoo on http://127.0.0.1:8069 with a
# demo database holding the addon and its demo data. A second run reuses the database.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

"$ROOT/scripts/setup.sh"
require_odoo
"$ROOT/scripts/pg.sh" start

RUN="$LOCAL/demo"
mkdir -p "$RUN"
expose_addon "$RUN/addons" link
write_conf "$RUN/odoo.conf" "$RUN/addons" "$HTTP_PORT" "$RUN/data"
export TZ=UTC

db_exists() {
    PGPASSWORD="$PG_PASSWORD" "$(pg_bindir)/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" \
        -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DEMO_DB'" | grep -q 1
}

if db_exists; then
    say "Updating $ADDON in the demo database ($DEMO_DB)"
    odoo_cmd -c "$RUN/odoo.conf" -d "$DEMO_DB" -u "$ADDON" --stop-after-init \
        --log-level=warn --logfile="$RUN/update.log" ||
        die "The update failed: see $RUN/update.log"
else
    say "Creating the demo database ($DEMO_DB) with $ADDON and its demo data"
    odoo_cmd -c "$RUN/odoo.conf" -d "$DEMO_DB" -i "$ADDON" --stop-after-init \
        --log-level=warn --logfile="$RUN/install.log" ||
        { drop_db "$DEMO_DB"; die "The install failed: see $RUN/install.log"; }
fi

# The demo's own choices, made anew on each run (never for an agency's database):
# - a demo-only exemption: the demo users log in without two-factor authentication,
#   which a new install requires for case data (Settings > Safeguarding);
# - no contact enrichment: partner_autocomplete would send the company names typed
#   into a contact to Odoo's enrichment service (README, "What can leave the server").
say "Demo only: two-factor authentication not required; contact enrichment uninstalled"
odoo_cmd shell -c "$RUN/odoo.conf" -d "$DEMO_DB" --no-http --log-level=warn \
    --logfile="$RUN/demo-settings.log" <<'PY' ||
env["ir.config_parameter"].set_param(
    "safeguarding_info_sharing.require_second_factor", "False"
)
env.cr.commit()
enrichment = env["ir.module.module"].search(
    [("name", "=", "partner_autocomplete"), ("state", "=", "installed")]
)
if enrichment:
    enrichment.button_immediate_uninstall()
env.cr.commit()
PY
    die "The demo settings failed: see $RUN/demo-settings.log"

cat <<MSG

Safeguarding information sharing is served on http://127.0.0.1:$HTTP_PORT
for Northbridge Borough Council (fictional), in English (UK): dates as DD/MM/YYYY.
Log in as any demo role (login / password):
  practitioner   / practitioner     Priya Shah, social worker (lead practitioner on two cases)
  health_visitor / health_visitor   Daniel Okafor, health visitor (practitioner)
  lead           / lead             Grace Mensah, designated safeguarding lead
  manager        / manager          Martin Hughes, head of service (reads and reports)
  sg_admin       / sg_admin         Aisha Khan, configuration and reference data
  admin          / admin            Odoo's administrator (configures; reads no case data)
Demo only: two-factor authentication is not required (a new install requires it)
and contact enrichment (partner_autocomplete) is uninstalled.
Stop with Ctrl+C; 'make stop' stops the project's PostgreSQL.

MSG
exec env TZ=UTC "$PYTHON" -m odoo -c "$RUN/odoo.conf" -d "$DEMO_DB" --db-filter="^$DEMO_DB\$" \
    --log-level=info
