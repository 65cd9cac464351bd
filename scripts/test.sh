#!/usr/bin/env bash
# Runs every test. Installs redis-server, Chromium (browser tests) and npm (axe-core for the accessibility audit)
# when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_packages redis-server chromium
command -v npm >/dev/null 2>&1 || ensure_packages npm
# axe-core, pinned by the lockfile, into the browser test project (node_modules is not committed).
npm ci --prefix tests/CookieConsent.Browser.Tests --no-audit --no-fund --ignore-scripts --loglevel=error
dotnet test CookieConsent.sln --configuration Release "$@"
