/* The operator's command-line tool; links the same library as the workers. */
#include <errno.h>
#include <fcntl.h>
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
#include "router.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/usr/local/etc"
#endif

struct ctl {
	struct config	 cfg;
	struct app	 app;
	const char	*config_path;
	int		 loaded;
};

static void
usage(void)
{
	fprintf(stderr,
	    "usage: tenantctl [-c config] command [arguments]\n"
	    "commands:\n"
	    "  keygen FILE          write a new server key file (mode 0600)\n"
	    "  migrate              apply the schema migrations\n"
	    "  routes               print the route table\n");
	exit(2);
}

static void
ctl_load(struct ctl *c, int need_key)
{
	char	 err[512];

	config_defaults(&c->cfg);
	if (config_load(&c->cfg, c->config_path, err, sizeof(err)) == -1 ||
	    config_load_secrets(&c->cfg, need_key, err, sizeof(err)) == -1)
		fatalx("configuration: %s", err);
	if (mysql_library_init(0, NULL, NULL) != 0)
		fatalx("mysql_library_init failed");
	c->app.cfg = &c->cfg;
	c->app.db = db_new(&c->cfg);
	if (db_ensure(c->app.db) != DB_OK)
		fatalx("cannot connect to the database");
	c->loaded = 1;
}

static int
cmd_keygen(int argc, char *argv[])
{
	unsigned char	 key[32];
	char		 hex[65];
	int		 fd;

	if (argc != 2)
		usage();
	if ((fd = open(argv[1], O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1)
		fatal("%s", argv[1]);
	randombytes_buf(key, sizeof(key));
	sodium_bin2hex(hex, sizeof(hex), key, sizeof(key));
	hex[64] = '\n';
	if (write(fd, hex, 65) != 65 || close(fd) == -1)
		fatal("%s", argv[1]);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(hex, sizeof(hex));
	return 0;
}

static int
cmd_migrate(struct ctl *c)
{
	ctl_load(c, 0);
	return db_migrate(c->app.db, c->cfg.sql_dir, 1) == DB_OK ? 0 : 1;
}

static int
cmd_routes(void)
{
	int	 i;

	for (i = 0; i < ROUTE__MAX; i++)
		printf("%s %s\n", routes[i].method, routes[i].pattern);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct ctl	 c;
	int		 ch, rc = 2;

	memset(&c, 0, sizeof(c));
	c.config_path = getenv("TENANTAPI_CONFIG");
	if (c.config_path == NULL)
		c.config_path = SYSCONFDIR "/tenantapi.conf";
	while ((ch = getopt(argc, argv, "c:")) != -1) {
		switch (ch) {
		case 'c':
			c.config_path = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	log_init("tenantctl", LOG_WARN);
	if (sodium_init() < 0)
		fatalx("sodium_init failed");

	if (strcmp(argv[0], "keygen") == 0)
		rc = cmd_keygen(argc, argv);
	else if (strcmp(argv[0], "migrate") == 0)
		rc = cmd_migrate(&c);
	else if (strcmp(argv[0], "routes") == 0)
		rc = cmd_routes();
	else
		usage();

	if (c.loaded) {
		db_free(c.app.db);
		mysql_library_end();
		config_free(&c.cfg);
	}
	return rc;
}
