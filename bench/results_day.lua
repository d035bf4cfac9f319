-- Results day under wrk (bench/results_day.py). Modes, from the arguments after "--" (none:
-- the URL given to wrk, like bench/report.lua):
--   random <count>        every request asks for a different random candidate, 07000000 +
--                         0…count-1, so no page cache can help
--   release <epoch> <sbd> one candidate's page across the release instant (epoch seconds):
--                         each answer is classed "not yet" or "result" by its body and by the
--                         second it arrived in
-- done() prints one BENCH_JSON line like bench/report.lua, with the release counts added.
-- The time of an answer, precise: os.time() reads the kernel's coarse clock, which lags the real
-- one by up to a scheduler tick, so an answer made just after the release instant (by the
-- server's precise clock) could be counted as one before it.
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *now);
]]
local timespec = ffi.new("bench_timespec")

local function now_seconds()
  ffi.C.clock_gettime(0, timespec)  -- CLOCK_REALTIME, as Python's time.time()
  return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) / 1e9
end

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1] or "plain"
  math.randomseed(os.time() * 1000 + id * 7919)
  if mode == "random" then
    count = tonumber(args[2]) or 1000000
  elseif mode == "release" then
    release = tonumber(args[2])
    path = "/ket-qua-thi/2021/?sbd=" .. args[3]
  end
  not_yet_before, not_yet_grace, not_yet_after = 0, 0, 0
  result_before, result_grace, result_after, other = 0, 0, 0, 0
end

function request()
  if mode == "random" then
    return wrk.format("GET", string.format("/ket-qua-thi/2021/?sbd=07%06d", math.random(0, count - 1)))
  elseif mode == "release" then
    return wrk.format("GET", path)
  end
  return wrk.format()  -- plain: the URL given to wrk (the floor, the statistics page)
end

function response(status, headers, body)
  if mode ~= "release" then return end
  local now = now_seconds()
  local not_yet = string.find(body, "sẽ được công bố", 1, true) ~= nil
  local result = string.find(body, "Điểm thi tốt nghiệp THPT", 1, true) ~= nil
  if status ~= 200 or (not_yet == result) then
    other = other + 1
  elseif not_yet then
    if now < release then not_yet_before = not_yet_before + 1
    elseif now < release + 1 then not_yet_grace = not_yet_grace + 1
    else not_yet_after = not_yet_after + 1 end
  else
    if now < release then result_before = result_before + 1
    elseif now < release + 1 then result_grace = result_grace + 1
    else result_after = result_after + 1 end
  end
end

local names = {"not_yet_before", "not_yet_grace", "not_yet_after", "result_before",
               "result_grace", "result_after", "other"}

done = function(summary, latency, requests)
  local e = summary.errors
  local totals = {}
  for _, name in ipairs(names) do
    totals[name] = 0
    for _, thread in ipairs(threads) do totals[name] = totals[name] + (thread:get(name) or 0) end
  end
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"errors":%d,"non2xx":%d,' ..
    '"p50_us":%d,"p95_us":%d,"p99_us":%d,"bytes":%d,' ..
    '"not_yet_before":%d,"not_yet_grace":%d,"not_yet_after":%d,' ..
    '"result_before":%d,"result_grace":%d,"result_after":%d,"other":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    e.status, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.bytes, totals.not_yet_before, totals.not_yet_grace, totals.not_yet_after,
    totals.result_before, totals.result_grace, totals.result_after, totals.other))
end
