/* SPDX-License-Identifier: ISC */
/* Request parsing: query string, JSON and form bodies, cookies, bearer. */
#include <sys/time.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <strings.h>

#include <fcgiapp.h>
#include <sodium.h>

#include "app.h"
#include "config.h"
#include "http.h"
#include "text.h"

/* The connection whose body is being read, while the deadline is armed. */
static volatile sig_atomic_t	 request_body_fd = -1;
static volatile sig_atomic_t	 request_body_late;

void
errlist_add_arg(struct errlist *e, const char *field, enum field_code code,
    unsigned int arg, const char *message)
{
	if (e->n < ERRLIST_MAX) {
		e->e[e->n].field = field;
		e->e[e->n].code = code;
		e->e[e->n].arg = arg;
		e->e[e->n].message = message;
		e->n++;
	}
}

void
errlist_add(struct errlist *e, const char *field, enum field_code code,
    const char *message)
{
	errlist_add_arg(e, field, code, 0, message);
}

void
errlist_append(struct errlist *e, const struct errlist *src)
{
	int	 i;

	for (i = 0; i < src->n && e->n < ERRLIST_MAX; i++)
		e->e[e->n++] = src->e[i];
}

void
request_init(struct request *req, struct app *app)
{
	memset(req, 0, sizeof(*req));
	arena_init(&req->arena);
	req->app = app;
	req->content_length = -1;
}

void
request_reset(struct request *req)
{
	struct response	 resp = req->resp;
	struct arena	 arena = req->arena;
	struct app	*app = req->app;

	if (req->input_json != NULL)
		json_decref(req->input_json);
	arena_reset(&arena);
	buf_reset(&resp.head);
	buf_reset(&resp.body);
	resp.status = 0;
	resp.cache_control = 0;
	resp.content_type = NULL;
	memset(req, 0, sizeof(*req));
	req->arena = arena;
	req->resp = resp;
	req->app = app;
	req->content_length = -1;
}

/* Splits a&b=c into decoded pairs; -1 on bad escapes, NULs or bad UTF-8. */
static int
request_pairs(struct arena *a, const char *s, size_t n, struct kv **out)
{
	const char	*end = s + n, *amp, *eq;
	struct kv	*kv, **tail = out;
	size_t		 klen, vlen;

	*out = NULL;
	while (s < end) {
		if ((amp = memchr(s, '&', (size_t)(end - s))) == NULL)
			amp = end;
		if (amp == s) {
			s++;
			continue;
		}
		eq = memchr(s, '=', (size_t)(amp - s));
		kv = arena_calloc(a, sizeof(*kv));
		kv->key = text_pct_decode(a, s, (size_t)((eq ? eq : amp) - s), 1,
		    &klen);
		kv->val = eq ? text_pct_decode(a, eq + 1,
		    (size_t)(amp - eq - 1), 1, &vlen) : (vlen = 0, "");
		if (kv->key == NULL || kv->val == NULL ||
		    strlen(kv->key) != klen || strlen(kv->val) != vlen ||
		    text_utf8_len(kv->key, klen) < 0 ||
		    text_utf8_len(kv->val, vlen) < 0)
			return -1;
		*tail = kv;
		tail = &kv->next;
		s = amp + 1;
	}
	return 0;
}

int
request_parse_query(struct request *req)
{
	if (req->query == NULL || *req->query == '\0')
		return 0;
	return request_pairs(&req->arena, req->query, strlen(req->query),
	    &req->args);
}

const char *
request_arg(const struct request *req, const char *key)
{
	const struct kv	*kv;

	for (kv = req->args; kv != NULL; kv = kv->next)
		if (strcmp(kv->key, key) == 0)
			return kv->val;
	return NULL;
}

int
request_arg_count(const struct request *req, const char *key)
{
	const struct kv	*kv;
	int		 n = 0;

	for (kv = req->args; kv != NULL; kv = kv->next)
		if (strcmp(kv->key, key) == 0)
			n++;
	return n;
}

