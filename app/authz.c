/* SPDX-License-Identifier: ISC */
/* Authorisation: scopes, permissions and escalation, decided in one place. */
#include <string.h>

#include "auth.h"
#include "cidr.h"
#include "db.h"
#include "http.h"

/* read = GET/HEAD, create = POST, write = PUT/PATCH, delete = DELETE. */
unsigned int
authz_method_perm(const char *m)
{
	if (m == NULL || strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0)
		return PERM_READ;
	if (strcmp(m, "POST") == 0)
		return PERM_CREATE;
	if (strcmp(m, "PUT") == 0 || strcmp(m, "PATCH") == 0)
		return PERM_WRITE;
	if (strcmp(m, "DELETE") == 0)
		return PERM_DELETE;
	return 0;
}

int
authz_is_star(const struct principal *p)
{
	return strcmp(p->tenant, TENANT_ALL) == 0;
}

int
authz_holds(const struct principal *p, unsigned int perms)
{
	return perms != 0 && (perms & ~p->perms) == 0;
}

/* Objects of a tenant the caller cannot see do not exist for it (404). */
int
authz_sees_tenant(const struct principal *p, const char *tenant)
{
	return authz_is_star(p) || strcmp(p->tenant, tenant) == 0;
}

/* No escalation: within the caller's scope, a subset of its permissions. */
int
authz_may_grant(const struct principal *p, const char *tenant,
    unsigned int perms, const char **why)
{
	if (strcmp(tenant, TENANT_ALL) == 0 && !authz_is_star(p)) {
		*why = "only a token for all tenants can grant all tenants";
		return 0;
	}
	if (!authz_sees_tenant(p, tenant)) {
		*why = "a token can only grant its own tenant";
		return 0;
	}
	if (!authz_holds(p, perms)) {
		*why = "a token cannot grant permissions it does not hold";
		return 0;
	}
	return 1;
}

/*
 * Acting on another token: 404 when the caller cannot see it, 403 when it
 * holds permissions the caller lacks (rotating it would hand them over).
 */
int
authz_may_manage(const struct principal *p, const struct token_row *t,
    const char **why)
{
	if (!authz_sees_tenant(p, t->tenant))
		return 404;
	if ((t->perms & ~p->perms) != 0) {
		*why = "this token holds permissions the caller does not";
		return 403;
	}
	return 0;
}

/*
 * A pending token belongs to its creator: only the token that made it, or
 * a token for all tenants, saves it (SPEC §7). Others are not told it
 * exists: the caller answers 404.
 */
int
authz_may_save(const struct principal *p, const struct token_row *t)
{
	return authz_is_star(p) || strcmp(t->created_by, p->token_id) == 0;
}

/* A token shortens its own expiry, never lengthens or removes it. */
int
authz_self_extension(const struct principal *p, const struct token_row *t,
    time_t expires_at)
{
	return strcmp(t->id, p->token_id) == 0 && t->expires_at != 0 &&
	    (expires_at == 0 || expires_at > t->expires_at);
}

/*
 * No escalation of policies (SPEC §8): a token's address ranges and rate
 * limit are at least as strict as its parent's: every range within one of
 * the parent's (none: any address, so not within a list), a limit no
 * higher. Lists as stored: canonical, comma-separated, NULL for none.
 */
int
authz_policy_within(const char *parent_cidrs, unsigned int parent_rate,
    const char *cidrs, unsigned int rate, const char **why)
{
	struct cidr	 p[CIDR_MAX], c[CIDR_MAX];
	size_t		 np, nc, i;

	np = cidr_list(parent_cidrs, p, CIDR_MAX);
	nc = cidr_list(cidrs, c, CIDR_MAX);
	if (np > 0) {
		for (i = 0; i < nc; i++)
			if (!cidr_match(p, np, &c[i]))
				break;
		if (nc == 0 || i < nc) {
			*why = "a token's allowed_cidrs must lie within those "
			    "of the token that made it";
			return 0;
		}
	}
	if (parent_rate != 0 && (rate == 0 || rate > parent_rate)) {
		*why = "a token's rate_limit_per_minute cannot exceed that of "
		    "the token that made it";
		return 0;
	}
	return 1;
}
