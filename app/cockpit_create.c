/* SPDX-License-Identifier: ISC */
/*
 * The cockpit's Create flow, as the user manual tells it: the form
 * ("Suivant" generates the token, pending), the page that shows it once,
 * and "Enregistrer", which saves it (pending -> active); a token saved
 * too late gets a page that says it was discarded.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "app.h"
#include "auth.h"
#include "cockpit.h"
#include "db.h"
#include "http.h"
#include "tenants.h"
#include "tokens.h"
#include "validate.h"

static const struct {
	const char		*value;
	unsigned int		 bit;
	enum cockpit_text	 label;
} perm_boxes[] = {
	{ "read", PERM_READ, T_READ },
	{ "write", PERM_WRITE, T_WRITE },
	{ "create", PERM_CREATE, T_CREATE_PERM },
	{ "delete", PERM_DELETE, T_DELETE },
};

static int
form_has_perm(json_t *form, const char *perm)
{
	json_t	*v = form ? json_object_get(form, "permissions") : NULL, *e;
	size_t	 i;

	if (json_is_string(v))
		return strstr(json_string_value(v), perm) != NULL;
	json_array_foreach(v, i, e)
		if (json_is_string(e) && strcmp(json_string_value(e), perm) == 0)
			return 1;
	return 0;
}

/*
 * The latest date the date field may take for a tenant (t NULL: all
 * tenants, or none chosen yet), and the sentence that says why. A date
 * alone means the end of that day, so the last day allowed is the one
 * whose end is still within the limit. The domain decides; this only
 * tells the reader beforehand.
 */
static void
form_expiry_limit(struct request *req, const struct tenant_row *t,
    char max[11], const char **hint)
{
	char		 policy[11] = "", parent[11] = "", days[16];
	const char	*args[2];
	time_t		 now = time(NULL);

	max[0] = '\0';
	if (t != NULL && t->max_lifetime_days != 0)
		cockpit_day(now + (time_t)t->max_lifetime_days * 86400 - 86399,
		    policy);
	if (req->caller.expires_at != 0)
		cockpit_day(req->caller.expires_at - 86399, parent);
	if (*policy != '\0' && (*parent == '\0' ||
	    strcmp(policy, parent) <= 0)) {
		snprintf(days, sizeof(days), "%u", t->max_lifetime_days);
		args[0] = days;
		args[1] = policy;
		memcpy(max, policy, 11);
		*hint = cockpit_fill(req, cockpit_t(req, T_MAX_POLICY), args,
		    2);
	} else if (*parent != '\0') {
		args[0] = parent;
		memcpy(max, parent, 11);
		*hint = cockpit_fill(req, cockpit_t(req, T_MAX_PARENT), args,
		    1);
	} else
		*hint = cockpit_t(req, T_MAX_NONE);
}

/* An option of the tenant field, with the date limit that goes with it. */
static void
form_tenant_option(struct request *req, const char *value,
    const struct tenant_row *t, const char *label, int selected)
{
	char		 max[11];
	const char	*hint;

	form_expiry_limit(req, t, max, &hint);
	cockpit_printf(req, "<option value=\"");
	cockpit_esc(req, value);
	cockpit_printf(req, "\" data-max=\"%s\" data-hint=\"", max);
	cockpit_esc(req, hint);
	cockpit_printf(req, "\"%s>", selected ? " selected" : "");
	cockpit_esc(req, label);
	cockpit_printf(req, "</option>");
}

/*
 * "Options avancées": the address list and the rate limit, folded away
 * (a details element: no script needed), open when one of them is wrong.
 */
