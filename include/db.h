/* SPDX-License-Identifier: ISC */
/* The database layer: the only code that speaks SQL. */
#ifndef DB_H
#define DB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "cidr.h"
#include "token.h"

struct config;
struct arena;

#define TENANT_ID_SIZE	64	/* 63 characters and the NUL */

/* Outcomes every caller maps the same way (see api_db_error). */
enum db_rc {
	DB_OK = 0,
	DB_NOTFOUND,	/* no row */
	DB_DUP,		/* unique key violated: 409 */
	DB_CONFLICT,	/* deadlock or certification failure: retry the tx */
	DB_DOWN,	/* no connection: 503 */
	DB_FAIL,	/* anything else: 500, logged with context */
	DB_REFUSED	/* the transaction's work refused: its outcome says why */
};

enum db_stmt_id {
#define DB_STMT(id, ro, sql)	id,
#include "db_stmts.h"
#undef DB_STMT
	DB__MAX
};

enum db_arg_type { DBA_NULL, DBA_STR, DBA_INT, DBA_BIN, DBA_TIME };

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
/*
 * A UTC time as a DATETIME, bound as such: every date from 1970 to 9999
 * (FROM_UNIXTIME stops in 2038). 0 binds NULL ("never").
 */
#define DBA_T(t)	((t) ? (struct db_arg){ DBA_TIME, NULL, 0, \
			    (long long)(t) } : DBA_N)

struct db;

struct db_stats {
	unsigned long	 reconnects;
	unsigned long	 connect_failures;
	unsigned long	 errors;
	unsigned long	 retries;
};

struct db	*db_new(const struct config *);
/* As the owner account (db_owner_user) when set, for migrations. */
struct db	*db_new_owner(const struct config *);
void		 db_free(struct db *);
/* Connects now when not connected (and not inside the retry delay). */
int		 db_ensure(struct db *);
int		 db_connected(const struct db *);
/* 1 when the server is a Galera node (wsrep_on). */
int		 db_clustered(const struct db *);
const struct db_stats *db_stats(const struct db *);
const char	*db_node_name(const struct db *);
/* Moves back to the first node when connected elsewhere for a while. */
void		 db_prefer_first(struct db *);

int		 db_exec(struct db *, enum db_stmt_id, const struct db_arg *,
		    unsigned int nargs);
/* 1 when a row was fetched, 0 at the end, -1 on error. */
int		 db_fetch(struct db *, enum db_stmt_id);
/* Runs a statement for one row: DB_OK with the row ready, DB_NOTFOUND. */
int		 db_row(struct db *, enum db_stmt_id, const struct db_arg *,
		    unsigned int nargs);
/* Column i of the current row, NUL-terminated; NULL for SQL NULL. */
const char	*db_col(struct db *, enum db_stmt_id, unsigned int i,
		    unsigned long *len);
long long	 db_col_int(struct db *, enum db_stmt_id, unsigned int i);
/* Copies column i into dst, truncated to size - 1 bytes; "" for NULL. */
void		 db_col_copy(struct db *, enum db_stmt_id, unsigned int i,
		    char *dst, size_t size);
char		*db_col_dup(struct db *, struct arena *, enum db_stmt_id,
		    unsigned int i);
unsigned long long db_affected(struct db *, enum db_stmt_id);
/* Rows in the result of the last run of a statement (stored whole). */
unsigned long long db_rows(struct db *, enum db_stmt_id);
unsigned long long db_insert_id(struct db *, enum db_stmt_id);

/* Runs fn inside a transaction, retrying it whole on DB_CONFLICT. */
int		 db_tx(struct db *, int (*fn)(struct db *, void *), void *);
/* Plain SQL text for migrations and operator commands only. */
int		 db_query_text(struct db *, const char *sql, size_t len);
/*
 * Applies the migrations of dir, then grants worker_role (unless NULL)
 * what the workers need.
 */
int		 db_migrate(struct db *, const char *dir,
		    const char *worker_role, int verbose);

