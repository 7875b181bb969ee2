/* SPDX-License-Identifier: ISC */
/* libFuzzer target: token format and checksum, display hint, base62. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "token.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_TOKEN_BODY	(TOKEN_PREFIX_LEN + 1 + TOKEN_RANDOM_LEN)

static void __attribute__((noreturn))
fuzz_token_fail(const char *why)
{
	fprintf(stderr, "fuzz_token: %s\n", why);
	abort();
}

/* An accepted token gets a hint: its first ten and last four bytes. */
static void
fuzz_token_hint(const char *tok)
{
	char	*hint;

	if ((hint = malloc(TOKEN_HINT_SIZE)) == NULL)
		abort();
	token_hint(tok, hint);
	if (strlen(hint) != TOKEN_HINT_SIZE - 1 ||
	    memcmp(hint, tok, TOKEN_PREFIX_LEN + 5) != 0 ||
	    memcmp(hint + TOKEN_HINT_SIZE - 5, tok + TOKEN_LEN - 4, 4) != 0)
		fuzz_token_fail("bad hint");
	free(hint);
}

/* Decoding then encoding gives the digits back, zero-padded to six. */
static void
fuzz_token_base62(const char *s, size_t n)
{
	char		 enc[TOKEN_CRC_LEN];
	uint32_t	 v;
	size_t		 i;

	if (base62_decode_u32(s, n, &v) == -1)
		return;
	if (n == 0 || n > TOKEN_CRC_LEN || !base62_valid(s, n))
		fuzz_token_fail("base62_decode_u32 accepted a bad string");
	base62_encode_u32(v, enc);
	for (i = 0; i < TOKEN_CRC_LEN - n; i++)
		if (enc[i] != '0')
			fuzz_token_fail("base62 round trip: lost digits");
	if (memcmp(enc + TOKEN_CRC_LEN - n, s, n) != 0)
		fuzz_token_fail("base62 round trip differs");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s, *fixed, *id;
	int	 shape;

	/* Exactly the input: token_check takes a length. */
	if ((s = malloc(size)) == NULL)
		return 0;
	memcpy(s, data, size);
	if (token_check(s, size) == 0) {
		if (size != TOKEN_LEN)
			fuzz_token_fail("accepted a token of the wrong length");
		fuzz_token_hint(s);
	}
	fuzz_token_base62(s, size < TOKEN_CRC_LEN ? size : TOKEN_CRC_LEN);
	if (size >= TOKEN_CRC_LEN)
		fuzz_token_base62(s + size - TOKEN_CRC_LEN, TOKEN_CRC_LEN);

	/*
	 * Random bytes rarely carry a matching CRC: give the first 38 bytes
	 * the right one, then the checksum must not be what decides.
	 */
	if (size >= FUZZ_TOKEN_BODY) {
		if ((fixed = malloc(TOKEN_LEN)) == NULL)
			abort();
		memcpy(fixed, s, FUZZ_TOKEN_BODY);
		base62_encode_u32(token_crc32(fixed, FUZZ_TOKEN_BODY),
		    fixed + FUZZ_TOKEN_BODY);
		shape = memcmp(fixed, TOKEN_PREFIX, TOKEN_PREFIX_LEN) == 0 &&
		    fixed[TOKEN_PREFIX_LEN] == TOKEN_VERSION &&
		    base62_valid(fixed + TOKEN_PREFIX_LEN + 1,
		    TOKEN_RANDOM_LEN);
		if ((token_check(fixed, TOKEN_LEN) == 0) != shape)
			fuzz_token_fail("token_check disagrees with the "
			    "format");
		if (shape)
			fuzz_token_hint(fixed);
		free(fixed);
	}

	/* Token ids are C strings. */
	if ((id = malloc(size + 1)) == NULL)
		abort();
	memcpy(id, data, size);
	id[size] = '\0';
	if (token_id_valid(id) && (strlen(id) != TOKEN_ID_LEN ||
	    strncmp(id, "tok_", 4) != 0))
		fuzz_token_fail("token_id_valid accepted a bad id");
	free(id);
	free(s);
	return 0;
}
