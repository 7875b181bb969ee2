/* SPDX-License-Identifier: ISC */
/* The FastCGI worker program: configuration, database, accept loop. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mysql.h>
#include <sodium.h>

#include "app.h"
#include "cache.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "metrics.h"
#include "ratelimit.h"
#include "router.h"
#include "server.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/usr/local/etc"
#endif
#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

static const struct option worker_longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fprintf(f, "usage: tenantapi [-c config]\n"
	    "       tenantapi --help | --version\n"
	    "A Tenant API FastCGI worker. Run under spawn-fcgi, which passes "
	    "the listening\nsocket as descriptor 0 (see tenantapi(8)). The "
	    "configuration is -c, else\n$TENANTAPI_CONFIG, else "
	    SYSCONFDIR "/tenantapi/tenantapi.conf.\n");
	exit(status);
}

int
main(int argc, char *argv[])
{
	struct config	 cfg;
	struct app	 app;
	const char	*path;
	static const char *route_names[ROUTE__MAX];
	char		 err[512];
	int		 ch, i;

	path = getenv("TENANTAPI_CONFIG");
	if (path == NULL)
		path = SYSCONFDIR "/tenantapi/tenantapi.conf";
	while ((ch = getopt_long(argc, argv, "c:h",
	    worker_longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'h':
			usage(stdout, 0);
		case 'V':
			printf("tenantapi %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr, 2);
		}
	}
	if (optind != argc)
		usage(stderr, 2);
	log_init("tenantapi", LOG_INFO);
	if (sodium_init() < 0)
		fatalx("sodium_init failed");
	config_defaults(&cfg);
	if (config_load(&cfg, path, err, sizeof(err)) == -1 ||
	    config_load_secrets(&cfg, CONFIG_SECRET_KEY, err, sizeof(err)) == -1)
		fatalx("configuration: %s", err);
	log_setlevel(cfg.log_level);
	log_setpriority(cfg.log_priority);
	if (mysql_library_init(0, NULL, NULL) != 0)
		fatalx("mysql_library_init failed");

	memset(&app, 0, sizeof(app));
	app.cfg = &cfg;
	/* This process was forked and exec'd by multiwatch: connect now. */
	app.db = db_new(&cfg);
	if (db_ensure(app.db) != DB_OK)
		log_warnx("database not reachable yet: answering 503 until it is");
	app.cache = cache_new(cfg.cache_entries, cfg.revocation_check_ms,
	    cfg.cache_file);
	app.ratelimit = ratelimit_new(cfg.ratelimit_buckets,
	    cfg.ratelimit_file);
	for (i = 0; i < ROUTE__MAX; i++)
		route_names[i] = routes[i].name;
	metrics_open(cfg.metrics_file, route_names, ROUTE__MAX);
	server_run(&app);
	metrics_close();
	cache_free(app.cache);
	ratelimit_free(app.ratelimit);
	db_free(app.db);
	mysql_library_end();
	config_free(&cfg);
	return 0;
}
