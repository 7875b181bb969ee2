# SPDX-License-Identifier: ISC
# Expiry notices (SPEC §8): ?expiring_within, a tenant's webhook_url and
# its secret (shown once, stored sealed), and tenantctl notify-expiring
# against a receiver on loopback: 30, 7 and 1 days before, each once,
# signed, retried after failures, refused by the SSRF rules when the
# configuration does not allow private addresses.
# shellcheck shell=bash

N_ADMIN=$(new_token '*' read,write,create,delete "admin-$(unique n)")
NT=$(unique nt)
NT2=$(unique nu)
N_PORT=$(free_port 10000 20000)
N_LOG=$TMP/webhook.log
N_MODE=$TMP/webhook.mode
N_HOOK="http://127.0.0.1:$N_PORT/hook"
: >"$N_LOG"
n_listening() { ss -Hltn "sport = :$N_PORT" | grep -q .; }
# n_start [MODE]: the receiver (ok, fail or redirect), on loopback only.
n_start() {
	echo "${1:-ok}" >"$N_MODE"
	python3 "$top_srcdir/tests/e2e/webhook_receiver.py" "$N_PORT" "$N_LOG" "$N_MODE" &
	N_PID=$!
	wait_for 10 n_listening
}
n_stop() { kill "$N_PID" 2>/dev/null; wait "$N_PID" 2>/dev/null; N_PID=; }
n_date() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }
# n_token NAME [TENANT] [JSON fields]: a token expiring in 60 days; its id.
n_token() {
	ajson "$N_ADMIN" POST /api/v1/tokens "{\"name\":\"$1\",\"tenant\":\"${2:-$NT}\",\"permissions\":[\"read\"],\"expires_at\":\"$(n_date '+60 days')\"${3:+,$3}}"
	remember "$(jb .token)"
	jb .id
}
# n_shift ID HOURS: the token now expires that many hours from now.
n_shift() { sql "UPDATE tokens SET expires_at = UTC_TIMESTAMP() + INTERVAL $2 HOUR WHERE id = '$1'"; }
# n_notify [ARGS]: one run; N_OUT its output, N_RC its exit status.
n_notify() { N_OUT=$(ctl notify-expiring "$@" 2>&1); N_RC=$?; }
# The receiver's log as "status path token days_left sig_ok ct event tenant
# expires_at fields" lines, the signature checked with SECRET over the
# bytes received.
n_log() {
	python3 - "$N_LOG" "$1" <<-'EOF'
		import base64, hashlib, hmac, json, sys
		for line in open(sys.argv[1]):
		    r = json.loads(line)
		    body = base64.b64decode(r["body_b64"])
		    want = "sha256=" + hmac.new(sys.argv[2].encode(), body, hashlib.sha256).hexdigest()
		    e = json.loads(body)
		    t = e.get("token", {})
		    print(r["status"], r["path"], t.get("id"), e.get("days_left"),
		          int(hmac.compare_digest(want, r["signature"] or "")), r["content_type"],
		          e.get("event"), e.get("tenant"), t.get("expires_at"),
		          ",".join(e.keys()) + "/" + ",".join(t.keys()))
	EOF
}
# Deliveries the receiver took (204), as sorted "token days" lines.
n_taken() { n_log "$N_SECRET" | awk '$1 == 204 {print $3, $4}' | sort; }
n_row() { sql "SELECT CONCAT_WS(' ', n.days, n.sent_at IS NOT NULL, n.attempts, IFNULL(n.last_status, '-'), IFNULL(n.last_error, '-')) FROM token_notices n JOIN tokens t ON t.seq = n.token_seq WHERE t.id = '$1' AND n.days = $2"; }

