-- GET /v1/sites/{site}/visitors/{visitor}/consent for visitors picked at random from a file of stored ids.
-- Arguments (after --): site, site key, file of visitor ids (one per line).
package.path = "scripts/wrk/?.lua;" .. package.path
local report = require "report"

local head, tail, count, visitor

setup = report.setup

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  head, tail = report.template("GET", "/v1/sites/" .. args[1] .. "/visitors/%s/consent")
  count, visitor = report.compact_lines(args[3])
  report.seed()
end

function request()
  return head .. visitor(math.random(count)) .. tail
end

function done(summary, latency, requests)
  report.line("consent-get", summary, latency)
end
