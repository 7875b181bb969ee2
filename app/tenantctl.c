/* The operator's command-line tool; links the same library as the workers. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mysql.h>
#include <sodium.h>

#include <jansson.h>

#include "app.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "notices.h"
#include "router.h"
#include "text.h"
#include "token.h"
#include "webhook.h"

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
	    "  token-create --name NAME --tenant ID|'*' --permissions LIST\n"
	    "               [--description TEXT] [--expires RFC3339] [--quiet]\n"
	    "                       create a token; prints it once\n"
	    "  tenant-create ID NAME\n"
	    "  tokens [--tenant ID] [--status S] [--limit N]\n"
	    "  revoke TOKEN_ID      revoke a token\n"
	    "  purge                delete pending tokens never saved\n"
	    "  notify-expiring [--json]\n"
	    "                       send the expiry notices due to the "
	    "tenants'\n                       webhooks (30, 7 and 1 days "
	    "before); exit 1\n                       when some could not be "
	    "delivered\n"
	    "  gen-token [N]        print N well-formed tokens that are not "
	    "stored\n                       (for tests and benchmarks)\n"
	    "  routes               print the route table\n"
	    "  seed --tenant ID --count N [--out FILE] [--keep K]\n"
	    "       [--cidrs LIST] [--rate N]\n"
	    "                       insert N active tokens fast (benchmarks);\n"
	    "                       writes K of their secrets (1000) to FILE\n");
	exit(2);
}

/* as_owner: the owner account (db_owner_user), for migrations. */
static void
ctl_open(struct ctl *c, int need_key, int as_owner)
{
	char	 err[512];

	config_defaults(&c->cfg);
	if (config_load(&c->cfg, c->config_path, err, sizeof(err)) == -1 ||
	    config_load_secrets(&c->cfg, (need_key ? CONFIG_SECRET_KEY : 0) |
	    (as_owner ? CONFIG_SECRET_OWNER : 0), err, sizeof(err)) == -1)
		fatalx("configuration: %s", err);
	if (mysql_library_init(0, NULL, NULL) != 0)
		fatalx("mysql_library_init failed");
	c->app.cfg = &c->cfg;
	c->app.db = as_owner ? db_new_owner(&c->cfg) : db_new(&c->cfg);
	if (db_ensure(c->app.db) != DB_OK)
		fatalx("cannot connect to the database");
	c->loaded = 1;
}

static void
ctl_load(struct ctl *c, int need_key)
{
	ctl_open(c, need_key, 0);
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
	/*
	 * The workers' account may not change the schema: migrations run as
	 * the owner, who also grants the workers' role what they need.
	 */
	ctl_open(c, 0, 1);
	return db_migrate(c->app.db, c->cfg.sql_dir, c->cfg.db_worker_role,
	    1) == DB_OK ? 0 : 1;
}

/*
 * Runs a route's validator and handler with the operator as the caller:
 * the CLI goes through exactly the code the workers run.
 */
static int
ctl_call(struct ctl *c, struct request *req, enum route_id id, json_t *body,
    const char *param, const char *query)
{
	const struct route	*r = &routes[id];
	json_t			*j, *errs, *e;
	size_t			 i;

	request_init(req, &c->app);
	req->method = r->method;
	req->path = r->pattern;
	req->route = id;
	req->param[0] = param;
	req->query = query;
	req->input_json = body ? body : json_object();
	req->remote_addr = "cli";
	req->request_id = "cli";
	snprintf(req->caller.token_id, sizeof(req->caller.token_id), "cli");
	snprintf(req->caller.tenant, sizeof(req->caller.tenant), "%s",
	    TENANT_ALL);
	req->caller.perms = PERM_ALL;
	req->caller.cli = 1;
	if (request_parse_query(req) == -1)
		fatalx("bad query");
	if (r->validate != NULL && r->validate(req) == -1) {
		if (req->resp.status == 0)
			resp_validation(req, 422);
	} else
		r->handle(req);
	if (req->resp.status >= 400) {
		j = json_loadb(req->resp.body.p, req->resp.body.len, 0, NULL);
		fprintf(stderr, "tenantctl: %s\n", json_string_value(
		    json_object_get(j, "detail")));
		errs = json_object_get(j, "errors");
		json_array_foreach(errs, i, e)
			fprintf(stderr, "  %s: %s\n", json_string_value(
			    json_object_get(e, "field")), json_string_value(
			    json_object_get(e, "message")));
		json_decref(j);
		return 1;
	}
	return 0;
}

