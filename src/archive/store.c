/* store.c — adding an article: idempotence and duplicates.
 *
 *  - (id, hash of the normalized article) already stored: nothing to do
 *    ("unchanged"), which makes re-ingesting the same input, or finishing an
 *    ingest that was killed, add nothing twice.
 *  - the same hash under another id: an exact duplicate, stored with
 *    duplicate_of = the first article's id, not indexed for search, its
 *    mentions not counted again.
 *  - a MinHash band shared with an earlier article and an estimated Jaccard
 *    similarity >= 0.8: a near-duplicate, stored, indexed (apart, in
 *    fts_dups, which search reads with --all), linked through duplicate_of
 *    (to the original of the chain).
 * Only originals enter the band table, which keeps it small and the links
 * pointing at one original.
 */
#include "arc.h"

#include <string.h>

#define NEAR_JACCARD 0.8
#define MAX_CANDIDATES 64

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

int vn_archive_seen(vn_archive *a, const char *id, uint64_t input_hash)
{
    sqlite3_stmt *s = vn_arc_stmt(a, ST_SEEN);
    if (!s)
        return 0;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)input_hash);
    int seen = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_reset(s);
    return seen;
}

/* The original an item nearly duplicates: its root id into a->tmp2 and the
 * estimated similarity, or 0 when there is none. */
static double near_original(vn_archive *a, const vn_archive_item *it)
{
    sqlite3_int64 cand[MAX_CANDIDATES];
    int nc = 0;
    sqlite3_stmt *s = vn_arc_stmt(a, ST_LSH_FIND);
    if (!s)
        return 0;
    for (int b = 0; b < VN_MH_BANDS; b++)
        sqlite3_bind_int64(s, b + 1, it->bands[b]);
    while (nc < MAX_CANDIDATES && sqlite3_step(s) == SQLITE_ROW) {
        sqlite3_int64 aid = sqlite3_column_int64(s, 0);
        int dup = 0;
        for (int k = 0; k < nc; k++)
            dup |= cand[k] == aid;
        if (!dup)
            cand[nc++] = aid;
    }
    sqlite3_reset(s);
    double best = 0;
    for (int k = 0; k < nc; k++) {
        sqlite3_stmt *s = vn_arc_stmt(a, ST_SIG_GET);
        if (!s)
            return 0;
        sqlite3_bind_int64(s, 1, cand[k]);
        if (sqlite3_step(s) == SQLITE_ROW &&
            sqlite3_column_bytes(s, 0) == (int)(VN_MH_HASHES * sizeof(uint16_t))) {
            uint16_t sig[VN_MH_HASHES];
            memcpy(sig, sqlite3_column_blob(s, 0), sizeof sig);
            int same = 0;
            for (int h = 0; h < VN_MH_HASHES; h++)
                same += sig[h] == (uint16_t)it->sig[h];
            double j = (double)same / VN_MH_HASHES;
            if (j >= NEAR_JACCARD && j > best) {
                best = j;
                const char *root = (const char *)(sqlite3_column_type(s, 2) != SQLITE_NULL
                                                      ? sqlite3_column_text(s, 2)
                                                      : sqlite3_column_text(s, 1));
                vn_buf_reset(&a->tmp2);
                vn_buf_adds(&a->tmp2, root ? root : "");
            }
        }
        sqlite3_reset(s);
    }
    return best;
}

static vn_result step_done(vn_archive *a, sqlite3_stmt *s, vn_error *err, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return vn_arc_fail(a, rc, err, what);
    return VN_OK;
}

