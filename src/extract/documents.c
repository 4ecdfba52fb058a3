/* documents.c — references to Party and State documents in the article's lines.
 *
 * A line is read once, left to right. A reference starts either at a kind word
 * (the longest phrase of data/doc_kinds.tsv: "Nghị quyết", "Thông tư liên tịch")
 * followed by "số"? and a code, a list of codes and numbers ("Nghị quyết số 18,
 * 19-NQ/TW"), a bare number ("Chỉ thị 05") or, for the kinds that have names, a
 * name ("Luật Đất đai", "Nghị quyết Đại hội XIV của Đảng"); or at a số ký hiệu
 * standing alone whose letters are known (doccode.c). What surrounds each one
 * (date, issuer, subject) is read by doctail.c. Each document is kept once per
 * article and scope, with all its spans; a short form ("Chỉ thị 05") joins the
 * coded document of the same kind and number. */
#include "../core/uni.h"
#include "documents.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
enum { MAX_LIST = 64, NUMBER_DIGITS = 6 };

/* "số", "Số", "SỐ" at p, then optional ':' or '.': returns the position after, or p. */
static size_t after_so(const char *s, size_t n, size_t p)
{
    if (p + 4 > n)
        return p;
    const unsigned char *u = (const unsigned char *)s + p;
    int so = (u[0] == 's' || u[0] == 'S') && u[1] == 0xE1 && u[2] == 0xBB && (u[3] == 0x91 || u[3] == 0x90);
    if (!so || vn_doc_is_alnum_at(s, n, p + 4))
        return p;
    size_t q = p + 4;
    if (q < n && (s[q] == ':' || s[q] == '.'))
        q++;
    return skip_spaces(s, n, q);
}

/* A bare document number at p ("05", "26"): its end, or 0. Not a decimal, a
 * date, a ratio or a code. */
static size_t bare_number(const char *s, size_t n, size_t p)
{
    size_t q = p;
    while (digit_at(s, n, q) && q - p < NUMBER_DIGITS)
        q++;
    if (q == p || digit_at(s, n, q) || vn_doc_is_alnum_at(s, n, q))
        return 0;
    if (q < n && (s[q] == '%' || ((s[q] == '/' || s[q] == '-' || s[q] == ',' || s[q] == '.') &&
                                  digit_at(s, n, q + 1))))
        return 0;
    return q;
}

/* Is the short form "KIND NUMBER" at [p, e) a document number, not a year or
 * a quantity ("Hiến pháp 2013", "Kế hoạch 5 năm")? */
static int short_form_ok(const struct vn_doc_lex *lx, const char *s, size_t n, size_t p, size_t e,
                         int had_so)
{
    if (!had_so && e - p == 4) {
        int v = 0;
        for (size_t i = p; i < e; i++)
            v = v * 10 + (s[i] - '0');
        if (v >= 1900 && v <= 2100)
            return 0;
    }
    if (e - p > 5)
        return 0;
    size_t w = skip_spaces(s, n, e);
    size_t len;
    if (w > e && w < n && vn_trie_longest(lx->measures, s + w, n - w, &len) >= 0)
        return 0;
    return 1;
}

/* A separator between list items ("18, 19-NQ/TW", "43 và 44", "191/QĐ-UBND; 192/QĐ-UBND"),
 * followed by a digit: the position of that digit, or 0. */
static size_t list_next(const char *s, size_t n, size_t p)
{
    size_t q = skip_spaces(s, n, p);
    if (q < n && (s[q] == ',' || s[q] == ';'))
        q = skip_spaces(s, n, q + 1);
    else if (q + 3 <= n && memcmp(s + q, "và", 3) == 0 && q + 3 < n && s[q + 3] == ' ')
        q = skip_spaces(s, n, q + 3);
    else
        return 0;
    q = after_so(s, n, q);
    return digit_at(s, n, q) && vn_doc_is_word_start(s, q) ? q : 0;
}

typedef struct scan {
    const struct vn_doc_lex *lx;
    const vn_record *r;
    vn_buf *refs; /* vn_doc_ref[] for the line */
} scan;

