/* SPDX-License-Identifier: ISC */
/* GET /api/v1/health: the worker is up and its database answers. */
#include "api.h"
#include "app.h"
#include "db.h"
#include "http.h"

void
api_health_get(struct request *req)
{
	struct db	*db = req->app->db;
	int		 rc;

	if ((rc = db_row(db, DB_PING, NULL, 0)) == DB_OK) {
		resp_json(req, 200, json_pack("{s:s}", "status", "ok"));
		return;
	}
	resp_unavailable(req);
}
