#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The gatekeeper benchmark (`make bench`): starts a private stack with
# conf/stack.sh, adds the do-nothing FastCGI responder (the floor) under the
# same spawn-fcgi + multiwatch and worker count, behind the same nginx, seeds
# the tokens it needs, and measures through nginx on loopback with wrk:
#
#   floor     GET /bench/floor: tests/bench/floor.c, no database: the limit
#   auth      GET /api/v1/auth, 100 000 tokens stored, a random one of
#             1 000 valid tokens a request (auth.lua)
#   auth-churn  a working set of 20 000 tokens (a random one a request),
#             while a loop revokes 2 tokens a second, each made just
#             before in another tenant, through the API (SPEC §9)
#   auth-100k a working set of 100 000 tokens, no churn (SPEC §9)
#   auth-policies  as auth, every token with a 4-entry address list and
#             a rate limit too high to trigger (SPEC §8)
#   auth-1M   the same as auth with 1 000 000 tokens stored
#   auth-bad  9 in 10 malformed (wrong checksum), 1 in 10 well formed but
#             unknown (bad.lua)
#   create    POST /api/v1/tokens, unique names (create.lua), durable
#             (innodb_flush_log_at_trx_commit=1, the stack's default)
#   rss       VmRSS of the workers before and after 1 000 000 auth requests
#
# The working-set rows are warmed once (a pass over every token of the
# set, warm.lua) before their first measured run. For every row: the
# database's statements per 1000 requests (MariaDB's COM_STMT_EXECUTE)
# and the memory of the workers after its runs: the sum of their RSS, and
# of their PSS (a page shared by n workers counts 1/n: the cache of the
# host is one mapping for all), next to the floor's workers.
#
# then prints a table (req/s, p50, p99, ratios to the floor) and the
# targets of the performance issue as PASS/FAIL lines.
#
# Load, for a 2-core machine where wrk, nginx, the workers and MariaDB all
# share the two cores: one wrk thread (a second thread would only take CPU
# from the server side), 16 connections (enough to keep every worker busy
# with requests queued in nginx, few enough that latency is service time
# plus a short queue), 15 interleaved rounds of 3 s runs (each row warmed
# up once, 2 s, before its first); each row's ratio to the floor is the
# median over the rounds of its ratio to the floor run of the same round
# (short runs, so that the two runs of a pair are close in time). WORKERS=3 per pool: one more worker than
# cores, so that a worker waiting on MariaDB (the epoch check, a
# last_used_at write with its fsync) does not leave a core idle; 2, 3 and
# 4 measured within the noise of each other here (tests/bench/README.md).
#
# Environment:
#   BUILD_DIR       build tree with tenantapi, tenantctl, tests/bench/floor
#                   (default: ./build)
#   FLOOR           the floor binary (default $BUILD_DIR/tests/bench/floor)
#   WORKERS         workers per pool (3)
#   BENCH_QUICK=1   smoke mode: 2 s runs, 10 000 tokens (a working set of
#                   5 000 for auth-churn), no auth-100k, auth-1M or rss
#   BENCH_ROWS      rows to run (default: floor auth auth-bad auth-churn
#                   auth-100k create auth-1M rss)
#   BENCH_CHURN_SET, BENCH_BIG_SET  working sets (20000, 100000)
#   BENCH_CONNS, BENCH_THREADS, BENCH_DURATION, BENCH_WARMUP, BENCH_ROUNDS
#   BENCH_RSS_REQUESTS  requests between the two RSS readings (1000000)
#   BENCH_STORED_1M     tokens stored for auth-1M (1000000)
#   BENCH_RESULTS   also write the rows to this file (name rps p50 p99)
#   BENCH_STATE     state directory (default: a new one under TMPDIR,
#                   removed at the end unless BENCH_KEEP=1)
#   BENCH_NICE      niceness when run as root (-10; 0: leave it)
#   PORT            nginx port (default: a free one in 20000-30000)
#
# Exit status: 0 measured and every target holds (quick mode: measured),
# 1 error, 3 a target failed.
set -euo pipefail

# As root, everything the benchmark starts (MariaDB, nginx, the workers, wrk)
# runs at nice BENCH_NICE (-10), so that other jobs on the machine (a build,
# a fuzzer) take less from the measurement; BENCH_NICE=0 to turn it off.
BENCH_NICE=${BENCH_NICE:--10}
if [ "$(id -u)" -eq 0 ] && [ "$BENCH_NICE" != 0 ] && [ -z "${BENCH_RENICED:-}" ]; then
	BENCH_RENICED=1 exec nice -n "$BENCH_NICE" bash "$0" "$@"
fi

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD_DIR=$(cd "${BUILD_DIR:-$top/build}" && pwd)
FLOOR=${FLOOR:-$BUILD_DIR/tests/bench/floor}
WORKERS=${WORKERS:-3}
QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then
	DURATION=${BENCH_DURATION:-2}
	WARMUP=${BENCH_WARMUP:-1}
	SEED_COUNT=10000
	CHURN_SET=${BENCH_CHURN_SET:-5000}
	DEFAULT_ROWS="floor auth auth-bad auth-churn auth-policies create"
