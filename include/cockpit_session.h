/* SPDX-License-Identifier: ISC */
/* Cockpit sessions in MariaDB and the CSRF tokens of their forms. */
#ifndef COCKPIT_SESSION_H
#define COCKPIT_SESSION_H

struct request;

/*
 * 1 with req->caller set from the session's token, 0 without a usable
 * session (the caller shows the sign-in page), -1 when the database is
 * down.
 */
int	 cockpit_authenticate(struct request *);
/* Starts a session for req->caller: the cookie, and its row. */
int	 cockpit_session_start(struct request *);
void	 cockpit_session_end(struct request *);
/* The form's csrf field matches; it is removed from the input after. */
int	 cockpit_csrf_ok(struct request *);
/* The hidden csrf field of a form. */
void	 cockpit_csrf_field(struct request *);

#endif
