/* data.c — reading the line-oriented data files of data/ for the lexicons.
 *
 * A file is read whole into one buffer (one read, not a getline call per
 * line) and its lines are found with memchr; a comment is looked for only
 * where the line has a '#' at all. Each line is handed over in place, NUL-
 * terminated where its comment or trailing space began. */
#include "stage.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The whole of the open file fd into a malloc'd buffer (one byte more for a
 * NUL); NULL on a read error or no memory. */
static char *read_whole(int fd, size_t *len)
{
    struct stat st;
    size_t cap = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 65536;
    char *buf = malloc(cap + 1);
    size_t n = 0;
    if (!buf)
        return NULL;
    for (;;) {
        if (n == cap) {
            char *q = realloc(buf, cap * 2 + 1);
            if (!q) {
                free(buf);
                return NULL;
            }
            buf = q;
            cap *= 2;
        }
        ssize_t k = read(fd, buf + n, cap - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            free(buf);
            return NULL;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Where a comment starts in line[0..len): a '#' that opens the line or follows
 * a space or tab; len if none. *hash is the first '#' at or after line in the
 * file (NULL: none), kept from line to line: most lines have none, and are not
 * searched again. */
static size_t comment_at(const char *line, size_t len, const char *end, const char **hash)
{
    for (const char *p; (p = *hash) != NULL && p < line + len;) {
        if (p >= line && (p == line || p[-1] == ' ' || p[-1] == '\t'))
            return (size_t)(p - line);
        *hash = memchr(p + 1, '#', (size_t)(end - p - 1));
    }
    return len;
}

vn_result vn_data_each_line(const char *dir, const char *name, vn_data_line_fn fn, void *ctx,
                            vn_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        vn_error_set(err, errno == ENOENT ? VN_ERR_NOT_FOUND : VN_ERR_IO, path, 0, -1,
                     "cannot open data file: %s", strerror(errno));
        return err ? err->code : VN_ERR_IO;
    }
    size_t n = 0;
    char *buf = read_whole(fd, &n);
    int saved = errno;
    close(fd);
    if (!buf) {
        vn_error_set(err, VN_ERR_IO, path, 0, -1, "cannot read data file: %s", strerror(saved));
        return err ? err->code : VN_ERR_IO;
    }
    int lineno = 0;
    vn_result rc = VN_OK;
    const char *hash = memchr(buf, '#', n);
    for (size_t i = 0; i < n;) {
        char *line = buf + i, *nl = memchr(line, '\n', n - i);
        size_t got = nl ? (size_t)(nl - line) + 1 : n - i; /* the line's bytes, its "\n" included */
        lineno++;
        size_t len = comment_at(line, nl ? got - 1 : got, buf + n, &hash);
        while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
            len--;
        line[len] = '\0';
        if (len && fn(line, len, lineno, ctx)) {
            vn_error_set(err, VN_ERR_DATA, path, lineno, (long long)i, "malformed entry: %.80s", line);
            rc = VN_ERR_DATA;
            break;
        }
        i += got;
    }
    free(buf);
    return rc;
}

int vn_data_fields(char *line, char **fields, int max)
{
    int k = 0;
    char *p = line;
    while (k < max) {
        fields[k++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return k;
}
