/* SPDX-License-Identifier: ISC */
/* Token rows and secrets: create, read, list, change, authenticate, purge. */
#include <string.h>

#include "arena.h"
#include "db.h"

static void
db_token_read(struct db *db, struct arena *a, enum db_stmt_id id,
    struct token_row *r)
{
	r->seq = db_col_int(db, id, 0);
	r->id = db_col_dup(db, a, id, 1);
	r->tenant = db_col_dup(db, a, id, 2);
	r->name = db_col_dup(db, a, id, 3);
	r->description = db_col_dup(db, a, id, 4);
	r->perms = (unsigned int)db_col_int(db, id, 5);
	r->status = db_col_dup(db, a, id, 6);
	r->hint = db_col_dup(db, a, id, 7);
	r->expires_at = (time_t)db_col_int(db, id, 8);
	r->created_at = (time_t)db_col_int(db, id, 9);
	r->created_by = db_col_dup(db, a, id, 10);
	r->updated_at = (time_t)db_col_int(db, id, 11);
	r->revoked_at = (time_t)db_col_int(db, id, 12);
	r->last_used_at = (time_t)db_col_int(db, id, 13);
	r->allowed_cidrs = db_col_dup(db, a, id, 14);
	r->rate_limit = (unsigned int)db_col_int(db, id, 15);
	r->last_used_ips = db_col_dup(db, a, id, 16);
}

#define DBA_LIMIT(n)	((n) ? DBA_I(n) : DBA_N)

int
db_token_insert(struct db *db, const struct token_row *r,
    const unsigned char hash[32], unsigned int pending_ttl, long long *seq)
{
	struct db_arg	 args[] = { DBA_S(r->id), DBA_S(r->tenant),
	    DBA_S(r->name), DBA_S(r->name), DBA_S(r->description),
	    DBA_I(r->perms), DBA_S(r->status), DBA_S(r->hint),
	    DBA_T(r->expires_at), DBA_S(r->created_by),
	    DBA_S(r->allowed_cidrs), DBA_LIMIT(r->rate_limit) };
	struct db_arg	 stale[] = { DBA_S(r->tenant), DBA_S(r->name),
	    DBA_I(pending_ttl) };
	int		 rc;

	rc = db_exec(db, DB_TOKEN_INSERT, args, 12);
	if (rc == DB_DUP) {
		/* The name may be held by a pending token past its TTL. */
		if ((rc = db_exec(db, DB_SECRETS_DELETE_STALE_NAME, stale,
		    3)) != DB_OK ||
		    (rc = db_exec(db, DB_TOKEN_DROP_STALE_NAME, stale, 3)) !=
		    DB_OK)
			return rc;
		if (db_affected(db, DB_TOKEN_DROP_STALE_NAME) == 0)
			return DB_DUP;
		rc = db_exec(db, DB_TOKEN_INSERT, args, 12);
	}
	if (rc != DB_OK)
		return rc;
	*seq = (long long)db_insert_id(db, DB_TOKEN_INSERT);
	struct db_arg	 sec[] = { DBA_B(hash, 32), DBA_I(*seq), DBA_I(0) };
	return db_exec(db, DB_SECRET_INSERT, sec, 3);
}

int
db_token_get(struct db *db, struct arena *a, const char *id,
    unsigned int pending_ttl, int lock, struct token_row *r)
{
	enum db_stmt_id	 st = lock ? DB_TOKEN_GET_LOCKED : DB_TOKEN_GET;
	struct db_arg	 args[] = { DBA_S(id), DBA_I(pending_ttl) };
	int		 rc;

	if ((rc = db_row(db, st, args, 2)) == DB_OK)
		db_token_read(db, a, st, r);
	return rc;
}

