# SPDX-License-Identifier: ISC
# The audit trail: every change, with actor, tenant, target, client and
# request id; scoped to the caller, filtered, paginated.
# shellcheck shell=bash

ADMIN=$(new_token '*' read,write,create,delete "admin-$(unique a)")
ADMIN_ID=$(sql "SELECT id FROM tokens WHERE status = 'active' AND tenant_id = '*' ORDER BY seq DESC LIMIT 1")
TA=$(unique au)
start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ajson "$ADMIN" POST /api/v1/tenants "{\"id\":\"$TA\",\"name\":\"Audited\"}" -H 'X-Request-Id: audit-req-1'
ajson "$ADMIN" POST /api/v1/tokens "{\"name\":\"aud\",\"tenant\":\"$TA\",\"permissions\":[\"read\"],\"status\":\"pending\"}"
remember "$(jb .token)"; AT=$(jb .id)
ajson "$ADMIN" POST "/api/v1/tokens/$AT/activate" ''
ajson "$ADMIN" PATCH "/api/v1/tokens/$AT" '{"name":"aud-2"}'
ajson "$ADMIN" POST "/api/v1/tokens/$AT/rotate" ''
remember "$(jb .token)"
areq "$ADMIN" DELETE "/api/v1/tokens/$AT"
ajson "$ADMIN" PATCH "/api/v1/tenants/$TA" '{"status":"suspended"}'
ajson "$ADMIN" PATCH "/api/v1/tenants/$TA" '{"status":"active","name":"Audited 2"}'

areq "$ADMIN" GET "/api/v1/audit?tenant=$TA&since=$start"
expect_status 200 "GET /audit"
check "every change recorded, newest first" [ "$(jb '[.items[].action] | join(",")')" = "tenant.reactivate,tenant.suspend,token.revoke,token.rotate,token.update,token.activate,token.create,tenant.create" ]
check "actor is the calling token" [ "$(jb '[.items[].actor] | unique | join(",")')" = "$ADMIN_ID" ]
check "target of token events is the token" [ "$(jb '[.items[] | select(.target_type == "token") | .target_id] | unique | join(",")')" = "$AT" ]
check "client address recorded" [ "$(jb '.items[0].client_addr')" = 127.0.0.1 ]
# The request id is the server's (nginx's $request_id), never the client's.
t60_rid=$(jb '.items[-1].request_id')
check "request id recorded: the server's, not the client's X-Request-Id ($t60_rid)" \
	holds "$([[ "$t60_rid" =~ ^[0-9a-f]{32}$ ]] && grep -q "id=$t60_rid\$" "$STACK_STATE/nginx-access.log"; echo $?)"
check "details recorded" [ "$(jb '.items[4].detail.name')" = aud-2 ]
rfc3339() { [[ "$(jb '.items[0].at')" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$ ]]; }
check "times are RFC 3339 UTC" rfc3339
areq "$ADMIN" GET "/api/v1/audit?tenant=$TA&limit=3"
first=$(jb '[.items[].id] | join(",")'); cur=$(jb .next_cursor)
areq "$ADMIN" GET "/api/v1/audit?tenant=$TA&limit=3&cursor=$cur"
check "audit pages do not overlap" holds "$([ -n "$cur" ] && [ "$(jb '.items|length')" = 3 ] && ! grep -q "$(jb '.items[0].id')" <<<"$first"; echo $?)"
areq "$ADMIN" GET "/api/v1/audit?tenant=$TA&since=2999-01-01T00:00:00Z"
check "since in the future: nothing" [ "$(jb '.items|length')" = 0 ]
new_token "$TA" read "aud-cli" >/dev/null
ctl revoke "$(sql "SELECT id FROM tokens WHERE tenant_id = '$TA' AND name = 'aud-cli'")" >/dev/null
check "the CLI's revoke is audited with actor cli" [ "$(sql "SELECT CONCAT(actor, ' ', action) FROM audit WHERE tenant_id = '$TA' ORDER BY seq DESC LIMIT 1")" = "cli token.revoke" ]
TR=$(new_token "$TA" read "aud-reader")
areq "$TR" GET /api/v1/audit
check "a tenant token sees its tenant's events (made by the * admin)" holds "$([ "$STATUS" = 200 ] && [ "$(jb '[.items[].tenant] | unique | join(",")')" = "$TA" ]; echo $?)"
check "token.create of a CLI token is audited with actor cli" [ "$(sql "SELECT actor FROM audit WHERE tenant_id = '$TA' AND action = 'token.create' ORDER BY seq DESC LIMIT 1")" = cli ]
