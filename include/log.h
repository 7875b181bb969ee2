/* SPDX-License-Identifier: ISC */
/* Logging to stderr: one line per event, never a secret. */
#ifndef LOG_H
#define LOG_H

#define LOG_ERR		0
#define LOG_WARN	1
#define LOG_INFO	2
#define LOG_DEBUG	3

/* Syslog priority prefixes ("<4>"): on, off, or on when stderr is the journal. */
#define LOG_PRIORITY_AUTO	0
#define LOG_PRIORITY_ON		1
#define LOG_PRIORITY_OFF	2

void	log_init(const char *progname, int level);
void	log_setlevel(int level);
void	log_setpriority(int mode);
int	log_stderr_is_journal(void);
int	log_level_parse(const char *);
/* log_warn appends strerror(errno); log_warnx does not. */
void	log_errx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
/* The line of every request: assembled without printf (the hot path). */
void	log_request(const char *addr, const char *method, const char *path,
	    int status, long usec, const char *id, const char *route,
	    const char *extra);
void	fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
