/* SPDX-License-Identifier: ISC */
/* Connection, reconnect and re-prepare, prepared statements, error mapping. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>
#include <sodium.h>

#include "arena.h"
#include "config.h"
#include "db.h"
#include "log.h"

#define DB_MAX_ARGS	24
#define DB_COL_MAX	65536
/*
 * A transaction that conflicts is run again, with random pauses of up to
 * 5, 10, 20 ... 320 ms between the attempts (0.6 s in all at worst): on
 * Galera every creation in a tenant claims the tenant's row, so creations
 * in one tenant through two nodes at once conflict until they take turns.
 */
#define DB_TX_ATTEMPTS	8
/* Seconds on another node before trying the first again, and between tries. */
#define DB_FIRST_AFTER	30
#define DB_FIRST_RETRY	5

static const struct {
	const char	*name;
	int		 readonly;
	const char	*sql;
} db_sql[DB__MAX] = {
#define DB_STMT(id, ro, text)	[id] = { #id, ro, text },
#include "db_stmts.h"
#undef DB_STMT
};

struct db_stmt {
	MYSQL_STMT	*st;
	MYSQL_BIND	*res;
	char		**bufs;
	unsigned long	*lens;
	my_bool		*nulls;
	unsigned int	 ncols;
};

struct db {
	const struct config	*cfg;
	const char		*user;		/* the account, from cfg */
	const char		*password;
	MYSQL			*my;
	int			 node;		/* index into cfg->nodes */
	time_t			 first_at;	/* when to try node 0 again */
	int			 in_tx;
	int			 clustered;	/* wsrep_on, read at connect */
	int			 quiet;		/* preparing ahead: no warnings */
	struct timespec		 retry_at;
	struct db_stats		 stats;
	struct db_stmt		 st[DB__MAX];
};

static void
db_stmt_close(struct db_stmt *s)
{
	unsigned int	 i;

	if (s->st != NULL)
		mysql_stmt_close(s->st);
	for (i = 0; i < s->ncols; i++)
		free(s->bufs[i]);
	free(s->bufs);
	free(s->res);
	free(s->lens);
	free(s->nulls);
	memset(s, 0, sizeof(*s));
}

/* The connection is gone: statements die with it (Connector/C rule). */
static void
db_disconnect(struct db *db)
{
	int	 i;

	for (i = 0; i < DB__MAX; i++)
		db_stmt_close(&db->st[i]);
	if (db->my != NULL)
		mysql_close(db->my);
	db->my = NULL;
}

struct db *
db_new(const struct config *cfg)
{
	struct db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		fatal("db_new");
	db->cfg = cfg;
	db->user = cfg->db_user;
	db->password = cfg->db_password;
	return db;
}

struct db *
db_new_owner(const struct config *cfg)
{
	struct db	*db = db_new(cfg);

	if (cfg->db_owner_user != NULL) {
		db->user = cfg->db_owner_user;
		db->password = cfg->db_owner_password;
	}
	return db;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	db_disconnect(db);
	free(db);
}

int
db_connected(const struct db *db)
{
	return db->my != NULL;
}

int
db_clustered(const struct db *db)
{
	return db->clustered;
}

const struct db_stats *
db_stats(const struct db *db)
{
	return &db->stats;
}

const char *
db_node_name(const struct db *db)
{
	const struct db_node	*n;

	if (db->cfg->nnodes == 0)
		return "default";
	n = &db->cfg->nodes[db->node];
	return n->socket ? n->socket : n->host;
}

static int
db_is_lost(unsigned int err)
{
	switch (err) {
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case CR_SERVER_LOST_EXTENDED:
	case CR_COMMANDS_OUT_OF_SYNC:
	/*
	 * A TLS error on an open connection: the server went away under
	 * it, or a signal broke a read (Connector/C's TLS reads do not
	 * retry EINTR). Either way the connection is unusable.
	 */
	case CR_SSL_CONNECTION_ERROR:
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
	case ER_QUERY_INTERRUPTED:
	case ER_UNKNOWN_COM_ERROR:	/* Galera node not ready (1047) */
	case ER_ERROR_DURING_COMMIT:	/* 1180: not in the Primary Component */
	case 4031:			/* idle timeout disconnect */
		return 1;
	default:
		return 0;
	}
}

