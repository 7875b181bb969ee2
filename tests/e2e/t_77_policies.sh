# SPDX-License-Identifier: ISC
# Policies at the gate (SPEC §8), from loopback source addresses (a client
# binds 127.0.0.2, 127.0.0.3, or ::1): address lists at /auth and on the
# API, no escalation, rate limits across both pools, the last addresses,
# rotation until the new secret's first use, revoking leaked secrets.
# shellcheck shell=bash

P_ADMIN=$(new_token '*' read,write,create,delete "admin-$(unique p)")
PT=$(unique pt)
new_tenant "$PT"
P6BASE="http://[::1]:$STACK_PORT"
# from ADDR METHOD PATH [curl args]: a request from source address ADDR.
from() {
	local a=$1; shift
	if [ "$a" = ::1 ]; then BASE=$P6BASE req "$@" -g; else req "$@" --interface "$a"; fi
}
p_code() { is_problem "$1" && [ "$(jb .code)" = "$2" ]; }
p_create() {
	ajson "$P_ADMIN" POST /api/v1/tokens "$1"
	P_TOK=$(jb .token); P_ID=$(jb .id); remember "$P_TOK"
}

# --- allowed_cidrs ---------------------------------------------------------
p_create "{\"name\":\"cidr\",\"tenant\":\"$PT\",\"permissions\":[\"read\",\"create\"],\"allowed_cidrs\":[\"127.0.0.2\",\"::1/128\",\"127.0.0.8/29\"]}"
check "allowed_cidrs stored canonical ($(jb -c .allowed_cidrs))" [ "$(jb -c .allowed_cidrs)" = '["127.0.0.2/32","::1/128","127.0.0.8/29"]' ]
p_cidr=$P_TOK; p_cidrid=$P_ID
from 127.0.0.2 GET /api/v1/auth -H "Authorization: Bearer $p_cidr"
check "/auth from an allowed address (127.0.0.2): 204" is_status 204
from 127.0.0.9 GET /api/v1/auth -H "Authorization: Bearer $p_cidr"
check "/auth from within an allowed range (127.0.0.9 in 127.0.0.8/29): 204" is_status 204
from 127.0.0.3 GET /api/v1/auth -H "Authorization: Bearer $p_cidr"
check "/auth from another address (127.0.0.3): 403 address_not_allowed" p_code 403 address_not_allowed
from 127.0.0.1 GET /api/v1/auth -H "Authorization: Bearer $p_cidr"
check "/auth from 127.0.0.1: 403 address_not_allowed (cached verdicts still check the address)" p_code 403 address_not_allowed
from ::1 GET /api/v1/auth -H "Authorization: Bearer $p_cidr"
check "/auth over IPv6 from ::1: 204" is_status 204
from 127.0.0.3 GET /api/v1/tokens/self -H "Authorization: Bearer $p_cidr"
check "the management API from another address: 403 address_not_allowed" p_code 403 address_not_allowed
from 127.0.0.2 GET /api/v1/tokens/self -H "Authorization: Bearer $p_cidr"
check "the management API from an allowed address: 200" is_status 200
from 127.0.0.3 GET /example/things -H "Authorization: Bearer $p_cidr"
check "a protected service through auth_request from another address: 403" is_status 403
# Longer lists than the cache's entry holds (4): the rest is asked for.
p_create "{\"name\":\"cidr6\",\"tenant\":\"$PT\",\"permissions\":[\"read\"],\"allowed_cidrs\":[\"10.0.0.0/8\",\"10.1.0.0/16\",\"192.168.0.0/16\",\"172.16.0.0/12\",\"2001:db8::/32\",\"127.0.0.4\"]}"
p_six=$P_TOK
for p_i in 1 2 3 4 5 6; do from 127.0.0.4 GET /api/v1/auth -H "Authorization: Bearer $p_six"; p_c6+="$STATUS "; done
check "a sixth range is honoured, cached or not ($p_c6)" [ "$p_c6" = "204 204 204 204 204 204 " ]
from 127.0.0.5 GET /api/v1/auth -H "Authorization: Bearer $p_six"
check "  and an address outside all six refused" p_code 403 address_not_allowed
# No escalation: within the parent's list; none given: the parent's.
ajson "$p_cidr" POST /api/v1/tokens '{"name":"child-inherits","permissions":["read"]}' --interface 127.0.0.2
check "a child made without a list gets its parent's" holds "$([ "$STATUS" = 201 ] && [ "$(jb -c .allowed_cidrs)" = '["127.0.0.2/32","::1/128","127.0.0.8/29"]' ]; echo $?)"
remember "$(jb .token)"
ajson "$p_cidr" POST /api/v1/tokens '{"name":"child-narrower","permissions":["read"],"allowed_cidrs":["127.0.0.10/31"]}' --interface 127.0.0.2
check "a child with a narrower list (201)" is_status 201
remember "$(jb .token)"
ajson "$p_cidr" POST /api/v1/tokens '{"name":"child-wider","permissions":["read"],"allowed_cidrs":["127.0.0.0/8"]}' --interface 127.0.0.2
check "a child with a wider list: 403 escalation" p_code 403 escalation
ajson "$p_cidr" POST /api/v1/tokens '{"name":"child-any","permissions":["read"],"allowed_cidrs":[]}' --interface 127.0.0.2
check "a child with no list (any address): 403 escalation" p_code 403 escalation
# Validation.
for p_bad in '["10.0.0.1/8"]' '["999.0.0.1"]' '["10.0.0.0/8 "]' '"10.0.0.0/8"' '[7]' "[$(printf '"10.0.%d.0/24",' $(seq 0 32) | sed 's/,$//')]"; do
	p_create "{\"name\":\"bad-cidr\",\"tenant\":\"$PT\",\"permissions\":[\"read\"],\"allowed_cidrs\":$p_bad}"
	check "allowed_cidrs ${p_bad:0:30}: 422 on allowed_cidrs" holds "$([ "$STATUS" = 422 ] && [ "$(jb '.errors[0].field')" = allowed_cidrs ]; echo $?)"
