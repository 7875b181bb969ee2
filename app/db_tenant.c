/* SPDX-License-Identifier: ISC */
/* Tenant rows: insert, read, list, update, delete with their tokens. */
#include <string.h>

#include "arena.h"
#include "db.h"

static void
db_tenant_read(struct db *db, struct arena *a, enum db_stmt_id id,
    struct tenant_row *r)
{
	r->id = db_col_dup(db, a, id, 0);
	r->name = db_col_dup(db, a, id, 1);
	r->status = db_col_dup(db, a, id, 2);
	r->created_at = (time_t)db_col_int(db, id, 3);
	r->updated_at = (time_t)db_col_int(db, id, 4);
	r->max_lifetime_days = (unsigned int)db_col_int(db, id, 5);
	r->webhook_url = db_col_dup(db, a, id, 6);
}

#define DBA_DAYS(d)	((d) ? DBA_I(d) : DBA_N)

int
db_tenant_insert(struct db *db, const char *id, const char *name,
    unsigned int max_lifetime_days)
{
	struct db_arg	 args[] = { DBA_S(id), DBA_S(name),
	    DBA_DAYS(max_lifetime_days) };

	return db_exec(db, DB_TENANT_INSERT, args, 3);
}

int
db_tenant_get(struct db *db, struct arena *a, const char *id, int lock,
    struct tenant_row *r)
{
	enum db_stmt_id	 st = lock ? DB_TENANT_GET_LOCKED : DB_TENANT_GET;
	struct db_arg	 args[] = { DBA_S(id) };
	int		 rc;

	if ((rc = db_row(db, st, args, 1)) == DB_OK)
		db_tenant_read(db, a, st, r);
	return rc;
}

int
db_tenant_list(struct db *db, struct arena *a, const struct list_filter *f,
    struct tenant_row **rows, size_t *n)
{
	struct db_arg	 args[] = { DBA_S(f->scope), DBA_S(f->scope),
	    DBA_S(f->after), DBA_S(f->after), DBA_I(f->limit) };
	int		 rc;

	*n = 0;
	*rows = arena_alloc(a, sizeof(**rows) * (f->limit ? f->limit : 1));
	if ((rc = db_exec(db, DB_TENANT_LIST, args, 5)) != DB_OK)
		return rc;
	while (*n < f->limit && (rc = db_fetch(db, DB_TENANT_LIST)) == 1)
		db_tenant_read(db, a, DB_TENANT_LIST, &(*rows)[(*n)++]);
	return rc == -1 ? DB_FAIL : DB_OK;
}

int
db_tenant_update(struct db *db, const struct tenant_row *r)
{
	struct db_arg	 args[] = { DBA_S(r->name), DBA_S(r->status),
	    DBA_DAYS(r->max_lifetime_days), DBA_S(r->id) };

	return db_exec(db, DB_TENANT_UPDATE, args, 4);
}

int
db_tenant_set_webhook(struct db *db, const char *id, const char *url,
    const unsigned char *box, size_t boxlen)
{
	struct db_arg	 args[] = { DBA_S(url),
	    box ? DBA_B(box, boxlen) : DBA_N, DBA_S(id) };

	return db_exec(db, DB_TENANT_SET_WEBHOOK, args, 3);
}

int
db_tenant_claim(struct db *db, const char *id)
{
	struct db_arg	 args[] = { DBA_S(id) };
	int		 rc;

	if ((rc = db_exec(db, DB_TENANT_CLAIM, args, 1)) != DB_OK)
		return rc;
	/* write_gen always moves: a matched row is a changed row. */
	return db_affected(db, DB_TENANT_CLAIM) == 1 ? DB_OK : DB_NOTFOUND;
}

int
db_tenant_retire(struct db *db, const char *id)
{
	struct db_arg	 args[] = { DBA_S(id) };
	int		 rc;

	/* The row first: creations in the tenant wait for, or lose to, it. */
	if ((rc = db_exec(db, DB_TENANT_RETIRE, args, 1)) != DB_OK)
		return rc;
	if (db_affected(db, DB_TENANT_RETIRE) != 1)
		return DB_NOTFOUND;
	return db_exec(db, DB_TOKENS_REVOKE_TENANT, args, 1);
}
