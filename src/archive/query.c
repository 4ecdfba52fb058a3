/* query.c — the questions: search, docs, events, stats (people and who are
 * in qpeople.c). Each builds its SQL from "key=value" arguments, binds every
 * value (never pasted into the SQL) and hands the rows to table.c. Search
 * ranks with an FTS5 auxiliary function of its own (see "Ranking" below). */
#include "arc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *vn_arc_arg(const char *const *args, int nargs, const char *key)
{
    size_t k = strlen(key);
    const char *found = NULL;
    for (int i = 0; i < nargs; i++)
        if (args[i] && !strncmp(args[i], key, k) && args[i][k] == '=')
            found = args[i] + k + 1; /* the last one wins */
    return found && *found ? found : NULL;
}

sqlite3_stmt *vn_arc_prepare(vn_archive *a, const char *sql, vn_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(a->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK) {
        vn_arc_fail(a, rc, err, "preparing a query");
        return NULL;
    }
    return s;
}

vn_result vn_arc_rows_from(vn_archive *a, sqlite3_stmt *s, vn_rows *rows, int *count,
                           vn_error *err)
{
    const char *cells[32];
    int rc, n = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (int c = 0; c < rows->ncol && c < 32; c++)
            cells[c] = (const char *)sqlite3_column_text(s, c);
        vn_rows_add(rows, cells);
        n++;
    }
    if (count)
        *count = n;
    if (rc != SQLITE_DONE) {
        int code = sqlite3_errcode(a->db);
        if (code == SQLITE_ERROR && strstr(sqlite3_errmsg(a->db), "fts5")) {
            vn_error_set(err, VN_ERR_ARG, a->path, 0, -1, "bad search query: %s",
                         sqlite3_errmsg(a->db));
            return VN_ERR_ARG;
        }
        return vn_arc_fail(a, rc, err, "reading the archive");
    }
    return VN_OK;
}

/* ---- a query under construction: SQL text and its bound values */

typedef struct qb {
    vn_buf sql;
    const char *binds[24];
    int nb;
} qb;

/* Append fragment; each '?' in it stands for val (bound once as ?N). */
static void qb_add(qb *q, const char *frag, const char *val)
{
    int n = 0;
    if (val && q->nb < 24) {
        q->binds[q->nb++] = val;
        n = q->nb;
    }
    for (const char *p = frag; *p; p++) {
        if (*p == '?' && n)
            vn_buf_addf(&q->sql, "?%d", n);
        else
            vn_buf_addc(&q->sql, *p);
    }
}

static sqlite3_stmt *qb_prepare(vn_archive *a, qb *q, vn_error *err)
{
    sqlite3_stmt *s = vn_arc_prepare(a, q->sql.ptr, err);
    if (!s)
        return NULL;
    for (int i = 0; i < q->nb; i++)
        sqlite3_bind_text(s, i + 1, q->binds[i], -1, SQLITE_TRANSIENT);
    return s;
}

static int arg_limit(const char *const *args, int nargs, int dflt)
{
    const char *v = vn_arc_arg(args, nargs, "limit");
    if (!v)
        return dflt;
    int n = atoi(v);
    return n < 0 ? dflt : n;
}

static int arg_width(const char *const *args, int nargs)
{
    const char *v = vn_arc_arg(args, nargs, "width");
    return v ? atoi(v) : 0;
}

static void qb_limit(qb *q, int limit)
{
    if (limit > 0)
        vn_buf_addf(&q->sql, " LIMIT %d", limit);
}

/* Filters shared by search and events: province (old or new name, any
 * spelling), date range, source. */
static void qb_filters(qb *q, const char *const *args, int nargs, const char *date_expr)
{
    const char *v;
    if ((v = vn_arc_arg(args, nargs, "province")))
        qb_add(q, " AND (vn_fold(a.province) = vn_fold(?) OR vn_fold(a.province_now) ="
                  " vn_fold(?))", v);
    if ((v = vn_arc_arg(args, nargs, "from"))) {
        vn_buf_addf(&q->sql, " AND %s", date_expr);
        qb_add(q, " >= ?", v);
    }
    if ((v = vn_arc_arg(args, nargs, "to"))) {
        vn_buf_addf(&q->sql, " AND %s", date_expr);
        qb_add(q, " <= ? || '~'", v);
    }
    if ((v = vn_arc_arg(args, nargs, "source")))
        qb_add(q, " AND (a.source = ? OR a.source LIKE '%.' || ?)", v);
}

static vn_result finish(vn_result r, vn_rows *rows, int count, vn_archive *a, vn_error *err,
                        const char *what)
{
    vn_rows_finish(rows);
    if (r == VN_OK && count == 0) {
        vn_error_set(err, VN_ERR_NOT_FOUND, a->path, 0, -1, "%s", what);
        return VN_ERR_NOT_FOUND;
    }
    return r;
}

/* ---------------------------------------------------------------- search */

/* The user's words as an FTS5 expression: each word or "quoted phrase" a
 * string (so 35-NQ/TW or a stray quote is never syntax), a trailing * a
 * prefix, OR / NOT / AND kept as operators. With fold, diacritics are
 * dropped first, so the query matches every spelling. */