/* Maps a MariaDB error to the product's outcomes; one place for all. */
static int
db_error(struct db *db, unsigned int err, const char *msg, const char *what)
{
	if (err == ER_DUP_ENTRY)
		return DB_DUP;
	if (err == ER_LOCK_DEADLOCK || err == ER_LOCK_WAIT_TIMEOUT)
		return DB_CONFLICT;
	db->stats.errors++;
	if (db_is_lost(err)) {
		log_warnx("database %s: %s (%u): reconnecting", what, msg, err);
		db_disconnect(db);
		return DB_DOWN;
	}
	log_warnx("database %s: %s (%u)", what, msg, err);
	return DB_FAIL;
}

/*
 * Whether this server is a Galera node (1), a standalone server (0), or a
 * node that cannot serve now (-1: joining, or cut off from the Primary
 * Component). Plain text, at connect only.
 */
static int
db_wsrep_state(MYSQL *my)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	int		 state = 0;

	if (mysql_query(my, "SELECT @@wsrep_on, (SELECT VARIABLE_VALUE FROM "
	    "information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = "
	    "'WSREP_READY')") != 0 || (res = mysql_store_result(my)) == NULL)
		return -1;
	if ((row = mysql_fetch_row(res)) != NULL && row[0] != NULL &&
	    strcmp(row[0], "1") == 0)
		state = row[1] != NULL && strcmp(row[1], "ON") == 0 ? 1 : -1;
	mysql_free_result(res);
	return state;
}

static int	db_prepare(struct db *, enum db_stmt_id);

/*
 * Every statement is prepared as soon as the connection is made: a
 * statement prepared inside a Galera transaction can make a certification
 * failure at COMMIT go unreported. Those that fail (tenantctl migrate runs
 * before the tables exist) are tried again when first used.
 */
static void
db_prepare_all(struct db *db)
{
	int	 i;

	db->quiet = 1;
	for (i = 0; i < DB__MAX && db->my != NULL; i++)
		db_prepare(db, (enum db_stmt_id)i);
	db->quiet = 0;
}

/* Whether TLS is configured: then a TCP connection never goes without it. */
static int
db_tls_wanted(const struct config *cfg)
{
	return cfg->db_ssl_ca != NULL || cfg->db_ssl_cert != NULL ||
	    cfg->db_ssl_key != NULL;
}

/*
 * TLS over TCP only: a unix socket does not leave the host, and it has no
 * host name to verify. With a CA the server's certificate and its name
 * (the db_node host) are verified; the handshake fails otherwise, and so
 * does a server that offers no TLS (never a fallback to clear text).
 */
static void
db_tls_options(MYSQL *my, const struct config *cfg)
{
	my_bool	 on = 1;

	if (cfg->db_ssl_ca != NULL)
		mysql_optionsv(my, MYSQL_OPT_SSL_CA, cfg->db_ssl_ca);
	if (cfg->db_ssl_cert != NULL)
		mysql_optionsv(my, MYSQL_OPT_SSL_CERT, cfg->db_ssl_cert);
	if (cfg->db_ssl_key != NULL)
		mysql_optionsv(my, MYSQL_OPT_SSL_KEY, cfg->db_ssl_key);
	mysql_optionsv(my, MYSQL_OPT_SSL_ENFORCE, &on);
	if (cfg->db_ssl_ca != NULL)
		mysql_optionsv(my, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on);
}