/*
 * tenantctl setup, connected as a database admin: the database, the owner
 * account (all rights on it, with grant option), the workers' role and
 * account (that role only), for each host; idempotent. Passwords are set
 * to the given ones each time.
 */
struct db_setup {
	const char		*database;
	const char		*owner;
	const char		*owner_password;
	const char		*worker;
	const char		*worker_password;
	const char		*role;
	const char *const	*hosts;
	size_t			 nhosts;
};
int		 db_setup(struct db *, const struct db_setup *, int verbose);


/* Typed rows: strings live in the arena passed to the reader. */
struct tenant_row {
	char		*id;
	char		*name;
	char		*status;	/* active, suspended, deleted */
	time_t		 created_at;
	time_t		 updated_at;
	unsigned int	 max_lifetime_days;	/* 0: no limit */
	char		*webhook_url;	/* NULL: none */
};

struct token_row {
	long long	 seq;
	char		*id;
	char		*tenant;
	char		*name;
	char		*description;
	unsigned int	 perms;
	char		*status;	/* pending, active, revoked */
	char		*hint;
	time_t		 expires_at;	/* 0: never */
	time_t		 created_at;
	char		*created_by;
	time_t		 updated_at;
	time_t		 revoked_at;	/* 0: not revoked */
	time_t		 last_used_at;	/* 0: never used */
	char		*allowed_cidrs;	/* canonical, comma-separated; NULL */
	unsigned int	 rate_limit;	/* per minute; 0: none */
	char		*last_used_ips;	/* "address@seconds,..." newest first */
};

/* What the gatekeeper needs to decide about a secret. */
enum token_state { TS_UNKNOWN, TS_PENDING, TS_ACTIVE, TS_REVOKED };
enum tenant_state { TTS_ACTIVE, TTS_SUSPENDED, TTS_DELETED };

struct token_auth {
	unsigned char	 hash[32];	/* the secret's keyed hash */
	char		 id[TOKEN_ID_SIZE];
	char		 tenant[TENANT_ID_SIZE];
	uint8_t		 perms;
	uint8_t		 status;	/* enum token_state */
	uint8_t		 tenant_status;	/* enum tenant_state */
	uint8_t		 flags;		/* TA_* */
	uint8_t		 ncidr;		/* ranges in cidr[] */
	uint32_t	 rate_limit;	/* requests a minute; 0: no limit */
	uint32_t	 ip_key;	/* the address last noted (a hash) */
	int32_t		 ip_minute;	/* and when, in minutes since 1970 */
	int64_t		 expires_at;	/* 0: never */
	int64_t		 not_after;	/* 0: current secret; else grace end */
	int64_t		 last_used_at;	/* to the minute */
	struct cidr	 cidr[CIDR_MAX];	/* allowed_cidrs; none: any */
};
#define TA_FIRST_USE	0x01	/* a new secret whose first use ends the old */
#define TA_MORE_CIDRS	0x02	/* cidr[] holds the first ranges only */

struct audit_event {
	const char	*actor;
	const char	*tenant;
	const char	*action;
	const char	*target_type;
	const char	*target_id;
	const char	*client_addr;
	const char	*request_id;
	const char	*detail;	/* JSON text or NULL */
};

struct audit_row {
	long long	 seq;
	char		*at;
	char		*actor;
	char		*tenant;
	char		*action;
	char		*target_type;
	char		*target_id;
	char		*client_addr;
	char		*request_id;
	char		*detail;
};

/* Filters of list queries; NULL or 0 means no filter. */
struct list_filter {
	const char	*scope;		/* caller's tenant or "*" */
	const char	*tenant;
	const char	*status;
	const char	*q;
	long long	 cursor;	/* rows strictly older than this seq */
	const char	*after;		/* tenants: ids after this one */
	time_t		 since;
	unsigned int	 limit;
	unsigned int	 pending_ttl;
	unsigned int	 expiring_within;	/* days: active tokens only */
};

