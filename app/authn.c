/* SPDX-License-Identifier: ISC */
/* Authentication: bearer token to principal, failing closed. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "app.h"
#include "auth.h"
#include "buf.h"
#include "cache.h"
#include "cidr.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "outcome.h"
#include "text.h"
#include "token.h"

static const struct {
	const char	*label;		/* metrics */
	const char	*reason;	/* problem detail */
} authn_text[AUTHN__MAX] = {
	[AUTHN_OK] = { "allowed", "ok" },
	[AUTHN_MISSING] = { "missing", "a bearer token is required" },
	[AUTHN_MALFORMED] = { "malformed", "the token is malformed" },
	[AUTHN_UNKNOWN] = { "unknown", "the token is not known" },
	[AUTHN_PENDING] = { "pending", "the token was never saved" },
	[AUTHN_EXPIRED] = { "expired", "the token has expired" },
	[AUTHN_REVOKED] = { "revoked", "the token was revoked" },
	[AUTHN_ROTATED] = { "rotated",
	    "the token was rotated: use its new secret" },
	[AUTHN_SUSPENDED] = { "suspended", "the token's tenant is suspended" },
	[AUTHN_UNAVAILABLE] = { "unavailable",
	    "the database is not answering" },
	[AUTHN_ADDRESS] = { "address_not_allowed",
	    "the token is not allowed from this address" },
};

const char *
authn_reason(int r)
{
	return r >= 0 && r < AUTHN__MAX ? authn_text[r].reason : "?";
}

const char *
authn_label(int r)
{
	return r >= 0 && r < AUTHN__MAX ? authn_text[r].label : "?";
}

/*
 * Notes the address a token was used from (last_used_ips), to write after
 * the answer: once a minute a token and address, for the host when the
 * token's cache entry remembers it (the common case: one address), else
 * for this worker. 1 when ta changed.
 */
static int
authn_note_ip(struct app *app, struct token_auth *ta, const char *addr,
    time_t minute)
{
	struct cidr	 a;
	char		 text[CIDR_TEXT_SIZE], *slash;
	uint64_t	 key = 1469598103934665603ULL, seen;
	const char	*p;
	size_t		 k;
	int		 fresh;

	if (cidr_addr(addr, &a) == -1)
		return 0;	/* not an address (a test's FastCGI client) */
	cidr_format(&a, text);	/* IPv4-mapped IPv6 as IPv4 */
	if ((slash = strchr(text, '/')) != NULL)
		*slash = '\0';
	for (p = text; *p != '\0'; p++)
		key = (key ^ (unsigned char)*p) * 1099511628211ULL;
	if (ta->ip_key == (uint32_t)key && ta->ip_minute == minute / 60)
		return 0;
	fresh = ta->ip_key != (uint32_t)key;
	ta->ip_key = (uint32_t)key;
	ta->ip_minute = (int32_t)(minute / 60);
	for (p = ta->id; *p != '\0'; p++)
		key = (key ^ (unsigned char)*p) * 1099511628211ULL;
	k = key % APP_IPSEEN;
	seen = key ^ (uint64_t)minute;
	if (app->ipseen[k] == seen || app->nips == APP_IPS_MAX)
		return 1;
	app->ipseen[k] = seen;
	memcpy(app->ips[app->nips].id, ta->id, TOKEN_ID_SIZE);
	memcpy(app->ips[app->nips].addr, text, strlen(text) + 1);
	app->ips[app->nips].minute = minute;
	app->ips[app->nips].fresh = fresh;
	app->nips++;
	return 1;
}

/* Notes a use to write after the answer: at most once a minute a token. */
static void
authn_note_use(struct app *app, struct token_auth *ta, const char *addr,
    time_t now)
{
	time_t	 minute = now - now % 60;
	int	 changed;

	changed = authn_note_ip(app, ta, addr, minute);
	if (ta->last_used_at < minute) {
		ta->last_used_at = minute;
		changed = 1;
		/* A repeat (another worker's cache miss) does no harm. */
		if (app->nusage < APP_USAGE_MAX) {
			memcpy(app->usage[app->nusage].id, ta->id,
			    TOKEN_ID_SIZE);
			app->usage[app->nusage].minute = minute;
			app->nusage++;
		}	/* else: flushed after this request, seen again soon */
	}
	/* The cached entry notes it too: once a minute a host, not a worker. */
	if (changed && app->cache != NULL)
		cache_touch(app->cache, ta);
}

struct authn_uses {
	struct buf	 uses;
	struct buf	 ips;
	struct buf	 trim;		/* the tokens seen from a new address */
};

/* The JSON text of a list, NULL for an empty one. */
static const char *
authn_list(const struct buf *b)
{
	return b->len > 0 ? b->p : NULL;
}

static int
authn_usage_tx(struct db *db, void *arg)
{
	struct authn_uses	*u = arg;

	return db_token_uses(db, authn_list(&u->uses), authn_list(&u->ips),
	    authn_list(&u->trim));
}

