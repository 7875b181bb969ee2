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

int
db_audit_list(struct db *db, struct arena *a, const struct list_filter *f,
    struct audit_row **rows, size_t *n)
{
	const enum db_stmt_id st = DB_AUDIT_LIST;
	struct db_arg	 args[] = { DBA_S(f->scope), DBA_S(f->scope),
	    DBA_S(f->tenant), DBA_S(f->tenant),
	    DBA_T(f->since), DBA_T(f->since),
	    f->cursor ? DBA_I(f->cursor) : DBA_N,
	    f->cursor ? DBA_I(f->cursor) : DBA_N, DBA_I(f->limit) };
	struct audit_row *r;
	int		 rc;

	*n = 0;
	*rows = arena_alloc(a, sizeof(**rows) * (f->limit ? f->limit : 1));
	if ((rc = db_exec(db, st, args, 9)) != DB_OK)
		return rc;
	while (*n < f->limit && (rc = db_fetch(db, st)) == 1) {
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
