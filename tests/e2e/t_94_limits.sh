# SPDX-License-Identifier: ISC
# Slow clients: nginx holds them, never a worker; they time out with 408.
# shellcheck shell=bash

NW=$((STACK_POOLS * STACK_WORKERS))
slow=()
# More slow uploads than there are workers: each sends its head and one
# byte of a 100-byte body, then nothing.
for i in $(seq 1 $((NW + 2))); do
	(
		exec 3<>"/dev/tcp/127.0.0.1/$STACK_PORT"
		printf 'POST /api/v1/tokens/tok_SlowSlowSlowSlow/rotate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{' >&3
		timeout 20 cat <&3 >"$TMP/slow.$i"
	) &
	slow+=($!)
done
sleep 1
start=$(date +%s%3N)
fast=0
for i in $(seq 1 10); do req GET /api/v1/health; [ "$STATUS" = 200 ] && fast=$((fast + 1)); done
took=$(($(date +%s%3N) - start))
check "$((NW + 2)) stalled uploads hold no worker: 10 health checks answered ($fast) in $took ms" holds "$([ "$fast" = 10 ] && [ "$took" -lt 3000 ]; echo $?)"
wait "${slow[@]}"
# nginx closes a connection whose body stalls (client_body_timeout, 10 s)
# without an answer, and logs 408; no worker ever saw those requests.
timedout=$(grep -c '"POST /api/v1/tokens/tok_SlowSlowSlowSlow/rotate" 408 ' "$STACK_STATE/nginx-access.log")
check "nginx cut the $((NW + 2)) stalled uploads off after its body timeout (408 logged: $timedout)" [ "$timedout" -ge "$((NW + 2))" ]
check "no worker ever saw them" [ "$(grep -c 'tok_SlowSlowSlowSlow' "$STACK_STATE/workers.log")" = 0 ]
