/* SPDX-License-Identifier: ISC */
/* The domain of tokens: every change, its rules and its transaction. */
#ifndef TOKENS_H
#define TOKENS_H

#include "db.h"
#include "outcome.h"
#include "token.h"

struct request;
struct token_input;

/* What a change came to: the outcome, the token after it, a new secret. */
struct token_result {
	struct outcome		 out;
	struct token_row	 row;
	char			 secret[TOKEN_LEN + 1];	/* wiped after use */
	unsigned int		 revoked;	/* tokens a revoke ended */
};

/*
 * Each returns 0 when done, -1 when refused (res->out says why). The
 * caller is req->caller, re-read inside the change's transaction.
 */
int	tokens_create(struct request *, const struct token_input *,
	    struct token_result *);
int	tokens_update(struct request *, const char *id,
	    const struct token_input *, struct token_result *);
int	tokens_activate(struct request *, const char *id,
	    struct token_result *);
int	tokens_rotate(struct request *, const char *id,
	    const struct token_input *, struct token_result *);
/* cascade: the tokens it created too, recursively. */
int	tokens_revoke(struct request *, const char *id, int cascade,
	    struct token_result *);
/* revoke-leaked: what became of the secrets listed. */
struct leaked_result {
	struct outcome		 out;
	unsigned int		 revoked;
	unsigned int		 already_revoked;
	unsigned int		 unknown;
	unsigned int		 malformed;
};
struct leaked_input;
/*
 * Revokes the tokens in the caller's scope whose secrets are listed (a
 * listed old secret in its rotation grace is cut, the token keeps its new
 * one), in one transaction; secrets outside the scope count as unknown.
 */
int	tokens_revoke_leaked(struct request *, const struct leaked_input *,
	    struct leaked_result *);

/* A token the caller may see, read now. */
int	tokens_get(struct request *, const char *id, struct token_result *);
/*
 * Reads about a token the caller may see (else NOT_FOUND), newest first:
 * the tokens it made that the caller may see, and the audit events that
 * target it (the same events GET /audit shows the caller).
 */
int	tokens_children(struct request *, const char *id, unsigned int limit,
	    struct token_row **, size_t *, struct outcome *);
int	tokens_audit(struct request *, const char *id, unsigned int limit,
	    struct audit_row **, size_t *, struct outcome *);
/* The tokens the caller may see among those f selects, newest first. */
int	tokens_list(struct request *, struct list_filter *,
	    struct token_row **, size_t *, struct outcome *);

#endif
