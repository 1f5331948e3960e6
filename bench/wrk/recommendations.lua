-- wrk script for Teddy's serving throughput (docs/benchmarks.md, "Serving throughput (issue 7)").
--
--   wrk -t2 -c64 -d30s --latency -s bench/wrk/recommendations.lua http://localhost:7964 -- \
--       ids=/tmp/teddy-shoppers.txt method=hybrid returning=0.1 new=0
--
-- Arguments after "--", each key=value (all optional but ids):
--   ids=FILE       the demo shop's shopper ids, one a line (written by
--                  `Teddy.Benchmarks --shopper-ids FILE`); requests rotate over them, each wrk thread from its own offset
--   kind=recommendations | similar
--                  GET api/recommendations/{id} (default) or GET api/products/{product}/similar, products rotating over
--                  first .. first+products-1 (the demo shop's ids, 10001 …)
--   method=NAME    adds &method=NAME (hybrid, content, collaborative, itemknn, popular); empty: the served default
--   k=20           list length
--   returning=0.1  share of requests from returning anonymous visitors (a pool of `pool` ids the model does not know:
--                  each is a recent-events cache miss the first time, then a hit like a known shopper)
--   pool=1000      how many returning anonymous visitors
--   new=0          share of requests from never-seen visitors (an id unique to this run and request): every one is a
--                  recent-events cache miss, which reads the shopper's partition of the events table (waiting at most
--                  Teddy__Serving__RecentReadTimeoutSeconds) and then caches an empty history
--   first=10001 products=14339   the product ids for kind=similar

local thread_count = 0
local run = tostring(os.time())

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
end

local ids, cursor, counter = {}, 1, 0
local kind, method, k, returning, pool, new, first, products

function init(args)
  local opt = {}
  for _, a in ipairs(args) do
    local key, value = a:match("^([%w_]+)=(.*)$")
    if not key then error("argument '" .. a .. "' is not key=value") end
    opt[key] = value
  end
  kind = opt.kind or "recommendations"
  method = (opt.method and opt.method ~= "") and ("&method=" .. opt.method) or ""
  k = tonumber(opt.k or "20")
  returning = tonumber(opt.returning or "0.1")
  pool = tonumber(opt.pool or "1000")
  new = tonumber(opt.new or "0")
  first = tonumber(opt.first or "10001")
  products = tonumber(opt.products or "14339")
  if kind == "recommendations" then
    if not opt.ids then error("ids=FILE is required for kind=recommendations") end
    for line in io.lines(opt.ids) do
      if #line > 0 then ids[#ids + 1] = line end
    end
    if #ids == 0 then error("no shopper ids in " .. opt.ids) end
  end
  local tid = tonumber(tid or 0)
  math.randomseed(os.time() * 1000 + tid)
  -- Threads start at different places in the rotation, so together they cover every id.
  cursor = (tid * 7919) % math.max(#ids, products) + 1
end

local function shopper()
  local draw = math.random()
  if draw < new then
    counter = counter + 1
    return string.format("new-%s-%d-%d", run, tonumber(tid or 0), counter)
  elseif draw < new + returning then
    return string.format("anon-%05d", math.random(pool))
  end
  cursor = cursor % #ids + 1
  return ids[cursor]
end

function request()
  if kind == "similar" then
    cursor = cursor % products + 1
    return wrk.format("GET", string.format("/api/products/%d/similar?k=%d%s", first + cursor - 1, k, method))
  end
  return wrk.format("GET", string.format("/api/recommendations/%s?k=%d%s", shopper(), k, method))
end
