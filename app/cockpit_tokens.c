/* SPDX-License-Identifier: ISC */
/*
 * The cockpit's token list: a tenant's tokens (or every tenant's, for a
 * sign-in for all tenants), those expiring within 7 days marked and on
 * demand alone, the filter in effect said in words, and the confirmation
 * of what the last action did.
 */
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

/* What the list shows: both travel in its links and forms. */
struct list_view {
	const char	*tenant;	/* NULL: every tenant it may see */
	unsigned int	 expiring;	/* 7: only those expiring soon */
};

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

/* The list's URL with its view; tenant ids are [a-z0-9-] (no escaping). */
static const char *
cockpit_list_url(struct request *req, const struct list_view *v,
    const char *more)
{
	const char	*t = v->tenant && authz_is_star(&req->caller) ?
	    v->tenant : NULL;

	return arena_printf(&req->arena, "/cockpit/?%s%s%s%s%s",
	    t ? "tenant=" : "", t ? t : "", t ? "&amp;" : "",
	    v->expiring ? "expiring=7&amp;" : "", more ? more : "");
}

/* The filters: the tenant (a sign-in for all tenants), expiring soon. */
static void
cockpit_filters(struct request *req, const struct list_view *v)
{
	struct list_filter	 f = { 0 };
	struct tenant_row	*rows;
	struct outcome		 out;
	size_t			 n = 0, i;

	cockpit_printf(req, "<form method=\"get\" action=\"/cockpit/\" "
	    "class=\"filters\">");
	f.limit = 500;
	if (authz_is_star(&req->caller) &&
	    tenants_list(req, &f, &rows, &n, &out) == 0) {
		cockpit_tenants_known(req, rows, n);
		cockpit_printf(req, "<div class=\"picker\"><label for=\"pick\">"
		    "%s</label><select id=\"pick\" name=\"tenant\">"
		    "<option value=\"*\">%s</option>", cockpit_t(req, T_TENANT),
		    cockpit_t(req, T_ALL_TENANTS));
		for (i = 0; i < n; i++) {
			cockpit_printf(req, "<option value=\"");
			cockpit_esc(req, rows[i].id);
			cockpit_printf(req, "\"%s>", v->tenant &&
			    strcmp(v->tenant, rows[i].id) == 0 ?
			    " selected" : "");
			cockpit_tenant(req, rows[i].id);
			cockpit_printf(req, "</option>");
		}
		cockpit_printf(req, "</select></div>");
	}
	cockpit_printf(req, "<label class=\"check\"><input type=\"checkbox\" "
	    "id=\"expiring\" name=\"expiring\" value=\"7\"%s> %s</label>"
	    "<button type=\"submit\">%s</button></form>",
	    v->expiring ? " checked" : "", cockpit_t(req, T_FILTER_EXPIRING),
	    cockpit_t(req, T_SHOW));
}

/* The filter in effect, in words, with the way back to everything. */
static void
cockpit_filtered(struct request *req, const struct list_view *v)
{
	const char	*label;

	if ((v->tenant == NULL || !authz_is_star(&req->caller)) &&
	    !v->expiring)
		return;
	cockpit_printf(req, "<p class=\"filtered\" id=\"filtered\">%s ",
	    cockpit_t(req, T_FILTERED));
	if (v->tenant != NULL && authz_is_star(&req->caller)) {
		label = cockpit_escaped(req, cockpit_tenant_label(req,
		    v->tenant));
		cockpit_printf(req, "<strong>");
		cockpit_html(req, cockpit_t(req, T_FILTER_TENANT), &label, 1);
		cockpit_printf(req, "</strong>%s", v->expiring ? ", " : "");
	}
	if (v->expiring)
		cockpit_printf(req, "<strong>%s</strong>",
		    cockpit_t(req, T_FILTERED_EXPIRING));
	cockpit_printf(req, ". <a href=\"/cockpit/\">%s</a></p>",
	    cockpit_t(req, T_SHOW_ALL));
}

/* What the last action did, naming its token (?done=&token=&n=). */
static void
cockpit_done(struct request *req)
{
	const char		*done = request_arg(req, "done");
	const char		*id = request_arg(req, "token");
	const char		*n = request_arg(req, "n");
	const char		*html[2];
	struct token_result	 res;
	enum cockpit_text	 plain, named;

	if (done == NULL)
		return;
	if (strcmp(done, "saved") == 0) {
		plain = T_SAVED;
		named = T_SAVED_NAMED;
	} else if (strcmp(done, "revoked") == 0) {
		plain = T_REVOKED;
		named = n != NULL && strspn(n, "0123456789") == strlen(n) &&
		    *n != '\0' && strcmp(n, "0") != 0 ? T_REVOKED_CASCADE :
		    T_REVOKED_NAMED;
	} else if (strcmp(done, "discarded") == 0)
		plain = named = T_DISCARDED_NAMED;
	else
		return;
	cockpit_printf(req, "<p class=\"flash\" role=\"status\">");
	if (id == NULL || tokens_get(req, id, &res) == -1) {
		html[0] = "";
		cockpit_html(req, cockpit_t(req, plain), html, 1);
	} else {
		html[0] = arena_printf(&req->arena, "<a href=\"/cockpit/tokens/"
		    "%s\"><strong>%s</strong></a>", res.row.id,
		    cockpit_escaped(req, res.row.name));
		html[1] = n != NULL ? cockpit_escaped(req, n) : "";
		cockpit_html(req, cockpit_t(req, named), html, 2);
	}
	cockpit_printf(req, "</p>");
}