static void
ctl_print(struct request *req)
{
	fwrite(req->resp.body.p, 1, req->resp.body.len, stdout);
}

static void
ctl_done(struct request *req)
{
	if (req->resp_secret)
		sodium_memzero(req->resp.body.p, req->resp.body.len);
	request_reset(req);
	arena_free(&req->arena);
	buf_free(&req->resp.head);
	buf_free(&req->resp.body);
}

/* --key value pairs into a JSON object; flags without a value map to true. */
static json_t *
ctl_options(int argc, char *argv[], int *quiet)
{
	json_t	*o = json_object();
	int	 i;

	i = 1;
	while (i < argc) {
		if (strcmp(argv[i], "--quiet") == 0) {
			*quiet = 1;
			i++;
		} else if (strcmp(argv[i], "--pending") == 0) {
			json_object_set_new(o, "status", json_string("pending"));
			i++;
		} else if (strncmp(argv[i], "--", 2) == 0 && i + 1 < argc) {
			json_object_set_new(o, strcmp(argv[i], "--expires") ==
			    0 ? "expires_at" : argv[i] + 2,
			    json_string(argv[i + 1]));
			i += 2;
		} else
			usage();
	}
	return o;
}

static int
cmd_token_create(struct ctl *c, int argc, char *argv[])
{
	struct request	 req;
	json_t		*body, *j;
	int		 quiet = 0, rc;

	body = ctl_options(argc, argv, &quiet);
	ctl_load(c, 1);
	if ((rc = ctl_call(c, &req, ROUTE_TOKENS_CREATE, body, NULL, NULL)) ==
	    0) {
		if (quiet) {
			j = json_loadb(req.resp.body.p, req.resp.body.len, 0,
			    NULL);
			printf("%s\n", json_string_value(json_object_get(j,
			    "token")));
			json_decref(j);
		} else
			ctl_print(&req);
	}
	ctl_done(&req);
	return rc;
}

static int
cmd_tenant_create(struct ctl *c, int argc, char *argv[])
{
	struct request	 req;
	int		 rc;

	if (argc != 3)
		usage();
	ctl_load(c, 1);
	rc = ctl_call(c, &req, ROUTE_TENANTS_CREATE, json_pack("{s:s, s:s}",
	    "id", argv[1], "name", argv[2]), NULL, NULL);
	if (rc == 0)
		ctl_print(&req);
	ctl_done(&req);
	return rc;
}

static int
cmd_tokens(struct ctl *c, int argc, char *argv[])
{
	struct request	 req;
	json_t		*opts, *j, *items, *t, *v;
	const char	*key;
	struct buf	 query = { NULL, 0, 0 };
	size_t		 i;
	int		 quiet = 0, rc;

	opts = ctl_options(argc, argv, &quiet);
	buf_adds(&query, "");
	json_object_foreach(opts, key, v) {
		text_pct_encode(&query, key);
		buf_addc(&query, '=');
		text_pct_encode(&query, json_string_value(v));
		buf_addc(&query, '&');
	}
	json_decref(opts);
	ctl_load(c, 1);
	rc = ctl_call(c, &req, ROUTE_TOKENS_LIST, NULL, NULL, query.p);
	if (rc == 0) {
		j = json_loadb(req.resp.body.p, req.resp.body.len, 0, NULL);
		items = json_object_get(j, "items");
		printf("%-20s %-16s %-10s %-24s %s\n", "ID", "TENANT", "STATUS",
		    "PERMISSIONS", "NAME");
		json_array_foreach(items, i, t) {
			char perms[64] = "";
			size_t k;
			json_t *p;
			json_array_foreach(json_object_get(t, "permissions"),
			    k, p) {
				if (k > 0)
					strncat(perms, ",", sizeof(perms) -
					    strlen(perms) - 1);
				strncat(perms, json_string_value(p),
				    sizeof(perms) - strlen(perms) - 1);
			}
			printf("%-20s %-16s %-10s %-24s %s\n",
			    json_string_value(json_object_get(t, "id")),
			    json_string_value(json_object_get(t, "tenant")),
			    json_string_value(json_object_get(t, "status")),
			    perms, json_string_value(json_object_get(t,
			    "name")));
		}
		json_decref(j);
	}
	ctl_done(&req);
	buf_free(&query);
	return rc;
}

