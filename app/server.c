/* SPDX-License-Identifier: ISC */
/* The FastCGI accept loop: fills the request, dispatches, writes, logs. */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

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
static volatile sig_atomic_t	 server_accepting;

/*
 * A stop signal lets the request in flight finish: SA_RESTART keeps its
 * system calls going and the loop ends after it. A worker waiting in
 * accept leaves at once: without its listening socket (its own descriptor,
 * the other workers keep theirs) accept fails.
 */
static void
server_signal(int sig)
{
	(void)sig;
	server_stop = 1;
	FCGX_ShutdownPending();
	if (server_accepting)
		close(0);
}

int
server_stopping(void)
{
	return server_stop;
}

/*
 * The request id: the web server's (nginx's $request_id, Apache's
 * UNIQUE_ID) when short and plain, else one of ours. Never a client's
 * header: the audit trusts it (SPEC §7).
 */
static const char *
server_request_id(struct request *req, const char *server)
{
	unsigned char	 rnd[8];
	char		*hex;
	size_t		 i;

	if (server != NULL) {
		for (i = 0; server[i] != '\0' && i <= 64; i++)
			if (!isalnum((unsigned char)server[i]) &&
			    server[i] != '-' && server[i] != '_' &&
			    server[i] != '.' && server[i] != '@')
				break;
		if (server[i] == '\0' && i > 0 && i <= 64)
			return server;
	}
	randombytes_buf(rnd, sizeof(rnd));
	hex = arena_alloc(&req->arena, 2 * sizeof(rnd) + 1);
	sodium_bin2hex(hex, 2 * sizeof(rnd) + 1, rnd, sizeof(rnd));
	return hex;
}

/*
 * One pass over the FastCGI parameters. The request points into libfcgi's
 * strings, which live until FCGX_Finish_r: the request is answered, and
 * reset, before that.
 */
static void
server_fill(struct request *req, FCGX_Request *fr)
{
	/*
	 * The parameters wanted, sorted by the length of their name (first[]
	 * is built from that order, and checked): nginx sends some twenty,
	 * and most are told apart by length alone.
	 */
	static const struct {
		const char	*name;
		int		 slot;
	} wanted[] = {
		{ "HTTPS", 14 },
		{ "UNIQUE_ID", 15 },
		{ "FCGI_ROLE", 0 },
		{ "REQUEST_ID", 16 },
		{ "REQUEST_URI", 2 }, { "SCRIPT_NAME", 4 },
		{ "HTTP_COOKIE", 9 }, { "REMOTE_ADDR", 11 },
		{ "DOCUMENT_URI", 3 }, { "QUERY_STRING", 5 },
		{ "CONTENT_TYPE", 6 },
		{ "REQUEST_METHOD", 1 }, { "CONTENT_LENGTH", 7 },
		{ "HTTP_X_TENANT_ID", 13 },
		{ "HTTP_AUTHORIZATION", 8 },
		{ "HTTP_ACCEPT_LANGUAGE", 10 },
		{ "HTTP_X_ORIGINAL_METHOD", 12 },
	};
	/* first[len]..first[len + 1]: the entries of wanted[] that long. */
	static unsigned char	 first[24];
	char		*v[17] = { NULL }, **e, *uri, *q, *end, *eq;
	size_t		 i, len;

	if (first[23] == 0) {
		for (len = 0, i = 0; len < 23; len++) {
			first[len] = (unsigned char)i;
			while (i < sizeof(wanted) / sizeof(wanted[0]) &&
			    strlen(wanted[i].name) == len)
				i++;
		}
		if (i != sizeof(wanted) / sizeof(wanted[0]))
			fatalx("server_fill: wanted[] is not sorted by length");
		first[23] = (unsigned char)i;
	}
	for (e = fr->envp; e != NULL && *e != NULL; e++) {
		if ((eq = strchr(*e, '=')) == NULL ||
		    (len = (size_t)(eq - *e)) >= 23)
			continue;
		for (i = first[len]; i < first[len + 1]; i++)
			if ((*e)[len - 1] == wanted[i].name[len - 1] &&
			    memcmp(*e, wanted[i].name, len) == 0) {
				v[wanted[i].slot] = eq + 1;
				break;
			}
	}
	req->fcgi = fr;
	req->authorizer = v[0] != NULL && strcmp(v[0], "AUTHORIZER") == 0;
	req->method = v[1] != NULL ? v[1] : "GET";
	uri = v[2] ? v[2] : v[3] ? v[3] : v[4];
	if (uri != NULL) {
		/* The path ends at the query; REQUEST_URI is not read again. */
		if ((q = strchr(uri, '?')) != NULL) {
			*q = '\0';
			req->query = q + 1;
		}
		req->path = uri;
	}
	if (req->query == NULL)
		req->query = v[5];
	req->content_type = v[6];
	if (v[7] != NULL && *v[7] != '\0') {
		errno = 0;
		req->content_length = strtoll(v[7], &end, 10);
		if (errno != 0 || *end != '\0' || req->content_length < 0)
			req->content_length = -2;	/* unparsable */
	}
	if (v[8] != NULL) {
		req->authorization = v[8];
		req->authorization_len = strlen(v[8]);
	}
	req->cookie = v[9];
	req->accept_language = v[10];
	req->remote_addr = v[11];
	req->orig_method = v[12];
	req->x_tenant = v[13];
	req->https = v[14] != NULL && (strcasecmp(v[14], "on") == 0 ||
	    strcmp(v[14], "1") == 0);
	req->request_id = server_request_id(req, v[16] ? v[16] : v[15]);
}

