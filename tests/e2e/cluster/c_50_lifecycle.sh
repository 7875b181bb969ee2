# SPDX-License-Identifier: ISC
# Lifecycle races across Galera nodes (SPEC §7): the change that takes a
# right away goes through pool 1 (node 1), the writes racing or following
# it through pool 2 (node 3). Galera replicates no lock, so what settles
# these is the row both sides write: the creator's token row and the
# tenant's row conflict at certification, and one side is retried.
# shellcheck shell=bash

C5_ADMIN=$(new_token '*' read,write,create,delete "lifecycle-$(unique c)")
C5T=$(unique c5)
new_tenant "$C5T"
C5_ROUNDS=${LIFECYCLE_ROUNDS:-20}
# c5_posts TOKEN BODY-PREFIX N: N POST /tokens through pool 2 (curl -K).
c5_posts() {
	local i
	for ((i = 0; i < $3; i++)); do
		[ "$i" = 0 ] || echo next
		echo "url = \"$(pbase 2)/api/v1/tokens\""
		echo "output = /dev/null"
		echo "header = \"Authorization: Bearer $1\""
		echo "header = \"Content-Type: application/json\""
		echo "data = \"$(printf '%s' "$2-$i\"}" | sed 's/"/\\"/g')\""
		echo "write-out = \"%{http_code}\\n\""
	done
}

# 0 s after a revoke through node 1 returned, a write through node 3.
c5_leaks=0
for ((c5_i = 0; c5_i < C5_ROUNDS; c5_i++)); do
	on_pool 1 ajson "$C5_ADMIN" POST /api/v1/tokens "{\"name\":\"w-$c5_i\",\"tenant\":\"$C5T\",\"permissions\":[\"read\",\"create\"]}"
	c5_w=$(jb .token); c5_wid=$(jb .id); remember "$c5_w"
	on_pool 2 areq "$c5_w" GET /api/v1/tokens/self >/dev/null	# cached on node 3's side
	on_pool 1 areq "$C5_ADMIN" DELETE "/api/v1/tokens/$c5_wid"
	on_pool 2 ajson "$c5_w" POST /api/v1/tokens "{\"name\":\"after-$c5_i\",\"permissions\":[\"read\"]}"
	[ "$STATUS" = 401 ] || c5_leaks=$((c5_leaks + 1))
done
summary "cluster 0 s rule: $c5_leaks of $C5_ROUNDS writes through node 3 got past a revoke made through node 1"
check "cluster: 0 s after a revoke through node 1, a write through node 3 is refused ($C5_ROUNDS rounds, $c5_leaks leaks)" [ "$c5_leaks" = 0 ]

# Tenant deletion through node 1 racing creations through node 3.
c5_lost=0 c5_made=0 c5_split=0
for ((c5_i = 0; c5_i < C5_ROUNDS; c5_i++)); do
	c5_t=$(unique c5r)
	new_tenant "$c5_t"
	c5_posts "$C5_ADMIN" "{\"tenant\":\"$c5_t\",\"permissions\":[\"read\"],\"status\":\"$([ $((c5_i % 2)) = 0 ] && echo active || echo pending)\",\"name\":\"r" 32 >"$TMP/c5.curl"
	curl -s --no-progress-meter -Z --parallel-max 16 -K "$TMP/c5.curl" >"$TMP/c5.codes" &
	c5_bg=$!
	sleep "$(printf '0.%02d' $((RANDOM % 8)))"
	on_pool 1 areq "$C5_ADMIN" DELETE "/api/v1/tenants/$c5_t"
	c5_del=$STATUS
	c5_live1=$(nsql 1 "SELECT COUNT(*) FROM tokens WHERE tenant_id = '$c5_t' AND status IN ('active', 'pending')")
	wait "$c5_bg"
	c5_live3=$(nsql 3 "SELECT COUNT(*) FROM tokens WHERE tenant_id = '$c5_t' AND status IN ('active', 'pending')")
	c5_won=$(grep -c '^201' "$TMP/c5.codes")
	c5_made=$((c5_made + c5_won))
	[ "$c5_won" -gt 0 ] && [ "$c5_won" -lt 32 ] && c5_split=$((c5_split + 1))
	[ "$c5_del|$c5_live1|$c5_live3" = "204|0|0" ] || c5_lost=$((c5_lost + 1))
done
summary "cluster deletion races: $c5_made of $((C5_ROUNDS * 32)) creations through node 3 landed before the deletion through node 1; $c5_split rounds split; $c5_lost lost"
check "cluster: tenant deletion through node 1 wins over creations through node 3 ($C5_ROUNDS rounds, $c5_lost lost)" [ "$c5_lost" = 0 ]

# A cascading revoke through node 1 racing its parent's creations through
# node 3.
c5_surv=0 c5_kids=0
for ((c5_i = 0; c5_i < C5_ROUNDS; c5_i++)); do
	on_pool 1 ajson "$C5_ADMIN" POST /api/v1/tokens "{\"name\":\"cp-$c5_i\",\"tenant\":\"$C5T\",\"permissions\":[\"read\",\"create\"]}"
	c5_p=$(jb .token); c5_pid=$(jb .id); remember "$c5_p"
	on_pool 2 areq "$c5_p" GET /api/v1/tokens/self >/dev/null
	c5_posts "$c5_p" "{\"permissions\":[\"read\"],\"name\":\"kid-$c5_i" 24 >"$TMP/c5.curl"
	curl -s --no-progress-meter -Z --parallel-max 8 -K "$TMP/c5.curl" >/dev/null &
	c5_bg=$!
	sleep "$(printf '0.%02d' $((RANDOM % 6)))"
	on_pool 1 areq "$C5_ADMIN" DELETE "/api/v1/tokens/$c5_pid?cascade=true"
	wait "$c5_bg"
	c5_surv=$((c5_surv + $(nsql 3 "SELECT COUNT(*) FROM tokens WHERE created_by = '$c5_pid' AND status <> 'revoked'")))
	c5_kids=$((c5_kids + $(nsql 3 "SELECT COUNT(*) FROM tokens WHERE created_by = '$c5_pid'")))
done
summary "cluster cascade races: $c5_kids of $((C5_ROUNDS * 24)) creations through node 3 landed before the cascade through node 1; $c5_surv survived"
check "cluster: a cascade through node 1 leaves no child made through node 3 ($C5_ROUNDS rounds, $c5_surv survivors)" [ "$c5_surv" = 0 ]

# A tenant deleted through node 1: its id is retired on node 3 too.
c5_r=$(unique c5d)
on_pool 1 ajson "$C5_ADMIN" POST /api/v1/tenants "{\"id\":\"$c5_r\",\"name\":\"Retired\"}"
on_pool 1 areq "$C5_ADMIN" DELETE "/api/v1/tenants/$c5_r"
on_pool 2 ajson "$C5_ADMIN" POST /api/v1/tenants "{\"id\":\"$c5_r\",\"name\":\"Reused\"}"
c5_retired() { is_problem 409 && [ "$(jb .code)" = tenant_id_retired ]; }
check "cluster: a tenant id deleted through node 1 is retired through node 3 (409)" c5_retired
