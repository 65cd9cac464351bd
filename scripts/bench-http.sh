#!/usr/bin/env bash
# HTTP benchmarks of the consent server against a real redis-server, with wrk.
#
#   scripts/bench-http.sh [reads|memory|mixed|fsync|all]      (default: reads)
#
#   reads   GET .../consent and POST .../tokens/verify vs /health/live (constant answer), same run: req/s, p50, p99, ratio
#   memory  Redis used_memory per visitor (state + one receipt) over the visitors written via the API until
#           MEMORY_VISITORS are stored, per further receipt, and consent reads with MEMORY_VISITORS stored vs with
#           VISITORS stored (ROUNDS rounds each, beside /health/live, so the ratio survives a change of background load;
#           each after a warm-up pass that reads every stored visitor once, so both rows are steady state), and the
#           server's RSS growth per cached visitor
#   mixed   MIXED_DURATION of 90 % checks / 10 % writes: throughput and every non-2xx or socket error
#   fsync   write-only runs, appendfsync always and everysec interleaved, against the same server: writes/s and ratio;
#           with a round of consent reads each, for writes (always) ÷ reads of that one server
#   compare GET and PUT .../consent, POST .../tokens/verify and /health/live through two builds at once, BEFORE (a
#           worktree of an older commit, e.g. `git worktree add /tmp/before <commit>`) and this one, on the same Redis,
#           interleaved round by round: req/s, p50, p99, ratio to the same build's /health/live, and this build's ratio
#           to BEFORE's
#
# Builds the server in Release, starts its own redis-server (AOF on) and the server on free loopback ports in a
# temporary folder, creates a site with six categories and a site key, records VISITORS visitors, measures, and
# removes everything again. wrk shares the machine's cores with the server: compare runs of one invocation only.
# Progress and wrk's own output go to stderr; the Markdown summary (paste into docs/benchmarks.md) to stdout.
#
# Settings (environment): THREADS=2 CONNECTIONS=64 DURATION=10s WARMUP=5s ROUNDS=2 VISITORS=10000
#                         MEMORY_VISITORS=1000000 SEED_CONNECTIONS=128 MIXED_DURATION=60s MIXED_FSYNC=always
#                         BEFORE=(compare only)
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-reads}"
case "$mode" in reads|memory|mixed|fsync|all|compare) ;; *) echo "usage: $0 [reads|memory|mixed|fsync|all|compare]" >&2; exit 2 ;; esac
if [ "$mode" = compare ] && [ ! -f "${BEFORE:-}/src/CookieConsent.Server/CookieConsent.Server.csproj" ]; then
  echo "compare needs BEFORE=<a checkout of the older commit>, e.g. git worktree add /tmp/before <commit>" >&2
  exit 2
fi

THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-5s}"
ROUNDS="${ROUNDS:-2}"
VISITORS="${VISITORS:-10000}"
MEMORY_VISITORS="${MEMORY_VISITORS:-1000000}"
# Recording visitors is write-bound (one fsync-free script per visitor): more connections keep the server busy.
SEED_CONNECTIONS="${SEED_CONNECTIONS:-128}"
MIXED_DURATION="${MIXED_DURATION:-60s}"
# The server's own managed redis-server runs with appendfsync always; the mixed load uses the same by default.
MIXED_FSYNC="${MIXED_FSYNC:-always}"

SITE="bench"
CATEGORIES="functional,analytics,marketing,personalization,social-media" # the optional ones; "necessary" is required

source scripts/prerequisites.sh
ensure_packages redis-server wrk curl jq

