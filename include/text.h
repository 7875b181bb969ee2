/* SPDX-License-Identifier: ISC */
/* Text helpers: UTF-8, percent-decoding, RFC 3339 times, HTML escaping. */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>
#include <time.h>

#include "arena.h"
#include "buf.h"

/* Number of code points, or -1 when s is not valid UTF-8. */
long	text_utf8_len(const char *s, size_t n);
/* 1 when valid UTF-8 without control characters (newlines and tabs
 * allowed when multiline is set). */
int	text_printable(const char *s, size_t n, int multiline);
/*
 * 1 when s holds a bidirectional control (U+202A-U+202E, U+2066-U+2069),
 * or, with invisible set, a zero-width character (U+200B-U+200F, U+FEFF):
 * what makes one name look like another (SPEC §7). s is valid UTF-8.
 */
int	text_deceptive(const char *s, size_t n, int invisible);
/*
 * Percent-decodes (and '+' as space when form is set) into the arena.
 * Returns NULL on a bad escape; *lenp gets the decoded length, which may
 * contain NULs: callers decide whether that is acceptable.
 */
char	*text_pct_decode(struct arena *, const char *, size_t, int form,
	    size_t *lenp);
/*
 * RFC 3339 date-time ("2026-01-31T12:00:00Z", "...+02:00", fractions
 * ignored) or full-date ("2026-01-31", the start of that UTC day).
 */
int	text_rfc3339_parse(const char *, time_t *);
#define TEXT_TIME_SIZE	21
void	text_rfc3339(time_t, char out[TEXT_TIME_SIZE]);
/* MariaDB DATETIME text ("2026-01-31 12:00:00") to time_t. */
int	text_sqltime_parse(const char *, time_t *);
#define TEXT_SQLTIME_SIZE 20
void	text_sqltime(time_t, char out[TEXT_SQLTIME_SIZE]);
void	text_html_escape(struct buf *, const char *);
/* A JSON string literal, quotes included (the text is valid UTF-8). */
void	text_json_string(struct buf *, const char *);
/* Percent-encodes all but unreserved characters (RFC 3986). */
void	text_pct_encode(struct buf *, const char *);

#endif
