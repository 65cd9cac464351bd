-- PUT /v1/sites/{site}/visitors/{visitor}/consent for visitors already stored, taken in turn from a file of ids:
-- every request adds one more receipt to a visitor who has one (the memory run's "each further receipt").
-- Arguments (after --): site, site key, optional categories (comma-separated), file of visitor ids. BENCH_LABEL names the run.
package.path = "scripts/wrk/?.lua;" .. package.path
local report = require "report"

local put, count, visitor
local next_visitor = 0

setup = report.setup

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  wrk.headers["Content-Type"] = "application/json"
  count, visitor = report.compact_lines(args[4])
  report.seed()
  put = report.consent_puts(args[1], report.split(args[3]))
  -- Threads start far apart in the file, so two of them rarely write to the same visitor.
  next_visitor = math.floor((id or 0) * count / 8) -- id: set by report.setup
end

function request()
  next_visitor = next_visitor % count + 1
  return put(visitor(next_visitor))
end

function done(summary, latency, requests)
  report.line(os.getenv("BENCH_LABEL") or "consent-put-again", summary, latency)
end