log() { echo "== $*" >&2; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/cookieconsent-bench.XXXXXX")"
redis_pid=""
server_pid=""
cleanup() {
  local status=$?
  local pid
  for pid in $server_pid ${before_pid:-}; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  if [ -n "$redis_pid" ] && kill -0 "$redis_pid" 2>/dev/null; then
    kill -TERM "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ]; then
    echo "bench-http.sh failed; last lines of the server and Redis logs:" >&2
    tail -n 20 "$tmp/server.log" "$tmp/server-before.log" "$tmp/redis.log" >&2 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Ports come from below the kernel's ephemeral range: a port there can be the local end of someone's outgoing
# connection, which refuses a connect yet cannot be bound.
ephemeral_low="$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
free_port() {
  local port
  while :; do
    port=$((10000 + RANDOM % (ephemeral_low - 10000)))
    # A refused connection means nobody listens there.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

wait_until() { # seconds, command...
  local seconds=$1
  shift
  for _ in $(seq $((seconds * 10))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "timed out waiting for: $*" >&2
  return 1
}

# ---------------------------------------------------------------------------------------------------------------
log "building the server (Release)"
dotnet build src/CookieConsent.Server/CookieConsent.Server.csproj -c Release -nologo -v q >&2
server_dir="$PWD/src/CookieConsent.Server/bin/Release/net10.0"

redis_port="$(free_port)"
log "starting redis-server on 127.0.0.1:$redis_port (appendonly yes) in $tmp"
redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$tmp" --daemonize no \
  --appendonly yes --appendfsync everysec --save "" --logfile "$tmp/redis.log" &
redis_pid=$!
rcli() { redis-cli -p "$redis_port" "$@"; }
wait_until 10 rcli ping

admin_key="bench-admin-$RANDOM$RANDOM$RANDOM"
# start_server DIR LOG: starts the server built in DIR on a free port; sets started_pid and started_base.
start_server() {
  local dir=$1 logfile=$2 port
  port="$(free_port)"
  started_base="http://127.0.0.1:$port"
  log "starting the server in $dir on $started_base"
  (
    cd "$dir"
    # allowAdmin: lets the server's start-up check read CONFIG appendonly.
    export CookieConsent__Redis="127.0.0.1:$redis_port,abortConnect=false,allowAdmin=true"
    export CookieConsent__AdminKey="$admin_key"
    # The write limit (per client address; default 10 000/s) stays in the pipeline but must not refuse wrk,
    # which sends everything from one address.
    export CookieConsent__RateLimits__Writes__PermitLimit=100000000
    export Logging__LogLevel__Default=Warning
    export ASPNETCORE_ENVIRONMENT=Production
    exec dotnet CookieConsent.Server.dll --urls "$started_base"
  ) >"$logfile" 2>&1 &
  started_pid=$!
  for _ in $(seq 600); do
    curl -fsS "$started_base/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$started_pid" 2>/dev/null || { echo "the server in $dir exited before it was ready" >&2; return 1; }
    sleep 0.1
  done
  echo "the server in $dir was not ready within 60 s" >&2
  return 1
}
start_server "$server_dir" "$tmp/server.log"
server_pid=$started_pid
base=$started_base
# The process whose CPU time run_wrk charges to the requests it sends (compare switches it with base).
measured_pid=$server_pid
if [ "$mode" = compare ]; then
  log "building the server in $BEFORE (Release)"
  dotnet build "$BEFORE/src/CookieConsent.Server/CookieConsent.Server.csproj" -c Release -nologo -v q >&2
  start_server "$BEFORE/src/CookieConsent.Server/bin/Release/net10.0" "$tmp/server-before.log"
  before_pid=$started_pid
  before_base=$started_base
  after_base=$base
  after_pid=$server_pid
fi

log "creating site '$SITE' with six categories and a site key"
category() { # id required saleOrSharing
  printf '{"id":"%s","required":%s,"saleOrSharing":%s,"texts":{"en":{"name":"%s","description":"Cookies for %s."}},"cookies":["%s_*"]}' \
    "$1" "$2" "$3" "$1" "$1" "$1"
}
site_json="{\"displayName\":\"Benchmark shop\",\"categories\":[$(category necessary true false),$(category functional false false),$(category analytics false false),$(category marketing false true),$(category personalization false false),$(category social-media false true)],\"policyVersions\":[{\"version\":1,\"effectiveFrom\":\"2025-01-01T00:00:00Z\",\"changedCategories\":[]}],\"allowedReturnHosts\":[\"shop.example\"]}"
curl -fsS -X PUT "$base/v1/sites/$SITE" -H "Authorization: Bearer $admin_key" -H "Content-Type: application/json" \
  -d "$site_json" >/dev/null
site_key="$(curl -fsS -X POST "$base/v1/sites/$SITE/keys" -H "Authorization: Bearer $admin_key" | jq -r .key)"
[ -n "$site_key" ] && [ "$site_key" != null ]

# One write and one read through each server before wrk: a cold process on a loaded machine can take longer than
# wrk's 2 s timeout for its first requests (JIT, the key ring's first read), which would fail the seeding.
warm_up() { # BASE
  local visitor=AAAAAAAAAAAAAAAAAAAAAA
  wait_until 60 curl -fsS -m 30 -X PUT "$1/v1/sites/$SITE/visitors/$visitor/consent" -H "Authorization: Bearer $site_key" \
    -H "Content-Type: application/json" \
    -d '{"choices":{"functional":true,"analytics":true,"marketing":false,"personalization":false,"social-media":false}}'
  wait_until 60 curl -fsS -m 30 "$1/v1/sites/$SITE/visitors/$visitor/consent" -H "Authorization: Bearer $site_key"
}
warm_up "$base"
[ "$mode" != compare ] || warm_up "$before_base"

# ---------------------------------------------------------------------------------------------------------------
results="$tmp/results"
: >"$results"

# CPU time (user + system, in clock ticks) a process has used. Per request it stays steady while the host's background
# load moves req/s by a third: time the hypervisor gives to other guests is not charged to the process.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ticks_per_second="$(getconf CLK_TCK)"

# Seconds of CPU time (user + system) of the script's finished child processes, from the second line of the output
# of bash's `times` saved in FILE. `times` must run in the script's own shell: a subshell has children of its own.
children_seconds() {
  awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, t, "m"); sub("s", "", t[2]); s += t[1] * 60 + t[2] } print s }' "$1"
}

# run_wrk LABEL DURATION SCRIPT [ARGS...]: runs wrk, keeps its RESULT line (with the load average and the server's,
# Redis's and wrk's own CPU time per request, in µs) in $results. wrk shares the cores: what it spends per request
# is not available to the server.
run_wrk() {
  local label=$1 duration=$2 script=$3
  shift 3
  local load server_before redis_before
  load="$(cut -d' ' -f1 /proc/loadavg)"
  server_before="$(cpu_ticks "$measured_pid")"
  redis_before="$(cpu_ticks "$redis_pid")"
  log "wrk $label: -t$THREADS -c$CONNECTIONS -d$duration --latency -s $script"
  times >"$tmp/times-before"
  BENCH_LABEL="$label" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -s "$script" "$base" -- "$@" \
    >"$tmp/wrk.out" 2>&1 || { cat "$tmp/wrk.out" >&2; return 1; }
  times >"$tmp/times-after"
  sed 's/^/   /' "$tmp/wrk.out" >&2
  local line
  line="$(grep '^RESULT ' "$tmp/wrk.out" | tail -n 1 | sed "s/run=[^ ]*/run=$label/")"
  [ -n "$line" ] || { echo "wrk printed no RESULT line" >&2; return 1; }
  local requests cpu
  requests="$(echo "$line" | tr ' ' '\n' | sed -n 's/^requests=//p')"
  cpu="$(awk -v s="$(($(cpu_ticks "$measured_pid") - server_before))" -v r="$(($(cpu_ticks "$redis_pid") - redis_before))" \
    -v wa="$(children_seconds "$tmp/times-after")" -v wb="$(children_seconds "$tmp/times-before")" -v n="$requests" \
    -v hz="$ticks_per_second" 'BEGIN { printf "server_us=%.0f redis_us=%.0f wrk_us=%.0f", s * 1e6 / hz / n, r * 1e6 / hz / n, (wa - wb) * 1e6 / n }')"
  echo "$line load1=$load $cpu" >>"$results"
}

# A run with errors is still reported (the summary says so), and the script then exits with 1.
fail() { echo "$*" >>"$tmp/problems"; log "ERROR: $*"; }

field() { # RESULT-line-label key
  grep "run=$1 " "$results" | tail -n 1 | tr ' ' '\n' | sed -n "s/^$2=//p"
}

visitor_keys() { # how many keys Redis holds: one per visitor, plus a few of the site's (DBSIZE is O(1), SCAN is not)
  rcli dbsize
}

# seed COUNT: records new visitors through the API (wrk + consent-put.lua) until at least COUNT more keys exist. Each
# wrk run writes at most 20 s of the last run's rate (3 s while that is unknown) and stops once its threads have their
# share of what is missing, so the count is passed by the requests in flight at most, not by a whole run.
seed() {
  local want=$(($(visitor_keys) + $1)) rounds=0 left rate=0 plan
  while [ "$(visitor_keys)" -lt "$want" ]; do
    rounds=$((rounds + 1))
    [ "$rounds" -le 1000 ] || { echo "gave up recording visitors after $rounds wrk runs" >&2; return 1; }
    left=$((want - $(visitor_keys)))
    # "seconds quota": the run's length and each thread's share of the visitors it writes.
    plan="$(awk -v left="$left" -v rate="$rate" -v threads="$THREADS" 'BEGIN {
      n = rate > 0 && left > 20 * rate ? int(20 * rate) : left
      seconds = rate > 0 ? int(n / rate) + 2 : 3
      printf "%d %d", seconds, int((n + threads - 1) / threads) }')"
    BENCH_LABEL=seed wrk -t"$THREADS" -c"$SEED_CONNECTIONS" -d"${plan% *}s" --timeout 10s -s scripts/wrk/consent-put.lua "$base" -- \
      "$SITE" "$site_key" "$CATEGORIES" "${plan#* }" >"$tmp/seed.out" 2>&1
    grep -q 'http_errors=0 socket_errors=0' "$tmp/seed.out" || { cat "$tmp/seed.out" >&2; return 1; }
    rate="$(grep '^RESULT ' "$tmp/seed.out" | tail -n 1 | tr ' ' '\n' | sed -n 's/^rps=//p')"
    [ "$left" -lt 100000 ] || log "seeding: $(visitor_keys) keys of $want"
  done
}

