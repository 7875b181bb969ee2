/* SPDX-License-Identifier: ISC */
/*
 * The domain of tenants: create, rename, suspend or reactivate, set the
 * lifetime policy or the webhook, delete. Each change is one transaction
 * that re-reads its caller (SPEC §7) and records itself in the audit
 * trail.
 */
#include <string.h>

#include <sodium.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "tenants.h"
#include "validate.h"
#include "webhook.h"

struct tenants_op {
	struct request		*req;
	const struct tenant_input *in;
	const char		*id;
	struct tenant_result	*res;
};

static int
tenants_run(struct tenants_op *op, int (*fn)(struct db *, void *))
{
	outcome_db(&op->res->out, db_tx(op->req->app->db, fn, op));
	if (op->res->out.kind == OUTCOME_OK)
		return 0;
	/* A secret made by a change that did not happen is no one's. */
	sodium_memzero(op->res->webhook_secret,
	    sizeof(op->res->webhook_secret));
	return -1;
}

/* The tenant id, unless deleted or not the caller's to see. */
static int
tenants_find(struct request *req, struct db *db, const char *id, int lock,
    struct tenant_row *row)
{
	int	 rc;

	if (id == NULL || !validate_tenant_id(id) ||
	    !authz_sees_tenant(&req->caller, id))
		return DB_NOTFOUND;
	rc = db_tenant_get(db, &req->arena, id, lock, row);
	if (rc == DB_OK && strcmp(row->status, "deleted") == 0)
		return DB_NOTFOUND;
	return rc;
}

/* Only tokens for all tenants with write set a lifetime policy. */
static int
tenants_may_set_policy(struct tenants_op *op)
{
	if (!op->in->has_max_days || (authz_is_star(&op->req->caller) &&
	    authz_holds(&op->req->caller, PERM_WRITE)))
		return DB_OK;
	return outcome_refuse(&op->res->out, OUTCOME_FORBIDDEN, "forbidden",
	    "only a token for all tenants with write sets "
	    "max_token_lifetime_days");
}

/*
 * Sets the tenant's webhook, or removes it (in->webhook_url NULL). Every
 * URL given makes a new secret, even the same URL again (which is how a
 * secret is rotated); it is answered once and stored only sealed.
 */
static int
tenants_webhook(struct tenants_op *op, struct db *db, const char *id)
{
	unsigned char	 box[WEBHOOK_BOX_LEN];
	char		*secret = op->res->webhook_secret;

	secret[0] = '\0';
	if (op->in->webhook_url == NULL)
		return db_tenant_set_webhook(db, id, NULL, NULL, 0);
	webhook_secret_new(secret);
	webhook_seal(op->req->app->cfg->server_key, id, secret, box);
	return db_tenant_set_webhook(db, id, op->in->webhook_url, box,
	    sizeof(box));
}

/* The audit's record of a webhook change: the URL, never the secret. */
static void
tenants_webhook_detail(json_t *detail, const struct tenant_input *in)
{
	json_object_set_new(detail, "webhook_url", in->webhook_url ?
	    json_string(in->webhook_url) : json_null());
}

static int
tenants_create_tx(struct db *db, void *arg)
{
	struct tenants_op	*op = arg;
	struct request		*req = op->req;
	const struct tenant_input *in = op->in;
	struct outcome		*out = &op->res->out;
	json_t			*detail;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = authn_recheck(db, &req->caller, PERM_CREATE, 0, out)) !=
	    DB_OK || (rc = tenants_may_set_policy(op)) != DB_OK)
		return rc;
	rc = db_tenant_insert(db, in->id, in->name, in->max_days);
	if (rc == DB_DUP) {
		/* A deleted tenant's id is retired: nobody inherits it. */
		if ((rc = db_tenant_get(db, &req->arena, in->id, 0,
		    &op->res->row)) != DB_OK)
			return rc;
		if (strcmp(op->res->row.status, "deleted") == 0)
			return outcome_refuse(out, OUTCOME_CONFLICT,
			    "tenant_id_retired", arena_printf(&req->arena,
			    "tenant id %s belonged to a deleted tenant and is "
			    "never used again", in->id));
		return outcome_refuse(out, OUTCOME_CONFLICT, "tenant_exists",
		    arena_printf(&req->arena, "a tenant with id %s already "
		    "exists", in->id));
	}
	if (rc != DB_OK)
		return rc;
	detail = json_pack("{s:s}", "name", in->name);
	if (in->webhook_url != NULL) {
		tenants_webhook_detail(detail, in);
		if ((rc = tenants_webhook(op, db, in->id)) != DB_OK) {
			json_decref(detail);
			return rc;
		}
	}
	if ((rc = audit_record(req, db, "tenant.create", "tenant", in->id,
	    in->id, detail)) != DB_OK)
		return rc;
	return db_tenant_get(db, &req->arena, in->id, 0, &op->res->row);
}

int
tenants_create(struct request *req, const struct tenant_input *in,
    struct tenant_result *res)
{
	struct tenants_op	 op = { req, in, NULL, res };

	memset(res, 0, sizeof(*res));
	return tenants_run(&op, tenants_create_tx);
}