static vn_doc_ref *new_ref(scan *sc)
{
    vn_doc_ref z;
    memset(&z, 0, sizeof z);
    if (vn_buf_add(sc->refs, &z, sizeof z) != VN_OK)
        return NULL;
    return (vn_doc_ref *)(sc->refs->ptr + sc->refs->len - sizeof z);
}

static const char *code_kind_or(const vn_doc_code *c, const char *kind, int generic)
{
    const char *k = vn_doc_code_kind(c);
    if (generic)
        return k ? k : kind;
    return kind;
}

/* "Luật Đất đai số 31/2024/QH15", "Bộ luật Lao động số 45/2019/QH14": after a
 * named kind, a title and then its code after "số". The title is not read
 * as a name alone is (vn_doc_name_end stops at stop words and long lowercase
 * runs): here the code ends it. It ends at sentence punctuation or another
 * capitalized kind word. Returns where the
 * title ends (c: the code), or 0. */
static size_t titled_code(const struct vn_doc_lex *lx, const char *s, size_t n, size_t p,
                          vn_doc_code *c)
{
    enum { TITLE_WORDS = 16 };
    size_t q = p;
    for (int words = 0; q < n && words < TITLE_WORDS;) {
        unsigned char b = (unsigned char)s[q];
        if (b == '.' || b == ';' || b == ':' || b == '(' || b == ')' || b == '"' || b == '\n')
            return 0;
        if (b != ' ') {
            q++;
            continue;
        }
        size_t w = skip_spaces(s, n, q), d = after_so(s, n, w);
        if (d != w && digit_at(s, n, d) && vn_doc_code_scan(lx, s, n, d, 0, c)) {
            while (q > p && s[q - 1] == ',')
                q--;
            return q;
        }
        int len;
        if (w >= n || (kind_at(lx, s, n, w) && vn_is_upper(vn_utf8_next(s + w, n - w, &len))))
            return 0; /* "… và Nghị định số …"; "pháp luật" is a title's */
        q = w;
        words++;
    }
    return 0;
}

/* After a kind word [ks, ke): a list of codes and numbers, or a name. Returns
 * where reading goes on. */
/* Do the word or two before the kind word at ks name an institution or a
 * field ("Công ty Luật …", "Trường Đại học Luật …", "cử nhân Luật")? */
static int institution_before(const struct vn_doc_lex *lx, const char *s, size_t ks)
{
    size_t b = ks;
    while (b > 0 && s[b - 1] == ' ')
        b--;
    for (int words = 0; words < 2 && b > 0; words++) {
        size_t w = b;
        while (w > 0 && s[w - 1] != ' ')
            w--;
        if (w == b || b - w > VN_DOC_MAX_WORD)
            return 0;
        size_t e = ks;
        while (e > b && s[e - 1] == ' ')
            e--;
        if (vn_trie_get(lx->notafter, s + w, e - w) >= 0)
            return 1;
        b = w;
        while (b > 0 && s[b - 1] == ' ')
            b--;
    }
    return 0;
}

/* Is the letter at ks a capital? (ASCII without a call.) */
static inline int capital_first(const char *s, size_t n, size_t ks)
{
    unsigned char b = (unsigned char)s[ks];
    if (b < 0x80)
        return b >= 'A' && b <= 'Z';
    int len;
    return vn_is_upper(vn_utf8_next(s + ks, n - ks, &len));
}

