/* Growable byte buffers for response heads and bodies. */
#ifndef BUF_H
#define BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

void	buf_add(struct buf *, const void *, size_t);
void	buf_adds(struct buf *, const char *);
void	buf_addc(struct buf *, char);
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
