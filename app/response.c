/* SPDX-License-Identifier: ISC */
/* The response writer: JSON, problem+json (RFC 9457), HTML, FastCGI head. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http.h"
#include "text.h"

const char *
resp_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

void
resp_header_str(struct request *req, const char *name, const char *val)
{
	struct buf	*h = &req->resp.head;
	size_t		 start;

	if ((name[0] == 'C' || name[0] == 'c') &&
	    strcasecmp(name, "Cache-Control") == 0)
		req->resp.cache_control = 1;
	buf_adds(h, name);
	buf_add(h, ": ", 2);
	start = h->len;
	buf_adds(h, val);
	/* Never let a value split the head. */
	if (strpbrk(val, "\r\n") != NULL)
		for (; start < h->len; start++)
			if (h->p[start] == '\r' || h->p[start] == '\n')
				h->p[start] = ' ';
	buf_add(h, "\r\n", 2);
}

void
resp_header(struct request *req, const char *name, const char *fmt, ...)
{
	va_list	 ap;
	char	 val[1024];

	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	resp_header_str(req, name, val);
}

static int
resp_dump_cb(const char *p, size_t n, void *arg)
{
	buf_add(arg, p, n);
	return 0;
}

void
resp_json(struct request *req, int status, json_t *j)
{
	req->resp.status = status;
	req->resp.content_type = "application/json";
	buf_reset(&req->resp.body);
	json_dump_callback(j, resp_dump_cb, &req->resp.body, JSON_COMPACT);
	buf_addc(&req->resp.body, '\n');
	json_decref(j);
}

void
resp_empty(struct request *req, int status)
{
	req->resp.status = status;
	req->resp.content_type = NULL;
	buf_reset(&req->resp.body);
}

/*
 * A problem (RFC 9457) is written directly rather than through jansson:
 * refusals are frequent (every bad token at the gate) and their members
 * are a few strings. This writes all but the closing brace.
 */
static void
resp_problem_open(struct request *req, int status, const char *code,
    const char *detail)
{
	struct buf	*b = &req->resp.body;

	req->resp.status = status;
	req->resp.content_type = "application/problem+json";
	buf_reset(b);
	buf_adds(b, "{\"type\":\"about:blank\",\"title\":\"");
	buf_adds(b, resp_reason(status));
	buf_adds(b, "\",\"status\":");
	buf_addu(b, (unsigned long)status);
	buf_adds(b, ",\"detail\":");
	text_json_string(b, detail);
	if (code != NULL) {
		buf_adds(b, ",\"code\":");
		text_json_string(b, code);
	}
	if (req->request_id != NULL) {
		buf_adds(b, ",\"request_id\":");
		text_json_string(b, req->request_id);
	}
	if (status == 401)
		resp_header_str(req, "WWW-Authenticate",
		    "Bearer realm=\"tenantapi\"");
}

void
resp_problem(struct request *req, int status, const char *code,
    const char *fmt, ...)
{
	va_list		 ap;
	char		 buf[1024];
	const char	*detail = fmt;

	/*
	 * Most details are plain sentences or a sentence passed as "%s":
	 * format only the others.
	 */
	if (fmt[0] == '%' && fmt[1] == 's' && fmt[2] == '\0') {
		va_start(ap, fmt);
		if ((detail = va_arg(ap, const char *)) == NULL)
			detail = "";
		va_end(ap);
	} else if (strchr(fmt, '%') != NULL) {
		va_start(ap, fmt);
		vsnprintf(buf, sizeof(buf), fmt, ap);
		va_end(ap);
		detail = buf;
	}
	resp_problem_open(req, status, code, detail);
	buf_adds(&req->resp.body, "}\n");
}

/* One problem naming every bad field: "errors": [{field, message}]. */
void
resp_validation(struct request *req, int status)
{
	struct buf	*b = &req->resp.body;
	int		 i;

	resp_problem_open(req, status, "validation_failed", req->errs.n == 1 ?
	    req->errs.e[0].message : "some fields are invalid: see errors");
	buf_adds(b, ",\"errors\":[");
	for (i = 0; i < req->errs.n; i++) {
		buf_adds(b, i ? ",{\"field\":" : "{\"field\":");
		text_json_string(b, req->errs.e[i].field);
		buf_adds(b, ",\"message\":");
		text_json_string(b, req->errs.e[i].message);
		buf_addc(b, '}');
	}
	buf_adds(b, "]}\n");
}

void
resp_unavailable(struct request *req)
{
	resp_problem(req, 503, "database_unavailable",
	    "the database is not answering; retry shortly");
	resp_header(req, "Retry-After", "1");
}

void
resp_html(struct request *req, int status)
{
	req->resp.status = status;
	req->resp.content_type = "text/html; charset=utf-8";
}

void
resp_serialize(const struct request *req, struct buf *out)
{
	const struct response	*r = &req->resp;
	int			 head_only;

	head_only = req->method != NULL && strcmp(req->method, "HEAD") == 0;
	buf_add(out, "Status: ", 8);
	buf_addu(out, (unsigned long)r->status);
	buf_addc(out, ' ');
	buf_adds(out, resp_reason(r->status));
	buf_add(out, "\r\n", 2);
	if (r->content_type != NULL) {
		buf_add(out, "Content-Type: ", 14);
		buf_adds(out, r->content_type);
		buf_add(out, "\r\nContent-Length: ", 18);
		buf_addu(out, (unsigned long)r->body.len);
		buf_add(out, "\r\n", 2);
	}
	if (r->head.len > 0)
		buf_add(out, r->head.p, r->head.len);
	buf_adds(out, "\r\n");
	if (!head_only && r->body.len > 0)
		buf_add(out, r->body.p, r->body.len);
}
