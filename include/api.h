/* Handlers of the HTTP API, one file per resource, and what they share. */
#ifndef API_H
#define API_H

#include <time.h>

#include <jansson.h>

struct db;
struct request;
struct tenant_row;
struct token_row;

/* api.c: shared by every handler */
void	 api_db_error(struct request *, int rc);
void	 api_time(json_t *, const char *key, time_t);
json_t	*api_perms(unsigned int);
json_t	*api_tenant_json(const struct tenant_row *);
json_t	*api_token_json(const struct token_row *);
/* Records a change in the audit trail, inside the caller's transaction. */
int	 api_audit(struct request *, struct db *, const char *action,
	    const char *target_type, const char *target_id, const char *tenant,
	    json_t *detail_steal);
/* A list answer: items, next_cursor and a Link header to the next page. */
void	 api_list(struct request *, json_t *items_steal, const char *next);

/* api_health.c */
void	health_get(struct request *);

/* api_tenants.c */
void	tenants_create(struct request *);
void	tenants_list(struct request *);
void	tenants_get(struct request *);
void	tenants_patch(struct request *);
void	tenants_delete(struct request *);

/* api_tokens.c */
void	tokens_create(struct request *);
void	tokens_list(struct request *);
void	tokens_self(struct request *);
void	tokens_get(struct request *);
void	tokens_patch(struct request *);
void	tokens_activate(struct request *);
void	tokens_rotate(struct request *);
void	tokens_revoke(struct request *);

/* api_auth.c */
void	auth_check(struct request *);

/* api_metrics.c */
void	metrics_get(struct request *);

/* api_audit.c */
void	audit_list(struct request *);

#endif