int
db_token_list(struct db *db, struct arena *a, const struct list_filter *f,
    struct token_row **rows, size_t *n)
{
	struct db_arg	 args[] = { DBA_S(f->scope), DBA_S(f->scope),
	    DBA_S(f->tenant), DBA_S(f->tenant), DBA_S(f->status),
	    DBA_S(f->status), DBA_S(f->q), DBA_S(f->q),
	    f->expiring_within ? DBA_I(f->expiring_within) : DBA_N,
	    f->expiring_within ? DBA_I(f->expiring_within) : DBA_N,
	    f->cursor ? DBA_I(f->cursor) : DBA_N,
	    f->cursor ? DBA_I(f->cursor) : DBA_N,
	    DBA_I(f->pending_ttl), DBA_I(f->limit) };
	int		 rc;

	*n = 0;
	*rows = arena_alloc(a, sizeof(**rows) * (f->limit ? f->limit : 1));
	if ((rc = db_exec(db, DB_TOKEN_LIST, args, 14)) != DB_OK)
		return rc;
	while (*n < f->limit && (rc = db_fetch(db, DB_TOKEN_LIST)) == 1)
		db_token_read(db, a, DB_TOKEN_LIST, &(*rows)[(*n)++]);
	return rc == -1 ? DB_FAIL : DB_OK;
}

int
db_token_created(struct db *db, struct arena *a, const char *id,
    unsigned int pending_ttl, unsigned int limit, struct token_row **rows,
    size_t *n)
{
	struct db_arg	 args[] = { DBA_S(id), DBA_I(pending_ttl),
	    DBA_I(limit) };
	int		 rc;

	*n = 0;
	*rows = arena_alloc(a, sizeof(**rows) * (limit ? limit : 1));
	if ((rc = db_exec(db, DB_TOKEN_CREATED, args, 3)) != DB_OK)
		return rc;
	while (*n < limit && (rc = db_fetch(db, DB_TOKEN_CREATED)) == 1)
		db_token_read(db, a, DB_TOKEN_CREATED, &(*rows)[(*n)++]);
	return rc == -1 ? DB_FAIL : DB_OK;
}

int
db_token_update(struct db *db, const struct token_row *r)
{
	struct db_arg	 args[] = { DBA_S(r->name), DBA_S(r->name),
	    DBA_S(r->description), DBA_I(r->perms), DBA_T(r->expires_at),
	    DBA_S(r->allowed_cidrs), DBA_LIMIT(r->rate_limit), DBA_I(r->seq) };

	return db_exec(db, DB_TOKEN_UPDATE, args, 8);
}

int
db_token_activate(struct db *db, long long seq)
{
	struct db_arg	 args[] = { DBA_I(seq) };
	int		 rc;

	if ((rc = db_exec(db, DB_TOKEN_ACTIVATE, args, 1)) != DB_OK)
		return rc;
	return db_affected(db, DB_TOKEN_ACTIVATE) == 1 ? DB_OK : DB_NOTFOUND;
}

int
db_token_revoke(struct db *db, long long seq)
{
	struct db_arg	 args[] = { DBA_I(seq) };
	int		 rc;

	if ((rc = db_exec(db, DB_TOKEN_REVOKE, args, 1)) != DB_OK)
		return rc;
	return db_affected(db, DB_TOKEN_REVOKE) == 1 ? DB_OK : DB_NOTFOUND;
}

int
db_token_rotate(struct db *db, long long seq, const unsigned char hash[32],
    unsigned int grace, int until_used)
{
	struct db_arg	 tok[] = { DBA_I(seq) };
	struct db_arg	 gr[] = { DBA_I(grace), DBA_I(until_used != 0),
	    DBA_I(seq), DBA_I(grace) };
	struct db_arg	 sec[] = { DBA_B(hash, 32), DBA_I(seq),
	    DBA_I(until_used != 0) };
	int		 rc;

	/*
	 * Every secret still valid now ends within the grace period (at once
	 * without one), or at the new secret's first use when until_used;
	 * those long expired are forgotten.
	 */
	if ((rc = db_exec(db, DB_SECRETS_DELETE_OLD, tok, 1)) != DB_OK ||
	    (rc = db_exec(db, DB_SECRETS_NOT_NEW, tok, 1)) != DB_OK ||
	    (rc = db_exec(db, DB_SECRETS_GRACE, gr, 4)) != DB_OK)
		return rc;
	return db_exec(db, DB_SECRET_INSERT, sec, 3);
}

