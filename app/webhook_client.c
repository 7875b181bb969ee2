/* SPDX-License-Identifier: ISC */
/*
 * The webhook client (tenantctl only: it links libcurl): one signed POST,
 * short timeouts, no redirects, no proxy, and only to addresses checked
 * against the SSRF rules, pinned so that DNS cannot move them.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include "webhook.h"

#define WEBHOOK_CONNECT_TIMEOUT	5	/* seconds */
#define WEBHOOK_TOTAL_TIMEOUT	10
#define WEBHOOK_CLIENT_SIG_HEADER	"X-Tenant-Api-Signature: "

struct webhook_pin {
	const struct webhook_addrs	*addrs;
	int				 refused;
};

void
webhook_client_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void
webhook_client_cleanup(void)
{
	curl_global_cleanup();
}

static int
webhook_client_same(const struct sockaddr_storage *a, const struct sockaddr *b)
{
	const struct sockaddr_in	*a4 = (const struct sockaddr_in *)a;
	const struct sockaddr_in	*b4 = (const struct sockaddr_in *)b;
	const struct sockaddr_in6	*a6 = (const struct sockaddr_in6 *)a;
	const struct sockaddr_in6	*b6 = (const struct sockaddr_in6 *)b;

	if (a->ss_family != b->sa_family)
		return 0;
	if (a->ss_family == AF_INET)
		return a4->sin_port == b4->sin_port &&
		    a4->sin_addr.s_addr == b4->sin_addr.s_addr;
	return a6->sin6_port == b6->sin6_port &&
	    memcmp(&a6->sin6_addr, &b6->sin6_addr, sizeof(a6->sin6_addr)) == 0;
}

/*
 * The last word before any connection: a socket only for an address that
 * was checked, whatever libcurl was told or found.
 */
static curl_socket_t
webhook_client_socket(void *arg, curlsocktype purpose,
    struct curl_sockaddr *addr)
{
	struct webhook_pin	*pin = arg;
	int			 i;

	if (purpose == CURLSOCKTYPE_IPCXN)
		for (i = 0; i < pin->addrs->n; i++)
			if (webhook_client_same(&pin->addrs->a[i],
			    &addr->addr))
				return socket(addr->family, addr->socktype,
				    addr->protocol);
	pin->refused = 1;
	return CURL_SOCKET_BAD;
}

/* The answer's body is not read: nobody looks at it. */
static size_t
webhook_client_discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* "host:port:addr,addr": libcurl's DNS cache holds these and nothing else. */
static struct curl_slist *
webhook_client_resolve(const struct webhook_url *u,
    const struct webhook_addrs *addrs)
{
	char	 entry[300 + WEBHOOK_ADDRS_MAX * 50], text[64];
	size_t	 len;
	int	 i;

	len = (size_t)snprintf(entry, sizeof(entry), "%s:%u:", u->host,
	    u->port);
	for (i = 0; i < addrs->n && len < sizeof(entry); i++) {
		webhook_addr_text((const struct sockaddr *)&addrs->a[i], text,
		    sizeof(text));
		len += (size_t)snprintf(entry + len, sizeof(entry) - len,
		    addrs->a[i].ss_family == AF_INET6 ? "%s[%s]" : "%s%s",
		    i > 0 ? "," : "", text);
	}
	return curl_slist_append(NULL, entry);
}

int
webhook_client_post(const char *url, int allow_private, const char *body,
    size_t len, const char *signature, struct webhook_delivery *d)
{
	struct webhook_url	 u;
	struct webhook_addrs	 addrs;
	struct webhook_pin	 pin = { &addrs, 0 };
	struct curl_slist	*headers = NULL, *resolve = NULL, *h;
	char			 sig[sizeof(WEBHOOK_CLIENT_SIG_HEADER) +
				    WEBHOOK_SIG_SIZE];
	char			 cerr[CURL_ERROR_SIZE] = "";
	const char		*why;
	CURL			*c;
	CURLcode		 rc;

	memset(d, 0, sizeof(*d));
	/* The rules as configured now, whatever they were when it was set. */
	if ((why = webhook_url_parse(url, allow_private, &u)) != NULL) {
		snprintf(d->error, sizeof(d->error), "refused: the URL %s",
		    why);
		return -1;
	}
	if (webhook_resolve(&u, allow_private, &addrs, d->error,
	    sizeof(d->error)) != NULL)
		return -1;
	if ((c = curl_easy_init()) == NULL) {
		snprintf(d->error, sizeof(d->error), "curl_easy_init failed");
		return -1;
	}
	snprintf(sig, sizeof(sig), WEBHOOK_CLIENT_SIG_HEADER "%s", signature);
	if ((h = curl_slist_append(headers, "Content-Type: application/json"))
	    != NULL)
		headers = h;
	if ((h = curl_slist_append(headers, sig)) != NULL)
		headers = h;
	/* No "Expect: 100-continue" round trip for a small body. */
	if ((h = curl_slist_append(headers, "Expect:")) != NULL)
		headers = h;
	if (!u.literal && (resolve = webhook_client_resolve(&u, &addrs)) ==
	    NULL) {
		snprintf(d->error, sizeof(d->error), "out of memory");
		goto done;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "tenantapi-notify/" VERSION);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, allow_private ?
	    "http,https" : "https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	/* An environment's proxy would connect where no rule looked. */
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)WEBHOOK_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)WEBHOOK_TOTAL_TIMEOUT);
	if (resolve != NULL)
		curl_easy_setopt(c, CURLOPT_RESOLVE, resolve);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, webhook_client_socket);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &pin);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, webhook_client_discard);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);

	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &d->status);
	if (rc != CURLE_OK) {
		if (pin.refused)
			snprintf(d->error, sizeof(d->error), "refused: a "
			    "connection to an address that was not checked");
		else if (rc == CURLE_OPERATION_TIMEDOUT)
			snprintf(d->error, sizeof(d->error), "timed out: %s",
			    cerr[0] ? cerr : curl_easy_strerror(rc));
		else
			snprintf(d->error, sizeof(d->error), "%s",
			    cerr[0] ? cerr : curl_easy_strerror(rc));
	} else if (d->status < 200 || d->status > 299)
		snprintf(d->error, sizeof(d->error), "answered HTTP %ld%s",
		    d->status, d->status >= 300 && d->status < 400 ?
		    " (redirects are not followed)" : "");
done:
	curl_easy_cleanup(c);
	curl_slist_free_all(headers);
	curl_slist_free_all(resolve);
	return d->error[0] == '\0' ? 0 : -1;
}