visitor_file="$tmp/visitors.txt"
write_visitor_file() {
  rcli --scan --pattern "cc:{$SITE:*}:v" | sed -E 's/^cc:\{[^:]+:([^}]+)\}:v$/\1/' >"$visitor_file"
}

# cookies: records COUNT more visitors with curl and keeps the consent cookie values the server returned.
token_file="$tmp/tokens.txt"
cookies() {
  local i visitor
  : >"$token_file"
  for i in $(seq "$1"); do
    visitor="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    curl -fsS -X PUT "$base/v1/sites/$SITE/visitors/$visitor/consent" -H "Authorization: Bearer $site_key" \
      -H "Content-Type: application/json" \
      -d '{"choices":{"functional":true,"analytics":true,"marketing":false,"personalization":false,"social-media":false}}' |
      jq -r .cookie.value >>"$token_file"
  done
}

log "recording $VISITORS visitors through the API"
seed "$VISITORS"
write_visitor_file
stored_visitors="$(wc -l <"$visitor_file")"
log "$stored_visitors visitors stored"

uname_line="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(uname -sr)"
dotnet_version="$(dotnet --version)"
redis_version="$(redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/')"
wrk_version="$({ wrk --version 2>&1 || true; } | head -n 1 | cut -d' ' -f2)" # wrk --version exits with 1