static void build_match(const char *q, int fold, vn_buf *out)
{
    size_t n = strlen(q);
    for (size_t i = 0; i < n;) {
        while (i < n && (q[i] == ' ' || q[i] == '\t'))
            i++;
        if (i >= n)
            break;
        size_t s, e;
        if (q[i] == '"') {
            s = ++i;
            while (i < n && q[i] != '"')
                i++;
            e = i;
            if (i < n)
                i++;
        } else {
            s = i;
            while (i < n && q[i] != ' ' && q[i] != '\t')
                i++;
            e = i;
        }
        if ((e - s == 2 && !memcmp(q + s, "OR", 2)) || (e - s == 3 && !memcmp(q + s, "NOT", 3)) ||
            (e - s == 3 && !memcmp(q + s, "AND", 3))) {
            if (out->len)
                vn_buf_addc(out, ' ');
            vn_buf_add(out, q + s, e - s);
            continue;
        }
        int prefix = e > s && q[e - 1] == '*';
        if (prefix)
            e--;
        vn_buf word = VN_BUF_INIT;
        if (fold)
            vn_arc_fold_text(q + s, e - s, &word);
        else
            vn_buf_add(&word, q + s, e - s);
        int any = 0;
        for (size_t k = 0; k < word.len; k++)
            if ((unsigned char)word.ptr[k] >= 0x80 ||
                vn_arc_is_word_cp((unsigned char)word.ptr[k]))
                any = 1;
        if (any) {
            if (out->len)
                vn_buf_addc(out, ' ');
            vn_buf_addc(out, '"');
            for (size_t k = 0; k < word.len; k++) {
                if (word.ptr[k] == '"')
                    vn_buf_addc(out, '"');
                vn_buf_addc(out, word.ptr[k]);
            }
            vn_buf_addc(out, '"');
            if (prefix)
                vn_buf_addc(out, '*');
        }
        vn_buf_release(&word);
    }
}

/* Ranking. The answers are FTS5's bm25 with the title weighted 4 and the
 * body 1, best first, ties to the earlier article (originals before
 * copies): exactly what "ORDER BY rank" gave. They are computed by the
 * auxiliary function vn_topk below, which keeps only the best `limit`
 * articles that pass the filters, in a heap. bm25 needs the length of every
 * matching article, a lookup in fts_docsize, and that is most of the cost
 * when a common word matches tens of thousands of articles (then SQLite
 * sorted them all). vn_topk first bounds an article's score from its hits
 * alone: the score only falls as the length grows, and the length is at
 * least where the last hit in each column ends. When even that bound cannot
 * enter the answers, the article is skipped without the lookup. The answers
 * stay the same (the bound is computed with the same floating-point
 * operations, which keep their order), and a common word costs one pass
 * over its hit lists. The filters are a lookup for each article that could
 * enter the answers (the event type a sorted list of articles made once),
 * and the answers are right whatever the filters leave: no second pass. */

#define BM25_K1 1.2
#define BM25_B 0.75
#define TOPK_COLS 2
static const double col_weight[TOPK_COLS] = {4.0, 1.0}; /* title, body */

typedef struct hit {
    double score;
    sqlite3_int64 aid;
    int tab; /* 0: fts (originals), 1: fts_dups (copies) */
} hit;

typedef struct topk {
    int k;             /* answers wanted, 0 = all */
    hit *h;            /* with k, a heap: the worst answer on top */
    int n, cap;
    int tab;           /* the table being scanned */
    int ready;         /* idf and avgdl known for this table */
    int nphrase;
    double *idf, *freq;
    int *psize;
    double avgdl;
    sqlite3_stmt *filter; /* one row when article ?1 passes the filters */
    long checked, passed; /* articles the filters saw, and kept */
    sqlite3_int64 *typed; /* with --type: the articles reporting such an event, */
    int ntyped;           /* in order */
    int rc;               /* the first error */
} topk;

static int has_aid(const sqlite3_int64 *v, int n, sqlite3_int64 aid)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (v[mid] < aid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo] == aid;
}

/* Does a rank before b? */
static int hit_before(const hit *a, const hit *b)
{
    if (a->score != b->score)
        return a->score > b->score;
    if (a->tab != b->tab)
        return a->tab < b->tab;
    return a->aid < b->aid;
}

static void heap_down(hit *h, int n, int i)
{
    for (;;) {
        int l = 2 * i + 1, r = l + 1, w = i;
        if (l < n && hit_before(&h[w], &h[l]))
            w = l;
        if (r < n && hit_before(&h[w], &h[r]))
            w = r;
        if (w == i)
            return;
        hit x = h[i];
        h[i] = h[w];
        h[w] = x;
        i = w;
    }
}

