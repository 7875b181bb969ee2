/* SPDX-License-Identifier: ISC */
/* Logging to stderr with a timestamp, the program name and the pid. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"

static const char	*log_name = "tenantapi";
static int		 log_lvl = LOG_INFO;
static int		 log_prio;	/* lines start with <N> */

/*
 * Syslog priorities (syslog.h's values: its LOG_ names clash with ours),
 * as the "<N>" prefix that journald reads on a stream (SyslogLevelPrefix=,
 * on by default): journalctl -p warning then shows warnings and errors.
 */
#define LOG_PRIO_ERR	"<3>"
#define LOG_PRIO_WARN	"<4>"
#define LOG_PRIO_INFO	"<6>"
#define LOG_PRIO_DEBUG	"<7>"

/*
 * Whether standard error is the journal: systemd sets JOURNAL_STREAM to
 * the device and inode of the stream it connects to a service's standard
 * output and error. The variable is inherited (spawn-fcgi, multiwatch), so
 * the descriptor must match, not only the variable be there.
 */
int
log_stderr_is_journal(void)
{
	struct stat		 st;
	const char		*v = getenv("JOURNAL_STREAM");
	unsigned long long	 dev, ino;
	char			 c;

	if (v == NULL || sscanf(v, "%llu:%llu%c", &dev, &ino, &c) != 2)
		return 0;
	if (fstat(STDERR_FILENO, &st) == -1)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}

void
log_init(const char *progname, int level)
{
	log_name = progname;
	log_lvl = level;
	log_prio = log_stderr_is_journal();
}

void
log_setpriority(int mode)
{
	log_prio = mode == LOG_PRIORITY_AUTO ? log_stderr_is_journal() :
	    mode == LOG_PRIORITY_ON;
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

/*
 * Whether a byte goes into a log line as \xHH, as nginx writes them: so
 * that no request can forge a line, a field, or a terminal sequence.
 */
static int
log_unsafe(unsigned char c)
{
	return c < 0x20 || c >= 0x7f || c == '"' || c == '\\';
}

/* s with its unsafe bytes escaped. */
static void
log_esc(struct log_line *l, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t		 i, run;
	char		 e[4] = { '\\', 'x', 0, 0 };

	for (i = 0; i < n; i += run) {
		for (run = 0; i + run < n &&
		    !log_unsafe((unsigned char)s[i + run]); run++)
			;
		log_mem(l, s + i, run);
		if (i + run == n)
			break;
		e[2] = hex[(unsigned char)s[i + run] >> 4];
		e[3] = hex[(unsigned char)s[i + run] & 0xf];
		log_mem(l, e, sizeof(e));
		run++;
	}
}

static void
log_field(struct log_line *l, const char *s)
{
	if (s == NULL)
		log_mem(l, "-", 1);
	else
		log_esc(l, s, strlen(s));
}

/* A decimal number, at least width digits. */
static void
log_num(struct log_line *l, unsigned long v, int width)
{
	char	 d[BUF_UDEC_SIZE];

	log_mem(l, d, buf_udec(d, v, width));
}

/* The start of every line: priority (when wanted), time, program, pid, level. */
static void
log_head(struct log_line *l, const char *prio, const char *level)
{
	struct timeval	 tv;

	l->n = 0;
	if (log_prio)
		log_str(l, prio);
	log_str(l, log_stamp(&tv));
	log_str(l, ".");
	log_num(l, (unsigned long)tv.tv_usec / 1000, 3);
	log_str(l, "Z ");
	log_str(l, log_name);
	log_str(l, "[");
	log_num(l, (unsigned long)log_pid(), 1);
	log_str(l, "] ");
	log_str(l, level);
	log_str(l, ": ");
}

void
log_request(const char *addr, const char *method, const char *path,
    int status, long usec, const char *id, const char *route,
    const char *extra)
{
	struct log_line	 l;

	if (log_lvl < LOG_INFO)
		return;
	log_head(&l, LOG_PRIO_INFO, "info");
	log_field(&l, addr);
	log_str(&l, " ");
	log_field(&l, method);
	log_str(&l, " ");
	log_field(&l, path);
	log_str(&l, " ");
	log_num(&l, (unsigned long)status, 3);
	log_str(&l, " ");
	log_num(&l, (unsigned long)usec / 1000, 1);
	log_str(&l, ".");
	log_num(&l, (unsigned long)(usec % 1000) / 10, 2);
	log_str(&l, "ms id=");
	log_field(&l, id);
	log_str(&l, " route=");
	log_field(&l, route);
	if (extra != NULL) {
		log_str(&l, " ");
		log_field(&l, extra);
	}
	l.p[l.n++] = '\n';
	/* One write per line so lines of concurrent workers do not interleave. */
	if (write(STDERR_FILENO, l.p, l.n) == -1)
		return;		/* nowhere left to say so */
}

static void __attribute__((format(printf, 3, 0)))
log_vwrite(const char *prio, const char *level, const char *fmt, va_list ap,
    const char *suffix)
{
	struct log_line	 l;
	char		 msg[2048];
	int		 n;

	log_head(&l, prio, level);
	/* Messages carry context (names, paths, errors): escaped too. */
	if ((n = vsnprintf(msg, sizeof(msg), fmt, ap)) > 0)
		log_esc(&l, msg, (size_t)n < sizeof(msg) ? (size_t)n :
		    sizeof(msg) - 1);
	if (suffix != NULL) {
		log_str(&l, ": ");
		log_field(&l, suffix);
	}
	l.p[l.n++] = '\n';
	/* One write per line so lines of concurrent workers do not interleave. */
	if (write(STDERR_FILENO, l.p, l.n) == -1)
		return;		/* nowhere left to say so */
}

#define LOG_FN(fn, lvl, prio, label)				\
void								\
fn(const char *fmt, ...)					\
{								\
	va_list	 ap;						\
								\
	if (log_lvl < lvl)					\
		return;						\
	va_start(ap, fmt);					\
	log_vwrite(prio, label, fmt, ap, NULL);			\
	va_end(ap);						\
}

LOG_FN(log_errx, LOG_ERR, LOG_PRIO_ERR, "error")
LOG_FN(log_warnx, LOG_WARN, LOG_PRIO_WARN, "warn")
LOG_FN(log_info, LOG_INFO, LOG_PRIO_INFO, "info")
LOG_FN(log_debug, LOG_DEBUG, LOG_PRIO_DEBUG, "debug")

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	if (log_lvl < LOG_WARN)
		return;
	va_start(ap, fmt);
	log_vwrite(LOG_PRIO_WARN, "warn", fmt, ap, strerror(saved));
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_vwrite(LOG_PRIO_ERR, "fatal", fmt, ap, strerror(saved));
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite(LOG_PRIO_ERR, "fatal", fmt, ap, NULL);
	va_end(ap);
	exit(1);
}
