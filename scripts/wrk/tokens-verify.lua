-- POST /v1/sites/{site}/tokens/verify with consent cookie values picked at random from a file: what a client site's
-- middleware asks on the first sight of a cookie (API verification).
-- Arguments (after --): site, site key, file of cookie values (one per line).
package.path = "scripts/wrk/?.lua;" .. package.path
local report = require "report"

local site, tokens

setup = report.setup

function init(args)
  site = args[1]
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  wrk.headers["Content-Type"] = "application/json"
  tokens = report.lines(args[3])
  report.seed()
end

function request()
  return wrk.format("POST", "/v1/sites/" .. site .. "/tokens/verify", nil,
    '{"token":"' .. tokens[math.random(#tokens)] .. '"}')
end

function done(summary, latency, requests)
  report.line("tokens-verify", summary, latency)
end
