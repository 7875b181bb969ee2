/* SPDX-License-Identifier: ISC */
/*
 * Rate limits: a bucket per token, holding up to its limit a minute and
 * refilled continuously at that rate, in a table every worker of the host
 * maps (ratelimit_file), so that the limit holds across workers and pools.
 * The table is fixed at start: a token's bucket lives in a window of 8
 * slots picked by its id; when the window is taken, the bucket used
 * longest ago is given to the newcomer, full. Its former owner then gets a
 * full bucket again the next time: a host with more tokens limited at once
 * than the table holds can let a token through up to one more limit a
 * minute, never fewer.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "log.h"
#include "ratelimit.h"
#include "shm.h"
#include "token.h"

#define RL_MAGIC	0x6c746172u	/* "ratl" */
#define RL_PROBE	8
#define RL_UNIT		1000000LL	/* a request, in micro-requests */
#define RL_MINUTE_NS	60000000000LL
/* A lock held this long is its holder's death: taken over. */
#define RL_SPINS	100000

struct rl_bucket {
	int32_t		 lock;		/* the holder's pid, or 0 */
	uint32_t	 limit;
	char		 id[TOKEN_ID_SIZE + 3];
	int64_t		 micro;		/* requests available, x RL_UNIT */
	int64_t		 last_ns;	/* CLOCK_MONOTONIC of the last take */
};

struct rl_head {
	uint32_t	 magic;
	uint32_t	 nbuckets;
	char		 pad[56];
};

struct ratelimit {
	struct rl_head	*head;
	struct rl_bucket *b;
	size_t		 n;
	size_t		 size;
	int32_t		 pid;
};

static void
ratelimit_layout(void *p, size_t size)
{
	struct rl_head	*h = p;

	h->nbuckets = (uint32_t)((size - sizeof(*h)) /
	    sizeof(struct rl_bucket));
}

struct ratelimit *
ratelimit_new(unsigned int buckets, const char *path)
{
	struct ratelimit	*r;
	void			*p = NULL;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		fatal("ratelimit_new");
	r->pid = (int32_t)getpid();
	r->n = buckets < RL_PROBE ? RL_PROBE : buckets;
	r->size = sizeof(struct rl_head) + r->n * sizeof(struct rl_bucket);
	if (path == NULL || (p = shm_map(path, r->size, RL_MAGIC,
	    ratelimit_layout)) == NULL) {
		if (path != NULL)
			log_warnx("rate limit file %s unusable: limits are "
			    "this worker's own", path);
		p = mmap(NULL, r->size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			fatal("ratelimit_new");
		ratelimit_layout(p, r->size);
	}
	r->head = p;
	r->b = (struct rl_bucket *)(r->head + 1);
	return r;
}

void
ratelimit_free(struct ratelimit *r)
{
	if (r == NULL)
		return;
	munmap(r->head, r->size);
	free(r);
}

static void
ratelimit_lock(struct ratelimit *r, struct rl_bucket *b)
{
	int32_t		 cur;
	unsigned int	 spins = 0;

	for (;;) {
		cur = 0;
		if (__atomic_compare_exchange_n(&b->lock, &cur, r->pid, 0,
		    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return;
		if (++spins % RL_SPINS == 0 && cur != 0 && kill(cur, 0) == -1 &&
		    errno == ESRCH && __atomic_compare_exchange_n(&b->lock, &cur,
		    r->pid, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return;		/* its holder died holding it */
		if (spins % 64 == 0)
			sched_yield();
	}
}

static void
ratelimit_unlock(struct rl_bucket *b)
{
	__atomic_store_n(&b->lock, 0, __ATOMIC_RELEASE);
}

/* FNV-1a over the id: ids are random, but not their prefix. */
static size_t
ratelimit_index(const struct ratelimit *r, const char *id)
{
	uint64_t	 h = 1469598103934665603ULL;

	for (; *id != '\0'; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211ULL;
	return (size_t)(((unsigned __int128)h * r->n) >> 64);
}

int
ratelimit_take(struct ratelimit *r, const char *id, uint32_t limit,
    int64_t now_ns, unsigned int *retry_after)
{
	struct rl_bucket	*b, *found = NULL, *oldest = NULL;
	int64_t			 full = (int64_t)limit * RL_UNIT, elapsed, need;
	size_t			 i, k, j;
	int			 ok;

	i = ratelimit_index(r, id);
	for (k = 0; k < RL_PROBE; k++) {
		j = i + k < r->n ? i + k : i + k - r->n;
		b = &r->b[j];
		if (strncmp(b->id, id, sizeof(b->id)) == 0) {
			found = b;
			break;
		}
		if (oldest == NULL || b->last_ns < oldest->last_ns)
			oldest = b;
	}
	b = found != NULL ? found : oldest;
	ratelimit_lock(r, b);
	if (strncmp(b->id, id, sizeof(b->id)) != 0) {
		/* New here (or the window was full): a full bucket. */
		memset(b->id, 0, sizeof(b->id));
		strncpy(b->id, id, sizeof(b->id) - 1);
		b->micro = full;
		b->last_ns = now_ns;
	}
	if (b->limit != limit) {
		b->limit = limit;	/* changed by a PATCH: no more than it */
		if (b->micro > full)
			b->micro = full;
	}
	elapsed = now_ns - b->last_ns;
	if (elapsed > RL_MINUTE_NS)
		elapsed = RL_MINUTE_NS;
	if (elapsed > 0) {
		b->micro += elapsed * (int64_t)limit / 60000;
		if (b->micro > full)
			b->micro = full;
		b->last_ns = now_ns;
	}
	if ((ok = b->micro >= RL_UNIT))
		b->micro -= RL_UNIT;
	else {
		need = RL_UNIT - b->micro;
		/* ns until need micro-requests: need * 60e9 / (limit * 1e6) */
		*retry_after = (unsigned int)((need * 60000 / limit +
		    999999999) / 1000000000);
		if (*retry_after == 0)
			*retry_after = 1;
	}
	ratelimit_unlock(b);
	return ok;
}
