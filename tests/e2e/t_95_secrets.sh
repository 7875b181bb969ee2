# SPDX-License-Identifier: ISC
# No secret in the database or in any log: tokens, server key, password.
# shellcheck shell=bash

mariadb-dump --no-defaults --socket="$STACK_DB_SOCK" -u "$(id -un)" --hex-blob tenantapi >"$TMP/dump.sql" 2>/dev/null
mariadb-dump --no-defaults --socket="$STACK_DB_SOCK" -u "$(id -un)" tenantapi >>"$TMP/dump.sql" 2>/dev/null
check "database dump taken ($(wc -c <"$TMP/dump.sql") bytes)" [ -s "$TMP/dump.sql" ]
logs=("$STACK_STATE"/workers.log "$STACK_STATE"/nginx-access.log "$STACK_STATE"/nginx-error.log "$STACK_STATE"/mariadb.log)
n=$(sort -u "$TMP/secrets" | wc -l)
found=0
while read -r s; do
	# The random part alone, so that a truncated or reformatted copy shows.
	core=${s:6:24}
	if grep -qF "$core" "$TMP/dump.sql" "${logs[@]}" 2>/dev/null; then
		found=$((found + 1)); diag "secret ${s:0:10}... found"
	fi
done < <(sort -u "$TMP/secrets")
check "none of the $n token secrets seen in this run is in the dump or the logs" holds "$([ "$n" -gt 20 ] && [ "$found" = 0 ]; echo $?)"
key=$(tr -d '\n' <"$STACK_STATE/server.key")
check "the server key is in neither" bash -c "! grep -qiF '${key:0:32}' '$TMP/dump.sql' ${logs[*]}"
pw=$(cat "$STACK_STATE/db.password")
check "the database password is in neither" bash -c "! grep -qF '$pw' '$TMP/dump.sql' ${logs[*]}"
check "hashes, not secrets, are stored: 32-byte keys" [ "$(sql "SELECT MIN(LENGTH(hash)) = 32 AND MAX(LENGTH(hash)) = 32 FROM token_secrets")" = 1 ]
