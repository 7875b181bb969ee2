/*
 * GET /api/v1/auth: the gatekeeper asked by nginx (auth_request) and by
 * Apache (the FastCGI AUTHORIZER role) before any call to the platform.
 * Only 204/200, 401 and 403 mean something to them; a database outage
 * answers 503, which they turn into an error: the gate fails closed.
 */
#include <string.h>

#include "api.h"
#include "app.h"
#include "auth.h"
#include "http.h"
#include "metrics.h"
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
	    "forbidden_tenant";
	if (status == 503)
		resp_unavailable(req);
	else
		resp_problem(req, status, status == 401 ? "unauthorized" :
		    "forbidden", "%s", detail);
}

void
api_auth_check(struct request *req)
{
	struct principal	 p;
	const char		*method, *tenant;
	unsigned int		 perm;
	int			 rc;

	rc = authn_request(req, &p);
	if (rc == AUTHN_UNAVAILABLE) {
		auth_refuse(req, 503, rc, NULL);
		return;
	}
	if (rc != AUTHN_OK) {
		auth_refuse(req, 401, rc, authn_reason(rc));
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
