-- SPDX-License-Identifier: ISC
-- Every token of BENCH_TOKENS in turn (the run lasts long enough for a
-- pass over all of them): the cache is warmed once before a working-set
-- row is measured.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local reqs, n, i = nil, 0, 0

function init(args)
   reqs = bench.requests("GET", os.getenv("BENCH_PATH") or "/api/v1/auth",
      bench.lines(os.getenv("BENCH_TOKENS")))
   n = #reqs
   -- Each thread starts at another place of the list.
   i = (tonumber(os.getenv("BENCH_SEED") or "0") * 7919) % n
end

function request()
   i = i % n + 1
   return reqs[i]
end
