#!/usr/bin/env bash
# The translation template i18n/<addon>.pot, exported by Odoo itself (--i18n-export).
#
#   scripts/pot.sh                          `make pot`: install the addon into a fresh database
#                                           and write the template into the checkout
#   scripts/pot.sh --check CONF DB WORKDIR  export from the database DB (the addon installed)
#                                           and fail when the committed template is stale; the
#                                           test command runs it on its fresh test database
#
# The two header dates change at every export: they are not compared, and `make pot` leaves
# the committed file alone when nothing else changed.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

POT="$ROOT/i18n/$ADDON.pot"

# export_pot CONF DB OUT: Odoo's own export; its log must hold no WARNING or ERROR.
export_pot() {
    local log="$3.log" bad
    odoo_cmd -c "$1" -d "$2" --i18n-export="$3" --modules="$ADDON" --stop-after-init \
        --log-level=info --logfile="$log" ||
        { tail -n 40 "$log" >&2; die "Odoo could not export the translation template (log: $log)."; }
    bad="$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$log" || true)"
    if [ -n "$bad" ]; then
        printf '%s\n' "$bad" | head -n 40 >&2
        die "Exporting the translation template logged a WARNING or ERROR (full log: $log)."
    fi
    grep -q "translation file written successfully" "$log" ||
        die "Odoo wrote no translation template (log: $log)."
}

# The template without its two header dates.
pot_body() { grep -vE '^"(POT-Creation-Date|PO-Revision-Date): ' "$1"; }

same_pot() { [ -f "$2" ] && cmp -s <(pot_body "$1") <(pot_body "$2"); }

if [ "${1:-}" = --check ]; then
    [ $# = 4 ] || die "usage: $0 --check CONF DB WORKDIR"
    fresh="$4/$ADDON.pot"
    export_pot "$2" "$3" "$fresh"
    if ! same_pot "$fresh" "$POT"; then
        if [ -f "$POT" ]; then
            diff -u --label "i18n/$ADDON.pot (committed)" --label "exported now" \
                <(pot_body "$POT") <(pot_body "$fresh") | head -n 40 >&2 || true
        fi
        die "i18n/$ADDON.pot is stale: the addon's translatable strings changed.
Run 'make pot' and commit i18n/$ADDON.pot (Odoo's export from this test database: $fresh)."
    fi
    echo "i18n/$ADDON.pot is up to date."
    exit 0
fi
[ $# = 0 ] || die "usage: $0 [--check CONF DB WORKDIR]"

"$ROOT/scripts/setup.sh"
require_odoo
"$ROOT/scripts/pg.sh" start

RUN="$LOCAL/pot"
POT_DB="${SG_TEST_DB:-safeguarding_test}_pot"
mkdir -p "$RUN"
rm -f "$RUN"/*.log "$RUN"/*.pot
expose_addon "$RUN/addons" copy
write_conf "$RUN/odoo.conf" "$RUN/addons" "${SG_TEST_HTTP_PORT:-8169}" "$RUN/data"

say "Installing $ADDON into a fresh database ($POT_DB)"
drop_db "$POT_DB"
odoo_cmd -c "$RUN/odoo.conf" -d "$POT_DB" -i "$ADDON" --stop-after-init \
    --log-level=info --logfile="$RUN/install.log" ||
    { tail -n 40 "$RUN/install.log" >&2; die "The install failed (log: $RUN/install.log)."; }

say "Exporting the translation template"
export_pot "$RUN/odoo.conf" "$POT_DB" "$RUN/$ADDON.pot"
drop_db "$POT_DB"
if same_pot "$RUN/$ADDON.pot" "$POT"; then
    echo "i18n/$ADDON.pot is up to date."
else
    mkdir -p "$(dirname "$POT")"
    cp "$RUN/$ADDON.pot" "$POT"
    echo "i18n/$ADDON.pot written: commit it."
fi
