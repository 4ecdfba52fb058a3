/* query.c — the questions docs, events and stats (search is in qsearch.c,
 * people and who in qpeople.c), and the SQL builder they share (qbuild.h).
 * Each builds its SQL from "key=value" arguments and binds every value (never
 * pasted into the SQL), then hands the rows to table.c. */
#include "qbuild.h"

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

/* Append fragment; each '?' in it stands for val (bound once as ?N). */
void vn_qb_add(vn_qb *q, const char *frag, const char *val)
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

sqlite3_stmt *vn_qb_prepare(vn_archive *a, vn_qb *q, vn_error *err)
{
    sqlite3_stmt *s = vn_arc_prepare(a, q->sql.ptr, err);
    if (!s)
        return NULL;
    for (int i = 0; i < q->nb; i++)
        sqlite3_bind_text(s, i + 1, q->binds[i], -1, SQLITE_TRANSIENT);
    return s;
}

int vn_qb_arg_limit(const char *const *args, int nargs, int dflt)
{
    const char *v = vn_arc_arg(args, nargs, "limit");
    if (!v)
        return dflt;
    int n = atoi(v);
    return n < 0 ? dflt : n;
}

int vn_qb_arg_width(const char *const *args, int nargs)
{
    const char *v = vn_arc_arg(args, nargs, "width");
    return v ? atoi(v) : 0;
}

void vn_qb_limit(vn_qb *q, int limit)
{
    if (limit > 0)
        vn_buf_addf(&q->sql, " LIMIT %d", limit);
}

/* Filters shared by search and events: province (old or new name, any
 * spelling), date range, source. */
void vn_qb_filters(vn_qb *q, const char *const *args, int nargs, const char *date_expr)
{
    const char *v;
    if ((v = vn_arc_arg(args, nargs, "province")))
        vn_qb_add(q, " AND (vn_fold(a.province) = vn_fold(?) OR vn_fold(a.province_now) ="
                  " vn_fold(?))", v);
    if ((v = vn_arc_arg(args, nargs, "from"))) {
        vn_buf_addf(&q->sql, " AND %s", date_expr);
        vn_qb_add(q, " >= ?", v);
    }
    if ((v = vn_arc_arg(args, nargs, "to"))) {
        vn_buf_addf(&q->sql, " AND %s", date_expr);
        vn_qb_add(q, " <= ? || '~'", v);
    }
    if ((v = vn_arc_arg(args, nargs, "source")))
        vn_qb_add(q, " AND (a.source = ? OR a.source LIKE '%.' || ?)", v);
}

vn_result vn_qb_finish(vn_result r, vn_rows *rows, int count, vn_archive *a, vn_error *err,
                        const char *what)
{
    vn_rows_finish(rows);
    if (r == VN_OK && count == 0) {
        vn_error_set(err, VN_ERR_NOT_FOUND, a->path, 0, -1, "%s", what);
        return VN_ERR_NOT_FOUND;
    }
    return r;
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
    int width = vn_qb_arg_width(args, nargs);
    vn_qb q = {VN_BUF_INIT, {0}, 0};
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
        vn_qb_add(&q, " AND (d.code = ? OR upper(d.code) = upper(?))", key.ptr);
    } else if (what) {
        vn_qb_add(&q, " AND vn_fold(coalesce(d.kind, '') || ' ' || coalesce(d.number, '') || ' ' ||"
                   " coalesce(d.code, '') || ' ' || coalesce(d.subject, '') || ' ' ||"
                   " coalesce(d.issuer, '')) LIKE '%' || vn_fold(?) || '%'",
               what);
    }
    vn_buf_adds(&q.sql, " ORDER BY n DESC, d.code, d.term");
    vn_qb_limit(&q, vn_qb_arg_limit(args, nargs, by_code ? 0 : 50));
    sqlite3_stmt *s = vn_qb_prepare(a, &q, err);
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
    vn_qb q = {VN_BUF_INIT, {0}, 0};
    vn_buf_adds(&q.sql, "SELECT coalesce(e.date, a.day) AS date, e.type, a.province, e.chairs,"
                        " e.host, a.id, a.title, a.province_now FROM events e"
                        " JOIN articles a ON a.aid = e.aid WHERE 1");
    const char *type = vn_arc_arg(args, nargs, "type");
    if (type)
        vn_qb_add(&q, " AND vn_fold(e.type) LIKE vn_fold(?) || '%'", type);
    vn_qb_filters(&q, args, nargs, "coalesce(e.date, a.day)");
    vn_buf_adds(&q.sql, " ORDER BY date DESC, a.id");
    vn_qb_limit(&q, vn_qb_arg_limit(args, nargs, 50));
    sqlite3_stmt *s = vn_qb_prepare(a, &q, err);
    static const char *cols[] = {"date", "type", "province", "chairs", "host", "article", "title",
                                 "province_now"};
    vn_rows rows;
    vn_rows_init(&rows, out, table, vn_qb_arg_width(args, nargs), table ? 7 : 8, cols, NULL);
    int count = 0;
    vn_result r = s ? vn_arc_rows_from(a, s, &rows, &count, err) : (err ? err->code : VN_ERR_DB);
    sqlite3_finalize(s);
    vn_buf_release(&q.sql);
    return vn_qb_finish(r, &rows, count, a, err, "no event matches");
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
    int width = vn_qb_arg_width(args, nargs);
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
        return vn_arc_query_search(a, args, nargs, table, out, err);
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
