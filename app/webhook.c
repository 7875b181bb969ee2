/* SPDX-License-Identifier: ISC */
/*
 * Tenants' webhooks: the URLs and addresses they may name (SSRF rules),
 * their secret, sealed for storage, and the signature of what is sent.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "webhook.h"

static const char webhook_why_public[] = "must not name a private, "
    "loopback, link-local or otherwise non-public address";

/* IPv4 ranges that are not for the public (IANA special-purpose). */
static const struct {
	uint32_t	 net;
	unsigned int	 bits;
} webhook_v4_special[] = {
	{ 0x00000000, 8 },	/* "this network", 0.0.0.0 */
	{ 0x0a000000, 8 },	/* private */
	{ 0x64400000, 10 },	/* shared address space (CGNAT) */
	{ 0x7f000000, 8 },	/* loopback */
	{ 0xa9fe0000, 16 },	/* link-local (cloud metadata services) */
	{ 0xac100000, 12 },	/* private */
	{ 0xc0000000, 24 },	/* IETF protocol assignments */
	{ 0xc0000200, 24 },	/* documentation */
	{ 0xc0586300, 24 },	/* 6to4 relay anycast */
	{ 0xc0a80000, 16 },	/* private */
	{ 0xc6120000, 15 },	/* benchmarking */
	{ 0xc6336400, 24 },	/* documentation */
	{ 0xcb007100, 24 },	/* documentation */
	{ 0xe0000000, 4 },	/* multicast */
	{ 0xf0000000, 4 },	/* reserved, broadcast */
};

static int
webhook_v4_public(const unsigned char *b)
{
	uint32_t	 a = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
	size_t		 i;

	for (i = 0; i < sizeof(webhook_v4_special) /
	    sizeof(webhook_v4_special[0]); i++)
		if ((a ^ webhook_v4_special[i].net) >>
		    (32 - webhook_v4_special[i].bits) == 0)
			return 0;
	return 1;
}

/*
 * IPv6: global unicast (2000::/3) only, minus its special ranges; an
 * IPv4 address carried in IPv6 (mapped, NAT64) is judged as IPv4.
 */
static int
webhook_v6_public(const unsigned char *b)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0xff, 0xff };
	static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b };

	if (memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0)
		return webhook_v4_public(b + 12);
	if ((b[0] & 0xe0) != 0x20)
		return 0;	/* ::1, ::, fc00::/7, fe80::/10, ff00::/8... */
	if (b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02)
		return 0;	/* 2001::/23 (Teredo and other protocols) */
	if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
		return 0;	/* 2001:db8::/32, documentation */
	if (b[0] == 0x20 && b[1] == 0x02)
		return 0;	/* 2002::/16, 6to4: any IPv4 address inside */
	if (b[0] == 0x3f && b[1] == 0xff && (b[2] & 0xf0) == 0)
		return 0;	/* 3fff::/20, documentation */
	return 1;
}

int
webhook_addr_public(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return webhook_v4_public((const unsigned char *)
		    &((const struct sockaddr_in *)sa)->sin_addr);
	if (sa->sa_family == AF_INET6)
		return webhook_v6_public(
		    ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr);
	return 0;
}

void
webhook_addr_text(const struct sockaddr *sa, char *out, size_t size)
{
	const void	*p = sa->sa_family == AF_INET6 ?
	    (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr :
	    (const void *)&((const struct sockaddr_in *)sa)->sin_addr;

	if (inet_ntop(sa->sa_family, p, out, (socklen_t)size) == NULL)
		snprintf(out, size, "?");
}

/* A literal address of the URL's host as a socket address, or -1. */
static int
webhook_literal(const char *host, struct sockaddr_storage *ss,
    socklen_t *len)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		*len = sizeof(*sin);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		*len = sizeof(*sin6);
		return 0;
	}
	return -1;
}

