/* The cockpit: Administration > Tenant > API, server-rendered HTML. */
#ifndef COCKPIT_H
#define COCKPIT_H

#include <stddef.h>

struct outcome;
struct request;

enum cockpit_text {
	T_LANG, T_TITLE, T_CRUMB_ADMIN, T_CRUMB_TENANT, T_TOKENS, T_NAME,
	T_DESCRIPTION, T_TENANT, T_ALL_TENANTS, T_PERMISSIONS, T_EXPIRES,
	T_EXPIRES_OPTIONAL, T_LAST_USED, T_STATUS, T_ACTIONS, T_REVOKE,
	T_CREATE, T_READ, T_WRITE, T_CREATE_PERM, T_DELETE, T_NEXT, T_CANCEL,
	T_NEW_TOKEN, T_SHOWN_ONCE, T_COPY, T_COPIED, T_SAVE, T_UNSAVED,
	T_ST_ACTIVE, T_ST_PENDING, T_ST_REVOKED, T_ST_EXPIRED, T_NEVER,
	T_SIGN_IN, T_PASTE_TOKEN, T_SIGN_IN_BUTTON, T_SIGN_OUT, T_BAD_TOKEN,
	T_CONFIRM_REVOKE, T_CONFIRM, T_SAVED, T_REVOKED, T_CREATED_INFO,
	T_NO_TOKENS, T_OTHER_LANG, T_SIGNED_IN_AS, T_SHOW, T_ERR_CSRF,
	T_ERR_FORBIDDEN, T_ERR_NOT_FOUND, T_ERR_GENERIC, T_ERR_UNAVAILABLE,
	T_BACK, T_NEW_TOKEN_TITLE, T_TOKEN_LABEL, T_DUPLICATE, T_FORM_ERRORS,
	T_MORE, T_SESSION_ENDED, T_ADVANCED, T_ALLOWED_CIDRS, T_CIDRS_HINT,
	T_RATE_LIMIT, T_RATE_HINT,
	T__MAX
};

/* cockpit.c: sessions, CSRF, language, layout, errors, assets. */
void	 cockpit_choose_lang(struct request *);
int	 cockpit_authenticate(struct request *);
int	 cockpit_session_start(struct request *);
void	 cockpit_session_end(struct request *);
int	 cockpit_csrf_ok(struct request *);
void	 cockpit_csrf_field(struct request *);
const char *cockpit_t(struct request *, enum cockpit_text);
void	 cockpit_begin(struct request *, int status, const char *title);
void	 cockpit_end(struct request *);
void	 cockpit_esc(struct request *, const char *);
void	 cockpit_printf(struct request *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 cockpit_error(struct request *, int status, const char *message);
/* A refused change of the domain layer as an error page. */
void	 cockpit_outcome(struct request *, const struct outcome *);
void	 cockpit_redirect(struct request *, const char *location);
const char *cockpit_field_message(struct request *, const char *english);
void	 cockpit_asset(struct request *);

/* cockpit_login.c */
void	 cockpit_login_form(struct request *);
void	 cockpit_login(struct request *);
void	 cockpit_login_invalid(struct request *);
void	 cockpit_logout(struct request *);

/* cockpit_tokens.c: the list, revoke. */
void	 cockpit_perms(struct request *, unsigned int);
void	 cockpit_list(struct request *);
void	 cockpit_revoke(struct request *);

/* cockpit_create.c: the form, the token shown once, Save. */
void	 cockpit_new(struct request *);
void	 cockpit_create(struct request *);
void	 cockpit_create_invalid(struct request *);
void	 cockpit_save(struct request *);

#endif
