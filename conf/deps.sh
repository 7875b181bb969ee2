#!/bin/sh
# Installs the Debian 12 packages the project needs to build, run and test.
# Idempotent: installs only what is missing; runs apt-get update once then.
set -eu

PKGS="build-essential autoconf automake pkg-config
libfcgi-dev libfcgi-bin spawn-fcgi multiwatch
libmariadb-dev mariadb-server mariadb-client galera-4 rsync
libjansson-dev libsodium-dev libcurl4-openssl-dev
nginx apache2
curl jq wrk procps iproute2 psmisc
clang libclang-rt-14-dev valgrind
chromium fonts-dejavu-core"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
# Node.js and npm drive the browser tests; any recent node will do.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	missing="$missing nodejs npm"
fi

if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: missing packages:$missing (run as root to install)" >&2
		exit 1
	fi
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	# The project runs its own private MariaDB, nginx and Apache: keep the
	# packages from starting the system ones (nginx and Apache would both
	# want port 80, and a failed start fails the install).
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod +x /usr/sbin/policy-rc.d
		trap 'rm -f /usr/sbin/policy-rc.d' EXIT
	fi
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# playwright-core (no browser download: it drives Debian's chromium).
top=$(cd "$(dirname "$0")/.." && pwd)
if [ -f "$top/tests/browser/package.json" ] &&
    [ ! -d "$top/tests/browser/node_modules/playwright-core" ]; then
	echo "deps: npm install in tests/browser"
	(cd "$top/tests/browser" && npm install --no-audit --no-fund --silent)
fi
exit 0
