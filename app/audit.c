/* SPDX-License-Identifier: ISC */
/* The audit trail: who changed what, from where, in which request. */
#include <stdlib.h>

#include "audit.h"
#include "db.h"
#include "http.h"

int
audit_record(struct request *req, struct db *db, const char *action,
    const char *target_type, const char *target_id, const char *tenant,
    json_t *detail)
{
	struct audit_event	 e;
	char			*text = NULL;
	int			 rc;

	if (detail != NULL) {
		text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(detail);
	}
	e.actor = req->caller.token_id;
	e.tenant = tenant;
	e.action = action;
	e.target_type = target_type;
	e.target_id = target_id;
	e.client_addr = req->remote_addr;
	/* The server's own id (SPEC §7), never a client's header. */
	e.request_id = req->request_id;
	e.detail = text;
	rc = db_audit_insert(db, &e);
	free(text);
	return rc;
}
