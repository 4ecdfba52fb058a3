/* entities.c — one entity, many mentions.
 *
 * DOCUMENTS. One registry entry per document, whatever the spelling (the
 * extractor normalizes codes; spaces and dash variants are dropped here too).
 * The key is the code plus what makes it unique, because numbers restart:
 *   - Party codes "35-NQ/TW" restart with each committee term: code @ term,
 *     the 5-year term (2016-2020, 2021-2025, ...) of the document's date; an
 *     undated citation means the entry already known in the article's term
 *     or the latest earlier one (documents stay in force), else a new entry
 *     in the article's term;
 *   - State codes with the year inside ("12/2020/NĐ-CP") are unique as they
 *     are; without it ("2556/QĐ-UBND", "123/UBND-VX") they restart each year:
 *     code @ year (of the date, else of the article);
 *   - local issuers (a Party committee other than the central one, a
 *     People's Committee or Council) number on their own: @ province too.
 * Short forms ("Chỉ thị 05": kind and number, no code) are attached to the
 * one registry entry with that kind and number in the same term, issuer and
 * province; while there is none or several they wait in short_refs, and
 * vn_archive_finish() tries again. References with neither number nor code
 * ("Nghị quyết Đại hội XIV của Đảng") are keyed by kind and subject.
 * Every date a source gives is counted in document_dates: conflicting dates
 * are kept and shown, never merged silently.
 *
 * PEOPLE. See person_match() for the rule that decides whether a mention is
 * a person already known. Each position is kept with its body, province and
 * first and last dates seen: the timeline that `who` and `people` read. The
 * province is the one the position names ("Bí thư Tỉnh ủy Quảng Nam" is
 * "Bí thư Tỉnh ủy" in Quảng Nam: named_provinces), else the article's; a
 * national position (Thủ tướng, Bộ trưởng Bộ ..., Ủy viên Trung ương Đảng)
 * has none, so one row holds it whatever the articles' provinces.
 *
 * Mentions found in teasers for other articles ("in": "related") belong to
 * those articles: they are not stored.
 */
#include "arc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PERSON_YEARS 5 /* the time window: one term */

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC); /* values outlive each step */
    else
        sqlite3_bind_null(s, i);
}

static const char *jstr(const vn_json *o, const char *k)
{
    const vn_json *v = vn_json_get(o, k);
    if (v && v->type == VN_JSON_OBJECT) /* an organization given as an object */
        return jstr(v, "name");
    return vn_arc_json_str(o, k);
}

static int in_article(const vn_json *o)
{
    const char *in = jstr(o, "in");
    return !in || strcmp(in, "related") != 0;
}

static int year_of(const char *d)
{
    if (!d || strlen(d) < 4)
        return 0;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (d[i] < '0' || d[i] > '9')
            return 0;
        y = y * 10 + (d[i] - '0');
    }
    return y;
}

static vn_result run(vn_archive *a, sqlite3_stmt *s, vn_error *err, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return vn_arc_fail(a, rc, err, what);
    return VN_OK;
}

/* ------------------------------------------------------------ documents */

/* "35 – NQ/TW" -> "35-NQ/TW": no spaces, ASCII hyphen, Đ for Ð. */
static void normalize_code(const char *c, vn_buf *out)
{
    for (const unsigned char *p = (const unsigned char *)c; *p;) {
        if (*p == ' ' || *p == '\t') {
            p++;
        } else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] >= 0x90 && p[2] <= 0x95)) {
            vn_buf_addc(out, '-'); /* ‐ ‑ ‒ – — ― */
            p += 3;
        } else if (p[0] == 0xC3 && p[1] == 0x90) {
            vn_buf_add(out, "\xC4\x90", 2); /* Ð -> Đ */
            p += 2;
        } else {
            vn_buf_addc(out, (char)*p++);
        }
    }
}

static int has_year_segment(const char *code)
{
    /* NUM/YYYY/... */
    const char *s = strchr(code, '/');
    if (!s)
        return 0;
    int n = 0;
    for (s++; *s >= '0' && *s <= '9'; s++)
        n++;
    return n == 4 && *s == '/';
}

static int is_party_code(const char *code)
{
    /* NUM-TYPE/ISSUER: a hyphen right after the number, before the slash */
    const char *p = code;
    while (*p >= '0' && *p <= '9')
        p++;
    return p > code && *p == '-' && strchr(p, '/') != NULL;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !memcmp(s + n - k, suffix, k);
}

