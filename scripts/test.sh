#!/usr/bin/env bash
# Runs every test. Installs redis-server, Chromium (browser tests) and npm (axe-core for the accessibility audit; the
# OpenAPI linter and TypeScript client check) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_packages redis-server chromium
command -v npm >/dev/null 2>&1 || ensure_packages npm
# axe-core, pinned by the lockfile, into the browser test project (node_modules is not committed).
npm ci --prefix tests/CookieConsent.Browser.Tests --no-audit --no-fund --ignore-scripts --loglevel=error
# Redocly CLI, openapi-typescript and TypeScript, pinned by the lockfile, for the OpenAPI document's checks.
npm ci --prefix tests/openapi --no-audit --no-fund --ignore-scripts --loglevel=error
dotnet build CookieConsent.sln --configuration Release
# One test assembly at a time: the integration suites start real redis-servers, servers and Chromium, and two cores
# shared between them all would turn their timeouts into noise.
dotnet test CookieConsent.sln --configuration Release --no-build -m:1 "$@"
