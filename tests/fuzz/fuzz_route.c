/* SPDX-License-Identifier: ISC */
/* libFuzzer target: matching a method and raw path against the routes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "router.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What route_dispatch gives route_match for the Allow header. */
#define FUZZ_ROUTE_ALLOW	128

static struct request	 req;
static int		 ready;
static const char	 fuzz_route_poison[] = "poison";

static void __attribute__((noreturn))
fuzz_route_fail(const char *why)
{
	fprintf(stderr, "fuzz_route: %s\n", why);
	abort();
}

static char *
fuzz_route_strndup(const uint8_t *p, size_t n)
{
	char	*s;

	if ((s = malloc(n + 1)) == NULL)
		abort();
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/*
 * Fills the stack route_match is about to use with a known pointer, so a
 * local it forgets to set shows up as that pointer, input after input.
 */
static void __attribute__((noinline))
fuzz_route_poison_stack(void)
{
	const char *volatile	 junk[512];
	size_t			 i;

	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		junk[i] = fuzz_route_poison;
}

/* "METHOD\npath"; without a newline the whole input is a GET path. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*nl;
	char		*method, *path, *allow;
	int		 i, rc;

	if (!ready) {
		request_init(&req, NULL);
		ready = 1;
	}
	if ((nl = memchr(data, '\n', size)) != NULL) {
		method = fuzz_route_strndup(data, (size_t)(nl - data));
		path = fuzz_route_strndup(nl + 1,
		    size - (size_t)(nl - data) - 1);
	} else {
		method = fuzz_route_strndup((const uint8_t *)"GET", 3);
		path = fuzz_route_strndup(data, size);
	}
	if ((allow = malloc(FUZZ_ROUTE_ALLOW)) == NULL)
		abort();
	req.method = method;
	req.path = path;

	fuzz_route_poison_stack();
	rc = route_match(&req, allow, FUZZ_ROUTE_ALLOW);
	if (strnlen(allow, FUZZ_ROUTE_ALLOW) == FUZZ_ROUTE_ALLOW)
		fuzz_route_fail("Allow list not terminated");
	switch (rc) {
	case 0:
		if (req.route < 0 || req.route >= ROUTE__MAX)
			fuzz_route_fail("matched a route outside the table");
		/* Parameters are whole, decoded, non-empty segments. */
		for (i = 0; i < 2; i++) {
			if (req.param[i] == fuzz_route_poison)
				fuzz_route_fail("path parameter left "
				    "uninitialized");
			if (req.param[i] != NULL && (req.param[i][0] == '\0' ||
			    strchr(req.param[i], '/') != NULL))
				fuzz_route_fail("bad path parameter");
		}
		break;
	case 404:
		break;
	case 405:
		if (allow[0] == '\0')
			fuzz_route_fail("405 with an empty Allow list");
		break;
	default:
		fuzz_route_fail("unexpected status");
	}

	request_reset(&req);
	free(allow);
	free(path);
	free(method);
	return 0;
}
