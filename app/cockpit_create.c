/*
 * The cockpit's Create flow, as the user manual tells it: the form
 * ("Suivant" generates the token, pending), the page that shows it once
 * with Copy, and "Enregistrer", which saves it (pending -> active).
 */
#include <string.h>

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

/* The form's current value of a field, "" when absent. */
static const char *
form_value(json_t *form, const char *field)
{
	json_t	*v = form ? json_object_get(form, field) : NULL;

	if (json_is_array(v))
		v = json_array_get(v, 0);
	return json_is_string(v) ? json_string_value(v) : "";
}

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

/* The messages for one field, next to it. */
static void
form_errors(struct request *req, const char *field)
{
	int	 i;

	for (i = 0; i < req->errs.n; i++) {
		if (strcmp(req->errs.e[i].field, field) != 0)
			continue;
		cockpit_printf(req, "<p class=\"field-error\" id=\"%s-error\">",
		    field);
		cockpit_esc(req, cockpit_field_message(req,
		    req->errs.e[i].message));
		cockpit_printf(req, "</p>");
	}
}

static int
form_invalid(struct request *req, const char *field)
{
	int	 i;

	for (i = 0; i < req->errs.n; i++)
		if (strcmp(req->errs.e[i].field, field) == 0)
			return 1;
	return 0;
}

static void
form_aria(struct request *req, const char *field)
{
	if (form_invalid(req, field))
		cockpit_printf(req, " aria-invalid=\"true\" "
		    "aria-describedby=\"%s-error\"", field);
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
	    form_invalid(req, "allowed_cidrs") ||
	    form_invalid(req, "rate_limit_per_minute") ? " open" : "",
	    cockpit_t(req, T_ADVANCED), cockpit_t(req, T_ALLOWED_CIDRS));
	form_aria(req, "allowed_cidrs");
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
	form_errors(req, "allowed_cidrs");
	cockpit_printf(req, "</div><div class=\"field\"><label "
	    "for=\"rate_limit_per_minute\">%s</label><input type=\"number\" "
	    "id=\"rate_limit_per_minute\" name=\"rate_limit_per_minute\" "
	    "min=\"1\" max=\"1000000\" inputmode=\"numeric\" value=\"",
	    cockpit_t(req, T_RATE_LIMIT));
	cockpit_esc(req, form_value(form, "rate_limit_per_minute"));
	cockpit_printf(req, "\"");
	form_aria(req, "rate_limit_per_minute");
	cockpit_printf(req, "><p class=\"muted\" id=\"rate-hint\">%s</p>",
	    cockpit_t(req, T_RATE_HINT));
	form_errors(req, "rate_limit_per_minute");
	cockpit_printf(req, "</div></details>");
}

static void
cockpit_form(struct request *req, int status, json_t *form,
    const char *alert)
{
	struct list_filter	 f = { 0 };
	struct tenant_row	*rows = NULL;
	struct outcome		 out;
	const char		*tenant = form_value(form, "tenant");
	size_t			 n = 0, i;
	int			 star = authz_is_star(&req->caller);

	if (*tenant == '\0' && !star)
		tenant = req->caller.tenant;
	f.limit = 500;
	if (tenants_list(req, &f, &rows, &n, &out) == -1) {
		cockpit_outcome(req, &out);
		return;
	}
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
	cockpit_esc(req, form_value(form, "name"));
	cockpit_printf(req, "\"");
	form_aria(req, "name");
	cockpit_printf(req, ">");
	form_errors(req, "name");

	cockpit_printf(req, "</div><div class=\"field\"><label "
	    "for=\"description\">%s</label><textarea id=\"description\" "
	    "name=\"description\" maxlength=\"1024\" rows=\"3\"",
	    cockpit_t(req, T_DESCRIPTION));
	form_aria(req, "description");
	cockpit_printf(req, ">");
	cockpit_esc(req, form_value(form, "description"));
	cockpit_printf(req, "</textarea>");
	form_errors(req, "description");

	cockpit_printf(req, "</div><div class=\"field\"><label "
	    "for=\"expires_at\">%s <span class=\"muted\">(%s)</span></label>"
	    "<input type=\"date\" id=\"expires_at\" name=\"expires_at\" "
	    "value=\"", cockpit_t(req, T_EXPIRES),
	    cockpit_t(req, T_EXPIRES_OPTIONAL));
	cockpit_esc(req, form_value(form, "expires_at"));
	cockpit_printf(req, "\"");
	form_aria(req, "expires_at");
	cockpit_printf(req, ">");
	form_errors(req, "expires_at");

	cockpit_printf(req, "</div><div class=\"field\"><label for=\"tenant\">"
	    "%s</label><select id=\"tenant\" name=\"tenant\"",
	    cockpit_t(req, T_TENANT));
	form_aria(req, "tenant");
	cockpit_printf(req, ">");
	if (star)
		cockpit_printf(req, "<option value=\"*\"%s>%s</option>",
		    strcmp(tenant, TENANT_ALL) == 0 ? " selected" : "",
		    cockpit_t(req, T_ALL_TENANTS));
	for (i = 0; i < n; i++) {
		cockpit_printf(req, "<option value=\"");
		cockpit_esc(req, rows[i].id);
		cockpit_printf(req, "\"%s>", strcmp(tenant, rows[i].id) == 0 ?
		    " selected" : "");
		cockpit_esc(req, rows[i].name);
		cockpit_printf(req, " (");
		cockpit_esc(req, rows[i].id);
		cockpit_printf(req, ")</option>");
	}
	cockpit_printf(req, "</select>");
	form_errors(req, "tenant");

	cockpit_printf(req, "</div><fieldset class=\"field perms\"");
	form_aria(req, "permissions");
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
	form_errors(req, "permissions");
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

	if (t != NULL)
		json_object_set_new(form, "tenant", json_string(t));
	cockpit_form(req, 200, form, NULL);
	json_decref(form);
}

