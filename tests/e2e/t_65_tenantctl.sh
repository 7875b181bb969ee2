# SPDX-License-Identifier: ISC
# tenantctl for scripts: --json everywhere, lists to the end, usage errors
# (2) for unknown options and filters; tenants, rotate, audit. The API's
# 400 for unknown query parameters.
# shellcheck shell=bash

T65=$(unique t65- | cut -c1-20)
A65=$(new_token '*' read,write,create,delete "$(unique t65-admin-)")

# --- the API: unknown query parameters are 400 ------------------------------
areq "$A65" GET "/api/v1/tokens?tenat=$T65"
expect_problem 400 "GET /tokens?tenat=: a mistyped filter"
check "  the problem names it" [ "$(jb -r '.errors[0].field')" = tenat ]
areq "$A65" GET "/api/v1/tokens?foo=1&foo=2&bar=3&limit=2"
check "  each unknown name once ($(jb -c '[.errors[].field]'))" [ "$(jb -c '[.errors[].field]')" = '["foo","bar"]' ]
areq "$A65" GET "/api/v1/tenants?status=active"
expect_problem 400 "GET /tenants?status="
areq "$A65" GET "/api/v1/audit?actor=cli"
expect_problem 400 "GET /audit?actor="
areq "$A65" GET "/api/v1/tokens/self?verbose=1"
expect_problem 400 "GET /tokens/self?verbose="
areq "$A65" GET "/api/v1/tenants/nope-nope?x=1"
expect_problem 400 "GET /tenants/{id}?x= (before the lookup)"
areq "$A65" DELETE "/api/v1/tokens/tok_nope?cascde=true"
expect_problem 400 "DELETE /tokens/{id}?cascde= (a typo of cascade)"
t65_before=$(fingerprint)
ajson "$A65" POST "/api/v1/tenants?dry_run=1" "{\"id\":\"$T65\",\"name\":\"T65\"}"
expect_problem 400 "POST /tenants?dry_run=: refused, not ignored"
unchanged "POST with an unknown query parameter" "$t65_before"
areq "$A65" GET "/api/v1/tokens?limit=5&status=active&tenant=*&q=t65"
expect_status 200 "known parameters pass"

# --- tenantctl ---------------------------------------------------------------
t65_rc() { "$@" >"$TMP/t65.out" 2>"$TMP/t65.err"; echo $?; }
check "tenantctl --help: 0, every command" holds "$(ctl --help | grep -q '^  notify-expiring'; echo $?)"
check "tenantctl --version: 0" bash -c "'$STACK_BUILD/tenantctl' --version | grep -q '^tenantctl [0-9]'"
check "tenantctl tokens --help: 0, its options" bash -c "'$STACK_BUILD/tenantctl' tokens --help | grep -q -- '--status'"
rc=$(t65_rc ctl tokens --tenat "$T65")
check "tokens --tenat: exit 2, nothing on stdout, the option named ($rc)" \
	holds "$([ "$rc" = 2 ] && [ ! -s "$TMP/t65.out" ] && grep -q 'unknown option --tenat' "$TMP/t65.err"; echo $?)"
rc=$(t65_rc ctl tokens --tenant a1 --tenant b2)
check "an option given twice: exit 2 ($rc)" [ "$rc" = 2 ]
rc=$(t65_rc ctl token-create --name x --permissions read)
check "token-create without --tenant: exit 2, nothing made ($rc)" holds "$([ "$rc" = 2 ] && grep -q -- '--tenant is required' "$TMP/t65.err"; echo $?)"
rc=$(t65_rc ctl tenant-show)
check "a missing argument: exit 2 ($rc)" [ "$rc" = 2 ]
rc=$(t65_rc ctl tenant-show a1 b2)
check "an extra argument: exit 2 ($rc)" [ "$rc" = 2 ]
rc=$(t65_rc ctl tenats)
check "an unknown command: exit 2 ($rc)" [ "$rc" = 2 ]
rc=$(t65_rc ctl --json notify-expiring)
check "notify-expiring --json: a report, exit 1 exactly when one failed ($rc)" \
	holds "$(jq -e --argjson rc "$rc" '(.sent | type) == "number" and (.notices | type) == "array" and ((.failed > 0) == ($rc == 1))' "$TMP/t65.out" >/dev/null && [ "$rc" -le 1 ]; echo $?)"

