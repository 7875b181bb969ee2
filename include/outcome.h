/* SPDX-License-Identifier: ISC */
/* What a change of the domain layer came to, whichever medium asked. */
#ifndef OUTCOME_H
#define OUTCOME_H

#include "http.h"

enum outcome_kind {
	OUTCOME_OK = 0,
	OUTCOME_NOT_FOUND,	/* absent, or not the caller's to see */
	OUTCOME_UNAUTHORIZED,	/* the caller's own token acts no more */
	OUTCOME_FORBIDDEN,	/* a rule refuses: code and reason say which */
	OUTCOME_CONFLICT,	/* the state refuses: code and reason */
	OUTCOME_INVALID,	/* fields refused: errs */
	OUTCOME_UNAVAILABLE,	/* the database cannot answer now */
	OUTCOME_FAILED,		/* anything else (logged where it happened) */
	OUTCOME__MAX
};

struct outcome {
	enum outcome_kind	 kind;
	const char		*code;		/* machine-readable */
	const char		*reason;	/* one English sentence */
	struct errlist		 errs;		/* OUTCOME_INVALID */
};

/* The HTTP status of each kind: the one mapping, for the API and cockpit. */
int	outcome_status(enum outcome_kind);
/*
 * Records a refusal; returns DB_REFUSED so that a transaction's function
 * can end with it (the transaction is rolled back, not retried).
 */
int	outcome_refuse(struct outcome *, enum outcome_kind, const char *code,
	    const char *reason);
/* A field error (OUTCOME_INVALID once the change ends); DB_REFUSED. */
int	outcome_field(struct outcome *, const char *field, enum field_code,
	    const char *message);
/* The same with the number the code's sentence names. */
int	outcome_field_arg(struct outcome *, const char *field,
	    enum field_code, unsigned int arg, const char *message);
/* The outcome of a transaction that returned rc. */
void	outcome_db(struct outcome *, int rc);

#endif
