-- Shared by the wrk scripts (loaded with require; bench-http.sh runs wrk from the repository root).
-- Per-thread counters are summed in done(); every run ends with one "RESULT key=value ..." line.
local report = {}
local threads = {}

-- wrk calls setup() once per thread, in the main Lua state, before the threads start.
function report.setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function report.sum(name)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + (thread:get(name) or 0)
  end
  return total
end

-- The global "steps" of thread i (in setup order), or nil when there is no such thread.
function report.steps(i)
  local thread = threads[i + 1]
  return thread and (thread:get("steps") or 0) or nil
end

-- Seeds math.random from /dev/urandom: two wrk runs started in the same second must not mint the same visitor ids.
function report.seed()
  local f = assert(io.open("/dev/urandom", "rb"))
  local bytes = f:read(6)
  f:close()
  local seed = 0
  for i = 1, #bytes do
    seed = seed * 256 + bytes:byte(i)
  end
  math.randomseed(seed)
end

local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

-- New visitor ids in the server's canonical form (base64url of 16 bytes: 22 characters, of which the last carries
-- 2 bits, so "A" is canonical): 13 random characters drawn once (call report.seed() first) and a counter in 8 hex
-- digits, so each request costs one format, not 22 random draws.
function report.new_visitors()
  local chars = {}
  for i = 1, 13 do
    local n = math.random(64)
    chars[i] = alphabet:sub(n, n)
  end
  local prefix, made = table.concat(chars), 0
  return function()
    made = made + 1
    return prefix .. string.format("%08x", made) .. "A"
  end
end

-- Requests are built in init(): wrk.format assembles a request from a table of headers on every call, which cost wrk
-- about 4 µs of the cores it shares with the server per consent read. A request that varies by one part is kept as
-- the text around that part, joined per request with one concatenation.
local marker = "\1"

-- The request wrk.format makes with `path` (containing "%s" where the varying part goes), the current wrk.headers
-- (or `headers`) and `body`, as the text before and after that part.
function report.template(method, path, headers, body)
  local text = wrk.format(method, path:gsub("%%s", marker), headers, body)
  local at = assert(text:find(marker, 1, true), "no %s in " .. path)
  return text:sub(1, at - 1), text:sub(at + 1)
end

-- The non-empty lines of a file (visitor ids, cookie values), kept as one string and the numbers of where each line
-- starts and ends: the lists run to a million visitor ids. As a table of a million strings, the list was walked by
-- every cycle of wrk's garbage collector (each request makes a string): wrk spent 23–29 µs per read with a million
-- ids, against 16 µs with 15 000. Numbers are not collected objects: kept like this, 18 µs. Returns the count and a
-- function for line i.
function report.compact_lines(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  local starts, ends, count, at = {}, {}, 0, 1
  while at <= #text do
    local newline = text:find("\n", at, true) or #text + 1
    local last = newline - 1
    if text:byte(last) == 13 then
      last = last - 1
    end
    if last >= at then
      count = count + 1
      starts[count], ends[count] = at, last
    end
    at = newline + 1
  end
  assert(count > 0, "no lines in " .. path)
  return count, function(i)
    return text:sub(starts[i], ends[i])
  end
end

function report.split(csv)
  local list = {}
  for item in string.gmatch(csv, "[^,]+") do
    list[#list + 1] = item
  end
  return list
end

-- A PUT .../consent body with a random choice per optional category, as a banner would send it.
local function consent_body(categories)
  local parts = {}
  for i, category in ipairs(categories) do
    parts[i] = string.format('"%s":%s', category, math.random(2) == 1 and "true" or "false")
  end
  return '{"choices":{' .. table.concat(parts, ",") .. '},"source":"banner",'
    .. '"visitorIp":"203.0.113.77",'
    .. '"userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"}'
end

-- PUT .../consent requests, as a function of the visitor id: each with one of 64 bodies made in init() (a random
-- choice per optional category in each). Built per request, with a new id of 22 random draws, a write cost wrk about
-- 5 µs more CPU (25.6 against 20.8 µs, three interleaved rounds against one server).
function report.consent_puts(site, categories, headers)
  local path, head, tails = "/v1/sites/" .. site .. "/visitors/%s/consent", nil, {}
  for i = 1, 64 do
    head, tails[i] = report.template("PUT", path, headers, consent_body(categories))
  end
  return function(visitor)
    return head .. visitor .. tails[math.random(64)]
  end
end

function report.line(label, summary, latency, extra)
  local errors = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT run=%s requests=%d seconds=%.1f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.1f http_errors=%d socket_errors=%d%s\n",
    label, summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout, extra or ""))
end

return report