# Tenants.
j=$(ctl --json tenant-create "$T65" "Tenant 65" --max-token-lifetime-days 30)
check "tenant-create --json: the tenant" [ "$(jq -r '.id + " " + (.max_token_lifetime_days | tostring)' <<<"$j")" = "$T65 30" ]
j=$(ctl tenant-set "$T65" --json --max-token-lifetime-days none --name "Renamed 65")
check "tenant-set --json: changed (--json after the command)" \
	[ "$(jq -r '.name + " " + (.max_token_lifetime_days | tostring)' <<<"$j")" = "Renamed 65 null" ]
rc=$(t65_rc ctl tenant-set "$T65")
check "tenant-set with nothing to change: exit 2 ($rc)" [ "$rc" = 2 ]
check "tenant-show --json" bash -c "ctl() { '$STACK_BUILD/tenantctl' -c '$STACK_CONF' \"\$@\"; }; ctl --json tenant-show '$T65' | jq -e '.status == \"active\"' >/dev/null"
check "tenants --json: every tenant, this one among them" \
	holds "$(ctl --json tenants | jq -e --arg t "$T65" '[.items[].id] | index($t) != null' >/dev/null; echo $?)"
rc=$(t65_rc ctl --json tenant-show nope-65)
check "tenant-show of nothing: exit 1, the problem on stdout ($rc)" \
	holds "$([ "$rc" = 1 ] && jq -e '.status == 404 and .code == "not_found"' "$TMP/t65.out" >/dev/null; echo $?)"

# Lists follow the pages to the end.
ctl seed --tenant "$T65" --count 205 --keep 0 >/dev/null
n=$(ctl --json tokens --tenant "$T65" | jq '.items | length')
check "tokens --json: all 205 tokens, past the API's 200 a page ($n)" [ "$n" = 205 ]
n=$(ctl tokens --tenant "$T65" | wc -l)
check "tokens (table): a header and 205 rows ($n lines)" [ "$n" = 206 ]
n=$(ctl --json tokens --tenant "$T65" --limit 201 | jq '.items | length')
check "--limit 201: 201 ($n)" [ "$n" = 201 ]
n=$(ctl --json tokens --tenant "$T65" --q "seed-" --status active | jq '[.items[] | select(.tenant == "'"$T65"'")] | length')
check "filters: --q and --status ($n)" [ "$n" = 205 ]
rc=$(t65_rc ctl tokens --status lost)
check "a bad filter value: the API refuses it, exit 1 ($rc)" [ "$rc" = 1 ]

# Tokens: create, pending, activate, set, rotate, revoke, audit.
j=$(ctl --json token-create --tenant "$T65" --permissions read,write --name "t65-one" --expires 2030-01-01T00:00:00Z)
O=$(jq -r .token <<<"$j"); OID=$(jq -r .id <<<"$j")
remember "$O"
check "token-create --json: the secret once" holds "$([[ "$O" == giot_1* ]]; echo $?)"
j=$(ctl --json token-create --tenant "$T65" --permissions read --name "t65-pending" --pending)
PID=$(jq -r .id <<<"$j")
check "token-create --pending" [ "$(jq -r .status <<<"$j")" = pending ]
check "activate" [ "$(ctl --json activate "$PID" | jq -r .status)" = active ]
check "token-set --expires none --permissions read" \
	[ "$(ctl --json token-set "$OID" --expires none --permissions read | jq -c '[.expires_at, .permissions]')" = '[null,["read"]]' ]
