/* SPDX-License-Identifier: ISC */
/* Unit tests of the log lines' syslog priorities (journald's "<N>"). */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "../tap.h"

static char	 path[] = "/tmp/test_log.XXXXXX";

/* What the calls since the last look wrote to stderr. */
static char *
logged(void)
{
	static char	 buf[8192];
	FILE		*f;
	size_t		 n;

	if ((f = fopen(path, "r")) == NULL)
		return "";
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	if (truncate(path, 0) == -1 || lseek(STDERR_FILENO, 0, SEEK_SET) == -1)
		return "";
	return buf;
}

static void
journal_env(unsigned long long dev, unsigned long long ino)
{
	char	 v[64];

	snprintf(v, sizeof(v), "%llu:%llu", dev, ino);
	setenv("JOURNAL_STREAM", v, 1);
}

int
main(void)
{
	struct stat	 st;
	char		*s;
	int		 fd;

	if ((fd = mkstemp(path)) == -1 || dup2(fd, STDERR_FILENO) == -1)
		return 99;
	close(fd);
	unsetenv("JOURNAL_STREAM");

	log_init("test", LOG_DEBUG);
	log_warnx("plain");
	s = logged();
	ok(s[0] != '<' && strstr(s, " warn: plain") != NULL,
	    "no prefix when stderr is not the journal: %.40s", s);

	log_setpriority(LOG_PRIORITY_ON);
	log_errx("e");
	ok(strncmp(logged(), "<3>", 3) == 0, "error: <3>");
	log_warnx("w");
	ok(strncmp(logged(), "<4>", 3) == 0, "warning: <4>");
	log_info("i");
	ok(strncmp(logged(), "<6>", 3) == 0, "info: <6>");
	log_debug("d");
	ok(strncmp(logged(), "<7>", 3) == 0, "debug: <7>");
	log_request("127.0.0.1", "GET", "/api/v1/health", 200, 1234, "rid",
	    "health", NULL);
	s = logged();
	ok(strncmp(s, "<6>", 3) == 0 && strstr(s, "GET /api/v1/health 200") !=
	    NULL, "the request line: <6> (info): %.60s", s);
	log_setpriority(LOG_PRIORITY_OFF);
	log_warnx("w");
	ok(logged()[0] != '<', "off: no prefix");

	if (fstat(STDERR_FILENO, &st) == -1)
		return 99;
	journal_env((unsigned long long)st.st_dev,
	    (unsigned long long)st.st_ino);
	ok(log_stderr_is_journal(), "JOURNAL_STREAM naming stderr: the journal");
	log_setpriority(LOG_PRIORITY_AUTO);
	log_warnx("w");
	ok(strncmp(logged(), "<4>", 3) == 0, "auto: prefix when it is");
	journal_env((unsigned long long)st.st_dev,
	    (unsigned long long)st.st_ino + 1);
	ok(!log_stderr_is_journal(), "JOURNAL_STREAM naming another stream "
	    "(inherited by a child whose stderr moved): not the journal");
	log_setpriority(LOG_PRIORITY_AUTO);
	log_warnx("w");
	ok(logged()[0] != '<', "auto: no prefix then");
	setenv("JOURNAL_STREAM", "garbage", 1);
	ok(!log_stderr_is_journal(), "a malformed JOURNAL_STREAM: not");
	log_init("test", LOG_WARN);
	log_info("i");
	ok(*logged() == '\0', "levels still apply");

	unlink(path);
	return tap_done();
}
