/* SPDX-License-Identifier: ISC */
/* Unit tests of the token cache: hits, refusals, the change log, eviction. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "db.h"
#include "log.h"
#include "../tap.h"

static struct token_auth
entry(unsigned char first, unsigned char last, int status,
    const char *tenant)
{
	struct token_auth	 ta;

	memset(&ta, 0, sizeof(ta));
	/* The first 8 bytes pick the slot: equal ones collide. */
	memset(ta.hash, first, 8);
	ta.hash[31] = last;
	ta.status = (uint8_t)status;
	ta.tenant_status = TTS_ACTIVE;
	strcpy(ta.id, "tok_0123456789abcdef");
	strcpy(ta.tenant, tenant);
	return ta;
}

static int64_t
now_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static struct auth_change
hash_change(const struct token_auth *ta)
{
	struct auth_change	 ch;

	memset(&ch, 0, sizeof(ch));
	ch.kind = AUTH_CHANGE_HASH;
	memcpy(ch.subject, ta->hash, 32);
	return ch;
}

static struct auth_change
tenant_change(const char *id)
{
	struct auth_change	 ch;

	memset(&ch, 0, sizeof(ch));
	ch.kind = AUTH_CHANGE_TENANT;
	strcpy((char *)ch.subject, id);
	return ch;
}

static int
has(struct cache *c, const struct token_auth *ta)
{
	struct token_auth	 out;

	return cache_get(c, ta->hash, &out) && out.status == ta->status &&
	    strcmp(out.tenant, ta->tenant) == 0;
}