static int topk_add(topk *t, const hit *c)
{
    if (t->k && t->n == t->k) { /* replaces the worst */
        t->h[0] = *c;
        heap_down(t->h, t->n, 0);
        return SQLITE_OK;
    }
    if (t->n == t->cap) {
        int cap = t->cap ? 2 * t->cap : 64;
        hit *h = realloc(t->h, (size_t)cap * sizeof *h);
        if (!h)
            return SQLITE_NOMEM;
        t->h = h;
        t->cap = cap;
    }
    int i = t->n++;
    t->h[i] = *c;
    if (t->k) /* up */
        for (int p; i > 0 && hit_before(&t->h[p = (i - 1) / 2], &t->h[i]); i = p) {
            hit x = t->h[i];
            t->h[i] = t->h[p];
            t->h[p] = x;
        }
    return SQLITE_OK;
}

static int cmp_hits(const void *a, const void *b)
{
    return hit_before(a, b) ? -1 : hit_before(b, a) ? 1 : 0;
}

/* bm25 of the current article of length len, as FTS5 computes it (the
 * same expression, so the same double). */
static double topk_bm25(const topk *t, double len)
{
    double k1 = BM25_K1, b = BM25_B, score = 0.0;
    for (int i = 0; i < t->nphrase; i++)
        score += t->idf[i] * ((t->freq[i] * (k1 + 1.0)) /
                              (t->freq[i] + k1 * (1 - b + b * len / t->avgdl)));
    return score;
}

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fc, void *n)
{
    (void)api;
    (void)fc;
    (*(sqlite3_int64 *)n)++;
    return SQLITE_OK;
}

/* The table's figures bm25 uses: rows, average length, each phrase's IDF. */
static int topk_start(topk *t, const Fts5ExtensionApi *api, Fts5Context *fc)
{
    int np = api->xPhraseCount(fc);
    if (np != t->nphrase || !t->idf) {
        free(t->idf);
        free(t->freq);
        free(t->psize);
        t->idf = calloc((size_t)np + 1, sizeof *t->idf);
        t->freq = calloc((size_t)np + 1, sizeof *t->freq);
        t->psize = calloc((size_t)np + 1, sizeof *t->psize);
        if (!t->idf || !t->freq || !t->psize)
            return SQLITE_NOMEM;
        t->nphrase = np;
    }
    sqlite3_int64 nrow = 0, ntok = 0;
    int rc = api->xRowCount(fc, &nrow);
    if (rc == SQLITE_OK)
        rc = api->xColumnTotalSize(fc, -1, &ntok);
    t->avgdl = (double)ntok / (double)nrow;
    for (int i = 0; rc == SQLITE_OK && i < np; i++) {
        sqlite3_int64 nhit = 0;
        rc = api->xQueryPhrase(fc, i, &nhit, count_row);
        double idf = log((nrow - nhit + 0.5) / (nhit + 0.5));
        t->idf[i] = idf <= 0.0 ? 1e-6 : idf; /* as bm25: common words count a little */
        t->psize[i] = api->xPhraseSize(fc, i);
    }
    t->ready = rc == SQLITE_OK;
    return rc;
}

/* Do the filters keep the article? (0 also on error, in *rc) */
static int topk_filter(topk *t, sqlite3_int64 aid, int *rc)
{
    sqlite3_bind_int64(t->filter, 1, aid);
    int step = sqlite3_step(t->filter);
    sqlite3_reset(t->filter);
    t->checked++;
    if (step == SQLITE_ROW) {
        t->passed++;
        return 1;
    }
    if (step != SQLITE_DONE)
        *rc = step;
    return 0;
}

/* vn_topk(fts, state): offers the current article to the answers. */
static void topk_fn(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *ctx, int nv,
                    sqlite3_value **v)
{
    topk *t = nv == 1 ? sqlite3_value_pointer(v[0], "vn_topk") : NULL;
    sqlite3_result_int(ctx, 0);
    if (!t) {
        sqlite3_result_error(ctx, "vn_topk: no state", -1);
        return;
    }
    if (t->rc)
        return;
    sqlite3_int64 aid = api->xRowid(fc);
    if (t->typed && !has_aid(t->typed, t->ntyped, aid))
        return; /* reports no event of the type asked for */
    int rc = SQLITE_OK;
    if (!t->ready)
        rc = topk_start(t, api, fc);
    /* weighted hits per phrase, and where the hits end in each column */
    int end[TOPK_COLS] = {0};
    for (int i = 0; rc == SQLITE_OK && i < t->nphrase; i++) {
        Fts5PhraseIter it;
        int col, off;
        double f = 0.0;
        rc = api->xPhraseFirst(fc, i, &it, &col, &off);
        for (; rc == SQLITE_OK && col >= 0; api->xPhraseNext(fc, &it, &col, &off)) {
            if (col < TOPK_COLS) {
                f += col_weight[col];
                if (off + t->psize[i] > end[col])
                    end[col] = off + t->psize[i];
            } else {
                f += 1.0;
            }
        }
        t->freq[i] = f;
    }
    hit c = {0.0, aid, t->tab};
    int full = t->k && t->n == t->k;
    if (rc == SQLITE_OK && full) {
        double least = 0.0; /* a length no article can be shorter than */
        for (int k = 0; k < TOPK_COLS; k++)
            least += end[k];
        c.score = topk_bm25(t, least);
        if (!hit_before(&c, &t->h[0]))
            return; /* cannot enter, whatever its length */
    }
    /* The length and the filters, both a lookup: the filters first when
     * they have left most articles out so far (or the answers are not
     * full, when both are needed anyway). */
    int filter_first = t->filter && (!full || 2 * t->passed < t->checked);
    if (rc == SQLITE_OK && filter_first && !topk_filter(t, aid, &rc))
        return;
    int len = 0;
    if (rc == SQLITE_OK)
        rc = api->xColumnSize(fc, -1, &len);
    if (rc == SQLITE_OK) {
        c.score = topk_bm25(t, (double)len);
        if (full && !hit_before(&c, &t->h[0]))
            return;
    }
    if (rc == SQLITE_OK && t->filter && !filter_first && !topk_filter(t, aid, &rc))
        return;
    if (rc == SQLITE_OK)
        rc = topk_add(t, &c);
    if (rc != SQLITE_OK) {
        t->rc = rc;
        sqlite3_result_error_code(ctx, rc);
    }
}

