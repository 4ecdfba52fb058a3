/* qpeople.c — people and their positions over time: `people [NAME]` and
 * `who POSITION [province] [date]`.
 *
 * Names and positions are compared in their canonical form (case, Unicode
 * form and tone placement aside), or folded when the user typed no
 * diacritics ("bi thu tinh uy" finds "Bí thư Tỉnh ủy"). A position matches
 * itself or itself followed by a place ("Bí thư Tỉnh ủy Lào Cai"), never a
 * longer rank ("Phó Bí thư Tỉnh ủy" is not "Bí thư Tỉnh ủy"). */
#include "arc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *positions_json =
    "(SELECT json_group_array(json_object('position', position, 'body', body, 'province',"
    " nullif(province, ''), 'province_now', province_now, 'from', first_seen, 'to', last_seen,"
    " 'articles', n)) FROM (SELECT * FROM positions WHERE pid = p.pid ORDER BY first_seen,"
    " position))";
static const char *positions_latest =
    "(SELECT group_concat(position, '; ') FROM (SELECT position FROM positions WHERE pid = p.pid"
    " ORDER BY last_seen DESC, n DESC LIMIT 3))";

static int limit_of(const char *const *args, int nargs, int dflt)
{
    const char *v = vn_arc_arg(args, nargs, "limit");
    return v && atoi(v) >= 0 ? atoi(v) : dflt;
}

static int width_of(const char *const *args, int nargs)
{
    const char *v = vn_arc_arg(args, nargs, "width");
    return v ? atoi(v) : 0;
}

vn_result vn_arc_query_people(vn_archive *a, const char *const *args, int nargs, int table,
                              vn_buf *out, vn_error *err)
{
    const char *name = vn_arc_arg(args, nargs, "q");
    int accented = name && vn_arc_has_diacritics(name, strlen(name));
    int limit = limit_of(args, nargs, name ? 0 : 50);
    vn_buf sql = VN_BUF_INIT;
    vn_buf_addf(&sql,
                "SELECT p.name, coalesce((SELECT province FROM positions WHERE pid = p.pid AND"
                " province <> '' ORDER BY last_seen DESC LIMIT 1), p.province), p.first_seen, p.last_seen, p.articles, %s, p.pid"
                " FROM people p WHERE p.historic = 0",
                table ? positions_latest : positions_json);
    if (name && accented)
        vn_buf_adds(&sql, " AND (p.name_key = vn_canon(?1) OR p.name_key LIKE '%' ||"
                          " vn_canon(?1) || '%')");
    else if (name)
        vn_buf_adds(&sql, " AND vn_fold(p.name) LIKE '%' || vn_fold(?1) || '%'");
    vn_buf_adds(&sql, " ORDER BY p.articles DESC, p.last_seen DESC, p.pid");
    if (limit > 0)
        vn_buf_addf(&sql, " LIMIT %d", limit);
    sqlite3_stmt *s = vn_arc_prepare(a, sql.ptr, err);
    vn_buf_release(&sql);
    if (!s)
        return err ? err->code : VN_ERR_DB;
    if (name)
        sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
    vn_result r = VN_OK;
    int count = 0;
    vn_rows rows;
    if (!table) {
        static const char *cols[] = {"name", "province", "first_seen", "last_seen",
                                     "articles", "positions", "id"};
        vn_rows_init(&rows, out, 0, 0, 7, cols, "ssssnjn");
        r = vn_arc_rows_from(a, s, &rows, &count, err);
    } else if (!name) {
        static const char *cols[] = {"name", "province", "first seen", "last seen", "articles",
                                     "latest positions"};
        vn_rows_init(&rows, out, 1, width_of(args, nargs), 6, cols, NULL);
        r = vn_arc_rows_from(a, s, &rows, &count, err);
    } else {
        /* a timeline: each person's positions in order */
        static const char *cols[] = {"person", "position", "province", "from", "to", "articles"};
        vn_rows_init(&rows, out, 1, width_of(args, nargs), 6, cols, NULL);
        sqlite3_stmt *ps = vn_arc_prepare(
            a,
            "SELECT position, nullif(province, ''), first_seen, last_seen, n FROM positions"
            " WHERE pid = ?1 ORDER BY first_seen, position",
            err);
        int rc;
        while (ps && (rc = sqlite3_step(s)) == SQLITE_ROW) {
            count++;
            char who[512];
            snprintf(who, sizeof who, "%s #%lld", sqlite3_column_text(s, 0),
                     (long long)sqlite3_column_int64(s, 6));
            sqlite3_reset(ps);
            sqlite3_bind_int64(ps, 1, sqlite3_column_int64(s, 6));
            int any = 0;
            while (sqlite3_step(ps) == SQLITE_ROW) {
                const char *cells[6] = {any ? "" : who,
                                        (const char *)sqlite3_column_text(ps, 0),
                                        (const char *)sqlite3_column_text(ps, 1),
                                        (const char *)sqlite3_column_text(ps, 2),
                                        (const char *)sqlite3_column_text(ps, 3),
                                        (const char *)sqlite3_column_text(ps, 4)};
                vn_rows_add(&rows, cells);
                any = 1;
            }
            if (!any) {
                const char *cells[6] = {who,
                                        "(no position given)",
                                        (const char *)sqlite3_column_text(s, 1),
                                        (const char *)sqlite3_column_text(s, 2),
                                        (const char *)sqlite3_column_text(s, 3),
                                        (const char *)sqlite3_column_text(s, 4)};
                vn_rows_add(&rows, cells);
            }
        }
        sqlite3_finalize(ps);
        if (!ps)
            r = err ? err->code : VN_ERR_DB;
    }
    vn_rows_finish(&rows);
    sqlite3_finalize(s);
    if (r == VN_OK && count == 0) {
        vn_error_set(err, VN_ERR_NOT_FOUND, a->path, 0, -1, "no person matches");
        return VN_ERR_NOT_FOUND;
    }
    return r;
}

