/* SPDX-License-Identifier: ISC */
/*
 * A token's own page, reached from the list by its name: what it is (its
 * metadata, last use and last addresses, who made it and what it made,
 * its policies, its audit events) and what may be done to it: Renouveler
 * (rotate: the new secret shown once), Révoquer (with the tokens it made,
 * when asked), Abandonner for a token never saved. Without script each
 * action gets a confirmation page; with it, a dialog.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "app.h"
#include "auth.h"
#include "cockpit.h"
#include "db.h"
#include "http.h"
#include "tokens.h"
#include "validate.h"

#define TOKEN_CHILDREN_MAX	50
#define TOKEN_EVENTS_MAX	20

/* The delays "Renouveler" offers for the old secret. */
static const struct {
	unsigned int		 seconds;
	enum cockpit_text	 label;
} graces[] = {
	{ 0, T_GRACE_0 },
	{ 300, T_GRACE_5M },
	{ 3600, T_GRACE_1H },
	{ 86400, T_GRACE_24H },
};

static const char *
grace_label(struct request *req, unsigned int seconds)
{
	size_t	 i;

	for (i = 0; i < sizeof(graces) / sizeof(graces[0]); i++)
		if (graces[i].seconds == seconds)
			return cockpit_t(req, graces[i].label);
	return arena_printf(&req->arena, "%u s", seconds);
}

static int
token_expired(const struct token_row *t)
{
	return t->expires_at != 0 && t->expires_at <= time(NULL);
}

static int
token_may(struct request *req, const struct token_row *t, unsigned int perm)
{
	const char	*why;

	return strcmp(t->status, "revoked") != 0 &&
	    authz_holds(&req->caller, perm) &&
	    authz_may_manage(&req->caller, t, &why) == 0;
}

static void
fact(struct request *req, enum cockpit_text label)
{
	cockpit_printf(req, "<dt>%s</dt><dd>", cockpit_t(req, label));
}

/* "address@seconds,..." as a list, newest first. */
static void
token_ips(struct request *req, const char *ips)
{
	const char	*p, *comma, *at;
	char		*one;

	if (ips == NULL || *ips == '\0') {
		cockpit_printf(req, "<span class=\"muted\">%s</span>",
		    cockpit_t(req, T_NO_IPS));
		return;
	}
	cockpit_printf(req, "<ul class=\"plain\" id=\"last-ips\">");
	for (p = ips; *p != '\0'; p = *comma ? comma + 1 : comma) {
		if ((comma = strchr(p, ',')) == NULL)
			comma = p + strlen(p);
		one = arena_strndup(&req->arena, p, (size_t)(comma - p));
		if ((at = strrchr(one, '@')) == NULL)
			continue;
		cockpit_printf(req, "<li><code>");
		cockpit_esc(req, arena_strndup(&req->arena, one,
		    (size_t)(at - one)));
		cockpit_printf(req, "</code> · ");
		cockpit_date(req, (time_t)strtoll(at + 1, NULL, 10), T__MAX);
		cockpit_printf(req, "</li>");
	}
	cockpit_printf(req, "</ul>");
}

/* Who made it: the operator, a token the caller sees, or another. */
static void
token_parent(struct request *req, const char *by)
{
	struct token_result	 res;

	if (by == NULL || strcmp(by, "cli") == 0) {
		cockpit_printf(req, "%s", cockpit_t(req, T_BY_CLI));
		return;
	}
	if (tokens_get(req, by, &res) == 0) {
		cockpit_token_link(req, &res.row);
		cockpit_printf(req, " <code>%s</code>", res.row.id);
		return;
	}
	cockpit_printf(req, "%s <code>", cockpit_t(req, T_OUT_OF_SCOPE));
	cockpit_esc(req, by);
	cockpit_printf(req, "</code>");
}