else
	DURATION=${BENCH_DURATION:-3}
	WARMUP=${BENCH_WARMUP:-2}
	SEED_COUNT=100000
	CHURN_SET=${BENCH_CHURN_SET:-20000}
	DEFAULT_ROWS="floor auth auth-bad auth-churn auth-100k auth-policies create auth-1M rss"
fi
BIG_SET=${BENCH_BIG_SET:-$SEED_COUNT}
ROWS=${BENCH_ROWS:-$DEFAULT_ROWS}
# Rounds: floor, auth and auth-bad run one after the other, in turn forward
# (floor, auth, auth-bad) and backward (auth-bad, auth, floor), so that a
# load on the machine that rises or falls through a round weighs on the
# floor as much as on the rows. A row's ratio to the floor is the median,
# over the rounds, of its ratio to the floor of its own round: a burst of
# other work moves one pair, not a whole row, and slower swings of the
# machine's speed (another tenant of the host) cancel within each pair.
# auth-1M runs as many rounds after the 1M seed, paired the same way with
# the floor again (floor-1M); auth-1M / auth is the ratio of their ratios
# to the floor.
if [ "$QUICK" = 1 ]; then ROUNDS=${BENCH_ROUNDS:-1}; else ROUNDS=${BENCH_ROUNDS:-15}; fi
CONNS=${BENCH_CONNS:-16}
THREADS=${BENCH_THREADS:-1}
TOTAL_1M=${BENCH_STORED_1M:-1000000}
RSS_REQUESTS=${BENCH_RSS_REQUESTS:-1000000}
KEEP_TOKENS=1000

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

for tool in wrk curl nginx spawn-fcgi multiwatch mariadbd mariadb; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
done
for bin in "$BUILD_DIR/tenantapi" "$BUILD_DIR/tenantctl" "$FLOOR"; do
	[ -x "$bin" ] || die "no $bin: build first (make bench builds everything)"
done

free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 10000))
		if ! ss -Hltn "sport = :$p" 2>/dev/null | grep -q . &&
		    ! ss -Hltn "sport = :$((p + 1))" 2>/dev/null | grep -q .; then
			echo "$p"
			return
		fi
	done
}

# Percentage of the machine's CPU time busy over $1 seconds (from /proc/stat).
cpu_busy() {
	local a b
	a=$(awk '/^cpu / { print $2+$3+$4+$7+$8+$9, $5+$6 }' /proc/stat)
	sleep "$1"
	b=$(awk '/^cpu / { print $2+$3+$4+$7+$8+$9, $5+$6 }' /proc/stat)
	awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " ");
		busy = y[1] - x[1]; idle = y[2] - x[2];
		printf "%.0f", (busy + idle > 0 ? 100 * busy / (busy + idle) : 0) }'
}
BUSY_BEFORE=$(cpu_busy 1)
if [ "$BUSY_BEFORE" -gt 10 ]; then
	log "WARNING: the machine is ${BUSY_BEFORE}% busy before the benchmark starts:" \
	    "the numbers will be noisy"
fi

PORT=${PORT:-$(free_port)}
if [ -n "${BENCH_STATE:-}" ]; then
	S=$BENCH_STATE
	mkdir -p "$S"
else
	S=$(mktemp -d "${TMPDIR:-/tmp}/tenantapi-bench.XXXXXX")