done
req POST /api/v1/tokens -H "Authorization: Bearer $P_ADMIN" --data-urlencode "name=form-cidrs" \
	--data-urlencode "tenant=$PT" --data-urlencode "permissions=read" \
	--data-urlencode "allowed_cidrs=$(printf '127.0.0.2\r\n10.0.0.0/8\r\n')" --data-urlencode "rate_limit_per_minute=120"
check "a form's allowed_cidrs, one a line, and its rate limit" holds "$([ "$STATUS" = 201 ] && [ "$(jb -c '[.allowed_cidrs, .rate_limit_per_minute]')" = '[["127.0.0.2/32","10.0.0.0/8"],120]' ]; echo $?)"
remember "$(jb .token)"
ajson "$P_ADMIN" PATCH "/api/v1/tokens/$p_cidrid" '{"allowed_cidrs":["127.0.0.3"]}'
check "PATCH changes the list (200)" is_status 200
settle
from 127.0.0.3 GET /api/v1/auth -H "Authorization: Bearer $p_cidr"
check "  and every worker follows within 1 s: the new address passes" is_status 204
from 127.0.0.2 GET /api/v1/auth -H "Authorization: Bearer $p_cidr"
check "  and the old one is refused" p_code 403 address_not_allowed

# The cockpit's create form: "Options avancées".
cockpit_signin "$P_ADMIN" "$TMP/p_jar" >/dev/null
p_page=$(curl -s -b "$TMP/p_jar" "$BASE/cockpit/tokens/new?tenant=$PT&lang=fr")
check "the cockpit's form has Options avancées: Adresses autorisées, Limite de requêtes par minute" \
	holds "$(grep -q 'Options avancées' <<<"$p_page" && grep -q 'name="allowed_cidrs"' <<<"$p_page" && grep -q 'Limite de requêtes par minute' <<<"$p_page"; echo $?)"
p_csrf=$(cockpit_csrf "$TMP/p_jar" "/cockpit/tokens/new?tenant=$PT")
p_form() { curl -s -o "$TMP/p_form.html" -w '%{http_code}' -b "$TMP/p_jar" -H 'Accept-Language: fr' "$BASE/cockpit/tokens" \
	--data-urlencode "csrf=$p_csrf" --data-urlencode "name=$1" --data-urlencode "tenant=$PT" \
	--data-urlencode "permissions=read" --data-urlencode "allowed_cidrs=$2" --data-urlencode "rate_limit_per_minute=$3"; }
p_c=$(p_form cockpit-policies "$(printf '127.0.0.2\n10.0.0.0/8')" 90)
p_row=$(sql "SELECT CONCAT(allowed_cidrs, ' ', rate_limit_per_minute) FROM tokens WHERE name = 'cockpit-policies' AND tenant_id = '$PT'")
check "the cockpit saves the address list, one a line, and the limit ($p_c: $p_row)" [ "$p_c|$p_row" = "200|127.0.0.2/32,10.0.0.0/8 90" ]
p_c=$(p_form cockpit-bad "10.0.0.1/8" "")
check "a bad range: the form again, open at the field, in French ($p_c)" \
	holds "$([ "$p_c" = 422 ] && grep -q '<details class="advanced" open>' "$TMP/p_form.html" && grep -q 'plages IPv4 ou IPv6' "$TMP/p_form.html"; echo $?)"

