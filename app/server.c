/* The FastCGI accept loop: fills the request, dispatches, writes, logs. */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sys/socket.h>
#include <sys/time.h>

#include <fcgiapp.h>
#include <sodium.h>

#include "app.h"
#include "auth.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "metrics.h"
#include "router.h"
#include "server.h"

static volatile sig_atomic_t	 server_stop;

static void
server_signal(int sig)
{
	(void)sig;
	server_stop = 1;
	FCGX_ShutdownPending();
}

int
server_stopping(void)
{
	return server_stop;
}

static const char *
server_param(struct request *req, FCGX_Request *fr, const char *name)
{
	const char	*v = FCGX_GetParam(name, fr->envp);

	return v ? arena_strdup(&req->arena, v) : NULL;
}

/* A client-supplied request id is kept only when it is short and plain. */
static const char *
server_request_id(struct request *req, FCGX_Request *fr)
{
	const char	*ids[] = { "HTTP_X_REQUEST_ID", "REQUEST_ID" };
	const char	*v;
	unsigned char	 rnd[8];
	char		*hex;
	size_t		 i, k;

	for (k = 0; k < 2; k++) {
		if ((v = FCGX_GetParam(ids[k], fr->envp)) == NULL)
			continue;
		for (i = 0; v[i] != '\0' && i <= 64; i++)
			if (!isalnum((unsigned char)v[i]) && v[i] != '-' &&
			    v[i] != '_' && v[i] != '.')
				break;
		if (v[i] == '\0' && i > 0 && i <= 64)
			return arena_strdup(&req->arena, v);
	}
	randombytes_buf(rnd, sizeof(rnd));
	hex = arena_alloc(&req->arena, 2 * sizeof(rnd) + 1);
	sodium_bin2hex(hex, 2 * sizeof(rnd) + 1, rnd, sizeof(rnd));
	return hex;
}

static void
server_fill(struct request *req, FCGX_Request *fr)
{
	const char	*role, *uri, *q, *cl, *auth, *https;
	char		*end;

	req->fcgi = fr;
	role = FCGX_GetParam("FCGI_ROLE", fr->envp);
	req->authorizer = role != NULL && strcmp(role, "AUTHORIZER") == 0;
	req->method = server_param(req, fr, "REQUEST_METHOD");
	if (req->method == NULL)
		req->method = "GET";
	uri = FCGX_GetParam("REQUEST_URI", fr->envp);
	if (uri == NULL)
		uri = FCGX_GetParam("DOCUMENT_URI", fr->envp);
	if (uri == NULL)
		uri = FCGX_GetParam("SCRIPT_NAME", fr->envp);
	if (uri != NULL) {
		q = strchr(uri, '?');
		req->path = q ? arena_strndup(&req->arena, uri,
		    (size_t)(q - uri)) : arena_strdup(&req->arena, uri);
		if (q != NULL)
			req->query = arena_strdup(&req->arena, q + 1);
	}
	if (req->query == NULL)
		req->query = server_param(req, fr, "QUERY_STRING");
	req->content_type = server_param(req, fr, "CONTENT_TYPE");
	cl = FCGX_GetParam("CONTENT_LENGTH", fr->envp);
	if (cl != NULL && *cl != '\0') {
		errno = 0;
		req->content_length = strtoll(cl, &end, 10);
		if (errno != 0 || *end != '\0' || req->content_length < 0)
			req->content_length = -2;	/* unparsable */
	}
	if ((auth = FCGX_GetParam("HTTP_AUTHORIZATION", fr->envp)) != NULL) {
		req->authorization_len = strlen(auth);
		req->authorization = arena_strndup(&req->arena, auth,
		    req->authorization_len);
	}
	req->cookie = server_param(req, fr, "HTTP_COOKIE");
	req->accept_language = server_param(req, fr, "HTTP_ACCEPT_LANGUAGE");
	req->remote_addr = server_param(req, fr, "REMOTE_ADDR");
	req->orig_method = server_param(req, fr, "HTTP_X_ORIGINAL_METHOD");
	req->x_tenant = server_param(req, fr, "HTTP_X_TENANT_ID");
	https = FCGX_GetParam("HTTPS", fr->envp);
	req->https = https != NULL && (strcasecmp(https, "on") == 0 ||
	    strcmp(https, "1") == 0);
	req->request_id = server_request_id(req, fr);
}

/* Wipes the copies of credentials libfcgi keeps in its environment. */
static void
server_wipe(FCGX_Request *fr)
{
	static const char *secret[] = { "HTTP_AUTHORIZATION", "HTTP_COOKIE" };
	char		*v;
	size_t		 i;

	for (i = 0; i < sizeof(secret) / sizeof(secret[0]); i++)
		if ((v = FCGX_GetParam(secret[i], fr->envp)) != NULL)
			sodium_memzero(v, strlen(v));
}

