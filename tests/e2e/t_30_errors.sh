# SPDX-License-Identifier: ISC
# Bad input (SPEC section 6): a clear 4xx problem+json, nothing changed.
# shellcheck shell=bash

ADMIN=$(new_token '*' read,write,create,delete "admin-$(unique a)")
TE=$(unique te)
new_tenant "$TE"
ajson "$ADMIN" POST /api/v1/tokens "{\"name\":\"taken\",\"tenant\":\"$TE\",\"permissions\":[\"read\"]}"
remember "$(jb .token)"; EID=$(jb .id)

# bad_create "description" status body [content-type]
bad_create() {
	local d=$1 code=$2 body=$3 ct=${4:-application/json} before
	before=$(fingerprint)
	areq "$ADMIN" POST /api/v1/tokens -H "Content-Type: $ct" --data-binary "$body"
	expect_problem "$code" "$d"
	unchanged "$d" "$before"
}
long() { head -c "$1" /dev/zero | tr '\0' "${2:-x}"; }

bad_create "bad JSON" 400 '{"name": "x",'
bad_create "JSON that is not an object" 400 '["name"]'
bad_create "duplicate JSON keys" 400 "{\"name\":\"a\",\"name\":\"b\",\"tenant\":\"$TE\",\"permissions\":[\"read\"]}"
bad_create "invalid UTF-8 in JSON" 400 "$(printf '{"name":"\xff\xfe","tenant":"%s","permissions":["read"]}' "$TE")"
bad_create "wrong type for name" 422 "{\"name\":5,\"tenant\":\"$TE\",\"permissions\":[\"read\"]}"
check "the problem lists the field" [ "$(jb '.errors[0].field')" = name ]
bad_create "wrong type for permissions" 422 "{\"name\":\"n\",\"tenant\":\"$TE\",\"permissions\":{\"read\":true}}"
bad_create "unknown field" 422 "{\"name\":\"n\",\"tenant\":\"$TE\",\"permissions\":[\"read\"],\"admin\":true}"
check "unknown field named in errors" [ "$(jb '.errors[0].field')" = admin ]
bad_create "missing name" 422 "{\"tenant\":\"$TE\",\"permissions\":[\"read\"]}"
bad_create "empty name" 422 "{\"name\":\"\",\"tenant\":\"$TE\",\"permissions\":[\"read\"]}"
bad_create "blank name" 422 "{\"name\":\"   \",\"tenant\":\"$TE\",\"permissions\":[\"read\"]}"
bad_create "name over 128 characters" 422 "{\"name\":\"$(long 129)\",\"tenant\":\"$TE\",\"permissions\":[\"read\"]}"
bad_create "control character in name" 422 "{\"name\":\"a\\u0007b\",\"tenant\":\"$TE\",\"permissions\":[\"read\"]}"
bad_create "CRLF header injection in name" 422 "{\"name\":\"a\\r\\nSet-Cookie: x=1\",\"tenant\":\"$TE\",\"permissions\":[\"read\"]}"
bad_create "NUL in name (refused by the JSON parser)" 400 "{\"name\":\"a\\u0000b\",\"tenant\":\"$TE\",\"permissions\":[\"read\"]}"
bad_create "description over 1024 characters" 422 "{\"name\":\"n\",\"description\":\"$(long 1025)\",\"tenant\":\"$TE\",\"permissions\":[\"read\"]}"
bad_create "past expiry date" 422 "{\"name\":\"n\",\"tenant\":\"$TE\",\"permissions\":[\"read\"],\"expires_at\":\"2001-01-01T00:00:00Z\"}"
bad_create "expiry that is not a date" 422 "{\"name\":\"n\",\"tenant\":\"$TE\",\"permissions\":[\"read\"],\"expires_at\":\"tomorrow\"}"
bad_create "impossible date" 422 "{\"name\":\"n\",\"tenant\":\"$TE\",\"permissions\":[\"read\"],\"expires_at\":\"2031-02-30T00:00:00Z\"}"
bad_create "unknown permission" 422 "{\"name\":\"n\",\"tenant\":\"$TE\",\"permissions\":[\"read\",\"fly\"]}"
bad_create "empty permissions" 422 "{\"name\":\"n\",\"tenant\":\"$TE\",\"permissions\":[]}"
bad_create "bad tenant id" 422 "{\"name\":\"n\",\"tenant\":\"Bad_Tenant\",\"permissions\":[\"read\"]}"
bad_create "SQL metacharacters in the tenant id" 422 "{\"name\":\"n\",\"tenant\":\"x' OR '1'='1\",\"permissions\":[\"read\"]}"
bad_create "unknown tenant" 422 "{\"name\":\"n\",\"tenant\":\"no-such-$TE\",\"permissions\":[\"read\"]}"
bad_create "status other than pending/active" 422 "{\"name\":\"n\",\"tenant\":\"$TE\",\"permissions\":[\"read\"],\"status\":\"revoked\"}"
bad_create "several problems at once" 422 "{\"name\":\"\",\"tenant\":\"$TE\",\"permissions\":[\"fly\"],\"expires_at\":\"2001-01-01\"}"
check "every problem is listed" [ "$(jb '.errors|length')" = 3 ]
bad_create "duplicate name" 409 "{\"name\":\"taken\",\"tenant\":\"$TE\",\"permissions\":[\"read\"]}"
bad_create "wrong content type" 415 'name=n' text/plain
bad_create "JSON in another charset" 415 '{}' 'application/json; charset=latin1'
bad_create "form with a bad escape" 400 'name=%zz&permissions=read' application/x-www-form-urlencoded
bad_create "form with a NUL" 400 "name=a%00b&tenant=$TE&permissions=read" application/x-www-form-urlencoded
bad_create "form with a field twice" 422 "name=a&name=b&tenant=$TE&permissions=read" application/x-www-form-urlencoded

