# SPDX-License-Identifier: ISC
# Across nodes: a token made through pool 1 (node 1) authenticates at once
# through pool 2 (node 3) and the other way round; a GET right after a
# POST, PATCH or DELETE through the other pool sees it; a revoke (rotate,
# suspension) through one node is refused through the other within 1 s.
# shellcheck shell=bash

XA=$(new_token '*' read,write,create,delete "xnode-$(unique x)")
XT=$(unique xt)
new_tenant "$XT"
check "pool 1 is attached to node 1, pool 2 to node 3 ($(node_conns 1), $(node_conns 2), $(node_conns 3) connections on nodes 1, 2, 3)" \
	status_ok "$([ "$(node_conns 2)" = 0 ] && [ "$(node_conns 1)" -ge 1 ] && [ "$(node_conns 3)" -ge 1 ]; echo $?)"

# 1. Authenticate at once through the other node.
N=25 ok12=0 ok21=0 okcli=0
for i in $(seq 1 "$N"); do
	on_pool 1 ajson "$XA" POST /api/v1/tokens "{\"name\":\"x12-$i\",\"tenant\":\"$XT\",\"permissions\":[\"read\"]}"
	tok=$(jb .token); remember "$tok"
	on_pool 2 areq "$tok" GET /api/v1/auth
	[ "$STATUS" = 204 ] && ok12=$((ok12 + 1))
	on_pool 2 ajson "$XA" POST /api/v1/tokens "{\"name\":\"x21-$i\",\"tenant\":\"$XT\",\"permissions\":[\"read\"]}"
	tok=$(jb .token); remember "$tok"
	on_pool 1 areq "$tok" GET /api/v1/auth
	[ "$STATUS" = 204 ] && ok21=$((ok21 + 1))
done
for i in $(seq 1 10); do
	tok=$(new_token "$XT" read "xcli-$i")	# tenantctl writes through node 1
	on_pool 2 areq "$tok" GET /api/v1/auth
	[ "$STATUS" = 204 ] && okcli=$((okcli + 1))
done
summary "cross-node auth at first try: node 1 -> node 3 $ok12/$N, node 3 -> node 1 $ok21/$N, tenantctl (node 1) -> node 3 $okcli/10"
check "a token created through pool 1 (node 1) authenticates at once through pool 2 (node 3): $ok12 of $N" [ "$ok12" = "$N" ]
check "and one created through pool 2 (node 3) through pool 1 (node 1): $ok21 of $N" [ "$ok21" = "$N" ]
check "and one created by tenantctl (node 1) through pool 2: $okcli of 10" [ "$okcli" = 10 ]

# 2. Read-your-writes through the other pool.
N=20 got=0 tgot=0 pgot=0 dgot=0 lgot=0
for i in $(seq 1 "$N"); do
	a=$((i % 2 + 1)); b=$((3 - a))
	on_pool "$a" ajson "$XA" POST /api/v1/tokens "{\"name\":\"rw-$i\",\"tenant\":\"$XT\",\"permissions\":[\"read\"]}"
	remember "$(jb .token)"; id=$(jb .id)
	on_pool "$b" areq "$XA" GET "/api/v1/tokens/$id"
	[ "$STATUS" = 200 ] && [ "$(jb .name)" = "rw-$i" ] && got=$((got + 1))
	on_pool "$b" areq "$XA" GET "/api/v1/tokens?tenant=$XT&q=rw-$i&limit=5"
	[ "$STATUS" = 200 ] && [ "$(jb '[.items[] | select(.id == "'"$id"'")] | length')" = 1 ] && lgot=$((lgot + 1))
	on_pool "$a" ajson "$XA" PATCH "/api/v1/tokens/$id" "{\"name\":\"rw-$i-renamed\"}"
	on_pool "$b" areq "$XA" GET "/api/v1/tokens/$id"
	[ "$STATUS" = 200 ] && [ "$(jb .name)" = "rw-$i-renamed" ] && pgot=$((pgot + 1))
	on_pool "$a" areq "$XA" DELETE "/api/v1/tokens/$id"
	on_pool "$b" areq "$XA" GET "/api/v1/tokens/$id"
	[ "$STATUS" = 200 ] && [ "$(jb .status)" = revoked ] && dgot=$((dgot + 1))
	tn=$(unique xtn)
	on_pool "$a" ajson "$XA" POST /api/v1/tenants "{\"id\":\"$tn\",\"name\":\"cross $i\"}"
	on_pool "$b" areq "$XA" GET "/api/v1/tenants/$tn"
	[ "$STATUS" = 200 ] && tgot=$((tgot + 1))
