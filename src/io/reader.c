/* reader.c — pages from files: .txt (one page), JSON Lines plain, .zst or
 * .gz (one page a line), stdin. Streaming: a fixed read buffer and one line
 * buffer with a cap, so memory stays bounded whatever the input size. In keep
 * mode (reader_int.h, the CLI's batches) a read buffer pages were handed out
 * of is set aside, not read into again, until the caller releases the pages:
 * their texts are then used where they were parsed, not copied out. */
#include "../core/json.h"
#include "reader_int.h"
#include "vnews.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#define CHUNK (1u << 20)
#define DEFAULT_MAX_LINE ((size_t)64 << 20)

enum { SRC_PLAIN, SRC_GZIP, SRC_ZSTD };
enum { MODE_JSONL, MODE_TEXT };

typedef struct source {
    FILE *f;
    int kind;
    int eof;          /* raw file at end */
    int failed;       /* decompression error */
    int truncated;    /* compressed stream ended early */
    /* raw input for decompressors */
    unsigned char *raw;
    size_t raw_len, raw_pos;
    z_stream zs;
    int zs_init, zs_end;
    ZSTD_DCtx *zd;
    size_t zret; /* last ZSTD_decompressStream result: 0 = frame complete */
} source;

struct vn_reader {
    char **paths;
    int npaths, next_path;
    size_t max_line;
    vn_reader_stats stats;
    /* current file */
    const char *path; /* display name */
    source src;
    int open, mode;
    char *chunk;
    size_t chunk_len, chunk_pos;
    long long line_no;
    long long offset;      /* byte offset (decompressed) of the next line */
    vn_buf line;           /* a line that spans chunks, copied together */
    char *cur;             /* the line: in the chunk when it lies in one, else line.ptr;
                              parsed in place (the page's strings point into it) */
    size_t cur_len;
    int line_too_long;
    long long line_bytes;  /* bytes the last line took in the input, "\n" included */
    /* the page handed out */
    vn_arena *arena;
    vn_buf meta, text_buf;
    char idbuf[64];
    /* keep mode (reader_int.h): read buffers pages were handed out of since
     * the last release, and buffers free for reuse */
    int keep;
    int handed;     /* a page's text lies in chunk */
    int text_kept;  /* the last page's text does (and stays) */
    char **held, **spare;
    int nheld, nspare, capbufs;
};

/* ---- sources */

static ssize_t raw_fill(source *s)
{
    if (s->raw_pos < s->raw_len)
        return (ssize_t)(s->raw_len - s->raw_pos);
    if (s->eof)
        return 0;
    s->raw_len = fread(s->raw, 1, CHUNK, s->f);
    s->raw_pos = 0;
    if (s->raw_len == 0) {
        s->eof = 1;
        return ferror(s->f) ? -1 : 0;
    }
    return (ssize_t)s->raw_len;
}

/* Read up to n decompressed bytes; 0 at end, -1 on error. */
static ssize_t src_read(source *s, char *out, size_t n)
{
    if (s->kind == SRC_PLAIN) {
        if (s->raw_pos < s->raw_len) { /* bytes peeked for sniffing */
            size_t k = s->raw_len - s->raw_pos;
            if (k > n)
                k = n;
            memcpy(out, s->raw + s->raw_pos, k);
            s->raw_pos += k;
            return (ssize_t)k;
        }
        size_t k = fread(out, 1, n, s->f);
        if (k == 0 && ferror(s->f))
            return -1;
        return (ssize_t)k;
    }
    if (s->kind == SRC_ZSTD) {
        for (;;) {
            ssize_t have = raw_fill(s);
            if (have < 0)
                return -1;
            if (have == 0) {
                if (s->zret != 0)
                    s->truncated = 1;
                return 0;
            }
            ZSTD_inBuffer in = {s->raw, s->raw_len, s->raw_pos};
            ZSTD_outBuffer ob = {out, n, 0};
            size_t r = ZSTD_decompressStream(s->zd, &ob, &in);
            s->raw_pos = in.pos;
            if (ZSTD_isError(r)) {
                s->failed = 1;
                return -1;
            }
            s->zret = r;
            if (ob.pos)
                return (ssize_t)ob.pos;
        }
    }
    /* gzip, possibly several members */
    for (;;) {
        if (s->zs_end) {
            ssize_t have = raw_fill(s);
            if (have <= 0)
                return have;
            inflateReset(&s->zs);
            s->zs_end = 0;
        }
        ssize_t have = raw_fill(s);
        if (have < 0)
            return -1;
        if (have == 0) {
            s->truncated = 1;
            return 0;
        }
        s->zs.next_in = s->raw + s->raw_pos;
        s->zs.avail_in = (uInt)(s->raw_len - s->raw_pos);
        s->zs.next_out = (Bytef *)out;
        s->zs.avail_out = (uInt)n;
        int r = inflate(&s->zs, Z_NO_FLUSH);
        s->raw_pos = s->raw_len - s->zs.avail_in;
        if (r == Z_STREAM_END)
            s->zs_end = 1;
        else if (r != Z_OK && r != Z_BUF_ERROR) {
            s->failed = 1;
            return -1;
        }
        size_t got = n - s->zs.avail_out;
        if (got)
            return (ssize_t)got;
    }
}

