# SPDX-License-Identifier: ISC
# Lifecycle integrity (SPEC §7), every bullet from outside through nginx:
# dates to 9999, writes that decide on the present, tenant deletion that
# wins its races, retired tenant ids, lineage and cascade, the tenant
# lifetime policy, sessions bound to their secret, pending tokens owned by
# their creator, server-made request ids, deceptive names, housekeeping,
# escaped logs.
# shellcheck shell=bash

L_ADMIN=$(new_token '*' read,write,create,delete "admin-$(unique l)")
LT=$(unique lt)
new_tenant "$LT"
l_day() { date -u -d "@$(($(date +%s) + $1 * 86400))" +%Y-%m-%dT%H:%M:%SZ; }
l_epoch() { date -u -d "$1" +%s; }
# l_create TOKEN BODY: POST /tokens; sets L_TOK and L_ID on 201.
l_create() {
	ajson "$1" POST /api/v1/tokens "$2"
	L_TOK=$(jb .token); L_ID=$(jb .id); remember "$L_TOK"
}
l_field_error() { is_problem 422 && [ "$(jb '.errors[0].field')" = "$1" ]; }
l_code() { is_problem "$1" && [ "$(jb .code)" = "$2" ]; }

# --- Dates: every accepted date is stored and returned unchanged.
for l_d in 2038-01-19T03:14:08Z 2040-06-30T12:00:00Z 9999-12-31T23:59:59Z; do
	l_create "$L_ADMIN" "{\"name\":\"date-$l_d\",\"tenant\":\"$LT\",\"permissions\":[\"read\"],\"expires_at\":\"$l_d\"}"
	check "dates: expires_at $l_d stored and returned unchanged ($STATUS)" \
		holds "$([ "$STATUS" = 201 ] && [ "$(jb .expires_at)" = "$l_d" ]; echo $?)"
	areq "$L_ADMIN" GET "/api/v1/tokens/$L_ID"
	check "dates: and read back unchanged" [ "$(jb .expires_at)" = "$l_d" ]
done
areq "$L_TOK" GET /api/v1/auth
check "dates: a token expiring in 9999 passes the gate (204)" is_status 204
ajson "$L_ADMIN" PATCH "/api/v1/tokens/$L_ID" '{"expires_at":"2041-02-03T04:05:06Z"}'
check "dates: PATCH to 2041 keeps the date" holds "$([ "$STATUS" = 200 ] && [ "$(jb .expires_at)" = 2041-02-03T04:05:06Z ]; echo $?)"
areq "$L_ADMIN" GET "/api/v1/audit?tenant=$LT&since=2050-01-01T00:00:00Z"
check "dates: an audit filter after 2038 is a date like any other (200, empty)" \
	holds "$([ "$STATUS" = 200 ] && [ "$(jb '.items|length')" = 0 ]; echo $?)"

# --- Writes decide on the present: 0 s after the call that took the
# right away returned, over 20 rounds each.
l_leaks=0
for ((l_i = 0; l_i < 20; l_i++)); do
	l_create "$L_ADMIN" "{\"name\":\"w-$l_i\",\"tenant\":\"$LT\",\"permissions\":[\"read\",\"create\",\"write\",\"delete\"]}"
	l_w=$L_TOK; l_wid=$L_ID
	areq "$l_w" GET /api/v1/tokens/self >/dev/null	# warm every cache
	areq "$L_ADMIN" DELETE "/api/v1/tokens/$l_wid"
	ajson "$l_w" POST /api/v1/tokens "{\"name\":\"after-revoke-$l_i\",\"permissions\":[\"read\"]}"
	[ "$STATUS" = 401 ] || l_leaks=$((l_leaks + 1))
done
check "0 s: a revoked token creates nothing right after its revoke returned (20 rounds, $l_leaks leaks)" [ "$l_leaks" = 0 ]
l_create "$L_ADMIN" "{\"name\":\"burst-parent\",\"tenant\":\"$LT\",\"permissions\":[\"read\",\"create\"]}"
l_p=$L_TOK; l_pid=$L_ID
areq "$l_p" GET /api/v1/tokens/self >/dev/null
areq "$L_ADMIN" DELETE "/api/v1/tokens/$l_pid"
# l_post TOKEN BODY: one POST /tokens of a curl config (-K) file, and
# "next" (the last one must go: sed '$d').
l_post() {
	printf 'header = "Content-Type: application/json"\nheader = "Authorization: Bearer %s"\n' "$1"
	printf 'url = "%s/api/v1/tokens"\noutput = /dev/null\nsilent\n' "$BASE"
	printf 'write-out = "%%{http_code}\\n"\n'
	printf 'data = "%s"\nnext\n' "${2//\"/\\\"}"
}
for ((l_i = 0; l_i < 30; l_i++)); do
	l_post "$l_p" "{\"name\":\"burst-$l_i\",\"permissions\":[\"read\"]}"
