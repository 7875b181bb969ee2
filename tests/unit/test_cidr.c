/* SPDX-License-Identifier: ISC */
/* Unit tests of address ranges: parsing, IPv4-mapped IPv6, containment. */
#include <string.h>

#include "cidr.h"
#include "../tap.h"

static int
parses(const char *s, const char *canonical)
{
	struct cidr	 c;
	char		 out[CIDR_TEXT_SIZE];

	if (cidr_parse(s, strlen(s), &c) == -1)
		return canonical == NULL;
	cidr_format(&c, out);
	return canonical != NULL && strcmp(out, canonical) == 0;
}

static int
within(const char *net, const char *addr)
{
	struct cidr	 n, a;

	return cidr_parse(net, strlen(net), &n) == 0 && cidr_addr(addr, &a) == 0 &&
	    cidr_contains(&n, &a);
}

int
main(void)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "10.0.0.0/8", "10.0.0.0/8" },
		{ "192.168.1.0/24", "192.168.1.0/24" },
		{ "1.2.3.4", "1.2.3.4/32" },
		{ "0.0.0.0/0", "0.0.0.0/0" },
		{ "2001:db8::/32", "2001:db8::/32" },
		{ "2001:DB8:0:0::/64", "2001:db8::/64" },
		{ "::1", "::1/128" },
		{ "::/0", "::/0" },
		{ "::ffff:10.0.0.0/104", "10.0.0.0/8" },
		{ "::ffff:1.2.3.4", "1.2.3.4/32" },
		{ "10.0.0.1/8", NULL },		/* host bits set */
		{ "10.0.0.0/33", NULL },
		{ "10.0.0.0/-1", NULL },
		{ "10.0.0.0/08", NULL },
		{ "10.0.0.0/", NULL },
		{ "10.0.0.0/ 8", NULL },
		{ "10.0.0.0/8 ", NULL },
		{ " 10.0.0.0/8", NULL },
		{ "010.0.0.0/8", NULL },
		{ "10.0.0/8", NULL },
		{ "256.0.0.0/8", NULL },
		{ "2001:db8::/129", NULL },
		{ "2001:db8::1/32", NULL },
		{ "::ffff:0.0.0.0/95", NULL },	/* wider than IPv4 */
		{ "example.com", NULL },
		{ "", NULL },
		{ "1.2.3.4/32/1", NULL },
	};
	struct cidr	 list[2], a;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ok(parses(cases[i].in, cases[i].out), "parse \"%s\": %s",
		    cases[i].in, cases[i].out ? cases[i].out : "refused");
	ok(cidr_parse("10.0.0.0/8\0x", 12, &a) == -1, "a NUL inside refused");

	ok(within("10.0.0.0/8", "10.255.1.2"), "10.255.1.2 in 10.0.0.0/8");
	ok(!within("10.0.0.0/8", "11.0.0.1"), "11.0.0.1 not in 10.0.0.0/8");
	ok(within("192.168.1.128/25", "192.168.1.200") &&
	    !within("192.168.1.128/25", "192.168.1.127"), "a /25 boundary");
	ok(within("127.0.0.2", "127.0.0.2") && !within("127.0.0.2", "127.0.0.3"),
	    "a single address");
	ok(within("0.0.0.0/0", "203.0.113.9") && !within("0.0.0.0/0", "::1"),
	    "0.0.0.0/0 is every IPv4 address and no IPv6 one");
	ok(within("2001:db8::/32", "2001:db8:ffff::1") &&
	    !within("2001:db8::/32", "2001:db9::1"), "IPv6 ranges");
	ok(within("::1", "::1") && !within("::1", "::2"), "::1");
	ok(within("10.0.0.0/8", "::ffff:10.1.2.3"),
	    "an IPv4-mapped client address matches its IPv4 range");
	ok(within("::ffff:10.0.0.0/104", "10.9.9.9"),
	    "an IPv4-mapped range matches the IPv4 address");
	ok(cidr_addr("10.0.0.0/8", &a) == -1 && cidr_addr(NULL, &a) == -1 &&
	    cidr_addr("unix:", &a) == -1, "a client address is an address");

	cidr_parse("10.0.0.0/8", 10, &list[0]);
	cidr_parse("2001:db8::/48", 13, &list[1]);
	cidr_parse("10.1.0.0/16", 11, &a);
	ok(cidr_contains(&list[0], &a), "a narrower range lies within");
	cidr_parse("0.0.0.0/0", 9, &a);
	ok(!cidr_contains(&list[0], &a), "a wider range does not");
	cidr_addr("2001:db8:0:1::5", &a);
	ok(cidr_match(list, 2, &a), "matched by the second range of a list");
	cidr_addr("192.0.2.1", &a);
	ok(!cidr_match(list, 2, &a) && !cidr_match(list, 0, &a),
	    "matched by none, or by an empty list");
	return tap_done();
}