/* The same checks on a private and on a shared cache. */
static void
run(const char *label, const char *path)
{
	struct cache		*c, *d;
	struct token_auth	 a = entry(1, 1, TS_ACTIVE, "acme"),
				 r = entry(2, 2, TS_REVOKED, "acme"),
				 u = entry(3, 3, TS_UNKNOWN, ""),
				 b = entry(4, 4, TS_ACTIVE, "bolt"), x, out;
	struct auth_change	 ch[2];
	const struct cache_stats *st;
	uint64_t		 t, epoch;
	struct timespec		 pause = { 0, 30 * 1000000 };
	int			 i, found;

	c = cache_new(64, 20, path);
	st = cache_stats(c);
	ok(!cache_trusted(c) && cache_ticket(c) == 0 && !cache_epoch(c, &epoch),
	    "%s: a new cache is not trusted and keeps nothing: no epoch", label);
	cache_put(c, &a, cache_ticket(c));
	ok(!has(c, &a), "%s: nothing is kept before an epoch", label);

	cache_apply(c, 7, NULL, 0, 1, now_ns());
	ok(cache_trusted(c) && cache_epoch(c, &epoch) && epoch == 7 &&
	    st->flushes == 1, "%s: the first read empties it and trusts it",
	    label);
	t = cache_ticket(c);
	cache_put(c, &a, t);
	cache_put(c, &r, t);
	cache_put(c, &u, t);
	cache_put(c, &b, t);
	ok(has(c, &a), "%s: a hit", label);
	ok(has(c, &r), "%s: refusals are kept: a revoked token", label);
	ok(has(c, &u), "%s: and an unknown hash", label);
	x = entry(1, 9, TS_ACTIVE, "acme");
	ok(!cache_get(c, x.hash, &out), "%s: same slot, other hash: a miss",
	    label);

	/* A change of a secret evicts that secret only. */
	ch[0] = hash_change(&a);
	cache_apply(c, 8, ch, 1, 1, now_ns());
	ok(!has(c, &a) && has(c, &r) && has(c, &b) && st->invalidations == 1 &&
	    st->flushes == 1, "%s: a change evicts its secret's entry only",
	    label);
	/* A tenant's change evicts its tokens, and nothing else. */
	cache_put(c, &a, cache_ticket(c));
	ch[0] = tenant_change("acme");
	cache_apply(c, 9, ch, 1, 1, now_ns());
	ok(!has(c, &a) && !has(c, &r) && has(c, &b) && has(c, &u) &&
	    st->invalidations == 3, "%s: a tenant's change evicts exactly its "
	    "entries (%lu)", label, st->invalidations);
	/* The same epoch again: nothing moves. */
	cache_apply(c, 9, NULL, 0, 1, now_ns());
	ok(has(c, &b) && st->invalidations == 3 && st->flushes == 1,
	    "%s: the same epoch again: entries stay", label);
	/* Changes missed (the log lost some): everything goes. */
	cache_apply(c, 20, NULL, 0, 0, now_ns());
	ok(!has(c, &b) && !has(c, &u) && st->flushes == 2 &&
	    cache_epoch(c, &epoch) && epoch == 20, "%s: more changes missed "
	    "than the log keeps: the cache is emptied", label);

	/* A put whose database read a change overtook is not kept. */
	t = cache_ticket(c);
	ch[0] = hash_change(&a);
	cache_apply(c, 21, ch, 1, 1, now_ns());
	cache_put(c, &a, t);
	ok(!has(c, &a), "%s: an entry read before a change applied since is "
	    "dropped", label);
	cache_put(c, &a, cache_ticket(c));
	ok(has(c, &a), "%s: and kept when read after it", label);

	nanosleep(&pause, NULL);
	ok(!cache_trusted(c), "%s: not trusted once check_ms has passed",
	    label);
	cache_apply(c, 21, NULL, 0, 1, now_ns());
	ok(cache_trusted(c) && has(c, &a), "%s: trusted again after a read "
	    "of the same epoch", label);

	/* Nine entries for a probe window of eight: the oldest goes. */
	for (i = 0; i < 9; i++) {
		x = entry(5, (unsigned char)i, TS_ACTIVE, "acme");
		cache_put(c, &x, cache_ticket(c));
	}
	ok(st->evictions == 1, "%s: a full window evicts one entry (%lu)",
	    label, st->evictions);
	x = entry(5, 0, TS_ACTIVE, "acme");
	ok(!has(c, &x), "%s: the oldest one", label);
	for (found = 0, i = 1; i < 9; i++) {
		x = entry(5, (unsigned char)i, TS_ACTIVE, "acme");
		found += has(c, &x);
	}
	ok(found == 8, "%s: the eight newest stay (%d)", label, found);
	x = entry(5, 3, TS_REVOKED, "acme");
	cache_put(c, &x, cache_ticket(c));
	ok(has(c, &x) && st->evictions == 1,
	    "%s: a new verdict replaces the old in place", label);
	x.last_used_at = 1800;
	x.ip_key = 42;
	x.ip_minute = 30;
	cache_touch(c, &x);
	ok(cache_get(c, x.hash, &out) && out.last_used_at == 1800 &&
	    out.ip_key == 42 && out.ip_minute == 30,
	    "%s: the last use and address noted are kept in the entry", label);

	if (path != NULL) {
		/* Another worker of the host sees the same table. */
		d = cache_new(64, 20, path);
		ok(cache_trusted(d) && has(d, &x) && has(d, &a),
		    "%s: a second worker shares entries, epoch and trust",
		    label);
		ch[0] = hash_change(&a);
		cache_apply(d, 22, ch, 1, 1, now_ns());
		ok(!has(c, &a) && cache_epoch(c, &epoch) && epoch == 22,
		    "%s: a change one worker applies, the other sees", label);
		cache_free(d);
	}
	cache_free(c);
}

int
main(void)
{
	char		 dir[] = "/tmp/test_cache.XXXXXX", path[512];
	struct cache	*c;
	struct dirent	*de;
	DIR		*d;

	log_init("test_cache", LOG_ERR);
	run("private", NULL);
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/cache", dir);
	run("shared", path);
	/* shm_map names the file after the layout's size. */
	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] != '.') {
				snprintf(path, sizeof(path), "%s/%s", dir,
				    de->d_name);
				unlink(path);
			}
		closedir(d);
	}
	rmdir(dir);
	c = cache_new(0, 500, NULL);
	ok(cache_fresh(c, NULL) == -1 && !cache_trusted(c),
	    "cache_entries = 0: never trusted, never asks the database");
	cache_free(c);
	return tap_done();
}
