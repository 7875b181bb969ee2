/* SPDX-License-Identifier: ISC */
/* The cockpit's two languages: its texts, field errors and refusals. */
#ifndef COCKPIT_I18N_H
#define COCKPIT_I18N_H

#include "http.h"

#define COCKPIT_FR	0
#define COCKPIT_EN	1
#define COCKPIT_LANGS	2

/*
 * Texts may hold placeholders {0} to {3}, filled by cockpit_fill (plain
 * text) or cockpit_html (escaped text around HTML); both languages of a
 * text hold the same ones (a unit test checks it).
 */
enum cockpit_text {
	T_LANG, T_TITLE, T_CRUMB_ADMIN, T_CRUMB_TENANT, T_TOKENS, T_NAME,
	T_DESCRIPTION, T_TENANT, T_ALL_TENANTS, T_PERMISSIONS, T_EXPIRES,
	T_EXPIRES_OPTIONAL, T_LAST_USED, T_STATUS, T_ACTIONS, T_REVOKE,
	T_CREATE, T_READ, T_WRITE, T_CREATE_PERM, T_DELETE, T_NEXT, T_CANCEL,
	T_NEW_TOKEN, T_SHOWN_ONCE, T_COPY, T_COPIED, T_SAVE, T_UNSAVED,
	T_ST_ACTIVE, T_ST_PENDING, T_ST_REVOKED, T_ST_EXPIRED, T_NEVER,
	T_SIGN_IN, T_PASTE_TOKEN, T_SIGN_IN_BUTTON, T_SIGN_OUT, T_BAD_TOKEN,
	T_CONFIRM_REVOKE, T_CONFIRM, T_SAVED, T_REVOKED, T_NO_TOKENS,
	T_OTHER_LANG, T_SIGNED_IN_AS, T_SHOW, T_ERR_CSRF, T_ERR_FORBIDDEN,
	T_ERR_NOT_FOUND, T_ERR_GENERIC, T_ERR_UNAVAILABLE, T_BACK,
	T_NEW_TOKEN_TITLE, T_TOKEN_LABEL, T_FORM_ERRORS, T_MORE,
	T_SESSION_ENDED, T_ADVANCED, T_ALLOWED_CIDRS, T_CIDRS_HINT,
	T_RATE_LIMIT, T_RATE_HINT,
	/* The list: filters, marks, confirmations. */
	T_CHOOSE_TENANT, T_EXPIRING_SOON, T_FILTER_EXPIRING,
	T_FILTERED_EXPIRING, T_FILTERED,
	T_FILTER_TENANT, T_SHOW_ALL, T_SAVED_NAMED, T_REVOKED_NAMED,
	T_REVOKED_CASCADE, T_DISCARD, T_CONFIRM_DISCARD, T_DISCARDED_NAMED,
	T_NO_EXPIRING,
	/* A pending token past its time. */
	T_DISCARDED_TITLE, T_DISCARDED_TEXT, T_ABANDONED_TEXT, T_TOKEN_GONE,
	/* The shown-once page. */
	T_SECRET_HOW, T_SECRET_HOW_JS, T_NO_EXPIRY, T_NO_DESCRIPTION,
	/* The form's expiry and its limits. */
	T_MAX_POLICY, T_MAX_PARENT, T_MAX_NONE,
	/* A token's page. */
	T_DETAILS, T_ID, T_HINT, T_CREATED_AT, T_CREATED_BY, T_BY_CLI,
	T_OUT_OF_SCOPE, T_LAST_IPS, T_NO_IPS, T_POLICIES, T_ANY_ADDRESS,
	T_NO_LIMIT, T_PER_MINUTE, T_LINEAGE, T_NO_CHILDREN, T_MORE_CHILDREN,
	T_AUDIT, T_AUDIT_WHEN, T_AUDIT_ACTION, T_AUDIT_BY, T_AUDIT_FROM,
	T_AUDIT_DETAIL, T_NO_EVENTS, T_EV_CREATE, T_EV_ACTIVATE, T_EV_UPDATE,
	T_EV_ROTATE, T_EV_REVOKE, T_EV_LEAKED, T_SELF_NOTE, T_THIS_TOKEN,
	T_BACK_TO_LIST, T_BACK_TO_TOKEN, T_PENDING_NOTE, T_NO_ACTIONS,
	T_REVOKED_NOTE,
	/* Renouveler: rotate. */
	T_ROTATE, T_ROTATE_INTRO, T_GRACE, T_GRACE_0, T_GRACE_5M, T_GRACE_1H,
	T_GRACE_24H, T_UNTIL_USED, T_CONFIRM_ROTATE, T_NEW_SECRET,
	T_OLD_SECRET, T_OLD_NOW, T_OLD_GRACE, T_OLD_UNTIL_USED,
	/* Révoquer: revoke, with the tokens it made. */
	T_REVOKE_INTRO, T_CASCADE, T_CASCADE_WILL, T_ACTIONS_TITLE,
	/* What the dispatcher refuses, in a sentence. */
	T_ERR_BAD_REQUEST, T_ERR_METHOD, T_ERR_TOO_LARGE, T_ERR_MEDIA,
	T_ERR_SLOW,
	T__MAX
};

const char	*cockpit_text_lang(enum cockpit_text, int lang);
const char	*cockpit_t(struct request *, enum cockpit_text);
/* The sentence of a field error, in a language ({0}: the error's arg). */
const char	*cockpit_field_text(enum field_code, int lang);
/* The sentence for a refusal code of the domain, or NULL. */
const char	*cockpit_refusal_text(const char *code, int lang);
/* A sentence for a refusal of the dispatcher, by its HTTP status. */
const char	*cockpit_status_text(struct request *, int status);
/* The reason phrase of an HTTP status in the request's language. */
const char	*cockpit_reason(struct request *, int status);
/* ?lang= (remembered in a cookie), the cookie, then Accept-Language. */
void		 cockpit_choose_lang(struct request *);
/*
 * text with {0}... replaced by args, into the arena (plain text: the
 * caller escapes it).
 */
char		*cockpit_fill(struct request *, const char *text,
		    const char *const *args, int nargs);
/* A field error as a sentence of the request's language. */
const char	*cockpit_field_message(struct request *,
		    const struct field_error *);

#endif