done | sed '$d' >"$TMP/l_burst.curl"
l_codes=$(curl -s -Z --parallel-max 8 -K "$TMP/l_burst.curl" | sort | uniq -c | tr -s ' \n' ' ')
check "0 s: 30 creates right after the revoke returned: all 401 ($l_codes)" \
	holds "$([ "$l_codes" = " 30 401 " ] && [ "$(sql "SELECT COUNT(*) FROM tokens WHERE created_by = '$l_pid'")" = 0 ]; echo $?)"
l_create "$L_ADMIN" "{\"name\":\"w-perm\",\"tenant\":\"$LT\",\"permissions\":[\"read\",\"create\",\"write\"]}"
l_w=$L_TOK; l_wid=$L_ID
areq "$l_w" GET /api/v1/tokens/self >/dev/null
ajson "$L_ADMIN" PATCH "/api/v1/tokens/$l_wid" '{"permissions":["read","write"]}'
ajson "$l_w" POST /api/v1/tokens '{"name":"after-downgrade","permissions":["read"]}'
check "0 s: a token that lost create cannot create right after (403)" is_problem 403
ajson "$L_ADMIN" POST "/api/v1/tokens/$l_wid/rotate" '{"grace_seconds":0}'
remember "$(jb .token)"
ajson "$l_w" PATCH "/api/v1/tokens/$l_wid" '{"name":"renamed-by-old-secret"}'
expect_problem 401 "0 s: a secret rotated out changes nothing right after"
LS=$(unique ls)
new_tenant "$LS"
l_s=$(new_token "$LS" read,create "suspended-writer")
areq "$l_s" GET /api/v1/tokens/self >/dev/null
ajson "$L_ADMIN" PATCH "/api/v1/tenants/$LS" '{"status":"suspended"}'
ajson "$l_s" POST /api/v1/tokens '{"name":"after-suspension","permissions":["read"]}'
expect_problem 401 "0 s: a suspended tenant's token creates nothing right after"

# --- Tenant deletion wins races: creations (active and pending, by a
# token of the tenant and by a * token) racing the deletion, 20 rounds.
l_races=0
l_made=0
for ((l_i = 0; l_i < 20; l_i++)); do
	l_t=$(unique race)
	new_tenant "$l_t"
	l_tc=$(new_token "$l_t" read,create "race-creator")
	areq "$l_tc" GET /api/v1/tokens/self >/dev/null
	for ((l_k = 0; l_k < 48; l_k++)); do
		if ((l_k % 2)); then l_by=$l_tc; else l_by=$L_ADMIN; fi
		if ((l_k % 4 < 2)); then l_st=active; else l_st=pending; fi
		l_post "$l_by" "{\"name\":\"r-$l_k\",\"tenant\":\"$l_t\",\"permissions\":[\"read\"],\"status\":\"$l_st\"}"
	done | sed '$d' >"$TMP/l_race.curl"
	curl -s -Z --parallel-max 16 -K "$TMP/l_race.curl" >"$TMP/l_race.codes" &
	l_bg=$!
	sleep "$(printf '0.%02d' $((RANDOM % 6)))"
	areq "$L_ADMIN" DELETE "/api/v1/tenants/$l_t"
	l_del=$STATUS
	l_live=$(sql "SELECT COUNT(*) FROM tokens WHERE tenant_id = '$l_t' AND status IN ('active', 'pending')")
	wait "$l_bg"
	l_live2=$(sql "SELECT COUNT(*) FROM tokens WHERE tenant_id = '$l_t' AND status IN ('active', 'pending')")
	l_won=$(grep -c '^201' "$TMP/l_race.codes")
	l_made=$((l_made + l_won))
	[ "$l_won" -gt 0 ] && [ "$l_won" -lt 48 ] && l_mixed=$((${l_mixed:-0} + 1))
	[ "$l_del" = 204 ] && [ "$l_live" = 0 ] && [ "$l_live2" = 0 ] || l_races=$((l_races + 1))