/* Does a local body issue it (so its numbers are the province's own)? */
static int local_issuer(const char *code, int party)
{
    const char *slash = strrchr(code, '/');
    const char *issuer = slash ? slash + 1 : code;
    if (party)
        return !ends_with(issuer, "TW");
    return strstr(code, "UBND") != NULL || strstr(code, "HĐND") != NULL;
}

static vn_result cite(vn_archive *a, sqlite3_int64 did, sqlite3_int64 aid, const char *form,
                      vn_error *err)
{
    sqlite3_stmt *s = vn_arc_stmt(a, ST_CITE);
    sqlite3_bind_int64(s, 1, did);
    sqlite3_bind_int64(s, 2, aid);
    bind_text(s, 3, form);
    return run(a, s, err, "storing a citation");
}

static sqlite3_int64 find_or_add_doc(vn_archive *a, const char *key, const vn_json *d,
                                     const char *code, int term, int year, const char *province,
                                     vn_result *r, vn_error *err)
{
    sqlite3_stmt *s = vn_arc_stmt(a, ST_DOC_FIND);
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_int64 did = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        *r = vn_arc_fail(a, rc, err, "looking up a document");
        return 0;
    }
    if (did)
        return did;
    s = vn_arc_stmt(a, ST_DOC_ADD);
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    bind_text(s, 2, jstr(d, "kind"));
    bind_text(s, 3, code);
    bind_text(s, 4, jstr(d, "number"));
    bind_text(s, 5, jstr(d, "type"));
    bind_text(s, 6, jstr(d, "issuer_code"));
    bind_text(s, 7, jstr(d, "issuer"));
    if (term)
        sqlite3_bind_int(s, 8, term);
    if (year)
        sqlite3_bind_int(s, 9, year);
    bind_text(s, 10, jstr(d, "subject"));
    bind_text(s, 11, province);
    if ((*r = run(a, s, err, "registering a document")))
        return 0;
    return sqlite3_last_insert_rowid(a->db);
}

/* Fill what an earlier citation did not say (kind, issuer, subject). */
static vn_result fill_doc(vn_archive *a, sqlite3_int64 did, const vn_json *d, vn_error *err)
{
    sqlite3_stmt *s = vn_arc_stmt(a, ST_DOC_FILL);
    sqlite3_bind_int64(s, 1, did);
    bind_text(s, 2, jstr(d, "kind"));
    bind_text(s, 3, jstr(d, "issuer"));
    bind_text(s, 4, jstr(d, "subject"));
    bind_text(s, 5, jstr(d, "type"));
    bind_text(s, 6, jstr(d, "issuer_code"));
    return run(a, s, err, "updating a document");
}

