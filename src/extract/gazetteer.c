/* gazetteer.c — loading data/gazetteer.tsv (generated from ../shared/admin by
 * tools/gen_gazetteer.py), gazetteer-hosts.tsv and the hand-made
 * gazetteer-aliases.tsv into tries the places extractor walks. Built once,
 * read-only after. See gazetteer.h for the model. */
#include "gazetteer.h"
#include "places.h"
#include "../core/uni.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const TYPE_NAMES[GZ_NTYPES] = {
    "", "tỉnh", "thành phố", "quận", "huyện", "thị xã", "xã", "phường", "thị trấn", "đặc khu"};

gz_type gz_type_parse(const char *s)
{
    /* most units are communes and wards: the first bytes decide before a compare */
    switch ((unsigned char)s[0]) {
    case 'x': return s[1] == '\xC3' && s[2] == '\xA3' && !s[3] ? GZ_XA : GZ_NONE;
    case 'p': return strcmp(s, TYPE_NAMES[GZ_PHUONG]) == 0 ? GZ_PHUONG : GZ_NONE;
    case 'h': return strcmp(s, TYPE_NAMES[GZ_HUYEN]) == 0 ? GZ_HUYEN : GZ_NONE;
    case 'q': return strcmp(s, TYPE_NAMES[GZ_QUAN]) == 0 ? GZ_QUAN : GZ_NONE;
    case 0xC4: return strcmp(s, TYPE_NAMES[GZ_DACKHU]) == 0 ? GZ_DACKHU : GZ_NONE;
    case 't':
        for (int t = 1; t < GZ_NTYPES; t++)
            if (TYPE_NAMES[t][0] == 't' && strcmp(s, TYPE_NAMES[t]) == 0)
                return (gz_type)t;
        return GZ_NONE;
    default: return GZ_NONE;
    }
}

/* gz_type_parse() of s[0..len), with the length known: most lines of
 * gazetteer.tsv are communes and wards, told by a compare or two. */
static int type_of_len(const char *s, size_t len)
{
    static const unsigned char TYPE_LEN[GZ_NTYPES] = {0, 6, 12, 6, 7, 9, 3, 9, 12, 10}; /* strlen(TYPE_NAMES[t]) */
    for (int t = s[0] == 'x' ? GZ_XA : s[0] == 'p' ? GZ_PHUONG : 1; t < GZ_NTYPES; t++)
        if (len == TYPE_LEN[t] && memcmp(s, TYPE_NAMES[t], len) == 0)
            return t;
    return GZ_NONE;
}

const char *gz_type_name(int t)
{
    return t > 0 && t < GZ_NTYPES ? TYPE_NAMES[t] : NULL;
}

int gz_type_levels(int t)
{
    switch (t) {
    case GZ_TINH: return 1;
    case GZ_THANHPHO: return 12;
    case GZ_QUAN: case GZ_HUYEN: case GZ_THIXA: return 2;
    default: return 3;
    }
}

/* ------------------------------------------------------------ loading state */

typedef struct pair {   /* a spelling and one of its meanings, before grouping */
    const char *key;
    gz_ref ref;
    uint64_t prefix;      /* the key's first 8 bytes, big-endian, for sorting */
    unsigned len;         /* strlen(key) */
    int seq;              /* order of insertion: the sort is stable */
} pair;

typedef struct row {    /* a unit line of gazetteer.tsv, before linking */
    char kind;
    int up_num;           /* the parent's code as a number (code_num), -1 if none */
    const char *code;
    char up[8];           /* the parent's code as written, for the error message (cut) */
} row;

typedef struct loader {
    struct vn_gazetteer *gz;
    row *rows;
    int nrows, caprows;
    pair *pairs;
    int npairs, cappairs;
    int idx[6][100000]; /* by kind (P Q D C W) and numeric code: unit index + 1 */
    char *aliases_path;
    int *prov_pairs;    /* indices of the pairs that name a province-level unit */
    int nprov, capprov;
    int ntypes, captypes;
    vn_trie *typed_self; /* names that are bare only after a type word */
    int *gfirst;         /* group g's first pair (build_groups), so that later
                          * passes over the groups compare no keys */
} loader;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "vnews: out of memory (gazetteer)\n");
        abort();
    }
    return q;
}

/* Strings live in 64 KB blocks (gz->strs), not one malloc each: the
 * gazetteer keeps some 50,000 of them. */
enum { POOL_BLOCK = 65536 };

/* Room for n bytes and a NUL in the pool (the caller fills them). */
static char *keep_room(struct vn_gazetteer *gz, size_t n)
{
    if (n + 1 > gz->pool_left) {
        if (gz->nstrs == gz->capstrs) {
            gz->capstrs = gz->capstrs ? gz->capstrs * 2 : 64;
            gz->strs = xrealloc(gz->strs, (size_t)gz->capstrs * sizeof *gz->strs);
        }
        size_t size = n + 1 > POOL_BLOCK ? n + 1 : POOL_BLOCK;
        gz->pool = gz->strs[gz->nstrs++] = xrealloc(NULL, size);
        gz->pool_left = size;
    }
    char *p = gz->pool;
    p[n] = '\0';
    gz->pool += n + 1;
    gz->pool_left -= n + 1;
    return p;
}

