-- Shared by the bench's wrk scripts (require "common" once bench/ is on package.path): reading the lines of
-- sessions a script sends with, where each thread starts in them, and counting answers so that only 2xx count:
-- done() prints "2xx: N of M" and the statuses of the others, which scripts/bench.sh reads.
local common = {}

-- The lines of path that match pattern, each a table of the captures under names; fails when there are none.
function common.read(path, pattern, names, script)
  local lines = {}
  for l in io.lines(path) do
    local caps = { l:match(pattern) }
    if caps[1] then
      local line = {}
      for i, name in ipairs(names) do line[name] = caps[i] end
      table.insert(lines, line)
    end
  end
  assert(#lines > 0, script .. ": no lines in " .. tostring(path))
  return lines
end

-- Where this thread starts among n lines, so threads do not walk in step (offset is set by setup()).
function common.start(n)
  return (offset or 0) * 997 % n
end

-- Defines setup(), response() and done() for a script: threads are numbered, answers counted.
function common.count_answers()
  ok, statuses = 0, {} -- globals: done() reads them from each thread

  function setup(thread)
    threads = threads or {}
    table.insert(threads, thread)
    thread:set("offset", #threads - 1)
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
end

return common
