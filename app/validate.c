/* SPDX-License-Identifier: ISC */
/* Validation of bodies and query strings into typed input structs. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "app.h"
#include "auth.h"
#include "cidr.h"
#include "config.h"
#include "http.h"
#include "text.h"
#include "validate.h"
#include "webhook.h"

#define NAME_MAX_CHARS		128
#define DESCRIPTION_MAX_CHARS	1024
#define EXPIRES_MAX		253402300799LL	/* 9999-12-31T23:59:59Z */
#define MAX_LIFETIME_DAYS	3650
#define RATE_LIMIT_MAX		1000000

/* What a string field refuses beyond control characters (text_deceptive). */
#define TEXT_PLAIN	0
#define TEXT_PROSE	1	/* descriptions: no bidirectional controls */
#define TEXT_NAME	2	/* names: no zero-width characters either */

static const char *const perm_names[] = { "read", "write", "create", "delete" };

unsigned int
validate_perm_bit(const char *s, size_t n)
{
	unsigned int	 i;

	for (i = 0; i < 4; i++)
		if (strlen(perm_names[i]) == n && memcmp(perm_names[i], s, n) == 0)
			return 1u << i;
	return 0;
}

const char *
validate_perm_name(unsigned int bit)
{
	unsigned int	 i;

	for (i = 0; i < 4; i++)
		if (bit == 1u << i)
			return perm_names[i];
	return NULL;
}

json_t *
validate_perms_json(unsigned int perms)
{
	json_t		*a = json_array();
	unsigned int	 bit;

	for (bit = 1; bit <= PERM_DELETE; bit <<= 1)
		if (perms & bit)
			json_array_append_new(a,
			    json_string(validate_perm_name(bit)));
	return a;
}

/* [a-z0-9][a-z0-9-]{1,62} */
int
validate_tenant_id(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n < 2 || n > TENANT_ID_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || (i > 0 && s[i] == '-')))
			return 0;
	return 1;
}

/* Refuses every member of the body that the route does not know. */
static void
body_unknown(struct request *req, const char *const *known)
{
	const char	*key;
	json_t		*v;
	size_t		 i;

	json_object_foreach(req->input_json, key, v) {
		for (i = 0; known[i] != NULL; i++)
			if (strcmp(key, known[i]) == 0)
				break;
		if (known[i] == NULL)
			errlist_add(&req->errs, arena_strdup(&req->arena, key),
			    FE_UNKNOWN_FIELD, "unknown field");
	}
}

/*
 * A string member: 1 when present and valid, 0 when absent (or null, or
 * an empty form field when empty_is_absent), -1 when invalid.
 */
static int
body_text(struct request *req, const char *field, size_t min, size_t max,
    int kind, int multiline, int empty_is_absent, const char **out)
{
	json_t		*v = json_object_get(req->input_json, field);
	const char	*s;
	size_t		 n;
	long		 chars;

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		if (json_is_array(v) && req->input_form)
			errlist_add(&req->errs, field, FE_REPEATED,
			    "given more than once");
		else
			errlist_add(&req->errs, field, FE_NOT_STRING,
			    "must be a string");
		return -1;
	}
	s = json_string_value(v);
	n = json_string_length(v);
	if (n == 0 && empty_is_absent && req->input_form)
		return 0;
	if (strlen(s) != n) {
		errlist_add(&req->errs, field, FE_NUL,
		    "must not contain NUL bytes");
		return -1;
	}
	if ((chars = text_utf8_len(s, n)) < 0) {
		errlist_add(&req->errs, field, FE_UTF8, "must be valid UTF-8");
		return -1;
	}
	if ((size_t)chars < min) {
		if (min == 1)
			errlist_add(&req->errs, field, FE_EMPTY,
			    "must not be empty");
		else
			errlist_add(&req->errs, field, FE_TOO_SHORT,
			    "is too short");
		return -1;
	}
	if ((size_t)chars > max) {
		errlist_add_arg(&req->errs, field, FE_TOO_LONG,
		    (unsigned int)max, arena_printf(&req->arena,
		    "must be at most %zu characters", max));
		return -1;
	}
	if (!text_printable(s, n, multiline)) {
		errlist_add(&req->errs, field, FE_CONTROL,
		    "must not contain control characters");
		return -1;
	}
	if (kind != TEXT_PLAIN && text_deceptive(s, n, 0)) {
		errlist_add(&req->errs, field, FE_BIDI,
		    "must not contain bidirectional control characters");
		return -1;
	}
	if (kind == TEXT_NAME && text_deceptive(s, n, 1)) {
		errlist_add(&req->errs, field, FE_ZERO_WIDTH,
		    "must not contain zero-width characters");
		return -1;
	}
	*out = s;
	return 1;
}

