/*
 * vnews.h — the whole public API of libvnews.
 *
 * vnews turns crawled Vietnamese government news pages into clean, structured
 * records (see SCHEMA.md of the shared folder) and keeps them in a searchable
 * archive. The command line (src/cli) and the server (src/serve) include only
 * this header.
 *
 * Ownership, in one place:
 *  - vn_buf: owned by whoever declared it; vn_buf_release() frees it. Its ptr
 *    is never NULL and always NUL-terminated.
 *  - vn_arena: owns everything allocated from it; vn_arena_free() frees all.
 *  - vn_lexicon: loaded once, read-only afterwards, shared by all threads.
 *  - vn_context: one per thread; records it returns live until the next
 *    vn_process() on that context (its arena is reset per page).
 *  - vn_reader: owns its file handles and line buffers; the vn_page it hands
 *    out lives until the next vn_reader_next().
 *  - Strings passed in are borrowed for the duration of the call only.
 */
#ifndef VNEWS_H
#define VNEWS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VNEWS_VERSION "0.1.0"

/* ---------------------------------------------------------------- errors */

typedef enum vn_result {
    VN_OK = 0,
    VN_ERR_NOMEM,     /* out of memory */
    VN_ERR_IO,        /* read or write failed */
    VN_ERR_NOT_FOUND, /* no such file, table, entry */
    VN_ERR_JSON,      /* malformed JSON */
    VN_ERR_UTF8,      /* invalid UTF-8 (repaired where possible) */
    VN_ERR_TOO_LARGE, /* over a size cap */
    VN_ERR_EMPTY,     /* empty input */
    VN_ERR_FORMAT,    /* not the expected shape (e.g. JSON without "text") */
    VN_ERR_ARG,       /* bad argument or option */
    VN_ERR_DB,        /* database error */
    VN_ERR_CORRUPT,   /* corrupt or foreign file */
    VN_ERR_BUSY,      /* locked by another writer */
    VN_ERR_READONLY,  /* cannot write there */
    VN_ERR_FULL,      /* disk full */
    VN_ERR_DATA,      /* a data/lexicon file is malformed */
    VN_ERR_BINARY,    /* input looks binary */
    VN_ERR_TRUNCATED, /* input ends mid-record or mid-sequence */
    VN_ERR_INTERNAL
} vn_result;

/* A stable name for each result ("io", "json", ...). */
const char *vn_result_name(vn_result r);

/* Where and what went wrong. file may be "" (e.g. stdin is "-"); line and byte
 * are 1-based line and 0-based byte offset in that file, or 0 / -1 if unknown. */
typedef struct vn_error {
    vn_result code;
    long long line;
    long long byte;
    char file[512];
    char msg[512];
} vn_error;

