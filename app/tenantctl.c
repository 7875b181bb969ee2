/* SPDX-License-Identifier: ISC */
/* The operator's command-line tool; links the same library as the workers. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <libgen.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
#include "validate.h"
#include "webhook.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/usr/local/etc"
#endif
#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif
#define CTL_CONFIG	SYSCONFDIR "/tenantapi/tenantapi.conf"

/* Exit statuses (tenantctl(8)). */
#define CTL_OK		0
#define CTL_FAIL	1	/* refused, not found, database down ... */
#define CTL_USAGE	2	/* unknown command, option or filter */

#define CTL_POS_MAX	4

enum ctl_opt_kind {
	CO_STR,		/* a string */
	CO_INT,		/* an integer */
	CO_INT_NONE,	/* an integer, or "none" for null */
	CO_STR_NONE,	/* a string, or "none" for null */
	CO_FLAG,	/* no value: true */
	CO_LIST		/* a string, repeatable */
};

struct ctl_opt {
	const char		*name;	/* --name */
	const char		*field;	/* the API's name; NULL: not sent */
	enum ctl_opt_kind	 kind;
	const char		*arg;	/* its value in the usage line */
	int			 required;
};

struct ctl_args {
	json_t		*o;		/* option name -> value */
	char		*pos[CTL_POS_MAX];
	int		 npos;
};

struct ctl;

struct ctl_cmd {
	const char		*name;
	int			(*run)(struct ctl *, struct ctl_args *);
	const char		*pos;		/* positional arguments */
	int			 pos_min, pos_max;
	const struct ctl_opt	*opts;
	const char		*help;
};

struct ctl {
	struct config		 cfg;
	struct app		 app;
	const char		*config_path;
	const struct ctl_cmd	*cmd;
	int			 loaded;
	int			 json;
};

static const struct ctl_cmd	 ctl_cmds[];

static const struct option ctl_longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "json", no_argument, NULL, 'j' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* The command's line of the usage, wrapped under indent. */
static void
ctl_cmd_synopsis(FILE *f, const struct ctl_cmd *k, int indent)
{
	const struct ctl_opt	*o;
	char			 one[128];
	int			 col, n;

	col = fprintf(f, "%*s%s%s%s", indent, "", k->name, k->pos ? " " : "",
	    k->pos ? k->pos : "");
	for (o = k->opts; o != NULL && o->name != NULL; o++) {
		n = snprintf(one, sizeof(one), " %s--%s%s%s%s%s",
		    o->required ? "" : "[", o->name, o->arg ? " " : "",
		    o->arg ? o->arg : "", o->required ? "" : "]",
		    o->kind == CO_LIST ? "..." : "");
		if (col + n > 78)
			col = fprintf(f, "\n%*s", indent + 4, "") - 1;
		col += fprintf(f, "%s", one);
	}
	fprintf(f, "\n");
}

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	const struct ctl_cmd	*k;

	fprintf(f, "usage: tenantctl [-c config] [--json] command [arguments]\n"
	    "       tenantctl --help | --version\n"
	    "The configuration is -c, else $TENANTAPI_CONFIG, else "
	    CTL_CONFIG ".\n"
	    "--json (anywhere) prints one JSON document; lists hold every "
	    "page.\ncommands:\n");
	for (k = ctl_cmds; k->name != NULL; k++) {
		ctl_cmd_synopsis(f, k, 2);
		fprintf(f, "        %s\n", k->help);
	}
	fprintf(f, "Exit status: 0 done, 1 failed or refused, 2 usage, "
	    "3 not implemented yet.\nSee tenantctl(8).\n");
	exit(status);
}

/* A mistake in the command line: say which, show the command's usage. */
static void __attribute__((noreturn, format(printf, 2, 3)))
ctl_usage(const struct ctl *c, const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "tenantctl: %s%s", c->cmd ? c->cmd->name : "",
	    c->cmd ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: tenantctl [-c config] [--json]");
	if (c->cmd != NULL)
		ctl_cmd_synopsis(stderr, c->cmd, 1);
	else
		fprintf(stderr, " command [arguments] (tenantctl --help)\n");
	exit(CTL_USAGE);
}

/* A failure: on stderr, and with --json as a document on stdout too. */
static int __attribute__((format(printf, 3, 4)))
ctl_fail(const struct ctl *c, int status, const char *fmt, ...)
{
	va_list	 ap;
	char	 msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "tenantctl: %s\n", msg);
	if (c->json) {
		json_t *j = json_pack("{s:s, s:s, s:i}", "code", "failed",
		    "detail", msg,
		    "exit_status", status);

		json_dumpf(j, stdout, JSON_COMPACT);
		printf("\n");
		json_decref(j);
	}
	return status;
}

