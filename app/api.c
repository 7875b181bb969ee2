/* What every handler shares: turning database outcomes into answers. */
#include "api.h"
#include "db.h"
#include "http.h"

void
api_db_error(struct request *req, int rc)
{
	switch (rc) {
	case DB_NOTFOUND:
		resp_problem(req, 404, "not_found", "no such resource");
		break;
	case DB_DUP:
		resp_problem(req, 409, "conflict",
		    "a resource with these unique fields already exists");
		break;
	case DB_DOWN:
	case DB_CONFLICT:
		resp_unavailable(req);
		break;
	default:
		resp_problem(req, 500, "internal_error",
		    "the request failed; see the server log for request %s",
		    req->request_id ? req->request_id : "(no id)");
		break;
	}
}
