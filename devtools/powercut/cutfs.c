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
#include "cutfs.h"

char watched[PATH_MAX];
size_t watched_len;
static int journal_fd = -1;
pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
char *fd_path[MAXFD];
unsigned char fd_sync[MAXFD]; /* opened with O_SYNC/O_DSYNC: every write is durable */

static long raw_write(int fd, const void *buf, size_t n) { return syscall(SYS_write, fd, buf, n); }

void journal(uint32_t type, const uint64_t f[8], const char *path, const char *path2, const void *data,
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

int under_watch(const char *p) {
    return watched_len && strncmp(p, watched, watched_len) == 0 && (p[watched_len] == '/' || p[watched_len] == 0);
}

int fd_canon(int fd, char *out) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    long n = syscall(SYS_readlinkat, AT_FDCWD, link, out, PATH_MAX - 1);
    if (n <= 0) return -1;
    out[n] = 0;
    return 0;
}

/* The absolute path of dirfd+path without resolving its last component (which may not exist yet). */
int path_canon(int dirfd, const char *path, char *out) {
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

int lstat_path(const char *p, struct stat *st) {
    return (int)syscall(SYS_newfstatat, AT_FDCWD, p, st, AT_SYMLINK_NOFOLLOW);
}

/* Old bytes of [off, off+len) of the file at p (clipped to its size); *got says how many were read. */
char *read_old(const char *p, uint64_t off, uint64_t len, uint64_t *got) {
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

/* An undo record for [off, off+len) of the file named p about to be written (or, truncating, cut at off); the
 * file is read through src (its /proc/self/fd link when open: right even once renamed). */
void undo_range(const char *p, const char *src, uint64_t off, uint64_t len, int truncating) {
    struct stat st;
    if (syscall(SYS_newfstatat, AT_FDCWD, src, &st, 0) < 0 || !S_ISREG(st.st_mode)) return;
    uint64_t oldsize = (uint64_t)st.st_size;
    if (truncating) len = oldsize > off ? oldsize - off : 0;
    uint64_t newsize = truncating ? off : (off + len > oldsize ? off + len : oldsize);
    uint64_t got = 0;
    uint64_t want = off < oldsize ? (off + len < oldsize ? len : oldsize - off) : 0;
    char *old = read_old(src, off, want, &got);
    uint64_t f[8] = {st.st_dev, st.st_ino, off, len, oldsize, newsize, 0, 0};
    journal(R_DATA, f, p, NULL, old, got);
    free(old);
}

void mark(uint32_t type, const char *p, const char *src) {
    struct stat st;
    if (syscall(SYS_newfstatat, AT_FDCWD, src, &st, 0) < 0) return;
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

void track(int fd, int flags) {
    char p[PATH_MAX];
    if (fd < 0 || fd >= MAXFD || fd_canon(fd, p) < 0 || !under_watch(p)) return;
    free(fd_path[fd]);
    fd_path[fd] = strdup(p);
    fd_sync[fd] = (flags & (O_SYNC | O_DSYNC)) != 0;
}

const char *tracked(int fd) { return fd >= 0 && fd < MAXFD ? fd_path[fd] : NULL; }

/* The directory part of the absolute path p. */
void parent_of(const char *p, char *dir) {
    strcpy(dir, p);
    *strrchr(dir, '/') = 0;
}

/* The /proc/self/fd link of fd, which opens and stats the file itself whatever its name is now. */
const char *fd_source(int fd, char *buf) {
    snprintf(buf, 64, "/proc/self/fd/%d", fd);
    return buf;
}