static int
body_string(struct request *req, const char *field, size_t min, size_t max,
    int multiline, int empty_is_absent, const char **out)
{
	return body_text(req, field, min, max, multiline ? TEXT_PROSE :
	    TEXT_PLAIN, multiline, empty_is_absent, out);
}

static void
body_name(struct request *req, int required, const char **out)
{
	const char	*s;
	int		 rc;

	rc = body_text(req, "name", 1, NAME_MAX_CHARS, TEXT_NAME, 0, 0, &s);
	if (rc == 0 && required)
		errlist_add(&req->errs, "name", FE_REQUIRED, "is required");
	if (rc == 1) {
		while (*s == ' ')
			s++;
		if (*s == '\0') {
			errlist_add(&req->errs, "name", FE_BLANK,
			    "must not be blank");
			return;
		}
		*out = json_string_value(json_object_get(req->input_json,
		    "name"));
	}
}

/* An array of names or one comma-separated string (form fields). */
static unsigned int
body_perms(struct request *req, int required)
{
	json_t		*v = json_object_get(req->input_json, "permissions");
	json_t		*item;
	const char	*s, *p, *comma;
	unsigned int	 perms = 0, bit;
	size_t		 i, n, count;
	int		 bad = 0;

	if (v == NULL || json_is_null(v)) {
		if (required)
			errlist_add(&req->errs, "permissions", FE_PERMS_NONE,
			    "is required");
		return 0;
	}
	if (!json_is_array(v) && !json_is_string(v)) {
		errlist_add(&req->errs, "permissions", FE_PERMS_TYPE,
		    "must be an array of permission names");
		return 0;
	}
	count = json_is_array(v) ? json_array_size(v) : 1;
	for (i = 0; i < count; i++) {
		item = json_is_array(v) ? json_array_get(v, i) : v;
		if (!json_is_string(item)) {
			errlist_add(&req->errs, "permissions", FE_PERMS_TYPE,
			    "must be an array of permission names");
			return 0;
		}
		s = json_string_value(item);
		n = json_string_length(item);
		/* Form posts may send "read,write" in one field. */
		for (p = s; p <= s + n; p = comma + 1) {
			comma = memchr(p, ',', (size_t)(s + n - p));
			if (comma == NULL)
				comma = s + n;
			while (p < comma && *p == ' ')
				p++;
			size_t len = (size_t)(comma - p);
			while (len > 0 && p[len - 1] == ' ')
				len--;
			if (len == 0 && json_is_string(v) && n == 0)
				break;
			if ((bit = validate_perm_bit(p, len)) == 0)
				bad = 1;
			perms |= bit;
		}
	}
	if (bad) {
		errlist_add(&req->errs, "permissions", FE_PERM_UNKNOWN,
		    "unknown permission: use read, write, create and delete");
		return 0;
	}
	if (perms == 0)
		errlist_add(&req->errs, "permissions", FE_PERMS_NONE,
		    "must name at least one permission");
	return perms;
}