static int
cmd_revoke(struct ctl *c, int argc, char *argv[])
{
	struct request	 req;
	int		 rc;

	if (argc != 2)
		usage();
	ctl_load(c, 1);
	rc = ctl_call(c, &req, ROUTE_TOKEN_DELETE, NULL, argv[1], NULL);
	if (rc == 0)
		printf("revoked %s\n", argv[1]);
	ctl_done(&req);
	return rc;
}

static int
cmd_purge(struct ctl *c)
{
	unsigned long long	 n;

	ctl_load(c, 0);
	if (db_purge(c->app.db, c->cfg.pending_ttl, &n) != DB_OK)
		return 1;
	printf("purged %llu pending token(s) never saved\n", n);
	return 0;
}

/*
 * notify-expiring: the notices due now, each to its tenant's webhook
 * (notices.c decides which, webhook_client.c delivers). One line each and
 * a summary, or with --json one object; exit 1 when any failed.
 */
struct notify_out {
	struct ctl	*c;
	json_t		*items;		/* --json */
};

static int
notify_send(void *arg, const char *url, const char *body, size_t len,
    const char *signature, long *status, char *err, size_t errlen)
{
	struct notify_out	*o = arg;
	struct webhook_delivery	 d;
	int			 rc;

	rc = webhook_client_post(url, o->c->cfg.webhook_allow_private, body,
	    len, signature, &d);
	*status = d.status;
	snprintf(err, errlen, "%s", d.error);
	return rc;
}

static void
notify_report(void *arg, const struct notice_report *r)
{
	struct notify_out	*o = arg;
	const struct notice_row	*n = r->notice;
	char			 at[TEXT_TIME_SIZE];
	json_t			*j;

	text_rfc3339(n->expires_at, at);
	if (o->items == NULL) {
		if (r->sent)
			printf("sent    tenant %s token %s (%u days, expires %s): "
			    "HTTP %ld\n", n->tenant, n->token_id, n->days, at,
			    r->status);
		else
			printf("failed  tenant %s token %s (%u days, expires %s), "
			    "attempt %u: %s\n", n->tenant, n->token_id, n->days,
			    at, r->attempts, r->error);
		fflush(stdout);
		return;
	}
	j = json_pack("{s:s, s:s, s:s, s:i, s:s, s:b, s:i}", "tenant",
	    n->tenant, "token", n->token_id, "name", n->name, "days_left",
	    (int)n->days, "expires_at", at, "sent", r->sent, "attempts",
	    (int)r->attempts);
	json_object_set_new(j, "status", r->status > 0 ?
	    json_integer(r->status) : json_null());
	json_object_set_new(j, "error", r->error ? json_string(r->error) :
	    json_null());
	json_array_append_new(o->items, j);
}

static int
cmd_notify_expiring(struct ctl *c, int argc, char *argv[])
{
	struct notify_out	 o = { c, NULL };
	struct notices_result	 res;
	json_t			*j;
	int			 i, json = 0, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else
			usage();
	}
	ctl_load(c, 1);
	if (json)
		o.items = json_array();
	webhook_client_init();
	rc = notices_run(&c->app, notify_send, &o, notify_report, &o, &res);
	webhook_client_cleanup();
	if (json) {
		j = json_pack("{s:i, s:i, s:o}", "sent", (int)res.sent,
		    "failed", (int)res.failed, "notices", o.items);
		if (rc == -1)
			json_object_set_new(j, "error",
			    json_string(res.out.reason));
		json_dumpf(j, stdout, JSON_INDENT(2));
		printf("\n");
		json_decref(j);
	} else if (res.sent + res.failed == 0 && rc == 0)
		printf("notify-expiring: nothing to send\n");
	else
		printf("notify-expiring: %u sent, %u failed%s\n", res.sent,
		    res.failed, res.failed ? " (retried by the next run)" : "");
	if (rc == -1)
		fprintf(stderr, "tenantctl: notify-expiring: %s\n",
		    res.out.reason);
	return rc == -1 || res.failed > 0 ? 1 : 0;
}