static vn_result store_document(vn_archive *a, vn_archive_item *it, sqlite3_int64 aid,
                                const vn_json *d, vn_error *err)
{
    const char *code = jstr(d, "code"), *number = jstr(d, "number"), *kind = jstr(d, "kind");
    const char *date = jstr(d, "date");
    int art_year = year_of(it->day), doc_year = year_of(date);
    int year_field = 0;
    const vn_json *yv = vn_json_get(d, "year");
    if (yv && yv->type == VN_JSON_NUMBER)
        year_field = (int)yv->num;
    const char *province = it->province_now;
    vn_result r = VN_OK;
    vn_buf *key = &a->tmp;
    vn_buf_reset(key);
    char norm_code[256] = "";
    if (code) {
        vn_buf codebuf = VN_BUF_INIT;
        normalize_code(code, &codebuf);
        snprintf(norm_code, sizeof norm_code, "%s", codebuf.ptr);
        vn_buf_release(&codebuf);
        int party = is_party_code(norm_code);
        int local = local_issuer(norm_code, party);
        int term = 0, year = 0;
        vn_buf_adds(key, norm_code);
        if (party) {
            term = vn_arc_term(doc_year ? doc_year : year_field ? year_field : art_year);
            vn_buf_addf(key, "@%d", term);
        } else if (has_year_segment(norm_code)) {
            year = atoi(strchr(norm_code, '/') + 1);
        } else {
            year = doc_year ? doc_year : year_field ? year_field : art_year;
            vn_buf_addf(key, "@%d", year);
        }
        if (local)
            vn_buf_addf(key, "@%s", province ? province : "?");
        if (!year)
            year = doc_year ? doc_year : year_field;
        if (!term && year)
            term = vn_arc_term(year);
        sqlite3_int64 did = 0;
        if (party && !doc_year && !year_field && term) {
            /* An undated citation: documents stay in force for years, so a
             * 2024 article citing 05-CT/TW means the one already known from
             * its own term or, failing that, the latest earlier one. */
            sqlite3_stmt *s = vn_arc_stmt(a, ST_DOC_BY_CODE);
            sqlite3_bind_text(s, 1, norm_code, -1, SQLITE_STATIC);
            sqlite3_bind_int(s, 2, term);
            bind_text(s, 3, local ? province : NULL);
            if (sqlite3_step(s) == SQLITE_ROW)
                did = sqlite3_column_int64(s, 0);
            sqlite3_reset(s);
        }
        if (!did)
            did = find_or_add_doc(a, key->ptr, d, norm_code, term, year, local ? province : NULL,
                                  &r, err);
        if (r)
            return r;
        if ((r = fill_doc(a, did, d, err)))
            return r;
        if (date) {
            sqlite3_stmt *s = vn_arc_stmt(a, ST_DOC_DATE);
            sqlite3_bind_int64(s, 1, did);
            sqlite3_bind_text(s, 2, date, -1, SQLITE_STATIC);
            if ((r = run(a, s, err, "storing a document date")))
                return r;
        }
        return cite(a, did, aid, "code", err);
    }
    if (number && kind) { /* a short form: attach it if the archive makes it unambiguous */
        int term = vn_arc_term(doc_year ? doc_year : art_year);
        const char *issuer = jstr(d, "issuer");
        sqlite3_stmt *s = vn_arc_stmt(a, ST_SHORT_FIND);
        sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, number, -1, SQLITE_STATIC);
        if (term)
            sqlite3_bind_int(s, 3, term);
        bind_text(s, 4, issuer);
        bind_text(s, 5, province);
        sqlite3_int64 did = 0;
        int n = 0;
        while (sqlite3_step(s) == SQLITE_ROW) {
            did = sqlite3_column_int64(s, 0);
            n++;
        }
        sqlite3_reset(s);
        s = vn_arc_stmt(a, ST_SHORT_ADD);
        sqlite3_bind_int64(s, 1, aid);
        sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, number, -1, SQLITE_STATIC);
        bind_text(s, 4, issuer);
        if (term)
            sqlite3_bind_int(s, 5, term);
        bind_text(s, 6, province);
        if (n == 1)
            sqlite3_bind_int64(s, 7, did);
        if ((r = run(a, s, err, "storing a short reference")))
            return r;
        return n == 1 ? cite(a, did, aid, "short", err) : VN_OK;
    }
    const char *subject = jstr(d, "subject");
    if (!subject)
        subject = jstr(d, "text");
    if (kind && subject) {
        vn_buf_adds(key, "s:");
        vn_arc_canon_text(kind, strlen(kind), key);
        vn_buf_addc(key, ' ');
        vn_arc_canon_text(subject, strlen(subject), key);
        sqlite3_int64 did =
            find_or_add_doc(a, key->ptr, d, NULL, vn_arc_term(art_year), 0, NULL, &r, err);
        if (r)
            return r;
        return cite(a, did, aid, "subject", err);
    }
    return VN_OK;
}

typedef struct pending {
    sqlite3_int64 aid;
    char *kind, *number, *issuer, *province;
    int term;
} pending;

static char *col_dup(sqlite3_stmt *s, int c)
{
    const char *v = (const char *)sqlite3_column_text(s, c);
    return v ? strdup(v) : NULL;
}