static int register_topk(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return SQLITE_ERROR;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (!api)
        return SQLITE_ERROR;
    return api->xCreateFunction(api, "vn_topk", NULL, topk_fn, NULL);
}

/* An FTS5 error is the user's query; anything else the archive's. */
static vn_result search_fail(vn_archive *a, int rc, vn_error *err)
{
    if (sqlite3_errcode(a->db) == SQLITE_ERROR && strstr(sqlite3_errmsg(a->db), "fts5")) {
        vn_error_set(err, VN_ERR_ARG, a->path, 0, -1, "bad search query: %s",
                     sqlite3_errmsg(a->db));
        return VN_ERR_ARG;
    }
    return vn_arc_fail(a, rc, err, "searching");
}

/* Offer every article of table tab matching match to t. */
static vn_result search_scan(vn_archive *a, const char *match, int tab, topk *t, vn_error *err)
{
    const char *sql = tab ? "SELECT count(*) FROM fts_dups WHERE fts_dups MATCH ?1 AND"
                            " vn_topk(fts_dups, ?2)"
                          : "SELECT count(*) FROM fts WHERE fts MATCH ?1 AND vn_topk(fts, ?2)";
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(a->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK && strstr(sqlite3_errmsg(a->db), "vn_topk")) {
        /* the first search on this connection */
        if (register_topk(a->db) == SQLITE_OK)
            rc = sqlite3_prepare_v2(a->db, sql, -1, &s, NULL);
    }
    if (rc != SQLITE_OK)
        return vn_arc_fail(a, rc, err, "preparing the search");
    sqlite3_bind_text(s, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_pointer(s, 2, t, "vn_topk", NULL);
    t->tab = tab;
    t->ready = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        ;
    vn_result r = VN_OK;
    if (t->rc) /* vn_topk's own failure (memory, the filters) */
        r = vn_arc_fail(a, t->rc, err, "searching");
    else if (rc != SQLITE_DONE)
        r = search_fail(a, rc, err);
    sqlite3_finalize(s);
    return r;
}

/* The filters but the event type as a statement: one row when article ?1
 * passes them. */
static sqlite3_stmt *search_filter(vn_archive *a, const char *const *args, int nargs,
                                   vn_error *err)
{
    qb q = {VN_BUF_INIT, {NULL}, 1}; /* ?1 is the article, bound for each */
    vn_buf_adds(&q.sql, "SELECT 1 FROM articles a WHERE a.aid = ?1");
    /* the province as qb_filters has it, the user's side folded once here */
    const char *province = vn_arc_arg(args, nargs, "province");
    vn_buf folded = VN_BUF_INIT;
    if (province) {
        vn_arc_fold_text(province, strlen(province), &folded);
        vn_buf_addc(&folded, '\0');
        qb_add(&q, " AND (vn_fold(a.province) = ? OR vn_fold(a.province_now) = ?)", folded.ptr);
    }
    const char *rest[4];
    int nrest = 0;
    for (int i = 0; i < nargs && nrest < 4; i++)
        if (args[i] && (!strncmp(args[i], "from=", 5) || !strncmp(args[i], "to=", 3) ||
                        !strncmp(args[i], "source=", 7)))
            rest[nrest++] = args[i];
    qb_filters(&q, rest, nrest, "a.day");
    sqlite3_stmt *s = qb_prepare(a, &q, err);
    vn_buf_release(&q.sql);
    vn_buf_release(&folded);
    return s;
}

static int cmp_aid(const void *a, const void *b)
{
    sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;
    return x < y ? -1 : x > y;
}

/* The articles reporting an event of the type (any spelling), in order: the
 * few spellings in use are compared first (the index on events(type) lists
 * them quickly), then their articles come from the same index. */
static vn_result search_typed(vn_archive *a, const char *type, topk *t, vn_error *err)
{
    sqlite3_stmt *types = vn_arc_prepare(a, "SELECT DISTINCT type FROM events", err);
    sqlite3_stmt *aids = types ? vn_arc_prepare(a, "SELECT aid FROM events WHERE type = ?1", err)
                               : NULL;
    if (!aids) {
        sqlite3_finalize(types);
        return err ? err->code : VN_ERR_DB;
    }
    vn_buf want = VN_BUF_INIT, got = VN_BUF_INIT;
    vn_arc_fold_text(type, strlen(type), &want);
    int rc, cap = 0;
    while ((rc = sqlite3_step(types)) == SQLITE_ROW) {
        const char *ty = (const char *)sqlite3_column_text(types, 0);
        if (!ty)
            continue;
        vn_buf_reset(&got);
        vn_arc_fold_text(ty, (size_t)sqlite3_column_bytes(types, 0), &got);
        if (got.len != want.len || memcmp(got.ptr, want.ptr, got.len))
            continue;
        sqlite3_bind_text(aids, 1, ty, -1, SQLITE_TRANSIENT);
        while ((rc = sqlite3_step(aids)) == SQLITE_ROW) {
            if (t->ntyped == cap) {
                cap = cap ? 2 * cap : 256;
                sqlite3_int64 *v = realloc(t->typed, (size_t)cap * sizeof *v);
                if (!v) {
                    rc = SQLITE_NOMEM;
                    break;
                }
                t->typed = v;
            }
            t->typed[t->ntyped++] = sqlite3_column_int64(aids, 0);
        }
        sqlite3_reset(aids);
        if (rc != SQLITE_DONE)
            break;
    }
    sqlite3_finalize(types);
    sqlite3_finalize(aids);
    vn_buf_release(&want);
    vn_buf_release(&got);
    if (rc != SQLITE_DONE)
        return vn_arc_fail(a, rc, err, "searching");
    if (t->ntyped)
        qsort(t->typed, (size_t)t->ntyped, sizeof *t->typed, cmp_aid);
    else if (!(t->typed = malloc(sizeof *t->typed))) /* no such event: nothing passes */
        return vn_arc_fail(a, SQLITE_NOMEM, err, "searching");
    return VN_OK;
}

static vn_result q_search(vn_archive *a, const char *const *args, int nargs, int table,
                          vn_buf *out, vn_error *err)
{
    const char *text = vn_arc_arg(args, nargs, "q");
    if (!text) {
        vn_error_set(err, VN_ERR_ARG, "", 0, -1, "search needs a query");
        return VN_ERR_ARG;
    }
    vn_buf match = VN_BUF_INIT;
    build_match(text, vn_arc_arg(args, nargs, "fold") != NULL, &match);
    if (!match.len) {
        vn_buf_release(&match);
        vn_error_set(err, VN_ERR_ARG, "", 0, -1, "nothing to search for in '%s'", text);
        return VN_ERR_ARG;
    }
    int color = vn_arc_arg(args, nargs, "color") != NULL;
    const char *open = !table ? "<mark>" : color ? "\x1b[1;33m" : "[";
    const char *close = !table ? "</mark>" : color ? "\x1b[0m" : "]";
    vn_rows rows;
    if (table) {
        static const char *cols[] = {"id", "date", "province", "title", "match"};
        vn_rows_init(&rows, out, 1, arg_width(args, nargs), 5, cols, NULL);
    } else {
        static const char *cols[] = {"id",      "date",  "province", "province_now", "title",
                                     "snippet", "score", "url",      "source",       "duplicate_of"};
        vn_rows_init(&rows, out, 0, 0, 10, cols, "ssssssnsss");
    }
    topk t;
    memset(&t, 0, sizeof t);
    t.k = arg_limit(args, nargs, 20);
    vn_result r = VN_OK;
    /* one snapshot for the whole answer, even while an ingest commits */
    int own_tx = sqlite3_get_autocommit(a->db) &&
                 sqlite3_exec(a->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
    if (vn_arc_arg(args, nargs, "province") || vn_arc_arg(args, nargs, "from") ||
        vn_arc_arg(args, nargs, "to") || vn_arc_arg(args, nargs, "source")) {
        t.filter = search_filter(a, args, nargs, err);
        if (!t.filter)
            r = err ? err->code : VN_ERR_DB;
    }
    const char *type = vn_arc_arg(args, nargs, "type");
    if (type && r == VN_OK)
        r = search_typed(a, type, &t, err);
    int tabs = vn_arc_arg(args, nargs, "all") ? 2 : 1;
    for (int tab = 0; tab < tabs && r == VN_OK; tab++)
        r = search_scan(a, match.ptr, tab, &t, err);
    sqlite3_finalize(t.filter);
    if (t.n)
        qsort(t.h, (size_t)t.n, sizeof *t.h, cmp_hits);

    /* the answers' articles, and a snippet for each */
    sqlite3_stmt *art = NULL, *snip[2] = {NULL, NULL};
    if (r == VN_OK && t.n) {
        art = vn_arc_prepare(a,
                             "SELECT id, day, province, province_now, title, url, source,"
                             " duplicate_of FROM articles WHERE aid = ?1",
                             err);
        if (!art)
            r = err ? err->code : VN_ERR_DB;
    }
    int count = 0;
    for (int i = 0; r == VN_OK && i < t.n; i++) {
        const hit *h = &t.h[i];
        sqlite3_bind_int64(art, 1, h->aid);
        if (sqlite3_step(art) != SQLITE_ROW) { /* gone since: a writer deleted it */
            sqlite3_reset(art);
            continue;
        }
        if (!snip[h->tab]) {
            vn_buf sql = VN_BUF_INIT;
            const char *tab = h->tab ? "fts_dups" : "fts";
            vn_buf_addf(&sql,
                        "SELECT snippet(%s, 1, '%s', '%s', '…', 14) FROM %s WHERE %s MATCH ?1"
                        " AND rowid = ?2",
                        tab, open, close, tab, tab);
            snip[h->tab] = vn_arc_prepare(a, sql.ptr, err);
            vn_buf_release(&sql);
        }
        const char *snippet = NULL;
        sqlite3_stmt *sn = snip[h->tab];
        if (sn) {
            sqlite3_bind_text(sn, 1, match.ptr, -1, SQLITE_STATIC);
            sqlite3_bind_int64(sn, 2, h->aid);
            if (sqlite3_step(sn) == SQLITE_ROW)
                snippet = (const char *)sqlite3_column_text(sn, 0);
        }
        char score[32];
        sqlite3_snprintf(sizeof score, score, "%.4g", h->score);
        const char *v[8];
        for (int c = 0; c < 8; c++)
            v[c] = (const char *)sqlite3_column_text(art, c);
        if (table) {
            const char *cells5[5] = {v[0], v[1], v[2], v[4], snippet};
            vn_rows_add(&rows, cells5);
        } else {
            const char *cells10[10] = {v[0], v[1], v[2], v[3], v[4],
                                       snippet, score, v[5], v[6], v[7]};
            vn_rows_add(&rows, cells10);
        }
        count++;
        if (sn)
            sqlite3_reset(sn);
        sqlite3_reset(art);
    }
    sqlite3_finalize(art);
    sqlite3_finalize(snip[0]);
    sqlite3_finalize(snip[1]);
    if (own_tx)
        sqlite3_exec(a->db, "COMMIT", NULL, NULL, NULL);
    free(t.h);
    free(t.typed);
    free(t.idf);
    free(t.freq);
    free(t.psize);
    vn_buf_release(&match);
    return finish(r, &rows, count, a, err, "no article matches");
}

/* ------------------------------------------------------------------ docs */

/* Looks like a document code (a digit and a / or -)? */
static int looks_like_code(const char *s)
{
    int digit = 0, sep = 0;
    for (; *s; s++) {
        digit |= *s >= '0' && *s <= '9';
        sep |= *s == '/' || *s == '-';
    }
    return digit && sep;
}

static void code_key(const char *c, vn_buf *out)
{
    for (const unsigned char *p = (const unsigned char *)c; *p;) {
        if (*p == ' ') {
            p++;
        } else if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0x95) {
            vn_buf_addc(out, '-');
            p += 3;
        } else if (p[0] == 0xC3 && p[1] == 0x90) {
            vn_buf_add(out, "\xC4\x90", 2);
            p += 2;
        } else {
            vn_buf_addc(out, (char)*p++);
        }
    }
}

#define DOC_COLS                                                                               \
    " d.kind, %s, d.issuer,"                                                               \
    " %s AS dates,"                                                                            \
    " (SELECT count(*) FROM citations c WHERE c.did = d.did) AS n,"                            \
    " (SELECT min(a.day) FROM citations c JOIN articles a ON a.aid = c.aid WHERE c.did = d.did),"  \
    " (SELECT max(a.day) FROM citations c JOIN articles a ON a.aid = c.aid WHERE c.did = d.did),"  \
    " %s,"                                                                                     \
    " d.subject, d.term, d.year, d.number, d.did"

static const char *dates_table =
    "(SELECT group_concat(date || CASE WHEN k > 1 THEN ' (' || n || ')' ELSE '' END, '; ')"
    " FROM (SELECT date, n, (SELECT count(*) FROM document_dates x WHERE x.did = d.did) AS k"
    " FROM document_dates WHERE did = d.did ORDER BY n DESC, date))";
static const char *dates_json =
    "(SELECT json_group_array(json_object('date', date, 'sources', n)) FROM (SELECT date, n"
    " FROM document_dates WHERE did = d.did ORDER BY n DESC, date))";
static const char *provinces_table =
    "(SELECT group_concat(p, ', ') FROM (SELECT DISTINCT a.province_now AS p FROM citations c"
    " JOIN articles a ON a.aid = c.aid WHERE c.did = d.did AND p IS NOT NULL ORDER BY p))";
static const char *provinces_json =
    "(SELECT json_group_array(p) FROM (SELECT DISTINCT a.province_now AS p FROM citations c"
    " JOIN articles a ON a.aid = c.aid WHERE c.did = d.did AND p IS NOT NULL ORDER BY p))";
static const char *citing_json =
    "(SELECT json_group_array(json_object('id', a.id, 'date', a.day, 'province', a.province,"
    " 'title', a.title, 'form', c.form)) FROM (SELECT * FROM citations WHERE did = d.did) c"
    " JOIN articles a ON a.aid = c.aid)";

static vn_result citing_table(vn_archive *a, sqlite3_int64 did, int width, vn_buf *out,
                              vn_error *err)
{
    sqlite3_stmt *s = vn_arc_prepare(
        a,
        "SELECT a.id, a.day, a.province, c.form, a.title FROM citations c JOIN articles a"
        " ON a.aid = c.aid WHERE c.did = ?1 ORDER BY a.day, a.id",
        err);
    if (!s)
        return err ? err->code : VN_ERR_DB;
    sqlite3_bind_int64(s, 1, did);
    static const char *cols[] = {"citing article", "date", "province", "form", "title"};
    vn_rows rows;
    vn_rows_init(&rows, out, 1, width, 5, cols, NULL);
    vn_result r = vn_arc_rows_from(a, s, &rows, NULL, err);
    vn_rows_finish(&rows);
    sqlite3_finalize(s);
    return r;
}

static vn_result q_docs(vn_archive *a, const char *const *args, int nargs, int table,
                        vn_buf *out, vn_error *err)
{
    const char *what = vn_arc_arg(args, nargs, "q");
    int by_code = what && looks_like_code(what);
    int width = arg_width(args, nargs);
    qb q = {VN_BUF_INIT, {0}, 0};
    vn_buf key = VN_BUF_INIT;
    vn_buf_adds(&q.sql, "SELECT");
    vn_buf_addf(&q.sql, DOC_COLS, table ? "coalesce(d.code, d.subject)" : "d.code",
                table ? dates_table : dates_json,
                table ? provinces_table : provinces_json);
    if (!table && by_code)
        vn_buf_addf(&q.sql, ", %s", citing_json);
    vn_buf_adds(&q.sql, " FROM documents d WHERE 1");
    if (by_code) {
        code_key(what, &key);
        qb_add(&q, " AND (d.code = ? OR upper(d.code) = upper(?))", key.ptr);
    } else if (what) {
        qb_add(&q, " AND vn_fold(coalesce(d.kind, '') || ' ' || coalesce(d.number, '') || ' ' ||"
                   " coalesce(d.code, '') || ' ' || coalesce(d.subject, '') || ' ' ||"
                   " coalesce(d.issuer, '')) LIKE '%' || vn_fold(?) || '%'",
               what);
    }
    vn_buf_adds(&q.sql, " ORDER BY n DESC, d.code, d.term");
    qb_limit(&q, arg_limit(args, nargs, by_code ? 0 : 50));
    sqlite3_stmt *s = qb_prepare(a, &q, err);
    vn_result r = s ? VN_OK : (err ? err->code : VN_ERR_DB);
    int count = 0;
    vn_rows rows;
    if (table) {
        static const char *cols[] = {"kind",  "code", "issuer",    "date",
                                     "cited", "first", "last", "provinces"};
        vn_rows_init(&rows, out, 1, width, 8, cols, NULL);
    } else {
        static const char *cols[] = {"kind",    "code", "issuer", "dates",  "articles",
                                     "first",   "last", "provinces", "subject", "term",
                                     "year",    "number", "id", "citing"};
        vn_rows_init(&rows, out, 0, 0, by_code ? 14 : 13, cols, "sssjnssjsnnsnj");
    }
    sqlite3_int64 dids[16];
    int ndid = 0;
    if (s) {
        if (table && by_code) {
            /* documents, then for each the articles citing it */
            int rc;
            const char *cells[8];
            while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                for (int c = 0; c < 8; c++)
                    cells[c] = (const char *)sqlite3_column_text(s, c);
                vn_rows_add(&rows, cells);
                if (ndid < 16)
                    dids[ndid++] = sqlite3_column_int64(s, 12);
                count++;
            }
            if (rc != SQLITE_DONE)
                r = vn_arc_fail(a, rc, err, "reading the registry");
        } else {
            r = vn_arc_rows_from(a, s, &rows, &count, err);
        }
        sqlite3_finalize(s);
    }
    vn_rows_finish(&rows);
    for (int i = 0; r == VN_OK && i < ndid; i++) {
        vn_buf_addc(out, '\n');
        r = citing_table(a, dids[i], width, out, err);
    }
    vn_buf_release(&q.sql);
    vn_buf_release(&key);
    if (r == VN_OK && count == 0) {
        vn_error_set(err, VN_ERR_NOT_FOUND, a->path, 0, -1, "no document matches");
        return VN_ERR_NOT_FOUND;
    }
    return r;
}

