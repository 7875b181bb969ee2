/* SPDX-License-Identifier: ISC */
/* The audit trail of changes, written inside each change's transaction. */
#ifndef AUDIT_H
#define AUDIT_H

#include <jansson.h>

struct db;
struct request;

/* Records one change by req->caller; detail (stolen) may be NULL. */
int	audit_record(struct request *, struct db *, const char *action,
	    const char *target_type, const char *target_id, const char *tenant,
	    json_t *detail);

#endif
