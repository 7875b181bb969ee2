/* SPDX-License-Identifier: ISC */
/*
 * The domain of tokens: create, edit, save (activate), rotate, revoke.
 * Each change is one transaction that re-reads its caller (SPEC §7: writes
 * decide on the present), applies the rules, writes, and records itself
 * in the audit trail. The API and the cockpit only translate in and out.
 */
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "text.h"
#include "token.h"
#include "tokens.h"
#include "validate.h"

/* Lineage walks stop here: no real hierarchy comes near it. */
#define TOKENS_LINEAGE_MAX	100000

static const char msg_parent_create[] =
    "must not be later than the expiry of the token that creates it";
static const char msg_parent[] =
    "must not be later than the expiry of the token that created it";
static const char msg_policy[] =
    "must be within the tenant's maximum token lifetime";

/* One change: its input, its result, a new secret's hash if any. */
struct tokens_op {
	struct request		*req;
	const struct token_input *in;
	const char		*id;
	struct token_result	*res;
	unsigned char		 hash[TOKEN_HASH_LEN];
};

static unsigned int
tokens_ttl(struct request *req)
{
	return req->app->cfg->pending_ttl;
}

/* A fresh secret, its keyed hash and its hint. */
static void
tokens_new_secret(struct tokens_op *op, char hint[TOKEN_HINT_SIZE])
{
	token_generate(op->res->secret);
	token_hash(op->req->app->cfg->server_key, op->res->secret, TOKEN_LEN,
	    op->hash);
	token_hint(op->res->secret, hint);
}

/* An attempt starts afresh: a conflict retries the whole transaction. */
static void
tokens_attempt(struct tokens_op *op)
{
	memset(&op->res->out, 0, sizeof(op->res->out));
	op->res->revoked = 0;
}

/* The token id, or NOTFOUND when it does not exist for the caller. */
static int
tokens_find(struct request *req, struct db *db, const char *id, int lock,
    struct token_row *row)
{
	int	 rc;

	if (id == NULL || !token_id_valid(id))
		return DB_NOTFOUND;
	rc = db_token_get(db, &req->arena, id, tokens_ttl(req), lock, row);
	if (rc == DB_OK && !authz_sees_tenant(&req->caller, row->tenant))
		return DB_NOTFOUND;
	return rc;
}

/*
 * Whether the caller may manage the token, in the status the change
 * needs (NULL: any but revoked).
 */
static int
tokens_may(struct tokens_op *op, const char *status)
{
	struct token_row	*row = &op->res->row;
	struct outcome		*out = &op->res->out;
	const char		*why;

	switch (authz_may_manage(&op->req->caller, row, &why)) {
	case 404:
		return DB_NOTFOUND;
	case 403:
		return outcome_refuse(out, OUTCOME_FORBIDDEN, "escalation", why);
	}
	if ((status != NULL && strcmp(row->status, status) != 0) ||
	    (status == NULL && strcmp(row->status, "revoked") == 0))
		return outcome_refuse(out, OUTCOME_CONFLICT, "wrong_status",
		    arena_printf(&op->req->arena, "the token is %s",
		    row->status));
	return DB_OK;
}

/*
 * The start of every change to an existing token: the caller as it is
 * now holding need, then the token, locked.
 */
static int
tokens_lock(struct tokens_op *op, struct db *db, unsigned int need)
{
	int	 rc;

	tokens_attempt(op);
	if ((rc = authn_recheck(db, &op->req->caller, need, 0,
	    &op->res->out)) != DB_OK)
		return rc;
	return tokens_find(op->req, db, op->id, 1, &op->res->row);
}

static int
tokens_reread(struct tokens_op *op, struct db *db)
{
	return db_token_get(db, &op->req->arena, op->res->row.id,
	    tokens_ttl(op->req), 0, &op->res->row);
}