/* ---------------------------------------------------------------- events */

static vn_result q_events(vn_archive *a, const char *const *args, int nargs, int table,
                          vn_buf *out, vn_error *err)
{
    qb q = {VN_BUF_INIT, {0}, 0};
    vn_buf_adds(&q.sql, "SELECT coalesce(e.date, a.day) AS date, e.type, a.province, e.chairs,"
                        " e.host, a.id, a.title, a.province_now FROM events e"
                        " JOIN articles a ON a.aid = e.aid WHERE 1");
    const char *type = vn_arc_arg(args, nargs, "type");
    if (type)
        qb_add(&q, " AND vn_fold(e.type) LIKE vn_fold(?) || '%'", type);
    qb_filters(&q, args, nargs, "coalesce(e.date, a.day)");
    vn_buf_adds(&q.sql, " ORDER BY date DESC, a.id");
    qb_limit(&q, arg_limit(args, nargs, 50));
    sqlite3_stmt *s = qb_prepare(a, &q, err);
    static const char *cols[] = {"date", "type", "province", "chairs", "host", "article", "title",
                                 "province_now"};
    vn_rows rows;
    vn_rows_init(&rows, out, table, arg_width(args, nargs), table ? 7 : 8, cols, NULL);
    int count = 0;
    vn_result r = s ? vn_arc_rows_from(a, s, &rows, &count, err) : (err ? err->code : VN_ERR_DB);
    sqlite3_finalize(s);
    vn_buf_release(&q.sql);
    return finish(r, &rows, count, a, err, "no event matches");
}

