-- Baseline: GET /health/live (a constant answer). Builds each request in Lua like the other scripts,
-- so wrk spends about the same CPU per request in every run it is compared with.
package.path = "scripts/wrk/?.lua;" .. package.path
local report = require "report"

setup = report.setup

function request()
  return wrk.format("GET", "/health/live")
end

function done(summary, latency, requests)
  report.line("health-live", summary, latency)
end
