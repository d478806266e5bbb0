-- wrk script for the "assess save answer" row: every request is one PUT /api/v1/attempts/{id}/answers carrying
-- one answer, rotating over the bench learners' open attempts and their questions (the file named by the first
-- script argument: "TOKEN ATTEMPT_ID QUESTION_ID OPTION_ID" a line, made by scripts/bench.sh from the plan of
-- karmayogi bench-seed assess). The plan names two options of each question one after the other, so
-- consecutive saves of a question change its answer. Only 2xx answers count: the script prints "2xx: N of M"
-- at the end and the statuses of the others.
local lines, at = {}, 0
ok, statuses = 0, {} -- globals: done() reads them from each thread

function setup(thread)
  threads = threads or {}
  table.insert(threads, thread)
  thread:set("offset", #threads - 1)
end

function init(args)
  for l in io.lines(args[1]) do
    local token, attempt, question, option = l:match("^(%S+) (%d+) (%d+) (%d+)$")
    if token then
      table.insert(lines, { token = token, attempt = attempt, question = question, option = option })
    end
  end
  assert(#lines > 0, "answer.lua: no lines in " .. tostring(args[1]))
  at = (offset or 0) * 997 % #lines
end

function request()
  at = at % #lines + 1
  local l = lines[at]
  local body = string.format('{"answers":[{"question_id":%s,"option_ids":[%s]}]}', l.question, l.option)
  return wrk.format("PUT", "/api/v1/attempts/" .. l.attempt .. "/answers",
    { ["Authorization"] = "Bearer " .. l.token, ["Content-Type"] = "application/json" }, body)
end

function response(status)
  if status >= 200 and status < 300 then
    ok = ok + 1
  else
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary)
  local good, bad = 0, {}
  for _, t in ipairs(threads) do
    good = good + t:get("ok")
    for s, n in pairs(t:get("statuses")) do bad[s] = (bad[s] or 0) + n end
  end
  local others = ""
  for s, n in pairs(bad) do others = others .. " " .. s .. "=" .. n end
  io.write(string.format("2xx: %d of %d%s\n", good, summary.requests, others ~= "" and (" (others:" .. others .. ")") or ""))
end
