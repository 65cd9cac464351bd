-- Baseline: GET /health/live (a constant answer). Like the other scripts, request() hands wrk a request built in
-- init(), so wrk spends about the same CPU per request in every run it is compared with.
package.path = "scripts/wrk/?.lua;" .. package.path
local report = require "report"

local prepared

setup = report.setup

function init(args)
  prepared = wrk.format("GET", "/health/live")
end

function request()
  return prepared
end

function done(summary, latency, requests)
  report.line("health-live", summary, latency)
end
