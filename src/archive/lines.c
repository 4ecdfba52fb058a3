/* lines.c — lines from a plain, gzip or zstd file (or stdin), for ingest,
 * which must see each JSON line whole to tell a page ("text") from a record
 * that extract wrote. Memory is bounded: a line longer than the cap is
 * skipped and reported. */
#include "lines.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#define CHUNK (1u << 20)

enum { PLAIN, GZIP, ZSTD };

struct vn_lines {
    FILE *f;
    int kind, eof, failed;
    const char *path;
    unsigned char *raw;
    size_t raw_len, raw_pos;
    z_stream zs;
    int zs_init, zs_end;
    ZSTD_DCtx *zd;
    size_t zret;
    char *buf; /* decompressed bytes */
    size_t buf_len, buf_pos;
    vn_buf line;
    size_t max_line;
    long long lineno, bytes;
};

vn_lines *vn_lines_open(const char *path, size_t max_line, vn_error *err)
{
    vn_lines *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->path = path;
    l->max_line = max_line ? max_line : ((size_t)64 << 20);
    if (!strcmp(path, "-")) {
        l->f = stdin;
    } else {
        l->f = fopen(path, "rb");
        if (!l->f) {
            vn_error_set(err, errno == ENOENT ? VN_ERR_NOT_FOUND : VN_ERR_IO, path, 0, -1,
                         "cannot open: %s", strerror(errno));
            free(l);
            return NULL;
        }
    }
    l->raw = malloc(CHUNK);
    l->buf = malloc(CHUNK);
    vn_buf_init(&l->line, 0);
    /* the kind from the magic bytes, not the name */
    l->raw_len = fread(l->raw, 1, 4, l->f);
    if (l->raw_len >= 2 && l->raw[0] == 0x1F && l->raw[1] == 0x8B) {
        l->kind = GZIP;
        if (inflateInit2(&l->zs, 15 + 32) == Z_OK)
            l->zs_init = 1;
    } else if (l->raw_len == 4 && !memcmp(l->raw, "\x28\xB5\x2F\xFD", 4)) {
        l->kind = ZSTD;
        l->zd = ZSTD_createDCtx();
    }
    return l;
}

void vn_lines_close(vn_lines *l)
{
    if (!l)
        return;
    if (l->f && l->f != stdin)
        fclose(l->f);
    if (l->zs_init)
        inflateEnd(&l->zs);
    ZSTD_freeDCtx(l->zd);
    free(l->raw);
    free(l->buf);
    vn_buf_release(&l->line);
    free(l);
}

static int raw_fill(vn_lines *l)
{
    if (l->raw_pos < l->raw_len)
        return 1;
    if (l->eof)
        return 0;
    l->raw_len = fread(l->raw, 1, CHUNK, l->f);
    l->raw_pos = 0;
    if (!l->raw_len) {
        l->eof = 1;
        return ferror(l->f) ? -1 : 0;
    }
    return 1;
}

/* More decompressed bytes into buf: 1, 0 at end, -1 on error. */
static int fill(vn_lines *l)
{
    l->buf_pos = l->buf_len = 0;
    for (;;) {
        int r = raw_fill(l);
        if (r <= 0) {
            if (r == 0 && l->kind == ZSTD && l->zret != 0)
                l->failed = 1; /* stream ends mid-frame */
            return r < 0 || l->failed ? -1 : 0;
        }
        if (l->kind == PLAIN) {
            memcpy(l->buf, l->raw + l->raw_pos, l->raw_len - l->raw_pos);
            l->buf_len = l->raw_len - l->raw_pos;
            l->raw_pos = l->raw_len;
            return 1;
        }
        if (l->kind == ZSTD) {
            ZSTD_inBuffer in = {l->raw, l->raw_len, l->raw_pos};
            ZSTD_outBuffer out = {l->buf, CHUNK, 0};
            size_t z = ZSTD_decompressStream(l->zd, &out, &in);
            l->raw_pos = in.pos;
            if (ZSTD_isError(z)) {
                l->failed = 1;
                return -1;
            }
            l->zret = z;
            if (out.pos) {
                l->buf_len = out.pos;
                return 1;
            }
            continue;
        }
        /* gzip, possibly several members */
        if (!l->zs_init)
            return -1;
        if (l->zs_end) {
            inflateReset(&l->zs);
            l->zs_end = 0;
        }
        l->zs.next_in = l->raw + l->raw_pos;
        l->zs.avail_in = (uInt)(l->raw_len - l->raw_pos);
        l->zs.next_out = (Bytef *)l->buf;
        l->zs.avail_out = CHUNK;
        int z = inflate(&l->zs, Z_NO_FLUSH);
        l->raw_pos = l->raw_len - l->zs.avail_in;
        if (z == Z_STREAM_END)
            l->zs_end = 1;
        else if (z != Z_OK && z != Z_BUF_ERROR) {
            l->failed = 1;
            return -1;
        }
        if (CHUNK - l->zs.avail_out) {
            l->buf_len = CHUNK - l->zs.avail_out;
            return 1;
        }
    }
}

