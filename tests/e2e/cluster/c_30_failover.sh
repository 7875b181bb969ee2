# SPDX-License-Identifier: ISC
# kill -9 of one database node under a steady mixed load (/auth and token
# creates through both pools): node 2 (no pool attached), then node 1
# (pool 1's node). What the clients see, that no acknowledged create is
# lost, the node's rejoin by IST, and full success afterwards.
# shellcheck shell=bash

FA=$(new_token '*' read,write,create,delete "failover-$(unique f)")
FT=$(unique ft)
new_tenant "$FT"
FR=$(new_token "$FT" read "fo-reader")
FO_DOWN=${FAILOVER_DOWN_SECONDS:-10}	# how long the node stays down

# Loaders; each line: start_ms kind pool status duration_ms [i].
fo_creator() {
	local ph=$1 p=$2 i=0 t code
	while [ ! -e "$TMP/fo.stop" ]; do
		i=$((i + 1)); t=$(now_ms)
		code=$(curl -s --max-time 30 -o "$TMP/fo.$ph.c$p.$i" -w '%{http_code}' -X POST "$(pbase "$p")/api/v1/tokens" \
			-H "Authorization: Bearer $FA" -H 'Content-Type: application/json' \
			-d "{\"name\":\"fo-$ph-$p-$i\",\"tenant\":\"$FT\",\"permissions\":[\"read\"]}") || code=000
		echo "$t create $p $code $(($(now_ms) - t)) $i"
	done
}
fo_auther() {
	local p=$1 t i
	{
		echo "header = \"Authorization: Bearer $FR\""
		for i in 1 2 3 4; do echo "url = \"$(pbase "$p")/api/v1/auth\""; echo "output = /dev/null"; done
	} >"$TMP/fo.auth$p.curl"
	while [ ! -e "$TMP/fo.stop" ]; do
		t=$(now_ms)
		curl -s --no-progress-meter --max-time 30 -Z --parallel-max 4 -K "$TMP/fo.auth$p.curl" \
			-w '%{http_code} %{time_total}\n' | awk -v t="$t" -v p="$p" '{printf "%s auth %s %s %d\n", t, p, $1, $2 * 1000}'
	done
}