static size_t after_kind(scan *sc, const char *s, size_t n, size_t ks, size_t ke, int kind_idx)
{
    const struct vn_doc_lex *lx = sc->lx;
    const vn_doc_kind *kind = &lx->kind[kind_idx];
    int generic = kind->flags & VN_KIND_GENERIC;
    size_t p = skip_spaces(s, n, ke);
    if (p == ke && p < n)
        return ke; /* "Luật," */
    size_t q = after_so(s, n, p);
    int had_so = q != p;
    p = q;
    /* asked only when a number or a name may follow (most kind words, "kế
     * hoạch", "báo cáo", stand in a sentence with neither) */
    int written_capitalized;

    if (digit_at(s, n, p)) {
        written_capitalized = capital_first(s, n, ks);
        struct item { size_t start, end; int has_code; vn_doc_code c; } items[MAX_LIST];
        int ni = 0;
        while (ni < MAX_LIST) {
            struct item *it = &items[ni];
            it->start = p;
            if (vn_doc_code_scan(lx, s, n, p, 0, &it->c)) {
                it->has_code = 1;
                it->end = it->c.end;
            } else if ((it->end = bare_number(s, n, p))) {
                it->has_code = 0;
            } else {
                break;
            }
            ni++;
            size_t nx = list_next(s, n, it->end);
            if (!nx)
                break;
            p = nx;
        }
        if (!ni)
            return ke;
        /* bare numbers before a code share its letters: "18, 19-NQ/TW" */
        int last_code = items[ni - 1].has_code;
        if (!last_code)
            ni = 1; /* "Chỉ thị 05, 3 năm qua": only the first number is the document's */
        for (int i = 0; i < ni; i++) {
            struct item *it = &items[i];
            if (!it->has_code && last_code) {
                const vn_doc_code *lc = &items[ni - 1].c;
                vn_doc_code c = *lc;
                size_t k = it->end - it->start;
                if (k >= sizeof c.number)
                    continue;
                memcpy(c.number, s + it->start, k);
                c.number[k] = '\0';
                snprintf(c.code, sizeof c.code, "%s%s", c.number, lc->code + lc->suffix);
                c.suffix = k;
                c.start = it->start;
                c.end = it->end;
                it->c = c;
                it->has_code = 1;
            }
            /* "Chỉ thị 05", "nghị quyết số 26"; not "vốn điều lệ 59 công ty" */
            if (!it->has_code && (!(had_so || written_capitalized) ||
                                  !short_form_ok(lx, s, n, it->start, it->end, had_so || i > 0)))
                continue;
            vn_doc_ref *ref = new_ref(sc);
            if (!ref)
                break;
            ref->start = i == 0 ? ks : it->start;
            ref->end = it->end;
            ref->tail = it->end;
            ref->kind_from_word = 1;
            if (it->has_code) {
                ref->has_code = 1;
                ref->c = it->c;
                ref->kind = code_kind_or(&it->c, kind->kind, generic);
                if (i > 0 && !generic) {
                    /* "Chỉ thị 05-CT/TW, 12-KL/TW": later letters that disagree say their own kind */
                    const char *ck = vn_doc_code_kind(&it->c);
                    if (ck && items[0].has_code && strcmp(it->c.type_letters, items[0].c.type_letters))
                        ref->kind = ck;
                }
            } else {
                size_t k = it->end - it->start;
                memcpy(ref->number, s + it->start, k);
                ref->number[k] = '\0';
                ref->kind = kind->kind;
            }
        }
        return items[ni - 1].end;
    }

    if ((kind->flags & VN_KIND_NAMED) && !had_so && p < n && capital_first(s, n, ks)) {
        int len;
        int32_t c = vn_utf8_next(s + p, n - p, &len);
        vn_doc_code code;
        size_t title_e;
        if (vn_is_upper(c) && !kind_at(lx, s, n, p) && (title_e = titled_code(lx, s, n, p, &code))) {
            vn_doc_ref *ref = new_ref(sc);
            if (ref) {
                ref->start = ks;
                ref->end = ref->tail = code.end;
                ref->has_code = 1;
                ref->c = code;
                ref->kind = code_kind_or(&code, kind->kind, generic);
                ref->kind_from_word = 1;
                ref->title_e = title_e;
            }
            return code.end;
        }
        if (vn_is_upper(c) && !kind_at(lx, s, n, p) && !institution_before(lx, s, ks)) {
            size_t e = vn_doc_name_end(lx, s, n, p);
            if (e > p) {
                vn_doc_ref *ref = new_ref(sc);
                if (ref) {
                    ref->start = ks;
                    ref->end = e;
                    ref->tail = e;
                    ref->kind = kind->kind;
                    ref->kind_from_word = 1;
                    ref->named = 1;
                }
                return e;
            }
        }
    }
    return ke;
}