static int
body_expires(struct request *req, struct token_input *in)
{
	const char	*s;
	time_t		 t;
	int		 rc;

	rc = body_string(req, "expires_at", 1, 64, 0, 1, &s);
	if (rc == -1)
		return -1;
	in->has_expires = json_object_get(req->input_json, "expires_at") !=
	    NULL;
	if (rc == 0) {
		in->expires_at = 0;	/* null: no expiry */
		return 0;
	}
	if (text_rfc3339_parse(s, &t) == -1) {
		errlist_add(&req->errs, "expires_at", FE_DATE_FORMAT,
		    "must be an RFC 3339 date-time such as "
		    "2030-01-31T23:59:59Z");
		return -1;
	}
	/* A date alone (the cockpit's date picker) means to its very end. */
	if (strlen(s) == 10)
		t += 86399;
	if (t <= time(NULL)) {
		errlist_add(&req->errs, "expires_at", FE_DATE_PAST,
		    "must be in the future");
		return -1;
	}
	if (t > EXPIRES_MAX) {
		errlist_add(&req->errs, "expires_at", FE_DATE_RANGE,
		    "must be before the year 10000");
		return -1;
	}
	in->expires_at = t;
	return 0;
}

static int
body_tenant(struct request *req, const char **out)
{
	const char	*s;
	int		 rc;

	rc = body_string(req, "tenant", 1, TENANT_ID_MAX, 0, 1, &s);
	if (rc == 1 && strcmp(s, TENANT_ALL) != 0 && !validate_tenant_id(s)) {
		errlist_add(&req->errs, "tenant", FE_TENANT_FORMAT,
		    "must be a tenant id ([a-z0-9][a-z0-9-]{1,62}) or \"*\" "
		    "for all tenants");
		return -1;
	}
	*out = rc == 1 ? s : NULL;
	return rc;
}

/*
 * An integer member from min to max (a form's digits too): 1 and *out when
 * given, 0 when absent (*given 0) or null or an empty form field (*given
 * 1: a "none"), -1 after adding the error (code, message).
 */
static int
body_uint(struct request *req, const char *field, long long min,
    long long max, enum field_code code, const char *message, int *given,
    unsigned int *out)
{
	json_t		*v = json_object_get(req->input_json, field);
	const char	*s;
	char		*end;
	long long	 d = -1;

	*given = v != NULL;
	*out = 0;
	if (v == NULL || json_is_null(v) || (req->input_form &&
	    json_is_string(v) && *json_string_value(v) == '\0'))
		return 0;
	if (json_is_integer(v))
		d = json_integer_value(v);
	else if (json_is_string(v) && req->input_form) {
		s = json_string_value(v);
		errno = 0;
		d = strtoll(s, &end, 10);
		if (!isdigit((unsigned char)*s) || *end != '\0' || errno != 0)
			d = -1;
	}
	if (d < min || d > max) {
		errlist_add(&req->errs, field, code, message);
		return -1;
	}
	*out = (unsigned int)d;
	return 1;
}

/* max_token_lifetime_days: 1 to 3650, or null for no limit. */
static void
body_max_days(struct request *req, struct tenant_input *in)
{
	body_uint(req, "max_token_lifetime_days", 1, MAX_LIFETIME_DAYS,
	    FE_LIFETIME_RANGE, "must be an integer from 1 to 3650, or null", &in->has_max_days,
	    &in->max_days);
}

/*
 * webhook_url: a URL the notices may be sent to (webhook.c says which:
 * https, no non-public address unless the configuration allows them), or
 * null to remove the webhook.
 */
static void
body_webhook(struct request *req, struct tenant_input *in)
{
	const char	*s, *why;
	int		 allow_private;

	allow_private = req->app != NULL && req->app->cfg != NULL &&
	    req->app->cfg->webhook_allow_private;
	in->has_webhook = json_object_get(req->input_json, "webhook_url") !=
	    NULL;
	if (body_string(req, "webhook_url", 1, WEBHOOK_URL_MAX, 0, 1, &s) != 1)
		return;
	if ((why = webhook_url_parse(s, allow_private, NULL)) != NULL)
		errlist_add(&req->errs, "webhook_url", FE_WEBHOOK_URL, why);
	else
		in->webhook_url = s;
}

/*
 * allowed_cidrs: an array of addresses or ranges (a form: one a line, or
 * the field repeated), canonical and without repeats in in->cidrs; an
 * empty list or null means any address.
 */
