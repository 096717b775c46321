/* Power-cut layer (LD_PRELOAD): journals undo records for writes to files under a watched directory.
 *
 * Before each write, truncation or O_TRUNC open of a file under $POWERCUT_DIR it appends to $POWERCUT_JOURNAL
 * the bytes about to be overwritten and the old size; at each fsync/fdatasync (or sync/syncfs) a durability
 * marker; on creation, rename and unlink a namespace record; at the fsync of a directory a directory marker.
 * devtools/powercut/journal.py reads the journal after the process was killed and undoes what was never made
 * durable. The journal is written with raw syscalls (never through these wrappers), one write(2) per record
 * on an O_APPEND descriptor, so a SIGKILL leaves at most a truncated last record, which the reader ignores.
 * A process-wide mutex keeps the order of journal records equal to the order of the writes they describe.
 */
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

static char watched[PATH_MAX];
static size_t watched_len;
static int journal_fd = -1;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char *fd_path[MAXFD];
static unsigned char fd_sync[MAXFD]; /* opened with O_SYNC/O_DSYNC: every write is durable */

static long raw_write(int fd, const void *buf, size_t n) { return syscall(SYS_write, fd, buf, n); }

static void journal(uint32_t type, const uint64_t f[8], const char *path, const char *path2, const void *data,
                    uint64_t datalen) {
    if (journal_fd < 0) return;
    header_t h;
    memset(&h, 0, sizeof h);
    h.magic = MAGIC;
    h.type = type;
    for (int i = 0; i < 8; i++) h.f[i] = f ? f[i] : 0;
    h.pathlen = path ? (uint32_t)strlen(path) : 0;
    h.path2len = path2 ? (uint32_t)strlen(path2) : 0;
    h.datalen = datalen;
    h.size = sizeof h - 16 + h.pathlen + h.path2len + datalen;
    size_t total = sizeof h + h.pathlen + h.path2len + datalen;
    char *buf = malloc(total);
    if (!buf) abort();
    memcpy(buf, &h, sizeof h);
    if (h.pathlen) memcpy(buf + sizeof h, path, h.pathlen);
    if (h.path2len) memcpy(buf + sizeof h + h.pathlen, path2, h.path2len);
    if (datalen) memcpy(buf + sizeof h + h.pathlen + h.path2len, data, datalen);
    size_t done = 0;
    while (done < total) { /* one write in practice; a short write is finished before the real write runs */
        long n = raw_write(journal_fd, buf + done, total - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) abort(); /* a journal that cannot be written would make the cut lie */
        done += (size_t)n;
    }
    free(buf);
}

static int under_watch(const char *p) {
    return watched_len && strncmp(p, watched, watched_len) == 0 && (p[watched_len] == '/' || p[watched_len] == 0);
}

static int fd_canon(int fd, char *out) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    long n = syscall(SYS_readlinkat, AT_FDCWD, link, out, PATH_MAX - 1);
    if (n <= 0) return -1;
    out[n] = 0;
    return 0;
}

/* The absolute path of dirfd+path without resolving its last component (which may not exist yet). */
static int path_canon(int dirfd, const char *path, char *out) {
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (slash == path) strcpy(dir, "/");
    else if (slash) {
        size_t len = (size_t)(slash - path);
        if (len >= sizeof dir) return -1;
        memcpy(dir, path, len);
        dir[len] = 0;
    } else strcpy(dir, ".");
    int dfd = (int)syscall(SYS_openat, dirfd, dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return -1;
    char d[PATH_MAX];
    int rc = fd_canon(dfd, d);
    syscall(SYS_close, dfd);
    if (rc < 0 || strlen(d) + strlen(base) + 2 > PATH_MAX) return -1;
    if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) return -1;
    snprintf(out, PATH_MAX, "%s/%s", strcmp(d, "/") ? d : "", base);
    return 0;
}

static int lstat_path(const char *p, struct stat *st) {
    return (int)syscall(SYS_newfstatat, AT_FDCWD, p, st, AT_SYMLINK_NOFOLLOW);
}

/* Old bytes of [off, off+len) of the file at p (clipped to its size); *got says how many were read. */
static char *read_old(const char *p, uint64_t off, uint64_t len, uint64_t *got) {
    *got = 0;
    char *buf = malloc(len ? len : 1);
    if (!buf) abort();
    int fd = (int)syscall(SYS_openat, AT_FDCWD, p, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return buf;
    while (*got < len) {
        long n = syscall(SYS_pread64, fd, buf + *got, len - *got, off + *got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        *got += (uint64_t)n;
    }
    syscall(SYS_close, fd);
    return buf;
}

/* An undo record for [off, off+len) of the file at p about to be written (or, truncating, cut at off). */
static void undo_range(const char *p, uint64_t off, uint64_t len, int truncating) {
    struct stat st;
    if (syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0) < 0 || !S_ISREG(st.st_mode)) return;
    uint64_t oldsize = (uint64_t)st.st_size;
    if (truncating) len = oldsize > off ? oldsize - off : 0;
    uint64_t newsize = truncating ? off : (off + len > oldsize ? off + len : oldsize);
    uint64_t got = 0;
    uint64_t want = off < oldsize ? (off + len < oldsize ? len : oldsize - off) : 0;
    char *old = read_old(p, off, want, &got);
    uint64_t f[8] = {st.st_dev, st.st_ino, off, len, oldsize, newsize, 0, 0};
    journal(R_DATA, f, p, NULL, old, got);
    free(old);
}

static void mark(uint32_t type, const char *p) {
    struct stat st;
    if (syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0) < 0) return;
    uint64_t f[8] = {st.st_dev, st.st_ino, 0, 0, 0, 0, 0, 0};
    journal(type, f, p, NULL, NULL, 0);
}

