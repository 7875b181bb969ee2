# SPDX-License-Identifier: ISC
# Concurrent creates with one name; cursor pagination.
# shellcheck shell=bash

ADMIN=$(new_token '*' read,write,create,delete "admin-$(unique a)")
TC=$(unique tc)
new_tenant "$TC"
for i in $(seq 1 20); do
	curl -s -o "$TMP/race.$i" -w '%{http_code}\n' -X POST "$BASE/api/v1/tokens" \
		-H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
		-d "{\"name\":\"same-name\",\"tenant\":\"$TC\",\"permissions\":[\"read\"]}" &
done >"$TMP/race.codes"
wait
created=$(grep -c '^201$' "$TMP/race.codes")
conflicts=$(grep -c '^409$' "$TMP/race.codes")
for f in "$TMP"/race.[0-9]*; do remember "$(jq -r .token <"$f" 2>/dev/null)"; done
check "20 concurrent creates of one name: exactly one 201 ($created), 19 409 ($conflicts)" holds "$([ "$created" = 1 ] && [ "$conflicts" = 19 ]; echo $?)"
check "exactly one such token exists" [ "$(sql "SELECT COUNT(*) FROM tokens WHERE tenant_id = '$TC' AND name = 'same-name'")" = 1 ]

TP=$(unique tp)
new_tenant "$TP"
for i in $(seq -w 1 25); do
	ajson "$ADMIN" POST /api/v1/tokens "{\"name\":\"page-$i\",\"tenant\":\"$TP\",\"permissions\":[\"read\"]}"
	remember "$(jb .token)"
done
seen="" pages=0 cursor="" sizes=""
while :; do
	areq "$ADMIN" GET "/api/v1/tokens?tenant=$TP&limit=10${cursor:+&cursor=$cursor}"
	[ "$STATUS" = 200 ] || break
	pages=$((pages + 1)); sizes+="$(jb '.items|length') "
	seen+="$(jb '.items[].name') "
	cursor=$(jb '.next_cursor // empty')
	[ -n "$cursor" ] || break
	[ "$pages" -lt 10 ] || break
	link=$(header link)
done
check "25 tokens by 10: pages of 10 10 5 (got $sizes)" [ "$sizes" = "10 10 5 " ]
check "each token exactly once" holds "$([ "$(echo $seen | tr ' ' '\n' | sort -u | wc -l)" = 25 ] && [ "$(echo $seen | wc -w)" = 25 ]; echo $?)"
check "newest first" [ "$(echo $seen | cut -d' ' -f1)" = page-25 ]
check "Link rel=next keeps the filters" bash -c "[[ '$link' == *tenant=$TP* && '$link' == *cursor=* && '$link' == *'rel=\"next\"'* ]]"