static void
body_cidrs(struct request *req, struct token_input *in)
{
	json_t		*v = json_object_get(req->input_json, "allowed_cidrs");
	json_t		*item;
	struct cidr	 c[CIDR_MAX], one;
	struct buf	 out = { NULL, 0, 0 };
	char		 text[CIDR_TEXT_SIZE];
	const char	*s, *p, *e;
	size_t		 i, k, n = 0, count, len;

	if (v == NULL)
		return;
	in->has_cidrs = 1;
	if (json_is_null(v))
		return;
	if (!json_is_array(v) && !(json_is_string(v) && req->input_form)) {
		errlist_add(&req->errs, "allowed_cidrs", FE_CIDRS_TYPE,
		    "must be an array of IPv4 or IPv6 addresses or ranges");
		return;
	}
	count = json_is_array(v) ? json_array_size(v) : 1;
	for (i = 0; i < count; i++) {
		item = json_is_array(v) ? json_array_get(v, i) : v;
		if (!json_is_string(item)) {
			errlist_add(&req->errs, "allowed_cidrs", FE_CIDRS_TYPE,
			    "must be an array of IPv4 or IPv6 addresses or "
			    "ranges");
			return;
		}
		s = json_string_value(item);
		/* A form's textarea: one a line (commas and spaces too). */
		for (p = s; *p != '\0'; p = e) {
			while (*p != '\0' && strchr(" \t\r\n,", *p) != NULL)
				p++;
			for (e = p; *e != '\0' && strchr(" \t\r\n,", *e) == NULL;
			    e++)
				;
			if ((len = (size_t)(e - p)) == 0)
				continue;
			if (!req->input_form && (p != s || *e != '\0')) {
				errlist_add(&req->errs, "allowed_cidrs",
				    FE_CIDRS_ENTRY, "takes one address or range "
				    "an entry");
				return;
			}
			if (cidr_parse(p, len, &one) == -1) {
				errlist_add(&req->errs, "allowed_cidrs",
				    FE_CIDRS_INVALID, "must be IPv4 or IPv6 addresses or ranges "
				    "such as 192.0.2.0/24 or 2001:db8::/32 "
				    "(with the host bits zero)");
				return;
			}
			for (k = 0; k < n; k++)
				if (memcmp(&c[k], &one, sizeof(one)) == 0)
					break;
			if (k < n)
				continue;	/* said twice */
			if (n == CIDR_MAX) {
				errlist_add(&req->errs, "allowed_cidrs",
				    FE_CIDRS_TOO_MANY, "must hold at most 32 "
				    "entries");
				return;
			}
			c[n++] = one;
		}
	}
	for (k = 0; k < n; k++) {
		cidr_format(&c[k], text);
		if (k > 0)
			buf_addc(&out, ',');
		buf_adds(&out, text);
	}
	if (n > 0) {
		in->cidrs = arena_strdup(&req->arena, out.p);
		buf_free(&out);
	}
}

/* The policies of a token (create, PATCH). */
static void
body_policies(struct request *req, struct token_input *in)
{
	body_cidrs(req, in);
	body_uint(req, "rate_limit_per_minute", 1, RATE_LIMIT_MAX,
	    FE_RATE_RANGE, "must be an integer from 1 to 1000000, or null", &in->has_rate,
	    &in->rate_limit);
}

/*
 * Refuses every query argument the route does not know (each name once):
 * a mistyped filter (?tenat=x) must not silently widen a list.
 */
static void
query_unknown(struct request *req, const char *const *known)
{
	const struct kv	*a, *b;
	size_t		 i;

	for (a = req->args; a != NULL; a = a->next) {
		for (i = 0; known[i] != NULL; i++)
			if (strcmp(a->key, known[i]) == 0)
				break;
		if (known[i] != NULL)
			continue;
		for (b = req->args; b != a && strcmp(b->key, a->key) != 0;
		    b = b->next)
			;
		if (b == a)
			errlist_add(&req->errs, a->key, FE_UNKNOWN_PARAM,
			    "unknown query parameter");
	}
}

/* A route that takes no query argument: 400 for any, before the body. */
static int
query_none(struct request *req)
{
	static const char *const none[] = { NULL };

	query_unknown(req, none);
	if (req->errs.n > 0) {
		resp_validation(req, 400);
		return -1;
	}
	return 0;
}

