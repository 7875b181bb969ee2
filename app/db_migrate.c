/* SPDX-License-Identifier: ISC */
/* Schema migrations: sql/NNN_name.sql applied in order, each recorded once. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"

#define MIGRATIONS_MAX	256
#define ROLE_MAX	64

/*
 * What the workers' role may do, table by table (SPEC §7): the audit is
 * append-only to them, and no table can be altered, dropped or created.
 * A table a migration adds must be added here, or the workers cannot use it.
 */
static const struct {
	const char	*table;
	const char	*privileges;
} db_migrate_grants[] = {
	{ "tenants",		"SELECT, INSERT, UPDATE, DELETE" },
	{ "tokens",		"SELECT, INSERT, UPDATE, DELETE" },
	{ "token_secrets",	"SELECT, INSERT, UPDATE, DELETE" },
	{ "sessions",		"SELECT, INSERT, UPDATE, DELETE" },
	{ "token_ips",		"SELECT, INSERT, UPDATE, DELETE" },
	{ "token_notices",	"SELECT, INSERT, UPDATE, DELETE" },
	{ "auth_epoch",		"SELECT, UPDATE" },
	{ "auth_changes",	"SELECT, INSERT, DELETE" },
	{ "audit",		"SELECT, INSERT" },
	{ "schema_migrations",	"SELECT" },
};

static int
db_migrate_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
db_migrate_name_ok(const char *n)
{
	size_t	 len = strlen(n);

	return len > 8 && n[0] >= '0' && n[0] <= '9' && n[1] >= '0' &&
	    n[1] <= '9' && n[2] >= '0' && n[2] <= '9' && n[3] == '_' &&
	    strcmp(n + len - 4, ".sql") == 0;
}

/* Statements end with ';' at the end of a line; "--" lines are comments. */
static int
db_migrate_file(struct db *db, const char *path)
{
	FILE	*f;
	char	*line = NULL, *stmt = NULL;
	size_t	 cap = 0, len = 0, n;
	ssize_t	 r;
	int	 rc = DB_OK;

	if ((f = fopen(path, "r")) == NULL) {
		log_warn("%s", path);
		return DB_FAIL;
	}
	while ((r = getline(&line, &cap, f)) != -1) {
		n = (size_t)r;
		if (strncmp(line, "--", 2) == 0)
			continue;
		if ((stmt = realloc(stmt, len + n + 1)) == NULL)
			fatal("realloc");
		memcpy(stmt + len, line, n);
		len += n;
		stmt[len] = '\0';
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' '))
			n--;
		if (n > 0 && line[n - 1] == ';') {
			if ((rc = db_query_text(db, stmt, len)) != DB_OK)
				break;
			len = 0;
		}
	}
	free(line);
	free(stmt);
	fclose(f);
	return rc;
}

/* The role name goes into SQL text: a plain identifier or nothing. */
static int
db_migrate_role_ok(const char *role)
{
	size_t	 i;

	for (i = 0; role[i] != '\0'; i++)
		if (i == ROLE_MAX || !((role[i] >= 'a' && role[i] <= 'z') ||
		    (role[i] >= 'A' && role[i] <= 'Z') ||
		    (role[i] >= '0' && role[i] <= '9') || role[i] == '_'))
			return 0;
	return i > 0;
}

/* GRANT only adds, so this runs after every migrate. */
static int
db_migrate_grant(struct db *db, const char *role, int verbose)
{
	char	 sql[256];
	size_t	 i;
	int	 rc, len;

	/*
	 * A name that is no role is taken for a user, which GRANT would
	 * create without a password when the account may create users and
	 * the mode allows it (the connection's sql_mode does).
	 */
	for (i = 0; i < sizeof(db_migrate_grants) /
	    sizeof(db_migrate_grants[0]); i++) {
		len = snprintf(sql, sizeof(sql), "SET STATEMENT sql_mode = "
		    "'NO_AUTO_CREATE_USER' FOR GRANT %s ON `%s` TO `%s`",
		    db_migrate_grants[i].privileges, db_migrate_grants[i].table,
		    role);
		if (len < 0 || (size_t)len >= sizeof(sql))
			fatalx("db_migrate_grant: statement too long");
		if ((rc = db_query_text(db, sql, (size_t)len)) != DB_OK) {
			log_warnx("granting %s on %s to role %s failed",
			    db_migrate_grants[i].privileges,
			    db_migrate_grants[i].table, role);
			return rc;
		}
	}
	if (verbose)
		printf("role %s granted the workers' privileges on %zu tables\n",
		    role, i);
	return DB_OK;
}

int
db_migrate(struct db *db, const char *dir, const char *worker_role,
    int verbose)
{
	static const char create[] =
	    "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version INT UNSIGNED NOT NULL PRIMARY KEY, "
	    "name VARCHAR(255) NOT NULL, applied_at DATETIME NOT NULL"
	    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
	char		*names[MIGRATIONS_MAX], path[4096];
	struct dirent	*de;
	DIR		*d;
	size_t		 n = 0, i;
	long long	 version;
	int		 rc, applied = 0;

	if (worker_role != NULL && !db_migrate_role_ok(worker_role)) {
		log_warnx("db_worker_role %s: expected 1 to %d letters, digits "
		    "or underscores", worker_role, ROLE_MAX);
		return DB_FAIL;
	}
	if ((rc = db_query_text(db, create, sizeof(create) - 1)) != DB_OK)
		return rc;
	if ((d = opendir(dir)) == NULL) {
		log_warn("migrations directory %s", dir);
		return DB_FAIL;
	}
	while ((de = readdir(d)) != NULL && n < MIGRATIONS_MAX)
		if (db_migrate_name_ok(de->d_name))
			if ((names[n++] = strdup(de->d_name)) == NULL)
				fatal("strdup");
	closedir(d);
	qsort(names, n, sizeof(names[0]), db_migrate_cmp);

	for (i = 0; i < n && rc == DB_OK; i++) {
		version = strtoll(names[i], NULL, 10);
		struct db_arg v[] = { DBA_I(version), DBA_S(names[i]) };
		if ((rc = db_row(db, DB_MIGRATION_APPLIED, v, 1)) == DB_OK)
			continue;	/* applied before */
		if (rc != DB_NOTFOUND)
			break;
		rc = DB_OK;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (verbose)
			printf("applying %s\n", names[i]);
		if ((rc = db_migrate_file(db, path)) == DB_OK)
			rc = db_exec(db, DB_MIGRATION_RECORD, v, 2);
		if (rc != DB_OK)
			log_warnx("migration %s failed", names[i]);
		applied++;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	if (rc == DB_OK && verbose)
		printf("%d migration(s) applied, schema up to date\n", applied);
	if (rc == DB_OK && worker_role != NULL)
		rc = db_migrate_grant(db, worker_role, verbose);
	return rc;
}
