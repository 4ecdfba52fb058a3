/* people.c — the people extractor: its lexicon, the tokens of a line, and
 * the persons of an article (each once per scope, positions merged).
 * The grammar lives in names.c and positions.c; see people_int.h. */
#include "people_int.h"
#include "gazetteer.h" /* gz_tabs: load_unit reads gazetteer.tsv */

#include "../core/uni.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define CHUNK CHUNK_MAX
/* A person keeps at most this many positions (a run of ten thousand
 * comma-separated positions must not make merging quadratic). */
#define MAX_POSITIONS 32

/* --------------------------------------------------------- lowercasing */

void vn_people_lower(const char *src, size_t n, char *dst)
{
    const unsigned char *s = (const unsigned char *)src;
    unsigned char *d = (unsigned char *)dst;
    size_t i = 0;
    while (i < n) {
        unsigned b = s[i];
        if (b < 0x80) {
            d[i] = (unsigned char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
            i++;
            continue;
        }
        /* the precomposed Vietnamese letters, by their UTF-8 bytes */
        if (i + 1 < n && b >= 0xC3 && b <= 0xC6) {
            unsigned c = s[i + 1];
            d[i] = (unsigned char)b;
            if (b == 0xC3)
                d[i + 1] = (unsigned char)(c >= 0x80 && c <= 0x9E && c != 0x97 ? c + 0x20 : c);
            else if (b == 0xC6)
                d[i + 1] = (unsigned char)(c == 0xA0 ? 0xA1 : c == 0xAF ? 0xB0 : c);
            else
                d[i + 1] = (unsigned char)(c & 1 ? c : c + 1);
            i += 2;
            continue;
        }
        if (i + 2 < n && b == 0xE1 && s[i + 1] >= 0xB8 && s[i + 1] <= 0xBB) {
            d[i] = (unsigned char)b;
            d[i + 1] = s[i + 1];
            d[i + 2] = (unsigned char)(s[i + 2] & 1 ? s[i + 2] : s[i + 2] + 1);
            i += 3;
            continue;
        }
        int len;
        int32_t c = vn_utf8_next(src + i, n - i, &len);
        if (len > 1 && vn_is_upper(c)) {
            char tmp[4];
            int m = vn_utf8_put(vn_to_lower(c), tmp);
            if (m == len) {
                memcpy(d + i, tmp, (size_t)m);
                i += (size_t)len;
                continue;
            }
        }
        memcpy(d + i, s + i, (size_t)len);
        i += (size_t)len;
    }
}


/* ------------------------------------------------------------- lexicon */

static void cp_count_init(void);
static void word_tables_init(void);

/* The same lowercase key with the new tone placement ("thủy" → "thuỷ",
 * "hòa" → "hoà"): the tone of an open syllable ending in oa, oe, uy moves to
 * its last vowel. Returns the length written to out, 0 if nothing changes. */
static size_t new_tones(const char *key, size_t n, char *out, size_t cap)
{
    /* most keys hold none of those pairs: "ò ó ỏ õ ọ ù ú ủ ũ ụ" then "a e y",
     * found by their bytes before any decoding */
    const unsigned char *u = (const unsigned char *)key;
    int pair = 0;
    for (size_t i = 2; i < n && !pair; i++) {
        unsigned b = u[i], p1 = u[i - 1], p2 = u[i - 2];
        if (b != 'a' && b != 'e' && b != 'y')
            continue;
        pair = (p2 == 0xC3 && (p1 == 0xB2 || p1 == 0xB3 || p1 == 0xB5 || p1 == 0xB9 || p1 == 0xBA)) ||
               (p2 == 0xC5 && p1 == 0xA9) ||
               (i >= 3 && u[i - 3] == 0xE1 && p2 == 0xBB && (p1 == 0x8F || p1 == 0x8D || p1 == 0xA7 || p1 == 0xA5));
    }
    if (!pair)
        return 0;
    static const int32_t first[2][5] = {{0xF2, 0xF3, 0x1ECF, 0xF5, 0x1ECD},   /* ò ó ỏ õ ọ */
                                        {0xF9, 0xFA, 0x1EE7, 0x169, 0x1EE5}}; /* ù ú ủ ũ ụ */
    static const int32_t second[3][5] = {{0xE0, 0xE1, 0x1EA3, 0xE3, 0x1EA1},  /* à á ả ã ạ */
                                         {0xE8, 0xE9, 0x1EBB, 0x1EBD, 0x1EB9}, /* è é ẻ ẽ ẹ */
                                         {0x1EF3, 0xFD, 0x1EF7, 0x1EF9, 0x1EF5}}; /* ỳ ý ỷ ỹ ỵ */
    int32_t cp[256];
    int m = 0, changed = 0;
    for (size_t i = 0; i < n && m < 256;) {
        int len;
        cp[m++] = vn_utf8_next(key + i, n - i, &len);
        i += (size_t)len;
    }
    for (int i = 0; i + 1 < m; i++) {
        int end = i + 2 >= m || cp[i + 2] == ' ';
        if (!end || (i > 0 && cp[i - 1] == 'q'))
            continue;
        for (int v = 0; v < 2; v++)
            for (int tone = 0; tone < 5; tone++) {
                if (cp[i] != first[v][tone])
                    continue;
                int b = v == 0 ? (cp[i + 1] == 'a' ? 0 : cp[i + 1] == 'e' ? 1 : -1)
                               : (cp[i + 1] == 'y' ? 2 : -1);
                if (b < 0)
                    continue;
                cp[i] = v == 0 ? 'o' : 'u';
                cp[i + 1] = second[b][tone];
                changed = 1;
            }
    }
    if (!changed)
        return 0;
    size_t k = 0;
    for (int i = 0; i < m; i++) {
        if (k + 4 >= cap)
            return 0;
        k += (size_t)vn_utf8_put(cp[i], out + k);
    }
    return k;
}

static void put_key(ptrie *pt, const char *key, size_t n, int value)
{
    vn_trie_put(pt->t, key, n, value);
    char word[32] = {0}; /* pp_word_hash reads sixteen bytes */
    size_t m = pp_word_len(key, n);
    memcpy(word, key, m < 16 ? m : 16);
    if (pt->start)
        pt->start[pp_word_hash(word, m)] |= (uint16_t)(1u << pt->id);
    /* its first word, for first_words (a length byte, then the bytes) */
    if (m == 0 || m > 255)
        return;
    if (pt->npool + m + 1 > pt->cappool) {
        size_t cap = pt->cappool ? 2 * pt->cappool : 4096;
        while (cap < pt->npool + m + 1)
            cap *= 2;
        char *np = realloc(pt->pool, cap);
        if (!np)
            return;
        pt->pool = np;
        pt->cappool = cap;
    }
    pt->pool[pt->npool++] = (char)m;
    memcpy(pt->pool + pt->npool, key, m);
    pt->npool += m;
}

/* The first words' table of a frozen trie (see pfirst): each word once,
 * with the state its bytes lead to. Without it (no memory, not frozen),
 * walks go byte by byte. */
static void first_words(ptrie *pt)
{
    size_t nwords = 0;
    for (size_t i = 0; i < pt->npool; i += 1 + (unsigned char)pt->pool[i])
        nwords++;
    if (!pt->da.base || !nwords)
        return;
    /* sixteen bytes after the last word (as the chunk has them) */
    char *np = realloc(pt->pool, pt->npool + 16);
    if (!np)
        return;
    memset(np + pt->npool, 0, 16);
    pt->pool = np;
    pt->cappool = pt->npool + 16;
    unsigned cap = 16;
    while (cap < 2 * nwords)
        cap *= 2;
    pfirst *tab = calloc(cap, sizeof *tab);
    if (!tab)
        return;
    for (size_t i = 0; i < pt->npool; i += 1 + (unsigned char)pt->pool[i]) {
        int len = (unsigned char)pt->pool[i];
        const char *w = pt->pool + i + 1;
        char word[32] = {0};
        memcpy(word, w, len < 16 ? (size_t)len : 16);
        unsigned h = pp_word_hash(word, (size_t)len);
        unsigned k = h & (cap - 1);
        for (; tab[k].hash; k = (k + 1) & (cap - 1))
            if (tab[k].hash == h + 1 && tab[k].len == len && !memcmp(pt->pool + tab[k].off, w, (size_t)len))
                break;
        if (tab[k].hash)
            continue; /* there already */
        int st = 1;
        for (int j = 0; j < len && st >= 0; j++) {
            int nx = pt->da.base[st] + (unsigned char)w[j];
            if (pt->da.check[nx] != st)
                st = -1; /* (cannot be: a key starts with it) */
            else if (j + 1 < len && pt->da.value[nx] >= 0)
                st = -1; /* a key ends inside it */
            else
                st = nx;
        }
        tab[k] = (pfirst){.hash = (uint16_t)(h + 1), .len = (uint16_t)len, .off = (int)(i + 1), .state = st,
                          .value = st >= 0 ? pt->da.value[st] : -1};
        pp_word_bytes(word, (size_t)len, &tab[k].w[0], &tab[k].w[1]);
    }
    pt->first = tab;
    pt->fmask = cap - 1;
}

static void put_lower(ptrie *t, const char *key, int value)
{
    size_t n = strlen(key);
    char buf[512];
    if (n == 0 || n >= sizeof buf)
        return;
    vn_people_lower(key, n, buf);
    buf[n] = '\0';
    put_key(t, buf, n, value);
    char alt[512];
    size_t na = new_tones(buf, n, alt, sizeof alt);
    if (na)
        put_key(t, alt, na, value);
    /* " - " in a name is also written with an en dash */
    char *dash = strstr(buf, " - ");
    if (dash && n + 2 < sizeof buf) {
        char dashed[512];
        size_t k = (size_t)(dash - buf);
        memcpy(dashed, buf, k);
        memcpy(dashed + k, " \xE2\x80\x93 ", 5);
        memcpy(dashed + k + 5, dash + 3, n - k - 3);
        put_key(t, dashed, n + 2, value);
    }
}

static int load_surname(char *line, size_t len, int lineno, void *ctx)
{
    (void)len, (void)lineno;
    put_lower(&((struct vn_people_lex *)ctx)->surnames, line, 1);
    return 0;
}

static int load_stop(char *line, size_t len, int lineno, void *ctx)
{
    (void)len, (void)lineno;
    char *f[2];
    int k = vn_data_fields(line, f, 2);
    if (k == 2 && strcmp(f[1], "cap") && strcmp(f[1], "link"))
        return 1;
    put_lower(&((struct vn_people_lex *)ctx)->stops, f[0],
              k < 2 ? STOP_LOWER : !strcmp(f[1], "cap") ? STOP_CAP : STOP_LINK);
    return 0;
}

/* unit_fields.tsv: a field in a unit's name */
static int load_field(char *line, size_t len, int lineno, void *ctx)
{
    (void)len, (void)lineno;
    put_lower(&((struct vn_people_lex *)ctx)->fields, line, 1);
    return 0;
}

static int load_cue(char *line, size_t len, int lineno, void *ctx)
{
    (void)len, (void)lineno;
    struct vn_people_lex *lx = ctx;
    char *f[2];
    if (vn_data_fields(line, f, 2) != 2)
        return 1;
    static const char *kinds[] = {"", "cue", "plural", "street", "admin", "credit", "appoint"};
    if (!strcmp(f[1], "middle1")) {
        put_lower(&lx->middles, f[0], 1);
        return 0;
    }
    for (int k = 1; k < 7; k++)
        if (!strcmp(f[1], kinds[k])) {
            /* a thing word written in lowercase ("hồ", "cầu") only counts in
             * lowercase: "Hồ Chí Minh" is not a lake */
            int lower_only = (k == CUE_STREET || k == CUE_ADMIN) &&
                             !pp_upper_at((const unsigned char *)f[0], strlen(f[0]));
            char key[256];
            size_t n = strlen(f[0]);
            if (n >= sizeof key)
                return 1;
            vn_people_lower(f[0], n, key);
            int old = vn_trie_get(lx->cues.t, key, n);
            if (old >= 0 && CUE_KIND(old) == k && !(old & CUE_LOWER_ONLY))
                lower_only = 0; /* written both ways: both count */
            put_lower(&lx->cues, f[0], k | (lower_only ? CUE_LOWER_ONLY : 0));
            return 0;
        }
    return 1;
}

static int load_rank(char *line, size_t len, int lineno, void *ctx)
{
    (void)len, (void)lineno;
    struct vn_people_lex *lx = ctx;
    char *f[2];
    if (vn_data_fields(line, f, 2) != 2)
        return 1;
    int bits = 0;
    for (char *w = strtok(f[1], ", "); w; w = strtok(NULL, ", ")) {
        if (!strcmp(w, "mod"))
            bits |= RK_MOD;
        else if (!strcmp(w, "rank"))
            bits |= RK_RANK;
        else if (!strcmp(w, "needbody"))
            bits |= RK_NEEDBODY;
        else if (!strcmp(w, "post"))
            bits |= RK_POST;
        else
            return 1;
    }
    put_lower(&lx->ranks, f[0], bits);
    return 0;
}

static int load_body(char *line, size_t len, int lineno, void *ctx)
{
    (void)len, (void)lineno;
    struct vn_people_lex *lx = ctx;
    char *f[3];
    int k = vn_data_fields(line, f, 3);
    if (k < 2)
        return 1;
    int flags = 0;
    if (k == 3)
        for (char *w = strtok(f[2], ", "); w; w = strtok(NULL, ", ")) {
            if (!strcmp(w, "open"))
                flags |= BD_OPEN;
            else if (!strcmp(w, "need"))
                flags |= BD_OPEN | BD_NEED;
            else if (!strcmp(w, "named"))
                flags |= BD_NAMED;
            else if (!strcmp(w, "tail"))
                flags |= BD_TAIL;
            else if (!strcmp(w, "place"))
                flags |= BD_PLACE;
            else
                return 1;
        }
    if (lx->nbody == lx->capbody) {
        lx->capbody = lx->capbody ? 2 * lx->capbody : 256;
        vn_body_info *nb = realloc(lx->body, (size_t)lx->capbody * sizeof *nb);
        if (!nb)
            return 1;
        lx->body = nb;
    }
    char *type = strdup(f[1]);
    if (!type)
        return 1;
    lx->body[lx->nbody] = (vn_body_info){type, flags};
    put_lower(&lx->bodies, f[0], lx->nbody++);
    return 0;
}

/* gazetteer.tsv: the names of districts (D), communes before and since
 * 2025 (C, W) and former names (F) that read like a person's (a surname and
 * two syllables or more), for pp_place_run: "phường Lý Thái Tổ" names a
 * ward, "Đảng ủy xã Nguyễn Minh Tâm" a person. (surnames.txt is loaded
 * first.) */
/* A unit's name of three words or more, in lx->units if it starts with a
 * surname. */
static void put_unit(struct vn_people_lex *lx, char *name, size_t n)
{
    char low[256];
    size_t sl;
    vn_people_lower(name, n, low);
    if (vn_trie_longest(lx->surnames.t, low, n, &sl) >= 0)
        put_lower(&lx->units, name, 1);
}

static int load_unit(char *line, size_t len, int lineno, void *ctx)
{
    (void)lineno;
    /* KIND CODE TYPE NAME ...: four fields at least on every line, found by
     * the positions of the tabs (the line is cut only where it is used) */
    size_t t[4];
    int nt = gz_tabs(line, len, t, 4);
    if (nt < 3) {
        for (int k = 0; k < nt; k++)
            line[t[k]] = '\0'; /* (as the message that quotes the line expects) */
        return 1;
    }
    if (t[0] != 1 || (line[0] != 'D' && line[0] != 'C' && line[0] != 'W' && line[0] != 'F'))
        return 0;
    /* three words at least: two spaces (counted on the raw bytes, most
     * names are passed over before lowercasing, which keeps the spaces) */
    char *name = line + t[2] + 1;
    size_t n = (nt > 3 ? t[3] : len) - t[2] - 1;
    const char *sp = memchr(name, ' ', n);
    if (n >= 256 || !sp || !memchr(sp + 1, ' ', (size_t)(name + n - sp - 1)))
        return 0;
    name[n] = '\0';
    put_unit(ctx, name, n);
    return 0;
}

static int load_place(char *line, size_t len, int lineno, void *ctx)
{
    (void)len, (void)lineno;
    char *f[2];
    if (vn_data_fields(line, f, 2) != 2)
        return 1;
    static const char *kinds[] = {"", "province", "city", "country", "region"};
    for (int k = 1; k < 5; k++)
        if (!strcmp(f[1], kinds[k])) {
            put_lower(&((struct vn_people_lex *)ctx)->places, f[0], k);
            return 0;
        }
    return 1;
}

static int load_historic(char *line, size_t len, int lineno, void *ctx)
{
    (void)len, (void)lineno;
    struct vn_people_lex *lx = ctx;
    char *f[3];
    if (vn_data_fields(line, f, 3) != 3)
        return 1;
    if (!strcmp(f[2], "context")) {
        put_lower(&lx->hist_ctx, f[0], 1);
        return 0;
    }
    const char *name = !strcmp(f[2], "alias") ? f[1] : !strcmp(f[2], "name") ? f[0] : NULL;
    if (!name || !*name)
        return 1;
    if (lx->nhist == lx->caphist) {
        lx->caphist = lx->caphist ? 2 * lx->caphist : 64;
        char **nh = realloc(lx->hist, (size_t)lx->caphist * sizeof *nh);
        if (!nh)
            return 1;
        lx->hist = nh;
    }
    if (!(lx->hist[lx->nhist] = strdup(name)))
        return 1;
    put_lower(&lx->historic, f[0], lx->nhist++);
    return 0;
}

vn_result vn_people_lex_load(const char *dir, struct vn_people_lex **out, vn_error *err)
{
    return vn_people_lex_load_gz(dir, NULL, out, err);
}

vn_result vn_people_lex_load_gz(const char *dir, const struct vn_gazetteer *gz, struct vn_people_lex **out,
                                vn_error *err)
{
    struct vn_people_lex *lx = calloc(1, sizeof *lx);
    if (!lx)
        return VN_ERR_NOMEM;
    pp_scan_init();
    cp_count_init();
    word_tables_init();
    ptrie *all[] = {&lx->surnames, &lx->middles, &lx->cues,     &lx->ranks, &lx->bodies,
                    &lx->places,   &lx->historic, &lx->hist_ctx, &lx->stops, &lx->fields, &lx->units};
    for (int k = 0; k < (int)(sizeof all / sizeof *all); k++) {
        all[k]->t = vn_trie_new();
        all[k]->id = k;
        all[k]->start = lx->start;
    }
    /* the units are asked after an administrative word only (pp_place_run,
     * by pp_match_walk): their thousands of first words stay out of start,
     * which every other token asks */
    lx->units.start = NULL;
    lx->fields.start = NULL; /* (likewise: asked at a separator in a name only) */
    vn_result rc;
    if ((rc = vn_data_each_line(dir, "surnames.txt", load_surname, lx, err)) ||
        (rc = vn_data_each_line(dir, "person_cues.tsv", load_cue, lx, err)) ||
        (rc = vn_data_each_line(dir, "ranks.tsv", load_rank, lx, err)) ||
        (rc = vn_data_each_line(dir, "bodies.tsv", load_body, lx, err)) ||
        (rc = vn_data_each_line(dir, "org_provinces.tsv", load_place, lx, err)) ||
        (rc = vn_data_each_line(dir, "historic.tsv", load_historic, lx, err)) ||
        (rc = vn_data_each_line(dir, "org_stopwords.tsv", load_stop, lx, err)) ||
        (rc = vn_data_each_line(dir, "unit_fields.tsv", load_field, lx, err)) ||
        (!gz && (rc = vn_data_each_line(dir, "gazetteer.tsv", load_unit, lx, err)))) {
        vn_people_lex_free(lx);
        return rc;
    }
    int nlong = 0;
    const char *const *names = gz ? gz_long_names(gz, &nlong) : NULL;
    for (int k = 0; k < nlong; k++) { /* (what load_unit keeps, in the same order) */
        char name[256];
        size_t n = strlen(names[k]);
        memcpy(name, names[k], n + 1);
        put_unit(lx, name, n);
    }
    for (int h = 0; h < 0x8000; h++) {
        if (lx->start[h])
            lx->start_any[h >> 6] |= 1ull << (h & 63);
        if (lx->start[h] >> lx->cues.id & 1 || lx->start[h] >> lx->hist_ctx.id & 1)
            lx->lead_any[h >> 6] |= 1ull << (h & 63);
    }
    for (int b = 1; b < 128; b++) {
        char word[32] = {(char)b}; /* pp_word_hash reads sixteen bytes */
        unsigned h = pp_word_hash(word, pp_word_len(word, 1));
        lx->mark_lead[b] = (unsigned char)(lx->lead_any[h >> 6] >> (h & 63) & 1);
    }
    for (int k = 0; k < (int)(sizeof all / sizeof *all); k++) {
        vn_trie_freeze(all[k]->t);
        if (!vn_trie_view_get(all[k]->t, &all[k]->da))
            all[k]->da = (vn_trie_view){0};
        first_words(all[k]);
    }
    *out = lx;
    return VN_OK;
}

void vn_people_lex_free(struct vn_people_lex *lx)
{
    if (!lx)
        return;
    ptrie *all[] = {&lx->surnames, &lx->middles, &lx->cues,     &lx->ranks, &lx->bodies,
                    &lx->places,   &lx->historic, &lx->hist_ctx, &lx->stops, &lx->fields, &lx->units};
    for (int k = 0; k < (int)(sizeof all / sizeof *all); k++) {
        free(all[k]->first);
        free(all[k]->pool);
    }
    vn_trie_free(lx->surnames.t);
    vn_trie_free(lx->middles.t);
    vn_trie_free(lx->cues.t);
    vn_trie_free(lx->ranks.t);
    vn_trie_free(lx->bodies.t);
    vn_trie_free(lx->places.t);
    vn_trie_free(lx->historic.t);
    vn_trie_free(lx->hist_ctx.t);
    vn_trie_free(lx->stops.t);
    vn_trie_free(lx->fields.t);
    vn_trie_free(lx->units.t);
    for (int i = 0; i < lx->nbody; i++)
        free(lx->body[i].type);
    free(lx->body);
    for (int i = 0; i < lx->nhist; i++)
        free(lx->hist[i]);
    free(lx->hist);
    free(lx);
}

/* By byte, for continues_word: goes_on, 1 where a word goes on (ASCII
 * letters, digits, '_', bytes from 0x80), 2 where the next byte decides
 * (E2: dashes and curly quotes after it are not; C2: Latin-1 punctuation);
 * ends_key, 1 for the ASCII bytes that are neither letters nor digits (a
 * key that ends in one, "tp.", ends its word: "TP.HCM"). */
static unsigned char goes_on[256], ends_key[256];

static void word_tables_init(void)
{
    for (int b = 0; b < 256; b++) {
        int alnum = (b >= '0' && b <= '9') || ((b | 32) >= 'a' && (b | 32) <= 'z');
        goes_on[b] = (unsigned char)(b >= 0x80 ? (b == 0xE2 || b == 0xC2 ? 2 : 1) : alnum || b == '_');
        ends_key[b] = (unsigned char)(b < 0x80 && !alnum);
    }
}

/* Does a word go on at s[i] (vn_trie_longest's word boundary, trie.c)?
 * (i > 0: a key is not empty.) */
static inline int continues_word(const unsigned char *s, size_t n, size_t i)
{
    if (i >= n || ends_key[s[i - 1]])
        return 0;
    unsigned g = goes_on[s[i]];
    if (g < 2)
        return (int)g;
    return !(i + 1 < n && (s[i] == 0xE2 ? s[i + 1] == 0x80 : s[i + 1] < 0xC0));
}

/* The walk over s[0..n) on from state st at p (states as unsigned: no
 * sign extension in the step): the longest key that ends at a word
 * boundary sets *v and *m. */
static inline void walk_on(const vn_trie_view *da, const unsigned char *s, size_t n, unsigned st,
                           const unsigned char *p, int *v, size_t *m)
{
    const int *base = da->base, *check = da->check, *value = da->value;
    for (const unsigned char *end = s + n; p < end;) {
        unsigned nx = (unsigned)base[st] + *p++;
        if ((unsigned)check[nx] != st)
            break;
        st = nx;
        if (value[st] >= 0 && !continues_word(s, n, (size_t)(p - s))) {
            *v = value[st];
            *m = (size_t)(p - s);
        }
    }
}

/* The longest key at s[0..n) of a trie without a first words' table (not
 * frozen, or no memory for it); *mlen gets its length. */
static __attribute__((noinline)) int walk_plain(const ptrie *trie, const unsigned char *s, size_t n, size_t *mlen)
{
    if (!trie->da.base)
        return vn_trie_longest(trie->t, (const char *)s, n, mlen);
    int v = -1;
    walk_on(&trie->da, s, n, 1, s, &v, mlen);
    return v;
}

int pp_match_walk(const pctx *c, const ptrie *trie, int i, int *val)
{
    size_t m = 0;
    ptok *tk = &c->t[i];
    int at = tk->s;
    int v = -1;
    const unsigned char *s = (const unsigned char *)c->low + at;
    size_t n = (size_t)(c->len - at);
    if (trie->first) {
        /* vn_trie_longest, walked here: most walks are a word or two. The
         * token's word is a first word: start after it (no key ends
         * inside it; one that ends with it is asked as the walk would) */
        unsigned st = 1;
        const unsigned char *p = s;
        size_t wl = (size_t)(tk->e - tk->s);
        if (!tk->plain)
            wl = pp_word_len((const char *)s, wl);
        uint64_t a, b;
        pp_word_bytes((const char *)s, wl, &a, &b);
        for (unsigned k = tk->hash & trie->fmask, h1 = tk->hash + 1u; trie->first[k].hash; k = (k + 1) & trie->fmask) {
            const pfirst *f = &trie->first[k];
            if (f->hash == h1 && f->len == wl && f->w[0] == a && f->w[1] == b &&
                (wl <= 16 || !memcmp(trie->pool + f->off + 16, s + 16, wl - 16))) {
                if (f->state >= 0) {
                    st = (unsigned)f->state;
                    p = s + wl;
                    if (f->value >= 0 && !continues_word(s, n, wl)) {
                        v = f->value;
                        m = wl;
                    }
                }
                break;
            }
        }
        walk_on(&trie->da, s, n, st, p, &v, &m);
    } else
        v = walk_plain(trie, s, n, &m);
    if (v < 0) {
        tk->may &= (unsigned short)~(1u << trie->id); /* the same question comes again */
        return -1;
    }
    int end = at + (int)m, j = i;
    /* the phrase must end where a token ends */
    while (HAVE(c, j) && c->t[j].e < end)
        j++;
    if (!HAVE(c, j))
        return -1;
    if (c->t[j].e != end) {
        tk->may &= (unsigned short)~(1u << trie->id);
        return -1;
    }
    if (val)
        *val = v;
    return j + 1;
}

/* -------------------------------------------------- persons of an article */

unsigned pp_hash(const char *s, size_t n, int in)
{
    unsigned h = 2166136261u ^ (unsigned)in;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Code points in s[0..n): bytes that are not UTF-8 continuation bytes,
 * counted sixteen at a time (a lane of acc counts up to 255 blocks), then
 * eight, then one. Spans count a line's bytes up to them (about once a
 * line, see cp_at): with AVX2, 32 bytes a step (cp_count_avx2). */
static int cp_count_plain(const char *s, int n)
{
    int k = n, i = 0;
#if defined(__SSE2__)
    const __m128i below = _mm_set1_epi8(-64), zero = _mm_setzero_si128();
    while (i + 16 <= n) {
        __m128i acc = zero;
        int lim = n - i > 16 * 255 ? i + 16 * 255 : n;
        for (; i + 16 <= lim; i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            acc = _mm_sub_epi8(acc, _mm_cmplt_epi8(v, below)); /* 80–BF: below -64 signed */
        }
        __m128i sum = _mm_sad_epu8(acc, zero);
        k -= _mm_cvtsi128_si32(sum) + _mm_extract_epi16(sum, 4);
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        /* a continuation byte has bit 7 set and bit 6 clear */
        uint64_t cont = w & ~(w << 1) & 0x8080808080808080ull;
        k -= (int)(((cont >> 7) * 0x0101010101010101ull) >> 56); /* their number */
    }
    for (; i < n; i++)
        k -= ((unsigned char)s[i] & 0xC0) == 0x80;
    return k;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PP_CP_AVX2 1
/* The continuation bytes of 32 bytes as bits: bit 7 set, bit 6 clear. */
__attribute__((target("avx2,popcnt"))) static inline uint32_t cont_bits32(const char *p)
{
    __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)p);
    return (uint32_t)_mm256_movemask_epi8(x) & ~(uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(x, 1));
}

