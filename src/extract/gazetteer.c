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

/* Is s (of TYPE_NAMES[t]'s length n) type t? n is a constant where it is
 * called: the compare is inlined. */
static inline int is_type(const char *s, int t, size_t n)
{
    return memcmp(s, TYPE_NAMES[t], n) == 0 ? t : GZ_NONE;
}

/* gz_type_parse() of s[0..len), with the length known: most lines of
 * gazetteer.tsv are communes and wards, told by the length and a compare. */
static int type_of_len(const char *s, size_t len)
{
    switch (len) {
    case 3: return is_type(s, GZ_XA, 3);
    case 6: return s[0] == 't' ? is_type(s, GZ_TINH, 6) : is_type(s, GZ_QUAN, 6);
    case 7: return is_type(s, GZ_HUYEN, 7);
    case 9: return s[0] == 'p' ? is_type(s, GZ_PHUONG, 9) : is_type(s, GZ_THIXA, 9);
    case 10: return is_type(s, GZ_DACKHU, 10);
    case 12: return s[2] == '\xC3' ? is_type(s, GZ_THANHPHO, 12) : is_type(s, GZ_THITRAN, 12);
    default: return GZ_NONE;
    }
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
    const char *display;  /* the meaning's gz_ref, in 32 bytes in all (a pair */
    uint64_t prefix;      /* for each of some 20,000 spellings: less memory to */
    int unit;             /* fault in); prefix: the key's first 8 bytes, */
    unsigned short len;   /* big-endian, for sorting; len: strlen(key) (names */
    unsigned char type, flags; /* are short, add_pair_len keeps it so). The
                          * order of insertion breaks ties: the sort is stable */
} pair;

/* The meaning a pair holds. */
static inline gz_ref pair_ref(const pair *p)
{
    return (gz_ref){p->unit, p->display, p->type, p->flags};
}

typedef struct row {    /* a unit line of gazetteer.tsv, before linking */
    int up_num;           /* the parent's code as a number (code_num), -1 if none */
    char kind;
    unsigned char up_len; /* the length of the parent's code as written */
    char up[8];           /* the parent's code as written where it is no number, for
                           * the error message (cut; else up_num says it) */
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
    int long_name;       /* the line gaz_line reads has a name for gz_long_names */
    /* gazetteer-aliases.tsv "unit" and "spelling" rows, applied to every
     * name once the file is read (respell) */
    struct respelling {
        const char *from, *to;
        int word; /* 1: a word of a name ("Đắk" → "Đăk"); 0: a whole name */
    } respell[64];
    int nrespell;
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
    if (len > 0xFFFF) /* (gaz_line and alias_line take no longer names) */
        abort();
    if (L->npairs == L->cappairs) {
        L->cappairs = L->cappairs ? L->cappairs * 2 : 32768;
        L->pairs = xrealloc(L->pairs, (size_t)L->cappairs * sizeof *L->pairs);
    }
    uint64_t prefix = 0;
    if (len >= 8) {
        memcpy(&prefix, key, 8);
    } else {
        for (size_t k = 0; k < len; k++)
            prefix |= (uint64_t)(unsigned char)key[k] << (8 * k);
    }
    prefix = __builtin_bswap64(prefix); /* (big-endian: the first byte highest) */
    if (L->gz->units[ref.unit].level == 1) {
        if (L->nprov == L->capprov) {
            L->capprov = L->capprov ? L->capprov * 2 : 256;
            L->prov_pairs = xrealloc(L->prov_pairs, (size_t)L->capprov * sizeof *L->prov_pairs);
        }
        L->prov_pairs[L->nprov++] = L->npairs;
    }
    L->pairs[L->npairs] = (pair){key, ref.display, prefix, ref.unit, (unsigned short)len, ref.type, ref.flags};
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

/* Bit k set where byte i + k of s[0..len) is a tab, for k < 64 and
 * i + k < len, and in *spaces where it is a space: sixteen bytes a step
 * (the last sixteen of the line, shifted, at its end), byte by byte without
 * SSE2 or on a short line. */
static inline uint64_t tabs_at(const char *s, size_t len, size_t i, uint64_t *spaces)
{
    uint64_t m = 0, sp = 0;
    size_t end = len - i > 64 ? i + 64 : len;
#ifdef __SSE2__
    if (len >= 16) {
        const __m128i tab = _mm_set1_epi8('\t'), space = _mm_set1_epi8(' ');
        for (size_t k = i; k < end; k += 16) {
            size_t at = end - k >= 16 ? k : end - 16; /* (the last sixteen: shifted) */
            __m128i x = _mm_loadu_si128((const __m128i *)(s + at));
            unsigned t = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, tab)) >> (k - at);
            unsigned b = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, space)) >> (k - at);
            m |= (uint64_t)t << (k - i);
            sp |= (uint64_t)b << (k - i);
        }
        *spaces = sp;
        return m;
    }
