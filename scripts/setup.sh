#!/usr/bin/env bash
# Everything the addon needs on a Debian 12 machine with Python 3.11: PostgreSQL, Chromium
# (browser tests), the pinned Python packages and Odoo 18.0. Idempotent: a second run only
# checks, and returns in seconds.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

ODOO_GIT="${ODOO_GIT:-https://github.com/odoo/odoo.git}"

debian_packages() {
    local wanted=(postgresql chromium libldap2-dev libsasl2-dev libpq-dev wkhtmltopdf poppler-utils
        fonts-dejavu-core)
    local missing=()
    local pkg
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" ||
            missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" != 0 ]; then
        die "Missing Debian packages: ${missing[*]}. Install them with:
  sudo apt-get install ${missing[*]}"
    fi
    say "Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
}

pip_install() {
    # Old pinned packages (Odoo's) only build with setuptools<70 in their build environment.
    PIP_CONSTRAINT="$ROOT/build-constraints.txt" "$PYTHON" -m pip install -q "$@"
}

python_packages() {
    local stamp="$LOCAL/requirements.sha256"
    local sum
    sum="$(cat "$ROOT/requirements.txt" "$ROOT/build-constraints.txt" | sha256sum | cut -d' ' -f1)"
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && return 0
    say "Installing the pinned Python packages (requirements.txt)"
    pip_install -r "$ROOT/requirements.txt"
    echo "$sum" >"$stamp"
}

odoo() {
    odoo_importable && return 0
    say "Odoo 18.0 is not importable: installing it from its official source ($ODOO_GIT)"
    local src="$LOCAL/odoo"
    if [ ! -d "$src/.git" ]; then
        git clone --quiet --depth 1 --branch 18.0 "$ODOO_GIT" "$src" ||
            die "Could not download Odoo 18.0 from $ODOO_GIT.
Install Odoo 18.0 yourself so that '$PYTHON -c \"import odoo\"' works (for example
'pip install -e <odoo 18.0 source>'), or set ODOO_GIT to a reachable copy of its source."
    fi
    pip_install -r "$src/requirements.txt"
    # Odoo's own list pins some packages older than the linters need (polib): the
    # project's pins win.
    pip_install -r "$ROOT/requirements.txt"
    pip_install --no-deps -e "$src"
    odoo_importable || die "Odoo 18.0 was installed from $src but still cannot be imported."
}

mkdir -p "$LOCAL"
debian_packages
python_packages
odoo
