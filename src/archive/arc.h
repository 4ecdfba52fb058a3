/* arc.h — the archive's internals (src/archive only).
 *
 * Files:
 *   vnfold.c     Vietnamese letters: canonical token (one tone placement),
 *                folded form (no diacritics, đ→d), folded text for hashing
 *   tokenizer.c  the FTS5 tokenizer "vnews" built on vnfold
 *   schema.c     open/close, file checks, schema and migrations, errors
 *   item.c       an article prepared for storage: fields, hash, MinHash
 *   store.c      add an item: idempotence, exact and near duplicates
 *   entities.c   documents registry, people and positions, events, places
 *   query.c      the questions (search, docs, people, who, events, stats)
 *   table.c      output: aligned tables and JSON Lines; export
 *   ingest.c     the multi-threaded ingest of files (pages or records)
 *   lines.c      a line source over plain, .gz and .zst files
 */
#ifndef VN_ARC_H
#define VN_ARC_H

#include "../core/json.h"
#include "../core/record.h"
#include "vnews.h"

#include <sqlite3.h>
#include <stdint.h>

/* ---- vnfold.c */

#define VN_TOKEN_MAX 128 /* bytes of a token; longer words are cut */

/* One word (letters, digits, combining marks) to its canonical form: NFC,
 * lowercase, the tone mark placed by the traditional rule (so "hoà" and
 * "hòa" give the same token) into canon; and its folded form (no diacritics,
 * đ→d) into folded. Both NUL-terminated, cap VN_TOKEN_MAX+1 bytes. */
void vn_arc_word(const char *w, size_t n, char *canon, size_t *canon_len, char *folded,
                 size_t *folded_len);
/* The next word of s at or after *pos: [*start, *end), *pos moved past it;
 * 0 when there is none. */
int vn_arc_next_word(const char *s, size_t n, size_t *pos, size_t *start, size_t *end);
/* Does the code point belong to a word (letter, digit, combining mark)? */
int vn_arc_is_word_cp(int32_t c);
/* Folded words of text separated by single spaces, appended to out. */
/* The string (or number, as written) o holds at k; NULL when absent, empty or
 * of another type. Points into o. */
const char *vn_arc_json_str(const vn_json *o, const char *k);
void vn_arc_fold_text(const char *s, size_t n, vn_buf *out);
/* A key for names and positions: canonical words separated by single spaces
 * (case, NFC and tone placement do not matter; diacritics do). */
void vn_arc_canon_text(const char *s, size_t n, vn_buf *out);
/* Does the text contain a letter with a diacritic (or đ)? */
int vn_arc_has_diacritics(const char *s, size_t n);

/* Words of text s[0..n) as the FTS5 tokenizer sees them, done once on the
 * thread that prepares an item so that the writer only replays them.
 * Appends to toks one record per token: VN_TOK_HEAD bytes (canonical
 * length, folded length or 0 when the folded form is the same, start and
 * end offsets as two uint32) then the canonical and folded bytes; and to
 * fold the folded words exactly as vn_arc_fold_text(s, n, fold) would, and
 * to hashes the XXH3_64 (uint64_t) of each word of what it appends to fold
 * as split at single spaces (an empty word between two spaces).
 * Any may be NULL. wc (may be NULL) caches words, one per thread. */
#define VN_TOK_HEAD 10
typedef struct vn_arc_words vn_arc_words;
vn_arc_words *vn_arc_words_new(void);
void vn_arc_words_free(vn_arc_words *wc);
void vn_arc_tokenize(vn_arc_words *wc, const char *s, size_t n, vn_buf *toks, vn_buf *fold,
                     vn_buf *hashes);

/* ---- tokenizer.c */

/* The columns of the row being inserted and their tokens made beforehand
 * (vn_arc_tokenize): the tokenizer replays them instead of tokenizing text
 * that matches. Set around an FTS insert, then cleared. */
typedef struct vn_arc_pretok {
    const char *text[2];
    size_t len[2];
    const vn_buf *toks[2];
} vn_arc_pretok;

int vn_arc_register_tokenizer(sqlite3 *db, vn_arc_pretok *pre);
/* The connection's FTS5 API (NULL when SQLite has no FTS5). */
fts5_api *vn_arc_fts5_api(sqlite3 *db);

/* vn_fold(text) and vn_canon(text) as SQL functions, for queries. */
int vn_arc_register_functions(sqlite3 *db);
/* The FTS5 ranking function vn_topk that search uses (query.c). */
int vn_arc_register_topk(sqlite3 *db);

/* ---- schema.c */