/* Wipes the credentials in libfcgi's environment (req points at them). */
static void
server_wipe(struct request *req)
{
	if (req->authorization != NULL)
		sodium_memzero(req->authorization, req->authorization_len);
	if (req->cookie != NULL)
		sodium_memzero((char *)req->cookie, strlen(req->cookie));
}

static long
server_elapsed_us(const struct timespec *start)
{
	struct timespec	 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - start->tv_sec) * 1000000 +
	    (now.tv_nsec - start->tv_nsec) / 1000;
}

static void
server_handle(struct request *req, FCGX_Request *fr, struct buf *out)
{
	const char	*route;
	long		 us;

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
		if (!req->resp.cache_control)
			resp_header_str(req, "Cache-Control", "no-store");
		resp_header_str(req, "X-Content-Type-Options", "nosniff");
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
	us = server_elapsed_us(&req->start);
	metrics_request(req->route, req->resp.status, (uint64_t)us);
	log_request(req->remote_addr, req->method, req->path,
	    req->resp.status, us, req->request_id, route, req->log_extra);
}

/* Work that need not delay an answer: done after it has gone out. */
static void
server_after(struct app *app)
{
	unsigned long long	 n;
	time_t			 now;

	authn_flush_first_use(app);
	authn_flush_usage(app, 0);
	metrics_sync(app);
	now = time(NULL);
	if (now >= app->next_purge) {
		/* Every worker does it now and then; each run is cheap. */
		app->next_purge = now + app->cfg->purge_interval +
		    (time_t)randombytes_uniform(app->cfg->purge_interval);
		if (db_connected(app->db) &&
		    db_purge(app->db, app->cfg->pending_ttl, &n) == DB_OK &&
		    n > 0)
			log_info("purged %llu pending token(s) never saved", n);
		if (db_connected(app->db) &&
		    db_session_purge(app->db, app->cfg->session_idle,
		    app->cfg->session_max) == DB_OK &&
		    (n = db_affected(app->db, DB_SESSION_PURGE)) > 0)
			log_info("purged %llu expired cockpit session(s)", n);
		if (db_connected(app->db))
			db_auth_prune(app->db, app->cfg->change_log_keep, &n);
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
	struct timeval		 accept_wait = { 1, 0 };
	int			 rc;

	if (FCGX_Init() != 0)
		fatalx("FCGX_Init failed");
	if (FCGX_IsCGI())
		fatalx("not started as a FastCGI application: run it under "
		    "spawn-fcgi (see README)");
	if (FCGX_InitRequest(&fr, 0, 0) != 0)
		fatalx("FCGX_InitRequest failed");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = server_signal;
	sa.sa_flags = SA_RESTART;
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
	sa.sa_flags = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);

	/*
	 * last_used_at notes wait in a worker for up to 10 s, and an idle
	 * worker must write them too: accept() gives up after a second, and
	 * the worker writes what is due before waiting again. A bounded
	 * accept, not a poll(): a connection wakes one worker in accept, but
	 * every worker in poll, and the ones that lost the race would be back
	 * in accept with their notes. Every worker of the pool sets the same
	 * value on the socket they share.
	 */
	if (setsockopt(0, SOL_SOCKET, SO_RCVTIMEO, &accept_wait,
	    sizeof(accept_wait)) == -1)
		log_warn("SO_RCVTIMEO on the listening socket: an idle worker "
		    "writes last_used_at only with its next request");

	request_init(&req, app);
	log_info("worker ready");
	for (;;) {
		/* Set before the check: a signal from now on closes the socket. */
		server_accepting = 1;
		if (server_stop)
			break;
		rc = FCGX_Accept_r(&fr);
		server_accepting = 0;
		if (rc == -EAGAIN) {	/* EWOULDBLOCK on Linux */
			authn_flush_usage(app, 0);
			continue;
		}
		if (rc < 0)
			break;
		server_handle(&req, &fr, &out);
		server_wipe(&req);
		FCGX_Finish_r(&fr);
		request_reset(&req);
		server_after(app);
	}
	log_info("worker stopping");
	authn_flush_usage(app, 1);
	request_reset(&req);
	arena_free(&req.arena);
	buf_free(&req.resp.head);
	buf_free(&req.resp.body);
	buf_free(&out);
	FCGX_Free(&fr, 1);
	return 0;
}