__attribute__((target("avx2,popcnt"))) static int cp_count_avx2(const char *s, int n)
{
    int k = n, i = 0;
    if (n >= 32) {
        for (; i + 32 <= n; i += 32)
            k -= __builtin_popcount(cont_bits32(s + i));
        if (i < n) /* the last 32 bytes, less those counted */
            k -= __builtin_popcount(cont_bits32(s + n - 32) >> (32 - (n - i)));
        return k;
    }
    /* a name's few bytes: eight at a time, the last eight overlapping */
    uint64_t w, cont;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        cont = w & ~(w << 1) & 0x8080808080808080ull;
        k -= __builtin_popcountll(cont);
    }
    if (i < n && n >= 8) {
        memcpy(&w, s + n - 8, 8);
        cont = (w & ~(w << 1) & 0x8080808080808080ull) >> (8 * (8 - (n - i)));
        return k - __builtin_popcountll(cont);
    }
    for (; i < n; i++)
        k -= ((unsigned char)s[i] & 0xC0) == 0x80;
    return k;
}

/* 64 bytes a step with AVX-512BW; shorter counts as cp_count_avx2. */
__attribute__((target("avx2,avx512f,avx512bw,popcnt"))) static int cp_count_avx512(const char *s, int n)
{
    if (n < 64)
        return cp_count_avx2(s, n);
    int k = n, i = 0;
    for (; i + 64 <= n; i += 64) {
        __m512i x = _mm512_loadu_si512((const void *)(s + i));
        uint64_t cont = _mm512_movepi8_mask(x) & ~_mm512_movepi8_mask(_mm512_slli_epi16(x, 1));
        k -= __builtin_popcountll(cont);
    }
    if (i < n) { /* the last 64 bytes, less those counted */
        __m512i x = _mm512_loadu_si512((const void *)(s + n - 64));
        uint64_t cont = _mm512_movepi8_mask(x) & ~_mm512_movepi8_mask(_mm512_slli_epi16(x, 1));
        k -= __builtin_popcountll(cont >> (64 - (n - i)));
    }
    return k;
}
#endif

