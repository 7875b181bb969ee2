/* SPDX-License-Identifier: ISC */
/* Token buckets for rate_limit_per_minute, one table for the host. */
#ifndef RATELIMIT_H
#define RATELIMIT_H

#include <stdint.h>

struct ratelimit;

/*
 * A table of buckets, fixed at start; path NULL keeps it in this
 * process, else every worker that names the same path shares it (every
 * pool of the host, so limits are exact on the host).
 */
struct ratelimit *ratelimit_new(unsigned int buckets, const char *path);
void		 ratelimit_free(struct ratelimit *);
/*
 * One request from the bucket of token id, holding limit requests and
 * refilled continuously at limit a minute: 1 when there was one; 0, and
 * the whole seconds until there is, when it is empty.
 */
int		 ratelimit_take(struct ratelimit *, const char *id,
		    uint32_t limit, int64_t now_ns, unsigned int *retry_after);

#endif
