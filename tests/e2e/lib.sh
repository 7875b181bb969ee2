# SPDX-License-Identifier: ISC
# Helpers for the end-to-end tests: TAP output, HTTP through nginx, SQL.
# shellcheck shell=bash

TAP_N=${TAP_N:-0}
TAP_FAIL=${TAP_FAIL:-0}

pass() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $*"; }
fail() {
	TAP_N=$((TAP_N + 1)); TAP_FAIL=$((TAP_FAIL + 1))
	echo "not ok $TAP_N - $*"
	if [ -n "${STATUS:-}" ]; then
		echo "#   last response: $STATUS ${BODY:0:400}"
	fi
}
# A change that takes rights away (revoke, rotate, permissions, suspension)
# reaches every worker within 1 s of its call returning (SPEC): wait that
# long before asserting it. t_75 measures the bound itself.
settle() { sleep 1; }
# holds RC: for compound conditions, check "d" holds "$([ a ] && [ b ]; echo $?)"
holds() { [ "$1" = 0 ]; }
# check "description" command args...: passes when the command succeeds.
check() { local d=$1; shift; if "$@"; then pass "$d"; else fail "$d"; fi; }
diag() { echo "# $*"; }
# parses NAME FILE: whether a test file parses; one that does not fails
# the run rather than vanish. (The caller sources it: at top level, so that
# what it sets stays set.)
parses() {
	bash -n "$2" 2>"$TMP/parse.err" && return 0
	fail "$1 parses"
	sed 's/^/# /' "$TMP/parse.err"
	return 1
}

# A free TCP port on loopback in [lo, hi).
free_port() {
	local lo=${1:-20000} hi=${2:-30000} p
	while :; do
		p=$((lo + RANDOM % (hi - lo)))
		if ! ss -Hltn "sport = :$p" | grep -q .; then echo "$p"; return; fi
	done
}

# req METHOD PATH [curl args]: sets STATUS, BODY, HDRS (lower-cased names).
req() {
	local m=$1 p=$2; shift 2
	local head=()
	[ "$m" = HEAD ] && head=(-I)
	STATUS=$(curl -sS --max-time 20 -o "$TMP/body" -D "$TMP/hdrs" \
		-w '%{http_code}' -X "$m" "${head[@]}" "$BASE$p" "$@" 2>"$TMP/curl.err") || STATUS=000
	BODY=$(cat "$TMP/body" 2>/dev/null || true)
	HDRS=$(tr -d '\r' <"$TMP/hdrs" | sed 's/^\([^:]*\):/\L\1:/' 2>/dev/null || true)
}
# Same with a bearer token.
areq() { local tok=$1 m=$2 p=$3; shift 3; req "$m" "$p" -H "Authorization: Bearer $tok" "$@"; }
# JSON body helpers.
ajson() { local tok=$1 m=$2 p=$3 body=$4; shift 4
	areq "$tok" "$m" "$p" -H 'Content-Type: application/json' --data-binary "$body" "$@"; }

header() { printf '%s\n' "$HDRS" | grep -i "^$1:" | head -1 | sed 's/^[^:]*: *//'; }
jb() { printf '%s' "$BODY" | jq -r "$@" 2>/dev/null; }

is_status() { [ "$STATUS" = "$1" ]; }
# A problem+json answer with the given status and RFC 9457 members.
is_problem() {
	[ "$STATUS" = "$1" ] &&
	header content-type | grep -q '^application/problem+json' &&
	[ "$(jb .status)" = "$1" ] && [ -n "$(jb .title)" ] && [ "$(jb .title)" != null ] &&
	[ -n "$(jb .detail)" ] && [ "$(jb .type)" != null ]
}
# Any 4xx problem+json: for inputs that nginx or the worker may refuse first.
is_problem_4xx() { [[ "$STATUS" == 4?? ]] && is_problem "$STATUS"; }
expect_4xx() { check "$1 (4xx problem+json, got $STATUS)" is_problem_4xx; }
expect_status() { local code=$1 d=$2; check "$d (status $code)" is_status "$code"; }
expect_problem() { local code=$1 d=$2; check "$d (problem+json $code)" is_problem "$code"; }

# On a cluster, a read sees every write committed on any node before it.
sql() { mariadb --no-defaults --socket="$STACK_DB_SOCK" -u "$(id -un)" -N -B tenantapi -e "SET SESSION wsrep_sync_wait = 1; $1"; }
ctl() { "$STACK_BUILD/tenantctl" -c "$STACK_CONF" "$@"; }

# Process ids of the workers of pool n (children of its multiwatch).
pool_workers() { pgrep -P "$(cat "$STACK_STATE/pool-${1:-1}.pid")" | sort; }

# Waits up to $1 seconds for a command to succeed.
wait_for() { local t=$1 i; shift; for ((i = 0; i < t * 10; i++)); do "$@" && return 0; sleep 0.1; done; return 1; }