int	db_tenant_insert(struct db *, const char *id, const char *name,
	    unsigned int max_lifetime_days);
int	db_tenant_get(struct db *, struct arena *, const char *id, int lock,
	    struct tenant_row *);
int	db_tenant_list(struct db *, struct arena *, const struct list_filter *,
	    struct tenant_row **, size_t *);
int	db_tenant_update(struct db *, const struct tenant_row *);
/* Sets or (url NULL) removes the webhook and its sealed secret. */
int	db_tenant_set_webhook(struct db *, const char *id, const char *url,
	    const unsigned char *box, size_t boxlen);
/* Writes the row of a tenant that is not deleted: DB_NOTFOUND if none. */
int	db_tenant_claim(struct db *, const char *id);
/* Revokes the tenant's tokens and leaves its row as a tombstone. */
int	db_tenant_retire(struct db *, const char *id);

int	db_token_insert(struct db *, const struct token_row *,
	    const unsigned char hash[32], unsigned int pending_ttl,
	    long long *seq);
int	db_token_get(struct db *, struct arena *, const char *id,
	    unsigned int pending_ttl, int lock, struct token_row *);
int	db_token_list(struct db *, struct arena *, const struct list_filter *,
	    struct token_row **, size_t *);
int	db_token_update(struct db *, const struct token_row *);
int	db_token_activate(struct db *, long long seq);
int	db_token_revoke(struct db *, long long seq);
/* Replaces the secret; the old one stays valid for grace seconds. */
int	db_token_rotate(struct db *, long long seq, const unsigned char hash[32],
	    unsigned int grace, int until_used);
/*
 * A new secret's first acceptance by the gate: the old secrets of a
 * rotation "until used" end now (DB_NOTFOUND: not such a secret, or
 * another worker recorded it first).
 */
int	db_secret_first_use(struct db *, const unsigned char hash[32]);
/* A secret and its token, locked (revoke-leaked). */
struct db_secret {
	long long	 token_seq;
	time_t		 not_after;	/* 0: the current secret */
	char		 token_id[TOKEN_ID_SIZE];
	char		 tenant[TENANT_ID_SIZE];
	char		 status[16];
};
int	db_secret_find(struct db *, const unsigned char hash[32],
	    struct db_secret *);
/* Ends a secret's grace now. */
int	db_secret_cut(struct db *, const unsigned char hash[32]);
/*
 * What the gate noted of its use, as JSON arrays (either may be NULL):
 * uses [[id, "YYYY-MM-DD HH:MM:SS"], ...] for last_used_at, ips [[id,
 * address, time], ...] for last_used_ips, trim [[id], ...] the tokens
 * seen from an address new to the host, whose rows are cut to the 5
 * newest (NULL: none).
 */
int	db_token_uses(struct db *, const char *uses, const char *ips,
	    const char *trim);
/* The whole allowed_cidrs of a secret's token, as stored ("" for none). */
int	db_auth_cidrs(struct db *, const unsigned char hash[32], char *out,
	    size_t);
void	db_token_cidrs(const char *, struct token_auth *);
int	db_token_set_hint(struct db *, long long seq, const char *hint);
int	db_token_auth(struct db *, const unsigned char hash[32],
	    struct token_auth *);
int	db_token_auth_read(struct db *, enum db_stmt_id, struct token_auth *);
int	db_token_claim(struct db *, const char *id);
/* The tokens made by id, whatever their status, newest first (a read). */
int	db_token_created(struct db *, struct arena *, const char *id,
	    unsigned int pending_ttl, unsigned int limit, struct token_row **,
	    size_t *);
/* The tokens made by id and not revoked, locked: seq, id and tenant. */
int	db_token_children(struct db *, struct arena *, const char *id,
	    struct token_row **kids, size_t *n);
/* Lowers a token's expiry to at most t; 1 in *changed when it did. */
int	db_token_clamp(struct db *, const char *id, time_t t, int *changed);
int	db_purge(struct db *, unsigned int pending_ttl, unsigned long long *n);