int vn_arc_resolve_short(vn_archive *a, vn_error *err)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(a->db,
                                "SELECT aid, kind, number, issuer, term, province FROM short_refs"
                                " WHERE did IS NULL",
                                -1, &s, NULL);
    if (rc != SQLITE_OK) {
        vn_arc_fail(a, rc, err, "resolving short references");
        return -1;
    }
    pending *list = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            pending *nl = realloc(list, cap * sizeof *list);
            if (!nl)
                break;
            list = nl;
        }
        pending *p = &list[n++];
        p->aid = sqlite3_column_int64(s, 0);
        p->kind = col_dup(s, 1);
        p->number = col_dup(s, 2);
        p->issuer = col_dup(s, 3);
        p->term = sqlite3_column_int(s, 4);
        p->province = col_dup(s, 5);
    }
    sqlite3_finalize(s);
    sqlite3_stmt *set = NULL;
    sqlite3_prepare_v2(a->db,
                       "UPDATE short_refs SET did = ?1 WHERE aid = ?2 AND kind = ?3 AND number = ?4",
                       -1, &set, NULL);
    int attached = 0;
    for (size_t i = 0; i < n; i++) {
        pending *p = &list[i];
        s = vn_arc_stmt(a, ST_SHORT_FIND);
        bind_text(s, 1, p->kind);
        bind_text(s, 2, p->number);
        if (p->term)
            sqlite3_bind_int(s, 3, p->term);
        bind_text(s, 4, p->issuer);
        bind_text(s, 5, p->province);
        sqlite3_int64 did = 0;
        int found = 0;
        while (sqlite3_step(s) == SQLITE_ROW) {
            did = sqlite3_column_int64(s, 0);
            found++;
        }
        sqlite3_reset(s);
        if (found == 1 && set) {
            sqlite3_reset(set);
            sqlite3_bind_int64(set, 1, did);
            sqlite3_bind_int64(set, 2, p->aid);
            bind_text(set, 3, p->kind);
            bind_text(set, 4, p->number);
            sqlite3_step(set);
            if (cite(a, did, p->aid, "short", err) == VN_OK)
                attached++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(list[i].kind);
        free(list[i].number);
        free(list[i].issuer);
        free(list[i].province);
    }
    free(list);
    sqlite3_finalize(set);
    return attached;
}

/* --------------------------------------------------------------- people */

/* Rank words a position starts with; what follows is the body. */
static const char *const rank_words[] = {
    "phó", "thường trực", "ủy viên", "tổng", "trưởng", "chủ tịch", "bí thư", "giám đốc",
    "chánh", "bộ trưởng", "thứ trưởng", "chủ nhiệm", "thủ tướng", "thống đốc", "viện trưởng",
    "hiệu trưởng", "đại biểu", "thành viên", "chỉ huy", "tư lệnh", "chính ủy", "trưởng ban",
    "quyền", "nguyên", NULL};
static char *rank_canon[32];
static pthread_once_t rank_once = PTHREAD_ONCE_INIT;

static void rank_init(void)
{
    for (int i = 0; rank_words[i]; i++) {
        vn_buf b = VN_BUF_INIT;
        vn_arc_canon_text(rank_words[i], strlen(rank_words[i]), &b);
        rank_canon[i] = strdup(b.ptr);
        vn_buf_release(&b);
    }
}

/* The canonical body of a canonical position: rank words stripped from the
 * front ("phó bí thư tỉnh ủy" -> "tỉnh ủy"); the position itself when
 * nothing is left ("tổng bí thư"). Returns a pointer into pos. */
static const char *body_of(const char *pos)
{
    pthread_once(&rank_once, rank_init);
    const char *p = pos;
    for (int again = 1; again;) {
        again = 0;
        for (int i = 0; rank_canon[i]; i++) {
            size_t k = strlen(rank_canon[i]);
            if (!strncmp(p, rank_canon[i], k) && p[k] == ' ') {
                p += k + 1;
                again = 1;
            }
        }
    }
    return *p ? p : pos;
}

const char *vn_arc_position_body(const char *pos)
{
    return body_of(pos);
}

/* A body the whole country shares (its name alone identifies it); the
 * canonical body of a position (body_of: "thủ tướng" and "nước" of "chủ
 * tịch nước" are what is left of those). */
static int national_body(const char *b)
{
    return strstr(b, "trung ương") || strstr(b, "quốc hội") || strstr(b, "chính phủ") ||
           strstr(b, "bộ chính trị") || strstr(b, "ban bí thư") || strstr(b, "nhà nước") ||
           !strncmp(b, "bộ ", 4) || !strcmp(b, "tổng bí thư") || !strcmp(b, "thủ tướng") ||
           !strcmp(b, "nước");
}