static int
db_connect_node(struct db *db, int idx)
{
	const struct config	*cfg = db->cfg;
	const struct db_node	*n = cfg->nnodes ? &cfg->nodes[idx] : NULL;
	unsigned int		 t, err;
	int			 tls;
	MYSQL			*my;

	if ((my = mysql_init(NULL)) == NULL)
		fatalx("mysql_init: out of memory");
	t = cfg->db_connect_timeout;
	mysql_optionsv(my, MYSQL_OPT_CONNECT_TIMEOUT, &t);
	t = cfg->db_read_timeout;
	mysql_optionsv(my, MYSQL_OPT_READ_TIMEOUT, &t);
	t = cfg->db_write_timeout;
	mysql_optionsv(my, MYSQL_OPT_WRITE_TIMEOUT, &t);
	mysql_optionsv(my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(my, MYSQL_INIT_COMMAND,
	    "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,"
	    "NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
	    "NO_ENGINE_SUBSTITUTION', innodb_lock_wait_timeout = 5");
	if ((tls = n != NULL && n->host != NULL && db_tls_wanted(cfg)))
		db_tls_options(my, cfg);
	if (mysql_real_connect(my, n && n->host ? n->host : NULL,
	    db->user, db->password, cfg->db_name,
	    n && n->host ? n->port : 0, n ? n->socket : NULL, 0) == NULL) {
		err = mysql_errno(my);
		/* A bad certificate is a configuration error, not an outage. */
		if (tls && err == CR_SSL_CONNECTION_ERROR)
			log_errx("database connect to %s:%u as %s: TLS failed: "
			    "%s (%u): check db_ssl_ca, db_ssl_cert, db_ssl_key "
			    "and that the server's certificate names %s",
			    n->host, n->port, db->user, mysql_error(my), err,
			    n->host);
		else
			log_warnx("database connect to %s as %s: %s (%u)",
			    n ? (n->socket ? n->socket : n->host) : "default",
			    db->user, mysql_error(my), err);
		mysql_close(my);
		return -1;
	}
	if ((db->clustered = db_wsrep_state(my)) == -1) {
		log_warnx("database node %s is not ready (not synced or not in "
		    "the Primary Component): trying the next",
		    n ? (n->socket ? n->socket : n->host) : "default");
		mysql_close(my);
		return -1;
	}
	db->my = my;
	db->node = idx;
	db->first_at = time(NULL) + DB_FIRST_AFTER;
	db_prepare_all(db);
	return 0;
}

static int
db_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	    (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

int
db_ensure(struct db *db)
{
	struct timespec	 now;
	int		 i, n, start;

	if (db->my != NULL)
		return DB_OK;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (db_before(&now, &db->retry_at))
		return DB_DOWN;
	/* Try every node once, starting with the one we lost. */
	n = db->cfg->nnodes > 0 ? db->cfg->nnodes : 1;
	start = db->node;
	for (i = 0; i < n; i++)
		if (db_connect_node(db, (start + i) % n) == 0) {
			db->stats.reconnects++;
			return DB_OK;
		}
	db->stats.connect_failures++;
	db->retry_at = now;
	db->retry_at.tv_nsec += (long)(db->cfg->db_retry_ms % 1000) * 1000000;
	db->retry_at.tv_sec += db->cfg->db_retry_ms / 1000 +
	    db->retry_at.tv_nsec / 1000000000;
	db->retry_at.tv_nsec %= 1000000000;
	return DB_DOWN;
}

/*
 * Back to the first node DB_FIRST_AFTER seconds after leaving it; while it
 * cannot serve yet (still rejoining), tried again every DB_FIRST_RETRY
 * seconds, so that a worker is home within seconds of the node being
 * ready rather than one more full period later.
 */
void
db_prefer_first(struct db *db)
{
	if (db->my == NULL || db->node == 0 || db->in_tx ||
	    time(NULL) < db->first_at)
		return;
	db_disconnect(db);
	db->node = 0;
	if (db_ensure(db) != DB_OK)
		log_warnx("database: no node reachable");
	else if (db->node == 0)
		log_info("database: moved back to the first node");
	else
		db->first_at = time(NULL) + DB_FIRST_RETRY;
}

static int
db_prepare(struct db *db, enum db_stmt_id id)
{
	struct db_stmt	*s = &db->st[id];
	MYSQL_RES	*meta;
	MYSQL_FIELD	*f;
	unsigned int	 i;
	unsigned long	 size;
	my_bool		 one = 1;

	if (s->st != NULL)
		return DB_OK;
	if ((s->st = mysql_stmt_init(db->my)) == NULL)
		fatalx("mysql_stmt_init: out of memory");
	if (mysql_stmt_prepare(s->st, db_sql[id].sql,
	    strlen(db_sql[id].sql)) != 0) {
		int rc;

		if (db->quiet && !db_is_lost(mysql_stmt_errno(s->st))) {
			db_stmt_close(s);
			return DB_FAIL;
		}
		rc = db_error(db, mysql_stmt_errno(s->st),
		    mysql_stmt_error(s->st), db_sql[id].name);
		if (db->my != NULL)	/* not already torn down */
			db_stmt_close(s);
		return rc == DB_OK ? DB_FAIL : rc;
	}
	mysql_stmt_attr_set(s->st, STMT_ATTR_UPDATE_MAX_LENGTH, &one);
	if ((meta = mysql_stmt_result_metadata(s->st)) == NULL)
		return DB_OK;
	s->ncols = mysql_num_fields(meta);
	s->res = calloc(s->ncols, sizeof(*s->res));
	s->bufs = calloc(s->ncols, sizeof(*s->bufs));
	s->lens = calloc(s->ncols, sizeof(*s->lens));
	s->nulls = calloc(s->ncols, sizeof(*s->nulls));
	if (s->res == NULL || s->bufs == NULL || s->lens == NULL ||
	    s->nulls == NULL)
		fatal("db_prepare");
	for (i = 0; i < s->ncols; i++) {
		f = mysql_fetch_field_direct(meta, i);
		size = f->length < 64 ? 64 : f->length;
		if (size > DB_COL_MAX)
			size = DB_COL_MAX;
		if ((s->bufs[i] = malloc(size + 1)) == NULL)
			fatal("db_prepare");
		s->res[i].buffer_type = MYSQL_TYPE_STRING;
		s->res[i].buffer = s->bufs[i];
		s->res[i].buffer_length = size;
		s->res[i].length = &s->lens[i];
		s->res[i].is_null = &s->nulls[i];
	}
	mysql_free_result(meta);
	if (mysql_stmt_bind_result(s->st, s->res) != 0)
		fatalx("mysql_stmt_bind_result %s: %s", db_sql[id].name,
		    mysql_stmt_error(s->st));
	return DB_OK;
}

static int
db_exec_once(struct db *db, enum db_stmt_id id, const struct db_arg *args,
    unsigned int nargs)
{
	struct db_stmt	*s = &db->st[id];
	MYSQL_BIND	 b[DB_MAX_ARGS];
	MYSQL_TIME	 times[DB_MAX_ARGS];
	unsigned long	 lens[DB_MAX_ARGS];
	unsigned int	 i;
	struct tm	 tm;
	time_t		 t;

	if (nargs > DB_MAX_ARGS || nargs != mysql_stmt_param_count(s->st))
		fatalx("%s: %u arguments for %lu parameters", db_sql[id].name,
		    nargs, mysql_stmt_param_count(s->st));
	memset(b, 0, sizeof(b[0]) * (nargs ? nargs : 1));
	for (i = 0; i < nargs; i++) {
		switch (args[i].type) {
		case DBA_NULL:
			b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case DBA_INT:
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = (void *)&args[i].i;
			break;
		case DBA_TIME:
			t = (time_t)args[i].i;
			gmtime_r(&t, &tm);
			memset(&times[i], 0, sizeof(times[i]));
			times[i].year = (unsigned int)tm.tm_year + 1900;
			times[i].month = (unsigned int)tm.tm_mon + 1;
			times[i].day = (unsigned int)tm.tm_mday;
			times[i].hour = (unsigned int)tm.tm_hour;
			times[i].minute = (unsigned int)tm.tm_min;
			times[i].second = (unsigned int)tm.tm_sec;
			times[i].time_type = MYSQL_TIMESTAMP_DATETIME;
			b[i].buffer_type = MYSQL_TYPE_DATETIME;
			b[i].buffer = &times[i];
			break;
		case DBA_STR:
		case DBA_BIN:
			b[i].buffer_type = args[i].type == DBA_STR ?
			    MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
			b[i].buffer = (void *)args[i].p;
			b[i].buffer_length = args[i].len;
			lens[i] = args[i].len;
			b[i].length = &lens[i];
			break;
		}
	}
	mysql_stmt_free_result(s->st);
	if ((nargs > 0 && mysql_stmt_bind_param(s->st, b) != 0) ||
	    mysql_stmt_execute(s->st) != 0 ||
	    (s->ncols > 0 && mysql_stmt_store_result(s->st) != 0))
		return db_error(db, mysql_stmt_errno(s->st),
		    mysql_stmt_error(s->st), db_sql[id].name);
	return DB_OK;
}

int
db_exec(struct db *db, enum db_stmt_id id, const struct db_arg *args,
    unsigned int nargs)
{
	int	 rc, attempt, in_tx = db->in_tx;

	/* A transaction whose connection died must not go on without it. */
	if (in_tx && db->my == NULL)
		return DB_DOWN;
	for (attempt = 0; ; attempt++) {
		if ((rc = db_ensure(db)) != DB_OK)
			return rc;
		if ((rc = db_prepare(db, id)) == DB_OK)
			rc = db_exec_once(db, id, args, nargs);
		/*
		 * A connection found dead is replaced once; only a read outside
		 * a transaction is repeated, since a write may have landed.
		 */
		if (rc == DB_DOWN && attempt == 0 && !in_tx &&
		    db_sql[id].readonly) {
			db->stats.retries++;
			continue;
		}
		return rc;
	}
}

int
db_fetch(struct db *db, enum db_stmt_id id)
{
	struct db_stmt	*s = &db->st[id];
	unsigned int	 i;
	int		 rc;

	if (s->st == NULL || s->ncols == 0)
		return -1;
	rc = mysql_stmt_fetch(s->st);
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == 1) {
		db_error(db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st),
		    db_sql[id].name);
		return -1;
	}
	if (rc == MYSQL_DATA_TRUNCATED) {
		log_warnx("%s: column truncated", db_sql[id].name);
		return -1;
	}
	for (i = 0; i < s->ncols; i++)
		s->bufs[i][s->nulls[i] ? 0 : s->lens[i]] = '\0';
	return 1;
}