done
diag "deletion races: $l_made of $((20 * 48)) creations made it before the deletion; ${l_mixed:-0} rounds split (last: $(sort "$TMP/l_race.codes" | uniq -c | tr -s ' \n' ' '))"
check "tenant deletion wins: after 204 no token of it is active or pending (20 rounds, $l_races lost)" [ "$l_races" = 0 ]

# --- Retired tenant ids.
LR=$(unique lr)
new_tenant "$LR"
l_r=$(new_token "$LR" read "old-owner")
ajson "$L_ADMIN" POST "/api/v1/tokens" "{\"name\":\"old-audit\",\"tenant\":\"$LR\",\"permissions\":[\"read\"]}"
areq "$L_ADMIN" DELETE "/api/v1/tenants/$LR"
expect_status 204 "retired ids: DELETE the tenant"
ajson "$L_ADMIN" POST /api/v1/tenants "{\"id\":\"$LR\",\"name\":\"Someone else\"}"
check "retired ids: POST /tenants with a deleted tenant's id: 409 tenant_id_retired" l_code 409 tenant_id_retired
areq "$L_ADMIN" GET "/api/v1/tenants/$LR"
expect_problem 404 "retired ids: the deleted tenant is gone"
areq "$l_r" GET /api/v1/auth
expect_problem 401 "retired ids: its old tokens never authenticate again"
ajson "$L_ADMIN" POST /api/v1/tenants "{\"id\":\"$LR-2\",\"name\":\"New\"}"
check "retired ids: another id is fine" is_status 201

# --- Lineage: no token outlives its parent; no self-extension; cascade.
l_create "$L_ADMIN" "{\"name\":\"parent\",\"tenant\":\"$LT\",\"permissions\":[\"read\",\"write\",\"create\",\"delete\"],\"expires_at\":\"$(l_day 1)\"}"
l_par=$L_TOK; l_parid=$L_ID; l_parexp=$(jb .expires_at)
ajson "$l_par" PATCH "/api/v1/tokens/$l_parid" '{"expires_at":null}'
check "lineage: a token cannot remove its own expiry (403 self_extension)" l_code 403 self_extension
ajson "$l_par" PATCH "/api/v1/tokens/$l_parid" "{\"expires_at\":\"$(l_day 30)\"}"
check "lineage: nor lengthen it (403 self_extension)" l_code 403 self_extension
l_create "$l_par" '{"name":"child-forever","permissions":["read"]}'
check "lineage: a child without expiry of a parent that has one: 422 on expires_at" l_field_error expires_at
l_create "$l_par" "{\"name\":\"child-later\",\"permissions\":[\"read\"],\"expires_at\":\"$(l_day 2)\"}"
check "lineage: a child expiring after its parent: 422 on expires_at" l_field_error expires_at
l_create "$l_par" "{\"name\":\"child\",\"permissions\":[\"read\",\"create\",\"delete\"],\"expires_at\":\"$l_parexp\"}"
check "lineage: a child expiring with its parent (201)" is_status 201
l_c1=$L_TOK; l_c1id=$L_ID
l_create "$l_c1" "{\"name\":\"grandchild\",\"permissions\":[\"read\"],\"expires_at\":\"$l_parexp\"}"
l_c2=$L_TOK; l_c2id=$L_ID
check "lineage: created_by is the parent" [ "$(jb .created_by)" = "$l_c1id" ]
ajson "$L_ADMIN" PATCH "/api/v1/tokens/$l_c1id" "{\"expires_at\":\"$(l_day 5)\"}"
check "lineage: a * token cannot lengthen a child past its parent either (422)" l_field_error expires_at
l_short=$(date -u -d "@$(($(date +%s) + 7200))" +%Y-%m-%dT%H:%M:%SZ)
ajson "$l_par" PATCH "/api/v1/tokens/$l_parid" "{\"expires_at\":\"$l_short\"}"
check "lineage: a token shortens its own expiry (200)" holds "$([ "$STATUS" = 200 ] && [ "$(jb .expires_at)" = "$l_short" ]; echo $?)"
areq "$L_ADMIN" GET "/api/v1/tokens/$l_c2id"
check "lineage: the shortened expiry reaches its grandchildren" [ "$(jb .expires_at)" = "$l_short" ]
areq "$L_ADMIN" DELETE "/api/v1/tokens/$l_parid?cascade=maybe"
expect_problem 400 "cascade: a value other than true or false"
areq "$L_ADMIN" DELETE "/api/v1/tokens/$l_parid?cascade=true"
expect_status 204 "cascade: DELETE ?cascade=true"
l_st=$(sql "SELECT GROUP_CONCAT(status ORDER BY seq) FROM tokens WHERE id IN ('$l_parid', '$l_c1id', '$l_c2id')")
check "cascade: the token, its child and grandchild are revoked ($l_st)" [ "$l_st" = "revoked,revoked,revoked" ]
areq "$l_c2" GET /api/v1/tokens/self
expect_problem 401 "cascade: the grandchild is refused at once"
l_roots=$(sql "SELECT COUNT(*) FROM audit WHERE action = 'token.revoke' AND target_id IN ('$l_c1id', '$l_c2id') AND JSON_VALUE(detail, '\$.cascade_root') = '$l_parid'")
check "cascade: each revoked token has its own audit event naming the root ($l_roots)" [ "$l_roots" = 2 ]
# A cascade racing a creation by the token it revokes: no survivor.
l_surv=0
for ((l_i = 0; l_i < 20; l_i++)); do
	l_create "$L_ADMIN" "{\"name\":\"cp-$l_i\",\"tenant\":\"$LT\",\"permissions\":[\"read\",\"create\"]}"
	l_cp=$L_TOK; l_cpid=$L_ID
	areq "$l_cp" GET /api/v1/tokens/self >/dev/null
	sed "s/$l_p/$l_cp/" "$TMP/l_burst.curl" >"$TMP/l_cp.curl"
	curl -s -Z --parallel-max 8 -K "$TMP/l_cp.curl" >/dev/null &
	l_bg=$!
	sleep "$(printf '0.%02d' $((RANDOM % 4)))"
	areq "$L_ADMIN" DELETE "/api/v1/tokens/$l_cpid?cascade=true"
	wait "$l_bg"
	l_surv=$((l_surv + $(sql "SELECT COUNT(*) FROM tokens WHERE created_by = '$l_cpid' AND status <> 'revoked'")))
	l_kids=$((${l_kids:-0} + $(sql "SELECT COUNT(*) FROM tokens WHERE created_by = '$l_cpid'")))