/*
 * The policies of the token row, against those of its parent (NULL: no
 * token made it): at least as strict (SPEC §8). A token made without
 * policies takes its parent's.
 */
static int
tokens_policies(struct tokens_op *op, struct db *db, const char *parent,
    struct token_row *row, int creating)
{
	struct token_row	 p;
	const char		*why;
	int			 rc;

	if (parent == NULL || !token_id_valid(parent))
		return DB_OK;
	rc = db_token_get(db, &op->req->arena, parent, tokens_ttl(op->req), 0,
	    &p);
	if (rc == DB_NOTFOUND)
		return DB_OK;
	if (rc != DB_OK)
		return rc;
	if (creating && !op->in->has_cidrs)
		row->allowed_cidrs = p.allowed_cidrs;
	if (creating && !op->in->has_rate)
		row->rate_limit = p.rate_limit;
	if (!authz_policy_within(p.allowed_cidrs, p.rate_limit,
	    row->allowed_cidrs, row->rate_limit, &why))
		return outcome_refuse(&op->res->out, OUTCOME_FORBIDDEN,
		    "escalation", why);
	return DB_OK;
}

/*
 * The tenant's lifetime policy: the latest expiry allowed now, or 0, and
 * the policy's days (which the cockpit's sentence names).
 */
static int
tokens_policy(struct tokens_op *op, struct db *db, const char *tenant,
    time_t *limit, unsigned int *days)
{
	struct tenant_row	 t;
	int			 rc;

	*limit = 0;
	*days = 0;
	if (strcmp(tenant, TENANT_ALL) == 0)
		return DB_OK;
	if ((rc = db_tenant_get(db, &op->req->arena, tenant, 0, &t)) != DB_OK)
		return rc;
	if (t.max_lifetime_days != 0)
		*limit = time(NULL) + (time_t)t.max_lifetime_days * 86400;
	*days = t.max_lifetime_days;
	return DB_OK;
}

/* Two stored lists the same (NULL: none). */
static int
tokens_same(const char *a, const char *b)
{
	return (a == NULL || *a == '\0') ? (b == NULL || *b == '\0') :
	    (b != NULL && strcmp(a, b) == 0);
}

static json_t *
tokens_time_json(time_t t)
{
	char	 s[TEXT_TIME_SIZE];

	if (t == 0)
		return json_null();
	text_rfc3339(t, s);
	return json_string(s);
}

static int
tokens_create_tx(struct db *db, void *arg)
{
	struct tokens_op	*op = arg;
	struct request		*req = op->req;
	struct principal	*me = &req->caller;
	struct token_row	*row = &op->res->row;
	struct outcome		*out = &op->res->out;
	const char		*why;
	time_t			 limit;
	unsigned int		 days;
	int			 rc;

	tokens_attempt(op);
	row->expires_at = op->in->expires_at;
	row->allowed_cidrs = op->in->cidrs;
	row->rate_limit = op->in->rate_limit;
	/* A creation writes the creator's row: see DB_TOKEN_CLAIM. */
	if ((rc = authn_recheck(db, me, PERM_CREATE, 1, out)) != DB_OK)
		return rc;
	if (!authz_may_grant(me, row->tenant, row->perms, &why))
		return outcome_refuse(out, OUTCOME_FORBIDDEN, "escalation", why);
	if ((rc = tokens_policies(op, db, me->cli ? NULL : me->token_id, row,
	    1)) != DB_OK)
		return rc;
	if (strcmp(row->tenant, TENANT_ALL) != 0) {
		/* And its tenant's: see DB_TENANT_CLAIM. */
		if ((rc = db_tenant_claim(db, row->tenant)) == DB_NOTFOUND)
			return outcome_field(out, "tenant", FE_TENANT_UNKNOWN,
			    "no such tenant");
		if (rc != DB_OK)
			return rc;
	}
	if ((rc = tokens_policy(op, db, row->tenant, &limit, &days)) != DB_OK)
		return rc;
	if (limit != 0 && row->expires_at == 0)
		row->expires_at = limit;
	else if (limit != 0 && row->expires_at > limit)
		return outcome_field_arg(out, "expires_at", FE_EXPIRY_POLICY,
		    days, msg_policy);
	/* Lineage: no token outlives the one that made it. */
	if (me->expires_at != 0 && (row->expires_at == 0 ||
	    row->expires_at > me->expires_at))
		return outcome_field(out, "expires_at",
		    FE_EXPIRY_PARENT_CREATE, msg_parent_create);
	row->created_by = me->token_id;
	rc = db_token_insert(db, row, op->hash, tokens_ttl(req), &row->seq);
	if (rc == DB_DUP)
		return outcome_refuse(out, OUTCOME_CONFLICT, "duplicate_name",
		    arena_printf(&req->arena, "tenant %s already has a token "
		    "named \"%s\"", row->tenant, row->name));
	if (rc != DB_OK ||
	    (rc = audit_record(req, db, "token.create", "token", row->id,
	    row->tenant, json_pack("{s:s, s:o, s:s, s:o}", "name", row->name,
	    "permissions", validate_perms_json(row->perms), "status",
	    row->status, "expires_at", tokens_time_json(row->expires_at)))) !=
	    DB_OK)
		return rc;
	return tokens_reread(op, db);
}

