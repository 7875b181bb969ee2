/* SPDX-License-Identifier: ISC */
/* Unit tests of the validators: every field's rules, JSON and form input. */
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "app.h"
#include "config.h"
#include "http.h"
#include "log.h"
#include "validate.h"
#include "../tap.h"

static struct request	 req;

/* Runs validator v on a JSON text (or a form when form is set). */
static int
run(int (*v)(struct request *), const char *body, int form)
{
	const char	*detail;

	request_reset(&req);
	req.body = body;
	req.body_len = strlen(body);
	req.content_type = form ? "application/x-www-form-urlencoded" :
	    "application/json";
	if (request_parse_body(&req, &detail) == -1)
		return -2;
	return v(&req);
}

static int
has_error(const char *field)
{
	int	 i;

	for (i = 0; i < req.errs.n; i++)
		if (strcmp(req.errs.e[i].field, field) == 0)
			return 1;
	return 0;
}

static int
query(int (*v)(struct request *), const char *q)
{
	request_reset(&req);
	req.query = q;
	if (request_parse_query(&req) == -1)
		return -2;
	return v(&req);
}

static char *
repeat(char *buf, const char *unit, int n)
{
	buf[0] = '\0';
	while (n-- > 0)
		strcat(buf, unit);
	return buf;
}