int
db_row(struct db *db, enum db_stmt_id id, const struct db_arg *args,
    unsigned int nargs)
{
	int	 rc;

	if ((rc = db_exec(db, id, args, nargs)) != DB_OK)
		return rc;
	switch (db_fetch(db, id)) {
	case 1:
		return DB_OK;
	case 0:
		return DB_NOTFOUND;
	default:
		return DB_FAIL;
	}
}

const char *
db_col(struct db *db, enum db_stmt_id id, unsigned int i, unsigned long *len)
{
	struct db_stmt	*s = &db->st[id];

	if (i >= s->ncols)
		fatalx("%s: no column %u", db_sql[id].name, i);
	if (s->nulls[i])
		return NULL;
	if (len != NULL)
		*len = s->lens[i];
	return s->bufs[i];
}

void
db_col_copy(struct db *db, enum db_stmt_id id, unsigned int i, char *dst,
    size_t size)
{
	unsigned long	 len = 0;
	const char	*v = db_col(db, id, i, &len);

	if (v == NULL)
		len = 0;
	if (len >= size)
		len = size - 1;
	if (len > 0)
		memcpy(dst, v, len);
	dst[len] = '\0';
}

long long
db_col_int(struct db *db, enum db_stmt_id id, unsigned int i)
{
	const char	*v = db_col(db, id, i, NULL);

	return v ? strtoll(v, NULL, 10) : 0;
}