static void
cockpit_advanced(struct request *req, json_t *form)
{
	json_t		*v = form ? json_object_get(form, "allowed_cidrs") : NULL;
	json_t		*e;
	size_t		 i;

	cockpit_printf(req, "<details class=\"advanced\"%s><summary>%s</summary>"
	    "<div class=\"field\"><label for=\"allowed_cidrs\">%s</label>"
	    "<textarea id=\"allowed_cidrs\" name=\"allowed_cidrs\" rows=\"3\" "
	    "spellcheck=\"false\"",
	    cockpit_field_invalid(req, "allowed_cidrs") ||
	    cockpit_field_invalid(req, "rate_limit_per_minute") ? " open" : "",
	    cockpit_t(req, T_ADVANCED), cockpit_t(req, T_ALLOWED_CIDRS));
	cockpit_field_aria(req, "allowed_cidrs", "cidrs-hint");
	cockpit_printf(req, ">");
	if (json_is_string(v))
		cockpit_esc(req, json_string_value(v));
	json_array_foreach(v, i, e)
		if (json_is_string(e)) {
			cockpit_esc(req, json_string_value(e));
			cockpit_printf(req, "\n");
		}
	cockpit_printf(req, "</textarea><p class=\"muted\" id=\"cidrs-hint\">"
	    "%s</p>", cockpit_t(req, T_CIDRS_HINT));
	cockpit_field_errors(req, "allowed_cidrs");
	cockpit_printf(req, "</div><div class=\"field\"><label "
	    "for=\"rate_limit_per_minute\">%s</label><input type=\"number\" "
	    "id=\"rate_limit_per_minute\" name=\"rate_limit_per_minute\" "
	    "min=\"1\" max=\"1000000\" inputmode=\"numeric\" value=\"",
	    cockpit_t(req, T_RATE_LIMIT));
	cockpit_esc(req, cockpit_form_value(form, "rate_limit_per_minute"));
	cockpit_printf(req, "\"");
	cockpit_field_aria(req, "rate_limit_per_minute", "rate-hint");
	cockpit_printf(req, "><p class=\"muted\" id=\"rate-hint\">%s</p>",
	    cockpit_t(req, T_RATE_HINT));
	cockpit_field_errors(req, "rate_limit_per_minute");
	cockpit_printf(req, "</div></details>");
}

