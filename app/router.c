/* SPDX-License-Identifier: ISC */
/* The route table and the dispatcher: 404, 405, 401, 403, 413, 415, 400, 422. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "app.h"
#include "auth.h"
#include "cockpit.h"
#include "config.h"
#include "http.h"
#include "log.h"
#include "router.h"
#include "text.h"
#include "validate.h"

#define ROUTE_SEGS_MAX	16

/* Order matters where patterns overlap: /tokens/self before /tokens/{id}. */
const struct route routes[ROUTE__MAX] = {
	/* The gatekeeper authenticates by itself: only 2xx, 401, 403. */
	[ROUTE_AUTH] = { "GET", "/api/v1/auth", "auth", 0, 0, NULL,
	    api_auth_check },
	[ROUTE_HEALTH] = { "GET", "/api/v1/health", "health", 0, 0,
	    NULL, api_health_get },
	[ROUTE_TENANTS_CREATE] = { "POST", "/api/v1/tenants", "tenants_create",
	    R_TOKEN | R_STAR | R_BODY, PERM_CREATE,
	    validate_tenant_create, api_tenants_create },
	[ROUTE_TENANTS_LIST] = { "GET", "/api/v1/tenants", "tenants_list",
	    R_TOKEN, PERM_READ, validate_tenant_list, api_tenants_list },
	[ROUTE_TENANT_GET] = { "GET", "/api/v1/tenants/{tenant}",
	    "tenant_get", R_TOKEN | R_TENANT_PATH, PERM_READ, validate_no_query,
	    api_tenants_get },
	[ROUTE_TENANT_PATCH] = { "PATCH", "/api/v1/tenants/{tenant}",
	    "tenant_patch", R_TOKEN | R_TENANT_PATH | R_BODY, PERM_WRITE,
	    validate_tenant_patch, api_tenants_patch },
	[ROUTE_TENANT_DELETE] = { "DELETE", "/api/v1/tenants/{tenant}",
	    "tenant_delete", R_TOKEN | R_TENANT_PATH | R_STAR, PERM_DELETE,
	    validate_no_query, api_tenants_delete },
	[ROUTE_TOKENS_CREATE] = { "POST", "/api/v1/tokens", "tokens_create",
	    R_TOKEN | R_BODY, PERM_CREATE, validate_token_create,
	    api_tokens_create },
	[ROUTE_TOKENS_REVOKE_LEAKED] = { "POST", "/api/v1/tokens/revoke-leaked",
	    "tokens_revoke_leaked", R_TOKEN | R_BODY, PERM_DELETE,
	    validate_revoke_leaked, api_tokens_revoke_leaked },
	[ROUTE_TOKENS_LIST] = { "GET", "/api/v1/tokens", "tokens_list",
	    R_TOKEN, PERM_READ, validate_token_list, api_tokens_list },
	[ROUTE_TOKEN_SELF] = { "GET", "/api/v1/tokens/self", "token_self",
	    R_TOKEN, 0, validate_no_query, api_tokens_self },
	[ROUTE_TOKEN_GET] = { "GET", "/api/v1/tokens/{id}", "token_get",
	    R_TOKEN, PERM_READ, validate_no_query, api_tokens_get },
	[ROUTE_TOKEN_PATCH] = { "PATCH", "/api/v1/tokens/{id}", "token_patch",
	    R_TOKEN | R_BODY, PERM_WRITE, validate_token_patch,
	    api_tokens_patch },
	[ROUTE_TOKEN_ACTIVATE] = { "POST", "/api/v1/tokens/{id}/activate",
	    "token_activate", R_TOKEN | R_BODY, PERM_CREATE,
	    validate_token_activate, api_tokens_activate },
	[ROUTE_TOKEN_ROTATE] = { "POST", "/api/v1/tokens/{id}/rotate",
	    "token_rotate", R_TOKEN | R_BODY, PERM_WRITE,
	    validate_token_rotate, api_tokens_rotate },
	[ROUTE_TOKEN_DELETE] = { "DELETE", "/api/v1/tokens/{id}",
	    "token_revoke", R_TOKEN, PERM_DELETE, validate_token_revoke,
	    api_tokens_revoke },
	[ROUTE_AUDIT] = { "GET", "/api/v1/audit", "audit_list", R_TOKEN,
	    PERM_READ, validate_audit_list, api_audit_list },
	[ROUTE_METRICS] = { "GET", "/metrics", "metrics", 0, 0, NULL,
	    api_metrics_get },
	/* The cockpit: HTML, a session instead of a bearer, CSRF on posts. */
	[ROUTE_COCKPIT_LIST] = { "GET", "/cockpit/", "cockpit_list",
	    R_HTML | R_SESSION, PERM_READ, NULL, cockpit_list },
	[ROUTE_COCKPIT_LOGIN_FORM] = { "GET", "/cockpit/login",
	    "cockpit_login_form", R_HTML | R_SESSION_OPT, 0, NULL,
	    cockpit_login_form },
	[ROUTE_COCKPIT_LOGIN] = { "POST", "/cockpit/login", "cockpit_login",
	    R_HTML | R_BODY | R_CSRF, 0, validate_cockpit_login, cockpit_login,
	    cockpit_login_invalid },
	[ROUTE_COCKPIT_LOGOUT] = { "POST", "/cockpit/logout", "cockpit_logout",
	    R_HTML | R_SESSION | R_BODY | R_CSRF, 0, validate_no_body,
	    cockpit_logout },
	[ROUTE_COCKPIT_NEW] = { "GET", "/cockpit/tokens/new", "cockpit_new",
	    R_HTML | R_SESSION, PERM_CREATE, NULL, cockpit_new },
	[ROUTE_COCKPIT_TOKEN] = { "GET", "/cockpit/tokens/{id}",
	    "cockpit_token", R_HTML | R_SESSION, PERM_READ, NULL,
	    cockpit_token },
	[ROUTE_COCKPIT_CREATE] = { "POST", "/cockpit/tokens", "cockpit_create",
	    R_HTML | R_SESSION | R_BODY | R_CSRF, PERM_CREATE,
	    validate_cockpit_create, cockpit_create, cockpit_create_invalid },
	[ROUTE_COCKPIT_SAVE] = { "POST", "/cockpit/tokens/{id}/save",
	    "cockpit_save", R_HTML | R_SESSION | R_BODY | R_CSRF, PERM_CREATE,
	    validate_cockpit_save, cockpit_save },
	[ROUTE_COCKPIT_ROTATE] = { "POST", "/cockpit/tokens/{id}/rotate",
	    "cockpit_rotate", R_HTML | R_SESSION | R_BODY | R_CSRF,
	    PERM_WRITE, validate_cockpit_rotate, cockpit_rotate,
	    cockpit_rotate_invalid },
	[ROUTE_COCKPIT_REVOKE] = { "POST", "/cockpit/tokens/{id}/revoke",
	    "cockpit_revoke", R_HTML | R_SESSION | R_BODY | R_CSRF,
	    PERM_DELETE, validate_cockpit_revoke, cockpit_revoke },
	[ROUTE_COCKPIT_ASSET] = { "GET", "/cockpit/static/{file}",
	    "cockpit_asset", R_HTML, 0, NULL, cockpit_asset },
};

