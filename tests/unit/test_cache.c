/* Unit tests of the token cache: hits, refusals, the epoch, eviction. */
#include <string.h>
#include <time.h>

#include "cache.h"
#include "db.h"
#include "../tap.h"

static struct token_auth
entry(unsigned char first, unsigned char last, const char *status)
{
	struct token_auth	 ta;

	memset(&ta, 0, sizeof(ta));
	/* The first 8 bytes pick the slot: equal ones collide. */
	memset(ta.hash, first, 8);
	ta.hash[31] = last;
	strcpy(ta.status, status);
	strcpy(ta.tenant_status, "active");
	strcpy(ta.id, "tok_0123456789abcdef");
	return ta;
}

static void
now(struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
}

int
main(void)
{
	struct cache		*c;
	struct token_auth	 a = entry(1, 1, "active"),
				 r = entry(2, 2, "revoked"),
				 u = entry(3, 3, "unknown"), x, *got;
	const struct cache_stats *st;
	struct timespec		 t;
	struct timespec		 pause = { 0, 30 * 1000000 };
	int			 i, found;

	c = cache_new(64, 20);
	st = cache_stats(c);
	ok(!cache_trusted(c), "a new cache is not trusted: no epoch read");
	cache_put(c, &a);
	ok(cache_get(c, a.hash) == NULL, "nothing is kept before an epoch");

	now(&t);
	cache_observe(c, 7, &t);
	ok(cache_trusted(c), "trusted right after an epoch read");
	cache_put(c, &a);
	cache_put(c, &r);
	cache_put(c, &u);
	got = cache_get(c, a.hash);
	ok(got != NULL && strcmp(got->status, "active") == 0, "a hit");
	got = cache_get(c, r.hash);
	ok(got != NULL && strcmp(got->status, "revoked") == 0,
	    "refusals are kept: a revoked token");
	ok(cache_get(c, u.hash) != NULL, "and an unknown hash");
	x = entry(1, 9, "active");
	ok(cache_get(c, x.hash) == NULL, "same slot, other hash: a miss");
	ok(st->hits == 3 && st->misses == 2, "hits and misses counted "
	    "(%lu, %lu)", st->hits, st->misses);

	now(&t);
	cache_observe(c, 7, &t);
	ok(cache_get(c, a.hash) != NULL && st->flushes == 1,
	    "the same epoch again: entries stay");
	now(&t);
	cache_observe(c, 8, &t);
	ok(cache_get(c, a.hash) == NULL && cache_get(c, r.hash) == NULL &&
	    st->flushes == 2, "the epoch moved: everything is forgotten");

	cache_put(c, &a);
	nanosleep(&pause, NULL);
	ok(!cache_trusted(c), "not trusted once check_ms has passed");
	now(&t);
	cache_observe(c, 8, &t);
	ok(cache_trusted(c) && cache_get(c, a.hash) != NULL,
	    "trusted again after a read of the same epoch");

	/* Nine entries for a probe window of eight: the oldest goes. */
	now(&t);
	cache_observe(c, 9, &t);
	for (i = 0; i < 9; i++) {
		x = entry(5, (unsigned char)i, "active");
		cache_put(c, &x);
	}
	ok(st->evictions == 1, "a full window evicts one entry (%lu)",
	    st->evictions);
	x = entry(5, 0, "active");
	ok(cache_get(c, x.hash) == NULL, "the oldest one");
	for (found = 0, i = 1; i < 9; i++) {
		x = entry(5, (unsigned char)i, "active");
		found += cache_get(c, x.hash) != NULL;
	}
	ok(found == 8, "the eight newest stay (%d)", found);
	x = entry(5, 3, "revoked");
	cache_put(c, &x);
	got = cache_get(c, x.hash);
	ok(got != NULL && strcmp(got->status, "revoked") == 0 &&
	    st->evictions == 1, "a new verdict replaces the old in place");
	cache_free(c);

	c = cache_new(0, 500);
	now(&t);
	ok(cache_fresh(c, NULL) == -1 && !cache_trusted(c),
	    "cache_entries = 0: never trusted, never asks the database");
	cache_free(c);
	return tap_done();
}
