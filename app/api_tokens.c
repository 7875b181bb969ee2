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

struct token_op {
	struct request		*req;
	const struct token_input *in;
	struct token_row	 row;
	char			 secret[TOKEN_LEN + 1];
	unsigned char		 hash[TOKEN_HASH_LEN];
	int			 status;	/* an HTTP refusal, or 0 */
	const char		*why;
	int			 changed;
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
	token_generate(op->secret);
	token_hash(op->req->app->cfg->server_key, op->secret, TOKEN_LEN,
	    op->hash);
	token_hint(op->secret, hint);
}

/* The answer that shows a secret, once; the secret is wiped after. */
static void
tokens_reveal(struct request *req, int status, struct token_op *op)
{
	json_t	*j = api_token_json(&op->row);

	json_object_set_new(j, "token", json_string(op->secret));
	sodium_memzero(op->secret, sizeof(op->secret));
	sodium_memzero(op->hash, sizeof(op->hash));
	resp_json(req, status, j);
	req->resp_secret = 1;
}

static int
tokens_create_tx(struct db *db, void *arg)
{
	struct token_op		*op = arg;
	struct request		*req = op->req;
	struct tenant_row	 tenant;
	int			 rc;

	if (strcmp(op->row.tenant, TENANT_ALL) != 0) {
		rc = db_tenant_get(db, &req->arena, op->row.tenant, 0, &tenant);
		if (rc == DB_NOTFOUND) {
			op->status = 422;
			return rc;
		}
		if (rc != DB_OK)
			return rc;
	}
	if ((rc = db_token_insert(db, &op->row, op->hash, tokens_ttl(req),
	    &op->row.seq)) != DB_OK)
		return rc;
	if ((rc = api_audit(req, db, "token.create", "token", op->row.id,
	    op->row.tenant, json_pack("{s:s, s:o, s:s}", "name", op->row.name,
	    "permissions", api_perms(op->row.perms), "status",
	    op->row.status))) != DB_OK)
		return rc;
	return db_token_get(db, &req->arena, op->row.id, tokens_ttl(req), 0,
	    &op->row);
}

void
tokens_create(struct request *req)
{
	struct token_op	 op;
	char		 hint[TOKEN_HINT_SIZE], id[TOKEN_ID_SIZE];
	const char	*why;
	int		 rc;

	memset(&op, 0, sizeof(op));
	op.req = req;
	op.in = req->input;
	op.row.tenant = (char *)op.in->tenant;
	if (op.row.tenant == NULL) {
		if (authz_is_star(&req->caller)) {
			errlist_add(&req->errs, "tenant", "is required: a tenant "
			    "id, or \"*\" for all tenants");
			resp_validation(req, 422);
			return;
		}
		op.row.tenant = req->caller.tenant;
	}
	if (!authz_may_grant(&req->caller, op.row.tenant, op.in->perms,
	    &why)) {
		resp_problem(req, 403, "escalation", "%s", why);
		return;
	}
	tokens_new_secret(&op, hint);
	token_id_generate(id);
	op.row.id = id;
	op.row.name = (char *)op.in->name;
	op.row.description = (char *)op.in->description;
	op.row.perms = op.in->perms;
	op.row.status = op.in->pending ? "pending" : "active";
	op.row.hint = hint;
	op.row.expires_at = op.in->expires_at;
	op.row.created_by = req->caller.token_id;

	rc = db_tx(req->app->db, tokens_create_tx, &op);
	if (rc != DB_OK) {
		sodium_memzero(op.secret, sizeof(op.secret));
		if (op.status == 422) {
			errlist_add(&req->errs, "tenant", "no such tenant");
			resp_validation(req, 422);
		} else if (rc == DB_DUP)
			resp_problem(req, 409, "duplicate_name", "tenant %s "
			    "already has a token named \"%s\"", op.row.tenant,
			    op.in->name);
		else
			api_db_error(req, rc);
		return;
	}
	resp_header(req, "Location", "/api/v1/tokens/%s", op.row.id);
	tokens_reveal(req, 201, &op);
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
	int	 rc, st;

	if ((rc = tokens_find(op->req, db, op->req->param[0], 1, &op->row)) !=
	    DB_OK)
		return rc;
	if ((st = authz_may_manage(&op->req->caller, &op->row, &op->why)) != 0) {
		op->status = st;
		return st == 404 ? DB_NOTFOUND : DB_FAIL;
	}
	if ((need != NULL && strcmp(op->row.status, need) != 0) ||
	    (need == NULL && strcmp(op->row.status, "revoked") == 0)) {
		op->status = 409;
		op->why = arena_printf(&op->req->arena, "the token is %s",
		    op->row.status);
		return DB_FAIL;
	}
	return DB_OK;
}

/* Answers a failed change: the refusal decided inside, or the database's. */
static void
tokens_refuse(struct request *req, struct token_op *op, int rc)
{
	if (op->status == 403)
		resp_problem(req, 403, "escalation", "%s", op->why);
	else if (op->status == 409)
		resp_problem(req, 409, "wrong_status", "%s", op->why);
	else if (rc == DB_DUP)
		resp_problem(req, 409, "duplicate_name", "tenant %s already "
		    "has a token named \"%s\"", op->row.tenant, op->in->name);
	else
		api_db_error(req, rc);
}