char *
db_col_dup(struct db *db, struct arena *a, enum db_stmt_id id, unsigned int i)
{
	unsigned long	 len;
	const char	*v = db_col(db, id, i, &len);

	return v ? arena_strndup(a, v, len) : NULL;
}

unsigned long long
db_affected(struct db *db, enum db_stmt_id id)
{
	return db->st[id].st ? mysql_stmt_affected_rows(db->st[id].st) : 0;
}

unsigned long long
db_rows(struct db *db, enum db_stmt_id id)
{
	return db->st[id].st ? mysql_stmt_num_rows(db->st[id].st) : 0;
}

unsigned long long
db_insert_id(struct db *db, enum db_stmt_id id)
{
	return db->st[id].st ? mysql_stmt_insert_id(db->st[id].st) : 0;
}

int
db_query_text(struct db *db, const char *sql, size_t len)
{
	MYSQL_RES	*res;
	int		 rc;

	if ((rc = db_ensure(db)) != DB_OK)
		return rc;
	if (mysql_real_query(db->my, sql, len) != 0)
		return db_error(db, mysql_errno(db->my), mysql_error(db->my),
		    "query");
	if ((res = mysql_store_result(db->my)) != NULL)
		mysql_free_result(res);
	return DB_OK;
}

static int
db_simple(struct db *db, const char *sql)
{
	if (db->my == NULL)
		return DB_DOWN;
	if (mysql_real_query(db->my, sql, strlen(sql)) != 0)
		return db_error(db, mysql_errno(db->my), mysql_error(db->my),
		    sql);
	return DB_OK;
}