int
main(void)
{
	static char	 big[8192], body[16384];
	struct token_input *t;
	char		 date[64];
	time_t		 future = time(NULL) + 86400 * 30;
	struct tm	 tm;

	log_init("test", LOG_ERR);
	request_init(&req, NULL);
	gmtime_r(&future, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);

	/* A complete, valid create. */
	snprintf(body, sizeof(body), "{\"name\":\"ci\",\"description\":\"a\\nb\","
	    "\"tenant\":\"acme-1\",\"permissions\":[\"read\",\"delete\"],"
	    "\"expires_at\":\"%s\",\"status\":\"pending\"}", date);
	ok(run(validate_token_create, body, 0) == 0, "a valid create");
	t = req.input;
	ok(t != NULL && strcmp(t->name, "ci") == 0 && t->perms ==
	    (PERM_READ | PERM_DELETE) && t->pending && t->has_expires &&
	    t->expires_at == future, "typed input carries every field");

	/* name */
	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"tenant\":\"acme\","
	    "\"permissions\":[\"read\"]}", repeat(big, "n", 128));
	ok(run(validate_token_create, body, 0) == 0, "name of 128 characters");
	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"tenant\":\"acme\","
	    "\"permissions\":[\"read\"]}", repeat(big, "n", 129));
	ok(run(validate_token_create, body, 0) == -1 && has_error("name"),
	    "name of 129 characters refused");
	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"tenant\":\"acme\","
	    "\"permissions\":[\"read\"]}", repeat(big, "\xc3\xa9", 128));
	ok(run(validate_token_create, body, 0) == 0,
	    "128 two-byte characters (256 bytes) are 128 characters");
	ok(run(validate_token_create, "{\"tenant\":\"acme\",\"permissions\":"
	    "[\"read\"]}", 0) == -1 && has_error("name"), "name required");
	ok(run(validate_token_create, "{\"name\":\"\",\"tenant\":\"acme\","
	    "\"permissions\":[\"read\"]}", 0) == -1, "empty name refused");
	ok(run(validate_token_create, "{\"name\":\"   \",\"tenant\":\"acme\","
	    "\"permissions\":[\"read\"]}", 0) == -1, "blank name refused");
	ok(run(validate_token_create, "{\"name\":\"a\\tb\",\"tenant\":\"acme\","
	    "\"permissions\":[\"read\"]}", 0) == -1, "tab in a name refused");
	ok(run(validate_token_create, "{\"name\":7,\"tenant\":\"acme\","
	    "\"permissions\":[\"read\"]}", 0) == -1, "number as name refused");
	ok(run(validate_token_create, "{\"name\":\"x\",\"tenant\":\"acme\","
	    "\"permissions\":[\"read\"],\"extra\":1}", 0) == -1 &&
	    has_error("extra"), "unknown field named");

	/* Deceptive characters (SPEC §7). */
	ok(run(validate_token_create, "{\"name\":\"a\\u202eb\",\"tenant\":"
	    "\"acme\",\"permissions\":[\"read\"]}", 0) == -1 &&
	    has_error("name"), "U+202E in a name refused");
	ok(run(validate_token_create, "{\"name\":\"a\\u200bb\",\"tenant\":"
	    "\"acme\",\"permissions\":[\"read\"]}", 0) == -1 &&
	    has_error("name"), "U+200B in a name refused");
	ok(run(validate_token_create, "{\"name\":\"x\",\"description\":"
	    "\"a\\u2067b\",\"tenant\":\"acme\",\"permissions\":[\"read\"]}",
	    0) == -1 && has_error("description"), "U+2067 in a description "
	    "refused");
	ok(run(validate_token_create, "{\"name\":\"x\",\"description\":"
	    "\"a\\ufeffb\",\"tenant\":\"acme\",\"permissions\":[\"read\"]}",
	    0) == 0, "U+FEFF in a description is text");
	ok(run(validate_tenant_create, "{\"id\":\"ab\",\"name\":"
	    "\"A\\u2066B\"}", 0) == -1 && has_error("name"),
	    "U+2066 in a tenant name refused");
	ok(run(validate_tenant_patch, "{\"name\":\"x\\u200d\"}", 0) == -1 &&
	    has_error("name"), "U+200D in a tenant rename refused");

	/* The tenant lifetime policy. */
	ok(run(validate_tenant_patch, "{\"max_token_lifetime_days\":3650}",
	    0) == 0 && ((struct tenant_input *)req.input)->has_max_days &&
	    ((struct tenant_input *)req.input)->max_days == 3650,
	    "max_token_lifetime_days 3650");
	ok(run(validate_tenant_patch, "{\"max_token_lifetime_days\":null}",
	    0) == 0 && ((struct tenant_input *)req.input)->has_max_days &&
	    ((struct tenant_input *)req.input)->max_days == 0,
	    "max_token_lifetime_days null: no limit");
	ok(run(validate_tenant_patch, "{\"max_token_lifetime_days\":0}", 0) ==
	    -1 && has_error("max_token_lifetime_days"), "0 days refused");
	ok(run(validate_tenant_patch, "{\"max_token_lifetime_days\":3651}",
	    0) == -1, "3651 days refused");
	ok(run(validate_tenant_patch, "{\"max_token_lifetime_days\":\"9\"}",
	    0) == -1, "a string in JSON refused");
	ok(run(validate_tenant_create, "id=ab&name=A&max_token_lifetime_days=90",
	    1) == 0 && ((struct tenant_input *)req.input)->max_days == 90,
	    "a form's 90 days");
	ok(run(validate_tenant_create, "id=ab&name=A&max_token_lifetime_days=9x",
	    1) == -1, "a form's 9x refused");

	/* DELETE ?cascade= */
	ok(query(validate_token_revoke, "cascade=true") == 0 &&
	    ((struct token_input *)req.input)->cascade == 1, "cascade=true");
	ok(query(validate_token_revoke, "cascade=false") == 0 &&
	    ((struct token_input *)req.input)->cascade == 0, "cascade=false");
	ok(query(validate_token_revoke, "") == 0 &&
	    ((struct token_input *)req.input)->cascade == 0, "no cascade");
	ok(query(validate_token_revoke, "cascade=1") == -1 &&
	    req.resp.status == 400, "cascade=1 refused (400)");
	ok(query(validate_token_revoke, "cascade=true&cascade=true") == -1,
	    "cascade twice refused");

	/* UTF-8: the JSON parser refuses it, the form parser too. */
	ok(run(validate_token_create, "{\"name\":\"\xff\"}", 0) == -2,
	    "invalid UTF-8 in JSON refused by the parser");
	ok(run(validate_token_create, "name=%ff&tenant=acme&permissions=read",
	    1) == -2, "invalid UTF-8 in a form refused by the parser");

	/* description */
	snprintf(body, sizeof(body), "{\"name\":\"d\",\"description\":\"%s\","
	    "\"tenant\":\"acme\",\"permissions\":[\"read\"]}",
	    repeat(big, "d", 1024));
	ok(run(validate_token_create, body, 0) == 0, "description of 1024");
	snprintf(body, sizeof(body), "{\"name\":\"d\",\"description\":\"%s\","
	    "\"tenant\":\"acme\",\"permissions\":[\"read\"]}",
	    repeat(big, "d", 1025));
	ok(run(validate_token_create, body, 0) == -1 &&
	    has_error("description"), "description of 1025 refused");

	/* expires_at */
	ok(run(validate_token_create, "{\"name\":\"e\",\"tenant\":\"acme\","
	    "\"permissions\":[\"read\"],\"expires_at\":\"2001-01-01T00:00:00Z\"}",
	    0) == -1 && has_error("expires_at"), "past expiry refused");
	ok(run(validate_token_create, "{\"name\":\"e\",\"tenant\":\"acme\","
	    "\"permissions\":[\"read\"],\"expires_at\":\"soon\"}", 0) == -1,
	    "non-date expiry refused");
	ok(run(validate_token_create, "{\"name\":\"e\",\"tenant\":\"acme\","
	    "\"permissions\":[\"read\"],\"expires_at\":\"9999-12-31\"}", 0) == 0 &&
	    ((struct token_input *)req.input)->expires_at == 253402300799LL,
	    "a full-date expiry means the end of that day");
	ok(run(validate_token_create, "name=e&tenant=acme&permissions=read&"
	    "expires_at=", 1) == 0 && !((struct token_input *)req.input)->
	    expires_at, "an empty form date means no expiry");
	ok(run(validate_token_patch, "{\"expires_at\":null}", 0) == 0 &&
	    ((struct token_input *)req.input)->has_expires &&
	    ((struct token_input *)req.input)->expires_at == 0,
	    "PATCH expires_at null removes the expiry");

	/* permissions */
	ok(run(validate_token_create, "{\"name\":\"p\",\"tenant\":\"acme\","
	    "\"permissions\":[]}", 0) == -1 && has_error("permissions"),
	    "no permission refused");
	ok(run(validate_token_create, "{\"name\":\"p\",\"tenant\":\"acme\","
	    "\"permissions\":[\"read\",\"fly\"]}", 0) == -1,
	    "unknown permission refused");
	ok(run(validate_token_create, "{\"name\":\"p\",\"tenant\":\"acme\","
	    "\"permissions\":[\"READ\"]}", 0) == -1,
	    "permissions are lower case");
	ok(run(validate_token_create, "{\"name\":\"p\",\"tenant\":\"acme\","
	    "\"permissions\":\"read, write\"}", 0) == 0 &&
	    ((struct token_input *)req.input)->perms == (PERM_READ | PERM_WRITE),
	    "comma-separated permissions in one string");
	ok(run(validate_token_create, "name=p&tenant=acme&permissions=read&"
	    "permissions=create", 1) == 0 && ((struct token_input *)req.input)->
	    perms == (PERM_READ | PERM_CREATE), "repeated form permissions");
	ok(run(validate_token_create, "name=p&name=q&tenant=acme&"
	    "permissions=read", 1) == -1 && has_error("name"),
	    "a form field given twice refused");

	/* tenant ids */
	ok(validate_tenant_id("ab") && validate_tenant_id("a-1") &&
	    validate_tenant_id("0x"), "short valid tenant ids");
	ok(validate_tenant_id(repeat(big, "a", 63)), "63 characters");
	ok(!validate_tenant_id(repeat(big, "a", 64)), "64 characters refused");
	ok(!validate_tenant_id("a"), "1 character refused");
	ok(!validate_tenant_id("-ab") && !validate_tenant_id("Ab") &&
	    !validate_tenant_id("a_b") && !validate_tenant_id("a.b") &&
	    !validate_tenant_id("*") && !validate_tenant_id(""),
	    "leading dash, upper case, underscore, dot, star, empty refused");
	ok(run(validate_token_create, "{\"name\":\"t\",\"tenant\":\"*\","
	    "\"permissions\":[\"read\"]}", 0) == 0, "\"*\" is a token's tenant");
	ok(run(validate_token_create, "{\"name\":\"t\",\"tenant\":\"No\","
	    "\"permissions\":[\"read\"]}", 0) == -1 && has_error("tenant"),
	    "bad tenant id refused");
	ok(run(validate_tenant_create, "{\"id\":\"acme\",\"name\":\"Acme\"}", 0)
	    == 0, "tenant create");
	ok(run(validate_tenant_create, "{\"id\":\"*\",\"name\":\"x\"}", 0) == -1
	    && has_error("id"), "tenant id \"*\" refused");
	ok(run(validate_tenant_patch, "{\"status\":\"suspended\"}", 0) == 0,
	    "tenant status suspended");
	ok(run(validate_tenant_patch, "{\"status\":\"gone\"}", 0) == -1,
	    "tenant status other than active or suspended refused");

	/* status, rotate */
	ok(run(validate_token_create, "{\"name\":\"s\",\"tenant\":\"acme\","
	    "\"permissions\":[\"read\"],\"status\":\"revoked\"}", 0) == -1,
	    "create status other than pending or active refused");
	ok(run(validate_token_rotate, "{\"grace_seconds\":86400}", 0) == 0,
	    "grace of a day");
	ok(run(validate_token_rotate, "{\"grace_seconds\":86401}", 0) == -1,
	    "grace over a day refused");
	ok(run(validate_token_rotate, "{\"grace_seconds\":-1}", 0) == -1,
	    "negative grace refused");
	ok(run(validate_token_patch, "{\"tenant\":\"x\"}", 0) == -1 &&
	    has_error("tenant"), "a token's tenant cannot change");
	ok(run(validate_no_body, "{\"x\":1}", 0) == -1, "activate takes no field");

	/* query strings */
	ok(query(validate_token_list, "limit=200&status=expired&q=ci&"
	    "tenant=acme&cursor=12") == 0 && ((struct list_input *)req.input)->
	    limit == 200, "a valid token list query");
	ok(query(validate_token_list, "limit=201") == -1, "limit 201 refused");
	ok(query(validate_token_list, "limit=0") == -1, "limit 0 refused");
	ok(query(validate_token_list, "limit=5x") == -1, "limit 5x refused");
	ok(query(validate_token_list, "cursor=-1") == -1, "negative cursor");
	ok(query(validate_token_list, "status=lost") == -1, "unknown status");
	ok(query(validate_token_list, "limit=1&limit=2") == -1,
	    "a query argument twice refused");
	ok(query(validate_audit_list, "since=2030-01-01T00:00:00Z") == 0,
	    "audit since");
	ok(query(validate_audit_list, "since=later") == -1, "bad since");
	ok(query(validate_tenant_list, "cursor=acme") == 0,
	    "tenant list cursor is a tenant id");

	/* unknown query parameters: 400, so a typo never widens a list */
	ok(query(validate_token_list, "tenat=acme") == -1 &&
	    req.resp.status == 400 && has_error("tenat"),
	    "token list: an unknown parameter is 400");
	ok(query(validate_tenant_list, "status=active") == -1 &&
	    req.resp.status == 400, "tenant list: no status filter");
	ok(query(validate_audit_list, "actor=cli&since=2030-01-01T00:00:00Z")
	    == -1 && req.resp.status == 400 && has_error("actor"),
	    "audit: an unknown parameter is 400");
	ok(query(validate_token_revoke, "cascade=true&force=1") == -1 &&
	    req.resp.status == 400 && has_error("force"),
	    "revoke: cascade only");
	ok(query(validate_no_query, "x=1") == -1 && req.resp.status == 400,
	    "a route without parameters refuses one");
	ok(query(validate_no_query, "") == 0, "and takes none");
	ok(query(validate_token_list, "a=1&a=2&b=3") == -1 &&
	    req.errs.n == 2, "each unknown name once");
	/* webhook_url (SPEC §8): https, public, unless the configuration says. */