static char *keep(struct vn_gazetteer *gz, const char *s, size_t n)
{
    char *p = keep_room(gz, n);
    memcpy(p, s, n);
    return p;
}

static void add_pair_len(loader *L, const char *key, size_t len, gz_ref ref)
{
    if (L->npairs == L->cappairs) {
        L->cappairs = L->cappairs ? L->cappairs * 2 : 32768;
        L->pairs = xrealloc(L->pairs, (size_t)L->cappairs * sizeof *L->pairs);
    }
    uint64_t prefix = 0;
    memcpy(&prefix, key, len < 8 ? len : 8);
    prefix = __builtin_bswap64(prefix); /* (big-endian: the first byte highest) */
    if (L->gz->units[ref.unit].level == 1) {
        if (L->nprov == L->capprov) {
            L->capprov = L->capprov ? L->capprov * 2 : 256;
            L->prov_pairs = xrealloc(L->prov_pairs, (size_t)L->capprov * sizeof *L->prov_pairs);
        }
        L->prov_pairs[L->nprov++] = L->npairs;
    }
    L->pairs[L->npairs] = (pair){key, ref, prefix, (unsigned)len, L->npairs};
    L->npairs++;
}

static void add_pair(loader *L, const char *key, gz_ref ref)
{
    add_pair_len(L, key, strlen(key), ref);
}

static int kind_slot(char k)
{
    switch (k) {
    case 'P': return 0;
    case 'Q': return 1;
    case 'D': return 2;
    case 'C': return 3;
    case 'W': return 4;
    default: return -1;
    }
}

/* The number a code of len digits writes (1 to 5 digits), or -1. */
static int code_num_len(const char *code, size_t len)
{
    if (len - 1 >= 5) /* (0 or more than 5) */
        return -1;
    int v = 0;
    for (size_t k = 0; k < len; k++) {
        unsigned d = (unsigned char)code[k] - '0';
        if (d > 9)
            return -1;
        v = v * 10 + (int)d;
    }
    return v;
}

static int unit_by_num(const loader *L, char kind, int v)
{
    int slot = kind_slot(kind);
    return slot < 0 || v < 0 ? -1 : L->idx[slot][v] - 1;
}

/* The TAB-separated fields of line[0..len) (at most max), NUL-terminated in
 * place, with their lengths; how many there are. (As vn_data_fields, with
 * the lengths, which the loader needs for every field; the tabs found eight
 * bytes at a time.) */
static int split_fields(char *line, size_t len, char **f, size_t *flen, int max)
{
    int k = 0;
    size_t start = 0;
    f[0] = line;
    for (size_t i = 0; i < len && k + 1 < max; i += 8) {
        uint64_t x = 0;
        if (len - i >= 8)
            memcpy(&x, line + i, 8);
        else
            for (size_t b = 0; b < len - i; b++)
                x |= (uint64_t)(unsigned char)line[i + b] << (8 * b);
        uint64_t t = x ^ 0x0909090909090909ull; /* (a zero byte where a tab is) */
        uint64_t z = (t - 0x0101010101010101ull) & ~t & 0x8080808080808080ull;
        for (; z && k + 1 < max; z &= z - 1) {
            size_t at = i + ((unsigned)__builtin_ctzll(z) >> 3);
            if (at >= len || line[at] != '\t')
                continue; /* (past the end, or a borrow's false hit) */
            line[at] = '\0';
            flen[k] = at - start;
            start = at + 1;
            f[++k] = line + start;
        }
    }
    flen[k] = len - start;
    return k + 1;
}

/* gazetteer.tsv: KIND CODE TYPE NAME UP [FLAG] */
static int gaz_line(char *line, size_t len, int lineno, void *ctx)
{
    (void)lineno;
    loader *L = ctx;
    struct vn_gazetteer *gz = L->gz;
    char *f[6];
    size_t fl[6];
    int nf = split_fields(line, len, f, fl, 6);
    if (nf < 5 || fl[0] != 1)
        return 1;
    int type = type_of_len(f[2], fl[2]);
    if (!type || !fl[3])
        return 1;
    if (f[0][0] == 'F') { /* a former name: the unit is known by its code length */
        char kind = fl[1] == 2 ? 'P' : fl[1] == 3 ? 'D' : 'C';
        int u = unit_by_num(L, kind, code_num_len(f[1], fl[1]));
        if (u < 0)
            return 1;
        const char *name = keep(gz, f[3], fl[3]);
        add_pair_len(L, name, fl[3], (gz_ref){u, name, (unsigned char)type, 0});
        return 0;
    }
    int slot = kind_slot(f[0][0]), num = code_num_len(f[1], fl[1]);
    if (slot < 0 || num < 0 || L->idx[slot][num])
        return 1;
    if (gz->nunits == L->caprows) {
        L->caprows = L->caprows ? L->caprows * 2 : 16384;
        gz->units = xrealloc(gz->units, (size_t)L->caprows * sizeof *gz->units);
        L->rows = xrealloc(L->rows, (size_t)L->caprows * sizeof *L->rows);
    }
    int u = gz->nunits++;
    L->idx[slot][num] = u + 1;
    char kind = f[0][0];
    gz_unit *un = &gz->units[u];
    /* the name and the code in one piece of the pool */
    char *name = keep_room(gz, fl[3] + 1 + fl[1]);
    memcpy(name, f[3], fl[3]);
    name[fl[3]] = '\0';
    memcpy(name + fl[3] + 1, f[1], fl[1]);
    *un = (gz_unit){.name = name,
                    .code = name + fl[3] + 1,
                    .level = (unsigned char)(kind == 'P' || kind == 'Q' ? 1 : kind == 'D' ? 2 : 3),
                    .era = (unsigned char)(kind == 'Q' || kind == 'W' ? GZ_NEW : GZ_OLD),
                    .type = (unsigned char)type,
                    .dissolved = (unsigned char)(nf > 5 && f[5][0] == 'x'),
                    .up = -1, .province = u, .now = -1, .bucket = -1};
    row *rw = &L->rows[u];
    rw->kind = kind;
    rw->code = un->code;
    rw->up_num = code_num_len(f[4], fl[4]);
    size_t ul = fl[4] < sizeof rw->up - 1 ? fl[4] : sizeof rw->up - 1;
    memcpy(rw->up, f[4], ul);
    rw->up[ul] = '\0';
    add_pair_len(L, un->name, fl[3], (gz_ref){u, un->name, (unsigned char)type, 0});
    return 0;
}

