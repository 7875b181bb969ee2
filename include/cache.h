/* SPDX-License-Identifier: ISC */
/*
 * The gate's cache of verified tokens, one per host (a file on tmpfs that
 * every worker maps) or per worker, kept exact by the change log.
 */
#ifndef CACHE_H
#define CACHE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "db.h"

struct cache;

/* This process's counts (metrics add them up over the workers). */
struct cache_stats {
	unsigned long	 hits;
	unsigned long	 misses;
	unsigned long	 flushes;	/* emptied whole: too many changes missed */
	unsigned long	 evictions;	/* replaced to make room */
	unsigned long	 invalidations;	/* removed because a change concerned them */
	unsigned long	 checks;	/* change log reads */
};

/*
 * entries 0 disables the cache; check_ms bounds how stale it may be; path
 * NULL keeps it in this process, else every worker that names the same
 * path shares it. Memory is fixed here, at start.
 */
struct cache	*cache_new(unsigned int entries, unsigned int check_ms,
		    const char *path);
void		 cache_free(struct cache *);
/*
 * Whether the cache may answer now: it has seen every change committed
 * more than check_ms ago. When it has not, one worker of the host reads
 * the changes since (db) and applies them; meanwhile the others get -1
 * and ask the database themselves.
 */
int		 cache_fresh(struct cache *, struct db *);
int		 cache_trusted(const struct cache *);
/* 1 and a copy of the entry when the hash is there. */
int		 cache_get(struct cache *, const unsigned char hash[32],
		    struct token_auth *);
/*
 * Putting what the database said: take a ticket before asking it, put
 * with the ticket after; an entry that a change may have overtaken in
 * between is not kept.
 */
uint64_t	 cache_ticket(const struct cache *);
void		 cache_put(struct cache *, const struct token_auth *,
		    uint64_t ticket);
/*
 * What a use noted, kept in the token's entry (ta->hash) so that every
 * worker of the host notes it once: last_used_at, and the address last
 * noted with its minute.
 */
void		 cache_touch(struct cache *, const struct token_auth *);
const struct cache_stats *cache_stats(const struct cache *);

/*
 * Applies what the log said at a read that began at start_ns
 * (CLOCK_MONOTONIC): the epoch then, and the changes since the cache's
 * epoch; complete 0 when the log no longer holds them all (the cache is
 * emptied). cache_fresh calls it; the unit tests too.
 */
void		 cache_apply(struct cache *, uint64_t epoch,
		    const struct auth_change *, size_t n, int complete,
		    int64_t start_ns);
/* The epoch the cache has applied, and whether it has one at all. */
int		 cache_epoch(const struct cache *, uint64_t *);

#endif