# failover NODE: the whole scenario for one node.
failover() {
	local node=$1 ph="n$1" pids="" p t_kill t_evict="" t_start t_synced t_end rejoin_out sz i survivor
	local total n503 other before late first_err last_err maxc acked present works sampled amb
	rm -f "$TMP/fo.stop"
	survivor=$((node == 3 ? 1 : 3))
	for p in 1 2; do
		fo_creator "$ph" "$p" >"$TMP/fo.$ph.create$p" &
		pids+=" $!"
		fo_auther "$p" >"$TMP/fo.$ph.auth$p" &
		pids+=" $!"
	done
	sleep 2
	t_kill=$(now_ms)
	stack node-kill "$node" >/dev/null 2>&1
	# When the survivors evict it (the suspect timeout).
	for ((i = 0; i < 200; i++)); do
		sz=$(nstatus "$survivor" wsrep_cluster_size)
		[ "$sz" = 2 ] && { t_evict=$(now_ms); break; }
		sleep 0.05
	done
	sleep "$(((FO_DOWN * 1000 - ($(now_ms) - t_kill)) / 1000))" 2>/dev/null || true
	# A client of the restarting node: what it sees while the node rejoins.
	(
		pw=$(cat "$STACK_STATE/db.password")
		port_var="STACK_NODE${node}_PORT"
		while [ ! -e "$TMP/fo.probe.stop" ]; do
			r=$(MYSQL_PWD=$pw mariadb --no-defaults -h 127.0.0.1 -P "${!port_var}" -u tenantapi --connect-timeout=1 \
				tenantapi -N -B -e "SELECT COUNT(*) FROM tokens" 2>&1 | grep -m1 -E '^ERROR|^[0-9]+$' | cut -c1-90)
			echo "$(now_ms) $r"
			sleep 0.05
		done
	) >"$TMP/fo.$ph.probe" &
	probe=$!
	t_start=$(now_ms)
	rejoin_out=$(stack node-start "$node" 2>&1)
	t_synced=$(now_ms)
	touch "$TMP/fo.probe.stop"; wait "$probe"; rm -f "$TMP/fo.probe.stop"
	# Node 1: stay long enough for pool 1's workers to move back to it (they
	# try their first node again 30 s after leaving it, then every 5 s
	# until it is ready: the rejoin may take longer than 30 s).
	if [ "$node" = 1 ]; then
		while [ "$(($(now_ms) - t_kill))" -lt 36000 ] ||
		    [ "$(($(now_ms) - t_synced))" -lt 7000 ]; do sleep 0.5; done
	fi
	sleep 4
	touch "$TMP/fo.stop"
	# shellcheck disable=SC2086
	wait $pids
	t_end=$(now_ms)
	cat "$TMP/fo.$ph".create* "$TMP/fo.$ph".auth* | sort -n >"$TMP/fo.$ph.all"

	total=$(wc -l <"$TMP/fo.$ph.all")
	n503=$(awk '$4 == 503' "$TMP/fo.$ph.all" | wc -l)
	other=$(awk '$4 !~ /^2/ && $4 != 503' "$TMP/fo.$ph.all" | wc -l)
	# An error answered before the kill; a request in flight across it
	# belongs to the failover, whenever it began.
	before=$(awk -v t="$t_kill" '$1 + $5 < t && $4 !~ /^2/' "$TMP/fo.$ph.all" | wc -l)
	late=$(awk -v t="$t_synced" '$1 >= t + 1000 && $4 !~ /^2/' "$TMP/fo.$ph.all" | wc -l)
	first_err=$(awk -v t="$t_kill" '$4 !~ /^2/ {print $1 - t; exit}' "$TMP/fo.$ph.all")
	last_err=$(awk -v t="$t_kill" '$4 !~ /^2/ {l = $1 + $5 - t} END {print l}' "$TMP/fo.$ph.all")
	maxc=$(awk '$2 == "create" && $5 > m {m = $5} END {print m + 0}' "$TMP/fo.$ph.all")
	maxa=$(awk '$2 == "auth" && $5 > m {m = $5} END {print m + 0}' "$TMP/fo.$ph.all")
	stall=$(awk -v t="$t_kill" '$2 == "create" && $1 >= t - 1000 && $1 <= t + 10000 && $5 > m {m = $5} END {print m + 0}' "$TMP/fo.$ph.all")
	summary "kill -9 of node $node: $total requests ($(awk '$2 == "create"' "$TMP/fo.$ph.all" | wc -l) creates, $(awk '$2 == "auth"' "$TMP/fo.$ph.all" | wc -l) auth) over $(((t_end - t_kill) / 1000 + 2)) s; $n503 answered 503, $other other errors: $(awk '$4 !~ /^2/ {print $2 "@pool" $3 "=" $4}' "$TMP/fo.$ph.all" | sort | uniq -c | tr -s ' ' | tr '\n' ',')"
	summary "  errors from ${first_err:-none} to ${last_err:-none} ms after the kill; node evicted by the survivors after $((${t_evict:-0} - t_kill)) ms; longest create $maxc ms (around the kill $stall ms), longest auth $maxa ms"
	summary "  node-start (recover + rejoin) took $((t_synced - t_start)) ms: $(echo "$rejoin_out" | grep -o 'Synced.*' | tail -1)"
	summary "  client of node $node during its rejoin: $(awk '{ $1 = ""; sub(/^ /, ""); sub(/[0-9]+$/, "<n>"); print }' "$TMP/fo.$ph.probe" | uniq -c | tr -s ' ' | tr '\n' ',')"
	check "node $node kill -9: no error answered before it ($before)" [ "$before" = 0 ]
	check "node $node kill -9: clients saw nothing but 2xx and 503 ($n503 503, $other other)" [ "$other" = 0 ]
	check "node $node kill -9: errors only during the suspect window (last ends ${last_err:-0} ms after the kill)" [ "${last_err:-0}" -le 10000 ]
	check "node $node rejoined by IST, not SST" grep -qF '(0 SST, 1 IST)' <<<"$rejoin_out"
	check "node $node: full success from 1 s after it was Synced again ($late failures)" [ "$late" = 0 ]
	check "node $node: Synced, cluster of 3" [ "$(nstatus "$node" wsrep_local_state_comment)|$(nstatus "$node" wsrep_cluster_size)" = "Synced|3" ]

	# Every acknowledged create is there, on every node, and works.
	: >"$TMP/fo.$ph.acked"
	for f in "$TMP/fo.$ph".c[12].*; do
		jq -r 'select(.token != null) | "\(.id) \(.token)"' <"$f" 2>/dev/null >>"$TMP/fo.$ph.acked"
	done
	acked=$(wc -l <"$TMP/fo.$ph.acked")
	awk '{print $2}' "$TMP/fo.$ph.acked" >>"$TMP/secrets"
	ids=$(awk -v q="'" '{printf "%s%s%s%s", (NR > 1) ? "," : "", q, $1, q}' "$TMP/fo.$ph.acked")
	present=""
	for n in 1 2 3; do
		present+="$(nsql "$n" "SELECT COUNT(*) FROM tokens WHERE status = 'active' AND id IN (${ids:-''})") "
	done
	works=0
	shuf -n 100 "$TMP/fo.$ph.acked" >"$TMP/fo.$ph.sample"
	sampled=$(wc -l <"$TMP/fo.$ph.sample")
	i=0
	while read -r _ tok; do
		i=$((i + 1))
		on_pool $((i % 2 + 1)) areq "$tok" GET /api/v1/auth
		[ "$STATUS" = 204 ] && works=$((works + 1))
	done <"$TMP/fo.$ph.sample"
	# A 503 to a create may hide a commit (the connection died after it):
	# the client cannot tell; count them.
	amb=0
	while read -r _ _ p code _ i; do
		[ "$code" = 503 ] || continue
		[ "$(nsql 3 "SELECT COUNT(*) FROM tokens WHERE tenant_id = '$FT' AND name = 'fo-$ph-$p-$i'")" = 1 ] && amb=$((amb + 1))
	done < <(awk '$2 == "create"' "$TMP/fo.$ph.all")
	summary "  acknowledged creates: $acked; present (active) on nodes 1, 2, 3: $present; $works of $sampled sampled authenticate; $amb creates answered 503 were committed anyway"
	check "node $node kill -9: every acknowledged create is on all three nodes ($present of $acked)" \
		status_ok "$([ "$acked" -gt 20 ] && [ "$present" = "$acked $acked $acked " ]; echo $?)"
	check "node $node kill -9: acknowledged tokens authenticate ($works of $sampled sampled)" [ "$works" = "$sampled" ]
}

failover 2
failover 1
check "pool 1's workers went back to node 1 ($(node_conns 1) connections on node 1, $(node_conns 2) on node 2)" \
	status_ok "$([ "$(node_conns 2)" = 0 ] && [ "$(node_conns 1)" -ge "$STACK_WORKERS" ]; echo $?)"
