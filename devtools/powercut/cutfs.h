/* Shared by the power-cut layer's sources (cutfs.c, cutfs_data.c, cutfs_names.c): the journal, the watched
 * directory, the descriptor table. Everything here is hidden: only the libc wrappers are exported. */
#ifndef CUTFS_H
#define CUTFS_H
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum { R_DATA = 1, R_SYNC = 2, R_DIRSYNC = 3, R_SYNCALL = 4, R_CREATE = 5, R_RENAME = 6, R_UNLINK = 7 };
#define MAGIC 0x54554350u /* "PCUT" */
#define MAXFD 65536

typedef struct {
    uint32_t magic, type;
    uint64_t size; /* bytes that follow the header */
    uint64_t f[8];
    uint32_t pathlen, path2len;
    uint64_t datalen;
} header_t;

#define HIDDEN __attribute__((visibility("hidden")))

HIDDEN extern char watched[PATH_MAX];
HIDDEN extern size_t watched_len;
HIDDEN extern pthread_mutex_t lock;
HIDDEN extern char *fd_path[MAXFD];
HIDDEN extern unsigned char fd_sync[MAXFD];

HIDDEN void journal(uint32_t type, const uint64_t f[8], const char *path, const char *path2, const void *data,
                    uint64_t datalen);
HIDDEN int under_watch(const char *p);
HIDDEN int fd_canon(int fd, char *out);
HIDDEN int path_canon(int dirfd, const char *path, char *out);
HIDDEN int lstat_path(const char *p, struct stat *st);
HIDDEN char *read_old(const char *p, uint64_t off, uint64_t len, uint64_t *got);
HIDDEN void undo_range(const char *p, const char *src, uint64_t off, uint64_t len, int truncating);
HIDDEN void mark(uint32_t type, const char *p, const char *src);
HIDDEN const char *fd_source(int fd, char *buf);
HIDDEN void track(int fd, int flags);
HIDDEN const char *tracked(int fd);
HIDDEN void parent_of(const char *p, char *dir);

#define REAL(name) \
    static __typeof__(name) *real_##name; \
    if (!real_##name) real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)
#endif
