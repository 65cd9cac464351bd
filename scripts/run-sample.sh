#!/usr/bin/env bash
# Builds and runs the sample shop on http://127.0.0.1:5090 against the consent server from scripts/run-server.sh
# (http://127.0.0.1:5080, admin key dev-admin-key). On start the shop registers its site "sample-shop" at the server
# through the admin API and takes a site key; set CookieConsent__ApiKey to use a key of your own instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_packages curl
server="${CookieConsent__ServerUrl:-http://127.0.0.1:5080}"
if ! curl -fs -o /dev/null --max-time 5 "${server%/}/health/live"; then
  echo "The consent server is not reachable at $server. Start it first in another terminal: bash scripts/run-server.sh" >&2
  exit 1
fi
export CookieConsent__ServerUrl="$server"
if [ -z "${CookieConsent__ApiKey:-}" ]; then
  export SampleShop__AdminKey="${SampleShop__AdminKey:-${CookieConsent__AdminKey:-dev-admin-key}}"
fi
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
echo "Sample shop: http://127.0.0.1:5090" >&2
exec dotnet run --project samples/SampleShop --configuration Release --no-launch-profile -- "$@"
