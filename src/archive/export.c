/* export.c — a table of the archive as CSV (RFC 4180, a header row) or JSON
 * Lines, streamed row by row for analysis elsewhere. "records" gives the
 * stored records themselves (SCHEMA.md, duplicate_of filled in): JSON Lines
 * that vnews ingest reads back. */
#include "arc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

static const char *const tables[] = {"articles",  "records", "documents", "document_dates",
                                     "citations", "short_refs", "people", "positions",
                                     "mentions",  "events", "figures", "places",
                                     "organizations", NULL};

const char *const *vn_archive_tables(void)
{
    return tables;
}

static void csv_cell(vn_buf *o, const char *v, size_t n)
{
    int quote = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] == ',' || v[i] == '"' || v[i] == '\n' || v[i] == '\r')
            quote = 1;
    if (!quote) {
        vn_buf_add(o, v, n);
        return;
    }
    vn_buf_addc(o, '"');
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '"')
            vn_buf_addc(o, '"');
        vn_buf_addc(o, v[i]);
    }
    vn_buf_addc(o, '"');
}

static vn_result flush(vn_archive *a, vn_buf *o, vn_write_fn w, void *ctx, vn_error *err)
{
    if (o->len && w(o->ptr, o->len, ctx) != 0) {
        vn_error_set(err, VN_ERR_IO, "", 0, -1, "cannot write the export");
        (void)a;
        return VN_ERR_IO;
    }
    vn_buf_reset(o);
    return VN_OK;
}

/* The record with what the articles table holds put back: title, body
 * (the body column starts with the lead, when there is one), duplicate_of. */
static void write_record(vn_buf *o, const vn_json *rec, sqlite3_stmt *s)
{
    const char *dup = (const char *)sqlite3_column_text(s, 1);
    const char *title = (const char *)sqlite3_column_text(s, 2);
    const char *body = (const char *)sqlite3_column_text(s, 3);
    const vn_json *lead = vn_json_get(rec, "lead");
    int skip = lead && lead->type == VN_JSON_STRING;
    vn_buf_addc(o, '{');
    for (int i = 0; i < rec->n; i++) {
        const vn_json *k = &rec->kids[i];
        if (i)
            vn_buf_addc(o, ',');
        vn_buf_add_json_str(o, k->key, k->key_len);
        vn_buf_addc(o, ':');
        if (!strcmp(k->key, "title")) {
            if (title)
                vn_buf_add_json_str(o, title, strlen(title));
            else
                vn_buf_add(o, "null", 4);
        } else if (!strcmp(k->key, "body")) {
            vn_buf_addc(o, '[');
            int n = 0;
            for (const char *p = body; p && *p;) {
                const char *e = strchr(p, '\n');
                size_t len = e ? (size_t)(e - p) : strlen(p);
                if (skip)
                    skip = 0;
                else {
                    if (n++)
                        vn_buf_addc(o, ',');
                    vn_buf_add_json_str(o, p, len);
                }
                p += len + (e ? 1 : 0);
            }
            vn_buf_addc(o, ']');
        } else if (!strcmp(k->key, "duplicate_of") && dup) {
            vn_buf_add_json_str(o, dup, strlen(dup));
        } else {
            vn_json_write(k, o);
        }
    }
    vn_buf_addc(o, '}');
}

static vn_result export_records(vn_archive *a, vn_write_fn w, void *ctx, vn_error *err)
{
    sqlite3_stmt *s = vn_arc_prepare(
        a, "SELECT record, duplicate_of, title, body FROM articles ORDER BY aid", err);
    if (!s)
        return err ? err->code : VN_ERR_DB;
    vn_buf o = VN_BUF_INIT, raw = VN_BUF_INIT;
    vn_arena *ar = vn_arena_new();
    vn_result r = VN_OK;
    int rc;
    while (r == VN_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const void *z = sqlite3_column_blob(s, 0);
        size_t zn = (size_t)sqlite3_column_bytes(s, 0);
        unsigned long long size = ZSTD_getFrameContentSize(z, zn);
        if (!z || size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
            size > ((unsigned long long)1 << 30)) {
            vn_error_set(err, VN_ERR_CORRUPT, a->path, 0, -1, "a stored record is damaged");
            r = VN_ERR_CORRUPT;
            break;
        }
        vn_buf_reset(&raw);
        vn_buf_grow(&raw, (size_t)size);
        size_t got = ZSTD_decompress(raw.ptr, (size_t)size + 1, z, zn);
        if (ZSTD_isError(got)) {
            vn_error_set(err, VN_ERR_CORRUPT, a->path, 0, -1, "a stored record is damaged");
            r = VN_ERR_CORRUPT;
            break;
        }
        raw.len = got;
        raw.ptr[got] = '\0';
        vn_arena_reset(ar);
        size_t eoff;
        const char *emsg;
        const vn_json *rec = vn_json_parse(ar, raw.ptr, raw.len, &eoff, &emsg);
        if (!rec || rec->type != VN_JSON_OBJECT) {
            vn_error_set(err, VN_ERR_CORRUPT, a->path, 0, -1, "a stored record is damaged");
            r = VN_ERR_CORRUPT;
            break;
        }
        write_record(&o, rec, s);
        vn_buf_addc(&o, '\n');
        if (o.len > (1 << 20))
            r = flush(a, &o, w, ctx, err);
    }
    if (r == VN_OK && rc != SQLITE_DONE)
        r = vn_arc_fail(a, rc, err, "exporting");
    if (r == VN_OK)
        r = flush(a, &o, w, ctx, err);
    sqlite3_finalize(s);
    vn_buf_release(&o);
    vn_buf_release(&raw);
    vn_arena_free(ar);
    return r;
}