int
validate_no_query(struct request *req)
{
	return query_none(req);
}

static int
validate_done(struct request *req, void *input)
{
	if (req->errs.n > 0)
		return -1;
	req->input = input;
	return 0;
}

int
validate_tenant_create(struct request *req)
{
	static const char *const known[] = { "id", "name",
	    "max_token_lifetime_days", "webhook_url", NULL };
	struct tenant_input	*in = arena_calloc(&req->arena, sizeof(*in));
	const char		*id;

	if (query_none(req) == -1)
		return -1;
	body_unknown(req, known);
	switch (body_string(req, "id", 1, TENANT_ID_MAX, 0, 0, &id)) {
	case 0:
		errlist_add(&req->errs, "id", FE_REQUIRED, "is required");
		break;
	case 1:
		if (!validate_tenant_id(id))
			errlist_add(&req->errs, "id", FE_TENANT_ID_FORMAT,
			    "must match [a-z0-9][a-z0-9-]{1,62}");
		else
			in->id = id;
		break;
	}
	body_name(req, 1, &in->name);
	body_max_days(req, in);
	body_webhook(req, in);
	return validate_done(req, in);
}

int
validate_tenant_patch(struct request *req)
{
	static const char *const known[] = { "name", "status",
	    "max_token_lifetime_days", "webhook_url", NULL };
	struct tenant_input	*in = arena_calloc(&req->arena, sizeof(*in));
	const char		*st;

	if (query_none(req) == -1)
		return -1;
	body_unknown(req, known);
	if (json_object_get(req->input_json, "id") != NULL)
		errlist_add(&req->errs, "id", FE_IMMUTABLE,
		    "cannot be changed");
	body_name(req, 0, &in->name);
	if (body_string(req, "status", 1, 16, 0, 0, &st) == 1) {
		if (strcmp(st, "active") != 0 && strcmp(st, "suspended") != 0)
			errlist_add(&req->errs, "status", FE_STATUS,
			    "must be \"active\" or \"suspended\"");
		else
			in->status = st;
	}
	body_max_days(req, in);
	body_webhook(req, in);
	return validate_done(req, in);
}

/* The token form of the API and of the cockpit ("Suivant"). */
static int
validate_token_form(struct request *req)
{
	static const char *const known[] = { "name", "description",
	    "expires_at", "tenant", "permissions", "status", "allowed_cidrs",
	    "rate_limit_per_minute", NULL };
	struct token_input	*in = arena_calloc(&req->arena, sizeof(*in));
	const char		*st;

	body_unknown(req, known);
	body_name(req, 1, &in->name);
	if (body_string(req, "description", 0, DESCRIPTION_MAX_CHARS, 1, 0,
	    &in->description) == 0)
		in->description = "";
	body_expires(req, in);
	body_tenant(req, &in->tenant);
	in->perms = body_perms(req, 1);
	body_policies(req, in);
	if (body_string(req, "status", 1, 16, 0, 1, &st) == 1) {
		if (strcmp(st, "pending") == 0)
			in->pending = 1;
		else if (strcmp(st, "active") != 0)
			errlist_add(&req->errs, "status", FE_STATUS,
			    "must be \"pending\" or \"active\"");
	}
	return validate_done(req, in);
}

int
validate_token_create(struct request *req)
{
	if (query_none(req) == -1)
		return -1;
	return validate_token_form(req);
}

int
validate_token_patch(struct request *req)
{
	static const char *const known[] = { "name", "description",
	    "expires_at", "permissions", "allowed_cidrs",
	    "rate_limit_per_minute", NULL };
	static const char *const fixed[] = { "id", "tenant", "status",
	    "token", "hint", "created_at", "created_by", NULL };
	struct token_input	*in = arena_calloc(&req->arena, sizeof(*in));
	size_t			 i;

	if (query_none(req) == -1)
		return -1;
	for (i = 0; fixed[i] != NULL; i++)
		if (json_object_get(req->input_json, fixed[i]) != NULL)
			errlist_add(&req->errs, fixed[i], FE_IMMUTABLE,
			    "cannot be changed here");
	if (req->errs.n == 0)
		body_unknown(req, known);
	body_name(req, 0, &in->name);
	body_string(req, "description", 0, DESCRIPTION_MAX_CHARS, 1, 0,
	    &in->description);
	body_expires(req, in);
	in->perms = body_perms(req, 0);
	body_policies(req, in);
	return validate_done(req, in);
}

