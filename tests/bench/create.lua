-- SPDX-License-Identifier: ISC
-- POST /api/v1/tokens: each request creates a token with a new name, as the
-- tenant-scoped token BENCH_TOKEN (which holds create). BENCH_CALL (new for
-- every wrk run) makes the names distinct from every earlier run's.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local headers = {
   ["Authorization"] = "Bearer " .. assert(os.getenv("BENCH_TOKEN"), "BENCH_TOKEN"),
   ["Content-Type"] = "application/json",
}
local run = assert(os.getenv("BENCH_CALL"), "BENCH_CALL")
local threads = 0
local n = 0

function setup(thread)
   threads = threads + 1
   thread:set("tid", threads)
end

function request()
   n = n + 1
   return wrk.format("POST", "/api/v1/tokens", headers, string.format(
      '{"name":"bench-%s-%d-%d","permissions":["read"]}', run, tid or 0, n))
end
