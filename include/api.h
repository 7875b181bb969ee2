/* Handlers of the HTTP API, one file per resource. */
#ifndef API_H
#define API_H

struct request;

/* api.c: shared by every handler */
void	api_db_error(struct request *, int rc);

/* api_health.c */
void	health_get(struct request *);

#endif
