/* SPDX-License-Identifier: ISC */
/* Unit tests of the token format: generation, checksum, base62, hint. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "token.h"
#include "../tap.h"

static int
cmp(const void *a, const void *b)
{
	return memcmp(a, b, TOKEN_LEN);
}

int
main(void)
{
	enum { N = 100000 };
	char		*all, tok[TOKEN_LEN + 1], t2[TOKEN_LEN + 1];
	char		 hint[TOKEN_HINT_SIZE], id[TOKEN_ID_SIZE];
	unsigned char	 key[32] = { 1 }, h1[32], h2[32];
	uint32_t	 v;
	size_t		 i, bad_len = 0, bad_chars = 0, bad_check = 0, dups = 0;
	size_t		 undetected = 0, pos;
	int		 c;

	if (sodium_init() < 0)
		return 1;
	all = malloc((size_t)N * TOKEN_LEN);
	for (i = 0; i < N; i++) {
		token_generate(tok);
		if (strlen(tok) != TOKEN_LEN)
			bad_len++;
		if (memcmp(tok, "giot_1", 6) != 0 ||
		    !base62_valid(tok + 6, TOKEN_LEN - 6))
			bad_chars++;
		if (token_check(tok, TOKEN_LEN) != 0)
			bad_check++;
		memcpy(all + i * TOKEN_LEN, tok, TOKEN_LEN);
	}
	qsort(all, N, TOKEN_LEN, cmp);
	for (i = 1; i < N; i++)
		if (memcmp(all + (i - 1) * TOKEN_LEN, all + i * TOKEN_LEN,
		    TOKEN_LEN) == 0)
			dups++;
	free(all);
	ok(bad_len == 0, "100k tokens all %d characters long", TOKEN_LEN);
	ok(bad_chars == 0, "100k tokens: prefix and base62 charset");
	ok(bad_check == 0, "100k tokens pass their own checksum");
	ok(dups == 0, "100k tokens all distinct");

	/* Every single-character change to a token is detected. */
	token_generate(tok);
	for (pos = 0; pos < TOKEN_LEN; pos++)
		for (c = 1; c < 256; c++) {
			if (c == (unsigned char)tok[pos])
				continue;
			memcpy(t2, tok, sizeof(t2));
			t2[pos] = (char)c;
			if (token_check(t2, TOKEN_LEN) == 0)
				undetected++;
		}
	ok(undetected == 0, "every single-character change is refused");
	ok(token_check(tok, TOKEN_LEN - 1) == -1, "truncated token refused");
	ok(token_check("", 0) == -1, "empty token refused");
	memcpy(t2, tok, sizeof(t2));
	t2[5] = '2';
	ok(token_check(t2, TOKEN_LEN) == -1, "unknown version refused");

	base62_encode_u32(0xFFFFFFFFu, t2);
	ok(base62_decode_u32(t2, 6, &v) == 0 && v == 0xFFFFFFFFu,
	    "base62 round trip of the largest CRC");
	base62_encode_u32(0, t2);
	ok(memcmp(t2, "000000", 6) == 0, "base62 zero is padded");
	ok(base62_decode_u32("zzzzzz", 6, &v) == -1,
	    "base62 value above 32 bits refused");
	ok(base62_decode_u32("ab-d", 4, &v) == -1, "base62 bad digit refused");
	ok(token_crc32("123456789", 9) == 0xCBF43926u, "CRC32 check value");

	token_hash(key, tok, TOKEN_LEN, h1);
	token_hash(key, tok, TOKEN_LEN, h2);
	ok(memcmp(h1, h2, 32) == 0, "hash is deterministic");
	key[0] = 2;
	token_hash(key, tok, TOKEN_LEN, h2);
	ok(memcmp(h1, h2, 32) != 0, "hash depends on the server key");

	token_hint(tok, hint);
	ok(strncmp(hint, tok, 10) == 0 && strstr(hint, "\xe2\x80\xa6") &&
	    strcmp(hint + strlen(hint) - 4, tok + TOKEN_LEN - 4) == 0 &&
	    strlen(hint) == 17, "hint: %s", hint);
	token_id_generate(id);
	ok(token_id_valid(id), "token id valid: %s", id);
	ok(!token_id_valid("tok_short"), "short id refused");
	ok(!token_id_valid("tok_aaaaaaaaaaaaaaa!"), "bad id char refused");
	return tap_done();
}
