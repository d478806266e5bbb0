-- wrk script for the durable progress row: every request is one POST /api/v1/me/progress carrying one update,
-- rotating over many bench learners' sessions and enrolments (the file named by the first script argument:
-- "TOKEN CONTENT_ID RESOURCE_ID" a line, made by scripts/bench.sh from the plan of karmayogi bench-seed learn).
-- Each visit to a line raises its percent (up to 99: the seed left that resource untouched, so the course is
-- never completed here) and its position, so every write changes the row. Only 2xx answers count: the script
-- prints "2xx: N of M" at the end and the statuses of the others.
package.path = "bench/?.lua;" .. package.path
local common = require("common")
common.count_answers()
local lines, at, visits = {}, 0, {}

function init(args)
  lines = common.read(args[1], "^(%S+) (%d+) (%d+)$", { "token", "content", "resource" }, "progress.lua")
  at = common.start(#lines)
end

function request()
  at = at % #lines + 1
  local l = lines[at]
  local n = (visits[at] or 0) + 1
  visits[at] = n
  local body = string.format(
    '{"updates":[{"content_id":%s,"resource_id":%s,"percent":%d,"position":%d,"time_spent_s":%d}]}',
    l.content, l.resource, math.min(99, n), n * 7, n * 7)
  return wrk.format("POST", "/api/v1/me/progress",
    { ["Authorization"] = "Bearer " .. l.token, ["Content-Type"] = "application/json" }, body)
end
