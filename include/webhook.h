/* SPDX-License-Identifier: ISC */
/* Tenants' webhooks: which URLs and addresses, the secret, the signature. */
#ifndef WEBHOOK_H
#define WEBHOOK_H

#include <stddef.h>
#include <sys/socket.h>

#define WEBHOOK_URL_MAX		1024	/* bytes (printable ASCII) */
/* "whsec_" and 32 random bytes in unpadded base64url. */
#define WEBHOOK_SECRET_PREFIX	"whsec_"
#define WEBHOOK_SECRET_LEN	49
#define WEBHOOK_SECRET_SIZE	(WEBHOOK_SECRET_LEN + 1)
/* As stored: a nonce (24), the MAC (16) and the sealed secret. */
#define WEBHOOK_BOX_LEN		(24 + 16 + WEBHOOK_SECRET_LEN)
/* "sha256=" and 64 hexadecimal digits. */
#define WEBHOOK_SIG_SIZE	(7 + 64 + 1)
/* Addresses of one host tried (and checked) at most. */
#define WEBHOOK_ADDRS_MAX	8

struct webhook_url {
	int			 https;
	char			 host[256];	/* IPv6 without brackets */
	unsigned int		 port;
	int			 literal;	/* host is an address */
};

struct webhook_addrs {
	struct sockaddr_storage	 a[WEBHOOK_ADDRS_MAX];
	socklen_t		 len[WEBHOOK_ADDRS_MAX];
	int			 n;
};

/*
 * Whether url may be a tenant's webhook: NULL when it may (u filled, u may
 * be NULL), else why not (a phrase that completes "webhook_url ...").
 * Unless allow_private: https only, and no literal address or name that
 * is not public.
 */
const char	*webhook_url_parse(const char *url, int allow_private,
		    struct webhook_url *u);
/* 1 for a public unicast address (not private, loopback, link-local...). */
int		 webhook_addr_public(const struct sockaddr *);
/*
 * The addresses to connect to for u, every one checked (a host with any
 * non-public address is refused whole unless allow_private): NULL, or
 * why not into err.
 */
const char	*webhook_resolve(const struct webhook_url *, int allow_private,
		    struct webhook_addrs *, char *err, size_t errlen);
/* An address as text (no brackets, no port). */
void		 webhook_addr_text(const struct sockaddr *, char *, size_t);

/* A new secret, shown once. */
void	webhook_secret_new(char secret[WEBHOOK_SECRET_SIZE]);
/*
 * Seals a secret for tenant under a key derived from the server key and
 * the tenant id (a box moved to another tenant's row does not open).
 */
void	webhook_seal(const unsigned char server_key[32], const char *tenant,
	    const char *secret, unsigned char box[WEBHOOK_BOX_LEN]);
/* 0 and the secret, or -1 when the box does not open. */
int	webhook_open(const unsigned char server_key[32], const char *tenant,
	    const unsigned char *box, size_t len,
	    char secret[WEBHOOK_SECRET_SIZE]);
/* "sha256=" and the hex HMAC-SHA256 of body keyed with the secret. */
void	webhook_sign(const char *secret, const char *body, size_t len,
	    char sig[WEBHOOK_SIG_SIZE]);

/* webhook_client.c (tenantctl only: it links libcurl) */
struct webhook_delivery {
	long		 status;	/* HTTP status; 0: none */
	char		 error[256];	/* "" when delivered */
};
void	webhook_client_init(void);
void	webhook_client_cleanup(void);
/*
 * POSTs body (JSON) to url with its signature: 0 when answered with 2xx,
 * else -1 and why in d->error. The address connected to is one that
 * webhook_resolve checked, pinned: a name that resolves differently
 * meanwhile is not followed.
 */
int	webhook_client_post(const char *url, int allow_private,
	    const char *body, size_t len, const char *signature,
	    struct webhook_delivery *d);

#endif