# --- the webhook and its secret -------------------------------------------
ajson "$N_ADMIN" POST /api/v1/tenants "{\"id\":\"$NT\",\"name\":\"Notices\",\"webhook_url\":\"$N_HOOK\"}"
N_FIRST=$(jb .webhook_secret); remember "$N_FIRST"
check "POST /tenants with webhook_url: 201, the URL and a new secret ($STATUS)" holds "$([ "$STATUS" = 201 ] && [ "$(jb .webhook_url)" = "$N_HOOK" ] && [[ "$N_FIRST" =~ ^whsec_[A-Za-z0-9_-]{43}$ ]]; echo $?)"
areq "$N_ADMIN" GET "/api/v1/tenants/$NT"
check "GET shows webhook_url, never the secret" holds "$([ "$(jb .webhook_url)" = "$N_HOOK" ] && [ "$(jb 'has("webhook_secret")')" = false ] && [[ "$BODY" != *whsec_* ]]; echo $?)"
areq "$N_ADMIN" GET "/api/v1/tenants?limit=200"
check "the tenant list shows no secret either" holds "$([ "$STATUS" = 200 ] && [[ "$BODY" != *whsec_* ]]; echo $?)"
n_own=$(new_token "$NT" read,write "own-writer")
n_reader=$(new_token "$NT" read "own-reader")
ajson "$n_own" PATCH "/api/v1/tenants/$NT" "{\"webhook_url\":\"$N_HOOK\"}"
N_SECRET=$(jb .webhook_secret); remember "$N_SECRET"
check "the tenant's own token with write sets the webhook: 200 and a new secret" holds "$([ "$STATUS" = 200 ] && [[ "$N_SECRET" =~ ^whsec_ ]] && [ "$N_SECRET" != "$N_FIRST" ]; echo $?)"
ajson "$n_reader" PATCH "/api/v1/tenants/$NT" "{\"webhook_url\":\"$N_HOOK/other\"}"
expect_problem 403 "a token of the tenant without write cannot"
new_tenant "$NT2"
n_other=$(new_token "$NT2" read,write "other-writer")
ajson "$n_other" PATCH "/api/v1/tenants/$NT" "{\"webhook_url\":\"$N_HOOK/other\"}"
expect_problem 404 "another tenant's token cannot (404)"
ajson "$N_ADMIN" PATCH "/api/v1/tenants/$NT" '{"name":"Notices renamed"}'
check "a PATCH without webhook_url answers no secret and keeps the URL" holds "$([ "$STATUS" = 200 ] && [ "$(jb 'has("webhook_secret")')" = false ] && [ "$(jb .webhook_url)" = "$N_HOOK" ]; echo $?)"
for n_bad in '"ftp://127.0.0.1/hook"' '"not a url"' '"hooks.example.com/x"' '"https://user:pw@hooks.example.com/"' '"https://hooks.example.com/#x"' '"https://2130706433/"' '7' "\"https://h.example/$(head -c 1100 /dev/zero | tr '\0' a)\""; do
	ajson "$N_ADMIN" PATCH "/api/v1/tenants/$NT2" "{\"webhook_url\":$n_bad}"
	check "webhook_url ${n_bad:0:40}: 422 on webhook_url" holds "$([ "$STATUS" = 422 ] && [ "$(jb '.errors[0].field')" = webhook_url ]; echo $?)"
done
ajson "$n_other" PATCH "/api/v1/tenants/$NT2" "{\"webhook_url\":\"$N_HOOK/two\"}"
remember "$(jb .webhook_secret)"
ajson "$n_other" PATCH "/api/v1/tenants/$NT2" '{"webhook_url":null}'
check "webhook_url null removes it, and answers no secret" holds "$([ "$STATUS" = 200 ] && [ "$(jb .webhook_url)" = null ] && [ "$(jb 'has("webhook_secret")')" = false ]; echo $?)"
check "  its sealed secret is gone too" [ "$(sql "SELECT webhook_url IS NULL AND webhook_secret_box IS NULL FROM tenants WHERE id = '$NT2'")" = 1 ]
n_core=${N_SECRET:6:24}
check "the secret is stored sealed: a box of 89 bytes, not the secret" [ "$(sql "SELECT LENGTH(webhook_secret_box) = 89 AND INSTR(webhook_secret_box, '$n_core') = 0 AND INSTR(HEX(webhook_secret_box), HEX('$n_core')) = 0 FROM tenants WHERE id = '$NT'")" = 1 ]
mariadb-dump --no-defaults --socket="$STACK_DB_SOCK" -u "$(id -un)" tenantapi >"$TMP/n_dump.sql" 2>/dev/null
check "no webhook secret in a dump of the database" holds "$([ -s "$TMP/n_dump.sql" ] && ! grep -qF "$n_core" "$TMP/n_dump.sql" && ! grep -qF "${N_FIRST:6:24}" "$TMP/n_dump.sql"; echo $?)"
n_audit=$(sql "SELECT GROUP_CONCAT(CONCAT(action, ' ', IFNULL(detail, '')) ORDER BY seq SEPARATOR ' | ') FROM audit WHERE target_id = '$NT' AND action IN ('tenant.create', 'tenant.webhook')")
check "audited (tenant.create, tenant.webhook with the URL), without the secret" holds "$([[ "$n_audit" == *"tenant.create"*"$N_HOOK"*"tenant.webhook"*"$N_HOOK"* ]] && [[ "$n_audit" != *whsec_* ]]; echo $?)"