done
summary "read-your-writes through the other pool: token GET $got/$N, list $lgot/$N, after PATCH $pgot/$N, after DELETE $dgot/$N, tenant GET $tgot/$N"
check "a GET right after a POST through the other pool finds the token ($got of $N, no 404)" [ "$got" = "$N" ]
check "  and the list shows it ($lgot of $N)" [ "$lgot" = "$N" ]
check "  a PATCH is seen at once through the other pool ($pgot of $N)" [ "$pgot" = "$N" ]
check "  a revoke is seen at once through the other pool ($dgot of $N)" [ "$dgot" = "$N" ]
check "  a new tenant is found at once through the other pool ($tgot of $N)" [ "$tgot" = "$N" ]

# 2b. The same with node 3 applying behind: a large replicated UPDATE (in
# a scratch database) committed through node 1 just before, so that node 3
# applies the following writes some 100 ms late. Reads that must see them
# wait for causality; so must the reads inside the changes (the tenant
# check of a create, the locked read of a PATCH or DELETE). The workers of
# pool 2 are made to check the revocation epoch (a causal read) just
# before, so that this check does not hide a missing wait.
nclient 1 -e "
	CREATE DATABASE IF NOT EXISTS cluster_test;
	CREATE TABLE IF NOT EXISTS cluster_test.lag (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB;
	USE cluster_test;
	INSERT IGNORE INTO cluster_test.lag SELECT seq, 0 FROM seq_1_to_${LAG_ROWS:-30000};"
lagrows=$(nclient 3 -N -B \
	-e "SET SESSION wsrep_sync_wait = 1; SELECT COUNT(*) FROM cluster_test.lag")
t=$(now_ms)
nclient 1 -e "UPDATE cluster_test.lag SET v = v + 1"
t1=$(now_ms)
nsql 3 "SELECT 1" >/dev/null
diag "lag generator: $lagrows rows; an UPDATE of all takes $((t1 - t)) ms on node 1, node 3 caught up $(($(now_ms) - t1)) ms after its commit"
behind() {	# node 3 busy applying, pool 2's epoch checks fresh
	on_pool 2 burst 12 "$XA" /api/v1/auth >/dev/null
	nclient 1 -e "UPDATE cluster_test.lag SET v = v + 1"
}
# Without jq (a few ms each) between the requests: node 3 must still be behind.
bid() { [[ "$BODY" =~ \"id\":\"([^\"]+)\" ]] && echo "${BASH_REMATCH[1]}"; }
btok() { [[ "$BODY" =~ \"token\":\"([^\"]+)\" ]] && echo "${BASH_REMATCH[1]}"; }
N=10 lget=0 lauth=0 ltok=0 lpatch=0 ldel=0 lcodes=""
for i in $(seq 1 "$N"); do
	tn=$(unique lt)
	behind
	on_pool 1 ajson "$XA" POST /api/v1/tenants "{\"id\":\"$tn\",\"name\":\"lag $i\"}"
	on_pool 2 areq "$XA" GET "/api/v1/tenants/$tn"
	[ "$STATUS" = 200 ] && lget=$((lget + 1))
	behind
	on_pool 1 ajson "$XA" POST /api/v1/tenants "{\"id\":\"$tn-b\",\"name\":\"lag $i\"}"
	on_pool 2 ajson "$XA" POST /api/v1/tokens "{\"name\":\"in-new-tenant\",\"tenant\":\"$tn-b\",\"permissions\":[\"read\"]}"
	c1=$STATUS; remember "$(btok)"
	[ "$STATUS" = 201 ] && ltok=$((ltok + 1))
	behind
	on_pool 1 ajson "$XA" POST /api/v1/tokens "{\"name\":\"lag-$i\",\"tenant\":\"$XT\",\"permissions\":[\"read\"]}"
	tok=$(btok); remember "$tok"
	on_pool 2 areq "$tok" GET /api/v1/auth
	[ "$STATUS" = 204 ] && lauth=$((lauth + 1))
	behind
	on_pool 1 ajson "$XA" POST /api/v1/tokens "{\"name\":\"lag-p-$i\",\"tenant\":\"$XT\",\"permissions\":[\"read\"]}"
	id=$(bid); remember "$(btok)"
	on_pool 2 ajson "$XA" PATCH "/api/v1/tokens/$id" '{"description":"patched through the other node"}'
	c2=$STATUS
	[ "$STATUS" = 200 ] && lpatch=$((lpatch + 1))
	behind
	on_pool 1 ajson "$XA" POST /api/v1/tokens "{\"name\":\"lag-d-$i\",\"tenant\":\"$XT\",\"permissions\":[\"read\"]}"
	id=$(bid); remember "$(btok)"
	on_pool 2 areq "$XA" DELETE "/api/v1/tokens/$id"
	c3=$STATUS
	[ "$STATUS" = 204 ] && ldel=$((ldel + 1))
	lcodes+="$c1/$c2/$c3 "
done
summary "with node 3 applying behind: tenant GET $lget/$N, auth $lauth/$N; changes through node 3 right after a create through node 1: token in the new tenant $ltok/$N, PATCH $lpatch/$N, DELETE $ldel/$N (statuses create/patch/delete: $lcodes)"
check "node 3 behind: a GET through it waits and finds the tenant just made through node 1 ($lget of $N)" [ "$lget" = "$N" ]
check "node 3 behind: a token just made through node 1 authenticates through it ($lauth of $N)" [ "$lauth" = "$N" ]
check "node 3 behind: a token can be created through it in a tenant just made through node 1 ($ltok of $N)" [ "$ltok" = "$N" ]
check "node 3 behind: a PATCH through it of a token just made through node 1 ($lpatch of $N, no 404)" [ "$lpatch" = "$N" ]
check "node 3 behind: a DELETE through it of a token just made through node 1 ($ldel of $N, no 404)" [ "$ldel" = "$N" ]
nclient 1 -e "DROP DATABASE cluster_test"

# 3. Revocation across nodes within 1 s, measured from the worker log
# (revocation in lib.sh) on the workers of the pool that did not make the
# change.
RT=$(unique xr)
new_tenant "$RT"
on_pool 1 ajson "$XA" POST /api/v1/tokens "{\"name\":\"xr-revoke\",\"tenant\":\"$RT\",\"permissions\":[\"read\"]}"
T1=$(jb .token); T1ID=$(jb .id); remember "$T1"
revocation "revoke through node 3, checked on node 1" "$T1" 1 on_pool 2 areq "$XA" DELETE "/api/v1/tokens/$T1ID"
on_pool 2 ajson "$XA" POST /api/v1/tokens "{\"name\":\"xr-revoke2\",\"tenant\":\"$RT\",\"permissions\":[\"read\"]}"
T2=$(jb .token); T2ID=$(jb .id); remember "$T2"
revocation "revoke through node 1, checked on node 3" "$T2" 2 on_pool 1 areq "$XA" DELETE "/api/v1/tokens/$T2ID"
on_pool 1 ajson "$XA" POST /api/v1/tokens "{\"name\":\"xr-rotate\",\"tenant\":\"$RT\",\"permissions\":[\"read\"]}"
T3=$(jb .token); T3ID=$(jb .id); remember "$T3"
revocation "rotate through node 3, checked on node 1" "$T3" 1 on_pool 2 ajson "$XA" POST "/api/v1/tokens/$T3ID/rotate" '{}'
remember "$(jb .token)"
on_pool 1 ajson "$XA" POST /api/v1/tokens "{\"name\":\"xr-suspend\",\"tenant\":\"$RT\",\"permissions\":[\"read\"]}"
T4=$(jb .token); remember "$T4"
revocation "tenant suspension through node 3, checked on node 1" "$T4" 1 on_pool 2 ajson "$XA" PATCH "/api/v1/tenants/$RT" '{"status":"suspended"}'
