/* SPDX-License-Identifier: ISC */
/*
 * /api/v1/tenants: create, list, get, rename, suspend, set the policy or
 * the webhook, delete.
 */
#include <sodium.h>

#include "api.h"
#include "app.h"
#include "db.h"
#include "http.h"
#include "tenants.h"
#include "validate.h"

/* The tenant, and a new webhook secret once: the body is wiped after. */
static void
api_tenants_answer(struct request *req, int status, struct tenant_result *res)
{
	json_t	*j = api_tenant_json(&res->row);

	if (res->webhook_secret[0] != '\0') {
		json_object_set_new(j, "webhook_secret",
		    json_string(res->webhook_secret));
		sodium_memzero(res->webhook_secret,
		    sizeof(res->webhook_secret));
		req->resp_secret = 1;
	}
	resp_json(req, status, j);
}

void
api_tenants_create(struct request *req)
{
	struct tenant_result	 res;

	if (tenants_create(req, req->input, &res) == -1) {
		api_outcome(req, &res.out);
		return;
	}
	resp_header(req, "Location", "/api/v1/tenants/%s", res.row.id);
	api_tenants_answer(req, 201, &res);
}

void
api_tenants_list(struct request *req)
{
	const struct list_input	*in = req->input;
	struct list_filter	 f = { 0 };
	struct tenant_row	*rows;
	struct outcome		 out;
	json_t			*items;
	size_t			 n, i;

	f.after = in->after;
	f.limit = in->limit + 1;
	if (tenants_list(req, &f, &rows, &n, &out) == -1) {
		api_outcome(req, &out);
		return;
	}
	items = json_array();
	for (i = 0; i < n && i < in->limit; i++)
		json_array_append_new(items, api_tenant_json(&rows[i]));
	api_list(req, items, n > in->limit ? rows[in->limit - 1].id : NULL);
}

void
api_tenants_get(struct request *req)
{
	struct tenant_result	 res;

	if (tenants_get(req, req->param[0], &res) == -1)
		api_outcome(req, &res.out);
	else
		resp_json(req, 200, api_tenant_json(&res.row));
}

void
api_tenants_patch(struct request *req)
{
	struct tenant_result	 res;

	if (tenants_update(req, req->param[0], req->input, &res) == -1)
		api_outcome(req, &res.out);
	else
		api_tenants_answer(req, 200, &res);
}

void
api_tenants_delete(struct request *req)
{
	struct tenant_result	 res;

	if (tenants_delete(req, req->param[0], &res) == -1)
		api_outcome(req, &res.out);
	else
		resp_empty(req, 204);
}
