/* The route table and the dispatcher: 404, 405, 401, 403, 413, 415, 400, 422. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "app.h"
#include "config.h"
#include "http.h"
#include "log.h"
#include "router.h"
#include "text.h"

#define ROUTE_SEGS_MAX	16

const struct route routes[ROUTE__MAX] = {
	[ROUTE_HEALTH] = { "GET", "/api/v1/health", "health", 0, 0, NULL,
	    health_get },
};

/* Splits a raw path into percent-decoded segments; -1 when unusable. */
static int
route_split(struct request *req, char **segs)
{
	const char	*p = req->path, *slash;
	size_t		 len, dlen;
	int		 n = 0;

	if (p == NULL || *p != '/')
		return -1;
	while (*p == '/') {
		p++;
		if (n == ROUTE_SEGS_MAX)
			return -1;
		slash = strchr(p, '/');
		len = slash ? (size_t)(slash - p) : strlen(p);
		segs[n] = text_pct_decode(&req->arena, p, len, 0, &dlen);
		/* Encoded slashes and NULs never name anything here. */
		if (segs[n] == NULL || strlen(segs[n]) != dlen ||
		    strchr(segs[n], '/') != NULL ||
		    text_utf8_len(segs[n], dlen) < 0)
			return -1;
		n++;
		p += len;
	}
	return n;
}

static int
route_pattern_match(const char *pat, char **segs, int nsegs,
    const char **params)
{
	const char	*slash;
	size_t		 len;
	int		 i = 0, np = 0;

	while (*pat == '/') {
		pat++;
		slash = strchr(pat, '/');
		len = slash ? (size_t)(slash - pat) : strlen(pat);
		if (i == nsegs)
			return 0;
		if (len > 1 && pat[0] == '{') {
			if (segs[i][0] == '\0')
				return 0;
			if (np < 2)
				params[np++] = segs[i];
		} else if (strlen(segs[i]) != len ||
		    memcmp(segs[i], pat, len) != 0)
			return 0;
		i++;
		pat += len;
	}
	return i == nsegs;
}

static int
route_method_is(const struct route *r, const char *method)
{
	return strcmp(r->method, method) == 0 ||
	    (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0);
}

int
route_match(struct request *req, char *allow, size_t allowlen)
{
	char		*segs[ROUTE_SEGS_MAX];
	const char	*params[2];
	int		 nsegs, i, found = 0;

	allow[0] = '\0';
	if ((nsegs = route_split(req, segs)) == -1)
		return 404;
	for (i = 0; i < ROUTE__MAX; i++) {
		if (!route_pattern_match(routes[i].pattern, segs, nsegs,
		    params))
			continue;
		if (route_method_is(&routes[i], req->method)) {
			req->route = i;
			req->param[0] = params[0];
			req->param[1] = params[1];
			return 0;
		}
		if (strstr(allow, routes[i].method) == NULL) {
			snprintf(allow + strlen(allow), allowlen - strlen(allow),
			    "%s%s%s", found ? ", " : "", routes[i].method,
			    strcmp(routes[i].method, "GET") == 0 ? ", HEAD" : "");
			found = 1;
		}
	}
	return found ? 405 : 404;
}

void
route_dispatch(struct request *req)
{
	const struct route	*r;
	char			 allow[128];
	int			 rc;

	if ((rc = route_match(req, allow, sizeof(allow))) == 404) {
		req->route = -1;
		resp_problem(req, 404, "not_found", "no such resource");
		return;
	}
	if (rc == 405) {
		req->route = -1;
		resp_problem(req, 405, "method_not_allowed",
		    "%s is not allowed here", req->method);
		resp_header(req, "Allow", "%s", allow);
		return;
	}
	r = &routes[req->route];
	if (request_parse_query(req) == -1) {
		resp_problem(req, 400, "bad_query", "the query string has a bad "
		    "percent-escape, a NUL byte or invalid UTF-8");
		return;
	}
	if (r->validate != NULL && r->validate(req) == -1) {
		if (req->resp.status == 0)
			resp_validation(req, 422);
		return;
	}
	r->handle(req);
}