/* Letters, digits and hyphens in dot-separated labels of 1 to 63. */
static int
webhook_hostname_ok(const char *h)
{
	size_t	 label = 0, i;

	for (i = 0; h[i] != '\0'; i++) {
		if (h[i] == '.') {
			if (label == 0 || h[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!isalnum((unsigned char)h[i]) && h[i] != '-')
			return 0;
		if ((label == 0 && h[i] == '-') || ++label > 63)
			return 0;
	}
	if (label == 0 || h[i - 1] == '-' || i > 253)
		return 0;
	/* A last label of digits is an address in disguise, not a name. */
	return strspn(h + i - label, "0123456789") < label;
}

/* "localhost" and its subdomains are loopback by definition (RFC 6761). */
static int
webhook_loopback_name(const char *h)
{
	size_t	 n = strlen(h);

	return strcasecmp(h, "localhost") == 0 || (n > 10 &&
	    strcasecmp(h + n - 10, ".localhost") == 0);
}

const char *
webhook_url_parse(const char *url, int allow_private, struct webhook_url *u)
{
	struct webhook_url	 tmp;
	struct sockaddr_storage	 ss;
	struct in_addr		 in4;
	socklen_t		 sslen;
	const char		*p, *h, *he, *end;
	char			*e;
	size_t			 i, n = strlen(url);
	unsigned long		 port;
	int			 bracketed;

	if (u == NULL)
		u = &tmp;
	memset(u, 0, sizeof(*u));
	if (n > WEBHOOK_URL_MAX)
		return "must be at most 1024 characters";
	for (i = 0; i < n; i++)
		if (url[i] <= ' ' || url[i] > '~')
			return "must be printable ASCII without spaces "
			    "(percent-encode the rest)";
	if (strncasecmp(url, "https://", 8) == 0) {
		u->https = 1;
		p = url + 8;
	} else if (strncasecmp(url, "http://", 7) == 0) {
		if (!allow_private)
			return "must be an https URL";
		p = url + 7;
	} else
		return allow_private ? "must be an http or https URL" :
		    "must be an https URL";
	end = p + strcspn(p, "/?#");
	if (memchr(p, '@', (size_t)(end - p)) != NULL)
		return "must not hold a user name or password";
	if (strchr(p, '#') != NULL)
		return "must not have a fragment";
	if ((bracketed = *p == '[')) {
		if ((he = memchr(p, ']', (size_t)(end - p))) == NULL)
			return "has an unterminated IPv6 address";
		h = p + 1;
		p = he + 1;
	} else {
		h = p;
		for (he = p; he < end && *he != ':'; he++)
			;
		p = he;
	}
	if ((size_t)(he - h) == 0 || (size_t)(he - h) >= sizeof(u->host))
		return "must name a host";
	memcpy(u->host, h, (size_t)(he - h));
	u->host[he - h] = '\0';
	u->port = u->https ? 443 : 80;
	if (p < end) {
		if (*p != ':' || p + 1 == end ||
		    !isdigit((unsigned char)p[1]))
			return "has a malformed host or port";
		port = strtoul(p + 1, &e, 10);
		if (e != end || port == 0 || port > 65535)
			return "has a port outside 1 to 65535";
		u->port = (unsigned int)port;
	}
	if (webhook_literal(u->host, &ss, &sslen) == 0) {
		/* An IPv6 address only in brackets, an IPv4 one without. */
		if ((ss.ss_family == AF_INET6) != bracketed)
			return "has a malformed host";
		u->literal = 1;
		if (!allow_private && !webhook_addr_public((struct sockaddr *)
		    &ss))
			return webhook_why_public;
		return NULL;
	}
	if (bracketed)
		return "has a malformed IPv6 address (zones are refused)";
	/*
	 * What the resolver would take for an address in another form
	 * (2130706433, 0x7f.1, 127.1) is refused: only dotted quads.
	 */
	if (inet_aton(u->host, &in4) != 0)
		return "must name a host, or an IPv4 address as four decimal "
		    "numbers";
	if (!webhook_hostname_ok(u->host))
		return "has a malformed host name";
	if (!allow_private && webhook_loopback_name(u->host))
		return webhook_why_public;
	return NULL;
}

const char *
webhook_resolve(const struct webhook_url *u, int allow_private,
    struct webhook_addrs *out, char *err, size_t errlen)
{
	struct addrinfo	 hints, *res, *ai;
	char		 port[8], text[INET6_ADDRSTRLEN];
	int		 rc, i;

	out->n = 0;
	if (u->literal) {
		if (webhook_literal(u->host, &out->a[0], &out->len[0]) == -1)
			goto fail;
		out->n = 1;
	} else {
		memset(&hints, 0, sizeof(hints));
		hints.ai_family = AF_UNSPEC;
		hints.ai_socktype = SOCK_STREAM;
		hints.ai_flags = AI_NUMERICSERV;
		snprintf(port, sizeof(port), "%u", u->port);
		if ((rc = getaddrinfo(u->host, port, &hints, &res)) != 0) {
			snprintf(err, errlen, "%s does not resolve: %s",
			    u->host, gai_strerror(rc));
			return err;
		}
		for (ai = res; ai != NULL && out->n < WEBHOOK_ADDRS_MAX;
		    ai = ai->ai_next) {
			if ((ai->ai_family != AF_INET &&
			    ai->ai_family != AF_INET6) ||
			    ai->ai_addrlen > sizeof(out->a[0]))
				continue;
			for (i = 0; i < out->n; i++)
				if (out->len[i] == ai->ai_addrlen && memcmp(
				    &out->a[i], ai->ai_addr, ai->ai_addrlen) ==
				    0)
					break;
			if (i < out->n)
				continue;	/* once per address */
			memcpy(&out->a[out->n], ai->ai_addr, ai->ai_addrlen);
			out->len[out->n++] = ai->ai_addrlen;
		}
		freeaddrinfo(res);
		if (out->n == 0)
			goto fail;
	}
	/* One non-public address taints the name: refused whole. */
	for (i = 0; i < out->n && !allow_private; i++)
		if (!webhook_addr_public((struct sockaddr *)&out->a[i])) {
			webhook_addr_text((struct sockaddr *)&out->a[i], text,
			    sizeof(text));
			snprintf(err, errlen, "%s resolves to %s, which is not "
			    "a public address", u->host, text);
			out->n = 0;
			return err;
		}
	for (i = 0; i < out->n; i++) {
		if (out->a[i].ss_family == AF_INET)
			((struct sockaddr_in *)&out->a[i])->sin_port =
			    htons((uint16_t)u->port);
		else
			((struct sockaddr_in6 *)&out->a[i])->sin6_port =
			    htons((uint16_t)u->port);
	}
	return NULL;
fail:
	snprintf(err, errlen, "%s has no IPv4 or IPv6 address", u->host);
	return err;
}

void
webhook_secret_new(char secret[WEBHOOK_SECRET_SIZE])
{
	unsigned char	 raw[32];

	randombytes_buf(raw, sizeof(raw));
	memcpy(secret, WEBHOOK_SECRET_PREFIX, 6);
	sodium_bin2base64(secret + 6, WEBHOOK_SECRET_SIZE - 6, raw,
	    sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

/* The tenant's sealing key: BLAKE2b keyed with the server key. */
static void
webhook_key(const unsigned char server_key[32], const char *tenant,
    unsigned char key[crypto_secretbox_KEYBYTES])
{
	crypto_generichash_state	 st;
	static const char		 ctx[] = "tenantapi webhook secret";

	crypto_generichash_init(&st, server_key, 32,
	    crypto_secretbox_KEYBYTES);
	crypto_generichash_update(&st, (const unsigned char *)ctx,
	    sizeof(ctx));	/* the NUL too: context and id stay apart */
	crypto_generichash_update(&st, (const unsigned char *)tenant,
	    strlen(tenant));
	crypto_generichash_final(&st, key, crypto_secretbox_KEYBYTES);
	sodium_memzero(&st, sizeof(st));
}

void
webhook_seal(const unsigned char server_key[32], const char *tenant,
    const char *secret, unsigned char box[WEBHOOK_BOX_LEN])
{
	unsigned char	 key[crypto_secretbox_KEYBYTES];

	webhook_key(server_key, tenant, key);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES,
	    (const unsigned char *)secret, WEBHOOK_SECRET_LEN, box, key);
	sodium_memzero(key, sizeof(key));
}

int
webhook_open(const unsigned char server_key[32], const char *tenant,
    const unsigned char *box, size_t len, char secret[WEBHOOK_SECRET_SIZE])
{
	unsigned char	 key[crypto_secretbox_KEYBYTES];
	int		 rc;

	if (box == NULL || len != WEBHOOK_BOX_LEN)
		return -1;
	webhook_key(server_key, tenant, key);
	rc = crypto_secretbox_open_easy((unsigned char *)secret,
	    box + crypto_secretbox_NONCEBYTES, len -
	    crypto_secretbox_NONCEBYTES, box, key);
	sodium_memzero(key, sizeof(key));
	secret[rc == 0 ? WEBHOOK_SECRET_LEN : 0] = '\0';
	return rc == 0 ? 0 : -1;
}

void
webhook_sign(const char *secret, const char *body, size_t len,
    char sig[WEBHOOK_SIG_SIZE])
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 mac[crypto_auth_hmacsha256_BYTES];

	/* The key is the secret exactly as shown, prefix included. */
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
	    strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(sig, "sha256=", 7);
	sodium_bin2hex(sig + 7, WEBHOOK_SIG_SIZE - 7, mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
}