typedef struct mention {
    const char *name, *key;    /* as written; canonical */
    const char *bodies[16];    /* canonical bodies of its positions */
    int nbodies;
    const char *province;      /* the article's (now) */
    int year;
} mention;

/* THE RULE. A mention is the known person P with the same canonical name
 * (case, Unicode form and tone placement aside; diacritics count) when
 *   1. time: the article's year is within 5 years (a term) of P's first and
 *      last years seen, or either is unknown;
 *   2. no conflict: the provinces, when both are known, are the same, or the
 *      mention shares a national body with P (Trung ương, Bộ Chính trị,
 *      Quốc hội, Chính phủ, a ministry: an official who moved province);
 *   3. evidence: the same province, or a shared position body (Tỉnh ủy,
 *      UBND tỉnh, Ban Tuyên giáo ...; a local body counts only within the
 *      same province).
 * A mention with no evidence either way (no province, no position) joins
 * the one compatible person of that name if there is exactly one. Among
 * several, the most evidence wins, then the most recently seen. Otherwise a
 * new person: two officials with one name in two provinces, or in one
 * province ten years apart, stay two. Returns the score (< 0: not P). */
static int person_match(vn_archive *a, sqlite3_int64 pid, const char *p_province, int first,
                        int last, const mention *m)
{
    if (m->year && first && (m->year < first - PERSON_YEARS || m->year > last + PERSON_YEARS))
        return -1;
    int same_province = p_province && m->province && !strcmp(p_province, m->province);
    int conflict = p_province && m->province && !same_province;
    int shared = 0, shared_national = 0;
    sqlite3_stmt *s = vn_arc_stmt(a, ST_PERSON_BODIES);
    sqlite3_bind_int64(s, 1, pid);
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *b = (const char *)sqlite3_column_text(s, 0);
        const char *bp = (const char *)sqlite3_column_text(s, 1);
        if (!b)
            continue;
        for (int i = 0; i < m->nbodies; i++) {
            if (strcmp(b, m->bodies[i]) != 0)
                continue;
            if (national_body(b))
                shared_national = 1;
            else if (!(bp && *bp && m->province && strcmp(bp, m->province)))
                shared = 1;
        }
    }
    sqlite3_reset(s);
    if (conflict && !shared_national)
        return -1;
    int evidence = same_province * 2 + (shared || shared_national) * 2;
    if (!evidence)
        return (!m->province || !p_province) && !m->nbodies ? 0 : -1;
    return evidence;
}

static sqlite3_int64 resolve_person(vn_archive *a, const mention *m, int historic, vn_result *r,
                                    vn_error *err)
{
    sqlite3_int64 cands[64];
    char *cprov[64];
    int cfirst[64], clast[64], nc = 0;
    sqlite3_stmt *s = vn_arc_stmt(a, ST_PERSON_FIND);
    sqlite3_bind_text(s, 1, m->key, -1, SQLITE_STATIC);
    while (sqlite3_step(s) == SQLITE_ROW && nc < 64) {
        cands[nc] = sqlite3_column_int64(s, 0);
        const char *p = (const char *)sqlite3_column_text(s, 1);
        cprov[nc] = p ? strdup(p) : NULL;
        cfirst[nc] = year_of((const char *)sqlite3_column_text(s, 2));
        clast[nc] = year_of((const char *)sqlite3_column_text(s, 3));
        nc++;
    }
    sqlite3_reset(s);
    sqlite3_int64 best = 0;
    int best_score = -1, zero_matches = 0;
    for (int i = 0; i < nc; i++) {
        int sc = person_match(a, cands[i], cprov[i], cfirst[i], clast[i], m);
        if (sc == 0)
            zero_matches++;
        if (sc > best_score) { /* candidates come most recent first */
            best_score = sc;
            best = cands[i];
        }
    }
    for (int i = 0; i < nc; i++)
        free(cprov[i]);
    if (best_score > 0 || (best_score == 0 && zero_matches == 1))
        return best;
    s = vn_arc_stmt(a, ST_PERSON_ADD);
    sqlite3_bind_text(s, 1, m->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, m->key, -1, SQLITE_STATIC);
    bind_text(s, 3, m->province);
    sqlite3_bind_null(s, 4);
    sqlite3_bind_int(s, 5, historic);
    if ((*r = run(a, s, err, "adding a person")))
        return 0;
    return sqlite3_last_insert_rowid(a->db);
}