static void src_close(source *s)
{
    if (s->f && s->f != stdin)
        fclose(s->f);
    if (s->zs_init)
        inflateEnd(&s->zs);
    if (s->zd)
        ZSTD_freeDCtx(s->zd);
    free(s->raw);
    memset(s, 0, sizeof *s);
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* Open path (or stdin for "-"), sniff compression from magic bytes. */
static vn_result src_open(source *s, const char *path, vn_error *err)
{
    memset(s, 0, sizeof *s);
    if (strcmp(path, "-") == 0) {
        s->f = stdin;
    } else {
        s->f = fopen(path, "rb");
        if (!s->f) {
            /* VN_ERR_NOT_FOUND means the end of all input to callers */
            vn_error_set(err, VN_ERR_IO, path, 0, -1, "cannot open: %s", strerror(errno));
            return VN_ERR_IO;
        }
    }
    s->raw = malloc(CHUNK);
    if (!s->raw)
        return VN_ERR_NOMEM;
    s->raw_len = fread(s->raw, 1, 4, s->f);
    if (s->raw_len < 4 && ferror(s->f)) {
        vn_error_set(err, VN_ERR_IO, path, 0, 0, "cannot read: %s", strerror(errno));
        return VN_ERR_IO;
    }
    const unsigned char *m = s->raw;
    if (s->raw_len >= 4 && m[0] == 0x28 && m[1] == 0xB5 && m[2] == 0x2F && m[3] == 0xFD) {
        s->kind = SRC_ZSTD;
        s->zd = ZSTD_createDCtx();
        s->zret = 1;
    } else if (s->raw_len >= 2 && m[0] == 0x1F && m[1] == 0x8B) {
        s->kind = SRC_GZIP;
        if (inflateInit2(&s->zs, 16 + MAX_WBITS) != Z_OK)
            return VN_ERR_NOMEM;
        s->zs_init = 1;
    } else {
        s->kind = SRC_PLAIN;
    }
    return VN_OK;
}

/* ---- reader */

vn_reader *vn_reader_new(const char *const *paths, int npaths, size_t max_line)
{
    vn_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    static const char *const stdin_only[] = {"-"};
    if (npaths == 0) {
        paths = stdin_only;
        npaths = 1;
    }
    r->paths = calloc((size_t)npaths, sizeof *r->paths);
    for (int i = 0; i < npaths; i++)
        r->paths[i] = strdup(paths[i]);
    r->npaths = npaths;
    r->max_line = max_line ? max_line : DEFAULT_MAX_LINE;
    r->chunk = malloc(CHUNK);
    vn_buf_init(&r->line, r->max_line);
    vn_buf_init(&r->meta, 0);
    vn_buf_init(&r->text_buf, r->max_line);
    r->arena = vn_arena_new();
    return r;
}

void vn_reader_free(vn_reader *r)
{
    if (!r)
        return;
    if (r->open)
        src_close(&r->src);
    for (int i = 0; i < r->npaths; i++)
        free(r->paths[i]);
    free(r->paths);
    free(r->chunk);
    for (int i = 0; i < r->nheld; i++)
        free(r->held[i]);
    for (int i = 0; i < r->nspare; i++)
        free(r->spare[i]);
    free(r->held);
    free(r->spare);
    vn_buf_release(&r->line);
    vn_buf_release(&r->meta);
    vn_buf_release(&r->text_buf);
    vn_arena_free(r->arena);
    free(r);
}

const vn_reader_stats *vn_reader_stats_get(const vn_reader *r)
{
    return &r->stats;
}

/* Before chunk is read into again: in keep mode, a chunk a page's text was
 * handed out of is set aside and another one read into. */
static int fresh_chunk(vn_reader *r)
{
    if (!r->keep || !r->handed)
        return 0;
    if (r->nheld == r->capbufs) {
        int cap = r->capbufs ? r->capbufs * 2 : 8;
        char **h = realloc(r->held, (size_t)cap * sizeof *h);
        char **sp = h ? realloc(r->spare, (size_t)cap * sizeof *sp) : NULL;
        if (h)
            r->held = h;
        if (!h || !sp)
            return -1;
        r->spare = sp;
        r->capbufs = cap;
    }
    char *c = r->nspare ? r->spare[--r->nspare] : malloc(CHUNK);
    if (!c)
        return -1;
    r->held[r->nheld++] = r->chunk;
    r->chunk = c;
    r->handed = 0;
    return 0;
}

void vn_reader_keep(vn_reader *r, int on)
{
    r->keep = on;
    if (!on)
        vn_reader_release(r);
}

void vn_reader_release(vn_reader *r)
{
    while (r->nheld) /* capbufs is room for all of them in both lists */
        r->spare[r->nspare++] = r->held[--r->nheld];
    r->handed = 0;
}

int vn_reader_text_kept(const vn_reader *r)
{
    return r->text_kept;
}

int vn_reader_kept(const vn_reader *r, const char *s)
{
    /* a page's strings come from its one line: in the chunk when its text is */
    return r->text_kept && s && s >= r->chunk && s < r->chunk + CHUNK;
}

/* Next line into r->line (without "\n"). 1 = got a line, 0 = end, -1 = error
 * (read failure). A line over the cap sets r->line_too_long. */
static int next_line(vn_reader *r)
{
    vn_buf_reset(&r->line);
    r->line_too_long = 0;
    r->line_bytes = 0;
    int any = 0;
    for (;;) {
        if (r->chunk_pos >= r->chunk_len) {
            if (fresh_chunk(r))
                return -1;
            ssize_t k = src_read(&r->src, r->chunk, CHUNK);
            if (k < 0)
                return -1;
            if (k == 0) {
                r->cur = r->line.ptr;
                r->cur_len = r->line.len;
                return any ? 1 : 0;
            }
            r->chunk_len = (size_t)k;
            r->chunk_pos = 0;
            r->stats.bytes += k;
        }
        char *st = r->chunk + r->chunk_pos;
        size_t left = r->chunk_len - r->chunk_pos;
        char *nl = memchr(st, '\n', left);
        size_t take = nl ? (size_t)(nl - st) : left;
        if (nl && !any) {
            /* the whole line is in the chunk: read it there, uncopied (the
             * chunk is not refilled before the next call) */
            if (r->max_line && take > r->max_line)
                r->line_too_long = 1;
            r->cur = st;
            r->cur_len = take;
            r->chunk_pos += take + 1;
            r->line_bytes = (long long)(take + 1);
            return 1;
        }
        any = 1;
        if (!r->line_too_long) {
            if (vn_buf_add(&r->line, st, take) == VN_ERR_TOO_LARGE) {
                r->line_too_long = 1;
                r->line.err = VN_OK;
            }
        }
        r->chunk_pos += take + (nl ? 1 : 0);
        r->line_bytes += (long long)(take + (nl ? 1 : 0));
        if (nl)
            break;
    }
    r->cur = r->line.ptr;
    r->cur_len = r->line.len;
    return 1;
}

/* A page is binary if a third of its first 4 KiB are control bytes, or it
 * starts with the magic of a common binary format. A few stray NULs in a
 * text are repaired by the text stage instead. */
static int looks_binary(const char *s, size_t n)
{
    static const char *const magic[] = {"\x89PNG", "\xFF\xD8\xFF", "%PDF", "PK\x03\x04", "\x7F" "ELF",
                                        "GIF8", "SQLite format 3"};
    for (size_t i = 0; i < sizeof magic / sizeof *magic; i++)
        if (n >= strlen(magic[i]) && memcmp(s, magic[i], strlen(magic[i])) == 0)
            return 1;
    size_t k = n < 4096 ? n : 4096, bad = 0;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != 0x0C)
            bad++;
    }
    return k >= 16 && bad * 3 > k;
}

