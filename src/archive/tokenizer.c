/* tokenizer.c — the FTS5 tokenizer "vnews".
 *
 * A token is a run of letters and digits (combining marks included, so NFD
 * text works). In a document each word is indexed as its canonical form
 * (lowercase, one tone placement: vnfold.c) and, when that has diacritics,
 * its folded form as a colocated synonym at the same position. A query is
 * tokenized to the canonical form only, so:
 *   "tuyen giao" (no diacritics) matches the folded synonyms: every spelling;
 *   "tuyên giáo" matches only the canonical tokens: exactly these letters,
 *   whatever the tone placement ("hoà" = "hòa") or normalization form.
 * Folding the query first (search --fold) gives the first behaviour to a
 * query typed with diacritics.
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

static int replay(const vn_buf *toks, void *ctx,
                  int (*token)(void *, int, const char *, int, int, int))
{
    const unsigned char *p = (const unsigned char *)toks->ptr, *e = p + toks->len;
    while (p < e) {
        int cl = p[0], fl = p[1];
        uint32_t se[2];
        memcpy(se, p + 2, sizeof se);
        const char *canon = (const char *)p + VN_TOK_HEAD;
        int rc = token(ctx, 0, canon, cl, (int)se[0], (int)se[1]);
        if (rc == SQLITE_OK && fl)
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

static int tok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n,
                        int (*token)(void *, int, const char *, int, int, int))
{
    int synonyms = (flags & FTS5_TOKENIZE_DOCUMENT) != 0;
    char canon[VN_TOKEN_MAX + 1], folded[VN_TOKEN_MAX + 1];
    size_t len = (size_t)(n < 0 ? (int)strlen(text) : n);
    const vn_arc_pretok *pre = (const vn_arc_pretok *)t;
    if (synonyms && pre)
        for (int k = 0; k < 2; k++)
            if (pre->toks[k] && pre->len[k] == len &&
                (pre->text[k] == text || !memcmp(pre->text[k], text, len)))
                return replay(pre->toks[k], ctx, token);
    size_t pos = 0, start, end;
    while (vn_arc_next_word(text, len, &pos, &start, &end)) {
        size_t cl, fl;
        vn_arc_word(text + start, end - start, canon, &cl, folded, &fl);
        if (!cl)
            continue;
        int rc = token(ctx, 0, canon, (int)cl, (int)start, (int)end);
        if (rc != SQLITE_OK)
            return rc;
        if (synonyms && (fl != cl || memcmp(canon, folded, cl) != 0)) {
            rc = token(ctx, FTS5_TOKEN_COLOCATED, folded, (int)fl, (int)start, (int)end);
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
