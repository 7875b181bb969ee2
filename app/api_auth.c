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
auth_check(struct request *req)
{
	struct principal	 p;
	const char		*method, *tenant;
	unsigned int		 perm, bit;
	char			 perms[40];
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
	perms[0] = '\0';
	for (bit = PERM_READ; bit <= PERM_DELETE; bit <<= 1)
		if (p.perms & bit) {
			if (perms[0] != '\0')
				strcat(perms, ",");
			strcat(perms, validate_perm_name(bit));
		}
	metrics_auth(AUTHN_OK);
	if (req->authorizer) {
		/* mod_authnz_fcgi exports Variable-* headers to the request. */
		resp_empty(req, 200);
		resp_header(req, "Variable-X-Tenant-Id", "%s", tenant);
		resp_header(req, "Variable-X-Token-Id", "%s", p.token_id);
		resp_header(req, "Variable-X-Token-Permissions", "%s", perms);
		return;
	}
	resp_empty(req, 204);
	resp_header(req, "X-Tenant-Id", "%s", tenant);
	resp_header(req, "X-Token-Id", "%s", p.token_id);
	resp_header(req, "X-Token-Permissions", "%s", perms);
}
