#!/usr/bin/env bash
# Linters: pylint + pylint-odoo (odoolint for 18.0), oca-checks-odoo-module, ruff (lint and
# format). Any finding fails. All read the addon under its technical name, whatever the
# checkout folder is called.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

ADDONS="$LOCAL/lint/addons"
expose_addon "$ADDONS" copy
cd "$ADDONS"

say "pylint + pylint-odoo"
"$PYTHON" -m pylint --rcfile="$ROOT/.pylintrc" "$ADDON" || die "pylint found problems."

say "oca-checks-odoo-module"
oca-checks-odoo-module --config "$ROOT/.oca_hooks.cfg" "$ADDON" || die "oca-checks-odoo-module found problems."

say "ruff"
ruff check --config "$ROOT/ruff.toml" --no-fix "$ADDON" || die "ruff check found problems."
ruff format --config "$ROOT/ruff.toml" --check "$ADDON" ||
    die "ruff format would reformat files: run 'ruff format'."
