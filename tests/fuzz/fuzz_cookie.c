/* SPDX-License-Identifier: ISC */
/* libFuzzer target: cookie lookup in the Cookie header. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fuzz_cookie_names[] = {
	"session", "csrf", "__Host-session", "lang", "",
};

static struct request	 req;
static int		 ready;

static void __attribute__((noreturn))
fuzz_cookie_fail(const char *why)
{
	fprintf(stderr, "fuzz_cookie: %s\n", why);
	abort();
}

static char *
fuzz_cookie_strndup(const uint8_t *p, size_t n)
{
	char	*s;

	if ((s = malloc(n + 1)) == NULL)
		abort();
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

static void
fuzz_cookie_lookup(const char *name)
{
	const char	*v;

	if ((v = request_cookie(&req, name)) == NULL)
		return;
	if (strchr(v, ';') != NULL)
		fuzz_cookie_fail("value runs past a ';'");
	if (strlen(v) > strlen(req.cookie))
		fuzz_cookie_fail("value longer than the header");
}

/*
 * "name\nheader": looks the name up in the header; without a newline the
 * whole input is the header and well-known names are looked up.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*nl;
	char		*name = NULL, *cookie;
	size_t		 i;

	if (!ready) {
		request_init(&req, NULL);
		ready = 1;
	}
	if ((nl = memchr(data, '\n', size)) != NULL) {
		name = fuzz_cookie_strndup(data, (size_t)(nl - data));
		cookie = fuzz_cookie_strndup(nl + 1,
		    size - (size_t)(nl - data) - 1);
	} else
		cookie = fuzz_cookie_strndup(data, size);
	req.cookie = cookie;

	if (name != NULL)
		fuzz_cookie_lookup(name);
	for (i = 0; i < sizeof(fuzz_cookie_names) /
	    sizeof(fuzz_cookie_names[0]); i++)
		fuzz_cookie_lookup(fuzz_cookie_names[i]);

	request_reset(&req);
	free(cookie);
	free(name);
	return 0;
}
