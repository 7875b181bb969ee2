/* What every handler shares: database outcomes, JSON shapes, the audit. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "db.h"
#include "http.h"
#include "text.h"
#include "validate.h"

void
api_db_error(struct request *req, int rc)
{
	switch (rc) {
	case DB_NOTFOUND:
		resp_problem(req, 404, "not_found", "no such resource");
		break;
	case DB_DUP:
		resp_problem(req, 409, "conflict",
		    "a resource with these unique fields already exists");
		break;
	case DB_DOWN:
	case DB_CONFLICT:
		resp_unavailable(req);
		break;
	default:
		resp_problem(req, 500, "internal_error",
		    "the request failed; see the server log for request %s",
		    req->request_id ? req->request_id : "(no id)");
		break;
	}
}

void
api_time(json_t *j, const char *key, time_t t)
{
	char	 s[TEXT_TIME_SIZE];

	if (t == 0) {
		json_object_set_new(j, key, json_null());
		return;
	}
	text_rfc3339(t, s);
	json_object_set_new(j, key, json_string(s));
}

json_t *
api_perms(unsigned int perms)
{
	json_t		*a = json_array();
	unsigned int	 bit;

	for (bit = 1; bit <= PERM_DELETE; bit <<= 1)
		if (perms & bit)
			json_array_append_new(a,
			    json_string(validate_perm_name(bit)));
	return a;
}

json_t *
api_tenant_json(const struct tenant_row *t)
{
	json_t	*j;

	j = json_pack("{s:s, s:s, s:s}", "id", t->id, "name", t->name,
	    "status", t->status);
	api_time(j, "created_at", t->created_at);
	api_time(j, "updated_at", t->updated_at);
	return j;
}

json_t *
api_token_json(const struct token_row *t)
{
	json_t	*j;

	j = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:b, s:s, s:s}",
	    "id", t->id, "name", t->name, "description", t->description,
	    "tenant", t->tenant, "permissions", api_perms(t->perms),
	    "status", t->status,
	    "expired", strcmp(t->status, "active") == 0 && t->expires_at != 0 &&
	    t->expires_at <= time(NULL),
	    "hint", t->hint, "created_by", t->created_by);
	api_time(j, "expires_at", t->expires_at);
	api_time(j, "created_at", t->created_at);
	api_time(j, "updated_at", t->updated_at);
	api_time(j, "last_used_at", t->last_used_at);
	api_time(j, "revoked_at", t->revoked_at);
	return j;
}

int
api_audit(struct request *req, struct db *db, const char *action,
    const char *target_type, const char *target_id, const char *tenant,
    json_t *detail)
{
	struct audit_event	 e;
	char			*text = NULL;
	int			 rc;

	if (detail != NULL) {
		text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(detail);
	}
	e.actor = req->caller.token_id;
	e.tenant = tenant;
	e.action = action;
	e.target_type = target_type;
	e.target_id = target_id;
	e.client_addr = req->remote_addr;
	e.request_id = req->request_id;
	e.detail = text;
	rc = db_audit_insert(db, &e);
	free(text);
	return rc;
}

void
api_list(struct request *req, json_t *items, const char *next)
{
	const struct kv	*kv;
	struct buf	 link = { NULL, 0, 0 };
	json_t		*j;

	j = json_pack("{s:o}", "items", items);
	json_object_set_new(j, "next_cursor", next ? json_string(next) :
	    json_null());
	if (next != NULL) {
		/* The same query with the next cursor. */
		buf_printf(&link, "<%s?", req->path);
		for (kv = req->args; kv != NULL; kv = kv->next) {
			if (strcmp(kv->key, "cursor") == 0)
				continue;
			text_pct_encode(&link, kv->key);
			buf_addc(&link, '=');
			text_pct_encode(&link, kv->val);
			buf_addc(&link, '&');
		}
		buf_adds(&link, "cursor=");
		text_pct_encode(&link, next);
		buf_adds(&link, ">; rel=\"next\"");
		resp_header(req, "Link", "%s", link.p);
		buf_free(&link);
	}
	resp_json(req, 200, j);
}
