-- wrk script for rows read by many learners: each request goes with the next session of the file named by the
-- first script argument ("TOKEN" or "TOKEN CODE" a line, made by scripts/bench.sh from the plan of karmayogi
-- bench-seed learn); "CODE" in the path becomes the line's code (a certificate of that learner). Only 2xx
-- answers count: the script prints "2xx: N of M" at the end and the statuses of the others.
package.path = "bench/?.lua;" .. package.path
local common = require("common")
common.count_answers()
local lines, at = {}, 0

function init(args)
  lines = common.read(args[1], "^(%S+)%s*(%S*)$", { "token", "code" }, "learners.lua")
  at = common.start(#lines)
end

function request()
  at = at % #lines + 1
  local l = lines[at]
  local path = wrk.path:gsub("CODE", l.code)
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. l.token })
end
