-- SPDX-License-Identifier: ISC
-- GET BENCH_PATH (default /api/v1/auth), each request carrying a random one
-- of the tokens in the file BENCH_TOKENS (one a line). The floor row runs
-- this same script against the do-nothing responder, so both send the same
-- bytes.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local reqs, n

-- In init(), not at load: wrk sets the Host header just before it.
function init(args)
   reqs = bench.requests("GET", os.getenv("BENCH_PATH") or "/api/v1/auth",
      bench.lines(os.getenv("BENCH_TOKENS")))
   n = #reqs
   math.randomseed(os.time() + (tonumber(os.getenv("BENCH_SEED") or "0")))
end

function request()
   return reqs[math.random(n)]
end
