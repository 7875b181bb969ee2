/* SPDX-License-Identifier: ISC */
/*
 * Cockpit sessions and CSRF: a session is a random cookie whose keyed
 * hash names a row in MariaDB (any worker serves it), bound to the secret
 * it was opened with; a form's CSRF token is derived from the session.
 */
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "app.h"
#include "auth.h"
#include "cockpit.h"
#include "cockpit_session.h"
#include "config.h"
#include "db.h"
#include "http.h"

#define COOKIE_SESSION	"cockpit_session"
#define COOKIE_PRE	"cockpit_pre"	/* CSRF for the sign-in form */
#define COOKIE_LEN	43		/* 32 bytes in unpadded base64url */

static void
cockpit_b64(const unsigned char *bin, size_t n, char *out, size_t outlen)
{
	sodium_bin2base64(out, outlen, bin, n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* Keyed hashes with a purpose prefix, so no value doubles as another. */
static void
cockpit_mac(struct request *req, const char *purpose, const char *value,
    unsigned char out[32])
{
	crypto_generichash_state	 st;

	crypto_generichash_init(&st, req->app->cfg->server_key, 32, 32);
	crypto_generichash_update(&st, (const unsigned char *)purpose,
	    strlen(purpose) + 1);
	crypto_generichash_update(&st, (const unsigned char *)value,
	    strlen(value));
	crypto_generichash_final(&st, out, 32);
}

static int
cockpit_cookie_ok(const char *v)
{
	size_t	 i;

	if (v == NULL || strlen(v) != COOKIE_LEN)
		return 0;
	for (i = 0; i < COOKIE_LEN; i++)
		if (!((v[i] >= 'a' && v[i] <= 'z') || (v[i] >= 'A' &&
		    v[i] <= 'Z') || (v[i] >= '0' && v[i] <= '9') ||
		    v[i] == '-' || v[i] == '_'))
			return 0;
	return 1;
}

/*
 * 1 with req->caller set from the session's token, 0 without a usable
 * session (the caller shows the sign-in page), -1 when the database is
 * down. A session ends with the secret it was opened with (rotated out,
 * revoked, expired), its tenant, or its lifetimes: read on every request,
 * so at once (SPEC §7).
 */
int
cockpit_authenticate(struct request *req)
{
	struct token_auth	 ta;
	unsigned char		 hash[32];
	const char		*cookie;
	time_t			 created, seen, now = time(NULL);
	const struct config	*cfg = req->app->cfg;
	int			 rc;

	cookie = request_cookie(req, COOKIE_SESSION);
	if (!cockpit_cookie_ok(cookie))
		return 0;
	cockpit_mac(req, "session", cookie, hash);
	rc = db_session_get(req->app->db, hash, &ta, &created, &seen);
	if (rc == DB_NOTFOUND)
		return 0;
	if (rc != DB_OK)
		return -1;
	if (now - created > (time_t)cfg->session_max ||
	    now - seen > (time_t)cfg->session_idle ||
	    authn_verdict(&ta, now) != AUTHN_OK) {
		db_session_delete(req->app->db, hash);
		return 0;
	}
	/* From outside the token's addresses: not this session, here. */
	if ((rc = authn_address(req->app, &ta, req->remote_addr)) != AUTHN_OK)
		return rc == AUTHN_UNAVAILABLE ? -1 : 0;
	if (now - seen >= 60)
		db_session_touch(req->app->db, hash);
	/* The session acts as the secret it was opened with (ta.hash). */
	authn_principal(&req->caller, &ta);
	req->authenticated = 1;
	req->session = cookie;
	return 1;
}

/* Starts a session for req->caller: the cookie, and its row. */
int
cockpit_session_start(struct request *req)
{
	unsigned char	 rnd[32], hash[32];
	char		 cookie[COOKIE_LEN + 1];
	int		 rc;

	randombytes_buf(rnd, sizeof(rnd));
	cockpit_b64(rnd, sizeof(rnd), cookie, sizeof(cookie));
	sodium_memzero(rnd, sizeof(rnd));
	cockpit_mac(req, "session", cookie, hash);
	rc = db_session_insert(req->app->db, hash, req->caller.token_id,
	    req->caller.secret, req->remote_addr);
	if (rc == DB_OK)
		resp_header(req, "Set-Cookie", COOKIE_SESSION "=%s; Path=/cockpit/;"
		    " Max-Age=%u; HttpOnly; SameSite=Strict%s", cookie,
		    req->app->cfg->session_max, req->https ? "; Secure" : "");
	req->session = arena_strdup(&req->arena, cookie);
	sodium_memzero(cookie, sizeof(cookie));
	return rc;
}

void
cockpit_session_end(struct request *req)
{
	unsigned char	 hash[32];

	if (req->session != NULL) {
		cockpit_mac(req, "session", req->session, hash);
		db_session_delete(req->app->db, hash);
	}
	resp_header(req, "Set-Cookie", COOKIE_SESSION "=; Path=/cockpit/; "
	    "Max-Age=0; HttpOnly; SameSite=Strict%s",
	    req->https ? "; Secure" : "");
}

/*
 * The CSRF token of a form: derived from the session cookie (or, before
 * sign-in, from a cookie of its own), so nothing needs storing.
 */
static const char *
cockpit_csrf_value(struct request *req)
{
	unsigned char	 rnd[32], mac[32];
	char		*pre, *out;

	if (req->session == NULL) {
		pre = (char *)request_cookie(req, COOKIE_PRE);
		if (!cockpit_cookie_ok(pre)) {
			randombytes_buf(rnd, sizeof(rnd));
			pre = arena_alloc(&req->arena, COOKIE_LEN + 1);
			cockpit_b64(rnd, sizeof(rnd), pre, COOKIE_LEN + 1);
			resp_header(req, "Set-Cookie", COOKIE_PRE "=%s; "
			    "Path=/cockpit/; HttpOnly; SameSite=Strict%s", pre,
			    req->https ? "; Secure" : "");
		}
		cockpit_mac(req, "csrf-pre", pre, mac);
	} else
		cockpit_mac(req, "csrf", req->session, mac);
	out = arena_alloc(&req->arena, COOKIE_LEN + 1);
	cockpit_b64(mac, sizeof(mac), out, COOKIE_LEN + 1);
	return out;
}

void
cockpit_csrf_field(struct request *req)
{
	cockpit_printf(req, "<input type=\"hidden\" name=\"csrf\" "
	    "value=\"%s\">", cockpit_csrf_value(req));
}

/* The form's csrf field matches; it is removed from the input after. */
int
cockpit_csrf_ok(struct request *req)
{
	json_t		*v = json_object_get(req->input_json, "csrf");
	const char	*got, *want;
	int		 ok = 0;

	if (req->session == NULL && !cockpit_cookie_ok(request_cookie(req,
	    COOKIE_PRE)))
		return 0;
	if (json_is_string(v)) {
		got = json_string_value(v);
		want = cockpit_csrf_value(req);
		ok = strlen(got) == COOKIE_LEN &&
		    sodium_memcmp(got, want, COOKIE_LEN) == 0;
	}
	json_object_del(req->input_json, "csrf");
	return ok;
}