/* Cockpit sessions, by the keyed hash of their cookie. */
int	db_session_insert(struct db *, const unsigned char hash[32],
	    const char *token_id, const unsigned char secret_hash[32],
	    const char *client_addr);
/* The session and the secret it was opened with (ta->hash), as it is now. */
int	db_session_get(struct db *, const unsigned char hash[32],
	    struct token_auth *, time_t *created, time_t *seen);
int	db_session_touch(struct db *, const unsigned char hash[32]);
int	db_session_delete(struct db *, const unsigned char hash[32]);
int	db_session_purge(struct db *, unsigned int idle, unsigned int max);

/*
 * The change log the gate's caches follow (see cache.c): what a change
 * concerns, logged in the change's transaction with a new epoch.
 */
#define AUTH_CHANGE_HASH	1	/* a secret's keyed hash */
#define AUTH_CHANGE_TENANT	2	/* every token of a tenant */

struct auth_change {
	int		 kind;
	unsigned char	 subject[TENANT_ID_SIZE];	/* 32 bytes, or an id */
};

/* Every secret of the token (seq): its cached verdicts are stale. */
int	db_auth_change_token(struct db *, long long seq);
int	db_auth_change_tenant(struct db *, const char *id);
/*
 * The epoch now and the changes of the epochs after since (at most max);
 * complete 0 when the log no longer holds all of them. One statement.
 */
int	db_auth_changes(struct db *, uint64_t since, struct auth_change *,
	    size_t max, uint64_t *epoch, size_t *n, int *complete);
/* Forgets the changes of epochs more than keep behind the current one. */
int	db_auth_prune(struct db *, unsigned int keep,
	    unsigned long long *n);
int	db_epoch_get(struct db *, unsigned long long *);

/* Expiry notices: one due to a tenant's webhook about one token. */
struct notice_row {
	long long	 seq;		/* the token's */
	char		*token_id;
	char		*tenant;
	char		*name;
	char		*hint;
	time_t		 expires_at;
	unsigned int	 days;		/* the threshold: 30, 7 or 1 */
	char		*url;
	unsigned char	*box;		/* the sealed webhook secret */
	size_t		 boxlen;
};

/* A notice's delivery record. */
struct notice_state {
	time_t		 expires_at;	/* the expiry it was about */
	int		 sent;
	int		 claimed;	/* a run is delivering it now */
	unsigned int	 attempts;
};

/* The notices due, of tokens after seq after, at most limit. */
int	db_notice_due(struct db *, struct arena *, long long after,
	    unsigned int limit, struct notice_row **, size_t *);
/* DB_OK when the token is still active with this expiry and a webhook. */
int	db_notice_current(struct db *, const struct notice_row *);
/* The record of the token's notice at n->days, locked; DB_NOTFOUND. */
int	db_notice_get(struct db *, const struct notice_row *,
	    struct notice_state *);
/* Claims the notice for hold seconds: new, afresh (a new expiry) or again. */
int	db_notice_insert(struct db *, const struct notice_row *,
	    unsigned int hold);
int	db_notice_reset(struct db *, const struct notice_row *,
	    unsigned int hold);
int	db_notice_hold(struct db *, const struct notice_row *,
	    unsigned int hold);
/* One attempt and how it went (error NULL when delivered). */
int	db_notice_record(struct db *, const struct notice_row *, int sent,
	    long status, const char *error);
int	db_notice_prune(struct db *, unsigned long long *n);

int	db_audit_insert(struct db *, const struct audit_event *);
int	db_audit_list(struct db *, struct arena *, const struct list_filter *,
	    struct audit_row **, size_t *);
/* The events whose target is token id of tenant, newest first. */
int	db_audit_token(struct db *, struct arena *, const char *tenant,
	    const char *id, unsigned int limit, struct audit_row **, size_t *);

#endif