/* A province-level unit this article names (or its own province): a
 * position that ends with its name ("Bí thư Tỉnh ủy Quảng Nam") is the
 * position without it ("Bí thư Tỉnh ủy") held in that province, so one
 * timeline row holds both spellings and the province is the one named. */
typedef struct named_province {
    const char *name, *now;
    const char *key; /* canonical */
    size_t len;
    int words;
} named_province;

#define NAMED_PROVINCES_MAX 16

static void add_named_province(vn_arena *ar, named_province *v, int *n, const char *name,
                               const char *now, vn_buf *tmp)
{
    if (!name || !*name || *n >= NAMED_PROVINCES_MAX)
        return;
    vn_buf_reset(tmp);
    vn_arc_canon_text(name, strlen(name), tmp);
    if (!tmp->len)
        return;
    for (int i = 0; i < *n; i++)
        if (v[i].len == tmp->len && !memcmp(v[i].key, tmp->ptr, tmp->len))
            return;
    int words = 1;
    for (size_t i = 0; i < tmp->len; i++)
        words += tmp->ptr[i] == ' ';
    v[(*n)++] = (named_province){name, now && *now ? now : name, vn_arena_strdup(ar, tmp->ptr),
                                 tmp->len, words};
}

/* The provinces a position may end with: the province-level units among
 * the article's places, then the article's province. */
static int named_provinces(vn_archive_item *it, named_province *v, vn_buf *tmp)
{
    int n = 0;
    const vn_json *pl = vn_json_get(it->rec, "places");
    for (int i = 0; pl && pl->type == VN_JSON_ARRAY && i < pl->n; i++) {
        const vn_json *e = &pl->kids[i];
        const char *type = jstr(e, "type"), *parent = jstr(e, "province");
        if (type && (!strcmp(type, "tỉnh") || !strcmp(type, "thành phố")) && !parent)
            add_named_province(it->arena, v, &n, jstr(e, "name"), jstr(e, "now"), tmp);
    }
    add_named_province(it->arena, v, &n, it->province, it->province_now, tmp);
    return n;
}

/* Does the canonical s[0..n) end with a word that a province's name follows
 * when it says where a body is ("tỉnh ủy", "UBND tỉnh", "thành phố")? Other
 * names only contain the province's ("Công ty Gang thép Thái Nguyên"). */
static int before_province(const char *s, size_t n)
{
    static const char *const words[] = {" tỉnh", " thành phố", " tp", " tp.", " tỉnh ủy",
                                        " thành ủy", " ubnd", " hđnd", " ủy ban nhân dân",
                                        " hội đồng nhân dân", " công an", " ubmttq"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t k = strlen(words[i]);
        if (n >= k && !memcmp(s + n - k, words[i], k))
            return 1;
    }
    /* a department (Sở) is a province's by what it is: "Giám đốc Sở Y tế
     * Hà Nội", "Trưởng phòng ..., Sở GD&ĐT Hà Nội" */
    for (size_t i = 0; i + strlen("sở ") <= n; i++)
        if ((i == 0 || s[i - 1] == ' ') && !memcmp(s + i, "sở ", strlen("sở ")))
            return 1;
    return 0;
}

/* The named province the canonical position key ends with, after a word
 * that places a body (before_province), or -1. */
static int position_province(const char *key, const named_province *v, int n)
{
    size_t kl = strlen(key);
    int best = -1;
    for (int i = 0; i < n; i++)
        if (kl > v[i].len + 1 && key[kl - v[i].len - 1] == ' ' &&
            !memcmp(key + kl - v[i].len, v[i].key, v[i].len) &&
            before_province(key, kl - v[i].len - 1) && (best < 0 || v[i].len > v[best].len))
            best = i;
    return best;
}

/* s without its last `words` space-separated words (and the spaces before). */
static const char *drop_words(vn_arena *ar, const char *s, int words)
{
    size_t e = strlen(s);
    while (e && s[e - 1] == ' ')
        e--;
    for (int w = 0; w < words && e; w++) {
        while (e && s[e - 1] != ' ')
            e--;
        while (e && s[e - 1] == ' ')
            e--;
    }
    char *r = vn_arena_alloc(ar, e + 1);
    memcpy(r, s, e);
    r[e] = 0;
    return r;
}

