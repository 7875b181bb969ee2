/* SPDX-License-Identifier: ISC */
/* Handlers of the HTTP API, one file per resource, and what they share. */
#ifndef API_H
#define API_H

#include <time.h>

#include <jansson.h>

#include "db.h"
#include "outcome.h"

struct request;

/* api.c: shared by every handler */
/* An outcome of the domain layer as problem+json (or nothing when ok). */
void	 api_outcome(struct request *, const struct outcome *);
/* A database result read outside the domain layer (lists), the same way. */
void	 api_db_outcome(struct request *, int rc);
void	 api_time(json_t *, const char *key, time_t);
json_t	*api_tenant_json(const struct tenant_row *);
json_t	*api_token_json(const struct token_row *);
/* A list answer: items, next_cursor and a Link header to the next page. */
void	 api_list(struct request *, json_t *items_steal, const char *next);

/* api_health.c */
void	api_health_get(struct request *);

/* api_tenants.c */
void	api_tenants_create(struct request *);
void	api_tenants_list(struct request *);
void	api_tenants_get(struct request *);
void	api_tenants_patch(struct request *);
void	api_tenants_delete(struct request *);

/* api_tokens.c */
void	api_tokens_create(struct request *);
void	api_tokens_list(struct request *);
void	api_tokens_self(struct request *);
void	api_tokens_get(struct request *);
void	api_tokens_patch(struct request *);
void	api_tokens_activate(struct request *);
void	api_tokens_rotate(struct request *);
void	api_tokens_revoke(struct request *);
void	api_tokens_revoke_leaked(struct request *);

/* api_auth.c */
void	api_auth_check(struct request *);

/* api_metrics.c */
void	api_metrics_get(struct request *);

/* api_audit.c */
void	api_audit_list(struct request *);

#endif
