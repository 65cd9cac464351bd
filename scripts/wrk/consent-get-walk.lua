-- GET /v1/sites/{site}/visitors/{visitor}/consent for every visitor of a file in turn, from a given line on: the memory
-- run's warm-up pass, so its timed random reads measure the steady state. Thread i of n reads lines start+i, start+i+n, ...
-- and, once past the end, random lines; done() prints walked=<how many lines from start on have all been read>.
-- Arguments (after --): site, site key, file of visitor ids, first line (1-based), number of wrk threads.
package.path = "scripts/wrk/?.lua;" .. package.path
local report = require "report"

local site, count, visitor, start, stride
steps = 0

setup = report.setup

function init(args)
  site = args[1]
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  count, visitor = report.compact_lines(args[3])
  start = tonumber(args[4])
  stride = tonumber(args[5])
  report.seed()
end

function request()
  local line = start + (id or 0) + steps * stride -- id: set by report.setup
  if line <= count then
    steps = steps + 1
  else
    line = math.random(count)
  end
  return wrk.format("GET", "/v1/sites/" .. site .. "/visitors/" .. visitor(line) .. "/consent")
end

function done(summary, latency, requests)
  -- done() runs in wrk's main state: the number of threads is the stride. Thread i has read lines start+i+k*stride
  -- for every k below its steps, so the lines from start on are all read up to (not including) start + the least
  -- steps*stride+i (requests still in flight count as read: the pass only warms the cache).
  local threads, walked = 0, nil
  while report.steps(threads) ~= nil do
    threads = threads + 1
  end
  for i = 0, threads - 1 do
    local covered = report.steps(i) * threads + i
    if walked == nil or covered < walked then walked = covered end
  end
  report.line("consent-get-walk", summary, latency, string.format(" walked=%d", walked or 0))
end
