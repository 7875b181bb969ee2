/* SPDX-License-Identifier: ISC */
/* Typed, validated input: what handlers receive instead of raw strings. */
#ifndef VALIDATE_H
#define VALIDATE_H

#include <time.h>

#include <jansson.h>

struct request;

struct tenant_input {
	const char	*id;
	const char	*name;
	const char	*status;	/* NULL: unchanged */
	int		 has_max_days;	/* max_token_lifetime_days given */
	unsigned int	 max_days;	/* 0: no limit */
	int		 has_webhook;	/* webhook_url given */
	const char	*webhook_url;	/* NULL: remove the webhook */
};

struct token_input {
	const char	*name;		/* NULL: unchanged (PATCH) */
	const char	*description;	/* NULL: unchanged (PATCH) */
	const char	*tenant;	/* NULL: the caller's */
	unsigned int	 perms;		/* 0: unchanged (PATCH) */
	int		 has_expires;	/* expires_at given (0 clears it) */
	time_t		 expires_at;
	int		 pending;	/* "status": "pending" */
	unsigned int	 grace;		/* rotate: seconds the old secret lives */
	int		 until_used;	/* rotate: ... or until the new one's use */
	int		 cascade;	/* revoke: the tokens it made too */
	int		 has_cidrs;	/* allowed_cidrs given */
	char		*cidrs;		/* canonical, comma-separated; NULL any */
	int		 has_rate;	/* rate_limit_per_minute given */
	unsigned int	 rate_limit;	/* 0: none */
};

/* POST /tokens/revoke-leaked */
#define LEAKED_MAX	1000
struct leaked_input {
	const char	**tokens;
	size_t		 n;
};

struct list_input {
	unsigned int	 limit;
	long long	 cursor;
	const char	*after;		/* tenants: cursor is an id */
	const char	*tenant;
	const char	*status;
	const char	*q;
	time_t		 since;
	unsigned int	 expiring_within;	/* days; 0: no filter */
};

/* The cockpit's small forms (the token form is a token_input). */
struct cockpit_input {
	const char	*back;		/* the tenant the list showed */
	unsigned int	 expiring;	/* the list showed those expiring: 7 */
	int		 from_token;	/* posted from the token's own page */
	int		 confirm;	/* revoke, rotate: confirmed */
	int		 cascade;	/* revoke: the tokens it made too */
	const char	*token;		/* sign-in: the pasted secret */
	unsigned int	 grace;		/* rotate: seconds the old secret lives */
	int		 until_used;	/* rotate: ... or until the new one's use */
};

#define LIST_LIMIT_DEFAULT	50
#define LIST_LIMIT_MAX		200
#define ROTATE_GRACE_MAX	86400
#define EXPIRING_WITHIN_MAX	365

unsigned int	 validate_perm_bit(const char *, size_t);
const char	*validate_perm_name(unsigned int bit);
int		 validate_tenant_id(const char *);
json_t		*validate_perms_json(unsigned int perms);

/* Route validators: fill req->input, or req->errs and return -1. */
int	validate_tenant_create(struct request *);
int	validate_tenant_patch(struct request *);
int	validate_token_create(struct request *);
int	validate_token_patch(struct request *);
int	validate_token_rotate(struct request *);
int	validate_revoke_leaked(struct request *);
int	validate_token_revoke(struct request *);
int	validate_no_body(struct request *);
/* API routes without a body or query argument: any query argument is 400. */
int	validate_no_query(struct request *);
int	validate_token_activate(struct request *);
int	validate_tenant_list(struct request *);
int	validate_token_list(struct request *);
int	validate_audit_list(struct request *);
/* The cockpit's forms: "Suivant" makes a pending token; the others. */
int	validate_cockpit_create(struct request *);
int	validate_cockpit_login(struct request *);
int	validate_cockpit_save(struct request *);
int	validate_cockpit_revoke(struct request *);
int	validate_cockpit_rotate(struct request *);

#endif