/* A separator as doccode.c reads one at p (up to two spaces, '/', '-' or a
 * dash E2 xx xx, up to two spaces): where it ends and *sep, or 0. Any E2 is
 * taken for a dash here: the scan decides. */
static size_t loose_separator(const char *s, size_t n, size_t p, char *sep)
{
    for (int k = 0; k < 2 && p < n && s[p] == ' '; k++)
        p++;
    if (p >= n)
        return 0;
    *sep = s[p];
    if (s[p] == '/' || s[p] == '-')
        p++;
    else if ((unsigned char)s[p] == 0xE2)
        p += 3, *sep = '-';
    else
        return 0;
    for (int k = 0; k < 2 && p < n && s[p] == ' '; k++)
        p++;
    return p;
}

/* Can the code's letters follow the number at i: after its separator (and a
 * year with its '/'), a capital or Đ/Ð (C4 90 / C3 90), as doccode.c's
 * segment wants? Dates, ranges and ratios ("24/10/2018", "2016-2020")
 * stop here, before the full scan. */
static int code_letters_may_follow(const char *s, size_t n, size_t i)
{
    size_t p = i;
    char sep;
    while (p < n && p - i < 6 && s[p] >= '0' && s[p] <= '9')
        p++;
    if (!(p = loose_separator(s, n, p, &sep)))
        return 0;
    if (digit_at(s, n, p)) { /* a year: four digits and '/' */
        size_t y = p;
        while (y < n && y - p < 4 && s[y] >= '0' && s[y] <= '9')
            y++;
        if (y - p != 4 || !(p = loose_separator(s, n, y, &sep)) || sep != '/')
            return 0;
    }
    if (p >= n)
        return 0;
    unsigned char b = (unsigned char)s[p];
    return (b >= 'A' && b <= 'Z') || b == 0xC4 || b == 0xC3;
}

/* A số ký hiệu standing alone at i (a digit at a word start). Returns where the
 * scan goes on, or 0. */
__attribute__((noinline)) static size_t try_code(scan *sc, const char *s, size_t n, size_t i)
{
    vn_doc_code c;
    if (!code_letters_may_follow(s, n, i) || !vn_doc_code_scan(sc->lx, s, n, i, 1, &c))
        return 0;
    vn_doc_ref *ref = new_ref(sc);
    if (!ref)
        return n;
    ref->start = c.start;
    ref->end = ref->tail = c.end;
    ref->has_code = 1;
    ref->c = c;
    ref->kind = vn_doc_code_kind(&c);
    return c.end;
}

/* A kind word at i and what follows it. Returns where the scan goes on, or 0. */
__attribute__((noinline)) static size_t try_kind(scan *sc, const char *s, size_t n, size_t i)
{
    size_t len;
    int k = vn_doc_kind_longest(sc->lx, s, n, i, &len);
    if (k < 0)
        return 0;
    size_t next = after_kind(sc, s, n, i, i + len, k);
    return next > i + len || next >= n || !vn_doc_word_byte(s, n, next) ? next : 0;
}

/* A number at a word start, not inside a number, a date or a ratio
 * ("24/10/2018", "01:2009/BYT", "1.528"). */
static inline int number_starts(const char *s, size_t i)
{
    return s[i] >= '0' && s[i] <= '9' &&
           !(i >= 2 && s[i - 2] >= '0' && s[i - 2] <= '9' &&
             (s[i - 1] == '/' || s[i - 1] == '-' || s[i - 1] == '.' || s[i - 1] == ',' ||
              s[i - 1] == ':'));
}

/* Word by word: a reference starts at a word that is a kind phrase or a
 * number. The line is read in chunks: docscan.c marks the places of a chunk's
 * blocks where one may begin (digits, and the first bytes of a kind phrase,
 * found with vector instructions), then those where a word starts are tried in
 * order. After a reference the scan goes on where it ends: the places it
 * covered are passed over, and it ends before no letter or digit, so no word
 * start is made there. */
