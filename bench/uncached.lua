-- wrk script for the bench rows that must be computed, not answered from a cache: each request adds a
-- parameter that changes nothing in the answer (duration_max above every course's duration) but makes a
-- new cache key, so every request is a miss. Used by scripts/bench.sh.
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "&duration_max=" .. (10000 + counter % 90000))
end
