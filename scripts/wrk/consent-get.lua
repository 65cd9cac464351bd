-- GET /v1/sites/{site}/visitors/{visitor}/consent for visitors picked at random from a file of stored ids.
-- Arguments (after --): site, site key, file of visitor ids (one per line).
package.path = "scripts/wrk/?.lua;" .. package.path
local report = require "report"

local head, tail, visitors

setup = report.setup

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  head, tail = report.template("GET", "/v1/sites/" .. args[1] .. "/visitors/%s/consent")
  visitors = report.lines(args[3])
  report.seed()
end

function request()
  return head .. visitors[math.random(#visitors)] .. tail
end

function done(summary, latency, requests)
  report.line("consent-get", summary, latency)
end
