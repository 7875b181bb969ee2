/* SPDX-License-Identifier: ISC */
/* GET /api/v1/audit: the audit trail, newest first, scoped to the caller. */
#include "api.h"
#include "app.h"
#include "db.h"
#include "http.h"
#include "validate.h"

void
api_audit_list(struct request *req)
{
	const struct list_input	*in = req->input;
	struct list_filter	 f = { 0 };
	struct audit_row	*rows, *r;
	json_t			*items, *j, *detail;
	const char		*next = NULL;
	size_t			 n, i;
	int			 rc;

	f.scope = req->caller.tenant;
	f.tenant = in->tenant;
	f.since = in->since;
	f.cursor = in->cursor;
	f.limit = in->limit + 1;
	rc = db_audit_list(req->app->db, &req->arena, &f, &rows, &n);
	if (rc != DB_OK) {
		api_db_outcome(req, rc);
		return;
	}
	items = json_array();
	for (i = 0; i < n && i < in->limit; i++) {
		r = &rows[i];
		j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}",
		    "id", (json_int_t)r->seq, "at", r->at, "actor", r->actor,
		    "tenant", r->tenant, "action", r->action,
		    "target_type", r->target_type, "target_id", r->target_id);
		json_object_set_new(j, "client_addr", r->client_addr ?
		    json_string(r->client_addr) : json_null());
		json_object_set_new(j, "request_id", r->request_id ?
		    json_string(r->request_id) : json_null());
		detail = r->detail ? json_loads(r->detail, 0, NULL) : NULL;
		json_object_set_new(j, "detail", detail ? detail :
		    json_object());
		json_array_append_new(items, j);
	}
	if (n > in->limit)
		next = arena_printf(&req->arena, "%lld", rows[in->limit - 1].seq);
	api_list(req, items, next);
}