/* Link parents, provinces, `now` and buckets once every unit is read. */
static int link_units(loader *L)
{
    struct vn_gazetteer *gz = L->gz;
    static const char parent_kind[] = {['P'] = 'Q', ['D'] = 'P', ['C'] = 'D', ['W'] = 'Q'};
    for (int pass = 0; pass < 3; pass++) /* provinces, districts, communes: parents first */
        for (int u = 0; u < gz->nunits; u++) {
            gz_unit *un = &gz->units[u];
            char kind = L->rows[u].kind;
            if (un->level != pass + 1)
                continue;
            if (kind == 'Q') {
                un->now = u;
                continue;
            }
            int p = unit_by_num(L, parent_kind[(int)kind], L->rows[u].up_num);
            if (p < 0)
                return u + 1;
            if (kind == 'P') {
                un->now = p;
                continue;
            }
            un->up = p;
            un->province = gz->units[p].province;
            un->now = gz->units[p].now;
        }
    /* buckets: compact ids for the pre-2025 provinces; a new province takes the id
     * of its old namesake (all 34 have one) */
    gz->bucket_unit = xrealloc(NULL, (size_t)gz->nunits * sizeof *gz->bucket_unit);
    for (int u = 0; u < gz->nunits; u++)
        if (L->rows[u].kind == 'P') {
            gz->units[u].bucket = gz->nbuckets;
            gz->bucket_unit[gz->nbuckets++] = u;
        }
    for (int u = 0; u < gz->nunits; u++) {
        gz_unit *un = &gz->units[u];
        if (L->rows[u].kind != 'Q')
            continue;
        for (int v = 0; v < gz->nunits && un->bucket < 0; v++)
            if (L->rows[v].kind == 'P' && strcmp(gz->units[v].name, un->name) == 0)
                un->bucket = gz->units[v].bucket;
        if (un->bucket < 0) {
            un->bucket = gz->nbuckets;
            gz->bucket_unit[gz->nbuckets++] = u;
        }
    }
    for (int u = 0; u < gz->nunits; u++)
        if (gz->units[u].level > 1)
            gz->units[u].bucket = gz->units[gz->units[u].province].bucket;
    return 0;
}

/* ------------------------------------------------------------- spellings */

/* Traditional <-> modern tone placement on oa/oe/uy at a syllable's end. */
static const char *const TONE_PAIRS[][2] = {
    {"òa", "oà"}, {"óa", "oá"}, {"ỏa", "oả"}, {"õa", "oã"}, {"ọa", "oạ"},
    {"òe", "oè"}, {"óe", "oé"}, {"ỏe", "oẻ"}, {"õe", "oẽ"}, {"ọe", "oẹ"},
    {"ùy", "uỳ"}, {"úy", "uý"}, {"ủy", "uỷ"}, {"ũy", "uỹ"}, {"ụy", "uỵ"},
    {"Òa", "Oà"}, {"Óa", "Oá"}, {"Ỏa", "Oả"}, {"Õa", "Oã"}, {"Ọa", "Oạ"},
    {"Ùy", "Uỳ"}, {"Úy", "Uý"}, {"Ủy", "Uỷ"}, {"Ũy", "Uỹ"}, {"Ụy", "Uỵ"},
};

static int ends_syllable(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 1;
    unsigned char b = (unsigned char)s[i];
    return b < 0x80 && !((b | 32) >= 'a' && (b | 32) <= 'z');
}

/* The "from" spellings of TONE_PAIRS (either direction) by their first 3
 * or 4 bytes (little-endian; fl: 4 where the toned letter takes three bytes),
 * in a small open-addressed table, so that a candidate position costs a probe
 * or two instead of a walk over the pairs. Built once (vn_gazetteer_load
 * builds it before any page; threads racing here would write the same). */
enum { TONE_SLOTS = 256 };
static struct tone_slot {
    uint32_t key;
    unsigned char used, fl, k, dir;
} tone_tab[TONE_SLOTS];
static int tone_ready;