static const char *base_id(vn_reader *r, const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    const char *exts[] = {".jsonl.zst", ".jsonl.gz", ".txt.zst", ".txt.gz", ".jsonl", ".txt", ".json"};
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (ends_with(b, exts[i])) {
            n -= strlen(exts[i]);
            break;
        }
    return vn_arena_strndup(r->arena, b, n);
}

static vn_result open_next(vn_reader *r, vn_error *err)
{
    const char *path = r->paths[r->next_path++];
    r->path = path;
    r->chunk_len = r->chunk_pos = 0;
    r->line_no = 0;
    r->offset = 0;
    vn_result rc = src_open(&r->src, path, err);
    if (rc) {
        src_close(&r->src);
        r->stats.errors++;
        return rc;
    }
    r->open = 1;
    /* mode from the name, else from the first byte */
    if (ends_with(path, ".txt") || ends_with(path, ".txt.gz") || ends_with(path, ".txt.zst"))
        r->mode = MODE_TEXT;
    else if (ends_with(path, ".jsonl") || ends_with(path, ".jsonl.zst") ||
             ends_with(path, ".jsonl.gz") || ends_with(path, ".ndjson"))
        r->mode = MODE_JSONL;
    else {
        /* peek the first decompressed chunk */
        ssize_t k = fresh_chunk(r) ? -1 : src_read(&r->src, r->chunk, CHUNK);
        if (k < 0) {
            vn_error_set(err, VN_ERR_CORRUPT, path, 0, 0, "cannot decompress");
            src_close(&r->src);
            r->open = 0;
            r->stats.errors++;
            return VN_ERR_CORRUPT;
        }
        r->chunk_len = (size_t)k;
        r->stats.bytes += k;
        size_t i = 0;
        if (k >= 3 && memcmp(r->chunk, "\xEF\xBB\xBF", 3) == 0)
            i = 3;
        while (i < (size_t)k && (r->chunk[i] == ' ' || r->chunk[i] == '\n' || r->chunk[i] == '\r' ||
                                 r->chunk[i] == '\t'))
            i++;
        r->mode = (i < (size_t)k && r->chunk[i] == '{') ? MODE_JSONL : MODE_TEXT;
    }
    return VN_OK;
}