void vn_error_clear(vn_error *e);
void vn_error_set(vn_error *e, vn_result code, const char *file, long long line,
                  long long byte, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* "file:line: byte N: message (code)" into out; returns out. */
const char *vn_error_format(const vn_error *e, char *out, size_t n);

/* ------------------------------------------------------ growable buffer */

/* Never NULL: ptr points to a static "" until the first add. A buffer with a
 * cap (max > 0) refuses to grow past it and remembers the failure in err; all
 * later adds are ignored until vn_buf_reset(). */
typedef struct vn_buf {
    char *ptr;
    size_t len;
    size_t cap; /* 0 while ptr is the static empty string */
    size_t max; /* 0 = unlimited */
    vn_result err;
} vn_buf;

extern char vn_buf_empty[];
#define VN_BUF_INIT {vn_buf_empty, 0, 0, 0, VN_OK}

void vn_buf_init(vn_buf *b, size_t max);
vn_result vn_buf_grow(vn_buf *b, size_t extra);
vn_result vn_buf_add(vn_buf *b, const void *p, size_t n);
vn_result vn_buf_addc(vn_buf *b, char c);
vn_result vn_buf_adds(vn_buf *b, const char *s);
vn_result vn_buf_addf(vn_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vn_buf_reset(vn_buf *b);   /* len = 0, keeps memory, clears err */
void vn_buf_release(vn_buf *b); /* frees, back to VN_BUF_INIT */
/* JSON string literal (with quotes) of s[0..n) appended; invalid UTF-8 becomes U+FFFD. */
vn_result vn_buf_add_json_str(vn_buf *b, const char *s, size_t n);
/* The same for text known to be valid UTF-8 (what vn_normalize writes): faster. */
vn_result vn_buf_add_json_utf8(vn_buf *b, const char *s, size_t n);

/* ----------------------------------------------------------------- arena */

typedef struct vn_arena vn_arena;

vn_arena *vn_arena_new(void);
/* 16-byte aligned, zeroed. Aborts with a message on out-of-memory (like git's
 * xmalloc): an article never needs more than a few MB. */
void *vn_arena_alloc(vn_arena *a, size_t n);
char *vn_arena_strndup(vn_arena *a, const char *s, size_t n);
char *vn_arena_strdup(vn_arena *a, const char *s);
char *vn_arena_printf(vn_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vn_arena_reset(vn_arena *a); /* frees all but the first block */
void vn_arena_free(vn_arena *a);
size_t vn_arena_used(const vn_arena *a);

/* --------------------------------------------------------------- options */

typedef enum vn_tone { VN_TONE_OLD = 0, VN_TONE_NEW, VN_TONE_KEEP } vn_tone;

typedef struct vn_options {
    vn_tone tone;      /* tone-mark placement: "hòa" (old, default), "hoà" (new), or keep */
    int legacy;        /* detect and convert legacy encodings (default 1) */
    int extract;       /* run the extraction stage (default 1) */
    int learn_boiler;  /* learn cross-page boilerplate in a run (default 1) */
} vn_options;

void vn_options_default(vn_options *o);

/* ---------------------------------------------------------- normalizing */

/* Legacy encodings detected and converted by vn_normalize(). */
typedef enum vn_encoding {
    VN_ENC_UTF8 = 0,
    VN_ENC_TCVN3,  /* TCVN 5712:1993 (ABC), fonts .VnTime */
    VN_ENC_VNI,    /* VNI Windows, fonts VNI-Times */
    VN_ENC_VIQR,   /* ASCII: a' a` a? a~ a. a^ a( o+ dd */
    VN_ENC_CP1258  /* Windows-1258 */
} vn_encoding;

const char *vn_encoding_name(vn_encoding e);

typedef struct vn_norm_info {
    size_t invalid_bytes;   /* bytes replaced by U+FFFD */
    size_t nul_bytes;       /* NUL bytes removed */
    size_t controls;        /* other control / zero-width characters removed */
    size_t changed;         /* characters changed by NFC, tone, Đ fixes */
    vn_encoding encoding;   /* the legacy encoding converted from, or UTF8 */
    int truncated_utf8;     /* input ended inside a UTF-8 sequence */
    int bom;                /* a byte-order mark was removed */
} vn_norm_info;

/* Normalize a whole text (many lines): valid UTF-8, NFC, one tone placement,
 * Đ for Ð, no control characters, single spaces, "\n" line ends (CRLF and CR
 * converted), lines trimmed. Appends to out. info may be NULL. */
vn_result vn_normalize(const vn_options *o, const char *in, size_t len, vn_buf *out,
                       vn_norm_info *info);

/* ------------------------------------------------------------ knowledge */

/* All lexicons and the gazetteer, read from a data directory once. */
typedef struct vn_lexicon vn_lexicon;

/* dir NULL: $VNEWS_DATA, else <dir of executable>/../data, else VNEWS_DATADIR. */
vn_result vn_lexicon_load(const char *dir, vn_lexicon **out, vn_error *err);
void vn_lexicon_free(vn_lexicon *lx);
const char *vn_default_data_dir(void);

/* ------------------------------------------------------------- the page */

/* One input page, as a reader hands it out. All pointers are borrowed. */
typedef struct vn_page {
    const char *id;    /* never NULL */
    const char *url;   /* or NULL */
    const char *date;  /* ISO 8601 hint or NULL */
    const char *text;  /* raw bytes, not necessarily valid UTF-8 */
    size_t text_len;
    const char *meta;  /* a JSON object text of other fields, or NULL */
    size_t meta_len;
    const char *origin; /* file name ("-" for stdin) */
    long long line;     /* line in origin (JSON Lines) or 0 */
} vn_page;

/* ------------------------------------------------------------ processing */

/* Counts of normalized lines per source across a run: the cross-page
 * boilerplate learner. Shared by the contexts of one run; not thread-safe to
 * add to while others read (the CLI adds a batch, then processes it). */
typedef struct vn_linestats vn_linestats;
vn_linestats *vn_linestats_new(void);
void vn_linestats_free(vn_linestats *ls);
/* Count the page's lines once for its source. */
void vn_linestats_add(vn_linestats *ls, const vn_page *p);
/* Forget pages added before: keeps memory bounded on endless input. */
void vn_linestats_decay(vn_linestats *ls);

typedef struct vn_context vn_context;
typedef struct vn_record vn_record;

vn_context *vn_context_new(const vn_lexicon *lx, const vn_options *o);
void vn_context_free(vn_context *c);
void vn_context_set_linestats(vn_context *c, const vn_linestats *ls);

/* Normalize, segment and (if o->extract) extract one page. *out lives until the
 * next call on c. Returns VN_OK even when the input needed repair: what was odd
 * is in the record's warnings. */
vn_result vn_process(vn_context *c, const vn_page *p, const vn_record **out);

/* The record as one line of JSON (SCHEMA.md), no trailing newline. */
vn_result vn_record_json(const vn_record *r, vn_buf *out);
/* The clean article as text: title, lead and body paragraphs, blank-line separated. */
vn_result vn_record_clean_text(const vn_record *r, vn_buf *out);
/* A human-readable summary (the demo's view). */
vn_result vn_record_pretty(const vn_record *r, vn_buf *out);
const char *vn_record_id(const vn_record *r);
size_t vn_record_warning_count(const vn_record *r);

/* --------------------------------------------------------------- reading */

/* Streams pages from files: .txt (one page), .jsonl / .jsonl.zst / .jsonl.gz
 * (one page a line), "-" for stdin (JSON Lines if the first byte is '{',
 * else one text page). Memory stays bounded: a line is capped at max_line
 * bytes (0 = 64 MiB); a longer one is skipped, reported and counted. */
typedef struct vn_reader vn_reader;

typedef struct vn_reader_stats {
    long long pages;
    long long errors;      /* lines or files that could not be read */
    long long bytes;       /* input bytes consumed (decompressed) */
} vn_reader_stats;

vn_reader *vn_reader_new(const char *const *paths, int npaths, size_t max_line);
/* VN_OK with *page set; VN_ERR_NOT_FOUND at end of all input; any other
 * result is an error about one line or file (err says which), after which
 * reading can continue with the next call. */
vn_result vn_reader_next(vn_reader *r, vn_page *page, vn_error *err);
const vn_reader_stats *vn_reader_stats_get(const vn_reader *r);
void vn_reader_free(vn_reader *r);

/* ----------------------------------------------------------- the archive */

/* An archive is one SQLite file in WAL mode (open it with sqlite3, DuckDB or
 * pandas too): every record, the registry of cited documents, people and their
 * positions over time, events, figures, places, and a full-text index with a
 * Vietnamese tokenizer ("tuyen giao" finds "tuyên giáo"). One vn_archive per
 * thread; one writer and any number of readers may work at the same time. */
typedef struct vn_archive vn_archive;

typedef enum vn_open_mode { VN_OPEN_READ = 0, VN_OPEN_WRITE = 1 } vn_open_mode;

/* Opens (VN_OPEN_WRITE: creates or upgrades) the archive at path. Errors name
 * the file: VN_ERR_NOT_FOUND no archive there (read mode); VN_ERR_CORRUPT not
 * an archive (text, image, another application's database, a damaged file:
 * left untouched); VN_ERR_FORMAT made by a newer vnews; VN_ERR_READONLY,
 * VN_ERR_BUSY, VN_ERR_FULL, VN_ERR_DB. */
vn_result vn_archive_open(const char *path, vn_open_mode mode, vn_archive **out, vn_error *err);
void vn_archive_close(vn_archive *a);
/* How long to wait for another writer before VN_ERR_BUSY (default 5000 ms). */
void vn_archive_set_busy_timeout(vn_archive *a, int ms);
/* The schema version this build writes (PRAGMA user_version). */
int vn_archive_schema_version(void);

typedef struct vn_ingest_stats {
    long long added;           /* articles stored (duplicates included: they are linked) */
    long long duplicates;      /* of those, exact duplicates of an earlier article */
    long long near_duplicates; /* of those, near-duplicates (MinHash, Jaccard >= 0.8) */
    long long unchanged;       /* already in the archive: nothing done */
    long long errors;          /* pages or lines that could not be used */
    long long pages;           /* pages and records seen */
    long long bytes;           /* input bytes read (decompressed) */
} vn_ingest_stats;

/* An article prepared for storage: parsed, hashed, MinHash signature. Making
 * one needs no database, so threads prepare items while one thread stores. */
typedef struct vn_archive_item vn_archive_item;
vn_archive_item *vn_archive_item_new(void);
void vn_archive_item_free(vn_archive_item *it);
/* From a processed record (date_hint: the input's "date", or NULL). */
vn_result vn_archive_item_from_record(vn_archive_item *it, const vn_record *r,
                                      const char *date_hint, vn_error *err);
/* From a record that extract wrote (one JSON object). */
vn_result vn_archive_item_from_json(vn_archive_item *it, const char *json, size_t len,
                                    vn_error *err);
/* A hash of the input the item came from: re-ingesting the same input is then
 * skipped before extraction (vn_archive_seen). */
void vn_archive_item_set_input_hash(vn_archive_item *it, uint64_t h);
uint64_t vn_archive_input_hash(const char *p, size_t n);
/* Was (id, input hash) stored already? */
int vn_archive_seen(vn_archive *a, const char *id, uint64_t input_hash);
/* Store an item (idempotent on id + hash of the normalized article). */
vn_result vn_archive_add_item(vn_archive *a, vn_archive_item *it, vn_ingest_stats *st,
                              vn_error *err);

/* Store one processed record / one record line (the above in one call). */
vn_result vn_archive_add(vn_archive *a, const vn_record *r, vn_ingest_stats *st, vn_error *err);
vn_result vn_archive_add_json(vn_archive *a, const char *json, size_t len, vn_ingest_stats *st,
                              vn_error *err);
/* A write transaction (adds outside one run in their own). */
vn_result vn_archive_begin(vn_archive *a, vn_error *err);
vn_result vn_archive_commit(vn_archive *a, vn_error *err);
void vn_archive_rollback(vn_archive *a);
/* After adding: attach short document references ("Chỉ thị 05") that the
 * archive now makes unambiguous. */
vn_result vn_archive_finish(vn_archive *a, vn_error *err);

/* Ingest files: pages (anything vn_reader reads) or records extract wrote,
 * told apart line by line; pages are processed on jobs threads while this
 * thread stores, batch transactions of `batch` pages. */
typedef struct vn_ingest_options {
    int jobs;         /* threads for extraction (0 = all cores) */
    int batch;        /* pages per transaction (0 = 500) */
    size_t max_line;  /* 0 = 64 MiB */
    /* called after each batch; total_bytes is the inputs' size if known, else 0 */
    void (*progress)(const vn_ingest_stats *st, long long total_bytes, void *ctx);
    /* called for each input that could not be used (ingest goes on) */
    void (*on_error)(const vn_error *e, void *ctx);
    void *ctx;
} vn_ingest_options;

vn_result vn_archive_ingest(vn_archive *a, const vn_lexicon *lx, const vn_options *o,
                            const char *const *paths, int npaths, const vn_ingest_options *io,
                            vn_ingest_stats *st, vn_error *err);

/* Questions: what is "search", "docs", "people", "who", "events", "stats";
 * args are "key=value" (q, province, from, to, source, type, date, fold,
 * limit, all, width). Writes JSON Lines (one object per answer) to out, or an
 * aligned table when table != 0. VN_ERR_NOT_FOUND: nothing matched. */
vn_result vn_archive_query(vn_archive *a, const char *what, const char *const *args, int nargs,
                           int table, vn_buf *out, vn_error *err);

/* Streams a table ("articles", "documents", "document_dates", "citations",
 * "people", "positions", "mentions", "events", "figures", "places",
 * "organizations") as "csv" or "jsonl" through write (non-zero return stops). */
typedef int (*vn_write_fn)(const char *p, size_t n, void *ctx);
vn_result vn_archive_export(vn_archive *a, const char *table, const char *format,
                            vn_write_fn write, void *ctx, vn_error *err);
/* The tables export knows, NULL-terminated. */
const char *const *vn_archive_tables(void);

#ifdef __cplusplus
}
#endif
#endif /* VNEWS_H */
