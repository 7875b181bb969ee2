-- SPDX-License-Identifier: ISC
-- GET /api/v1/auth with tokens that must be refused: from the well-formed
-- unknown tokens in BENCH_TOKENS (tenantctl gen-token), one in ten is sent
-- as it is (checksum right: hashed, looked up, unknown) and nine in ten get
-- their last checksum digit changed (refused before any database work).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
local reqs, n

-- In init(), not at load: wrk sets the Host header just before it.
function init(args)
   local toks = bench.lines(os.getenv("BENCH_TOKENS"))
   for i, tok in ipairs(toks) do
      if i % 10 ~= 0 then
         local last = tok:sub(-1)
         local k = (digits:find(last, 1, true) % 62) + 1
         toks[i] = tok:sub(1, -2) .. digits:sub(k, k)
      end
   end
   reqs = bench.requests("GET", os.getenv("BENCH_PATH") or "/api/v1/auth", toks)
   n = #reqs
   math.randomseed(os.time() + (tonumber(os.getenv("BENCH_SEED") or "0")))
end

function request()
   return reqs[math.random(n)]
end
