# SPDX-License-Identifier: ISC
# Health, routing errors, nginx's own errors, response headers, logs.
# shellcheck shell=bash

req GET /api/v1/health
expect_status 200 "GET /api/v1/health"
check "health body is {\"status\":\"ok\"}" [ "$(jb -c .)" = '{"status":"ok"}' ]
check "health is application/json" bash -c "[[ '$(header content-type)' == application/json* ]]"
check "responses are not cached" [ "$(header cache-control)" = no-store ]

req HEAD /api/v1/health
# curl -I prints the head where the body would be: no JSON may follow it.
check "HEAD health: 200 without a body" holds "$([ "$STATUS" = 200 ] && ! grep -q '[{}]' <<<"$BODY"; echo $?)"

req GET /api/v1/nope
expect_problem 404 "unknown API route"
req POST /api/v1/health
expect_problem 405 "wrong method"
check "405 names the allowed methods" bash -c "[[ '$(header allow)' == *GET* ]]"
req DELETE /api/v1/health
expect_problem 405 "DELETE on health"
req GET /somewhere-else
expect_problem 404 "path outside the API (nginx)"
req GET "/api/v1/health%2F..%2F..%2Fetc%2Fpasswd"
expect_problem 404 "encoded path traversal"
req GET "/api/v1/%00"
expect_4xx "percent-encoded NUL in the path"
req GET "/api/v1/$(head -c 20000 /dev/zero | tr '\0' a)"
expect_4xx "overlong URL"
req GET /api/v1/health -H "X-Big: $(head -c 40000 /dev/zero | tr '\0' a)"
expect_4xx "overlong header"

req GET /api/v1/health -H 'X-Request-Id: trace-me-123'
t00_rid() { tail -n 50 "$STACK_STATE/nginx-access.log" | grep '"GET /api/v1/health" 200' | tail -1 | sed 's/.*id=//'; }
t00_server_id() { local id; id=$(t00_rid); [ -n "$id" ] && grep -q "id=$id " "$STACK_STATE/workers.log"; }
check "the request id logged is the server's, not the client's X-Request-Id" \
	holds "$(wait_for 2 t00_server_id && ! grep -q 'trace-me-123' "$STACK_STATE/workers.log"; echo $?)"
req GET '/api/v1/health?secret=hunter2'
check "the query string is not logged" bash -c "! grep -q hunter2 '$STACK_STATE/workers.log' && ! grep -q hunter2 '$STACK_STATE/nginx-access.log'"