/* Runs a change; on failure the secret it may have made is wiped. */
static int
tokens_run(struct tokens_op *op, int (*fn)(struct db *, void *))
{
	struct token_result	*res = op->res;
	int			 rc;

	rc = db_tx(op->req->app->db, fn, op);
	sodium_memzero(op->hash, sizeof(op->hash));
	outcome_db(&res->out, rc);
	if (rc == DB_OK)
		return 0;
	sodium_memzero(res->secret, sizeof(res->secret));
	return -1;
}

int
tokens_create(struct request *req, const struct token_input *in,
    struct token_result *res)
{
	struct tokens_op	 op = { req, in, NULL, res, { 0 } };
	struct token_row	*row = &res->row;
	char			*hint = arena_alloc(&req->arena, TOKEN_HINT_SIZE);
	char			*id = arena_alloc(&req->arena, TOKEN_ID_SIZE);

	memset(res, 0, sizeof(*res));
	row->tenant = (char *)in->tenant;
	if (row->tenant == NULL) {
		if (authz_is_star(&req->caller)) {
			outcome_field(&res->out, "tenant", FE_TENANT_REQUIRED,
			    "is required: a tenant id, or \"*\" for all "
			    "tenants");
			return -1;
		}
		row->tenant = req->caller.tenant;
	}
	tokens_new_secret(&op, hint);
	token_id_generate(id);
	row->id = id;
	row->name = (char *)in->name;
	row->description = (char *)in->description;
	row->perms = in->perms;
	row->status = in->pending ? "pending" : "active";
	row->hint = hint;
	return tokens_run(&op, tokens_create_tx);
}

/*
 * Calls fn on every standing token made by root, then on those they made,
 * and so on, in this transaction (the rows are locked as they are read).
 */
static int
tokens_lineage(struct tokens_op *op, struct db *db, const char *root,
    int (*fn)(struct tokens_op *, struct db *, const struct token_row *,
    const char *root, time_t), time_t t)
{
	struct request		*req = op->req;
	struct token_row	*kids;
	const char		**queue;
	size_t			 head = 0, tail = 0, cap = 64, nkids, i;
	int			 rc;

	queue = arena_alloc(&req->arena, cap * sizeof(*queue));
	queue[tail++] = root;
	while (head < tail && tail < TOKENS_LINEAGE_MAX) {
		if ((rc = db_token_children(db, &req->arena, queue[head++],
		    &kids, &nkids)) != DB_OK)
			return rc;
		for (i = 0; i < nkids; i++) {
			if ((rc = fn(op, db, &kids[i], root, t)) != DB_OK)
				return rc;
			if (tail == cap) {
				const char **q = arena_alloc(&req->arena,
				    2 * cap * sizeof(*q));

				memcpy(q, queue, cap * sizeof(*q));
				queue = q;
				cap *= 2;
			}
			queue[tail++] = kids[i].id;
		}
	}
	return DB_OK;
}