static int have_avx2(void)
{
#ifdef PP_CP_AVX2
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
#else
    return 0;
#endif
}

static int have_avx512(void)
{
#ifdef PP_CP_AVX2
    return have_avx2() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
#else
    return 0;
#endif
}

/* The best the CPU has (valgrind runs AVX2); VNEWS_PEOPLE_NO_AVX512 stops at
 * AVX2, VNEWS_PEOPLE_NO_AVX2 keeps the plain count. */
static int (*cp_count)(const char *s, int n) = cp_count_plain;

static void cp_count_init(void)
{
#ifdef PP_CP_AVX2
    if (have_avx2() && !getenv("VNEWS_PEOPLE_NO_AVX2"))
        cp_count = have_avx512() && !getenv("VNEWS_PEOPLE_NO_AVX512") ? cp_count_avx512 : cp_count_avx2;
#endif
}

int pp_cp_count_agree(const char *s, int n)
{
    int want = cp_count_plain(s, n);
#ifdef PP_CP_AVX2
    if (have_avx2() && cp_count_avx2(s, n) != want)
        return 0;
    if (have_avx512() && cp_count_avx512(s, n) != want)
        return 0;
#endif
    return cp_count(s, n) == want;
}

/* Code points before byte b of the line: counted from the last offset
 * asked (spans mostly come in order) or from the nearest of the
 * checkpoints kept every 256 bytes, made as far as the spans asked for
 * (most lines have a span or two near their start, or none). */
