/* tokenizer.c — the FTS5 tokenizer "vnews".
 *
 * A token is a run of letters and digits (combining marks included, so NFD
 * text works). In a document each word is indexed as its canonical form
 * (lowercase, one tone placement: vnfold.c). A query word with diacritics
 * is its canonical form; one without is its canonical form and, as
 * colocated synonyms, every accented word of the archive that folds to it
 * (the table fold_terms, which the writer keeps), so:
 *   "tuyen giao" (no diacritics) matches every spelling;
 *   "tuyên giáo" matches exactly these letters, whatever the tone placement
 *   ("hoà" = "hòa") or normalization form.
 * Folding the query first (search --fold) gives the first behaviour to a
 * query typed with diacritics. The expansion is at query time because one
 * token per word is about 40% fewer index entries to write than a folded
 * form beside each accented word, which is what archives made before schema
 * 4 hold (fold_indexed: their documents keep being indexed that way, and
 * their queries are not expanded).
 *
 * Ingest prepares the tokens of each article on the extraction threads
 * (vn_arc_tokenize): when the text to index is the article being stored,
 * the single writer replays them rather than taking every word apart again.
 */
#include "arc.h"

#include <string.h>

static int tok_create(void *ctx, const char **args, int nargs, Fts5Tokenizer **out)
{
    (void)args;
    (void)nargs;
    *out = (Fts5Tokenizer *)ctx; /* the archive's vn_arc_pretok */
    return SQLITE_OK;
}

static int replay(const vn_buf *toks, int folded, void *ctx,
                  int (*token)(void *, int, const char *, int, int, int))
{
    const unsigned char *p = (const unsigned char *)toks->ptr, *e = p + toks->len;
    while (p < e) {
        int cl = p[0], fl = p[1];
        uint32_t se[2];
        memcpy(se, p + 2, sizeof se);
        const char *canon = (const char *)p + VN_TOK_HEAD;
        int rc = token(ctx, 0, canon, cl, (int)se[0], (int)se[1]);
        if (rc == SQLITE_OK && fl && folded)
            rc = token(ctx, FTS5_TOKEN_COLOCATED, canon + cl, fl, (int)se[0], (int)se[1]);
        if (rc != SQLITE_OK)
            return rc;
        p += VN_TOK_HEAD + cl + fl;
    }
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
    (void)t;
}

/* The part of term (canonical) that folds to the k bytes of a folded
 * prefix: its length in bytes, or the whole term when no codepoint boundary
 * folds to exactly k bytes. */
static size_t canon_prefix(const char *term, size_t n, size_t k)
{
    char c[VN_TOKEN_MAX + 1], f[VN_TOKEN_MAX + 1];
    for (size_t j = 1; j <= n; j++) {
        if (j < n && ((unsigned char)term[j] & 0xC0) == 0x80)
            continue; /* inside a codepoint */
        size_t cl, fl;
        vn_arc_word(term, j, c, &cl, f, &fl);
        if (fl >= k)
            return fl == k ? j : n;
    }
    return n;
}

/* The colocated synonyms of a query word without diacritics: the accented
 * words that fold to it (prefix: that fold to something it begins, given as
 * their shortest part that does, once each). */