#endif
    for (size_t k = i; k < end; k++) {
        m |= (uint64_t)(s[k] == '\t') << (k - i);
        sp |= (uint64_t)(s[k] == ' ') << (k - i);
    }
    *spaces = sp;
    return m;
}

/* gz_tabs, and the spaces among the first 64 bytes (bit k: byte k). */
static inline int tabs_spaces(const char *line, size_t len, size_t *at, int max, uint64_t *spaces)
{
    int k = 0;
    *spaces = 0;
    for (size_t i = 0; i < len && k < max; i += 64) {
        uint64_t sp;
        for (uint64_t m = tabs_at(line, len, i, &sp); m && k < max; m &= m - 1)
            at[k++] = i + (unsigned)__builtin_ctzll(m);
        if (!i)
            *spaces = sp;
    }
    return k;
}

int gz_tabs(const char *line, size_t len, size_t *at, int max)
{
    uint64_t spaces;
    return tabs_spaces(line, len, at, max, &spaces);
}

/* A line found malformed: its first n tabs cut (as vn_data_fields would
 * have, for the message that quotes it); 1. */
static int bad_line(char *line, const size_t *tab, int n)
{
    for (int k = 0; k < n; k++)
        line[tab[k]] = '\0';
    return 1;
}

/* The line's name in gz_long_names, if gaz_line found it one (L->long_name). */
static void keep_long_name(loader *L, const char *name)
{
    struct vn_gazetteer *gz = L->gz;
    if (!L->long_name)
        return;
    L->long_name = 0;
    if (gz->nlong == gz->caplong) {
        gz->caplong = gz->caplong ? gz->caplong * 2 : 1024;
        gz->long_names = xrealloc(gz->long_names, (size_t)gz->caplong * sizeof *gz->long_names);
    }
    gz->long_names[gz->nlong++] = name;
}

/* gazetteer.tsv: KIND CODE TYPE NAME UP [FLAG], split by the positions of
 * its tabs (gz_tabs), not in place: the fields are copied by length. */
