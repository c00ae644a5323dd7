#!/usr/bin/env bash
# Installs what the tests and the benchmark need beyond the Rust toolchain.
#
# Idempotent: each part is checked first and installed only when missing or stale,
# so a second run takes about a second and touches no registry.
#   - Debian packages: chromium (browser tests), libxml2-utils (xmllint: frab XML),
#     wrk and nginx-light (bench/), postgresql-client if pg_dump or pg_restore is missing
#     (the PostgreSQL run checks them), a Java runtime for vnu.jar only if `java` is
#     missing. `apt-get update` runs once, and only when something is missing.
#   - PyPI: tests/tools/requirements.txt (exact pins) into tests/tools/.venv.
#   - npm: `npm ci` in tests/tools (vnu-jar) and in tests/browser, when their
#     package-lock.json exists and node_modules is missing or older than the lock.
# Runs as root (CI) or through sudo when it has to install Debian packages.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

say() { printf 'install-test-deps: %s\n' "$*" >&2; }

sha256_of() { sha256sum "$@" | sha256sum | cut -d' ' -f1; }

# --- Debian packages ---------------------------------------------------------

apt_wanted=(chromium libxml2-utils wrk nginx-light)
if ! command -v pg_dump >/dev/null 2>&1 || ! command -v pg_restore >/dev/null 2>&1; then
    apt_wanted+=(postgresql-client)
fi
if ! command -v java >/dev/null 2>&1; then
    apt_wanted+=(default-jre-headless)
fi
python=${RENCONTRES_TEST_PYTHON:-python3}
if ! command -v "$python" >/dev/null 2>&1; then
    apt_wanted+=(python3 python3-venv)
elif ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    apt_wanted+=(python3-venv)  # Debian's own python3 ships venv without ensurepip.
fi

apt_missing=()
for package in "${apt_wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
        apt_missing+=("$package")
    fi
done

if ((${#apt_missing[@]})); then
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        sudo=(sudo)
    fi
    say "apt-get install ${apt_missing[*]}"
    # Keep the package scripts from starting services (nginx would take port 80):
    # the bench starts its own nginx on a loopback port.
    policy=/usr/sbin/policy-rc.d
    made_policy=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
        "${sudo[@]}" chmod 755 "$policy"
        made_policy=1
    fi
    status=0
    {
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
            "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${apt_missing[@]}"
    } || status=$?
    if ((made_policy)); then
        "${sudo[@]}" rm -f "$policy"
    fi
    if ((status)); then
        say "apt-get failed ($status)"
        exit "$status"
    fi
else
    say "Debian packages present: ${apt_wanted[*]}"
fi

# --- Python packages of the checkers ------------------------------------------

venv=tests/tools/.venv
requirements=tests/tools/requirements.txt
stamp=$venv/.requirements.sha256
want_stamp="$(sha256_of "$requirements") $("$python" -c 'import sys; print(sys.version.split()[0])')"
if [[ -x $venv/bin/python && -f $stamp && $(cat "$stamp") == "$want_stamp" ]]; then
    say "Python venv up to date: $venv"
else
    say "making $venv from $requirements"
    "$python" -m venv --clear "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements"
    printf '%s\n' "$want_stamp" >"$stamp"
fi

# --- npm packages --------------------------------------------------------------

# `npm ci` when node_modules is missing or older than the lock. npm writes
# node_modules/.package-lock.json at every install, so it is newer than
# package.json and package-lock.json unless one of them changed since (a pull, an
# edit). Install scripts stay off: vnu-jar's would download a Java runtime,
# playwright's a browser; the tests use Debian's java and chromium.
npm_ci() {
    local dir=$1
    [[ -f $dir/package-lock.json ]] || return 0
    local installed=$dir/node_modules/.package-lock.json
    if [[ -f $installed && $installed -nt $dir/package-lock.json && $installed -nt $dir/package.json ]]; then
        say "npm packages up to date: $dir"
        return 0
    fi
    say "npm ci in $dir"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=warn)
}

if ! command -v npm >/dev/null 2>&1; then
    say "npm is missing: install Node.js 20 and npm first"
    exit 1
fi
npm_ci tests/tools
npm_ci tests/browser

say "done"