struct route_seg {
	const char	*p;
	size_t		 n;
};

/*
 * Splits a raw path into segments, percent-decoded (into the arena) only
 * where there is a '%'; -1 when unusable.
 */
static int
route_split(struct request *req, struct route_seg *segs)
{
	const char	*p = req->path, *slash;
	char		*d;
	size_t		 len, dlen;
	int		 n = 0;

	if (p == NULL || *p != '/')
		return -1;
	while (*p == '/') {
		p++;
		if (n == ROUTE_SEGS_MAX)
			return -1;
		slash = strchr(p, '/');
		len = slash ? (size_t)(slash - p) : strlen(p);
		segs[n].p = p;
		segs[n].n = len;
		if (memchr(p, '%', len) != NULL) {
			d = text_pct_decode(&req->arena, p, len, 0, &dlen);
			/* Encoded slashes and NULs never name anything here. */
			if (d == NULL || strlen(d) != dlen ||
			    strchr(d, '/') != NULL)
				return -1;
			segs[n].p = d;
			segs[n].n = dlen;
		}
		if (text_utf8_len(segs[n].p, segs[n].n) < 0)
			return -1;
		n++;
		p += len;
	}
	return n;
}

static int
route_pattern_match(const char *pat, const struct route_seg *segs, int nsegs,
    const struct route_seg **params)
{
	const char	*slash;
	size_t		 len;
	int		 i = 0, np = 0;

	while (*pat == '/') {
		pat++;
		slash = strchr(pat, '/');
		len = slash ? (size_t)(slash - pat) : strlen(pat);
		if (i == nsegs)
			return 0;
		if (len > 1 && pat[0] == '{') {
			if (segs[i].n == 0)
				return 0;
			if (np < 2)
				params[np++] = &segs[i];
		} else if (segs[i].n != len || memcmp(segs[i].p, pat, len) != 0)
			return 0;
		i++;
		pat += len;
	}
	return i == nsegs;
}