N=$(ctl rotate "$OID" --quiet)
remember "$N"
check "rotate --quiet: only the new secret" holds "$([[ "$N" =~ ^giot_1[0-9A-Za-z]{38}$ ]]; echo $?)"
settle
areq "$O" GET /api/v1/auth
expect_status 401 "the old secret is refused"
areq "$N" GET /api/v1/auth
expect_status 204 "the new one works"
# The policies and the rotation of SPEC §8.
j=$(ctl --json token-create --tenant "$T65" --permissions read --name "t65-policies" --allowed-cidr 127.0.0.2 --allowed-cidr 10.1.0.0/16 --rate-limit 100)
PO=$(jq -r .token <<<"$j"); POID=$(jq -r .id <<<"$j")
remember "$PO"
check "token-create --allowed-cidr ... --rate-limit ($(jq -c '[.allowed_cidrs, .rate_limit_per_minute]' <<<"$j"))" \
	[ "$(jq -c '[.allowed_cidrs, .rate_limit_per_minute]' <<<"$j")" = '[["127.0.0.2/32","10.1.0.0/16"],100]' ]
areq "$PO" GET /api/v1/auth
expect_status 403 "  used from 127.0.0.1: refused"
check "token-set --allowed-cidr none --rate-limit none" \
	[ "$(ctl --json token-set "$POID" --allowed-cidr none --rate-limit none | jq -c '[.allowed_cidrs, .rate_limit_per_minute]')" = '[[],null]' ]
settle
areq "$PO" GET /api/v1/auth
expect_status 204 "  now from anywhere"
PN=$(ctl rotate "$POID" --grace 600 --until-used --quiet)
remember "$PN"
areq "$PO" GET /api/v1/auth
expect_status 204 "rotate --until-used: the old secret works until the new one is used"
areq "$PN" GET /api/v1/auth
expect_status 204 "  the new one is used"
wait_refused() { areq "$PO" GET /api/v1/auth; [ "$STATUS" = 401 ]; }
check "  then the old one is refused" wait_for 5 wait_refused
j=$(printf '%s\n\n%s\n' "$PN" "giot_1nothing" | ctl --json revoke-leaked)
check "revoke-leaked: the secrets on stdin ($(jq -c . <<<"$j"))" \
	[ "$(jq -c '[.revoked, .unknown + .malformed]' <<<"$j")" = '[1,1]' ]
check "  the token is revoked" [ "$(ctl --json token-show "$POID" | jq -r .status)" = revoked ]
rc=$(t65_rc ctl revoke-leaked </dev/null)
check "revoke-leaked with nothing on stdin: exit 2 ($rc)" [ "$rc" = 2 ]
rc=$(t65_rc ctl tenant-set "$T65" --webhook-url ftp://example.com/hook)
check "tenant-set --webhook-url: the API's rules (ftp refused), exit 1 ($rc)" \
	holds "$([ "$rc" = 1 ] && grep -q webhook_url "$TMP/t65.err"; echo $?)"

j=$(ctl --json revoke "$OID" --cascade)
check "revoke --cascade --json" [ "$(jq -c '[.status, .cascade]' <<<"$j")" = '["revoked",true]' ]
check "token-show --json: revoked" [ "$(ctl --json token-show "$OID" | jq -r .status)" = revoked ]
acts=$(ctl --json audit --tenant "$T65" | jq -r '[.items[].action] | unique | join(",")')
check "audit --json --tenant: the tenant's events ($acts)" \
	holds "$([[ "$acts" == *token.rotate* && "$acts" == *token.revoke* && "$acts" == *tenant.create* ]]; echo $?)"
n=$(ctl audit --tenant "$T65" --limit 3 | wc -l)
check "audit (table) --limit 3: a header and 3 rows ($n)" [ "$n" = 4 ]
out=$(ctl tenant-delete "$T65")
check "tenant-delete ($out)" [ "$(ctl --json tenant-show "$T65" 2>/dev/null | jq -r .status)" != active ]