static vn_result add_item(vn_archive *a, vn_archive_item *it, vn_ingest_stats *st, vn_error *err)
{
    /* the same input again (the extraction of a page may vary with the pages
     * around it, so the input decides first) */
    if (it->input_hash && vn_archive_seen(a, it->id, it->input_hash)) {
        if (st)
            st->unchanged++;
        return VN_OK;
    }
    sqlite3_stmt *s = vn_arc_stmt(a, ST_BY_KEY);
    if (!s)
        return vn_arc_fail(a, sqlite3_errcode(a->db), err, "preparing");
    sqlite3_bind_text(s, 1, it->id, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 2, it->hash, 16, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW) {
        if (st)
            st->unchanged++;
        return VN_OK;
    }
    if (rc != SQLITE_DONE)
        return vn_arc_fail(a, rc, err, "looking up an article");

    /* exact duplicate? */
    const char *dup_of = NULL, *dup_kind = NULL;
    double similarity = 0;
    s = vn_arc_stmt(a, ST_BY_HASH);
    sqlite3_bind_blob(s, 1, it->hash, 16, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        int col = sqlite3_column_type(s, 1) != SQLITE_NULL ? 1 : 0;
        vn_buf_reset(&a->tmp2);
        vn_buf_adds(&a->tmp2, (const char *)sqlite3_column_text(s, col));
        dup_of = a->tmp2.ptr;
        dup_kind = "exact";
        similarity = 1;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return vn_arc_fail(a, rc, err, "looking up duplicates");
    if (!dup_of && it->has_sig && (similarity = near_original(a, it)) > 0) {
        dup_of = a->tmp2.ptr;
        dup_kind = "near";
    }

    s = vn_arc_stmt(a, ST_INSERT_ARTICLE);
    sqlite3_bind_text(s, 1, it->id, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 2, it->hash, 16, SQLITE_STATIC);
    if (it->input_hash)
        sqlite3_bind_int64(s, 3, (sqlite3_int64)it->input_hash);
    bind_text(s, 4, it->url);
    bind_text(s, 5, it->source);
    bind_text(s, 6, it->title);
    bind_text(s, 7, it->published);
    bind_text(s, 8, it->event_date);
    bind_text(s, 9, it->day);
    bind_text(s, 10, it->province);
    bind_text(s, 11, it->province_now);
    sqlite3_bind_text(s, 12, it->text.ptr, (int)it->text.len, SQLITE_STATIC);
    bind_text(s, 13, dup_of);
    bind_text(s, 14, dup_kind);
    if (dup_of)
        sqlite3_bind_double(s, 15, similarity);
    sqlite3_bind_blob(s, 16, it->zrec.ptr, (int)it->zrec.len, SQLITE_STATIC);
    vn_result r = step_done(a, s, err, "storing an article");
    if (r)
        return r;
    sqlite3_int64 aid = sqlite3_last_insert_rowid(a->db);
    int exact = dup_kind && !strcmp(dup_kind, "exact");

    if (!exact) {
        s = vn_arc_stmt(a, dup_of ? ST_INSERT_FTS_DUP : ST_INSERT_FTS);
        sqlite3_bind_int64(s, 1, aid);
        bind_text(s, 2, it->title);
        sqlite3_bind_text(s, 3, it->text.ptr, (int)it->text.len, SQLITE_STATIC);
        /* the tokens the preparing thread made: the tokenizer replays them */
        a->pretok = (vn_arc_pretok){{it->title ? it->title : "", it->text.ptr},
                                    {it->title ? strlen(it->title) : 0, it->text.len},
                                    {&it->toks[0], &it->toks[1]}};
        r = step_done(a, s, err, "indexing an article");
        a->pretok = (vn_arc_pretok){{NULL, NULL}, {0, 0}, {NULL, NULL}};
        if (r)
            return r;
    }
    if (!dup_of && it->has_sig) {
        /* 16 bits of each hash are enough to estimate similarity (b-bit
         * MinHash: a false match once in 65536) at half the space */
        uint16_t sig16[VN_MH_HASHES];
        for (int h = 0; h < VN_MH_HASHES; h++)
            sig16[h] = (uint16_t)it->sig[h];
        s = vn_arc_stmt(a, ST_SIG_ADD);
        sqlite3_bind_int64(s, 1, aid);
        sqlite3_bind_blob(s, 2, sig16, (int)sizeof sig16, SQLITE_TRANSIENT);
        if ((r = step_done(a, s, err, "storing a signature")))
            return r;
        s = vn_arc_stmt(a, ST_LSH_ADD);
        for (int b = 0; b < VN_MH_BANDS; b++)
            sqlite3_bind_int64(s, b + 1, it->bands[b]);
        sqlite3_bind_int64(s, VN_MH_BANDS + 1, aid);
        if ((r = step_done(a, s, err, "storing the bands")))
            return r;
    }
    if (!exact && (r = vn_arc_store_entities(a, it, aid, err)))
        return r;
    if (st) {
        st->added++;
        if (exact)
            st->duplicates++;
        else if (dup_of)
            st->near_duplicates++;
    }
    return VN_OK;
}

vn_result vn_archive_add_item(vn_archive *a, vn_archive_item *it, vn_ingest_stats *st,
                              vn_error *err)
{
    if (a->mode != VN_OPEN_WRITE) {
        vn_error_set(err, VN_ERR_READONLY, a->path, 0, -1, "opened for reading only");
        return VN_ERR_READONLY;
    }
    if (!it->rec) {
        vn_error_set(err, VN_ERR_ARG, a->path, 0, -1, "an item that was not prepared");
        return VN_ERR_ARG;
    }
    int own = !a->in_tx;
    vn_result r;
    if (own && (r = vn_archive_begin(a, err)))
        return r;
    /* No savepoint per article: FTS5 flushes its pending index at each one.
     * What can fail here is the database (full, busy, damaged): the caller
     * rolls the whole transaction back. */
    r = add_item(a, it, st, err);
    if (own) {
        if (r)
            vn_archive_rollback(a);
        else
            r = vn_archive_commit(a, err);
    }
    return r;
}

static vn_archive_item *scratch(vn_archive *a)
{
    if (!a->scratch)
        a->scratch = vn_archive_item_new();
    return a->scratch;
}

vn_result vn_archive_add(vn_archive *a, const vn_record *r, vn_ingest_stats *st, vn_error *err)
{
    vn_archive_item *it = scratch(a);
    vn_result rc = vn_archive_item_from_record(it, r, r->date_hint, err);
    if (rc)
        return rc;
    return vn_archive_add_item(a, it, st, err);
}

vn_result vn_archive_add_json(vn_archive *a, const char *json, size_t len, vn_ingest_stats *st,
                              vn_error *err)
{
    vn_archive_item *it = scratch(a);
    vn_result rc = vn_archive_item_from_json(it, json, len, err);
    if (rc)
        return rc;
    vn_archive_item_set_input_hash(it, vn_archive_input_hash(json, len));
    return vn_archive_add_item(a, it, st, err);
}