/* No token outlives its parent: an earlier expiry reaches its lineage. */
static int
tokens_clamp_one(struct tokens_op *op, struct db *db,
    const struct token_row *kid, const char *root, time_t t)
{
	int	 rc, changed;

	if ((rc = db_token_clamp(db, kid->id, t, &changed)) != DB_OK ||
	    !changed ||
	    (rc = db_auth_change_token(db, kid->seq)) != DB_OK)
		return rc;
	return audit_record(op->req, db, "token.update", "token", kid->id,
	    kid->tenant, json_pack("{s:o, s:s}", "expires_at",
	    tokens_time_json(t), "lineage_root", root));
}

/* The rules of a new expiry for an existing token (old: as it was). */
static int
tokens_expiry_rules(struct tokens_op *op, struct db *db,
    const struct token_row *old, time_t t)
{
	struct request		*req = op->req;
	struct outcome		*out = &op->res->out;
	struct token_row	 parent;
	time_t			 limit;
	unsigned int		 days;
	int			 rc;

	if (authz_self_extension(&req->caller, old, t))
		return outcome_refuse(out, OUTCOME_FORBIDDEN, "self_extension",
		    "a token cannot lengthen or remove its own expiry");
	if (token_id_valid(old->created_by)) {
		rc = db_token_get(db, &req->arena, old->created_by,
		    tokens_ttl(req), 0, &parent);
		if (rc != DB_OK && rc != DB_NOTFOUND)
			return rc;
		if (rc == DB_OK && parent.expires_at != 0 &&
		    (t == 0 || t > parent.expires_at))
			return outcome_field(out, "expires_at",
			    FE_EXPIRY_PARENT, msg_parent);
	}
	if ((rc = tokens_policy(op, db, old->tenant, &limit, &days)) != DB_OK)
		return rc;
	if (limit != 0 && (t == 0 || t > limit))
		return outcome_field_arg(out, "expires_at", FE_EXPIRY_POLICY,
		    days, msg_policy);
	if (t != 0 && (old->expires_at == 0 || t < old->expires_at))
		return tokens_lineage(op, db, old->id, tokens_clamp_one, t);
	return DB_OK;
}

