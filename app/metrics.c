/* SPDX-License-Identifier: ISC */
/* Prometheus counters: one slot per worker in a shared file, summed on scrape. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "cache.h"
#include "db.h"
#include "log.h"
#include "metrics.h"
#include "shm.h"

#define METRICS_MAGIC	0x74617069u	/* "tapi" */
#define METRICS_SLOTS	64
/* Room for the routes and one more: no route matched. */
#define M_ROUTES	48
#define M_BUCKETS	14

static const int metrics_status[] = { 200, 201, 204, 302, 303, 400, 401,
    403, 404, 405, 409, 413, 415, 422, 500, 503, 0 /* other */ };
#define M_STATUSES	(int)(sizeof(metrics_status) / sizeof(metrics_status[0]))
/* Upper bounds in microseconds; the last bucket is +Inf. */
static const uint64_t metrics_le_us[M_BUCKETS - 1] = { 100, 250, 500, 1000,
    2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000 };

enum { M_CACHE_HIT, M_CACHE_MISS, M_CACHE_FLUSH, M_CACHE_EVICT,
    M_CACHE_INVALIDATE, M_CACHE_CHECK,
    M_DB_RECONNECT, M_DB_CONNECT_FAIL, M_DB_ERROR, M_DB_RETRY, M_STARTS,
    M_OTHER__MAX };

struct metrics_slot {
	int32_t		 pid;
	uint32_t	 pad;
	uint64_t	 requests[M_ROUTES][M_STATUSES];
	uint64_t	 latency[M_ROUTES][M_BUCKETS];
	uint64_t	 latency_us[M_ROUTES];
	uint64_t	 auth[AUTH_OUTCOMES];
	uint64_t	 other[M_OTHER__MAX];
};

struct metrics_file {
	uint32_t		 magic;
	uint32_t		 slot_size;
	uint32_t		 nslots;
	uint32_t		 pad;
	struct metrics_slot	 slots[METRICS_SLOTS];
};

static struct metrics_file	*mf;
/* The routes' names, given at open: the counters know routes by number. */
static const char *const	*route_names;
static int			 nroutes;
static struct metrics_slot	*me;
static int			 shared;
/* What was last added from the process-local counters. */
static uint64_t			 seen[M_OTHER__MAX];

static void
metrics_add(uint64_t *c, uint64_t n)
{
	/* One writer per slot; readers may be other processes. */
	__atomic_store_n(c, *c + n, __ATOMIC_RELAXED);
}

/* Workers alive among the slots' owners. */
static int
metrics_alive(void)
{
	uint32_t	 i;
	int32_t		 pid;
	int		 live = 0;

	for (i = 0; i < mf->nslots; i++) {
		pid = __atomic_load_n(&mf->slots[i].pid, __ATOMIC_RELAXED);
		if (pid != 0 && (kill(pid, 0) == 0 || errno != ESRCH))
			live++;
	}
	return live;
}