int
db_secret_first_use(struct db *db, const unsigned char hash[32])
{
	struct db_arg	 h[] = { DBA_B(hash, 32) };
	long long	 seq;
	int		 rc;

	if ((rc = db_exec(db, DB_SECRET_FIRST_USE, h, 1)) != DB_OK)
		return rc;
	if (db_affected(db, DB_SECRET_FIRST_USE) == 0)
		return DB_NOTFOUND;	/* another worker got there first */
	if ((rc = db_row(db, DB_SECRET_TOKEN, h, 1)) != DB_OK)
		return rc;
	seq = db_col_int(db, DB_SECRET_TOKEN, 0);
	struct db_arg	 tok[] = { DBA_I(seq) };
	if ((rc = db_exec(db, DB_SECRETS_END_ON_USE, tok, 1)) != DB_OK)
		return rc;
	return db_auth_change_token(db, seq);
}

int
db_secret_find(struct db *db, const unsigned char hash[32],
    struct db_secret *s)
{
	const enum db_stmt_id st = DB_SECRET_TOKEN;
	struct db_arg	 h[] = { DBA_B(hash, 32) };
	int		 rc;

	if ((rc = db_row(db, st, h, 1)) != DB_OK)
		return rc;
	s->token_seq = db_col_int(db, st, 0);
	s->not_after = db_col_int(db, st, 1);
	db_col_copy(db, st, 2, s->token_id, sizeof(s->token_id));
	db_col_copy(db, st, 3, s->tenant, sizeof(s->tenant));
	db_col_copy(db, st, 4, s->status, sizeof(s->status));
	return DB_OK;
}

int
db_secret_cut(struct db *db, const unsigned char hash[32])
{
	struct db_arg	 h[] = { DBA_B(hash, 32) };

	return db_exec(db, DB_SECRET_CUT, h, 1);
}

int
db_token_uses(struct db *db, const char *uses, const char *ips,
    const char *trim)
{
	struct db_arg	 u[] = { DBA_S(uses) }, i[] = { DBA_S(ips) };
	struct db_arg	 t[] = { DBA_S(trim) };
	int		 rc;

	if (uses != NULL && (rc = db_exec(db, DB_USAGE_WRITE, u, 1)) != DB_OK)
		return rc;
	if (ips == NULL)
		return DB_OK;
	if ((rc = db_exec(db, DB_IPS_WRITE, i, 1)) != DB_OK)
		return rc;
	/*
	 * A sixth address row can only come from an address the host had not
	 * noted last for the token (trim): the same address again moves its
	 * row's minute. Rows inserted count 1, updated 2, unchanged 0.
	 */
	if (trim == NULL || db_affected(db, DB_IPS_WRITE) == 0)
		return DB_OK;
	return db_exec(db, DB_IPS_TRIM, t, 1);
}

int
db_auth_cidrs(struct db *db, const unsigned char hash[32], char *out,
    size_t size)
{
	struct db_arg	 h[] = { DBA_B(hash, 32) };
	int		 rc;

	if ((rc = db_row(db, DB_AUTH_CIDRS, h, 1)) != DB_OK)
		return rc;
	db_col_copy(db, DB_AUTH_CIDRS, 0, out, size);
	return DB_OK;
}

int
db_token_set_hint(struct db *db, long long seq, const char *hint)
{
	struct db_arg	 args[] = { DBA_S(hint), DBA_I(seq) };

	return db_exec(db, DB_TOKEN_SET_HINT, args, 2);
}

static uint8_t
db_token_state(const char *s)
{
	if (s == NULL)
		return TS_UNKNOWN;
	if (strcmp(s, "active") == 0)
		return TS_ACTIVE;
	if (strcmp(s, "pending") == 0)
		return TS_PENDING;
	return TS_REVOKED;
}