static int
route_method_is(const struct route *r, const char *method)
{
	return strcmp(r->method, method) == 0 ||
	    (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0);
}

int
route_match(struct request *req, char *allow, size_t allowlen)
{
	struct route_seg	 segs[ROUTE_SEGS_MAX];
	const struct route_seg	*params[2] = { NULL, NULL };
	int			 nsegs, i, k, found = 0;

	allow[0] = '\0';
	if ((nsegs = route_split(req, segs)) == -1)
		return 404;
	for (i = 0; i < ROUTE__MAX; i++) {
		if (!route_pattern_match(routes[i].pattern, segs, nsegs,
		    params))
			continue;
		if (route_method_is(&routes[i], req->method)) {
			req->route = i;
			for (k = 0; k < 2; k++)
				req->param[k] = params[k] == NULL ? NULL :
				    arena_strndup(&req->arena, params[k]->p,
				    params[k]->n);
			return 0;
		}
		if (strstr(allow, routes[i].method) == NULL) {
			snprintf(allow + strlen(allow), allowlen - strlen(allow),
			    "%s%s%s", found ? ", " : "", routes[i].method,
			    strcmp(routes[i].method, "GET") == 0 ? ", HEAD" : "");
			found = 1;
		}
	}
	return found ? 405 : 404;
}

/* The dispatcher's refusals: problem+json, or an HTML page in the cockpit. */
static void __attribute__((format(printf, 4, 5)))
route_refuse(struct request *req, int status, const char *code,
    const char *fmt, ...)
{
	va_list	 ap;
	char	 detail[512];
	int	 html;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	html = req->route >= 0 ? (routes[req->route].flags & R_HTML) != 0 :
	    req->path != NULL && strncmp(req->path, "/cockpit/", 9) == 0;
	/* A page says it in the reader's language, in a sentence. */
	if (html) {
		cockpit_choose_lang(req);
		cockpit_error(req, status, cockpit_status_text(req, status));
	} else
		resp_problem(req, status, code, "%s", detail);
}

/* 401 for a bad token, 403 for a missing permission or scope. */
static int
route_authenticate(struct request *req, const struct route *r)
{
	int	 rc;

	if ((rc = authn_request(req, 1, &req->caller)) != AUTHN_OK) {
		if (rc == AUTHN_UNAVAILABLE)
			resp_unavailable(req);
		else if (rc == AUTHN_ADDRESS)
			resp_problem(req, 403, "address_not_allowed", "%s",
			    authn_reason(rc));
		else
			resp_problem(req, 401, "unauthorized", "%s",
			    authn_reason(rc));
		req->log_extra = authn_label(rc);
		return 0;
	}
	req->authenticated = 1;
	/* Another tenant's objects do not exist for the caller: 404 first. */
	if ((r->flags & R_TENANT_PATH) &&
	    (!validate_tenant_id(req->param[0]) ||
	    !authz_sees_tenant(&req->caller, req->param[0]))) {
		resp_problem(req, 404, "not_found", "no such resource");
		return 0;
	}
	if ((r->flags & R_STAR) && !authz_is_star(&req->caller)) {
		resp_problem(req, 403, "forbidden",
		    "only a token for all tenants may do this");
		return 0;
	}
	if (r->perm != 0 && !authz_holds(&req->caller, r->perm)) {
		resp_problem(req, 403, "forbidden", "the token lacks the %s "
		    "permission", validate_perm_name(r->perm));
		return 0;
	}
	return 1;
}

/* Cockpit pages: the language, the session, its permissions. */
static int
route_cockpit(struct request *req, const struct route *r)
{
	int	 rc = 0;

	cockpit_choose_lang(req);
	if (r->flags & (R_SESSION | R_SESSION_OPT))
		rc = cockpit_authenticate(req);
	if (rc == -1) {
		cockpit_error(req, 503, cockpit_t(req, T_ERR_UNAVAILABLE));
		return 0;
	}
	if ((r->flags & R_SESSION) && rc == 0) {
		cockpit_redirect(req, "/cockpit/login");
		return 0;
	}
	if (r->perm != 0 && !authz_holds(&req->caller, r->perm)) {
		cockpit_error(req, 403, cockpit_t(req, T_ERR_FORBIDDEN));
		return 0;
	}
	return 1;
}