static int
metrics_claim(void)
{
	int32_t	 pid = (int32_t)getpid(), old;
	int	 i;

	for (i = 0; i < METRICS_SLOTS; i++) {
		old = __atomic_load_n(&mf->slots[i].pid, __ATOMIC_ACQUIRE);
		if (old != 0 && (kill(old, 0) == 0 || errno != ESRCH))
			continue;
		if (__atomic_compare_exchange_n(&mf->slots[i].pid, &old, pid,
		    0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			me = &mf->slots[i];
			return 0;
		}
	}
	return -1;
}

static void
metrics_layout(void *p, size_t size)
{
	struct metrics_file	*f = p;

	(void)size;
	f->slot_size = sizeof(*me);
	f->nslots = METRICS_SLOTS;
}

int
metrics_open(const char *path, const char *const *names, int n)
{

	if (n >= M_ROUTES)
		fatalx("metrics: %d routes, room for %d", n, M_ROUTES - 1);
	route_names = names;
	nroutes = n;

	if (path == NULL)
		goto private;
	if ((mf = shm_map(path, sizeof(*mf), METRICS_MAGIC,
	    metrics_layout)) == NULL)
		goto private;
	if (metrics_claim() == -1) {
		log_warnx("metrics file %s: no free slot", path);
		shm_unmap(mf, sizeof(*mf));
		goto private;
	}
	shared = 1;
	metrics_add(&me->other[M_STARTS], 1);
	return 0;
private:
	if ((mf = calloc(1, sizeof(*mf))) == NULL)
		fatal("metrics");
	mf->nslots = 1;
	me = &mf->slots[0];
	me->pid = (int32_t)getpid();
	shared = 0;
	metrics_add(&me->other[M_STARTS], 1);
	return path == NULL ? 0 : -1;
}

void
metrics_close(void)
{
	if (mf == NULL)
		return;
	if (shared)
		shm_unmap(mf, sizeof(*mf));	/* the slot stays, counts and all */
	else
		free(mf);
	mf = NULL;
	me = NULL;
}

void
metrics_request(int route, int status, uint64_t us)
{
	int	 r, s, b;

	if (me == NULL)
		return;
	r = route >= 0 && route < nroutes ? route : nroutes;
	for (s = 0; s < M_STATUSES - 1 && metrics_status[s] != status; s++)
		;
	for (b = 0; b < M_BUCKETS - 1 && us > metrics_le_us[b]; b++)
		;
	metrics_add(&me->requests[r][s], 1);
	metrics_add(&me->latency[r][b], 1);
	metrics_add(&me->latency_us[r], us);
}

void
metrics_auth(int outcome)
{
	if (me != NULL && outcome >= 0 && outcome < AUTH_OUTCOMES)
		metrics_add(&me->auth[outcome], 1);
}

static void
metrics_delta(int which, uint64_t now)
{
	if (now > seen[which])
		metrics_add(&me->other[which], now - seen[which]);
	seen[which] = now;
}

void
metrics_sync(struct app *app)
{
	const struct db_stats		*d = db_stats(app->db);
	const struct cache_stats	*c;

	if (me == NULL)
		return;
	metrics_delta(M_DB_RECONNECT, d->reconnects);
	metrics_delta(M_DB_CONNECT_FAIL, d->connect_failures);
	metrics_delta(M_DB_ERROR, d->errors);
	metrics_delta(M_DB_RETRY, d->retries);
	if (app->cache != NULL) {
		c = cache_stats(app->cache);
		metrics_delta(M_CACHE_HIT, c->hits);
		metrics_delta(M_CACHE_MISS, c->misses);
		metrics_delta(M_CACHE_FLUSH, c->flushes);
		metrics_delta(M_CACHE_EVICT, c->evictions);
		metrics_delta(M_CACHE_INVALIDATE, c->invalidations);
		metrics_delta(M_CACHE_CHECK, c->checks);
	}
}

static uint64_t
metrics_sum(size_t offset)
{
	uint64_t	 n = 0;
	uint32_t	 i;

	for (i = 0; i < mf->nslots; i++)
		n += __atomic_load_n((uint64_t *)((char *)&mf->slots[i] +
		    offset), __ATOMIC_RELAXED);
	return n;
}

#define SUM(field)	metrics_sum(offsetof(struct metrics_slot, field))

static const char *
metrics_route(int r)
{
	return r < nroutes ? route_names[r] : "none";
}

static void
metrics_counter(struct buf *b, const char *name, const char *help)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s counter\n", name, help, name);
}

