-- wrk script for the durable progress row: every request is one POST /api/v1/me/progress carrying one update,
-- rotating over many bench learners' sessions and enrolments (the file named by the first script argument:
-- "TOKEN CONTENT_ID RESOURCE_ID" a line, made by scripts/bench.sh from the plan of karmayogi bench-seed learn).
-- Each visit to a line raises its percent (up to 99: the seed left that resource untouched, so the course is
-- never completed here) and its position, so every write changes the row. Only 2xx answers count: the script
-- prints "2xx: N of M" at the end and the statuses of the others.
local lines, at, visits = {}, 0, {}
ok, statuses = 0, {} -- globals: done() reads them from each thread

function setup(thread)
  threads = threads or {}
  table.insert(threads, thread)
  thread:set("offset", #threads - 1)
end

function init(args)
  for l in io.lines(args[1]) do
    local token, content, resource = l:match("^(%S+) (%d+) (%d+)$")
    if token then
      table.insert(lines, { token = token, content = content, resource = resource })
    end
  end
  assert(#lines > 0, "progress.lua: no lines in " .. tostring(args[1]))
  at = (offset or 0) * 997 % #lines
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
