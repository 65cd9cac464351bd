#!/usr/bin/env bash
# Runs every test. Installs redis-server (and Chromium for the browser tests) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_packages redis-server chromium
dotnet test CookieConsent.sln --configuration Release "$@"
