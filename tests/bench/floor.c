/* SPDX-License-Identifier: ISC */
/*
 * The benchmark's floor: a FastCGI responder that does nothing. It answers
 * every request 204 with two fixed headers, like a gatekeeper verdict, and
 * touches no database. Run it exactly as the workers are run (spawn-fcgi
 * passes the listening socket as descriptor 0, multiwatch keeps N of them),
 * behind the same nginx: what the pipeline costs without the product.
 *
 * Links libfcgi only.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <fcgiapp.h>

static const char answer[] =
    "Status: 204 No Content\r\n"
    "X-Tenant-Id: floor\r\n"
    "X-Token-Id: tok_0000000000000000\r\n"
    "\r\n";

static void
floor_stop(int sig)
{
	(void)sig;
	FCGX_ShutdownPending();
}

int
main(void)
{
	struct sigaction	 sa;
	FCGX_Request		 fr;

	if (FCGX_Init() != 0 || FCGX_IsCGI()) {
		fprintf(stderr, "floor: run me under spawn-fcgi\n");
		return 1;
	}
	if (FCGX_InitRequest(&fr, 0, 0) != 0)
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = floor_stop;	/* no SA_RESTART: accept must wake */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	while (FCGX_Accept_r(&fr) >= 0) {
		FCGX_PutStr(answer, (int)sizeof(answer) - 1, fr.out);
		FCGX_Finish_r(&fr);
	}
	FCGX_Free(&fr, 1);
	return 0;
}
