#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# End-to-end tests: a private stack (MariaDB, workers, nginx) on loopback,
# then every tests/e2e/t_*.sh against it; TAP on stdout.
set -uo pipefail

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir/build}
export top_srcdir top_builddir

TMP=$(mktemp -d /tmp/tenantapi-e2e.XXXXXX)
export STATE_DIR=$TMP/state BUILD_DIR=$top_builddir
# E2E_VALGRIND=1: the workers run under memcheck (through a wrapper that
# stands in for the binary); the timing tests are left out, being ~20x
# slower there, and the memcheck logs must show 0 errors, 0 bytes lost.
if [ "${E2E_VALGRIND:-0}" = 1 ]; then
	mkdir -p "$TMP/vgbin"
	cat >"$TMP/vgbin/tenantapi" <<-EOF
		#!/bin/sh
		exec valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite \\
		    --errors-for-leak-kinds=definite --track-origins=yes --num-callers=30 \\
		    --log-file=$TMP/valgrind.%p.log $top_builddir/tenantapi "\$@"
	EOF
	chmod +x "$TMP/vgbin/tenantapi"
	ln -s "$top_builddir/tenantctl" "$TMP/vgbin/tenantctl"
	BUILD_DIR=$TMP/vgbin
	E2E_SKIP=${E2E_SKIP:-t_75 t_80 t_96 t_99}
fi
# The workers purge every 2 s or so (t_45 and t_76 wait for a purge),
# keep 100 epochs of the change log (t_76 sees it pruned), and take
# webhooks on loopback over http (t_78's receiver).
TENANTAPI_EXTRA_CONF="${TENANTAPI_EXTRA_CONF:+$TENANTAPI_EXTRA_CONF
}purge_interval = 2
change_log_keep = 100
webhook_allow_private = yes"
export TENANTAPI_EXTRA_CONF
export WORKERS=${WORKERS:-3} POOLS=${POOLS:-2}
# shellcheck source=tests/e2e/lib.sh
. "$top_srcdir/tests/e2e/lib.sh"
PORT=$(free_port 20000 30000)
export PORT

cleanup() {
	"$top_srcdir/conf/stack.sh" stop >/dev/null 2>&1
	if [ "${KEEP_TMP:-0}" = 1 ] || [ "$TAP_FAIL" -gt 0 ]; then
		echo "# logs kept in $TMP"
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT

if ! "$top_srcdir/conf/stack.sh" start >"$TMP/stack.out" 2>&1; then
	echo "not ok 1 - stack starts"
	sed 's/^/# /' "$TMP/stack.out"
	TAP_FAIL=1
	echo "1..1"
	exit 1
fi
# shellcheck disable=SC1091
. "$STATE_DIR/stack.env"
BASE=$STACK_BASE
export BASE STACK_BASE STACK_STATE STACK_CONF STACK_DB_SOCK STACK_BUILD
pass "stack starts on port $PORT ($POOLS pools of $WORKERS workers)"

only=${E2E_ONLY:-}
for t in "$top_srcdir"/tests/e2e/t_*.sh; do
	name=$(basename "$t" .sh)
	if [ -n "$only" ] && [[ "$name" != *"$only"* ]]; then continue; fi
	skip=0
	for s in ${E2E_SKIP:-}; do [[ "$name" == *"$s"* ]] && skip=1; done
	[ "$skip" = 1 ] && continue
	diag "--- $name"
	parses "$name" "$t" || continue
	# shellcheck disable=SC1090
	. "$t"
done
# Stop the workers first so that leak reports (ASan builds) reach the log.
for ((n = 1; n <= POOLS; n++)); do "$top_srcdir/conf/stack.sh" pool-stop "$n" >>"$TMP/stop.out" 2>&1; done
check "workers stopped on TERM without being killed" bash -c "! grep -q 'did not stop' '$TMP/stop.out'"
stopped=$(tail -n 200 "$STACK_STATE/workers.log" | grep -c 'worker stopping')
check "every worker finished its loop and said so ($stopped)" [ "$stopped" -ge "$((POOLS * WORKERS))" ]
if [ "${E2E_VALGRIND:-0}" = 1 ]; then
	vlogs=("$TMP"/valgrind.*.log)
	errs=$(cat "${vlogs[@]}" | awk '/ERROR SUMMARY:/ {n += $4} END {print n + 0}')
	lost=$(cat "${vlogs[@]}" | awk '/definitely lost:/ {gsub(",", "", $4); n += $4} END {print n + 0}')
	diag "memcheck: ${#vlogs[@]} worker logs, $errs errors, $lost bytes definitely lost"
	check "memcheck: 0 errors in ${#vlogs[@]} workers ($errs)" holds "$([ "${#vlogs[@]}" -ge "$((POOLS * WORKERS))" ] && [ "$errs" = 0 ]; echo $?)"
	check "memcheck: 0 bytes definitely lost ($lost)" [ "$lost" = 0 ]
	[ "$errs" = 0 ] || grep -h -B2 -A20 'Invalid\|uninitialised\|definitely lost in' "${vlogs[@]}" | head -80 | sed 's/^/# /'
fi
if grep -qE 'Sanitizer|runtime error:' "$STACK_STATE/workers.log"; then
	fail "no sanitizer report in the worker log"
	grep -E -A12 'Sanitizer|runtime error:' "$STACK_STATE/workers.log" | head -60 | sed 's/^/# /'
else
	pass "no sanitizer report in the worker log"
fi
echo "1..$TAP_N"
[ "$TAP_FAIL" -eq 0 ]