# --- tokens at 30, 7, 5 and 1 days, and others that get nothing ------------
n30=$(n_token n30); n_shift "$n30" $((30 * 24 - 2))
n7=$(n_token n7); n_shift "$n7" $((7 * 24 - 2))
n5=$(n_token n5); n_shift "$n5" $((5 * 24))
n1=$(n_token n1); n_shift "$n1" 22
n40=$(n_token n40); n_shift "$n40" $((40 * 24))
npend=$(n_token npending "$NT" '"status":"pending"'); n_shift "$npend" 22
nrev=$(n_token nrevoked); n_shift "$nrev" 22
areq "$N_ADMIN" DELETE "/api/v1/tokens/$nrev"
nexp=$(n_token nexpired); n_shift "$nexp" -2
nnohook=$(n_token nnohook "$NT2"); n_shift "$nnohook" 22
nstar=$(n_token nstar '*'); n_shift "$nstar" 22
check "tokens made (8 in the tenant with a webhook, 2 without)" holds "$(for i in "$n30" "$n7" "$n5" "$n1" "$n40" "$npend" "$nrev" "$nexp" "$nnohook" "$nstar"; do [ -n "$i" ] && [ "$i" != null ] || exit 1; done; echo 0)"

# --- ?expiring_within ------------------------------------------------------
n_ids() { jb '[.items[].id] | sort | join(" ")'; }
n_sorted() { printf '%s\n' "$@" | sort | tr '\n' ' ' | sed 's/ $//'; }
areq "$N_ADMIN" GET "/api/v1/tokens?tenant=$NT&expiring_within=8"
check "expiring_within=8: the active tokens expiring within 8 days (not pending, revoked or expired)" [ "$(n_ids)" = "$(n_sorted "$n7" "$n5" "$n1")" ]
areq "$N_ADMIN" GET "/api/v1/tokens?tenant=$NT&expiring_within=31"
check "expiring_within=31: and the 30-day one" [ "$(n_ids)" = "$(n_sorted "$n30" "$n7" "$n5" "$n1")" ]
areq "$N_ADMIN" GET "/api/v1/tokens?tenant=$NT&expiring_within=1"
check "expiring_within=1: the one expiring in 22 hours" [ "$(n_ids)" = "$n1" ]
areq "$N_ADMIN" GET "/api/v1/tokens?tenant=$NT&expiring_within=365&status=active"
check "with status=active: the same five and the 40-day one" [ "$(n_ids)" = "$(n_sorted "$n30" "$n7" "$n5" "$n1" "$n40")" ]
areq "$N_ADMIN" GET "/api/v1/tokens?tenant=$NT&expiring_within=31&limit=3"
n_page1=$(n_ids); n_link=$(header link)
check "paginated: 3 items and a Link that keeps expiring_within" holds "$([ "$(jb '.items | length')" = 3 ] && [[ "$n_link" == *expiring_within=31* ]]; echo $?)"
areq "$N_ADMIN" GET "/api/v1/tokens?tenant=$NT&expiring_within=31&limit=3&cursor=$(jb -r .next_cursor)"
read -ra n_p1 <<<"$n_page1"; read -ra n_p2 <<<"$(n_ids)"
check "  the next page holds the fourth" [ "$(n_sorted "${n_p1[@]}" "${n_p2[@]}")" = "$(n_sorted "$n30" "$n7" "$n5" "$n1")" ]
areq "$n_other" GET "/api/v1/tokens?expiring_within=365"
check "a tenant's token sees only its tenant's ($(jb '.items | length'))" holds "$([ "$STATUS" = 200 ] && [ "$(jb "[.items[].tenant] | unique | join(\" \")")" = "$NT2" ]; echo $?)"
for n_bad in 0 366 -1 1.5 abc '' 7d 99999999999999999999 '7&expiring_within=7'; do
	areq "$N_ADMIN" GET "/api/v1/tokens?expiring_within=$n_bad"
	check "expiring_within=$n_bad: 400 on expiring_within" holds "$(is_problem 400 && [ "$(jb '.errors[0].field')" = expiring_within ]; echo $?)"