static int
tenants_update_tx(struct db *db, void *arg)
{
	struct tenants_op	*op = arg;
	struct request		*req = op->req;
	const struct tenant_input *in = op->in;
	struct outcome		*out = &op->res->out;
	struct tenant_row	*row = &op->res->row, old;
	json_t			*detail;
	const char		*action;
	int			 rc, webhook;

	memset(out, 0, sizeof(*out));
	if ((rc = authn_recheck(db, &req->caller, PERM_WRITE, 0, out)) !=
	    DB_OK ||
	    (rc = tenants_find(req, db, op->id, 1, row)) != DB_OK)
		return rc;
	if (in->status != NULL && !authz_is_star(&req->caller))
		return outcome_refuse(out, OUTCOME_FORBIDDEN, "forbidden",
		    "only a token for all tenants can change a tenant's "
		    "status");
	if ((rc = tenants_may_set_policy(op)) != DB_OK)
		return rc;
	/*
	 * The webhook is the tenant's own business, like its name: whoever
	 * may write to the tenant (its own tokens with write, or a token for
	 * all tenants) sets it and receives its secret.
	 */
	webhook = in->has_webhook && (in->webhook_url != NULL ||
	    row->webhook_url != NULL);
	old = *row;
	if (in->name != NULL)
		row->name = (char *)in->name;
	if (in->status != NULL)
		row->status = (char *)in->status;
	if (in->has_max_days)
		row->max_lifetime_days = in->max_days;
	detail = json_object();
	if (strcmp(old.name, row->name) != 0)
		json_object_set_new(detail, "name", json_string(row->name));
	if (strcmp(old.status, row->status) != 0)
		json_object_set_new(detail, "status", json_string(row->status));
	if (old.max_lifetime_days != row->max_lifetime_days)
		json_object_set_new(detail, "max_token_lifetime_days",
		    row->max_lifetime_days ?
		    json_integer(row->max_lifetime_days) : json_null());
	if (webhook)
		tenants_webhook_detail(detail, in);
	if (json_object_size(detail) == 0) {
		json_decref(detail);
		return DB_OK;	/* nothing changes, nothing to record */
	}
	if (strcmp(old.status, row->status) != 0)
		action = strcmp(row->status, "suspended") == 0 ?
		    "tenant.suspend" : "tenant.reactivate";
	else if (strcmp(old.name, row->name) != 0)
		action = "tenant.rename";
	else if (old.max_lifetime_days != row->max_lifetime_days)
		action = "tenant.policy";
	else
		action = "tenant.webhook";
	/* A suspension must reach every worker's cache. */
	if ((rc = db_tenant_update(db, row)) != DB_OK ||
	    (webhook && (rc = tenants_webhook(op, db, row->id)) != DB_OK) ||
	    (strcmp(old.status, row->status) != 0 &&
	    (rc = db_auth_change_tenant(db, row->id)) != DB_OK)) {
		json_decref(detail);
		return rc;
	}
	if ((rc = audit_record(req, db, action, "tenant", row->id, row->id,
	    detail)) != DB_OK)
		return rc;
	return db_tenant_get(db, &req->arena, row->id, 0, row);
}

int
tenants_update(struct request *req, const char *id,
    const struct tenant_input *in, struct tenant_result *res)
{
	struct tenants_op	 op = { req, in, id, res };

	memset(res, 0, sizeof(*res));
	return tenants_run(&op, tenants_update_tx);
}

/*
 * Deletion wins every race (SPEC §7): it writes the tenant's row, which
 * every creation of a token in the tenant writes too (DB_TENANT_CLAIM),
 * and it revokes every token standing, pending ones included.
 */
static int
tenants_delete_tx(struct db *db, void *arg)
{
	struct tenants_op	*op = arg;
	struct request		*req = op->req;
	struct outcome		*out = &op->res->out;
	struct tenant_row	*row = &op->res->row;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = authn_recheck(db, &req->caller, PERM_DELETE, 0, out)) !=
	    DB_OK)
		return rc;
	if (!authz_is_star(&req->caller))
		return outcome_refuse(out, OUTCOME_FORBIDDEN, "forbidden",
		    "only a token for all tenants may do this");
	if ((rc = tenants_find(req, db, op->id, 1, row)) != DB_OK ||
	    (rc = db_tenant_retire(db, row->id)) != DB_OK ||
	    (rc = db_auth_change_tenant(db, row->id)) != DB_OK)
		return rc;
	return audit_record(req, db, "tenant.delete", "tenant", row->id,
	    row->id, json_pack("{s:s}", "name", row->name));
}

int
tenants_delete(struct request *req, const char *id, struct tenant_result *res)
{
	struct tenants_op	 op = { req, NULL, id, res };

	memset(res, 0, sizeof(*res));
	return tenants_run(&op, tenants_delete_tx);
}

int
tenants_get(struct request *req, const char *id, struct tenant_result *res)
{
	memset(res, 0, sizeof(*res));
	outcome_db(&res->out, tenants_find(req, req->app->db, id, 0,
	    &res->row));
	return res->out.kind == OUTCOME_OK ? 0 : -1;
}

int
tenants_list(struct request *req, struct list_filter *f,
    struct tenant_row **rows, size_t *n, struct outcome *out)
{
	memset(out, 0, sizeof(*out));
	f->scope = req->caller.tenant;
	outcome_db(out, db_tenant_list(req->app->db, &req->arena, f, rows,
	    n));
	return out->kind == OUTCOME_OK ? 0 : -1;
}