# --- rate_limit_per_minute -------------------------------------------------
p_create "{\"name\":\"limited\",\"tenant\":\"$PT\",\"permissions\":[\"read\"],\"rate_limit_per_minute\":60}"
p_lim=$P_TOK
p_codes=$(burst 150 "$p_lim" /api/v1/auth | sort | uniq -c | tr -s ' \n' ' ')
p_ok=$(awk '{ for (i = 1; i < NF; i += 2) if ($(i + 1) == 204) print $i }' <<<"$p_codes")
p_429=$(awk '{ for (i = 1; i < NF; i += 2) if ($(i + 1) == 429) print $i }' <<<"$p_codes")
check "150 requests against 60 a minute across both pools: 60 ± 2 pass, the rest 429 ($p_codes)" \
	holds "$([ "${p_ok:-0}" -ge 58 ] && [ "${p_ok:-0}" -le 62 ] && [ $((p_ok + p_429)) = 150 ]; echo $?)"
areq "$p_lim" GET /api/v1/auth
p_retry() { is_problem 429 && [ "$(jb .code)" = rate_limited ] && [ "$(header retry-after)" -ge 1 ]; }
check "an empty bucket: 429 problem+json rate_limited with Retry-After ($(header retry-after) s)" p_retry
p_create "{\"name\":\"limited-1\",\"tenant\":\"$PT\",\"permissions\":[\"read\"],\"rate_limit_per_minute\":1}"
areq "$P_TOK" GET /example/things
check "through auth_request, the first call of a minute passes (200)" is_status 200
areq "$P_TOK" GET /example/things
p_gate429() { is_problem 429 && [ "$(jb .code)" = rate_limited ] && [ "$(header retry-after)" -ge 1 ]; }
check "  the second: the client gets 429 problem+json with Retry-After ($(header retry-after) s)" p_gate429
p_create "{\"name\":\"limit-bad\",\"tenant\":\"$PT\",\"permissions\":[\"read\"],\"rate_limit_per_minute\":0}"
check "a limit of 0: 422" is_problem 422
p_create "{\"name\":\"limit-child-parent\",\"tenant\":\"$PT\",\"permissions\":[\"read\",\"create\"],\"rate_limit_per_minute\":100}"
p_lp=$P_TOK
ajson "$p_lp" POST /api/v1/tokens '{"name":"limit-child","permissions":["read"],"rate_limit_per_minute":1000}'
check "a child's limit above its parent's: 403 escalation" p_code 403 escalation

# --- last_used_ips ---------------------------------------------------------
p_create "{\"name\":\"ips\",\"tenant\":\"$PT\",\"permissions\":[\"read\"]}"
p_ips=$P_TOK; p_ipsid=$P_ID
for p_a in 127.0.0.2 127.0.0.3 ::1 127.0.0.2; do from "$p_a" GET /api/v1/auth -H "Authorization: Bearer $p_ips"; done
p_seen() { areq "$P_ADMIN" GET "/api/v1/tokens/$p_ipsid"; [ "$(jb -c '[.last_used_ips[].address] | sort')" = '["127.0.0.2","127.0.0.3","::1"]' ]; }
check "last_used_ips: the distinct addresses, to the minute, without a write per request" wait_for 20 p_seen
diag "last_used_ips: $(jb -c .last_used_ips); in the database: $(sql "SELECT GROUP_CONCAT(CONCAT(i.address, ' ', i.at)) FROM token_ips i JOIN tokens t ON t.seq = i.token_seq WHERE t.id = '$p_ipsid'")"
check "  each with its time ($(jb -c '.last_used_ips[0]'))" bash -c "[[ '$(jb '.last_used_ips[0].at')' =~ ^[0-9-]+T[0-9:]+:00Z$ ]]"
for p_i in 4 5 6 7 8; do from "127.0.0.$p_i" GET /api/v1/auth -H "Authorization: Bearer $p_ips"; done
p_five() { areq "$P_ADMIN" GET "/api/v1/tokens/$p_ipsid"; [ "$(jb '.last_used_ips | length')" = 5 ]; }
check "  never more than 5" wait_for 20 p_five
p_rows() { sql "SELECT COUNT(*) FROM token_ips i JOIN tokens t ON t.seq = i.token_seq WHERE t.id = '$p_ipsid'"; }
p_five_rows() { [ "$(p_rows)" = 5 ]; }
check "  and the database keeps 5 rows of them, not 8 ($(p_rows))" wait_for 20 p_five_rows

