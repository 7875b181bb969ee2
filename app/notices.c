/* SPDX-License-Identifier: ISC */
/*
 * The domain of expiry notices: a tenant with a webhook hears about each
 * of its active tokens 30, 7 and 1 days before it expires, each notice
 * once. The threshold due is the nearest one the token has crossed (a
 * token first seen 5 days before its expiry gets the 7-day notice only);
 * a notice is about one expiry date, so a token given a new expiry is
 * told again. A failed delivery is retried by the next run; a run claims
 * each notice before sending it, so that two runs at once (two hosts) do
 * not both send it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "app.h"
#include "arena.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "notices.h"
#include "text.h"
#include "webhook.h"

#define NOTICES_BATCH	500
/* Seconds a run holds a notice it delivers: beyond any delivery's time. */
#define NOTICES_HOLD	120

struct notices_claim {
	const struct notice_row	*n;
	int			 claimed;
	unsigned int		 attempts;	/* before this one */
};

/* Whether this run delivers the notice now, in one transaction. */
static int
notices_claim_tx(struct db *db, void *arg)
{
	struct notices_claim	*c = arg;
	struct notice_state	 st;
	int			 rc;

	c->claimed = 0;
	c->attempts = 0;
	/* Revoked, given another expiry or left without a webhook since. */
	if ((rc = db_notice_current(db, c->n)) != DB_OK)
		return rc == DB_NOTFOUND ? DB_OK : rc;
	switch ((rc = db_notice_get(db, c->n, &st))) {
	case DB_NOTFOUND:
		rc = db_notice_insert(db, c->n, NOTICES_HOLD);
		break;
	case DB_OK:
		if (st.expires_at != c->n->expires_at) {
			rc = db_notice_reset(db, c->n, NOTICES_HOLD);
			break;
		}
		if (st.sent || st.claimed)
			return DB_OK;	/* another run's */
		c->attempts = st.attempts;
		rc = db_notice_hold(db, c->n, NOTICES_HOLD);
		break;
	default:
		return rc;
	}
	if (rc == DB_OK)
		c->claimed = 1;
	return rc;
}

struct notices_record {
	const struct notice_row	*n;
	const struct notice_report *r;
};

static int
notices_record_tx(struct db *db, void *arg)
{
	struct notices_record	*rec = arg;

	return db_notice_record(db, rec->n, rec->r->sent, rec->r->status,
	    rec->r->error);
}

/* The event, exactly the bytes signed and sent. */
static char *
notices_body(const struct notice_row *n)
{
	char	 at[TEXT_TIME_SIZE];
	json_t	*j;
	char	*s;

	text_rfc3339(n->expires_at, at);
	j = json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s}, s:i}",
	    "event", NOTICES_EVENT, "tenant", n->tenant,
	    "token", "id", n->token_id, "name", n->name, "hint", n->hint,
	    "expires_at", at, "days_left", (int)n->days);
	if (j == NULL)
		return NULL;
	s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return s;
}

/* One notice: claimed, signed, sent, recorded; DB_OK unless the db failed. */
static int
notices_one(struct app *app, const struct notice_row *n,
    notices_send_fn send, void *send_arg, notices_report_fn report,
    void *report_arg, struct notices_result *res)
{
	struct notices_claim	 c = { n, 0, 0 };
	struct notice_report	 r;
	struct notices_record	 rec = { n, &r };
	char			 secret[WEBHOOK_SECRET_SIZE];
	char			 sig[WEBHOOK_SIG_SIZE], err[256];
	char			*body;
	int			 rc;

	if ((rc = db_tx(app->db, notices_claim_tx, &c)) != DB_OK)
		return rc;
	if (!c.claimed)
		return DB_OK;
	memset(&r, 0, sizeof(r));
	r.notice = n;
	r.attempts = c.attempts + 1;
	err[0] = '\0';
	if ((body = notices_body(n)) == NULL)
		snprintf(err, sizeof(err), "the event could not be made");
	else if (webhook_open(app->cfg->server_key, n->tenant, n->box,
	    n->boxlen, secret) == -1)
		snprintf(err, sizeof(err), "the webhook secret does not open "
		    "with this server key: set webhook_url again");
	else {
		webhook_sign(secret, body, strlen(body), sig);
		sodium_memzero(secret, sizeof(secret));
		if (send(send_arg, n->url, body, strlen(body), sig, &r.status,
		    err, sizeof(err)) == 0)
			r.sent = 1;
		else if (err[0] == '\0')
			snprintf(err, sizeof(err), "not delivered");
	}
	free(body);
	r.error = r.sent ? NULL : err;
	if (r.sent)
		res->sent++;
	else
		res->failed++;
	/*
	 * Not recorded (the database went away after the claim): the claim
	 * runs out and a later run sends it again, rather than never.
	 */
	if ((rc = db_tx(app->db, notices_record_tx, &rec)) != DB_OK)
		log_warnx("notice of token %s (%u days) %s but not recorded",
		    n->token_id, n->days, r.sent ? "sent" : "failed");
	if (report != NULL)
		report(report_arg, &r);
	return rc;
}

int
notices_run(struct app *app, notices_send_fn send, void *send_arg,
    notices_report_fn report, void *report_arg, struct notices_result *res)
{
	struct notice_row	*rows;
	struct arena		 a;
	unsigned long long	 pruned;
	long long		 after = 0;
	size_t			 n, i;
	int			 rc;

	memset(res, 0, sizeof(*res));
	for (;;) {
		arena_init(&a);
		rc = db_notice_due(app->db, &a, after, NOTICES_BATCH, &rows,
		    &n);
		for (i = 0; rc == DB_OK && i < n; i++) {
			rc = notices_one(app, &rows[i], send, send_arg, report,
			    report_arg, res);
			after = rows[i].seq;
		}
		arena_free(&a);
		if (rc != DB_OK || n < NOTICES_BATCH)
			break;
	}
	if (rc == DB_OK && (rc = db_notice_prune(app->db, &pruned)) == DB_OK &&
	    pruned > 0)
		log_info("forgot %llu notice(s) of expiries over 30 days ago",
		    pruned);
	outcome_db(&res->out, rc);
	return res->out.kind == OUTCOME_OK ? 0 : -1;
}
