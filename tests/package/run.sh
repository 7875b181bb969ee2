#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The Debian package, end to end, on this machine (as root): builds it
# from make dist's tarball with dpkg-buildpackage -b -us -uc, runs lintian
# (no error), installs it with dpkg -i (no database touched, nothing
# enabled or started), runs "tenantctl setup" (twice: idempotent) against
# a private MariaDB on a unix socket in a temporary directory, starts a
# pool the way the installed unit does (its RuntimeDirectory=,
# ExecStartPre= and ExecStart= lines, as its User=: there is no systemd as
# PID 1 here), passes the end-to-end smoke test (t_00) and the gate
# through nginx with the installed snippet, and purges the package,
# leaving nothing behind but what Debian policy keeps (the tenantapi
# user). Everything it starts listens on loopback or in the temporary
# directory and is stopped by PID. TAP on stdout.
#
#   tests/package/run.sh BUILD_DIR     (a configured build tree)
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-${top_builddir:-$top/build}}
TMP=$(mktemp -d /tmp/tenantapi-pkg.XXXXXX)
POOL=pkgtest$$
installed_by_us=0
made_run=0
# shellcheck source=tests/e2e/lib.sh
. "$top/tests/e2e/lib.sh"
# shellcheck source=conf/lib.sh
LOG_TAG=package . "$top/conf/lib.sh"

cleanup() {
	stop_pid "$TMP/nginx.pid.own" QUIT 10 2>/dev/null
	stop_pid "$TMP/pool.pid" TERM 20 2>/dev/null
	[ -d "$TMP/state/db" ] && STATE_DIR=$TMP/state "$top/conf/stack.sh" db-stop >/dev/null 2>&1
	if [ "$installed_by_us" = 1 ] && dpkg-query -W -f='${Status}' tenantapi 2>/dev/null | grep -q installed; then
		dpkg --purge tenantapi >/dev/null 2>&1
	fi
	rm -rf "/run/tenantapi/$POOL"
	[ "$made_run" = 1 ] && rm -rf /run/tenantapi
	if [ "${KEEP_TMP:-0}" = 1 ] || [ "$TAP_FAIL" -gt 0 ]; then
		echo "# logs kept in $TMP"
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT
finish() { echo "1..$TAP_N"; [ "$TAP_FAIL" -eq 0 ]; exit $?; }
need() { command -v "$1" >/dev/null 2>&1 || { fail "$1 is installed (conf/deps.sh test installs it)"; finish; }; }

for c in dpkg-buildpackage dh lintian nginx mariadbd spawn-fcgi multiwatch curl jq; do need "$c"; done
[ "$(id -u)" = 0 ] || { diag "not root: the install test needs root"; fail "run as root"; finish; }

# --- build -----------------------------------------------------------------
make -C "$BUILD" dist >"$TMP/dist.log" 2>&1 || { fail "make dist"; tail -20 "$TMP/dist.log" | sed 's/^/# /'; finish; }
tarball=$(ls "$BUILD"/tenantapi-*.tar.gz | tail -1)
mkdir -p "$TMP/src"
tar -C "$TMP/src" -xzf "$tarball"
src=$(ls -d "$TMP"/src/tenantapi-*/)
check "the tarball carries debian/" test -x "$src/debian/rules"
(cd "$src" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -b -us -uc) >"$TMP/build.log" 2>&1
deb=$(ls "$TMP"/src/tenantapi_*_*.deb 2>/dev/null | head -1)
if [ -z "$deb" ]; then
	fail "dpkg-buildpackage -b -us -uc builds tenantapi"
	tail -30 "$TMP/build.log" | sed 's/^/# /'
	finish
fi
pass "dpkg-buildpackage -b -us -uc builds $(basename "$deb")"
lintian "$TMP"/src/tenantapi_*.changes >"$TMP/lintian.log" 2>&1
lrc=$?
grep -v '^running with root' "$TMP/lintian.log" | sed 's/^/# lintian: /'
check "lintian: no error ($(grep -c '^E:' "$TMP/lintian.log") errors, $(grep -c '^W:' "$TMP/lintian.log") warnings)" \
	holds "$([ "$lrc" = 0 ] && ! grep -q '^E:' "$TMP/lintian.log"; echo $?)"

contents=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's#^\./#/#')
for f in /usr/sbin/tenantapi /usr/sbin/tenantctl /etc/tenantapi/tenantapi.conf \
    /lib/systemd/system/tenantapi@.service /lib/systemd/system/tenantapi-authz.service \
    /lib/systemd/system/tenantapi-notify-expiring.service /lib/systemd/system/tenantapi-notify-expiring.timer \
    /etc/nginx/snippets/tenantapi.conf /etc/nginx/sites-available/tenantapi \
    /usr/share/tenantapi/sql/001_init.sql /usr/share/man/man8/tenantapi.8.gz \
    /usr/share/man/man8/tenantctl.8.gz /usr/share/man/man5/tenantapi.conf.5.gz \
    /usr/share/doc/tenantapi/copyright; do
	check "the package has $f" grep -qx "$f" <<<"$contents"