static int cp_at(pctx *c, int b)
{
    pstate *ps = c->ps;
    if (ps->cp_line != c->line) {
        int n = c->line_len / 256 + 1;
        if (n > ps->cp_cap) {
            ps->cp_cap = n * 2;
            ps->cp = vn_arena_alloc(c->st->arena, (size_t)ps->cp_cap * sizeof *ps->cp);
        }
        ps->cp[0] = 0;
        ps->cp_n = 1;
        ps->cp_line = c->line;
        ps->cur_b = ps->cur_cp = 0;
    }
    if (b >= ps->cur_b && b - ps->cur_b < (b & 255)) { /* nearer than the checkpoint */
        ps->cur_cp += cp_count(c->line + ps->cur_b, b - ps->cur_b);
        ps->cur_b = b;
        return ps->cur_cp;
    }
    for (int k = ps->cp_n; k <= b >> 8; k++)
        ps->cp[k] = ps->cp[k - 1] + cp_count(c->line + (k - 1) * 256, 256);
    if (ps->cp_n <= b >> 8)
        ps->cp_n = (b >> 8) + 1;
    ps->cur_b = b;
    ps->cur_cp = ps->cp[b >> 8] + cp_count(c->line + (b & ~255), b & 255);
    return ps->cur_cp;
}