static int
tokens_update_tx(struct db *db, void *arg)
{
	struct tokens_op	*op = arg;
	const struct token_input *in = op->in;
	struct token_row	*row = &op->res->row, old;
	json_t			*detail;
	int			 rc, auth_changed;

	if ((rc = tokens_lock(op, db, PERM_WRITE)) != DB_OK ||
	    (rc = tokens_may(op, NULL)) != DB_OK)
		return rc;
	old = *row;
	if (in->name != NULL)
		row->name = (char *)in->name;
	if (in->description != NULL)
		row->description = (char *)in->description;
	if (in->perms != 0)
		row->perms = in->perms;
	if (in->has_expires)
		row->expires_at = in->expires_at;
	if (in->has_cidrs)
		row->allowed_cidrs = in->cidrs;
	if (in->has_rate)
		row->rate_limit = in->rate_limit;
	if (!authz_holds(&op->req->caller, row->perms))
		return outcome_refuse(&op->res->out, OUTCOME_FORBIDDEN,
		    "escalation", "a token cannot grant permissions it does "
		    "not hold");
	if (row->expires_at != old.expires_at &&
	    (rc = tokens_expiry_rules(op, db, &old, row->expires_at)) != DB_OK)
		return rc;
	if ((in->has_cidrs || in->has_rate) &&
	    (rc = tokens_policies(op, db, old.created_by, row, 0)) != DB_OK)
		return rc;
	detail = json_object();
	if (strcmp(old.name, row->name) != 0)
		json_object_set_new(detail, "name", json_string(row->name));
	if (strcmp(old.description, row->description) != 0)
		json_object_set_new(detail, "description", json_true());
	if (old.perms != row->perms)
		json_object_set_new(detail, "permissions",
		    validate_perms_json(row->perms));
	if (old.expires_at != row->expires_at)
		json_object_set_new(detail, "expires_at",
		    tokens_time_json(row->expires_at));
	if (!tokens_same(old.allowed_cidrs, row->allowed_cidrs))
		json_object_set_new(detail, "allowed_cidrs", row->allowed_cidrs ?
		    json_string(row->allowed_cidrs) : json_null());
	if (old.rate_limit != row->rate_limit)
		json_object_set_new(detail, "rate_limit_per_minute",
		    row->rate_limit ? json_integer(row->rate_limit) :
		    json_null());
	if (json_object_size(detail) == 0) {
		json_decref(detail);
		return DB_OK;
	}
	auth_changed = old.perms != row->perms ||
	    old.expires_at != row->expires_at ||
	    !tokens_same(old.allowed_cidrs, row->allowed_cidrs) ||
	    old.rate_limit != row->rate_limit;
	if ((rc = db_token_update(db, row)) != DB_OK ||
	    (auth_changed &&
	    (rc = db_auth_change_token(db, row->seq)) != DB_OK)) {
		json_decref(detail);
		return rc;
	}
	if ((rc = audit_record(op->req, db, "token.update", "token", row->id,
	    row->tenant, detail)) != DB_OK)
		return rc;
	return tokens_reread(op, db);
}

static int
tokens_activate_tx(struct db *db, void *arg)
{
	struct tokens_op	*op = arg;
	struct request		*req = op->req;
	struct token_row	*row = &op->res->row;
	int			 rc;

	if ((rc = tokens_lock(op, db, PERM_CREATE)) != DB_OK)
		return rc;
	/*
	 * A pending token belongs to its creator: others (but a token for
	 * all tenants) are not told it exists.
	 */
	if (strcmp(row->status, "pending") == 0 &&
	    !authz_may_save(&req->caller, row))
		return DB_NOTFOUND;
	if ((rc = tokens_may(op, "pending")) != DB_OK ||
	    (rc = db_token_activate(db, row->seq)) != DB_OK ||
	    (rc = audit_record(req, db, "token.activate", "token", row->id,
	    row->tenant, NULL)) != DB_OK)
		return rc;
	return tokens_reread(op, db);
}

static int
tokens_rotate_tx(struct db *db, void *arg)
{
	struct tokens_op	*op = arg;
	struct token_row	*row = &op->res->row;
	char			 hint[TOKEN_HINT_SIZE];
	int			 rc;

	if ((rc = tokens_lock(op, db, PERM_WRITE)) != DB_OK ||
	    (rc = tokens_may(op, "active")) != DB_OK)
		return rc;
	tokens_new_secret(op, hint);
	if ((rc = db_token_rotate(db, row->seq, op->hash, op->in->grace,
	    op->in->until_used)) != DB_OK ||
	    (rc = db_token_set_hint(db, row->seq, hint)) != DB_OK ||
	    (rc = db_auth_change_token(db, row->seq)) != DB_OK ||
	    (rc = audit_record(op->req, db, "token.rotate", "token", row->id,
	    row->tenant, json_pack("{s:i, s:b}", "grace_seconds",
	    (int)op->in->grace, "until_used", op->in->until_used))) !=
	    DB_OK)
		return rc;
	return tokens_reread(op, db);
}

