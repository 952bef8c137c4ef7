#!/usr/bin/env bash
# Makes node and npm available and installs clients/ts's packages exactly as
# clients/ts/package-lock.json pins them (`npm ci`).
#
# A machine without node gets Debian's nodejs and npm from apt (as root, or
# through sudo). CosmJS 0.39's crypto packages need node 20.19 or newer:
# Debian 13 (trixie) ships it; Debian 12's node 18 is refused. `npm ci` runs again only when
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
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "node $(node --version) is too old: clients/ts (CosmJS 0.39) needs node 20.19 or newer" >&2
  exit 1
fi

stamp="$PKG/node_modules/.aitbc-lock"
if [ -f "$stamp" ] && cmp -s "$stamp" "$PKG/package-lock.json"; then
  exit 0
fi
echo "npm ci in clients/ts"
(cd "$PKG" && npm ci --no-audit --no-fund)
cp "$PKG/package-lock.json" "$stamp"