static void
token_policies(struct request *req, const struct token_row *t)
{
	const char	*p, *comma;
	char		 n[16];
	const char	*arg = n;

	cockpit_printf(req, "<section class=\"card\" aria-labelledby=\"h-pol\">"
	    "<h2 id=\"h-pol\">%s</h2><dl class=\"facts\">",
	    cockpit_t(req, T_POLICIES));
	fact(req, T_ALLOWED_CIDRS);
	if (t->allowed_cidrs == NULL || *t->allowed_cidrs == '\0')
		cockpit_printf(req, "%s", cockpit_t(req, T_ANY_ADDRESS));
	else {
		cockpit_printf(req, "<ul class=\"plain\" id=\"cidrs\">");
		for (p = t->allowed_cidrs; *p != '\0';
		    p = *comma ? comma + 1 : comma) {
			if ((comma = strchr(p, ',')) == NULL)
				comma = p + strlen(p);
			cockpit_printf(req, "<li><code>");
			cockpit_esc(req, arena_strndup(&req->arena, p,
			    (size_t)(comma - p)));
			cockpit_printf(req, "</code></li>");
		}
		cockpit_printf(req, "</ul>");
	}
	cockpit_printf(req, "</dd>");
	fact(req, T_RATE_LIMIT);
	if (t->rate_limit == 0)
		cockpit_printf(req, "%s", cockpit_t(req, T_NO_LIMIT));
	else {
		snprintf(n, sizeof(n), "%u", t->rate_limit);
		cockpit_esc(req, cockpit_fill(req, cockpit_t(req,
		    T_PER_MINUTE), &arg, 1));
	}
	cockpit_printf(req, "</dd></dl></section>");
}

/* Renouveler: the delay of the old secret, until used. */
static void
token_rotate_form(struct request *req, const struct token_row *t)
{
	json_t		*form = req->input_json;
	const char	*g = cockpit_form_value(form, "grace_seconds");
	const char	*u = cockpit_form_value(form, "until_used");
	size_t		 i;

	cockpit_printf(req, "<form method=\"post\" action=\"/cockpit/tokens/"
	    "%s/rotate\" class=\"action\" id=\"rotate-form\" "
	    "data-confirm=\"", t->id);
	cockpit_esc(req, cockpit_t(req, T_CONFIRM_ROTATE));
	cockpit_printf(req, "\">");
	cockpit_csrf_field(req);
	cockpit_printf(req, "<h3>%s</h3><p class=\"muted\">%s</p>"
	    "<div class=\"field\"><label for=\"grace_seconds\">%s</label>"
	    "<select id=\"grace_seconds\" name=\"grace_seconds\"",
	    cockpit_t(req, T_ROTATE), cockpit_t(req, T_ROTATE_INTRO),
	    cockpit_t(req, T_GRACE));
	cockpit_field_aria(req, "grace_seconds", NULL);
	cockpit_printf(req, ">");
	for (i = 0; i < sizeof(graces) / sizeof(graces[0]); i++)
		cockpit_printf(req, "<option value=\"%u\"%s>%s</option>",
		    graces[i].seconds, (*g == '\0' && i == 0) ||
		    (strtoul(g, NULL, 10) == graces[i].seconds && *g != '\0') ?
		    " selected" : "", cockpit_t(req, graces[i].label));
	cockpit_printf(req, "</select>");
	cockpit_field_errors(req, "grace_seconds");
	cockpit_printf(req, "</div><label class=\"check\"><input "
	    "type=\"checkbox\" id=\"until_used\" name=\"until_used\" "
	    "value=\"on\"%s> %s</label>", strcmp(u, "on") == 0 ||
	    strcmp(u, "true") == 0 ? " checked" : "",
	    cockpit_t(req, T_UNTIL_USED));
	cockpit_field_errors(req, "until_used");
	cockpit_printf(req, "<div class=\"actions\"><button type=\"submit\" "
	    "class=\"primary\" id=\"rotate\">%s</button></div></form>",
	    cockpit_t(req, T_ROTATE));
}

