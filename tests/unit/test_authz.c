/* SPDX-License-Identifier: ISC */
/* Unit tests of every authorisation decision: the escalation matrix. */
#include <string.h>

#include "auth.h"
#include "db.h"
#include "http.h"
#include "../tap.h"

#define R	PERM_READ
#define W	PERM_WRITE
#define C	PERM_CREATE
#define D	PERM_DELETE
#define ALL	PERM_ALL

static struct principal
who(const char *tenant, unsigned int perms)
{
	struct principal	 p;

	memset(&p, 0, sizeof(p));
	strcpy(p.token_id, "tok_0123456789abcdef");
	strcpy(p.tenant, tenant);
	p.perms = perms;
	return p;
}

/* Granting: caller (tenant, perms) asks for a token (tenant, perms). */
static const struct {
	const char	*caller;
	unsigned int	 have;
	const char	*tenant;
	unsigned int	 want;
	int		 ok;
} grants[] = {
	/* A tenant token: its own tenant, a subset of its permissions. */
	{ "acme", R | C, "acme", R, 1 },
	{ "acme", R | C, "acme", R | C, 1 },
	{ "acme", R | C, "acme", R | W, 0 },		/* write it lacks */
	{ "acme", R | C, "acme", ALL, 0 },
	{ "acme", R | C, "other", R, 0 },		/* another tenant */
	{ "acme", ALL, "*", R, 0 },			/* all tenants */
	{ "acme", ALL, "acme", ALL, 1 },
	{ "acme", ALL, "acme", 0, 0 },			/* nothing at all */
	/* A * token: any tenant, all tenants, within its permissions. */
	{ "*", ALL, "acme", ALL, 1 },
	{ "*", ALL, "*", ALL, 1 },
	{ "*", R | C, "*", R, 1 },
	{ "*", R | C, "*", R | D, 0 },
	{ "*", R | C, "acme", W, 0 },
};

/* Managing: caller (tenant, perms) acts on a token (tenant, perms). */
static const struct {
	const char	*caller;
	unsigned int	 have;
	const char	*tenant;
	unsigned int	 perms;
	int		 status;	/* 0, 403 or 404 */
} manages[] = {
	{ "acme", R | W, "acme", R, 0 },
	{ "acme", R | W, "acme", R | W, 0 },
	{ "acme", R | W, "acme", R | D, 403 },	/* it holds more */
	{ "acme", ALL, "other", R, 404 },	/* another tenant: not there */
	{ "acme", ALL, "*", R, 404 },		/* a * token: not there */
	{ "*", R | W, "acme", R, 0 },
	{ "*", R | W, "*", ALL, 403 },
	{ "*", ALL, "*", ALL, 0 },
};

int
main(void)
{
	struct principal	 p;
	struct token_row	 t;
	const char		*why;
	size_t			 i;
	int			 got;

	ok(authz_method_perm("GET") == R && authz_method_perm("HEAD") == R,
	    "GET and HEAD need read");
	ok(authz_method_perm("POST") == C, "POST needs create");
	ok(authz_method_perm("PUT") == W && authz_method_perm("PATCH") == W,
	    "PUT and PATCH need write");
	ok(authz_method_perm("DELETE") == D, "DELETE needs delete");
	ok(authz_method_perm("OPTIONS") == 0 && authz_method_perm("get") == 0 &&
	    authz_method_perm("TRACE") == 0, "no permission covers others "
	    "(methods are case-sensitive)");
	ok(authz_method_perm(NULL) == R, "no method: GET");

	p = who("acme", R | C);
	ok(authz_holds(&p, R) && authz_holds(&p, R | C) && !authz_holds(&p, W)
	    && !authz_holds(&p, R | W), "holds: subsets only");
	ok(!authz_holds(&p, 0), "holds: the empty set is never held");
	ok(!authz_is_star(&p) && authz_sees_tenant(&p, "acme") &&
	    !authz_sees_tenant(&p, "acme2") && !authz_sees_tenant(&p, "acm") &&
	    !authz_sees_tenant(&p, "*"), "a tenant token sees its tenant only");
	p = who("*", R);
	ok(authz_is_star(&p) && authz_sees_tenant(&p, "acme") &&
	    authz_sees_tenant(&p, "*"), "a * token sees every tenant");

	for (i = 0; i < sizeof(grants) / sizeof(grants[0]); i++) {
		p = who(grants[i].caller, grants[i].have);
		why = NULL;
		got = authz_may_grant(&p, grants[i].tenant, grants[i].want,
		    &why);
		ok(got == grants[i].ok && (got || why != NULL),
		    "grant: %s token with %#x -> %s with %#x: %s",
		    grants[i].caller, grants[i].have, grants[i].tenant,
		    grants[i].want, grants[i].ok ? "allowed" : "refused");
	}
	for (i = 0; i < sizeof(manages) / sizeof(manages[0]); i++) {
		p = who(manages[i].caller, manages[i].have);
		memset(&t, 0, sizeof(t));
		t.tenant = (char *)manages[i].tenant;
		t.perms = manages[i].perms;
		why = NULL;
		got = authz_may_manage(&p, &t, &why);
		ok(got == manages[i].status && (got != 403 || why != NULL),
		    "manage: %s token with %#x -> %s token with %#x: %d",
		    manages[i].caller, manages[i].have, manages[i].tenant,
		    manages[i].perms, manages[i].status);
	}

	/* Pending tokens belong to their creator (or a * token). */
	memset(&t, 0, sizeof(t));
	t.id = "tok_pendingpendingpe";
	t.tenant = "acme";
	t.created_by = "tok_0123456789abcdef";
	p = who("acme", R | C);
	ok(authz_may_save(&p, &t), "save: the creator");
	t.created_by = "tok_someoneelse00000";
	ok(!authz_may_save(&p, &t), "save: not another token of the tenant");
	p = who("*", C);
	ok(authz_may_save(&p, &t), "save: a * token");

	/* Self-extension: (own expiry, new expiry, refused). */
	{
		static const struct { time_t had, want; int refused; } x[] = {
			{ 1000, 2000, 1 }, { 1000, 0, 1 }, { 1000, 999, 0 },
			{ 1000, 1000, 0 }, { 0, 5000, 0 }, { 0, 0, 0 },
		};

		p = who("acme", ALL);
		memset(&t, 0, sizeof(t));
		t.id = p.token_id;
		for (i = 0; i < sizeof(x) / sizeof(x[0]); i++) {
			t.expires_at = x[i].had;
			ok(authz_self_extension(&p, &t, x[i].want) ==
			    x[i].refused, "own expiry %lld -> %lld: %s",
			    (long long)x[i].had, (long long)x[i].want,
			    x[i].refused ? "refused" : "allowed");
		}
		t.id = "tok_anotheranother00";
		t.expires_at = 1000;
		ok(!authz_self_extension(&p, &t, 0), "another token's expiry is "
		    "not self-extension (lineage rules it)");
	}
	return tap_done();
}