/* A form becomes a JSON object of strings; repeated keys become arrays. */
int
request_form_to_json(struct arena *a, const char *body, size_t len,
    json_t **out, const char **detail)
{
	struct kv	*kv, *list;
	json_t		*obj, *prev, *arr;

	if (request_pairs(a, body, len, &list) == -1) {
		*detail = "the form body has a bad percent-escape, a NUL byte "
		    "or invalid UTF-8";
		return -1;
	}
	obj = json_object();
	for (kv = list; kv != NULL; kv = kv->next) {
		prev = json_object_get(obj, kv->key);
		if (prev == NULL)
			json_object_set_new(obj, kv->key,
			    json_string(kv->val));
		else if (json_is_array(prev))
			json_array_append_new(prev, json_string(kv->val));
		else {
			arr = json_array();
			json_array_append(arr, prev);
			json_array_append_new(arr, json_string(kv->val));
			json_object_set_new(obj, kv->key, arr);
		}
	}
	*out = obj;
	return 0;
}

int
request_media_type(const char *ct)
{
	const char	*semi, *p;
	size_t		 n;

	if (ct == NULL || *ct == '\0')
		return MEDIA_NONE;
	semi = strchr(ct, ';');
	n = semi ? (size_t)(semi - ct) : strlen(ct);
	while (n > 0 && isspace((unsigned char)ct[n - 1]))
		n--;
	if (semi != NULL) {
		/* Only UTF-8 is spoken; any other parameter is tolerated. */
		for (p = semi + 1; *p != '\0'; p++)
			if (strncasecmp(p, "charset", 7) == 0) {
				p += 7;
				while (*p == ' ' || *p == '=' || *p == '"')
					p++;
				if (strncasecmp(p, "utf-8", 5) != 0)
					return MEDIA_OTHER;
				break;
			}
	}
	if ((n == 16 && strncasecmp(ct, "application/json", n) == 0) ||
	    (n == 28 && strncasecmp(ct, "application/merge-patch+json",
	    n) == 0))
		return MEDIA_JSON;
	if (n == 33 && strncasecmp(ct, "application/x-www-form-urlencoded",
	    n) == 0)
		return MEDIA_FORM;
	return MEDIA_OTHER;
}

/*
 * The body deadline has passed. FCGX_GetStr calls read() until it has
 * all it asked for, so a flag alone would not stop a client that sends
 * a byte now and then: make the socket non-blocking, and every read()
 * from now on ends as soon as nothing is waiting. (Installed without
 * SA_RESTART, the signal also breaks the read() under way.) Not
 * shutdown(SHUT_RD): on a Unix socket the web server's next write would
 * fail, and it would drop the 408 on its way (cgi-fcgi dies of the
 * SIGPIPE); libfcgi reads what still comes after the answer.
 */
static void
request_body_alarm(int sig)
{
	int	 saved_errno = errno, fl;

	(void)sig;
	request_body_late = 1;
	if (request_body_fd != -1 &&
	    (fl = fcntl(request_body_fd, F_GETFL)) != -1)
		fcntl(request_body_fd, F_SETFL, fl | O_NONBLOCK);
	errno = saved_errno;
}

/*
 * Reads the body: CONTENT_LENGTH bytes, or, when the web server gave no
 * length (Apache streams a chunked body), up to the end of the stream.
 * -1 when the client sent less than it said; -2 when the stream holds
 * more than limit bytes; -3 when the whole body took longer than
 * body_timeout seconds, however steadily its bytes came.
 */