done
diag "cascade races: $l_kids of $((20 * 30)) creations by the parent made it before the cascade"
check "cascade wins its races with the parent's creations (20 rounds, $l_surv survivors)" [ "$l_surv" = 0 ]

# --- The tenant lifetime policy.
LP=$(unique lp)
new_tenant "$LP"
l_old=$(new_token "$LP" read,write "before-policy")
l_oldid=$(sql "SELECT id FROM tokens WHERE tenant_id = '$LP' AND name = 'before-policy'")
l_tw=$(new_token "$LP" read,write,create "tenant-writer")
ajson "$l_tw" PATCH "/api/v1/tenants/$LP" '{"max_token_lifetime_days":30}'
expect_problem 403 "policy: a tenant token cannot set it"
for l_bad in 0 3651 '"30"' 1.5 true; do
	ajson "$L_ADMIN" PATCH "/api/v1/tenants/$LP" "{\"max_token_lifetime_days\":$l_bad}"
	check "policy: $l_bad refused (422 on max_token_lifetime_days)" l_field_error max_token_lifetime_days
done
ajson "$L_ADMIN" PATCH "/api/v1/tenants/$LP" '{"max_token_lifetime_days":30}'
check "policy: a * token with write sets it (200)" holds "$([ "$STATUS" = 200 ] && [ "$(jb .max_token_lifetime_days)" = 30 ]; echo $?)"
l_before=$(date +%s)
l_create "$L_ADMIN" "{\"name\":\"policy-default\",\"tenant\":\"$LP\",\"permissions\":[\"read\"]}"
l_exp=$(l_epoch "$(jb .expires_at)")
check "policy: a create without expires_at gets exactly the limit" \
	holds "$([ "$STATUS" = 201 ] && [ "$l_exp" -ge $((l_before + 30 * 86400)) ] && [ "$l_exp" -le $(($(date +%s) + 30 * 86400)) ]; echo $?)"
