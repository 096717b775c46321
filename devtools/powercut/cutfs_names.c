/* The power-cut layer's wrappers of the calls that change names: rename, unlink, link, mkdir. */
#include "cutfs.h"

/* rename: journal the moved inode, its new parent, and the bytes of a file it replaces (to bring it back). */
static int do_rename(int od, const char *old, int nd, const char *new, unsigned flags) {
    char po[PATH_MAX], pn[PATH_MAX];
    int in_old = watched_len && path_canon(od, old, po) == 0 && under_watch(po);
    int in_new = watched_len && path_canon(nd, new, pn) == 0 && under_watch(pn);
    if (!in_old && !in_new) return (int)syscall(SYS_renameat2, od, old, nd, new, flags);
    pthread_mutex_lock(&lock);
    struct stat src, dst, parent;
    int have_src = lstat_path(in_old ? po : old, &src) == 0, have_dst = in_new && lstat_path(pn, &dst) == 0;
    uint64_t got = 0;
    char *snap = NULL;
    if (have_dst && S_ISREG(dst.st_mode)) snap = read_old(pn, 0, (uint64_t)dst.st_size, &got);
    int rc = (int)syscall(SYS_renameat2, od, old, nd, new, flags);
    int saved = errno;
    if (rc == 0 && have_src) {
        char dir[PATH_MAX];
        parent_of(in_new ? pn : po, dir);
        if (lstat_path(dir, &parent) != 0) memset(&parent, 0, sizeof parent);
        uint64_t f[8] = {src.st_dev, src.st_ino, parent.st_dev, parent.st_ino,
                         have_dst ? dst.st_ino : 0, have_dst && snap != NULL, in_old, in_new};
        journal(R_RENAME, f, in_old ? po : old, pn, snap, got);
    }
    free(snap);
    pthread_mutex_unlock(&lock);
    errno = saved;
    return rc;
}

int rename(const char *old, const char *new) { return do_rename(AT_FDCWD, old, AT_FDCWD, new, 0); }
int renameat(int od, const char *old, int nd, const char *new) { return do_rename(od, old, nd, new, 0); }
int renameat2(int od, const char *old, int nd, const char *new, unsigned flags) {
    return do_rename(od, old, nd, new, flags);
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
    parent_of(pn, dir);
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

/* mkdir: a new directory, journaled like a creation (undone, it goes with everything in it). */
static int do_mkdir(int dirfd, const char *path, mode_t mode) {
    char p[PATH_MAX];
    if (!watched_len || path_canon(dirfd, path, p) != 0 || !under_watch(p))
        return (int)syscall(SYS_mkdirat, dirfd, path, mode);
    pthread_mutex_lock(&lock);
    int rc = (int)syscall(SYS_mkdirat, dirfd, path, mode);
    int saved = errno;
    struct stat st, parent;
    char dir[PATH_MAX];
    parent_of(p, dir);
    if (rc == 0 && lstat_path(p, &st) == 0 && lstat_path(dir, &parent) == 0) {
        uint64_t f[8] = {st.st_dev, st.st_ino, parent.st_dev, parent.st_ino, 0, 0, 0, 0};
        journal(R_CREATE, f, p, NULL, NULL, 0);
    }
    pthread_mutex_unlock(&lock);
    errno = saved;
    return rc;
}
int mkdir(const char *path, mode_t mode) { return do_mkdir(AT_FDCWD, path, mode); }
int mkdirat(int dirfd, const char *path, mode_t mode) { return do_mkdir(dirfd, path, mode); }
