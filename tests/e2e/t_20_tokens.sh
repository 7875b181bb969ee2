# SPDX-License-Identifier: ISC
# Tokens: create (JSON and form), get, self, list, edit, the two-step
# pending flow, rotate, revoke, expiry, last_used_at.
# shellcheck shell=bash

ADMIN=$(new_token '*' read,write,create,delete "admin-$(unique a)")
TA=$(unique ta)
new_tenant "$TA"

ajson "$ADMIN" POST /api/v1/tokens "{\"name\":\"ingest\",\"description\":\"Line 1\\nLine 2\",\"tenant\":\"$TA\",\"permissions\":[\"read\",\"create\"],\"expires_at\":\"2031-01-01T00:00:00Z\"}"
expect_status 201 "POST /tokens (JSON)"
TOK=$(jb .token); remember "$TOK"; TID=$(jb .id)
check "the secret has the published format" bash -c "[[ '$TOK' =~ ^giot_1[0-9A-Za-z]{38}$ ]]"
check "created token's fields" [ "$(jb '[.name, .tenant, (.permissions|join(",")), .status, .expires_at] | join("|")')" = "ingest|$TA|read,create|active|2031-01-01T00:00:00Z" ]
check "multi-line description kept" [ "$(jb .description)" = $'Line 1\nLine 2' ]
hint_ok() { local h; h=$(jb .hint); [[ "$h" == "${TOK:0:10}"*"${TOK: -4}" ]] && [ "${#h}" -lt 20 ]; }
check "hint shows the start and the end only" hint_ok
check "created_by is the creating token" [ "$(jb .created_by)" = "$(sql "SELECT id FROM tokens WHERE name LIKE 'admin-%' ORDER BY seq DESC LIMIT 1")" ]
check "Location names the token" [ "$(header location)" = "/api/v1/tokens/$TID" ]
check "the secret is stored only as a hash" [ "$(sql "SELECT COUNT(*) FROM tokens WHERE CONCAT_WS(' ', id, name, hint, description) LIKE '%${TOK:6:20}%'")" = 0 ]

areq "$TOK" GET /api/v1/tokens/self
check "the new token authenticates: GET /tokens/self" holds "$([ "$STATUS" = 200 ] && [ "$(jb .id)" = "$TID" ]; echo $?)"
check "GET /tokens/self never returns a secret" [ "$(jb .token)" = null ]
areq "$ADMIN" GET "/api/v1/tokens/$TID"
check "GET /tokens/{id}" holds "$([ "$STATUS" = 200 ] && [ "$(jb .name)" = ingest ]; echo $?)"

# Form posts, as the cockpit sends them.
req POST /api/v1/tokens -H "Authorization: Bearer $ADMIN" \
	--data-urlencode "name=form repeated" --data-urlencode "tenant=$TA" \
	--data-urlencode "permissions=read" --data-urlencode "permissions=write" \
	--data-urlencode "expires_at="
check "form create with repeated permissions" holds "$([ "$STATUS" = 201 ] && [ "$(jb '.permissions|join(",")')" = "read,write" ]; echo $?)"
remember "$(jb .token)"
req POST /api/v1/tokens -H "Authorization: Bearer $ADMIN" \
	--data-urlencode "name=form comma" --data-urlencode "tenant=$TA" \
	--data-urlencode "permissions=read,delete" --data-urlencode "description=from a form"
check "form create with comma-separated permissions" holds "$([ "$STATUS" = 201 ] && [ "$(jb '.permissions|join(",")')" = "read,delete" ]; echo $?)"
remember "$(jb .token)"

# A tenant token creates within its tenant without naming it.
TC=$(new_token "$TA" read,create "ta-creator")
ajson "$TC" POST /api/v1/tokens '{"name":"child","permissions":["read"]}'
check "a tenant token creates in its own tenant by default" holds "$([ "$STATUS" = 201 ] && [ "$(jb .tenant)" = "$TA" ]; echo $?)"
remember "$(jb .token)"

# Lists and filters.
areq "$ADMIN" GET "/api/v1/tokens?tenant=$TA&q=FORM"
check "list filtered by tenant and name (case-insensitive)" holds "$([ "$STATUS" = 200 ] && [ "$(jb '.items|length')" = 2 ]; echo $?)"
check "list is newest first" [ "$(jb '.items[0].name')" = "form comma" ]
check "list never returns secrets" [ "$(jb '[.items[] | has("token")] | any')" = false ]

# PATCH: edit within the caller's permissions.
ajson "$ADMIN" PATCH "/api/v1/tokens/$TID" '{"name":"ingest-2","description":"","permissions":["read"],"expires_at":null}'
check "PATCH edits name, description, permissions, expiry" holds "$([ "$STATUS" = 200 ] && [ "$(jb '[.name, .description, (.permissions|join(",")), (.expires_at|tostring)] | join("|")')" = "ingest-2||read|null" ]; echo $?)"
settle
areq "$TOK" POST /api/v1/tokens -H 'Content-Type: application/json' -d '{"name":"x","permissions":["read"]}'
expect_problem 403 "after PATCH the token lost create"

# The two-step flow: pending until saved, then active.
ajson "$ADMIN" POST /api/v1/tokens "{\"name\":\"two-step\",\"tenant\":\"$TA\",\"permissions\":[\"read\"],\"status\":\"pending\"}"
check "create pending" holds "$([ "$STATUS" = 201 ] && [ "$(jb .status)" = pending ]; echo $?)"
PTOK=$(jb .token); PID=$(jb .id); remember "$PTOK"
areq "$PTOK" GET /api/v1/tokens/self
expect_problem 401 "a pending token does not authenticate"
ajson "$ADMIN" POST "/api/v1/tokens/$PID/activate" ''
check "activate (Save): pending -> active" holds "$([ "$STATUS" = 200 ] && [ "$(jb .status)" = active ]; echo $?)"
areq "$PTOK" GET /api/v1/tokens/self
expect_status 200 "the saved token authenticates"
ajson "$ADMIN" POST "/api/v1/tokens/$PID/activate" ''
expect_problem 409 "activating twice"