static sqlite3_stmt *who_stmt(vn_archive *a, int accented, int province, int date, int before,
                              int limit, vn_error *err)
{
    vn_buf sql = VN_BUF_INIT;
    vn_buf_adds(&sql, "SELECT p.name, ps.position, nullif(ps.province, ''), ps.first_seen,"
                      " ps.last_seen, ps.n, ps.province_now, p.pid FROM positions ps"
                      " JOIN people p ON p.pid = ps.pid WHERE p.historic = 0 AND ");
    if (accented)
        vn_buf_adds(&sql, "(ps.position_key = vn_canon(?1) OR ps.position_key LIKE"
                          " vn_canon(?1) || ' %')");
    else
        vn_buf_adds(&sql, "(vn_fold(ps.position_key) = vn_fold(?1) OR vn_fold(ps.position_key)"
                          " LIKE vn_fold(?1) || ' %')");
    if (province)
        vn_buf_adds(&sql, " AND (vn_fold(ps.province) = vn_fold(?2) OR vn_fold(ps.province_now)"
                          " = vn_fold(?2) OR vn_fold(ps.position_key) LIKE '% ' || vn_fold(?2))");
    if (date && !before)
        vn_buf_adds(&sql, " AND ps.first_seen <= ?3 || '~' AND ps.last_seen >= ?3");
    if (date && before)
        vn_buf_adds(&sql, " AND ps.first_seen <= ?3 || '~'");
    vn_buf_adds(&sql, " ORDER BY ps.last_seen DESC, ps.n DESC");
    if (limit > 0)
        vn_buf_addf(&sql, " LIMIT %d", limit);
    sqlite3_stmt *s = vn_arc_prepare(a, sql.ptr, err);
    vn_buf_release(&sql);
    return s;
}

vn_result vn_arc_query_who(vn_archive *a, const char *const *args, int nargs, int table,
                           vn_buf *out, vn_error *err)
{
    const char *pos = vn_arc_arg(args, nargs, "q");
    if (!pos) {
        vn_error_set(err, VN_ERR_ARG, "", 0, -1, "who needs a position (e.g. \"Bí thư Tỉnh ủy\")");
        return VN_ERR_ARG;
    }
    const char *prov = vn_arc_arg(args, nargs, "province");
    const char *date = vn_arc_arg(args, nargs, "date");
    int accented = vn_arc_has_diacritics(pos, strlen(pos));
    int limit = limit_of(args, nargs, 50);
    static const char *cols[] = {"name",  "position", "province", "from",
                                 "to",    "articles", "province_now", "person"};
    vn_result r = VN_OK;
    int count = 0;
    for (int before = 0; before < 2 && count == 0 && r == VN_OK; before++) {
        if (before && !date)
            break;
        sqlite3_stmt *s = who_stmt(a, accented, prov != NULL, date != NULL, before,
                                   before ? 3 : limit, err);
        if (!s)
            return err ? err->code : VN_ERR_DB;
        sqlite3_bind_text(s, 1, pos, -1, SQLITE_TRANSIENT);
        if (prov)
            sqlite3_bind_text(s, 2, prov, -1, SQLITE_TRANSIENT);
        if (date)
            sqlite3_bind_text(s, 3, date, -1, SQLITE_TRANSIENT);
        vn_buf part = VN_BUF_INIT;
        vn_rows rows;
        vn_rows_init(&rows, &part, table, width_of(args, nargs), table ? 6 : 8, cols,
                     "sssssnsn");
        r = vn_arc_rows_from(a, s, &rows, &count, err);
        vn_rows_finish(&rows);
        sqlite3_finalize(s);
        if (count && before && table)
            vn_buf_addf(out, "(nobody is seen in this position on %s; the last seen before:)\n",
                        date);
        if (count)
            vn_buf_add(out, part.ptr, part.len);
        vn_buf_release(&part);
    }
    if (r == VN_OK && count == 0) {
        vn_error_set(err, VN_ERR_NOT_FOUND, a->path, 0, -1, "nobody is seen in that position");
        return VN_ERR_NOT_FOUND;
    }
    return r;
}
