#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# TAP: a quick run of the gatekeeper benchmark (BENCH_QUICK=1: 2-second
# runs, 10 000 tokens, auth-churn on 5 000 of them, no auth-100k, no
# auth-1M, no RSS million) through a private stack.
# Checks only that the run completes and every row produced numbers; the
# performance targets are `make bench`'s business, not the test suite's.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir/build}

for tool in wrk nginx spawn-fcgi multiwatch mariadbd; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool is not installed"
		exit 0
	fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/tenantapi-bench-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
BUILD_DIR=$top_builddir BENCH_QUICK=1 BENCH_RESULTS="$work/results" \
	bash "$top_srcdir/tests/bench/run.sh" >"$work/out" 2>&1
rc=$?

rows="floor auth auth-bad auth-churn auth-policies create"
echo "1..$((1 + $(wc -w <<<"$rows")))"
if [ "$rc" -eq 0 ]; then
	echo "ok 1 - the quick benchmark ran (BENCH_QUICK=1 tests/bench/run.sh)"
else
	echo "not ok 1 - the quick benchmark ran (exit $rc)"
fi
sed 's/^/# /' "$work/out"
n=1
for row in $rows; do
	n=$((n + 1))
	# name rps p50_us p99_us: a positive rate and positive latencies.
	if awk -v r="$row" '$1 == r && $2 + 0 > 0 && $3 + 0 > 0 && $4 + 0 > 0 &&
	    $2 ~ /^[0-9.]+$/ && $3 ~ /^[0-9]+$/ && $4 ~ /^[0-9]+$/ { found = 1 }
	    END { exit !found }' "$work/results" 2>/dev/null; then
		echo "ok $n - $row: $(awk -v r="$row" '$1 == r { printf "%s req/s, p50 %s us, p99 %s us", $2, $3, $4 }' "$work/results")"
	else
		echo "not ok $n - $row: no numbers"
	fi
done
