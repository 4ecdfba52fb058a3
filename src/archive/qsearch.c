/* qsearch.c — `vnews search`: full-text search over titles and bodies with
 * FTS5, ranked by bm25 (title weighted 4) through our own top-k function,
 * filtered by province, dates, source and event type. */

#include "qbuild.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int vn_arc_register_topk(sqlite3 *db)
{
    fts5_api *api = vn_arc_fts5_api(db);
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
    vn_qb q = {VN_BUF_INIT, {NULL}, 1}; /* ?1 is the article, bound for each */
    vn_buf_adds(&q.sql, "SELECT 1 FROM articles a WHERE a.aid = ?1");
    /* the province as vn_qb_filters has it, the user's side folded once here */
    const char *province = vn_arc_arg(args, nargs, "province");
    vn_buf folded = VN_BUF_INIT;
    if (province) {
        vn_arc_fold_text(province, strlen(province), &folded);
        vn_buf_addc(&folded, '\0');
        vn_qb_add(&q, " AND (vn_fold(a.province) = ? OR vn_fold(a.province_now) = ?)", folded.ptr);
    }
    const char *rest[4];
    int nrest = 0;
    for (int i = 0; i < nargs && nrest < 4; i++)
        if (args[i] && (!strncmp(args[i], "from=", 5) || !strncmp(args[i], "to=", 3) ||
                        !strncmp(args[i], "source=", 7)))
            rest[nrest++] = args[i];
    vn_qb_filters(&q, rest, nrest, "a.day");
    sqlite3_stmt *s = vn_qb_prepare(a, &q, err);
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

vn_result vn_arc_query_search(vn_archive *a, const char *const *args, int nargs, int table,
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
        vn_rows_init(&rows, out, 1, vn_qb_arg_width(args, nargs), 5, cols, NULL);
    } else {
        static const char *cols[] = {"id",      "date",  "province", "province_now", "title",
                                     "snippet", "score", "url",      "source",       "duplicate_of"};
        vn_rows_init(&rows, out, 0, 0, 10, cols, "ssssssnsss");
    }
    topk t;
    memset(&t, 0, sizeof t);
    t.k = vn_qb_arg_limit(args, nargs, 20);
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
    return vn_qb_finish(r, &rows, count, a, err, "no article matches");
}