static unsigned tone_hash(uint32_t key, unsigned fl)
{
    return ((key * 2654435761u) >> 24 ^ fl) & (TONE_SLOTS - 1);
}

static void tone_init(void)
{
    for (unsigned k = 0; k < sizeof TONE_PAIRS / sizeof *TONE_PAIRS; k++)
        for (unsigned dir = 0; dir < 2; dir++) {
            const char *from = TONE_PAIRS[k][dir];
            unsigned char lead = (unsigned char)(dir ? from[1] : from[0]);
            unsigned fl = lead == 0xE1 ? 4 : 3;
            uint32_t key = 0;
            memcpy(&key, from, fl);
            unsigned h = tone_hash(key, fl);
            while (tone_tab[h].used)
                h = (h + 1) & (TONE_SLOTS - 1);
            tone_tab[h] = (struct tone_slot){key, 1, (unsigned char)fl, (unsigned char)k, (unsigned char)dir};
        }
    tone_ready = 1;
}

/* The pair whose "from" spelling (of fl bytes, in direction dir) is key, or -1. */
static int tone_find(uint32_t key, unsigned fl, unsigned dir)
{
    for (unsigned h = tone_hash(key, fl); tone_tab[h].used; h = (h + 1) & (TONE_SLOTS - 1))
        if (tone_tab[h].key == key && tone_tab[h].fl == fl && tone_tab[h].dir == dir)
            return tone_tab[h].k;
    return -1;
}

int gz_tone_variant(const char *s, size_t n, char *out)
{
    if (!tone_ready)
        tone_init();
    memcpy(out, s, n);
    out[n] = '\0';
    int changed = 0;
    static const unsigned char OPENS[256] = {['o'] = 1, ['u'] = 1, ['O'] = 1, ['U'] = 1,
                                             [0xC3] = 1, [0xC5] = 1, [0xE1] = 1};
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        if (!OPENS[b])
            continue;
        /* a pair starts with o/u and a toned a/e/y (lead byte C3 or E1), or with a
         * toned o/u (C3, C5: two bytes; E1: three) and a plain a/e/y */
        size_t next;
        unsigned fl;
        if ((b | 32) == 'o' || (b | 32) == 'u') {
            if (i + 1 >= n || ((unsigned char)s[i + 1] != 0xC3 && (unsigned char)s[i + 1] != 0xE1))
                continue;
            fl = (unsigned char)s[i + 1] == 0xE1 ? 4 : 3;
        } else if (b == 0xC3 || b == 0xC5 || b == 0xE1) {
            next = i + (b == 0xE1 ? 3 : 2);
            if (next >= n || ((s[next] | 32) != 'a' && (s[next] | 32) != 'e' && (s[next] | 32) != 'y'))
                continue;
            fl = b == 0xE1 ? 4 : 3;
        } else {
            continue;
        }
        /* an ASCII letter and a toned one, or a toned one (E1: 3 bytes) and an ASCII one */
        int dir = b < 0x80; /* the modern form starts with the plain o/u, the traditional one toned */
        if (i + fl > n)
            continue;
        uint32_t key = 0;
        memcpy(&key, s + i, fl);
        int k = tone_find(key, fl, (unsigned)dir);
        if (k < 0 || !ends_syllable(s, n, i + fl))
            continue;
        if (i > 0 && (s[i - 1] | 32) == 'q' && strchr(TONE_PAIRS[k][0], 'y'))
            continue; /* "quý": the u belongs to the consonant */
        memcpy(out + i, TONE_PAIRS[k][!dir], fl);
        changed = 1;
    }
    return changed;
}

/* Names with a dash are written with and without spaces and with en dashes
 * ("Bà Rịa - Vũng Tàu", "Phan Rang-Tháp Chàm"); longest forms first. */
static const char *const DASHES[] = {" - ", " – ", "–", "-"};

static void add_variants(loader *L)
{
    int n0 = L->npairs;
    char buf[256], var[256];
    for (int i = 0; i < n0; i++) {
        const char *spell[5] = {L->pairs[i].key};
        size_t slen[5] = {L->pairs[i].len};
        int ns = 1;
        if (slen[0] >= 200)
            continue;
        if (!memchr(spell[0], '-', slen[0]) && !memchr(spell[0], 0xE2, slen[0])) { /* no "-", "–" */
            if (gz_tone_variant(spell[0], slen[0], var))
                add_pair_len(L, keep(L->gz, var, slen[0]), slen[0], L->pairs[i].ref);
            continue;
        }
        for (int d = 0; d < 4 && ns == 1; d++) {
            const char *at = strstr(spell[0], DASHES[d]);
            if (!at)
                continue;
            for (int e = 0; e < 4; e++) {
                if (e == d)
                    continue;
                snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - spell[0]), spell[0], DASHES[e],
                         at + strlen(DASHES[d]));
                slen[ns] = strlen(buf);
                spell[ns] = keep(L->gz, buf, slen[ns]);
                add_pair_len(L, spell[ns], slen[ns], L->pairs[i].ref);
                ns++;
            }
        }
        for (int k = 0; k < ns; k++)
            if (gz_tone_variant(spell[k], slen[k], var))
                add_pair_len(L, keep(L->gz, var, slen[k]), slen[k], L->pairs[i].ref);
    }
}