l_create "$L_ADMIN" "{\"name\":\"policy-long\",\"tenant\":\"$LP\",\"permissions\":[\"read\"],\"expires_at\":\"$(l_day 31)\"}"
check "policy: a create beyond it: 422 on expires_at" l_field_error expires_at
l_create "$L_ADMIN" "{\"name\":\"policy-ok\",\"tenant\":\"$LP\",\"permissions\":[\"read\"],\"expires_at\":\"$(l_day 29)\"}"
check "policy: a create within it (201)" is_status 201
areq "$L_ADMIN" GET "/api/v1/tokens/$l_oldid"
check "policy: existing tokens keep their expiry" [ "$(jb .expires_at)" = null ]
ajson "$L_ADMIN" PATCH "/api/v1/tokens/$l_oldid" '{"name":"before-policy-renamed"}'
check "policy: and can be edited otherwise (200)" is_status 200
ajson "$L_ADMIN" PATCH "/api/v1/tokens/$l_oldid" "{\"expires_at\":\"$(l_day 60)\"}"
check "policy: an edited expiry beyond it: 422 on expires_at" l_field_error expires_at
ajson "$L_ADMIN" PATCH "/api/v1/tenants/$LP" '{"max_token_lifetime_days":null}'
check "policy: null removes it" holds "$([ "$STATUS" = 200 ] && [ "$(jb .max_token_lifetime_days)" = null ]; echo $?)"

# --- Sessions follow the secret: the cockpit session of a token ends as
# soon as its secret stops authenticating.
l_signin() { cockpit_signin "$@"; }
l_in_session() { [ "$(curl -s -o /dev/null -w '%{http_code}' -b "$1" "$BASE/cockpit/")" = 200 ]; }
l_sess_check() {	# LABEL TOKEN COMMAND...: the session ends right after
	local label=$1 tok=$2 jar=$TMP/l_jar
	shift 2
	check "sessions: signed in ($label)" holds "$([ "$(l_signin "$tok" "$jar")" = 303 ] && l_in_session "$jar"; echo $?)"
	"$@" >/dev/null
	check "sessions: the session ends with its secret: $label" holds "$(! l_in_session "$jar"; echo $?)"
}
l_create "$L_ADMIN" "{\"name\":\"sess-rot\",\"tenant\":\"$LT\",\"permissions\":[\"read\"]}"
l_sess_check "rotated, grace 0" "$L_TOK" ajson "$L_ADMIN" POST "/api/v1/tokens/$L_ID/rotate" '{"grace_seconds":0}'
remember "$(jb .token)"
l_create "$L_ADMIN" "{\"name\":\"sess-rev\",\"tenant\":\"$LT\",\"permissions\":[\"read\"]}"
l_sess_check "revoked" "$L_TOK" areq "$L_ADMIN" DELETE "/api/v1/tokens/$L_ID"
LSS=$(unique lss)
new_tenant "$LSS"
l_sess_check "tenant suspended" "$(new_token "$LSS" read sess-susp)" ajson "$L_ADMIN" PATCH "/api/v1/tenants/$LSS" '{"status":"suspended"}'
LSD=$(unique lsd)
new_tenant "$LSD"
l_sess_check "tenant deleted" "$(new_token "$LSD" read sess-del)" areq "$L_ADMIN" DELETE "/api/v1/tenants/$LSD"
l_create "$L_ADMIN" "{\"name\":\"sess-grace\",\"tenant\":\"$LT\",\"permissions\":[\"read\"]}"
l_g=$L_TOK; l_gid=$L_ID
l_signin "$l_g" "$TMP/l_jar_g" >/dev/null
ajson "$L_ADMIN" POST "/api/v1/tokens/$l_gid/rotate" '{"grace_seconds":2}'
remember "$(jb .token)"
check "sessions: a rotation with grace keeps the session during the grace" l_in_session "$TMP/l_jar_g"
sleep 2.5
check "sessions: and ends it with the grace" holds "$(! l_in_session "$TMP/l_jar_g"; echo $?)"
l_create "$L_ADMIN" "{\"name\":\"sess-exp\",\"tenant\":\"$LT\",\"permissions\":[\"read\"],\"expires_at\":\"$(date -u -d @$(($(date +%s) + 3)) +%Y-%m-%dT%H:%M:%SZ)\"}"
l_signin "$L_TOK" "$TMP/l_jar_e" >/dev/null
check "sessions: signed in with a token about to expire" l_in_session "$TMP/l_jar_e"
sleep 4
check "sessions: the session ends when its token expires" holds "$(! l_in_session "$TMP/l_jar_e"; echo $?)"

# --- Pending tokens belong to their creator.
l_a=$(new_token "$LT" read,create "pend-a")
l_b=$(new_token "$LT" read,create "pend-b")
l_create "$l_a" '{"name":"pend-of-a","permissions":["read"],"status":"pending"}'
l_pa=$L_ID
ajson "$l_b" POST "/api/v1/tokens/$l_pa/activate" ''
expect_problem 404 "pending: another token of the tenant cannot save it (404)"
ajson "$l_a" POST "/api/v1/tokens/$l_pa/activate" ''
check "pending: its creator saves it (200)" holds "$([ "$STATUS" = 200 ] && [ "$(jb .status)" = active ]; echo $?)"
l_create "$l_a" '{"name":"pend-of-a-2","permissions":["read"],"status":"pending"}'
ajson "$L_ADMIN" POST "/api/v1/tokens/$L_ID/activate" ''
check "pending: a * token with create saves it (200)" is_status 200