done
check "/etc/tenantapi/tenantapi.conf is a conffile" bash -c "dpkg-deb -I '$deb' conffiles | grep -qx /etc/tenantapi/tenantapi.conf"
dpkg-deb -e "$deb" "$TMP/control"
check "its maintainer scripts never call the database" \
	bash -c "! cat '$TMP'/control/*inst '$TMP'/control/*rm | grep -v '^[[:space:]]*#' | grep -qE 'mariadb|mysql|tenantctl'"

# --- install -----------------------------------------------------------------
if dpkg-query -W -f='${Status}' tenantapi 2>/dev/null | grep -q 'install ok installed'; then
	diag "tenantapi is installed on this machine already: the install test leaves it alone"
	finish
fi
enabled_links() { find /etc/systemd/system -mindepth 2 -maxdepth 2 -type l 2>/dev/null | sort; }
enabled_links >"$TMP/links.before"
installed_by_us=1
if ! dpkg -i "$deb" >"$TMP/install.log" 2>&1; then
	fail "dpkg -i installs the package"
	sed 's/^/# /' "$TMP/install.log"
	finish
fi
pass "dpkg -i installs the package, with no database running"
enabled_links >"$TMP/links.after"
check "installing enables no unit" cmp -s "$TMP/links.before" "$TMP/links.after"
check "no worker of the package was started" bash -c "! pgrep -f '^/usr/sbin/tenantapi( |\$)' >/dev/null"
check "the system user tenantapi exists, without a shell" bash -c "getent passwd tenantapi | grep -q ':/usr/sbin/nologin\$\|:/bin/false\$'"
check "/etc/tenantapi is root:tenantapi 0750" [ "$(stat -c '%U:%G %a' /etc/tenantapi)" = "root:tenantapi 750" ]
check "tenantctl --version" bash -c "tenantctl --version | grep -q '^tenantctl [0-9]'"
check "man tenantctl answers" bash -c "MANPAGER=cat man -P cat tenantctl 2>/dev/null | grep -q 'tenantctl setup' || mandoc /usr/share/man/man8/tenantctl.8.gz | grep -q setup"
if command -v systemd-analyze >/dev/null 2>&1; then
	out=$(cd /tmp && SYSTEMD_LOG_LEVEL=err systemd-analyze verify /lib/systemd/system/tenantapi@.service \
	    /lib/systemd/system/tenantapi-notify-expiring.timer 2>&1 | grep -v 'Failed to \(connect\|create\)\|is not running\|System has not been booted' || true)
	check "systemd-analyze verify: the units are valid${out:+: $out}" [ -z "$out" ]
fi

# --- tenantctl setup against a private MariaDB -------------------------------
chmod 0711 "$TMP"
mkdir -p "$TMP/state" && chmod 0711 "$TMP/state"
if ! STATE_DIR=$TMP/state "$top/conf/stack.sh" db-start >"$TMP/db.log" 2>&1; then
	fail "a private MariaDB starts"; sed 's/^/# /' "$TMP/db.log"; finish
fi
chmod 0711 "$TMP/state"
sock=$TMP/state/mysqld.sock
sed -i "s#^db_node = .*#db_node = unix:$sock#" /etc/tenantapi/tenantapi.conf
tenantctl setup >"$TMP/setup.out" 2>"$TMP/setup.err"
rc=$?
sed 's/giot_1[0-9A-Za-z]*/giot_1<secret>/; s/^/# /' "$TMP/setup.out" "$TMP/setup.err"
ADMIN=$(grep -o 'giot_1[0-9A-Za-z]\{38\}' "$TMP/setup.out" | head -1)
check "tenantctl setup: exit 0 and the first '*' token, printed once" holds "$([ "$rc" = 0 ] && [ -n "$ADMIN" ]; echo $?)"
check "setup made db.password root:tenantapi 0640" [ "$(stat -c '%U:%G %a' /etc/tenantapi/db.password 2>&1)" = "root:tenantapi 640" ]
check "setup made db-owner.password 0600, root's" [ "$(stat -c '%U %a' /etc/tenantapi/db-owner.password 2>&1)" = "root 600" ]
check "setup made server.key root:tenantapi 0640" [ "$(stat -c '%U:%G %a' /etc/tenantapi/server.key 2>&1)" = "root:tenantapi 640" ]
dbq() { mariadb --no-defaults --socket="$sock" -u root -N -B -e "$1" 2>&1; }
check "the database, the owner and the workers' account exist" \
	[ "$(dbq "SELECT COUNT(*) FROM mysql.user WHERE User IN ('tenantapi', 'tenantapi_owner')")" -ge 2 ]