void pp_span(pctx *c, vn_spans *spans, int s, int e)
{
    int cs = cp_at(c, c->base + s);
    int ce = cs + cp_count(c->line + c->base + s, e - s);
    c->ps->cur_b = c->base + e; /* the next span starts after it, mostly */
    c->ps->cur_cp = ce;
    vn_spans_add(c->st->arena, spans, c->line_n, cs, ce);
}

static int word_prefix(const char *a, size_t na, const char *b, size_t nb)
{
    /* is a a whole-word prefix of b? */
    return na < nb && !memcmp(a, b, na) && b[na] == ' ';
}

/* Add a position unless it is there already, or is a shorter writing of
 * one that is ("Ủy viên Ban Thường vụ" beside "Ủy viên Ban Thường vụ Tỉnh ủy"). */
static void add_position(vn_arena *a, vn_person *p, const char *s, size_t n)
{
    char ln[256], lq[256], tmp[256];
    size_t orig = n, k;
    int lowered = 0; /* ln made (on the first comparison that needs it) */
    if (n >= sizeof ln)
        n = sizeof ln - 1;
    for (int i = 0; i < p->positions.n; i++) {
        const char *q = p->positions.v[i];
        size_t nq = strlen(q);
        if (nq == orig && !memcmp(q, s, orig))
            return; /* the same bytes (a position named again): the same once lowered */
        /* ASCII first bytes that differ lowered (new tones change no ASCII
         * first byte): neither is the other or starts it */
        unsigned q0 = (unsigned char)q[0], s0 = (unsigned char)s[0];
        if (nq && orig && q0 < 0x80 && s0 < 0x80 && (q0 | 32u * (q0 - 'A' < 26u)) != (s0 | 32u * (s0 - 'A' < 26u)))
            continue;
        if (!lowered) {
            lowered = 1;
            vn_people_lower(s, n, tmp);
            if ((k = new_tones(tmp, n, ln, sizeof ln))) /* "Tỉnh uỷ" is "Tỉnh ủy" */
                n = k;
            else
                memcpy(ln, tmp, n);
        }
        if (nq >= sizeof lq)
            nq = sizeof lq - 1;
        vn_people_lower(q, nq, tmp);
        if ((k = new_tones(tmp, nq, lq, sizeof lq)))
            nq = k;
        else
            memcpy(lq, tmp, nq);
        if ((nq == n && !memcmp(ln, lq, n)) || word_prefix(ln, n, lq, nq))
            return;
        if (word_prefix(lq, nq, ln, n)) {
            p->positions.v[i] = vn_arena_strndup(a, s, orig);
            return;
        }
    }
    if (p->positions.n < MAX_POSITIONS)
        *VN_PUSH(a, p->positions) = vn_arena_strndup(a, s, orig);
}