# --- Request ids are the server's.
ajson "$L_ADMIN" PATCH "/api/v1/tenants/$LT" '{"name":"request id check"}' -H 'X-Request-Id: forged-by-client'
l_rid=$(sql "SELECT request_id FROM audit WHERE tenant_id = '$LT' AND action = 'tenant.rename' ORDER BY seq DESC LIMIT 1")
check "request ids: the audit's request_id is the server's, not X-Request-Id ($l_rid)" \
	holds "$([[ "$l_rid" =~ ^[0-9a-f]{32}$ ]] && wait_for 2 grep -q "id=$l_rid\$" "$STACK_STATE/nginx-access.log"; echo $?)"

# --- Names: bidirectional controls and zero-width characters.
for l_cp in 202a 202e 2066 2069; do
	l_create "$L_ADMIN" "{\"name\":\"evil\\u${l_cp}gnp.exe\",\"tenant\":\"$LT\",\"permissions\":[\"read\"]}"
	check "names: U+${l_cp^^} in a name: 422 on name" l_field_error name
	l_create "$L_ADMIN" "{\"name\":\"desc-$l_cp\",\"description\":\"a \\u${l_cp} b\",\"tenant\":\"$LT\",\"permissions\":[\"read\"]}"
	check "names: U+${l_cp^^} in a description: 422 on description" l_field_error description
done
for l_cp in 200b 200f feff; do
	l_create "$L_ADMIN" "{\"name\":\"ad\\u${l_cp}min\",\"tenant\":\"$LT\",\"permissions\":[\"read\"]}"
	check "names: U+${l_cp^^} (zero-width) in a name: 422 on name" l_field_error name
done
ajson "$L_ADMIN" PATCH "/api/v1/tenants/$LT" '{"name":"Acme\u202e"}'
check "names: a tenant name too (422)" l_field_error name
l_create "$L_ADMIN" "{\"name\":\"zw-desc\",\"description\":\"soft\\u00adhyphen and \\u200b\",\"tenant\":\"$LT\",\"permissions\":[\"read\"]}"
check "names: a zero-width space in a description is text (201)" is_status 201

# --- Housekeeping without an operator: expired sessions, discarded
# pending tokens (the stack runs with purge_interval = 2).
l_create "$L_ADMIN" "{\"name\":\"purge-me\",\"tenant\":\"$LT\",\"permissions\":[\"read\"],\"status\":\"pending\"}"
sql "UPDATE tokens SET created_at = created_at - INTERVAL 20 MINUTE WHERE id = '$L_ID'"
l_create "$L_ADMIN" "{\"name\":\"sess-purge\",\"tenant\":\"$LT\",\"permissions\":[\"read\"]}"
l_signin "$L_TOK" "$TMP/l_jar_p" >/dev/null
sql "UPDATE sessions SET last_seen_at = last_seen_at - INTERVAL 2 DAY WHERE token_id = '$L_ID'"
l_purged() {
	burst 8 "$L_ADMIN" /api/v1/tokens/self >/dev/null
	[ "$(sql "SELECT (SELECT COUNT(*) FROM tokens WHERE name = 'purge-me' AND tenant_id = '$LT') + (SELECT COUNT(*) FROM sessions WHERE token_id = '$L_ID')")" = 0 ]
}
check "housekeeping: a discarded pending token and an expired session are purged by the workers" wait_for 15 l_purged

# --- Logs escape what they did not make.
printf 'GET /api/v1/\xff"x\\y HTTP/1.0\r\nHost: x\r\n\r\n' | timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$STACK_PORT; cat >&3; cat <&3" >/dev/null 2>&1
l_esc() { grep -qF 'GET /api/v1/\xFF\x22x\x5Cy ' "$STACK_STATE/workers.log"; }
check "logs: a raw byte, a quote and a backslash in the path are escaped as \\xHH" wait_for 2 l_esc
check "logs: no raw byte above 0x7e in the workers' log" bash -c "! LC_ALL=C grep -q \$'[\\x7f-\\xff]' '$STACK_STATE/workers.log'"