/* Révoquer (with the tokens it made, when asked), or Abandonner. */
static void
token_revoke_form(struct request *req, const struct token_row *t,
    int standing_kids)
{
	int	 pending = strcmp(t->status, "pending") == 0;

	cockpit_printf(req, "<form method=\"post\" action=\"/cockpit/tokens/"
	    "%s/revoke\" class=\"action\" id=\"revoke-form\" "
	    "data-confirm=\"", t->id);
	cockpit_esc(req, cockpit_t(req, pending ? T_CONFIRM_DISCARD :
	    T_CONFIRM_REVOKE));
	cockpit_printf(req, "\">");
	cockpit_csrf_field(req);
	cockpit_printf(req, "<input type=\"hidden\" name=\"from\" "
	    "value=\"token\"><h3>%s</h3><p class=\"muted\">%s</p>",
	    cockpit_t(req, pending ? T_DISCARD : T_REVOKE),
	    cockpit_t(req, pending ? T_CONFIRM_DISCARD : T_REVOKE_INTRO));
	if (standing_kids)
		cockpit_printf(req, "<label class=\"check\"><input "
		    "type=\"checkbox\" id=\"cascade\" name=\"cascade\" "
		    "value=\"yes\"> %s</label>", cockpit_t(req, T_CASCADE));
	cockpit_printf(req, "<div class=\"actions\"><button type=\"submit\" "
	    "class=\"danger\" id=\"revoke\">%s</button></div></form>",
	    cockpit_t(req, pending ? T_DISCARD : T_REVOKE));
}

static void
token_children(struct request *req, const struct token_row *kids, size_t n,
    size_t shown)
{
	char		 num[16];
	const char	*arg = num;
	size_t		 i;

	cockpit_printf(req, "<section class=\"card\" "
	    "aria-labelledby=\"h-kids\"><h2 id=\"h-kids\">%s</h2>",
	    cockpit_t(req, T_LINEAGE));
	if (n == 0) {
		cockpit_printf(req, "<p class=\"muted\">%s</p></section>",
		    cockpit_t(req, T_NO_CHILDREN));
		return;
	}
	cockpit_printf(req, "<ul class=\"kids\" id=\"children\">");
	for (i = 0; i < n && i < shown; i++) {
		cockpit_printf(req, "<li data-token=\"%s\">", kids[i].id);
		cockpit_token_link(req, &kids[i]);
		cockpit_printf(req, " ");
		cockpit_status(req, &kids[i]);
		cockpit_printf(req, " <span class=\"muted\">");
		cockpit_tenant(req, kids[i].tenant);
		cockpit_printf(req, "</span></li>");
	}
	cockpit_printf(req, "</ul>");
	if (n > shown) {
		snprintf(num, sizeof(num), "%zu", shown);
		cockpit_printf(req, "<p class=\"muted\">");
		cockpit_esc(req, cockpit_fill(req, cockpit_t(req,
		    T_MORE_CHILDREN), &arg, 1));
		cockpit_printf(req, "</p>");
	}
	cockpit_printf(req, "</section>");
}

static const char *
event_label(struct request *req, const char *action)
{
	static const struct {
		const char		*action;
		enum cockpit_text	 text;
	} labels[] = {
		{ "token.create", T_EV_CREATE },
		{ "token.activate", T_EV_ACTIVATE },
		{ "token.update", T_EV_UPDATE },
		{ "token.rotate", T_EV_ROTATE },
		{ "token.revoke", T_EV_REVOKE },
		{ "token.revoke_leaked", T_EV_LEAKED },
	};
	size_t	 i;

	if (action == NULL)
		return "";
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i].action, action) == 0)
			return cockpit_t(req, labels[i].text);
	return action;
}

/* The tokens that acted, read once each for the page. */
struct actors {
	size_t			 n;
	const char		*id[TOKEN_EVENTS_MAX];
	struct token_row	 row[TOKEN_EVENTS_MAX];
	int			 seen[TOKEN_EVENTS_MAX];	/* visible */
};