/* A cascading revoke: each token of the lineage, audited naming root. */
static int
tokens_revoke_one(struct tokens_op *op, struct db *db,
    const struct token_row *kid, const char *root, time_t t)
{
	int	 rc;

	(void)t;
	if ((rc = db_token_revoke(db, kid->seq)) != DB_OK ||
	    (rc = db_auth_change_token(db, kid->seq)) != DB_OK ||
	    (rc = audit_record(op->req, db, "token.revoke", "token", kid->id,
	    kid->tenant, json_pack("{s:s}", "cascade_root", root))) != DB_OK)
		return rc;
	op->res->revoked++;
	return DB_OK;
}

static int
tokens_revoke_tx(struct db *db, void *arg)
{
	struct tokens_op	*op = arg;
	struct token_row	*row = &op->res->row;
	int			 rc;

	if ((rc = tokens_lock(op, db, PERM_DELETE)) != DB_OK)
		return rc;
	rc = tokens_may(op, NULL);
	/* Revoked already: nothing to do there, but maybe in its lineage. */
	if (rc == DB_REFUSED && op->res->out.kind == OUTCOME_CONFLICT)
		tokens_attempt(op);
	else if (rc != DB_OK)
		return rc;
	else {
		if ((rc = db_token_revoke(db, row->seq)) != DB_OK ||
		    (rc = db_auth_change_token(db, row->seq)) != DB_OK ||
		    (rc = audit_record(op->req, db, "token.revoke", "token",
		    row->id, row->tenant, op->in->cascade ?
		    json_pack("{s:b}", "cascade", 1) : NULL)) != DB_OK)
			return rc;
		op->res->revoked++;
	}
	if (op->in->cascade &&
	    (rc = tokens_lineage(op, db, row->id, tokens_revoke_one, 0)) !=
	    DB_OK)
		return rc;
	return DB_OK;
}

/* Runs one of the changes above on token id. */
static int
tokens_change(struct request *req, const char *id,
    const struct token_input *in, int (*fn)(struct db *, void *),
    struct token_result *res)
{
	struct tokens_op	 op = { req, in, id, res, { 0 } };

	memset(res, 0, sizeof(*res));
	return tokens_run(&op, fn);
}

int
tokens_update(struct request *req, const char *id,
    const struct token_input *in, struct token_result *res)
{
	return tokens_change(req, id, in, tokens_update_tx, res);
}

int
tokens_activate(struct request *req, const char *id,
    struct token_result *res)
{
	static const struct token_input none;

	return tokens_change(req, id, &none, tokens_activate_tx, res);
}

int
tokens_rotate(struct request *req, const char *id,
    const struct token_input *in, struct token_result *res)
{
	return tokens_change(req, id, in, tokens_rotate_tx, res);
}

int
tokens_revoke(struct request *req, const char *id, int cascade,
    struct token_result *res)
{
	struct token_input	 in;

	memset(&in, 0, sizeof(in));
	in.cascade = cascade;
	return tokens_change(req, id, &in, tokens_revoke_tx, res);
}

int
tokens_get(struct request *req, const char *id, struct token_result *res)
{
	memset(res, 0, sizeof(*res));
	outcome_db(&res->out, tokens_find(req, req->app->db, id, 0,
	    &res->row));
	return res->out.kind == OUTCOME_OK ? 0 : -1;
}

int
tokens_children(struct request *req, const char *id, unsigned int limit,
    struct token_row **rows, size_t *n, struct outcome *out)
{
	struct token_row	 t;
	size_t			 i, k;
	int			 rc;

	memset(out, 0, sizeof(*out));
	*n = 0;
	if ((rc = tokens_find(req, req->app->db, id, 0, &t)) == DB_OK)
		rc = db_token_created(req->app->db, &req->arena, t.id,
		    tokens_ttl(req), limit, rows, n);
	outcome_db(out, rc);
	if (rc != DB_OK)
		return -1;
	/* A token for all tenants makes tokens the caller may not see. */
	for (i = k = 0; i < *n; i++)
		if (authz_sees_tenant(&req->caller, (*rows)[i].tenant))
			(*rows)[k++] = (*rows)[i];
	*n = k;
	return 0;
}

