/* SPDX-License-Identifier: ISC */
/* libFuzzer target: allowed_cidrs entries and client addresses. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cidr.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cidr	 c, d;
	char		 text[CIDR_TEXT_SIZE], addr[64];

	if (cidr_parse((const char *)data, size, &c) == 0) {
		/* The canonical text parses back to the same range. */
		cidr_format(&c, text);
		if (cidr_parse(text, strlen(text), &d) != 0 ||
		    memcmp(&c, &d, sizeof(c)) != 0 || !cidr_contains(&c, &d))
			__builtin_trap();
	}
	if (size < sizeof(addr)) {
		memcpy(addr, data, size);
		addr[size] = '\0';
		if (cidr_addr(addr, &d) == 0 && (d.prefix != 32 &&
		    d.prefix != 128))
			__builtin_trap();
	}
	return 0;
}