/* Who acted: the operator, this token, or a token by its name. */
static void
event_actor(struct request *req, const struct token_row *t,
    const char *actor, struct actors *a)
{
	struct token_result	 res;
	size_t			 i;

	if (strcmp(actor, "cli") == 0) {
		cockpit_printf(req, "%s", cockpit_t(req, T_BY_CLI));
		return;
	}
	if (strcmp(actor, t->id) == 0) {
		cockpit_printf(req, "%s", cockpit_t(req, T_THIS_TOKEN));
		return;
	}
	for (i = 0; i < a->n; i++)
		if (strcmp(a->id[i], actor) == 0)
			break;
	if (i == a->n && a->n < TOKEN_EVENTS_MAX) {
		a->id[i] = actor;
		if ((a->seen[i] = tokens_get(req, actor, &res) == 0))
			a->row[i] = res.row;
		a->n++;
	}
	if (i < a->n && a->seen[i])
		cockpit_token_link(req, &a->row[i]);
	else {
		cockpit_printf(req, "<code>");
		cockpit_esc(req, actor);
		cockpit_printf(req, "</code>");
	}
}

static void
token_events(struct request *req, const struct token_row *t)
{
	struct audit_row	*ev;
	struct outcome		 out;
	struct actors		*actors;
	const char		*at;
	size_t			 n, i;

	cockpit_printf(req, "<section class=\"card\" aria-labelledby="
	    "\"h-audit\"><h2 id=\"h-audit\">%s</h2>", cockpit_t(req, T_AUDIT));
	if (tokens_audit(req, t->id, TOKEN_EVENTS_MAX, &ev, &n, &out) == -1 ||
	    n == 0) {
		cockpit_printf(req, "<p class=\"muted\">%s</p></section>",
		    cockpit_t(req, n == 0 && out.kind == OUTCOME_OK ?
		    T_NO_EVENTS : T_ERR_UNAVAILABLE));
		return;
	}
	actors = arena_calloc(&req->arena, sizeof(*actors));
	cockpit_printf(req, "<div class=\"scroll\"><table class=\"events\">"
	    "<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
	    "<th>%s</th></tr></thead><tbody>", cockpit_t(req, T_AUDIT_WHEN),
	    cockpit_t(req, T_AUDIT_ACTION), cockpit_t(req, T_AUDIT_BY),
	    cockpit_t(req, T_AUDIT_FROM), cockpit_t(req, T_AUDIT_DETAIL));
	for (i = 0; i < n; i++) {
		cockpit_printf(req, "<tr><td data-label=\"%s\"><time>",
		    cockpit_t(req, T_AUDIT_WHEN));
		/* "2026-01-31T12:00:00.000Z": the minute is enough here. */
		at = ev[i].at != NULL ? ev[i].at : "";
		cockpit_esc(req, strlen(at) >= 16 ? arena_printf(&req->arena,
		    "%.10s %.5s", at, at + 11) : at);
		cockpit_printf(req, " UTC</time></td><td data-label=\"%s\" "
		    "data-action=\"", cockpit_t(req, T_AUDIT_ACTION));
		cockpit_esc(req, ev[i].action);
		cockpit_printf(req, "\">");
		cockpit_esc(req, event_label(req, ev[i].action));
		cockpit_printf(req, "</td><td data-label=\"%s\">",
		    cockpit_t(req, T_AUDIT_BY));
		event_actor(req, t, ev[i].actor ? ev[i].actor : "", actors);
		cockpit_printf(req, "</td><td data-label=\"%s\" "
		    "class=\"addr\"><code>", cockpit_t(req, T_AUDIT_FROM));
		cockpit_esc(req, ev[i].client_addr ? ev[i].client_addr : "");
		cockpit_printf(req, "</code></td><td data-label=\"%s\" "
		    "class=\"detail\">", cockpit_t(req, T_AUDIT_DETAIL));
		if (ev[i].detail != NULL && strcmp(ev[i].detail, "{}") != 0) {
			cockpit_printf(req, "<code>");
			cockpit_esc(req, ev[i].detail);
			cockpit_printf(req, "</code>");
		}
		cockpit_printf(req, "</td></tr>");
	}
	cockpit_printf(req, "</tbody></table></div></section>");
}

