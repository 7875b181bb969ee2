/* SPDX-License-Identifier: ISC */
/* Counters for /metrics, shared by the workers through a mapped file. */
#ifndef METRICS_H
#define METRICS_H

#include <stdint.h>

#include "auth.h"
#include "buf.h"

/* /auth outcomes: the authentication results, the two 403s, 429. */
#define AUTH_FORBIDDEN_PERMISSION	AUTHN__MAX
#define AUTH_FORBIDDEN_TENANT		(AUTHN__MAX + 1)
#define AUTH_RATE_LIMITED		(AUTHN__MAX + 2)
#define AUTH_OUTCOMES			(AUTHN__MAX + 3)

struct app;

/*
 * path NULL: counters of this process only. Otherwise (path.<layout size>)
 * every worker takes
 * a slot of the file (a dead worker's slot is taken over, counts and all,
 * so the sums never go down) and a scrape adds up all slots.
 */
int	metrics_open(const char *path, const char *const *route_names,
	    int nroutes);
void	metrics_close(void);
void	metrics_request(int route, int status, uint64_t elapsed_us);
void	metrics_auth(int outcome);
/* Adds what the database layer and the cache counted since last time. */
void	metrics_sync(struct app *);
void	metrics_render(struct buf *);

#endif
