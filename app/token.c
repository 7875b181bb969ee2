/* SPDX-License-Identifier: ISC */
/* Token generation, checksum, keyed hashing and display hint. */
#include <string.h>

#include <sodium.h>

#include "token.h"

const char base62_digits[62] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static int
base62_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 36;
	return -1;
}

uint32_t
token_crc32(const void *p, size_t n)
{
	static uint32_t	 table[256];
	static int	 ready;
	const unsigned char *s = p;
	uint32_t	 c;
	int		 i, k;

	if (!ready) {
		for (i = 0; i < 256; i++) {
			c = (uint32_t)i;
			for (k = 0; k < 8; k++)
				c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		ready = 1;
	}
	c = 0xFFFFFFFFu;
	while (n-- > 0)
		c = table[(c ^ *s++) & 0xFF] ^ (c >> 8);
	return c ^ 0xFFFFFFFFu;
}

void
base62_encode_u32(uint32_t v, char out[TOKEN_CRC_LEN])
{
	int	 i;

	for (i = TOKEN_CRC_LEN - 1; i >= 0; i--) {
		out[i] = base62_digits[v % 62];
		v /= 62;
	}
}

int
base62_decode_u32(const char *s, size_t n, uint32_t *out)
{
	uint64_t	 v = 0;
	size_t		 i;
	int		 d;

	if (n == 0 || n > TOKEN_CRC_LEN)
		return -1;
	for (i = 0; i < n; i++) {
		if ((d = base62_value((unsigned char)s[i])) == -1)
			return -1;
		v = v * 62 + (uint64_t)d;
	}
	if (v > 0xFFFFFFFFu)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int
base62_valid(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (base62_value((unsigned char)s[i]) == -1)
			return 0;
	return 1;
}

void
base62_random(char *out, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		out[i] = base62_digits[randombytes_uniform(62)];
}

void
token_generate(char out[TOKEN_LEN + 1])
{
	size_t	 body = TOKEN_PREFIX_LEN + 1 + TOKEN_RANDOM_LEN;

	memcpy(out, TOKEN_PREFIX, TOKEN_PREFIX_LEN);
	out[TOKEN_PREFIX_LEN] = TOKEN_VERSION;
	base62_random(out + TOKEN_PREFIX_LEN + 1, TOKEN_RANDOM_LEN);
	base62_encode_u32(token_crc32(out, body), out + body);
	out[TOKEN_LEN] = '\0';
}

int
token_check(const char *s, size_t n)
{
	size_t		 body = TOKEN_PREFIX_LEN + 1 + TOKEN_RANDOM_LEN;
	uint32_t	 crc;

	if (n != TOKEN_LEN || memcmp(s, TOKEN_PREFIX, TOKEN_PREFIX_LEN) != 0 ||
	    s[TOKEN_PREFIX_LEN] != TOKEN_VERSION ||
	    !base62_valid(s + TOKEN_PREFIX_LEN + 1, TOKEN_RANDOM_LEN) ||
	    base62_decode_u32(s + body, TOKEN_CRC_LEN, &crc) == -1)
		return -1;
	return crc == token_crc32(s, body) ? 0 : -1;
}

void
token_hash(const unsigned char key[TOKEN_KEY_LEN], const char *s, size_t n,
    unsigned char out[TOKEN_HASH_LEN])
{
	crypto_generichash(out, TOKEN_HASH_LEN, (const unsigned char *)s, n,
	    key, TOKEN_KEY_LEN);
}

/* Enough to recognise a token in a list; the hidden part keeps 166 bits. */
void
token_hint(const char *tok, char out[TOKEN_HINT_SIZE])
{
	size_t	 head = TOKEN_PREFIX_LEN + 1 + 4;

	memcpy(out, tok, head);
	memcpy(out + head, "\xe2\x80\xa6", 3);
	memcpy(out + head + 3, tok + TOKEN_LEN - 4, 4);
	out[head + 7] = '\0';
}

void
token_id_generate(char out[TOKEN_ID_SIZE])
{
	memcpy(out, "tok_", 4);
	base62_random(out + 4, TOKEN_ID_LEN - 4);
	out[TOKEN_ID_LEN] = '\0';
}

int
token_id_valid(const char *s)
{
	return strlen(s) == TOKEN_ID_LEN && memcmp(s, "tok_", 4) == 0 &&
	    base62_valid(s + 4, TOKEN_ID_LEN - 4);
}