static void
cockpit_form(struct request *req, int status, json_t *form,
    const char *alert)
{
	struct list_filter	 f = { 0 };
	struct tenant_row	*rows = NULL;
	const struct tenant_row	*chosen = NULL;
	struct outcome		 out;
	const char		*tenant, *hint;
	char			 max[11], today[11];
	size_t			 n = 0, i;
	int			 star = authz_is_star(&req->caller);

	tenant = cockpit_form_value(form, "tenant");
	if (*tenant == '\0' && !star)
		tenant = req->caller.tenant;
	f.limit = 500;
	if (tenants_list(req, &f, &rows, &n, &out) == -1) {
		cockpit_outcome(req, &out);
		return;
	}
	cockpit_tenants_known(req, rows, n);
	for (i = 0; i < n; i++)
		if (strcmp(tenant, rows[i].id) == 0)
			chosen = &rows[i];
	cockpit_begin(req, status, cockpit_t(req, T_NEW_TOKEN_TITLE));
	cockpit_printf(req, "<section class=\"card narrow\"><h1>%s</h1>",
	    cockpit_t(req, T_NEW_TOKEN_TITLE));
	if (alert != NULL) {
		cockpit_printf(req, "<p class=\"error\" role=\"alert\">");
		cockpit_esc(req, alert);
		cockpit_printf(req, "</p>");
	}
	cockpit_printf(req, "<form method=\"post\" action=\"/cockpit/tokens\" "
	    "id=\"create-form\" novalidate>");
	cockpit_csrf_field(req);

	cockpit_printf(req, "<div class=\"field\"><label for=\"name\">%s"
	    "</label><input id=\"name\" name=\"name\" maxlength=\"128\" "
	    "required value=\"", cockpit_t(req, T_NAME));
	cockpit_esc(req, cockpit_form_value(form, "name"));
	cockpit_printf(req, "\"");
	cockpit_field_aria(req, "name", NULL);
	cockpit_printf(req, ">");
	cockpit_field_errors(req, "name");

	cockpit_printf(req, "</div><div class=\"field\"><label "
	    "for=\"description\">%s</label><textarea id=\"description\" "
	    "name=\"description\" maxlength=\"1024\" rows=\"3\"",
	    cockpit_t(req, T_DESCRIPTION));
	cockpit_field_aria(req, "description", NULL);
	cockpit_printf(req, ">");
	cockpit_esc(req, cockpit_form_value(form, "description"));
	cockpit_printf(req, "</textarea>");
	cockpit_field_errors(req, "description");

	/* The tenant first: the date's limit depends on it. */
	cockpit_printf(req, "</div><div class=\"field\"><label for=\"tenant\">"
	    "%s</label><select id=\"tenant\" name=\"tenant\" required",
	    cockpit_t(req, T_TENANT));
	cockpit_field_aria(req, "tenant", NULL);
	cockpit_printf(req, ">");
	/* A sign-in for all tenants chooses: no default, least of all "*". */
	if (star) {
		form_tenant_option(req, "", NULL, cockpit_t(req,
		    T_CHOOSE_TENANT), *tenant == '\0');
		form_tenant_option(req, TENANT_ALL, NULL, cockpit_t(req,
		    T_ALL_TENANTS), strcmp(tenant, TENANT_ALL) == 0);
	}
	for (i = 0; i < n; i++)
		form_tenant_option(req, rows[i].id, &rows[i],
		    cockpit_tenant_label(req, rows[i].id),
		    strcmp(tenant, rows[i].id) == 0);
	cockpit_printf(req, "</select>");
	cockpit_field_errors(req, "tenant");

	form_expiry_limit(req, chosen, max, &hint);
	cockpit_day(time(NULL), today);
	cockpit_printf(req, "</div><div class=\"field\"><label "
	    "for=\"expires_at\">%s <span class=\"muted\">(%s)</span></label>"
	    "<input type=\"date\" id=\"expires_at\" name=\"expires_at\" "
	    "min=\"%s\"%s%s%s value=\"", cockpit_t(req, T_EXPIRES),
	    cockpit_t(req, T_EXPIRES_OPTIONAL), today,
	    *max ? " max=\"" : "", max, *max ? "\"" : "");
	cockpit_esc(req, cockpit_form_value(form, "expires_at"));
	cockpit_printf(req, "\"");
	cockpit_field_aria(req, "expires_at", "expires-hint");
	cockpit_printf(req, "><p class=\"muted\" id=\"expires-hint\">");
	cockpit_esc(req, hint);
	cockpit_printf(req, "</p>");
	cockpit_field_errors(req, "expires_at");

	cockpit_printf(req, "</div><fieldset class=\"field perms\"");
	if (cockpit_field_invalid(req, "permissions"))
		cockpit_printf(req, " aria-describedby=\"permissions-error\"");
	cockpit_printf(req, "><legend>%s</legend>",
	    cockpit_t(req, T_PERMISSIONS));
	for (i = 0; i < sizeof(perm_boxes) / sizeof(perm_boxes[0]); i++) {
		int held = authz_holds(&req->caller, perm_boxes[i].bit);
		cockpit_printf(req, "<label class=\"check%s\"><input "
		    "type=\"checkbox\" name=\"permissions\" value=\"%s\"%s%s> %s"
		    "</label>", held ? "" : " disabled", perm_boxes[i].value,
		    form_has_perm(form, perm_boxes[i].value) ? " checked" : "",
		    held ? "" : " disabled", cockpit_t(req,
		    perm_boxes[i].label));
	}
	cockpit_field_errors(req, "permissions");
	cockpit_printf(req, "</fieldset>");
	cockpit_advanced(req, form);
	cockpit_printf(req, "<div class=\"actions\"><a "
	    "href=\"/cockpit/\">%s</a><button type=\"submit\" "
	    "class=\"primary\" id=\"next\">%s</button></div></form>"
	    "</section>", cockpit_t(req, T_CANCEL), cockpit_t(req, T_NEXT));
	cockpit_end(req);
}

void
cockpit_new(struct request *req)
{
	json_t		*form = json_object();
	const char	*t = request_arg(req, "tenant");

	if (t != NULL && (strcmp(t, TENANT_ALL) == 0 || validate_tenant_id(t)))
		json_object_set_new(form, "tenant", json_string(t));
	cockpit_form(req, 200, form, NULL);
	json_decref(form);
}

