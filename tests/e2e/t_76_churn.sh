# SPDX-License-Identifier: ISC
# The gate at platform scale (SPEC §9): one cache for the host, changes
# evict only what they concern (a tenant's suspension: exactly its
# entries), revocation within 1 s while tokens are revoked every second
# elsewhere, and a cache that missed more changes than the log keeps
# empties itself and still answers right.
# shellcheck shell=bash

CH_ADMIN=$(new_token '*' read,write,create,delete "admin-$(unique ch)")
CHA=$(unique cha)
CHB=$(unique chb)
CHC=$(unique chc)
for ch_t in "$CHA" "$CHB" "$CHC"; do new_tenant "$ch_t"; done
ctl seed --tenant "$CHA" --count 100 --out "$TMP/cha.tokens" --keep 100 >/dev/null
ctl seed --tenant "$CHB" --count 100 --out "$TMP/chb.tokens" --keep 100 >/dev/null
# ch_metric NAME: the host's counter (every worker of every pool).
ch_metric() { curl -s "$BASE/metrics" | awk -v n="$1" '$1 == n { print $2 }'; }
# ch_use FILE: /auth once with each token of FILE; prints "count status".
ch_use() {
	local t
	while read -r t; do
		echo "header = \"Authorization: Bearer $t\""
		echo "url = \"$BASE/api/v1/auth\""
		echo "output = /dev/null"
		echo "write-out = \"%{http_code}\\n\""
		echo "next"
	done <"$1" | sed '$d' >"$TMP/ch_use.curl"
	curl -s -Z --parallel-max 8 -K "$TMP/ch_use.curl" | sort | uniq -c | tr -s ' \n' ' '
}

ch_a=$(ch_use "$TMP/cha.tokens"); ch_b=$(ch_use "$TMP/chb.tokens")
check "200 tokens of two tenants pass the gate ($ch_a/$ch_b)" [ "$ch_a|$ch_b" = " 100 204 | 100 204 " ]
ch_h0=$(ch_metric tenantapi_auth_cache_hits_total)
ch_m0=$(ch_metric tenantapi_auth_cache_misses_total)
ch_a=$(ch_use "$TMP/cha.tokens"); ch_b=$(ch_use "$TMP/chb.tokens")
ch_h1=$(ch_metric tenantapi_auth_cache_hits_total)
ch_m1=$(ch_metric tenantapi_auth_cache_misses_total)
check "one cache for the host: the second pass, through every worker of both pools, is all hits ($((ch_h1 - ch_h0)) hits, $((ch_m1 - ch_m0)) misses)" \
	holds "$([ "$ch_a|$ch_b" = " 100 204 | 100 204 " ] && [ $((ch_h1 - ch_h0)) -ge 180 ] && [ "$ch_m1" = "$ch_m0" ]; echo $?)"

# A tenant's suspension evicts exactly that tenant's entries.
ch_i0=$(ch_metric tenantapi_auth_cache_invalidations_total)
ch_f0=$(ch_metric tenantapi_auth_cache_flushes_total)
ajson "$CH_ADMIN" PATCH "/api/v1/tenants/$CHA" '{"status":"suspended"}'
settle
ch_m0=$(ch_metric tenantapi_auth_cache_misses_total)
ch_b=$(ch_use "$TMP/chb.tokens")
ch_i1=$(ch_metric tenantapi_auth_cache_invalidations_total)
ch_f1=$(ch_metric tenantapi_auth_cache_flushes_total)
ch_m1=$(ch_metric tenantapi_auth_cache_misses_total)
check "a tenant's suspension evicts exactly its 100 entries ($((ch_i1 - ch_i0)) evicted, $((ch_f1 - ch_f0)) flushes)" \
	holds "$([ $((ch_i1 - ch_i0)) = 100 ] && [ "$ch_f1" = "$ch_f0" ]; echo $?)"
check "  and no other: the other tenant's tokens are still hits ($ch_b, $((ch_m1 - ch_m0)) misses)" \
	holds "$([ "$ch_b" = " 100 204 " ] && [ "$ch_m1" = "$ch_m0" ]; echo $?)"