fi
S=$(cd "$S" && pwd)
BASE=http://127.0.0.1:$PORT
stack() {
	STATE_DIR=$S PORT=$PORT WORKERS=$WORKERS POOLS=1 BUILD_DIR=$BUILD_DIR \
	    "$top/conf/stack.sh" "$@"
}
cleanup() {
	local rc=$?
	# stack.sh stop also stops pool-floor.pid (every pool-*.pid).
	stack stop >/dev/null 2>&1 || true
	if [ "${BENCH_KEEP:-0}" != 1 ] && [ -z "${BENCH_STATE:-}" ]; then
		rm -rf "$S"
	else
		log "state kept in $S"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ctl() { "$BUILD_DIR/tenantctl" -c "$S/tenantapi.conf" "$@"; }
sql() { mariadb --no-defaults --socket="$S/mysqld.sock" -u "$(id -un)" -N -B tenantapi -e "$1"; }

# --- the stack, the floor pool, the floor location in the same nginx -------

log "stack: state $S, port $PORT, $WORKERS workers, nginx 1 worker"
stack start >"$S/stack-start.log" 2>&1 ||
	{ cat "$S/stack-start.log" >&2; die "stack did not start"; }

rm -f "$S/floor.sock"
setsid spawn-fcgi -s "$S/floor.sock" -M 0660 -n -- \
	/usr/bin/multiwatch -f "$WORKERS" -s TERM -- "$FLOOR" \
	</dev/null >>"$S/floor.log" 2>&1 &
echo $! >"$S/pool-floor.pid"
for ((i = 0; i < 100; i++)); do [ -S "$S/floor.sock" ] && break; sleep 0.05; done
[ -S "$S/floor.sock" ] || die "the floor pool did not start: $S/floor.log"

# The stack's own nginx.conf (generated from conf/nginx.conf.in) plus an
# upstream for the floor pool and a location for it in the main server,
# with the same FastCGI parameters as the product's locations; then the
# same nginx reloads it.
awk -v sock="$S/floor.sock" -v params="$top/conf/fastcgi_params.conf" '
	!up && /^[ \t]*upstream[ \t]/ {
		print "    upstream bench_floor {"
		print "        server unix:" sock " max_fails=0;"
		print "    }"
		up = 1
	}
	{ print }
	up && !loc && /^[ \t]*server[ \t]*\{/ {
		print "        location = /bench/floor {"
		print "            include " params ";"
		print "            fastcgi_pass bench_floor;"
		print "        }"
		loc = 1
	}
	END { if (!up || !loc) exit 1 }
' "$S/nginx.conf" >"$S/nginx.conf.bench" || die "cannot place the floor in $S/nginx.conf"
mv "$S/nginx.conf.bench" "$S/nginx.conf"
nginx -t -p "$S" -c "$S/nginx.conf" >"$S/nginx-bench-test.log" 2>&1 ||
	{ cat "$S/nginx-bench-test.log" >&2; die "bench nginx configuration invalid"; }
nginx -s reload -p "$S" -c "$S/nginx.conf" 2>>"$S/nginx-error.log"
# The old nginx worker goes on accepting for a moment after a reload: wait
# until the new configuration answers every time.
ok=0
for ((i = 0; i < 400 && ok < 20; i++)); do
	if [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/bench/floor")" = 204 ]; then
		ok=$((ok + 1))
	else
		ok=0
		sleep 0.05
	fi
done
[ "$ok" -ge 20 ] || die "the floor does not answer 204 through nginx"

# --- data -------------------------------------------------------------------

TENANT=bench
seed() { ctl seed --tenant "$TENANT" "$@"; }
tokens_stored() { sql "SELECT COUNT(*) FROM token_secrets"; }

log "seeding $SEED_COUNT tokens"
seed --count "$SEED_COUNT" --out "$S/all.tokens" --keep "$SEED_COUNT" >"$S/seed.out" ||
	{ cat "$S/seed.out" >&2; die "seed failed"; }
log "$(cat "$S/seed.out")"
head -n "$KEEP_TOKENS" "$S/all.tokens" >"$S/valid.tokens"
head -n "$CHURN_SET" "$S/all.tokens" >"$S/churn.tokens"
head -n "$BIG_SET" "$S/all.tokens" >"$S/big.tokens"
ctl gen-token 1000 >"$S/unknown.tokens"
ctl tenant-create bench-create "Bench create" >/dev/null
CREATOR=$(ctl token-create --tenant bench-create --permissions read,create \
	--name "bench-creator" --quiet)
# auth-policies: 1000 tokens of another tenant, each with 4 ranges (wrk
# comes from 127.0.0.1: the second one) and a limit it never reaches.
ctl seed --tenant bench-policies --count "$KEEP_TOKENS" --out "$S/policies.tokens" \
	--keep "$KEEP_TOKENS" --cidrs "10.0.0.0/8,127.0.0.0/8,192.168.0.0/16,::1/128" \
	--rate 1000000 >"$S/seed-policies.out" ||
	{ cat "$S/seed-policies.out" >&2; die "seed failed"; }
# The churn: another tenant, and a * token that makes and revokes there.
ctl tenant-create bench-churn "Bench churn" >/dev/null
CHURNER=$(ctl token-create --tenant '*' --permissions read,create,delete \
	--name "bench-churner" --quiet)
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(head -1 "$S/valid.tokens")" \
	"$BASE/api/v1/auth")" = 204 ] || die "a seeded token is not accepted by /api/v1/auth"

# --- measuring --------------------------------------------------------------

declare -A RPS P50 P99 REQS DELTA NREQ L_RPS L_P50 L_P99 WARMED
CLK_TCK=$(getconf CLK_TCK)

# wrk_run NAME SCRIPT PATH SECONDS [VAR=value...]: one wrk run; sets RPS,
# P50, P99 (µs), REQS for NAME, BAD (responses >= 400), SOCKERR, and
# WRK_TICKS (the CPU time wrk used, from the waiting shell's cutime+cstime).
wrk_run() {
	local name=$1 script=$2 path=$3 secs=$4 line
	shift 4
	WRK_TICKS=$(env BENCH_LUA_DIR="$here" BENCH_PATH="$path" BENCH_SEED=$RANDOM \
		BENCH_CALL="$name-$(date +%s%N)" "$@" \
		wrk -t"$THREADS" -c"$CONNS" -d"${secs}s" --timeout 5s \
		-s "$here/$script" "$BASE$path" >"$S/wrk-$name.out" 2>&1
		read -r st <"/proc/$BASHPID/stat"
		echo "${st#*) }" | awk '{ print $14 + $15 }')
	line=$(grep '^BENCH ' "$S/wrk-$name.out") ||
		{ cat "$S/wrk-$name.out" >&2; die "wrk failed for $name"; }
	RPS[$name]=$(sed 's/.* rps=\([0-9.]*\).*/\1/' <<<"$line")
	P50[$name]=$(sed 's/.* p50_us=\([0-9]*\).*/\1/' <<<"$line")
	P99[$name]=$(sed 's/.* p99_us=\([0-9]*\).*/\1/' <<<"$line")
	REQS[$name]=$(sed 's/.*BENCH requests=\([0-9]*\).*/\1/' <<<"$line")
	BAD=$(sed 's/.* status=\([0-9]*\).*/\1/' <<<"$line")
	SOCKERR=$(sed 's/.* sockerr=\([0-9]*\).*/\1/' <<<"$line")
}

# CPU ticks (utime + stime) of the given processes.
proc_ticks() {
	local pid t=0 v
	for pid in "$@"; do
		v=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }')
		t=$((t + ${v:-0}))
	done
	echo "$t"
}
# "machine-busy nginx fcgi-workers mariadbd" in ticks, and the database's
# statement executions, commits and InnoDB fsyncs so far.
snapshot() {
	local ng
	ng=$(cat "$S/nginx.pid")
	echo "$(awk '/^cpu / { print $2+$3+$4+$7+$8+$9 }' /proc/stat)" \
		"$(proc_ticks "$ng" $(pgrep -P "$ng"))" \
		"$(proc_ticks $(pgrep -P "$(cat "$S/pool-1.pid")") $(pgrep -P "$(cat "$S/pool-floor.pid")"))" \
		"$(proc_ticks "$(cat "$S/mariadbd.pid")")" \
		"$(sql "SELECT GROUP_CONCAT(VARIABLE_VALUE ORDER BY VARIABLE_NAME SEPARATOR ' ')
			FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN
			('COM_STMT_EXECUTE', 'COM_COMMIT', 'INNODB_DATA_FSYNCS')")"
}