enum { CHUNK_BLOCKS = 32 }; /* 2 KB of line per chunk (a bit per block in a 32-bit word) */

static void scan_line(scan *sc, const char *s, size_t n)
{
    uint64_t cand[CHUNK_BLOCKS];
    vn_doc_carry carry = VN_DOC_CARRY_INIT;
    size_t resume = 0, at = 0;
    while (at < n) {
        int nb = vn_doc_mark_starts(sc->lx, s, n, at, cand, CHUNK_BLOCKS, &carry);
        size_t from = at;
        at += 64 * (size_t)nb;
        /* the blocks with a mark, found without a branch per block: most
         * have none, and which ones is hard to foresee (a test per block
         * went the wrong way for one in two) */
        uint32_t busy = 0;
        for (int b = nb - 1; b >= 0; b--) /* a shift by one, not by b (three uops) */
            busy = busy << 1 | (cand[b] != 0);
        for (; busy; busy &= busy - 1) {
            int b = __builtin_ctz(busy);
            uint64_t starts = cand[b];
            size_t base = from + 64 * (size_t)b;
            if (resume > base)
                starts &= resume - base >= 64 ? 0 : ~(uint64_t)0 << (resume - base);
            while (starts) {
                size_t i = base + (unsigned)__builtin_ctzll(starts);
                starts &= starts - 1;
                size_t next;
                if (s[i] >= '0' && s[i] <= '9') {
                    if (!vn_doc_word_starts(s, n, i) || !number_starts(s, i) || !vn_doc_code_may_start(s, n, i))
                        continue;
                    next = try_code(sc, s, n, i);
                } else {
                    /* the hashed prefixes first: they rule out more, for less */
                    if (!vn_doc_kind_may_start(sc->lx, s, n, i) || !vn_doc_word_starts(s, n, i))
                        continue;
                    next = try_kind(sc, s, n, i);
                }
                if (next) {
                    resume = next;
                    starts &= resume - base >= 64 ? 0 : ~(uint64_t)0 << (resume - base);
                }
            }
        }
    }
}

/* ---- the record: one document per key and scope, spans kept ---- */

typedef struct doc_index {
    int *slot;      /* document index + 1, 0 = empty */
    unsigned cap;   /* power of two */
    unsigned used;
} doc_index;

static unsigned hash_key(const char *k)
{
    unsigned h = 2166136261u;
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 16777619u;
    return h;
}

/* Append s to out[*o] (cap bytes in all), cut as snprintf cuts. */
static void key_put(char *out, size_t cap, size_t *o, const char *s)
{
    size_t k = strlen(s);
    if (*o + k >= cap)
        k = cap - 1 - *o;
    memcpy(out + *o, s, k);
    *o += k;
}

/* The key a document is kept under: what snprintf("%d c %s", …) would write
 * (written by hand: the lookups make a key for every probe). */
static void key_of(const vn_document *d, int short_key, char *out, size_t cap)
{
    char scope[16];
    if ((int)d->in >= 0 && (int)d->in < 10) /* a scope is one digit */
        scope[0] = (char)('0' + (int)d->in), scope[1] = '\0';
    else
        snprintf(scope, sizeof scope, "%d", (int)d->in);
    size_t o = 0;
    key_put(out, cap, &o, scope);
    if (d->code && !short_key) {
        key_put(out, cap, &o, " c ");
        key_put(out, cap, &o, d->code);
    } else if (d->number) {
        const char *num = d->number;
        while (num[0] == '0' && num[1])
            num++;
        key_put(out, cap, &o, " n ");
        key_put(out, cap, &o, d->kind ? d->kind : "");
        key_put(out, cap, &o, " ");
        key_put(out, cap, &o, num);
    } else {
        key_put(out, cap, &o, " s ");
        key_put(out, cap, &o, d->kind ? d->kind : "");
        key_put(out, cap, &o, " ");
        key_put(out, cap, &o, d->subject ? d->subject : "");
    }
    out[o] = '\0';
}