static int person_find(pstate *ps, const vn_record *r, const char *name, size_t n, int in,
                       unsigned *slot)
{
    unsigned h = pp_hash(name, n, in) & (unsigned)(ps->pcap - 1);
    while (ps->phash[h]) {
        const vn_person *p = &r->people.v[ps->phash[h] - 1];
        if ((int)p->in == in && strlen(p->name) == n && !memcmp(p->name, name, n))
            break;
        h = (h + 1) & (unsigned)(ps->pcap - 1);
    }
    *slot = h;
    return ps->phash[h] - 1;
}

static void person_rehash(pstate *ps, vn_arena *a, const vn_record *r)
{
    ps->pcap = ps->pcap ? ps->pcap * 2 : 64;
    ps->phash = vn_arena_alloc(a, (size_t)ps->pcap * sizeof *ps->phash);
    for (int i = 0; i < r->people.n; i++) {
        const vn_person *p = &r->people.v[i];
        unsigned slot;
        person_find(ps, r, p->name, strlen(p->name), (int)p->in, &slot);
        ps->phash[slot] = i + 1;
    }
}

static vn_person *person_get(pctx *c, const char *name, size_t n)
{
    pstate *ps = c->ps;
    vn_record *r = c->r;
    if (2 * (r->people.n + 1) > ps->pcap)
        person_rehash(ps, c->st->arena, r);
    unsigned slot;
    int k = person_find(ps, r, name, n, c->in, &slot);
    if (k >= 0)
        return &r->people.v[k];
    vn_person *p = VN_PUSH(c->st->arena, r->people);
    memset(p, 0, sizeof *p);
    p->name = vn_arena_strndup(c->st->arena, name, n);
    p->in = (vn_in)c->in;
    ps->phash[slot] = r->people.n;
    return p;
}

