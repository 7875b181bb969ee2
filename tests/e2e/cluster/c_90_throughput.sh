# SPDX-License-Identifier: ISC
# Create throughput of the cluster as a ratio to a single node, in the same
# run: wrk POSTs /api/v1/tokens with unique names for BENCH_SECONDS (20)
# through nginx (both pools) of the cluster stack, then of a standalone
# stack (conf/stack.sh without CLUSTER, its own state directory and port)
# started here with the same pools and workers. A reported figure, not a
# target; both runs must answer nothing but 201.
# shellcheck shell=bash

BENCH_SECONDS=${BENCH_SECONDS:-20}
BENCH_CONNS=${BENCH_CONNS:-8}
cat >"$TMP/create.lua" <<'EOF'
-- POST /api/v1/tokens with a name unique per thread and request.
local threads = 0
function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end
local n = 0
local token = os.getenv("WRK_TOKEN")
local tenant = os.getenv("WRK_TENANT")
local prefix = os.getenv("WRK_PREFIX")
local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
function request()
	n = n + 1
	local body = string.format('{"name":"%s-%d-%d","tenant":"%s","permissions":["read"]}',
		prefix, tid, n, tenant)
	return wrk.format("POST", "/api/v1/tokens", headers, body)
end
function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("RESULT %d %d %d %d %.1f %.1f %.1f\n", summary.requests, summary.duration,
		e.status, e.connect + e.read + e.write + e.timeout,
		latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
EOF

# bench LABEL BASE CONF: a 2 s warm-up, then the measured run; sets RPS.
bench() {
	local label=$1 base=$2 conf=$3 tok tenant res
	tenant=$(unique tp)
	"$STACK_BUILD/tenantctl" -c "$conf" tenant-create "$tenant" "bench $label" >/dev/null
	tok=$("$STACK_BUILD/tenantctl" -c "$conf" token-create --tenant '*' --permissions read,create --name "bench-$(unique b)" --quiet)
	remember "$tok"
	WRK_TOKEN=$tok WRK_TENANT=$tenant WRK_PREFIX=warm wrk -t2 -c"$BENCH_CONNS" -d2s --timeout 15s -s "$TMP/create.lua" "$base" >/dev/null 2>&1
	WRK_TOKEN=$tok WRK_TENANT=$tenant WRK_PREFIX=run wrk -t2 -c"$BENCH_CONNS" -d"${BENCH_SECONDS}s" --timeout 15s \
		-s "$TMP/create.lua" "$base" >"$TMP/wrk.$label" 2>&1
	res=$(awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7, $8}' "$TMP/wrk.$label")
	read -r B_REQ B_US B_STATUS B_SOCK B_P50 B_P99 B_MAX <<<"${res:-0 1 0 0 0 0 0}"
	RPS=$(awk -v r="$B_REQ" -v us="$B_US" 'BEGIN {printf "%.1f", r / (us / 1e6)}')
	summary "create throughput, $label: $RPS req/s ($B_REQ in $((B_US / 1000)) ms, $BENCH_CONNS connections; latency p50 $B_P50 ms, p99 $B_P99 ms, max $B_MAX ms; $B_STATUS non-2xx, $B_SOCK socket errors)"
	check "$label: wrk ran and every create answered 201 ($B_REQ requests, $B_STATUS non-2xx, $B_SOCK socket errors)" \
		status_ok "$([ "$B_REQ" -gt 0 ] && [ "$B_STATUS" = 0 ] && [ "$B_SOCK" = 0 ]; echo $?)"
}

bench cluster "$STACK_BASE" "$STACK_CONF"
CLUSTER_RPS=$RPS

# The standalone stack, same pools and workers, for the same measurement.
SINGLE_STATE=$(mktemp -d /tmp/tenantapi-single-state.XXXXXX)
while :; do
	SPORT=$(free_port 20000 30000)
	ss -Htan "sport = :$((SPORT + 1))" | grep -q . || break
done
if env -u CLUSTER STATE_DIR="$SINGLE_STATE" PORT="$SPORT" POOLS="$STACK_POOLS" WORKERS="$STACK_WORKERS" \
	"$top_srcdir/conf/stack.sh" start >"$TMP/single.out" 2>&1; then
	pass "a standalone stack starts on port $SPORT for comparison"
	# shellcheck disable=SC1091
	SINGLE_CONF=$(. "$SINGLE_STATE/stack.env"; echo "$STACK_CONF")
	bench single "http://127.0.0.1:$SPORT" "$SINGLE_CONF"
	SINGLE_RPS=$RPS
	ratio=$(awk -v c="$CLUSTER_RPS" -v s="$SINGLE_RPS" 'BEGIN {printf "%.2f", (s > 0) ? c / s : 0}')
	summary "create throughput ratio cluster / single node: $ratio ($CLUSTER_RPS / $SINGLE_RPS req/s)"
	env -u CLUSTER STATE_DIR="$SINGLE_STATE" "$top_srcdir/conf/stack.sh" stop >/dev/null 2>&1
	rm -rf "$SINGLE_STATE"
	SINGLE_STATE=
else
	fail "a standalone stack starts on port $SPORT for comparison"
	sed 's/^/# /' "$TMP/single.out"
fi
