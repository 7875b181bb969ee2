# SPDX-License-Identifier: ISC
# TLS to MariaDB (DB_TLS=1, and the cluster mode): the workers' connections
# are TLS, verified against the stack's CA; a wrong CA fails closed, with
# a clear log line and 503.
# shellcheck shell=bash

if [ "${STACK_DB_TLS:-0}" != 1 ]; then
	diag "t_98: the stack does not use TLS to MariaDB (DB_TLS=1 or CLUSTER=1 does): skipped"
else
	t98_port=${STACK_DB_PORT:-${STACK_NODE1_PORT:-}}
	t98_pw=$(cat "$STACK_STATE/db.password")
	t98_db() { MYSQL_PWD=$t98_pw mariadb --no-defaults -h 127.0.0.1 -P "$t98_port" -u tenantapi \
		--connect-timeout=5 -N -B tenantapi "$@"; }

	check "the configuration names the CA and the client certificate" \
		grep -q "^db_ssl_ca = $STACK_TLS_DIR/ca.pem" "$STACK_CONF"
	t98_tcp=$(sql "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = 'tenantapi' AND HOST LIKE '%:%'")
	check "the workers are connected over TCP ($t98_tcp connections)" [ "${t98_tcp:-0}" -ge 1 ]
	check "where MariaDB refuses clear text: a client without TLS is turned away" \
		bash -c "! MYSQL_PWD='$t98_pw' mariadb --no-defaults -h 127.0.0.1 -P '$t98_port' -u tenantapi --skip-ssl --connect-timeout=5 -e 'SELECT 1' tenantapi >/dev/null 2>&1"
	t98_cipher=$(t98_db --ssl-ca="$STACK_TLS_DIR/ca.pem" --ssl-verify-server-cert \
		-e "SHOW SESSION STATUS LIKE 'Ssl_cipher'" 2>&1 | awk '{print $2}')
	check "the server's certificate verifies against the stack's CA for 127.0.0.1 (cipher $t98_cipher)" [ -n "$t98_cipher" ]
	req GET /api/v1/health
	expect_status 200 "the workers answer over TLS"
	check "tenantctl too" bash -c "ctl() { '$STACK_BUILD/tenantctl' -c '$STACK_CONF' \"\$@\"; }; ctl --json tenants | jq -e .items >/dev/null"

	# A pool trusting another CA: it cannot verify the server, so it
	# never connects, says why, and fails closed.
	(
		cd "$TMP" || exit 1
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout t98-other-ca.key -out t98-other-ca.pem -days 2 -subj "/CN=another CA"
	) >"$TMP/t98-openssl.log" 2>&1
	sed -e "s#^db_ssl_ca = .*#db_ssl_ca = $TMP/t98-other-ca.pem#" -e '/^metrics_file/d' "$STACK_CONF" >"$TMP/t98.conf"
	t98_sock=$TMP/t98.sock
	setsid spawn-fcgi -s "$t98_sock" -M 0600 -n -- /usr/bin/multiwatch -f 1 -s TERM -- \
		"$STACK_BUILD/tenantapi" -c "$TMP/t98.conf" </dev/null >"$TMP/t98-workers.log" 2>&1 &
	t98_pid=$!
	wait_for 10 test -S "$t98_sock"
	t98_cgi() {
		REQUEST_METHOD=GET REQUEST_URI=$1 SCRIPT_NAME=$1 REMOTE_ADDR=127.0.0.1 HTTP_AUTHORIZATION=${2:-} \
			cgi-fcgi -bind -connect "$t98_sock" 2>/dev/null | tr -d '\r'
	}
	t98_out=$(t98_cgi /api/v1/health)
	check "a wrong CA: health answers 503 with Retry-After" \
		holds "$(grep -q '^Status: 503' <<<"$t98_out" && grep -qi '^Retry-After:' <<<"$t98_out"; echo $?)"
	t98_tok=$(new_token '*' read "$(unique t98-)")
	t98_out=$(t98_cgi /api/v1/auth "Bearer $t98_tok")
	check "a wrong CA: the gate fails closed (503, not 204)" grep -q '^Status: 503' <<<"$t98_out"
	t98_line=$(grep -m1 'TLS failed' "$TMP/t98-workers.log")
	check "a wrong CA: an error line says TLS failed and why (${t98_line:0:160}...)" \
		holds "$([[ "$t98_line" == *" error: database connect to 127.0.0.1:"*"TLS failed: "*"certificate"*"check db_ssl_ca"* ]]; echo $?)"
	check "the worker stays up (it retries)" kill -0 "$t98_pid"
	kill -TERM "$t98_pid" 2>/dev/null
	wait_for 10 bash -c "! kill -0 $t98_pid 2>/dev/null"
	out=$("$STACK_BUILD/tenantctl" -c "$TMP/t98.conf" tenants 2>&1); rc=$?
	check "tenantctl with a wrong CA fails (1) with the same line (rc $rc)" \
		holds "$([ "$rc" = 1 ] && [[ "$out" == *"TLS failed"* ]]; echo $?)"
fi