/* A name as the record spells it: the apostrophe of typeset text (’, in
 * "H’Yim Kđoh") as the plain one, so that both spellings in an article are
 * one person. Returns name itself when there is none (the usual case). */
static const char *canonical_name(pctx *c, const char *name, size_t *n)
{
    if (!memchr(name, 0xE2, *n) || !memmem(name, *n, "\xE2\x80\x99", 3))
        return name;
    char *out = vn_arena_alloc(c->st->arena, *n + 1);
    size_t k = 0;
    for (size_t i = 0; i < *n; i++) {
        if (i + 3 <= *n && !memcmp(name + i, "\xE2\x80\x99", 3)) {
            out[k++] = '\'';
            i += 2;
        } else
            out[k++] = name[i];
    }
    out[k] = 0;
    *n = k;
    return out;
}

void pp_add_person(pctx *c, int ts, int te, const int *pos, int npos, int historic,
                   const char *hist_name, int weak)
{
    const char *name = hist_name ? hist_name : c->text + c->t[ts].s;
    size_t n = hist_name ? strlen(hist_name) : (size_t)(c->t[te - 1].e - c->t[ts].s);
    name = canonical_name(c, name, &n);
    if (weak) {
        pweak *w = VN_PUSH(c->st->arena, c->ps->weak);
        w->name = vn_arena_strndup(c->st->arena, name, n);
        w->in = c->in;
        w->line = c->line_n;
        vn_spans tmp = {0};
        pp_span(c, &tmp, c->t[ts].s, c->t[te - 1].e);
        w->s = tmp.v[0].start;
        w->e = tmp.v[0].end;
        return;
    }
    vn_person *p = person_get(c, name, n);
    if (historic)
        p->historic = 1;
    pp_span(c, &p->spans, c->t[ts].s, c->t[te - 1].e);
    for (int k = 0; k < npos; k++) {
        int a = pos[2 * k], b = pos[2 * k + 1];
        add_position(c->st->arena, p, c->text + c->t[a].s, (size_t)(c->t[b - 1].e - c->t[a].s));
    }
}

