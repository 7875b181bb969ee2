/* SPDX-License-Identifier: ISC */
/* Files on tmpfs mapped by every worker of a host: metrics, the cache. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <linux/magic.h>

#include "log.h"
#include "shm.h"

void *
shm_map(const char *path, size_t size, uint32_t magic,
    void (*init)(void *, size_t))
{
	struct stat	 st;
	struct statfs	 fs;
	char		 file[4096];
	void		*p;
	int		 fd;

	snprintf(file, sizeof(file), "%s.%zx", path, size);
	if ((fd = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		log_warn("shared file %s", file);
		return NULL;
	}
	/*
	 * On a disk's file system every page written is written back and
	 * write-protected again every few seconds: the cache's notes would
	 * cost a page fault and a disk write each.
	 */
	if (fstatfs(fd, &fs) == 0 && fs.f_type != TMPFS_MAGIC &&
	    fs.f_type != RAMFS_MAGIC)
		log_warnx("shared file %s is not on a tmpfs: the workers' "
		    "writes to it go to the disk (put it under /run or "
		    "/dev/shm)", file);
	/* The first worker (or one after an upgrade) lays the file out. */
	flock(fd, LOCK_EX);
	if (fstat(fd, &st) == -1 || ((size_t)st.st_size != size &&
	    (ftruncate(fd, 0) == -1 || ftruncate(fd, (off_t)size) == -1))) {
		log_warn("shared file %s", file);
		close(fd);
		return NULL;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		log_warn("mmap %s", file);
		close(fd);
		return NULL;
	}
	if (memcmp(p, &magic, sizeof(magic)) != 0) {
		memset(p, 0, size);
		init(p, size);
		memcpy(p, &magic, sizeof(magic));
	}
	flock(fd, LOCK_UN);
	close(fd);
	return p;
}

void
shm_unmap(void *p, size_t size)
{
	if (p != NULL)
		munmap(p, size);
}