#define TI	((struct tenant_input *)req.input)
	ok(run(validate_tenant_create, "{\"id\":\"ab\",\"name\":\"A\","
	    "\"webhook_url\":\"https://hooks.example.com/t/ab\"}", 0) == 0 &&
	    TI->has_webhook && strcmp(TI->webhook_url,
	    "https://hooks.example.com/t/ab") == 0, "a tenant with a webhook");
	ok(run(validate_tenant_patch, "{\"webhook_url\":null}", 0) == 0 &&
	    TI->has_webhook && TI->webhook_url == NULL,
	    "webhook_url null removes it");
	ok(run(validate_tenant_patch, "{\"name\":\"B\"}", 0) == 0 &&
	    !TI->has_webhook, "a rename leaves the webhook alone");
	ok(run(validate_tenant_patch, "webhook_url=", 1) == 0 &&
	    TI->has_webhook && TI->webhook_url == NULL,
	    "an empty form field removes it");
	{
		static const char *const bad[] = {
		    "http://hooks.example.com/", "ftp://hooks.example.com/",
		    "hooks.example.com", "https://127.0.0.1/",
		    "https://10.0.0.7:8443/", "https://[::1]/",
		    "https://169.254.169.254/", "https://localhost/",
		    "https://2130706433/", "https://u:p@hooks.example.com/",
		    "", NULL };
		int	 i, bad_ok = 0;

		for (i = 0; bad[i] != NULL; i++) {
			snprintf(body, sizeof(body), "{\"webhook_url\":\"%s\"}",
			    bad[i]);
			if (run(validate_tenant_patch, body, 0) == 0 ||
			    !has_error("webhook_url")) {
				bad_ok++;
				printf("# %s accepted\n", bad[i]);
			}
		}
		ok(bad_ok == 0, "%d non-https, private or malformed webhook "
		    "URLs: 422 on webhook_url", i);
	}
	ok(run(validate_tenant_create, "{\"id\":\"ab\",\"name\":\"A\","
	    "\"webhook_url\":7}", 0) == -1 && has_error("webhook_url"),
	    "a webhook_url that is no string");
	{
		struct config	 cfg;
		struct app	 app;

		memset(&cfg, 0, sizeof(cfg));
		memset(&app, 0, sizeof(app));
		app.cfg = &cfg;
		req.app = &app;
		ok(run(validate_tenant_patch, "{\"webhook_url\":"
		    "\"http://127.0.0.1:8080/hook\"}", 0) == -1 &&
		    has_error("webhook_url"), "webhook_allow_private off: "
		    "http://127.0.0.1 refused");
		cfg.webhook_allow_private = 1;
		ok(run(validate_tenant_patch, "{\"webhook_url\":"
		    "\"http://127.0.0.1:8080/hook\"}", 0) == 0 &&
		    strcmp(TI->webhook_url, "http://127.0.0.1:8080/hook") == 0,
		    "webhook_allow_private on: http://127.0.0.1 accepted");
		ok(run(validate_tenant_patch, "{\"webhook_url\":"
		    "\"ftp://127.0.0.1/\"}", 0) == -1 &&
		    has_error("webhook_url"), "  but never ftp:");
		request_reset(&req);
		req.app = NULL;
	}
