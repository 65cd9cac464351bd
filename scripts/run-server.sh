#!/usr/bin/env bash
# Runs the consent server on http://127.0.0.1:5080. With no CookieConsent__Redis set, the server starts and
# supervises its own redis-server (AOF on, appendfsync always) with its data under ./.data/redis.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_packages redis-server
if [ -z "${CookieConsent__AdminKey:-}" ]; then
  export CookieConsent__AdminKey="dev-admin-key"
  echo "Admin key for this development run: dev-admin-key (set CookieConsent__AdminKey to choose your own)." >&2
fi
export CookieConsent__DataDir="${CookieConsent__DataDir:-$PWD/.data}"
exec dotnet run --project src/CookieConsent.Server --configuration Release -- "$@"