static uint8_t
db_tenant_state(const char *s)
{
	if (s != NULL && strcmp(s, "active") == 0)
		return TTS_ACTIVE;
	if (s != NULL && strcmp(s, "suspended") == 0)
		return TTS_SUSPENDED;
	return TTS_DELETED;
}

/* allowed_cidrs as stored (canonical, comma-separated) into ta. */
void
db_token_cidrs(const char *s, struct token_auth *ta)
{
	ta->ncidr = (uint8_t)cidr_list(s, ta->cidr, CIDR_MAX);
}

/* The DB_AUTH_COLS of the current row of st. */
int
db_token_auth_read(struct db *db, enum db_stmt_id st, struct token_auth *ta)
{
	const char	*h;
	unsigned long	 hlen = 0;

	memset(ta, 0, sizeof(*ta));
	db_col_copy(db, st, 0, ta->id, sizeof(ta->id));
	db_col_copy(db, st, 1, ta->tenant, sizeof(ta->tenant));
	ta->perms = (uint8_t)db_col_int(db, st, 2);
	ta->status = db_token_state(db_col(db, st, 3, NULL));
	ta->expires_at = db_col_int(db, st, 4);
	ta->not_after = db_col_int(db, st, 5);
	ta->tenant_status = db_tenant_state(db_col(db, st, 6, NULL));
	h = db_col(db, st, 7, &hlen);
	if (h == NULL || hlen != 32)
		return DB_FAIL;
	memcpy(ta->hash, h, 32);
	ta->last_used_at = db_col_int(db, st, 8);
	db_token_cidrs(db_col(db, st, 9, NULL), ta);
	ta->rate_limit = (uint32_t)db_col_int(db, st, 10);
	if (db_col_int(db, st, 11) != 0)
		ta->flags |= TA_FIRST_USE;
	return DB_OK;
}

int
db_token_auth(struct db *db, const unsigned char hash[32],
    struct token_auth *ta)
{
	enum db_stmt_id	 st = DB_AUTH_LOOKUP;
	struct db_arg	 args[] = { DBA_B(hash, 32) };
	int		 rc;

	rc = db_row(db, st, args, 1);
	if (rc == DB_NOTFOUND && db_clustered(db)) {
		st = DB_AUTH_LOOKUP_SYNC;
		rc = db_row(db, st, args, 1);
	}
	if (rc != DB_OK)
		return rc;
	return db_token_auth_read(db, st, ta);
}


int
db_token_claim(struct db *db, const char *id)
{
	struct db_arg	 args[] = { DBA_S(id) };
	int		 rc;

	if ((rc = db_exec(db, DB_TOKEN_CLAIM, args, 1)) != DB_OK)
		return rc;
	return db_affected(db, DB_TOKEN_CLAIM) == 1 ? DB_OK : DB_NOTFOUND;
}

int
db_token_children(struct db *db, struct arena *a, const char *id,
    struct token_row **kids, size_t *n)
{
	const enum db_stmt_id st = DB_TOKEN_CHILDREN;
	struct db_arg	 args[] = { DBA_S(id) };
	struct token_row *v;
	size_t		 i;
	int		 rc;

	*n = 0;
	*kids = NULL;
	if ((rc = db_exec(db, st, args, 1)) != DB_OK)
		return rc;
	v = arena_calloc(a, (db_rows(db, st) + 1) * sizeof(*v));
	for (i = 0; (rc = db_fetch(db, st)) == 1; i++) {
		v[i].seq = db_col_int(db, st, 0);
		v[i].id = db_col_dup(db, a, st, 1);
		v[i].tenant = db_col_dup(db, a, st, 2);
	}
	*kids = v;
	*n = i;
	return rc == -1 ? DB_FAIL : DB_OK;
}

int
db_token_clamp(struct db *db, const char *id, time_t t, int *changed)
{
	struct db_arg	 args[] = { DBA_T(t), DBA_S(id), DBA_T(t) };
	int		 rc;

	if ((rc = db_exec(db, DB_TOKEN_CLAMP, args, 3)) != DB_OK)
		return rc;
	*changed = db_affected(db, DB_TOKEN_CLAMP) == 1;
	return DB_OK;
}