#undef TI

	/* expiring_within: days, 1 to 365; anything else is a 400. */
	ok(query(validate_token_list, "expiring_within=30") == 0 &&
	    ((struct list_input *)req.input)->expiring_within == 30,
	    "expiring_within=30");
	ok(query(validate_token_list, "expiring_within=1") == 0 &&
	    query(validate_token_list, "expiring_within=365") == 0,
	    "expiring_within 1 and 365");
	{
		static const char *const bad[] = { "0", "366", "-1", "1.5",
		    "", "7d", "%207", "99999999999999999999", "0x10", NULL };
		char	 q[64];
		int	 i, bad_ok = 0;

		for (i = 0; bad[i] != NULL; i++) {
			snprintf(q, sizeof(q), "expiring_within=%s", bad[i]);
			if (query(validate_token_list, q) != -1 ||
			    !has_error("expiring_within") ||
			    req.resp.status != 400) {
				bad_ok++;
				printf("# %s accepted\n", bad[i]);
			}
		}
		ok(bad_ok == 0, "%d bad expiring_within values: 400 on the "
		    "field", i);
	}
	ok(query(validate_token_list, "expiring_within=7&expiring_within=7")
	    == -1, "expiring_within twice refused");

	request_reset(&req);
	arena_free(&req.arena);
	buf_free(&req.resp.head);
	buf_free(&req.resp.body);
	return tap_done();
}