/* What the last action on this page did (?done=&n=). */
static void
token_done(struct request *req, const struct token_row *t)
{
	const char	*done = request_arg(req, "done");
	const char	*n = request_arg(req, "n");
	const char	*html[2];
	int		 cascade;

	if (done == NULL)
		return;
	cascade = n != NULL && *n != '\0' && strcmp(n, "0") != 0 &&
	    strspn(n, "0123456789") == strlen(n);
	html[0] = arena_printf(&req->arena, "<strong>%s</strong>",
	    cockpit_escaped(req, t->name));
	html[1] = cascade ? n : "";
	cockpit_printf(req, "<p class=\"flash\" role=\"status\">");
	if (strcmp(done, "revoked") == 0)
		cockpit_html(req, cockpit_t(req, cascade ? T_REVOKED_CASCADE :
		    T_REVOKED_NAMED), html, 2);
	else if (strcmp(done, "discarded") == 0)
		cockpit_html(req, cockpit_t(req, T_DISCARDED_NAMED), html, 1);
	cockpit_printf(req, "</p>");
}

static void
token_gone(struct request *req)
{
	char		 min[16];
	const char	*arg = min;

	snprintf(min, sizeof(min), "%u", cockpit_pending_minutes(req));
	cockpit_error(req, 404, cockpit_fill(req, cockpit_t(req,
	    T_TOKEN_GONE), &arg, 1));
}