void
metrics_render(struct buf *b)
{
	static const char *other_name[M_OTHER__MAX] = {
		"tenantapi_auth_cache_hits_total",
		"tenantapi_auth_cache_misses_total",
		"tenantapi_auth_cache_flushes_total",
		"tenantapi_auth_cache_evictions_total",
		"tenantapi_auth_cache_invalidations_total",
		"tenantapi_auth_cache_checks_total",
		"tenantapi_db_reconnects_total",
		"tenantapi_db_connect_failures_total",
		"tenantapi_db_errors_total",
		"tenantapi_db_retries_total",
		"tenantapi_worker_starts_total",
	};
	static const char *other_help[M_OTHER__MAX] = {
		"Token verifications answered from the worker cache.",
		"Token verifications that read the database.",
		"Times the cache was emptied whole (more changes missed than the "
		    "change log keeps, or no epoch read yet).",
		"Cache entries replaced to make room.",
		"Cache entries removed because a change concerned them.",
		"Reads of the change log (the epoch and the changes since).",
		"Database connections opened (including the first).",
		"Attempts to connect to the database that failed.",
		"Database errors other than duplicates and conflicts.",
		("Statements or transactions repeated after a lost connection "
		    "or a conflict."),
		"Worker processes started.",
	};
	uint64_t	 n, cum, sum_us;
	int		 r, s, k, live;

	if (mf == NULL)
		return;
	live = metrics_alive();
	buf_printf(b, "# Counters are %s.\n", shared ? "the sums over every "
	    "worker that shares the metrics file" : "this worker's only (no "
	    "metrics_file configured)");
	buf_printf(b, "# HELP tenantapi_workers Worker processes alive.\n"
	    "# TYPE tenantapi_workers gauge\ntenantapi_workers %d\n", live);

	metrics_counter(b, "tenantapi_requests_total",
	    "Requests answered, by route and status.");
	for (r = 0; r <= nroutes; r++)
		for (s = 0; s < M_STATUSES; s++)
			if ((n = SUM(requests[r][s])) > 0) {
				buf_printf(b, "tenantapi_requests_total{route=\"%s\","
				    "status=\"", metrics_route(r));
				if (metrics_status[s] != 0)
					buf_printf(b, "%d", metrics_status[s]);
				else
					buf_adds(b, "other");
				buf_printf(b, "\"} %llu\n", (unsigned long long)n);
			}

	buf_adds(b, "# HELP tenantapi_request_duration_seconds Time from the "
	    "request's arrival at the worker to its answer.\n"
	    "# TYPE tenantapi_request_duration_seconds histogram\n");
	for (r = 0; r <= nroutes; r++) {
		if ((sum_us = SUM(latency_us[r])) == 0 &&
		    SUM(latency[r][0]) == 0 && SUM(latency[r][M_BUCKETS - 1]) == 0)
			continue;
		cum = 0;
		for (k = 0; k < M_BUCKETS; k++) {
			cum += SUM(latency[r][k]);
			if (k < M_BUCKETS - 1)
				buf_printf(b, "tenantapi_request_duration_seconds_"
				    "bucket{route=\"%s\",le=\"%g\"} %llu\n",
				    metrics_route(r),
				    (double)metrics_le_us[k] / 1e6,
				    (unsigned long long)cum);
			else
				buf_printf(b, "tenantapi_request_duration_seconds_"
				    "bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
				    metrics_route(r), (unsigned long long)cum);
		}
		if (cum == 0)
			continue;
		buf_printf(b, "tenantapi_request_duration_seconds_sum{route=\"%s\"}"
		    " %.6f\ntenantapi_request_duration_seconds_count{route=\"%s\"}"
		    " %llu\n", metrics_route(r), (double)sum_us / 1e6,
		    metrics_route(r), (unsigned long long)cum);
	}

	metrics_counter(b, "tenantapi_auth_decisions_total",
	    "Decisions of /api/v1/auth, by outcome.");
	for (k = 0; k < AUTH_OUTCOMES; k++)
		buf_printf(b, "tenantapi_auth_decisions_total{outcome=\"%s\"} "
		    "%llu\n", k == AUTH_FORBIDDEN_PERMISSION ?
		    "forbidden_permission" : k == AUTH_FORBIDDEN_TENANT ?
		    "forbidden_tenant" : k == AUTH_RATE_LIMITED ?
		    "rate_limited" : authn_label(k),
		    (unsigned long long)SUM(auth[k]));
	for (k = 0; k < M_OTHER__MAX; k++) {
		metrics_counter(b, other_name[k], other_help[k]);
		buf_printf(b, "%s %llu\n", other_name[k],
		    (unsigned long long)SUM(other[k]));
	}
}