# --- rotation until used ---------------------------------------------------
p_create "{\"name\":\"until-used\",\"tenant\":\"$PT\",\"permissions\":[\"read\"]}"
p_old=$P_TOK; p_uid=$P_ID
ajson "$P_ADMIN" POST "/api/v1/tokens/$p_uid/rotate" '{"until_used":true}'
check "until_used without grace_seconds: 422" is_problem 422
ajson "$P_ADMIN" POST "/api/v1/tokens/$p_uid/rotate" '{"until_used":true,"grace_seconds":3600}'
check "rotate until used (200)" is_status 200
p_new=$(jb .token); remember "$p_new"
sleep 1.2
areq "$p_old" GET /api/v1/auth
check "the old secret still works after a second: it waits for the new one's use" is_status 204
revocation "rotation until used: the new secret's first use" "$p_old" all areq "$p_new" GET /api/v1/auth
areq "$p_new" GET /api/v1/auth
check "  and the new secret works" is_status 204
ajson "$P_ADMIN" POST "/api/v1/tokens/$p_uid/rotate" '{"until_used":true,"grace_seconds":2}'
p_old=$p_new; p_new=$(jb .token); remember "$p_new"
sleep 3.2
areq "$p_old" GET /api/v1/auth
check "unused, the old secret ends with the grace anyway (401)" is_problem 401

# --- revoke-leaked ---------------------------------------------------------
p_create "{\"name\":\"leak-current\",\"tenant\":\"$PT\",\"permissions\":[\"read\"]}"
p_l1=$P_TOK; p_l1id=$P_ID
p_create "{\"name\":\"leak-revoked\",\"tenant\":\"$PT\",\"permissions\":[\"read\"]}"
p_l2=$P_TOK; areq "$P_ADMIN" DELETE "/api/v1/tokens/$P_ID"
p_create "{\"name\":\"leak-rotated\",\"tenant\":\"$PT\",\"permissions\":[\"read\"]}"
p_l3old=$P_TOK; p_l3id=$P_ID
ajson "$P_ADMIN" POST "/api/v1/tokens/$p_l3id/rotate" '{"grace_seconds":3600}'
p_l3new=$(jb .token); remember "$p_l3new"
POT=$(unique po)
new_tenant "$POT"
p_other=$(new_token "$POT" read,delete "other-tenant-scanner")
p_mine=$(new_token "$PT" read,delete "tenant-scanner")
p_unknown=$(ctl gen-token)
ajson "$p_other" POST /api/v1/tokens/revoke-leaked "{\"tokens\":[\"$p_l1\"]}"
check "a caller of another tenant: its secret counts unknown" [ "$STATUS|$(jb -c .)" = '200|{"revoked":0,"already_revoked":0,"unknown":1,"malformed":0}' ]
areq "$p_l1" GET /api/v1/auth
check "  and the token still works" is_status 204
ajson "$p_mine" POST /api/v1/tokens/revoke-leaked "{\"tokens\":[\"$p_l1\",\"$p_l2\",\"$p_l3old\",\"$p_unknown\",\"giot_1not-a-token\",\"$p_l1\"]}"
check "revoke-leaked: current, revoked, an old secret in grace, unknown, malformed ($(jb -c .))" \
	[ "$STATUS|$(jb -c .)" = '200|{"revoked":2,"already_revoked":2,"unknown":1,"malformed":1}' ]
# Revoked like any token: every worker's gate refuses it within 1 s of
# the call returning (the cache trusts its last read of the change log
# for revocation_check_ms); the old secret's grace ends at once with it.
settle
areq "$p_l1" GET /api/v1/auth
check "  the leaked token is refused within 1 s" is_problem 401
areq "$p_l3old" GET /api/v1/auth
check "  the leaked old secret is cut, not left to its grace" is_problem 401
areq "$p_l3new" GET /api/v1/auth
check "  and its token keeps its new secret" is_status 204
p_aud=$(sql "SELECT COUNT(*) FROM audit WHERE action = 'token.revoke_leaked' AND target_id IN ('$p_l1id', '$p_l3id')")
check "  each audited as token.revoke_leaked ($p_aud)" [ "$p_aud" = 2 ]
ajson "$p_mine" POST /api/v1/tokens/revoke-leaked '{"tokens":[]}'
check "revoke-leaked: an empty list: 422" is_problem 422
ajson "$(new_token "$PT" read "no-delete")" POST /api/v1/tokens/revoke-leaked "{\"tokens\":[\"$p_unknown\"]}"
check "revoke-leaked needs delete: 403" is_problem 403
ctl gen-token 1000 | jq -R . | jq -s '{tokens: .}' >"$TMP/p_leak.json"
p_t0=$(now_ms)
areq "$P_ADMIN" POST /api/v1/tokens/revoke-leaked -H 'Content-Type: application/json' --data-binary @"$TMP/p_leak.json"
p_ms=$(($(now_ms) - p_t0))
check "revoke-leaked with 1000 secrets in one transaction ($p_ms ms)" holds "$([ "$STATUS" = 200 ] && [ "$(jb .unknown)" = 1000 ] && [ "$p_ms" -lt 5000 ]; echo $?)"