big=$(mktemp); printf '{"name":"%s"}' "$(long 70000)" >"$big"
before=$(fingerprint)
areq "$ADMIN" POST /api/v1/tokens -H 'Content-Type: application/json' --data-binary "@$big"
expect_problem 413 "body over the 64 KiB limit"
unchanged "body over the limit" "$before"
head -c 2000000 /dev/zero | tr '\0' x >"$big"
areq "$ADMIN" POST /api/v1/tokens -H 'Content-Type: application/json' --data-binary "@$big"
expect_problem 413 "body over nginx's limit"
rm -f "$big"

# Edits, paths and queries.
before=$(fingerprint)
ajson "$ADMIN" PATCH "/api/v1/tokens/$EID" '{"tenant":"other"}'
expect_problem 422 "a token's tenant cannot be changed"
ajson "$ADMIN" PATCH "/api/v1/tokens/$EID" '{"permissions":"admin"}'
expect_problem 422 "PATCH with an unknown permission"
ajson "$ADMIN" PATCH "/api/v1/tenants/$TE" '{"status":"deleted"}'
expect_problem 422 "tenant status other than active/suspended"
ajson "$ADMIN" POST /api/v1/tenants '{"id":"../etc","name":"x"}'
expect_problem 422 "tenant id with a path in it"
ajson "$ADMIN" POST /api/v1/tenants "{\"id\":\"$(long 64 a)\",\"name\":\"x\"}"
expect_problem 422 "tenant id over 63 characters"
ajson "$ADMIN" POST "/api/v1/tokens/$EID/rotate" '{"grace_seconds":-1}'
expect_problem 422 "negative grace period"
ajson "$ADMIN" POST "/api/v1/tokens/$EID/rotate" '{"grace_seconds":99999999999999999999999}'
expect_problem 400 "huge number"
unchanged "bad edits" "$before"

areq "$ADMIN" GET "/api/v1/tokens/tok_doesnotexist0000"
expect_problem 404 "unknown token id"
areq "$ADMIN" GET "/api/v1/tokens/..%2F..%2Fetc%2Fpasswd"
expect_problem 404 "path traversal in a token id"
areq "$ADMIN" GET "/api/v1/tenants/x'%20OR%20'1'%3D'1"
expect_problem 404 "SQL metacharacters in a tenant path"
areq "$ADMIN" GET "/api/v1/tokens?limit=0"
expect_problem 400 "limit 0"
areq "$ADMIN" GET "/api/v1/tokens?limit=201"
expect_problem 400 "limit over 200"
areq "$ADMIN" GET "/api/v1/tokens?limit=1;DROP%20TABLE%20tokens"
expect_problem 400 "SQL in limit"
areq "$ADMIN" GET "/api/v1/tokens?cursor=abc"
expect_problem 400 "a cursor this API did not make"
areq "$ADMIN" GET "/api/v1/tokens?status=gone"
expect_problem 400 "unknown status filter"
areq "$ADMIN" GET "/api/v1/tokens?limit=5&limit=6"
expect_problem 400 "a query argument twice"
areq "$ADMIN" GET "/api/v1/tokens?q=%ff"
expect_problem 400 "invalid UTF-8 in the query"
areq "$ADMIN" GET "/api/v1/audit?since=yesterday"
expect_problem 400 "since that is not a date"

# Names are data: quotes and SQL are stored verbatim, never interpreted.
ajson "$ADMIN" POST /api/v1/tokens "{\"name\":\"Bob's token'); DROP TABLE tokens;--\",\"tenant\":\"$TE\",\"permissions\":[\"read\"]}"
check "a name with SQL in it is kept verbatim" holds "$([ "$STATUS" = 201 ] && [ "$(jb .name)" = "Bob's token'); DROP TABLE tokens;--" ]; echo $?)"
remember "$(jb .token)"
check "and the tokens table is still there" [ "$(sql "SELECT COUNT(*) > 0 FROM tokens")" = 1 ]

# Authentication problems.
req GET /api/v1/tokens
expect_problem 401 "no Authorization header"
check "401 carries WWW-Authenticate: Bearer" bash -c "[[ '$(header www-authenticate)' == Bearer* ]]"
areq "giot_1notavalidtokenatallxxxxxxxxxxxxxxxxxxx" GET /api/v1/tokens
expect_problem 401 "malformed token"
req GET /api/v1/tokens -H "Authorization: Basic dXNlcjpwYXNz"
expect_problem 401 "another auth scheme"