/* One document: compact on one line with --json, indented otherwise. */
static void
ctl_print_json(const struct ctl *c, json_t *j)
{
	json_dumpf(j, stdout, c->json ? JSON_COMPACT | JSON_PRESERVE_ORDER :
	    JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("\n");
}

static const struct ctl_opt *
ctl_opt_find(const struct ctl_cmd *k, const char *name, size_t len)
{
	const struct ctl_opt	*o;

	for (o = k->opts; o != NULL && o->name != NULL; o++)
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

static int
ctl_int(const char *s, long long *v)
{
	char	*end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	return *s != '\0' && *end == '\0' && errno == 0 ? 0 : -1;
}

/*
 * The command's arguments: its options (--name value or --name=value,
 * each at most once unless repeatable) and positional arguments. Anything
 * else is a usage error, so that a typo never widens what a command does.
 */
static void
ctl_parse(struct ctl *c, int argc, char *argv[], struct ctl_args *a)
{
	const struct ctl_cmd	*k = c->cmd;
	const struct ctl_opt	*o;
	const char		*name, *eq, *val;
	json_t			*v, *list;
	long long		 n;
	int			 i, dashdash = 0;

	memset(a, 0, sizeof(*a));
	a->o = json_object();
	for (i = 1; i < argc; i++) {
		if (dashdash || strncmp(argv[i], "-", 1) != 0 ||
		    argv[i][1] == '\0') {
			if (a->npos == k->pos_max)
				ctl_usage(c, "unexpected argument %s",
				    argv[i]);
			a->pos[a->npos++] = argv[i];
			continue;
		}
		if (strcmp(argv[i], "--") == 0) {
			dashdash = 1;
			continue;
		}
		if (strncmp(argv[i], "--", 2) != 0)
			ctl_usage(c, "unknown option %s", argv[i]);
		name = argv[i] + 2;
		eq = strchr(name, '=');
		if (strcmp(name, "json") == 0) {
			c->json = 1;
			continue;
		}
		if (strcmp(name, "help") == 0) {
			printf("usage: tenantctl [-c config] [--json]");
			ctl_cmd_synopsis(stdout, k, 1);
			printf("        %s\n", k->help);
			exit(CTL_OK);
		}
		if ((o = ctl_opt_find(k, name, eq ? (size_t)(eq - name) :
		    strlen(name))) == NULL)
			ctl_usage(c, "unknown option --%.*s", eq ? (int)(eq -
			    name) : (int)strlen(name), name);
		if (o->kind == CO_FLAG) {
			if (eq != NULL)
				ctl_usage(c, "--%s takes no value", o->name);
			val = NULL;
		} else if (eq != NULL)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else
			ctl_usage(c, "--%s needs a value", o->name);
		if (json_object_get(a->o, o->name) != NULL &&
		    o->kind != CO_LIST)
			ctl_usage(c, "--%s given twice", o->name);
		switch (o->kind) {
		case CO_FLAG:
			v = json_true();
			break;
		case CO_INT_NONE:
		case CO_INT:
			if (o->kind == CO_INT_NONE && strcmp(val, "none") == 0)
				v = json_null();
			else if (ctl_int(val, &n) == -1)
				ctl_usage(c, "--%s: expected an integer%s, not "
				    "%s", o->name, o->kind == CO_INT_NONE ?
				    " or none" : "", val);
			else
				v = json_integer(n);
			break;
		case CO_STR_NONE:
			v = strcmp(val, "none") == 0 ? json_null() :
			    json_string(val);
			break;
		case CO_LIST:
			if ((list = json_object_get(a->o, o->name)) == NULL) {
				list = json_array();
				json_object_set_new(a->o, o->name, list);
			}
			json_array_append_new(list, json_string(val));
			continue;
		default:
			v = json_string(val);
			break;
		}
		if (v == NULL)	/* not UTF-8 */
			ctl_usage(c, "--%s: the value is not valid UTF-8",
			    o->name);
		json_object_set_new(a->o, o->name, v);
	}
	if (a->npos < k->pos_min)
		ctl_usage(c, "missing %s", k->pos);
	for (o = k->opts; o != NULL && o->name != NULL; o++)
		if (o->required && json_object_get(a->o, o->name) == NULL)
			ctl_usage(c, "--%s is required", o->name);
}

static const char *
ctl_str(const struct ctl_args *a, const char *name)
{
	return json_string_value(json_object_get(a->o, name));
}

static int
ctl_flag(const struct ctl_args *a, const char *name)
{
	return json_is_true(json_object_get(a->o, name));
}

/* A body for the API: the options that have an API name, under it. */
static json_t *
ctl_body(const struct ctl *c, const struct ctl_args *a)
{
	const struct ctl_opt	*o;
	json_t			*body = json_object(), *v;

	for (o = c->cmd->opts; o != NULL && o->name != NULL; o++) {
		if (o->field == NULL ||
		    (v = json_object_get(a->o, o->name)) == NULL)
			continue;
		/* --allowed-cidr none: the list emptied (null). */
		if (o->kind == CO_LIST && json_array_size(v) == 1 &&
		    strcmp(json_string_value(json_array_get(v, 0)),
		    "none") == 0)
			json_object_set_new(body, o->field, json_null());
		else
			json_object_set(body, o->field, v);
	}
	return body;
}

/* A query string from the options that have an API name. */
static void
ctl_query(const struct ctl *c, const struct ctl_args *a, struct buf *q)
{
	const struct ctl_opt	*o;
	const char		*v;

	for (o = c->cmd->opts; o != NULL && o->name != NULL; o++) {
		if (o->field == NULL ||
		    (v = ctl_str(a, o->name)) == NULL)
			continue;
		if (q->len > 0)
			buf_addc(q, '&');
		text_pct_encode(q, o->field);
		buf_addc(q, '=');
		text_pct_encode(q, v);
	}
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
	log_setpriority(c->cfg.log_priority);
	if (mysql_library_init(0, NULL, NULL) != 0)
		fatalx("mysql_library_init failed");
	c->app.cfg = &c->cfg;
	c->app.db = as_owner ? db_new_owner(&c->cfg) : db_new(&c->cfg);
	c->loaded = 1;
	if (db_ensure(c->app.db) != DB_OK)
		fatalx("cannot connect to the database");
}

static void
ctl_load(struct ctl *c, int need_key)
{
	ctl_open(c, need_key, 0);
}

/*
 * Runs a route's validator and handler with the operator as the caller:
 * the CLI goes through exactly the code the workers run. A refusal is
 * reported (and with --json its problem document printed): CTL_FAIL.
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
	if (req->resp.status < 400)
		return CTL_OK;
	j = json_loadb(req->resp.body.p, req->resp.body.len, 0, NULL);
	fprintf(stderr, "tenantctl: %s (%d %s)\n", json_string_value(
	    json_object_get(j, "detail")), req->resp.status,
	    json_string_value(json_object_get(j, "code")));
	errs = json_object_get(j, "errors");
	json_array_foreach(errs, i, e)
		fprintf(stderr, "  %s: %s\n", json_string_value(
		    json_object_get(e, "field")), json_string_value(
		    json_object_get(e, "message")));
	if (c->json && j != NULL)
		ctl_print_json(c, j);
	json_decref(j);
	return CTL_FAIL;
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

/* The answer's JSON document (NULL for an empty body). */
static json_t *
ctl_answer(struct request *req)
{
	if (req->resp.body.len == 0)
		return NULL;
	return json_loadb(req->resp.body.p, req->resp.body.len, 0, NULL);
}

/* Calls a route that answers one object and prints it. */
static int
ctl_object(struct ctl *c, enum route_id id, json_t *body, const char *param,
    const char *quiet_member)
{
	struct request	 req;
	json_t		*j;
	int		 rc;

	ctl_load(c, 1);
	if ((rc = ctl_call(c, &req, id, body, param, NULL)) == CTL_OK &&
	    (j = ctl_answer(&req)) != NULL) {
		if (quiet_member != NULL)
			printf("%s\n", json_string_value(json_object_get(j,
			    quiet_member)));
		else
			ctl_print_json(c, j);
		json_decref(j);
	}
	ctl_done(&req);
	return rc;
}

/*
 * A list route, page after page to the end (or max items): every item
 * in *items. The page size is the API's largest.
 */
static int
ctl_list(struct ctl *c, enum route_id id, const char *query, long long max,
    json_t **items)
{
	struct request	 req;
	struct buf	 q = { NULL, 0, 0 };
	json_t		*page, *next;
	char		*cursor = NULL;
	long long	 want;
	int		 rc;

	*items = json_array();
	for (;;) {
		want = max > 0 ? max - (long long)json_array_size(*items) :
		    LIST_LIMIT_MAX;
		if (want > LIST_LIMIT_MAX)
			want = LIST_LIMIT_MAX;
		buf_reset(&q);
		buf_adds(&q, query != NULL ? query : "");
		buf_printf(&q, "%slimit=%lld", q.len > 0 ? "&" : "", want);
		if (cursor != NULL) {
			buf_adds(&q, "&cursor=");
			text_pct_encode(&q, cursor);
		}
		if ((rc = ctl_call(c, &req, id, NULL, NULL, q.p)) != CTL_OK) {
			ctl_done(&req);
			break;
		}
		page = ctl_answer(&req);
		json_array_extend(*items, json_object_get(page, "items"));
		next = json_object_get(page, "next_cursor");
		free(cursor);
		cursor = json_is_string(next) ?
		    strdup(json_string_value(next)) : NULL;
		json_decref(page);
		ctl_done(&req);
		if (cursor == NULL || (max > 0 &&
		    (long long)json_array_size(*items) >= max))
			break;
	}
	free(cursor);
	buf_free(&q);
	return rc;
}

/* Prints a list: {"items":[...]} with --json, else a table. */
static void
ctl_print_list(struct ctl *c, json_t *items,
    void (*row)(json_t *item, int header))
{
	json_t	*j, *t;
	size_t	 i;

	if (c->json) {
		j = json_pack("{s:O}", "items", items);
		ctl_print_json(c, j);
		json_decref(j);
		return;
	}
	row(NULL, 1);
	json_array_foreach(items, i, t)
		row(t, 0);
}

/* A member as text for a table: "-" for null or absent. */
static const char *
ctl_cell(json_t *item, const char *member)
{
	json_t		*v = json_object_get(item, member);
	static char	 num[32];

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld",
		    (long long)json_integer_value(v));
		return num;
	}
	return "-";
}

