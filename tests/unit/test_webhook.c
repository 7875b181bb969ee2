/* SPDX-License-Identifier: ISC */
/* Unit tests of the webhook rules: URLs, addresses (SSRF), secret, signature. */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <string.h>

#include <sodium.h>

#include "log.h"
#include "webhook.h"
#include "../tap.h"

/* Whether text (an IPv4 or IPv6 address) is public. */
static int
public(const char *text)
{
	struct sockaddr_in	 s4;
	struct sockaddr_in6	 s6;

	memset(&s4, 0, sizeof(s4));
	memset(&s6, 0, sizeof(s6));
	if (inet_pton(AF_INET, text, &s4.sin_addr) == 1) {
		s4.sin_family = AF_INET;
		return webhook_addr_public((struct sockaddr *)&s4);
	}
	if (inet_pton(AF_INET6, text, &s6.sin6_addr) == 1) {
		s6.sin6_family = AF_INET6;
		return webhook_addr_public((struct sockaddr *)&s6);
	}
	return -1;
}

/* Whether n bytes of needle occur in hay. */
static int
holds(const unsigned char *hay, size_t len, const char *needle, size_t n)
{
	size_t	 i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

static int
url_ok(const char *url, int allow_private)
{
	return webhook_url_parse(url, allow_private, NULL) == NULL;
}

int
main(void)
{
	static const char *const private4[] = { "0.0.0.0", "0.1.2.3",
	    "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.255",
	    "127.0.0.1", "127.255.0.9", "169.254.169.254", "172.16.0.1",
	    "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.88.99.1",
	    "192.168.1.1", "198.18.0.1", "198.19.255.255", "198.51.100.7",
	    "203.0.113.9", "224.0.0.1", "239.255.255.250", "240.0.0.1",
	    "255.255.255.255", NULL };
	static const char *const public4[] = { "1.1.1.1", "8.8.8.8",
	    "9.255.255.255", "11.0.0.1", "100.63.255.255", "100.128.0.1",
	    "126.255.255.255", "128.0.0.1", "169.253.0.1", "172.15.255.255",
	    "172.32.0.1", "192.0.1.1", "192.169.0.1", "198.20.0.1",
	    "223.255.255.254", NULL };
	static const char *const private6[] = { "::", "::1", "::127.0.0.1",
	    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
	    "64:ff9b::a00:1", "64:ff9b:1::1", "100::1", "2001::1",
	    "2001:0:4136:e378::1", "2001:db8::1", "2002:c000:204::1",
	    "3fff::1", "fc00::1", "fd12:3456::1", "fe80::1", "fec0::1",
	    "ff02::1", "4000::1", "1000::1", NULL };
	static const char *const public6[] = { "2606:4700:4700::1111",
	    "2001:4860:4860::8888", "2a00:1450::1", "2001:200::1",
	    "::ffff:8.8.8.8", "64:ff9b::808:808", "3ffe::1", NULL };
	static const char *const refused[] = {
	    "ftp://hooks.example.com/",
	    "hooks.example.com/x",
	    "https:/hooks.example.com/",
	    "http://hooks.example.com/",		/* https only */
	    "https://127.0.0.1/",
	    "https://127.0.0.1:8443/hook",
	    "https://10.1.2.3/",
	    "https://192.168.0.10/hook",
	    "https://169.254.169.254/latest/meta-data/",
	    "https://100.64.0.1/",
	    "https://0.0.0.0/",
	    "https://[::1]/",
	    "https://[::1]:8443/",
	    "https://[fe80::1]/",
	    "https://[fd00::1]/",
	    "https://[::ffff:127.0.0.1]/",
	    "https://[::ffff:7f00:1]/",
	    "https://localhost/",
	    "https://LOCALHOST:8443/",
	    "https://api.localhost/",
	    "https://2130706433/",			/* 127.0.0.1 as a number */
	    "https://0x7f.1/",
	    "https://127.1/",
	    "https://0177.0.0.1/",
	    "https://user:pw@hooks.example.com/",
	    "https://hooks.example.com@10.0.0.1/",
	    "https://hooks.example.com:0/",
	    "https://hooks.example.com:65536/",
	    "https://hooks.example.com:/",
	    "https://hooks.example.com:44x/",
	    "https://hooks.example.com/#frag",
	    "https://hooks example.com/",
	    "https://hooks.example.com/a b",
	    "https://hooks.example.com/\xc3\xa9",
	    "https://hooks.example.com/\n",
	    "https://",
	    "https:///path",
	    "https://[::1/",
	    "https://[1.2.3.4]/",
	    "https://[hooks.example.com]/",
	    "https://[fe80::1%25eth0]/",
	    "https://-hooks.example.com/",
	    "https://hooks-.example.com/",
	    "https://hooks..example.com/",
	    "https://hooks.example.com./",
	    "https://hooks_1.example.com/",
	    "https://8.8.8.8.8/",
	    "https://hooks.example.123/",
	    NULL };
	static const char *const accepted[] = {
	    "https://hooks.example.com/",
	    "https://hooks.example.com",
	    "HTTPS://Hooks.Example.COM/Path?q=1&r=%20",
	    "https://hooks.example.com:8443/tenant/acme?sig=v1",
	    "https://8.8.8.8/hook",
	    "https://[2001:4860:4860::8888]:8443/hook",
	    "https://[::ffff:8.8.8.8]/",
	    "https://xn--bcher-kva.example/",
	    "https://a.b.c.d.e.example.co.uk/x",
	    "https://localhost.example.com/",
	    NULL };
	struct webhook_url	 u;
	struct webhook_addrs	 addrs;
	char			 big[WEBHOOK_URL_MAX + 64], err[256];
	char			 secret[WEBHOOK_SECRET_SIZE], other[WEBHOOK_SECRET_SIZE];
	char			 back[WEBHOOK_SECRET_SIZE], sig[WEBHOOK_SIG_SIZE];
	unsigned char		 key[32], key2[32], box[WEBHOOK_BOX_LEN];
	unsigned char		 box2[WEBHOOK_BOX_LEN];
	int			 i, bad;

	log_init("test", LOG_ERR);
	if (sodium_init() < 0)
		return 1;

	/* Addresses. */
	for (bad = 0, i = 0; private4[i] != NULL; i++)
		if (public(private4[i]) != 0) {
			bad++;
			printf("# %s taken for public\n", private4[i]);
		}
	ok(bad == 0, "%d non-public IPv4 addresses refused", i);
	for (bad = 0, i = 0; public4[i] != NULL; i++)
		if (public(public4[i]) != 1) {
			bad++;
			printf("# %s taken for non-public\n", public4[i]);
		}
	ok(bad == 0, "%d public IPv4 addresses (next to the ranges) accepted",
	    i);
	for (bad = 0, i = 0; private6[i] != NULL; i++)
		if (public(private6[i]) != 0) {
			bad++;
			printf("# %s taken for public\n", private6[i]);
		}
	ok(bad == 0, "%d non-public IPv6 addresses refused (mapped, NAT64, "
	    "Teredo, 6to4, ULA, link-local, multicast...)", i);
	for (bad = 0, i = 0; public6[i] != NULL; i++)
		if (public(public6[i]) != 1) {
			bad++;
			printf("# %s taken for non-public\n", public6[i]);
		}
	ok(bad == 0, "%d public IPv6 addresses accepted (mapped and NAT64 "
	    "of public IPv4 too)", i);

	/* URLs, without webhook_allow_private. */
	for (bad = 0, i = 0; refused[i] != NULL; i++)
		if (url_ok(refused[i], 0)) {
			bad++;
			printf("# %s accepted\n", refused[i]);
		}
	ok(bad == 0, "%d bad or non-public URLs refused", i);
	for (bad = 0, i = 0; accepted[i] != NULL; i++)
		if (!url_ok(accepted[i], 0)) {
			bad++;
			printf("# %s refused: %s\n", accepted[i],
			    webhook_url_parse(accepted[i], 0, NULL));
		}
	ok(bad == 0, "%d public https URLs accepted", i);
	ok(strstr(webhook_url_parse("http://hooks.example.com/", 0, NULL),
	    "https") != NULL, "http: the reason says https");
	ok(strstr(webhook_url_parse("https://10.0.0.1/", 0, NULL),
	    "private") != NULL, "a private address: the reason says so");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "https://h.example/", 18);
	ok(!url_ok(big, 0), "a URL over 1024 bytes refused");
	big[WEBHOOK_URL_MAX] = '\0';
	ok(url_ok(big, 0), "a URL of 1024 bytes accepted");
	ok(url_ok("https://hooks.example.com:8443/x", 0) &&
	    webhook_url_parse("https://hooks.example.com:8443/x", 0, &u) ==
	    NULL && u.https && u.port == 8443 && !u.literal &&
	    strcmp(u.host, "hooks.example.com") == 0, "host and port parsed");
	ok(webhook_url_parse("https://[2001:4860:4860::8888]/", 0, &u) == NULL &&
	    u.literal && u.port == 443 && strcmp(u.host,
	    "2001:4860:4860::8888") == 0, "an IPv6 literal, default port 443");

	/* With webhook_allow_private (the tests' configuration). */
	ok(url_ok("http://127.0.0.1:8080/hook", 1), "allow_private: http to "
	    "127.0.0.1");
	ok(webhook_url_parse("http://127.0.0.1:8080/", 1, &u) == NULL &&
	    !u.https && u.port == 8080 && u.literal, "  parsed");
	ok(url_ok("http://localhost/", 1) && url_ok("https://[::1]:9/", 1) &&
	    url_ok("https://10.0.0.1/", 1), "allow_private: localhost, ::1, "
	    "10.0.0.1");
	ok(!url_ok("ftp://127.0.0.1/", 1) && !url_ok("http://u@127.0.0.1/", 1)
	    && !url_ok("http://2130706433/", 1), "allow_private: still no "
	    "ftp, user names or odd address forms");

	/* After DNS: the name's addresses are what is checked. */
	webhook_url_parse("https://localhost:8443/", 1, &u);
	ok(webhook_resolve(&u, 0, &addrs, err, sizeof(err)) != NULL &&
	    addrs.n == 0 && strstr(err, "not a public address") != NULL,
	    "localhost resolved, then refused: %s", err);
	i = webhook_resolve(&u, 1, &addrs, err, sizeof(err)) == NULL;
	ok(i && addrs.n >= 1 && !webhook_addr_public((struct sockaddr *)
	    &addrs.a[0]), "allow_private: localhost resolves (%d "
	    "address(es))", addrs.n);
	ok(addrs.n >= 1 && (addrs.a[0].ss_family == AF_INET ?
	    ntohs(((struct sockaddr_in *)&addrs.a[0])->sin_port) :
	    ntohs(((struct sockaddr_in6 *)&addrs.a[0])->sin6_port)) == 8443,
	    "  with the URL's port");
	webhook_url_parse("http://127.0.0.1:9/", 1, &u);
	ok(webhook_resolve(&u, 1, &addrs, err, sizeof(err)) == NULL &&
	    addrs.n == 1, "a literal is its own address");
	ok(webhook_resolve(&u, 0, &addrs, err, sizeof(err)) != NULL,
	    "  refused when private addresses are not allowed");
	webhook_url_parse("https://no-such-host.invalid/", 0, &u);
	ok(webhook_resolve(&u, 0, &addrs, err, sizeof(err)) != NULL &&
	    addrs.n == 0, "a name that does not resolve: %s", err);

	/* The secret, sealed. */
	webhook_secret_new(secret);
	webhook_secret_new(other);
	ok(strlen(secret) == WEBHOOK_SECRET_LEN && strncmp(secret, "whsec_",
	    6) == 0 && strspn(secret + 6, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_") == 43,
	    "a secret: whsec_ and 43 base64url characters");
	ok(strcmp(secret, other) != 0, "two secrets differ");
	randombytes_buf(key, sizeof(key));
	randombytes_buf(key2, sizeof(key2));
	webhook_seal(key, "acme", secret, box);
	ok(!holds(box, sizeof(box), secret + 6, 16),
	    "the box does not hold the secret in clear");
	ok(webhook_open(key, "acme", box, sizeof(box), back) == 0 &&
	    strcmp(back, secret) == 0, "the box opens with the key and tenant");
	ok(webhook_open(key, "acme2", box, sizeof(box), back) == -1 &&
	    back[0] == '\0', "  not for another tenant");
	ok(webhook_open(key2, "acme", box, sizeof(box), back) == -1,
	    "  not with another server key");
	box[30] ^= 1;
	ok(webhook_open(key, "acme", box, sizeof(box), back) == -1,
	    "  not once tampered with");
	box[30] ^= 1;
	ok(webhook_open(key, "acme", box, sizeof(box) - 1, back) == -1 &&
	    webhook_open(key, "acme", NULL, 0, back) == -1,
	    "  not cut short, nor absent");
	webhook_seal(key, "acme", secret, box2);
	ok(memcmp(box2, box, sizeof(box)) != 0,
	    "sealing twice gives two boxes (a fresh nonce)");

	/* The signature: RFC 4231-style known answer, then the format. */
	webhook_sign("key", "The quick brown fox jumps over the lazy dog", 43,
	    sig);
	ok(strcmp(sig, "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175"
	    "997479dbc2d1a3cd8") == 0, "HMAC-SHA256 known answer: %s", sig);
	webhook_sign(secret, "{}", 2, sig);
	ok(strlen(sig) == 71 && strncmp(sig, "sha256=", 7) == 0,
	    "sha256= and 64 hex digits");
	return tap_done();
}