/* The token, shown once, what it is, and the Save form. */
static void
cockpit_reveal(struct request *req, struct token_result *res)
{
	char		 min[16];
	const char	*arg = min;

	cockpit_begin(req, 200, cockpit_t(req, T_NEW_TOKEN));
	cockpit_printf(req, "<section class=\"card narrow\"><h1>%s</h1>"
	    "<p class=\"warning\" role=\"alert\">%s</p><dl class=\"facts\" "
	    "id=\"recap\">", cockpit_t(req, T_NEW_TOKEN),
	    cockpit_t(req, T_SHOWN_ONCE));
	cockpit_token_facts(req, &res->row);
	cockpit_printf(req, "</dl>");
	cockpit_secret(req, res->secret);
	snprintf(min, sizeof(min), "%u", cockpit_pending_minutes(req));
	cockpit_printf(req, "<p class=\"muted\" id=\"unsaved\">");
	cockpit_esc(req, cockpit_fill(req, cockpit_t(req, T_UNSAVED), &arg, 1));
	cockpit_printf(req, "</p><form method=\"post\" "
	    "action=\"/cockpit/tokens/%s/save\">", res->row.id);
	cockpit_csrf_field(req);
	if (strcmp(res->row.tenant, TENANT_ALL) != 0)
		cockpit_printf(req, "<input type=\"hidden\" name=\"back\" "
		    "value=\"%s\">", res->row.tenant);
	cockpit_printf(req, "<div class=\"actions\"><button type=\"submit\" "
	    "class=\"primary\" id=\"save\">%s</button></div></form>"
	    "</section>", cockpit_t(req, T_SAVE));
	cockpit_end(req);
	sodium_memzero(res->secret, sizeof(res->secret));
	req->resp_secret = 1;
}

/* The form again, with what the validator or the change refused. */
void
cockpit_create_invalid(struct request *req)
{
	cockpit_form(req, 422, req->input_json, cockpit_t(req,
	    T_FORM_ERRORS));
}

void
cockpit_create(struct request *req)
{
	struct token_result	 res;

	if (tokens_create(req, req->input, &res) == 0) {
		cockpit_reveal(req, &res);
		return;
	}
	switch (res.out.kind) {
	case OUTCOME_INVALID:
		errlist_append(&req->errs, &res.out.errs);
		cockpit_create_invalid(req);
		break;
	case OUTCOME_CONFLICT:
		errlist_add(&req->errs, "name", FE_DUPLICATE_NAME,
		    res.out.reason);
		cockpit_form(req, 409, req->input_json,
		    cockpit_t(req, T_FORM_ERRORS));
		break;
	default:
		cockpit_outcome(req, &res.out);
		break;
	}
}

/*
 * "Enregistrer" too late: the token was discarded, past its time (purged
 * or no longer shown) or abandoned. Say so, and offer a new one.
 */
static void
cockpit_discarded(struct request *req, int abandoned)
{
	const struct cockpit_input *in = req->input;
	char		 min[16];
	const char	*arg = min;

	snprintf(min, sizeof(min), "%u", cockpit_pending_minutes(req));
	cockpit_begin(req, 404, cockpit_t(req, T_DISCARDED_TITLE));
	cockpit_printf(req, "<section class=\"card narrow\" id=\"discarded\">"
	    "<h1>%s</h1><p>", cockpit_t(req, T_DISCARDED_TITLE));
	cockpit_esc(req, cockpit_fill(req, cockpit_t(req, abandoned ?
	    T_ABANDONED_TEXT : T_DISCARDED_TEXT), &arg, 1));
	cockpit_printf(req, "</p><div class=\"actions\"><a href=\"/cockpit/"
	    "%s%s\">%s</a>", in->back ? "?tenant=" : "",
	    in->back ? in->back : "", cockpit_t(req, T_BACK_TO_LIST));
	if (authz_holds(&req->caller, PERM_CREATE))
		cockpit_printf(req, "<a class=\"button primary\" id=\"create\" "
		    "href=\"/cockpit/tokens/new%s%s\">%s</a>",
		    in->back ? "?tenant=" : "", in->back ? in->back : "",
		    cockpit_t(req, T_CREATE));
	cockpit_printf(req, "</div></section>");
	cockpit_end(req);
}

void
cockpit_save(struct request *req)
{
	const struct cockpit_input *in = req->input;
	struct token_result	 res;

	if (tokens_activate(req, req->param[0], &res) == -1) {
		if (res.out.kind == OUTCOME_NOT_FOUND) {
			cockpit_discarded(req, 0);
			return;
		}
		if (res.out.kind == OUTCOME_CONFLICT &&
		    strcmp(res.row.status, "revoked") == 0) {
			cockpit_discarded(req, 1);
			return;
		}
		/* Saved already (a second click): say it is, as the first. */
		if (res.out.kind != OUTCOME_CONFLICT ||
		    strcmp(res.row.status, "active") != 0) {
			cockpit_outcome(req, &res.out);
			return;
		}
	}
	cockpit_redirect(req, arena_printf(&req->arena, "/cockpit/?%s%s%s"
	    "done=saved&token=%s", in->back ? "tenant=" : "",
	    in->back ? in->back : "", in->back ? "&" : "", res.row.id));
}
