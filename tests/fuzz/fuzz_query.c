/* SPDX-License-Identifier: ISC */
/* libFuzzer target: the query string parser and argument lookup. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_QUERY_LOOKUPS	16

/* Names the handlers look up, and a few odd ones. */
static const char *const fuzz_query_keys[] = {
	"limit", "cursor", "status", "tenant", "q", "", "a", "%41", "a b",
};

static struct request	 req;
static int		 ready;

static void __attribute__((noreturn))
fuzz_query_fail(const char *why)
{
	fprintf(stderr, "fuzz_query: %s\n", why);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct kv	*kv;
	const char	*v;
	char		*q;
	size_t		 i, npairs = 0;

	/* One request reused across inputs, as the worker loop does. */
	if (!ready) {
		request_init(&req, NULL);
		ready = 1;
	}
	if ((q = malloc(size + 1)) == NULL)
		return 0;
	memcpy(q, data, size);
	q[size] = '\0';
	req.query = q;

	if (request_parse_query(&req) == 0) {
		for (kv = req.args; kv != NULL; kv = kv->next) {
			npairs++;
			if (text_utf8_len(kv->key, strlen(kv->key)) < 0 ||
			    text_utf8_len(kv->val, strlen(kv->val)) < 0)
				fuzz_query_fail("accepted invalid UTF-8");
			/* Lookups are linear: check a few, not all. */
			if (npairs <= FUZZ_QUERY_LOOKUPS &&
			    ((v = request_arg(&req, kv->key)) == NULL ||
			    request_arg_count(&req, kv->key) < 1))
				fuzz_query_fail("a parsed key is not found");
		}
		/* Each pair needs at least one byte and one '&' after it. */
		if (npairs > strlen(q) / 2 + 1)
			fuzz_query_fail("more pairs than the input can hold");
		for (i = 0; i < sizeof(fuzz_query_keys) /
		    sizeof(fuzz_query_keys[0]); i++) {
			v = request_arg(&req, fuzz_query_keys[i]);
			if (v != NULL && strlen(v) > size)
				fuzz_query_fail("value longer than the input");
		}
	}
	request_reset(&req);
	free(q);
	return 0;
}
