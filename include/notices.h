/* SPDX-License-Identifier: ISC */
/* Expiry notices: which are due, each delivered once, failures retried. */
#ifndef NOTICES_H
#define NOTICES_H

#include <stddef.h>

#include "outcome.h"

struct app;
struct notice_row;

#define NOTICES_EVENT	"token.expiring"

/* How one notice went, for the operator. */
struct notice_report {
	const struct notice_row	*notice;
	int			 sent;
	long			 status;	/* HTTP status; 0: none */
	const char		*error;		/* NULL when sent */
	unsigned int		 attempts;	/* this one included */
};

/*
 * Delivers one signed body to url: 0 when the webhook took it (2xx), else
 * -1 with why in err. The status is the webhook's answer, if any.
 */
typedef int	(*notices_send_fn)(void *arg, const char *url,
		    const char *body, size_t len, const char *signature,
		    long *status, char *err, size_t errlen);
typedef void	(*notices_report_fn)(void *arg, const struct notice_report *);

struct notices_result {
	struct outcome		 out;
	unsigned int		 sent;
	unsigned int		 failed;
};

/*
 * Sends every notice due now, each through send, and reports each: 0 when
 * the run went through (some deliveries may have failed: res->failed), -1
 * when the database could not be read or written (res->out says why).
 */
int	notices_run(struct app *, notices_send_fn, void *send_arg,
	    notices_report_fn, void *report_arg, struct notices_result *);

#endif
