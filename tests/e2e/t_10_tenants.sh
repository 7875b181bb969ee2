# SPDX-License-Identifier: ISC
# Tenants: create, list, get, rename, suspend and reactivate, delete.
# shellcheck shell=bash

ADMIN=$(new_token '*' read,write,create,delete "admin-$(unique a)")
check "the CLI prints a token of the published format" bash -c "[[ '$ADMIN' =~ ^giot_1[0-9A-Za-z]{38}$ ]]"

T1=$(unique t)
ajson "$ADMIN" POST /api/v1/tenants "{\"id\":\"$T1\",\"name\":\"Tenant One\"}"
expect_status 201 "POST /tenants creates a tenant"
check "created tenant: id, name, status active, times" [ "$(jb '.id + "|" + .name + "|" + .status')" = "$T1|Tenant One|active" ]
check "Location header names the tenant" [ "$(header location)" = "/api/v1/tenants/$T1" ]
ajson "$ADMIN" POST /api/v1/tenants "{\"id\":\"$T1\",\"name\":\"Again\"}"
expect_problem 409 "creating the same tenant id again"

areq "$ADMIN" GET "/api/v1/tenants/$T1"
check "GET /tenants/{id}" holds "$([ "$STATUS" = 200 ] && [ "$(jb .name)" = "Tenant One" ]; echo $?)"
areq "$ADMIN" GET /api/v1/tenants
check "GET /tenants lists it" bash -c "[ '$STATUS' = 200 ] && printf '%s' '$BODY' | jq -e '.items | map(.id) | index(\"$T1\")' >/dev/null"

ajson "$ADMIN" PATCH "/api/v1/tenants/$T1" '{"name":"Tenant Uno"}'
check "PATCH renames" holds "$([ "$STATUS" = 200 ] && [ "$(jb .name)" = "Tenant Uno" ]; echo $?)"

# A token of the tenant works until the tenant is suspended.
TT=$(new_token "$T1" read "t1-reader")
areq "$TT" GET /api/v1/tokens/self
expect_status 200 "tenant token works while the tenant is active"
ajson "$ADMIN" PATCH "/api/v1/tenants/$T1" '{"status":"suspended"}'
check "PATCH suspends" holds "$([ "$STATUS" = 200 ] && [ "$(jb .status)" = suspended ]; echo $?)"
settle
areq "$TT" GET /api/v1/tokens/self
expect_problem 401 "a suspended tenant's token is refused"
check "401 carries WWW-Authenticate: Bearer" bash -c "[[ '$(header www-authenticate)' == Bearer* ]]"
ajson "$ADMIN" PATCH "/api/v1/tenants/$T1" '{"status":"active"}'
check "PATCH reactivates" holds "$([ "$STATUS" = 200 ] && [ "$(jb .status)" = active ]; echo $?)"
areq "$TT" GET /api/v1/tokens/self
expect_status 200 "the token works again after reactivation"

# A tenant-scoped writer may rename its tenant but not change its status.
TW=$(new_token "$T1" read,write "t1-writer")
ajson "$TW" PATCH "/api/v1/tenants/$T1" '{"name":"Renamed by tenant"}'
expect_status 200 "a tenant token with write renames its own tenant"
before=$(fingerprint)
ajson "$TW" PATCH "/api/v1/tenants/$T1" '{"status":"suspended"}'
expect_problem 403 "a tenant token cannot change its tenant's status"
unchanged "status change by a tenant token" "$before"

ajson "$ADMIN" DELETE "/api/v1/tenants/$T1" ''
expect_status 204 "DELETE /tenants/{id}"
areq "$ADMIN" GET "/api/v1/tenants/$T1"
expect_problem 404 "a deleted tenant is gone"
settle
areq "$TT" GET /api/v1/tokens/self
expect_problem 401 "deleting a tenant revokes its tokens"
check "its tokens stay listed as revoked" [ "$(sql "SELECT COUNT(*) FROM tokens WHERE tenant_id = '$T1' AND status <> 'revoked'")" = 0 ]
check "the refusal says revoked" [ "$(jb .detail)" = "the token was revoked" ]
