/* SPDX-License-Identifier: ISC */
/* Unit tests of problem+json rendering and the FastCGI response head. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "http.h"
#include "log.h"
#include "router.h"
#include "../tap.h"

static json_t *
body_json(struct request *req)
{
	return json_loadb(req->resp.body.p, req->resp.body.len, 0, NULL);
}

int
main(void)
{
	struct request	 req;
	struct buf	 out = { NULL, 0, 0 };
	json_t		*j, *e;
	char		 want[64];

	log_init("test", LOG_ERR);
	request_init(&req, NULL);
	req.request_id = "abc";
	resp_problem(&req, 404, "not_found", "no tenant %s", "x");
	j = body_json(&req);
	ok(j != NULL, "problem body is JSON");
	ok(req.resp.status == 404 &&
	    strcmp(req.resp.content_type, "application/problem+json") == 0,
	    "problem content type");
	ok(strcmp(json_string_value(json_object_get(j, "type")),
	    "about:blank") == 0, "type");
	ok(strcmp(json_string_value(json_object_get(j, "title")),
	    "Not Found") == 0, "title is the reason phrase");
	ok(json_integer_value(json_object_get(j, "status")) == 404, "status");
	ok(strcmp(json_string_value(json_object_get(j, "detail")),
	    "no tenant x") == 0, "detail");
	ok(strcmp(json_string_value(json_object_get(j, "request_id")),
	    "abc") == 0, "request id");
	json_decref(j);

	request_reset(&req);
	ok(req.resp.status == 0 && req.resp.content_type == NULL &&
	    req.resp.body.len == 0 && req.errs.n == 0,
	    "a reset request carries nothing of the previous one");
	errlist_add(&req.errs, "name", FE_REQUIRED, "is required");
	errlist_add(&req.errs, "permissions", FE_PERM_UNKNOWN,
	    "unknown permission \"fly\"");
	resp_validation(&req, 422);
	j = body_json(&req);
	e = json_object_get(j, "errors");
	ok(json_array_size(e) == 2, "two field errors");
	ok(strcmp(json_string_value(json_object_get(json_array_get(e, 1),
	    "field")), "permissions") == 0, "field named");
	ok(json_integer_value(json_object_get(j, "status")) == 422, "422");
	json_decref(j);

	request_reset(&req);
	resp_problem(&req, 409, "dup", "a \"quoted\" name\\ with\nnewline\x01 "
	    "and \xc3\xa9");
	j = body_json(&req);
	ok(j != NULL && strcmp(json_string_value(json_object_get(j, "detail")),
	    "a \"quoted\" name\\ with\nnewline\x01 and \xc3\xa9") == 0,
	    "problem detail escaped and read back intact");
	json_decref(j);

	request_reset(&req);
	resp_problem(&req, 401, NULL, "no token");
	ok(strstr(req.resp.head.p, "WWW-Authenticate: Bearer") != NULL,
	    "401 carries WWW-Authenticate");
	resp_header(&req, "X-Test", "a\r\nInjected: yes");
	ok(strstr(req.resp.head.p, "\r\nInjected") == NULL,
	    "header values cannot split the head");
	req.method = "GET";
	resp_serialize(&req, &out);
	ok(strncmp(out.p, "Status: 401 Unauthorized\r\n", 26) == 0,
	    "status line");
	ok(strstr(out.p, "\r\n\r\n{") != NULL, "body after the blank line");
	snprintf(want, sizeof(want), "\r\nContent-Length: %zu\r\n",
	    req.resp.body.len);
	ok(strstr(out.p, want) != NULL, "Content-Length is the body's length");

	request_reset(&req);
	resp_problem(&req, 400, NULL, "100%% sure");
	j = body_json(&req);
	ok(j != NULL && strcmp(json_string_value(json_object_get(j, "detail")),
	    "100% sure") == 0, "a detail with a conversion is formatted");
	json_decref(j);

	buf_reset(&out);
	buf_addu(&out, 0);
	buf_addc(&out, ' ');
	buf_addu(&out, 7);
	buf_addc(&out, ' ');
	buf_addu(&out, ULONG_MAX);
	snprintf(want, sizeof(want), "0 7 %lu", ULONG_MAX);
	ok(strcmp(out.p, want) == 0 && out.len == strlen(want),
	    "numbers in decimal: 0, one digit, the largest");
	{
		static const struct {
			unsigned long	 v;
			int		 width;
			const char	*want;
		} w[] = {
			{ 0, 3, "000" }, { 7, 2, "07" }, { 42, 3, "042" },
			{ 999, 3, "999" }, { 1000, 3, "1000" }, { 10, 1, "10" },
			{ 5, 0, "5" }, { 12345, 2, "12345" },
		};
		char	 d[BUF_UDEC_SIZE];
		size_t	 n, i;
		int	 good = 1;

		for (i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
			n = buf_udec(d, w[i].v, w[i].width);
			good &= n == strlen(w[i].want) &&
			    memcmp(d, w[i].want, n) == 0;
		}
		ok(good, "numbers padded with zeros to a width, never cut");
	}

	request_reset(&req);
	buf_reset(&out);
	req.method = "HEAD";
	resp_json(&req, 200, json_pack("{s:s}", "status", "ok"));
	resp_serialize(&req, &out);
	ok(strstr(out.p, "\r\n\r\n") + 4 == out.p + out.len,
	    "HEAD has no body");

	request_reset(&req);
	buf_reset(&out);
	resp_unavailable(&req);
	ok(req.resp.status == 503 && strstr(req.resp.head.p, "Retry-After:"),
	    "503 with Retry-After");

	request_reset(&req);
	arena_free(&req.arena);
	buf_free(&req.resp.head);
	buf_free(&req.resp.body);
	buf_free(&out);
	return tap_done();
}
