# SPDX-License-Identifier: ISC
# The gatekeeper: /api/v1/auth directly and through nginx's auth_request
# in front of an example service; /metrics.
# shellcheck shell=bash

ADMIN=$(new_token '*' read,write,create,delete "admin-$(unique a)")
GA=$(unique ga); GB=$(unique gb)
new_tenant "$GA"; new_tenant "$GB"
R=$(new_token "$GA" read "g-reader")
RW=$(new_token "$GA" read,write,create,delete "g-all")
RID=$(sql "SELECT id FROM tokens WHERE tenant_id = '$GA' AND name = 'g-reader'")

auth() { local tok=$1; shift; areq "$tok" GET /api/v1/auth "$@"; }
auth "$R"
expect_status 204 "a good token is allowed (204)"
check "X-Tenant-Id, X-Token-Id, X-Token-Permissions" [ "$(header x-tenant-id)|$(header x-token-id)|$(header x-token-permissions)" = "$GA|$RID|read" ]
auth "$R" -H 'X-Original-Method: HEAD'
expect_status 204 "read covers HEAD"
auth "$R" -H 'X-Original-Method: POST'
expect_problem 403 "read-only token, original method POST"
auth "$R" -H 'X-Original-Method: DELETE'
expect_problem 403 "read-only token, original method DELETE"
auth "$RW" -H 'X-Original-Method: PATCH'
expect_status 204 "write covers PATCH"
auth "$RW" -H 'X-Original-Method: PUT'
expect_status 204 "write covers PUT"
auth "$RW" -H 'X-Original-Method: BREW'
expect_problem 403 "no permission covers an unknown method"
auth "$R" -H "X-Tenant-Id: $GA"
expect_status 204 "its own tenant addressed"
auth "$R" -H "X-Tenant-Id: $GB"
expect_problem 403 "another tenant addressed"
auth "$R" -H "X-Tenant-Id: *"
expect_problem 403 "a tenant token addressing all tenants"
auth "$ADMIN" -H "X-Tenant-Id: $GB"
check "a * token may address any tenant" holds "$([ "$STATUS" = 204 ] && [ "$(header x-tenant-id)" = "$GB" ]; echo $?)"
auth "$ADMIN"
check "a * token without X-Tenant-Id: X-Tenant-Id *" holds "$([ "$STATUS" = 204 ] && [ "$(header x-tenant-id)" = "*" ]; echo $?)"

req GET /api/v1/auth
expect_problem 401 "no token"
check "401 carries WWW-Authenticate: Bearer" bash -c "[[ '$(header www-authenticate)' == Bearer* ]]"
auth "giot_1${R:6:30}xxxxxxxx"
expect_problem 401 "a mistyped token (bad checksum)"
auth "$(ctl gen-token)"
expect_problem 401 "a well-formed unknown token"
ajson "$ADMIN" POST /api/v1/tokens "{\"name\":\"g-pending\",\"tenant\":\"$GA\",\"permissions\":[\"read\"],\"status\":\"pending\"}"
P=$(jb .token); remember "$P"
auth "$P"
expect_problem 401 "a pending token"
X=$(new_token "$GA" read "g-expired")
XID=$(sql "SELECT id FROM tokens WHERE tenant_id = '$GA' AND name = 'g-expired'")
ajson "$ADMIN" PATCH "/api/v1/tokens/$XID" "{\"expires_at\":\"$(date -u -d '+3 seconds' +%Y-%m-%dT%H:%M:%SZ)\"}"
settle
codes=$(burst 24 "$X" /api/v1/auth | sort -u | tr '\n' ' ')
check "a token about to expire still works, cached by the workers ($codes)" [ "$codes" = "204 " ]
sleep 3
codes=$(burst 24 "$X" /api/v1/auth | sort -u | tr '\n' ' ')
check "once expired it is refused by every worker, cached or not ($codes)" [ "$codes" = "401 " ]
auth "$X"
expect_problem 401 "an expired token"
V=$(new_token "$GA" read "g-revoked")
auth "$V"
ctl revoke "$(sql "SELECT id FROM tokens WHERE tenant_id = '$GA' AND name = 'g-revoked'")" >/dev/null
settle
auth "$V"
expect_problem 401 "a revoked token"
O=$(new_token "$GA" read "g-rotated")
auth "$O"
ajson "$ADMIN" POST "/api/v1/tokens/$(sql "SELECT id FROM tokens WHERE tenant_id = '$GA' AND name = 'g-rotated'")/rotate" ''
remember "$(jb .token)"
settle
auth "$O"
expect_problem 401 "a rotated-out secret"
check "the refusal says rotated" [ "$(jb .detail)" = "the token was rotated: use its new secret" ]
S=$(new_token "$GB" read "g-suspended")
auth "$S"
ajson "$ADMIN" PATCH "/api/v1/tenants/$GB" '{"status":"suspended"}'
settle
auth "$S"
expect_problem 401 "a suspended tenant's token"
says_suspended() { [[ "$(jb .detail)" == *suspended* ]]; }
check "the refusal says why" says_suspended