/* grace_seconds and until_used, for the API and the cockpit's form. */
static void
body_rotate(struct request *req, unsigned int *grace, int *until_used)
{
	json_t		*v;
	const char	*s;
	int		 given;

	body_uint(req, "grace_seconds", 0, ROTATE_GRACE_MAX, FE_GRACE_RANGE,
	    "must be an integer from 0 to 86400", &given, grace);
	v = json_object_get(req->input_json, "until_used");
	if (json_is_boolean(v))
		*until_used = json_is_true(v);
	else if (json_is_string(v) && req->input_form) {
		s = json_string_value(v);
		if (strcmp(s, "true") == 0 || strcmp(s, "on") == 0)
			*until_used = 1;
		else if (strcmp(s, "false") != 0 && *s != '\0')
			errlist_add(&req->errs, "until_used", FE_BOOLEAN,
			    "must be true or false");
	} else if (v != NULL && !json_is_null(v))
		errlist_add(&req->errs, "until_used", FE_BOOLEAN,
		    "must be true or false");
	if (*until_used && *grace == 0 && req->errs.n == 0)
		errlist_add(&req->errs, "grace_seconds", FE_GRACE_NEEDED,
		    "must be above 0 with until_used: the old secret works "
		    "until the new one is used, or this many seconds");
}

int
validate_token_rotate(struct request *req)
{
	static const char *const known[] = { "grace_seconds", "until_used",
	    NULL };
	struct token_input	*in = arena_calloc(&req->arena, sizeof(*in));

	if (query_none(req) == -1)
		return -1;
	body_unknown(req, known);
	body_rotate(req, &in->grace, &in->until_used);
	return validate_done(req, in);
}

/* POST /tokens/revoke-leaked: {"tokens": [1 to 1000 strings]}. */
int
validate_revoke_leaked(struct request *req)
{
	static const char *const known[] = { "tokens", NULL };
	struct leaked_input	*in = arena_calloc(&req->arena, sizeof(*in));
	json_t			*v = json_object_get(req->input_json, "tokens");
	json_t			*item;
	size_t			 i;

	if (query_none(req) == -1)
		return -1;
	body_unknown(req, known);
	if (v == NULL || json_is_null(v))
		errlist_add(&req->errs, "tokens", FE_REQUIRED, "is required");
	else if (req->input_form && json_is_string(v)) {
		in->n = 1;
		in->tokens = arena_alloc(&req->arena, sizeof(*in->tokens));
		in->tokens[0] = json_string_value(v);
	} else if (!json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > LEAKED_MAX)
		errlist_add(&req->errs, "tokens", FE_LEAKED_LIST,
		    "must be an array of 1 to 1000 strings");
	else {
		in->n = json_array_size(v);
		in->tokens = arena_alloc(&req->arena, in->n *
		    sizeof(*in->tokens));
		json_array_foreach(v, i, item) {
			if (!json_is_string(item) ||
			    json_string_length(item) > 1024) {
				errlist_add(&req->errs, "tokens",
				    FE_LEAKED_LIST, "must be an array of 1 to "
				    "1000 strings");
				break;
			}
			in->tokens[i] = json_string_value(item);
		}
	}
	return validate_done(req, in);
}

int
validate_cockpit_create(struct request *req)
{
	json_t	*t;
	int	 rc;

	json_object_set_new(req->input_json, "status", json_string("pending"));
	rc = validate_token_form(req);
	/*
	 * A sign-in for all tenants chooses one, or "*", on purpose: the
	 * domain refuses the form without it too, but saying it here puts
	 * it beside the form's other errors.
	 */
	t = json_object_get(req->input_json, "tenant");
	if (authz_is_star(&req->caller) && (t == NULL || json_is_null(t) ||
	    (json_is_string(t) && json_string_length(t) == 0))) {
		errlist_add(&req->errs, "tenant", FE_TENANT_REQUIRED,
		    "is required: a tenant id, or \"*\" for all tenants");
		rc = -1;
	}
	return rc;
}

