/* The FastCGI worker program: configuration, database, accept loop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mysql.h>
#include <sodium.h>

#include "app.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "server.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/usr/local/etc"
#endif

static void
usage(void)
{
	fprintf(stderr, "usage: tenantapi [-c config]\n"
	    "Run under spawn-fcgi, which passes the listening socket as "
	    "descriptor 0.\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct config	 cfg;
	struct app	 app;
	const char	*path;
	char		 err[512];
	int		 ch;

	path = getenv("TENANTAPI_CONFIG");
	if (path == NULL)
		path = SYSCONFDIR "/tenantapi.conf";
	while ((ch = getopt(argc, argv, "c:")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		default:
			usage();
		}
	}
	log_init("tenantapi", LOG_INFO);
	if (sodium_init() < 0)
		fatalx("sodium_init failed");
	config_defaults(&cfg);
	if (config_load(&cfg, path, err, sizeof(err)) == -1 ||
	    config_load_secrets(&cfg, 1, err, sizeof(err)) == -1)
		fatalx("configuration: %s", err);
	log_setlevel(cfg.log_level);
	if (mysql_library_init(0, NULL, NULL) != 0)
		fatalx("mysql_library_init failed");

	memset(&app, 0, sizeof(app));
	app.cfg = &cfg;
	/* Connected lazily, after the fork that made this process. */
	app.db = db_new(&cfg);
	server_run(&app);
	db_free(app.db);
	mysql_library_end();
	config_free(&cfg);
	return 0;
}