int
tokens_audit(struct request *req, const char *id, unsigned int limit,
    struct audit_row **rows, size_t *n, struct outcome *out)
{
	struct token_row	 t;
	int			 rc;

	memset(out, 0, sizeof(*out));
	*n = 0;
	if ((rc = tokens_find(req, req->app->db, id, 0, &t)) == DB_OK)
		rc = db_audit_token(req->app->db, &req->arena, t.tenant, t.id,
		    limit, rows, n);
	outcome_db(out, rc);
	return rc == DB_OK ? 0 : -1;
}

int
tokens_list(struct request *req, struct list_filter *f,
    struct token_row **rows, size_t *n, struct outcome *out)
{
	memset(out, 0, sizeof(*out));
	f->scope = req->caller.tenant;
	f->pending_ttl = tokens_ttl(req);
	outcome_db(out, db_token_list(req->app->db, &req->arena, f, rows, n));
	return out->kind == OUTCOME_OK ? 0 : -1;
}

struct tokens_leaked {
	struct request			*req;
	const struct leaked_input	*in;
	struct leaked_result		*res;
};

/* One listed secret: revoke its token, or cut it if it is an old one. */
static int
tokens_leaked_one(struct tokens_leaked *lk, struct db *db, const char *tok)
{
	struct request		*req = lk->req;
	struct leaked_result	*res = lk->res;
	struct db_secret	 s;
	unsigned char		 hash[TOKEN_HASH_LEN];
	const char		*which;
	size_t			 len = strlen(tok);
	int			 rc;

	if (token_check(tok, len) == -1) {
		res->malformed++;
		return DB_OK;
	}
	token_hash(req->app->cfg->server_key, tok, len, hash);
	rc = db_secret_find(db, hash, &s);
	if (rc == DB_NOTFOUND || (rc == DB_OK &&
	    !authz_sees_tenant(&req->caller, s.tenant))) {
		res->unknown++;		/* never say whose it is */
		return DB_OK;
	}
	if (rc != DB_OK)
		return rc;
	if (strcmp(s.status, "revoked") == 0 ||
	    (s.not_after != 0 && s.not_after <= time(NULL))) {
		res->already_revoked++;
		return DB_OK;
	}
	if (s.not_after != 0) {
		which = "previous";	/* in its grace: cut, the token stays */
		rc = db_secret_cut(db, hash);
	} else {
		which = "current";
		rc = db_token_revoke(db, s.token_seq);
	}
	if (rc != DB_OK ||
	    (rc = db_auth_change_token(db, s.token_seq)) != DB_OK ||
	    (rc = audit_record(req, db, "token.revoke_leaked", "token",
	    s.token_id, s.tenant, json_pack("{s:s}", "secret", which))) !=
	    DB_OK)
		return rc;
	res->revoked++;
	return DB_OK;
}

static int
tokens_leaked_tx(struct db *db, void *arg)
{
	struct tokens_leaked	*lk = arg;
	struct leaked_result	*res = lk->res;
	size_t			 i;
	int			 rc;

	memset(res, 0, sizeof(*res));
	if ((rc = authn_recheck(db, &lk->req->caller, PERM_DELETE, 0,
	    &res->out)) != DB_OK)
		return rc;
	for (i = 0; i < lk->in->n; i++)
		if ((rc = tokens_leaked_one(lk, db, lk->in->tokens[i])) !=
		    DB_OK)
			return rc;
	return DB_OK;
}

int
tokens_revoke_leaked(struct request *req, const struct leaked_input *in,
    struct leaked_result *res)
{
	struct tokens_leaked	 lk = { req, in, res };
	int			 rc;

	rc = db_tx(req->app->db, tokens_leaked_tx, &lk);
	outcome_db(&res->out, rc);
	return rc == DB_OK ? 0 : -1;
}
