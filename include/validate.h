/* Typed, validated input: what handlers receive instead of raw strings. */
#ifndef VALIDATE_H
#define VALIDATE_H

#include <time.h>

struct request;

struct tenant_input {
	const char	*id;
	const char	*name;
	const char	*status;	/* NULL: unchanged */
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
};

struct list_input {
	unsigned int	 limit;
	long long	 cursor;
	const char	*after;		/* tenants: cursor is an id */
	const char	*tenant;
	const char	*status;
	const char	*q;
	time_t		 since;
};

#define LIST_LIMIT_DEFAULT	50
#define LIST_LIMIT_MAX		200
#define ROTATE_GRACE_MAX	86400

unsigned int	 validate_perm_bit(const char *, size_t);
const char	*validate_perm_name(unsigned int bit);
int		 validate_tenant_id(const char *);

/* Route validators: fill req->input, or req->errs and return -1. */
int	validate_tenant_create(struct request *);
int	validate_tenant_patch(struct request *);
int	validate_token_create(struct request *);
int	validate_token_patch(struct request *);
int	validate_token_rotate(struct request *);
int	validate_no_body(struct request *);
int	validate_tenant_list(struct request *);
int	validate_token_list(struct request *);
int	validate_audit_list(struct request *);

#endif
