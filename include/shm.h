/* SPDX-License-Identifier: ISC */
/* Memory shared by the workers of a host: a file on tmpfs, mapped. */
#ifndef SHM_H
#define SHM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Maps path.<size in hex> (the layout is in the name: workers of another
 * build use a file of their own rather than one they would misread),
 * size bytes, shared by every process that maps it. A file that is new,
 * of another size, or whose first 4 bytes are not magic is zeroed and
 * given to init() first, under a lock. NULL on failure (logged).
 */
void	*shm_map(const char *path, size_t size, uint32_t magic,
	    void (*init)(void *, size_t));
void	 shm_unmap(void *, size_t);

#endif