summary="$tmp/summary.md"
{
  echo "### bench-http.sh $mode — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $uname_line; load average at start $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Server: Release build, .NET SDK $dotnet_version, Redis $redis_version (AOF on, loopback), wrk $wrk_version;"
  echo "wrk and the server share the cores. wrk: \`-t$THREADS -c$CONNECTIONS --latency\`. Site with 6 categories, $stored_visitors visitors stored."
  echo
} >"$summary"

# ---------------------------------------------------------------------------------------------------------------
mean_of() { # RUN KEY: mean of KEY over RUN-1 .. RUN-N
  awk -v run="$1" -v key="$2" '
    { for (i = 1; i <= NF; i++) if ($i ~ /^run=/) label = substr($i, 5); else if (index($i, key "=") == 1) v = substr($i, length(key) + 2) }
    label ~ "^" run "-[0-9]+$" { a += v; n++ }
    END { printf "%.0f", a / n }' "$results"
}
mean_rps() { mean_of "$1" rps; } # RUN: mean req/s of RUN-1 .. RUN-N

# mean_ratio RUN BASE: mean of RUN's req/s over the rounds divided by BASE's.
mean_ratio() {
  awk -v a="$(mean_rps "$1")" -v b="$(mean_rps "$2")" 'BEGIN { printf "%.0f req/s vs %.0f req/s, ratio %.2f", a, b, a / b }'
}

errors_of() { # RUN-prefix: sum of HTTP and socket errors over the rounds
  awk -v run="$1" '
    { for (i = 1; i <= NF; i++) if ($i ~ /^run=/) label = substr($i, 5); else if ($i ~ /^(http|socket)_errors=/) { split($i, kv, "="); e[label] += kv[2] } }
    END { for (l in e) if (l ~ "^" run "-[0-9]+$") total += e[l]; print total + 0 }' "$results"
}

row() { # RUN BASE-RUN DESCRIPTION
  echo "| $3 | $(field "$1" rps) | $(field "$1" p50_ms) | $(field "$1" p99_ms) | $(field "$1" http_errors)/$(field "$1" socket_errors) | $(awk -v a="$(field "$1" rps)" -v b="$(field "$2" rps)" 'BEGIN {printf "%.2f", a / b}') | $(field "$1" server_us) | $(field "$1" redis_us) | $(field "$1" wrk_us) | $(field "$1" load1) |"
}

