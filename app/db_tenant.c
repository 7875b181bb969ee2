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
}

int
db_tenant_insert(struct db *db, const char *id, const char *name)
{
	struct db_arg	 args[] = { DBA_S(id), DBA_S(name) };

	return db_exec(db, DB_TENANT_INSERT, args, 2);
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
db_tenant_update(struct db *db, const char *id, const char *name,
    const char *status)
{
	struct db_arg	 args[] = { DBA_S(name), DBA_S(status), DBA_S(id) };

	return db_exec(db, DB_TENANT_UPDATE, args, 3);
}

int
db_tenant_delete(struct db *db, const char *id)
{
	struct db_arg	 args[] = { DBA_S(id) };
	int		 rc;

	if ((rc = db_exec(db, DB_TOKENS_REVOKE_TENANT, args, 1)) != DB_OK ||
	    (rc = db_exec(db, DB_TENANT_DELETE, args, 1)) != DB_OK)
		return rc;
	return db_affected(db, DB_TENANT_DELETE) == 1 ? DB_OK : DB_NOTFOUND;
}
