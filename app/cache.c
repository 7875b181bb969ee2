/*
 * Per-worker cache of what the database said about a token's hash (good or
 * not). Every revoke, rotate, permission or expiry change, tenant
 * suspension and deletion bumps auth_epoch in its own transaction; a worker trusts its cache only while its last read of the
 * epoch started less than check_ms ago, and empties it when the epoch
 * moved. So no worker honours a revoked token check_ms after the revoke
 * committed. Memory is fixed at start: open addressing, short probes,
 * the oldest entry of a probe window is replaced.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "cache.h"
#include "log.h"

#define CACHE_PROBE	8

struct cache_slot {
	struct token_auth	 ta;
	uint64_t		 stamp;		/* insertion order; 0: empty */
};

struct cache {
	struct cache_slot	*slots;
	size_t			 mask;
	uint64_t		 clock;
	unsigned int		 check_ms;
	int			 have_epoch;
	unsigned long long	 epoch;
	struct timespec		 checked;	/* start of the last epoch read */
	struct cache_stats	 stats;
};

struct cache *
cache_new(unsigned int entries, unsigned int check_ms)
{
	struct cache	*c;
	size_t		 n = 1;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		fatal("cache_new");
	c->check_ms = check_ms;
	if (entries == 0)
		return c;
	while (n < entries)
		n <<= 1;
	if ((c->slots = malloc(n * sizeof(*c->slots))) == NULL)
		fatal("cache_new");
	/* Touch it all now: the worker's size does not grow with use. */
	memset(c->slots, 0, n * sizeof(*c->slots));
	c->mask = n - 1;
	return c;
}

void
cache_free(struct cache *c)
{
	if (c == NULL)
		return;
	free(c->slots);
	free(c);
}

static void
cache_flush(struct cache *c)
{
	if (c->slots != NULL)
		memset(c->slots, 0, (c->mask + 1) * sizeof(*c->slots));
	c->stats.flushes++;
}

static long long
cache_ms_since(const struct timespec *then)
{
	struct timespec	 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)(now.tv_sec - then->tv_sec) * 1000 +
	    (now.tv_nsec - then->tv_nsec) / 1000000;
}

void
cache_observe(struct cache *c, unsigned long long epoch,
    const struct timespec *start)
{
	if (!c->have_epoch || epoch != c->epoch)
		cache_flush(c);
	c->epoch = epoch;
	c->have_epoch = 1;
	c->checked = *start;
}

int
cache_trusted(const struct cache *c)
{
	return c->slots != NULL && c->have_epoch &&
	    cache_ms_since(&c->checked) < c->check_ms;
}

int
cache_fresh(struct cache *c, struct db *db)
{
	struct timespec		 start;
	unsigned long long	 epoch;

	if (c->slots == NULL)
		return -1;
	if (cache_trusted(c))
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &start);
	if (db_epoch_get(db, &epoch) != DB_OK) {
		c->have_epoch = 0;
		return -1;
	}
	cache_observe(c, epoch, &start);
	return 0;
}

static size_t
cache_index(const struct cache *c, const unsigned char hash[32])
{
	uint64_t	 h;

	/* The key is a keyed hash already: its bytes are uniform. */
	memcpy(&h, hash, sizeof(h));
	return (size_t)h & c->mask;
}

struct token_auth *
cache_get(struct cache *c, const unsigned char hash[32])
{
	struct cache_slot	*s;
	size_t			 i, k;

	if (c->slots == NULL)
		return NULL;
	i = cache_index(c, hash);
	for (k = 0; k < CACHE_PROBE; k++) {
		s = &c->slots[(i + k) & c->mask];
		if (s->stamp != 0 && sodium_memcmp(s->ta.hash, hash, 32) == 0) {
			c->stats.hits++;
			return &s->ta;
		}
	}
	c->stats.misses++;
	return NULL;
}

void
cache_put(struct cache *c, const struct token_auth *ta)
{
	struct cache_slot	*s, *victim = NULL;
	size_t			 i, k;

	if (c->slots == NULL || !c->have_epoch)
		return;
	i = cache_index(c, ta->hash);
	for (k = 0; k < CACHE_PROBE; k++) {
		s = &c->slots[(i + k) & c->mask];
		if (s->stamp == 0 || memcmp(s->ta.hash, ta->hash, 32) == 0) {
			victim = s;
			break;
		}
		if (victim == NULL || s->stamp < victim->stamp)
			victim = s;
	}
	if (victim->stamp != 0 && memcmp(victim->ta.hash, ta->hash, 32) != 0)
		c->stats.evictions++;
	victim->ta = *ta;
	victim->stamp = ++c->clock;
}

const struct cache_stats *
cache_stats(const struct cache *c)
{
	return &c->stats;
}
