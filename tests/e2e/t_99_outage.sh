# SPDX-License-Identifier: ISC
# A database outage: 503 with Retry-After, workers survive, recover alone.
# shellcheck shell=bash

workers_before="$(pool_workers 1) $(pool_workers 2)"
"$top_srcdir/conf/stack.sh" db-stop >/dev/null 2>&1
req GET /api/v1/health
expect_problem 503 "health while MariaDB is down"
check "503 carries Retry-After" [ -n "$(header retry-after)" ]
for i in 1 2 3 4 5 6; do req GET /api/v1/health; done
check "workers survive the outage" [ "$workers_before" = "$(pool_workers 1) $(pool_workers 2)" ]
"$top_srcdir/conf/stack.sh" db-start >/dev/null 2>&1
start=$(date +%s.%N)
healthy() { req GET /api/v1/health; [ "$STATUS" = 200 ]; }
check "health answers 200 again once MariaDB is back" wait_for 5 healthy
elapsed=$(echo "$(date +%s.%N) - $start" | bc 2>/dev/null || echo "?")
diag "recovered ${elapsed}s after MariaDB accepted connections"
ok_all=0
for i in $(seq 1 20); do req GET /api/v1/health; [ "$STATUS" = 200 ] && ok_all=$((ok_all + 1)); done
check "every worker reconnected by itself ($ok_all/20)" [ "$ok_all" = 20 ]
check "no worker was restarted" [ "$workers_before" = "$(pool_workers 1) $(pool_workers 2)" ]
