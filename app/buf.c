/* SPDX-License-Identifier: ISC */
/* Growable byte buffers; always NUL-terminated after the contents. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

/*
 * Out of memory: nothing sensible is left to do. No log.h here (log.c
 * builds on buffers' number formatting): a fixed line, then abort.
 */
static void __attribute__((noreturn))
buf_oom(void)
{
	static const char msg[] = "buf: out of memory or bad format\n";

	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) == -1)
		abort();
	abort();
}

void
buf_reserve(struct buf *b, size_t need)
{
	size_t	 cap = b->cap ? b->cap : 256;

	if (b->len + need + 1 <= b->cap)
		return;
	while (cap < b->len + need + 1)
		cap *= 2;
	if ((b->p = realloc(b->p, cap)) == NULL)
		buf_oom();
	b->cap = cap;
}

/*
 * v in decimal, at least width digits, into d; returns how many. Without
 * printf: the request path writes several numbers a request.
 */
size_t
buf_udec(char d[BUF_UDEC_SIZE], unsigned long v, int width)
{
	unsigned long	 t;
	size_t		 n = 1, i;

	for (t = v; t >= 10; t /= 10)
		n++;
	if (width > 0 && (size_t)width > n)
		n = (size_t)width < BUF_UDEC_SIZE ? (size_t)width :
		    BUF_UDEC_SIZE;
	for (i = n; i > 0; i--) {
		d[i - 1] = (char)('0' + v % 10);
		v /= 10;
	}
	return n;
}

void
buf_addu(struct buf *b, unsigned long v)
{
	char	 d[BUF_UDEC_SIZE];

	buf_add(b, d, buf_udec(d, v, 1));
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 copy;
	int	 n;

	/* Most lines fit in the room left: format once. */
	buf_reserve(b, 128);
	va_copy(copy, ap);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, copy);
	va_end(copy);
	if (n < 0)
		buf_oom();
	if ((size_t)n >= b->cap - b->len) {
		buf_reserve(b, (size_t)n);
		vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
