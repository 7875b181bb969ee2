/* Per-worker cache of verified tokens, invalidated through the epoch. */
#ifndef CACHE_H
#define CACHE_H

#include <stddef.h>
#include <time.h>

#include "db.h"

struct cache;

struct cache_stats {
	unsigned long	 hits;
	unsigned long	 misses;
	unsigned long	 flushes;	/* the epoch moved */
	unsigned long	 evictions;
};

/* entries 0 disables the cache; check_ms bounds how stale it may be. */
struct cache	*cache_new(unsigned int entries, unsigned int check_ms);
void		 cache_free(struct cache *);
/*
 * Makes sure the cache saw every revocation committed more than check_ms
 * ago: reads the epoch when the last read is older, flushing on a change.
 * -1 when the database cannot say: the cache must not be trusted then.
 */
int		 cache_fresh(struct cache *, struct db *);
/* The epoch as read by a read that began at start (CLOCK_MONOTONIC). */
void		 cache_observe(struct cache *, unsigned long long epoch,
		    const struct timespec *start);
/* Whether the last epoch read began less than check_ms ago. */
int		 cache_trusted(const struct cache *);
/* A verified active token, or NULL. */
struct token_auth *cache_get(struct cache *, const unsigned char hash[32]);
void		 cache_put(struct cache *, const struct token_auth *);
const struct cache_stats *cache_stats(const struct cache *);

#endif