# churn_start, churn_stop: 2 revocations a second in the background, each
# of a token made just before in the churn tenant, through the API
# (churn.lua: one wrk connection, killed by churn_stop).
CHURN_PID=
churn_start() {
	env BENCH_LUA_DIR="$here" BENCH_TOKEN="$CHURNER" BENCH_TENANT=bench-churn \
		BENCH_CODES="$S/churn.codes" BENCH_CALL="$(date +%s%N)" \
		wrk -t1 -c1 -d1h --timeout 10s -s "$here/churn.lua" "$BASE/api/v1/tokens" \
		>>"$S/wrk-churn.out" 2>&1 &
	CHURN_PID=$!
}
churn_stop() { [ -n "$CHURN_PID" ] && kill "$CHURN_PID" 2>/dev/null; wait "$CHURN_PID" 2>/dev/null || true; CHURN_PID=; }

# mem_kib POOL: "rss pss" summed over the pool's workers, in KiB.
mem_kib() {
	local pid r=0 p=0 v w
	for pid in $(pgrep -P "$(cat "$S/pool-$1.pid")"); do
		v=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
		w=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null)
		r=$((r + ${v:-0})); p=$((p + ${w:-0}))
	done
	echo "$r $p"
}
declare -A MEM

# measure NAME SCRIPT PATH EXPECT [VAR=value...]: the measured run, after
# a warm-up run the first time NAME is measured (a working-set row: a
# pass over the whole set); EXPECT ok: every answer < 400; refused: every one >= 400.
# Also notes where the CPU went (µs per request) and what the database did
# (per 1000 requests) during the measured run.
measure() {
	local name=$1 script=$2 path=$3 expect=$4 a b
	shift 4
	if [ -z "${WARMED[$name]:-}" ]; then
		case $name in
		auth-churn | auth-100k)
			# Every token of the set at least once (at 2 500 req/s
			# or more, each a miss): the cache holds them all.
			wrk_run "$name-warmup" warm.lua "$path" \
			    $(( $(wc -l <"${1#*=}") / 2500 + 2 )) "$@" ;;
		*) wrk_run "$name-warmup" "$script" "$path" "$WARMUP" "$@" ;;
		esac
		WARMED[$name]=1
	fi
	[ "$name" = auth-churn ] && churn_start
	a=$(snapshot)
	wrk_run "$name" "$script" "$path" "$DURATION" "$@"
	b=$(snapshot)
	[ "$name" = auth-churn ] && churn_stop
	case $name in
	floor*) MEM[$name]=$(mem_kib floor) ;;
	*) MEM[$name]=$(mem_kib 1) ;;
	esac
	# Deltas: busy wrk nginx fcgi mariadbd other stmts commits fsyncs
	# (GLOBAL_STATUS sorted by name: COM_COMMIT COM_STMT_EXECUTE
	# INNODB_DATA_FSYNCS), added up over the rounds.
	DELTA[$name]=$(awk -v a="$a" -v b="$b" -v w="$WRK_TICKS" -v sum="${DELTA[$name]:-}" 'BEGIN {
		split(a, x, " "); split(b, y, " ");
		d[1] = y[1] - x[1]; d[2] = w; d[3] = y[2] - x[2]; d[4] = y[3] - x[3];
		d[5] = y[4] - x[4]; d[6] = d[1] - d[2] - d[3] - d[4] - d[5];
		if (d[6] < 0) d[6] = 0;
		d[7] = y[6] - x[6]; d[8] = y[5] - x[5]; d[9] = y[7] - x[7];
		n = split(sum, t, " ");
		for (i = 1; i <= 9; i++) printf "%s%d", (i > 1 ? " " : ""), d[i] + (n ? t[i] : 0) }')
	NREQ[$name]=$(( ${NREQ[$name]:-0} + ${REQS[$name]} ))
	L_RPS[$name]+=" ${RPS[$name]}"
	L_P50[$name]+=" ${P50[$name]}"
	L_P99[$name]+=" ${P99[$name]}"
	if [ "$SOCKERR" -gt 0 ]; then
		log "$name: $SOCKERR socket errors or timeouts"
	fi
	case $expect in
	ok) [ "$BAD" -eq 0 ] || die "$name: $BAD answers >= 400 (see $S/wrk-$name.out)" ;;
	refused) [ "$BAD" -eq "${REQS[$name]}" ] ||
		die "$name: $((${REQS[$name]} - BAD)) answers < 400 for bad tokens" ;;
	esac
	log "$(printf '%-9s %9.1f req/s  p50 %7.3f ms  p99 %7.3f ms' "$name" "${RPS[$name]}" \
		"$(awk -v u="${P50[$name]}" 'BEGIN { print u / 1000 }')" \
		"$(awk -v u="${P99[$name]}" 'BEGIN { print u / 1000 }')")"
}