/* A cockpit form: the fields known lists, each optional. */
static int
validate_cockpit(struct request *req, const char *const *known)
{
	struct cockpit_input	*in = arena_calloc(&req->arena, sizeof(*in));
	const char		*s;

	body_unknown(req, known);
	if (body_string(req, "back", 1, TENANT_ID_MAX, 0, 1, &s) == 1 &&
	    validate_tenant_id(s))
		in->back = s;
	if (body_string(req, "expiring", 1, 8, 0, 1, &s) == 1 &&
	    strcmp(s, "7") == 0)
		in->expiring = 7;
	if (body_string(req, "from", 1, 8, 0, 1, &s) == 1)
		in->from_token = strcmp(s, "token") == 0;
	if (body_string(req, "confirm", 1, 8, 0, 1, &s) == 1)
		in->confirm = strcmp(s, "yes") == 0;
	if (body_string(req, "cascade", 1, 8, 0, 1, &s) == 1)
		in->cascade = strcmp(s, "yes") == 0 || strcmp(s, "on") == 0;
	/* A pasted token may come with the line break that ended it. */
	body_string(req, "token", 1, 512, 1, 0, &in->token);
	if (json_object_get(req->input_json, "grace_seconds") != NULL ||
	    json_object_get(req->input_json, "until_used") != NULL)
		body_rotate(req, &in->grace, &in->until_used);
	return validate_done(req, in);
}

int
validate_cockpit_login(struct request *req)
{
	static const char *const known[] = { "token", NULL };

	return validate_cockpit(req, known);
}

int
validate_cockpit_save(struct request *req)
{
	static const char *const known[] = { "back", NULL };

	return validate_cockpit(req, known);
}

int
validate_cockpit_revoke(struct request *req)
{
	static const char *const known[] = { "back", "expiring", "from",
	    "confirm", "cascade", NULL };

	return validate_cockpit(req, known);
}

int
validate_cockpit_rotate(struct request *req)
{
	static const char *const known[] = { "confirm", "grace_seconds",
	    "until_used", NULL };

	return validate_cockpit(req, known);
}

int
validate_no_body(struct request *req)
{
	static const char *const known[] = { NULL };

	body_unknown(req, known);
	return validate_done(req, NULL);
}

int
validate_token_activate(struct request *req)
{
	if (query_none(req) == -1)
		return -1;
	return validate_no_body(req);
}

/* Query strings: each known argument at most once; unknown ones are 400. */
static const char *
query_once(struct request *req, const char *key)
{
	if (request_arg_count(req, key) > 1) {
		errlist_add(&req->errs, key, FE_REPEATED,
		    "given more than once");
		return NULL;
	}
	return request_arg(req, key);
}

static void
query_paging(struct request *req, struct list_input *in, int id_cursor)
{
	const char	*limit, *cursor;
	char		*end;
	long long	 v;

	in->limit = LIST_LIMIT_DEFAULT;
	if ((limit = query_once(req, "limit")) != NULL) {
		errno = 0;
		v = strtoll(limit, &end, 10);
		if (!isdigit((unsigned char)*limit) || *end != '\0' ||
		    errno != 0 || v < 1 || v > LIST_LIMIT_MAX)
			errlist_add(&req->errs, "limit", FE_LIMIT_RANGE,
			    "must be an integer from 1 to 200");
		else
			in->limit = (unsigned int)v;
	}
	if ((cursor = query_once(req, "cursor")) == NULL)
		return;
	if (id_cursor) {
		if (!validate_tenant_id(cursor))
			errlist_add(&req->errs, "cursor", FE_CURSOR,
			    "is not a cursor this API returned");
		else
			in->after = cursor;
		return;
	}
	errno = 0;
	v = strtoll(cursor, &end, 10);
	if (!isdigit((unsigned char)*cursor) || *end != '\0' || errno != 0 ||
	    v < 1)
		errlist_add(&req->errs, "cursor", FE_CURSOR,
		    "is not a cursor this API returned");
	else
		in->cursor = v;
}