static void close_current(vn_reader *r)
{
    src_close(&r->src);
    r->open = 0;
}

/* Whole source as one text page. */
static vn_result read_text_page(vn_reader *r, vn_page *pg, vn_error *err)
{
    vn_buf_reset(&r->text_buf);
    vn_buf_add(&r->text_buf, r->chunk + r->chunk_pos, r->chunk_len - r->chunk_pos);
    r->chunk_pos = r->chunk_len;
    for (;;) {
        ssize_t k = fresh_chunk(r) ? -1 : src_read(&r->src, r->chunk, CHUNK);
        if (k < 0) {
            vn_error_set(err, r->src.failed ? VN_ERR_CORRUPT : VN_ERR_IO, r->path, 0,
                         r->stats.bytes, r->src.failed ? "corrupt compressed data" : "read failed");
            r->stats.errors++;
            close_current(r);
            return err ? err->code : VN_ERR_IO;
        }
        if (k == 0)
            break;
        r->stats.bytes += k;
        if (vn_buf_add(&r->text_buf, r->chunk, (size_t)k) == VN_ERR_TOO_LARGE) {
            vn_error_set(err, VN_ERR_TOO_LARGE, r->path, 0, (long long)r->max_line,
                         "page larger than %zu bytes: skipped", r->max_line);
            r->stats.errors++;
            close_current(r);
            return VN_ERR_TOO_LARGE;
        }
    }
    int truncated = r->src.truncated;
    close_current(r);
    if (truncated) {
        vn_error_set(err, VN_ERR_TRUNCATED, r->path, 0, r->stats.bytes,
                     "compressed stream ends early: page skipped");
        r->stats.errors++;
        return VN_ERR_TRUNCATED;
    }
    if (looks_binary(r->text_buf.ptr, r->text_buf.len)) {
        vn_error_set(err, VN_ERR_BINARY, r->path, 0, 0, "binary data, not a text page: skipped");
        r->stats.errors++;
        return VN_ERR_BINARY;
    }
    memset(pg, 0, sizeof *pg);
    pg->id = strcmp(r->path, "-") == 0 ? "stdin" : base_id(r, r->path);
    pg->text = r->text_buf.ptr;
    pg->text_len = r->text_buf.len;
    pg->origin = r->path;
    r->stats.pages++;
    return VN_OK;
}

static const char *scalar_text(vn_reader *r, const vn_json *v)
{
    if (!v)
        return NULL;
    if (v->type == VN_JSON_STRING)
        return v->str;
    if (v->type == VN_JSON_NUMBER)
        return v->str;
    return NULL;
}