enum {
    ST_BEGIN, ST_COMMIT, ST_ROLLBACK, ST_SEEN, ST_BY_KEY, ST_BY_HASH, ST_INSERT_ARTICLE,
    ST_INSERT_FTS, ST_INSERT_FTS_DUP, ST_LSH_FIND, ST_LSH_ADD, ST_SIG_GET, ST_SIG_ADD, ST_ROOT_OF,
    ST_DOC_FIND, ST_DOC_ADD, ST_DOC_DATE, ST_CITE, ST_SHORT_FIND, ST_SHORT_ADD,
    ST_PERSON_FIND, ST_PERSON_ADD, ST_PERSON_SEEN, ST_POSITION, ST_MENTION,
    ST_EVENT, ST_FIGURE, ST_PLACE, ST_ORG, ST_PERSON_BODIES, ST_DOC_FILL,
    ST_DOC_BY_CODE,
    ST_COUNT
};

struct vn_archive {
    sqlite3 *db;
    char *path;
    vn_open_mode mode;
    int in_tx;
    int busy_ms;
    sqlite3_stmt *st[ST_COUNT];
    vn_archive_item *scratch; /* for vn_archive_add / add_json */
    vn_buf tmp, tmp2;
    vn_arc_pretok pretok;
};

/* Translate an SQLite failure into err (naming the archive) and a result. */
vn_result vn_arc_fail(vn_archive *a, int rc, vn_error *err, const char *what);
/* A cached prepared statement, reset and cleared. */
sqlite3_stmt *vn_arc_stmt(vn_archive *a, int which);

/* ---- item.c */

#define VN_MH_HASHES 112
#define VN_MH_BANDS 14
#define VN_MH_ROWS 8

struct vn_archive_item {
    vn_arena *arena;
    const vn_json *rec;     /* the record */
    vn_buf json;            /* the record as JSON */
    int compact;            /* json is the text rec was parsed from, compact */
    vn_buf text_free;       /* ... without title and body */
    vn_buf zrec;            /* ... zstd-compressed: what is stored */
    void *zctx;             /* ZSTD_CCtx */
    vn_buf text;            /* lead and body paragraphs, "\n"-separated */
    vn_buf fold;            /* folded title + text */
    vn_buf toks[2];         /* title and text tokens (vn_arc_tokenize) */
    vn_arc_words *words;    /* the preparing thread's word cache, or NULL */
    vn_arc_words *own_words;
    vn_buf shingles;        /* MinHash: the shingle hashes */
    vn_buf whash;           /* MinHash: the hash of each word of fold */
    const char *id, *url, *source, *title, *published, *event_date, *day;
    const char *province, *province_now;
    uint64_t input_hash;
    unsigned char hash[16]; /* XXH3-128 of fold */
    int has_sig;
    uint32_t sig[VN_MH_HASHES];
    int64_t bands[VN_MH_BANDS];
};

/* An item from a record already parsed into it->arena. */
vn_result vn_arc_item_from_value(vn_archive_item *it, const vn_json *v, vn_error *err);

/* Term (first year of the 5-year Party term) of a year: 2023 -> 2021. */
int vn_arc_term(int year);

/* ---- entities.c */

/* Store what the item's record names, linked to article aid. */
vn_result vn_arc_store_entities(vn_archive *a, vn_archive_item *it, sqlite3_int64 aid,
                                vn_error *err);
/* Attach pending short references that are now unambiguous; returns count or -1. */
int vn_arc_resolve_short(vn_archive *a, vn_error *err);
/* The organization part of a position ("Phó Bí thư Tỉnh ủy" -> "Tỉnh ủy"). */
const char *vn_arc_position_body(const char *pos);

/* ---- table.c */

/* Rows of answers: a table (column names, widths capped) or JSON Lines. */
typedef struct vn_rows {
    int ncol;
    const char **cols;
    vn_buf cells;     /* NUL-separated cells, row after row */
    int nrows;
    int table;
    int width;        /* terminal width for tables, 0 = no truncation */
    vn_buf *out;
    const char *json_types; /* per column: 's' string, 'n' number, 'j' JSON text */
} vn_rows;

void vn_rows_init(vn_rows *r, vn_buf *out, int table, int width, int ncol, const char **cols,
                  const char *types);
void vn_rows_add(vn_rows *r, const char *const *cells);
void vn_rows_finish(vn_rows *r);
/* Display width of UTF-8 text (combining marks take none). */
int vn_arc_width(const char *s, size_t n);

/* ---- query.c, qpeople.c, export.c */

/* The value of "key=value" among args, or NULL. */
const char *vn_arc_arg(const char *const *args, int nargs, const char *key);
/* A statement from SQL text; on failure err is set and NULL returned. */
sqlite3_stmt *vn_arc_prepare(vn_archive *a, const char *sql, vn_error *err);
/* Step through a query's rows, handing each row's columns (as text) to rows. */
vn_result vn_arc_rows_from(vn_archive *a, sqlite3_stmt *s, vn_rows *rows, int *count,
                           vn_error *err);
vn_result vn_arc_query_people(vn_archive *a, const char *const *args, int nargs, int table,
                              vn_buf *out, vn_error *err);
vn_result vn_arc_query_who(vn_archive *a, const char *const *args, int nargs, int table,
                           vn_buf *out, vn_error *err);

#endif