# Through nginx: the example service behind auth_request.
EX=$(wc -l <"$STACK_STATE/example-access.log" 2>/dev/null || echo 0)
areq "$R" GET /example/things -H "X-Tenant-Id: $GA"
check "auth_request lets a good token through" [ "$STATUS" = 200 ]
check "the service gets the verified tenant, token and permissions" [ "$BODY" = "service: GET /example/things tenant=$GA token=$RID permissions=read authorization=" ]
areq "$R" GET /example/things -H "X-Tenant-Id: $GB"
expect_status 403 "auth_request: another tenant"
areq "$R" POST /example/things -H 'Content-Type: application/json' -d '{"big":"body"}'
expect_status 403 "auth_request: a POST with a read-only token"
areq "$RW" POST /example/things -H 'Content-Type: application/json' -d '{"big":"body"}'
check "auth_request: a POST with create passes, body and all" holds "$([ "$STATUS" = 200 ] && [[ "$BODY" == "service: POST "* ]]; echo $?)"
areq "giot_1bad" GET /example/things
expect_status 401 "auth_request: a malformed token"
req GET /example/things
expect_status 401 "auth_request: no token"
check "auth_request: 401 carries WWW-Authenticate" bash -c "[[ '$(header www-authenticate)' == Bearer* ]]"
areq "$V" GET /example/things
expect_status 401 "auth_request: a revoked token"
areq "$R" GET /example/things -H "X-Tenant-Id: $GB" -H 'X-Token-Id: forged'
EX2=$(wc -l <"$STACK_STATE/example-access.log")
check "the service saw only the allowed requests ($((EX2 - EX)) of them)" [ "$((EX2 - EX))" = 2 ]
check "a client cannot forge the tenant: the service sees the verified one" bash -c "! grep -q 'tenant=$GB' '$STACK_STATE/example-access.log'"

# last_used_at without a write per request.
before=$(sql "SHOW GLOBAL STATUS LIKE 'Com_update'" | awk '{print $2}')
codes=$(burst 300 "$R" /api/v1/auth | sort | uniq -c | tr -s ' ')
check "300 parallel requests allowed ($codes)" [ "$codes" = " 300 204" ]
sleep 0.3
after=$(sql "SHOW GLOBAL STATUS LIKE 'Com_update'" | awk '{print $2}')
check "300 allowed requests are not 300 writes: last_used_at at most once a minute a worker ($((after - before)) UPDATEs)" [ "$((after - before))" -le "$((2 * STACK_POOLS * STACK_WORKERS))" ]
check "last_used_at is recorded" [ "$(sql "SELECT last_used_at IS NOT NULL FROM tokens WHERE id = '$RID'")" = 1 ]

# /metrics
req GET /metrics
check "/metrics answers Prometheus text" holds "$([ "$STATUS" = 200 ] && [[ "$(header content-type)" == text/plain* ]]; echo $?)"
m() { printf '%s\n' "$BODY" | awk -v k="$1" '$1 == k {print $2}'; }
allowed=$(m 'tenantapi_auth_decisions_total{outcome="allowed"}')
check "auth decisions by outcome (allowed: $allowed)" [ "${allowed:-0}" -ge 50 ]
for o in missing malformed unknown pending expired revoked rotated suspended forbidden_permission forbidden_tenant; do
	v=$(m "tenantapi_auth_decisions_total{outcome=\"$o\"}")
	check "  outcome $o counted ($v)" [ "${v:-0}" -ge 1 ]
done
check "requests by route and status" [ "$(m 'tenantapi_requests_total{route="auth",status="204"}')" -ge 50 ]
check "a latency histogram" bash -c "printf '%s' \"\$0\" | grep -q 'tenantapi_request_duration_seconds_bucket{route=\"auth\",le=\"+Inf\"}'" "$BODY"
check "cache hits counted" [ "$(m tenantapi_auth_cache_hits_total)" -ge 1 ]
check "database reconnects counted" [ -n "$(m tenantapi_db_reconnects_total)" ]
check "all workers alive are counted" [ "$(m tenantapi_workers)" = "$((STACK_POOLS * STACK_WORKERS))" ]
n1=$(m 'tenantapi_requests_total{route="health",status="200"}')
for i in $(seq 1 12); do req GET /api/v1/health; done
req GET /metrics
n2=$(m 'tenantapi_requests_total{route="health",status="200"}')
check "counters add up across workers: 12 more health requests ($n1 -> $n2)" [ "$((n2 - ${n1:-0}))" = 12 ]
