/* SPDX-License-Identifier: ISC */
/*
 * GET /api/v1/auth: the gatekeeper asked by nginx (auth_request) and by
 * Apache (the FastCGI AUTHORIZER role) before any call to the platform.
 * Only 204/200, 401 and 403 mean something to them; a database outage
 * answers 503, which they turn into an error: the gate fails closed.
 */
#include <string.h>
#include <time.h>

#include "api.h"
#include "app.h"
#include "auth.h"
#include "http.h"
#include "metrics.h"
#include "ratelimit.h"
#include "validate.h"

/* "read,write" for each set of permission bits, made once. */
static const char *const auth_perm_names[16] = {
	"", "read", "write", "read,write", "create", "read,create",
	"write,create", "read,write,create", "delete", "read,delete",
	"write,delete", "read,write,delete", "create,delete",
	"read,create,delete", "write,create,delete",
	"read,write,create,delete",
};

static void
auth_refuse(struct request *req, int status, int outcome, const char *detail)
{
	metrics_auth(outcome);
	req->log_extra = outcome < AUTHN__MAX ? authn_label(outcome) :
	    outcome == AUTH_FORBIDDEN_PERMISSION ? "forbidden_permission" :
	    outcome == AUTH_RATE_LIMITED ? "rate_limited" : "forbidden_tenant";
	if (status == 503)
		resp_unavailable(req);
	else
		resp_problem(req, status, status == 401 ? "unauthorized" :
		    outcome == AUTHN_ADDRESS ? "address_not_allowed" :
		    "forbidden", "%s", detail);
}

/*
 * An empty bucket: 429 with Retry-After. nginx's auth_request passes only
 * 401 and 403 on (anything else is its 500), so when the call comes from
 * it (it sends X-Original-Method) the 429 travels as a 403 that says so
 * in X-Auth-Status, and the shipped snippet answers the client 429.
 */
static void
auth_limited(struct request *req, unsigned int retry_after)
{
	int	 subrequest = req->orig_method != NULL && !req->authorizer;

	metrics_auth(AUTH_RATE_LIMITED);
	req->log_extra = "rate_limited";
	resp_problem(req, subrequest ? 403 : 429, "rate_limited", "the token's "
	    "rate limit is reached: retry in %u s", retry_after);
	resp_header(req, "Retry-After", "%u", retry_after);
	if (subrequest)
		resp_header_str(req, "X-Auth-Status", "429");
}

static int64_t
auth_now_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void
api_auth_check(struct request *req)
{
	struct principal	 p;
	const char		*method, *tenant;
	unsigned int		 perm, retry;
	int			 rc;

	rc = authn_request(req, 0, &p);
	if (rc == AUTHN_UNAVAILABLE) {
		auth_refuse(req, 503, rc, NULL);
		return;
	}
	if (rc != AUTHN_OK) {
		auth_refuse(req, rc == AUTHN_ADDRESS ? 403 : 401, rc,
		    authn_reason(rc));
		return;
	}
	/* Apache's authorizer sees the protected request itself. */
	method = req->authorizer ? req->method : req->orig_method;
	if (method == NULL || *method == '\0')
		method = "GET";
	perm = authz_method_perm(method);
	if (!authz_holds(&p, perm)) {
		auth_refuse(req, 403, AUTH_FORBIDDEN_PERMISSION,
		    perm ? "the token lacks the permission for this method" :
		    "no permission covers this method");
		return;
	}
	tenant = req->x_tenant;
	if (tenant == NULL || *tenant == '\0')
		tenant = p.tenant;
	else if ((strcmp(tenant, TENANT_ALL) != 0 &&
	    !validate_tenant_id(tenant)) || !authz_sees_tenant(&p, tenant)) {
		auth_refuse(req, 403, AUTH_FORBIDDEN_TENANT,
		    "the token is not valid for this tenant");
		return;
	}
	if (p.rate_limit != 0 && !ratelimit_take(req->app->ratelimit,
	    p.token_id, p.rate_limit, auth_now_ns(), &retry)) {
		auth_limited(req, retry);
		return;
	}
	/* The new secret of a rotation "until used": the old ones end now. */
	if (p.first_use && req->app->nfirst < APP_FIRST_MAX)
		memcpy(req->app->first_use[req->app->nfirst++], p.secret,
		    sizeof(p.secret));
	metrics_auth(AUTHN_OK);
	/* mod_authnz_fcgi exports Variable-* headers to the request. */
	resp_empty(req, req->authorizer ? 200 : 204);
	resp_header_str(req, req->authorizer ? "Variable-X-Tenant-Id" :
	    "X-Tenant-Id", tenant);
	resp_header_str(req, req->authorizer ? "Variable-X-Token-Id" :
	    "X-Token-Id", p.token_id);
	resp_header_str(req, req->authorizer ? "Variable-X-Token-Permissions" :
	    "X-Token-Permissions", auth_perm_names[p.perms & PERM_ALL]);
}
