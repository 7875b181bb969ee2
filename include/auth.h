/* SPDX-License-Identifier: ISC */
/* Authentication of bearer tokens and the authorisation decisions. */
#ifndef AUTH_H
#define AUTH_H

#include <stddef.h>
#include <time.h>

struct app;
struct db;
struct outcome;
struct principal;
struct request;
struct token_row;

enum authn_result {
	AUTHN_OK = 0,
	AUTHN_MISSING,		/* no bearer token */
	AUTHN_MALFORMED,	/* bad format or checksum: no database work */
	AUTHN_UNKNOWN,
	AUTHN_PENDING,
	AUTHN_EXPIRED,
	AUTHN_REVOKED,
	AUTHN_ROTATED,		/* a secret replaced by rotation */
	AUTHN_SUSPENDED,	/* its tenant is suspended */
	AUTHN_UNAVAILABLE,	/* database down: fail closed */
	AUTHN_ADDRESS,		/* not from its allowed_cidrs: 403 */
	AUTHN__MAX
};

/* authn.c */
/*
 * The token presented from address addr (REMOTE_ADDR). present: a refusal
 * the cache holds is checked with the database (the management API and
 * the cockpit; the gate trusts the cache within its bound).
 */
int		 authn_token(struct app *, const char *tok, size_t len,
		    const char *addr, int present, struct principal *);
struct token_auth;
/* The verdict on a token's current state, wherever it was read. */
int		 authn_verdict(const struct token_auth *, time_t now);
/* Whether the token may be used from addr (its allowed_cidrs). */
int		 authn_address(struct app *, struct token_auth *,
		    const char *addr);
int		 authn_request(struct request *, int present, struct principal *);
/* A principal from a token's current state (its secret's hash in ta). */
void		 authn_principal(struct principal *, const struct token_auth *);
/*
 * Inside a write's transaction: the caller as it is now (SPEC §7, writes
 * decide on the present), refreshed in place, must still authenticate
 * and hold need. claim also writes the caller's row, for changes that
 * must conflict with its revocation on any node. DB_REFUSED with out
 * filled (401, 403) when it may not act.
 */
int		 authn_recheck(struct db *, struct principal *,
		    unsigned int need, int claim, struct outcome *out);
const char	*authn_reason(int);
const char	*authn_label(int);
/* Writes the last_used_at stamps noted during requests (after answering). */
void		 authn_flush_usage(struct app *, int now);
/* Ends the rotations whose new secret was just used (after answering). */
void		 authn_flush_first_use(struct app *);

/* authz.c: every authorisation decision of the product. */
unsigned int	 authz_method_perm(const char *method);
int		 authz_is_star(const struct principal *);
int		 authz_holds(const struct principal *, unsigned int perms);
int		 authz_sees_tenant(const struct principal *, const char *tenant);
int		 authz_may_grant(const struct principal *, const char *tenant,
		    unsigned int perms, const char **why);
int		 authz_may_manage(const struct principal *,
		    const struct token_row *, const char **why);
int		 authz_may_save(const struct principal *,
		    const struct token_row *);
int		 authz_policy_within(const char *parent_cidrs,
		    unsigned int parent_rate, const char *cidrs,
		    unsigned int rate, const char **why);
/* 1 when the caller would lengthen or drop its own expiry (t as it is). */
int		 authz_self_extension(const struct principal *,
		    const struct token_row *, time_t expires_at);

#endif