int
db_purge(struct db *db, unsigned int pending_ttl, unsigned long long *n)
{
	struct db_arg	 args[] = { DBA_I(pending_ttl) };
	int		 rc;

	*n = 0;
	if ((rc = db_exec(db, DB_PURGE_PENDING_SECRETS, args, 1)) != DB_OK ||
	    (rc = db_exec(db, DB_PURGE_PENDING, args, 1)) != DB_OK)
		return rc;
	*n = db_affected(db, DB_PURGE_PENDING);
	return db_exec(db, DB_PURGE_GRACE, NULL, 0);
}

int
db_auth_change_token(struct db *db, long long seq)
{
	struct db_arg	 args[] = { DBA_I(seq) };
	int		 rc;

	if ((rc = db_exec(db, DB_EPOCH_BUMP, NULL, 0)) != DB_OK)
		return rc;
	return db_exec(db, DB_CHANGE_TOKEN, args, 1);
}

int
db_auth_change_tenant(struct db *db, const char *id)
{
	struct db_arg	 args[] = { DBA_S(id) };
	int		 rc;

	if ((rc = db_exec(db, DB_EPOCH_BUMP, NULL, 0)) != DB_OK)
		return rc;
	return db_exec(db, DB_CHANGE_TENANT, args, 1);
}

int
db_auth_changes(struct db *db, uint64_t since, struct auth_change *ch,
    size_t max, uint64_t *epoch, size_t *n, int *complete)
{
	const enum db_stmt_id st = DB_CHANGES_SINCE;
	struct db_arg	 args[] = { DBA_I(since > INT64_MAX ? INT64_MAX :
	    (long long)since), DBA_I(max + 1) };
	const char	*v;
	unsigned long	 len;
	uint64_t	 e, oldest, last = since, epochs = 0;
	int		 rc, rows = 0, logged;

	*n = 0;
	if ((rc = db_row(db, st, args, 2)) != DB_OK)
		return rc == DB_NOTFOUND ? DB_FAIL : rc;
	*epoch = (uint64_t)db_col_int(db, st, 0);
	logged = db_col(db, st, 1, NULL) != NULL;
	oldest = (uint64_t)db_col_int(db, st, 1);
	do {
		if (db_col(db, st, 2, NULL) == NULL)
			break;		/* no change since */
		if (++rows > (int)max)
			break;
		e = (uint64_t)db_col_int(db, st, 2);
		if (e != last)
			epochs++;
		last = e;
		v = db_col(db, st, 4, &len);
		ch[*n].kind = (int)db_col_int(db, st, 3);
		memset(ch[*n].subject, 0, sizeof(ch[*n].subject));
		memcpy(ch[*n].subject, v, len < sizeof(ch[*n].subject) ?
		    len : sizeof(ch[*n].subject) - 1);
		(*n)++;
	} while ((rc = db_fetch(db, st)) == 1);
	if (rc == -1)
		return DB_FAIL;
	/*
	 * Whole when nothing moved, or when every epoch since has its
	 * changes here (each bump logs at least one) and none was cut off.
	 */
	*complete = *epoch == since || (*epoch > since && rows <= (int)max &&
	    logged && oldest <= since + 1 && epochs == *epoch - since);
	return DB_OK;
}

int
db_auth_prune(struct db *db, unsigned int keep, unsigned long long *n)
{
	struct db_arg	 args[] = { DBA_I(keep) };
	int		 rc;

	if ((rc = db_exec(db, DB_CHANGES_PRUNE, args, 1)) != DB_OK)
		return rc;
	*n = db_affected(db, DB_CHANGES_PRUNE);
	return DB_OK;
}

int
db_epoch_get(struct db *db, unsigned long long *epoch)
{
	int	 rc;

	if ((rc = db_row(db, DB_EPOCH_GET, NULL, 0)) != DB_OK)
		return rc == DB_NOTFOUND ? DB_FAIL : rc;
	*epoch = (unsigned long long)db_col_int(db, DB_EPOCH_GET, 0);
	return DB_OK;
}
