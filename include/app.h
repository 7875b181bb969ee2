/* SPDX-License-Identifier: ISC */
/* What a worker (or the CLI) holds for its whole life. */
#ifndef APP_H
#define APP_H

#include <stdint.h>
#include <time.h>

#include "token.h"

struct cache;
struct config;
struct db;
struct ratelimit;

#define APP_USAGE_MAX	2048
#define APP_IPS_MAX	2048
#define APP_IPSEEN	1024	/* (token, address) pairs noted this minute */
#define APP_FIRST_MAX	16

/* A token seen at a minute whose last_used_at the database lacks. */
struct app_usage {
	char	 id[TOKEN_ID_SIZE];
	time_t	 minute;
};

/* A token seen from an address at a minute (last_used_ips). */
struct app_ip {
	char	 id[TOKEN_ID_SIZE];
	char	 addr[46];
	time_t	 minute;
	int	 fresh;		/* not the address the host noted last */
};

struct app {
	struct config		*cfg;
	struct db		*db;
	struct cache		*cache;
	struct ratelimit	*ratelimit;
	struct app_usage	 usage[APP_USAGE_MAX];
	int			 nusage;
	struct app_ip		 ips[APP_IPS_MAX];
	int			 nips;
	uint64_t		 ipseen[APP_IPSEEN];	/* hash of pair + minute */
	/* New secrets seen for the first time: their rotation ends. */
	unsigned char		 first_use[APP_FIRST_MAX][32];
	int			 nfirst;
	time_t			 next_usage_flush;
	time_t			 next_purge;
};

#endif