static int expand(vn_arc_pretok *pre, const char *w, int wl, int prefix, int start, int end,
                  void *ctx, int (*token)(void *, int, const char *, int, int, int))
{
    sqlite3_stmt **sp = prefix ? &pre->prefixed : &pre->variants;
    if (!*sp) {
        const char *sql = prefix ? "SELECT term FROM fold_terms WHERE fold >= ?1 AND fold < ?2"
                                 : "SELECT term FROM fold_terms WHERE fold = ?1";
        if (sqlite3_prepare_v3(pre->db, sql, -1, SQLITE_PREPARE_PERSISTENT, sp, NULL) !=
            SQLITE_OK) {
            sqlite3_finalize(*sp);
            *sp = NULL;
            return SQLITE_OK; /* no table: an archive that does not need it */
        }
    }
    sqlite3_stmt *s = *sp;
    char hi[VN_TOKEN_MAX + 1];
    sqlite3_bind_text(s, 1, w, wl, SQLITE_STATIC);
    if (prefix) { /* the folded forms that begin with w: [w, w with its last byte + 1) */
        memcpy(hi, w, (size_t)wl);
        hi[wl - 1]++;
        sqlite3_bind_text(s, 2, hi, wl, SQLITE_STATIC);
    }
    vn_buf seen = VN_BUF_INIT; /* prefix: the parts given, NUL-separated */
    int rc = SQLITE_OK;
    while (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
        const char *term = (const char *)sqlite3_column_text(s, 0);
        size_t tl = (size_t)sqlite3_column_bytes(s, 0);
        if (!term || !tl)
            continue;
        if (prefix) {
            tl = canon_prefix(term, tl, (size_t)wl);
            int dup = 0;
            for (size_t i = 0; i < seen.len && !dup; i += strlen(seen.ptr + i) + 1)
                dup = strlen(seen.ptr + i) == tl && !memcmp(seen.ptr + i, term, tl);
            if (dup)
                continue;
            vn_buf_add(&seen, term, tl);
            vn_buf_addc(&seen, '\0');
        }
        rc = token(ctx, FTS5_TOKEN_COLOCATED, term, (int)tl, start, end);
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    vn_buf_release(&seen);
    return rc;
}

static int tok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n,
                        int (*token)(void *, int, const char *, int, int, int))
{
    const vn_arc_pretok *pre = (const vn_arc_pretok *)t;
    int document = (flags & FTS5_TOKENIZE_DOCUMENT) != 0;
    int synonyms = document && (!pre || pre->fold_indexed);
    int query = (flags & FTS5_TOKENIZE_QUERY) != 0 && pre && !pre->fold_indexed && pre->db;
    char canon[VN_TOKEN_MAX + 1], folded[VN_TOKEN_MAX + 1];
    size_t len = (size_t)(n < 0 ? (int)strlen(text) : n);
    if (document && pre)
        for (int k = 0; k < 2; k++)
            if (pre->toks[k] && pre->len[k] == len &&
                (pre->text[k] == text || !memcmp(pre->text[k], text, len)))
                return replay(pre->toks[k], synonyms, ctx, token);
    size_t pos = 0, start, end;
    while (vn_arc_next_word(text, len, &pos, &start, &end)) {
        size_t cl, fl;
        vn_arc_word(text + start, end - start, canon, &cl, folded, &fl);
        if (!cl)
            continue;
        int rc = token(ctx, 0, canon, (int)cl, (int)start, (int)end);
        if (rc != SQLITE_OK)
            return rc;
        int plain = fl == cl && memcmp(canon, folded, cl) == 0;
        if (synonyms && !plain) {
            rc = token(ctx, FTS5_TOKEN_COLOCATED, folded, (int)fl, (int)start, (int)end);
            if (rc != SQLITE_OK)
                return rc;
        }
        if (query && plain) {
            rc = expand((vn_arc_pretok *)pre, canon, (int)cl,
                        (flags & FTS5_TOKENIZE_PREFIX) != 0, (int)start, (int)end, ctx, token);
            if (rc != SQLITE_OK)
                return rc;
        }
    }
    return SQLITE_OK;
}

fts5_api *vn_arc_fts5_api(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

int vn_arc_register_tokenizer(sqlite3 *db, vn_arc_pretok *pre)
{
    static fts5_tokenizer tk = {tok_create, tok_delete, tok_tokenize};
    fts5_api *api = vn_arc_fts5_api(db);
    if (!api)
        return SQLITE_ERROR;
    return api->xCreateTokenizer(api, "vnews", pre, &tk, NULL);
}

/* vn_fold('Lào Cai') = 'lao cai'; vn_canon('Lào  cai') = 'lào cai': names and
 * positions compared as people type them. The function's user data is the
 * text transform. */
typedef void (*text_fn)(const char *s, size_t n, vn_buf *out);

static void sql_text_fn(sqlite3_context *ctx, int n, sqlite3_value **v)
{
    (void)n;
    const char *s = (const char *)sqlite3_value_text(v[0]);
    if (!s) {
        sqlite3_result_null(ctx);
        return;
    }
    text_fn fn = *(text_fn *)sqlite3_user_data(ctx);
    vn_buf b = VN_BUF_INIT;
    fn(s, (size_t)sqlite3_value_bytes(v[0]), &b);
    sqlite3_result_text(ctx, b.ptr, (int)b.len, SQLITE_TRANSIENT);
    vn_buf_release(&b);
}

int vn_arc_register_functions(sqlite3 *db)
{
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    static text_fn fold = vn_arc_fold_text, canon = vn_arc_canon_text;
    int rc = sqlite3_create_function(db, "vn_fold", 1, flags, &fold, sql_text_fn, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "vn_canon", 1, flags, &canon, sql_text_fn, NULL, NULL);
    return rc;
}
