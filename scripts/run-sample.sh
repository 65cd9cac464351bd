#!/usr/bin/env bash
# Builds and runs the sample shop twice, as two client sites of one service, against the consent server from
# scripts/run-server.sh (http://127.0.0.1:5080, admin key dev-admin-key):
#   http://127.0.0.1:5090  site "sample-shop"    (Sample Shop)
#   http://localhost:5091  site "sample-shop-2"  (Sample Shop 2; another host, so the two keep separate cookies)
# On start each shop registers its site at the server through the admin API, joins the service "sample-analytics"
# and takes a site key; set CookieConsent__ApiKey to run a single shop with a key of your own instead.
# Opt out once at http://127.0.0.1:5080/optout/sample-analytics and neither shop tracks you.
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
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
dotnet build samples/SampleShop --configuration Release -v quiet -nologo
run_shop() { dotnet run --project samples/SampleShop --configuration Release --no-build --no-launch-profile -- "$@"; }

if [ -n "${CookieConsent__ApiKey:-}" ]; then
  echo "Sample shop: http://127.0.0.1:5090" >&2
  run_shop "$@"
  exit
fi
export SampleShop__AdminKey="${SampleShop__AdminKey:-${CookieConsent__AdminKey:-dev-admin-key}}"
export SampleShop__Service=sample-analytics CookieConsent__ServiceSync=true

# The first shop joins the service before the second starts (each writes the member list back).
# Started as the app itself (not through dotnet run), so that $! is the shop and the trap stops it.
CookieConsent__SiteId=sample-shop dotnet samples/SampleShop/bin/Release/net10.0/SampleShop.dll \
  --contentRoot "$PWD/samples/SampleShop" --urls http://127.0.0.1:5090 "$@" &
first=$!
trap 'kill "$first" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs -o /dev/null --max-time 2 http://127.0.0.1:5090/ && break
  kill -0 "$first" 2>/dev/null || { echo "The first sample shop did not start." >&2; exit 1; }
  sleep 0.5
done
echo "Sample shop:   http://127.0.0.1:5090" >&2
echo "Sample shop 2: http://localhost:5091" >&2
echo "One opt-out for both: ${server%/}/optout/sample-analytics" >&2
CookieConsent__SiteId=sample-shop-2 SampleShop__CookieName=cc_consent_2 SampleShop__DisplayName="Sample Shop 2" \
  run_shop --urls http://localhost:5091 "$@"