# round_ratios A B: A[i] / B[i] for two lists of the same rounds; paired A B:
# their median.
round_ratios() {
	awk -v a="$1" -v b="$2" 'BEGIN { n = split(a, x, " "); split(b, y, " ");
		for (i = 1; i <= n; i++) if (y[i] > 0) printf "%s%g", (i > 1 ? " " : ""), x[i] / y[i] }'
}
paired() { median "$(round_ratios "$1" "$2")"; }
median() {
	tr ' ' '\n' <<<"$1" | grep . | sort -g |
		awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# (max - min) / median of a list, in percent.
spread() {
	tr ' ' '\n' <<<"$1" | grep . | sort -g |
		awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
			printf "%.0f%%", (m > 0 ? 100 * (v[NR] - v[1]) / m : 0) }'
}

pool_pids() { pgrep -P "$(cat "$S/pool-1.pid")" | sort -n; }
# rss_kib: "sum max" of VmRSS over the product's workers, in KiB.
rss_kib() {
	local pid sum=0 max=0 v
	for pid in $(pool_pids); do
		v=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
		sum=$((sum + v))
		[ "$v" -gt "$max" ] && max=$v
	done
	echo "$sum $max"
}

want() { [[ " $ROWS " == *" $1 "* ]]; }

measure_row() {
	case $1 in
	floor|floor-1M) measure "$1" auth.lua /bench/floor ok BENCH_TOKENS="$S/valid.tokens" ;;
	auth-1M) measure auth-1M auth.lua /api/v1/auth ok BENCH_TOKENS="$S/valid.tokens" ;;
	auth) measure auth auth.lua /api/v1/auth ok BENCH_TOKENS="$S/valid.tokens" ;;
	auth-churn) measure auth-churn auth.lua /api/v1/auth ok BENCH_TOKENS="$S/churn.tokens" ;;
	auth-100k) measure auth-100k auth.lua /api/v1/auth ok BENCH_TOKENS="$S/big.tokens" ;;
	auth-policies) measure auth-policies auth.lua /api/v1/auth ok BENCH_TOKENS="$S/policies.tokens" ;;
	auth-bad) measure auth-bad bad.lua /api/v1/auth refused BENCH_TOKENS="$S/unknown.tokens" ;;
	esac
}
for ((round = 1; round <= ROUNDS; round++)); do
	order="floor auth auth-bad auth-churn auth-100k auth-policies"
	[ $((round % 2)) -eq 0 ] && order="auth-policies auth-100k auth-churn auth-bad auth floor"
	for name in $order; do
		want "$name" && measure_row "$name"
	done
done
# Once: every round would add DURATION x rate tokens to the database.
want create && measure create create.lua /api/v1/tokens ok BENCH_TOKEN="$CREATOR"

