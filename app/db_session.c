/* SPDX-License-Identifier: ISC */
/* Cockpit sessions: rows keyed by the hash of their cookie. */
#include <string.h>

#include "db.h"

int
db_session_insert(struct db *db, const unsigned char hash[32],
    const char *token_id, const unsigned char secret_hash[32],
    const char *client_addr)
{
	struct db_arg	 args[] = { DBA_B(hash, 32), DBA_S(token_id),
	    DBA_B(secret_hash, 32), DBA_S(client_addr) };

	return db_exec(db, DB_SESSION_INSERT, args, 4);
}

int
db_session_get(struct db *db, const unsigned char hash[32],
    struct token_auth *ta, time_t *created, time_t *seen)
{
	const enum db_stmt_id st = DB_SESSION_GET;
	struct db_arg	 args[] = { DBA_B(hash, 32) };
	int		 rc;

	if ((rc = db_row(db, st, args, 1)) != DB_OK)
		return rc;
	if ((rc = db_token_auth_read(db, st, ta)) != DB_OK)
		return rc;
	*created = (time_t)db_col_int(db, st, 12);
	*seen = (time_t)db_col_int(db, st, 13);
	return DB_OK;
}

int
db_session_touch(struct db *db, const unsigned char hash[32])
{
	struct db_arg	 args[] = { DBA_B(hash, 32) };

	return db_exec(db, DB_SESSION_TOUCH, args, 1);
}

int
db_session_delete(struct db *db, const unsigned char hash[32])
{
	struct db_arg	 args[] = { DBA_B(hash, 32) };

	return db_exec(db, DB_SESSION_DELETE, args, 1);
}

int
db_session_purge(struct db *db, unsigned int idle, unsigned int max)
{
	struct db_arg	 args[] = { DBA_I(idle), DBA_I(max) };

	return db_exec(db, DB_SESSION_PURGE, args, 2);
}
