# Apache in front of the same workers (conf/apache.conf.in started by
# conf/apache.sh): the API through mod_proxy_fcgi, and mod_authnz_fcgi's
# AUTHORIZER role guarding an example service; /metrics.
# shellcheck shell=bash

# Apache must be stopped whatever happens below, and this file is sourced:
# chain the stop in front of run.sh's own EXIT trap, and put that trap back
# at the end.
t85_stop() { STATE_DIR=$STACK_STATE "$top_srcdir/conf/apache.sh" stop >>"$TMP/apache-stop.out" 2>&1; }
t85_trap=$(trap -p EXIT)
if [ -n "$t85_trap" ]; then
	eval "t85_prev=( ${t85_trap#trap -- } )"	# ( 'command' EXIT )
	# shellcheck disable=SC2064,SC2154 # expanded now, on purpose
	trap "t85_stop; ${t85_prev[0]}" EXIT
else
	trap t85_stop EXIT
fi

# Free ports below the ephemeral range (a client's connection in TIME_WAIT
# on a port would keep Apache from binding it), none of the ones given.
t85_port() {
	local lo=30000 hi eph p
	read -r eph _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || eph=32768
	hi=$((eph < 40000 ? eph : 40000))
	[ "$hi" -gt $((lo + 100)) ] || { lo=20000; hi=40000; }
	while :; do
		p=$((lo + RANDOM % (hi - lo)))
		[[ " $* " == *" $p "* ]] && continue
		ss -Htan "sport = :$p" | grep -q . && continue
		echo "$p"
		return
	done
}
A_PORT=$(t85_port "$PORT" "$STACK_EXAMPLE_PORT")
A_AUTHZ=$(t85_port "$PORT" "$STACK_EXAMPLE_PORT" "$A_PORT")
A_EXAMPLE=$(t85_port "$PORT" "$STACK_EXAMPLE_PORT" "$A_PORT" "$A_AUTHZ")

if STATE_DIR=$STACK_STATE APACHE_PORT=$A_PORT AUTHZ_PORT=$A_AUTHZ APACHE_EXAMPLE_PORT=$A_EXAMPLE \
    "$top_srcdir/conf/apache.sh" start >"$TMP/apache.out" 2>&1; then
	pass "Apache starts on port $A_PORT (authorizer pool on $A_AUTHZ, example service on $A_EXAMPLE)"
	t85_up=1
else
	fail "Apache starts on port $A_PORT"
	sed 's/^/# /' "$TMP/apache.out" "$STACK_STATE/apache-error.log" 2>/dev/null | tail -30
	t85_up=0
fi