static vn_result store_person(vn_archive *a, vn_archive_item *it, sqlite3_int64 aid,
                              const vn_json *p, vn_error *err)
{
    const char *name = jstr(p, "name");
    if (!name)
        return VN_OK;
    vn_arena *ar = it->arena;
    mention m = {0};
    m.name = name;
    vn_buf b = VN_BUF_INIT;
    vn_arc_canon_text(name, strlen(name), &b);
    m.key = vn_arena_strdup(ar, b.ptr);
    m.province = it->province_now;
    m.year = year_of(it->day);
    const vn_json *pos = vn_json_get(p, "positions");
    int npos = pos && pos->type == VN_JSON_ARRAY ? pos->n : 0;
    const char *pkeys[16], *ptext[16], *pprov[16], *pnow[16];
    named_province named[NAMED_PROVINCES_MAX];
    int np = 0, nnamed = -1;
    for (int i = 0; i < npos && np < 16; i++) {
        if (pos->kids[i].type != VN_JSON_STRING || !pos->kids[i].len)
            continue;
        vn_buf_reset(&b);
        vn_arc_canon_text(pos->kids[i].str, pos->kids[i].len, &b);
        pkeys[np] = vn_arena_strdup(ar, b.ptr);
        ptext[np] = pos->kids[i].str;
        pprov[np] = it->province ? it->province : "";
        pnow[np] = it->province_now;
        if (nnamed < 0) {
            vn_buf tmp = VN_BUF_INIT;
            nnamed = named_provinces(it, named, &tmp);
            vn_buf_release(&tmp);
        }
        int k = position_province(pkeys[np], named, nnamed);
        if (k >= 0) {
            pkeys[np] = drop_words(ar, pkeys[np], named[k].words);
            ptext[np] = drop_words(ar, ptext[np], named[k].words);
            pprov[np] = named[k].name;
            pnow[np] = named[k].now;
        }
        m.bodies[m.nbodies++] = body_of(pkeys[np]);
        if (k < 0 && national_body(m.bodies[m.nbodies - 1])) {
            pprov[np] = ""; /* the country's, wherever the article is from */
            pnow[np] = NULL;
        }
        np++;
    }
    vn_buf_release(&b);
    if (!*m.key)
        return VN_OK;
    const vn_json *hv = vn_json_get(p, "historic");
    int historic = hv && hv->type == VN_JSON_TRUE;
    vn_result r = VN_OK;
    sqlite3_int64 pid = resolve_person(a, &m, historic, &r, err);
    if (r)
        return r;
    sqlite3_stmt *s = vn_arc_stmt(a, ST_MENTION);
    sqlite3_bind_int64(s, 1, pid);
    sqlite3_bind_int64(s, 2, aid);
    if ((r = run(a, s, err, "storing a mention")))
        return r;
    if (sqlite3_changes(a->db) == 0)
        return VN_OK; /* named twice in one article */
    s = vn_arc_stmt(a, ST_PERSON_SEEN);
    sqlite3_bind_int64(s, 1, pid);
    bind_text(s, 2, it->day);
    bind_text(s, 3, m.province);
    if ((r = run(a, s, err, "updating a person")))
        return r;
    for (int k = 0; k < np; k++) {
        s = vn_arc_stmt(a, ST_POSITION);
        sqlite3_bind_int64(s, 1, pid);
        sqlite3_bind_text(s, 2, ptext[k], -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, pkeys[k], -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, m.bodies[k], -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, pprov[k], -1, SQLITE_STATIC);
        bind_text(s, 6, pnow[k]);
        bind_text(s, 7, it->day);
        if ((r = run(a, s, err, "storing a position")))
            return r;
    }
    return VN_OK;
}

/* ----------------------------------------------- events, figures, places */