/*
 * The notes as JSON arrays for db_token_uses, written directly: token ids,
 * addresses (as cidr_format writes them) and times need no escaping, and
 * a batch of 2 048 notes is then two strings, not some 14 000 JSON values.
 */
static void
authn_uses_json(struct app *app, struct authn_uses *u)
{
	char	 at[TEXT_SQLTIME_SIZE];
	time_t	 minute = -1;
	int	 i;

	for (i = 0; i < app->nusage; i++) {
		if (app->usage[i].minute != minute)
			text_sqltime(minute = app->usage[i].minute, at);
		buf_printf(&u->uses, "%c[\"%s\",\"%s\"]", i ? ',' : '[',
		    app->usage[i].id, at);
	}
	for (i = 0; i < app->nips; i++) {
		if (app->ips[i].minute != minute)
			text_sqltime(minute = app->ips[i].minute, at);
		buf_printf(&u->ips, "%c[\"%s\",\"%s\",\"%s\"]",
		    i ? ',' : '[', app->ips[i].id, app->ips[i].addr, at);
		if (app->ips[i].fresh)
			buf_printf(&u->trim, "%c[\"%s\"]",
			    u->trim.len ? ',' : '[', app->ips[i].id);
	}
	if (u->uses.len > 0)
		buf_addc(&u->uses, ']');
	if (u->ips.len > 0)
		buf_addc(&u->ips, ']');
	if (u->trim.len > 0)
		buf_addc(&u->trim, ']');
}

void
authn_flush_usage(struct app *app, int now)
{
	struct authn_uses	 u;
	time_t			 t = time(NULL);
	int			 rc;

	/* One transaction every 10 s at most, not one per token and minute. */
	if ((app->nusage == 0 && app->nips == 0) || (!now &&
	    app->nusage < APP_USAGE_MAX && app->nips < APP_IPS_MAX &&
	    t < app->next_usage_flush))
		return;
	app->next_usage_flush = t + 10;
	memset(&u, 0, sizeof(u));
	authn_uses_json(app, &u);
	rc = db_tx(app->db, authn_usage_tx, &u);
	buf_free(&u.uses);
	buf_free(&u.ips);
	buf_free(&u.trim);
	if (rc != DB_OK)
		log_warnx("last_used_at of %d token(s), %d address(es) not "
		    "written", app->nusage, app->nips);
	app->nusage = 0;
	app->nips = 0;
}

static int
authn_first_use_tx(struct db *db, void *arg)
{
	struct app	*app = arg;
	int		 i, rc;

	for (i = 0; i < app->nfirst; i++)
		if ((rc = db_secret_first_use(db, app->first_use[i])) !=
		    DB_OK && rc != DB_NOTFOUND)
			return rc;
	return DB_OK;
}

void
authn_flush_first_use(struct app *app)
{
	if (app->nfirst == 0)
		return;
	if (db_tx(app->db, authn_first_use_tx, app) != DB_OK)
		log_warnx("the first use of %d rotated secret(s) not written: "
		    "their old secrets end with their grace", app->nfirst);
	sodium_memzero(app->first_use, sizeof(app->first_use));
	app->nfirst = 0;
}

/*
 * Whether the token may be used from addr: its allowed_cidrs, the whole
 * list when the cache held its first ranges only.
 */
int
authn_address(struct app *app, struct token_auth *ta, const char *addr)
{
	struct cidr	 a;
	char		 list[1600];

	if (ta->ncidr == 0 && !(ta->flags & TA_MORE_CIDRS))
		return AUTHN_OK;
	if (cidr_addr(addr, &a) == -1)
		return AUTHN_ADDRESS;
	if (cidr_match(ta->cidr, ta->ncidr, &a))
		return AUTHN_OK;
	if (!(ta->flags & TA_MORE_CIDRS))
		return AUTHN_ADDRESS;
	if (db_auth_cidrs(app->db, ta->hash, list, sizeof(list)) != DB_OK)
		return AUTHN_UNAVAILABLE;
	db_token_cidrs(list, ta);
	return cidr_match(ta->cidr, ta->ncidr, &a) ? AUTHN_OK : AUTHN_ADDRESS;
}

/* The verdict on a token's row, the same whether cached or just read. */
int
authn_verdict(const struct token_auth *ta, time_t now)
{
	switch (ta->status) {
	case TS_UNKNOWN:
		return AUTHN_UNKNOWN;
	case TS_PENDING:
		return AUTHN_PENDING;
	case TS_ACTIVE:
		break;
	default:
		return AUTHN_REVOKED;
	}
	if (ta->tenant_status == TTS_DELETED)
		return AUTHN_REVOKED;
	if (ta->not_after != 0 && ta->not_after <= now)
		return AUTHN_ROTATED;
	if (ta->expires_at != 0 && ta->expires_at <= now)
		return AUTHN_EXPIRED;
	if (ta->tenant_status != TTS_ACTIVE)
		return AUTHN_SUSPENDED;
	return AUTHN_OK;
}

