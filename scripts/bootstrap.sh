#!/usr/bin/env bash
# Set up everything parcours needs on a fresh machine: a virtualenv with the locked
# dependencies and the package itself. Idempotent: re-runs only what changed.
#   --browser  also the browser test tooling: Debian's chromium (apt) when /usr/bin/chromium
#              is missing, and axe-core from the npm registry into web-vendor/node_modules.
#              Nothing is ever fetched at run time, and no browser build is downloaded
#              (Playwright is used as a driver only, on Debian's chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.parcours-lock
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements.lock
  .venv/bin/python -m pip install --quiet --no-deps -e .
  echo "$want" > "$stamp"
fi
# The package is installed editable: its bytecode is written here, once, even where the
# environment says PYTHONDONTWRITEBYTECODE (otherwise every `parcours` process compiles the
# modules it imports again: 0.05 to 0.1 s of each cold command). Only changed files are compiled.
.venv/bin/python -m compileall -q src/parcours

if [ "${1:-}" = "--browser" ]; then
  apt_updated=0
  apt_install() {
    if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
      echo "bootstrap: cannot install $* (needs apt-get as root); the browser tests will say so" >&2
      return 0
    fi
    if [ "$apt_updated" = 0 ]; then
      apt-get update -qq && apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  }
  if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium
  fi
  if ! command -v npm >/dev/null 2>&1; then
    apt_install npm
  fi
  vendor_stamp=web-vendor/node_modules/.parcours-lock
  vendor_want=$(sha256sum web-vendor/package-lock.json | cut -d' ' -f1)
  if command -v npm >/dev/null 2>&1 \
    && { [ ! -f "$vendor_stamp" ] || [ "$(cat "$vendor_stamp")" != "$vendor_want" ]; }; then
    npm ci --prefix web-vendor --no-audit --no-fund --silent
    echo "$vendor_want" > "$vendor_stamp"
  fi
fi
