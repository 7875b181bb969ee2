/* SPDX-License-Identifier: ISC */
/* IPv4 and IPv6 address ranges: parsing, matching, canonical text. */
#ifndef CIDR_H
#define CIDR_H

#include <stddef.h>
#include <stdint.h>

/* An address is a range of one: /32 or /128. */
struct cidr {
	uint8_t		 family;	/* 4 or 6; 0: none */
	uint8_t		 prefix;	/* 0-32 or 0-128 */
	uint8_t		 addr[16];	/* host bits zero; IPv4 in the first 4 */
};

/* "255.255.255.255/32", "ffff:...:ffff/128" and the NUL. */
#define CIDR_TEXT_SIZE	44
#define CIDR_MAX	32	/* a token's allowed_cidrs */

/*
 * "10.0.0.0/8", "2001:db8::/32", or an address alone (its /32 or /128).
 * Host bits must be zero ("10.0.0.1/8" is refused: it says two things).
 * An IPv4-mapped IPv6 range (::ffff:0:0/96 and longer) is the IPv4 range
 * it maps. 0 on success, -1 otherwise.
 */
int	cidr_parse(const char *, size_t, struct cidr *);
/* A client's address (REMOTE_ADDR): -1 when it is not one. */
int	cidr_addr(const char *, struct cidr *);
/* 1 when inner (an address or a range) lies within outer. */
int	cidr_contains(const struct cidr *outer, const struct cidr *inner);
/* 1 when addr lies within one of the n ranges. */
int	cidr_match(const struct cidr *, size_t n, const struct cidr *addr);
void	cidr_format(const struct cidr *, char out[CIDR_TEXT_SIZE]);
/* A stored list ("a,b,c", NULL for none) into at most max ranges. */
size_t	cidr_list(const char *, struct cidr *, size_t max);

#endif
