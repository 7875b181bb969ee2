#!/bin/sh
# SPDX-License-Identifier: ISC
# The dependencies by purpose (conf/deps.sh): README's first command
# installs what running and building need and none of the test tools, the
# second one everything, .ci/run runs the second one verbatim, and every
# program the private stack and the build call comes from the first list.
# TAP on stdout.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top_srcdir" || exit 1

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check() { d=$1; shift; if "$@"; then ok "$d"; else notok "$d"; fi; }

# The commands of README's Quick start: the first two lines of sh blocks.
quick=$(awk '/^## Quick start/ {q = 1; next} /^## / {q = 0}
	q && /^```sh/ {c = 1; next} q && /^```/ {c = 0} c' README.md)
line1=$(printf '%s\n' "$quick" | sed -n 1p)
line2=$(printf '%s\n' "$quick" | sed -n 2p)
check "README's first command starts the stack: $line1" sh -c "case '$line1' in 'conf/deps.sh '*' && conf/stack.sh') exit 0;; *) exit 1;; esac"
check "README's second command runs the tests: $line2" sh -c "case '$line2' in 'conf/deps.sh '*' && tests/run-all.sh') exit 0;; *) exit 1;; esac"
check ".ci/run runs README's second command verbatim" grep -qxF "$line2" .ci/run

args1=$(printf '%s\n' "$line1" | sed 's/^conf\/deps\.sh\(.*\) && .*/\1/')
args2=$(printf '%s\n' "$line2" | sed 's/^conf\/deps\.sh\(.*\) && .*/\1/')
# shellcheck disable=SC2086
list1=$(conf/deps.sh --list $args1) || notok "conf/deps.sh --list$args1"
# shellcheck disable=SC2086
list2=$(conf/deps.sh --list $args2) || notok "conf/deps.sh --list$args2"
check "the first list is not empty ($(echo $list1 | wc -w) packages)" [ -n "$list1" ]

has() { printf '%s\n' "$1" | grep -qx "$2"; }
for t in clang libclang-rt-14-dev valgrind chromium nodejs npm wrk apache2 \
    galera-4 rsync mariadb-server mariadb-client build-essential lintian \
    debhelper mandoc jq libfcgi-bin; do
	check "line 1 does not install the test tool $t" sh -c "! printf '%s\n' \"\$0\" | grep -qx '$t'" "$list1"
	check "line 2 installs $t" has "$list2" "$t"
done
for p in $list1; do
	check "line 2 installs $p too" has "$list2" "$p"
done

# What conf/stack.sh (and the build it runs) calls, by the package that
# has it on Debian 12.
for pair in mariadbd:mariadb-server-core mariadb-install-db:mariadb-server-core \
    mariadb:mariadb-client-core my_print_defaults:mariadb-client-core nginx:nginx \
    spawn-fcgi:spawn-fcgi multiwatch:multiwatch curl:curl cc:gcc make:make \
    autoreconf:autoconf automake:automake pkg-config:pkg-config; do
	cmd=${pair%%:*} pkg=${pair#*:}
	check "line 1 installs $pkg (for $cmd)" has "$list1" "$pkg"
done
for lib in libfcgi-dev libmariadb-dev libjansson-dev libsodium-dev; do
	check "line 1 installs $lib" has "$list1" "$lib"
done

# Line 1's closure of dependencies does not pull the test tools in either
# (mariadb-server would bring galera-4, rsync and perl).
if command -v apt-cache >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	closure=$(apt-cache depends --recurse --no-recommends --no-suggests \
	    --no-conflicts --no-breaks --no-replaces --no-enhances $list1 2>/dev/null |
	    grep -v '^ ' | sort -u)
	if [ "$(echo "$closure" | wc -l)" -gt 20 ]; then
		for t in galera-4 rsync clang valgrind chromium nodejs apache2 lintian g++; do
			check "line 1's dependencies do not pull $t" sh -c "! printf '%s\n' \"\$0\" | grep -qx '$t'" "$closure"
		done
	else
		ok "# SKIP apt-cache knows no packages (no apt-get update yet)"
	fi
fi
check "conf/deps.sh refuses an unknown purpose" sh -c "! conf/deps.sh --list tset >/dev/null 2>&1"
echo "1..$n"
[ "$failed" -eq 0 ]
