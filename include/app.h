/* What a worker (or the CLI) holds for its whole life. */
#ifndef APP_H
#define APP_H

#include <time.h>

#include "token.h"

struct cache;
struct config;
struct db;

#define APP_USAGE_MAX	256

/* A token seen at a minute whose last_used_at the database lacks. */
struct app_usage {
	char	 id[TOKEN_ID_SIZE];
	time_t	 minute;
};

struct app {
	struct config		*cfg;
	struct db		*db;
	struct cache		*cache;
	struct app_usage	 usage[APP_USAGE_MAX];
	int			 nusage;
	time_t			 next_usage_flush;
	time_t			 next_purge;
};

#endif
