# SPDX-License-Identifier: ISC
# Conflicting writes through different nodes: the same token name created
# through pool 1 (node 1) and pool 2 (node 3) at the same instant. Galera
# certifies one and fails the other at COMMIT (1213); the product retries
# that transaction, which then meets the name taken: exactly one 201, the
# other 409 (503 only if it ran out of retries), never two.
# shellcheck shell=bash

CA=$(new_token '*' read,write,create,delete "conflicts-$(unique c)")
CT=$(unique ct)
new_tenant "$CT"
ROUNDS=${CONFLICT_ROUNDS:-10}
one_each=0 two=0 none=0 n503=0 other=0 rows_ok=0 results=""
retries0=$(nstatus 1 wsrep_local_cert_failures) ; retries3=$(nstatus 3 wsrep_local_cert_failures)
bf1=$(nstatus 1 wsrep_local_bf_aborts); bf3=$(nstatus 3 wsrep_local_bf_aborts)
for r in $(seq 1 "$ROUNDS"); do
	name="dup-$r"
	body="{\"name\":\"$name\",\"tenant\":\"$CT\",\"permissions\":[\"read\"]}"
	# Both transfers start together (curl --parallel-immediate).
	{
		for p in 1 2; do
			[ "$p" = 1 ] || echo "next"
			echo "url = \"$(pbase "$p")/api/v1/tokens\""
			echo "output = \"$TMP/conflict.$r.$p\""
			echo "header = \"Authorization: Bearer $CA\""
			echo "header = \"Content-Type: application/json\""
			echo "data-binary = \"$(printf '%s' "$body" | sed 's/"/\\"/g')\""
			echo "write-out = \"%{url} %{http_code}\\n\""
		done
	} >"$TMP/conflict.curl"
	curl -s --no-progress-meter -Z --parallel-immediate --parallel-max 2 -K "$TMP/conflict.curl" >"$TMP/conflict.$r.codes"
	c1=$(awk -v u="$(pbase 1)" 'index($1, u) == 1 {print $2}' "$TMP/conflict.$r.codes")
	c2=$(awk -v u="$(pbase 2)" 'index($1, u) == 1 {print $2}' "$TMP/conflict.$r.codes")
	for p in 1 2; do remember "$(jq -r '.token // empty' <"$TMP/conflict.$r.$p" 2>/dev/null)"; done
	results+="$c1/$c2 "
	case "$c1 $c2" in
	"201 409" | "409 201") one_each=$((one_each + 1)) ;;
	"201 201") two=$((two + 1)) ;;
	"201 503" | "503 201") n503=$((n503 + 1))
		for p in 1 2; do
			jq -e '.status == 503' "$TMP/conflict.$r.$p" >/dev/null 2>&1 &&
				diag "round $r, pool $p answered: $(cat "$TMP/conflict.$r.$p")"
		done ;;
	*201*) other=$((other + 1)) ;;
	*) none=$((none + 1)) ;;
	esac
	rows=$(nsql 1 "SELECT COUNT(*) FROM tokens WHERE tenant_id = '$CT' AND name = '$name'")
	rows3=$(nsql 3 "SELECT COUNT(*) FROM tokens WHERE tenant_id = '$CT' AND name = '$name'")
	[ "$rows|$rows3" = "1|1" ] && rows_ok=$((rows_ok + 1))
done
cf=$(($(nstatus 1 wsrep_local_cert_failures) - retries0 + $(nstatus 3 wsrep_local_cert_failures) - retries3))
bf=$(($(nstatus 1 wsrep_local_bf_aborts) - bf1 + $(nstatus 3 wsrep_local_bf_aborts) - bf3))
summary "conflicting creates (pool 1 / pool 2 statuses per round): $results"
summary "  $one_each rounds 201+409, $n503 rounds 201+503, $two rounds two 201s, $none rounds without a 201, $other other; $cf certification failures and $bf brute-force aborts on nodes 1 and 3"
check "same name through two nodes at once: never two 201s ($two of $ROUNDS rounds)" [ "$two" = 0 ]
check "  always exactly one 201 ($((one_each + n503 + other)) of $ROUNDS rounds)" [ "$((one_each + n503 + other))" = "$ROUNDS" ]
check "  the other answer is 409 ($one_each of $ROUNDS rounds; $n503 answered 503)" [ "$one_each" = "$ROUNDS" ]
check "  exactly one such token on node 1 and on node 3 ($rows_ok of $ROUNDS)" [ "$rows_ok" = "$ROUNDS" ]
check "  the loser's work was rolled back: one token.create audit event per name" \
	[ "$(nsql 2 "SELECT COUNT(*) FROM audit WHERE tenant_id = '$CT' AND action = 'token.create'")" = "$ROUNDS" ]

# A wider race: 10 creates of one name, five through each node at once.
{
	for i in $(seq 1 10); do
		[ "$i" = 1 ] || echo "next"
		echo "url = \"$(pbase $((i % 2 + 1)))/api/v1/tokens\""
		echo "output = \"$TMP/wide.$i\""
		echo "header = \"Authorization: Bearer $CA\""
		echo "header = \"Content-Type: application/json\""
		echo "data-binary = \"{\\\"name\\\":\\\"wide\\\",\\\"tenant\\\":\\\"$CT\\\",\\\"permissions\\\":[\\\"read\\\"]}\""
		echo "write-out = \"%{http_code}\\n\""
	done
} >"$TMP/wide.curl"
curl -s --no-progress-meter -Z --parallel-immediate --parallel-max 10 -K "$TMP/wide.curl" >"$TMP/wide.codes"
codes=$(sort "$TMP/wide.codes" | uniq -c | awk '{printf "%s%s x %s", sep, $1, $2; sep = ", "}')
for i in $(seq 1 10); do remember "$(jq -r '.token // empty' <"$TMP/wide.$i" 2>/dev/null)"; done
summary "10 creates of one name, 5 through each node at once: $codes"
check "10 creates of one name through both nodes: one 201 ($codes)" [ "$(grep -c '^201$' "$TMP/wide.codes")" = 1 ]
check "  the others 409 or 503" [ "$(grep -cvE '^(201|409|503)$' "$TMP/wide.codes")" = 0 ]
check "  and one such token" [ "$(nsql 3 "SELECT COUNT(*) FROM tokens WHERE tenant_id = '$CT' AND name = 'wide'")" = 1 ]