static int
tokens_patch_tx(struct db *db, void *arg)
{
	struct token_op		*op = arg;
	const struct token_input *in = op->in;
	struct token_row	 old;
	json_t			*detail;
	int			 rc, auth_changed;

	if ((rc = tokens_lock(op, db, NULL)) != DB_OK)
		return rc;
	old = op->row;
	if (in->name != NULL)
		op->row.name = (char *)in->name;
	if (in->description != NULL)
		op->row.description = (char *)in->description;
	if (in->perms != 0)
		op->row.perms = in->perms;
	if (in->has_expires)
		op->row.expires_at = in->expires_at;
	if (!authz_holds(&op->req->caller, op->row.perms)) {
		op->status = 403;
		op->why = "a token cannot grant permissions it does not hold";
		return DB_FAIL;
	}
	detail = json_object();
	if (strcmp(old.name, op->row.name) != 0)
		json_object_set_new(detail, "name", json_string(op->row.name));
	if (strcmp(old.description, op->row.description) != 0)
		json_object_set_new(detail, "description", json_true());
	if (old.perms != op->row.perms)
		json_object_set_new(detail, "permissions",
		    api_perms(op->row.perms));
	if (old.expires_at != op->row.expires_at)
		api_time(detail, "expires_at", op->row.expires_at);
	if (json_object_size(detail) == 0) {
		json_decref(detail);
		return DB_OK;
	}
	auth_changed = old.perms != op->row.perms ||
	    old.expires_at != op->row.expires_at;
	if ((rc = db_token_update(db, &op->row)) != DB_OK ||
	    (auth_changed && (rc = db_epoch_bump(db)) != DB_OK)) {
		json_decref(detail);
		return rc;
	}
	if ((rc = api_audit(op->req, db, "token.update", "token", op->row.id,
	    op->row.tenant, detail)) != DB_OK)
		return rc;
	return db_token_get(db, &op->req->arena, op->row.id,
	    tokens_ttl(op->req), 0, &op->row);
}

void
tokens_patch(struct request *req)
{
	struct token_op	 op;
	int		 rc;

	memset(&op, 0, sizeof(op));
	op.req = req;
	op.in = req->input;
	if ((rc = db_tx(req->app->db, tokens_patch_tx, &op)) != DB_OK) {
		tokens_refuse(req, &op, rc);
		return;
	}
	resp_json(req, 200, api_token_json(&op.row));
}

static int
tokens_activate_tx(struct db *db, void *arg)
{
	struct token_op	*op = arg;
	int		 rc;

	if ((rc = tokens_lock(op, db, "pending")) != DB_OK ||
	    (rc = db_token_activate(db, op->row.seq)) != DB_OK ||
	    (rc = api_audit(op->req, db, "token.activate", "token", op->row.id,
	    op->row.tenant, NULL)) != DB_OK)
		return rc;
	return db_token_get(db, &op->req->arena, op->row.id,
	    tokens_ttl(op->req), 0, &op->row);
}

void
tokens_activate(struct request *req)
{
	struct token_op	 op;
	int		 rc;

	memset(&op, 0, sizeof(op));
	op.req = req;
	if ((rc = db_tx(req->app->db, tokens_activate_tx, &op)) != DB_OK) {
		tokens_refuse(req, &op, rc);
		return;
	}
	resp_json(req, 200, api_token_json(&op.row));
}

static int
tokens_rotate_tx(struct db *db, void *arg)
{
	struct token_op	*op = arg;
	char		 hint[TOKEN_HINT_SIZE];
	int		 rc;

	if ((rc = tokens_lock(op, db, "active")) != DB_OK)
		return rc;
	tokens_new_secret(op, hint);
	op->row.hint = hint;
	if ((rc = db_token_rotate(db, op->row.seq, op->hash, op->in->grace)) !=
	    DB_OK ||
	    (rc = db_token_set_hint(db, op->row.seq, hint)) != DB_OK ||
	    (rc = db_epoch_bump(db)) != DB_OK ||
	    (rc = api_audit(op->req, db, "token.rotate", "token", op->row.id,
	    op->row.tenant, json_pack("{s:i}", "grace_seconds",
	    (int)op->in->grace))) != DB_OK)
		return rc;
	return db_token_get(db, &op->req->arena, op->row.id,
	    tokens_ttl(op->req), 0, &op->row);
}

void
tokens_rotate(struct request *req)
{
	struct token_op	 op;
	int		 rc;

	memset(&op, 0, sizeof(op));
	op.req = req;
	op.in = req->input;
	if ((rc = db_tx(req->app->db, tokens_rotate_tx, &op)) != DB_OK) {
		sodium_memzero(op.secret, sizeof(op.secret));
		tokens_refuse(req, &op, rc);
		return;
	}
	tokens_reveal(req, 200, &op);
}

static int
tokens_revoke_tx(struct db *db, void *arg)
{
	struct token_op	*op = arg;
	int		 rc;

	if ((rc = tokens_lock(op, db, NULL)) == DB_FAIL && op->status == 409) {
		op->status = 0;		/* already revoked: nothing to do */
		return DB_OK;
	}
	if (rc != DB_OK ||
	    (rc = db_token_revoke(db, op->row.seq)) != DB_OK ||
	    (rc = db_epoch_bump(db)) != DB_OK)
		return rc;
	return api_audit(op->req, db, "token.revoke", "token", op->row.id,
	    op->row.tenant, NULL);
}

void
tokens_revoke(struct request *req)
{
	struct token_op	 op;
	int		 rc;

	memset(&op, 0, sizeof(op));
	op.req = req;
	if ((rc = db_tx(req->app->db, tokens_revoke_tx, &op)) != DB_OK) {
		tokens_refuse(req, &op, rc);
		return;
	}
	resp_empty(req, 204);
}