if [ "$t85_up" = 1 ]; then
	t85_nginx=$BASE
	BASE=http://127.0.0.1:$A_PORT

	AP_ADMIN=$(new_token '*' read,write,create,delete "apache-admin-$(unique a)")
	AP_XA=$(unique xa); AP_XB=$(unique xb)

	# The API through mod_proxy_fcgi.
	req GET /api/v1/health
	t85_health() { is_status 200 && [[ "$(header content-type)" == application/json* ]] && [ "$(jb .status)" = ok ]; }
	check "Apache: GET /api/v1/health answers 200 {\"status\":\"ok\"}" t85_health
	ajson "$AP_ADMIN" POST /api/v1/tenants "{\"id\":\"$AP_XA\",\"name\":\"Apache A\"}"
	check "Apache: the bearer token reaches the worker: POST /tenants (JSON) 201" is_status 201
	check "Apache: the audit trail records the client address (REMOTE_ADDR)" \
		[ "$(sql "SELECT client_addr FROM audit WHERE action LIKE 'tenant%' AND target_id = '$AP_XA' ORDER BY seq DESC LIMIT 1")" = 127.0.0.1 ]
	ajson "$AP_ADMIN" POST /api/v1/tenants "{\"id\":\"$AP_XB\",\"name\":\"Apache B\"}"
	expect_status 201 "Apache: a second tenant"
	ajson "$AP_ADMIN" POST /api/v1/tokens "{\"name\":\"ap-json\",\"tenant\":\"$AP_XA\",\"permissions\":[\"read\",\"create\"]}"
	AP_R=$(jb .token); remember "$AP_R"; AP_RID=$(jb .id)
	t85_created() { is_status 201 && [[ "$AP_R" == giot_* ]] && [ "$(jb '.permissions|join(",")')" = read,create ]; }
	check "Apache: POST /tokens (JSON) 201 with the secret once" t85_created
	areq "$AP_R" GET /api/v1/tokens/self
	check "Apache: the new token authenticates" [ "$STATUS|$(jb .id)" = "200|$AP_RID" ]
	req POST /api/v1/tokens -H "Authorization: Bearer $AP_ADMIN" \
		--data-urlencode "name=ap form" --data-urlencode "tenant=$AP_XA" \
		--data-urlencode "permissions=read" --data-urlencode "permissions=write" \
		--data-urlencode "description=from a form"
	AP_F=$(jb .token); remember "$AP_F"
	check "Apache: a form-urlencoded POST /tokens 201" \
		[ "$STATUS|$(jb '[.name, .tenant, (.permissions|join(",")), .description] | join("|")')" = "201|ap form|$AP_XA|read,write|from a form" ]
	ajson "$AP_ADMIN" POST /api/v1/tokens "{\"name\":\"ap-other\",\"tenant\":\"$AP_XB\",\"permissions\":[\"read\"]}"
	remember "$(jb .token)"
	areq "$AP_ADMIN" GET "/api/v1/tokens?tenant=$AP_XA&status=active&q=FORM&limit=10"
	check "Apache: the query string reaches the worker: GET /tokens?tenant&status&q filters" \
		[ "$STATUS|$(jb '[.items[].name] | join(",")')" = "200|ap form" ]
	areq "$AP_ADMIN" GET "/api/v1/tokens?tenant=$AP_XA&limit=1"
	check "Apache: ... and limit (one of two, with a cursor)" \
		[ "$STATUS|$(jb '.items|length')|$(jb '.next_cursor != null')" = "200|1|true" ]
	areq "$AP_ADMIN" GET /api/v1/no-such-thing
	t85_404() { is_problem 404 && [ "$(jb .code)" = not_found ]; }
	check "Apache: an unknown API path is the worker's 404 problem+json" t85_404
	req PUT /api/v1/health
	t85_405() { is_problem 405 && [ "$(jb .code)" = method_not_allowed ] && [ -n "$(header allow)" ]; }
	check "Apache: a wrong method is the worker's 405 problem+json with Allow" t85_405
	head -c 70000 /dev/zero | tr '\0' ' ' >"$TMP/apache-big.json"
	areq "$AP_ADMIN" POST /api/v1/tokens -H 'Content-Type: application/json' --data-binary @"$TMP/apache-big.json"
	expect_problem 413 "Apache: a body over the limit"
	printf '{"name":"ap-chunked","tenant":"%s","permissions":["read"]}%40000s' "$AP_XA" "" >"$TMP/apache-chunked.json"
	areq "$AP_ADMIN" POST /api/v1/tokens -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' --data-binary @"$TMP/apache-chunked.json"
	check "Apache: a chunked body is read whole (201)" holds "$([ "$STATUS" = 201 ] && [ "$(jb .name)" = ap-chunked ]; echo $?)"
	remember "$(jb .token)"
	{ printf '{"name":"ap-chunked-big","description":"'; head -c 70000 /dev/zero | tr '\0' d; printf '"}'; } >"$TMP/apache-chunked-big.json"
	areq "$AP_ADMIN" POST /api/v1/tokens -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' --data-binary @"$TMP/apache-chunked-big.json"
	expect_problem 413 "Apache: a chunked body over the limit"
	t85_roles() { REQUEST_METHOD=GET REQUEST_URI=/api/v1/tokens SCRIPT_NAME=/api/v1/tokens cgi-fcgi -bind -connect "127.0.0.1:$A_AUTHZ" 2>/dev/null | tr -d '\r' | grep -q '^Status: 403'; }
	check "the authorizer pool refuses the responder role (403)" t85_roles
	req GET /no-such-place
	expect_problem 404 "Apache: a path outside the API is a 404 problem+json too"
	req GET /cockpit/login
	check "Apache: the cockpit answers through the same pool" [ "$STATUS" = 200 ]

	# The authorizer (FastCGI AUTHORIZER role) in front of /example/.
	ajson "$AP_ADMIN" POST /api/v1/tokens "{\"name\":\"ap-rw\",\"tenant\":\"$AP_XA\",\"permissions\":[\"read\",\"write\",\"create\",\"delete\"]}"
	AP_RW=$(jb .token); remember "$AP_RW"
	AP_RO=$(new_token "$AP_XA" read "ap-ro")
	AP_ROID=$(sql "SELECT id FROM tokens WHERE tenant_id = '$AP_XA' AND name = 'ap-ro'")
	T85_EXLOG=$STACK_STATE/apache-example.log
	# Apache logs a request after answering it: wait for the line.
	seen() { wc -l <"$T85_EXLOG" 2>/dev/null || echo 0; }
	seen_is() { [ "$(seen)" = "$1" ]; }
	last_seen_is() { [ "$(tail -1 "$T85_EXLOG")" = "$1" ]; }

	t85_n0=$(seen)
	areq "$AP_RO" GET /example/things
	check "authorizer: a good token is let through (200)" is_status 200
	check "authorizer: the service got the verified tenant, token id and permissions, no Authorization" \
		[ "$BODY" = "service: GET /example/things tenant=$AP_XA token=$AP_ROID permissions=read authorization=" ]
	check "authorizer: the service logged that request" wait_for 2 last_seen_is "GET /example/things tenant=$AP_XA token=$AP_ROID permissions=read authorization=-"
	t85_no_leak() { [ -z "$(header cache-control)" ] && [ -z "$(header x-content-type-options)" ] && ! header variable-x-tenant-id | grep -q .; }
	check "authorizer: its own response headers do not reach the client" t85_no_leak
	areq "$AP_RO" GET /example/things -H "X-Tenant-Id: $AP_XA"
	check "authorizer: its own tenant addressed (X-Tenant-Id)" [ "$STATUS|$BODY" = "200|service: GET /example/things tenant=$AP_XA token=$AP_ROID permissions=read authorization=" ]
	areq "$AP_RO" GET /example/things -H 'X-Token-Id: tok_forged' -H 'X-Token-Permissions: read,write,create,delete'
	check "authorizer: forged X-Token-Id / X-Token-Permissions are replaced by the verified ones" \
		[ "$STATUS|$BODY" = "200|service: GET /example/things tenant=$AP_XA token=$AP_ROID permissions=read authorization=" ]
	areq "$AP_ADMIN" GET /example/things -H "X-Tenant-Id: $AP_XB"
	t85_any() { is_status 200 && [[ "$BODY" == *" tenant=$AP_XB "* ]]; }
	check "authorizer: a * token may address any tenant" t85_any
	areq "$AP_RW" POST /example/things -H 'Content-Type: application/json' -d '{"big":"body"}'
	check "authorizer: a POST with create passes" [ "$STATUS|${BODY%% tenant=*}" = "200|service: POST /example/things" ]
	areq "$AP_RW" DELETE /example/things/1
	check "authorizer: a DELETE with delete passes" [ "$STATUS|${BODY%% tenant=*}" = "200|service: DELETE /example/things/1" ]
	check "the service saw the 6 allowed requests" wait_for 2 seen_is $((t85_n0 + 6))

	t85_n1=$(seen)
	areq "$AP_RO" GET /example/things -H "X-Tenant-Id: $AP_XB"
	expect_problem 403 "authorizer: another tenant's X-Tenant-Id"
	areq "$AP_RO" GET /example/things -H "X-Tenant-Id: $AP_XA" -H "X-Tenant-Id: $AP_XB"
	expect_problem 403 "authorizer: two X-Tenant-Id headers"
	areq "$AP_RO" GET /example/things -H 'X-Tenant-Id: *'
	expect_problem 403 "authorizer: a tenant token addressing all tenants"
	areq "$AP_RO" POST /example/things -H 'Content-Type: application/json' -d '{"big":"body"}'
	expect_problem 403 "authorizer: a read-only token with POST"
	areq "$AP_RO" DELETE /example/things/1
	expect_problem 403 "authorizer: a read-only token with DELETE"
	req GET /example/things
	expect_problem 401 "authorizer: no token"
	check "authorizer: the 401 carries WWW-Authenticate: Bearer" bash -c "[[ '$(header www-authenticate)' == Bearer* ]]"
	req GET /example/things -H "Authorization: Basic $(printf 'user:pass' | base64)"
	expect_problem 401 "authorizer: Basic credentials"
	areq "giot_1bad" GET /example/things
	expect_problem 401 "authorizer: a malformed token"
	areq "giot_1${AP_RO:6:30}xxxxxxxx" GET /example/things
	expect_problem 401 "authorizer: a mistyped token (bad checksum)"
	areq "$(ctl gen-token)" GET /example/things
	expect_problem 401 "authorizer: a well-formed unknown token"
	AP_V=$(new_token "$AP_XA" read "ap-revoked")
	areq "$AP_V" GET /example/things
	check "authorizer: the token to revoke works first" is_status 200
	t85_n1=$((t85_n1 + 1))
	wait_for 2 seen_is "$t85_n1"
	ctl revoke "$(sql "SELECT id FROM tokens WHERE tenant_id = '$AP_XA' AND name = 'ap-revoked'")" >/dev/null
	sleep 1
	areq "$AP_V" GET /example/things
	expect_problem 401 "authorizer: a revoked token, 1 s after the revoke"
	sleep 0.3
	check "the service never saw a refused request ($(( $(seen) - t85_n1 )))" seen_is "$t85_n1"
	check "the service never saw another tenant's id from a tenant token" bash -c "! grep -q 'tenant=$AP_XB token=$AP_ROID' '$T85_EXLOG'"

	# /metrics through mod_proxy_fcgi, from loopback only.
	req GET /metrics
	t85_metrics() { is_status 200 && [[ "$(header content-type)" == text/plain* ]]; }
	check "Apache: /metrics from loopback (Prometheus text)" t85_metrics
	check "  it counts the authorizer's decisions" bash -c "printf '%s' \"\$0\" | grep -q '^tenantapi_auth_decisions_total{outcome=\"allowed\"}'" "$BODY"

	# Secrets: Apache logs no token (LogLevel below trace2, paths only).
	t85_logs=("$STACK_STATE"/apache-access.log "$STACK_STATE"/apache-error.log "$T85_EXLOG")
	t85_found=0
	for t85_s in "$AP_R" "$AP_F" "$AP_RW" "$AP_RO" "$AP_V" "$AP_ADMIN"; do
		grep -qF "${t85_s:6:24}" "${t85_logs[@]}" 2>/dev/null && t85_found=$((t85_found + 1))
	done
	check "no token secret in Apache's logs" [ "$t85_found" = 0 ]

	# The gate fails closed: with the authorizer pool gone, Apache answers 500.
	kill -TERM "$(cat "$STACK_STATE/authz-pool.pid")" 2>/dev/null
	t85_authz_down() { ! (exec 3<>"/dev/tcp/127.0.0.1/$A_AUTHZ") 2>/dev/null; }
	wait_for 10 t85_authz_down
	t85_n2=$(seen)
	areq "$AP_RO" GET /example/things
	check "authorizer pool down: 500 problem+json, not a pass" is_problem 500
	sleep 0.3
	check "  and the service saw nothing" seen_is "$t85_n2"

	BASE=$t85_nginx
fi

t85_pids=$(cat "$STACK_STATE"/apache.pid.own "$STACK_STATE"/authz-pool.pid "$STACK_STATE"/apache-pool.pid 2>/dev/null)
t85_stop
t85_stopped() { local p; for p in $t85_pids; do ! kill -0 "$p" 2>/dev/null || return 1; done; ! pgrep -f "$STACK_STATE/apache.conf" >/dev/null; }
check "Apache and its worker pools stopped" t85_stopped
if [ -n "$t85_trap" ]; then eval "$t85_trap"; else trap - EXIT; fi
