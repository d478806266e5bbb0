-- wrk script for the "assess submit 20-question attempt" row: every request is one POST
-- /api/v1/attempts/{id}/submit of an open attempt, its twenty questions answered by the seed, so the server
-- scores all of them, records the result and tells learn. An attempt is submitted once: the script walks the
-- file named by the first script argument ("TOKEN ATTEMPT_ID" a line, made by scripts/bench.sh from the plan of
-- karmayogi bench-seed assess, a login after another) once, each thread its own share (the second argument: the
-- number of wrk threads, default 1). The seed leaves enough attempts for over 30 s at the rate measured here;
-- should a longer run use them up, the script goes on sending the last one, whose 409 answers make bench.sh
-- print its "only 2xx counted" note, rather than stop its thread (wrk would still divide by the whole run).
-- Only 2xx answers count: the script prints "2xx: N of M" at the end and the statuses of the others.
local lines, at, step = {}, 0, 1
ok, statuses = 0, {} -- globals: done() reads them from each thread

function setup(thread)
  threads = threads or {}
  table.insert(threads, thread)
  thread:set("offset", #threads - 1)
end

function init(args)
  for l in io.lines(args[1]) do
    local token, attempt = l:match("^(%S+) (%d+)$")
    if token then
      table.insert(lines, { token = token, attempt = attempt })
    end
  end
  assert(#lines > 0, "submit.lua: no lines in " .. tostring(args[1]))
  step = tonumber(args[2] or "1") -- the number of wrk threads: each takes every step-th line
  at = (offset or 0) + 1 - step
end

function request()
  at = at + step
  if at > #lines then
    at = at - step -- used up: the last one again (409 already submitted)
  end
  local l = lines[at]
  return wrk.format("POST", "/api/v1/attempts/" .. l.attempt .. "/submit", { ["Authorization"] = "Bearer " .. l.token })
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
