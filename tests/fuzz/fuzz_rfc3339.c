/* SPDX-License-Identifier: ISC */
/* libFuzzer target: RFC 3339 and MariaDB DATETIME text to time_t. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* 9999-12-31T23:59:59Z: the last instant four year digits can write. */
#define FUZZ_RFC3339_MAX	253402300799LL

static void __attribute__((noreturn))
fuzz_rfc3339_fail(const char *why, const char *s)
{
	fprintf(stderr, "fuzz_rfc3339: %s: \"%s\"\n", why, s);
	abort();
}

/*
 * What the parser accepts must be an instant it can also print and read
 * back: 1970 (text_date refuses earlier years) to 9999.
 */
static void
fuzz_rfc3339_roundtrip(const char *s, time_t t)
{
	char	*out;
	time_t	 t2;

	if ((long long)t < 0 || (long long)t > FUZZ_RFC3339_MAX)
		fuzz_rfc3339_fail("accepted an instant outside 1970..9999", s);
	if ((out = malloc(TEXT_TIME_SIZE)) == NULL)
		abort();
	text_rfc3339(t, out);
	if (text_rfc3339_parse(out, &t2) == -1 || t2 != t)
		fuzz_rfc3339_fail("formatted time does not parse back", s);
	free(out);
}

/* The same instant in DATETIME form ("T" and "Z" swapped for a space). */
static void
fuzz_rfc3339_sqltime(const char *s, time_t t)
{
	char	*iso;
	time_t	 t2;

	if ((iso = malloc(21)) == NULL)
		abort();
	memcpy(iso, s, 19);
	iso[10] = 'T';
	iso[19] = 'Z';
	iso[20] = '\0';
	if (text_rfc3339_parse(iso, &t2) == 0 && t2 != t)
		fuzz_rfc3339_fail("DATETIME and RFC 3339 disagree", s);
	free(iso);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;
	time_t	 t;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (text_rfc3339_parse(s, &t) == 0)
		fuzz_rfc3339_roundtrip(s, t);
	if (text_sqltime_parse(s, &t) == 0) {
		if (strlen(s) < 19)
			fuzz_rfc3339_fail("DATETIME shorter than 19 bytes", s);
		fuzz_rfc3339_sqltime(s, t);
	}
	free(s);
	return 0;
}
