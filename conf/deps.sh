#!/bin/sh
# SPDX-License-Identifier: ISC
# Installs the Debian 12 packages the project needs, by purpose:
#
#   conf/deps.sh [run] [build] [test]   install what is missing
#   conf/deps.sh --list PURPOSE...      print the packages, one a line
#
#   run     what a stack serves with: MariaDB, nginx, spawn-fcgi, multiwatch
#   build   what builds it: the compiler, autotools, the libraries' -dev
#   test    what the tests add: clang, valgrind, chromium and node (with
#           npm install in tests/browser), wrk, Apache, Galera, the Debian
#           packaging tools ...; it implies run and build
#
# Without a purpose: run and build (README's first command). Idempotent:
# installs only what is missing, running apt-get update once then.
# Installing never starts a service nor leaves one enabled for the next
# boot that was not: the project runs its own private MariaDB, nginx and
# Apache.
set -eu

# The private stack needs MariaDB's server binaries only (mariadbd,
# mariadb-install-db: mariadb-server-core, without the system service of
# mariadb-server, which depends on galera-4, rsync and perl) and its
# command-line client (mariadb-client-core, without the tools of
# mariadb-client); the build a C compiler and make, not build-essential's
# C++ and packaging tools.
RUN_PKGS="mariadb-server-core mariadb-client-core nginx spawn-fcgi multiwatch curl"
BUILD_PKGS="gcc make libc6-dev autoconf automake pkg-config
libfcgi-dev libmariadb-dev libjansson-dev libsodium-dev libcurl4-openssl-dev"
TEST_PKGS="build-essential libfcgi-bin mariadb-client mariadb-server galera-4 rsync apache2
jq wrk procps iproute2 psmisc openssl
clang libclang-rt-14-dev valgrind
chromium fonts-dejavu-core
dpkg-dev debhelper fakeroot lintian mandoc"

list=0
run=0 build=0 test=0
for a in "$@"; do
	case $a in
	--list) list=1 ;;
	run) run=1 ;;
	build) build=1 ;;
	test) run=1 build=1 test=1 ;;
	*) echo "usage: conf/deps.sh [--list] [run] [build] [test]" >&2; exit 2 ;;
	esac
done
[ $((run + build + test)) -gt 0 ] || { run=1; build=1; }

PKGS=""
[ $run = 1 ] && PKGS="$PKGS $RUN_PKGS"
[ $build = 1 ] && PKGS="$PKGS $BUILD_PKGS"
[ $test = 1 ] && PKGS="$PKGS $TEST_PKGS"

# Node.js and npm drive the browser tests; any recent node will do.
need_node=0
if [ $test = 1 ] && { ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; }; then
	need_node=1
fi

if [ $list = 1 ]; then
	# shellcheck disable=SC2086
	printf '%s\n' $PKGS
	[ $test = 1 ] && printf '%s\n' nodejs npm
	exit 0
fi

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ $need_node = 1 ] && missing="$missing nodejs npm"

# The links that enable services at boot: systemd's wants (and requires)
# directories and SysV's rc.d start links.
enabled() {
	{
		find /etc/systemd/system -mindepth 2 -maxdepth 2 -type l \
		    \( -path '*.wants/*' -o -path '*.requires/*' \) 2>/dev/null
		ls -1d /etc/rc[2-5S].d/S* 2>/dev/null
	} | sort
}

if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: missing packages:$missing (run as root to install)" >&2
		exit 1
	fi
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	# Keep the packages from starting the system's services (nginx and
	# Apache would both want port 80, and a failed start fails the
	# install) ...
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod +x /usr/sbin/policy-rc.d
		trap 'rm -f /usr/sbin/policy-rc.d; rm -rf "$tmp"' EXIT
	fi
	enabled >"$tmp/before"
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
	# ... and from enabling them for the next boot: their maintainer
	# scripts enable them whatever policy-rc.d says.
	enabled >"$tmp/after"
	units=$(comm -13 "$tmp/before" "$tmp/after" | while read -r l; do
		case $l in
		/etc/rc*) n=${l##*/S[0-9][0-9]}; echo "$n.service" ;;
		*) basename "$l" ;;
		esac
	done | sort -u)
	for u in $units; do
		echo "deps: $u was enabled by its package: disabling it"
		if command -v systemctl >/dev/null 2>&1; then
			# Works without a running systemd; also does SysV's links.
			systemctl disable --quiet "$u" >/dev/null 2>&1 || true
		fi
		if command -v deb-systemd-helper >/dev/null 2>&1; then
			deb-systemd-helper disable "$u" >/dev/null 2>&1 || true
		fi
		case $u in
		*.service)
			if [ -x "/etc/init.d/${u%.service}" ]; then
				update-rc.d "${u%.service}" disable >/dev/null 2>&1 || true
			fi ;;
		esac
	done
	enabled >"$tmp/final"
	left=$(comm -13 "$tmp/before" "$tmp/final")
	if [ -n "$left" ]; then
		echo "deps: still enabled for boot: $left" >&2
		exit 1
	fi
fi

# playwright-core (no browser download: it drives Debian's chromium).
top=$(cd "$(dirname "$0")/.." && pwd)
if [ $test = 1 ] && [ -f "$top/tests/browser/package.json" ] &&
    [ ! -d "$top/tests/browser/node_modules/playwright-core" ]; then
	echo "deps: npm install in tests/browser"
	(cd "$top/tests/browser" && npm install --no-audit --no-fund --silent)
fi
exit 0