if want auth-1M; then
	have=$(tokens_stored)
	if [ "$have" -lt "$TOTAL_1M" ]; then
		log "seeding $((TOTAL_1M - have)) more tokens (up to $TOTAL_1M stored)"
		seed --count "$((TOTAL_1M - have))" >"$S/seed-1M.out" ||
			{ cat "$S/seed-1M.out" >&2; die "seed failed"; }
		log "$(cat "$S/seed-1M.out")"
	fi
	# Let InnoDB write back what the seed dirtied before measuring.
	for ((i = 0; i < 60; i++)); do
		dirty=$(sql "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS
			WHERE VARIABLE_NAME = 'INNODB_BUFFER_POOL_PAGES_DIRTY'")
		[ "${dirty:-0}" -lt 500 ] && break
		sleep 1
	done
	STORED_1M=$(tokens_stored)
	# Paired with the floor again (floor-1M): auth-1M / auth is compared
	# through each one's ratio to the floor of its own rounds.
	for ((round = 1; round <= ROUNDS; round++)); do
		order="floor-1M auth-1M"
		[ $((round % 2)) -eq 0 ] && order="auth-1M floor-1M"
		for name in $order; do
			measure_row "$name"
		done
	done
fi

if want rss; then
	pids_before=$(pool_pids | tr '\n' ' ')
	read -r RSS_SUM0 RSS_MAX0 <<<"$(rss_kib)"
	done_reqs=0
	rate=$(median "${L_RPS[auth]:-${L_RPS[auth-1M]:-5000}}")
	while [ "$done_reqs" -lt "$RSS_REQUESTS" ]; do
		secs=$(awk -v n="$((RSS_REQUESTS - done_reqs))" -v r="$rate" \
			'BEGIN { s = int(n / r * 1.05) + 1; if (s > 120) s = 120; print s }')
		log "rss: $done_reqs of $RSS_REQUESTS auth requests done; $secs s more"
		wrk_run rss auth.lua /api/v1/auth "$secs" BENCH_TOKENS="$S/valid.tokens"
		[ "$BAD" -eq 0 ] || die "rss: $BAD answers >= 400"
		done_reqs=$((done_reqs + ${REQS[rss]}))
	done
	RSS_DONE=$done_reqs
	read -r RSS_SUM1 RSS_MAX1 <<<"$(rss_kib)"
	pids_after=$(pool_pids | tr '\n' ' ')
	[ "$pids_before" = "$pids_after" ] ||
		log "rss: the workers changed during the run ($pids_before -> $pids_after)"
fi

# --- report -----------------------------------------------------------------

BUSY_AFTER=$(cpu_busy 1)
ALL="floor auth auth-bad auth-churn auth-100k auth-policies floor-1M auth-1M create"
for name in $ALL; do
	[ -n "${L_RPS[$name]:-}" ] || continue
	RPS[$name]=$(median "${L_RPS[$name]}")
	P50[$name]=$(median "${L_P50[$name]}")
	P99[$name]=$(median "${L_P99[$name]}")
done

ms() { awk -v u="$1" 'BEGIN { printf "%.3f", u / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
# R_RPS, R_P99: each row's ratios to the floor: the median over the rounds
# of the ratio to the floor run of the same round (auth-1M: floor-1M);
# create runs once, outside the rounds: the ratio of the medians.
declare -A R_RPS R_P99
floor_of() { case $1 in *-1M) echo floor-1M ;; *) echo floor ;; esac; }
for name in $ALL; do
	f=$(floor_of "$name")
	[ -n "${RPS[$name]:-}" ] && [ -n "${RPS[$f]:-}" ] || continue
	if [ "$name" != create ] &&
	    [ "$(wc -w <<<"${L_RPS[$name]}")" = "$(wc -w <<<"${L_RPS[$f]}")" ]; then
		R_RPS[$name]=$(paired "${L_RPS[$name]}" "${L_RPS[$f]}")
		R_P99[$name]=$(paired "${L_P99[$name]}" "${L_P99[$f]}")
	else
		R_RPS[$name]=$(awk -v a="${RPS[$name]}" -v b="${RPS[$f]}" 'BEGIN { print a / b }')
		R_P99[$name]=$(awk -v a="${P99[$name]}" -v b="${P99[$f]}" 'BEGIN { print a / b }')
	fi
done
r2() { if [ -n "$1" ]; then awk -v r="$1" 'BEGIN { printf "%.2f", r }'; else echo -; fi; }
r3() { awk -v r="$1" 'BEGIN { printf "%.3f", r }'; }

echo
echo "Tenant API benchmark: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $WORKERS workers" \
	"per pool, nginx 1 worker, wrk -t$THREADS -c$CONNS -d${DURATION}s (warm-up ${WARMUP}s)" \
	"$([ "$QUICK" = 1 ] && echo '[QUICK]')"