ch_a=$(ch_use "$TMP/cha.tokens")
check "  and the suspended tenant's tokens are refused ($ch_a)" [ "$ch_a" = " 100 401 " ]
ajson "$CH_ADMIN" PATCH "/api/v1/tenants/$CHA" '{"status":"active"}'
settle
ch_a=$(ch_use "$TMP/cha.tokens")
check "  and accepted again once it is reactivated ($ch_a)" [ "$ch_a" = " 100 204 " ]

# Revocation within 1 s under churn: 2 tokens a second made and revoked in
# another tenant, all along.
ch_churn() {
	local i=0 id
	while :; do
		id=$(curl -s -H "Authorization: Bearer $CH_ADMIN" -H 'Content-Type: application/json' \
			-d "{\"name\":\"churn-$i-$RANDOM\",\"tenant\":\"$CHC\",\"permissions\":[\"read\"]}" \
			"$BASE/api/v1/tokens" | jq -r .id)
		curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $CH_ADMIN" "$BASE/api/v1/tokens/$id"
		i=$((i + 1))
		sleep 0.45
	done
}
ch_churn &
ch_churn_pid=$!
ch_e0=$(sql "SELECT epoch FROM auth_epoch")
ch_t1=$(head -1 "$TMP/chb.tokens")
ch_t1id=$(sql "SELECT t.id FROM tokens t WHERE t.tenant_id = '$CHB' ORDER BY t.seq LIMIT 1")
revocation "revoke under churn" "$ch_t1" all areq "$CH_ADMIN" DELETE "/api/v1/tokens/$ch_t1id"
ch_t2=$(sed -n 2p "$TMP/chb.tokens")
ch_t2id=$(sql "SELECT t.id FROM tokens t WHERE t.tenant_id = '$CHB' ORDER BY t.seq LIMIT 1 OFFSET 1")
revocation "rotate under churn" "$ch_t2" all ajson "$CH_ADMIN" POST "/api/v1/tokens/$ch_t2id/rotate" '{}'
remember "$(jb .token)"
kill "$ch_churn_pid" 2>/dev/null
wait "$ch_churn_pid" 2>/dev/null
ch_revs=$(($(sql "SELECT epoch FROM auth_epoch") - ch_e0))
check "the churn revoked tokens all along ($ch_revs changes)" [ "$ch_revs" -ge 6 ]
ch_b=$(sed 1,2d "$TMP/chb.tokens" >"$TMP/chb98.tokens"; ch_use "$TMP/chb98.tokens")
check "  and the rest of the working set still passes ($ch_b)" [ "$ch_b" = " 98 204 " ]

# Changes missed: a token revoked behind the log's back while the epoch
# jumps past what the log keeps. The cache must be emptied (not evicted
# from), the token refused within 1 s, every other verdict still right.
ch_f0=$(ch_metric tenantapi_auth_cache_flushes_total)
ch_t3=$(sed -n 3p "$TMP/chb.tokens")
ch_t3id=$(sql "SELECT t.id FROM tokens t WHERE t.tenant_id = '$CHB' ORDER BY t.seq LIMIT 1 OFFSET 2")
revocation "a revoke the log does not hold" "$ch_t3" all \
	sql "UPDATE tokens SET status = 'revoked' WHERE id = '$ch_t3id'; UPDATE auth_epoch SET epoch = epoch + 1000 WHERE id = 1"
ch_f1=$(ch_metric tenantapi_auth_cache_flushes_total)
check "  the cache was emptied whole ($((ch_f1 - ch_f0)) flushes)" [ "$ch_f1" -gt "$ch_f0" ]
sed 1,3d "$TMP/chb.tokens" >"$TMP/chb97.tokens"
ch_b=$(ch_use "$TMP/chb97.tokens"); ch_a=$(ch_use "$TMP/cha.tokens")
check "  and every other token still gets the right answer ($ch_b/$ch_a)" [ "$ch_b|$ch_a" = " 97 204 | 100 204 " ]
# The log is pruned: the stack keeps 100 epochs (change_log_keep).
ch_pruned() { burst 4 "$CH_ADMIN" /api/v1/tokens/self >/dev/null; [ "$(sql "SELECT COUNT(*) FROM auth_changes WHERE epoch + 100 < (SELECT epoch FROM auth_epoch)")" = 0 ]; }
check "the workers prune the change log to change_log_keep epochs" wait_for 15 ch_pruned