done

# --- notify-expiring -------------------------------------------------------
n_start ok
check "the receiver listens on 127.0.0.1:$N_PORT" n_listening
n_notify
check "a run: exit 0 ($N_RC), 4 sent" holds "$([ "$N_RC" = 0 ] && [[ "$N_OUT" == *"4 sent, 0 failed"* ]]; echo $?)"
[ "$N_RC" = 0 ] || diag "$N_OUT"
check "the notices: 30 days, 7 days, 7 days for the one first seen 5 days before, 1 day" [ "$(n_taken)" = "$(printf '%s\n' "$n30 30" "$n7 7" "$n5 7" "$n1 1" | sort)" ]
n_lines=$(n_log "$N_SECRET")
check "every notice signed with the tenant's current secret over the exact body" holds "$([ "$(awk '$5 == 1' <<<"$n_lines" | wc -l)" = 4 ] && [ "$(wc -l <<<"$n_lines")" = 4 ]; echo $?)"
check "  and not with the secret it had before" [ "$(n_log "$N_FIRST" | awk '$5 == 1' | wc -l)" = 0 ]
check "Content-Type application/json, event token.expiring, the tenant, the fields" holds "$([ "$(awk -v t="$NT" '$6 == "application/json" && $7 == "token.expiring" && $8 == t && $10 == "event,tenant,token,days_left/id,name,hint,expires_at"' <<<"$n_lines" | wc -l)" = 4 ]; echo $?)"
areq "$N_ADMIN" GET "/api/v1/tokens/$n7"
check "expires_at in the event is the token's" [ "$(awk -v id="$n7" '$3 == id {print $9}' <<<"$n_lines")" = "$(jb .expires_at)" ]
# README's recipe: openssl over the body as received.
n_first=$(head -1 "$N_LOG")
n_sig=$(jq -r .signature <<<"$n_first")
n_mac=$(jq -r .body_b64 <<<"$n_first" | base64 -d | openssl dgst -sha256 -hmac "$N_SECRET" | awk '{print $NF}')
check "openssl dgst -sha256 -hmac SECRET gives the signature header ($n_sig)" [ "$n_sig" = "sha256=$n_mac" ]
n_bodies() { python3 -c 'import base64, json, sys; [print(base64.b64decode(json.loads(l)["body_b64"]).decode()) for l in open(sys.argv[1])]' "$N_LOG"; }
check "no secret in what was sent ($(n_bodies | wc -l) bodies)" holds "$([ "$(n_bodies | wc -l)" = 4 ] && ! n_bodies | grep -q whsec_; echo $?)"
check "the deliveries are recorded: 4 sent, 1 attempt each" [ "$(sql "SELECT COUNT(*) FROM token_notices n JOIN tokens t ON t.seq = n.token_seq WHERE t.tenant_id = '$NT' AND n.sent_at IS NOT NULL AND n.attempts = 1")" = 4 ]
n_notify
check "a second run: nothing to send, exit 0, nothing more received" holds "$([ "$N_RC" = 0 ] && [[ "$N_OUT" == *"nothing to send"* ]] && [ "$(wc -l <"$N_LOG")" = 4 ]; echo $?)"

