/* The cockpit's token list, with a revoke button and its confirmation. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "app.h"
#include "auth.h"
#include "cockpit.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "tenants.h"
#include "text.h"
#include "tokens.h"
#include "validate.h"

#define COCKPIT_PAGE	50

static const enum cockpit_text perm_text[4] = { T_READ, T_WRITE,
    T_CREATE_PERM, T_DELETE };

static void
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
cockpit_perms(struct request *req, unsigned int perms)
{
	int	 i, first = 1;

	for (i = 0; i < 4; i++)
		if (perms & (1u << i)) {
			cockpit_printf(req, "%s<span class=\"perm\">%s</span>",
			    first ? "" : " ", cockpit_t(req, perm_text[i]));
			first = 0;
		}
}

/* The tenant the list shows: ?tenant= within the caller's scope. */
static const char *
cockpit_list_tenant(struct request *req)
{
	const char	*t = request_arg(req, "tenant");

	if (!authz_is_star(&req->caller))
		return req->caller.tenant;
	if (t == NULL || *t == '\0' || strcmp(t, TENANT_ALL) == 0)
		return NULL;
	return validate_tenant_id(t) ? t : NULL;
}

static void
cockpit_tenant_picker(struct request *req, const char *current)
{
	struct list_filter	 f = { 0 };
	struct tenant_row	*rows;
	struct outcome		 out;
	size_t			 n, i;

	if (!authz_is_star(&req->caller))
		return;
	f.limit = 500;
	if (tenants_list(req, &f, &rows, &n, &out) == -1)
		return;
	cockpit_printf(req, "<form method=\"get\" action=\"/cockpit/\" "
	    "class=\"picker\"><label for=\"pick\">%s</label>"
	    "<select id=\"pick\" name=\"tenant\"><option value=\"*\">%s"
	    "</option>", cockpit_t(req, T_TENANT), cockpit_t(req,
	    T_ALL_TENANTS));
	for (i = 0; i < n; i++) {
		cockpit_printf(req, "<option value=\"");
		cockpit_esc(req, rows[i].id);
		cockpit_printf(req, "\"%s>", current && strcmp(current,
		    rows[i].id) == 0 ? " selected" : "");
		cockpit_esc(req, rows[i].name);
		cockpit_printf(req, " (");
		cockpit_esc(req, rows[i].id);
		cockpit_printf(req, ")</option>");
	}
	cockpit_printf(req, "</select><button type=\"submit\">%s</button>"
	    "</form>", cockpit_t(req, T_SHOW));
}

static const char *
cockpit_status(struct request *req, const struct token_row *t,
    const char **cls)
{
	if (strcmp(t->status, "active") == 0 && t->expires_at != 0 &&
	    t->expires_at <= time(NULL)) {
		*cls = "expired";
		return cockpit_t(req, T_ST_EXPIRED);
	}
	*cls = t->status;
	if (strcmp(t->status, "active") == 0)
		return cockpit_t(req, T_ST_ACTIVE);
	if (strcmp(t->status, "pending") == 0)
		return cockpit_t(req, T_ST_PENDING);
	return cockpit_t(req, T_ST_REVOKED);
}

