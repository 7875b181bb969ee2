# SPDX-License-Identifier: ISC
# Faults under load: MariaDB stopped for 5 s, MariaDB killed during creates,
# a pool stopped with TERM while a request is in flight.
# shellcheck shell=bash

FA=$(new_token '*' read,write,create,delete "faults-$(unique f)")
FT=$(unique ft)
new_tenant "$FT"
LT=$(new_token "$FT" read "faults-reader")
workers_before="$(pool_workers 1) $(pool_workers 2)"
ms() { date +%s%3N; }

# 1. MariaDB stopped for 5 s during a steady load of /auth and health.
rm -f "$TMP/stop.load" "$TMP/outage.codes"
(
	# req and burst write their answers to files under $TMP: the load gets
	# its own, or it would overwrite the answer the checks below read.
	stop=$TMP/stop.load out=$TMP/outage.codes
	TMP=$TMP/load; mkdir -p "$TMP"
	while [ ! -e "$stop" ]; do
		t=$(ms)
		burst 8 "$LT" /api/v1/auth | sed "s/^/$t /"
		req GET /api/v1/health; echo "$t $STATUS"
	done >"$out"
) &
loadpid=$!
sleep 1
"$top_srcdir/conf/stack.sh" db-stop >/dev/null 2>&1
down_at=$(ms)
sleep 1
req GET /api/v1/auth -H "Authorization: Bearer $LT"
check "during the outage /auth fails closed with 503" is_problem 503
check "  and Retry-After" [ -n "$(header retry-after)" ]
sleep 4
"$top_srcdir/conf/stack.sh" db-start >/dev/null 2>&1
back_at=$(ms)
sleep 3
touch "$TMP/stop.load"; wait "$loadpid"
total=$(wc -l <"$TMP/outage.codes")
other=$(awk '$2 != 200 && $2 != 204 && $2 != 503' "$TMP/outage.codes" | wc -l)
n503=$(awk '$2 == 503' "$TMP/outage.codes" | wc -l)
late=$(awk -v t="$((back_at + 2000))" '$1 >= t && $2 != 200 && $2 != 204' "$TMP/outage.codes" | wc -l)
last503=$(awk '$2 == 503 {l = $1} END {print l + 0}' "$TMP/outage.codes")
diag "outage: $total requests, $n503 answered 503, last 503 $((last503 - back_at)) ms after MariaDB was back (down $(((back_at - down_at) / 1000)) s)"
check "only success or 503 while MariaDB was down ($other others)" holds "$([ "$total" -gt 50 ] && [ "$other" = 0 ] && [ "$n503" -gt 0 ]; echo $?)"
check "full success within 2 s of MariaDB's return ($late failures after)" [ "$late" = 0 ]
check "no worker exited" [ "$workers_before" = "$(pool_workers 1) $(pool_workers 2)" ]

# 2. kill -9 of mariadbd during a load of creates: every token whose 201
# the client received exists afterwards and authenticates.
rm -f "$TMP/creates".*
for c in 1 2 3 4; do
	(
		for i in $(seq 1 400); do
			curl -s --max-time 10 -o "$TMP/creates.$c.$i" -w '%{http_code}\n' -X POST "$BASE/api/v1/tokens" \
				-H "Authorization: Bearer $FA" -H 'Content-Type: application/json' \
				-d "{\"name\":\"crash-$c-$i\",\"tenant\":\"$FT\",\"permissions\":[\"read\"]}" >>"$TMP/creates.codes.$c"
			[ -e "$TMP/creates.stop" ] && break
		done
	) &
done
sleep 1.5
kill -9 "$(cat "$STACK_STATE/mariadbd.pid")"
sleep 1
"$top_srcdir/conf/stack.sh" db-start >/dev/null 2>&1
sleep 2
touch "$TMP/creates.stop"; wait
acked=0; present=0; works=0; n503=0; other=0
for f in "$TMP"/creates.[0-9]*.[0-9]*; do
	st=$(jq -r '.status // empty' <"$f" 2>/dev/null)
	tok=$(jq -r '.token // empty' <"$f" 2>/dev/null)
	if [ -n "$tok" ]; then
		acked=$((acked + 1)); remember "$tok"
		id=$(jq -r .id <"$f")
		[ "$(sql "SELECT COUNT(*) FROM tokens WHERE id = '$id' AND status = 'active'")" = 1 ] && present=$((present + 1))
		echo "$tok" >>"$TMP/acked.tokens"
	elif [ "$st" = 503 ]; then n503=$((n503 + 1))
	else other=$((other + 1)); fi
done
for tok in $(shuf -n 50 "$TMP/acked.tokens"); do
	req GET /api/v1/auth -H "Authorization: Bearer $tok"; [ "$STATUS" = 204 ] && works=$((works + 1))
done
sampled=$(shuf -n 50 "$TMP/acked.tokens" | wc -l)
diag "kill -9 of MariaDB during creates: $acked acknowledged, $present present after restart, $n503 answered 503, $other other"
check "every acknowledged create survived the crash ($present of $acked)" holds "$([ "$acked" -gt 20 ] && [ "$present" = "$acked" ]; echo $?)"
check "acknowledged tokens authenticate ($works of $sampled sampled)" [ "$works" = "$sampled" ]
check "the others were refused cleanly (503 or a problem; $other without a problem body)" [ "$other" = 0 ]
check "no worker exited" [ "$workers_before" = "$(pool_workers 1) $(pool_workers 2)" ]

# 3. TERM to a pool while one of its workers is in a request: the request
# completes, then the workers exit. The request waits on a row lock held
# by another session so that it is surely in flight when TERM arrives.
"$top_srcdir/conf/stack.sh" pool-stop 2 >/dev/null 2>&1
mariadb --no-defaults --socket="$STACK_DB_SOCK" -u "$(id -un)" tenantapi \
	-e "START TRANSACTION; SELECT id FROM tenants WHERE id = '$FT' FOR UPDATE; DO SLEEP(2); COMMIT;" >/dev/null &
lockpid=$!
sleep 0.3
curl -s -o "$TMP/inflight.body" -w '%{http_code}' -X PATCH "$BASE/api/v1/tenants/$FT" \
	-H "Authorization: Bearer $FA" -H 'Content-Type: application/json' \
	-d '{"name":"renamed while stopping"}' >"$TMP/inflight.code" &
patchpid=$!
sleep 0.5
t_term=$(ms)
kill -TERM "$(cat "$STACK_STATE/pool-1.pid")"
wait "$patchpid"
wait "$lockpid"
done_ms=$(($(ms) - t_term))
STATUS=$(cat "$TMP/inflight.code"); BODY=$(cat "$TMP/inflight.body")
check "the request in flight when TERM arrived completed ($STATUS after $done_ms ms)" holds "$([ "$STATUS" = 200 ] && [ "$(jb .name)" = "renamed while stopping" ]; echo $?)"
check "pool 1 then stopped" wait_for 10 bash -c "! kill -0 $(cat "$STACK_STATE/pool-1.pid") 2>/dev/null"
rm -f "$STACK_STATE/pool-1.pid"
"$top_srcdir/conf/stack.sh" pool-start 1 >/dev/null 2>&1
"$top_srcdir/conf/stack.sh" pool-start 2 >/dev/null 2>&1
check "both pools serve again" wait_for 5 bash -c "curl -sf '$BASE/api/v1/health' >/dev/null"
