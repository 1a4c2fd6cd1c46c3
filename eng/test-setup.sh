#!/usr/bin/env bash
# Installs what the Node, Browser and Redis test tiers need, and nothing else; the unit tier needs only the .NET SDK.
#   Node tier:    the npm packages pinned by interop/package-lock.json (npm ci), with Node.js 20+ and npm on PATH.
#   Browser tier: Debian's chromium at /usr/bin/chromium (apt-get; Playwright's browser download is not used).
#   Redis tier:   Debian's redis-server on PATH (apt-get); the tests start their own on a free port, never a service.
# The README's test command and .ci/run both run this first. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in node npm; do
  command -v "$tool" >/dev/null || {
    echo "test-setup: '$tool' is not on PATH. Install Node.js 20 or later with npm (Debian: apt-get install nodejs npm)," >&2
    echo "test-setup: or run only the unit tier: dotnet test IronSeal.sln --filter \"TestCategory!=Node&TestCategory!=Browser&TestCategory!=Redis&TestCategory!=Integration\"" >&2
    exit 1
  }
done

# npm ci when the installed tree is missing or older than the lock file.
if [ ! -f interop/node_modules/.package-lock.json ] || [ interop/package-lock.json -nt interop/node_modules/.package-lock.json ]; then
  echo "test-setup: npm ci in interop/"
  (cd interop && npm ci --no-audit --no-fund)
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
apt_updated=""
apt_install() {
  [ -n "$apt_updated" ] || { $sudo apt-get update -qq; apt_updated=1; }
  $sudo apt-get install -y -qq "$@" >/dev/null
}

if [ ! -x /usr/bin/chromium ]; then
  echo "test-setup: installing Debian's chromium"
  apt_install chromium
fi

# The package's own service is not needed (nor started by the tests): only the redis-server program.
if ! command -v redis-server >/dev/null; then
  echo "test-setup: installing Debian's redis-server"
  apt_install redis-server
fi

echo "test-setup: node $(node --version), npm $(npm --version), $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium ?'), $(redis-server --version 2>/dev/null | cut -d' ' -f1-3 || echo 'redis-server ?')"