int
request_read_body(struct request *req, size_t limit)
{
	static int		 handler_set;
	struct sigaction	 sa;
	struct itimerval	 deadline, off;
	char			*buf;
	size_t			 want, got = 0;
	int			 n, failed, fl;

	if (req->content_length == 0 || req->fcgi == NULL)
		return 0;
	/* Once per worker, and only when a body comes: not on /auth's path. */
	if (!handler_set) {
		memset(&sa, 0, sizeof(sa));
		sigemptyset(&sa.sa_mask);
		sa.sa_handler = request_body_alarm;
		sigaction(SIGALRM, &sa, NULL);
		handler_set = 1;
	}
	/*
	 * Nobody holds a worker by sending a body slowly (Apache streams
	 * it): the deadline covers the whole body, not each read.
	 */
	memset(&deadline, 0, sizeof(deadline));
	memset(&off, 0, sizeof(off));
	deadline.it_value.tv_sec = req->app->cfg->body_timeout;
	request_body_late = 0;
	request_body_fd = req->fcgi->ipcFd;
	setitimer(ITIMER_REAL, &deadline, NULL);

	want = req->content_length > 0 ? (size_t)req->content_length :
	    limit + 1;
	buf = arena_alloc(&req->arena, want + 1);
	while (got < want) {
		n = FCGX_GetStr(buf + got, (int)(want - got), req->fcgi->in);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	/* Short, or the web server stopped sending, or the deadline came. */
	failed = (req->content_length > 0 && got < want) ||
	    FCGX_GetError(req->fcgi->in) != 0;
	setitimer(ITIMER_REAL, &off, NULL);
	request_body_fd = -1;
	/* The answer is written blocking. */
	if (request_body_late &&
	    (fl = fcntl(req->fcgi->ipcFd, F_GETFL)) != -1)
		fcntl(req->fcgi->ipcFd, F_SETFL, fl & ~O_NONBLOCK);
	/* Whole but late (the alarm rang after the last byte) is whole. */
	if (failed)
		return request_body_late ? -3 : -1;
	if (got > limit)
		return -2;
	buf[got] = '\0';
	req->body = buf;
	req->body_len = got;
	return 0;
}

/* Parses req->body by its media type into req->input_json (an object). */
int
request_parse_body(struct request *req, const char **detail)
{
	json_error_t	 jerr;
	json_t		*j;

	if (req->body_len == 0) {
		req->input_json = json_object();
		return 0;
	}
	switch (request_media_type(req->content_type)) {
	case MEDIA_JSON:
		j = json_loadb(req->body, req->body_len,
		    JSON_REJECT_DUPLICATES, &jerr);
		if (j == NULL) {
			*detail = arena_printf(&req->arena, "the body is not "
			    "valid JSON: %s at line %d column %d", jerr.text,
			    jerr.line, jerr.column);
			return -1;
		}
		if (!json_is_object(j)) {
			json_decref(j);
			*detail = "the body must be a JSON object";
			return -1;
		}
		req->input_json = j;
		return 0;
	case MEDIA_FORM:
		req->input_form = 1;
		return request_form_to_json(&req->arena, req->body,
		    req->body_len, &req->input_json, detail);
	default:
		*detail = "unsupported content type";
		return -1;
	}
}

const char *
request_cookie(struct request *req, const char *name)
{
	const char	*p = req->cookie, *end, *eq;
	size_t		 nlen = strlen(name);

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == ';')
			p++;
		end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq != NULL && (size_t)(eq - p) == nlen &&
		    memcmp(p, name, nlen) == 0)
			return arena_strndup(&req->arena, eq + 1,
			    (size_t)(end - eq - 1));
		p = end;
	}
	return NULL;
}

/* "Bearer <token>": 0 and the token, -1 when absent or another scheme. */
int
request_bearer(const struct request *req, const char **tok, size_t *len)
{
	const char	*p = req->authorization;
	size_t		 n;

	if (p == NULL || strncasecmp(p, "Bearer ", 7) != 0)
		return -1;
	for (p += 7; *p == ' '; p++)
		;
	n = strlen(p);
	while (n > 0 && p[n - 1] == ' ')
		n--;
	if (n == 0)
		return -1;
	*tok = p;
	*len = n;
	return 0;
}