static int
cmd_gen_token(int argc, char *argv[])
{
	char	 tok[TOKEN_LEN + 1];
	long	 n = argc > 1 ? strtol(argv[1], NULL, 10) : 1;

	while (n-- > 0) {
		token_generate(tok);
		printf("%s\n", tok);
	}
	return 0;
}

/*
 * seed: N active tokens for a tenant, for benchmarks. Each row goes through
 * db_token_insert, the code path of token-create (tokens + token_secrets,
 * the keyed hash with the server key), SEED_BATCH rows a transaction; one
 * audit event records the whole run. Names are seed-<run tag>-<n>, so runs
 * add up without clashing. The first K secrets go to FILE (mode 0600) for a
 * load generator; every other secret is wiped as soon as it is hashed.
 */
#define SEED_BATCH	1000

struct seed_batch {
	struct token_row	 row[SEED_BATCH];
	char			 id[SEED_BATCH][TOKEN_ID_SIZE];
	char			 name[SEED_BATCH][40];
	char			 hint[SEED_BATCH][TOKEN_HINT_SIZE];
	unsigned char		 hash[SEED_BATCH][TOKEN_HASH_LEN];
	size_t			 n;
	unsigned int		 ttl;
};

static int
seed_tx(struct db *db, void *arg)
{
	struct seed_batch	*b = arg;
	long long		 seq;
	size_t			 i;
	int			 rc;

	for (i = 0; i < b->n; i++)
		if ((rc = db_token_insert(db, &b->row[i], b->hash[i], b->ttl,
		    &seq)) != DB_OK)
			return rc;
	return DB_OK;
}

static int
seed_audit_tx(struct db *db, void *arg)
{
	return db_audit_insert(db, arg);
}