int vn_lines_next(vn_lines *l, const char **line, size_t *len, vn_error *err)
{
    vn_buf_reset(&l->line);
    int too_long = 0, any = 0;
    for (;;) {
        if (l->buf_pos >= l->buf_len) {
            int r = fill(l);
            if (r < 0) {
                vn_error_set(err, VN_ERR_CORRUPT, l->path, l->lineno + 1, l->bytes,
                             l->failed ? "corrupt or truncated compressed data" : "read failed");
                return -1;
            }
            if (r == 0) {
                if (!any)
                    return 0;
                break; /* a last line without "\n" */
            }
        }
        any = 1;
        const char *p = l->buf + l->buf_pos;
        size_t n = l->buf_len - l->buf_pos;
        const char *nl = memchr(p, '\n', n);
        size_t take = nl ? (size_t)(nl - p) : n;
        if (!too_long && l->line.len + take <= l->max_line)
            vn_buf_add(&l->line, p, take);
        else
            too_long = 1;
        l->buf_pos += take + (nl ? 1 : 0);
        l->bytes += (long long)(take + (nl ? 1 : 0));
        if (nl)
            break;
    }
    l->lineno++;
    if (too_long) {
        vn_error_set(err, VN_ERR_TOO_LARGE, l->path, l->lineno, -1,
                     "line longer than %zu bytes: skipped", l->max_line);
        return 2;
    }
    if (l->line.err) {
        vn_error_set(err, VN_ERR_NOMEM, l->path, l->lineno, -1, "out of memory");
        return 2;
    }
    size_t n = l->line.len;
    if (n && l->line.ptr[n - 1] == '\r')
        n--;
    *line = l->line.ptr;
    *len = n;
    return 1;
}

int vn_lines_peek(vn_lines *l)
{
    if (l->buf_pos >= l->buf_len && fill(l) <= 0)
        return -1;
    size_t i = l->buf_pos;
    if (l->buf_len - i >= 3 && !memcmp(l->buf + i, "\xEF\xBB\xBF", 3))
        i += 3;
    while (i < l->buf_len && (l->buf[i] == ' ' || l->buf[i] == '\n' || l->buf[i] == '\r' ||
                              l->buf[i] == '\t'))
        i++;
    return i < l->buf_len ? (unsigned char)l->buf[i] : -1;
}

long long vn_lines_lineno(const vn_lines *l)
{
    return l->lineno;
}

long long vn_lines_bytes(const vn_lines *l)
{
    return l->bytes;
}

/* The rest of the input as one text (a page on stdin). */
int vn_lines_slurp(vn_lines *l, vn_buf *out, size_t max)
{
    for (;;) {
        if (l->buf_pos >= l->buf_len) {
            int r = fill(l);
            if (r < 0)
                return -1;
            if (r == 0)
                return 0;
        }
        size_t n = l->buf_len - l->buf_pos;
        if (out->len + n > max)
            return -2;
        vn_buf_add(out, l->buf + l->buf_pos, n);
        l->bytes += (long long)n;
        l->buf_pos = l->buf_len;
    }
}