/* The document stored under key, or -1; with insert, store at if absent. */
static int index_find(vn_arena *a, doc_index *ix, const vn_record *r, const char *key, int short_key,
                      int insert)
{
    if (insert && (ix->used + 1) * 2 > ix->cap) {
        doc_index big = {0, ix->cap ? ix->cap * 2 : 64, 0};
        big.slot = vn_arena_alloc(a, big.cap * sizeof *big.slot);
        memset(big.slot, 0, big.cap * sizeof *big.slot);
        char k2[256];
        for (unsigned i = 0; i < ix->cap; i++) {
            if (!ix->slot[i])
                continue;
            int di = ix->slot[i] - 1;
            key_of(&r->documents.v[di], short_key, k2, sizeof k2);
            unsigned h = hash_key(k2) & (big.cap - 1);
            while (big.slot[h])
                h = (h + 1) & (big.cap - 1);
            big.slot[h] = di + 1;
            big.used++;
        }
        *ix = big;
    }
    if (!ix->cap)
        return -1;
    unsigned h = hash_key(key) & (ix->cap - 1);
    char k2[256];
    while (ix->slot[h]) {
        int di = ix->slot[h] - 1;
        key_of(&r->documents.v[di], short_key, k2, sizeof k2);
        if (!strcmp(k2, key))
            return di;
        h = (h + 1) & (ix->cap - 1);
    }
    if (insert) {
        ix->slot[h] = insert;
        ix->used++;
    }
    return -1;
}

static char *dup_span(vn_arena *a, const char *s, size_t b, size_t e)
{
    return e > b ? vn_arena_strndup(a, s + b, e - b) : NULL;
}

/* The code points of p[0 .. len): every byte but 10xxxxxx starts one;
 * sixteen bytes at a time (SSE2: the continuation bytes summed by psadbw),
 * eight without. */
static size_t cp_count(const char *p, size_t len)
{
    size_t cont = 0, i = 0;
#ifdef __SSE2__
    __m128i acc = _mm_setzero_si128();
    for (; i + 16 <= len; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(p + i));
        /* 10xxxxxx: as signed bytes, below -64 (0xC0) */
        __m128i c = _mm_and_si128(_mm_cmplt_epi8(x, _mm_set1_epi8((char)0xC0)), _mm_set1_epi8(1));
        acc = _mm_add_epi64(acc, _mm_sad_epu8(c, _mm_setzero_si128()));
    }
    cont = (size_t)_mm_cvtsi128_si64(acc) + (size_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(acc, acc));
#endif
    const uint64_t highs = 0x8080808080808080ull;
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, p + i, 8);
        uint64_t continuation = (x & ~(x << 1) & highs) >> 7; /* bit 7 set, bit 6 clear */
        cont += (size_t)((continuation * 0x0101010101010101ull) >> 56);
    }
    for (; i < len; i++)
        cont += ((unsigned char)p[i] & 0xC0) == 0x80;
    return len - cont;
}

/* The code point at byte b, counted along the line from where the last ask
 * left off (forward, or back when that is shorter than from the start: a
 * reference's end may pass the next one's start). */
typedef struct cp_cursor { size_t byte; int cp; } cp_cursor;
static int cp_at(const char *s, cp_cursor *cur, size_t byte)
{
    if (byte < cur->byte) {
        if (cur->byte - byte < byte) {
            cur->cp -= (int)cp_count(s + byte, cur->byte - byte);
            cur->byte = byte;
            return cur->cp;
        }
        cur->byte = 0;
        cur->cp = 0;
    }
    cur->cp += (int)cp_count(s + cur->byte, byte - cur->byte);
    cur->byte = byte;
    return cur->cp;
}

/* Spans of a document arrive in line order (and in order within a line), so a
 * span after the last one is new: add it without vn_spans_add's scan, which
 * would make a line citing one document thousands of times quadratic. */
