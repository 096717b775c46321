/* The power-cut layer's wrappers of the calls that change a file's bytes or size, or make them durable. */
#include "cutfs.h"

/* Everything an open with these flags does to the namespace and to the contents, around the real call. */
static int do_open(int dirfd, const char *path, int flags, mode_t mode,
                   int (*real)(int, const char *, int, ...)) {
    if (!watched_len) return real(dirfd, path, flags, mode);
    char p[PATH_MAX];
    int watched_path = path_canon(dirfd, path, p) == 0 && under_watch(p);
    pthread_mutex_lock(&lock);
    struct stat before;
    int existed = watched_path && lstat_path(p, &before) == 0;
    if (existed && (flags & O_TRUNC) && (flags & O_ACCMODE) != O_RDONLY && S_ISREG(before.st_mode))
        undo_range(p, p, 0, 0, 1);
    int fd = real(dirfd, path, flags, mode);
    if (fd >= 0) {
        track(fd, flags);
        if (watched_path && !existed && (flags & O_CREAT)) {
            struct stat st, parent;
            char dir[PATH_MAX];
            parent_of(p, dir);
            if (syscall(SYS_fstat, fd, &st) == 0 && lstat_path(dir, &parent) == 0) {
                uint64_t f[8] = {st.st_dev, st.st_ino, parent.st_dev, parent.st_ino, 0, 0, 0, 0};
                journal(R_CREATE, f, p, NULL, NULL, 0);
            }
        }
    }
    pthread_mutex_unlock(&lock);
    return fd;
}

static int openat_any(int dirfd, const char *path, int flags, ...) {
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    return (int)syscall(SYS_openat, dirfd, path, flags, mode);
}

static mode_t mode_arg(int flags, va_list ap) { return (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0; }

#define OPEN_WRAPPER(name)                                         \
    int name(const char *path, int flags, ...) {                   \
        va_list ap;                                                \
        va_start(ap, flags);                                       \
        mode_t mode = mode_arg(flags, ap);                         \
        va_end(ap);                                                \
        return do_open(AT_FDCWD, path, flags, mode, openat_any);   \
    }
#define OPENAT_WRAPPER(name)                                       \
    int name(int dirfd, const char *path, int flags, ...) {        \
        va_list ap;                                                \
        va_start(ap, flags);                                       \
        mode_t mode = mode_arg(flags, ap);                         \
        va_end(ap);                                                \
        return do_open(dirfd, path, flags, mode, openat_any);      \
    }
OPEN_WRAPPER(open)
OPEN_WRAPPER(open64)
OPENAT_WRAPPER(openat)
OPENAT_WRAPPER(openat64)
int __open_2(const char *path, int flags) { return do_open(AT_FDCWD, path, flags, 0, openat_any); }
int __open64_2(const char *path, int flags) { return do_open(AT_FDCWD, path, flags, 0, openat_any); }
int __openat_2(int d, const char *path, int flags) { return do_open(d, path, flags, 0, openat_any); }
int __openat64_2(int d, const char *path, int flags) { return do_open(d, path, flags, 0, openat_any); }
int creat(const char *path, mode_t mode) {
    return do_open(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode, openat_any);
}
int creat64(const char *path, mode_t mode) { return creat(path, mode); }

/* Journal the undo of a write of n bytes at off (off < 0: at the descriptor's position or end). */
static void before_write(int fd, int64_t off, uint64_t n) {
    const char *p = tracked(fd);
    if (!p || n == 0) return;
    if (off < 0) {
        int fl = (int)syscall(SYS_fcntl, fd, F_GETFL);
        struct stat st;
        if (fl >= 0 && (fl & O_APPEND) && syscall(SYS_fstat, fd, &st) == 0) off = st.st_size;
        else off = syscall(SYS_lseek, fd, 0, SEEK_CUR);
        if (off < 0) return;
    }
    char src[64];
    undo_range(p, fd_source(fd, src), (uint64_t)off, n, 0);
}

static void after_write(int fd, long rc) {
    const char *p = tracked(fd);
    char src[64];
    if (p && rc > 0 && fd_sync[fd]) mark(R_SYNC, p, fd_source(fd, src));
}

static uint64_t iov_len(const struct iovec *iov, int cnt) {
    uint64_t n = 0;
    for (int i = 0; i < cnt; i++) n += iov[i].iov_len;
    return n;
}

#define WRITE_BODY(off, n, call)                   \
    pthread_mutex_lock(&lock);                     \
    before_write(fd, (off), (n));                  \
    __typeof__(call) rc = call;                    \
    int saved = errno;                             \
    after_write(fd, (long)rc);                     \
    pthread_mutex_unlock(&lock);                   \
    errno = saved;                                 \
    return rc;

ssize_t write(int fd, const void *buf, size_t n) {
    REAL(write);
    if (!tracked(fd)) return real_write(fd, buf, n);
    WRITE_BODY(-1, n, real_write(fd, buf, n))
}
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
    REAL(pwrite);
    if (!tracked(fd)) return real_pwrite(fd, buf, n, off);
    WRITE_BODY(off, n, real_pwrite(fd, buf, n, off))
}
ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off) {
    REAL(pwrite64);
    if (!tracked(fd)) return real_pwrite64(fd, buf, n, off);
    WRITE_BODY(off, n, real_pwrite64(fd, buf, n, off))
}
ssize_t writev(int fd, const struct iovec *iov, int cnt) {
    REAL(writev);
    if (!tracked(fd)) return real_writev(fd, iov, cnt);
    WRITE_BODY(-1, iov_len(iov, cnt), real_writev(fd, iov, cnt))
}
ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off) {
    REAL(pwritev);
    if (!tracked(fd)) return real_pwritev(fd, iov, cnt, off);
    WRITE_BODY(off, iov_len(iov, cnt), real_pwritev(fd, iov, cnt, off))
}
ssize_t pwritev64(int fd, const struct iovec *iov, int cnt, off64_t off) {
    REAL(pwritev64);
    if (!tracked(fd)) return real_pwritev64(fd, iov, cnt, off);
    WRITE_BODY(off, iov_len(iov, cnt), real_pwritev64(fd, iov, cnt, off))
}

