/* data.c — reading the line-oriented data files of data/ for the lexicons.
 *
 * A file is read in large pieces into one buffer (a read a piece, not a
 * getline call per line) and its lines are found with memchr; a comment is
 * looked for only where the line has a '#' at all. Each line is handed over
 * in place, NUL-terminated where its comment or trailing space began. */
#include "stage.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Read up to want bytes into buf; how many (0 at the end), -1 on an error. */
static ssize_t read_some(int fd, char *buf, size_t want)
{
    size_t got = 0;
    while (got < want) {
        ssize_t k = read(fd, buf + got, want - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return (ssize_t)got;
}

/* A file is read in pieces of this size into one buffer (a line longer
 * than the buffer doubles it): every data file but the gazetteer fits in
 * one piece, and the gazetteer's half megabyte then costs 16 pages of
 * memory instead of 120, each a page fault on first touch. Lines are handed
 * over in place: a line's bytes live until the next piece is read, so a
 * callback copies what it keeps (they all do). */
enum { DATA_PIECE = 65536 };

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
    size_t cap = DATA_PIECE, n = 0; /* buf[0..n): read and not yet handed over */
    long long base = 0;             /* the file offset of buf[0] */
    char *buf = malloc(cap + 1);
    int lineno = 0, eof = 0;
    vn_result rc = VN_OK;
    while (!rc && buf) {
        if (!eof) {
            ssize_t k = read_some(fd, buf + n, cap - n);
            if (k < 0) {
                free(buf);
                buf = NULL;
                break;
            }
            eof = n + (size_t)k < cap;
            n += (size_t)k;
        }
        buf[n] = '\0';
        /* the whole lines in buf (all of them at the end of the file) */
        const char *hash = memchr(buf, '#', n);
        size_t i = 0;
        for (;;) {
            char *line = buf + i, *nl = memchr(line, '\n', n - i);
            if (!nl && (!eof || i == n))
                break;
            size_t got = nl ? (size_t)(nl - line) + 1 : n - i; /* the line's bytes, its "\n" included */
            lineno++;
            size_t len = comment_at(line, nl ? got - 1 : got, buf + n, &hash);
            while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
                len--;
            line[len] = '\0';
            if (len && fn(line, len, lineno, ctx)) {
                vn_error_set(err, VN_ERR_DATA, path, lineno, base + (long long)i, "malformed entry: %.80s", line);
                rc = VN_ERR_DATA;
                break;
            }
            i += got;
        }
        if (rc || eof)
            break;
        /* the unfinished line to the front; a buffer it fills doubles */
        memmove(buf, buf + i, n - i);
        base += (long long)i;
        n -= i;
        if (n == cap) {
            char *q = realloc(buf, cap * 2 + 1);
            if (!q) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = q;
            cap *= 2;
        }
    }
    int saved = errno;
    close(fd);
    if (!buf) {
        vn_error_set(err, VN_ERR_IO, path, 0, -1, "cannot read data file: %s", strerror(saved));
        return err ? err->code : VN_ERR_IO;
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
