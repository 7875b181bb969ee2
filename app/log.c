/* Logging to stderr with a timestamp, the program name and the pid. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static const char	*log_name = "tenantapi";
static int		 log_lvl = LOG_INFO;

void
log_init(const char *progname, int level)
{
	log_name = progname;
	log_lvl = level;
}

void
log_setlevel(int level)
{
	log_lvl = level;
}

int
log_level_parse(const char *s)
{
	static const char *names[] = { "error", "warn", "info", "debug" };
	int	 i;

	for (i = 0; i < 4; i++)
		if (strcasecmp(s, names[i]) == 0)
			return i;
	return -1;
}

static void __attribute__((format(printf, 2, 0)))
log_vwrite(const char *level, const char *fmt, va_list ap, const char *suffix)
{
	static time_t	 stamp_sec = -1;
	static char	 stamp[32];
	static pid_t	 pid;
	char		 line[2304];
	struct timeval	 tv;
	struct tm	 tm;
	int		 n, m;

	/* Every request logs a line: format the second and the pid once. */
	gettimeofday(&tv, NULL);
	if (tv.tv_sec != stamp_sec) {
		gmtime_r(&tv.tv_sec, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
		stamp_sec = tv.tv_sec;
	}
	if (pid == 0)
		pid = getpid();
	n = snprintf(line, sizeof(line), "%s.%03ldZ %s[%ld] %s: ", stamp,
	    (long)tv.tv_usec / 1000, log_name, (long)pid, level);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	n = m < 0 ? n : n + m >= (int)sizeof(line) - 1 ?
	    (int)sizeof(line) - 2 : n + m;
	if (suffix != NULL)
		n += snprintf(line + n, sizeof(line) - (size_t)n - 1, ": %s",
		    suffix);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	/* One write per line so lines of concurrent workers do not interleave. */
	if (write(STDERR_FILENO, line, (size_t)n) == -1)
		return;		/* nowhere left to say so */
}

#define LOG_FN(fn, lvl, label)					\
void								\
fn(const char *fmt, ...)					\
{								\
	va_list	 ap;						\
								\
	if (log_lvl < lvl)					\
		return;						\
	va_start(ap, fmt);					\
	log_vwrite(label, fmt, ap, NULL);			\
	va_end(ap);						\
}

LOG_FN(log_warnx, LOG_WARN, "warn")
LOG_FN(log_info, LOG_INFO, "info")
LOG_FN(log_debug, LOG_DEBUG, "debug")

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	if (log_lvl < LOG_WARN)
		return;
	va_start(ap, fmt);
	log_vwrite("warn", fmt, ap, strerror(saved));
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_vwrite("fatal", fmt, ap, strerror(saved));
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite("fatal", fmt, ap, NULL);
	va_end(ap);
	exit(1);
}
