/* SPDX-License-Identifier: ISC */
/* Address ranges for allowed_cidrs: strict parsing, containment, text. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cidr.h"

static const uint8_t cidr_v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0xff, 0xff };

/* Whether the bits of addr past prefix are all zero. */
static int
cidr_host_zero(const uint8_t *addr, unsigned int prefix, unsigned int bits)
{
	unsigned int	 i;

	for (i = prefix; i < bits; i++)
		if (addr[i / 8] & (0x80 >> (i % 8)))
			return 0;
	return 1;
}

/* An address in text, into c (prefix left to the caller). */
static int
cidr_text_addr(const char *s, struct cidr *c)
{
	uint8_t	 a6[16];

	memset(c, 0, sizeof(*c));
	if (strchr(s, ':') == NULL) {
		if (inet_pton(AF_INET, s, c->addr) != 1)
			return -1;
		c->family = 4;
		c->prefix = 32;
		return 0;
	}
	if (inet_pton(AF_INET6, s, a6) != 1)
		return -1;
	if (memcmp(a6, cidr_v4mapped, 12) == 0) {
		memcpy(c->addr, a6 + 12, 4);
		c->family = 4;
		c->prefix = 32;
		return 1;	/* IPv4-mapped: prefixes shift by 96 */
	}
	memcpy(c->addr, a6, 16);
	c->family = 6;
	c->prefix = 128;
	return 0;
}

int
cidr_parse(const char *s, size_t n, struct cidr *c)
{
	char		 buf[64], *slash, *end;
	unsigned long	 prefix;
	int		 mapped;

	if (n == 0 || n >= sizeof(buf) || memchr(s, '\0', n) != NULL)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	slash = strchr(buf, '/');
	if (slash != NULL)
		*slash = '\0';
	if ((mapped = cidr_text_addr(buf, c)) == -1)
		return -1;
	if (slash == NULL)
		return 0;
	/* Digits only: no sign, space or leading zero. */
	if (slash[1] < '0' || slash[1] > '9' ||
	    (slash[1] == '0' && slash[2] != '\0'))
		return -1;
	prefix = strtoul(slash + 1, &end, 10);
	if (*end != '\0' || prefix > (mapped || c->family == 6 ? 128 : 32))
		return -1;
	if (mapped) {
		if (prefix < 96)
			return -1;	/* wider than IPv4 itself */
		prefix -= 96;
	}
	c->prefix = (uint8_t)prefix;
	return cidr_host_zero(c->addr, c->prefix, c->family == 4 ? 32 : 128) ?
	    0 : -1;
}

int
cidr_addr(const char *s, struct cidr *c)
{
	if (s == NULL || strlen(s) >= 64 || strchr(s, '/') != NULL)
		return -1;
	return cidr_parse(s, strlen(s), c);
}

int
cidr_contains(const struct cidr *outer, const struct cidr *inner)
{
	unsigned int	 full, rest;

	if (outer->family != inner->family || inner->prefix < outer->prefix)
		return 0;
	full = outer->prefix / 8;
	rest = outer->prefix % 8;
	if (memcmp(outer->addr, inner->addr, full) != 0)
		return 0;
	return rest == 0 || ((outer->addr[full] ^ inner->addr[full]) &
	    (0xff << (8 - rest)) & 0xff) == 0;
}

int
cidr_match(const struct cidr *list, size_t n, const struct cidr *addr)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (cidr_contains(&list[i], addr))
			return 1;
	return 0;
}

void
cidr_format(const struct cidr *c, char out[CIDR_TEXT_SIZE])
{
	char	 a[INET6_ADDRSTRLEN];

	if (inet_ntop(c->family == 4 ? AF_INET : AF_INET6, c->addr, a,
	    sizeof(a)) == NULL)
		a[0] = '\0';
	snprintf(out, CIDR_TEXT_SIZE, "%s/%u", a, c->prefix);
}

size_t
cidr_list(const char *s, struct cidr *out, size_t max)
{
	const char	*comma;
	size_t		 n = 0;

	while (s != NULL && *s != '\0' && n < max) {
		if ((comma = strchr(s, ',')) == NULL)
			comma = s + strlen(s);
		if (cidr_parse(s, (size_t)(comma - s), &out[n]) == 0)
			n++;
		s = *comma == ',' ? comma + 1 : comma;
	}
	return n;
}