echo "nice $(nice), machine ${BUSY_BEFORE}% busy before the start, ${BUSY_AFTER}% just after the runs"
echo "each row: the median of its rounds (req/s spread = (max - min) / median over the rounds);"
echo "÷floor: the median over the rounds of the ratio to the same round's floor (auth-1M: to"
echo "floor-1M, the floor measured again in auth-1M's rounds; create: ratio of the medians)"
printf '%-9s %10s %9s %9s %12s %12s %7s %7s\n' name "req/s" "p50 ms" "p99 ms" "req/s÷floor" \
	"p99÷floor" rounds spread
[ -n "${BENCH_RESULTS:-}" ] && : >"$BENCH_RESULTS"
for name in $ALL; do
	[ -n "${RPS[$name]:-}" ] || continue
	printf '%-9s %10.1f %9s %9s %12s %12s %7s %7s\n' "$name" "${RPS[$name]}" "$(ms "${P50[$name]}")" \
		"$(ms "${P99[$name]}")" "$(r2 "${R_RPS[$name]:-}")" \
		"$(r2 "${R_P99[$name]:-}")" "$(wc -w <<<"${L_RPS[$name]}")" \
		"$(spread "${L_RPS[$name]}")"
	[ -n "${BENCH_RESULTS:-}" ] &&
		echo "$name ${RPS[$name]} ${P50[$name]} ${P99[$name]}" >>"$BENCH_RESULTS"
done
[ -n "${STORED_1M:-}" ] && echo "(auth-1M with $STORED_1M secrets stored)"
for name in auth auth-bad auth-churn auth-100k auth-policies auth-1M; do
	f=$(floor_of "$name")
	[ -n "${RPS[$name]:-}" ] && [ -n "${RPS[$f]:-}" ] || continue
	printf '%s by round (req/s ÷ %s): %s; ratio of the medians %s\n' "$name" "$f" \
		"$(for r in $(round_ratios "${L_RPS[$name]}" "${L_RPS[$f]}"); do r2 "$r"; echo; done |
			paste -sd ' ')" \
		"$(ratio "${RPS[$name]}" "${RPS[$f]}")"
done
echo
echo "where it went, per request: CPU µs (machine total, wrk, nginx, FastCGI workers, mariadbd,"
echo "anything else on the machine; own = wrk + nginx + fcgi + mariadb, and floor's own ÷ this"
echo "row's own: the req/s ratio to expect on a machine doing nothing else) | database per 1000"
echo "requests (statements executed, commits, InnoDB fsyncs)"
printf '%-9s %6s %6s %6s %6s %6s %6s %6s %6s | %7s %7s %7s\n' name total wrk nginx fcgi mariadb \
	other own "÷floor" stmts commits fsyncs
own_us() {
	awk -v d="${DELTA[$1]:-}" -v n="${NREQ[$1]:-1}" 'BEGIN { split(d, x, " ");
		print (x[2] + x[3] + x[4] + x[5]) / n }'
}
for name in $ALL; do
	[ -n "${DELTA[$name]:-}" ] || continue
	awk -v name="$name" -v d="${DELTA[$name]}" -v n="${NREQ[$name]}" -v hz="$CLK_TCK" \
	    -v fo="$(own_us "$(floor_of "$name")")" 'BEGIN {
		split(d, x, " "); if (n < 1) n = 1; us = 1e6 / hz / n; k = 1000 / n;
		own = x[2] + x[3] + x[4] + x[5];
		printf "%-9s %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f %6s | %7.1f %7.1f %7.1f\n", name,
		    x[1] * us, x[2] * us, x[3] * us, x[4] * us, x[5] * us, x[6] * us, own * us,
		    (fo > 0 && own > 0 ? sprintf("%.2f", fo / (own / n)) : "-"),
		    x[7] * k, x[8] * k, x[9] * k }'
done
echo
echo "memory of the $WORKERS workers after each row's runs (KiB; PSS counts a page shared by n"
echo "workers 1/n: the host's cache is one mapping) | the floor's $WORKERS workers"
printf '%-9s %10s %10s | %10s %10s\n' name rss pss floor-rss floor-pss
for name in $ALL; do
	[ -n "${MEM[$name]:-}" ] && [ "${name#floor}" = "$name" ] || continue
	read -r mr mp <<<"${MEM[$name]}"
	read -r fr fp <<<"${MEM[$(floor_of "$name")]:-0 0}"
	printf '%-9s %10d %10d | %10d %10d\n' "$name" "$mr" "$mp" "$fr" "$fp"
	[ -n "${BENCH_RESULTS:-}" ] && echo "mem-$name $mr $mp $fr $fp" >>"$BENCH_RESULTS"
