/* SPDX-License-Identifier: ISC */
/* Expiry notice rows: what is due, claims on deliveries, their record. */
#include <string.h>

#include "arena.h"
#include "db.h"

static void
db_notice_read(struct db *db, struct arena *a, struct notice_row *r)
{
	const char	*box;
	unsigned long	 len = 0;

	r->seq = db_col_int(db, DB_NOTICE_DUE, 0);
	r->token_id = db_col_dup(db, a, DB_NOTICE_DUE, 1);
	r->tenant = db_col_dup(db, a, DB_NOTICE_DUE, 2);
	r->name = db_col_dup(db, a, DB_NOTICE_DUE, 3);
	r->hint = db_col_dup(db, a, DB_NOTICE_DUE, 4);
	r->expires_at = (time_t)db_col_int(db, DB_NOTICE_DUE, 5);
	r->url = db_col_dup(db, a, DB_NOTICE_DUE, 6);
	r->box = NULL;
	r->boxlen = 0;
	if ((box = db_col(db, DB_NOTICE_DUE, 7, &len)) != NULL) {
		r->box = arena_alloc(a, len ? len : 1);
		memcpy(r->box, box, len);
		r->boxlen = len;
	}
	r->days = (unsigned int)db_col_int(db, DB_NOTICE_DUE, 8);
}

int
db_notice_due(struct db *db, struct arena *a, long long after,
    unsigned int limit, struct notice_row **rows, size_t *n)
{
	struct db_arg	 args[] = { DBA_I(after), DBA_I(limit) };
	int		 rc;

	*n = 0;
	*rows = arena_alloc(a, sizeof(**rows) * (limit ? limit : 1));
	if ((rc = db_exec(db, DB_NOTICE_DUE, args, 2)) != DB_OK)
		return rc;
	while (*n < limit && (rc = db_fetch(db, DB_NOTICE_DUE)) == 1)
		db_notice_read(db, a, &(*rows)[(*n)++]);
	return rc == -1 ? DB_FAIL : DB_OK;
}

int
db_notice_current(struct db *db, const struct notice_row *r)
{
	struct db_arg	 args[] = { DBA_I(r->seq), DBA_T(r->expires_at) };

	return db_row(db, DB_NOTICE_CURRENT, args, 2);
}

int
db_notice_get(struct db *db, const struct notice_row *r,
    struct notice_state *st)
{
	struct db_arg	 args[] = { DBA_I(r->seq), DBA_I(r->days) };
	int		 rc;

	if ((rc = db_row(db, DB_NOTICE_GET, args, 2)) != DB_OK)
		return rc;
	st->expires_at = (time_t)db_col_int(db, DB_NOTICE_GET, 0);
	st->sent = db_col_int(db, DB_NOTICE_GET, 1) != 0;
	st->claimed = db_col_int(db, DB_NOTICE_GET, 2) != 0;
	st->attempts = (unsigned int)db_col_int(db, DB_NOTICE_GET, 3);
	return DB_OK;
}

int
db_notice_insert(struct db *db, const struct notice_row *r, unsigned int hold)
{
	struct db_arg	 args[] = { DBA_I(r->seq), DBA_I(r->days),
	    DBA_T(r->expires_at), DBA_I(hold) };

	return db_exec(db, DB_NOTICE_INSERT, args, 4);
}

int
db_notice_reset(struct db *db, const struct notice_row *r, unsigned int hold)
{
	struct db_arg	 args[] = { DBA_T(r->expires_at), DBA_I(hold),
	    DBA_I(r->seq), DBA_I(r->days) };

	return db_exec(db, DB_NOTICE_RESET, args, 4);
}

int
db_notice_hold(struct db *db, const struct notice_row *r, unsigned int hold)
{
	struct db_arg	 args[] = { DBA_I(hold), DBA_I(r->seq),
	    DBA_I(r->days) };

	return db_exec(db, DB_NOTICE_HOLD, args, 3);
}

int
db_notice_record(struct db *db, const struct notice_row *r, int sent,
    long status, const char *error)
{
	struct db_arg	 args[] = { DBA_I(sent != 0),
	    status > 0 ? DBA_I(status) : DBA_N, DBA_N, DBA_I(r->seq),
	    DBA_I(r->days), DBA_T(r->expires_at) };

	/* The column holds 255 characters (the errors are ASCII). */
	if (error != NULL)
		args[2] = (struct db_arg){ DBA_STR, error,
		    (unsigned long)strnlen(error, 255), 0 };
	return db_exec(db, DB_NOTICE_RECORD, args, 6);
}

int
db_notice_prune(struct db *db, unsigned long long *n)
{
	int	 rc;

	*n = 0;
	if ((rc = db_exec(db, DB_NOTICE_PRUNE, NULL, 0)) == DB_OK)
		*n = db_affected(db, DB_NOTICE_PRUNE);
	return rc;
}
