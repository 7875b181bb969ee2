/* /api/v1/tokens: create, list, get, self, edit, activate, rotate, revoke. */
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "app.h"
#include "auth.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "token.h"
#include "validate.h"

/* One change to a token: its input, its outcome, a new secret if any. */
struct token_op {
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

/* A fresh secret, its keyed hash and its hint into op. */
static void
tokens_new_secret(struct token_op *op, char hint[TOKEN_HINT_SIZE])
{
	token_generate(op->res->secret);
	token_hash(op->req->app->cfg->server_key, op->res->secret, TOKEN_LEN,
	    op->hash);
	token_hint(op->res->secret, hint);
}

/* The answer that shows a secret, once; the secret is wiped after. */
static void
tokens_reveal(struct request *req, int status, struct token_result *res)
{
	json_t	*j = api_token_json(&res->row);

	json_object_set_new(j, "token", json_string(res->secret));
	sodium_memzero(res->secret, sizeof(res->secret));
	resp_json(req, status, j);
	req->resp_secret = 1;
}

/* Runs a change; on failure the secret it may have made is wiped. */
static int
tokens_run(struct token_op *op, int (*fn)(struct db *, void *))
{
	struct token_result	*res = op->res;

	res->db_rc = db_tx(op->req->app->db, fn, op);
	sodium_memzero(op->hash, sizeof(op->hash));
	if (res->db_rc == DB_OK)
		return 0;
	sodium_memzero(res->secret, sizeof(res->secret));
	if (res->status == 0)
		res->status = -1;	/* a database outcome: see db_rc */
	return -1;
}

static int
tokens_create_tx(struct db *db, void *arg)
{
	struct token_op		*op = arg;
	struct token_row	*row = &op->res->row;
	struct request		*req = op->req;
	struct tenant_row	 tenant;
	int			 rc;

	if (strcmp(row->tenant, TENANT_ALL) != 0) {
		rc = db_tenant_get(db, &req->arena, row->tenant, 0, &tenant);
		if (rc == DB_NOTFOUND) {
			op->res->status = 422;
			op->res->why = "no such tenant";
			return rc;
		}
		if (rc != DB_OK)
			return rc;
	}
	if ((rc = db_token_insert(db, row, op->hash, tokens_ttl(req),
	    &row->seq)) != DB_OK)
		return rc;
	if ((rc = api_audit(req, db, "token.create", "token", row->id,
	    row->tenant, json_pack("{s:s, s:o, s:s}", "name", row->name,
	    "permissions", api_perms(row->perms), "status",
	    row->status))) != DB_OK)
		return rc;
	return db_token_get(db, &req->arena, row->id, tokens_ttl(req), 0, row);
}

int
tokens_op_create(struct request *req, const struct token_input *in,
    struct token_result *res)
{
	struct token_op	 op = { req, in, NULL, res, { 0 } };
	struct token_row *row = &res->row;
	char		*hint = arena_alloc(&req->arena, TOKEN_HINT_SIZE);
	char		*id = arena_alloc(&req->arena, TOKEN_ID_SIZE);

