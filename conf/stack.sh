#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Starts and stops a private Tenant API stack: MariaDB, the FastCGI worker
# pools under spawn-fcgi + multiwatch, and nginx. Everything lives in
# STATE_DIR and is stopped by PID; nothing is left in system directories.
#
#   conf/stack.sh [run]     build, start, print the URL and an admin token,
#                           serve until Ctrl-C, then stop everything
#   conf/stack.sh build     autogen, configure and make in BUILD_DIR
#   conf/stack.sh start     start in the background, write STATE_DIR/stack.env
#   conf/stack.sh stop      stop what start started
#   conf/stack.sh db-stop | db-start | pool-stop N | pool-start N
#
# Environment: PORT (8080), STATE_DIR (./state), BUILD_DIR (./build),
# WORKERS per pool (4), POOLS (1), NGINX_WORKERS (1), TENANTAPI_EXTRA_CONF
# (lines appended to the generated configuration), SHM_DIR (/dev/shm: where
# the files the workers map go, in a directory of this state's own).
#
# DB_TLS=1: MariaDB also listens on 127.0.0.1:DB_PORT (PORT + 6) with TLS
# required there (certificates of a private CA made with openssl in
# STATE_DIR/tls), and the workers and tenantctl connect over it, verifying
# the server (db_ssl_ca) and showing a client certificate. The cluster
# mode does that by default (DB_TLS=0 to turn it off).
#
# CLUSTER=1: a three-node MariaDB Galera cluster on loopback instead of one
# MariaDB, and (at least) two pools attached to different nodes; see
# conf/galera.sh. A state directory made in that mode stays in it. There
# db-stop and db-start stop and start the whole cluster, and
#   conf/stack.sh node-stop N | node-kill N | node-start N
# stop a node (TERM), kill it (KILL), or start it again (it rejoins by IST
# after a crash, and the command returns once it is Synced).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-8080}
STATE_DIR=${STATE_DIR:-$top/state}
BUILD_DIR=${BUILD_DIR:-$top/build}
WORKERS=${WORKERS:-4}
POOLS=${POOLS:-1}
NGINX_WORKERS=${NGINX_WORKERS:-1}
EXAMPLE_PORT=${EXAMPLE_PORT:-$((PORT + 1))}

S=$STATE_DIR
DB_SOCK=$S/mysqld.sock
CONF=$S/tenantapi.conf
# The files every worker maps (metrics, the cache, the rate limits) live in
# memory, as /run/tenantapi/shared does under systemd: a file on a disk's
# file system has every page a worker writes written back to the disk, and
# write-protected again, every few seconds. A directory of this state's
# own under /dev/shm (SHM_DIR), made by start and removed by stop.
SHM=${SHM_DIR:-/dev/shm}/tenantapi-$(realpath -m "$S" | cksum | cut -d' ' -f1)

LOG_TAG=stack
# shellcheck source=conf/lib.sh
. "$top/conf/lib.sh"

me=$(id -un)
mariadb_client() { mariadb --no-defaults --socket="$DB_SOCK" -u "$me" "$@"; }

build() {
	if [ ! -x "$top/configure" ]; then
		(cd "$top" && ./autogen.sh) >/dev/null 2>&1 || die "autogen.sh failed"
	fi
	mkdir -p "$BUILD_DIR"
	if [ ! -f "$BUILD_DIR/Makefile" ]; then
		(cd "$BUILD_DIR" && "$top/configure" ${CONFIGURE_FLAGS:-}) >"$BUILD_DIR/configure.out" 2>&1 ||
			die "configure failed: see $BUILD_DIR/configure.out"
	fi
	make -C "$BUILD_DIR" -j"$(nproc)" >"$BUILD_DIR/make.out" 2>&1 ||
		{ tail -30 "$BUILD_DIR/make.out" >&2; die "make failed"; }
}

CLUSTER=${CLUSTER:-}
# A state directory made in cluster mode stays in it.
[ -z "$CLUSTER" ] && [ -f "$S/cluster.env" ] && CLUSTER=1
[ "$CLUSTER" = 0 ] && CLUSTER=
# TLS to the database: on by default in cluster mode; a state directory
# made with it keeps it.
[ -z "${DB_TLS:-}" ] && [ -f "$S/tls.env" ] && . "$S/tls.env"
DB_TLS=${DB_TLS:-${CLUSTER:+1}}
[ "$DB_TLS" = 0 ] && DB_TLS=
DB_PORT=${DB_PORT:-$((PORT + 6))}
TLS_DIR=$S/tls

