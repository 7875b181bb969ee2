#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Browser tests of the cockpit: a private stack (MariaDB, 2 pools of 2
# workers, nginx) on a free loopback port, an admin token and a tenant made
# with the operator CLI, then tests/browser/cockpit.test.js (playwright-core
# driving Debian's chromium, headless). TAP on stdout; screenshots in
# $top_builddir/screenshots. Exits non-zero on any failure.
#
# Environment: top_srcdir, top_builddir (as make check sets them), and
#   BROWSER_QUICK=1  do not wait for pending_ttl (saves about a minute)
#   KEEP_TMP=1       keep the stack's state and logs
#   ONLY=WORDS       run only the tests whose name contains WORDS
set -uo pipefail

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir/build}
here=$top_srcdir/tests/browser
SHOTS=${SHOTS:-$top_builddir/screenshots}

bail() {
	echo "not ok 1 - $1"
	shift
	for l in "$@"; do echo "# $l"; done
	echo "1..1"
	exit 1
}

command -v node >/dev/null 2>&1 || bail "node is installed" "run conf/deps.sh"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || bail "chromium is installed" "run conf/deps.sh (Debian's chromium)"
if [ ! -x "$top_builddir/tenantapi" ] || [ ! -x "$top_builddir/tenantctl" ]; then
	bail "the programs are built in $top_builddir" "run make (or conf/stack.sh build)"
fi
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
	echo "# npm install in tests/browser (playwright-core, no browser download; axe-core)"
	(cd "$here" && npm install --no-audit --no-fund --silent) >&2 ||
		bail "npm install of playwright-core and axe-core"
fi

# A free TCP port on loopback, with one after it free too (the example app).
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 10000))
		if ! ss -Hltn "sport = :$p" | grep -q . && ! ss -Hltn "sport = :$((p + 1))" | grep -q .; then
			echo "$p"
			return
		fi
	done
}

TMP=$(mktemp -d /tmp/tenantapi-browser.XXXXXX)
export STATE_DIR=$TMP/state BUILD_DIR=$top_builddir POOLS=${POOLS:-2} WORKERS=${WORKERS:-2}
PORT=$(free_port)
export PORT
PENDING_TTL=60
[ "${BROWSER_QUICK:-0}" = 1 ] && PENDING_TTL=900
export TENANTAPI_EXTRA_CONF="pending_ttl = $PENDING_TTL"

rc=1
# shellcheck disable=SC2317  # called by the trap
cleanup() {
	# conf/stack.sh stops nginx, the pools and MariaDB by their PID files.
	"$top_srcdir/conf/stack.sh" stop >>"$TMP/stack.out" 2>&1
	if [ "${KEEP_TMP:-0}" = 1 ] || [ "$rc" -ne 0 ]; then
		echo "# stack state and logs kept in $TMP"
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! "$top_srcdir/conf/stack.sh" start >"$TMP/stack.out" 2>&1; then
	echo "not ok 1 - the stack starts"
	sed 's/^/# /' "$TMP/stack.out"
	echo "1..1"
	exit 1
fi
# shellcheck disable=SC1091
. "$STATE_DIR/stack.env"
echo "# stack on $STACK_BASE ($POOLS pools of $WORKERS workers), state in $STATE_DIR"

ctl() { "$top_builddir/tenantctl" -c "$STACK_CONF" "$@"; }
if ! ADMIN_TOKEN=$(ctl token-create --tenant '*' --permissions read,write,create,delete \
    --name "browser-admin" --quiet 2>"$TMP/ctl.err"); then
	bail "the CLI makes an admin token" "$(cat "$TMP/ctl.err")"
fi
TENANT=acme
if ! ctl tenant-create "$TENANT" "Acme Corp" >/dev/null 2>"$TMP/ctl.err"; then
	bail "the CLI makes a tenant" "$(cat "$TMP/ctl.err")"
fi

mkdir -p "$SHOTS"
rm -f "$SHOTS"/*.png
echo "# screenshots in $SHOTS"
(
	cd "$here" &&
	BASE=$STACK_BASE CONF=$STACK_CONF TENANTCTL=$top_builddir/tenantctl SHOTS=$SHOTS \
	ADMIN_TOKEN=$ADMIN_TOKEN TENANT=$TENANT PENDING_TTL=$PENDING_TTL \
	timeout 900 node cockpit.test.js
)
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "# worker log (last lines):"
	tail -15 "$STATE_DIR/workers.log" 2>/dev/null | sed 's/^/#   /'
fi
exit "$rc"
