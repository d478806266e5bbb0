-- wrk script for the "assess submit 20-question attempt" row: every request is one POST
-- /api/v1/attempts/{id}/submit of an open attempt, its twenty questions answered by the seed, so the server
-- scores all of them, records the result and tells learn. An attempt is submitted once: the script walks the
-- file named by the first script argument ("TOKEN ATTEMPT_ID" a line, made by scripts/bench.sh from the plan of
-- karmayogi bench-seed assess, a login after another) once, each thread its own share (the second argument: the
-- number of wrk threads, default 1). The seed leaves enough attempts for over 30 s at the rate measured here;
-- should a longer run use them up, the script goes on sending the last one, whose 409 answers make bench.sh
-- print its "only 2xx counted" note, rather than stop its thread (wrk would still divide by the whole run).
-- Only 2xx answers count: the script prints "2xx: N of M" at the end and the statuses of the others.
package.path = "bench/?.lua;" .. package.path
local common = require("common")
common.count_answers()
local lines, at, step = {}, 0, 1

function init(args)
  lines = common.read(args[1], "^(%S+) (%d+)$", { "token", "attempt" }, "submit.lua")
  step = tonumber(args[2] or "1") -- the number of wrk threads: each takes every step-th line
  at = (offset or 0) + 1 - step
end

function request()
  at = at + step
  if at > #lines then
    at = #lines -- used up: the last one again (409 already submitted)
  end
  local l = lines[at]
  return wrk.format("POST", "/api/v1/attempts/" .. l.attempt .. "/submit", { ["Authorization"] = "Bearer " .. l.token })
end
