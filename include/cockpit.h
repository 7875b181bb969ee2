/* SPDX-License-Identifier: ISC */
/* The cockpit: Administration > Tenant > API, server-rendered HTML. */
#ifndef COCKPIT_H
#define COCKPIT_H

#include <stddef.h>
#include <time.h>

#include "cockpit_i18n.h"
#include "cockpit_session.h"

struct json_t;
struct outcome;
struct request;
struct tenant_row;
struct token_row;

/* Tokens expiring within this many days are marked in the list. */
#define COCKPIT_SOON_DAYS	7

/* cockpit_layout.c: the page frame, escaping, errors, shared pieces. */
void	 cockpit_begin(struct request *, int status, const char *title);
void	 cockpit_end(struct request *);
void	 cockpit_esc(struct request *, const char *);
/* s HTML-escaped, into the arena. */
char	*cockpit_escaped(struct request *, const char *);
void	 cockpit_printf(struct request *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* text escaped, its {0}... replaced by html[k] as they are (HTML). */
void	 cockpit_html(struct request *, const char *text,
	    const char *const *html, int n);
void	 cockpit_error(struct request *, int status, const char *message);
/* A refused change of the domain layer as an error page. */
void	 cockpit_outcome(struct request *, const struct outcome *);
void	 cockpit_redirect(struct request *, const char *location);
/* A tenant as every page shows it: "Name (id)", or "Tous les Tenants". */
const char *cockpit_tenant_label(struct request *, const char *id);
void	 cockpit_tenant(struct request *, const char *id);
/* Tenants read for a page: their names need no other query. */
void	 cockpit_tenants_known(struct request *, const struct tenant_row *,
	    size_t);
void	 cockpit_perms(struct request *, unsigned int);
/* A time in UTC, or the text none (T__MAX: a dash) when 0. */
void	 cockpit_date(struct request *, time_t, enum cockpit_text none);
/* The date alone, YYYY-MM-DD (UTC), into out. */
void	 cockpit_day(time_t, char out[11]);
/* The token's status as a badge (expired derived from expires_at). */
void	 cockpit_status(struct request *, const struct token_row *);
int	 cockpit_expiring_soon(const struct token_row *, time_t now);
/* The minutes a pending token waits for "Enregistrer". */
unsigned int cockpit_pending_minutes(struct request *);
/* A link to the token's own page, its name as the text. */
void	 cockpit_token_link(struct request *, const struct token_row *);
/* The field's errors next to it, its aria attributes, whether it has any. */
void	 cockpit_field_errors(struct request *, const char *field);
void	 cockpit_field_aria(struct request *, const char *field,
	    const char *hint_id);
int	 cockpit_field_invalid(struct request *, const char *field);
/*
 * A form's hidden fields that bring its answer back to the list it was
 * sent from: the list's tenant (back, or NULL) and whether it showed only
 * the tokens expiring soon.
 */
void	 cockpit_list_fields(struct request *, const char *back,
	    int expiring);
/* A submitted form's value of a field: the first if several, "" if none. */
const char *cockpit_form_value(struct json_t *form, const char *field);
/*
 * What a page showing a secret once recalls of its token (<dt>/<dd>):
 * name, description, tenant, permissions, expiry.
 */
void	 cockpit_token_facts(struct request *, const struct token_row *);
/* A secret shown once: a read-only field, selected, how to copy it. */
void	 cockpit_secret(struct request *, const char *secret);
void	 cockpit_asset(struct request *);

/* cockpit_login.c */
void	 cockpit_login_form(struct request *);
void	 cockpit_login(struct request *);
void	 cockpit_login_invalid(struct request *);
void	 cockpit_logout(struct request *);

/* cockpit_tokens.c: the list, its filters and confirmations. */
void	 cockpit_list(struct request *);

/* cockpit_token.c: a token's page, Renouveler, Révoquer / Abandonner. */
void	 cockpit_token(struct request *);
void	 cockpit_rotate(struct request *);
void	 cockpit_rotate_invalid(struct request *);
void	 cockpit_revoke(struct request *);

/* cockpit_create.c: the form, the token shown once, Save. */
void	 cockpit_new(struct request *);
void	 cockpit_create(struct request *);
void	 cockpit_create_invalid(struct request *);
void	 cockpit_save(struct request *);

#endif