static void add_span(vn_arena *a, vn_spans *sp, int line, int start, int end)
{
    if (sp->n) {
        const vn_span *last = &sp->v[sp->n - 1];
        if (line > last->line || (line == last->line && start > last->start)) {
            *VN_PUSH(a, *sp) = (vn_span){line, start, end};
            return;
        }
    }
    vn_spans_add(a, sp, line, start, end);
}

static int has_span_order(const vn_span *a, const vn_span *b)
{
    return a->line < b->line || (a->line == b->line && a->start < b->start);
}

/* Is the span among the first n of sp, which are in order (add_span)? */
static int has_span(const vn_spans *sp, int n, const vn_span *x)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        const vn_span *m = &sp->v[mid];
        int c = m->line != x->line ? (m->line < x->line ? -1 : 1)
                : m->start != x->start ? (m->start < x->start ? -1 : 1)
                : m->end != x->end ? (m->end < x->end ? -1 : 1) : 0;
        if (!c)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return 0;
}

static void fill_missing(vn_document *d, const vn_document *from)
{
    if (!d->issuer)
        d->issuer = from->issuer;
    if (!d->date)
        d->date = from->date;
    if (!d->subject)
        d->subject = from->subject;
    if (!d->kind)
        d->kind = from->kind;
}

/* "%04d-%02d-%02d" in the arena, by hand for the usual values. */
static const char *iso_date(vn_arena *a, int y, int m, int d)
{
    if (y < 0 || y > 9999 || m < 0 || m > 99 || d < 0 || d > 99)
        return vn_arena_printf(a, "%04d-%02d-%02d", y, m, d);
    char *out = vn_arena_alloc(a, 11);
    if (!out)
        return NULL;
    const int v[3] = {y, m, d}, w[3] = {4, 2, 2};
    size_t o = 0;
    for (int k = 0; k < 3; k++) {
        if (k)
            out[o++] = '-';
        for (int j = w[k] - 1, x = v[k]; j >= 0; j--, x /= 10)
            out[o + (size_t)j] = (char)('0' + x % 10);
        o += (size_t)w[k];
    }
    out[o] = '\0';
    return out;
}

static void emit(vn_stage *st, vn_record *r, doc_index *ix, const vn_line *l, int scope,
                 vn_doc_ref *refs, int nrefs)
{
    vn_arena *a = st->arena;
    const char *s = l->text;
    cp_cursor cur = {0, 0};
    for (int i = 0; i < nrefs; i++) {
        const vn_doc_ref *ref = &refs[i];
        vn_document d;
        memset(&d, 0, sizeof d);
        d.in = (vn_in)scope;
        d.kind = ref->kind;
        if (ref->has_code) {
            d.code = vn_arena_strdup(a, ref->c.code);
            d.number = vn_arena_strdup(a, ref->c.number);
            d.year = ref->c.year;
            d.type = ref->c.type_letters[0] ? vn_arena_strdup(a, ref->c.type_letters) : NULL;
            d.issuer_code = ref->c.issuer_code[0] ? vn_arena_strdup(a, ref->c.issuer_code) : NULL;
        } else if (ref->number[0]) {
            d.number = vn_arena_strdup(a, ref->number);
        }
        if (ref->issuer_e) {
            size_t e = ref->issuer_e;
            while (e > ref->issuer_s && s[e - 1] == ' ')
                e--;
            d.issuer = dup_span(a, s, ref->issuer_s, e);
        } else if (ref->has_code) {
            char name[256];
            const char *nm = vn_doc_code_issuer(st->lex->docs, &ref->c, name, sizeof name);
            d.issuer = nm ? vn_arena_strdup(a, nm) : NULL;
        }
        if (ref->y)
            d.date = iso_date(a, ref->y, ref->m, ref->d);
        if (ref->named) {
            size_t e = ref->end;
            if (ref->issuer_e && ref->issuer_s >= ref->end && ref->issuer_s - ref->end <= 8)
                e = ref->issuer_e;
            d.subject = dup_span(a, s, ref->start, e);
        } else if (ref->title_e) {
            d.subject = dup_span(a, s, ref->start, ref->title_e);
        } else if (ref->subj_e > ref->subj_s) {
            d.subject = dup_span(a, s, ref->subj_s, ref->subj_e);
        }
        int line = l->n;
        int cs = cp_at(s, &cur, ref->start), ce = cp_at(s, &cur, ref->end);

        char key[256];
        key_of(&d, 0, key, sizeof key);
        int at = index_find(a, ix, r, key, 0, 0);
        if (at >= 0) {
            vn_document *old = &r->documents.v[at];
            fill_missing(old, &d);
            add_span(a, &old->spans, line, cs, ce);
            continue;
        }
        vn_document *nd = VN_PUSH(a, r->documents);
        *nd = d;
        add_span(a, &nd->spans, line, cs, ce);
        index_find(a, ix, r, key, 0, r->documents.n);
    }
}