/* One JSON line as a page. */
static vn_result json_page(vn_reader *r, vn_page *pg, long long line_off, vn_error *err)
{
    char *s = r->cur;
    size_t n = r->cur_len;
    if (n && s[n - 1] == '\r')
        n--;
    size_t lead = 0;
    if (r->line_no == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        lead = 3;
    size_t eoff;
    const char *emsg;
    vn_json *v = vn_json_parse_inplace(r->arena, s + lead, n - lead, &eoff, &emsg);
    if (!v) {
        vn_error_set(err, VN_ERR_JSON, r->path, r->line_no, line_off + (long long)(lead + eoff),
                     "%s", emsg);
        r->stats.errors++;
        return VN_ERR_JSON;
    }
    if (v->type != VN_JSON_OBJECT) {
        vn_error_set(err, VN_ERR_FORMAT, r->path, r->line_no, line_off, "not a JSON object");
        r->stats.errors++;
        return VN_ERR_FORMAT;
    }
    const vn_json *text = vn_json_get(v, "text");
    if (!text || text->type != VN_JSON_STRING) {
        vn_error_set(err, VN_ERR_FORMAT, r->path, r->line_no, line_off,
                     text ? "\"text\" is not a string" : "no \"text\" field");
        r->stats.errors++;
        return VN_ERR_FORMAT;
    }
    memset(pg, 0, sizeof *pg);
    pg->text = text->str;
    pg->text_len = text->len;
    if (r->keep && text->str >= r->chunk && text->str < r->chunk + CHUNK) {
        r->text_kept = r->handed = 1; /* parsed in place, in the chunk */
    }
    pg->id = scalar_text(r, vn_json_get(v, "id"));
    if (!pg->id) {
        snprintf(r->idbuf, sizeof r->idbuf, "%lld", r->line_no);
        pg->id = r->idbuf;
    }
    pg->url = vn_json_get_str(v, "url");
    pg->date = vn_json_get_str(v, "date");
    vn_buf_reset(&r->meta);
    int any = 0;
    for (int i = 0; i < v->n; i++) {
        const vn_json *k = &v->kids[i];
        if (!strcmp(k->key, "text") || !strcmp(k->key, "id") || !strcmp(k->key, "url") ||
            !strcmp(k->key, "date"))
            continue;
        vn_buf_addc(&r->meta, any ? ',' : '{');
        vn_buf_add_json_str(&r->meta, k->key, k->key_len);
        vn_buf_addc(&r->meta, ':');
        vn_json_write(k, &r->meta);
        any = 1;
    }
    if (any) {
        vn_buf_addc(&r->meta, '}');
        pg->meta = r->meta.ptr;
        pg->meta_len = r->meta.len;
    }
    pg->origin = r->path;
    pg->line = r->line_no;
    r->stats.pages++;
    return VN_OK;
}

vn_result vn_reader_next(vn_reader *r, vn_page *pg, vn_error *err)
{
    vn_arena_reset(r->arena);
    r->text_kept = 0;
    for (;;) {
        if (!r->open) {
            if (r->next_path >= r->npaths)
                return VN_ERR_NOT_FOUND;
            vn_result rc = open_next(r, err);
            if (rc)
                return rc;
        }
        if (r->mode == MODE_TEXT)
            return read_text_page(r, pg, err);

        long long line_off = r->offset;
        int got = next_line(r);
        if (got <= 0) {
            vn_result rc = VN_OK;
            if (got < 0) {
                vn_error_set(err, r->src.failed ? VN_ERR_CORRUPT : VN_ERR_IO, r->path, r->line_no + 1,
                             r->offset, r->src.failed ? "corrupt compressed data" : "read failed");
                rc = err ? err->code : VN_ERR_IO;
            } else if (r->src.truncated) {
                vn_error_set(err, VN_ERR_TRUNCATED, r->path, r->line_no + 1, r->offset,
                             "compressed stream ends early");
                rc = VN_ERR_TRUNCATED;
            }
            if (rc)
                r->stats.errors++;
            close_current(r);
            if (rc)
                return rc;
            continue;
        }
        r->line_no++;
        r->offset += r->line_bytes;
        if (r->line_too_long) {
            vn_error_set(err, VN_ERR_TOO_LARGE, r->path, r->line_no, line_off,
                         "line longer than %zu bytes: skipped", r->max_line);
            r->stats.errors++;
            return VN_ERR_TOO_LARGE;
        }
        size_t i = 0;
        while (i < r->cur_len && (r->cur[i] == ' ' || r->cur[i] == '\t' || r->cur[i] == '\r'))
            i++;
        if (i == r->cur_len)
            continue; /* blank line */
        return json_page(r, pg, line_off, err);
    }
}
