/* SPDX-License-Identifier: ISC */
/*
 * The cockpit's page frame (head, header, security headers), escaping,
 * error pages, and the pieces every page shows the same way: tenants,
 * permissions, dates, statuses, field errors, a secret shown once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "app.h"
#include "auth.h"
#include "cockpit.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "outcome.h"
#include "tenants.h"
#include "text.h"
#include "tokens.h"

/* Names read during one request, so that each is read once. */
struct cockpit_name {
	const char		*id;
	const char		*name;		/* NULL: none to show */
	struct cockpit_name	*next;
};

struct cockpit_state {
	struct cockpit_name	*tenants;
	int			 listed;	/* every visible one was read */
};

static struct cockpit_state *
cockpit_state(struct request *req)
{
	if (req->cockpit == NULL)
		req->cockpit = arena_calloc(&req->arena, sizeof(*req->cockpit));
	return req->cockpit;
}

void
cockpit_printf(struct request *req, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vprintf(&req->resp.body, fmt, ap);
	va_end(ap);
}

void
cockpit_esc(struct request *req, const char *s)
{
	text_html_escape(&req->resp.body, s ? s : "");
}

char *
cockpit_escaped(struct request *req, const char *s)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*out;

	text_html_escape(&b, s ? s : "");
	out = arena_strdup(&req->arena, b.p != NULL ? b.p : "");
	buf_free(&b);
	return out;
}

void
cockpit_html(struct request *req, const char *text, const char *const *html,
    int n)
{
	const char	*p, *run = text;
	char		*piece;
	int		 k;

	for (p = text; *p != '\0'; p++) {
		if (p[0] != '{' || p[1] < '0' || p[1] > '9' || p[2] != '}')
			continue;
		piece = arena_strndup(&req->arena, run, (size_t)(p - run));
		cockpit_esc(req, piece);
		k = p[1] - '0';
		if (k < n && html[k] != NULL)
			buf_adds(&req->resp.body, html[k]);
		p += 2;
		run = p + 1;
	}
	cockpit_esc(req, run);
}

