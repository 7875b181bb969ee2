# SPDX-License-Identifier: ISC
# Tenant isolation and escalation: another tenant's objects do not exist
# (404), no token grants more than it holds (403), nothing changes.
# shellcheck shell=bash

ADMIN=$(new_token '*' read,write,create,delete "admin-$(unique a)")
TA=$(unique ia); TB=$(unique ib)
new_tenant "$TA"; new_tenant "$TB"
A_ALL=$(new_token "$TA" read,write,create,delete "a-all")
ajson "$ADMIN" POST /api/v1/tokens "{\"name\":\"b-victim\",\"tenant\":\"$TB\",\"permissions\":[\"read\"]}"
remember "$(jb .token)"; BT=$(jb .id)
ajson "$ADMIN" POST /api/v1/tokens "{\"name\":\"b-pending\",\"tenant\":\"$TB\",\"permissions\":[\"read\"],\"status\":\"pending\"}"
remember "$(jb .token)"; BP=$(jb .id)
ajson "$ADMIN" POST /api/v1/tokens '{"name":"star-victim","tenant":"*","permissions":["read"]}'
remember "$(jb .token)"; ST=$(jb .id)

before=$(fingerprint)
# matrix METHOD PATH BODY: the same 404 for the other tenant's object and
# for an object that does not exist at all.
matrix() {
	local m=$1 p=$2 body=${3:-} ghost=$4 d1 d2
	if [ -n "$body" ]; then ajson "$A_ALL" "$m" "$p" "$body"; else areq "$A_ALL" "$m" "$p"; fi
	expect_problem 404 "tenant A: $m ${p/$TB/B}"
	d1=$(jb .detail)
	if [ -n "$body" ]; then ajson "$A_ALL" "$m" "$ghost" "$body"; else areq "$A_ALL" "$m" "$ghost"; fi
	d2=$(jb .detail)
	check "  ... answers as for something that does not exist" holds "$([ "$STATUS" = 404 ] && [ "$d1" = "$d2" ]; echo $?)"
}
matrix GET "/api/v1/tenants/$TB" "" /api/v1/tenants/no-such-tenant
matrix PATCH "/api/v1/tenants/$TB" '{"name":"pwned"}' /api/v1/tenants/no-such-tenant
matrix DELETE "/api/v1/tenants/$TB" "" /api/v1/tenants/no-such-tenant
matrix GET "/api/v1/tokens/$BT" "" /api/v1/tokens/tok_0000000000000000
matrix PATCH "/api/v1/tokens/$BT" '{"name":"pwned"}' /api/v1/tokens/tok_0000000000000000
matrix POST "/api/v1/tokens/$BP/activate" '{}' /api/v1/tokens/tok_0000000000000000/activate
matrix POST "/api/v1/tokens/$BT/rotate" '{}' /api/v1/tokens/tok_0000000000000000/rotate
matrix DELETE "/api/v1/tokens/$BT" "" /api/v1/tokens/tok_0000000000000000
matrix GET "/api/v1/tokens/$ST" "" /api/v1/tokens/tok_0000000000000000
matrix DELETE "/api/v1/tokens/$ST" "" /api/v1/tokens/tok_0000000000000000
areq "$A_ALL" GET "/api/v1/tokens?tenant=$TB"
check "tenant A listing tenant B's tokens sees none" holds "$([ "$STATUS" = 200 ] && [ "$(jb '.items|length')" = 0 ]; echo $?)"
areq "$A_ALL" GET "/api/v1/tokens"
check "tenant A's list holds only tenant A" [ "$(jb '[.items[].tenant] | unique | join(",")')" = "$TA" ]
areq "$A_ALL" GET "/api/v1/audit?tenant=$TB"
check "tenant A sees none of tenant B's audit" holds "$([ "$STATUS" = 200 ] && [ "$(jb '.items|length')" = 0 ]; echo $?)"
areq "$A_ALL" GET "/api/v1/audit"
check "tenant A's audit holds only tenant A" [ "$(jb '[.items[].tenant] | unique | join(",")')" = "$TA" ]
areq "$A_ALL" GET /api/v1/tenants
check "tenant A sees only its tenant" [ "$(jb '[.items[].id] | join(",")')" = "$TA" ]
ajson "$A_ALL" POST /api/v1/tokens "{\"name\":\"sneaky\",\"tenant\":\"$TB\",\"permissions\":[\"read\"]}"
expect_problem 403 "tenant A creating a token for tenant B"
ajson "$A_ALL" POST /api/v1/tokens '{"name":"sneaky","tenant":"*","permissions":["read"]}'
expect_problem 403 "a tenant token creating a * token"
ajson "$A_ALL" POST /api/v1/tenants '{"id":"sneaky-tenant","name":"x"}'
expect_problem 403 "a tenant token creating a tenant"
areq "$A_ALL" DELETE "/api/v1/tenants/$TA"
expect_problem 403 "a tenant token deleting its own tenant"
unchanged "the isolation matrix" "$before"

# Escalation within a tenant.
RC=$(new_token "$TA" read,create "a-read-create")
RW=$(new_token "$TA" read,write "a-read-write")
ajson "$A_ALL" POST /api/v1/tokens '{"name":"a-powerful","permissions":["read","write","delete"]}'
remember "$(jb .token)"; PW=$(jb .id)
before=$(fingerprint)
ajson "$RC" POST /api/v1/tokens '{"name":"grab","permissions":["read","delete"]}'
expect_problem 403 "read+create token creating a token with delete"
ajson "$RW" PATCH "/api/v1/tokens/$PW" '{"name":"renamed"}'
expect_problem 403 "read+write token editing a more powerful token"
ajson "$RW" POST "/api/v1/tokens/$PW/rotate" '{}'
expect_problem 403 "read+write token rotating a more powerful token (would get its secret)"
RWID=$(sql "SELECT id FROM tokens WHERE tenant_id = '$TA' AND name = 'a-read-write'")
ajson "$RW" PATCH "/api/v1/tokens/$RWID" '{"permissions":["read","write","delete"]}'
expect_problem 403 "a token adding a permission to itself"
areq "$RC" DELETE "/api/v1/tokens/$PW"
expect_problem 403 "a token without delete revoking"
ajson "$RC" PATCH "/api/v1/tokens/$PW" '{"name":"x"}'
expect_problem 403 "a token without write editing"
READONLY_STAR=$(new_token '*' read "star-reader")
before2=$(fingerprint)
ajson "$READONLY_STAR" POST /api/v1/tenants '{"id":"ro-tenant","name":"x"}'
expect_problem 403 "a read-only * token creating a tenant"
unchanged "escalation attempts" "$before2"
ajson "$RC" POST /api/v1/tokens '{"name":"fine","permissions":["read"]}'
check "a subset of one's own permissions is fine" holds "$([ "$STATUS" = 201 ] && [ "$(jb .tenant)" = "$TA" ]; echo $?)"
remember "$(jb .token)"