/* What the database says about hash now, kept in the cache for the gate. */
static int
authn_lookup(struct app *app, const unsigned char hash[TOKEN_HASH_LEN],
    struct token_auth *row)
{
	uint64_t	 ticket;
	int		 rc;

	ticket = app->cache != NULL ? cache_ticket(app->cache) : 0;
	rc = db_token_auth(app->db, hash, row);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return AUTHN_UNAVAILABLE;
	if (rc == DB_NOTFOUND ||
	    sodium_memcmp(hash, row->hash, TOKEN_HASH_LEN) != 0) {
		memset(row, 0, sizeof(*row));
		memcpy(row->hash, hash, TOKEN_HASH_LEN);
		row->status = TS_UNKNOWN;
	}
	if (app->cache != NULL && row->status != TS_PENDING)
		cache_put(app->cache, row, ticket);
	return AUTHN_OK;
}

int
authn_token(struct app *app, const char *tok, size_t len, const char *addr,
    int present, struct principal *p)
{
	struct token_auth	 row;
	unsigned char		 hash[TOKEN_HASH_LEN];
	time_t			 now = time(NULL);
	int			 rc, hit;

	/* The checksum refuses typos and guesses before any database work. */
	if (token_check(tok, len) == -1)
		return AUTHN_MALFORMED;
	token_hash(app->cfg->server_key, tok, len, hash);
	/*
	 * The cache answers only while it has seen every recent change. It
	 * keeps refusals too: a revoked, expired or unknown token presented
	 * again and again costs no query. Those turn good only through a
	 * change, which the cache sees within check_ms (an unknown hash
	 * never: no one holds a secret before it is made). A pending token
	 * is not kept: it turns good when saved, and must work at once.
	 */
	hit = app->cache != NULL && cache_fresh(app->cache, app->db) == 0 &&
	    cache_get(app->cache, hash, &row);
	if (!hit && (rc = authn_lookup(app, hash, &row)) != AUTHN_OK)
		return rc;
	rc = authn_verdict(&row, now);
	/*
	 * present: a refusal from the cache is checked with the database (a
	 * tenant reactivated a moment ago works at once on the management
	 * API); the gate keeps its cached refusals, within the 1 s bound.
	 */
	if (rc != AUTHN_OK && hit && present) {
		if ((rc = authn_lookup(app, hash, &row)) != AUTHN_OK)
			return rc;
		rc = authn_verdict(&row, now);
	}
	if (rc != AUTHN_OK || (rc = authn_address(app, &row, addr)) != AUTHN_OK)
		return rc;
	authn_principal(p, &row);
	authn_note_use(app, &row, addr, now);
	return AUTHN_OK;
}

void
authn_principal(struct principal *p, const struct token_auth *ta)
{
	memset(p, 0, sizeof(*p));
	memcpy(p->token_id, ta->id, sizeof(p->token_id) - 1);
	memcpy(p->tenant, ta->tenant, sizeof(p->tenant) - 1);
	p->perms = ta->perms;
	p->expires_at = ta->expires_at;
	memcpy(p->secret, ta->hash, sizeof(p->secret));
	p->rate_limit = ta->rate_limit;
	p->first_use = (ta->flags & TA_FIRST_USE) != 0;
}

int
authn_recheck(struct db *db, struct principal *p, unsigned int need,
    int claim, struct outcome *out)
{
	struct token_auth	 ta;
	int			 rc, verdict;

	if (p->cli)
		return DB_OK;
	/*
	 * The claim comes first: on one node it waits for a revoke of the
	 * caller in flight, and the read after it sees that revoke.
	 */
	rc = claim ? db_token_claim(db, p->token_id) : DB_OK;
	if (rc == DB_OK)
		rc = db_token_auth(db, p->secret, &ta);
	if (rc == DB_NOTFOUND ||
	    (rc == DB_OK && sodium_memcmp(ta.hash, p->secret,
	    sizeof(p->secret)) != 0))
		verdict = AUTHN_UNKNOWN;
	else if (rc != DB_OK)
		return rc;
	else
		verdict = authn_verdict(&ta, time(NULL));
	if (verdict != AUTHN_OK)
		return outcome_refuse(out, OUTCOME_UNAUTHORIZED, "unauthorized",
		    authn_reason(verdict));
	authn_principal(p, &ta);
	if (need != 0 && !authz_holds(p, need))
		return outcome_refuse(out, OUTCOME_FORBIDDEN, "forbidden",
		    "the token lacks the permission for this");
	return DB_OK;
}

int
authn_request(struct request *req, int present, struct principal *p)
{
	const char	*tok;
	size_t		 len;

	if (request_bearer(req, &tok, &len) == -1)
		return AUTHN_MISSING;
	return authn_token(req->app, tok, len, req->remote_addr, present, p);
}
