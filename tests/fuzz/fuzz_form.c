/* SPDX-License-Identifier: ISC */
/* libFuzzer target: form-urlencoded bodies turned into JSON objects. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "http.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct arena	 arena;

static void __attribute__((noreturn))
fuzz_form_fail(const char *why)
{
	fprintf(stderr, "fuzz_form: %s\n", why);
	abort();
}

/* Non-empty segments between '&': each one must become one string. */
static size_t
fuzz_form_pairs(const char *s, size_t n)
{
	size_t	 i, pairs = 0;
	int	 in = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '&')
			in = 0;
		else if (!in) {
			in = 1;
			pairs++;
		}
	}
	return pairs;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t		*obj = NULL, *val, *item;
	const char	*key, *detail = NULL;
	char		*body;
	size_t		 strings = 0, i;

	/* Exactly the input: the parser is given a length, not a string. */
	if ((body = malloc(size)) == NULL)
		return 0;
	memcpy(body, data, size);

	if (request_form_to_json(&arena, body, size, &obj, &detail) == 0) {
		if (!json_is_object(obj))
			fuzz_form_fail("result is not an object");
		json_object_foreach(obj, key, val) {
			if (json_is_string(val))
				strings++;
			else if (json_is_array(val) &&
			    json_array_size(val) >= 2) {
				json_array_foreach(val, i, item) {
					if (!json_is_string(item))
						fuzz_form_fail("array item is "
						    "not a string");
					strings++;
				}
			} else
				fuzz_form_fail("value is neither a string nor "
				    "an array of two or more");
		}
		if (strings != fuzz_form_pairs(body, size))
			fuzz_form_fail("a pair was dropped or invented");
		json_decref(obj);
	} else if (detail == NULL || *detail == '\0')
		fuzz_form_fail("refused without a detail");
	arena_reset(&arena);
	free(body);
	return 0;
}