static void
token_page(struct request *req, int status)
{
	struct token_result	 res;
	const struct token_row	*t = &res.row;
	struct token_row	*kids;
	struct outcome		 out;
	char			 min[16];
	const char		*arg = min;
	size_t			 nkids = 0, i;
	int			 standing = 0, rotate, revoke;

	if (tokens_get(req, req->param[0], &res) == -1) {
		if (res.out.kind == OUTCOME_NOT_FOUND)
			token_gone(req);
		else
			cockpit_outcome(req, &res.out);
		return;
	}
	if (tokens_children(req, t->id, TOKEN_CHILDREN_MAX + 1, &kids, &nkids,
	    &out) == -1)
		nkids = 0;
	for (i = 0; i < nkids; i++)
		if (strcmp(kids[i].status, "revoked") != 0)
			standing = 1;
	cockpit_begin(req, status, t->name);
	cockpit_printf(req, "<p class=\"back\"><a href=\"/cockpit/%s%s\">← %s"
	    "</a></p><div class=\"token-page\"><section class=\"card\" "
	    "aria-labelledby=\"h-token\"><div class=\"bar title\"><h1 "
	    "id=\"h-token\">", authz_is_star(&req->caller) ? "?tenant=" : "",
	    authz_is_star(&req->caller) ? t->tenant : "",
	    cockpit_t(req, T_BACK_TO_LIST));
	cockpit_esc(req, t->name);
	cockpit_printf(req, "</h1>");
	cockpit_status(req, t);
	if (cockpit_expiring_soon(t, time(NULL)))
		cockpit_printf(req, "<span class=\"soon\">%s</span>",
		    cockpit_t(req, T_EXPIRING_SOON));
	cockpit_printf(req, "</div>");
	token_done(req, t);
	if (strcmp(t->id, req->caller.token_id) == 0)
		cockpit_printf(req, "<p class=\"note\" id=\"self-note\">%s</p>",
		    cockpit_t(req, T_SELF_NOTE));
	if (strcmp(t->status, "pending") == 0) {
		snprintf(min, sizeof(min), "%u", cockpit_pending_minutes(req));
		cockpit_printf(req, "<p class=\"note\" id=\"pending-note\">");
		cockpit_esc(req, cockpit_fill(req, cockpit_t(req,
		    T_PENDING_NOTE), &arg, 1));
		cockpit_printf(req, "</p>");
	}
	cockpit_printf(req, "<dl class=\"facts\" id=\"facts\">");
	fact(req, T_ID);
	cockpit_printf(req, "<code>%s</code></dd>", t->id);
	fact(req, T_HINT);
	cockpit_printf(req, "<code>");
	cockpit_esc(req, t->hint);
	cockpit_printf(req, "</code></dd>");
	fact(req, T_DESCRIPTION);
	if (*t->description == '\0')
		cockpit_printf(req, "<span class=\"muted\">%s</span>",
		    cockpit_t(req, T_NO_DESCRIPTION));
	else {
		cockpit_printf(req, "<span class=\"desc-text\">");
		cockpit_esc(req, t->description);
		cockpit_printf(req, "</span>");
	}
	cockpit_printf(req, "</dd>");
	fact(req, T_TENANT);
	cockpit_tenant(req, t->tenant);
	cockpit_printf(req, "</dd>");
	fact(req, T_PERMISSIONS);
	cockpit_perms(req, t->perms);
	cockpit_printf(req, "</dd>");
	fact(req, T_EXPIRES);
	cockpit_date(req, t->expires_at, T_NO_EXPIRY);
	cockpit_printf(req, "</dd>");
	fact(req, T_CREATED_AT);
	cockpit_date(req, t->created_at, T__MAX);
	cockpit_printf(req, "</dd>");
	fact(req, T_CREATED_BY);
	token_parent(req, t->created_by);
	cockpit_printf(req, "</dd>");
	fact(req, T_LAST_USED);
	cockpit_date(req, t->last_used_at, T_NEVER);
	cockpit_printf(req, "</dd>");
	fact(req, T_LAST_IPS);
	token_ips(req, t->last_used_ips);
	cockpit_printf(req, "</dd></dl></section>");

	rotate = strcmp(t->status, "active") == 0 && !token_expired(t) &&
	    token_may(req, t, PERM_WRITE);
	revoke = token_may(req, t, PERM_DELETE);
	cockpit_printf(req, "<section class=\"card\" id=\"actions\" "
	    "aria-labelledby=\"h-actions\"><h2 id=\"h-actions\">%s</h2>",
	    cockpit_t(req, T_ACTIONS_TITLE));
	if (status != 200)
		cockpit_printf(req, "<p class=\"error\" role=\"alert\">%s</p>",
		    cockpit_t(req, T_FORM_ERRORS));
	if (rotate)
		token_rotate_form(req, t);
	if (revoke)
		token_revoke_form(req, t, standing);
	if (!rotate && !revoke)
		cockpit_printf(req, "<p class=\"muted\">%s</p>",
		    cockpit_t(req, strcmp(t->status, "revoked") == 0 ?
		    T_REVOKED_NOTE : T_NO_ACTIONS));
	cockpit_printf(req, "</section>");
	token_policies(req, t);
	token_children(req, kids, nkids, TOKEN_CHILDREN_MAX);
	token_events(req, t);
	cockpit_printf(req, "</div>");
	cockpit_end(req);
}

void
cockpit_token(struct request *req)
{
	token_page(req, 200);
}

/* A refused "Renouveler" form: the page again, the error by the field. */
void
cockpit_rotate_invalid(struct request *req)
{
	token_page(req, 422);
}