/* Révoquer, or Abandonner for a token never saved. */
static void
cockpit_row_action(struct request *req, const struct token_row *t,
    const struct list_view *v)
{
	const char	*why;
	int		 pending = strcmp(t->status, "pending") == 0;

	if (strcmp(t->status, "revoked") == 0 ||
	    !authz_holds(&req->caller, PERM_DELETE) ||
	    authz_may_manage(&req->caller, t, &why) != 0)
		return;
	cockpit_printf(req, "<form method=\"post\" action=\"/cockpit/tokens/"
	    "%s/revoke\" data-confirm=\"", t->id);
	cockpit_esc(req, cockpit_t(req, pending ? T_CONFIRM_DISCARD :
	    T_CONFIRM_REVOKE));
	cockpit_printf(req, "\">");
	cockpit_csrf_field(req);
	cockpit_list_fields(req, authz_is_star(&req->caller) ? v->tenant :
	    NULL, v->expiring != 0);
	cockpit_printf(req, "<button type=\"submit\" class=\"danger\">%s"
	    "</button></form>", cockpit_t(req, pending ? T_DISCARD :
	    T_REVOKE));
}

static void
cockpit_row(struct request *req, const struct token_row *t,
    const struct list_view *v, time_t now)
{
	cockpit_printf(req, "<tr data-token=\"%s\"><td class=\"name\" "
	    "data-label=\"%s\">", t->id, cockpit_t(req, T_NAME));
	cockpit_token_link(req, t);
	cockpit_printf(req, "<div class=\"hint\"><code>");
	cockpit_esc(req, t->hint);
	cockpit_printf(req, "</code></div></td><td class=\"desc\" "
	    "data-label=\"%s\">", cockpit_t(req, T_DESCRIPTION));
	cockpit_esc(req, t->description);
	cockpit_printf(req, "</td><td data-label=\"%s\">",
	    cockpit_t(req, T_TENANT));
	cockpit_tenant(req, t->tenant);
	cockpit_printf(req, "</td><td data-label=\"%s\">",
	    cockpit_t(req, T_PERMISSIONS));
	cockpit_perms(req, t->perms);
	cockpit_printf(req, "</td><td data-label=\"%s\">",
	    cockpit_t(req, T_EXPIRES));
	cockpit_date(req, t->expires_at, T__MAX);
	if (cockpit_expiring_soon(t, now))
		cockpit_printf(req, " <span class=\"soon\">%s</span>",
		    cockpit_t(req, T_EXPIRING_SOON));
	cockpit_printf(req, "</td><td data-label=\"%s\">",
	    cockpit_t(req, T_LAST_USED));
	cockpit_date(req, t->last_used_at, T_NEVER);
	cockpit_printf(req, "</td><td data-label=\"%s\">",
	    cockpit_t(req, T_STATUS));
	cockpit_status(req, t);
	cockpit_printf(req, "</td><td class=\"actions\">");
	cockpit_row_action(req, t, v);
	cockpit_printf(req, "</td></tr>");
}

void
cockpit_list(struct request *req)
{
	struct list_filter	 f = { 0 };
	struct list_view	 v = { NULL, 0 };
	struct token_row	*rows;
	struct outcome		 out;
	const char		*cur, *e;
	char			*end;
	time_t			 now = time(NULL);
	size_t			 n, i;

	v.tenant = cockpit_list_tenant(req);
	if ((e = request_arg(req, "expiring")) != NULL && strcmp(e, "7") == 0)
		v.expiring = COCKPIT_SOON_DAYS;
	f.tenant = v.tenant;
	f.expiring_within = v.expiring;
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
	if (authz_holds(&req->caller, PERM_CREATE)) {
		cockpit_printf(req, "<a class=\"create\" id=\"create\" "
		    "href=\"/cockpit/tokens/new%s%s\" title=\"%s\">"
		    "<span aria-hidden=\"true\">+</span> %s</a>",
		    v.tenant ? "?tenant=" : "", v.tenant ? v.tenant : "",
		    cockpit_t(req, T_CREATE), cockpit_t(req, T_CREATE));
	}
	cockpit_printf(req, "</div>");
	cockpit_done(req);
	cockpit_filters(req, &v);
	cockpit_filtered(req, &v);
	if (n == 0) {
		cockpit_printf(req, "<p class=\"empty\">%s</p></section>",
		    cockpit_t(req, v.expiring ? T_NO_EXPIRING : T_NO_TOKENS));
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
		cockpit_row(req, &rows[i], &v, now);
	cockpit_printf(req, "</tbody></table></div>");
	if (n > COCKPIT_PAGE)
		cockpit_printf(req, "<p class=\"more\"><a href=\"%s\">%s →</a>"
		    "</p>", cockpit_list_url(req, &v, arena_printf(&req->arena,
		    "cursor=%lld", rows[COCKPIT_PAGE - 1].seq)),
		    cockpit_t(req, T_MORE));
	cockpit_printf(req, "</section>");
	cockpit_end(req);
}