static int pair_cmp(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->prefix != y->prefix)
        return x->prefix < y->prefix ? -1 : 1;
    /* equal first 8 bytes: equal keys if either is shorter */
    int c = x->len >= 8 && y->len >= 8 ? strcmp(x->key + 8, y->key + 8) : 0;
    if (c)
        return c;
    if (x->ref.unit != y->ref.unit)
        return x->ref.unit < y->ref.unit ? -1 : 1;
    c = x->ref.display == y->ref.display ? 0 : strcmp(x->ref.display, y->ref.display);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Sort the pairs as pair_cmp says: a stable radix sort on the 8-byte
 * prefixes (11 bits a pass), then pair_cmp within each run of equal prefixes. */
static void sort_pairs(loader *L)
{
    int n = L->npairs;
    int *idx = xrealloc(NULL, (size_t)n * sizeof *idx), *tmp = xrealloc(NULL, (size_t)n * sizeof *tmp);
    static int count[2048]; /* (loading is not reentrant anyway: it runs before any page) */
    for (int i = 0; i < n; i++)
        idx[i] = i;
    for (int shift = 0; shift < 64; shift += 11) {
        memset(count, 0, sizeof count);
        for (int i = 0; i < n; i++)
            count[L->pairs[idx[i]].prefix >> shift & 2047]++;
        for (int d = 0, sum = 0; d < 2048; d++) {
            int c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (int i = 0; i < n; i++)
            tmp[count[L->pairs[idx[i]].prefix >> shift & 2047]++] = idx[i];
        int *t = idx;
        idx = tmp;
        tmp = t;
    }
    pair *sorted = xrealloc(NULL, (size_t)(n ? n : 1) * sizeof *sorted);
    for (int i = 0; i < n; i++)
        sorted[i] = L->pairs[idx[i]];
    for (int i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && sorted[j].prefix == sorted[i].prefix; j++)
            ;
        if (j - i > 16) {
            qsort(sorted + i, (size_t)(j - i), sizeof *sorted, pair_cmp);
        } else { /* (the usual run: a few spellings of one name) */
            for (int a = i + 1; a < j; a++) {
                pair x = sorted[a];
                int b = a;
                for (; b > i && pair_cmp(&sorted[b - 1], &x) > 0; b--)
                    sorted[b] = sorted[b - 1];
                sorted[b] = x;
            }
        }
    }
    free(L->pairs);
    L->pairs = sorted;
    L->cappairs = n;
    free(idx);
    free(tmp);
}

static int same_key(const pair *a, const pair *b)
{
    return a->len == b->len && a->prefix == b->prefix && memcmp(a->key, b->key, a->len) == 0;
}

const unsigned char gz_word_byte[256] = {
    ['0' ... '9'] = 1, ['A' ... 'Z'] = 1, ['_'] = 1, ['a' ... 'z'] = 1, [0x80 ... 0xC1] = 1, [0xC2] = 2,
    [0xC3 ... 0xE1] = 1, [0xE2] = 2, [0xE3 ... 0xFF] = 1};

/* The GZ_FIRST_* flags of group grp's spelling. */
static unsigned first_flags(const loader *L, int grp)
{
    const struct vn_gazetteer *gz = L->gz;
    unsigned flags = gz->gbare[grp] ? GZ_FIRST_BARE : 0;
    int n;
    const gz_ref *r = gz_group(gz, grp, &n);
    for (int k = 0; k < n; k++)
        if (gz->units[r[k].unit].level == 2)
            flags |= GZ_FIRST_DIST;
    return flags;
}

/* gz->name_lookup: every spelling, with its group. */
static void build_name_lookup(loader *L)
{
    struct vn_gazetteer *gz = L->gz;
    const char **keys = xrealloc(NULL, (size_t)(gz->ngroups + 1) * sizeof *keys);
    uint32_t *lens = xrealloc(NULL, (size_t)(gz->ngroups + 1) * sizeof *lens);
    int *values = xrealloc(NULL, (size_t)(gz->ngroups + 1) * sizeof *values);
    for (int grp = 0; grp < gz->ngroups; grp++) {
        int i = L->gfirst[grp];
        keys[grp] = L->pairs[i].key;
        lens[grp] = L->pairs[i].len;
        values[grp] = grp;
    }
    pl_lookup_build(&gz->name_lookup, keys, lens, values, gz->ngroups);
    free(keys);
    free(lens);
    free(values);
}

/* A spelling's lead (gz_lead8). */
static void put_lead8(struct vn_gazetteer *gz, const char *key, size_t len)
{
    uint64_t w = 0;
    memcpy(&w, key, len < 8 ? len : 8);
    size_t e1 = 0;
    while (e1 < len && e1 < 8) {
        unsigned char b = (unsigned char)key[e1];
        if ((b < 0x80 && !((b | 32) >= 'a' && (b | 32) <= 'z') && !(b >= '0' && b <= '9')) || b == 0xC2 ||
            b == 0xE2)
            break;
        e1++;
    }
    uint64_t bit = 1;
    if (e1 < 8 && e1 + 2 < len && key[e1] == ' ' && gz_word_byte[(unsigned char)key[e1 + 2]] == 1)
        bit = 1ull << gz_lead_bit((unsigned char)key[e1 + 1], (unsigned char)key[e1 + 2]);
    gz->lead8[gz_lead_word(w & GZ_MASK8[e1])] |= bit;
}

