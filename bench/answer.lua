-- wrk script for the "assess save answer" row: every request is one PUT /api/v1/attempts/{id}/answers carrying
-- one answer, rotating over the bench learners' open attempts and their questions (the file named by the first
-- script argument: "TOKEN ATTEMPT_ID QUESTION_ID OPTION_ID" a line, made by scripts/bench.sh from the plan of
-- karmayogi bench-seed assess). The plan names two options of each question one after the other, so
-- consecutive saves of a question change its answer. Only 2xx answers count: the script prints "2xx: N of M"
-- at the end and the statuses of the others.
package.path = "bench/?.lua;" .. package.path
local common = require("common")
common.count_answers()
local lines, at = {}, 0

function init(args)
  lines = common.read(args[1], "^(%S+) (%d+) (%d+) (%d+)$", { "token", "attempt", "question", "option" }, "answer.lua")
  at = common.start(#lines)
end

function request()
  at = at % #lines + 1
  local l = lines[at]
  local body = string.format('{"answers":[{"question_id":%s,"option_ids":[%s]}]}', l.question, l.option)
  return wrk.format("PUT", "/api/v1/attempts/" .. l.attempt .. "/answers",
    { ["Authorization"] = "Bearer " .. l.token, ["Content-Type"] = "application/json" }, body)
end
