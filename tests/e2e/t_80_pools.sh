# SPDX-License-Identifier: ISC
# Two worker pools behind one nginx upstream: losing every worker of one
# pool (kill -9, or the whole pool stopped) keeps requests succeeding.
# shellcheck shell=bash

PT=$(new_token '*' read "pools-$(unique p)")
load() {	# requests until $TMP/load.stop exists; statuses to $1
	while [ ! -e "$TMP/load.stop" ]; do burst 16 "$PT" /api/v1/auth >>"$1"; done
}
rm -f "$TMP/load.stop" "$TMP/load1"
load "$TMP/load1" &
lp=$!
sleep 0.5
victims=$(pool_workers 1)
kill -9 $victims
sleep 1.5
touch "$TMP/load.stop"; wait "$lp"
total=$(wc -l <"$TMP/load1"); bad=$(grep -vc '^204$' "$TMP/load1")
diag "kill -9 of all $(echo $victims | wc -w) workers of pool 1 under load: $bad of $total requests failed"
check "requests kept succeeding while pool 1's workers were killed ($bad/$total failed)" holds "$([ "$total" -gt 100 ] && [ "$bad" = 0 ]; echo $?)"
back() { local now; now=$(pool_workers 1); [ "$(echo "$now" | wc -l)" = "$STACK_WORKERS" ] && [ -z "$(comm -12 <(echo "$now") <(echo "$victims" | tr ' ' '\n' | sort))" ]; }
check "multiwatch brought pool 1's workers back" wait_for 5 back

rm -f "$TMP/load.stop" "$TMP/load2"
load "$TMP/load2" &
lp=$!
sleep 0.5
"$top_srcdir/conf/stack.sh" pool-stop 1 >/dev/null 2>&1
sleep 1
touch "$TMP/load.stop"; wait "$lp"
total=$(wc -l <"$TMP/load2"); bad=$(grep -vc '^204$' "$TMP/load2")
diag "pool 1 stopped (TERM) under load: $bad of $total requests failed"
check "with pool 1 stopped, pool 2 answers everything ($bad/$total failed)" holds "$([ "$total" -gt 100 ] && [ "$bad" = 0 ]; echo $?)"
"$top_srcdir/conf/stack.sh" pool-start 1 >/dev/null 2>&1
check "pool 1 starts again" wait_for 5 bash -c "[ \$(pgrep -P \$(cat '$STACK_STATE/pool-1.pid') | wc -l) = $STACK_WORKERS ]"