# --- failures, retried -----------------------------------------------------
n_stop
n_shift "$n30" $((6 * 24))
n_notify
check "receiver down: the run fails (exit $N_RC) and says so" holds "$([ "$N_RC" != 0 ] && [[ "$N_OUT" == *"0 sent, 1 failed"* ]] && [[ "$N_OUT" == *failed*"$n30"* ]]; echo $?)"
check "  recorded: not sent, 1 attempt, the error ($(n_row "$n30" 7))" holds "$(r=$(n_row "$n30" 7); [[ "$r" == "7 0 1 - "?* ]] && [[ "$r" != *" - -" ]]; echo $?)"
n_notify --json
check "--json: sent 0, failed 1, the notice with its error and attempt 2" holds "$([ "$N_RC" != 0 ] && [ "$(jq -r '[.sent, .failed, .notices[0].token, .notices[0].days_left, .notices[0].sent, .notices[0].attempts, (.notices[0].error | length > 0)] | join(" ")' <<<"$N_OUT")" = "0 1 $n30 7 false 2 true" ]; echo $?)"
n_start ok
n_notify --json
check "receiver back: the next run delivers it (exit $N_RC, status 204)" holds "$([ "$N_RC" = 0 ] && [ "$(jq -r '[.sent, .failed, .notices[0].token, .notices[0].status] | join(" ")' <<<"$N_OUT")" = "1 0 $n30 204" ]; echo $?)"
check "  once: the 7-day notice of that token received once ($(n_taken | grep -c "^$n30 7$"))" [ "$(n_taken | grep -c "^$n30 7$")" = 1 ]
check "  recorded: sent after 3 attempts" [ "$(n_row "$n30" 7 | cut -d' ' -f1-4)" = "7 1 3 204" ]
n_notify
check "  and not again" holds "$([ "$N_RC" = 0 ] && [[ "$N_OUT" == *"nothing to send"* ]]; echo $?)"
# Non-2xx answers and redirects are failures too; a redirect is not followed.
n_shift "$n7" 20
echo fail >"$N_MODE"
n_notify
check "a 500 answer: failed (exit $N_RC), status recorded" holds "$([ "$N_RC" != 0 ] && [ "$(n_row "$n7" 1 | cut -d' ' -f1-4)" = "1 0 1 500" ]; echo $?)"
echo redirect >"$N_MODE"
n_notify
check "a 302 answer: failed, not followed" holds "$([ "$N_RC" != 0 ] && [ "$(n_row "$n7" 1 | cut -d' ' -f1-4)" = "1 0 2 302" ] && ! grep -q elsewhere "$N_LOG"; echo $?)"
echo ok >"$N_MODE"
n_notify
check "then delivered, once" holds "$([ "$N_RC" = 0 ] && [ "$(n_taken | grep -c "^$n7 1$")" = 1 ] && [ "$(n_row "$n7" 1 | cut -d' ' -f1-4)" = "1 1 3 204" ]; echo $?)"
# A new expiry date starts the notices afresh.
ajson "$N_ADMIN" PATCH "/api/v1/tokens/$n1" "{\"expires_at\":\"$(n_date '+20 days')\"}"
n_new1=$(jb .expires_at)
ajson "$N_ADMIN" PATCH "/api/v1/tokens/$n5" "{\"expires_at\":\"$(n_date '+6 days')\"}"
n_new5=$(jb .expires_at)
n_notify
n_at() { n_log "$N_SECRET" | awk -v id="$1" -v d="$2" '$1 == 204 && $3 == id && $4 == d {print $9}' | tail -1; }
check "a token given a new expiry (20 days) gets the 30-day notice for it" holds "$([ "$N_RC" = 0 ] && [ "$(n_taken | grep -c "^$n1 30$")" = 1 ] && [ "$(n_at "$n1" 30)" = "$n_new1" ]; echo $?)"
check "one given another expiry within 7 days gets the 7-day notice again, for the new date" holds "$([ "$(n_taken | grep -c "^$n5 7$")" = 2 ] && [ "$(n_at "$n5" 7)" = "$n_new5" ] && [ "$(n_row "$n5" 7 | cut -d' ' -f1-3)" = "7 1 1" ]; echo $?)"
check "nothing ever went to the tenant without a webhook, a '*' token, or the tokens not due" holds "$(! n_log "$N_SECRET" | awk '{print $3}' | grep -qE "^($nnohook|$nstar|$n40|$npend|$nrev|$nexp)$"; echo $?)"
check "each (token, threshold, expiry) received once in all ($(n_taken | wc -l) deliveries)" [ -z "$(n_log "$N_SECRET" | awk '$1 == 204 {print $3, $4, $9}' | sort | uniq -d)" ]

