-- Mixed load: of every 10 requests, 9 check a stored visitor (GET .../consent) and 1 changes a stored
-- visitor's choices (PUT .../consent, a new receipt). Counts non-2xx answers exactly (wrk itself counts only >= 400).
-- Arguments (after --): site, site key, optional categories (comma-separated), file of visitor ids.
package.path = "scripts/wrk/?.lua;" .. package.path
local report = require "report"

local count, visitor_at, head, tail, put
sent, writes, non2xx = 0, 0, 0

setup = report.setup

function init(args)
  local key = "Bearer " .. args[2]
  count, visitor_at = report.compact_lines(args[4])
  head, tail = report.template("GET", "/v1/sites/" .. args[1] .. "/visitors/%s/consent", { ["Authorization"] = key })
  report.seed()
  put = report.consent_puts(args[1], report.split(args[3]), { ["Authorization"] = key, ["Content-Type"] = "application/json" })
end

function request()
  sent = sent + 1
  local visitor = visitor_at(math.random(count))
  if sent % 10 == 0 then
    writes = writes + 1
    return put(visitor)
  end
  -- Built like consent-get.lua's, so the mix compares with the read-only run.
  return head .. visitor .. tail
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  report.line("mixed-90-10", summary, latency, string.format(" writes_sent=%d reads_sent=%d non2xx=%d",
    report.sum("writes"), report.sum("sent") - report.sum("writes"), report.sum("non2xx")))
end
