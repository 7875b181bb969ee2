#!/bin/sh
# SPDX-License-Identifier: ISC
# The manual pages: mandoc -Tlint finds nothing at warning level or above,
# every configuration key of app/config.c is described in tenantapi.conf(5)
# and listed in conf/tenantapi.conf.example, every tenantctl command in
# tenantctl(8), and both programs answer --help and --version with 0.
# TAP on stdout; 77 (skip) without mandoc.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir/build}
command -v mandoc >/dev/null 2>&1 || { echo "1..0 # SKIP mandoc is not installed"; exit 77; }

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check() { d=$1; shift; if "$@"; then ok "$d"; else notok "$d"; fi; }

for page in tenantapi.8 tenantctl.8 tenantapi.conf.5; do
	f=$top_builddir/man/$page
	if [ ! -f "$f" ]; then
		notok "man/$page is built"
		continue
	fi
	out=$(MANPATH=/nonexistent mandoc -Tlint -W warning "$f" 2>&1)
	check "mandoc -Tlint: $page is clean${out:+: $out}" [ -z "$out" ]
	check "$page has NAME, SYNOPSIS or DESCRIPTION, FILES, EXIT STATUS or EXAMPLES, SEE ALSO" \
		sh -c "grep -q '^.Sh NAME' '$f' && grep -q '^.Sh DESCRIPTION' '$f' && grep -q '^.Sh FILES' '$f' &&
		    grep -q '^.Sh EXAMPLES' '$f' && grep -q '^.Sh SEE ALSO' '$f'"
	check "$page names no build placeholder" sh -c "! grep -q '@[a-z]*@' '$f'"
done
for page in tenantapi.8 tenantctl.8; do
	check "$page has SYNOPSIS and EXIT STATUS" sh -c \
		"grep -q '^.Sh SYNOPSIS' '$top_builddir/man/$page' && grep -q '^.Sh EXIT STATUS' '$top_builddir/man/$page'"
done

# Every key of the parser's table, in the page and in the example.
keys=$(sed -n 's/^[[:space:]]*{ "\([a-z_]*\)", CT_.*/\1/p' "$top_srcdir/app/config.c")
check "the keys of app/config.c are found ($(echo $keys | wc -w))" [ "$(echo $keys | wc -w)" -ge 20 ]
for k in $keys; do
	grep -q "^\.It Cm $k\( \|$\)" "$top_srcdir/man/tenantapi.conf.5.in" ||
		grep -q "^\.Cm $k\$" "$top_srcdir/man/tenantapi.conf.5.in" ||
		{ notok "tenantapi.conf(5) describes $k"; continue; }
	ok "tenantapi.conf(5) describes $k"
	[ "$k" = db_socket ] && continue	# a synonym of db_node
	check "conf/tenantapi.conf.example lists $k" grep -q "^#* *$k = " "$top_srcdir/conf/tenantapi.conf.example"
done

# Every command of tenantctl --help, in the page.
cmds=$("$top_builddir/tenantctl" --help | sed -n 's/^  \([a-z][a-z-]*\).*/\1/p')
check "tenantctl --help lists commands ($(echo $cmds | wc -w))" [ "$(echo $cmds | wc -w)" -ge 15 ]
for c in $cmds; do
	check "tenantctl(8) describes $c" grep -q "^\(\.It \)\{0,1\}\.\{0,1\}Ic $c\( \|$\)" "$top_srcdir/man/tenantctl.8.in"
done

for p in tenantapi tenantctl; do
	out=$("$top_builddir/$p" --help 2>&1); rc=$?
	check "$p --help exits 0 with a usage" sh -c "[ $rc = 0 ] && printf '%s' \"\$0\" | grep -q '^usage: $p'" "$out"
	out=$("$top_builddir/$p" --version 2>&1); rc=$?
	check "$p --version exits 0: $out" sh -c "[ $rc = 0 ] && printf '%s' \"\$0\" | grep -q '^$p [0-9]'" "$out"
	"$top_builddir/$p" --bogus >/dev/null 2>&1; rc=$?
	check "$p --bogus is a usage error (2, got $rc)" [ "$rc" = 2 ]
done
echo "1..$n"
[ "$failed" -eq 0 ]