# The configuration lines of TLS to the database.
tls_config() {
	[ -n "$DB_TLS" ] || return 0
	cat <<-EOF
		db_ssl_ca = $TLS_DIR/ca.pem
		db_ssl_cert = $TLS_DIR/client.pem
		db_ssl_key = $TLS_DIR/client.key
	EOF
}

db_start() {
	local user_opt=() i
	[ "$(id -u)" -eq 0 ] && user_opt=(--user=root)
	# A private tmpdir: instances sharing /tmp can trip over each other.
	mkdir -p "$S/tmp"
	if [ ! -d "$S/db/mysql" ]; then
		mkdir -p "$S/db"
		mariadb-install-db --no-defaults --datadir="$S/db" --tmpdir="$S/tmp" "${user_opt[@]}" \
			--auth-root-authentication-method=socket --skip-test-db \
			>"$S/mariadb-install.log" 2>&1 || die "mariadb-install-db failed: $S/mariadb-install.log"
	fi
	# The socket only; with DB_TLS also 127.0.0.1:DB_PORT, TLS required
	# there (the socket stays for the tests' SQL and the admin).
	local net_opt=(--skip-networking)
	if [ -n "$DB_TLS" ]; then
		tls_certs "$TLS_DIR"
		printf 'DB_TLS=1\nDB_PORT=%s\n' "$DB_PORT" >"$S/tls.env"
		net_opt=(--bind-address=127.0.0.1 --port="$DB_PORT" --require-secure-transport=ON
			--ssl-ca="$TLS_DIR/ca.pem" --ssl-cert="$TLS_DIR/server.pem" --ssl-key="$TLS_DIR/server.key")
	fi
	setsid mariadbd --no-defaults --datadir="$S/db" --socket="$DB_SOCK" --tmpdir="$S/tmp" \
		--pid-file="$S/mariadbd.pid.own" --log-error="$S/mariadb.log" \
		"${net_opt[@]}" --innodb-flush-log-at-trx-commit=1 \
		--innodb-buffer-pool-size=256M --max-connections=500 \
		--character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
		"${user_opt[@]}" </dev/null >/dev/null 2>&1 &
	echo $! >"$S/mariadbd.pid"
	for ((i = 0; i < 300; i++)); do
		# The mariadb client (mariadb-client-core): mariadb-admin would
		# need all of mariadb-client, 60 MB more for the first command.
		if [ -S "$DB_SOCK" ] && mariadb_client -e 'SELECT 1' >/dev/null 2>&1; then
			return 0
		fi
		pid_alive "$S/mariadbd.pid" || die "mariadbd exited: see $S/mariadb.log"
		sleep 0.1
	done
	die "mariadbd did not answer within 30 s: see $S/mariadb.log"
}

db_stop() { stop_pid "$S/mariadbd.pid" TERM 60; }