/* How far an attempt at a transaction went. */
enum db_tx_stage {
	DB_TX_NOTHING,		/* nothing sent that changes anything */
	DB_TX_BEGUN,		/* begun: work sent, COMMIT not yet */
	DB_TX_COMMITTING	/* COMMIT sent: it may have landed */
};

/* One attempt at a transaction; *stage tells how far it went. */
static int
db_tx_once(struct db *db, int (*fn)(struct db *, void *), void *arg,
    enum db_tx_stage *stage)
{
	int	 rc;

	*stage = DB_TX_NOTHING;
	/*
	 * Galera does not wait for causality inside a transaction: wait
	 * before it, so that its reads see every write committed anywhere in
	 * the cluster before it began.
	 */
	if (db->clustered &&
	    (rc = db_exec(db, DB_EPOCH_GET, NULL, 0)) != DB_OK)
		return rc;
	if ((rc = db_simple(db, "START TRANSACTION")) != DB_OK)
		return rc;
	*stage = DB_TX_BEGUN;
	db->in_tx = 1;
	if ((rc = fn(db, arg)) == DB_OK) {
		*stage = DB_TX_COMMITTING;
		rc = db_simple(db, "COMMIT");
	}
	if (rc != DB_OK && db->my != NULL)
		db_simple(db, "ROLLBACK");
	db->in_tx = 0;
	return rc;
}

int
db_tx(struct db *db, int (*fn)(struct db *, void *), void *arg)
{
	enum db_tx_stage stage;
	int		 rc = DB_FAIL, attempt, replaced = 0;

	for (attempt = 0; attempt < DB_TX_ATTEMPTS; attempt++) {
		if ((rc = db_ensure(db)) != DB_OK)
			return rc;
		if ((rc = db_tx_once(db, fn, arg, &stage)) == DB_OK)
			return DB_OK;
		/*
		 * A connection lost before COMMIT was sent (a stale one, or a
		 * statement that never answered: a Galera node can hang a
		 * transaction it is aborting) took the transaction with it;
		 * it is run again on a new connection, once. After COMMIT the
		 * outcome is unknown and only the caller may decide.
		 */
		if (rc == DB_DOWN && stage != DB_TX_COMMITTING && !replaced) {
			replaced = 1;
			db->stats.retries++;
			continue;
		}
		/*
		 * A deadlock, a failed certification or a brute-force abort,
		 * wherever it struck (Galera may report an abort on the next
		 * statement, even the causality read of the next attempt): the
		 * whole transaction again, after a short random pause so that
		 * the rivals do not meet again.
		 */
		if (rc != DB_CONFLICT)
			return rc;
		db->stats.retries++;
		usleep(1000 * (1 + randombytes_uniform(5u << attempt)));
	}
	log_warnx("transaction still conflicting after %d attempts", attempt);
	return rc;
}