# A pending token not saved within 15 minutes is discarded.
ajson "$ADMIN" POST /api/v1/tokens "{\"name\":\"never-saved\",\"tenant\":\"$TA\",\"permissions\":[\"read\"],\"status\":\"pending\"}"
STOK=$(jb .token); SID=$(jb .id); remember "$STOK"
sql "UPDATE tokens SET created_at = created_at - INTERVAL 16 MINUTE WHERE id = '$SID'"
areq "$ADMIN" GET "/api/v1/tokens/$SID"
expect_problem 404 "a pending token older than 15 minutes is gone"
ajson "$ADMIN" POST "/api/v1/tokens/$SID/activate" ''
expect_problem 404 "and can no longer be saved"
areq "$STOK" GET /api/v1/tokens/self
expect_problem 401 "and never authenticates"
ajson "$ADMIN" POST /api/v1/tokens "{\"name\":\"never-saved\",\"tenant\":\"$TA\",\"permissions\":[\"read\"]}"
check "its name is free again" [ "$STATUS" = 201 ]
remember "$(jb .token)"
sql "UPDATE tokens SET created_at = created_at - INTERVAL 16 MINUTE WHERE status = 'pending'"
out=$(ctl purge)
check "tenantctl purge deletes discarded pending tokens ($out)" [ "$(sql "SELECT COUNT(*) FROM tokens WHERE status = 'pending' AND created_at < UTC_TIMESTAMP() - INTERVAL 15 MINUTE")" = 0 ]

# Rotate: a new secret, the old one refused at once.
ajson "$ADMIN" POST "/api/v1/tokens/$TID/rotate" ''
check "rotate returns a new secret once" holds "$([ "$STATUS" = 200 ] && [ "$(jb .token)" != "$TOK" ] && [ "$(jb .id)" = "$TID" ]; echo $?)"
NEW=$(jb .token); remember "$NEW"
settle
areq "$TOK" GET /api/v1/tokens/self
expect_problem 401 "the rotated-out secret is refused"
areq "$NEW" GET /api/v1/tokens/self
expect_status 200 "the new secret works"
ajson "$ADMIN" POST "/api/v1/tokens/$TID/rotate" '{"grace_seconds":60}'
NEW2=$(jb .token); remember "$NEW2"
areq "$NEW" GET /api/v1/tokens/self
expect_status 200 "with a grace period the old secret still works"
areq "$NEW2" GET /api/v1/tokens/self
expect_status 200 "and so does the new one"
# Time travel by SQL: the workers' caches learn of it through the epoch.
sql "UPDATE token_secrets SET not_after = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE not_after IS NOT NULL"
sql "UPDATE auth_epoch SET epoch = epoch + 1"
settle
areq "$NEW" GET /api/v1/tokens/self
expect_problem 401 "after the grace period the old secret is refused"

# Revoke: 204, stays listed as revoked, refused.
areq "$ADMIN" DELETE "/api/v1/tokens/$TID"
expect_status 204 "DELETE /tokens/{id} revokes"
settle
areq "$NEW2" GET /api/v1/tokens/self
expect_problem 401 "a revoked token is refused"
areq "$ADMIN" GET "/api/v1/tokens/$TID"
check "a revoked token stays listed as revoked" holds "$([ "$STATUS" = 200 ] && [ "$(jb .status)" = revoked ] && [ "$(jb .revoked_at)" != null ]; echo $?)"
areq "$ADMIN" GET "/api/v1/tokens?tenant=$TA&status=revoked"
check "status=revoked filter" [ "$(jb '[.items[].id] | index("'"$TID"'") != null')" = true ]
areq "$ADMIN" DELETE "/api/v1/tokens/$TID"
expect_status 204 "revoking again is harmless"
ajson "$ADMIN" PATCH "/api/v1/tokens/$TID" '{"name":"zombie"}'
expect_problem 409 "a revoked token cannot be edited"
ajson "$ADMIN" POST /api/v1/tokens "{\"name\":\"ingest-2\",\"tenant\":\"$TA\",\"permissions\":[\"read\"]}"
check "a revoked token's name can be reused" [ "$STATUS" = 201 ]
remember "$(jb .token)"

# Expiry.
XT=$(new_token "$TA" read "soon-expired")
XID=$(sql "SELECT id FROM tokens WHERE tenant_id = '$TA' AND name = 'soon-expired'")
sql "UPDATE tokens SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE id = '$XID'"
sql "UPDATE auth_epoch SET epoch = epoch + 1"
settle
areq "$XT" GET /api/v1/tokens/self
expect_problem 401 "an expired token is refused"
check "the problem says it expired" bash -c "[[ '$(jb .detail)' == *expired* ]]"
areq "$ADMIN" GET "/api/v1/tokens?tenant=$TA&status=expired"
check "status=expired filter" holds "$([ "$(jb '.items[0].id')" = "$XID" ] && [ "$(jb '.items[0].expired')" = true ]; echo $?)"

# last_used_at, to the minute, written after the answer.
LT=$(new_token "$TA" read "used")
areq "$LT" GET /api/v1/tokens/self
used() { [ "$(sql "SELECT last_used_at IS NOT NULL AND SECOND(last_used_at) = 0 FROM tokens WHERE tenant_id = '$TA' AND name = 'used'")" = 1 ]; }
check "last_used_at is set, to the minute (written within 10 s)" wait_for 15 used