reads() {
  cookies 200
  log "warm-up ($WARMUP each)"
  run_wrk warmup-health "$WARMUP" scripts/wrk/health.lua
  run_wrk warmup-get "$WARMUP" scripts/wrk/consent-get.lua "$SITE" "$site_key" "$visitor_file"
  run_wrk warmup-verify "$WARMUP" scripts/wrk/tokens-verify.lua "$SITE" "$site_key" "$token_file"
  local round
  # Interleaved rounds: a change of background load hits the baseline and the measured endpoints alike.
  for round in $(seq "$ROUNDS"); do
    run_wrk "health-live-$round" "$DURATION" scripts/wrk/health.lua
    run_wrk "consent-get-$round" "$DURATION" scripts/wrk/consent-get.lua "$SITE" "$site_key" "$visitor_file"
    run_wrk "tokens-verify-$round" "$DURATION" scripts/wrk/tokens-verify.lua "$SITE" "$site_key" "$token_file"
  done
  {
    echo "#### Consent reads and token verification vs a constant answer ($DURATION each, $ROUNDS interleaved rounds, same server)"
    echo
    echo "| round: endpoint | req/s | p50 ms | p99 ms | errors (HTTP/socket) | ratio to /health/live | server CPU µs/req | Redis CPU µs/req | wrk CPU µs/req | load1 |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for round in $(seq "$ROUNDS"); do
      row "health-live-$round" "health-live-$round" "$round: \`GET /health/live\`"
      row "consent-get-$round" "health-live-$round" "$round: \`GET /v1/sites/{site}/visitors/{visitor}/consent\`"
      row "tokens-verify-$round" "health-live-$round" "$round: \`POST /v1/sites/{site}/tokens/verify\`"
    done
    echo
    echo "Mean over the rounds: consent reads $(mean_ratio consent-get health-live); token verification $(mean_ratio tokens-verify health-live)."
    echo
  } >>"$summary"
  [ "$(errors_of consent-get)$(errors_of tokens-verify)" = 00 ] || fail "consent reads or token verifications had errors"
}

