-- wrk script of scripts/benchmark.sh: one request after another on each connection, each to a user
-- picked by a counter over BENCH_USERS distinct users. Run with as many threads as connections
-- (wrk -t C -c C), so every thread has one connection and measures each request's latency itself.
--
-- Environment (set by scripts/benchmark.sh):
--   BENCH_MODE     chat:  POST /chat/<user> {"role":"user","content":"..."} to the app
--                  actor: POST /v1.0/actors/ChatAgent/<user>/method/GetConversationHistory to daprd
--   BENCH_USERS    distinct users; BENCH_PREFIX: their id prefix; BENCH_OFFSET: first counter value
--   BENCH_SECONDS  how long to send; then each connection waits for its last answer and stops, so
--                  no request is abandoned in flight (wrk's -d is only an upper bound)
--   BENCH_THREADS  wrk's -t; BENCH_TOKEN: dapr-api-token for the actor mode (empty: none)
--   BENCH_PAD      chat mode: that many more characters in every message (0: none)
-- done() prints one line "BENCH key=value ..." that benchmark.sh reads.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
int getpid(void);
long syscall(long number, ...);
]]
local clock = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) + tonumber(clock.tv_nsec) / 1e9
end

local function env(name, default)
  local value = os.getenv(name)
  if value == nil or value == "" then return default end
  return value
end

local mode = env("BENCH_MODE", "chat")
local users = tonumber(env("BENCH_USERS", "1000"))
local prefix = env("BENCH_PREFIX", "user")
local offset = tonumber(env("BENCH_OFFSET", "0"))
local seconds = tonumber(env("BENCH_SECONDS", "10"))
local thread_count = tonumber(env("BENCH_THREADS", "1"))
local token = env("BENCH_TOKEN", "")
local pad = string.rep("x", tonumber(env("BENCH_PAD", "0")))

-- Main state: hand each thread its index and a flag array shared by all threads.
local threads = {}
done_flags = ffi.new("int32_t[?]", thread_count)
function setup(thread)
  thread:set("thread_index", #threads)
  thread:set("flags_address", tonumber(ffi.cast("intptr_t", done_flags)))
  table.insert(threads, thread)
end

-- Thread states.
local headers = { ["Content-Type"] = "application/json" }
if mode == "actor" and token ~= "" then headers["dapr-api-token"] = token end
local started, finished = false, false
local deadline, sent_at, counter = 0, 0, 0
-- Globals: done() reads them with thread:get.
sent, ok, ok_in_window, other, last_k = 0, 0, 0, 0, -1
latencies, statuses = {}, {}

function init(args)
  deadline = now() + seconds
end

-- All threads have stopped sending and have their answers: end wrk now rather than at -d. SIGINT
-- must reach wrk's main thread (it sleeps for -d), so tgkill(pid, pid, SIGINT).
local function finish()
  finished = true
  local flags = ffi.cast("volatile int32_t *", flags_address)
  flags[thread_index] = 1
  for i = 0, thread_count - 1 do
    if flags[i] == 0 then return end
  end
  local tgkill = ({ x64 = 234, arm64 = 131 })[ffi.arch]
  if tgkill then
    local pid = ffi.C.getpid()
    ffi.C.syscall(tgkill, ffi.cast("long", pid), ffi.cast("long", pid), ffi.cast("long", 2))
  end
end

function delay()
  started = true
  if now() < deadline then return 0 end
  if not finished then finish() end
  return 3600000
end

function request()
  local k = offset + counter * thread_count + thread_index
  local user = prefix .. (k % users)
  if not started then -- wrk's check of the request before the run: not sent
    return wrk.format("POST", "/chat/" .. user, headers, "{}")
  end
  counter = counter + 1
  last_k = k
  sent = sent + 1
  sent_at = now()
  if mode == "chat" then
    return wrk.format("POST", "/chat/" .. user, headers,
      '{"role":"user","content":"benchmark message ' .. k .. pad .. '"}')
  end
  return wrk.format("POST", "/v1.0/actors/ChatAgent/" .. user .. "/method/GetConversationHistory",
    headers, "")
end

function response(status, response_headers, body)
  local t = now()
  latencies[#latencies + 1] = (t - sent_at) * 1000
  if status >= 200 and status < 300 then
    ok = ok + 1
    if t <= deadline then ok_in_window = ok_in_window + 1 end
  else
    other = other + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

-- Main state again, after the run.
function done(summary, latency, requests)
  local all, codes = {}, {}
  local total = { sent = 0, ok = 0, ok_in_window = 0, other = 0 }
  local next_k = offset
  for _, thread in ipairs(threads) do
    for key in pairs(total) do total[key] = total[key] + thread:get(key) end
    for _, value in ipairs(thread:get("latencies")) do all[#all + 1] = value end
    for status, count in pairs(thread:get("statuses")) do codes[status] = (codes[status] or 0) + count end
    next_k = math.max(next_k, thread:get("last_k") + 1)
  end
  table.sort(all)
  local function percentile(p)
    if #all == 0 then return 0 end
    return all[math.max(1, math.ceil(p / 100 * #all))]
  end
  local slow = 0
  for _, value in ipairs(all) do if value > 1000 then slow = slow + 1 end end
  local code_list = {}
  for status, count in pairs(codes) do code_list[#code_list + 1] = status .. ":" .. count end
  local e = summary.errors
  io.write(string.format(
    "BENCH sent=%d ok=%d other=%d lost=%d rate=%.1f p50=%.1f p90=%.1f p99=%.1f max=%.1f slow=%d " ..
    "answered=%d next=%d socket_errors=%d codes=%s\n",
    total.sent, total.ok, total.other, total.sent - total.ok - total.other,
    total.ok_in_window / seconds, percentile(50), percentile(90), percentile(99),
    all[#all] or 0, slow, #all, next_k, e.connect + e.read + e.write,
    #code_list > 0 and table.concat(code_list, ",") or "-"))
end
