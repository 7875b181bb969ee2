# Revocation within 1 s: a token used through every worker of both pools,
# then revoked (or rotated, or its tenant suspended or deleted) through the
# API; every worker must refuse it within a second of that call returning.
# shellcheck shell=bash

ADMIN=$(new_token '*' read,write,create,delete "admin-$(unique a)")
LOG=$STACK_STATE/workers.log
NW=$((STACK_POOLS * STACK_WORKERS))
now_ms() { date +%s%3N; }
log_ms() { date -d "$1" +%s%3N; }
# Auth log lines after line $1: "epoch_ms pid status".
auth_lines() {
	tail -n +"$(($1 + 1))" "$LOG" | awk '/route=auth/ { sub(/.*\[/, "", $2); sub(/\]/, "", $2); print $1, $2, $7 }' |
		while read -r ts pid st; do echo "$(log_ms "$ts") $pid $st"; done
}

# revocation LABEL TOKEN COMMAND...
revocation() {
	local label=$1 tok=$2 l0 t0 seen tries=0 end worst late
	shift 2
	l0=$(wc -l <"$LOG")
	while :; do
		burst 48 "$tok" /api/v1/auth >/dev/null
		seen=$(auth_lines "$l0" | awk '$3 == 204 {print $2}' | sort -u | wc -l)
		[ "$seen" -ge "$NW" ] && break
		tries=$((tries + 1)); [ "$tries" -lt 20 ] || break
	done
	check "$label: the token was allowed by all $NW workers first ($seen)" [ "$seen" -ge "$NW" ]
	l0=$(wc -l <"$LOG")
	"$@" >/dev/null
	t0=$(now_ms)
	end=$((t0 + 1600))
	while [ "$(now_ms)" -lt "$end" ]; do burst 32 "$tok" /api/v1/auth >/dev/null; done
	sleep 0.2
	auth_lines "$l0" >"$TMP/rev.lines"
	worst=$(awk -v t0="$t0" '$3 == 204 && $1 - t0 > w {w = $1 - t0} END {print w + 0}' "$TMP/rev.lines")
	late=$(awk -v t0="$t0" '$3 == 204 && $1 >= t0 + 1000' "$TMP/rev.lines" | wc -l)
	refusing=$(awk -v t0="$t0" '$3 == 401 && $1 >= t0 + 1000 {print $2}' "$TMP/rev.lines" | sort -u | wc -l)
	diag "$label: worst case $worst ms after the call returned ($(wc -l <"$TMP/rev.lines") checks)"
	echo "$label $worst" >>"$TMP/revocation.ms"
	check "$label: no worker allowed it 1 s after the call (worst ${worst} ms)" holds "$([ "$late" = 0 ] && [ "$worst" -lt 1000 ]; echo $?)"
	check "$label: every worker was asked and refused after 1 s ($refusing of $NW)" [ "$refusing" -ge "$NW" ]
}

RA=$(unique rv)
new_tenant "$RA"
T1=$(new_token "$RA" read "rv-revoke")
T1ID=$(sql "SELECT id FROM tokens WHERE tenant_id = '$RA' AND name = 'rv-revoke'")
revocation "revoke" "$T1" areq "$ADMIN" DELETE "/api/v1/tokens/$T1ID"

T2=$(new_token "$RA" read "rv-rotate")
T2ID=$(sql "SELECT id FROM tokens WHERE tenant_id = '$RA' AND name = 'rv-rotate'")
revocation "rotate" "$T2" ajson "$ADMIN" POST "/api/v1/tokens/$T2ID/rotate" '{}'
remember "$(jb .token)"

T3=$(new_token "$RA" read "rv-suspend")
revocation "tenant suspension" "$T3" ajson "$ADMIN" PATCH "/api/v1/tenants/$RA" '{"status":"suspended"}'

RB=$(unique rd)
new_tenant "$RB"
T4=$(new_token "$RB" read "rv-delete")
revocation "tenant deletion" "$T4" areq "$ADMIN" DELETE "/api/v1/tenants/$RB"