void pp_person_positions(pctx *c, int ts, int te, const int *pos, int npos)
{
    size_t n = (size_t)(c->t[te - 1].e - c->t[ts].s);
    const char *name = canonical_name(c, c->text + c->t[ts].s, &n);
    vn_person *p = person_get(c, name, n);
    if (!p->spans.n)
        pp_span(c, &p->spans, c->t[ts].s, c->t[te - 1].e);
    for (int k = 0; k < npos; k++) {
        int a = pos[2 * k], b = pos[2 * k + 1];
        add_position(c->st->arena, p, c->text + c->t[a].s, (size_t)(c->t[b - 1].e - c->t[a].s));
    }
}

/* ---------------------------------------------------------------- driver */

/* Where to end a chunk of a long line: after ". " or "; " near the limit,
 * else at a space, else at a character boundary. */
static int chunk_end(const char *s, int from, int len)
{
    if (len - from <= CHUNK)
        return len;
    int lim = from + CHUNK;
    for (int i = lim - 1; i > lim - 4096; i--)
        if ((s[i] == '.' || s[i] == ';') && s[i + 1] == ' ')
            return i + 1;
    for (int i = lim - 1; i > from + CHUNK / 2; i--)
        if (s[i] == ' ')
            return i;
    int i = lim;
    while (i > from + 1 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

int pp_cut_in_full;

void vn_extract_people(vn_stage *st, vn_record *r)
{
    const struct vn_people_lex *lx = st->lex ? st->lex->people : NULL;
    if (!lx || !lx->surnames.t)
        return;
    pstate *ps = vn_arena_alloc(st->arena, sizeof *ps);
    /* scratch: tokens, items, organizations found, gap items, the chunk's
     * bitmaps and its lowercased text */
    size_t nbits = 4 * (size_t)PP_BITS_STRIDE * sizeof(uint64_t);
    size_t need = (size_t)CHUNK * (sizeof(ptok) + sizeof(pitem) + sizeof(body_res) + sizeof(pgap)) +
                  nbits + CHUNK + PP_CUT_PAD + 32;
    vn_buf_reset(&st->scratch);
    if (vn_buf_grow(&st->scratch, need) != VN_OK)
        return;
    char *mem = st->scratch.ptr;
    ptok *toks = (ptok *)(void *)mem;
    mem += (size_t)CHUNK * sizeof(ptok);
    pitem *items = (pitem *)(void *)mem;
    mem += (size_t)CHUNK * sizeof(pitem);
    body_res *orgq = (body_res *)(void *)mem;
    mem += (size_t)CHUNK * sizeof(body_res);
    pgap *codes = (pgap *)(void *)mem;
    mem += (size_t)CHUNK * sizeof(pgap);
    uint64_t *bits = (uint64_t *)(void *)mem; /* the sizes before are multiples of 8 */
    mem += nbits;
    char *low = mem + 16; /* pp_cut writes the byte before it */
    int touched = 0;

    for (int li = 0; li < r->lines.n; li++) {
        const vn_line *l = &r->lines.v[li];
        int in = vn_line_scope(l);
        if (in < 0)
            continue;
        for (int from = 0; from < l->len;) {
            int to = chunk_end(l->text, from, l->len);
            pctx c = {.ps = ps, .lx = lx, .st = st, .r = r, .text = l->text + from, .low = low,
                      .len = to - from, .t = toks, .touched = &touched, .codes = codes,
                      .orgq = orgq, .it = items, .capit = CHUNK, .line_n = l->n, .line = l->text, .line_len = l->len,
                      .base = from, .in = in};
            c.nt_all = pp_cut(lx, c.text, c.len, low, toks, codes, bits, !pp_cut_in_full, &c.nt);
            pp_lex_chunk(&c);
            pp_read_chunk(&c);
            from = to;
        }
    }
    /* names seen only without a cue count where the article confirms them */
    for (int i = 0; i < ps->weak.n; i++) {
        const pweak *w = &ps->weak.v[i];
        if (!ps->pcap)
            break;
        unsigned slot;
        int k = person_find(ps, r, w->name, strlen(w->name), w->in, &slot);
        if (k >= 0)
            vn_spans_add(st->arena, &r->people.v[k].spans, w->line, w->s, w->e);
    }
}