check "the workers' account holds the role and nothing else" \
	bash -c "g=\$(mariadb --no-defaults --socket='$sock' -u root -N -B -e \"SHOW GRANTS FOR 'tenantapi'@'localhost'\"); grep -q 'GRANT \`tenantapi_worker\`' <<<\"\$g\" && ! grep -q 'ON \`tenantapi\`' <<<\"\$g\""
check "the schema is there" [ "$(dbq 'SELECT COUNT(*) FROM tenantapi.schema_migrations')" -ge 3 ]
key_before=$(md5sum /etc/tenantapi/server.key)
tenantctl setup >"$TMP/setup2.out" 2>&1
rc=$?
check "tenantctl setup again: exit 0, nothing made twice ($rc)" \
	holds "$([ "$rc" = 0 ] && grep -q 'server key /etc/tenantapi/server.key: kept' "$TMP/setup2.out" && grep -q 'exists' "$TMP/setup2.out" && ! grep -q 'giot_1' "$TMP/setup2.out"; echo $?)"
check "the key is the same" [ "$key_before" = "$(md5sum /etc/tenantapi/server.key)" ]
j=$(tenantctl --json setup 2>"$TMP/setup3.err")
check "tenantctl --json setup: one document" bash -c "jq -e '.admin_token.existed == true and .schema == \"up to date\"' <<<'$j' >/dev/null"
check "one '*' token in all" [ "$(dbq "SELECT COUNT(*) FROM tenantapi.tokens WHERE tenant_id = '*'")" = 1 ]