static void
cockpit_security_headers(struct request *req)
{
	resp_header(req, "Content-Security-Policy", "default-src 'none'; "
	    "style-src 'self'; script-src 'self'; img-src 'self' data:; "
	    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	resp_header(req, "X-Frame-Options", "DENY");
	resp_header(req, "Referrer-Policy", "no-referrer");
}

/*
 * The other language: this same page again when it was a GET. A page that
 * answers a post (the token shown once, a form with errors) has no link:
 * leaving it would lose what it holds.
 */
static void
cockpit_lang_link(struct request *req)
{
	const struct kv	*kv;

	if (req->method == NULL || strcmp(req->method, "GET") != 0)
		return;
	cockpit_printf(req, "<a class=\"lang\" hreflang=\"%s\" lang=\"%s\" "
	    "href=\"", req->lang ? "fr" : "en", req->lang ? "fr" : "en");
	cockpit_esc(req, req->path);
	buf_addc(&req->resp.body, '?');
	for (kv = req->args; kv != NULL; kv = kv->next) {
		if (strcmp(kv->key, "lang") == 0 || strcmp(kv->key, "done") == 0)
			continue;
		text_pct_encode(&req->resp.body, kv->key);
		buf_addc(&req->resp.body, '=');
		text_pct_encode(&req->resp.body, kv->val);
		cockpit_printf(req, "&amp;");
	}
	cockpit_printf(req, "lang=%s\">%s</a>", req->lang ? "fr" : "en",
	    cockpit_t(req, T_OTHER_LANG));
}

/* Who is signed in: the token's name (a link to its page), its tenant. */
static void
cockpit_who(struct request *req)
{
	struct token_result	 res;
	const char		*html[2];

	if (tokens_get(req, req->caller.token_id, &res) == 0)
		html[0] = arena_printf(&req->arena, "<a href=\"/cockpit/tokens/"
		    "%s\"><strong>%s</strong></a>", res.row.id,
		    cockpit_escaped(req, res.row.name));
	else
		html[0] = arena_printf(&req->arena, "<code>%s</code>",
		    cockpit_escaped(req, req->caller.token_id));
	html[1] = arena_printf(&req->arena, "<strong>%s</strong>",
	    cockpit_escaped(req, cockpit_tenant_label(req,
	    req->caller.tenant)));
	cockpit_printf(req, "<span class=\"who\">");
	cockpit_html(req, cockpit_t(req, T_SIGNED_IN_AS), html, 2);
	cockpit_printf(req, "</span>");
}

void
cockpit_begin(struct request *req, int status, const char *title)
{
	resp_html(req, status);
	buf_reset(&req->resp.body);
	cockpit_security_headers(req);
	cockpit_printf(req, "<!doctype html>\n<html lang=\"%s\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"><title>",
	    cockpit_t(req, T_LANG));
	cockpit_esc(req, title);
	cockpit_printf(req, " · Cockpit</title>"
	    "<link rel=\"stylesheet\" href=\"/cockpit/static/cockpit.css\">"
	    "<script src=\"/cockpit/static/cockpit.js\" defer></script>"
	    "</head><body><header class=\"top\"><div class=\"brand\">Cockpit"
	    "</div><nav class=\"crumbs\" aria-label=\"breadcrumb\">"
	    "<span>%s</span> › <span>%s</span> › <a href=\"/cockpit/\">%s</a>"
	    "</nav><div class=\"tools\">", cockpit_t(req, T_CRUMB_ADMIN),
	    cockpit_t(req, T_CRUMB_TENANT), cockpit_t(req, T_TITLE));
	cockpit_lang_link(req);
	if (req->session != NULL) {
		cockpit_who(req);
		cockpit_printf(req, "<form method=\"post\" "
		    "action=\"/cockpit/logout\" class=\"inline\">");
		cockpit_csrf_field(req);
		cockpit_printf(req, "<button type=\"submit\" class=\"link\">%s"
		    "</button></form>", cockpit_t(req, T_SIGN_OUT));
	}
	cockpit_printf(req, "</div></header><main>");
}

void
cockpit_end(struct request *req)
{
	cockpit_printf(req, "</main></body></html>\n");
}

void
cockpit_error(struct request *req, int status, const char *message)
{
	req->input = NULL;
	cockpit_begin(req, status, cockpit_reason(req, status));
	cockpit_printf(req, "<section class=\"card narrow error\" "
	    "role=\"alert\"><h1>%d %s</h1><p>", status,
	    cockpit_reason(req, status));
	cockpit_esc(req, message);
	cockpit_printf(req, "</p><p><a href=\"/cockpit/\">%s</a></p></section>",
	    cockpit_t(req, T_BACK));
	cockpit_end(req);
	if (status == 503)
		resp_header(req, "Retry-After", "1");
}

void
cockpit_outcome(struct request *req, const struct outcome *o)
{
	const char	*msg = NULL;

	switch (o->kind) {
	case OUTCOME_OK:
		return;
	case OUTCOME_UNAUTHORIZED:
		/* The session's secret acts no more: the session ends. */
		cockpit_session_end(req);
		req->session = NULL;
		msg = cockpit_t(req, T_SESSION_ENDED);
		break;
	case OUTCOME_NOT_FOUND:
		msg = cockpit_t(req, T_ERR_NOT_FOUND);
		break;
	case OUTCOME_INVALID:
		msg = cockpit_field_message(req, &o->errs.e[0]);
		break;
	case OUTCOME_UNAVAILABLE:
		msg = cockpit_t(req, T_ERR_UNAVAILABLE);
		break;
	case OUTCOME_FAILED:
		msg = cockpit_t(req, T_ERR_GENERIC);
		break;
	default:
		if ((msg = cockpit_refusal_text(o->code, req->lang)) == NULL)
			msg = cockpit_t(req, T_ERR_GENERIC);
		break;
	}
	cockpit_error(req, outcome_status(o->kind), msg);
}

void
cockpit_redirect(struct request *req, const char *location)
{
	resp_empty(req, 303);
	resp_header(req, "Location", "%s", location);
}

void
cockpit_tenants_known(struct request *req, const struct tenant_row *rows,
    size_t n)
{
	struct cockpit_state	*st = cockpit_state(req);
	struct cockpit_name	*e;
	size_t			 i;

	for (i = 0; i < n; i++) {
		e = arena_calloc(&req->arena, sizeof(*e));
		e->id = rows[i].id;
		e->name = rows[i].name;
		e->next = st->tenants;
		st->tenants = e;
	}
}

static const char *
cockpit_tenant_name(struct request *req, const char *id)
{
	struct cockpit_state	*st = cockpit_state(req);
	struct cockpit_name	*e;
	struct list_filter	 f = { 0 };
	struct tenant_row	*rows;
	struct tenant_result	 res;
	struct outcome		 out;
	size_t			 n;

	for (e = st->tenants; e != NULL; e = e->next)
		if (strcmp(e->id, id) == 0)
			return e->name;
	/* One read of every visible tenant, rather than one per row. */
	if (!st->listed) {
		st->listed = 1;
		f.limit = 500;
		if (tenants_list(req, &f, &rows, &n, &out) == 0) {
			cockpit_tenants_known(req, rows, n);
			return cockpit_tenant_name(req, id);
		}
	}
	e = arena_calloc(&req->arena, sizeof(*e));
	e->id = arena_strdup(&req->arena, id);
	/* A deleted tenant, or another's: its id alone. */
	if (tenants_get(req, id, &res) == 0)
		e->name = res.row.name;
	e->next = st->tenants;
	st->tenants = e;
	return e->name;
}

const char *
cockpit_tenant_label(struct request *req, const char *id)
{
	const char	*name;

	if (id == NULL || *id == '\0')
		return "";
	if (strcmp(id, TENANT_ALL) == 0)
		return cockpit_t(req, T_ALL_TENANTS);
	if ((name = cockpit_tenant_name(req, id)) == NULL)
		return id;
	return arena_printf(&req->arena, "%s (%s)", name, id);
}

void
cockpit_tenant(struct request *req, const char *id)
{
	cockpit_esc(req, cockpit_tenant_label(req, id));
}

void
cockpit_perms(struct request *req, unsigned int perms)
{
	static const enum cockpit_text perm_text[4] = { T_READ, T_WRITE,
	    T_CREATE_PERM, T_DELETE };
	int	 i, first = 1;

	for (i = 0; i < 4; i++)
		if (perms & (1u << i)) {
			cockpit_printf(req, "%s<span class=\"perm\">%s</span>",
			    first ? "" : " ", cockpit_t(req, perm_text[i]));
			first = 0;
		}
}

void
cockpit_date(struct request *req, time_t t, enum cockpit_text none)
{
	char		 s[32];
	struct tm	 tm;

	if (t == 0) {
		cockpit_printf(req, "<span class=\"muted\">%s</span>",
		    none == T__MAX ? "—" : cockpit_t(req, none));
		return;
	}
	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y-%m-%d %H:%M", &tm);
	cockpit_printf(req, "<time datetime=\"%04d-%02d-%02dT%02d:%02d:%02dZ\">"
	    "%s UTC</time>", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_hour, tm.tm_min, tm.tm_sec, s);
}

void
cockpit_day(time_t t, char out[11])
{
	struct tm	 tm;
	char		 s[32];

	gmtime_r(&t, &tm);
	if (strftime(s, sizeof(s), "%Y-%m-%d", &tm) == 0)
		s[0] = '\0';
	snprintf(out, 11, "%.10s", s);
}

int
cockpit_expiring_soon(const struct token_row *t, time_t now)
{
	return strcmp(t->status, "active") == 0 && t->expires_at > now &&
	    t->expires_at <= now + COCKPIT_SOON_DAYS * 86400;
}

void
cockpit_status(struct request *req, const struct token_row *t)
{
	const char		*cls = t->status;
	enum cockpit_text	 text = T_ST_REVOKED;

	if (strcmp(t->status, "active") == 0 && t->expires_at != 0 &&
	    t->expires_at <= time(NULL)) {
		cls = "expired";
		text = T_ST_EXPIRED;
	} else if (strcmp(t->status, "active") == 0)
		text = T_ST_ACTIVE;
	else if (strcmp(t->status, "pending") == 0)
		text = T_ST_PENDING;
	cockpit_printf(req, "<span class=\"status %s\">%s</span>", cls,
	    cockpit_t(req, text));
}

unsigned int
cockpit_pending_minutes(struct request *req)
{
	return (req->app->cfg->pending_ttl + 59) / 60;
}

void
cockpit_token_link(struct request *req, const struct token_row *t)
{
	cockpit_printf(req, "<a href=\"/cockpit/tokens/%s\">", t->id);
	cockpit_esc(req, t->name);
	cockpit_printf(req, "</a>");
}

void
cockpit_list_fields(struct request *req, const char *back, int expiring)
{
	if (back != NULL)
		cockpit_printf(req, "<input type=\"hidden\" name=\"back\" "
		    "value=\"%s\">", cockpit_escaped(req, back));
	if (expiring)
		cockpit_printf(req, "<input type=\"hidden\" name=\"expiring\" "
		    "value=\"7\">");
}

const char *
cockpit_form_value(json_t *form, const char *field)
{
	json_t	*v = form ? json_object_get(form, field) : NULL;

	if (json_is_array(v))
		v = json_array_get(v, 0);
	return json_is_string(v) ? json_string_value(v) : "";
}

int
cockpit_field_invalid(struct request *req, const char *field)
{
	int	 i;

	for (i = 0; i < req->errs.n; i++)
		if (strcmp(req->errs.e[i].field, field) == 0)
			return 1;
	return 0;
}

void
cockpit_field_errors(struct request *req, const char *field)
{
	int	 i;

	for (i = 0; i < req->errs.n; i++) {
		if (strcmp(req->errs.e[i].field, field) != 0)
			continue;
		cockpit_printf(req, "<p class=\"field-error\" id=\"%s-error\">",
		    field);
		cockpit_esc(req, cockpit_field_message(req, &req->errs.e[i]));
		cockpit_printf(req, "</p>");
	}
}

/* aria-describedby names the hint (if any) and the error (if any). */
void
cockpit_field_aria(struct request *req, const char *field,
    const char *hint_id)
{
	int	 bad = cockpit_field_invalid(req, field);

	if (bad)
		cockpit_printf(req, " aria-invalid=\"true\"");
	if (bad || hint_id != NULL)
		cockpit_printf(req, " aria-describedby=\"%s%s%s%s\"",
		    bad ? field : "", bad ? "-error" : "",
		    bad && hint_id ? " " : "", hint_id ? hint_id : "");
}

void
cockpit_token_facts(struct request *req, const struct token_row *t)
{
	cockpit_printf(req, "<dt>%s</dt><dd>", cockpit_t(req, T_NAME));
	cockpit_esc(req, t->name);
	cockpit_printf(req, "</dd><dt>%s</dt><dd class=\"desc-text\">",
	    cockpit_t(req, T_DESCRIPTION));
	if (t->description == NULL || *t->description == '\0')
		cockpit_printf(req, "<span class=\"muted\">%s</span>",
		    cockpit_t(req, T_NO_DESCRIPTION));
	else
		cockpit_esc(req, t->description);
	cockpit_printf(req, "</dd><dt>%s</dt><dd>", cockpit_t(req, T_TENANT));
	cockpit_tenant(req, t->tenant);
	cockpit_printf(req, "</dd><dt>%s</dt><dd>",
	    cockpit_t(req, T_PERMISSIONS));
	cockpit_perms(req, t->perms);
	cockpit_printf(req, "</dd><dt>%s</dt><dd>", cockpit_t(req, T_EXPIRES));
	cockpit_date(req, t->expires_at, T_NO_EXPIRY);
	cockpit_printf(req, "</dd>");
}

/*
 * Without script nothing can select the field's text, so the page says
 * how to copy it and gives the field the focus; the script selects it,
 * adds the Copy button and says so instead.
 */
void
cockpit_secret(struct request *req, const char *secret)
{
	cockpit_printf(req, "<label for=\"secret\">%s</label><div "
	    "class=\"secret\" data-copy=\"%s\" data-copied=\"%s\"><input "
	    "id=\"secret\" readonly autofocus autocomplete=\"off\" "
	    "spellcheck=\"false\" aria-describedby=\"secret-how\" "
	    "value=\"%s\"></div><p class=\"how\" id=\"secret-how\" "
	    "data-js=\"", cockpit_t(req, T_TOKEN_LABEL), cockpit_t(req, T_COPY),
	    cockpit_t(req, T_COPIED), secret);
	cockpit_esc(req, cockpit_t(req, T_SECRET_HOW_JS));
	cockpit_printf(req, "\">");
	cockpit_esc(req, cockpit_t(req, T_SECRET_HOW));
	cockpit_printf(req, "</p>");
}
