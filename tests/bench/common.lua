-- SPDX-License-Identifier: ISC
-- Shared by the benchmark's wrk scripts (loaded with dofile): reading a
-- list of tokens, and the done() hook that prints one parseable line.
bench = {}

-- The non-empty lines of a file, as a list.
function bench.lines(path)
   local t = {}
   local f = assert(io.open(path, "r"), "cannot read " .. tostring(path))
   for line in f:lines() do
      if #line > 0 then t[#t + 1] = line end
   end
   f:close()
   assert(#t > 0, path .. " is empty")
   return t
end

-- Requests formatted once, so that wrk spends as little as possible of
-- the two cores on Lua: one per token, picked at random per request.
function bench.requests(method, path, toks)
   local reqs = {}
   for i, tok in ipairs(toks) do
      reqs[i] = wrk.format(method, path, { ["Authorization"] = "Bearer " .. tok })
   end
   return reqs
end

-- wrk calls done() once at the end with every thread's numbers merged.
-- Latencies are in microseconds. status = responses >= 400 (wrk's count).
function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d status=%d sockerr=%d\n",
      summary.requests, summary.duration,
      summary.requests / (summary.duration / 1e6),
      latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