/* "Chỉ thị 05" and "Chỉ thị 05-CT/TW" in one article are one document. */
static void join_short_forms(vn_stage *st, vn_record *r)
{
    vn_arena *a = st->arena;
    doc_index coded = {0, 0, 0};
    char key[256];
    for (int i = 0; i < r->documents.n; i++) {
        vn_document *d = &r->documents.v[i];
        if (!d->code || !d->number)
            continue;
        key_of(d, 1, key, sizeof key);
        if (index_find(a, &coded, r, key, 1, 0) < 0)
            index_find(a, &coded, r, key, 1, i + 1);
    }
    if (!coded.used)
        return;
    char *gone = vn_arena_alloc(a, (size_t)r->documents.n);
    memset(gone, 0, (size_t)r->documents.n);
    for (int i = 0; i < r->documents.n; i++) {
        vn_document *d = &r->documents.v[i];
        if (d->code || !d->number)
            continue;
        key_of(d, 1, key, sizeof key);
        int at = index_find(a, &coded, r, key, 1, 0);
        if (at < 0)
            continue;
        vn_document *c = &r->documents.v[at];
        fill_missing(c, d);
        /* both lists are in order and d's has no repeats: look its spans up among
         * c's own (as vn_spans_add would, but in log time) */
        int own = c->spans.n, ordered = 1;
        for (int k = 1; k < own && ordered; k++)
            ordered = has_span_order(&c->spans.v[k - 1], &c->spans.v[k]);
        for (int k = 0; k < d->spans.n; k++) {
            const vn_span *x = &d->spans.v[k];
            if (!ordered)
                vn_spans_add(a, &c->spans, x->line, x->start, x->end);
            else if (!has_span(&c->spans, own, x))
                *VN_PUSH(a, c->spans) = *x;
        }
        gone[i] = 1;
    }
    int out = 0;
    for (int i = 0; i < r->documents.n; i++)
        if (!gone[i])
            r->documents.v[out++] = r->documents.v[i];
    r->documents.n = out;
}

void vn_extract_documents(vn_stage *st, vn_record *r)
{
    const struct vn_doc_lex *lx = st->lex ? st->lex->docs : NULL;
    if (!lx || !lx->kinds)
        return;
    doc_index ix = {0, 0, 0};
    scan sc = {lx, r, &st->scratch};
    for (int li = 0; li < r->lines.n; li++) {
        const vn_line *l = &r->lines.v[li];
        int scope = vn_line_scope(l);
        if (scope < 0 || !l->text || l->len <= 0)
            continue;
        vn_buf_reset(&st->scratch);
        scan_line(&sc, l->text, (size_t)l->len);
        int nrefs = (int)(st->scratch.len / sizeof(vn_doc_ref));
        if (!nrefs)
            continue;
        vn_doc_ref *refs = (vn_doc_ref *)st->scratch.ptr;
        vn_doc_read_tails(lx, r, l->text, (size_t)l->len, refs, nrefs);
        emit(st, r, &ix, l, scope, refs, nrefs);
    }
    vn_buf_reset(&st->scratch);
    join_short_forms(st, r);
}
