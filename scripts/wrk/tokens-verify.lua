-- POST /v1/sites/{site}/tokens/verify with consent cookie values picked at random from a file: what a client site's
-- middleware asks on the first sight of a cookie (API verification).
-- Arguments (after --): site, site key, file of cookie values (one per line).
package.path = "scripts/wrk/?.lua;" .. package.path
local report = require "report"

-- One whole request per cookie, built in init(): the body's length varies with the cookie, and so does Content-Length.
local prepared = {}

setup = report.setup

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  wrk.headers["Content-Type"] = "application/json"
  local count, token = report.compact_lines(args[3])
  for i = 1, count do
    prepared[i] = wrk.format("POST", "/v1/sites/" .. args[1] .. "/tokens/verify", nil, '{"token":"' .. token(i) .. '"}')
  end
  report.seed()
end

function request()
  return prepared[math.random(#prepared)]
end

function done(summary, latency, requests)
  report.line("tokens-verify", summary, latency)
end
