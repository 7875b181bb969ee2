/* SPDX-License-Identifier: ISC */
/* The domain of tenants: every change, its rules and its transaction. */
#ifndef TENANTS_H
#define TENANTS_H

#include "db.h"
#include "outcome.h"
#include "webhook.h"

struct request;
struct tenant_input;

struct tenant_result {
	struct outcome		 out;
	struct tenant_row	 row;
	/* A new webhook secret, shown once ("" for none); wiped after use. */
	char			 webhook_secret[WEBHOOK_SECRET_SIZE];
};

/* Each returns 0 when done, -1 when refused (res->out says why). */
int	tenants_create(struct request *, const struct tenant_input *,
	    struct tenant_result *);
int	tenants_update(struct request *, const char *id,
	    const struct tenant_input *, struct tenant_result *);
/* Revokes every token of the tenant and retires its id. */
int	tenants_delete(struct request *, const char *id,
	    struct tenant_result *);
int	tenants_get(struct request *, const char *id, struct tenant_result *);
/* The tenants the caller may see (not deleted), by id. */
int	tenants_list(struct request *, struct list_filter *,
	    struct tenant_row **, size_t *, struct outcome *);

#endif