static int gaz_line(char *line, size_t len, int lineno, void *ctx)
{
    (void)lineno;
    loader *L = ctx;
    struct vn_gazetteer *gz = L->gz;
    size_t t[5];
    uint64_t spaces;
    int nt = tabs_spaces(line, len, t, 5, &spaces);
    if (nt < 4 || t[0] != 1)
        return bad_line(line, t, nt);
    const char *code = line + 2, *name = line + t[2] + 1, *up = line + t[3] + 1;
    size_t lcode = t[1] - 2, lname = t[3] - t[2] - 1, lup = (nt > 4 ? t[4] : len) - t[3] - 1;
    int type = type_of_len(line + t[1] + 1, t[2] - t[1] - 1);
    if (!type || !lname || lname > 0xFFFF)
        return bad_line(line, t, nt);
    if ((line[0] == 'D' || line[0] == 'C' || line[0] == 'W' || line[0] == 'F') && lname < 256) {
        /* two spaces in the name at least (below byte 64: by the mask) */
        uint64_t in = t[3] <= 64 ? spaces >> (t[2] + 1) & ((1ull << lname) - 1) : 0;
        const char *sp = t[3] <= 64 ? NULL : memchr(name, ' ', lname);
        if ((in & (in - 1)) || (sp && memchr(sp + 1, ' ', (size_t)(name + lname - sp - 1))))
            L->long_name = 1; /* (kept below, once in the pool) */
    }
    if (line[0] == 'F') { /* a former name: the unit is known by its code length */
        char kind = lcode == 2 ? 'P' : lcode == 3 ? 'D' : 'C';
        int u = unit_by_num(L, kind, code_num_len(code, lcode));
        if (u < 0)
            return bad_line(line, t, nt);
        const char *kept = keep(gz, name, lname);
        add_pair_len(L, kept, lname, (gz_ref){u, kept, (unsigned char)type, 0});
        keep_long_name(L, kept);
        return 0;
    }
    int slot = kind_slot(line[0]), num = code_num_len(code, lcode);
    if (slot < 0 || num < 0 || L->idx[slot][num])
        return bad_line(line, t, nt);
    if (gz->nunits == L->caprows) {
        L->caprows = L->caprows ? L->caprows * 2 : 16384;
        gz->units = xrealloc(gz->units, (size_t)L->caprows * sizeof *gz->units);
        L->rows = xrealloc(L->rows, (size_t)L->caprows * sizeof *L->rows);
    }
    int u = gz->nunits++;
    L->idx[slot][num] = u + 1;
    char kind = line[0];
    gz_unit *un = &gz->units[u];
    /* the name and the code in one piece of the pool */
    char *kept = keep_room(gz, lname + 1 + lcode);
    memcpy(kept, name, lname);
    kept[lname] = '\0';
    memcpy(kept + lname + 1, code, lcode);
    *un = (gz_unit){.name = kept,
                    .code = kept + lname + 1,
                    .level = (unsigned char)(kind == 'P' || kind == 'Q' ? 1 : kind == 'D' ? 2 : 3),
                    .era = (unsigned char)(kind == 'Q' || kind == 'W' ? GZ_NEW : GZ_OLD),
                    .type = (unsigned char)type,
                    .dissolved = (unsigned char)(nt > 4 && line[t[4] + 1] == 'x'),
                    .up = -1, .province = u, .now = -1, .bucket = -1};
    row *rw = &L->rows[u];
    rw->kind = kind;
    rw->up_num = code_num_len(up, lup);
    rw->up_len = (unsigned char)(lup < 255 ? lup : 255);
    if (rw->up_num < 0) {
        size_t ul = lup < sizeof rw->up - 1 ? lup : sizeof rw->up - 1;
        memcpy(rw->up, up, ul);
        rw->up[ul] = '\0';
    }
    add_pair_len(L, un->name, lname, (gz_ref){u, un->name, (unsigned char)type, 0});
    keep_long_name(L, un->name);
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

/* The other spelling of the pair of fl bytes at s[i] (its first byte b,
 * the bytes as key) into out[i], if it is one; 1 if so. */
static inline int put_tone_pair(const char *s, size_t i, unsigned fl, uint32_t key, char *out)
{
    int dir = (unsigned char)s[i] < 0x80;
    int k = tone_find(key, fl, (unsigned)dir);
    if (k < 0 || (i > 0 && (s[i - 1] | 32) == 'q' && strchr(TONE_PAIRS[k][0], 'y')))
        return 0; /* "quý": the u belongs to the consonant */
    memcpy(out + i, TONE_PAIRS[k][!dir], fl);
    return 1;
}

int gz_tone_variant(const char *s, size_t n, char *out)
{
    if (!tone_ready)
        tone_init();
    memcpy(out, s, n);
    out[n] = '\0';
    int changed = 0;
    /* a pair ends a syllable (the end, or ASCII other than a letter next:
     * ENDS), so only the 3 and 4 bytes before each syllable end are looked
     * up, not every position: a pair starts with o/u and a toned a/e/y (lead
     * byte C3: 3 bytes; E1: 4), or with a toned o/u (C3, C5: 3 bytes; E1: 4)
     * and a plain a/e/y. The bytes tell the direction (the modern form
     * starts with the plain o/u) and the length, so at most one of the two
     * looks finds a pair. */
    static const unsigned char ENDS[256] = {[0 ... '@'] = 1, ['[' ... '`'] = 1, ['{' ... 0x7F] = 1};
    static const unsigned char OPENS3[256] = {['o'] = 1, ['u'] = 1, ['O'] = 1, ['U'] = 1, [0xC3] = 1, [0xC5] = 1};
    static const unsigned char OPENS4[256] = {['o'] = 1, ['u'] = 1, ['O'] = 1, ['U'] = 1, [0xE1] = 1};
    const unsigned char *u = (const unsigned char *)s;
    for (size_t e = 3; e <= n; e++) {
        if (e < n && !ENDS[u[e]])
            continue;
        if (OPENS3[u[e - 3]])
            changed |= put_tone_pair(s, e - 3, 3, u[e - 3] | (uint32_t)u[e - 2] << 8 | (uint32_t)u[e - 1] << 16, out);
        if (e >= 4 && OPENS4[u[e - 4]]) {
            uint32_t key;
            memcpy(&key, s + e - 4, 4);
            changed |= put_tone_pair(s, e - 4, 4, key, out);
        }
    }
    return changed;
}

/* Names with a dash are written with and without spaces and with en dashes
 * ("Bà Rịa - Vũng Tàu", "Phan Rang-Tháp Chàm"); longest forms first. */
static const char *const DASHES[] = {" - ", " – ", "–", "-"};

/* The spellings of a name with an apostrophe as texts write it ("Cư
 * M'gar"): with the typeset one (’), with the letter after it in the other
 * case ("Đắk R'Lấp" / "Đắk R'lấp"), and without a space after it ("Ia H'
 * Drai" / "Ia H'Drai"), into spell[ns..]; the new count. */
static int apostrophe_variants(loader *L, gz_ref ref, const char **spell, size_t *slen, int ns, int cap)
{
    char base[2][256], buf[256];
    size_t blen[2];
    const char *q = memchr(spell[0], '\'', slen[0]);
    if (!q || slen[0] >= sizeof buf - 2)
        return ns;
    size_t at = (size_t)(q - spell[0]);
    memcpy(base[0], spell[0], slen[0]);
    blen[0] = slen[0];
    int nb = 1;
    if (at + 1 < slen[0] && spell[0][at + 1] == ' ') { /* "H' Drai" */
        memcpy(base[1], spell[0], at + 1);
        memcpy(base[1] + at + 1, spell[0] + at + 2, slen[0] - at - 2);
        blen[1] = slen[0] - 1;
        nb = 2;
    }
    for (int bi = 0; bi < nb; bi++) {
        const char *src = base[bi];
        size_t len = blen[bi];
        unsigned char next = at + 1 < len ? (unsigned char)src[at + 1] : 0;
        int flip = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z');
        for (int curly = 0; curly < 2; curly++)
            for (int f = 0; f <= flip; f++) {
                if (!bi && !curly && !f)
                    continue; /* the name itself */
                if (ns >= cap)
                    return ns;
                size_t k = at;
                memcpy(buf, src, at);
                if (curly)
                    memcpy(buf + k, "\xE2\x80\x99", 3), k += 3;
                else
                    buf[k++] = '\'';
                memcpy(buf + k, src + at + 1, len - at - 1);
                if (f)
                    buf[k] = (char)(buf[k] ^ 32);
                k += len - at - 1;
                slen[ns] = k;
                spell[ns] = keep(L->gz, buf, k);
                add_pair_len(L, spell[ns], k, ref);
                ns++;
            }
    }
    return ns;
}

/* The "unit" and "spelling" rows over every name: "Đa Krông" is also
 * "Đakrông"; a name with the word "Đắk" is also written with "Đăk" ("huyện
 * Đăk Glei"). A name is respelled once, by the first row that fits. */
static void respell(loader *L)
{
    int n0 = L->npairs;
    char buf[256];
    size_t fl[64], tl[64];
    unsigned char lead[256] = {0}; /* a row's first byte: where a word may be respelled */
    for (int r = 0; r < L->nrespell; r++) {
        fl[r] = strlen(L->respell[r].from);
        tl[r] = strlen(L->respell[r].to);
        lead[(unsigned char)L->respell[r].from[0]] = 1;
    }
    for (int i = 0; i < n0; i++) {
        const char *key = L->pairs[i].key;
        size_t len = L->pairs[i].len, w = 0;
        int done = 0;
        /* the words of the name (a whole-name row: its first) */
        while (w < len && !done) {
            if (lead[(unsigned char)key[w]])
                for (int r = 0; r < L->nrespell && !done; r++) {
                    const struct respelling *rs = &L->respell[r];
                    if (key[w] != rs->from[0] || key[w + 1] != rs->from[1] || w + fl[r] > len ||
                        memcmp(key + w, rs->from, fl[r]) != 0 ||
                        (rs->word ? w + fl[r] < len && key[w + fl[r]] != ' ' : w || fl[r] != len) ||
                        len - fl[r] + tl[r] >= sizeof buf)
                        continue;
                    memcpy(buf, key, w);
                    memcpy(buf + w, rs->to, tl[r]);
                    memcpy(buf + w + tl[r], key + w + fl[r], len - w - fl[r]);
                    size_t nl = len - fl[r] + tl[r];
                    add_pair_len(L, keep(L->gz, buf, nl), nl, pair_ref(&L->pairs[i]));
                    done = 1; /* once, by the first row that fits */
                }
            const char *sp = memchr(key + w, ' ', len - w);
            w = sp ? (size_t)(sp - key) + 1 : len;
        }
    }
}

static void add_variants(loader *L)
{
    int n0 = L->npairs;
    char buf[256], var[256];
    for (int i = 0; i < n0; i++) {
        const char *spell[12] = {L->pairs[i].key};
        size_t slen[12] = {L->pairs[i].len};
        int ns = 1;
        if (slen[0] >= 200)
            continue;
        if (memchr(spell[0], '\'', slen[0])) { /* "Cư M'gar": rare, and no dash in them */
            ns = apostrophe_variants(L, pair_ref(&L->pairs[i]), spell, slen, ns, 12);
            for (int k = 0; k < ns; k++)
                if (gz_tone_variant(spell[k], slen[k], var))
                    add_pair_len(L, keep(L->gz, var, slen[k]), slen[k], pair_ref(&L->pairs[i]));
            continue;
        }
        if (!memchr(spell[0], '-', slen[0]) && !memchr(spell[0], 0xE2, slen[0])) { /* no "-", "–" */
            if (gz_tone_variant(spell[0], slen[0], var))
                add_pair_len(L, keep(L->gz, var, slen[0]), slen[0], pair_ref(&L->pairs[i]));
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
                add_pair_len(L, spell[ns], slen[ns], pair_ref(&L->pairs[i]));
                ns++;
            }
        }
        for (int k = 0; k < ns; k++)
            if (gz_tone_variant(spell[k], slen[k], var))
                add_pair_len(L, keep(L->gz, var, slen[k]), slen[k], pair_ref(&L->pairs[i]));
    }
}

