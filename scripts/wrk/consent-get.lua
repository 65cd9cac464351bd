-- GET /v1/sites/{site}/visitors/{visitor}/consent for visitors picked at random from a file of stored ids.
-- Arguments (after --): site, site key, file of visitor ids (one per line).
package.path = "scripts/wrk/?.lua;" .. package.path
local report = require "report"

local site, visitors

setup = report.setup

function init(args)
  site = args[1]
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  visitors = report.lines(args[3])
  report.seed()
end

function request()
  return wrk.format("GET", "/v1/sites/" .. site .. "/visitors/" .. visitors[math.random(#visitors)] .. "/consent")
end

function done(summary, latency, requests)
  report.line("consent-get", summary, latency)
end