	memset(res, 0, sizeof(*res));
	row->tenant = (char *)in->tenant;
	if (row->tenant == NULL) {
		if (authz_is_star(&req->caller)) {
			res->status = 422;
			res->why = "is required: a tenant id, or \"*\" for all "
			    "tenants";
			return -1;
		}
		row->tenant = req->caller.tenant;
	}
	if (!authz_may_grant(&req->caller, row->tenant, in->perms, &res->why)) {
		res->status = 403;
		return -1;
	}
	tokens_new_secret(&op, hint);
	token_id_generate(id);
	row->id = id;
	row->name = (char *)in->name;
	row->description = (char *)in->description;
	row->perms = in->perms;
	row->status = in->pending ? "pending" : "active";
	row->hint = hint;
	row->expires_at = in->expires_at;
	row->created_by = req->caller.token_id;
	return tokens_run(&op, tokens_create_tx);
}

/* Answers a refused change as problem+json. */
void
tokens_op_refuse(struct request *req, const struct token_result *res)
{
	switch (res->status) {
	case 403:
		resp_problem(req, 403, "escalation", "%s", res->why);
		break;
	case 409:
		resp_problem(req, 409, "wrong_status", "%s", res->why);
		break;
	case 422:
		errlist_add(&req->errs, "tenant", res->why);
		resp_validation(req, 422);
		break;
	default:
		if (res->db_rc == DB_DUP)
			resp_problem(req, 409, "duplicate_name", "tenant %s "
			    "already has a token named \"%s\"", res->row.tenant,
			    res->row.name);
		else
			api_db_error(req, res->db_rc);
	}
}

void
tokens_create(struct request *req)
{
	struct token_result	 res;

	if (tokens_op_create(req, req->input, &res) == -1) {
		tokens_op_refuse(req, &res);
		return;
	}
	resp_header(req, "Location", "/api/v1/tokens/%s", res.row.id);
	tokens_reveal(req, 201, &res);
}

void
tokens_list(struct request *req)
{
	const struct list_input	*in = req->input;
	struct list_filter	 f = { 0 };
	struct token_row	*rows;
	json_t			*items;
	const char		*next = NULL;
	size_t			 n, i;
	int			 rc;

	f.scope = req->caller.tenant;
	f.tenant = in->tenant;
	f.status = in->status;
	f.q = in->q;
	f.cursor = in->cursor;
	f.limit = in->limit + 1;
	f.pending_ttl = tokens_ttl(req);
	rc = db_token_list(req->app->db, &req->arena, &f, &rows, &n);
	if (rc != DB_OK) {
		api_db_error(req, rc);
		return;
	}
	items = json_array();
	for (i = 0; i < n && i < in->limit; i++)
		json_array_append_new(items, api_token_json(&rows[i]));
	if (n > in->limit)
		next = arena_printf(&req->arena, "%lld",
		    rows[in->limit - 1].seq);
	api_list(req, items, next);
}

/* The token of the path, or 404 when it does not exist for the caller. */
static int
tokens_find(struct request *req, struct db *db, const char *id, int lock,
    struct token_row *row)
{
	int	 rc;