/* Bytes 8..15 of a key, big-endian, zeros past its end (the next eight
 * after pair.prefix). */
static inline uint64_t prefix2(const pair *p)
{
    if (p->len <= 8)
        return 0;
    uint64_t x;
    if (p->len >= 16) {
        memcpy(&x, p->key + 8, 8);
    } else { /* the eight bytes that end the key: its bytes from 8 on are their last */
        memcpy(&x, p->key + p->len - 8, 8);
        x >>= 8 * (16 - p->len);
    }
    return __builtin_bswap64(x);
}

/* The order of the pairs: by key (bytes, shorter first), unit, display
 * (ties stay in the order they came: the sorts are stable). For pairs of equal prefix (the sort's runs), so the keys
 * differ in bytes 8.. if at all: those by eight (prefix2), the rest by
 * strcmp (a key of 16 bytes or less ends where its prefix2 does). */
static inline int pair_cmp(const pair *x, const pair *y)
{
    if (x->prefix != y->prefix)
        return x->prefix < y->prefix ? -1 : 1;
    uint64_t a = prefix2(x), b = prefix2(y);
    if (a != b)
        return a < b ? -1 : 1;
    int c = x->len > 16 || y->len > 16 ? strcmp(x->key + 16, y->key + 16) : 0;
    if (c)
        return c;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    return x->display == y->display ? 0 : strcmp(x->display, y->display);
}

