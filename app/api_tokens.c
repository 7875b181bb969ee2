/* SPDX-License-Identifier: ISC */
/* /api/v1/tokens: create, list, get, self, edit, activate, rotate, revoke. */
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "app.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "tokens.h"
#include "validate.h"

/* The answer that shows a secret, once; the secret is wiped after. */
static void
api_tokens_reveal(struct request *req, int status, struct token_result *res)
{
	json_t	*j = api_token_json(&res->row);

	json_object_set_new(j, "token", json_string(res->secret));
	sodium_memzero(res->secret, sizeof(res->secret));
	resp_json(req, status, j);
	req->resp_secret = 1;
}

void
api_tokens_create(struct request *req)
{
	struct token_result	 res;

	if (tokens_create(req, req->input, &res) == -1) {
		api_outcome(req, &res.out);
		return;
	}
	resp_header(req, "Location", "/api/v1/tokens/%s", res.row.id);
	api_tokens_reveal(req, 201, &res);
}

void
api_tokens_list(struct request *req)
{
	const struct list_input	*in = req->input;
	struct list_filter	 f = { 0 };
	struct token_row	*rows;
	struct outcome		 out;
	json_t			*items;
	const char		*next = NULL;
	size_t			 n, i;

	f.tenant = in->tenant;
	f.status = in->status;
	f.q = in->q;
	f.expiring_within = in->expiring_within;
	f.cursor = in->cursor;
	f.limit = in->limit + 1;
	if (tokens_list(req, &f, &rows, &n, &out) == -1) {
		api_outcome(req, &out);
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

static void
api_tokens_show(struct request *req, const char *id)
{
	struct token_result	 res;

	if (tokens_get(req, id, &res) == -1)
		api_outcome(req, &res.out);
	else
		resp_json(req, 200, api_token_json(&res.row));
}

void
api_tokens_get(struct request *req)
{
	api_tokens_show(req, req->param[0]);
}

void
api_tokens_self(struct request *req)
{
	api_tokens_show(req, req->caller.token_id);
}

void
api_tokens_patch(struct request *req)
{
	struct token_result	 res;

	if (tokens_update(req, req->param[0], req->input, &res) == -1)
		api_outcome(req, &res.out);
	else
		resp_json(req, 200, api_token_json(&res.row));
}

void
api_tokens_activate(struct request *req)
{
	struct token_result	 res;

	if (tokens_activate(req, req->param[0], &res) == -1)
		api_outcome(req, &res.out);
	else
		resp_json(req, 200, api_token_json(&res.row));
}

void
api_tokens_rotate(struct request *req)
{
	struct token_result	 res;

	if (tokens_rotate(req, req->param[0], req->input, &res) == -1)
		api_outcome(req, &res.out);
	else
		api_tokens_reveal(req, 200, &res);
}

void
api_tokens_revoke_leaked(struct request *req)
{
	struct leaked_result	 res;

	if (tokens_revoke_leaked(req, req->input, &res) == -1) {
		api_outcome(req, &res.out);
		return;
	}
	resp_json(req, 200, json_pack("{s:i, s:i, s:i, s:i}", "revoked",
	    (int)res.revoked, "already_revoked", (int)res.already_revoked,
	    "unknown", (int)res.unknown, "malformed", (int)res.malformed));
}

void
api_tokens_revoke(struct request *req)
{
	const struct token_input *in = req->input;
	struct token_result	 res;

	if (tokens_revoke(req, req->param[0], in->cascade, &res) == -1)
		api_outcome(req, &res.out);
	else
		resp_empty(req, 204);
}
