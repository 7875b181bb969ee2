/* SPDX-License-Identifier: ISC */
/* Unit tests of routing: matching, parameters, 404 and 405. */
#include <string.h>

#include "app.h"
#include "http.h"
#include "log.h"
#include "router.h"
#include "../tap.h"

static struct request	 req;

static int
match(const char *method, const char *path, char *allow)
{
	request_reset(&req);
	req.method = method;
	req.path = path;
	return route_match(&req, allow, 128);
}

static int
route_named(const char *name)
{
	return req.route >= 0 && strcmp(routes[req.route].name, name) == 0;
}

int
main(void)
{
	char	 allow[128];
	int	 i, j, dup = 0;

	log_init("test", LOG_ERR);
	request_init(&req, NULL);

	ok(match("GET", "/api/v1/health", allow) == 0 && route_named("health"),
	    "GET health");
	ok(match("HEAD", "/api/v1/health", allow) == 0, "HEAD follows GET");
	ok(match("POST", "/api/v1/health", allow) == 405 &&
	    strstr(allow, "GET") != NULL, "POST health is 405, Allow: %s",
	    allow);
	ok(match("GET", "/api/v1/nothing", allow) == 404, "unknown path 404");
	ok(match("GET", "/api/v1/health/", allow) == 404, "trailing slash 404");
	ok(match("GET", "/api/v1/healt%68", allow) == 0,
	    "percent-encoded literal matches");
	ok(match("GET", "/api/v1%2Fhealth", allow) == 404,
	    "encoded slash never splits a segment");
	ok(match("GET", "/api/v1/health%00", allow) == 404, "NUL refused");
	ok(match("GET", "/api/v1/%zz", allow) == 404, "bad escape refused");
	ok(match("GET", "", allow) == 404, "empty path");
	ok(match("GET", "api/v1/health", allow) == 404, "relative path");
	ok(match("GET", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s", allow) == 404,
	    "too many segments");
	ok(match("GET", "/api/v1/../v1/health", allow) == 404,
	    "dot segments are not resolved");

	for (i = 0; i < ROUTE__MAX; i++)
		for (j = i + 1; j < ROUTE__MAX; j++)
			if (strcmp(routes[i].method, routes[j].method) == 0 &&
			    strcmp(routes[i].pattern, routes[j].pattern) == 0)
				dup++;
	ok(dup == 0, "no route is listed twice");
	for (i = 0; i < ROUTE__MAX; i++)
		ok(routes[i].handle != NULL && routes[i].name != NULL,
		    "route %s %s has a handler", routes[i].method,
		    routes[i].pattern);

	request_reset(&req);
	arena_free(&req.arena);
	buf_free(&req.resp.head);
	buf_free(&req.resp.body);
	return tap_done();
}
