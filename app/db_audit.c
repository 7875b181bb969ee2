/* SPDX-License-Identifier: ISC */
/* The audit trail: written inside the transaction of each change. */
#include "arena.h"
#include "db.h"

int
db_audit_insert(struct db *db, const struct audit_event *e)
{
	struct db_arg	 args[] = { DBA_S(e->actor), DBA_S(e->tenant),
	    DBA_S(e->action), DBA_S(e->target_type), DBA_S(e->target_id),
	    DBA_S(e->client_addr), DBA_S(e->request_id), DBA_S(e->detail) };

	return db_exec(db, DB_AUDIT_INSERT, args, 8);
}

/* The rows of a statement that selects DB_AUDIT_LIST's columns. */
static int
db_audit_rows(struct db *db, struct arena *a, enum db_stmt_id st,
    const struct db_arg *args, unsigned int nargs, unsigned int limit,
    struct audit_row **rows, size_t *n)
{
	struct audit_row *r;
	int		 rc;

	*n = 0;
	*rows = arena_alloc(a, sizeof(**rows) * (limit ? limit : 1));
	if ((rc = db_exec(db, st, args, nargs)) != DB_OK)
		return rc;
	while (*n < limit && (rc = db_fetch(db, st)) == 1) {
		r = &(*rows)[(*n)++];
		r->seq = db_col_int(db, st, 0);
		r->at = db_col_dup(db, a, st, 1);
		r->actor = db_col_dup(db, a, st, 2);
		r->tenant = db_col_dup(db, a, st, 3);
		r->action = db_col_dup(db, a, st, 4);
		r->target_type = db_col_dup(db, a, st, 5);
		r->target_id = db_col_dup(db, a, st, 6);
		r->client_addr = db_col_dup(db, a, st, 7);
		r->request_id = db_col_dup(db, a, st, 8);
		r->detail = db_col_dup(db, a, st, 9);
	}
	return rc == -1 ? DB_FAIL : DB_OK;
}

int
db_audit_list(struct db *db, struct arena *a, const struct list_filter *f,
    struct audit_row **rows, size_t *n)
{
	struct db_arg	 args[] = { DBA_S(f->scope), DBA_S(f->scope),
	    DBA_S(f->tenant), DBA_S(f->tenant),
	    DBA_T(f->since), DBA_T(f->since),
	    f->cursor ? DBA_I(f->cursor) : DBA_N,
	    f->cursor ? DBA_I(f->cursor) : DBA_N, DBA_I(f->limit) };

	return db_audit_rows(db, a, DB_AUDIT_LIST, args, 9, f->limit, rows, n);
}

int
db_audit_token(struct db *db, struct arena *a, const char *tenant,
    const char *id, unsigned int limit, struct audit_row **rows, size_t *n)
{
	struct db_arg	 args[] = { DBA_S(tenant), DBA_S(id), DBA_I(limit) };

	return db_audit_rows(db, a, DB_AUDIT_TOKEN, args, 3, limit, rows, n);
}
