#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# End-to-end tests on a Galera cluster: the stack in cluster mode
# (CLUSTER=1 conf/stack.sh: three MariaDB Galera nodes on loopback, pool 1
# attached to node 1, pool 2 to node 3, one nginx upstream over both), then
#   (a) the end-to-end tests tests/e2e/t_*.sh, unchanged, against it;
#   (b) the cluster tests tests/e2e/cluster/*.sh: cross-node reads and
#       revocation, conflicting writes through two nodes, kill -9 of a
#       node under load, create throughput against a standalone stack.
# TAP on stdout. E2E_ONLY="substring ..." selects t_*.sh files (E2E_ONLY=none:
# none of them), CLUSTER_ONLY="substring ..." selects cluster/*.sh files.
set -uo pipefail

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir/build}
export top_srcdir top_builddir

TMP=$(mktemp -d /tmp/tenantapi-cluster.XXXXXX)
# The state directory apart from TMP (0700, the tests' scratch files and
# the secrets they saw): as root the nodes run as mysql, which must be
# able to reach STATE_DIR/nodeN (conf/galera.sh).
STATE_DIR=$(mktemp -d /tmp/tenantapi-cluster-state.XXXXXX)
export STATE_DIR BUILD_DIR=$top_builddir CLUSTER=1
# The workers purge every 2 s or so (t_45 and t_76 wait for a purge),
# keep 100 epochs of the change log (t_76 sees it pruned), and take
# webhooks on loopback over http (t_78's receiver).
TENANTAPI_EXTRA_CONF="${TENANTAPI_EXTRA_CONF:+$TENANTAPI_EXTRA_CONF
}purge_interval = 2
change_log_keep = 100
webhook_allow_private = yes"
export TENANTAPI_EXTRA_CONF
export WORKERS=${WORKERS:-3} POOLS=2
# shellcheck source=tests/e2e/lib.sh
. "$top_srcdir/tests/e2e/lib.sh"

# PORT .. PORT + 21 free (nginx, example service, one port per pool, then
# 4 per node from PORT + 10), all below the ephemeral range.
ports_free() { local p; for ((p = $1; p < $1 + 22; p++)); do ss -Htan "sport = :$p" | grep -q . && return 1; done; return 0; }
while :; do
	PORT=$(free_port 20000 30000)
	ports_free "$PORT" && break
done
export PORT

cleanup() {
	"$top_srcdir/conf/stack.sh" stop >/dev/null 2>&1
	if [ -n "${SINGLE_STATE:-}" ]; then	# cluster/c_90_throughput.sh's standalone stack
		STATE_DIR=$SINGLE_STATE CLUSTER='' "$top_srcdir/conf/stack.sh" stop >/dev/null 2>&1
		rm -rf "$SINGLE_STATE"
	fi
	if [ "${KEEP_TMP:-0}" = 1 ] || [ "$TAP_FAIL" -gt 0 ]; then
		echo "# logs kept in $TMP and $STATE_DIR"
	else
		rm -rf "$TMP" "$STATE_DIR"
	fi
}
trap cleanup EXIT

t0=$(date +%s%3N)
if ! "$top_srcdir/conf/stack.sh" start >"$TMP/stack.out" 2>&1; then
	echo "not ok 1 - cluster stack starts"
	sed 's/^/# /' "$TMP/stack.out"
	TAP_FAIL=1
	echo "1..1"
	exit 1
fi
started_ms=$(($(date +%s%3N) - t0))
# shellcheck disable=SC1091
. "$STATE_DIR/stack.env"
BASE=$STACK_BASE
export BASE STACK_BASE STACK_STATE STACK_CONF STACK_DB_SOCK STACK_BUILD
sed 's/^/# /' "$TMP/stack.out"
pass "cluster stack starts on port $PORT in $started_ms ms (3 Galera nodes, $POOLS pools of $WORKERS workers)"

# selected NAME "substring ...": whether NAME is selected (all when empty).
selected() { local s; [ -z "$2" ] && return 0; for s in $2; do [[ "$1" == *"$s"* ]] && return 0; done; return 1; }

