#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Starts and stops Apache in front of a running Tenant API stack (one made by
# conf/stack.sh start): the worker pool that answers mod_authnz_fcgi's
# AUTHORIZER calls over TCP, and Apache itself with the configuration made
# from conf/apache.conf.in. Everything lives in STATE_DIR (as root, the
# socket of Apache's own pool lives in a directory under /tmp, see below)
# and is stopped by PID; nothing is left in system directories.
#
#   conf/apache.sh start    start in the background, write STATE_DIR/apache.env
#   conf/apache.sh stop     stop what start started
#   conf/apache.sh config   only write STATE_DIR/apache.conf and check it
#
# Environment: STATE_DIR (./state, made by conf/stack.sh start),
# APACHE_PORT (8090), AUTHZ_PORT (APACHE_PORT + 1), APACHE_EXAMPLE_PORT
# (APACHE_PORT + 2), AUTHZ_WORKERS (2), APACHE_BIN (apache2 or httpd),
# APACHE_MODULES (the module directory), APACHE_TEMPLATE
# (conf/apache.conf.in), and as root APACHE_USER / APACHE_GROUP (www-data).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
STATE_DIR=${STATE_DIR:-$top/state}
APACHE_PORT=${APACHE_PORT:-8090}
AUTHZ_PORT=${AUTHZ_PORT:-$((APACHE_PORT + 1))}
APACHE_EXAMPLE_PORT=${APACHE_EXAMPLE_PORT:-$((APACHE_PORT + 2))}
AUTHZ_WORKERS=${AUTHZ_WORKERS:-2}
APACHE_TEMPLATE=${APACHE_TEMPLATE:-$top/conf/apache.conf.in}

S=$STATE_DIR

LOG_TAG=apache
# shellcheck source=conf/lib.sh
. "$top/conf/lib.sh"


load_stack() {
	[ -f "$S/stack.env" ] || die "no $S/stack.env: start the stack first (conf/stack.sh start)"
	# shellcheck disable=SC1091
	. "$S/stack.env"
	CONF=$STACK_CONF
	BUILD_DIR=${BUILD_DIR:-$STACK_BUILD}
	[ -x "$BUILD_DIR/tenantapi" ] || die "no $BUILD_DIR/tenantapi"
}

find_apache() {
	local b d
	if [ -z "${APACHE_BIN:-}" ]; then
		for b in apache2 httpd /usr/sbin/apache2 /usr/sbin/httpd; do
			if command -v "$b" >/dev/null 2>&1; then APACHE_BIN=$(command -v "$b"); break; fi
		done
	fi
	[ -n "${APACHE_BIN:-}" ] || die "no apache2 or httpd binary (APACHE_BIN)"
	if [ -z "${APACHE_MODULES:-}" ]; then
		for d in /usr/lib/apache2/modules /usr/lib64/httpd/modules /usr/lib/httpd/modules \
		    /usr/libexec/apache2 /usr/local/apache2/modules; do
			if [ -f "$d/mod_authnz_fcgi.so" ]; then APACHE_MODULES=$d; break; fi
		done
	fi
	if [ -z "${APACHE_MODULES:-}" ] || [ ! -f "$APACHE_MODULES/mod_proxy_fcgi.so" ]; then
		die "no Apache module directory with mod_proxy_fcgi.so (APACHE_MODULES)"
	fi
}

# As root, Apache's children run as APACHE_USER (Apache refuses to serve as
# root) and connect to the workers' socket as that user. The stack's state
# directory is private (0700), so then Apache gets a pool of its own whose
# socket lives in a directory of the Apache group, outside STATE_DIR.
# responder_socket [dry]: dry names the socket without making the directory.
APACHE_RUN=
responder_socket() {
	local sock=$S/fcgi-1.sock dry=${1:-}
	USER_LINES="# not started as root: Apache keeps the user that started it"
	if [ "$(id -u)" -ne 0 ]; then
		FCGI_SOCKET=$sock
		return
	fi
	APACHE_USER=${APACHE_USER:-www-data}
	getent passwd "$APACHE_USER" >/dev/null || APACHE_USER=nobody
	APACHE_GROUP=${APACHE_GROUP:-$(id -gn "$APACHE_USER")}
	# (awk -v turns the \n into a newline)
	USER_LINES="User $APACHE_USER\\nGroup $APACHE_GROUP"
	if [ -S "$sock" ] && runuser -u "$APACHE_USER" -- test -w "$sock" 2>/dev/null; then
		FCGI_SOCKET=$sock
		return
	fi
	if [ -n "$dry" ]; then
		FCGI_SOCKET=${TMPDIR:-/tmp}/tenantapi-apache.XXXXXX/fcgi.sock
		return
	fi
	APACHE_RUN=$(mktemp -d "${TMPDIR:-/tmp}/tenantapi-apache.XXXXXX")
	echo "$APACHE_RUN" >"$S/apache-run.path"
	chgrp "$APACHE_GROUP" "$APACHE_RUN"
	chmod 0750 "$APACHE_RUN"
	FCGI_SOCKET=$APACHE_RUN/fcgi.sock
}