	if (!token_id_valid(id))
		return DB_NOTFOUND;
	rc = db_token_get(db, &req->arena, id, tokens_ttl(req), lock, row);
	if (rc == DB_OK && !authz_sees_tenant(&req->caller, row->tenant))
		return DB_NOTFOUND;
	return rc;
}

void
tokens_get(struct request *req)
{
	struct token_row	 row;
	int			 rc;

	rc = tokens_find(req, req->app->db, req->param[0], 0, &row);
	if (rc != DB_OK) {
		api_db_error(req, rc);
		return;
	}
	resp_json(req, 200, api_token_json(&row));
}

void
tokens_self(struct request *req)
{
	struct token_row	 row;
	int			 rc;

	rc = tokens_find(req, req->app->db, req->caller.token_id, 0, &row);
	if (rc != DB_OK) {
		api_db_error(req, rc);
		return;
	}
	resp_json(req, 200, api_token_json(&row));
}

/*
 * The common start of every change: the token, locked, that the caller may
 * manage, in the status the change needs (NULL: any but revoked).
 */
static int
tokens_lock(struct token_op *op, struct db *db, const char *need)
{
	struct token_result	*res = op->res;
	int			 rc, st;

	if ((rc = tokens_find(op->req, db, op->id, 1, &res->row)) != DB_OK)
		return rc;
	if ((st = authz_may_manage(&op->req->caller, &res->row,
	    &res->why)) != 0) {
		res->status = st;
		return st == 404 ? DB_NOTFOUND : DB_FAIL;
	}
	if ((need != NULL && strcmp(res->row.status, need) != 0) ||
	    (need == NULL && strcmp(res->row.status, "revoked") == 0)) {
		res->status = 409;
		res->why = arena_printf(&op->req->arena, "the token is %s",
		    res->row.status);
		return DB_FAIL;
	}
	return DB_OK;
}

static int
tokens_reread(struct token_op *op, struct db *db)
{
	return db_token_get(db, &op->req->arena, op->res->row.id,
	    tokens_ttl(op->req), 0, &op->res->row);
}

static int
tokens_patch_tx(struct db *db, void *arg)
{
	struct token_op		*op = arg;
	const struct token_input *in = op->in;
	struct token_row	*row = &op->res->row, old;
	json_t			*detail;
	int			 rc, auth_changed;

	if ((rc = tokens_lock(op, db, NULL)) != DB_OK)
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
	if (!authz_holds(&op->req->caller, row->perms)) {
		op->res->status = 403;
		op->res->why = "a token cannot grant permissions it does not "
		    "hold";
		return DB_FAIL;
	}
	detail = json_object();
	if (strcmp(old.name, row->name) != 0)
		json_object_set_new(detail, "name", json_string(row->name));
	if (strcmp(old.description, row->description) != 0)
		json_object_set_new(detail, "description", json_true());
	if (old.perms != row->perms)
		json_object_set_new(detail, "permissions",
		    api_perms(row->perms));
	if (old.expires_at != row->expires_at)
		api_time(detail, "expires_at", row->expires_at);
	if (json_object_size(detail) == 0) {
		json_decref(detail);
		return DB_OK;
	}
	auth_changed = old.perms != row->perms ||
	    old.expires_at != row->expires_at;
	if ((rc = db_token_update(db, row)) != DB_OK ||
	    (auth_changed && (rc = db_epoch_bump(db)) != DB_OK)) {
		json_decref(detail);
		return rc;
	}
	if ((rc = api_audit(op->req, db, "token.update", "token", row->id,
	    row->tenant, detail)) != DB_OK)
		return rc;
	return tokens_reread(op, db);
}

static int
tokens_activate_tx(struct db *db, void *arg)
{
	struct token_op	*op = arg;
	int		 rc;

	if ((rc = tokens_lock(op, db, "pending")) != DB_OK ||
	    (rc = db_token_activate(db, op->res->row.seq)) != DB_OK ||
	    (rc = api_audit(op->req, db, "token.activate", "token",
	    op->res->row.id, op->res->row.tenant, NULL)) != DB_OK)
		return rc;
	return tokens_reread(op, db);
}

static int
tokens_rotate_tx(struct db *db, void *arg)
{
	struct token_op	*op = arg;
	struct token_row *row = &op->res->row;
	char		 hint[TOKEN_HINT_SIZE];
	int		 rc;

	if ((rc = tokens_lock(op, db, "active")) != DB_OK)
		return rc;
	tokens_new_secret(op, hint);
	if ((rc = db_token_rotate(db, row->seq, op->hash, op->in->grace)) !=
	    DB_OK ||
	    (rc = db_token_set_hint(db, row->seq, hint)) != DB_OK ||
	    (rc = db_epoch_bump(db)) != DB_OK ||
	    (rc = api_audit(op->req, db, "token.rotate", "token", row->id,
	    row->tenant, json_pack("{s:i}", "grace_seconds",
	    (int)op->in->grace))) != DB_OK)
		return rc;
	return tokens_reread(op, db);
}

static int
tokens_revoke_tx(struct db *db, void *arg)
{
	struct token_op	*op = arg;
	int		 rc;

	rc = tokens_lock(op, db, NULL);
	if (rc == DB_FAIL && op->res->status == 409) {
		op->res->status = 0;	/* already revoked: nothing to do */
		return DB_OK;
	}
	if (rc != DB_OK ||
	    (rc = db_token_revoke(db, op->res->row.seq)) != DB_OK ||
	    (rc = db_epoch_bump(db)) != DB_OK)
		return rc;
	return api_audit(op->req, db, "token.revoke", "token",
	    op->res->row.id, op->res->row.tenant, NULL);
}

/* Runs one of the changes above on token id. */
static int
tokens_op(struct request *req, const char *id, const struct token_input *in,
    int (*fn)(struct db *, void *), struct token_result *res)
{
	struct token_op	 op = { req, in, id, res, { 0 } };

	memset(res, 0, sizeof(*res));
	return tokens_run(&op, fn);
}

int
tokens_op_activate(struct request *req, const char *id,
    struct token_result *res)
{
	return tokens_op(req, id, NULL, tokens_activate_tx, res);
}

int
tokens_op_revoke(struct request *req, const char *id,
    struct token_result *res)
{
	return tokens_op(req, id, NULL, tokens_revoke_tx, res);
}

void
tokens_patch(struct request *req)
{
	struct token_result	 res;

	if (tokens_op(req, req->param[0], req->input, tokens_patch_tx,
	    &res) == -1) {
		tokens_op_refuse(req, &res);
		return;
	}
	resp_json(req, 200, api_token_json(&res.row));
}

void
tokens_activate(struct request *req)
{
	struct token_result	 res;

	if (tokens_op_activate(req, req->param[0], &res) == -1) {
		tokens_op_refuse(req, &res);
		return;
	}
	resp_json(req, 200, api_token_json(&res.row));
}

void
tokens_rotate(struct request *req)
{
	struct token_result	 res;

	if (tokens_op(req, req->param[0], req->input, tokens_rotate_tx,
	    &res) == -1) {
		tokens_op_refuse(req, &res);
		return;
	}
	tokens_reveal(req, 200, &res);
}

void
tokens_revoke(struct request *req)
{
	struct token_result	 res;

	if (tokens_op_revoke(req, req->param[0], &res) == -1) {
		tokens_op_refuse(req, &res);
		return;
	}
	resp_empty(req, 204);
}
