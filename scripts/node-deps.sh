#!/usr/bin/env bash
# Makes node and npm available and installs clients/ts's packages exactly as
# clients/ts/package-lock.json pins them (`npm ci`).
#
# A machine without node gets Debian's nodejs and npm from apt (as root, or
# through sudo); node 18 or newer is needed. `npm ci` runs again only when
# the lockfile changed since the last install.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PKG="$ROOT/clients/ts"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "node/npm not found: installing Debian's nodejs and npm"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
  echo "node $(node --version) is too old: clients/ts needs node 18 or newer" >&2
  exit 1
fi

stamp="$PKG/node_modules/.aitbc-lock"
if [ -f "$stamp" ] && cmp -s "$stamp" "$PKG/package-lock.json"; then
  exit 0
fi
echo "npm ci in clients/ts"
(cd "$PKG" && npm ci --no-audit --no-fund)
cp "$PKG/package-lock.json" "$stamp"
