# SPDX-License-Identifier: ISC
# Node 1 cut off from the cluster while its process stays up (Galera's
# gmcast.isolate): it answers connections but, non-Primary, refuses every
# query with 1047. Pool 1, attached to it, must move to a Primary node like
# it does when node 1 dies; then node 1 rejoins by itself.
# shellcheck shell=bash

PA=$(new_token '*' read,write,create,delete "partition-$(unique p)")
PT=$(unique pt)
new_tenant "$PT"
PR=$(new_token "$PT" read "pt-reader")
rm -f "$TMP/pt.stop"
(
	i=0
	while [ ! -e "$TMP/pt.stop" ]; do
		i=$((i + 1)); t=$(now_ms)
		c=$(curl -s --max-time 30 -o "$TMP/pt.c.$i" -w '%{http_code}' -X POST "$(pbase 1)/api/v1/tokens" \
			-H "Authorization: Bearer $PA" -H 'Content-Type: application/json' \
			-d "{\"name\":\"pt-$i\",\"tenant\":\"$PT\",\"permissions\":[\"read\"]}") || c=000
		echo "$t create $c"
		t=$(now_ms)
		c=$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' "$(pbase 1)/api/v1/auth" -H "Authorization: Bearer $PR") || c=000
		echo "$t auth $c"
		t=$(now_ms)
		c=$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' "$(pbase 1)/api/v1/health") || c=000
		echo "$t health $c"
	done >"$TMP/pt.codes"
) &
ptload=$!
sleep 2
t_iso=$(now_ms)
nclient 1 -e "SET GLOBAL wsrep_provider_options = 'gmcast.isolate=1'"
sleep 14
st1=$(nstatus 1 wsrep_cluster_status)
nclient 1 -e "SET GLOBAL wsrep_provider_options = 'gmcast.isolate=0'"
t_back=$(now_ms)
rejoined() { [ "$(nstatus 1 wsrep_local_state_comment)|$(nstatus 1 wsrep_cluster_size)" = "Synced|3" ]; }
wait_for 60 rejoined; rj=$?
t_synced=$(now_ms)
sleep 3
touch "$TMP/pt.stop"; wait "$ptload"

late=$(awk -v t="$((t_iso + 8000))" -v e="$t_back" '$1 >= t && $1 < e && $2 != "health" && $3 !~ /^2/' "$TMP/pt.codes" | wc -l)
during=$(awk -v t="$((t_iso + 8000))" -v e="$t_back" '$1 >= t && $1 < e && $2 != "health"' "$TMP/pt.codes" | wc -l)
hlie=$(awk -v t="$((t_iso + 8000))" -v e="$t_back" '$1 >= t && $1 < e && $2 == "health" && $3 == 200' "$TMP/pt.codes" | wc -l)
after=$(awk -v t="$((t_synced + 1000))" '$1 >= t && $2 != "health" && $3 !~ /^2/' "$TMP/pt.codes" | wc -l)
summary "node 1 isolated (non-Primary: $st1) for 14 s under load through pool 1: $(awk -v t="$t_iso" -v e="$t_back" '$1 >= t && $1 < e {print $2 "=" $3}' "$TMP/pt.codes" | sort | uniq -c | tr -s ' ' | tr '\n' ',')"
summary "  from 8 s after the isolation: $late of $during API requests through pool 1 failed; /health said 200 $hlie times; node 1 Synced again $((t_synced - t_back)) ms after the isolation ended"
check "node 1 isolated: the survivors went on as a Primary component of 2" [ "$(nstatus 3 wsrep_cluster_status)" = Primary ]
check "node 1 isolated: pool 1 served again from another node within 8 s ($late of $during failed after that)" \
	status_ok "$([ "$during" -gt 10 ] && [ "$late" = 0 ]; echo $?)"
check "node 1 rejoined by itself once reachable again" [ "$rj" = 0 ]
check "full success through pool 1 after node 1 rejoined ($after failures)" [ "$after" = 0 ]
acked=0 present=0
for f in "$TMP"/pt.c.*; do
	id=$(jq -r '.id // empty' <"$f" 2>/dev/null)
	[ -n "$id" ] || continue
	remember "$(jq -r .token <"$f")"
	acked=$((acked + 1))
	[ "$(nsql 1 "SELECT COUNT(*) FROM tokens WHERE id = '$id'")" = 1 ] && present=$((present + 1))
done
check "every create acknowledged through pool 1 is on node 1 after it rejoined ($present of $acked)" [ "$present" = "$acked" ]
