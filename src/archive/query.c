/* query.c — the questions: search, docs, events, stats (people and who are
 * in qpeople.c). Each builds one SQL query from "key=value" arguments, binds
 * every value (never pasted into the SQL) and hands the rows to table.c. */
#include "arc.h"

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
    int limit = arg_limit(args, nargs, 20);
    const char *type = vn_arc_arg(args, nargs, "type");
    int filtered = vn_arc_arg(args, nargs, "province") || vn_arc_arg(args, nargs, "from") ||
                   vn_arc_arg(args, nargs, "to") || vn_arc_arg(args, nargs, "source") || type;
    vn_rows rows;
    if (table) {
        static const char *cols[] = {"id", "date", "province", "title", "match"};
        vn_rows_init(&rows, out, 1, arg_width(args, nargs), 5, cols, NULL);
    } else {
        static const char *cols[] = {"id",      "date",  "province", "province_now", "title",
                                     "snippet", "score", "url",      "source",       "duplicate_of"};
        vn_rows_init(&rows, out, 0, 0, 10, cols, "ssssssnsss");
    }
    /* Two steps. The best matches come from FTS5 alone (ORDER BY rank with a
     * LIMIT lets it rank without reading articles), then the filters; when
     * filters leave too few, the search runs again over every match. Then a
     * snippet for each answer only. */
    vn_result r = VN_OK;
    int count = 0;
    int all = vn_arc_arg(args, nargs, "all") != NULL;
    for (int pass = 0; pass < 3 && r == VN_OK; pass++) {
        int inner = limit <= 0 || pass == 2 ? 0 : pass == 0 ? limit + 50 : limit * 50 + 1000;
        if (pass == 1 && !filtered)
            continue; /* without filters the first pass has all it needs */
        qb q = {VN_BUF_INIT, {0}, 0};
        vn_buf_adds(&q.sql, "SELECT a.aid, a.id, a.day, a.province, a.province_now, a.title,"
                            " printf('%.4g', -f.r), a.url, a.source, a.duplicate_of FROM (");
        for (int t = 0; t < (all ? 2 : 1); t++) {
            const char *tab = t ? "fts_dups" : "fts";
            if (t)
                vn_buf_adds(&q.sql, " UNION ALL ");
            vn_buf_addf(&q.sql, "SELECT * FROM (SELECT rowid AS aid, rank AS r FROM %s WHERE %s"
                                " MATCH ",
                        tab, tab);
            qb_add(&q, "?", match.ptr);
            vn_buf_addf(&q.sql, " AND rank MATCH 'bm25(4.0, 1.0)' ORDER BY rank");
            qb_limit(&q, inner);
            vn_buf_adds(&q.sql, ")");
        }
        vn_buf_adds(&q.sql, ") f JOIN articles a ON a.aid = f.aid WHERE 1");
        qb_filters(&q, args, nargs, "a.day");
        if (type)
            qb_add(&q, " AND EXISTS (SELECT 1 FROM events e WHERE e.aid = a.aid AND"
                       " vn_fold(e.type) = vn_fold(?))", type);
        vn_buf_adds(&q.sql, " ORDER BY f.r");
        qb_limit(&q, limit);
        sqlite3_stmt *s = qb_prepare(a, &q, err);
        vn_buf_release(&q.sql);
        if (!s) {
            r = err ? err->code : VN_ERR_DB;
            break;
        }
        /* collect, so that a second pass can start over */
        vn_buf cells = VN_BUF_INIT;
        int n = 0, rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            for (int c = 0; c < 10; c++) {
                const char *v = (const char *)sqlite3_column_text(s, c);
                vn_buf_addc(&cells, v ? 'V' : 'N');
                vn_buf_adds(&cells, v ? v : "");
                vn_buf_addc(&cells, '\0');
            }
            n++;
        }
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE) {
            int code = sqlite3_errcode(a->db);
            if (code == SQLITE_ERROR && strstr(sqlite3_errmsg(a->db), "fts5")) {
                vn_error_set(err, VN_ERR_ARG, a->path, 0, -1, "bad search query: %s",
                             sqlite3_errmsg(a->db));
                r = VN_ERR_ARG;
            } else {
                r = vn_arc_fail(a, rc, err, "searching");
            }
            vn_buf_release(&cells);
            break;
        }
        if (inner && n < limit) { /* the filters may have left some out: all matches */
            vn_buf_release(&cells);
            continue;
        }
        sqlite3_stmt *sn = NULL;
        vn_buf snip_sql = VN_BUF_INIT;
        vn_buf_addf(&snip_sql,
                    "SELECT snippet(fts, 1, '%s', '%s', '…', 14) FROM fts WHERE fts MATCH ?1 AND"
                    " rowid = ?2 UNION ALL SELECT snippet(fts_dups, 1, '%s', '%s', '…', 14)"
                    " FROM fts_dups WHERE fts_dups MATCH ?1 AND rowid = ?2",
                    open, close, open, close);
        sn = vn_arc_prepare(a, snip_sql.ptr, err);
        vn_buf_release(&snip_sql);
        const char *p = cells.ptr;
        for (int i = 0; i < n; i++) {
            const char *v[10];
            for (int c = 0; c < 10; c++) {
                v[c] = *p == 'V' ? p + 1 : NULL;
                p += strlen(p) + 1;
            }
            char *snippet = NULL;
            if (sn) {
                sqlite3_reset(sn);
                sqlite3_bind_text(sn, 1, match.ptr, -1, SQLITE_STATIC);
                sqlite3_bind_int64(sn, 2, atoll(v[0]));
                if (sqlite3_step(sn) == SQLITE_ROW && sqlite3_column_text(sn, 0))
                    snippet = strdup((const char *)sqlite3_column_text(sn, 0));
            }
            if (table) {
                const char *cells5[5] = {v[1], v[2], v[3], v[5], snippet};
                vn_rows_add(&rows, cells5);
            } else {
                const char *cells10[10] = {v[1], v[2], v[3], v[4], v[5],
                                           snippet, v[6], v[7], v[8], v[9]};
                vn_rows_add(&rows, cells10);
            }
            free(snippet);
        }
        sqlite3_finalize(sn);
        vn_buf_release(&cells);
        count = n;
        break;
    }
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