done
if [ -n "${L_RPS[auth-churn]:-}" ]; then
	CHURN_REVOKED=$(grep -c '^204$' "$S/churn.codes" 2>/dev/null || true)
	CHURN_OTHER=$(grep -vc '^204$' "$S/churn.codes" 2>/dev/null || true)
	CHURN_SECS=$(( DURATION * $(wc -w <<<"${L_RPS[auth-churn]}") ))
	echo "churn: ${CHURN_REVOKED:-0} revocations (204) during auth-churn's $CHURN_SECS s" \
		"of runs, ${CHURN_OTHER:-0} other answers"
	[ "${CHURN_REVOKED:-0}" -gt 0 ] && [ "${CHURN_OTHER:-0}" -eq 0 ] ||
		die "the churn did not revoke as it should: see $S/churn.codes, $S/wrk-churn.out"
fi
if [ -n "${RSS_DONE:-}" ]; then
	printf 'worker RSS over %d auth requests (%s workers): sum %d -> %d KiB (%+d), max %d -> %d KiB (%+d)\n' \
		"$RSS_DONE" "$WORKERS" "$RSS_SUM0" "$RSS_SUM1" "$((RSS_SUM1 - RSS_SUM0))" \
		"$RSS_MAX0" "$RSS_MAX1" "$((RSS_MAX1 - RSS_MAX0))"
	[ -n "${BENCH_RESULTS:-}" ] &&
		echo "rss $RSS_SUM0 $RSS_SUM1 $RSS_MAX0 $RSS_MAX1" >>"$BENCH_RESULTS"
fi

echo
failed=0
# target DESCRIPTION AWK-CONDITION: PASS or FAIL with the numbers.
target() {
	local what=$1 cond=$2 detail=$3
	if [ "$QUICK" = 1 ]; then
		echo "INFO $what: $detail (quick mode: not judged)"
	elif awk "BEGIN { exit !($cond) }"; then
		echo "PASS $what: $detail"
	else
		echo "FAIL $what: $detail"
		failed=1
	fi
}
if [ -n "${RPS[floor]:-}" ] && [ -n "${RPS[auth]:-}" ]; then
	target "auth >= 0.8 x floor req/s" "${R_RPS[auth]} >= 0.8" "$(r3 "${R_RPS[auth]}")"
	target "auth p99 <= 2 x floor p99" "${R_P99[auth]} <= 2" "$(r3 "${R_P99[auth]}")"
fi
if [ -n "${R_RPS[auth]:-}" ] && [ -n "${R_RPS[auth-1M]:-}" ]; then
	target "auth-1M >= 0.9 x auth req/s" "${R_RPS[auth-1M]} >= 0.9 * ${R_RPS[auth]}" \
		"$(awk -v a="${R_RPS[auth-1M]}" -v b="${R_RPS[auth]}" 'BEGIN { printf "%.3f", a / b }')"
fi
if [ -n "${RPS[floor]:-}" ] && [ -n "${RPS[auth-bad]:-}" ]; then
	target "auth-bad >= 0.9 x floor req/s" "${R_RPS[auth-bad]} >= 0.9" \
		"$(r3 "${R_RPS[auth-bad]}")"
fi
if [ -n "${RPS[floor]:-}" ] && [ -n "${RPS[auth-churn]:-}" ]; then
	target "auth-churn >= 0.8 x floor req/s" "${R_RPS[auth-churn]} >= 0.8" \
		"$(r3 "${R_RPS[auth-churn]}")"
	target "auth-churn p99 <= 2 x floor p99" "${R_P99[auth-churn]} <= 2" \
		"$(r3 "${R_P99[auth-churn]}")"
	target "auth-churn's churn >= 2 revocations a second" \
		"$CHURN_REVOKED >= 1.9 * $CHURN_SECS" \
		"$(awk -v n="$CHURN_REVOKED" -v s="$CHURN_SECS" 'BEGIN { printf "%.2f", n / s }') a second"
fi
if [ -n "${RPS[floor]:-}" ] && [ -n "${RPS[auth-100k]:-}" ]; then
	target "auth-100k >= 0.8 x floor req/s" "${R_RPS[auth-100k]} >= 0.8" \
		"$(r3 "${R_RPS[auth-100k]}")"
	read -r _ mp <<<"${MEM[auth-100k]}"
	read -r _ fp <<<"${MEM[floor]}"
	target "auth-100k workers' memory <= floor's + 64 MiB (PSS)" \
		"$((mp - fp)) <= 65536" "$(( (mp - fp) / 1024 )) MiB more"
fi
if [ -n "${RPS[floor]:-}" ] && [ -n "${RPS[auth-policies]:-}" ]; then
	target "auth-policies >= 0.85 x floor req/s" "${R_RPS[auth-policies]} >= 0.85" \
		"$(r3 "${R_RPS[auth-policies]}")"
fi
if [ -n "${RSS_DONE:-}" ]; then
	target "worker RSS growth <= 1 MiB (sum over the workers)" \
		"$((RSS_SUM1 - RSS_SUM0)) <= 1024" "$((RSS_SUM1 - RSS_SUM0)) KiB"
fi
if [ -n "${RPS[create]:-}" ]; then
	target "create >= 500 req/s" "${RPS[create]} >= 500" "${RPS[create]} req/s"
fi
[ "$failed" -eq 0 ] || exit 3
exit 0
