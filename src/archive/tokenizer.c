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
 */
#include "arc.h"

#include <string.h>

static int tok_create(void *ctx, const char **args, int nargs, Fts5Tokenizer **out)
{
    (void)ctx;
    (void)args;
    (void)nargs;
    static int dummy;
    *out = (Fts5Tokenizer *)&dummy;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
    (void)t;
}

static int tok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n,
                        int (*token)(void *, int, const char *, int, int, int))
{
    (void)t;
    int synonyms = (flags & FTS5_TOKENIZE_DOCUMENT) != 0;
    char canon[VN_TOKEN_MAX + 1], folded[VN_TOKEN_MAX + 1];
    size_t len = (size_t)(n < 0 ? (int)strlen(text) : n);
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

static fts5_api *get_api(sqlite3 *db)
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

int vn_arc_register_tokenizer(sqlite3 *db)
{
    static fts5_tokenizer tk = {tok_create, tok_delete, tok_tokenize};
    fts5_api *api = get_api(db);
    if (!api)
        return SQLITE_ERROR;
    return api->xCreateTokenizer(api, "vnews", NULL, &tk, NULL);
}

/* vn_fold('Lào Cai') = 'lao cai'; vn_canon('Lào  cai') = 'lào cai': names and
 * positions compared as people type them. */
static void sql_fold(sqlite3_context *ctx, int n, sqlite3_value **v)
{
    (void)n;
    const char *s = (const char *)sqlite3_value_text(v[0]);
    if (!s) {
        sqlite3_result_null(ctx);
        return;
    }
    vn_buf b = VN_BUF_INIT;
    vn_arc_fold_text(s, (size_t)sqlite3_value_bytes(v[0]), &b);
    sqlite3_result_text(ctx, b.ptr, (int)b.len, SQLITE_TRANSIENT);
    vn_buf_release(&b);
}

static void sql_canon(sqlite3_context *ctx, int n, sqlite3_value **v)
{
    (void)n;
    const char *s = (const char *)sqlite3_value_text(v[0]);
    if (!s) {
        sqlite3_result_null(ctx);
        return;
    }
    vn_buf b = VN_BUF_INIT;
    vn_arc_canon_text(s, (size_t)sqlite3_value_bytes(v[0]), &b);
    sqlite3_result_text(ctx, b.ptr, (int)b.len, SQLITE_TRANSIENT);
    vn_buf_release(&b);
}

int vn_arc_register_functions(sqlite3 *db)
{
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    int rc = sqlite3_create_function(db, "vn_fold", 1, flags, NULL, sql_fold, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "vn_canon", 1, flags, NULL, sql_canon, NULL, NULL);
    return rc;
}
