/* SPDX-License-Identifier: ISC */
/*
 * The gate's cache of what the database said about a secret's hash (good
 * or not), one per host: a table in a file on tmpfs that every worker maps
 * (or one per worker without cache_file). Memory is fixed at start: open
 * addressing, a short probe window, the oldest entry of a window replaced.
 *
 * Kept exact by the change log (SPEC §9): every change that can alter a
 * verdict (revoke, rotate, permissions or expiry, a tenant's status) bumps
 * auth_epoch and logs what it concerns (the token's secret hashes, or the
 * tenant) with the new epoch, in its own transaction. Every such
 * transaction writes the one auth_epoch row, so they are totally ordered
 * (a row lock on one node, certification on Galera): epoch values are
 * consecutive and commit in their order. A worker reads the epoch and the
 * changes since the cache's epoch in one statement (one snapshot, after
 * wsrep_sync_wait on a cluster): it sees every change of an epoch up to the
 * one it read, evicts just those entries, and records that epoch. When
 * the log no longer holds every epoch since (pruned), it empties the
 * cache. The cache answers only while that read began less than check_ms
 * ago, so a revoked token is refused check_ms after its revoke committed.
 *
 * Between processes: a slot is a seqlock (odd while written; readers copy
 * and check the sequence did not move). An entry a worker puts may come
 * from a database read that a change overtook before the change was
 * applied: cache_apply moves gen before it evicts, and cache_put drops
 * its entry when gen moved since its ticket, taken before that read.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "cache.h"
#include "log.h"
#include "shm.h"

#define CACHE_MAGIC	0x63617061u	/* "apac" */
#define CACHE_PROBE	8
#define CACHE_CHANGES	1024		/* more to apply: empty the cache */
/* A worker reading the log this long ago is stuck, or gone: replaced. */
#define CACHE_CHECKER_NS	1000000000LL

/* A token_auth with the first ranges of its allowed_cidrs: 232 bytes. */
#define CACHE_CIDRS	4
struct cache_entry {
	unsigned char		 hash[32];
	char			 id[TOKEN_ID_SIZE];
	char			 tenant[TENANT_ID_SIZE];
	uint8_t			 perms;
	uint8_t			 status;
	uint8_t			 tenant_status;
	uint8_t			 flags;
	uint8_t			 ncidr;
	uint32_t		 rate_limit;
	uint32_t		 ip_key;
	int32_t			 ip_minute;
	int64_t			 expires_at;
	int64_t			 not_after;
	int64_t			 last_used_at;
	struct cidr		 cidr[CACHE_CIDRS];
};

struct cache_slot {
	uint32_t		 seq;		/* odd while written */
	uint32_t		 flush;		/* its flush generation */
	uint64_t		 stamp;		/* put order; 0: empty */
	struct cache_entry	 e;
};

struct cache_head {
	uint32_t		 magic;
	uint32_t		 nslots;
	uint64_t		 epoch;		/* applied */
	int64_t			 checked_ns;	/* start of that read; 0: none */
	uint64_t		 gen;		/* moves before an invalidation */
	uint64_t		 clock;		/* stamps */
	uint32_t		 flush;		/* other generations are empty */
	int32_t			 checker;	/* pid reading the log, or 0 */
	int64_t			 checker_ns;
	char			 pad[64 - 8];	/* slots on their own lines */
};

struct cache {
	struct cache_head	*head;
	struct cache_slot	*slots;
	size_t			 nslots;
	size_t			 size;		/* of the mapping */
	int			 shared;
	int32_t			 pid;
	int64_t			 check_ns;
	struct cache_stats	 stats;
};

#define LOAD(p)		__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define PEEK(p)		__atomic_load_n((p), __ATOMIC_RELAXED)
#define STORE(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)

static int64_t
cache_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
cache_layout(void *p, size_t size)
{
	struct cache_head	*h = p;

	h->nslots = (uint32_t)((size - sizeof(*h)) / sizeof(struct cache_slot));
	h->gen = 1;
}

