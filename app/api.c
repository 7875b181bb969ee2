/* SPDX-License-Identifier: ISC */
/* What every handler shares: outcomes as problem+json, JSON shapes, lists. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "db.h"
#include "http.h"
#include "text.h"
#include "validate.h"

void
api_outcome(struct request *req, const struct outcome *o)
{
	int	 status = outcome_status(o->kind);

	switch (o->kind) {
	case OUTCOME_OK:
		break;
	case OUTCOME_INVALID:
		errlist_append(&req->errs, &o->errs);
		resp_validation(req, status);
		break;
	case OUTCOME_UNAVAILABLE:
		resp_unavailable(req);
		break;
	case OUTCOME_FAILED:
		resp_problem(req, status, "internal_error",
		    "the request failed; see the server log for request %s",
		    req->request_id ? req->request_id : "(no id)");
		break;
	default:
		resp_problem(req, status, o->code, "%s", o->reason);
		break;
	}
}

void
api_db_outcome(struct request *req, int rc)
{
	struct outcome	 o;

	memset(&o, 0, sizeof(o));
	outcome_db(&o, rc);
	api_outcome(req, &o);
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
api_tenant_json(const struct tenant_row *t)
{
	json_t	*j;

	j = json_pack("{s:s, s:s, s:s}", "id", t->id, "name", t->name,
	    "status", t->status);
	json_object_set_new(j, "max_token_lifetime_days",
	    t->max_lifetime_days ? json_integer(t->max_lifetime_days) :
	    json_null());
	api_time(j, "created_at", t->created_at);
	api_time(j, "updated_at", t->updated_at);
	json_object_set_new(j, "webhook_url", t->webhook_url ?
	    json_string(t->webhook_url) : json_null());
	return j;
}

/* A stored comma-separated list as an array ([] for none). */
static json_t *
api_list_json(const char *s)
{
	json_t		*a = json_array();
	const char	*comma;

	while (s != NULL && *s != '\0') {
		if ((comma = strchr(s, ',')) == NULL)
			comma = s + strlen(s);
		json_array_append_new(a, json_stringn(s, (size_t)(comma - s)));
		s = *comma == ',' ? comma + 1 : comma;
	}
	return a;
}

/* "address@seconds,..." as [{"address", "at"}], newest first. */
static json_t *
api_ips_json(const char *s)
{
	json_t		*a = api_list_json(s), *o, *v;
	const char	*at;
	size_t		 i;

	json_array_foreach(a, i, v) {
		if ((at = strrchr(json_string_value(v), '@')) == NULL)
			continue;
		o = json_pack("{s:s%}", "address", json_string_value(v),
		    (size_t)(at - json_string_value(v)));
		api_time(o, "at", (time_t)strtoll(at + 1, NULL, 10));
		json_array_set_new(a, i, o);
	}
	return a;
}

json_t *
api_token_json(const struct token_row *t)
{
	json_t	*j;

	j = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:b, s:s, s:s}",
	    "id", t->id, "name", t->name, "description", t->description,
	    "tenant", t->tenant, "permissions", validate_perms_json(t->perms),
	    "status", t->status,
	    "expired", strcmp(t->status, "active") == 0 && t->expires_at != 0 &&
	    t->expires_at <= time(NULL),
	    "hint", t->hint, "created_by", t->created_by);
	api_time(j, "expires_at", t->expires_at);
	api_time(j, "created_at", t->created_at);
	api_time(j, "updated_at", t->updated_at);
	api_time(j, "last_used_at", t->last_used_at);
	api_time(j, "revoked_at", t->revoked_at);
	json_object_set_new(j, "allowed_cidrs", api_list_json(t->allowed_cidrs));
	json_object_set_new(j, "rate_limit_per_minute", t->rate_limit ?
	    json_integer(t->rate_limit) : json_null());
	json_object_set_new(j, "last_used_ips", api_ips_json(t->last_used_ips));
	return j;
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