/* Sort p[0..n) as pair_cmp says: insertion for a few (the usual run: a few
 * spellings of one name), else halves merged through tmp (n / 2 places). */
static void sort_run(pair *p, int n, pair *tmp)
{
    if (n <= 16) {
        for (int a = 1; a < n; a++) {
            pair x = p[a];
            int b = a;
            for (; b > 0 && pair_cmp(&p[b - 1], &x) > 0; b--)
                p[b] = p[b - 1];
            p[b] = x;
        }
        return;
    }
    int h = n / 2;
    sort_run(p, h, tmp);
    sort_run(p + h, n - h, tmp);
    if (pair_cmp(&p[h - 1], &p[h]) <= 0)
        return; /* (in order already) */
    memcpy(tmp, p, (size_t)h * sizeof *p); /* the first half aside, merged back with the second */
    int i = 0, j = h, k = 0;
    while (i < h && j < n)
        p[k++] = pair_cmp(&p[j], &tmp[i]) < 0 ? p[j++] : tmp[i++];
    while (i < h)
        p[k++] = tmp[i++];
}

/* Sort the pairs as pair_cmp says: a stable radix sort on the 8-byte
 * prefixes (11 bits a pass, the six counts taken in one pass over the
 * pairs), then sort_run on each run of equal prefixes. */