# --- (a) the end-to-end tests, unchanged ----------------------------------
# t_96_faults kills "the" MariaDB by its pid file and restarts it with
# db-start while the rest of the cluster runs: its cluster counterpart is
# cluster/c_30_failover.sh. (db-stop and db-start stop and start the whole
# cluster, so t_99_outage runs.)
skip_e2e=${CLUSTER_E2E_SKIP-t_96_faults}
only=${E2E_ONLY:-}
for t in "$top_srcdir"/tests/e2e/t_*.sh; do
	name=$(basename "$t" .sh)
	selected "$name" "$only" || continue
	if [[ " $skip_e2e " == *" $name "* ]]; then diag "--- $name skipped on the cluster"; continue; fi
	diag "--- $name"
	parses "$name" "$t" || continue
	# shellcheck disable=SC1090
	. "$t"
	BASE=$STACK_BASE
done

# --- Helpers for the cluster tests ---------------------------------------
# nclient N ARGS...: the mariadb client on node N, as the operator.
nclient() { local n=$1; shift; mariadb --no-defaults --socket="$STACK_STATE/node$n/mysqld.sock" -u "$(id -un)" "$@"; }
# nsql N SQL: on node N, seeing every write committed anywhere before it.
nsql() { nclient "$1" -N -B tenantapi -e "SET SESSION wsrep_sync_wait = 1; $2"; }
nstatus() { nclient "$1" -N -B -e "SHOW GLOBAL STATUS LIKE '$2'" 2>/dev/null | awk '{print $2}'; }
# pbase N: the nginx address that reaches pool N alone.
pbase() { local v="STACK_POOL$1_BASE"; echo "${!v}"; }
# on_pool N CMD...: runs a lib.sh request helper against pool N only.
on_pool() { local n=$1; shift; BASE=$(pbase "$n") "$@"; }
# Number of tenantapi connections on node N.
node_conns() { nclient "$1" -N -B \
	-e "SELECT COUNT(*) FROM information_schema.processlist WHERE user = 'tenantapi'" 2>/dev/null; }
stack() { "$top_srcdir/conf/stack.sh" "$@"; }
# check "description" "$(test && test; echo $?)": several conditions in one.
status_ok() { [ "$1" = 0 ]; }
# Summary figures, printed again at the end.
summary() { echo "$*" >>"$TMP/summary"; diag "$*"; }

# --- (b) the cluster tests -------------------------------------------------
conly=${CLUSTER_ONLY:-}
for t in "$top_srcdir"/tests/e2e/cluster/*.sh; do
	[ -e "$t" ] || continue
	name=cluster/$(basename "$t" .sh)
	selected "$name" "$conly" || continue
	diag "--- $name"
	parses "$name" "$t" || continue
	# shellcheck disable=SC1090
	. "$t"
	BASE=$STACK_BASE
done

# Every node still in the cluster and Synced.
for n in 1 2 3; do
	st=$(nstatus "$n" wsrep_local_state_comment); sz=$(nstatus "$n" wsrep_cluster_size)
	check "node $n Synced in a cluster of 3 at the end ($st, $sz)" [ "$st|$sz" = "Synced|3" ]
done
# Stop the workers first so that leak reports (ASan builds) reach the log.
for ((n = 1; n <= POOLS; n++)); do stack pool-stop "$n" >>"$TMP/stop.out" 2>&1; done
check "workers stopped on TERM without being killed" bash -c "! grep -q 'did not stop' '$TMP/stop.out'"
if grep -qE 'Sanitizer|runtime error:' "$STACK_STATE/workers.log"; then
	fail "no sanitizer report in the worker log"
	grep -E -A12 'Sanitizer|runtime error:' "$STACK_STATE/workers.log" | head -60 | sed 's/^/# /'
else
	pass "no sanitizer report in the worker log"
fi
t0=$(now_ms)
stack db-stop >>"$TMP/stop.out" 2>&1
check "nodes stopped in reverse order: node 1 ends safe_to_bootstrap ($(($(now_ms) - t0)) ms)" \
	grep -q '^safe_to_bootstrap: 1' "$STACK_STATE/node1/data/grastate.dat"
if [ -s "$TMP/summary" ]; then
	diag "--- summary"
	sed 's/^/# /' "$TMP/summary"
fi
echo "1..$TAP_N"
[ "$TAP_FAIL" -eq 0 ]
