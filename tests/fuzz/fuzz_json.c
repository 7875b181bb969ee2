/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: a JSON request body to typed input, through the same
 * parser and validators as the workers. The first byte picks the media
 * type (JSON or form) and the validator; the rest is the body.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "http.h"
#include "validate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct request	 req;
static int		 ready;

static int (*const validators[])(struct request *) = {
	validate_token_create,
	validate_token_patch,
	validate_token_rotate,
	validate_tenant_create,
	validate_tenant_patch,
	validate_no_body,
};
#define NVALIDATORS (sizeof(validators) / sizeof(validators[0]))

static void __attribute__((noreturn))
fuzz_json_fail(const char *why)
{
	fprintf(stderr, "fuzz_json: %s\n", why);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*detail = NULL;
	char		*body;
	int		 rc;

	if (size < 1)
		return 0;
	if (!ready) {
		request_init(&req, NULL);
		ready = 1;
	}
	/* Exactly the input, no NUL after it: the parser is given a length. */
	if ((body = malloc(size - 1 ? size - 1 : 1)) == NULL)
		return 0;
	memcpy(body, data + 1, size - 1);
	req.body = body;
	req.body_len = size - 1;
	req.content_type = data[0] & 0x80 ?
	    "application/x-www-form-urlencoded" : "application/json";
	if (request_parse_body(&req, &detail) == 0) {
		if (!json_is_object(req.input_json))
			fuzz_json_fail("parsed body is not an object");
		rc = validators[(data[0] & 0x7f) % NVALIDATORS](&req);
		if (rc == 0 && req.errs.n != 0)
			fuzz_json_fail("valid yet with errors");
		if (rc == -1 && req.errs.n == 0)
			fuzz_json_fail("invalid without an error");
	} else if (detail == NULL || *detail == '\0')
		fuzz_json_fail("refused without a detail");
	request_reset(&req);
	free(body);
	return 0;
}