vn_result vn_archive_export(vn_archive *a, const char *table, const char *format,
                            vn_write_fn w, void *ctx, vn_error *err)
{
    int known = 0;
    for (int i = 0; tables[i]; i++)
        known |= !strcmp(tables[i], table);
    if (!known) {
        vn_error_set(err, VN_ERR_ARG, "", 0, -1, "no table '%s' (see vnews export --help)", table);
        return VN_ERR_ARG;
    }
    int csv = !strcmp(format, "csv");
    if (!csv && strcmp(format, "jsonl") != 0) {
        vn_error_set(err, VN_ERR_ARG, "", 0, -1, "--format takes csv or jsonl, not '%s'", format);
        return VN_ERR_ARG;
    }
    if (!strcmp(table, "records")) {
        if (csv) {
            vn_error_set(err, VN_ERR_ARG, "", 0, -1, "records are JSON: use --format jsonl");
            return VN_ERR_ARG;
        }
        return export_records(a, w, ctx, err);
    }
    char sql[512];
    if (!strcmp(table, "articles"))
        snprintf(sql, sizeof sql,
                 "SELECT aid, id, lower(hex(hash)) AS hash, url, source, title, published,"
                 " event_date, day, province, province_now, body, duplicate_of, dup_kind,"
                 " similarity FROM articles ORDER BY aid");
    else
        snprintf(sql, sizeof sql, "SELECT * FROM %s", table);
    sqlite3_stmt *s = vn_arc_prepare(a, sql, err);
    if (!s)
        return err ? err->code : VN_ERR_DB;
    int nc = sqlite3_column_count(s);
    vn_buf o = VN_BUF_INIT;
    if (csv) {
        for (int c = 0; c < nc; c++) {
            if (c)
                vn_buf_addc(&o, ',');
            const char *name = sqlite3_column_name(s, c);
            csv_cell(&o, name, strlen(name));
        }
        vn_buf_add(&o, "\r\n", 2);
    }
    vn_result r = VN_OK;
    int rc;
    while (r == VN_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (!csv)
            vn_buf_addc(&o, '{');
        for (int c = 0; c < nc; c++) {
            int t = sqlite3_column_type(s, c);
            const char *v = (const char *)sqlite3_column_text(s, c);
            size_t n = (size_t)sqlite3_column_bytes(s, c);
            if (csv) {
                if (c)
                    vn_buf_addc(&o, ',');
                if (t != SQLITE_NULL && t != SQLITE_BLOB)
                    csv_cell(&o, v, n);
                continue;
            }
            if (c)
                vn_buf_addc(&o, ',');
            const char *name = sqlite3_column_name(s, c);
            vn_buf_add_json_str(&o, name, strlen(name));
            vn_buf_addc(&o, ':');
            if (t == SQLITE_NULL || t == SQLITE_BLOB)
                vn_buf_add(&o, "null", 4);
            else if (t == SQLITE_INTEGER || t == SQLITE_FLOAT)
                vn_buf_add(&o, v, n);
            else
                vn_buf_add_json_str(&o, v, n);
        }
        vn_buf_adds(&o, csv ? "\r\n" : "}\n");
        if (o.len > (1 << 20))
            r = flush(a, &o, w, ctx, err);
    }
    if (r == VN_OK && rc != SQLITE_DONE)
        r = vn_arc_fail(a, rc, err, "exporting");
    if (r == VN_OK)
        r = flush(a, &o, w, ctx, err);
    sqlite3_finalize(s);
    vn_buf_release(&o);
    return r;
}