used_memory() { rcli info memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p'; }

# walk_visitors LABEL: reads every visitor of the visitor file once (wrk runs of consent-get-walk.lua, each going on
# where the last stopped), so the timed random reads after it measure the steady state, not a cold cache.
walk_visitors() {
  local label=$1 count next=1 runs=0 walked
  count="$(wc -l <"$visitor_file")"
  log "warm-up pass: reading each of $count visitors once"
  while [ "$next" -le "$count" ]; do
    runs=$((runs + 1))
    [ "$runs" -le 200 ] || { echo "gave up the warm-up pass after $runs wrk runs" >&2; return 1; }
    run_wrk "$label-walk-$runs" "$DURATION" scripts/wrk/consent-get-walk.lua "$SITE" "$site_key" "$visitor_file" "$next" "$THREADS"
    walked="$(field "$label-walk-$runs" walked)"
    [ "$(field "$label-walk-$runs" http_errors)$(field "$label-walk-$runs" socket_errors)" = 00 ] || fail "the warm-up pass had errors"
    next=$((next + walked))
  done
}

# server_rss_kb: the resident set of this build's server process, in KiB.
server_rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server_pid/status"; }

# reads_beside_health LABEL: ROUNDS interleaved rounds of /health/live and consent reads over every stored visitor
# (the visitor file).
reads_beside_health() {
  local round
  for round in $(seq "$ROUNDS"); do
    run_wrk "$1-health-$round" "$DURATION" scripts/wrk/health.lua
    run_wrk "$1-get-$round" "$DURATION" scripts/wrk/consent-get.lua "$SITE" "$site_key" "$visitor_file"
  done
}

memory() {
  # Counts only what the measured writes add: the site, its key, its daily counters, the DataProtection key ring and
  # the first VISITORS visitors exist before "before" is read.
  local before_mem before_keys after_mem after_keys small_visitors large_visitors
  write_visitor_file
  small_visitors="$(wc -l <"$visitor_file")"
  # Both rows the same way: every stored visitor read once, then WARMUP of random reads, then the timed round.
  walk_visitors small
  run_wrk warmup-get "$WARMUP" scripts/wrk/consent-get.lua "$SITE" "$site_key" "$visitor_file"
  reads_beside_health small
  sleep 1
  before_mem="$(used_memory)"
  before_keys="$(visitor_keys)"
  # Up to MEMORY_VISITORS stored in all (at least VISITORS more): past ReadCache:MaxEntries (a million by default) the
  # reads of the visitors beyond it would go to Redis, a different measurement.
  local more=$((MEMORY_VISITORS - small_visitors))
  [ "$more" -ge "$VISITORS" ] || more=$VISITORS
  log "memory: recording $more more visitors through the API (used_memory before: $before_mem)"
  seed "$more"
  sleep 2
  after_mem="$(used_memory)"
  after_keys="$(visitor_keys)"
  local visitors=$((after_keys - before_keys))
  local sample=0 n=0 v
  for v in $(rcli --scan --pattern "cc:{$SITE:*}:v" | head -n 200); do
    sample=$((sample + $(rcli memory usage "$v")))
    n=$((n + 1))
  done

  # Each further receipt: one more PUT for visitors who have one (their day's digest already names them).
  write_visitor_file
  large_visitors="$(wc -l <"$visitor_file")"
  head -n 200000 "$visitor_file" >"$tmp/again.txt"
  local again_before again_after receipts
  again_before="$(used_memory)"
  run_wrk put-again 5s scripts/wrk/consent-put-again.lua "$SITE" "$site_key" "$CATEGORIES" "$tmp/again.txt"
  sleep 2
  again_after="$(used_memory)"
  receipts="$(field put-again requests)"
  [ "$(field put-again http_errors)$(field put-again socket_errors)" = 00 ] || fail "further receipts had errors"

  local rss_before rss_after
  rss_before="$(server_rss_kb)"
  walk_visitors large
  rss_after="$(server_rss_kb)"
  run_wrk warmup-get-large "$WARMUP" scripts/wrk/consent-get.lua "$SITE" "$site_key" "$visitor_file"
  reads_beside_health large
  {
    echo "#### Redis memory per visitor (written through PUT .../consent; used_memory includes the site's day digest and the index of its visitors)"
    echo
    echo "| visitors added | used_memory before | used_memory after | bytes per visitor (state + one receipt) | MEMORY USAGE of the visitor's key (mean of $n) | further receipts added | bytes per further receipt |"
    echo "|---:|---:|---:|---:|---:|---:|---:|"
    echo "| $visitors | $before_mem | $after_mem | $(((after_mem - before_mem) / visitors)) | $((sample / n)) | $receipts | $(((again_after - again_before) / receipts)) |"
    echo
    echo "#### Consent reads with $large_visitors visitors stored vs with $small_visitors ($DURATION each, $ROUNDS rounds each, beside /health/live)"
    echo
    echo "| visitors stored: round: endpoint | req/s | p50 ms | p99 ms | errors (HTTP/socket) | ratio to /health/live | server CPU µs/req | Redis CPU µs/req | wrk CPU µs/req | load1 |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    local size stored round
    for size in small large; do
      stored=$small_visitors
      [ "$size" = small ] || stored=$large_visitors
      for round in $(seq "$ROUNDS"); do
        row "$size-health-$round" "$size-health-$round" "$stored: $round: \`GET /health/live\`"
        row "$size-get-$round" "$size-health-$round" "$stored: $round: \`GET .../consent\`"
      done
    done
    echo
    echo "Server process memory: VmRSS $((rss_before / 1024)) MiB before the warm-up pass over the $large_visitors visitors,"
    echo "$((rss_after / 1024)) MiB after it: $(awk -v a="$rss_after" -v b="$rss_before" -v n="$((large_visitors - small_visitors))" \
      'BEGIN {printf "%.0f", (a - b) * 1024 / n}') B per visitor added to the read cache (\`ReadCache:MaxEntries\` bounds it)."
    echo
    echo "Reads with $large_visitors ÷ with $small_visitors, each as the mean over its rounds divided by the mean of its"
    echo "/health/live: $(awk -v a="$(mean_rps large-get)" -v b="$(mean_rps large-health)" -v c="$(mean_rps small-get)" \
      -v d="$(mean_rps small-health)" 'BEGIN {printf "%.2f (%.2f ÷ %.2f)", (a / b) / (c / d), a / b, c / d}')."
    echo
  } >>"$summary"
  [ "$(errors_of small-get)$(errors_of large-get)" = 00 ] || fail "consent reads had errors"
}

mixed() {
  write_visitor_file
  log "mixed: $(wc -l <"$visitor_file") stored visitors; appendfsync $MIXED_FSYNC"
  rcli config set appendfsync "$MIXED_FSYNC" >/dev/null
  run_wrk mixed-90-10 "$MIXED_DURATION" scripts/wrk/mixed.lua "$SITE" "$site_key" "$CATEGORIES" "$visitor_file"
  rcli config set appendfsync everysec >/dev/null
  {
    echo "#### Mixed load: 90 % checks (GET .../consent), 10 % writes (PUT .../consent), $MIXED_DURATION, appendfsync $MIXED_FSYNC"
    echo
    echo "| requests | req/s | reads sent | writes sent | p50 ms | p99 ms | max ms | non-2xx | socket errors | load1 |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    echo "| $(field mixed-90-10 requests) | $(field mixed-90-10 rps) | $(field mixed-90-10 reads_sent) | $(field mixed-90-10 writes_sent) | $(field mixed-90-10 p50_ms) | $(field mixed-90-10 p99_ms) | $(field mixed-90-10 max_ms) | $(field mixed-90-10 non2xx) | $(field mixed-90-10 socket_errors) | $(field mixed-90-10 load1) |"
    echo
  } >>"$summary"
  [ "$(field mixed-90-10 non2xx)" = 0 ] && [ "$(field mixed-90-10 socket_errors)" = 0 ] || fail "the mixed load had errors"
}

fsync() {
  # Reads of VISITORS stored visitors, as in `reads`: after `memory` (in `all`) the store holds a million more.
  local readers="$tmp/fsync-readers.txt"
  head -n "$VISITORS" "$visitor_file" >"$readers"
  run_wrk warmup-put "$WARMUP" scripts/wrk/consent-put.lua "$SITE" "$site_key" "$CATEGORIES"
  run_wrk warmup-get "$WARMUP" scripts/wrk/consent-get.lua "$SITE" "$site_key" "$readers"
  local round
  for round in $(seq "$ROUNDS"); do
    # The reads the writes are set against, on this one server (in compare mode a second server hears every write's
    # invalidation and takes CPU time from the one measured).
    run_wrk "fsync-reads-$round" "$DURATION" scripts/wrk/consent-get.lua "$SITE" "$site_key" "$readers"
    rcli config set appendfsync always >/dev/null
    run_wrk "writes-always-$round" "$DURATION" scripts/wrk/consent-put.lua "$SITE" "$site_key" "$CATEGORIES"
    rcli config set appendfsync everysec >/dev/null
    run_wrk "writes-everysec-$round" "$DURATION" scripts/wrk/consent-put.lua "$SITE" "$site_key" "$CATEGORIES"
  done
  {
    echo "#### Writes (PUT .../consent, each a new visitor): appendfsync always vs everysec ($DURATION each, $ROUNDS interleaved rounds, same server)"
    echo
    echo "| round: appendfsync | writes/s | p50 ms | p99 ms | errors (HTTP/socket) | ratio to everysec | server CPU µs/req | Redis CPU µs/req | wrk CPU µs/req | load1 |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for round in $(seq "$ROUNDS"); do
      row "writes-always-$round" "writes-everysec-$round" "$round: always"
      row "writes-everysec-$round" "writes-everysec-$round" "$round: everysec"
      local reads="fsync-reads-$round"
      echo "| $round: reads (GET .../consent) | $(field "$reads" rps) | $(field "$reads" p50_ms) | $(field "$reads" p99_ms) | $(field "$reads" http_errors)/$(field "$reads" socket_errors) | — | $(field "$reads" server_us) | $(field "$reads" redis_us) | $(field "$reads" wrk_us) | $(field "$reads" load1) |"
    done
    echo
    echo "Mean over the rounds: always $(mean_ratio writes-always writes-everysec) (everysec)."
    echo
    echo "Writes (appendfsync always) ÷ reads of the same server, mean over the rounds: $(mean_ratio writes-always fsync-reads)."
    echo
  } >>"$summary"
  [ "$(errors_of writes-always)$(errors_of writes-everysec)$(errors_of fsync-reads)" = 000 ] || fail "writes or reads had errors"
}

use_build() { # before|after: the server run_wrk sends to and charges CPU time to
  if [ "$1" = before ]; then base=$before_base measured_pid=$before_pid; else base=$after_base measured_pid=$after_pid; fi
}

compare() {
  # Cookies issued by this build verify in both: the builds share the key ring in Redis.
  cookies 200
  log "warm-up ($WARMUP each, both builds)"
  local build round
  for build in before after; do
    use_build "$build"
    run_wrk "warmup-$build-health" "$WARMUP" scripts/wrk/health.lua
    run_wrk "warmup-$build-get" "$WARMUP" scripts/wrk/consent-get.lua "$SITE" "$site_key" "$visitor_file"
    run_wrk "warmup-$build-verify" "$WARMUP" scripts/wrk/tokens-verify.lua "$SITE" "$site_key" "$token_file"
    run_wrk "warmup-$build-put" "$WARMUP" scripts/wrk/consent-put.lua "$SITE" "$site_key" "$CATEGORIES"
  done
  # Interleaved: before, after, before, after... so a change of background load hits both builds alike.
  for round in $(seq "$ROUNDS"); do
    for build in before after; do
      use_build "$build"
      run_wrk "$build-health-$round" "$DURATION" scripts/wrk/health.lua
      run_wrk "$build-get-$round" "$DURATION" scripts/wrk/consent-get.lua "$SITE" "$site_key" "$visitor_file"
      run_wrk "$build-verify-$round" "$DURATION" scripts/wrk/tokens-verify.lua "$SITE" "$site_key" "$token_file"
      # Writes as deployed: every reply waits for its fsync (what the writes ÷ reads target is about).
      rcli config set appendfsync always >/dev/null
      run_wrk "$build-put-$round" "$DURATION" scripts/wrk/consent-put.lua "$SITE" "$site_key" "$CATEGORIES"
      rcli config set appendfsync everysec >/dev/null
    done
  done
  use_build after
  {
    echo "#### Before ($(git -C "$BEFORE" log -1 --format='%h %s' | cut -c1-60)) and after (this build, $(git log -1 --format=%h)), same Redis, interleaved ($DURATION each, $ROUNDS rounds)"
    echo
    echo "| round: build: endpoint | req/s | p50 ms | p99 ms | errors (HTTP/socket) | ratio to the build's /health/live | server CPU µs/req | Redis CPU µs/req | wrk CPU µs/req | load1 |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for round in $(seq "$ROUNDS"); do
      for build in before after; do
        row "$build-health-$round" "$build-health-$round" "$round: $build: \`GET /health/live\`"
        row "$build-get-$round" "$build-health-$round" "$round: $build: \`GET .../consent\`"
        row "$build-verify-$round" "$build-health-$round" "$round: $build: \`POST .../tokens/verify\`"
        row "$build-put-$round" "$build-health-$round" "$round: $build: \`PUT .../consent\`"
      done
    done
    echo
    echo "Mean over the rounds, after vs before: \`GET .../consent\` $(mean_ratio after-get before-get); \`POST .../tokens/verify\` $(mean_ratio after-verify before-verify); \`PUT .../consent\` $(mean_ratio after-put before-put); \`/health/live\` $(mean_ratio after-health before-health)."
    echo
    echo "Writes (appendfsync always) ÷ reads, mean over the rounds: before $(mean_ratio before-put before-get); after $(mean_ratio after-put after-get)."
    echo
    echo "CPU time per request, mean over the rounds, before → after (server; Redis): \`GET .../consent\` $(mean_of before-get server_us) → $(mean_of after-get server_us) µs; $(mean_of before-get redis_us) → $(mean_of after-get redis_us) µs. \`POST .../tokens/verify\` $(mean_of before-verify server_us) → $(mean_of after-verify server_us) µs. \`PUT .../consent\` $(mean_of before-put server_us) → $(mean_of after-put server_us) µs; $(mean_of before-put redis_us) → $(mean_of after-put redis_us) µs. \`/health/live\` $(mean_of before-health server_us) → $(mean_of after-health server_us) µs."
    echo
  } >>"$summary"
  local run
  for run in before-get before-verify before-put after-get after-verify after-put; do
    [ "$(errors_of "$run")" = 0 ] || fail "$run had errors"
  done
}

case "$mode" in
  compare) compare ;;
  reads) reads ;;
  memory) memory ;;
  mixed) mixed ;;
  fsync) fsync ;;
  all) reads; memory; mixed; fsync ;;
esac

echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)." >>"$summary"
if [ -s "$tmp/problems" ]; then
  { echo; echo "**Errors:** $(paste -sd ';' "$tmp/problems")"; } >>"$summary"
fi
cat "$summary"
[ ! -s "$tmp/problems" ]
