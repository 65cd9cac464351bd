-- PUT /v1/sites/{site}/visitors/{new random visitor}/consent: every request records a new visitor
-- (state plus one receipt), exactly as the banner's "save" does.
-- Arguments (after --): site, site key, optional categories (comma-separated). BENCH_LABEL names the run.
package.path = "scripts/wrk/?.lua;" .. package.path
local report = require "report"

local site, categories

setup = report.setup

function init(args)
  site = args[1]
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  wrk.headers["Content-Type"] = "application/json"
  categories = report.split(args[3])
  report.seed()
end

function request()
  return wrk.format("PUT", "/v1/sites/" .. site .. "/visitors/" .. report.visitor() .. "/consent",
    nil, report.consent_body(categories))
end

function done(summary, latency, requests)
  report.line(os.getenv("BENCH_LABEL") or "consent-put", summary, latency)
end
