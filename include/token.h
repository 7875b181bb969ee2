/* SPDX-License-Identifier: ISC */
/* The API token format: prefix, version, CSPRNG base62 body, CRC32 checksum. */
#ifndef TOKEN_H
#define TOKEN_H

#include <stddef.h>
#include <stdint.h>

/*
 * giot_ 1 <32 base62 random> <6 base62 CRC32 of everything before it>
 * 32 base62 digits carry 32 * log2(62) = 190 bits.
 */
#define TOKEN_PREFIX		"giot_"
#define TOKEN_PREFIX_LEN	5
#define TOKEN_VERSION		'1'
#define TOKEN_RANDOM_LEN	32
#define TOKEN_CRC_LEN		6
#define TOKEN_LEN		(TOKEN_PREFIX_LEN + 1 + TOKEN_RANDOM_LEN + \
				 TOKEN_CRC_LEN)
#define TOKEN_REGEX		"giot_1[0-9A-Za-z]{38}"
#define TOKEN_HASH_LEN		32
#define TOKEN_KEY_LEN		32
/* "giot_1" + 4 + "…" (3 bytes) + 4 + NUL */
#define TOKEN_HINT_SIZE		(TOKEN_PREFIX_LEN + 1 + 4 + 3 + 4 + 1)
/* "tok_" + 16 base62 digits + NUL */
#define TOKEN_ID_LEN		20
#define TOKEN_ID_SIZE		(TOKEN_ID_LEN + 1)

extern const char base62_digits[62];

uint32_t token_crc32(const void *, size_t);
void	 base62_encode_u32(uint32_t, char out[TOKEN_CRC_LEN]);
int	 base62_decode_u32(const char *, size_t, uint32_t *);
int	 base62_valid(const char *, size_t);
void	 base62_random(char *out, size_t n);

void	 token_generate(char out[TOKEN_LEN + 1]);
/* 0 when well formed with a matching checksum, -1 otherwise. */
int	 token_check(const char *, size_t);
void	 token_hash(const unsigned char key[TOKEN_KEY_LEN], const char *,
	    size_t, unsigned char out[TOKEN_HASH_LEN]);
void	 token_hint(const char *tok, char out[TOKEN_HINT_SIZE]);
void	 token_id_generate(char out[TOKEN_ID_SIZE]);
int	 token_id_valid(const char *);

#endif