db_setup() {
	local pw opw f
	for f in db.password db-owner.password; do
		if [ ! -f "$S/$f" ]; then
			(umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$S/$f")
		fi
	done
	pw=$(cat "$S/db.password")
	opw=$(cat "$S/db-owner.password")
	# Least privilege (SPEC §7): the owner account runs the migrations and
	# grants the role tenantapi_worker what the workers need (tenantctl
	# migrate); the workers' account has that role and nothing else, so it
	# cannot rewrite the audit or change the schema. REVOKE ALL first: a
	# state directory made before gave it every privilege on the database
	# (it also takes the role, given back at once).
	# In cluster mode the workers connect over TCP, hence '127.0.0.1'; the
	# statements replicate to every node there.
	mariadb_client <<-SQL
		CREATE DATABASE IF NOT EXISTS tenantapi CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
		CREATE USER IF NOT EXISTS 'tenantapi_owner'@'localhost' IDENTIFIED BY '$opw';
		CREATE USER IF NOT EXISTS 'tenantapi_owner'@'127.0.0.1' IDENTIFIED BY '$opw';
		GRANT ALL PRIVILEGES ON tenantapi.* TO 'tenantapi_owner'@'localhost' WITH GRANT OPTION;
		GRANT ALL PRIVILEGES ON tenantapi.* TO 'tenantapi_owner'@'127.0.0.1' WITH GRANT OPTION;
		CREATE ROLE IF NOT EXISTS tenantapi_worker;
		CREATE USER IF NOT EXISTS 'tenantapi'@'localhost' IDENTIFIED BY '$pw';
		CREATE USER IF NOT EXISTS 'tenantapi'@'127.0.0.1' IDENTIFIED BY '$pw';
		REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'tenantapi'@'localhost', 'tenantapi'@'127.0.0.1';
		GRANT tenantapi_worker TO 'tenantapi'@'localhost', 'tenantapi'@'127.0.0.1';
		SET DEFAULT ROLE tenantapi_worker FOR 'tenantapi'@'localhost';
		SET DEFAULT ROLE tenantapi_worker FOR 'tenantapi'@'127.0.0.1';
	SQL
}

write_config() {
	local node=unix:$DB_SOCK
	[ -n "$DB_TLS" ] && node=127.0.0.1:$DB_PORT
	cat >"$CONF" <<-EOF
		# Generated by conf/stack.sh
		db_node = $node
		db_name = tenantapi
		db_user = tenantapi
		db_password_file = $S/db.password
		db_owner_user = tenantapi_owner
		db_owner_password_file = $S/db-owner.password
		db_worker_role = tenantapi_worker
		server_key_file = $S/server.key
		sql_dir = $top/sql
		metrics_file = $SHM/metrics
		cache_file = $SHM/cache
		ratelimit_file = $SHM/ratelimit
		log_level = ${LOG_LEVEL:-info}
	EOF
	tls_config >>"$CONF"
	if [ -n "${TENANTAPI_EXTRA_CONF:-}" ]; then
		printf '%s\n' "$TENANTAPI_EXTRA_CONF" >>"$CONF"
	fi
}

# The configuration pool n runs with (cluster mode: one per pool).
pool_conf() { echo "$CONF"; }

pool_start() {
	local n=$1 sock=$S/fcgi-$1.sock conf i
	conf=$(pool_conf "$n")
	[ -f "$conf" ] || die "no configuration for pool $n"
	rm -f "$sock"
	# multiwatch keeps WORKERS processes alive and stops them with TERM,
	# which finishes the request in flight.
	setsid spawn-fcgi -s "$sock" -M 0660 -n -- \
		/usr/bin/multiwatch -f "$WORKERS" -s TERM -- \
		"$BUILD_DIR/tenantapi" -c "$conf" </dev/null >>"$S/workers.log" 2>&1 &
	echo $! >"$S/pool-$n.pid"
	for ((i = 0; i < 100; i++)); do
		[ -S "$sock" ] && return 0
		sleep 0.05
	done
	die "pool $n did not create $sock: see $S/workers.log"
}

pool_stop() { stop_pid "$S/pool-$1.pid" TERM 20; }

nginx_start() {
	local servers="" n i user=""
	mkdir -p "$S/nginx-tmp"
	for ((n = 1; n <= POOLS; n++)); do
		servers+="        server unix:$S/fcgi-$n.sock max_fails=0;"$'\n'
	done
	# As root, nginx's workers would drop to nobody, who cannot reach the
	# private sockets: keep them as the user that owns the state directory.
	[ "$(id -u)" -eq 0 ] && user="user root root;"
	awk -v servers="$servers" -v state="$S" -v port="$PORT" -v eport="$EXAMPLE_PORT" \
	    -v conf="$top/conf" -v nw="$NGINX_WORKERS" -v user="$user" '
		/server unix:@FCGI_SOCKET@;/ { printf "%s", servers; next }
		{ gsub(/@STATE@/, state); gsub(/@PORT@/, port); gsub(/@CONF@/, conf); gsub(/@EXAMPLE_PORT@/, eport);
		  gsub(/@NGINX_WORKERS@/, nw); gsub(/@NGINX_USER@/, user); print }
	' "$top/conf/nginx.conf.in" >"$S/nginx.conf"
	[ -n "$CLUSTER" ] && cluster_nginx_servers "$S/nginx.conf"
	nginx -t -p "$S" -c "$S/nginx.conf" >"$S/nginx-test.log" 2>&1 ||
		{ cat "$S/nginx-test.log" >&2; die "nginx configuration invalid"; }
	setsid nginx -p "$S" -c "$S/nginx.conf" -g 'daemon off;' </dev/null >>"$S/nginx-error.log" 2>&1 &
	echo $! >"$S/nginx.pid.own"
	for ((i = 0; i < 100; i++)); do
		curl -s -o /dev/null "http://127.0.0.1:$PORT/api/v1/health" && return 0
		pid_alive "$S/nginx.pid.own" || die "nginx exited: see $S/nginx-error.log"
		sleep 0.05
	done
	die "nginx did not answer on port $PORT"
}

write_env() {
	cat >"$S/stack.env" <<-EOF
		STACK_PORT=$PORT
		STACK_EXAMPLE_PORT=$EXAMPLE_PORT
		STACK_BASE=http://127.0.0.1:$PORT
		STACK_STATE=$S
		STACK_CONF=$CONF
		STACK_DB_SOCK=$DB_SOCK
		STACK_BUILD=$BUILD_DIR
		STACK_POOLS=$POOLS
		STACK_WORKERS=$WORKERS
		STACK_DB_TLS=${DB_TLS:-0}
		STACK_DB_PORT=${DB_TLS:+$DB_PORT}
		STACK_TLS_DIR=${DB_TLS:+$TLS_DIR}
	EOF
}

start() {
	[ -x "$BUILD_DIR/tenantapi" ] || die "no $BUILD_DIR/tenantapi: run conf/stack.sh build"
	mkdir -p "$S"
	chmod 700 "$S"
	pid_alive "$S/mariadbd.pid" && die "a stack already runs in $S (conf/stack.sh stop)"
	mkdir -p -m 700 "$SHM"
	db_start
	db_setup
	[ -f "$S/server.key" ] || "$BUILD_DIR/tenantctl" keygen "$S/server.key"
	write_config
	"$BUILD_DIR/tenantctl" -c "$CONF" migrate >"$S/migrate.log" 2>&1 ||
		{ cat "$S/migrate.log" >&2; die "migrations failed"; }
	for ((n = 1; n <= POOLS; n++)); do pool_start "$n"; done
	nginx_start
	write_env
}

stop() {
	stop_pid "$S/nginx.pid.own" QUIT 10
	for f in "$S"/pool-*.pid; do
		[ -e "$f" ] && stop_pid "$f" TERM 20
	done
	db_stop
	rm -rf "$SHM"
}

admin_token() {
	"$BUILD_DIR/tenantctl" -c "$CONF" token-create --tenant '*' \
		--permissions read,write,create,delete \
		--name "admin-$(date -u +%Y%m%dT%H%M%SZ)" --quiet
}

run() {
	build
	trap 'echo; log "stopping"; stop; exit 0' INT TERM
	trap 'stop' EXIT
	start
	echo "Tenant API: http://127.0.0.1:$PORT/ (cockpit: http://127.0.0.1:$PORT/cockpit/)"
	if tok=$(admin_token 2>/dev/null); then
		echo "admin token: $tok"
	fi
	echo "state and logs in $S; Ctrl-C stops everything"
	while pid_alive "$S/nginx.pid.own"; do sleep 1; done
	log "nginx exited"
}

# Cluster mode replaces the database functions, the configuration and the
# pools (conf/galera.sh).
if [ -n "$CLUSTER" ]; then
	# shellcheck source=conf/galera.sh
	. "$top/conf/galera.sh"
fi

case "${1:-run}" in
run) run ;;
build) build ;;
start) start ;;
stop) stop ;;
db-stop) db_stop ;;
db-start) db_start ;;
pool-stop) pool_stop "${2:?pool number}" ;;
pool-start) pool_start "${2:?pool number}" ;;
node-stop | node-kill | node-start)
	[ -n "$CLUSTER" ] || die "$1: only in cluster mode (CLUSTER=1)"
	case "${2:?node number}" in [1-9]) ;; *) die "$1: bad node number $2" ;; esac
	"${1/-/_}" "$2" ;;
*) die "unknown command $1" ;;
esac
