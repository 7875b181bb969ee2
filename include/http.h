/* SPDX-License-Identifier: ISC */
/* The request context, response under construction and shared HTTP types. */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "arena.h"
#include "buf.h"
#include "token.h"

#define PERM_READ	0x1u
#define PERM_WRITE	0x2u
#define PERM_CREATE	0x4u
#define PERM_DELETE	0x8u
#define PERM_ALL	0xFu

#define TENANT_ID_MAX	63
#define TENANT_ALL	"*"
#define ERRLIST_MAX	32

struct app;
struct cockpit_state;
struct FCGX_Request;

/*
 * Who is calling: the token after authentication (a bearer, or the one a
 * cockpit session was opened with), or the operator's CLI.
 */
struct principal {
	char		 token_id[TOKEN_ID_SIZE];	/* or "cli" */
	char		 tenant[TENANT_ID_MAX + 1];	/* or "*" */
	unsigned int	 perms;
	time_t		 expires_at;	/* 0: never */
	unsigned char	 secret[TOKEN_HASH_LEN];	/* keyed hash presented */
	int		 cli;		/* the operator: no token at all */
	unsigned int	 rate_limit;	/* /auth: requests a minute; 0 none */
	int		 first_use;	/* a secret waiting for its first use */
};

/*
 * What a field error is, as a code: the API answers its English message,
 * the cockpit a sentence of the reader's language found by this code
 * (cockpit_i18n.c; a unit test checks that every code has both).
 */
enum field_code {
	FE_INVALID = 0,		/* none of the below */
	FE_UNKNOWN_FIELD,
	FE_REPEATED,		/* a form field given more than once */
	FE_NOT_STRING,
	FE_NUL,
	FE_UTF8,
	FE_EMPTY,
	FE_TOO_SHORT,
	FE_TOO_LONG,		/* arg: the most characters */
	FE_CONTROL,
	FE_BIDI,
	FE_ZERO_WIDTH,
	FE_REQUIRED,
	FE_BLANK,
	FE_IMMUTABLE,
	FE_BOOLEAN,
	FE_STATUS,
	FE_PERMS_TYPE,
	FE_PERM_UNKNOWN,
	FE_PERMS_NONE,
	FE_DATE_FORMAT,
	FE_DATE_PAST,
	FE_DATE_RANGE,
	FE_TENANT_FORMAT,
	FE_TENANT_ID_FORMAT,
	FE_TENANT_REQUIRED,
	FE_TENANT_UNKNOWN,
	FE_LIFETIME_RANGE,
	FE_RATE_RANGE,
	FE_GRACE_RANGE,
	FE_GRACE_NEEDED,
	FE_CIDRS_TYPE,
	FE_CIDRS_ENTRY,
	FE_CIDRS_INVALID,
	FE_CIDRS_TOO_MANY,
	FE_LEAKED_LIST,
	FE_LIMIT_RANGE,
	FE_CURSOR,
	FE_QUERY_TEXT,
	FE_EXPIRY_PARENT_CREATE,	/* later than the creating token's */
	FE_EXPIRY_PARENT,	/* later than the parent's */
	FE_EXPIRY_POLICY,	/* arg: the tenant's maximum lifetime in days */
	FE_DUPLICATE_NAME,
	FE_UNKNOWN_PARAM,	/* a query parameter the route does not take */
	FE_EXPIRING_RANGE,
	FE_WEBHOOK_URL,
	FE__MAX
};

struct field_error {
	const char	*field;
	enum field_code	 code;
	unsigned int	 arg;		/* a number the sentence names */
	const char	*message;	/* English, for the API */
};

/* Validation errors collected before one problem+json answers them all. */
struct errlist {
	int			 n;
	struct field_error	 e[ERRLIST_MAX];
};

struct kv {
	const char	*key;
	const char	*val;
	struct kv	*next;
};

struct response {
	int		 status;
	int		 cache_control;	/* a Cache-Control header was set */
	const char	*content_type;
	struct buf	 head;		/* extra header lines, CRLF ended */
	struct buf	 body;
};

struct request {
	struct arena		 arena;
	struct app		*app;
	struct FCGX_Request	*fcgi;
	struct timespec		 start;
	int			 authorizer;	/* FCGI_ROLE=AUTHORIZER */

	const char		*method;
	const char		*path;		/* percent-decoded */
	const char		*query;
	const char		*content_type;
	long long		 content_length; /* -1 when absent */
	char			*authorization;	/* in libfcgi's env, wiped there */
	size_t			 authorization_len;
	const char		*cookie;
	const char		*accept_language;
	const char		*remote_addr;
	const char		*request_id;
	const char		*orig_method;	/* X-Original-Method */
	const char		*x_tenant;	/* X-Tenant-Id */
	int			 https;

	struct kv		*args;		/* query string */
	const char		*body;
	size_t			 body_len;
	json_t			*input_json;	/* parsed body, owned */
	int			 input_form;	/* body was a form */
	void			*input;		/* typed, from a validator */

	int			 route;
	const char		*param[2];	/* path parameters */
	struct principal	 caller;
	int			 authenticated;
	const char		*session;	/* cockpit session cookie */
	int			 lang;		/* cockpit: 0 French, 1 English */
	struct cockpit_state	*cockpit;	/* cockpit: names read once */
	const char		*log_extra;	/* appended to the log line */

	struct errlist		 errs;
	struct response		 resp;
	int			 resp_secret;	/* wipe the body once sent */
};

void		 errlist_add(struct errlist *, const char *field,
		    enum field_code, const char *message);
/* With the number the code's sentence names (FE_TOO_LONG, ...). */
void		 errlist_add_arg(struct errlist *, const char *field,
		    enum field_code, unsigned int arg, const char *message);
/* Appends the errors of src. */
void		 errlist_append(struct errlist *, const struct errlist *src);

/* request.c: parsing the parts of a request. */
void		 request_init(struct request *, struct app *);
void		 request_reset(struct request *);
int		 request_parse_query(struct request *);
const char	*request_arg(const struct request *, const char *);
int		 request_arg_count(const struct request *, const char *);
int		 request_parse_body(struct request *, const char **detail);
/* Reads the body from the FastCGI stream, at most limit bytes. */
int		 request_read_body(struct request *, size_t limit);
int		 request_form_to_json(struct arena *, const char *, size_t,
		    json_t **, const char **detail);
const char	*request_cookie(struct request *, const char *name);
int		 request_bearer(const struct request *, const char **tok,
		    size_t *len);
int		 request_media_type(const char *ct);
#define MEDIA_NONE	0
#define MEDIA_JSON	1
#define MEDIA_FORM	2
#define MEDIA_OTHER	3

/* response.c: building the answer. */
const char	*resp_reason(int status);
void		 resp_header(struct request *, const char *name,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void		 resp_header_str(struct request *, const char *name,
		    const char *value);
void		 resp_json(struct request *, int status, json_t *steal);
void		 resp_empty(struct request *, int status);
void		 resp_problem(struct request *, int status, const char *code,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void		 resp_validation(struct request *, int status);
void		 resp_unavailable(struct request *);
void		 resp_html(struct request *, int status);
/* The full FastCGI response (head and body) into out. */
void		 resp_serialize(const struct request *, struct buf *out);

#endif
