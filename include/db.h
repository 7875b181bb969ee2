/* The database layer: the only code that speaks SQL. */
#ifndef DB_H
#define DB_H

#include <stddef.h>
#include <time.h>

struct config;
struct arena;

/* Outcomes every caller maps the same way (see api_db_error). */
enum db_rc {
	DB_OK = 0,
	DB_NOTFOUND,	/* no row */
	DB_DUP,		/* unique key violated: 409 */
	DB_CONFLICT,	/* deadlock or certification failure: retry the tx */
	DB_DOWN,	/* no connection: 503 */
	DB_FAIL		/* anything else: 500, logged with context */
};

enum db_stmt_id {
#define DB_STMT(id, ro, sql)	id,
#include "db_stmts.h"
#undef DB_STMT
	DB__MAX
};

enum db_arg_type { DBA_NULL, DBA_STR, DBA_INT, DBA_BIN };

struct db_arg {
	enum db_arg_type	 type;
	const void		*p;
	unsigned long		 len;
	long long		 i;
};

#define DBA_S(s)	((struct db_arg){ (s) ? DBA_STR : DBA_NULL, (s), \
			    (s) ? (unsigned long)strlen(s) : 0, 0 })
#define DBA_I(v)	((struct db_arg){ DBA_INT, NULL, 0, (long long)(v) })
#define DBA_B(p, n)	((struct db_arg){ DBA_BIN, (p), (n), 0 })
#define DBA_N		((struct db_arg){ DBA_NULL, NULL, 0, 0 })

struct db;

struct db_stats {
	unsigned long	 reconnects;
	unsigned long	 connect_failures;
	unsigned long	 errors;
	unsigned long	 retries;
};

struct db	*db_new(const struct config *);
void		 db_free(struct db *);
/* Connects now when not connected (and not inside the retry delay). */
int		 db_ensure(struct db *);
int		 db_connected(const struct db *);
const struct db_stats *db_stats(const struct db *);
const char	*db_node_name(const struct db *);
/* Moves back to the first node when connected elsewhere for a while. */
void		 db_prefer_first(struct db *);

int		 db_exec(struct db *, enum db_stmt_id, const struct db_arg *,
		    unsigned int nargs);
/* 1 when a row was fetched, 0 at the end, -1 on error. */
int		 db_fetch(struct db *, enum db_stmt_id);
/* Column i of the current row, NUL-terminated; NULL for SQL NULL. */
const char	*db_col(struct db *, enum db_stmt_id, unsigned int i,
		    unsigned long *len);
long long	 db_col_int(struct db *, enum db_stmt_id, unsigned int i);
char		*db_col_dup(struct db *, struct arena *, enum db_stmt_id,
		    unsigned int i);
unsigned long long db_affected(struct db *, enum db_stmt_id);

/* Runs fn inside a transaction, retrying it whole on DB_CONFLICT. */
int		 db_tx(struct db *, int (*fn)(struct db *, void *), void *);
/* Plain SQL text for migrations and operator commands only. */
int		 db_query_text(struct db *, const char *sql, size_t len);
int		 db_migrate(struct db *, const char *dir, int verbose);

#endif
