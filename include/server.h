/* SPDX-License-Identifier: ISC */
/* The FastCGI accept loop: one request at a time per worker process. */
#ifndef SERVER_H
#define SERVER_H

struct app;

int	server_run(struct app *);
int	server_stopping(void);

#endif