static void sort_pairs(loader *L)
{
    int n = L->npairs;
    int *idx = xrealloc(NULL, (size_t)(n ? n : 1) * sizeof *idx), *tmp = xrealloc(NULL, (size_t)(n ? n : 1) * sizeof *tmp);
    int (*count)[2048] = xrealloc(NULL, 6 * sizeof *count); /* (not static: loads may run in parallel) */
    memset(count, 0, 6 * sizeof *count);
    for (int i = 0; i < n; i++) {
        uint64_t x = L->pairs[i].prefix;
        idx[i] = i;
        for (int d = 0; d < 6; d++)
            count[d][x >> (11 * d) & 2047]++;
    }
    for (int d = 0; d < 6; d++) {
        int *c = count[d], shift = 11 * d;
        if (n && c[L->pairs[0].prefix >> shift & 2047] == n)
            continue; /* (one digit for all: this pass keeps the order) */
        for (int v = 0, sum = 0; v < 2048; v++) {
            int k = c[v];
            c[v] = sum;
            sum += k;
        }
        for (int i = 0; i < n; i++)
            tmp[c[L->pairs[idx[i]].prefix >> shift & 2047]++] = idx[i];
        int *t = idx;
        idx = tmp;
        tmp = t;
    }
    /* the pairs into that order in place, a cycle of the permutation at a
     * time (idx[j]: the pair that goes to j; j once placed) rather than into
     * a copy: a megabyte of fresh memory costs more in page faults than the
     * moves */
    pair *sorted = L->pairs;
    for (int i = 0; i < n; i++) {
        if (idx[i] == i)
            continue;
        pair first = sorted[i];
        int j = i;
        for (int k; (k = idx[j]) != i; j = k) {
            sorted[j] = sorted[k];
            idx[j] = j;
        }
        sorted[j] = first;
        idx[j] = j;
    }
    free(idx);
    free(tmp);
    free(count);
    int longest = 0;
    for (int i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && sorted[j].prefix == sorted[i].prefix; j++)
            ;
        longest = j - i > longest ? j - i : longest;
    }
    pair *scratch = xrealloc(NULL, (size_t)(longest / 2 + 1) * sizeof *scratch);
    for (int i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && sorted[j].prefix == sorted[i].prefix; j++)
            ;
        sort_run(sorted + i, j - i, scratch);
    }
    free(scratch);
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
    /* gz->names answers only where the hash table cannot (a clash) and for
     * the tests: put its keys (the same records, group g's spelling) when it
     * is first read */
    vn_trie_put_later(gz->names, gz->name_lookup.sp, gz->ngroups);
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
        } else if (p->unit == L->pairs[i - 1].unit && p->type == L->pairs[i - 1].type) {
            gz->refs[nrefs - 1].flags &= p->flags; /* a duplicate: bare wins */
            continue;
        }
        gz->refs[nrefs++] = pair_ref(p);
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
        if (strlen(f[1]) > 0xFFFF) /* (pair.len) */
            return 1;
        const char *alias = keep(gz, f[1], strlen(f[1]));
        int found = 0, n0 = L->nprov;
        for (int j = 0; j < n0; j++) {
            int i = L->prov_pairs[j];
            if (strcmp(L->pairs[i].key, f[2]) == 0) {
                gz_ref r = pair_ref(&L->pairs[i]);
                r.flags = (unsigned char)(typed ? GZ_REF_TYPED_ONLY : 0);
                add_pair(L, alias, r);
                found = 1;
            }
        }
        return !found;
    } else if (strcmp(f[0], "unit") == 0 || strcmp(f[0], "spelling") == 0) {
        if (nf < 3 || L->nrespell == (int)(sizeof L->respell / sizeof *L->respell))
            return 1;
        int word = f[0][0] == 's';
        /* "unit ALIAS NAME"; "spelling FROM TO" */
        L->respell[L->nrespell++] = (struct respelling){keep(gz, word ? f[1] : f[2], strlen(word ? f[1] : f[2])),
                                                        keep(gz, word ? f[2] : f[1], strlen(word ? f[2] : f[1])),
                                                        word};
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
    return pl_lookup_get(&gz->name_lookup, gz->names, s, n);
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
            const row *rw = &L->rows[bad - 1];
            char up[16];
            if (rw->up_num >= 0) /* (digits only: the number as wide as written) */
                snprintf(up, sizeof up, "%0*d", rw->up_len & 7, rw->up_num);
            vn_error_set(err, VN_ERR_DATA, "gazetteer.tsv", 0, -1, "unit %s: unknown parent %s",
                         gz->units[bad - 1].code, rw->up_num >= 0 ? up : rw->up);
            rc = VN_ERR_DATA;
        }
    }
    if (!rc)
        rc = vn_data_each_line(dir, "gazetteer-aliases.tsv", alias_line, L, err);
    if (!rc) {
        respell(L);
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
    free(gz->long_names);
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
