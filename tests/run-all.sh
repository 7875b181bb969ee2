#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Builds and runs every test: the gcc build, the clang ASan+UBSan build, the
# end-to-end tests with the workers under valgrind, the end-to-end tests
# against a 3-node Galera cluster (over TLS) with its own tests, the clang
# libFuzzer build (fuzz targets run briefly), the Debian package (built,
# linted, installed, set up, served and purged on this machine) and make
# distcheck; ends with one line "N passed, N failed".
# SUITES selects a subset (default: "plain asan valgrind cluster fuzz
# package distcheck"; "tls" runs the end-to-end tests against a single
# MariaDB over TLS).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
SUITES=${SUITES:-plain asan valgrind cluster fuzz package distcheck}
jobs=$(nproc)
passed=0
failed=0

note() { printf '=== %s\n' "$*"; }

# Adds the counts of a test-suite.log; a missing log counts as one failure.
count() {
	local log=$1 p f e x
	if [ ! -f "$log" ]; then
		failed=$((failed + 1))
		return
	fi
	p=$(awk '/^# PASS:/ {print $3}' "$log")
	f=$(awk '/^# FAIL:/ {print $3}' "$log")
	e=$(awk '/^# ERROR:/ {print $3}' "$log")
	x=$(awk '/^# XPASS:/ {print $3}' "$log")
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0} + ${e:-0} + ${x:-0}))
	if [ "$((${f:-0} + ${e:-0} + ${x:-0}))" -gt 0 ]; then
		grep -E '^(not ok|FAIL|ERROR|#   )' "$log" | head -60
	fi
}

# Adds the counts of a TAP file written by a test run outside make check;
# a file without its plan counts one failure more.
count_tap() {
	local out=$1 p f
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^not ok ' "$out")
	grep -q '^1\.\.[0-9]' "$out" || f=$((f + 1))
	grep -E '^(not ok|#   |# memcheck)' "$out" | head -40
	passed=$((passed + p)); failed=$((failed + f))
}

# build DIR CONFIGURE-ARGS...: configure (once) and make.
build() {
	local dir=$1; shift
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ]; then
		(cd "$dir" && "$top/configure" "$@") >"$dir/configure.out" 2>&1 ||
			{ tail -20 "$dir/configure.out"; return 1; }
	fi
	make -C "$dir" -j"$jobs" >"$dir/make.out" 2>&1 ||
		{ grep -E 'error|warning' "$dir/make.out" | head -40; return 1; }
}

# check DIR: make check, then count.
check() {
	local dir=$1
	rm -f "$dir/test-suite.log"
	make -C "$dir" -j"$jobs" check >"$dir/check.out" 2>&1
	grep -E '^(PASS|FAIL|ERROR|SKIP|XFAIL|XPASS):' "$dir/check.out" | grep -vE '^PASS:' | head -40
	count "$dir/test-suite.log"
}

if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt configure ]; then
	note "autogen"
	./autogen.sh >/dev/null 2>&1 || { echo "autogen.sh failed"; echo "0 passed, 1 failed"; exit 1; }
fi

for suite in $SUITES; do
	case $suite in
	plain)
		note "gcc build (-Werror), make check"
		if build build CC=gcc CFLAGS="-O2 -g -Werror"; then check build; else failed=$((failed + 1)); fi
		;;
	asan)
		note "clang ASan+UBSan build (-Werror), make check"
		if build build-asan CC=clang CFLAGS="-O1 -g -Werror" --enable-sanitizers; then
			ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 check build-asan
		else
			failed=$((failed + 1))
		fi
		;;
	valgrind)
		note "end-to-end tests with the workers under valgrind memcheck"
		if build build CC=gcc CFLAGS="-O2 -g -Werror"; then
			E2E_VALGRIND=1 top_srcdir=$top top_builddir=$top/build \
			    tests/e2e/run.sh >build/valgrind.out 2>&1
			count_tap build/valgrind.out
		else
			failed=$((failed + 1))
		fi
		;;
	cluster)
		note "end-to-end tests against a 3-node Galera cluster, and the cluster tests"
		if build build CC=gcc CFLAGS="-O2 -g -Werror"; then
			top_srcdir=$top top_builddir=$top/build \
			    tests/e2e/cluster.sh >build/cluster.out 2>&1
			count_tap build/cluster.out
		else
			failed=$((failed + 1))
		fi
		;;
	fuzz)
		note "clang libFuzzer build: unit tests, regressions, each fuzz target briefly"
		if build build-fuzz CC=clang CFLAGS="-O1 -g -Werror" --enable-fuzzing --disable-e2e-tests; then
			check build-fuzz
		else
			failed=$((failed + 1))
		fi
		;;
	tls)
		note "end-to-end tests with the workers connected to MariaDB over TLS"
		if build build CC=gcc CFLAGS="-O2 -g -Werror"; then
			DB_TLS=1 top_srcdir=$top top_builddir=$top/build \
			    tests/e2e/run.sh >build/tls.out 2>&1
			count_tap build/tls.out
		else
			failed=$((failed + 1))
		fi
		;;
	package)
		note "the Debian package: build, lintian, dpkg -i, tenantctl setup, a pool as its unit starts it, nginx with its snippet, purge"
		if build build CC=gcc CFLAGS="-O2 -g -Werror"; then
			tests/package/run.sh "$top/build" >build/package.out 2>&1
			count_tap build/package.out
		else
			failed=$((failed + 1))
		fi
		;;
	distcheck)
		note "make distcheck"
		if build build CC=gcc CFLAGS="-O2 -g -Werror" &&
		    make -C build distcheck >build/distcheck.out 2>&1; then
			passed=$((passed + 1))
		else
			tail -30 build/distcheck.out
			failed=$((failed + 1))
		fi
		;;
	*)
		echo "unknown suite $suite"
		failed=$((failed + 1))
		;;
	esac
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
