# SPDX-License-Identifier: ISC
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

	# Slow clients (SPEC §7). mod_proxy_fcgi streams a body to the worker
	# as it comes: the worker gives up on a body after body_timeout in all
	# (408 body_timeout), and mod_reqtimeout cuts it in Apache first.
	t85_bt=$(awk -F' *= *' '$1 == "body_timeout" { v = $2 } END { print v + 0 }' "$STACK_CONF")
	[ "$t85_bt" -gt 0 ] || t85_bt=5
	t85_sock=$(sed -n 's/^APACHE_FCGI_SOCKET=//p' "$STACK_STATE/apache.env")
	# Apache's responder pool: its own as root (WORKERS), else the stack's
	# first pool (conf/apache.sh).
	if [ "$t85_sock" = "$STACK_STATE/fcgi-1.sock" ]; then
		t85_nw=$STACK_WORKERS
	else
		t85_nw=${WORKERS:-${STACK_WORKERS:-2}}
	fi

	# At the worker itself, no web server in between: one byte a second,
	# every read in time, and still 408 once the whole body has taken
	# body_timeout. Both media: problem+json for the API, a page for the
	# cockpit.
	t85_trickle() { local i; for ((i = 0; i < 3 * t85_bt; i++)); do printf x; sleep 1; done; }
	t85_direct() {	# NAME PATH CONTENT_TYPE [AUTHORIZATION]
		local s e tp
		# Opened here (a builtin), so that $! is the trickle's PID.
		exec 4< <(t85_trickle)
		tp=$!
		s=$(date +%s%3N)
		env REQUEST_METHOD=POST REQUEST_URI="$2" SCRIPT_NAME="$2" CONTENT_TYPE="$3" \
		    CONTENT_LENGTH=100 ${4:+"HTTP_AUTHORIZATION=$4"} \
		    timeout 30 cgi-fcgi -bind -connect "$t85_sock" <&4 >"$TMP/t85-direct.$1.raw" 2>/dev/null
		e=$(date +%s%3N)
		exec 4<&-
		kill "$tp" 2>/dev/null
		tr -d '\r' <"$TMP/t85-direct.$1.raw" >"$TMP/t85-direct.$1"
		echo $((e - s)) >"$TMP/t85-direct.$1.ms"
	}
	t85_direct api /api/v1/tenants application/json "Bearer $AP_ADMIN" &
	t85_dpids=($!)
	t85_direct cockpit /cockpit/login application/x-www-form-urlencoded &
	t85_dpids+=($!)
	wait "${t85_dpids[@]}"
	t85_dms() { cat "$TMP/t85-direct.$1.ms" 2>/dev/null || echo 99999; }
	t85_direct_api() {
		grep -q '^Status: 408' "$TMP/t85-direct.api" &&
		grep -q '^Content-Type: application/problem+json' "$TMP/t85-direct.api" &&
		[ "$(tail -n 1 "$TMP/t85-direct.api" | jq -r .code)" = body_timeout ] &&
		[ "$(t85_dms api)" -ge $((t85_bt * 1000 - 500)) ] && [ "$(t85_dms api)" -le $((t85_bt * 1000 + 1000)) ]
	}
	check "worker: a body trickled a byte a second gets 408 body_timeout after body_timeout ($t85_bt s) in all ($(t85_dms api) ms)" t85_direct_api
	t85_direct_cockpit() {
		grep -q '^Status: 408' "$TMP/t85-direct.cockpit" &&
		grep -q '^Content-Type: text/html' "$TMP/t85-direct.cockpit" &&
		[ "$(t85_dms cockpit)" -le $((t85_bt * 1000 + 1000)) ]
	}
	check "worker: the same on /cockpit/login, an HTML 408 ($(t85_dms cockpit) ms)" t85_direct_cockpit
	# A web server may still be sending when the deadline passes (Apache
	# streams the body): its writes must not fail, or it drops the 408.
	# One byte, a wait past body_timeout, one more byte, then the answer.
	t85_late() {
		python3 - "$t85_sock" "$t85_bt" 2>"$TMP/t85-late.err" <<-'EOF'
		import socket, struct, sys, time
		def rec(t, body=b""):
		    return struct.pack(">BBHHBx", 1, t, 1, len(body), 0) + body
		def pair(k, v):
		    return bytes([len(k), len(v)]) + k + v
		addr, bt = sys.argv[1], int(sys.argv[2])
		if addr.startswith("/"):
		    s = socket.socket(socket.AF_UNIX); s.connect(addr)
		else:
		    h, p = addr.rsplit(":", 1); s = socket.create_connection((h, int(p)))
		s.settimeout(30)
		env = b"".join(pair(k, v) for k, v in [
		    (b"REQUEST_METHOD", b"POST"), (b"REQUEST_URI", b"/cockpit/login"),
		    (b"SCRIPT_NAME", b"/cockpit/login"), (b"CONTENT_LENGTH", b"100"),
		    (b"CONTENT_TYPE", b"application/x-www-form-urlencoded")])
		s.sendall(rec(1, b"\0\1\0\0\0\0\0\0") + rec(4, env) + rec(4) + rec(5, b"x"))
		time.sleep(bt + 0.5)
		try:
		    s.sendall(rec(5, b"y"))
		except OSError as e:
		    sys.exit("the write after the deadline failed: %s" % e)
		out = b""
		while True:
		    d = s.recv(65536)
		    if not d:
		        break
		    out += d
		sys.exit(0 if b"Status: 408" in out else "no 408 in the answer")
		EOF
	}
	check "worker: a web server still sending after body_timeout can write, and gets the 408" t85_late ||
		sed 's/^/#   /' "$TMP/t85-late.err"

	# Through Apache: twice as many unauthenticated clients as its pool has
	# workers, each sending POST /cockpit/login with a 100-byte body one
	# byte every 5 s, reconnecting when cut off, for 60 s; meanwhile a
	# health check every 0.5 s.
	t85_slow() {	# N END: one slow client until END (epoch seconds)
		local s line rc result
		trap '' PIPE
		while [ "$(date +%s)" -lt "$2" ]; do
			s=$(date +%s%3N)
			if ! exec 3<>"/dev/tcp/127.0.0.1/$A_PORT" 2>/dev/null; then
				echo "refused 0" >>"$TMP/t85-slow.$1"
				sleep 0.2
				continue
			fi
			printf 'POST /cockpit/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\nConnection: close\r\n\r\n' >&3
			result=
			while [ -z "$result" ]; do
				printf x >&3 2>/dev/null || { result=dropped; break; }
				IFS= read -r -t 5 line <&3
				rc=$?
				if [ "$rc" = 0 ]; then
					result=${line:9:3}
				elif [ "$rc" -le 128 ]; then
					result=dropped
				elif [ $(($(date +%s%3N) - s)) -gt 30000 ]; then
					result=held
				fi
			done
			exec 3<&-
			echo "$result $(($(date +%s%3N) - s))" >>"$TMP/t85-slow.$1"
		done
	}
	rm -f "$TMP"/t85-slow.* "$TMP/t85-health"
	t85_end=$(($(date +%s) + 60))
	t85_spids=()
	for ((t85_i = 1; t85_i <= 2 * t85_nw; t85_i++)); do
		t85_slow "$t85_i" "$t85_end" &
		t85_spids+=($!)
	done
	sleep 1
	while [ "$(date +%s)" -lt "$t85_end" ]; do
		# (on a failure too, curl writes its line: code 000)
		curl -s -o /dev/null --max-time 20 -w '%{http_code} %{time_total}\n' \
		    "$BASE/api/v1/health" >>"$TMP/t85-health" 2>/dev/null
		sleep 0.5
	done
	t85_slow_done() { local p; for p in "${t85_spids[@]}"; do ! kill -0 "$p" 2>/dev/null || return 1; done; }
	wait_for 40 t85_slow_done || kill "${t85_spids[@]}" 2>/dev/null
	wait "${t85_spids[@]}" 2>/dev/null
	t85_hn=$(wc -l <"$TMP/t85-health")
	t85_h200=$(grep -c '^200 ' "$TMP/t85-health")
	t85_hmin=$(awk '{ ms = $2 * 1000; if (NR == 1 || ms < m) m = ms } END { printf "%d", m }' "$TMP/t85-health")
	t85_hmax=$(awk '{ ms = $2 * 1000; if (ms > m) m = ms } END { printf "%d", m }' "$TMP/t85-health")
	t85_s408=$(cat "$TMP"/t85-slow.* 2>/dev/null | grep -c '^408 ')
	t85_sdrop=$(cat "$TMP"/t85-slow.* 2>/dev/null | grep -c '^dropped ')
	t85_sall=$(cat "$TMP"/t85-slow.* 2>/dev/null | wc -l)
	t85_smax=$(cat "$TMP"/t85-slow.* 2>/dev/null | awk '$2 > m { m = $2 } END { print m + 0 }')
	diag "Apache, $((2 * t85_nw)) slow clients for 60 s: $t85_hn health checks, $t85_h200 answered 200, latency min $t85_hmin ms, max $t85_hmax ms; slow requests: $t85_sall, $t85_s408 answered 408, $t85_sdrop dropped, longest $t85_smax ms"
	check "Apache, $((2 * t85_nw)) slow clients: every health check answered 200 ($t85_h200 of $t85_hn)" \
		holds "$([ "$t85_hn" -ge 10 ] && [ "$t85_h200" = "$t85_hn" ]; echo $?)"
	check "  none waited longer than body_timeout + 2 s (max $t85_hmax ms)" [ "$t85_hmax" -le $((t85_bt * 1000 + 2000)) ]
	check "  every slow request was answered 408 or dropped within body_timeout + 1 s ($t85_s408 + $t85_sdrop of $t85_sall, longest $t85_smax ms)" \
		holds "$([ "$t85_sall" -ge $((2 * t85_nw)) ] && [ "$t85_s408" -ge 1 ] &&
		    [ $((t85_s408 + t85_sdrop)) = "$t85_sall" ] && [ "$t85_smax" -le $((t85_bt * 1000 + 1000)) ]; echo $?)"

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
