/* SPDX-License-Identifier: ISC */
/* The database and its two accounts, made by tenantctl setup as an admin. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "buf.h"
#include "db.h"
#include "log.h"

/* Names go into SQL text: only the characters of plain identifiers. */
static int
db_setup_name_ok(const char *s, const char *extra, size_t max)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (i == max || !((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '_' || strchr(extra, s[i]) != NULL))
			return 0;
	return i > 0;
}

/*
 * A password as an SQL string literal. Quotes are doubled, which means
 * the same in every sql_mode; backslashes and control characters, which
 * would not, are refused (tenantctl setup's own passwords are base64).
 */
static int
db_setup_literal(struct buf *b, const char *s)
{
	const char	*p;

	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return -1;
	buf_addc(b, '\'');
	for (p = s; *p != '\0'; p++) {
		if (*p == '\'')
			buf_addc(b, '\'');
		buf_addc(b, *p);
	}
	buf_addc(b, '\'');
	return 0;
}

static int
db_setup_run(struct db *db, struct buf *b, int secret)
{
	int	 rc;

	rc = db_query_text(db, b->p, b->len);
	if (rc != DB_OK && !secret)
		log_warnx("setup: %.*s: failed", (int)b->len, b->p);
	if (secret)
		sodium_memzero(b->p, b->len);
	buf_reset(b);
	return rc;
}

/* An account, created when missing; its password is set from its file. */
static int
db_setup_user(struct db *db, struct buf *b, const char *user,
    const char *host, const char *password)
{
	int	 i, rc;

	static const char *const verb[] = { "CREATE USER IF NOT EXISTS",
	    "ALTER USER" };

	for (i = 0; i < 2; i++) {
		buf_printf(b, "%s '%s'@'%s' IDENTIFIED BY ", verb[i], user,
		    host);
		if (db_setup_literal(b, password) == -1) {
			buf_reset(b);
			log_warnx("setup: the password of %s has a backslash or "
			    "a control character", user);
			return DB_FAIL;
		}
		if ((rc = db_setup_run(db, b, 1)) != DB_OK) {
			log_warnx("setup: %s '%s'@'%s' failed", verb[i], user,
			    host);
			return rc;
		}
	}
	return DB_OK;
}

int
db_setup(struct db *db, const struct db_setup *s, int verbose)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;
	int		 rc = DB_FAIL;

	if (!db_setup_name_ok(s->database, "", 64) ||
	    !db_setup_name_ok(s->role, "", 64) ||
	    !db_setup_name_ok(s->owner, ".-", 80) ||
	    !db_setup_name_ok(s->worker, ".-", 80)) {
		log_warnx("setup: db_name, db_worker_role, db_user and "
		    "db_owner_user must be letters, digits and underscores "
		    "(and . - in user names)");
		return DB_FAIL;
	}
	for (i = 0; i < s->nhosts; i++)
		if (!db_setup_name_ok(s->hosts[i], ".-:%", 255)) {
			log_warnx("setup: bad account host %s", s->hosts[i]);
			return DB_FAIL;
		}

	buf_printf(&b, "CREATE DATABASE IF NOT EXISTS `%s` CHARACTER SET "
	    "utf8mb4 COLLATE utf8mb4_unicode_ci", s->database);
	if ((rc = db_setup_run(db, &b, 0)) != DB_OK)
		goto done;
	if (verbose)
		printf("database %s: ready\n", s->database);

	/* The owner: migrations, and the grants to the workers' role. */
	for (i = 0; i < s->nhosts; i++) {
		if ((rc = db_setup_user(db, &b, s->owner, s->hosts[i],
		    s->owner_password)) != DB_OK)
			goto done;
		buf_printf(&b, "GRANT ALL PRIVILEGES ON `%s`.* TO '%s'@'%s' "
		    "WITH GRANT OPTION", s->database, s->owner, s->hosts[i]);
		if ((rc = db_setup_run(db, &b, 0)) != DB_OK)
			goto done;
		if (verbose)
			printf("account %s@%s (owner): ready\n", s->owner,
			    s->hosts[i]);
	}

	/*
	 * The workers: the role and nothing else; tenantctl migrate grants
	 * the role what they need, table by table. Rights given to the
	 * account by hand are left alone (SHOW GRANTS shows them).
	 */
	buf_printf(&b, "CREATE ROLE IF NOT EXISTS `%s`", s->role);
	if ((rc = db_setup_run(db, &b, 0)) != DB_OK)
		goto done;
	for (i = 0; i < s->nhosts; i++) {
		if ((rc = db_setup_user(db, &b, s->worker, s->hosts[i],
		    s->worker_password)) != DB_OK)
			goto done;
		buf_printf(&b, "GRANT `%s` TO '%s'@'%s'", s->role, s->worker,
		    s->hosts[i]);
		if ((rc = db_setup_run(db, &b, 0)) != DB_OK)
			goto done;
		buf_printf(&b, "SET DEFAULT ROLE `%s` FOR '%s'@'%s'", s->role,
		    s->worker, s->hosts[i]);
		if ((rc = db_setup_run(db, &b, 0)) != DB_OK)
			goto done;
		if (verbose)
			printf("account %s@%s (workers, role %s): ready\n",
			    s->worker, s->hosts[i], s->role);
	}
	rc = DB_OK;
done:
	buf_free(&b);
	return rc;
}