# --- the SSRF rules, with a configuration that does not allow private ------
NS=$(unique ns)
ajson "$N_ADMIN" POST /api/v1/tenants "{\"id\":\"$NS\",\"name\":\"Strict\",\"webhook_url\":\"http://127.0.0.1:$N_PORT/strict\"}"
remember "$(jb .webhook_secret)"
ns1=$(n_token ns1 "$NS"); n_shift "$ns1" 22
grep -v '^webhook_allow_private' "$STACK_CONF" >"$TMP/strict.conf"
n_strict() { N_OUT=$("$STACK_BUILD/tenantctl" -c "$TMP/strict.conf" notify-expiring 2>&1); N_RC=$?; }
n_got=$(wc -l <"$N_LOG")
n_strict
check "without webhook_allow_private: http refused (exit $N_RC)" holds "$([ "$N_RC" != 0 ] && [[ "$N_OUT" == *"$ns1"*"https"* ]]; echo $?)"
sql "UPDATE tenants SET webhook_url = 'https://127.0.0.1:$N_PORT/strict' WHERE id = '$NS'"
n_strict
check "  https://127.0.0.1 refused: not a public address" holds "$([ "$N_RC" != 0 ] && [[ "$N_OUT" == *"$ns1"*"non-public"* ]]; echo $?)"
sql "UPDATE tenants SET webhook_url = 'https://[::1]:$N_PORT/strict' WHERE id = '$NS'"
n_strict
check "  https://[::1] refused" holds "$([ "$N_RC" != 0 ] && [[ "$N_OUT" == *"non-public"* ]]; echo $?)"
n_host=$(hostname)
n_addr=$(getent ahosts "$n_host" | awk 'NR == 1 {print $1}')
if [ -n "$n_addr" ] && python3 -c "import ipaddress, sys; sys.exit(0 if ipaddress.ip_address('$n_addr').is_global else 1)"; then
	diag "$n_host resolves to a public address: the after-DNS check is left to the unit test"
else
	sql "UPDATE tenants SET webhook_url = 'https://$n_host:$N_PORT/strict' WHERE id = '$NS'"
	n_strict
	check "  a name that resolves to a private address ($n_host: $n_addr) refused after DNS" holds "$([ "$N_RC" != 0 ] && [[ "$N_OUT" == *"resolves to"*"not a public address"* ]]; echo $?)"
fi
check "  the receiver was never called by those runs" [ "$(wc -l <"$N_LOG")" = "$n_got" ]
check "  the attempts are recorded as failures" [ "$(n_row "$ns1" 1 | cut -d' ' -f1-2)" = "1 0" ]
sql "UPDATE tenants SET webhook_url = 'http://127.0.0.1:$N_PORT/strict' WHERE id = '$NS'"
n_notify
check "the tests' configuration then delivers it" holds "$([ "$N_RC" = 0 ] && [ "$(grep -c '"/strict"' "$N_LOG")" = 1 ]; echo $?)"
ns2=$(n_token ns2 "$NS"); n_shift "$ns2" 22
sql "UPDATE tenants SET webhook_url = 'http://localhost:$N_PORT/byname' WHERE id = '$NS'"
n_notify
check "a host name (localhost) is resolved, checked and pinned: delivered" holds "$([ "$N_RC" = 0 ] && [ "$(grep -c '"/byname"' "$N_LOG")" = 1 ]; echo $?)"
ctl notify-expiring --bogus >/dev/null 2>&1
check "an unknown option is refused (exit 2)" [ "$?" = 2 ]
n_stop