# A token made with the operator CLI: new_token TENANT PERMS NAME
new_token() {
	local t
	t=$(ctl token-create --tenant "$1" --permissions "$2" --name "$3" --quiet) || return 1
	remember "$t"
	echo "$t"
}
# Every secret the tests saw, for the test that looks for them in dumps and logs.
remember() { [ -n "$1" ] && [ "$1" != null ] && echo "$1" >>"$TMP/secrets"; }
# A tenant made with the operator CLI.
new_tenant() { ctl tenant-create "$1" "${2:-Tenant $1}" >/dev/null; }
# Row counts and a checksum of every table a request could change.
fingerprint() {
	sql "SELECT (SELECT COUNT(*) FROM tenants), (SELECT COUNT(*) FROM tokens),
	    (SELECT COUNT(*) FROM token_secrets), (SELECT COUNT(*) FROM audit),
	    (SELECT MD5(GROUP_CONCAT(CONCAT_WS('|', id, name, status, updated_at) ORDER BY id)) FROM tenants),
	    (SELECT MD5(GROUP_CONCAT(CONCAT_WS('|', id, tenant_id, name, description, permissions, status, hint,
	        IFNULL(expires_at, '-'), updated_at) ORDER BY seq)) FROM tokens),
	    (SELECT epoch FROM auth_epoch)"
}
# unchanged "description" BEFORE: the database is as it was.
unchanged() { local now; now=$(fingerprint); check "$1: nothing changed in the database" [ "$2" = "$now" ]; }
# A unique suffix for names in this run.
unique() { printf '%s%s' "$1" "$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"; }
# burst N TOKEN PATH [header...]: N requests, 8 at a time; prints the statuses.
burst() {
	local n=$1 tok=$2 path=$3 i h
	shift 3
	{
		echo "header = \"Authorization: Bearer $tok\""
		for h in "$@"; do echo "header = \"$h\""; done
		for ((i = 0; i < n; i++)); do echo "url = \"$BASE$path\""; echo "output = /dev/null"; done
	} >"$TMP/burst.curl"
	curl -s -Z --no-progress-meter --parallel-max 8 -K "$TMP/burst.curl" -w '%{http_code}\n'
}

# --- Revocation within 1 s, measured from the workers' log ---------------
now_ms() { date +%s%3N; }
log_ms() { date -d "$1" +%s%3N; }
# auth_lines L0: "epoch_ms pid status" of the gate's log lines after line L0.
auth_lines() {
	tail -n +"$(($1 + 1))" "$STACK_STATE/workers.log" |
		awk '/route=auth/ { sub(/.*\[/, "", $2); sub(/\]/, "", $2); print $1, $2, $7 }' |
		while read -r ts pid st; do echo "$(log_ms "$ts") $pid $st"; done
}
# revocation LABEL TOKEN POOL COMMAND...: the token is used until every
# worker of POOL (a number, or "all": through nginx) allowed it; COMMAND
# takes it away; every worker of POOL must refuse it within 1 s of
# COMMAND returning. The worst case goes to $TMP/revocation.ms.
revocation() {
	local label=$1 tok=$2 pool=$3 l0 t0 end tries=0 pids nw seen worst late refusing n
	shift 3
	if [ "$pool" = all ]; then
		pids=" "; for ((n = 1; n <= STACK_POOLS; n++)); do pids+="$(pool_workers "$n" | tr '\n' ' ')"; done
	else
		pids=" $(pool_workers "$pool" | tr '\n' ' ') "
	fi
	nw=$(wc -w <<<"$pids")
	rev_burst() { if [ "$pool" = all ]; then burst "$@"; else BASE=$(pbase "$pool") burst "$@"; fi; }
	rev_lines() { auth_lines "$1" | while read -r ms p st; do [[ "$pids" == *" $p "* ]] && echo "$ms $p $st"; done; }
	l0=$(wc -l <"$STACK_STATE/workers.log")
	while :; do
		rev_burst 48 "$tok" /api/v1/auth >/dev/null
		seen=$(rev_lines "$l0" | awk '$3 == 204 {print $2}' | sort -u | wc -l)
		[ "$seen" -ge "$nw" ] && break
		tries=$((tries + 1)); [ "$tries" -lt 20 ] || break
	done
	check "$label: the token was allowed by all $nw workers first ($seen)" [ "$seen" -ge "$nw" ]
	l0=$(wc -l <"$STACK_STATE/workers.log")
	"$@" >/dev/null
	t0=$(now_ms)
	end=$((t0 + 1600))
	while [ "$(now_ms)" -lt "$end" ]; do rev_burst 32 "$tok" /api/v1/auth >/dev/null; done
	sleep 0.2
	rev_lines "$l0" >"$TMP/rev.lines"
	worst=$(awk -v t0="$t0" '$3 == 204 && $1 - t0 > w {w = $1 - t0} END {print w + 0}' "$TMP/rev.lines")
	late=$(awk -v t0="$t0" '$3 == 204 && $1 >= t0 + 1000' "$TMP/rev.lines" | wc -l)
	refusing=$(awk -v t0="$t0" '$3 == 401 && $1 >= t0 + 1000 {print $2}' "$TMP/rev.lines" | sort -u | wc -l)
	n="$label: worst case $worst ms after the call returned ($(wc -l <"$TMP/rev.lines") checks)"
	if declare -F summary >/dev/null; then summary "$n"; else diag "$n"; fi
	echo "$label $worst" >>"$TMP/revocation.ms"
	check "$label: no worker allowed it 1 s after the call (worst ${worst} ms)" holds "$([ "$late" = 0 ] && [ "$worst" -lt 1000 ]; echo $?)"
	check "$label: every worker was asked and refused after 1 s ($refusing of $nw)" [ "$refusing" -ge "$nw" ]
}

# --- The cockpit with curl ---------------------------------------------------
# cockpit_signin TOKEN JAR: a cockpit session in the cookie jar JAR; prints
# the sign-in's status (303 when it worked).
cockpit_signin() {
	local csrf
	rm -f "$2"
	csrf=$(curl -s -c "$2" "$BASE/cockpit/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p')
	curl -s -o /dev/null -w '%{http_code}' -b "$2" -c "$2" "$BASE/cockpit/login" \
		--data-urlencode "csrf=$csrf" --data-urlencode "token=$1"
}
# cockpit_csrf JAR PATH: the CSRF token of the form on the page PATH.
cockpit_csrf() { curl -s -b "$1" "$BASE$2" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1; }
