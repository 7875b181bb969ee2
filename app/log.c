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

#include "buf.h"
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

/* The second and the pid change rarely: format them once each. */
static const char *
log_stamp(struct timeval *tv)
{
	static time_t	 stamp_sec = -1;
	static char	 stamp[32];
	struct tm	 tm;

	gettimeofday(tv, NULL);
	if (tv->tv_sec != stamp_sec) {
		gmtime_r(&tv->tv_sec, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
		stamp_sec = tv->tv_sec;
	}
	return stamp;
}

static long
log_pid(void)
{
	static pid_t	 pid;

	if (pid == 0)
		pid = getpid();
	return (long)pid;
}

struct log_line {
	char	 p[2304];
	size_t	 n;
};

static void
log_mem(struct log_line *l, const char *p, size_t n)
{
	if (n > sizeof(l->p) - 2 - l->n)
		n = sizeof(l->p) - 2 - l->n;
	memcpy(l->p + l->n, p, n);
	l->n += n;
}

static void
log_str(struct log_line *l, const char *s)
{
	log_mem(l, s, strlen(s));
}

/* A decimal number, at least width digits. */
static void
log_num(struct log_line *l, unsigned long v, int width)
{
	char	 d[BUF_UDEC_SIZE];

	log_mem(l, d, buf_udec(d, v, width));
}

void
log_request(const char *addr, const char *method, const char *path,
    int status, long usec, const char *id, const char *route,
    const char *extra)
{
	struct log_line	 l;
	struct timeval	 tv;

	if (log_lvl < LOG_INFO)
		return;
	l.n = 0;
	log_str(&l, log_stamp(&tv));
	log_str(&l, ".");
	log_num(&l, (unsigned long)tv.tv_usec / 1000, 3);
	log_str(&l, "Z ");
	log_str(&l, log_name);
	log_str(&l, "[");
	log_num(&l, (unsigned long)log_pid(), 1);
	log_str(&l, "] info: ");
	log_str(&l, addr ? addr : "-");
	log_str(&l, " ");
	log_str(&l, method ? method : "-");
	log_str(&l, " ");
	log_str(&l, path ? path : "-");
	log_str(&l, " ");
	log_num(&l, (unsigned long)status, 3);
	log_str(&l, " ");
	log_num(&l, (unsigned long)usec / 1000, 1);
	log_str(&l, ".");
	log_num(&l, (unsigned long)(usec % 1000) / 10, 2);
	log_str(&l, "ms id=");
	log_str(&l, id ? id : "-");
	log_str(&l, " route=");
	log_str(&l, route);
	if (extra != NULL) {
		log_str(&l, " ");
		log_str(&l, extra);
	}
	l.p[l.n++] = '\n';
	/* One write per line so lines of concurrent workers do not interleave. */
	if (write(STDERR_FILENO, l.p, l.n) == -1)
		return;		/* nowhere left to say so */
}

static void __attribute__((format(printf, 2, 0)))
log_vwrite(const char *level, const char *fmt, va_list ap, const char *suffix)
{
	char		 line[2304];
	const char	*stamp;
	struct timeval	 tv;
	int		 n, m;

	stamp = log_stamp(&tv);
	n = snprintf(line, sizeof(line), "%s.%03ldZ %s[%ld] %s: ", stamp,
	    (long)tv.tv_usec / 1000, log_name, log_pid(), level);
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