# --- a pool, as the installed unit starts it ---------------------------------
unit=/lib/systemd/system/tenantapi@.service
# The unit's lines, continuations joined.
unit_lines() { sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$unit" | grep -v '^[[:space:]]*#'; }
declare -A uenv
while IFS='=' read -r k v; do uenv[$k]=$v; done < <(unit_lines | sed -n 's/^Environment=//p')
expand() {
	local s=$1 k
	s=${s//%i/$POOL}
	for k in "${!uenv[@]}"; do s=${s//\$\{$k\}/${uenv[$k]}}; done
	printf '%s' "$s"
}
uuser=$(unit_lines | sed -n 's/^User=//p')
ugroup=$(unit_lines | sed -n 's/^Group=//p')
umask_=$(unit_lines | sed -n 's/^UMask=//p')
check "the unit runs the pool as tenantapi ($uuser:$ugroup, umask $umask_)" [ "$uuser:$ugroup" = tenantapi:tenantapi ]
check "its ExecStart names /usr/sbin/tenantapi and the configuration in /etc/tenantapi" \
	holds "$([ "${uenv[TENANTAPI_BIN]}" = /usr/sbin/tenantapi ] && [ "${uenv[TENANTAPI_CONFIG]}" = /etc/tenantapi/tenantapi.conf ]; echo $?)"
# RuntimeDirectory=: /run/tenantapi made by systemd (root 0755), each
# directory named the unit's user's, RuntimeDirectoryMode.
[ -d /run/tenantapi ] || { install -d -m 0755 /run/tenantapi; made_run=1; }
rmode=$(unit_lines | sed -n 's/^RuntimeDirectoryMode=//p')
for d in $(expand "$(unit_lines | sed -n 's/^RuntimeDirectory=//p')"); do
	[ -d "/run/$d" ] || install -d -o "$uuser" -g "$ugroup" -m "${rmode:-0755}" "/run/$d"
done
while read -r pre; do
	pre=$(expand "$pre")
	case $pre in +*) pre=${pre#+} ;; *) pre="setpriv --reuid=$uuser --regid=$ugroup --init-groups -- $pre" ;; esac
	eval "$pre" || fail "ExecStartPre: $pre"
done < <(unit_lines | sed -n 's/^ExecStartPre=//p')
start=$(expand "$(unit_lines | sed -n 's/^ExecStart=//p')")
diag "ExecStart: $start"
# As systemd runs it: its user and group, its umask, its environment only.
envs=(PATH=/usr/sbin:/usr/bin:/sbin:/bin)
for k in "${!uenv[@]}"; do envs+=("$k=${uenv[$k]}"); done
setsid env -i "${envs[@]}" setpriv --reuid="$uuser" --regid="$ugroup" --init-groups -- \
	sh -c "umask ${umask_:-0022}; exec $start" </dev/null >"$TMP/workers.log" 2>&1 &
echo $! >"$TMP/pool.pid"
psock=/run/tenantapi/$POOL/fcgi.sock
wait_for 10 test -S "$psock"
check "the pool's socket is tenantapi:www-data 0660 in a setgid www-data directory" \
	holds "$([ "$(stat -c '%U:%G %a' "$psock" 2>&1)" = "tenantapi:www-data 660" ] && [ "$(stat -c '%G %a' "/run/tenantapi/$POOL")" = "www-data 2750" ]; echo $?)"

# --- nginx with the installed snippet ----------------------------------------
PORT=$(free_port 20000 30000)
EPORT=$(free_port 30000 32000)
SPORT=$PORT
while [ "$SPORT" = "$PORT" ]; do SPORT=$(free_port 20000 30000); done
mkdir -p "$TMP/nginx-tmp" && chown www-data "$TMP/nginx-tmp"
# The site says "include snippets/tenantapi.conf", relative to nginx's
# configuration directory, which is the -c file's.
ln -s /etc/nginx/snippets "$TMP/snippets"
sed -e "s#listen 80;#listen 127.0.0.1:$SPORT;#" -e '/listen \[::\]:80;/d' \
	-e "s#unix:/run/tenantapi/1/fcgi.sock#unix:$psock#" /etc/nginx/sites-available/tenantapi >"$TMP/site.conf"
cat >"$TMP/nginx.conf" <<-EOF
	worker_processes 1;
	pid $TMP/nginx.pid;
	error_log $TMP/nginx-error.log warn;
	user www-data;
	events { worker_connections 64; }
	http {
	    default_type application/octet-stream;
	    client_body_temp_path $TMP/nginx-tmp/body;
	    fastcgi_temp_path $TMP/nginx-tmp/fastcgi;
	    proxy_temp_path $TMP/nginx-tmp/proxy;
	    uwsgi_temp_path $TMP/nginx-tmp/uwsgi;
	    scgi_temp_path $TMP/nginx-tmp/scgi;
	    log_format tenantapi '\$remote_addr [\$time_iso8601] "\$request_method \$uri" '
	                         '\$status \$body_bytes_sent \$request_time id=\$request_id';
	    access_log $TMP/nginx-access.log tenantapi;
	    # The installed site (its upstream over the pool, the snippet),
	    # on a test port.
	    include $TMP/site.conf;
	    # The snippet again in a server with a service behind the gate.
	    server {
	        listen 127.0.0.1:$PORT;
	        include /etc/nginx/snippets/tenantapi.conf;
	        # Two lines: the snippet sets \$auth_tenant for the server.
	        location /example/ {
	            auth_request /.auth;
	            proxy_set_header X-Tenant-Id \$auth_tenant;
	            proxy_set_header Authorization "";
	            proxy_pass http://127.0.0.1:$EPORT;
	        }
	    }
	    server {
	        listen 127.0.0.1:$EPORT;
	        location / { default_type text/plain; return 200 "service: tenant=\$http_x_tenant_id\n"; }
	    }
	}
EOF
if ! nginx -t -c "$TMP/nginx.conf" >"$TMP/nginx-test.log" 2>&1; then
	fail "nginx accepts the installed snippet and site"; sed 's/^/# /' "$TMP/nginx-test.log"; finish
fi
pass "nginx accepts the installed snippet and site"
setsid nginx -c "$TMP/nginx.conf" -g 'daemon off;' </dev/null >>"$TMP/nginx-error.log" 2>&1 &
echo $! >"$TMP/nginx.pid.own"
BASE=http://127.0.0.1:$SPORT
wait_for 10 curl -sf -o /dev/null "$BASE/api/v1/health"

# The end-to-end suite's smoke test, through the installed site.
mkdir -p "$TMP/bin" && ln -sf /usr/sbin/tenantctl "$TMP/bin/tenantctl"
ln -sf "$TMP/nginx-access.log" "$TMP/state/nginx-access.log"
ln -sf "$TMP/workers.log" "$TMP/state/workers.log"
STACK_STATE=$TMP/state STACK_BUILD=$TMP/bin STACK_CONF=/etc/tenantapi/tenantapi.conf STACK_DB_SOCK=$sock
diag "--- t_00_basics through the installed package"
# shellcheck source=tests/e2e/t_00_basics.sh
. "$top/tests/e2e/t_00_basics.sh"

# The admin token from setup, the API and the gate through the snippet.
ajson "$ADMIN" POST /api/v1/tenants '{"id":"pkg-acme","name":"Acme"}'
expect_status 201 "the setup token creates a tenant"
ajson "$ADMIN" POST /api/v1/tokens '{"name":"reader","tenant":"pkg-acme","permissions":["read"]}'
expect_status 201 "and a token"
R=$(jb .token); RID=$(jb .id)
BASE=http://127.0.0.1:$PORT
areq "$R" GET /example/x
check "the gate lets the token through the snippet's /.auth" \
	holds "$([ "$STATUS" = 200 ] && [ "$BODY" = "service: tenant=pkg-acme" ]; echo $?)"
areq "$R" POST /example/x
expect_problem 403 "a POST with a read token: 403 problem+json from nginx"
req GET /example/x
expect_problem 401 "no token: 401 problem+json from nginx"
check "with WWW-Authenticate: Bearer" bash -c "[[ '$(header www-authenticate)' == Bearer* ]]"
ajson "$ADMIN" POST /api/v1/tokens '{"name":"limited","tenant":"pkg-acme","permissions":["read"],"rate_limit_per_minute":1}'
L=$(jb .token)
areq "$L" GET /example/x
expect_status 200 "a token limited to 1 call a minute: the first passes"
areq "$L" GET /example/x
check "  the second: 429 problem+json with Retry-After, from the snippet" \
	holds "$(is_problem 429 && [ "$(jb -r .code)" = rate_limited ] && [ -n "$(header retry-after)" ]; echo $?)"
# The workers add the size of the table to the name (cache.<hex>).
shared=$(stat -c '%n %U %a' /run/tenantapi/shared/cache.* /run/tenantapi/shared/ratelimit.* 2>&1 | tr '\n' ' ')
check "the workers share the installed cache and rate-limit files ($shared)" \
	holds "$([[ "$shared" =~ ^/run/tenantapi/shared/cache\.[0-9a-f]+\ tenantapi\ 600\ /run/tenantapi/shared/ratelimit\.[0-9a-f]+\ tenantapi\ 600\ $ ]]; echo $?)"
out=$(tenantctl notify-expiring 2>&1); rc=$?
check "the installed tenantctl notify-expiring: nothing due, exit 0 ($rc: $out)" [ "$rc" = 0 ]
out=$(tenantctl revoke "$RID" 2>&1)
check "the installed tenantctl revokes it ($out)" [ "$out" = "revoked $RID" ]
sleep 1
areq "$R" GET /example/x
expect_problem 401 "then the gate refuses it"
check "tenantctl --json audit: the audit of it all" \
	bash -c "tenantctl --json audit --tenant pkg-acme | jq -e '[.items[].action] | index(\"token.revoke\") != null' >/dev/null"

# --- stop, purge ---------------------------------------------------------------
stop_pid "$TMP/nginx.pid.own" QUIT 10
stop_pid "$TMP/pool.pid" TERM 20
check "the pool stopped on TERM, every worker saying so" grep -q 'worker stopping' "$TMP/workers.log"
STATE_DIR=$TMP/state "$top/conf/stack.sh" db-stop >/dev/null 2>&1
files=$(dpkg -L tenantapi | while read -r f; do [ -d "$f" ] || echo "$f"; done)
if dpkg --purge tenantapi >"$TMP/purge.log" 2>&1; then
	pass "dpkg --purge tenantapi"
else
	fail "dpkg --purge tenantapi"; sed 's/^/# /' "$TMP/purge.log"
fi
installed_by_us=0
left=$(for f in $files; do [ -e "$f" ] && echo "$f"; done)
check "no file of the package is left${left:+: $left}" [ -z "$left" ]
check "no /etc/tenantapi (conffile, secrets) is left" [ ! -e /etc/tenantapi ]
check "dpkg forgets it (no rc state)" bash -c "! dpkg-query -W -f='\${Status}' tenantapi 2>/dev/null | grep -q 'config-files\|installed'"
enabled_links >"$TMP/links.final"
check "no unit link is left" cmp -s "$TMP/links.before" "$TMP/links.final"
check "what Debian policy keeps: the system user tenantapi" bash -c "getent passwd tenantapi >/dev/null"
finish
