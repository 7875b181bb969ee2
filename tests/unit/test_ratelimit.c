/* SPDX-License-Identifier: ISC */
/* Unit tests of the rate-limit buckets: size, refill, sharing, a full table. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "ratelimit.h"
#include "../tap.h"

#define SEC	1000000000LL

/* How many of n takes at now pass. */
static int
takes(struct ratelimit *r, const char *id, uint32_t limit, int n,
    int64_t now, unsigned int *retry)
{
	int	 i, passed = 0;

	for (i = 0; i < n; i++)
		passed += ratelimit_take(r, id, limit, now, retry);
	return passed;
}

int
main(void)
{
	char			 dir[] = "/tmp/test_rl.XXXXXX", path[512], id[24];
	struct ratelimit	*r, *s;
	struct dirent		*de;
	unsigned int		 retry = 0;
	int64_t			 t = 1000 * SEC;
	DIR			*d;
	int			 i, passed;

	log_init("test_ratelimit", LOG_ERR);
	r = ratelimit_new(64, NULL);
	ok(takes(r, "tok_aaaaaaaaaaaaaaaa", 60, 60, t, &retry) == 60,
	    "a bucket of 60 starts full");
	ok(takes(r, "tok_aaaaaaaaaaaaaaaa", 60, 1, t, &retry) == 0 &&
	    retry == 1, "the 61st is refused, one second to wait");
	ok(takes(r, "tok_aaaaaaaaaaaaaaaa", 60, 2, t + SEC, &retry) == 1,
	    "a second later, one more");
	ok(takes(r, "tok_aaaaaaaaaaaaaaaa", 60, 40, t + 31 * SEC, &retry) == 30,
	    "30 seconds later, 30 more");
	ok(takes(r, "tok_aaaaaaaaaaaaaaaa", 60, 100, t + 600 * SEC, &retry) ==
	    60, "never more than the limit, however long it waited");
	/* A second into the minute, 59.00004 s are left: 60 to wait. */
	ok(takes(r, "tok_bbbbbbbbbbbbbbbb", 1, 1, t, &retry) == 1 &&
	    takes(r, "tok_bbbbbbbbbbbbbbbb", 1, 1, t + SEC, &retry) == 0 &&
	    retry == 60, "a limit of 1 a minute: a minute to wait");
	ok(takes(r, "tok_cccccccccccccccc", 1000000, 1000000, t, &retry) ==
	    1000000, "a limit of a million");
	ok(takes(r, "tok_eeeeeeeeeeeeeeee", 60, 1, t, &retry) == 1 &&
	    takes(r, "tok_eeeeeeeeeeeeeeee", 5, 10, t, &retry) == 5,
	    "a lower limit (a PATCH) caps a full bucket at once");

	/* More tokens than the table: the oldest buckets go to newcomers. */
	for (i = 0, passed = 0; i < 1000; i++) {
		snprintf(id, sizeof(id), "tok_%016d", i);
		passed += takes(r, id, 2, 3, t + 700 * SEC + i, &retry);
	}
	ok(passed == 2000, "a full table still limits each token (%d of 3000)",
	    passed);
	ratelimit_free(r);

	/* Two workers of the host share the buckets. */
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/rl", dir);
	r = ratelimit_new(1024, path);
	s = ratelimit_new(1024, path);
	passed = 0;
	for (i = 0; i < 150; i++)
		passed += ratelimit_take(i % 2 ? r : s, "tok_dddddddddddddddd",
		    60, t + i * 1000000LL, &retry);
	ok(passed == 60, "150 requests through two workers against 60: 60 pass "
	    "(%d)", passed);
	ratelimit_free(r);
	ratelimit_free(s);
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
	return tap_done();
}
