#!/bin/sh
# SPDX-License-Identifier: ISC
# Runs every libFuzzer target: replays its regression inputs, then fuzzes a
# fresh copy of its seed corpus for a time budget; prints TAP.
#
# usage: run.sh [builddir [seconds]]
#   builddir	defaults to $top_builddir, else build-fuzz beside the sources
#   seconds	per target; defaults to $FUZZ_SECONDS, else 3
# FUZZ_WORKDIR keeps the grown corpora and crash inputs there; without it
# they go to a temporary directory, removed unless something failed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
builddir=${1:-${top_builddir:-$top/build-fuzz}}
secs=${2:-${FUZZ_SECONDS:-3}}
targets="cidr config cookie form json query rfc3339 route token"

case $secs in
''|*[!0-9]*|0)
	echo "run.sh: the time budget must be a positive number of seconds" >&2
	exit 2
	;;
esac

# A non-fuzzing build has none of the targets: skip rather than fail.
built=0
for name in $targets; do
	[ -x "$builddir/tests/fuzz/fuzz_$name" ] && built=$((built + 1))
done
if [ "$built" -eq 0 ]; then
	echo "1..0 # SKIP no fuzz targets in $builddir" \
	    "(configure CC=clang --enable-fuzzing)"
	exit 0
fi

if [ -n "${FUZZ_WORKDIR:-}" ]; then
	workroot=$FUZZ_WORKDIR
	keep=1
	mkdir -p "$workroot" || exit 2
else
	workroot=$(mktemp -d "${TMPDIR:-/tmp}/fuzz.XXXXXX") || exit 2
	keep=0
fi

# Sanitizer reports must end the run; leaks count as crashes.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS

# Prints the lines of a libFuzzer log that say what went wrong, as TAP
# diagnostics.
diag() {
	grep -E -e '^==[0-9]+== ?ERROR|^SUMMARY|^fuzz_[a-z0-9]+:' \
	    -e 'runtime error:|^ALARM|^artifact_prefix|Test unit written' \
	    "$1" | head -20 | sed 's/^/# /'
}

# final_stat NAME LOG: a value of libFuzzer's final statistics, 0 when absent.
final_stat() {
	v=$(sed -n "s/^stat::$1: *\\([0-9][0-9]*\\).*/\\1/p" "$2" | tail -1)
	echo "${v:-0}"
}

ntargets=0
for name in $targets; do
	ntargets=$((ntargets + 1))
done
echo "1..$ntargets"
n=0
failed=0
for name in $targets; do
	n=$((n + 1))
	bin=$builddir/tests/fuzz/fuzz_$name
	work=$workroot/$name
	if [ ! -x "$bin" ]; then
		echo "not ok $n - fuzz_$name: $bin not built"
		failed=$((failed + 1))
		continue
	fi
	rm -rf "$work"
	mkdir -p "$work/corpus" "$work/artifacts" "$work/regressions"
	if [ -d "$here/corpus/$name" ]; then
		cp -R "$here/corpus/$name/." "$work/corpus/"
		rm -f "$work/corpus/.gitkeep"
	fi

	# Regression inputs first, one process each so every failure is named.
	nreg=0
	badreg=""
	for f in "$here/regressions/$name"/*; do
		[ -f "$f" ] || continue
		nreg=$((nreg + 1))
		if ! "$bin" -timeout=5 -rss_limit_mb=2048 \
		    -artifact_prefix="$work/regressions/" "$f" \
		    >"$work/regressions/$(basename "$f").log" 2>&1; then
			badreg="$badreg $(basename "$f")"
		fi
	done

	# New inputs go to the first corpus directory; passing regression
	# inputs seed the run too.
	set -- -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$work/artifacts/"
	if [ -f "$here/dict/$name.dict" ]; then
		set -- "$@" -dict="$here/dict/$name.dict"
	fi
	set -- "$@" "$work/corpus"
	if [ "$nreg" -gt 0 ] && [ -z "$badreg" ]; then
		set -- "$@" "$here/regressions/$name"
	fi
	"$bin" "$@" >"$work/fuzz.log" 2>&1
	rc=$?
	execs=$(final_stat number_of_executed_units "$work/fuzz.log")
	rate=$(final_stat average_exec_per_sec "$work/fuzz.log")
	crashes=$(find "$work/artifacts" -type f \( -name 'crash-*' -o \
	    -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l |
	    tr -d ' ')
	if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then
		crashes=1	# died without writing an artifact
	fi

	line="fuzz_$name: $execs execs, $crashes crashes ($rate execs/s,"
	line="$line $nreg regressions replayed)"
	if [ -z "$badreg" ] && [ "$crashes" -eq 0 ]; then
		echo "ok $n - $line"
		continue
	fi
	failed=$((failed + 1))
	if [ -n "$badreg" ]; then
		echo "not ok $n - $line; regressions failing:$badreg"
		for f in $badreg; do
			echo "# --- regressions/$name/$f"
			diag "$work/regressions/$f.log"
		done
	else
		echo "not ok $n - $line"
	fi
	if [ "$crashes" -gt 0 ]; then
		echo "# --- fuzzing (exit $rc), log $work/fuzz.log"
		diag "$work/fuzz.log"
		for f in "$work/artifacts"/*; do
			[ -f "$f" ] && echo "# input kept in $f" \
			    "(copy it to tests/fuzz/regressions/$name/)"
		done
	fi
	keep=1
done

if [ "$keep" -eq 0 ]; then
	rm -rf "$workroot"
else
	echo "# work directory: $workroot"
fi
[ "$failed" -eq 0 ]
