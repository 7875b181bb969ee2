# SPDX-License-Identifier: ISC
# Shell functions the stack scripts share: messages and PID files.
# shellcheck shell=bash

log() { printf '%s: %s\n' "${LOG_TAG:-stack}" "$*" >&2; }
die() { log "$*"; exit 1; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Stops the process whose PID is in file $1 with signal $2, waiting up to $3 s.
stop_pid() {
	local f=$1 sig=$2 wait=$3 pid i
	[ -f "$f" ] || return 0
	pid=$(cat "$f")
	if kill -0 "$pid" 2>/dev/null; then
		kill -"$sig" "$pid" 2>/dev/null || true
		for ((i = 0; i < wait * 10; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			log "pid $pid ($f) did not stop: KILL"
			kill -KILL "$pid" 2>/dev/null || true
		fi
	fi
	rm -f "$f"
}

# Is something listening on 127.0.0.1:$1?
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# tls_certs DIR: a private CA and, signed by it, a certificate for a
# database server on loopback (127.0.0.1 and localhost) and one for its
# clients, made once with openssl: ca.pem, server.pem/.key, client.pem/.key.
tls_certs() {
	local d=$1 n
	[ -f "$d/client.pem" ] && return 0
	command -v openssl >/dev/null || die "TLS needs openssl"
	mkdir -p "$d"
	(
		umask 077
		cd "$d" || exit 1
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout ca.key -out ca.pem -days 3650 -subj "/CN=tenantapi test CA" &&
		for n in server client; do
			openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
				-keyout "$n.key" -out "$n.csr" -subj "/CN=tenantapi test $n" &&
			printf 'subjectAltName = IP:127.0.0.1, DNS:localhost\nextendedKeyUsage = %s\n' \
				"$([ "$n" = server ] && echo serverAuth || echo clientAuth)" >"$n.ext" &&
			openssl x509 -req -in "$n.csr" -CA ca.pem -CAkey ca.key -CAcreateserial \
				-days 3650 -extfile "$n.ext" -out "$n.pem" || exit 1
		done
	) >"$d/openssl.log" 2>&1 || die "openssl failed: see $d/openssl.log"
	# mariadbd may run as another user (cluster mode): it reads these.
	chmod 0644 "$d"/*.pem "$d"/*.key
	chmod 0755 "$d"
}