/*
 * A secret file made when missing, never overwritten: mode exactly as
 * given; its group gid, or when -1 its directory's (/etc/tenantapi is
 * root:tenantapi), so that the workers can read what they need.
 */
static int
ctl_secret_file(const char *path, mode_t mode, gid_t gid, const char *data,
    size_t len, int *created)
{
	struct stat	 st;
	char		*dir;
	int		 fd;

	*created = 0;
	if (lstat(path, &st) == 0)
		return 0;
	if (errno != ENOENT) {
		log_warn("%s", path);
		return -1;
	}
	if (gid == (gid_t)-1) {
		if ((dir = strdup(path)) == NULL)
			fatal("strdup");
		if (stat(dirname(dir), &st) == -1) {
			log_warn("%s", dir);
			free(dir);
			return -1;
		}
		free(dir);
		gid = st.st_gid;
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1) {
		log_warn("%s", path);
		return -1;
	}
	if (fchown(fd, (uid_t)-1, gid) == -1 || fchmod(fd, mode) == -1 ||
	    write(fd, data, len) != (ssize_t)len || fsync(fd) == -1) {
		log_warn("%s", path);
		close(fd);
		unlink(path);
		return -1;
	}
	if (close(fd) == -1) {
		log_warn("%s", path);
		return -1;
	}
	*created = 1;
	return 0;
}

static void
ctl_key_hex(char hex[66])
{
	unsigned char	 key[32];

	randombytes_buf(key, sizeof(key));
	sodium_bin2hex(hex, 65, key, sizeof(key));
	hex[64] = '\n';
	hex[65] = '\0';
	sodium_memzero(key, sizeof(key));
}

