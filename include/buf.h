/* SPDX-License-Identifier: ISC */
/* Growable byte buffers for response heads and bodies. */
#ifndef BUF_H
#define BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

/* Makes room for n more bytes and the NUL. */
void	buf_reserve(struct buf *, size_t n);

/*
 * Appending is inline: a response is built from dozens of short pieces,
 * most of them literals whose length the compiler then knows.
 */
static inline void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n >= b->cap - b->len)
		buf_reserve(b, n);
	if (n > 0)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static inline void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static inline void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void	buf_addu(struct buf *, unsigned long);
/* Room for any unsigned long in decimal. */
#define BUF_UDEC_SIZE	24
size_t	buf_udec(char [BUF_UDEC_SIZE], unsigned long, int width);
void	buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_vprintf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/* Forgets the contents, keeps the memory. */
void	buf_reset(struct buf *);
void	buf_free(struct buf *);

#endif
