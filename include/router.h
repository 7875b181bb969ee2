/* SPDX-License-Identifier: ISC */
/* The route table and the dispatcher that runs every check once. */
#ifndef ROUTER_H
#define ROUTER_H

struct request;

/* Tried in this order: the gatekeeper, the hot path, first. */
enum route_id {
	ROUTE_AUTH,
	ROUTE_HEALTH,
	ROUTE_TENANTS_CREATE,
	ROUTE_TENANTS_LIST,
	ROUTE_TENANT_GET,
	ROUTE_TENANT_PATCH,
	ROUTE_TENANT_DELETE,
	ROUTE_TOKENS_CREATE,
	ROUTE_TOKENS_REVOKE_LEAKED,
	ROUTE_TOKENS_LIST,
	ROUTE_TOKEN_SELF,
	ROUTE_TOKEN_GET,
	ROUTE_TOKEN_PATCH,
	ROUTE_TOKEN_ACTIVATE,
	ROUTE_TOKEN_ROTATE,
	ROUTE_TOKEN_DELETE,
	ROUTE_AUDIT,
	ROUTE_METRICS,
	ROUTE_COCKPIT_LIST,
	ROUTE_COCKPIT_LOGIN_FORM,
	ROUTE_COCKPIT_LOGIN,
	ROUTE_COCKPIT_LOGOUT,
	ROUTE_COCKPIT_NEW,		/* before ROUTE_COCKPIT_TOKEN */
	ROUTE_COCKPIT_TOKEN,
	ROUTE_COCKPIT_CREATE,
	ROUTE_COCKPIT_SAVE,
	ROUTE_COCKPIT_ROTATE,
	ROUTE_COCKPIT_REVOKE,
	ROUTE_COCKPIT_ASSET,
	ROUTE__MAX
};

/* Route flags. */
#define R_TOKEN		0x01	/* bearer token required */
#define R_STAR		0x02	/* only "*" tokens */
#define R_BODY		0x04	/* takes a JSON or form body */
#define R_TENANT_PATH	0x08	/* the first path parameter is a tenant id */
#define R_HTML		0x10	/* a cockpit page: answers and errors in HTML */
#define R_SESSION	0x20	/* a cockpit session is required */
#define R_SESSION_OPT	0x40	/* a cockpit session is used when there */
#define R_CSRF		0x80	/* the form must carry the CSRF token */

struct route {
	const char	*method;
	const char	*pattern;	/* "{x}" matches one path segment */
	const char	*name;		/* for logs and metrics */
	unsigned int	 flags;
	unsigned int	 perm;		/* PERM_* the caller must hold */
	int		(*validate)(struct request *);
	void		(*handle)(struct request *);
	/*
	 * Answers input the validator refused (default: 422 problem+json,
	 * or an error page in the cockpit).
	 */
	void		(*invalid)(struct request *);
};

extern const struct route routes[ROUTE__MAX];

/* Finds the route; 0 found, 404 or 405 (with the Allow list) otherwise. */
int	route_match(struct request *, char *allow, size_t allowlen);
void	route_dispatch(struct request *);

#endif