static void
cockpit_row(struct request *req, const struct token_row *t,
    const char *tenant_q)
{
	const char	*cls, *st = cockpit_status(req, t, &cls), *why;

	cockpit_printf(req, "<tr data-token=\"%s\"><td class=\"name\">", t->id);
	cockpit_esc(req, t->name);
	cockpit_printf(req, "<div class=\"hint\"><code>");
	cockpit_esc(req, t->hint);
	cockpit_printf(req, "</code></div></td><td class=\"desc\">");
	cockpit_esc(req, t->description);
	cockpit_printf(req, "</td><td>");
	if (strcmp(t->tenant, TENANT_ALL) == 0)
		cockpit_esc(req, cockpit_t(req, T_ALL_TENANTS));
	else
		cockpit_esc(req, t->tenant);
	cockpit_printf(req, "</td><td>");
	cockpit_perms(req, t->perms);
	cockpit_printf(req, "</td><td>");
	cockpit_date(req, t->expires_at, T__MAX);
	cockpit_printf(req, "</td><td>");
	cockpit_date(req, t->last_used_at, T_NEVER);
	cockpit_printf(req, "</td><td><span class=\"status %s\">%s</span></td>"
	    "<td class=\"actions\">", cls, st);
	if (strcmp(t->status, "revoked") != 0 &&
	    authz_holds(&req->caller, PERM_DELETE) &&
	    authz_may_manage(&req->caller, t, &why) == 0) {
		cockpit_printf(req, "<form method=\"post\" action=\"/cockpit/"
		    "tokens/%s/revoke\" data-confirm=\"", t->id);
		cockpit_esc(req, cockpit_t(req, T_CONFIRM_REVOKE));
		cockpit_printf(req, "\">");
		cockpit_csrf_field(req);
		if (tenant_q != NULL) {
			cockpit_printf(req, "<input type=\"hidden\" "
			    "name=\"back\" value=\"");
			cockpit_esc(req, tenant_q);
			cockpit_printf(req, "\">");
		}
		cockpit_printf(req, "<button type=\"submit\" class=\"danger\">"
		    "%s</button></form>", cockpit_t(req, T_REVOKE));
	}
	cockpit_printf(req, "</td></tr>");
}

void
cockpit_list(struct request *req)
{
	struct list_filter	 f = { 0 };
	struct token_row	*rows;
	struct outcome		 out;
	const char		*tenant = cockpit_list_tenant(req), *cur, *done;
	char			*end;
	size_t			 n, i;

	f.tenant = tenant;
	f.limit = COCKPIT_PAGE + 1;
	if ((cur = request_arg(req, "cursor")) != NULL)
		f.cursor = strtoll(cur, &end, 10);
	if (tokens_list(req, &f, &rows, &n, &out) == -1) {
		cockpit_outcome(req, &out);
		return;
	}
	cockpit_begin(req, 200, cockpit_t(req, T_TOKENS));
	cockpit_printf(req, "<section class=\"card\"><div class=\"bar\">"
	    "<h1>%s</h1>", cockpit_t(req, T_TOKENS));
	cockpit_tenant_picker(req, tenant);
	if (authz_holds(&req->caller, PERM_CREATE)) {
		cockpit_printf(req, "<a class=\"create\" id=\"create\" "
		    "href=\"/cockpit/tokens/new%s", tenant ? "?tenant=" : "");
		if (tenant)
			cockpit_esc(req, tenant);
		cockpit_printf(req, "\" title=\"%s\" aria-label=\"%s\">"
		    "<span aria-hidden=\"true\">+</span> %s</a>",
		    cockpit_t(req, T_CREATE), cockpit_t(req, T_CREATE),
		    cockpit_t(req, T_CREATE));
	}
	cockpit_printf(req, "</div>");
	if ((done = request_arg(req, "done")) != NULL &&
	    (strcmp(done, "saved") == 0 || strcmp(done, "revoked") == 0))
		cockpit_printf(req, "<p class=\"flash\" role=\"status\">%s</p>",
		    cockpit_t(req, strcmp(done, "saved") == 0 ? T_SAVED :
		    T_REVOKED));
	if (n == 0) {
		cockpit_printf(req, "<p class=\"empty\">%s</p></section>",
		    cockpit_t(req, T_NO_TOKENS));
		cockpit_end(req);
		return;
	}
	cockpit_printf(req, "<div class=\"scroll\"><table class=\"tokens\">"
	    "<thead><tr><th>%s</th><th class=\"desc\">%s</th><th>%s</th>"
	    "<th>%s</th><th>%s</th><th>%s</th>"
	    "<th>%s</th><th><span class=\"sr\">%s</span></th></tr></thead>"
	    "<tbody>", cockpit_t(req, T_NAME), cockpit_t(req, T_DESCRIPTION),
	    cockpit_t(req, T_TENANT), cockpit_t(req, T_PERMISSIONS),
	    cockpit_t(req, T_EXPIRES), cockpit_t(req, T_LAST_USED),
	    cockpit_t(req, T_STATUS), cockpit_t(req, T_ACTIONS));
	for (i = 0; i < n && i < COCKPIT_PAGE; i++)
		cockpit_row(req, &rows[i], tenant);
	cockpit_printf(req, "</tbody></table></div>");
	if (n > COCKPIT_PAGE) {
		cockpit_printf(req, "<p class=\"more\"><a href=\"/cockpit/?");
		if (tenant) {
			cockpit_printf(req, "tenant=");
			cockpit_esc(req, tenant);
			cockpit_printf(req, "&amp;");
		}
		cockpit_printf(req, "cursor=%lld\">%s →</a></p>",
		    rows[COCKPIT_PAGE - 1].seq, cockpit_t(req, T_MORE));
	}
	cockpit_printf(req, "</section>");
	cockpit_end(req);
}