static vn_result store_event(vn_archive *a, vn_archive_item *it, sqlite3_int64 aid,
                             const vn_json *e, vn_error *err)
{
    sqlite3_stmt *s = vn_arc_stmt(a, ST_EVENT);
    sqlite3_bind_int64(s, 1, aid);
    bind_text(s, 2, jstr(e, "type"));
    bind_text(s, 3, jstr(e, "date"));
    bind_text(s, 4, jstr(e, "host"));
    const vn_json *ch = vn_json_get(e, "chairs");
    vn_buf chairs = VN_BUF_INIT;
    if (ch && ch->type == VN_JSON_ARRAY && ch->n) {
        for (int i = 0; i < ch->n; i++)
            if (ch->kids[i].type == VN_JSON_STRING) {
                if (chairs.len)
                    vn_buf_add(&chairs, "; ", 2);
                vn_buf_add(&chairs, ch->kids[i].str, ch->kids[i].len);
            }
    }
    bind_text(s, 5, chairs.len ? chairs.ptr : NULL);
    bind_text(s, 6, it->province);
    bind_text(s, 7, it->province_now);
    vn_result r = run(a, s, err, "storing an event");
    vn_buf_release(&chairs);
    return r;
}

static vn_result store_figure(vn_archive *a, sqlite3_int64 aid, const vn_json *f, vn_error *err)
{
    sqlite3_stmt *s = vn_arc_stmt(a, ST_FIGURE);
    sqlite3_bind_int64(s, 1, aid);
    const vn_json *v = vn_json_get(f, "value"), *t = vn_json_get(f, "total");
    if (v && v->type == VN_JSON_NUMBER)
        sqlite3_bind_double(s, 2, v->num);
    if (t && t->type == VN_JSON_NUMBER)
        sqlite3_bind_double(s, 3, t->num);
    bind_text(s, 4, jstr(f, "unit"));
    bind_text(s, 5, jstr(f, "qualifier"));
    return run(a, s, err, "storing a figure");
}

static vn_result store_place(vn_archive *a, vn_archive_item *it, sqlite3_int64 aid,
                             const vn_json *p, int org, vn_error *err)
{
    sqlite3_stmt *s = vn_arc_stmt(a, org ? ST_ORG : ST_PLACE);
    sqlite3_bind_int64(s, 1, aid);
    bind_text(s, 2, jstr(p, "name"));
    bind_text(s, 3, jstr(p, "type"));
    const char *prov = jstr(p, "province");
    bind_text(s, 4, prov ? prov : it->province);
    if (!org) {
        const char *now = jstr(p, "now");
        bind_text(s, 5, now ? now : prov ? NULL : it->province_now);
    }
    return run(a, s, err, org ? "storing an organization" : "storing a place");
}

typedef vn_result (*store_fn)(vn_archive *, vn_archive_item *, sqlite3_int64, const vn_json *,
                              vn_error *);

static vn_result store_figure_fn(vn_archive *a, vn_archive_item *it, sqlite3_int64 aid,
                                 const vn_json *f, vn_error *err)
{
    (void)it;
    return store_figure(a, aid, f, err);
}

static vn_result store_place_fn(vn_archive *a, vn_archive_item *it, sqlite3_int64 aid,
                                const vn_json *p, vn_error *err)
{
    return store_place(a, it, aid, p, 0, err);
}

static vn_result store_org_fn(vn_archive *a, vn_archive_item *it, sqlite3_int64 aid,
                              const vn_json *p, vn_error *err)
{
    return store_place(a, it, aid, p, 1, err);
}

vn_result vn_arc_store_entities(vn_archive *a, vn_archive_item *it, sqlite3_int64 aid,
                                vn_error *err)
{
    static const struct {
        const char *field;
        store_fn fn;
    } lists[] = {
        {"documents", store_document}, {"people", store_person},   {"events", store_event},
        {"figures", store_figure_fn},  {"places", store_place_fn}, {"organizations", store_org_fn},
    };
    for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) {
        const vn_json *arr = vn_json_get(it->rec, lists[l].field);
        if (!arr || arr->type != VN_JSON_ARRAY)
            continue;
        for (int i = 0; i < arr->n; i++) {
            const vn_json *o = &arr->kids[i];
            if (o->type != VN_JSON_OBJECT || !in_article(o))
                continue;
            vn_result r = lists[l].fn(a, it, aid, o, err);
            if (r)
                return r;
        }
    }
    return VN_OK;
}

vn_result vn_archive_finish(vn_archive *a, vn_error *err)
{
    vn_result r = vn_archive_begin(a, err);
    if (r)
        return r;
    if (vn_arc_resolve_short(a, err) < 0) {
        vn_archive_rollback(a);
        return err ? err->code : VN_ERR_DB;
    }
    return vn_archive_commit(a, err);
}
