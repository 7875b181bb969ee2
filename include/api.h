/* Handlers of the HTTP API, one file per resource, and what they share. */
#ifndef API_H
#define API_H

#include <time.h>

#include <jansson.h>

#include "db.h"
#include "token.h"

struct request;
struct token_input;

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

/* api_tokens.c: the changes, shared with the cockpit, then the handlers. */
struct token_result {
	int		 status;	/* 0, an HTTP refusal, or -1: see db_rc */
	const char	*why;
	int		 db_rc;
	struct token_row row;
	char		 secret[TOKEN_LEN + 1];	/* wiped after use */
};
int	tokens_op_create(struct request *, const struct token_input *,
	    struct token_result *);
int	tokens_op_activate(struct request *, const char *id,
	    struct token_result *);
int	tokens_op_revoke(struct request *, const char *id,
	    struct token_result *);
void	tokens_op_refuse(struct request *, const struct token_result *);

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
