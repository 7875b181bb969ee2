# SPDX-License-Identifier: ISC
# The hostile-input catalogue: tests/hostile/cases/*.case, each a raw HTTP
# request and the status it must get. Every answer must be a 4xx (never a
# 5xx, never a hang), problem+json (HTML for cockpit pages), and leave the
# database unchanged (row counts and checksums).
# shellcheck shell=bash

HA=$(new_token '*' read,write,create,delete "hostile-$(unique h)")
HT=$(unique ht)
new_tenant "$HT"
HR=$(new_token "$HT" read "hostile-reader")
ajson "$HA" POST /api/v1/tokens "{\"name\":\"hostile-taken\",\"tenant\":\"$HT\",\"permissions\":[\"read\"]}"
remember "$(jb .token)"; HID=$(jb .id)

# Builds the raw request of a case into $2: CRLF lines, Host, Connection:
# close, and a Content-Length unless the case frames the body itself.
hostile_request() {
	local case=$1 out=$2 sub
	sub="s/{{ADMIN}}/$HA/g; s/{{READER}}/$HR/g; s/{{TENANT}}/$HT/g; s/{{TOKEN_ID}}/$HID/g"
	LC_ALL=C awk 'NR == 1 { next } !body && /^$/ { body = 1; next } !body { print }' "$case" |
		LC_ALL=C sed "$sub" >"$TMP/h.head"
	LC_ALL=C awk 'found { printf "%s%s", sep, $0; sep = "\n" } !found && NR > 1 && /^$/ { found = 1 }' "$case" |
		LC_ALL=C sed "$sub" >"$TMP/h.body"
	{
		line=$(head -1 "$TMP/h.head")
		case $line in *" HTTP/"*) printf '%s\r\n' "$line" ;; *) printf '%s HTTP/1.1\r\n' "$line" ;; esac
		printf 'Host: 127.0.0.1\r\nConnection: close\r\n'
		tail -n +2 "$TMP/h.head" | LC_ALL=C sed 's/$/\r/'
		if [ -s "$TMP/h.body" ] && ! grep -qiE '^(content-length|transfer-encoding):' "$TMP/h.head"; then
			printf 'Content-Length: %d\r\n' "$(wc -c <"$TMP/h.body")"
		fi
		printf '\r\n'
		cat "$TMP/h.body"
	} >"$out"
}

n=0; passed=0
before=$(fingerprint)
for case in "$top_srcdir"/tests/hostile/cases/*.case; do
	n=$((n + 1))
	name=$(basename "$case" .case)
	expect=$(sed -n '1s/^# expect: *//p' "$case")
	hostile_request "$case" "$TMP/h.req"
	path=$(head -1 "$TMP/h.req" | awk '{print $2}')
	rm -f "$TMP/h.resp"
	start=$(date +%s%3N)
	timeout 15 bash -c "exec 3<>/dev/tcp/127.0.0.1/$STACK_PORT; cat '$TMP/h.req' >&3; cat <&3 >'$TMP/h.resp'" 2>/dev/null
	rc=$?
	took=$(($(date +%s%3N) - start))
	got=$(head -1 "$TMP/h.resp" 2>/dev/null | awk '{print $2}')
	ctype=$(tr -d '\r' <"$TMP/h.resp" 2>/dev/null | awk 'BEGIN{IGNORECASE=1} /^$/ {exit} tolower($0) ~ /^content-type:/ {sub(/^[^:]*: */, ""); print; exit}')
	want_type=application/problem+json
	[[ "$path" == /cockpit/* ]] && want_type=text/html
	ok=1 why=""
	if [ "$rc" = 124 ]; then ok=0; why="hung (no answer in 15 s)"
	elif [[ "$got" != 4?? ]]; then ok=0; why="status $got is not a 4xx"
	elif [ "$expect" != 4xx ] && [ "$got" != "$expect" ]; then ok=0; why="status $got, expected $expect"
	elif [[ "$ctype" != "$want_type"* ]]; then ok=0; why="content type '$ctype', expected $want_type"
	fi
	now=$(fingerprint)
	if [ "$now" != "$before" ]; then ok=0; why="${why:+$why; }the database changed"; before=$now; fi
	if [ "$ok" = 1 ]; then
		passed=$((passed + 1)); pass "hostile $name: $got ($took ms)"
	else
		fail "hostile $name: $why"
		head -c 300 "$TMP/h.resp" | tr -d '\r' | sed 's/^/#   /'
	fi
done
check "the catalogue holds at least 100 cases ($n) and all passed ($passed)" holds "$([ "$n" -ge 100 ] && [ "$passed" = "$n" ]; echo $?)"
req GET /api/v1/health
expect_status 200 "the service is still healthy after the catalogue"