/* Without the script's dialog, the confirmation is a page of its own. */
static void
token_confirm_rotate(struct request *req)
{
	const struct cockpit_input *in = req->input;
	struct token_result	 res;
	const struct token_row	*t = &res.row;

	if (tokens_get(req, req->param[0], &res) == -1) {
		if (res.out.kind == OUTCOME_NOT_FOUND)
			token_gone(req);
		else
			cockpit_outcome(req, &res.out);
		return;
	}
	cockpit_begin(req, 200, cockpit_t(req, T_ROTATE));
	cockpit_printf(req, "<section class=\"card narrow\"><h1>%s</h1><p>%s"
	    "</p><p class=\"name\"><strong>", cockpit_t(req, T_ROTATE),
	    cockpit_t(req, T_CONFIRM_ROTATE));
	cockpit_esc(req, t->name);
	cockpit_printf(req, "</strong> <code>");
	cockpit_esc(req, t->hint);
	cockpit_printf(req, "</code></p><dl class=\"facts\"><dt>%s</dt><dd>",
	    cockpit_t(req, T_GRACE));
	cockpit_esc(req, grace_label(req, in->grace));
	if (in->until_used)
		cockpit_printf(req, "<br>%s", cockpit_t(req, T_UNTIL_USED));
	cockpit_printf(req, "</dd></dl><form method=\"post\" "
	    "action=\"/cockpit/tokens/%s/rotate\">", t->id);
	cockpit_csrf_field(req);
	cockpit_printf(req, "<input type=\"hidden\" name=\"confirm\" "
	    "value=\"yes\"><input type=\"hidden\" name=\"grace_seconds\" "
	    "value=\"%u\">%s<div class=\"actions\"><a href=\"/cockpit/tokens/"
	    "%s\">%s</a><button type=\"submit\" class=\"primary\">%s</button>"
	    "</div></form></section>", in->grace, in->until_used ?
	    "<input type=\"hidden\" name=\"until_used\" value=\"on\">" : "",
	    t->id, cockpit_t(req, T_CANCEL), cockpit_t(req, T_CONFIRM));
	cockpit_end(req);
}