static void
query_tenant(struct request *req, struct list_input *in)
{
	const char	*t = query_once(req, "tenant");

	if (t == NULL)
		return;
	if (strcmp(t, TENANT_ALL) != 0 && !validate_tenant_id(t))
		errlist_add(&req->errs, "tenant", FE_TENANT_FORMAT,
		    "must be a tenant id or \"*\"");
	else
		in->tenant = t;
}

static int
query_done(struct request *req, struct list_input *in)
{
	if (req->errs.n > 0) {
		resp_validation(req, 400);
		return -1;
	}
	req->input = in;
	return 0;
}

int
validate_token_revoke(struct request *req)
{
	static const char *const known[] = { "cascade", NULL };
	struct token_input	*in = arena_calloc(&req->arena, sizeof(*in));
	const char		*c = query_once(req, "cascade");

	query_unknown(req, known);
	if (c != NULL) {
		if (strcmp(c, "true") == 0)
			in->cascade = 1;
		else if (strcmp(c, "false") != 0)
			errlist_add(&req->errs, "cascade", FE_BOOLEAN,
			    "must be true or false");
	}
	if (req->errs.n > 0) {
		resp_validation(req, 400);
		return -1;
	}
	req->input = in;
	return 0;
}

int
validate_tenant_list(struct request *req)
{
	static const char *const known[] = { "limit", "cursor", NULL };
	struct list_input	*in = arena_calloc(&req->arena, sizeof(*in));

	query_unknown(req, known);
	query_paging(req, in, 1);
	return query_done(req, in);
}

int
validate_token_list(struct request *req)
{
	static const char *const known[] = { "limit", "cursor", "tenant",
	    "status", "q", "expiring_within", NULL };
	struct list_input	*in = arena_calloc(&req->arena, sizeof(*in));
	const char		*st, *q, *ew;
	char			*end;
	long long		 v;

	query_unknown(req, known);
	query_paging(req, in, 0);
	query_tenant(req, in);
	if ((st = query_once(req, "status")) != NULL) {
		if (strcmp(st, "pending") && strcmp(st, "active") &&
		    strcmp(st, "revoked") && strcmp(st, "expired"))
			errlist_add(&req->errs, "status", FE_STATUS,
			    "must be pending, active, expired or revoked");
		else
			in->status = st;
	}
	if ((q = query_once(req, "q")) != NULL) {
		if (*q == '\0' || text_utf8_len(q, strlen(q)) > NAME_MAX_CHARS ||
		    !text_printable(q, strlen(q), 0))
			errlist_add(&req->errs, "q", FE_QUERY_TEXT,
			    "must be 1 to 128 printable characters");
		else
			in->q = q;
	}
	/* The active tokens that expire within that many days. */
	if ((ew = query_once(req, "expiring_within")) != NULL) {
		errno = 0;
		v = strtoll(ew, &end, 10);
		if (!isdigit((unsigned char)*ew) || *end != '\0' ||
		    errno != 0 || v < 1 || v > EXPIRING_WITHIN_MAX)
			errlist_add(&req->errs, "expiring_within",
			    FE_EXPIRING_RANGE,
			    "must be an integer from 1 to 365 (days)");
		else
			in->expiring_within = (unsigned int)v;
	}
	return query_done(req, in);
}

int
validate_audit_list(struct request *req)
{
	static const char *const known[] = { "limit", "cursor", "tenant",
	    "since", NULL };
	struct list_input	*in = arena_calloc(&req->arena, sizeof(*in));
	const char		*since;

	query_unknown(req, known);
	query_paging(req, in, 0);
	query_tenant(req, in);
	if ((since = query_once(req, "since")) != NULL &&
	    text_rfc3339_parse(since, &in->since) == -1)
		errlist_add(&req->errs, "since", FE_DATE_FORMAT,
		    "must be an RFC 3339 date-time");
	return query_done(req, in);
}
