#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Checks conf/openapi.json against the route table of the built program
# (`tenantctl routes`): every route documented, nothing documented that is
# not a route, and the document well formed enough to be used. Prints TAP.
#
# Environment: top_srcdir (default: this script's repository), top_builddir
# (default: $top_srcdir/build), OPENAPI (default: conf/openapi.json),
# TENANTCTL (default: $top_builddir/tenantctl).
set -uo pipefail
export LC_ALL=C

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir/build}
OPENAPI=${OPENAPI:-$top_srcdir/conf/openapi.json}
TENANTCTL=${TENANTCTL:-$top_builddir/tenantctl}

n=0
failed=0
pass() { n=$((n + 1)); echo "ok $n - $*"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
diag() { printf '%s\n' "$@" | sed 's/^/#   /'; }
finish() {
	echo "1..$n"
	[ "$failed" -eq 0 ] || exit 1
	exit 0
}

if ! command -v jq >/dev/null 2>&1; then
	fail "jq is installed (conf/deps.sh installs it)"
	finish
fi

# The route table, as "METHOD PATTERN" lines.
if [ ! -x "$TENANTCTL" ]; then
	fail "$TENANTCTL exists (build it first)"
	finish
fi
if [ -f "$top_srcdir/app/router.c" ] && [ "$top_srcdir/app/router.c" -nt "$TENANTCTL" ]; then
	echo "# warning: $TENANTCTL is older than app/router.c: rebuild it"
fi
if ! routes=$("$TENANTCTL" routes 2>&1) ||
    ! printf '%s\n' "$routes" | grep -qE '^[A-Z]+ /'; then
	fail "tenantctl routes prints the route table"
	diag "$routes"
	finish
fi
routes=$(printf '%s\n' "$routes" | grep -E '^[A-Z]+ /' | sort -u)
pass "tenantctl routes prints the route table ($(printf '%s\n' "$routes" | wc -l) routes)"

# The document itself.
if ! jq -e 'type == "object"' "$OPENAPI" >/dev/null 2>&1; then
	fail "$(basename "$OPENAPI") is a JSON object"
	diag "$(jq . "$OPENAPI" 2>&1 >/dev/null | head -5)"
	finish
fi
pass "$(basename "$OPENAPI") is a JSON object"

ver=$(jq -r '.openapi // "(none)" | tostring' "$OPENAPI")
if [[ $ver =~ ^3\.1\.[0-9]+$ ]]; then
	pass "openapi is 3.1.x ($ver)"
else
	fail "openapi is 3.1.x (found $ver)"
fi
if jq -e '.info | type == "object" and (.title | type == "string") and
    (.version | type == "string")' "$OPENAPI" >/dev/null; then
	pass "info has a title and a version"
else
	fail "info has a title and a version"
fi
if jq -e '.paths | type == "object" and length > 0' "$OPENAPI" >/dev/null; then
	pass "paths is a non-empty object"
else
	fail "paths is a non-empty object"
	finish
fi

# Operations: the keys of a path item that are not one of its other fields.
# shellcheck disable=SC2016 # jq variables, not shell ones
OPS='def ops: .paths | to_entries[] | .key as $path | (.value // {}) |
	to_entries[] | select(.key as $k | ["parameters", "summary",
	"description", "servers", "$ref"] | index($k) | not) |
	select(.key | startswith("x-") | not) |
	{path: $path, method: (.key | ascii_upcase), op: .value};'
documented=$(jq -r "$OPS"' ops | "\(.method) \(.path)"' "$OPENAPI" | sort)

# Every route of the table is documented, and nothing else is.
while read -r line; do
	if grep -qxF -- "$line" <<<"$documented"; then
		pass "route $line is documented"
	else
		fail "route $line is documented"
	fi
done <<<"$routes"
while read -r line; do
	[ -n "$line" ] || continue
	if grep -qxF -- "$line" <<<"$routes"; then
		pass "operation $line is in the route table"
	else
		fail "operation $line is in the route table"
	fi
done <<<"$documented"
dups=$(uniq -d <<<"$documented")
if [ -z "$dups" ]; then
	pass "no operation is documented twice"
else
	fail "no operation is documented twice"
	diag "$dups"
fi

# Every operation has an operationId, unique, and a 2xx response (or, for a form post, a 303 redirect).
bad=$(jq -r "$OPS"' ops | select((.op | type) != "object" or
	(.op.operationId | type) != "string" or .op.operationId == "") |
	"\(.method) \(.path)"' "$OPENAPI")
if [ -z "$bad" ]; then
	pass "every operation has an operationId"
else
	fail "every operation has an operationId"
	diag "$bad"
fi
dups=$(jq -r "$OPS"' ops | .op.operationId? // empty | strings' "$OPENAPI" |
	sort | uniq -d)
if [ -z "$dups" ]; then
	pass "operationIds are unique"
else
	fail "operationIds are unique"
	diag "$dups"
fi
bad=$(jq -r "$OPS"' ops | select([(.op.responses? // {}) | keys[] |
	select(test("^(2([0-9][0-9]|XX)|303)$"))] | length == 0) |
	"\(.method) \(.path)"' "$OPENAPI")
if [ -z "$bad" ]; then
	pass "every operation has a 2xx (or 303) response"
else
	fail "every operation has a 2xx (or 303) response"
	diag "$bad"
fi

# Every {param} of a path is declared as a required path parameter (in the
# path item or the operation, directly or by a local $ref), and every
# declared path parameter is in the path.
bad=$(jq -r "$OPS"'
	. as $doc |
	def deref: if type == "object" and has("$ref") then
		. as $r | $doc | getpath($r["$ref"] | ltrimstr("#/") | split("/") |
		map(gsub("~1"; "/") | gsub("~0"; "~"))) // {} else . end;
	.paths as $paths |
	ops | . as $o |
	[$o.path | scan("\\{([^}]*)\\}") | .[0]] as $want |
	[(($paths[$o.path].parameters? // []) + ($o.op.parameters? // []))[] |
	    deref | select(.in? == "path")] as $declared |
	([$want[] | . as $w | select([$declared[] |
	    select(.name == $w and .required == true)] | length == 0) |
	    "\($o.method) \($o.path): {\(.)} is not declared as a required path parameter"] +
	 [$declared[] | .name | select(. as $d | $want | index($d) | not) |
	    "\($o.method) \($o.path): path parameter \(.) is not in the path"])[]' \
	"$OPENAPI" 2>&1)
if [ -z "$bad" ]; then
	pass "every {param} of a path is a declared path parameter"
else
	fail "every {param} of a path is a declared path parameter"
	diag "$bad"
fi

finish
