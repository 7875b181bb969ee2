-- SPDX-License-Identifier: ISC
-- auth-churn's churn (SPEC §9): 2 revocations a second, each of a token
-- made just before in another tenant, through the API: POST /api/v1/tokens
-- in BENCH_TENANT as BENCH_TOKEN (a * token holding create and delete),
-- then DELETE of the id it answered, a pair every 500 ms, on one
-- connection of one wrk thread. The DELETEs' status codes (or a failed
-- creation's) are appended to the file BENCH_CODES. BENCH_CALL (new for
-- every wrk run) makes the names distinct from every earlier run's.
--
-- One long-lived client rather than a shell loop that forks curl, sed and
-- date four times a second: that loop took 0.4 of a core here, which the
-- gate's row would pay for on a 2-core machine.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int, bench_timespec *);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
   ffi.C.clock_gettime(1, ts)	-- CLOCK_MONOTONIC
   return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local auth = "Bearer " .. assert(os.getenv("BENCH_TOKEN"), "BENCH_TOKEN")
local tenant = assert(os.getenv("BENCH_TENANT"), "BENCH_TENANT")
local run = assert(os.getenv("BENCH_CALL"), "BENCH_CALL")
local codes, n, id, started

function init(args)
   codes = assert(io.open(assert(os.getenv("BENCH_CODES"), "BENCH_CODES"), "a"))
   n = 0
end

-- Before each request: a creation waits for its pair's 500 ms to be up.
function delay()
   if id ~= nil or started == nil then return 0 end
   local left = started + 500 - now_ms()
   return left > 0 and math.floor(left) or 0
end

function request()
   if id ~= nil then
      return wrk.format("DELETE", "/api/v1/tokens/" .. id, { ["Authorization"] = auth })
   end
   started = now_ms()
   n = n + 1
   return wrk.format("POST", "/api/v1/tokens", {
      ["Authorization"] = auth,
      ["Content-Type"] = "application/json",
   }, string.format('{"name":"churn-%s-%d","tenant":"%s","permissions":["read"]}',
      run, n, tenant))
end

function response(status, headers, body)
   if id ~= nil then
      codes:write(status, "\n")
      id = nil
   else
      id = body:match('"id":"(tok_%w+)"')
      if id == nil then codes:write(status, " create\n") end
   end
   codes:flush()
end
