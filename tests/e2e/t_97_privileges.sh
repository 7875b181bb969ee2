# SPDX-License-Identifier: ISC
# Least privilege in the database (SPEC §7): the workers' account cannot
# rewrite or delete audit rows, nor change the schema; the owner account,
# which runs the migrations, can.
# shellcheck shell=bash

t97_pw=$(cat "$STACK_STATE/db.password")
t97_opw=$(cat "$STACK_STATE/db-owner.password")
# t97_as USER PASSWORD SQL: the mariadb client as USER (the password through
# the environment, not the command line); output and errors on stdout.
t97_as() { MYSQL_PWD=$2 mariadb --no-defaults --socket="$STACK_DB_SOCK" -u "$1" -N -B tenantapi -e "$3" 2>&1; }
t97_worker() { t97_as tenantapi "$t97_pw" "$1"; }
t97_owner() { t97_as tenantapi_owner "$t97_opw" "$1"; }
# t97_denied "description" OUTPUT: the statement was refused for privileges.
t97_denied() { check "$1 (ERROR 1142)" grep -q '^ERROR 1142 ' <<<"$2"; }

# An audit row of this run, made through the CLI as the workers' account.
t97_tenant=$(unique p97)
new_tenant "$t97_tenant"
t97_seq=$(sql "SELECT MAX(seq) FROM audit WHERE target_id = '$t97_tenant'")
check "tenantctl (as the workers' account) still writes, audited (seq $t97_seq)" [ -n "$t97_seq" ]
t97_row() { sql "SELECT CONCAT_WS('|', actor, action, target_id) FROM audit WHERE seq = ${t97_seq:-0}"; }
t97_before=$(t97_row)

# --- the workers' account --------------------------------------------------
t97_out=$(t97_worker "UPDATE audit SET actor = 'forged' WHERE seq = $t97_seq")
t97_denied "workers' account: UPDATE audit refused" "$t97_out"
t97_out=$(t97_worker "DELETE FROM audit WHERE seq = $t97_seq")
t97_denied "workers' account: DELETE FROM audit refused" "$t97_out"
t97_out=$(t97_worker "TRUNCATE TABLE audit")
t97_denied "workers' account: TRUNCATE audit refused" "$t97_out"
check "the audit row is unchanged" [ "$(t97_row)" = "$t97_before" ]
t97_out=$(t97_worker "SELECT COUNT(*) FROM audit WHERE seq = $t97_seq")
check "workers' account: SELECT on audit works ($t97_out)" [ "$t97_out" = 1 ]
t97_out=$(t97_worker "START TRANSACTION;
	INSERT INTO audit (at, actor, tenant_id, action, target_type, target_id)
	    VALUES (UTC_TIMESTAMP(3), 't97', '$t97_tenant', 't97.probe', 'tenant', '$t97_tenant');
	SELECT ROW_COUNT(); ROLLBACK")
check "workers' account: INSERT into audit works ($t97_out)" [ "$t97_out" = 1 ]
check "the INSERT was rolled back" [ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 't97.probe'")" = 0 ]
t97_out=$(t97_worker "ALTER TABLE audit ADD COLUMN t97 INT NULL")
t97_denied "workers' account: ALTER TABLE refused" "$t97_out"
t97_out=$(t97_worker "DROP TABLE audit")
t97_denied "workers' account: DROP TABLE refused" "$t97_out"
t97_out=$(t97_worker "CREATE TABLE t97_probe (id INT PRIMARY KEY) ENGINE=InnoDB")
t97_denied "workers' account: CREATE TABLE refused" "$t97_out"
check "the audit table is intact" [ "$(sql "SELECT COUNT(*) FROM information_schema.columns
    WHERE table_schema = 'tenantapi' AND table_name = 'audit' AND column_name = 't97'")" = 0 ]
t97_out=$(t97_worker "GRANT UPDATE ON audit TO CURRENT_USER")
t97_denied "workers' account: cannot grant itself more" "$t97_out"
# SHOW GRANTS: the account's own, then its default role's.
t97_grants() { t97_worker "SHOW GRANTS" | sed "s/ IDENTIFIED BY PASSWORD '[^']*'//"; }
t97_no_all() { [ -n "$1" ] && ! grep -q '^ERROR\|ALL PRIVILEGES' <<<"$1"; }
t97_out=$(t97_grants)
check "workers' account: SHOW GRANTS has no ALL PRIVILEGES" t97_no_all "$t97_out"
# shellcheck disable=SC2016 # backquotes of SQL identifiers
check "workers' account: it holds the role tenantapi_worker" grep -q 'GRANT `tenantapi_worker` TO `tenantapi`@' <<<"$t97_out"
# shellcheck disable=SC2016
check "the role: SELECT, INSERT only on audit" grep -qx 'GRANT SELECT, INSERT ON `tenantapi`.`audit` TO `tenantapi_worker`' <<<"$t97_out"
diag "SHOW GRANTS as the workers' account:"
while read -r t97_l; do diag "  $t97_l"; done <<<"$t97_out"

# --- the owner account ------------------------------------------------------
t97_out=$(t97_owner "START TRANSACTION;
	UPDATE audit SET actor = 'forged' WHERE seq = $t97_seq; SELECT ROW_COUNT();
	DELETE FROM audit WHERE seq = $t97_seq; SELECT ROW_COUNT(); ROLLBACK")
check "owner account: UPDATE and DELETE on audit allowed (rolled back)" [ "$(paste -sd ' ' <<<"$t97_out")" = "1 1" ]
check "the audit row is unchanged after the rollback" [ "$(t97_row)" = "$t97_before" ]
t97_out=$(t97_owner "CREATE TABLE t97_probe (id INT PRIMARY KEY) ENGINE=InnoDB;
	ALTER TABLE t97_probe ADD COLUMN t97 INT NULL; DROP TABLE t97_probe; SELECT 'done'")
check "owner account: CREATE, ALTER and DROP TABLE allowed ($t97_out)" [ "$t97_out" = "done" ]

# --- tenantctl migrate ------------------------------------------------------
t97_out=$(ctl migrate 2>&1)
check "tenantctl migrate (as the owner) runs again, granting the role" grep -q 'role tenantapi_worker granted' <<<"$t97_out"
check "the workers' account still has no ALL PRIVILEGES" t97_no_all "$(t97_grants)"
grep -v '^db_owner_' "$STACK_CONF" >"$TMP/t97-worker.conf"
check "tenantctl migrate as the workers' account is refused" bash -c "! '$STACK_BUILD/tenantctl' -c '$TMP/t97-worker.conf' migrate >'$TMP/t97-migrate.out' 2>&1"
for t97_role in 'tenantapi_worker`; DROP TABLE audit; --' 'tenantapi worker' "" \
	"$(printf 'r%.0s' {1..65})"; do
	{ cat "$STACK_CONF"; echo "db_worker_role = $t97_role"; } >"$TMP/t97-role.conf"
	check "tenantctl migrate refuses db_worker_role '${t97_role:0:40}'" bash -c \
		"! '$STACK_BUILD/tenantctl' -c '$TMP/t97-role.conf' migrate >'$TMP/t97-migrate.out' 2>&1"
done
check "the audit table is still there" [ "$(sql "SELECT COUNT(*) FROM audit WHERE seq = $t97_seq")" = 1 ]
t97_logs=("$STACK_STATE"/workers.log "$STACK_STATE"/nginx-error.log "$STACK_STATE"/mariadb.log)
check "the owner's password is in no log" bash -c "! grep -qF '$t97_opw' ${t97_logs[*]} '$TMP/t97-migrate.out'"