static int
cmd_seed(struct ctl *c, int argc, char *argv[])
{
	struct seed_batch	*b;
	struct request		 req;
	struct tenant_row	 trow;
	struct arena		 a;
	struct audit_event	 ev;
	struct timespec		 t0, t1;
	FILE			*out = NULL;
	const char		*tenant = NULL, *path = NULL;
	char			*end, tag[7], secret[TOKEN_LEN + 1], detail[96];
	long long		 rate = 0;
	const char		*cidrs = NULL;
	long long		 count = -1, keep = 1000, done = 0, i;
	double			 secs;
	int			 fd, rc;

	for (i = 1; i < argc; i += 2) {
		if (i + 1 == argc)
			usage();
		if (strcmp(argv[i], "--tenant") == 0)
			tenant = argv[i + 1];
		else if (strcmp(argv[i], "--count") == 0) {
			count = strtoll(argv[i + 1], &end, 10);
			if (*end != '\0' || count < 0 || count > 100000000)
				usage();
		} else if (strcmp(argv[i], "--out") == 0)
			path = argv[i + 1];
		else if (strcmp(argv[i], "--keep") == 0) {
			keep = strtoll(argv[i + 1], &end, 10);
			if (*end != '\0' || keep < 0)
				usage();
		} else if (strcmp(argv[i], "--cidrs") == 0)
			cidrs = argv[i + 1];	/* canonical, comma-separated */
		else if (strcmp(argv[i], "--rate") == 0) {
			rate = strtoll(argv[i + 1], &end, 10);
			if (*end != '\0' || rate < 1 || rate > 1000000)
				usage();
		} else
			usage();
	}
	if (tenant == NULL || count < 0)
		usage();
	ctl_load(c, 1);

	/* The tenant, made through the same handler as tenant-create. */
	if (strcmp(tenant, TENANT_ALL) != 0) {
		arena_init(&a);
		rc = db_tenant_get(c->app.db, &a, tenant, 0, &trow);
		arena_free(&a);
		if (rc == DB_NOTFOUND) {
			rc = ctl_call(c, &req, ROUTE_TENANTS_CREATE, json_pack(
			    "{s:s, s:s}", "id", tenant, "name", tenant), NULL,
			    NULL);
			ctl_done(&req);
			if (rc != 0)
				return 1;
		} else if (rc != DB_OK) {
			fprintf(stderr, "tenantctl: cannot read tenant %s\n",
			    tenant);
			return 1;
		}
	}
	if (path != NULL) {
		if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
		    (out = fdopen(fd, "w")) == NULL)
			fatal("%s", path);
	}
	if ((b = calloc(1, sizeof(*b))) == NULL)
		fatal("seed");
	b->ttl = c->cfg.pending_ttl;
	base62_random(tag, 6);
	tag[6] = '\0';

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (done < count) {
		b->n = 0;
		while (b->n < SEED_BATCH && done + (long long)b->n < count) {
			struct token_row *r = &b->row[b->n];

			token_generate(secret);
			token_hash(c->cfg.server_key, secret, TOKEN_LEN,
			    b->hash[b->n]);
			token_hint(secret, b->hint[b->n]);
			if (out != NULL && done + (long long)b->n < keep)
				fprintf(out, "%s\n", secret);
			sodium_memzero(secret, sizeof(secret));
			token_id_generate(b->id[b->n]);
			snprintf(b->name[b->n], sizeof(b->name[b->n]),
			    "seed-%s-%07lld", tag, done + (long long)b->n + 1);
			memset(r, 0, sizeof(*r));
			r->id = b->id[b->n];
			r->tenant = (char *)tenant;
			r->name = b->name[b->n];
			r->description = "";
			r->perms = PERM_ALL;
			r->status = "active";
			r->hint = b->hint[b->n];
			r->created_by = "cli";
			r->allowed_cidrs = (char *)cidrs;
			r->rate_limit = (unsigned int)rate;
			b->n++;
		}
		if ((rc = db_tx(c->app.db, seed_tx, b)) != DB_OK) {
			fprintf(stderr, "tenantctl: seed: batch after %lld "
			    "row(s) failed (%d)\n", done, rc);
			break;
		}
		done += (long long)b->n;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	sodium_memzero(b, sizeof(*b));
	free(b);
	if (out != NULL && fclose(out) != 0)
		fatal("%s", path);

	if (done > 0) {
		snprintf(detail, sizeof(detail), "{\"count\":%lld,\"tag\":"
		    "\"%s\"}", done, tag);
		memset(&ev, 0, sizeof(ev));
		ev.actor = "cli";
		ev.tenant = tenant;
		ev.action = "token.seed";
		ev.target_type = "tenant";
		ev.target_id = tenant;
		ev.client_addr = "cli";
		ev.request_id = "cli";
		ev.detail = detail;
		if (db_tx(c->app.db, seed_audit_tx, &ev) != DB_OK)
			fprintf(stderr, "tenantctl: seed: audit not written\n");
	}
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("seeded %lld token(s) for %s in %.2f s: %.0f rows/s\n", done,
	    tenant, secs, secs > 0 ? (double)done / secs : 0.0);
	return done == count ? 0 : 1;
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
	while ((ch = getopt(argc, argv, "+c:")) != -1) {
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
	else if (strcmp(argv[0], "token-create") == 0)
		rc = cmd_token_create(&c, argc, argv);
	else if (strcmp(argv[0], "tenant-create") == 0)
		rc = cmd_tenant_create(&c, argc, argv);
	else if (strcmp(argv[0], "tokens") == 0)
		rc = cmd_tokens(&c, argc, argv);
	else if (strcmp(argv[0], "revoke") == 0)
		rc = cmd_revoke(&c, argc, argv);
	else if (strcmp(argv[0], "purge") == 0)
		rc = cmd_purge(&c);
	else if (strcmp(argv[0], "notify-expiring") == 0)
		rc = cmd_notify_expiring(&c, argc, argv);
	else if (strcmp(argv[0], "gen-token") == 0)
		rc = cmd_gen_token(argc, argv);
	else if (strcmp(argv[0], "routes") == 0)
		rc = cmd_routes();
	else if (strcmp(argv[0], "seed") == 0)
		rc = cmd_seed(&c, argc, argv);
	else
		usage();

	if (c.loaded) {
		db_free(c.app.db);
		mysql_library_end();
		config_free(&c.cfg);
	}
	return rc;
}