static int
cmd_keygen(struct ctl *c, struct ctl_args *a)
{
	char	 hex[66];
	int	 fd;

	ctl_key_hex(hex);
	if ((fd = open(a->pos[0], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1)
		return ctl_fail(c, CTL_FAIL, "%s: %s", a->pos[0],
		    strerror(errno));
	if (write(fd, hex, 65) != 65 || close(fd) == -1)
		fatal("%s", a->pos[0]);
	sodium_memzero(hex, sizeof(hex));
	if (c->json) {
		json_t *j = json_pack("{s:s}", "key_file", a->pos[0]);

		ctl_print_json(c, j);
		json_decref(j);
	}
	return CTL_OK;
}

static int
cmd_migrate(struct ctl *c, struct ctl_args *a)
{
	json_t	*j;
	int	 rc;

	(void)a;
	/*
	 * The workers' account may not change the schema: migrations run as
	 * the owner, who also grants the workers' role what they need.
	 */
	ctl_open(c, 0, 1);
	rc = db_migrate(c->app.db, c->cfg.sql_dir, c->cfg.db_worker_role,
	    !c->json);
	if (rc != DB_OK)
		return ctl_fail(c, CTL_FAIL, "migrate failed");
	if (c->json) {
		j = json_pack("{s:s, s:s?}", "schema", "up to date",
		    "worker_role", c->cfg.db_worker_role);
		ctl_print_json(c, j);
		json_decref(j);
	}
	return CTL_OK;
}

/* The accounts' hosts: as given, else what the database nodes imply. */
static int
ctl_setup_hosts(struct ctl *c, struct ctl_args *a, const char **hosts,
    size_t max, size_t *n)
{
	json_t		*list = json_object_get(a->o, "account-host"), *v;
	const char	*h;
	size_t		 i, k;
	int		 j, remote = 0;

	*n = 0;
	json_array_foreach(list, i, v)
		if (*n < max)
			hosts[(*n)++] = json_string_value(v);
	if (*n > 0)
		return 0;
	hosts[(*n)++] = "localhost";
	for (j = 0; j < c->cfg.nnodes; j++) {
		h = c->cfg.nodes[j].host;
		if (h == NULL || strcmp(h, "localhost") == 0)
			continue;
		if (strcmp(h, "127.0.0.1") != 0 && strcmp(h, "::1") != 0) {
			remote = 1;
			continue;
		}
		for (k = 0; k < *n && strcmp(hosts[k], h) != 0; k++)
			;
		if (k == *n && *n < max)
			hosts[(*n)++] = h;
	}
	if (remote)
		return ctl_fail(c, CTL_USAGE, "setup: the database is on "
		    "another host: name the hosts the accounts connect from "
		    "with --account-host (an address, or a pattern such as "
		    "10.0.2.%%)");
	return 0;
}

/* The active "*" token with every permission, if there is one. */
static int
ctl_setup_admin_exists(struct ctl *c, char *id, size_t idsize)
{
	json_t	*items, *t;
	size_t	 i;
	int	 rc;

	*id = '\0';
	if ((rc = ctl_list(c, ROUTE_TOKENS_LIST, "tenant=%2A&status=active", 0,
	    &items)) != CTL_OK)
		return rc;
	json_array_foreach(items, i, t)
		if (json_array_size(json_object_get(t, "permissions")) == 4) {
			snprintf(id, idsize, "%s", ctl_cell(t, "id"));
			break;
		}
	json_decref(items);
	return CTL_OK;
}

/*
 * setup: everything a fresh installation needs, and nothing again that is
 * there (run it as often as you like): the secret files, the database and
 * its accounts (as a database admin), the schema (as the owner) and the
 * first "*" token (as the workers' account), printed once.
 */
static int
cmd_setup(struct ctl *c, struct ctl_args *a)
{
	struct config	 acfg;
	struct db	*db;
	struct db_setup	 s;
	struct group	*gr;
	struct passwd	*pw;
	struct request	 req;
	const char	*hosts[16], *admin, *apwfile, *group;
	const char	*missing = NULL;
	char		 pwd[2][48], hex[66], err[512], id[TOKEN_ID_SIZE];
	char		*apw = NULL, tag[32], name[48];
	unsigned char	 rnd[24];
	json_t		*out = NULL, *files, *accounts, *tok = NULL, *j;
	size_t		 nhosts, i, len;
	gid_t		 gid = (gid_t)-1;
	time_t		 now;
	int		 created, rc = CTL_FAIL;

	admin = ctl_str(a, "admin-user");
	apwfile = ctl_str(a, "admin-password-file");
	if ((group = ctl_str(a, "group")) != NULL) {
		if ((gr = getgrnam(group)) == NULL)
			ctl_usage(c, "--group: no group %s", group);
		gid = gr->gr_gid;
	}
	if (admin == NULL) {
		/* MariaDB's root is root over the unix socket on Debian. */
		if ((pw = getpwuid(geteuid())) == NULL)
			ctl_usage(c, "who am I? give --admin-user");
		admin = pw->pw_name;
	}

	config_defaults(&c->cfg);
	c->loaded = 1;
	if (config_load(&c->cfg, c->config_path, err, sizeof(err)) == -1)
		return ctl_fail(c, CTL_FAIL, "configuration: %s", err);
	log_setpriority(c->cfg.log_priority);
	if (c->cfg.db_password_file == NULL)
		missing = "db_password_file";
	else if (c->cfg.db_owner_user == NULL)
		missing = "db_owner_user";
	else if (c->cfg.db_owner_password_file == NULL)
		missing = "db_owner_password_file";
	else if (c->cfg.db_worker_role == NULL)
		missing = "db_worker_role";
	else if (c->cfg.server_key_file == NULL)
		missing = "server_key_file";
	if (missing != NULL)
		return ctl_fail(c, CTL_FAIL, "setup: %s sets no %s (see "
		    "tenantapi.conf(5))", c->config_path, missing);
	if (ctl_setup_hosts(c, a, hosts, sizeof(hosts) / sizeof(hosts[0]),
	    &nhosts) != 0)
		return CTL_USAGE;

	out = json_object();
	files = json_object();
	json_object_set_new(out, "files", files);

	/* The secret files: the workers' group reads theirs, root the owner's. */
	for (i = 0; i < 2; i++) {
		randombytes_buf(rnd, sizeof(rnd));
		sodium_bin2base64(pwd[i], sizeof(pwd[i]), rnd, sizeof(rnd),
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		len = strlen(pwd[i]);
		pwd[i][len] = '\n';
		if (ctl_secret_file(i == 0 ? c->cfg.db_password_file :
		    c->cfg.db_owner_password_file, i == 0 ? 0640 : 0600, gid,
		    pwd[i], len + 1, &created) == -1)
			goto fail;
		json_object_set_new(files, i == 0 ? c->cfg.db_password_file :
		    c->cfg.db_owner_password_file, json_string(created ?
		    "created" : "kept"));
		if (!c->json)
			printf("password file %s: %s\n", i == 0 ?
			    c->cfg.db_password_file :
			    c->cfg.db_owner_password_file, created ? "created" :
			    "kept");
	}
	sodium_memzero(pwd, sizeof(pwd));
	sodium_memzero(rnd, sizeof(rnd));
	ctl_key_hex(hex);
	if (ctl_secret_file(c->cfg.server_key_file, 0640, gid, hex, 65,
	    &created) == -1)
		goto fail;
	sodium_memzero(hex, sizeof(hex));
	json_object_set_new(files, c->cfg.server_key_file,
	    json_string(created ? "created" : "kept"));
	if (!c->json)
		printf("server key %s: %s%s\n", c->cfg.server_key_file,
		    created ? "created" : "kept", created ? " (back it up: "
		    "without it no token can be verified)" : "");
	if (config_load_secrets(&c->cfg, CONFIG_SECRET_KEY |
	    CONFIG_SECRET_OWNER, err, sizeof(err)) == -1) {
		ctl_fail(c, CTL_FAIL, "configuration: %s", err);
		goto fail;
	}
	if (mysql_library_init(0, NULL, NULL) != 0)
		fatalx("mysql_library_init failed");

	/* The database and the accounts, as an admin. */
	if (apwfile != NULL) {
		struct config pcfg;

		/* The password file reader of the configuration. */
		memset(&pcfg, 0, sizeof(pcfg));
		pcfg.db_password_file = (char *)apwfile;
		if (config_load_secrets(&pcfg, 0, err, sizeof(err)) == -1) {
			ctl_fail(c, CTL_FAIL, "--admin-password-file: %s", err);
			goto fail;
		}
		apw = pcfg.db_password;
	}
	acfg = c->cfg;
	acfg.db_user = (char *)admin;
	acfg.db_password = apw;
	acfg.db_name = NULL;
	db = db_new(&acfg);
	if (db_ensure(db) != DB_OK) {
		db_free(db);
		ctl_fail(c, CTL_FAIL, "setup: cannot connect to the database "
		    "as %s (see the log line above; as root on the database "
		    "host MariaDB's root account needs no password, else give "
		    "--admin-user and --admin-password-file)", admin);
		goto fail;
	}
	memset(&s, 0, sizeof(s));
	s.database = c->cfg.db_name;
	s.owner = c->cfg.db_owner_user;
	s.owner_password = c->cfg.db_owner_password;
	s.worker = c->cfg.db_user;
	s.worker_password = c->cfg.db_password;
	s.role = c->cfg.db_worker_role;
	s.hosts = hosts;
	s.nhosts = nhosts;
	rc = db_setup(db, &s, !c->json);
	db_free(db);
	if (rc != DB_OK) {
		rc = ctl_fail(c, CTL_FAIL, "setup: the database or its "
		    "accounts could not be made (see above)");
		goto fail;
	}
	accounts = json_array();
	for (i = 0; i < nhosts; i++) {
		json_array_append_new(accounts, json_pack("{s:s, s:s, s:s}",
		    "user", c->cfg.db_owner_user, "host", hosts[i], "role",
		    "owner"));
		json_array_append_new(accounts, json_pack("{s:s, s:s, s:s}",
		    "user", c->cfg.db_user, "host", hosts[i], "role",
		    c->cfg.db_worker_role));
	}
	json_object_set_new(out, "database", json_string(c->cfg.db_name));
	json_object_set_new(out, "accounts", accounts);

	/* The schema, as the owner, who grants the workers' role. */
	db = db_new_owner(&c->cfg);
	rc = db_ensure(db);
	if (rc == DB_OK)
		rc = db_migrate(db, c->cfg.sql_dir, c->cfg.db_worker_role,
		    !c->json);
	db_free(db);
	if (rc != DB_OK) {
		rc = ctl_fail(c, CTL_FAIL, "setup: migrations failed (see "
		    "above)");
		goto fail;
	}
	json_object_set_new(out, "schema", json_string("up to date"));

	/* The first "*" token, as the workers' account like any later one. */
	c->app.cfg = &c->cfg;
	c->app.db = db_new(&c->cfg);
	if (db_ensure(c->app.db) != DB_OK) {
		rc = ctl_fail(c, CTL_FAIL, "setup: the workers' account %s "
		    "cannot connect", c->cfg.db_user);
		goto fail;
	}
	if ((rc = ctl_setup_admin_exists(c, id, sizeof(id))) != CTL_OK)
		goto fail;
	if (*id != '\0') {
		tok = json_pack("{s:s, s:b}", "id", id, "existed", 1);
		if (!c->json)
			printf("admin token: %s exists (an active \"*\" token "
			    "with every permission): none made\n", id);
	} else if (ctl_flag(a, "no-token")) {
		if (!c->json)
			printf("admin token: none made (--no-token)\n");
	} else {
		now = time(NULL);
		strftime(tag, sizeof(tag), "%Y%m%dT%H%M%SZ", gmtime(&now));
		snprintf(name, sizeof(name), "admin-%s", tag);
		if ((rc = ctl_call(c, &req, ROUTE_TOKENS_CREATE, json_pack(
		    "{s:s, s:s, s:s, s:s}", "name", name, "tenant", TENANT_ALL,
		    "permissions", "read,write,create,delete", "description",
		    "made by tenantctl setup"), NULL, NULL)) != CTL_OK) {
			ctl_done(&req);
			goto fail;
		}
		j = ctl_answer(&req);
		tok = json_pack("{s:O, s:O, s:b}", "id", json_object_get(j,
		    "id"), "token", json_object_get(j, "token"), "existed", 0);
		if (!c->json)
			printf("admin token %s (shown once, keep it safe): "
			    "%s\n", ctl_cell(j, "id"), ctl_cell(j, "token"));
		json_decref(j);
		ctl_done(&req);
	}
	json_object_set_new(out, "admin_token", tok ? tok : json_null());
	if (c->json)
		ctl_print_json(c, out);
	rc = CTL_OK;
fail:
	if (apw != NULL) {
		sodium_memzero(apw, strlen(apw));
		free(apw);
	}
	sodium_memzero(pwd, sizeof(pwd));
	sodium_memzero(hex, sizeof(hex));
	json_decref(out);
	return rc;
}


static void
ctl_tenant_row(json_t *t, int header)
{
	if (header) {
		printf("%-24s %-10s %-9s %-21s %s\n", "ID", "STATUS",
		    "MAX-DAYS", "CREATED", "NAME");
		return;
	}
	printf("%-24s %-10s %-9s %-21s %s\n", ctl_cell(t, "id"),
	    ctl_cell(t, "status"), ctl_cell(t, "max_token_lifetime_days"),
	    ctl_cell(t, "created_at"), ctl_cell(t, "name"));
}

static long long
ctl_max(const struct ctl_args *a)
{
	json_t	*v = json_object_get(a->o, "limit");

	return json_is_integer(v) ? json_integer_value(v) : 0;
}

static int
cmd_tenants(struct ctl *c, struct ctl_args *a)
{
	json_t	*items;
	int	 rc;

	if (ctl_max(a) < 0)
		ctl_usage(c, "--limit: expected a positive integer");
	ctl_load(c, 1);
	if ((rc = ctl_list(c, ROUTE_TENANTS_LIST, NULL, ctl_max(a),
	    &items)) == CTL_OK)
		ctl_print_list(c, items, ctl_tenant_row);
	json_decref(items);
	return rc;
}

static int
cmd_tenant_show(struct ctl *c, struct ctl_args *a)
{
	return ctl_object(c, ROUTE_TENANT_GET, NULL, a->pos[0], NULL);
}

static int
cmd_tenant_create(struct ctl *c, struct ctl_args *a)
{
	json_t	*body = ctl_body(c, a);

	json_object_set_new(body, "id", json_string(a->pos[0]));
	json_object_set_new(body, "name", json_string(a->pos[1]));
	return ctl_object(c, ROUTE_TENANTS_CREATE, body, NULL, NULL);
}

static int
cmd_tenant_set(struct ctl *c, struct ctl_args *a)
{
	json_t	*body = ctl_body(c, a);

	if (json_object_size(body) == 0) {
		json_decref(body);
		ctl_usage(c, "nothing to change");
	}
	return ctl_object(c, ROUTE_TENANT_PATCH, body, a->pos[0], NULL);
}

static int
cmd_tenant_delete(struct ctl *c, struct ctl_args *a)
{
	struct request	 req;
	json_t		*j;
	int		 rc;

	ctl_load(c, 1);
	if ((rc = ctl_call(c, &req, ROUTE_TENANT_DELETE, NULL, a->pos[0],
	    NULL)) == CTL_OK) {
		if (c->json) {
			j = json_pack("{s:s, s:s}", "id", a->pos[0], "status",
			    "deleted");
			ctl_print_json(c, j);
			json_decref(j);
		} else
			printf("deleted tenant %s (its tokens revoked)\n",
			    a->pos[0]);
	}
	ctl_done(&req);
	return rc;
}

static void
ctl_token_row(json_t *t, int header)
{
	json_t		*p;
	char		 perms[64] = "";
	const char	*st;
	size_t		 k, n = 0;

	if (header) {
		printf("%-20s %-16s %-8s %-24s %-20s %s\n", "ID", "TENANT",
		    "STATUS", "PERMISSIONS", "EXPIRES", "NAME");
		return;
	}
	json_array_foreach(json_object_get(t, "permissions"), k, p)
		if (n < sizeof(perms))
			n += (size_t)snprintf(perms + n, sizeof(perms) - n,
			    "%s%s", k > 0 ? "," : "", json_string_value(p));
	st = json_is_true(json_object_get(t, "expired")) ? "expired" :
	    ctl_cell(t, "status");
	printf("%-20s %-16s %-8s %-24s %-20s %s\n", ctl_cell(t, "id"),
	    ctl_cell(t, "tenant"), st, perms, ctl_cell(t, "expires_at"),
	    ctl_cell(t, "name"));
}

static int
cmd_tokens(struct ctl *c, struct ctl_args *a)
{
	struct buf	 q = { NULL, 0, 0 };
	json_t		*items;
	int		 rc;

	if (ctl_max(a) < 0)
		ctl_usage(c, "--limit: expected a positive integer");
	ctl_query(c, a, &q);
	ctl_load(c, 1);
	if ((rc = ctl_list(c, ROUTE_TOKENS_LIST, q.p, ctl_max(a),
	    &items)) == CTL_OK)
		ctl_print_list(c, items, ctl_token_row);
	json_decref(items);
	buf_free(&q);
	return rc;
}

static int
cmd_token_show(struct ctl *c, struct ctl_args *a)
{
	return ctl_object(c, ROUTE_TOKEN_GET, NULL, a->pos[0], NULL);
}

static int
cmd_token_create(struct ctl *c, struct ctl_args *a)
{
	json_t	*body = ctl_body(c, a);

	if (ctl_flag(a, "pending"))
		json_object_set_new(body, "status", json_string("pending"));
	return ctl_object(c, ROUTE_TOKENS_CREATE, body, NULL,
	    ctl_flag(a, "quiet") && !c->json ? "token" : NULL);
}

static int
cmd_token_set(struct ctl *c, struct ctl_args *a)
{
	json_t	*body = ctl_body(c, a);

	if (json_object_size(body) == 0) {
		json_decref(body);
		ctl_usage(c, "nothing to change");
	}
	return ctl_object(c, ROUTE_TOKEN_PATCH, body, a->pos[0], NULL);
}

static int
cmd_activate(struct ctl *c, struct ctl_args *a)
{
	return ctl_object(c, ROUTE_TOKEN_ACTIVATE, NULL, a->pos[0], NULL);
}

static int
cmd_rotate(struct ctl *c, struct ctl_args *a)
{
	return ctl_object(c, ROUTE_TOKEN_ROTATE, ctl_body(c, a), a->pos[0],
	    ctl_flag(a, "quiet") && !c->json ? "token" : NULL);
}

static int
cmd_revoke(struct ctl *c, struct ctl_args *a)
{
	struct request	 req;
	json_t		*j;
	int		 rc, cascade = ctl_flag(a, "cascade");

	ctl_load(c, 1);
	if ((rc = ctl_call(c, &req, ROUTE_TOKEN_DELETE, NULL, a->pos[0],
	    cascade ? "cascade=true" : NULL)) == CTL_OK) {
		if (c->json) {
			j = json_pack("{s:s, s:s, s:b}", "id", a->pos[0],
			    "status", "revoked", "cascade", cascade);
			ctl_print_json(c, j);
			json_decref(j);
		} else
			printf("revoked %s%s\n", a->pos[0], cascade ?
			    " and the tokens it made" : "");
	}
	ctl_done(&req);
	return rc;
}

/*
 * Secrets found where they should not be (a paste, a public repository):
 * read on stdin, never on the command line where ps would show them.
 */
static int
cmd_revoke_leaked(struct ctl *c, struct ctl_args *a)
{
	json_t	*body, *list = json_array();
	char	*line = NULL;
	size_t	 cap = 0;
	ssize_t	 n;

	(void)a;
	while ((n = getline(&line, &cap, stdin)) != -1) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
		    line[n - 1] == ' ' || line[n - 1] == '\t'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		if (json_array_size(list) == LEAKED_MAX) {
			free(line);
			json_decref(list);
			ctl_usage(c, "more than %d secrets: split them", LEAKED_MAX);
		}
		json_array_append_new(list, json_stringn(line, (size_t)n));
	}
	sodium_memzero(line, cap);
	free(line);
	if (json_array_size(list) == 0) {
		json_decref(list);
		ctl_usage(c, "no secret on stdin");
	}
	body = json_pack("{s:o}", "tokens", list);
	return ctl_object(c, ROUTE_TOKENS_REVOKE_LEAKED, body, NULL, NULL);
}

static void
ctl_audit_row(json_t *e, int header)
{
	if (header) {
		printf("%-24s %-20s %-16s %-18s %s\n", "AT", "ACTOR", "TENANT",
		    "ACTION", "TARGET");
		return;
	}
	printf("%-24s %-20s %-16s %-18s %s %s\n", ctl_cell(e, "at"),
	    ctl_cell(e, "actor"), ctl_cell(e, "tenant"), ctl_cell(e, "action"),
	    ctl_cell(e, "target_type"), ctl_cell(e, "target_id"));
}

static int
cmd_audit(struct ctl *c, struct ctl_args *a)
{
	struct buf	 q = { NULL, 0, 0 };
	json_t		*items;
	int		 rc;

	if (ctl_max(a) < 0)
		ctl_usage(c, "--limit: expected a positive integer");
	ctl_query(c, a, &q);
	ctl_load(c, 1);
	if ((rc = ctl_list(c, ROUTE_AUDIT, q.p, ctl_max(a), &items)) ==
	    CTL_OK)
		ctl_print_list(c, items, ctl_audit_row);
	json_decref(items);
	buf_free(&q);
	return rc;
}

static int
cmd_purge(struct ctl *c, struct ctl_args *a)
{
	unsigned long long	 n;
	json_t			*j;

	(void)a;
	ctl_load(c, 0);
	if (db_purge(c->app.db, c->cfg.pending_ttl, &n) != DB_OK)
		return ctl_fail(c, CTL_FAIL, "purge failed");
	if (c->json) {
		j = json_pack("{s:I}", "purged", (json_int_t)n);
		ctl_print_json(c, j);
		json_decref(j);
	} else
		printf("purged %llu pending token(s) never saved\n", n);
	return CTL_OK;
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
cmd_notify_expiring(struct ctl *c, struct ctl_args *a)
{
	struct notify_out	 o = { c, NULL };
	struct notices_result	 res;
	json_t			*j;
	int			 rc, json = c->json;

	(void)a;
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
		ctl_print_json(c, j);
		json_decref(j);
	} else if (res.sent + res.failed == 0 && rc == 0)
		printf("notify-expiring: nothing to send\n");
	else
		printf("notify-expiring: %u sent, %u failed%s\n", res.sent,
		    res.failed, res.failed ? " (retried by the next run)" : "");
	if (rc == -1)
		fprintf(stderr, "tenantctl: notify-expiring: %s\n",
		    res.out.reason);
	return rc == -1 || res.failed > 0 ? CTL_FAIL : CTL_OK;
}

static int
cmd_gen_token(struct ctl *c, struct ctl_args *a)
{
	char		 tok[TOKEN_LEN + 1];
	long long	 n = 1;
	json_t		*list = json_array(), *j;

	if (a->npos > 0 && (ctl_int(a->pos[0], &n) == -1 || n < 0))
		ctl_usage(c, "N: expected a number");
	while (n-- > 0) {
		token_generate(tok);
		if (c->json)
			json_array_append_new(list, json_string(tok));
		else
			printf("%s\n", tok);
	}
	if (c->json) {
		j = json_pack("{s:o}", "tokens", list);
		ctl_print_json(c, j);
		json_decref(j);
	} else
		json_decref(list);
	return CTL_OK;
}

static int
cmd_routes(struct ctl *c, struct ctl_args *a)
{
	json_t	*items = json_array(), *j;
	int	 i;

	(void)a;
	for (i = 0; i < ROUTE__MAX; i++) {
		if (c->json)
			json_array_append_new(items, json_pack("{s:s, s:s, "
			    "s:s}", "method", routes[i].method, "path",
			    routes[i].pattern, "name", routes[i].name));
		else
			printf("%s %s\n", routes[i].method, routes[i].pattern);
	}
	if (c->json) {
		j = json_pack("{s:O}", "items", items);
		ctl_print_json(c, j);
		json_decref(j);
	}
	json_decref(items);
	return CTL_OK;
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
cmd_seed(struct ctl *c, struct ctl_args *a)
{
	struct seed_batch	*b;
	struct request		 req;
	struct tenant_row	 trow;
	struct arena		 a_;
	struct audit_event	 ev;
	struct timespec		 t0, t1;
	FILE			*out = NULL;
	const char		*tenant, *path;
	char			 tag[7], secret[TOKEN_LEN + 1], detail[96];
	long long		 count, keep = 1000, done = 0;
	const char		*cidrs;
	long long		 rate = 0;
	double			 secs;
	int			 fd, rc;

	tenant = ctl_str(a, "tenant");
	/* Canonical and comma-separated, as the tokens table holds them. */
	cidrs = ctl_str(a, "cidrs");
	if (json_object_get(a->o, "rate") != NULL)
		rate = json_integer_value(json_object_get(a->o, "rate"));
	path = ctl_str(a, "out");
	count = json_integer_value(json_object_get(a->o, "count"));
	if (json_object_get(a->o, "keep") != NULL)
		keep = json_integer_value(json_object_get(a->o, "keep"));
	if (count < 0 || count > 100000000 || keep < 0 || rate < 0 ||
	    rate > 1000000)
		ctl_usage(c, "--count 0 to 100000000, --keep 0 or more, --rate "
		    "1 to 1000000");
	ctl_load(c, 1);

	/* The tenant, made through the same handler as tenant-create. */
	if (strcmp(tenant, TENANT_ALL) != 0) {
		arena_init(&a_);
		rc = db_tenant_get(c->app.db, &a_, tenant, 0, &trow);
		arena_free(&a_);
		if (rc == DB_NOTFOUND) {
			rc = ctl_call(c, &req, ROUTE_TENANTS_CREATE, json_pack(
			    "{s:s, s:s}", "id", tenant, "name", tenant), NULL,
			    NULL);
			ctl_done(&req);
			if (rc != CTL_OK)
				return rc;
		} else if (rc != DB_OK)
			return ctl_fail(c, CTL_FAIL, "cannot read tenant %s",
			    tenant);
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
	if (c->json) {
		json_t *j = json_pack("{s:I, s:s, s:f}", "seeded",
		    (json_int_t)done, "tenant", tenant, "seconds", secs);

		ctl_print_json(c, j);
		json_decref(j);
	} else
		printf("seeded %lld token(s) for %s in %.2f s: %.0f rows/s\n",
		    done, tenant, secs, secs > 0 ? (double)done / secs : 0.0);
	return done == count ? CTL_OK : CTL_FAIL;
}

static const struct ctl_opt opts_setup[] = {
	{ "admin-user", NULL, CO_STR, "USER" },
	{ "admin-password-file", NULL, CO_STR, "FILE" },
	{ "account-host", NULL, CO_LIST, "HOST" },
	{ "group", NULL, CO_STR, "GROUP" },
	{ "no-token", NULL, CO_FLAG, NULL },
	{ NULL, NULL, 0, NULL }
};
static const struct ctl_opt opts_list[] = {
	{ "limit", NULL, CO_INT, "N" },
	{ NULL, NULL, 0, NULL }
};
static const struct ctl_opt opts_tenant_create[] = {
	{ "max-token-lifetime-days", "max_token_lifetime_days", CO_INT_NONE,
	    "DAYS" },
	{ "webhook-url", "webhook_url", CO_STR, "URL" },
	{ NULL, NULL, 0, NULL }
};
static const struct ctl_opt opts_tenant_set[] = {
	{ "name", "name", CO_STR, "NAME" },
	{ "status", "status", CO_STR, "active|suspended" },
	{ "max-token-lifetime-days", "max_token_lifetime_days", CO_INT_NONE,
	    "DAYS|none" },
	{ "webhook-url", "webhook_url", CO_STR_NONE, "URL|none" },
	{ NULL, NULL, 0, NULL }
};
static const struct ctl_opt opts_tokens[] = {
	{ "tenant", "tenant", CO_STR, "ID|'*'" },
	{ "status", "status", CO_STR, "S" },
	{ "q", "q", CO_STR, "TEXT" },
	{ "expiring-within", "expiring_within", CO_STR, "DAYS" },
	{ "limit", NULL, CO_INT, "N" },
	{ NULL, NULL, 0, NULL }
};
static const struct ctl_opt opts_token_create[] = {
	{ "name", "name", CO_STR, "NAME", 1 },
	{ "tenant", "tenant", CO_STR, "ID|'*'", 1 },
	{ "permissions", "permissions", CO_STR, "LIST", 1 },
	{ "description", "description", CO_STR, "TEXT" },
	{ "expires", "expires_at", CO_STR, "DATE" },
	{ "allowed-cidr", "allowed_cidrs", CO_LIST, "CIDR" },
	{ "rate-limit", "rate_limit_per_minute", CO_INT, "N" },
	{ "pending", NULL, CO_FLAG, NULL },
	{ "quiet", NULL, CO_FLAG, NULL },
	{ NULL, NULL, 0, NULL }
};
static const struct ctl_opt opts_token_set[] = {
	{ "name", "name", CO_STR, "NAME" },
	{ "description", "description", CO_STR, "TEXT" },
	{ "expires", "expires_at", CO_STR_NONE, "DATE|none" },
	{ "permissions", "permissions", CO_STR, "LIST" },
	{ "allowed-cidr", "allowed_cidrs", CO_LIST, "CIDR|none" },
	{ "rate-limit", "rate_limit_per_minute", CO_INT_NONE, "N|none" },
	{ NULL, NULL, 0, NULL }
};
static const struct ctl_opt opts_rotate[] = {
	{ "grace", "grace_seconds", CO_INT, "SECONDS" },
	{ "until-used", "until_used", CO_FLAG, NULL },
	{ "quiet", NULL, CO_FLAG, NULL },
	{ NULL, NULL, 0, NULL }
};
static const struct ctl_opt opts_revoke[] = {
	{ "cascade", NULL, CO_FLAG, NULL },
	{ NULL, NULL, 0, NULL }
};
static const struct ctl_opt opts_audit[] = {
	{ "tenant", "tenant", CO_STR, "ID|'*'" },
	{ "since", "since", CO_STR, "DATE" },
	{ "limit", NULL, CO_INT, "N" },
	{ NULL, NULL, 0, NULL }
};
static const struct ctl_opt opts_seed[] = {
	{ "tenant", NULL, CO_STR, "ID", 1 },
	{ "count", NULL, CO_INT, "N", 1 },
	{ "out", NULL, CO_STR, "FILE" },
	{ "keep", NULL, CO_INT, "K" },
	{ "cidrs", NULL, CO_STR, "LIST" },
	{ "rate", NULL, CO_INT, "N" },
	{ NULL, NULL, 0, NULL }
};

static const struct ctl_cmd ctl_cmds[] = {
	{ "setup", cmd_setup, NULL, 0, 0, opts_setup,
	    "make the secret files, database, accounts, schema and first "
	    "'*' token" },
	{ "migrate", cmd_migrate, NULL, 0, 0, NULL,
	    "apply the schema migrations as the owner, grant the workers' "
	    "role" },
	{ "keygen", cmd_keygen, "FILE", 1, 1, NULL,
	    "write a new server key file (mode 0600)" },
	{ "tenants", cmd_tenants, NULL, 0, 0, opts_list,
	    "list the tenants" },
	{ "tenant-show", cmd_tenant_show, "ID", 1, 1, NULL,
	    "show a tenant" },
	{ "tenant-create", cmd_tenant_create, "ID NAME", 2, 2,
	    opts_tenant_create, "create a tenant" },
	{ "tenant-set", cmd_tenant_set, "ID", 1, 1, opts_tenant_set,
	    "rename, suspend or reactivate a tenant, set its lifetime "
	    "policy or its webhook" },
	{ "tenant-delete", cmd_tenant_delete, "ID", 1, 1, NULL,
	    "delete a tenant, revoking its tokens; its id is retired" },
	{ "tokens", cmd_tokens, NULL, 0, 0, opts_tokens,
	    "list tokens (status pending, active, expired or revoked; q: "
	    "name contains)" },
	{ "token-show", cmd_token_show, "TOKEN_ID", 1, 1, NULL,
	    "show a token" },
	{ "token-create", cmd_token_create, NULL, 0, 0, opts_token_create,
	    "create a token; prints its secret once (--quiet: only that)" },
	{ "token-set", cmd_token_set, "TOKEN_ID", 1, 1, opts_token_set,
	    "change a token's name, description, expiry, permissions or "
	    "policies" },
	{ "activate", cmd_activate, "TOKEN_ID", 1, 1, NULL,
	    "activate a pending token (the cockpit's Save)" },
	{ "rotate", cmd_rotate, "TOKEN_ID", 1, 1, opts_rotate,
	    "give a token a new secret, printed once; the old one works "
	    "--grace more seconds" },
	{ "revoke", cmd_revoke, "TOKEN_ID", 1, 1, opts_revoke,
	    "revoke a token (--cascade: and every token it made)" },
	{ "revoke-leaked", cmd_revoke_leaked, NULL, 0, 0, NULL,
	    "revoke the tokens whose secrets are read on stdin, one a line "
	    "(1000 at most)" },
	{ "audit", cmd_audit, NULL, 0, 0, opts_audit,
	    "list audit events, newest first" },
	{ "purge", cmd_purge, NULL, 0, 0, NULL,
	    "delete pending tokens never saved" },
	{ "notify-expiring", cmd_notify_expiring, NULL, 0, 0, NULL,
	    "send the expiry notices due (30, 7 and 1 days before) to the "
	    "tenants' webhooks; status 1 when one could not be delivered" },
	{ "gen-token", cmd_gen_token, "[N]", 0, 1, NULL,
	    "print N well-formed tokens that are not stored (tests)" },
	{ "routes", cmd_routes, NULL, 0, 0, NULL,
	    "print the route table" },
	{ "seed", cmd_seed, NULL, 0, 0, opts_seed,
	    "insert N active tokens fast (benchmarks); K secrets to FILE" },
	{ NULL, NULL, NULL, 0, 0, NULL, NULL }
};

int
main(int argc, char *argv[])
{
	struct ctl		 c;
	struct ctl_args		 a;
	const struct ctl_cmd	*k;
	int			 ch, rc;

	memset(&c, 0, sizeof(c));
	c.config_path = getenv("TENANTAPI_CONFIG");
	if (c.config_path == NULL)
		c.config_path = CTL_CONFIG;
	while ((ch = getopt_long(argc, argv, "+c:h", ctl_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			c.config_path = optarg;
			break;
		case 'h':
			usage(stdout, CTL_OK);
		case 'j':
			c.json = 1;
			break;
		case 'V':
			printf("tenantctl %s\n", PACKAGE_VERSION);
			return CTL_OK;
		default:
			usage(stderr, CTL_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage(stderr, CTL_USAGE);
	for (k = ctl_cmds; k->name != NULL; k++)
		if (strcmp(argv[0], k->name) == 0)
			break;
	if (k->name == NULL)
		ctl_usage(&c, "unknown command %s", argv[0]);
	c.cmd = k;
	log_init("tenantctl", LOG_WARN);
	if (sodium_init() < 0)
		fatalx("sodium_init failed");
	ctl_parse(&c, argc, argv, &a);
	rc = k->run(&c, &a);
	json_decref(a.o);

	if (c.loaded) {
		db_free(c.app.db);
		mysql_library_end();
		config_free(&c.cfg);
	}
	return rc;
}