/* gz->keys: the bare spellings and the districts' by their first two words
 * (gz_name_keys: the place scanner asks it before looking a name up). */
static void build_name_keys(loader *L)
{
    struct vn_gazetteer *gz = L->gz;
    gz->keys = xrealloc(NULL, (size_t)1 << (GZ_KEY_BITS - 2));
    memset(gz->keys, 0, (size_t)1 << (GZ_KEY_BITS - 2));
    for (int grp = 0; grp < gz->ngroups; grp++) {
        int i = L->gfirst[grp];
        unsigned flags = first_flags(L, grp);
        const char *key = L->pairs[i].key;
        size_t e1, e2, len = L->pairs[i].len;
        int words = flags ? gz_key_lens_plain(key, len, &e1, &e2) : 0;
        if (words) {
            unsigned slot = gz_key_slot(gz_key_hash(key, words == 2 ? e2 : e1, len));
            gz->keys[slot >> 2] |= (unsigned char)(flags << ((slot & 3) * 2));
        }
        if (flags)
            put_lead8(gz, key, len);
    }
}

static void build_groups(loader *L)
{
    struct vn_gazetteer *gz = L->gz;
    sort_pairs(L);
    gz->refs = xrealloc(NULL, (size_t)(L->npairs + 1) * sizeof *gz->refs);
    gz->gstart = xrealloc(NULL, (size_t)(L->npairs + 2) * sizeof *gz->gstart);
    gz->names = vn_trie_new();
    gz->bare = vn_trie_new();
    L->gfirst = xrealloc(NULL, (size_t)(L->npairs + 1) * sizeof *L->gfirst);
    int nrefs = 0, g = -1;
    for (int i = 0; i < L->npairs; i++) {
        const pair *p = &L->pairs[i];
        int new_key = i == 0 || !same_key(p, &L->pairs[i - 1]);
        if (new_key) {
            gz->gstart[++g] = nrefs;
            L->gfirst[g] = i;
            vn_trie_put(gz->names, p->key, p->len, g);
        } else if (p->ref.unit == L->pairs[i - 1].ref.unit && p->ref.type == L->pairs[i - 1].ref.type) {
            gz->refs[nrefs - 1].flags &= p->ref.flags; /* a duplicate: bare wins */
            continue;
        }
        gz->refs[nrefs++] = p->ref;
    }
    gz->ngroups = g + 1;
    gz->gstart[gz->ngroups] = nrefs;
    gz->nrefs = nrefs;
    /* the bare trie: keys whose group has a province-level meaning usable bare */
    gz->gbare = xrealloc(NULL, (size_t)(gz->ngroups + 1));
    memset(gz->gbare, 0, (size_t)(gz->ngroups + 1));
    for (int grp = 0; grp < gz->ngroups; grp++) {
        int i = L->gfirst[grp];
        const char *key = L->pairs[i].key;
        size_t len = L->pairs[i].len;
        int n;
        const gz_ref *r = gz_group(gz, grp, &n);
        for (int k = 0; k < n && len >= 4; k++)
            if (gz->units[r[k].unit].level == 2) {
                unsigned h = gz_hash4(key);
                gz->name4[h >> 3] |= (uint16_t)(0x100u << (h & 7));
                break;
            }
        for (int k = 0; k < n; k++)
            if (gz->units[r[k].unit].level == 1 && !(r[k].flags & GZ_REF_TYPED_ONLY) &&
                vn_trie_get(L->typed_self, key, len) < 0) {
                vn_trie_put(gz->bare, key, len, grp);
                gz->gbare[grp] = 1;
                if (len >= 4) {
                    unsigned h = gz_hash4(key);
                    gz->name4[h >> 3] |= (uint16_t)(1u << (h & 7));
                }
                break;
            }
    }
    gz->refx = xrealloc(NULL, (size_t)(nrefs + 1) * sizeof *gz->refx);
    for (int k = 0; k < nrefs; k++) {
        const gz_unit *u = &gz->units[gz->refs[k].unit];
        gz->refx[k] = (gz_refx){gz->refs[k].unit, u->up, (unsigned short)u->bucket, u->level,
                                (unsigned char)((gz->refs[k].type & GZ_REFX_TYPE) |
                                                (gz->refs[k].flags & GZ_REF_TYPED_ONLY ? GZ_REFX_TYPED_ONLY : 0) |
                                                (u->dissolved ? GZ_REFX_DISSOLVED : 0) | u->era << GZ_REFX_ERA)};
    }
    /* what each group's refs allow (gz_group_fits) */
    static const int fit_levels[4] = {1, 12, 2, 3};
    if (nrefs > GZ_GSTART) { /* (some 18,000: far from it) */
        fprintf(stderr, "vnews: too many gazetteer refs\n");
        abort();
    }
    for (int grp = 0; grp < gz->ngroups; grp++) {
        int n;
        const gz_ref *r = gz_group(gz, grp, &n);
        unsigned fit = 0;
        for (int k = 0; k < n; k++)
            for (int f = 0; f < 4; f++)
                if (pl_ref_fits(gz, &r[k], fit_levels[f])) {
                    fit |= 1u << gz_fit_bit(fit_levels[f], 0);
                    if (!(r[k].flags & GZ_REF_TYPED_ONLY))
                        fit |= 1u << gz_fit_bit(fit_levels[f], 1);
                }
        gz->gstart[grp] |= (int)(fit << GZ_GFIT);
    }
    build_name_keys(L);
    build_name_lookup(L);
}