/* ----------------------------------------------------------------- stats */

static vn_result q_stats(vn_archive *a, const char *const *args, int nargs, int table,
                         vn_buf *out, vn_error *err)
{
    static const char *const counts[][2] = {
        {"articles", "SELECT count(*) FROM articles"},
        {"originals", "SELECT count(*) FROM articles WHERE duplicate_of IS NULL"},
        {"exact duplicates", "SELECT count(*) FROM articles WHERE dup_kind = 'exact'"},
        {"near duplicates", "SELECT count(*) FROM articles WHERE dup_kind = 'near'"},
        {"documents", "SELECT count(*) FROM documents"},
        {"citations", "SELECT count(*) FROM citations"},
        {"short references pending", "SELECT count(*) FROM short_refs WHERE did IS NULL"},
        {"people", "SELECT count(*) FROM people WHERE historic = 0"},
        {"positions", "SELECT count(*) FROM positions"},
        {"events", "SELECT count(*) FROM events"},
        {"figures", "SELECT count(*) FROM figures"},
        {"places", "SELECT count(*) FROM places"},
        {"organizations", "SELECT count(*) FROM organizations"},
    };
    int width = arg_width(args, nargs);
    vn_result r = VN_OK;
    vn_rows rows;
    static const char *tcols[] = {"what", "count"};
    if (table)
        vn_rows_init(&rows, out, 1, width, 2, tcols, NULL);
    else
        vn_buf_adds(out, "{\"totals\":{");
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++) {
        sqlite3_stmt *s = vn_arc_prepare(a, counts[i][1], err);
        if (!s) {
            r = err ? err->code : VN_ERR_DB;
            break;
        }
        int rc = sqlite3_step(s);
        char num[32];
        snprintf(num, sizeof num, "%lld", rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0LL);
        if (rc != SQLITE_ROW)
            r = vn_arc_fail(a, rc, err, "counting");
        sqlite3_finalize(s);
        if (r)
            break;
        if (table) {
            const char *cells[2] = {counts[i][0], num};
            vn_rows_add(&rows, cells);
        } else {
            vn_buf_addf(out, "%s\"%s\":%s", i ? "," : "", counts[i][0], num);
        }
    }
    if (table)
        vn_rows_finish(&rows);
    else
        vn_buf_adds(out, "}}\n");
    if (r)
        return r;

    /* by province (today's name) and year */
    sqlite3_stmt *s = vn_arc_prepare(
        a,
        "SELECT coalesce(province_now, '(unknown)') AS p, coalesce(substr(day, 1, 4), '?') AS y,"
        " count(*), sum(duplicate_of IS NULL) FROM articles GROUP BY p, y ORDER BY p, y",
        err);
    if (!s)
        return err ? err->code : VN_ERR_DB;
    static const char *cols[] = {"province", "year", "articles", "originals"};
    vn_rows_init(&rows, out, table, width, 4, cols, "ssnn");
    if (table)
        vn_buf_addc(out, '\n');
    r = vn_arc_rows_from(a, s, &rows, NULL, err);
    vn_rows_finish(&rows);
    sqlite3_finalize(s);
    return r;
}

vn_result vn_archive_query(vn_archive *a, const char *what, const char *const *args, int nargs,
                           int table, vn_buf *out, vn_error *err)
{
    if (!strcmp(what, "search"))
        return q_search(a, args, nargs, table, out, err);
    if (!strcmp(what, "docs"))
        return q_docs(a, args, nargs, table, out, err);
    if (!strcmp(what, "people"))
        return vn_arc_query_people(a, args, nargs, table, out, err);
    if (!strcmp(what, "who"))
        return vn_arc_query_who(a, args, nargs, table, out, err);
    if (!strcmp(what, "events"))
        return q_events(a, args, nargs, table, out, err);
    if (!strcmp(what, "stats"))
        return q_stats(a, args, nargs, table, out, err);
    vn_error_set(err, VN_ERR_ARG, "", 0, -1, "unknown question '%s'", what);
    return VN_ERR_ARG;
}
