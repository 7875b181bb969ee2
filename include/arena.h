/* SPDX-License-Identifier: ISC */
/* Per-request memory: every allocation of a request, released at once. */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk	*head;
};

void	 arena_init(struct arena *);
void	*arena_alloc(struct arena *, size_t) __attribute__((warn_unused_result));
void	*arena_calloc(struct arena *, size_t) __attribute__((warn_unused_result));
char	*arena_strdup(struct arena *, const char *);
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_printf(struct arena *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Keeps the first chunk for the next request, frees the rest. */
void	 arena_reset(struct arena *);
void	 arena_free(struct arena *);

#endif