pool_start() {
	local i
	# The same pool as conf/stack.sh's, on TCP: mod_authnz_fcgi cannot
	# use unix sockets. multiwatch keeps AUTHZ_WORKERS alive and stops
	# them with TERM, which finishes the request in flight.
	listening "$AUTHZ_PORT" && die "port $AUTHZ_PORT (AUTHZ_PORT) is in use"
	# The TCP pool answers the authorizer role only: anything on this
	# host could reach it, and the API belongs behind Apache's rules.
	{ cat "$CONF"; echo "fcgi_roles = authorizer"; } >"$S/tenantapi-authz.conf"
	setsid spawn-fcgi -a 127.0.0.1 -p "$AUTHZ_PORT" -n -- \
		/usr/bin/multiwatch -f "$AUTHZ_WORKERS" -s TERM -- \
		"$BUILD_DIR/tenantapi" -c "$S/tenantapi-authz.conf" </dev/null >>"$S/workers.log" 2>&1 &
	echo $! >"$S/authz-pool.pid"
	if [ -n "$APACHE_RUN" ]; then
		setsid spawn-fcgi -s "$FCGI_SOCKET" -M 0660 -G "$APACHE_GROUP" -n -- \
			/usr/bin/multiwatch -f "${WORKERS:-${STACK_WORKERS:-2}}" -s TERM -- \
			"$BUILD_DIR/tenantapi" -c "$CONF" </dev/null >>"$S/workers.log" 2>&1 &
		echo $! >"$S/apache-pool.pid"
	fi
	for ((i = 0; i < 100; i++)); do
		if listening "$AUTHZ_PORT" && { [ -z "$APACHE_RUN" ] || [ -S "$FCGI_SOCKET" ]; }; then
			return 0
		fi
		pid_alive "$S/authz-pool.pid" || die "the authorizer pool exited: see $S/workers.log"
		sleep 0.05
	done
	die "the authorizer pool did not listen on $AUTHZ_PORT: see $S/workers.log"
}

write_config() {
	mkdir -p "$S/apache-run" "$S/apache-empty"
	awk -v state="$S" -v port="$APACHE_PORT" -v authz="$AUTHZ_PORT" \
	    -v eport="$APACHE_EXAMPLE_PORT" -v sock="$FCGI_SOCKET" \
	    -v modules="$APACHE_MODULES" -v user="$USER_LINES" -v conf="$top/conf" '
		NR == 1 { print "# Generated by conf/apache.sh from " FILENAME }
		/^[ \t]*#/ { print; next }
		/^@APACHE_USER@$/ { print user; next }
		{ gsub(/@STATE@/, state); gsub(/@PORT@/, port); gsub(/@AUTHZ_PORT@/, authz);
		  gsub(/@EXAMPLE_PORT@/, eport); gsub(/@FCGI_SOCKET@/, sock);
		  gsub(/@MODULES@/, modules); gsub(/@CONF@/, conf); print }
	' "$APACHE_TEMPLATE" >"$S/apache.conf"
	if grep -v '^[[:space:]]*#' "$S/apache.conf" | grep -q '@[A-Z_]*@'; then
		die "placeholders left in $S/apache.conf: $(grep -v '^[[:space:]]*#' "$S/apache.conf" | grep -o '@[A-Z_]*@' | sort -u | tr '\n' ' ')"
	fi
	"$APACHE_BIN" -t -d "$S" -f "$S/apache.conf" >"$S/apache-test.log" 2>&1 ||
		{ cat "$S/apache-test.log" >&2; die "Apache configuration invalid"; }
}

apache_start() {
	local i
	setsid "$APACHE_BIN" -d "$S" -f "$S/apache.conf" -DFOREGROUND \
		</dev/null >>"$S/apache-error.log" 2>&1 &
	echo $! >"$S/apache.pid.own"
	for ((i = 0; i < 200; i++)); do
		curl -s -o /dev/null "http://127.0.0.1:$APACHE_PORT/api/v1/health" && return 0
		pid_alive "$S/apache.pid.own" ||
			die "Apache exited: $(tail -n 3 "$S/apache-error.log" | tr '\n' ' ')(see $S/apache-error.log)"
		sleep 0.05
	done
	die "Apache did not answer on port $APACHE_PORT: see $S/apache-error.log"
}

write_env() {
	cat >"$S/apache.env" <<-EOF
		APACHE_BASE=http://127.0.0.1:$APACHE_PORT
		APACHE_PORT=$APACHE_PORT
		AUTHZ_PORT=$AUTHZ_PORT
		APACHE_EXAMPLE_PORT=$APACHE_EXAMPLE_PORT
		APACHE_FCGI_SOCKET=$FCGI_SOCKET
		APACHE_CONF=$S/apache.conf
	EOF
}

start() {
	load_stack
	find_apache
	pid_alive "$S/apache.pid.own" && die "Apache already runs for $S (conf/apache.sh stop)"
	for p in "$APACHE_PORT" "$APACHE_EXAMPLE_PORT"; do
		listening "$p" && die "port $p is in use"
	done
	# Whatever fails from here on, nothing is left running.
	trap 'stop >/dev/null 2>&1' EXIT
	responder_socket
	write_config
	pool_start
	apache_start
	write_env
	trap - EXIT
}

stop() {
	local run
	# TERM: Apache stops its children at once (graceful-stop would be
	# WINCH); a request in flight to a worker is finished by the worker.
	stop_pid "$S/apache.pid.own" TERM 10
	stop_pid "$S/authz-pool.pid" TERM 20
	stop_pid "$S/apache-pool.pid" TERM 20
	if [ -f "$S/apache-run.path" ]; then
		run=$(cat "$S/apache-run.path")
		case $run in
		*/tenantapi-apache.*) rm -rf -- "$run" ;;
		esac
		rm -f "$S/apache-run.path"
	fi
	rm -f "$S/apache.env"
}

config() {
	load_stack
	find_apache
	responder_socket dry
	write_config
	log "wrote $S/apache.conf"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
config) config ;;
*) die "usage: conf/apache.sh start|stop|config" ;;
esac