/* The token, shown once, with Copy and the Save form. */
static void
cockpit_reveal(struct request *req, struct token_result *res)
{
	cockpit_begin(req, 200, cockpit_t(req, T_NEW_TOKEN));
	cockpit_printf(req, "<section class=\"card narrow\"><h1>%s</h1>"
	    "<p class=\"warning\" role=\"alert\">%s</p><dl class=\"facts\">"
	    "<dt>%s</dt><dd>", cockpit_t(req, T_NEW_TOKEN),
	    cockpit_t(req, T_SHOWN_ONCE), cockpit_t(req, T_NAME));
	cockpit_esc(req, res->row.name);
	cockpit_printf(req, "</dd><dt>%s</dt><dd>", cockpit_t(req, T_TENANT));
	cockpit_esc(req, strcmp(res->row.tenant, TENANT_ALL) == 0 ?
	    cockpit_t(req, T_ALL_TENANTS) : res->row.tenant);
	cockpit_printf(req, "</dd><dt>%s</dt><dd>",
	    cockpit_t(req, T_PERMISSIONS));
	cockpit_perms(req, res->row.perms);
	cockpit_printf(req, "</dd></dl><label for=\"secret\">%s</label>"
	    "<div class=\"secret\"><input id=\"secret\" readonly "
	    "spellcheck=\"false\" value=\"%s\"><button type=\"button\" "
	    "id=\"copy\" data-copy=\"secret\" data-copied=\"%s\">%s</button>"
	    "</div><p class=\"muted\">%s</p><form method=\"post\" "
	    "action=\"/cockpit/tokens/%s/save\">", cockpit_t(req, T_TOKEN_LABEL),
	    res->secret, cockpit_t(req, T_COPIED), cockpit_t(req, T_COPY),
	    cockpit_t(req, T_UNSAVED), res->row.id);
	cockpit_csrf_field(req);
	if (strcmp(res->row.tenant, TENANT_ALL) != 0) {
		cockpit_printf(req, "<input type=\"hidden\" name=\"back\" "
		    "value=\"");
		cockpit_esc(req, res->row.tenant);
		cockpit_printf(req, "\">");
	}
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
	int			 i;

	if (tokens_create(req, req->input, &res) == 0) {
		cockpit_reveal(req, &res);
		return;
	}
	switch (res.out.kind) {
	case OUTCOME_INVALID:
		for (i = 0; i < res.out.errs.n; i++)
			errlist_add(&req->errs, res.out.errs.e[i].field,
			    res.out.errs.e[i].message);
		cockpit_create_invalid(req);
		break;
	case OUTCOME_CONFLICT:
		errlist_add(&req->errs, "name", cockpit_t(req, T_DUPLICATE));
		cockpit_form(req, 409, req->input_json,
		    cockpit_t(req, T_FORM_ERRORS));
		break;
	default:
		cockpit_outcome(req, &res.out);
		break;
	}
}

void
cockpit_save(struct request *req)
{
	const struct cockpit_input *in = req->input;
	struct token_result	 res;

	if (tokens_activate(req, req->param[0], &res) == -1)
		cockpit_outcome(req, &res.out);
	else if (in->back != NULL)
		cockpit_redirect(req, arena_printf(&req->arena,
		    "/cockpit/?tenant=%s&done=saved", in->back));
	else
		cockpit_redirect(req, "/cockpit/?done=saved");
}
