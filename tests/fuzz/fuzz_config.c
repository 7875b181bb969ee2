/* SPDX-License-Identifier: ISC */
/* libFuzzer target: the configuration file parser. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_CONFIG_ERR	256

static void __attribute__((noreturn))
fuzz_config_fail(const char *why)
{
	fprintf(stderr, "fuzz_config: %s\n", why);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	 c;
	char		*buf, *err;
	int		 i;

	/* Exactly the input: config_parse takes a length, not a string. */
	if ((buf = malloc(size)) == NULL)
		return 0;
	memcpy(buf, data, size);
	if ((err = malloc(FUZZ_CONFIG_ERR)) == NULL)
		abort();
	err[0] = '\0';

	config_defaults(&c);
	if (config_parse(&c, buf, size, err, FUZZ_CONFIG_ERR) == 0) {
		if (c.nnodes < 0 || c.nnodes > CONFIG_MAX_NODES)
			fuzz_config_fail("node count out of range");
		for (i = 0; i < c.nnodes; i++) {
			if ((c.nodes[i].socket == NULL) ==
			    (c.nodes[i].host == NULL))
				fuzz_config_fail("node is neither socket nor "
				    "host");
			if (c.nodes[i].host != NULL && (c.nodes[i].port == 0 ||
			    c.nodes[i].port > 65535 ||
			    c.nodes[i].host[0] == '\0'))
				fuzz_config_fail("bad TCP node accepted");
		}
		if (c.db_name == NULL || c.db_user == NULL || c.sql_dir == NULL)
			fuzz_config_fail("a default string was lost");
	} else if (strnlen(err, FUZZ_CONFIG_ERR) == 0 ||
	    strnlen(err, FUZZ_CONFIG_ERR) == FUZZ_CONFIG_ERR)
		fuzz_config_fail("error without a terminated message");
	config_free(&c);
	free(err);
	free(buf);
	return 0;
}