struct cache *
cache_new(unsigned int entries, unsigned int check_ms, const char *path)
{
	struct cache	*c;
	size_t		 n = entries;
	void		*p = NULL;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		fatal("cache_new");
	c->check_ns = (int64_t)check_ms * 1000000;
	c->pid = (int32_t)getpid();
	if (entries == 0)
		return c;
	if (n < CACHE_PROBE)
		n = CACHE_PROBE;
	c->size = sizeof(struct cache_head) + n * sizeof(struct cache_slot);
	if (path != NULL && (p = shm_map(path, c->size, CACHE_MAGIC,
	    cache_layout)) != NULL)
		c->shared = 1;
	else {
		if (path != NULL)
			log_warnx("cache file %s unusable: a cache of this "
			    "worker's own", path);
		/* Touched now: the worker's size does not grow with use. */
		p = mmap(NULL, c->size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (p == MAP_FAILED)
			fatal("cache_new: %zu bytes", c->size);
		cache_layout(p, c->size);
	}
	c->head = p;
	c->slots = (struct cache_slot *)(c->head + 1);
	c->nslots = n;
	return c;
}

void
cache_free(struct cache *c)
{
	if (c == NULL)
		return;
	if (c->head != NULL)
		munmap(c->head, c->size);
	free(c);
}

int
cache_epoch(const struct cache *c, uint64_t *epoch)
{
	if (c->head == NULL || LOAD(&c->head->checked_ns) == 0)
		return 0;
	*epoch = LOAD(&c->head->epoch);
	return 1;
}

static int
cache_trusted_at(const struct cache *c, int64_t now)
{
	int64_t	 checked;

	if (c->head == NULL)
		return 0;
	checked = LOAD(&c->head->checked_ns);
	return checked != 0 && now - checked < c->check_ns;
}

int
cache_trusted(const struct cache *c)
{
	return cache_trusted_at(c, cache_now());
}

/* One worker of the host reads the log at a time; the others need not. */
static int
cache_claim(struct cache *c, int64_t now)
{
	struct cache_head	*h = c->head;
	int32_t			 cur = 0;

	if (!c->shared)
		return 1;
	if (!__atomic_compare_exchange_n(&h->checker, &cur, c->pid, 0,
	    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		/*
		 * Two readers at once are harmless (the same changes applied
		 * twice): a checker that died or hangs is simply replaced.
		 */
		if (now - LOAD(&h->checker_ns) < CACHE_CHECKER_NS &&
		    (kill(cur, 0) == 0 || errno != ESRCH))
			return 0;
		STORE(&h->checker, c->pid);
	}
	STORE(&h->checker_ns, now);
	return 1;
}

static void
cache_release(struct cache *c)
{
	int32_t	 me = c->pid;

	if (c->shared)
		__atomic_compare_exchange_n(&c->head->checker, &me, 0, 0,
		    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
}

/*
 * The log is read ahead, once half of check_ms has passed, by whichever
 * worker claims it first; the others go on trusting the cache until
 * check_ms, so that under load no request waits for that read.
 */
int
cache_fresh(struct cache *c, struct db *db)
{
	static struct auth_change changes[CACHE_CHANGES];
	uint64_t		 since, epoch;
	int64_t			 now, age;
	size_t			 n;
	int			 have, complete;

	if (c->head == NULL)
		return -1;
	now = cache_now();
	have = cache_epoch(c, &since);
	age = have ? now - LOAD(&c->head->checked_ns) : INT64_MAX;
	if (age < c->check_ns / 2)
		return 0;
	if (!cache_claim(c, now))
		return age < c->check_ns ? 0 : -1;
	have = cache_epoch(c, &since);
	if (have && (now = cache_now()) - LOAD(&c->head->checked_ns) <
	    c->check_ns / 2) {
		cache_release(c);	/* another worker read it meanwhile */
		return 0;
	}
	if (db_auth_changes(db, have ? since : UINT64_MAX, changes,
	    CACHE_CHANGES, &epoch, &n, &complete) != DB_OK) {
		cache_release(c);
		return cache_trusted(c) ? 0 : -1;
	}
	c->stats.checks++;
	cache_apply(c, epoch, changes, n, complete, now);
	cache_release(c);
	return 0;
}

static size_t
cache_index(const struct cache *c, const unsigned char hash[32])
{
	uint64_t	 h;

	/*
	 * The key is a keyed hash already: its bytes are uniform, and its
	 * top bits scaled to the table pick the slot (any size will do).
	 */
	memcpy(&h, hash, sizeof(h));
	return (size_t)(((unsigned __int128)h * c->nslots) >> 64);
}

/* The k-th slot of the probe window that starts at slot i. */
static struct cache_slot *
cache_slot(const struct cache *c, size_t i, size_t k)
{
	return &c->slots[i + k < c->nslots ? i + k : i + k - c->nslots];
}

static void
cache_pack(struct cache_entry *e, const struct token_auth *ta)
{
	memcpy(e->hash, ta->hash, sizeof(e->hash));
	memcpy(e->id, ta->id, sizeof(e->id));
	memcpy(e->tenant, ta->tenant, sizeof(e->tenant));
	e->perms = ta->perms;
	e->status = ta->status;
	e->tenant_status = ta->tenant_status;
	e->flags = ta->flags;
	e->rate_limit = ta->rate_limit;
	e->ip_key = ta->ip_key;
	e->ip_minute = ta->ip_minute;
	e->expires_at = ta->expires_at;
	e->not_after = ta->not_after;
	e->last_used_at = ta->last_used_at;
	e->ncidr = ta->ncidr < CACHE_CIDRS ? ta->ncidr : CACHE_CIDRS;
	if (ta->ncidr > CACHE_CIDRS)
		e->flags |= TA_MORE_CIDRS;
	memcpy(e->cidr, ta->cidr, e->ncidr * sizeof(e->cidr[0]));
}

static void
cache_unpack(struct token_auth *ta, const struct cache_entry *e)
{
	memcpy(ta->hash, e->hash, sizeof(ta->hash));
	memcpy(ta->id, e->id, sizeof(ta->id));
	memcpy(ta->tenant, e->tenant, sizeof(ta->tenant));
	ta->perms = e->perms;
	ta->status = e->status;
	ta->tenant_status = e->tenant_status;
	ta->flags = e->flags;
	ta->rate_limit = e->rate_limit;
	ta->ip_key = e->ip_key;
	ta->ip_minute = e->ip_minute;
	ta->expires_at = e->expires_at;
	ta->not_after = e->not_after;
	ta->last_used_at = e->last_used_at;
	ta->ncidr = e->ncidr;
	memcpy(ta->cidr, e->cidr, e->ncidr * sizeof(e->cidr[0]));
}

static int
cache_live(const struct cache_slot *s, uint32_t flush)
{
	return PEEK(&s->stamp) != 0 && PEEK(&s->flush) == flush;
}

/* The slot, for writing: 0 when another process writes it now. */
static int
cache_lock(struct cache_slot *s)
{
	uint32_t	 seq = LOAD(&s->seq);

	return (seq & 1) == 0 && __atomic_compare_exchange_n(&s->seq, &seq,
	    seq + 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
}

static void
cache_unlock(struct cache_slot *s)
{
	STORE(&s->seq, PEEK(&s->seq) + 1);
}

int
cache_get(struct cache *c, const unsigned char hash[32],
    struct token_auth *out)
{
	struct cache_slot	*s;
	struct cache_entry	 e;
	uint32_t		 flush, seq;
	size_t			 i, k;

	if (c->head == NULL)
		return 0;
	flush = LOAD(&c->head->flush);
	i = cache_index(c, hash);
	for (k = 0; k < CACHE_PROBE; k++) {
		s = cache_slot(c, i, k);
		seq = LOAD(&s->seq);
		if ((seq & 1) || !cache_live(s, flush) ||
		    memcmp(s->e.hash, hash, 32) != 0)
			continue;
		memcpy(&e, &s->e, sizeof(e));
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (PEEK(&s->seq) != seq ||
		    sodium_memcmp(e.hash, hash, 32) != 0)
			continue;	/* rewritten meanwhile */
		cache_unpack(out, &e);
		c->stats.hits++;
		return 1;
	}
	c->stats.misses++;
	return 0;
}

uint64_t
cache_ticket(const struct cache *c)
{
	if (c->head == NULL || LOAD(&c->head->checked_ns) == 0)
		return 0;	/* no epoch yet: nothing is kept */
	return LOAD(&c->head->gen);
}

void
cache_put(struct cache *c, const struct token_auth *ta, uint64_t ticket)
{
	struct cache_slot	*s, *victim = NULL;
	uint64_t		 stamp, vstamp = 0;
	uint32_t		 flush;
	size_t			 i, k;

	if (c->head == NULL || ticket == 0)
		return;
	flush = LOAD(&c->head->flush);
	i = cache_index(c, ta->hash);
	for (k = 0; k < CACHE_PROBE; k++) {
		s = cache_slot(c, i, k);
		if (!cache_live(s, flush) ||
		    memcmp(s->e.hash, ta->hash, 32) == 0) {
			victim = s;
			vstamp = 0;
			break;
		}
		if (victim == NULL || PEEK(&s->stamp) < vstamp) {
			victim = s;
			vstamp = PEEK(&s->stamp);
		}
	}
	if (!cache_lock(victim))
		return;		/* another worker writes it: not this time */
	if (vstamp != 0)
		c->stats.evictions++;
	cache_pack(&victim->e, ta);
	victim->flush = flush;
	stamp = __atomic_add_fetch(&c->head->clock, 1, __ATOMIC_RELAXED);
	victim->stamp = stamp;
	cache_unlock(victim);
	/*
	 * A change applied since the ticket may concern what the database
	 * said before it: the entry goes (cache_apply moved gen before it
	 * looked for entries to evict, so one of the two removes it).
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (LOAD(&c->head->gen) != ticket && cache_lock(victim)) {
		if (victim->stamp == stamp)
			victim->stamp = 0;
		cache_unlock(victim);
	}
}

void
cache_touch(struct cache *c, const struct token_auth *ta)
{
	const unsigned char	*hash = ta->hash;
	struct cache_slot	*s;
	uint32_t		 flush;
	size_t			 i, k;

	if (c->head == NULL)
		return;
	flush = LOAD(&c->head->flush);
	i = cache_index(c, hash);
	for (k = 0; k < CACHE_PROBE; k++) {
		s = cache_slot(c, i, k);
		if (!cache_live(s, flush) || memcmp(s->e.hash, hash, 32) != 0 ||
		    !cache_lock(s))
			continue;
		if (memcmp(s->e.hash, hash, 32) == 0) {
			if (s->e.last_used_at < ta->last_used_at)
				s->e.last_used_at = ta->last_used_at;
			s->e.ip_key = ta->ip_key;
			s->e.ip_minute = ta->ip_minute;
		}
		cache_unlock(s);
		return;
	}
}

static int
cache_matches(const struct cache_slot *s, const struct auth_change *ch)
{
	if (ch->kind == AUTH_CHANGE_HASH)
		return memcmp(s->e.hash, ch->subject, 32) == 0;
	return strncmp(s->e.tenant, (const char *)ch->subject,
	    sizeof(s->e.tenant)) == 0;
}

/*
 * Removes the slot's entry if it matches the change (looked at, then
 * checked again under the slot's lock).
 */
static void
cache_invalidate(struct cache *c, struct cache_slot *s, uint32_t flush,
    const struct auth_change *ch)
{
	if (!cache_live(s, flush) || !cache_matches(s, ch) || !cache_lock(s))
		return;
	if (s->stamp != 0 && s->flush == flush && cache_matches(s, ch)) {
		s->stamp = 0;
		c->stats.invalidations++;
	}
	cache_unlock(s);
}

void
cache_apply(struct cache *c, uint64_t epoch, const struct auth_change *ch,
    size_t n, int complete, int64_t start_ns)
{
	struct cache_head	*h = c->head;
	uint32_t		 flush;
	uint64_t		 had;
	size_t			 i, k, j;

	if (h == NULL)
		return;
	if (cache_epoch(c, &had) && complete && had == epoch) {
		STORE(&h->checked_ns, start_ns);
		return;
	}
	__atomic_add_fetch(&h->gen, 1, __ATOMIC_SEQ_CST);
	if (!cache_epoch(c, &had) || !complete) {
		__atomic_add_fetch(&h->flush, 1, __ATOMIC_SEQ_CST);
		c->stats.flushes++;
	} else {
		flush = LOAD(&h->flush);
		for (j = 0; j < n; j++) {
			if (ch[j].kind == AUTH_CHANGE_HASH) {
				i = cache_index(c, ch[j].subject);
				for (k = 0; k < CACHE_PROBE; k++)
					cache_invalidate(c, cache_slot(c, i, k),
					    flush, &ch[j]);
			} else
				for (k = 0; k < c->nslots; k++)
					cache_invalidate(c, &c->slots[k], flush,
					    &ch[j]);
		}
	}
	STORE(&h->epoch, epoch);
	STORE(&h->checked_ns, start_ns);
}

const struct cache_stats *
cache_stats(const struct cache *c)
{
	return &c->stats;
}
