# SPDX-License-Identifier: ISC
# The revocation bound under churn on the cluster (SPEC §9): while tokens
# are made and revoked twice a second through node 3, a revoke through
# one node is refused by every worker of the pool on the other within 1 s;
# the two pools share the host's cache, kept by the change log.
# shellcheck shell=bash

C6_ADMIN=$(new_token '*' read,write,create,delete "churn-$(unique c)")
C6T=$(unique c6)
C6C=$(unique c6c)
new_tenant "$C6T"
new_tenant "$C6C"
c6_churn() {
	local i=0 id
	while :; do
		id=$(curl -s -H "Authorization: Bearer $C6_ADMIN" -H 'Content-Type: application/json' \
			-d "{\"name\":\"churn-$i\",\"tenant\":\"$C6C\",\"permissions\":[\"read\"]}" \
			"$(pbase 2)/api/v1/tokens" | jq -r .id)
		curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $C6_ADMIN" "$(pbase 2)/api/v1/tokens/$id"
		i=$((i + 1))
		sleep 0.4
	done
}
c6_churn &
c6_pid=$!
c6_e0=$(nsql 1 "SELECT epoch FROM auth_epoch")
on_pool 1 ajson "$C6_ADMIN" POST /api/v1/tokens "{\"name\":\"c6-1\",\"tenant\":\"$C6T\",\"permissions\":[\"read\"]}"
c6_t1=$(jb .token); c6_id1=$(jb .id); remember "$c6_t1"
revocation "under churn, revoke through node 1, checked on node 3" "$c6_t1" 2 on_pool 1 areq "$C6_ADMIN" DELETE "/api/v1/tokens/$c6_id1"
on_pool 2 ajson "$C6_ADMIN" POST /api/v1/tokens "{\"name\":\"c6-2\",\"tenant\":\"$C6T\",\"permissions\":[\"read\"]}"
c6_t2=$(jb .token); c6_id2=$(jb .id); remember "$c6_t2"
revocation "under churn, revoke through node 3, checked on node 1" "$c6_t2" 1 on_pool 2 areq "$C6_ADMIN" DELETE "/api/v1/tokens/$c6_id2"
c6_t3=$(new_token "$C6T" read "c6-3")
revocation "under churn, tenant suspension through node 1, checked on node 3" "$c6_t3" 2 on_pool 1 ajson "$C6_ADMIN" PATCH "/api/v1/tenants/$C6T" '{"status":"suspended"}'
kill "$c6_pid" 2>/dev/null
wait "$c6_pid" 2>/dev/null
c6_n=$(($(nsql 1 "SELECT epoch FROM auth_epoch") - c6_e0))
summary "cluster churn: $c6_n changes while the three revocations were measured"
check "cluster: the churn went on all along ($c6_n changes)" [ "$c6_n" -ge 6 ]
