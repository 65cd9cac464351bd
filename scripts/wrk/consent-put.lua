-- PUT /v1/sites/{site}/visitors/{new random visitor}/consent: every request records a new visitor
-- (state plus one receipt), exactly as the banner's "save" does.
-- Arguments (after --): site, site key, optional categories (comma-separated), optionally how many responses each
-- thread waits for before it stops (bench-http.sh's seeding: a count of visitors, with the duration as a bound).
-- BENCH_LABEL names the run.
package.path = "scripts/wrk/?.lua;" .. package.path
local report = require "report"

local put, new_visitor, quota
local answered = 0

setup = report.setup

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  wrk.headers["Content-Type"] = "application/json"
  report.seed()
  put = report.consent_puts(args[1], report.split(args[3]))
  new_visitor = report.new_visitors()
  quota = tonumber(args[4])
  if quota then
    -- Defined only with a quota: wrk hands every response to Lua when response() exists.
    function response()
      answered = answered + 1
      if answered >= quota then
        wrk.thread:stop()
      end
    end
  end
end

function request()
  return put(new_visitor())
end

function done(summary, latency, requests)
  report.line(os.getenv("BENCH_LABEL") or "consent-put", summary, latency)
end