/* The list again, on the tenant it showed. */
static void
cockpit_back_to_list(struct request *req, const char *done)
{
	const struct cockpit_input *in = req->input;

	if (in->back != NULL)
		cockpit_redirect(req, arena_printf(&req->arena,
		    "/cockpit/?tenant=%s&done=%s", in->back, done));
	else
		cockpit_redirect(req, arena_printf(&req->arena,
		    "/cockpit/?done=%s", done));
}

/* Without JavaScript's confirm(), the confirmation is a page of its own. */
static void
cockpit_confirm_revoke(struct request *req, const char *id)
{
	const struct cockpit_input *in = req->input;
	struct token_result	 res;
	const struct token_row	*t = &res.row;

	if (tokens_get(req, id, &res) == -1) {
		cockpit_outcome(req, &res.out);
		return;
	}
	cockpit_begin(req, 200, cockpit_t(req, T_REVOKE));
	cockpit_printf(req, "<section class=\"card narrow\"><h1>%s</h1><p>",
	    cockpit_t(req, T_REVOKE));
	cockpit_esc(req, cockpit_t(req, T_CONFIRM_REVOKE));
	cockpit_printf(req, "</p><p class=\"name\"><strong>");
	cockpit_esc(req, t->name);
	cockpit_printf(req, "</strong> <code>");
	cockpit_esc(req, t->hint);
	cockpit_printf(req, "</code></p><form method=\"post\" "
	    "action=\"/cockpit/tokens/%s/revoke\">", t->id);
	cockpit_csrf_field(req);
	cockpit_printf(req, "<input type=\"hidden\" name=\"confirm\" "
	    "value=\"yes\">");
	if (in->cascade)
		cockpit_printf(req, "<input type=\"hidden\" name=\"cascade\" "
		    "value=\"yes\">");
	if (in->back != NULL) {
		cockpit_printf(req, "<input type=\"hidden\" name=\"back\" "
		    "value=\"");
		cockpit_esc(req, in->back);
		cockpit_printf(req, "\">");
	}
	cockpit_printf(req, "<div class=\"actions\"><a href=\"/cockpit/\">%s"
	    "</a><button type=\"submit\" class=\"danger\">%s</button></div>"
	    "</form></section>", cockpit_t(req, T_CANCEL),
	    cockpit_t(req, T_CONFIRM));
	cockpit_end(req);
}

void
cockpit_revoke(struct request *req)
{
	const struct cockpit_input *in = req->input;
	struct token_result	 res;

	if (!in->confirm) {
		cockpit_confirm_revoke(req, req->param[0]);
		return;
	}
	if (tokens_revoke(req, req->param[0], in->cascade, &res) == -1) {
		cockpit_outcome(req, &res.out);
		return;
	}
	cockpit_back_to_list(req, "revoked");
}
