#!/usr/bin/env bash
# Installs every Debian package that building, running and testing Karmayogi need, and the npm packages
# of the browser tests. Idempotent: silent when everything is present; apt-get update only when needed.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake pkg-config git ca-certificates curl
  libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev libsodium-dev libcmocka-dev libcsv-dev
  libxml2-dev
  libcairo2-dev libpango1.0-dev libqrencode-dev poppler-utils
  libglib2.0-dev
  postgresql postgresql-client
  nodejs chromium fonts-noto-core
  wrk
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# nodejs from another source (e.g. NodeSource) counts when node and npm work.
if [[ " ${missing[*]-} " == *" nodejs "* ]] && command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}")
fi
mapfile -t missing < <(printf '%s\n' "${missing[@]-}" | sed '/^$/d')

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "deps: missing packages: ${missing[*]}; run as root (or: sudo $0)" >&2
    exit 1
  fi
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if ! command -v npm >/dev/null; then
    apt-get install -y -qq --no-install-recommends npm >/dev/null
  fi
fi

# playwright-core drives Debian's chromium in the browser tests; it never downloads a browser.
if [[ -f package.json ]] && [[ ! -d node_modules/playwright-core ]]; then
  echo "deps: installing npm packages"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