/* ------------------------------------------------------ gazetteer-aliases */

/* Put s and its Capitalized, Title Case, CAPITALS and other-tone spellings into t. */
size_t gz_case_form(const char *s, size_t n, int form, char *buf, size_t cap)
{
    size_t o = 0;
    int first = 1;
    for (size_t i = 0; i < n && o + 4 < cap;) {
        int len;
        int32_t c = vn_utf8_next(s + i, n - i, &len);
        if (form == 3 || (form == 1 && first) || (form == 2 && (first || s[i - 1] == ' ')))
            c = vn_to_upper(c);
        first = 0;
        o += (size_t)vn_utf8_put(c, buf + o);
        i += (size_t)len;
    }
    buf[o] = '\0';
    return o;
}

static void put_cased(vn_trie *t, const char *s, int value, int all_caps)
{
    char buf[256], var[256];
    size_t n = strlen(s);
    if (n >= 60)
        return;
    /* forms: as given, Capitalized, Title Case ("Thành Phố"), CAPITALS */
    for (int form = 0; form < 4; form++) {
        size_t o = gz_case_form(s, n, form, buf, sizeof buf);
        if (form == 3 && !all_caps)
            break;
        vn_trie_put(t, buf, o, value);
        if (gz_tone_variant(buf, o, var))
            vn_trie_put(t, var, o, value);
    }
}

static int alias_line(char *line, size_t len, int lineno, void *ctx)
{
    (void)len; (void)lineno;
    loader *L = ctx;
    struct vn_gazetteer *gz = L->gz;
    char *f[3];
    int nf = vn_data_fields(line, f, 3);
    if (nf < 2 || !*f[1])
        return 1;
    if (strcmp(f[0], "type") == 0) {
        int t = nf == 3 ? gz_type_parse(f[2]) : GZ_NONE;
        if (!t)
            return 1;
        if (L->ntypes == L->captypes) {
            L->captypes = L->captypes ? L->captypes * 2 : 64;
            gz->type_of = xrealloc(gz->type_of, (size_t)L->captypes);
        }
        gz->type_of[L->ntypes] = (unsigned char)t;
        put_cased(gz->types, f[1], L->ntypes++, 1);
    } else if (strcmp(f[0], "name") == 0 || strcmp(f[0], "typed") == 0) {
        if (nf < 3)
            return 1;
        int typed = f[0][1] == 'y';
        if (typed && strcmp(f[1], f[2]) == 0) {
            vn_trie_put(L->typed_self, f[1], strlen(f[1]), 0);
            return 0;
        }
        const char *alias = keep(gz, f[1], strlen(f[1]));
        int found = 0, n0 = L->nprov;
        for (int j = 0; j < n0; j++) {
            int i = L->prov_pairs[j];
            if (strcmp(L->pairs[i].key, f[2]) == 0) {
                gz_ref r = L->pairs[i].ref;
                r.flags = (unsigned char)(typed ? GZ_REF_TYPED_ONLY : 0);
                add_pair(L, alias, r);
                found = 1;
            }
        }
        return !found;
    } else if (strcmp(f[0], "country") == 0) {
        vn_trie_put(gz->country, f[1], strlen(f[1]), 0);
        gz->country_first[(unsigned char)f[1][0]] = 1;
    } else if (strcmp(f[0], "street") == 0) {
        put_cased(gz->street, f[1], 0, 0);
    } else if (strcmp(f[0], "person") == 0) {
        vn_trie_put(gz->person, f[1], strlen(f[1]), 0);
    } else if (strcmp(f[0], "host") == 0) {
        return nf < 3; /* read after the names are grouped (alias_host_line) */
    } else {
        return 1;
    }
    return 0;
}

/* A host label for the province named name. */
static int put_host(loader *L, const char *label, const char *name)
{
    struct vn_gazetteer *gz = L->gz;
    int g = gz_lookup(gz, name, strlen(name));
    if (g < 0)
        return 1;
    int n;
    const gz_ref *r = gz_group(gz, g, &n);
    for (int k = 0; k < n; k++)
        if (gz->units[r[k].unit].level == 1) {
            vn_trie_put(gz->hosts, label, strlen(label), gz->units[r[k].unit].bucket);
            return 0;
        }
    return 1;
}

/* gazetteer-hosts.tsv: LABEL PROVINCE */
static int hosts_line(char *line, size_t len, int lineno, void *ctx)
{
    (void)len; (void)lineno;
    char *f[2];
    return vn_data_fields(line, f, 2) != 2 || put_host(ctx, f[0], f[1]);
}

/* the "host" lines of gazetteer-aliases.tsv, read once the names are grouped */
static int alias_host_line(char *line, size_t len, int lineno, void *ctx)
{
    (void)len; (void)lineno;
    char *f[3];
    int nf = vn_data_fields(line, f, 3);
    return nf == 3 && strcmp(f[0], "host") == 0 && put_host(ctx, f[1], f[2]);
}