/* The new secret, shown once, and what becomes of the old one. */
static void
token_rotated(struct request *req, struct token_result *res,
    const struct token_input *in)
{
	const struct token_row	*t = &res->row;
	const char		*name = cockpit_escaped(req, t->name);
	const char		*plain = t->name, *end;
	char			 when[32];
	struct tm		 tm;
	time_t			 until = time(NULL) + in->grace;

	cockpit_begin(req, 200, cockpit_fill(req, cockpit_t(req,
	    T_NEW_SECRET), &plain, 1));
	cockpit_printf(req, "<section class=\"card narrow\"><h1>");
	cockpit_html(req, cockpit_t(req, T_NEW_SECRET), &name, 1);
	cockpit_printf(req, "</h1><p class=\"warning\" role=\"alert\">%s</p>"
	    "<dl class=\"facts\" id=\"recap\">", cockpit_t(req, T_SHOWN_ONCE));
	cockpit_token_facts(req, t);
	gmtime_r(&until, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
	end = when;
	cockpit_printf(req, "<dt>%s</dt><dd id=\"old-secret\">",
	    cockpit_t(req, T_OLD_SECRET));
	if (in->grace == 0)
		cockpit_printf(req, "%s", cockpit_t(req, T_OLD_NOW));
	else
		cockpit_esc(req, cockpit_fill(req, cockpit_t(req,
		    in->until_used ? T_OLD_UNTIL_USED : T_OLD_GRACE), &end,
		    1));
	cockpit_printf(req, "</dd></dl>");
	cockpit_secret(req, res->secret);
	cockpit_printf(req, "<div class=\"actions\"><a href=\"/cockpit/tokens/"
	    "%s\" id=\"back-to-token\">%s</a></div></section>", t->id,
	    cockpit_t(req, T_BACK_TO_TOKEN));
	cockpit_end(req);
	sodium_memzero(res->secret, sizeof(res->secret));
	req->resp_secret = 1;
}

void
cockpit_rotate(struct request *req)
{
	const struct cockpit_input *in = req->input;
	struct token_input	 ti;
	struct token_result	 res;

	if (!in->confirm) {
		token_confirm_rotate(req);
		return;
	}
	memset(&ti, 0, sizeof(ti));
	ti.grace = in->grace;
	ti.until_used = in->until_used;
	if (tokens_rotate(req, req->param[0], &ti, &res) == -1) {
		if (res.out.kind == OUTCOME_NOT_FOUND)
			token_gone(req);
		else
			cockpit_outcome(req, &res.out);
		return;
	}
	token_rotated(req, &res, &ti);
}

/* The list again, with the view it had, naming the token. */
static const char *
revoke_back(struct request *req, const char *id, const char *done,
    unsigned int others)
{
	const struct cockpit_input *in = req->input;

	if (in->from_token)
		return arena_printf(&req->arena, "/cockpit/tokens/%s?done=%s"
		    "&n=%u", id, done, others);
	return arena_printf(&req->arena, "/cockpit/?%s%s%s%sdone=%s&token=%s"
	    "&n=%u", in->back ? "tenant=" : "", in->back ? in->back : "",
	    in->back ? "&" : "", in->expiring ? "expiring=7&" : "", done, id,
	    others);
}

static void
token_confirm_revoke(struct request *req)
{
	const struct cockpit_input *in = req->input;
	struct token_result	 res;
	const struct token_row	*t = &res.row;
	int			 pending;

	if (tokens_get(req, req->param[0], &res) == -1) {
		if (res.out.kind == OUTCOME_NOT_FOUND)
			token_gone(req);
		else
			cockpit_outcome(req, &res.out);
		return;
	}
	pending = strcmp(t->status, "pending") == 0;
	cockpit_begin(req, 200, cockpit_t(req, pending ? T_DISCARD :
	    T_REVOKE));
	cockpit_printf(req, "<section class=\"card narrow\"><h1>%s</h1><p>",
	    cockpit_t(req, pending ? T_DISCARD : T_REVOKE));
	cockpit_esc(req, cockpit_t(req, pending ? T_CONFIRM_DISCARD :
	    T_CONFIRM_REVOKE));
	cockpit_printf(req, "</p><p class=\"name\"><strong>");
	cockpit_esc(req, t->name);
	cockpit_printf(req, "</strong> <code>");
	cockpit_esc(req, t->hint);
	cockpit_printf(req, "</code></p>");
	if (in->cascade)
		cockpit_printf(req, "<p class=\"warning\" id=\"cascade-will\">"
		    "%s</p>", cockpit_t(req, T_CASCADE_WILL));
	cockpit_printf(req, "<form method=\"post\" "
	    "action=\"/cockpit/tokens/%s/revoke\">", t->id);
	cockpit_csrf_field(req);
	cockpit_printf(req, "<input type=\"hidden\" name=\"confirm\" "
	    "value=\"yes\">");
	if (in->cascade)
		cockpit_printf(req, "<input type=\"hidden\" name=\"cascade\" "
		    "value=\"yes\">");
	if (in->from_token)
		cockpit_printf(req, "<input type=\"hidden\" name=\"from\" "
		    "value=\"token\">");
	cockpit_list_fields(req, in->back, in->expiring);
	cockpit_printf(req, "<div class=\"actions\"><a href=\"%s\">%s</a>"
	    "<button type=\"submit\" class=\"danger\">%s</button></div>"
	    "</form></section>", in->from_token ? arena_printf(&req->arena,
	    "/cockpit/tokens/%s", t->id) : "/cockpit/",
	    cockpit_t(req, T_CANCEL), cockpit_t(req, T_CONFIRM));
	cockpit_end(req);
}

void
cockpit_revoke(struct request *req)
{
	const struct cockpit_input *in = req->input;
	struct token_result	 res;
	unsigned int		 others;
	int			 was_revoked;

	if (!in->confirm) {
		token_confirm_revoke(req);
		return;
	}
	if (tokens_revoke(req, req->param[0], in->cascade, &res) == -1) {
		if (res.out.kind == OUTCOME_NOT_FOUND)
			token_gone(req);
		else
			cockpit_outcome(req, &res.out);
		return;
	}
	/* The row as the change found it: pending means discarded. */
	was_revoked = strcmp(res.row.status, "revoked") == 0;
	others = res.revoked - (was_revoked || res.revoked == 0 ? 0 : 1);
	cockpit_redirect(req, revoke_back(req, res.row.id,
	    strcmp(res.row.status, "pending") == 0 ? "discarded" : "revoked",
	    others));
}