static double
server_elapsed_ms(const struct timespec *start)
{
	struct timespec	 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) * 1e3 +
	    (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

static void
server_handle(struct request *req, FCGX_Request *fr, struct buf *out)
{
	const char	*route;
	double		 ms;

	clock_gettime(CLOCK_MONOTONIC, &req->start);
	server_fill(req, fr);
	route_dispatch(req);
	if (req->resp.status == 0)
		resp_problem(req, 500, "internal_error", "no response");
	/*
	 * Apache adds an authorizer's headers to the protected answer: send
	 * it nothing but the status and the Variable-* lines.
	 */
	if (!req->authorizer || req->resp.status != 200) {
		if (strstr(req->resp.head.p ? req->resp.head.p : "",
		    "Cache-Control:") == NULL)
			resp_header(req, "Cache-Control", "no-store");
		resp_header(req, "X-Content-Type-Options", "nosniff");
	}
	buf_reset(out);
	resp_serialize(req, out);
	FCGX_PutStr(out->p, (int)out->len, fr->out);
	if (req->resp_secret) {
		sodium_memzero(out->p, out->len);
		sodium_memzero(req->resp.body.p, req->resp.body.len);
	}

	route = req->route >= 0 && req->route < ROUTE__MAX ?
	    routes[req->route].name : "-";
	ms = server_elapsed_ms(&req->start);
	metrics_request(req->route, req->resp.status, (uint64_t)(ms * 1000));
	log_info("%s %s %s %d %.2fms id=%s route=%s%s%s", req->remote_addr ?
	    req->remote_addr : "-", req->method, req->path ? req->path : "-",
	    req->resp.status, ms, req->request_id, route,
	    req->log_extra ? " " : "", req->log_extra ? req->log_extra : "");
}

/* Work that need not delay an answer: done after it has gone out. */
static void
server_after(struct app *app)
{
	unsigned long long	 n;
	time_t			 now;

	authn_flush_usage(app);
	metrics_sync(app);
	now = time(NULL);
	if (now >= app->next_purge) {
		/* Every worker does it now and then; each run is cheap. */
		app->next_purge = now + 60 + (time_t)randombytes_uniform(60);
		if (db_connected(app->db) &&
		    db_purge(app->db, app->cfg->pending_ttl, &n) == DB_OK &&
		    n > 0)
			log_info("purged %llu pending token(s) never saved", n);
	}
	db_prefer_first(app->db);
}

int
server_run(struct app *app)
{
	struct sigaction	 sa;
	sigset_t		 stopsigs;
	FCGX_Request		 fr;
	struct request		 req;
	struct buf		 out = { NULL, 0, 0 };
	struct timeval		 io_timeout = { 15, 0 };

	if (FCGX_Init() != 0)
		fatalx("FCGX_Init failed");
	if (FCGX_IsCGI())
		fatalx("not started as a FastCGI application: run it under "
		    "spawn-fcgi (see README)");
	if (FCGX_InitRequest(&fr, 0, 0) != 0)
		fatalx("FCGX_InitRequest failed");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = server_signal;	/* no SA_RESTART: accept must wake */
	sigemptyset(&sa.sa_mask);
	/*
	 * Every stop signal finishes the request in flight: multiwatch sends
	 * USR1 by default, and Debian's multiwatch 1.0.0 sends QUIT when
	 * told "-s TERM".
	 */
	sigemptyset(&stopsigs);
	sigaddset(&stopsigs, SIGTERM);
	sigaddset(&stopsigs, SIGINT);
	sigaddset(&stopsigs, SIGQUIT);
	sigaddset(&stopsigs, SIGHUP);
	sigaddset(&stopsigs, SIGUSR1);
	sa.sa_mask = stopsigs;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);

	request_init(&req, app);
	log_info("worker ready");
	for (;;) {
		sigprocmask(SIG_UNBLOCK, &stopsigs, NULL);
		if (server_stop)
			break;
		if (FCGX_Accept_r(&fr) < 0)
			break;
		/* A stop signal now waits until this request is answered. */
		sigprocmask(SIG_BLOCK, &stopsigs, NULL);
		/* Nobody holds a worker by sending or reading slowly. */
		setsockopt(fr.ipcFd, SOL_SOCKET, SO_RCVTIMEO, &io_timeout,
		    sizeof(io_timeout));
		setsockopt(fr.ipcFd, SOL_SOCKET, SO_SNDTIMEO, &io_timeout,
		    sizeof(io_timeout));
		server_handle(&req, &fr, &out);
		server_wipe(&fr);
		FCGX_Finish_r(&fr);
		request_reset(&req);
		server_after(app);
	}
	log_info("worker stopping");
	request_reset(&req);
	arena_free(&req.arena);
	buf_free(&req.resp.head);
	buf_free(&req.resp.body);
	buf_free(&out);
	FCGX_Free(&fr, 1);
	return 0;
}