int gz_lookup(const struct vn_gazetteer *gz, const char *s, size_t n)
{
    return vn_trie_get(gz->names, s, n);
}

/* Host labels that name no place: www, gov, vn, com, org, net, edu, dcs,
 * info, m, baomoi. */
static int generic_label(const char *l, size_t k)
{
    switch (k) {
    case 1: return l[0] == 'm';
    case 2: return l[0] == 'v' && l[1] == 'n';
    case 3:
        return !memcmp(l, "www", 3) || !memcmp(l, "gov", 3) || !memcmp(l, "com", 3) || !memcmp(l, "org", 3) ||
               !memcmp(l, "net", 3) || !memcmp(l, "edu", 3) || !memcmp(l, "dcs", 3);
    case 4: return !memcmp(l, "info", 4);
    case 6: return !memcmp(l, "baomoi", 6);
    default: return 0;
    }
}

int gz_host_bucket(const struct vn_gazetteer *gz, const char *host)
{
    int best = -1;
    size_t bestlen = 0;
    for (const char *p = host; p && *p;) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        char label[64];
        size_t k = 0;
        for (size_t i = 0; i < n && k + 1 < sizeof label; i++) {
            unsigned char b = (unsigned char)p[i];
            if (b >= 'A' && b <= 'Z')
                b = (unsigned char)(b | 32);
            if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9'))
                label[k++] = (char)b;
        }
        label[k] = '\0';
        int skip = generic_label(label, k);
        /* the longest province key inside the label: whole, or at least 5 letters long */
        for (size_t i = 0; !skip && i < k; i++) {
            size_t ml;
            int v = vn_trie_longest_prefix(gz->hosts, label + i, k - i, &ml);
            if (v >= 0 && (ml >= 5 || ml == k || (i == 3 && ml == k - 3 && !memcmp(label, "bao", 3))) &&
                ml > bestlen) {
                best = v;
                bestlen = ml;
            }
        }
        p = dot ? dot + 1 : NULL;
    }
    return best;
}

/* ------------------------------------------------------------ load / free */

vn_result vn_gazetteer_load(const char *dir, struct vn_gazetteer **out, vn_error *err)
{
    *out = NULL;
    struct vn_gazetteer *gz = calloc(1, sizeof *gz);
    loader *L = calloc(1, sizeof *L);
    if (!gz || !L)
        abort();
    L->gz = gz;
    gz->types = vn_trie_new();
    gz->country = vn_trie_new();
    gz->street = vn_trie_new();
    gz->person = vn_trie_new();
    gz->hosts = vn_trie_new();
    L->typed_self = vn_trie_new();
    if (!tone_ready)
        tone_init();
    vn_result rc = vn_data_each_line(dir, "gazetteer.tsv", gaz_line, L, err);
    if (!rc) {
        int bad = link_units(L);
        if (bad) {
            vn_error_set(err, VN_ERR_DATA, "gazetteer.tsv", 0, -1, "unit %s: unknown parent %s",
                         L->rows[bad - 1].code, L->rows[bad - 1].up);
            rc = VN_ERR_DATA;
        }
    }
    if (!rc)
        rc = vn_data_each_line(dir, "gazetteer-aliases.tsv", alias_line, L, err);
    if (!rc) {
        add_variants(L);
        build_groups(L);
        rc = vn_data_each_line(dir, "gazetteer-hosts.tsv", hosts_line, L, err);
    }
    if (!rc)
        rc = vn_data_each_line(dir, "gazetteer-aliases.tsv", alias_host_line, L, err);
    free(L->pairs);
    free(L->gfirst);
    free(L->prov_pairs);
    free(L->rows);
    vn_trie_free(L->typed_self);
    free(L);
    if (rc) {
        vn_gazetteer_free(gz);
        return rc;
    }
    /* the small tries the recognizer walks at each candidate, as double arrays
     * (a step is an addition and a compare; the names go by gz->name_lookup) */
    vn_trie *small[] = {gz->types, gz->country, gz->street, gz->person, gz->hosts};
    for (size_t k = 0; k < sizeof small / sizeof *small; k++)
        vn_trie_freeze(small[k]);
    static unsigned long loads;
    gz->serial = __atomic_add_fetch(&loads, 1, __ATOMIC_RELAXED);
    gz->avx2 = pl_have_avx2();
    gz->avx512 = gz->avx2 && pl_have_avx512() && !getenv("VNEWS_PLACES_NO_AVX512");
    *out = gz;
    return VN_OK;
}

void vn_gazetteer_free(struct vn_gazetteer *gz)
{
    if (!gz)
        return;
    for (int i = 0; i < gz->nstrs; i++)
        free(gz->strs[i]);
    free(gz->strs);
    free(gz->units);
    free(gz->refs);
    free(gz->refx);
    free(gz->gstart);
    free(gz->type_of);
    free(gz->keys);
    free(gz->bucket_unit);
    pl_lookup_free(&gz->name_lookup);
    free(gz->gbare);
    vn_trie_free(gz->names);
    vn_trie_free(gz->bare);
    vn_trie_free(gz->types);
    vn_trie_free(gz->country);
    vn_trie_free(gz->street);
    vn_trie_free(gz->person);
    vn_trie_free(gz->hosts);
    free(gz);
}