/* A fork while another thread holds the mutex would leave the child's copy locked forever. */
static void before_fork(void) { pthread_mutex_lock(&lock); }
static void after_fork(void) { pthread_mutex_unlock(&lock); }

__attribute__((constructor)) static void init(void) {
    pthread_atfork(before_fork, after_fork, after_fork);
    const char *dir = getenv("POWERCUT_DIR"), *jpath = getenv("POWERCUT_JOURNAL");
    if (!dir || !jpath || !realpath(dir, watched)) return;
    watched_len = strlen(watched);
    journal_fd = (int)syscall(SYS_openat, AT_FDCWD, jpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
}

#define REAL(name) \
    static __typeof__(name) *real_##name; \
    if (!real_##name) real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

static void track(int fd, int flags) {
    char p[PATH_MAX];
    if (fd < 0 || fd >= MAXFD || fd_canon(fd, p) < 0 || !under_watch(p)) return;
    free(fd_path[fd]);
    fd_path[fd] = strdup(p);
    fd_sync[fd] = (flags & (O_SYNC | O_DSYNC)) != 0;
}

static const char *tracked(int fd) { return fd >= 0 && fd < MAXFD ? fd_path[fd] : NULL; }

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
        undo_range(p, 0, 0, 1);
    int fd = real(dirfd, path, flags, mode);
    if (fd >= 0) {
        track(fd, flags);
        if (watched_path && !existed && (flags & O_CREAT)) {
            struct stat st, parent;
            char dir[PATH_MAX];
            strcpy(dir, p);
            *strrchr(dir, '/') = 0;
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
    undo_range(p, (uint64_t)off, n, 0);
}

static void after_write(int fd, long rc) {
    const char *p = tracked(fd);
    if (p && rc > 0 && fd_sync[fd]) mark(R_SYNC, p);
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

static void before_truncate(const char *p, off64_t len) {
    struct stat st;
    if (!p || syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0) < 0 || !S_ISREG(st.st_mode)) return;
    uint64_t from = (uint64_t)len < (uint64_t)st.st_size ? (uint64_t)len : (uint64_t)st.st_size;
    uint64_t to = (uint64_t)len > (uint64_t)st.st_size ? (uint64_t)len : (uint64_t)st.st_size;
    uint64_t got = 0;
    char *old = read_old(p, from, to - from, &got);
    uint64_t f[8] = {st.st_dev, st.st_ino, from, to - from, (uint64_t)st.st_size, (uint64_t)len, 0, 0};
    journal(R_DATA, f, p, NULL, old, got);
    free(old);
}

#define TRUNC_BODY(p, len, call)                   \
    pthread_mutex_lock(&lock);                     \
    before_truncate((p), (len));                   \
    int rc = call;                                 \
    pthread_mutex_unlock(&lock);                   \
    return rc;

int ftruncate(int fd, off_t len) {
    REAL(ftruncate);
    if (!tracked(fd)) return real_ftruncate(fd, len);
    TRUNC_BODY(tracked(fd), len, real_ftruncate(fd, len))
}
int ftruncate64(int fd, off64_t len) {
    REAL(ftruncate64);
    if (!tracked(fd)) return real_ftruncate64(fd, len);
    TRUNC_BODY(tracked(fd), len, real_ftruncate64(fd, len))
}
static int watched_canon(const char *path, char *out) {
    return watched_len && path_canon(AT_FDCWD, path, out) == 0 && under_watch(out);
}
int truncate(const char *path, off_t len) {
    REAL(truncate);
    char p[PATH_MAX];
    if (!watched_canon(path, p)) return real_truncate(path, len);
    TRUNC_BODY(p, len, real_truncate(path, len))
}
int truncate64(const char *path, off64_t len) {
    REAL(truncate64);
    char p[PATH_MAX];
    if (!watched_canon(path, p)) return real_truncate64(path, len);
    TRUNC_BODY(p, len, real_truncate64(path, len))
}

static int synced(int fd, int rc) {
    const char *p = tracked(fd);
    if (p && rc == 0) {
        struct stat st;
        pthread_mutex_lock(&lock);
        if (syscall(SYS_fstat, fd, &st) == 0) mark(S_ISDIR(st.st_mode) ? R_DIRSYNC : R_SYNC, p);
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

/* rename: journal the moved inode, both parents, and the bytes of a file it replaces (to bring it back). */
static int do_rename(int od, const char *old, int nd, const char *new, int (*call)(void)) {
    char po[PATH_MAX], pn[PATH_MAX];
    int in_old = watched_len && path_canon(od, old, po) == 0 && under_watch(po);
    int in_new = watched_len && path_canon(nd, new, pn) == 0 && under_watch(pn);
    if (!in_old && !in_new) return call();
    pthread_mutex_lock(&lock);
    struct stat src, dst, parent;
    int have_src = lstat_path(po, &src) == 0, have_dst = in_new && lstat_path(pn, &dst) == 0;
    uint64_t got = 0;
    char *snap = NULL;
    if (have_dst && S_ISREG(dst.st_mode)) snap = read_old(pn, 0, (uint64_t)dst.st_size, &got);
    int rc = call();
    int saved = errno;
    if (rc == 0 && have_src) {
        char dir[PATH_MAX];
        strcpy(dir, in_new ? pn : po);
        *strrchr(dir, '/') = 0;
        if (lstat_path(dir, &parent) != 0) memset(&parent, 0, sizeof parent);
        uint64_t f[8] = {src.st_dev, src.st_ino, parent.st_dev, parent.st_ino,
                         have_dst ? dst.st_ino : 0, have_dst && snap != NULL, in_old, in_new};
        journal(R_RENAME, f, po, pn, snap, got);
    }
    free(snap);
    pthread_mutex_unlock(&lock);
    errno = saved;
    return rc;
}

static int r_od, r_nd, r_flags;
static const char *r_old, *r_new;
static int call_renameat2(void) { return (int)syscall(SYS_renameat2, r_od, r_old, r_nd, r_new, r_flags); }
static int renameat_any(int od, const char *old, int nd, const char *new, unsigned flags) {
    if (!watched_len) return (int)syscall(SYS_renameat2, od, old, nd, new, flags);
    /* The arguments travel in statics guarded by the layer's mutex taken inside do_rename. */
    static pthread_mutex_t args = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&args);
    r_od = od, r_nd = nd, r_old = old, r_new = new, r_flags = (int)flags;
    int rc = do_rename(od, old, nd, new, call_renameat2);
    int saved = errno;
    pthread_mutex_unlock(&args);
    errno = saved;
    return rc;
}
int rename(const char *old, const char *new) { return renameat_any(AT_FDCWD, old, AT_FDCWD, new, 0); }
int renameat(int od, const char *old, int nd, const char *new) { return renameat_any(od, old, nd, new, 0); }
int renameat2(int od, const char *old, int nd, const char *new, unsigned flags) {
    return renameat_any(od, old, nd, new, flags);
}

static int do_unlink(int dirfd, const char *path, int flags) {
    char p[PATH_MAX];
    struct stat st;
    if (!watched_len || (flags & AT_REMOVEDIR) || path_canon(dirfd, path, p) != 0 || !under_watch(p))
        return (int)syscall(SYS_unlinkat, dirfd, path, flags);
    pthread_mutex_lock(&lock);
    int have = lstat_path(p, &st) == 0;
    int rc = (int)syscall(SYS_unlinkat, dirfd, path, flags);
    int saved = errno;
    if (rc == 0 && have) {
        uint64_t f[8] = {st.st_dev, st.st_ino, st.st_nlink, 0, 0, 0, 0, 0};
        journal(R_UNLINK, f, p, NULL, NULL, 0);
    }
    pthread_mutex_unlock(&lock);
    errno = saved;
    return rc;
}
int unlink(const char *path) { return do_unlink(AT_FDCWD, path, 0); }
int unlinkat(int dirfd, const char *path, int flags) { return do_unlink(dirfd, path, flags); }

/* link: a new name for an inode, journaled like a creation (undone, it is the name that goes). */
static int do_link(int od, const char *old, int nd, const char *new, int flags) {
    char pn[PATH_MAX];
    if (!watched_len || path_canon(nd, new, pn) != 0 || !under_watch(pn))
        return (int)syscall(SYS_linkat, od, old, nd, new, flags);
    pthread_mutex_lock(&lock);
    int rc = (int)syscall(SYS_linkat, od, old, nd, new, flags);
    int saved = errno;
    struct stat st, parent;
    char dir[PATH_MAX];
    strcpy(dir, pn);
    *strrchr(dir, '/') = 0;
    if (rc == 0 && lstat_path(pn, &st) == 0 && lstat_path(dir, &parent) == 0) {
        uint64_t f[8] = {st.st_dev, st.st_ino, parent.st_dev, parent.st_ino, 0, 0, 0, 0};
        journal(R_CREATE, f, pn, NULL, NULL, 0);
    }
    pthread_mutex_unlock(&lock);
    errno = saved;
    return rc;
}
int link(const char *old, const char *new) { return do_link(AT_FDCWD, old, AT_FDCWD, new, 0); }
int linkat(int od, const char *old, int nd, const char *new, int flags) { return do_link(od, old, nd, new, flags); }