static void before_truncate(const char *p, const char *src, off64_t len) {
    struct stat st;
    if (!p || syscall(SYS_newfstatat, AT_FDCWD, src, &st, 0) < 0 || !S_ISREG(st.st_mode)) return;
    uint64_t from = (uint64_t)len < (uint64_t)st.st_size ? (uint64_t)len : (uint64_t)st.st_size;
    uint64_t to = (uint64_t)len > (uint64_t)st.st_size ? (uint64_t)len : (uint64_t)st.st_size;
    uint64_t got = 0;
    char *old = read_old(src, from, to - from, &got);
    uint64_t f[8] = {st.st_dev, st.st_ino, from, to - from, (uint64_t)st.st_size, (uint64_t)len, 0, 0};
    journal(R_DATA, f, p, NULL, old, got);
    free(old);
}

#define TRUNC_BODY(p, src, len, call)              \
    pthread_mutex_lock(&lock);                     \
    before_truncate((p), (src), (len));            \
    int rc = call;                                 \
    pthread_mutex_unlock(&lock);                   \
    return rc;

int ftruncate(int fd, off_t len) {
    REAL(ftruncate);
    if (!tracked(fd)) return real_ftruncate(fd, len);
    char src[64];
    TRUNC_BODY(tracked(fd), fd_source(fd, src), len, real_ftruncate(fd, len))
}
int ftruncate64(int fd, off64_t len) {
    REAL(ftruncate64);
    if (!tracked(fd)) return real_ftruncate64(fd, len);
    char src[64];
    TRUNC_BODY(tracked(fd), fd_source(fd, src), len, real_ftruncate64(fd, len))
}
static int watched_canon(const char *path, char *out) {
    return watched_len && path_canon(AT_FDCWD, path, out) == 0 && under_watch(out);
}
int truncate(const char *path, off_t len) {
    REAL(truncate);
    char p[PATH_MAX];
    if (!watched_canon(path, p)) return real_truncate(path, len);
    TRUNC_BODY(p, p, len, real_truncate(path, len))
}
int truncate64(const char *path, off64_t len) {
    REAL(truncate64);
    char p[PATH_MAX];
    if (!watched_canon(path, p)) return real_truncate64(path, len);
    TRUNC_BODY(p, p, len, real_truncate64(path, len))
}

static int synced(int fd, int rc) {
    const char *p = tracked(fd);
    if (p && rc == 0) {
        struct stat st;
        pthread_mutex_lock(&lock);
        char src[64];
        if (syscall(SYS_fstat, fd, &st) == 0) mark(S_ISDIR(st.st_mode) ? R_DIRSYNC : R_SYNC, p, fd_source(fd, src));
        pthread_mutex_unlock(&lock);
    }
    return rc;
}
int fsync(int fd) {
    REAL(fsync);
    return synced(fd, real_fsync(fd));
}
int fdatasync(int fd) {
    REAL(fdatasync);
    return synced(fd, real_fdatasync(fd));
}
void sync(void) {
    REAL(sync);
    real_sync();
    pthread_mutex_lock(&lock);
    journal(R_SYNCALL, NULL, NULL, NULL, NULL, 0);
    pthread_mutex_unlock(&lock);
}
int syncfs(int fd) {
    REAL(syncfs);
    int rc = real_syncfs(fd);
    if (rc == 0 && watched_len) {
        pthread_mutex_lock(&lock);
        journal(R_SYNCALL, NULL, NULL, NULL, NULL, 0);
        pthread_mutex_unlock(&lock);
    }
    return rc;
}

int close(int fd) {
    REAL(close);
    if (fd >= 0 && fd < MAXFD && fd_path[fd]) {
        pthread_mutex_lock(&lock);
        free(fd_path[fd]);
        fd_path[fd] = NULL;
        fd_sync[fd] = 0;
        pthread_mutex_unlock(&lock);
    }
    return real_close(fd);
}
static int dup_track(int oldfd, int newfd) {
    if (newfd >= 0 && newfd < MAXFD && tracked(oldfd)) {
        pthread_mutex_lock(&lock);
        free(fd_path[newfd]);
        fd_path[newfd] = strdup(fd_path[oldfd]);
        fd_sync[newfd] = fd_sync[oldfd];
        pthread_mutex_unlock(&lock);
    }
    return newfd;
}
int dup(int fd) {
    REAL(dup);
    return dup_track(fd, real_dup(fd));
}
int dup2(int fd, int fd2) {
    REAL(dup2);
    return dup_track(fd, real_dup2(fd, fd2));
}
int dup3(int fd, int fd2, int flags) {
    REAL(dup3);
    return dup_track(fd, real_dup3(fd, fd2, flags));
}