/*
 * 413 before reading, 415 for other media, 408 for a body slower than
 * body_timeout, 400 for what does not parse.
 */
static int
route_body(struct request *req)
{
	const char	*detail;
	size_t		 limit = req->app->cfg->body_limit;

	if (req->content_length == -2) {
		route_refuse(req, 400, "bad_length", "bad Content-Length");
		return 0;
	}
	if (req->content_length > (long long)limit) {
		route_refuse(req, 413, "body_too_large", "the body is larger "
		    "than %zu bytes", limit);
		return 0;
	}
	if (req->content_length > 0) {
		int media = request_media_type(req->content_type);
		if (media != MEDIA_JSON && media != MEDIA_FORM) {
			route_refuse(req, 415, "unsupported_media_type",
			    "send application/json or "
			    "application/x-www-form-urlencoded (UTF-8)");
			return 0;
		}
	}
	switch (request_read_body(req, limit)) {
	case -1:
		route_refuse(req, 400, "short_body",
		    "the body is shorter than its Content-Length");
		return 0;
	case -2:
		route_refuse(req, 413, "body_too_large", "the body is larger "
		    "than %zu bytes", limit);
		return 0;
	case -3:
		route_refuse(req, 408, "body_timeout", "the body took longer "
		    "than %u seconds", req->app->cfg->body_timeout);
		return 0;
	}
	if (req->content_length < 0 && req->body_len > 0 &&
	    request_media_type(req->content_type) != MEDIA_JSON &&
	    request_media_type(req->content_type) != MEDIA_FORM) {
		route_refuse(req, 415, "unsupported_media_type",
		    "send application/json or "
		    "application/x-www-form-urlencoded (UTF-8)");
		return 0;
	}
	if (request_parse_body(req, &detail) == -1) {
		route_refuse(req, 400, "malformed_body", "%s", detail);
		return 0;
	}
	return 1;
}

void
route_dispatch(struct request *req)
{
	const struct route	*r;
	char			 allow[128];
	int			 rc;

	/* A pool may serve one role only (an authorizer pool on TCP). */
	if (!(req->app->cfg->roles & (req->authorizer ?
	    CONFIG_ROLE_AUTHORIZER : CONFIG_ROLE_RESPONDER))) {
		req->route = -1;
		resp_problem(req, 403, "forbidden",
		    "this worker pool does not serve this FastCGI role");
		return;
	}
	/* Apache's authorizer calls carry the protected request's path. */
	if (req->authorizer) {
		req->route = ROUTE_AUTH;
		api_auth_check(req);
		return;
	}
	if ((rc = route_match(req, allow, sizeof(allow))) == 404) {
		req->route = -1;
		route_refuse(req, 404, "not_found", "no such resource");
		return;
	}
	if (rc == 405) {
		req->route = -1;
		route_refuse(req, 405, "method_not_allowed",
		    "%s is not allowed here", req->method);
		resp_header(req, "Allow", "%s", allow);
		return;
	}
	r = &routes[req->route];
	if ((r->flags & R_TOKEN) && !route_authenticate(req, r))
		return;
	if (request_parse_query(req) == -1) {
		route_refuse(req, 400, "bad_query", "the query string has a bad "
		    "percent-escape, a NUL byte or invalid UTF-8");
		return;
	}
	if ((r->flags & R_HTML) && !route_cockpit(req, r))
		return;
	if ((r->flags & R_BODY) && !route_body(req))
		return;
	if ((r->flags & R_CSRF) && !cockpit_csrf_ok(req)) {
		cockpit_error(req, 403, cockpit_t(req, T_ERR_CSRF));
		return;
	}
	if (r->validate != NULL && r->validate(req) == -1) {
		if (req->resp.status != 0)
			return;		/* answered (a bad query: 400) */
		if (r->invalid != NULL)
			r->invalid(req);
		else if (r->flags & R_HTML)
			cockpit_error(req, 422, cockpit_field_message(req,
			    &req->errs.e[0]));
		else
			resp_validation(req, 422);
		return;
	}
	r->handle(req);
}
