/* /api/v1/tenants: create, list, get, rename or suspend, delete. */
#include <string.h>

#include "api.h"
#include "app.h"
#include "auth.h"
#include "db.h"
#include "http.h"
#include "validate.h"

struct tenant_op {
	struct request		*req;
	const struct tenant_input *in;
	const char		*id;
	struct tenant_row	 row;
};

static int
tenants_create_tx(struct db *db, void *arg)
{
	struct tenant_op	*op = arg;
	int			 rc;

	if ((rc = db_tenant_insert(db, op->in->id, op->in->name)) != DB_OK ||
	    (rc = api_audit(op->req, db, "tenant.create", "tenant", op->in->id,
	    op->in->id, json_pack("{s:s}", "name", op->in->name))) != DB_OK)
		return rc;
	return db_tenant_get(db, &op->req->arena, op->in->id, 0, &op->row);
}

void
tenants_create(struct request *req)
{
	struct tenant_op	 op = { req, req->input, NULL, { 0 } };
	int			 rc;

	rc = db_tx(req->app->db, tenants_create_tx, &op);
	if (rc == DB_DUP) {
		resp_problem(req, 409, "tenant_exists",
		    "a tenant with id %s already exists", op.in->id);
		return;
	}
	if (rc != DB_OK) {
		api_db_error(req, rc);
		return;
	}
	resp_header(req, "Location", "/api/v1/tenants/%s", op.row.id);
	resp_json(req, 201, api_tenant_json(&op.row));
}

void
tenants_list(struct request *req)
{
	const struct list_input	*in = req->input;
	struct list_filter	 f = { 0 };
	struct tenant_row	*rows;
	json_t			*items;
	size_t			 n, i;
	int			 rc;

	f.scope = req->caller.tenant;
	f.after = in->after;
	f.limit = in->limit + 1;
	rc = db_tenant_list(req->app->db, &req->arena, &f, &rows, &n);
	if (rc != DB_OK) {
		api_db_error(req, rc);
		return;
	}
	items = json_array();
	for (i = 0; i < n && i < in->limit; i++)
		json_array_append_new(items, api_tenant_json(&rows[i]));
	api_list(req, items, n > in->limit ? rows[in->limit - 1].id : NULL);
}

/* The tenant of the path, or 404 when it does not exist for the caller. */
static int
tenants_find(struct request *req, struct db *db, int lock,
    struct tenant_row *row)
{
	const char	*id = req->param[0];

	if (!validate_tenant_id(id) || !authz_sees_tenant(&req->caller, id))
		return DB_NOTFOUND;
	return db_tenant_get(db, &req->arena, id, lock, row);
}

void
tenants_get(struct request *req)
{
	struct tenant_row	 row;
	int			 rc;

	if ((rc = tenants_find(req, req->app->db, 0, &row)) != DB_OK) {
		api_db_error(req, rc);
		return;
	}
	resp_json(req, 200, api_tenant_json(&row));
}

static int
tenants_patch_tx(struct db *db, void *arg)
{
	struct tenant_op	*op = arg;
	const char		*name, *status;
	json_t			*detail;
	int			 rc;

	if ((rc = tenants_find(op->req, db, 1, &op->row)) != DB_OK)
		return rc;
	name = op->in->name ? op->in->name : op->row.name;
	status = op->in->status ? op->in->status : op->row.status;
	if (strcmp(name, op->row.name) == 0 &&
	    strcmp(status, op->row.status) == 0)
		return DB_OK;	/* nothing changes, nothing to record */
	if ((rc = db_tenant_update(db, op->row.id, name, status)) != DB_OK)
		return rc;
	detail = json_object();
	if (strcmp(name, op->row.name) != 0)
		json_object_set_new(detail, "name", json_string(name));
	if (strcmp(status, op->row.status) != 0) {
		json_object_set_new(detail, "status", json_string(status));
		/* Suspension must reach every worker's cache. */
		if ((rc = db_epoch_bump(db)) != DB_OK) {
			json_decref(detail);
			return rc;
		}
	}
	if ((rc = api_audit(op->req, db, strcmp(status, op->row.status) == 0 ?
	    "tenant.rename" : strcmp(status, "suspended") == 0 ?
	    "tenant.suspend" : "tenant.reactivate", "tenant", op->row.id,
	    op->row.id, detail)) != DB_OK)
		return rc;
	return db_tenant_get(db, &op->req->arena, op->row.id, 0, &op->row);
}

void
tenants_patch(struct request *req)
{
	struct tenant_op	 op = { req, req->input, NULL, { 0 } };
	int			 rc;

	if (op.in->status != NULL && !authz_is_star(&req->caller)) {
		resp_problem(req, 403, "forbidden", "only a token for all "
		    "tenants can change a tenant's status");
		return;
	}
	if ((rc = db_tx(req->app->db, tenants_patch_tx, &op)) != DB_OK) {
		api_db_error(req, rc);
		return;
	}
	resp_json(req, 200, api_tenant_json(&op.row));
}

static int
tenants_delete_tx(struct db *db, void *arg)
{
	struct tenant_op	*op = arg;
	int			 rc;

	if ((rc = tenants_find(op->req, db, 1, &op->row)) != DB_OK ||
	    (rc = db_tenant_delete(db, op->row.id)) != DB_OK ||
	    (rc = db_epoch_bump(db)) != DB_OK)
		return rc;
	return api_audit(op->req, db, "tenant.delete", "tenant", op->row.id,
	    op->row.id, json_pack("{s:s}", "name", op->row.name));
}

void
tenants_delete(struct request *req)
{
	struct tenant_op	 op = { req, NULL, NULL, { 0 } };
	int			 rc;

	if ((rc = db_tx(req->app->db, tenants_delete_tx, &op)) != DB_OK) {
		api_db_error(req, rc);
		return;
	}
	resp_empty(req, 204);
}
