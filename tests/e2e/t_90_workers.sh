# SPDX-License-Identifier: ISC
# Worker processes: kill -9 of one is replaced by multiwatch, service goes on.
# shellcheck shell=bash

before=$(pool_workers 1)
victim=$(echo "$before" | head -1)
check "pool 1 runs $STACK_WORKERS workers" [ "$(echo "$before" | wc -l)" -eq "$STACK_WORKERS" ]
kill -9 "$victim"
served=0
for i in $(seq 1 40); do
	req GET /api/v1/health
	[ "$STATUS" = 200 ] && served=$((served + 1))
done
check "requests keep being answered after kill -9 of a worker ($served/40)" [ "$served" -ge 39 ]
respawned() { local now; now=$(pool_workers 1); [ "$(echo "$now" | wc -l)" -eq "$STACK_WORKERS" ] && ! echo "$now" | grep -qx "$victim"; }
check "multiwatch replaced the killed worker" wait_for 5 respawned
