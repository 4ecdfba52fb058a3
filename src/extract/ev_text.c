/* ev_text.c — the small text helpers the date, event and figure scanners
 * share (events_int.h): lowercase that keeps byte offsets (vn_ev_lower),
 * word bytes and word bounds, capitals, code-point offsets, and the byte
 * ranges of a line that documents claimed. Written for Vietnamese text: the
 * common letters are byte operations, the rest goes to the case tables. */
#include "events_int.h"
#include "../core/uni.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

/* ------------------------------------------------------------ text helpers */

/* Lowercase of the letters Vietnamese text is made of, without a table
 * lookup in utf8proc: Latin-1, the Vietnamese letters of Latin Extended-A/B,
 * and Latin Extended Additional (U+1EA0..U+1EF9: uppercase even, lowercase
 * odd). Anything else goes to vn_to_lower. */
static int32_t fast_lower(int32_t c)
{
    if (c >= 0x1EA0 && c <= 0x1EF9)
        return c | 1;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 0x20;
    if (c >= 0xDF && c <= 0xFF)
        return c;
    switch (c) {
    case 0x102: case 0x110: case 0x128: case 0x168: case 0x1A0:
        return c + 1;
    case 0x1AF:
        return 0x1B0;
    case 0x103: case 0x111: case 0x129: case 0x169: case 0x1A1: case 0x1B0:
        return c;
    }
    return vn_to_lower(c);
}

/* One character at s[i] that the fast cases of vn_ev_lower leave: decoded,
 * lowered, written when its lowercase has the same length. Returns its
 * length, or 0 when it does not fit before lim. */
static size_t lower_char(const char *s, size_t n, size_t i, char *out, size_t lim)
{
    unsigned char b = (unsigned char)s[i];
    int len;
    int32_t c;
    if ((b & 0xE0) == 0xC0 && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
        c = ((b & 0x1F) << 6) | ((unsigned char)s[i + 1] & 0x3F), len = 2;
    } else if ((b & 0xF0) == 0xE0 && i + 2 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
               ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
        c = ((b & 0x0F) << 12) | (((unsigned char)s[i + 1] & 0x3F) << 6) | ((unsigned char)s[i + 2] & 0x3F);
        len = 3;
    } else {
        c = vn_utf8_next(s + i, n - i, &len);
    }
    if (i + (size_t)len > lim)
        return 0;
    char tmp[4];
    int32_t lc = fast_lower(c);
    if (lc != c && vn_utf8_put(lc, tmp) == len)
        memcpy(out + i, tmp, (size_t)len);
    else
        memcpy(out + i, s + i, (size_t)len);
    return (size_t)len;
}

/* The lowercase second byte of a two-byte letter b b1 of Vietnamese text
 * (Latin-1: C3 80..BF, and Ă ă Đ đ Ĩ ĩ Ũ ũ Ơ ơ Ư ư), or 0 for any other
 * character. */
static inline unsigned char lower2(unsigned char b, unsigned char b1)
{
    switch (b) {
    case 0xC3:
        return b1 <= 0x9E && b1 != 0x97 ? (unsigned char)(b1 + 0x20) : b1;
    case 0xC4:
        return b1 == 0x82 || b1 == 0x90 || b1 == 0xA8 ? (unsigned char)(b1 + 1)
               : b1 == 0x83 || b1 == 0x91 || b1 == 0xA9 ? b1 : 0;
    case 0xC5:
        return b1 == 0xA8 || b1 == 0xA9 ? 0xA9 : 0;
    case 0xC6:
        return b1 == 0xA0 || b1 == 0xA1 ? 0xA1 : b1 == 0xAF || b1 == 0xB0 ? 0xB0 : 0;
    }
    return 0;
}

/* The multi-byte character at s[i] (i < lim) lowercased into out[i..]: its
 * length, or 0 when it does not fit before lim. The common cases are byte
 * operations: the Vietnamese letters of U+1EA0..U+1EF9 (E1 BA A0..E1 BB B9:
 * uppercase even, so the low bit of the third byte), the two-byte letters
 * (lower2), punctuation of U+0080..U+00BF and U+2000..U+207F (no case).
 * Anything else goes to lower_char. */
static inline __attribute__((always_inline)) size_t lower_mb(const char *s, size_t n, size_t i, char *out, size_t lim)
{
    unsigned char b = (unsigned char)s[i];
    unsigned char b1 = i + 1 < n ? (unsigned char)s[i + 1] : 0;
    if (b == 0xE1 && (b1 == 0xBA || b1 == 0xBB) && i + 2 < n) {
        unsigned char b2 = (unsigned char)s[i + 2];
        if (b1 == 0xBA ? b2 >= 0xA0 && b2 <= 0xBF : b2 >= 0x80 && b2 <= 0xB9) {
            if (i + 3 > lim)
                return 0;
            out[i] = (char)b, out[i + 1] = (char)b1, out[i + 2] = (char)(b2 | 1);
            return 3;
        }
    } else if (b >= 0xC3 && b <= 0xC6 && b1 >= 0x80 && b1 <= 0xBF) {
        if (i + 2 > lim)
            return 0;
        unsigned char lo = lower2(b, b1);
        if (lo) {
            out[i] = (char)b, out[i + 1] = (char)lo;
            return 2;
        }
    } else if ((b == 0xC2 && b1 >= 0x80 && b1 <= 0xBF) ||
               (b == 0xE2 && (b1 == 0x80 || b1 == 0x81) && i + 2 < n && ((unsigned char)s[i + 2] & 0xC0) == 0x80)) {
        size_t len = b == 0xC2 ? 2 : 3; /* punctuation: no case */
        if (i + len > lim)
            return 0;
        memcpy(out + i, s + i, len);
        return len;
    }
    return lower_char(s, n, i, out, lim);
}

/* Every character keeps its byte length, so out[i] is the lowercase of s[i].
 * Short text (a word, a phrase) one character at a time; longer text in two
 * passes: every byte copied with ASCII lowered, sixteen at a time, then the
 * multi-byte characters, found sixteen bytes at a time. A character that
 * does not fit before cap is left out. */
size_t vn_ev_lower(const char *s, size_t n, char *out, size_t cap)
{
    if (!cap)
        return 0;
    size_t lim = n < cap - 1 ? n : cap - 1, i = 0;
    if (lim < 64) {
        while (i < lim) {
            unsigned char b = (unsigned char)s[i];
            if (b < 0x80) {
                out[i++] = (char)((unsigned)b - 'A' < 26u ? b + 32 : b);
                continue;
            }
            size_t len = lower_mb(s, n, i, out, lim);
            if (!len)
                break;
            i += len;
        }
        out[i] = '\0';
        return i;
    }
    /* pass 1: copy with ASCII lowered */
#ifdef __SSE2__
    const __m128i A1 = _mm_set1_epi8('A' - 1), Z1 = _mm_set1_epi8('Z' + 1), bit = _mm_set1_epi8(0x20);
    for (; i + 16 <= lim; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i up = _mm_and_si128(_mm_cmpgt_epi8(v, A1), _mm_cmplt_epi8(v, Z1));
        _mm_storeu_si128((__m128i *)(void *)(out + i), _mm_or_si128(v, _mm_and_si128(up, bit)));
    }
#endif
    for (; i < lim; i++) {
        unsigned char b = (unsigned char)s[i];
        out[i] = (char)((unsigned)b - 'A' < 26u ? b + 32 : b);
    }
    /* pass 2: the multi-byte characters */
    for (i = 0; i < lim;) {
#ifdef __SSE2__
        for (; i + 16 <= lim; i += 16) {
            unsigned m = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
            if (m) {
                i += (size_t)__builtin_ctz(m);
                break;
            }
        }
#endif
        while (i < lim && (unsigned char)s[i] < 0x80)
            i++;
        if (i >= lim)
            break;
        size_t len = lower_mb(s, n, i, out, lim);
        if (!len)
            break;
        i += len;
    }
    if (i > lim)
        i = lim;
    out[i] = '\0';
    return i;
}

#define W1 VN_EV_WORD
#define W16 W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1
#define C16 VN_EV_CONT, VN_EV_CONT, VN_EV_CONT, VN_EV_CONT, VN_EV_CONT, VN_EV_CONT, VN_EV_CONT, VN_EV_CONT, \
            VN_EV_CONT, VN_EV_CONT, VN_EV_CONT, VN_EV_CONT, VN_EV_CONT, VN_EV_CONT, VN_EV_CONT, VN_EV_CONT
const unsigned char vn_ev_byte_class[256] = {
    /* 0x00..0x2F: controls, space, punctuation */
    [0x30] = W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, /* digits */
    [0x41] = W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1,
    [0x5F] = W1, /* _ */
    [0x61] = W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1,
    [0x80] = C16, C16, C16, C16, /* continuation bytes */
    /* lead bytes: of letters, and of punctuation (E2 C2 EF) */
    [0xC0] = W1, W1, VN_EV_LEAD, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1,
    [0xD0] = W16,
    [0xE0] = W1, W1, VN_EV_LEAD, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, W1, VN_EV_LEAD,
    [0xF0] = W16,
};
#undef W1
#undef W16
#undef C16

int vn_ev_wordbyte_mb(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    /* find the character's lead byte (at most 3 back) */
    size_t k = i;
    while (k > 0 && i - k < 3 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    unsigned char lead = (unsigned char)s[k];
    unsigned char next = k + 1 < n ? (unsigned char)s[k + 1] : 0;
    if (lead == 0xE2 && (next == 0x80 || next == 0x81))
        return 0; /* U+2000..U+207F: dashes, quotes, ellipsis, spaces */
    if (lead == 0xC2 && next < 0xC0)
        return 0; /* U+0080..U+00BF: NBSP, «, », · */
    if (lead == 0xEF && next == 0xBB)
        return 0; /* BOM */
    return 1;
}

/* The word that ends before i, found by walking back a byte at a time: the
 * plain path of vn_ev_prev_word (and the reference its tests compare to). */
size_t vn_ev_prev_word_walk(const char *s, size_t i, size_t *end)
{
    size_t k = i;
    while (k > 0 && s[k - 1] == ' ')
        k--;
    size_t e = k;
    while (k > 0) {
        unsigned char b = (unsigned char)s[k - 1];
        if (b < 0x80) {
            if (!vn_ev_ascii_wordbyte(b))
                break;
            k--;
            continue;
        }
        /* a whole character back: its lead byte decides */
        size_t j = k - 1;
        while (j > 0 && k - 1 - j < 3 && ((unsigned char)s[j] & 0xC0) == 0x80)
            j--;
        unsigned char lead = (unsigned char)s[j];
        if (lead < 0xC0 || lead == 0xE2 || lead == 0xC2 || lead == 0xEF) {
            if (!vn_ev_wordbyte(s, i, k - 1))
                break;
            k--;
            continue;
        }
        k = j;
    }
    if (k == e)
        return *end = i, i;
    *end = e;
    return k;
}

size_t vn_ev_prev_word(const char *s, size_t i, size_t *end)
{
#ifdef __SSE2__
    size_t e = i;
    while (e > 0 && s[e - 1] == ' ')
        e--;
    /* a word of at most 15 bytes after an ASCII byte that is none (a space,
     * punctuation), with no E2 C2 EF among them (punctuation or not, the
     * walk below decides): the sixteen bytes before e at once */
    if (e >= 16) {
#define B(c) _mm_set1_epi8((char)(c))
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + e - 16));
        __m128i low = _mm_or_si128(v, B(0x20));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, B('0' - 1)), _mm_cmplt_epi8(v, B('9' + 1)));
        __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(low, B('a' - 1)), _mm_cmplt_epi8(low, B('z' + 1)));
        __m128i word = _mm_or_si128(_mm_or_si128(digit, letter), _mm_cmpeq_epi8(v, B('_')));
        unsigned none = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(word, _mm_cmpgt_epi8(v, B(-1))));
        __m128i punct = _mm_or_si128(_mm_cmpeq_epi8(v, B(0xE2)), _mm_cmpeq_epi8(v, B(0xC2)));
        unsigned lead = (unsigned)_mm_movemask_epi8(_mm_or_si128(punct, _mm_cmpeq_epi8(v, B(0xEF))));
#undef B
        if (none) {
            unsigned t = 31 - (unsigned)__builtin_clz(none); /* the last of them */
            if (!(lead >> t)) {
                if (t == 15)
                    return *end = i, i; /* no word */
                *end = e;
                return e - 15 + t;
            }
        }
    }
#endif
    return vn_ev_prev_word_walk(s, i, end);
}

size_t vn_ev_word_end(const char *s, size_t n, size_t i)
{
    for (; i < n; i++) {
        unsigned c = vn_ev_byte_class[(unsigned char)s[i]];
        if (c == VN_EV_NO || (c == VN_EV_LEAD && !vn_ev_wordbyte_mb(s, n, i)))
            break;
    }
    return i;
}

int vn_ev_upper_at(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80)
        return b >= 'A' && b <= 'Z';
    /* the letters of Vietnamese without a table lookup (see vn_ev_lower) */
    unsigned char b1 = i + 1 < n ? (unsigned char)s[i + 1] : 0;
    if (b == 0xE1 && (b1 == 0xBA || b1 == 0xBB) && i + 2 < n) {
        unsigned char b2 = (unsigned char)s[i + 2];
        if (b1 == 0xBA ? b2 >= 0xA0 && b2 <= 0xBF : b2 >= 0x80 && b2 <= 0xB9)
            return !(b2 & 1);
    } else if (b == 0xC3 && b1 >= 0x80 && b1 <= 0xBF) {
        return b1 <= 0x9E && b1 != 0x97;
    } else if (b == 0xC4 && (b1 == 0x82 || b1 == 0x90 || b1 == 0xA8 || b1 == 0x83 || b1 == 0x91 || b1 == 0xA9)) {
        return !(b1 & 1);
    } else if ((b == 0xC5 && (b1 == 0xA8 || b1 == 0xA9)) || (b == 0xC6 && (b1 == 0xA0 || b1 == 0xA1))) {
        return !(b1 & 1);
    } else if (b == 0xC6 && (b1 == 0xAF || b1 == 0xB0)) {
        return b1 == 0xAF;
    }
    int len;
    return vn_is_upper(vn_utf8_next(s + i, n - i, &len));
}

/* Continuation bytes (10xxxxxx) among the 16 bytes at s: what code-point
 * walks skip a block at a time with. */
static inline int cont16(const char *s)
{
    uint64_t x, y;
    memcpy(&x, s, 8);
    memcpy(&y, s + 8, 8);
    uint64_t cont = ((x & ~(x << 1) & 0x8080808080808080ull) >> 7) + ((y & ~(y << 1) & 0x8080808080808080ull) >> 7);
    return (int)((cont * 0x0101010101010101ull) >> 56); /* the lanes' sum */
}

#if defined(__x86_64__)
/* The characters that start in s[b..off) (off >= 32: the 32 bytes before
 * off are read): continuation bytes (0x80..0xBF: below -64 as signed) are
 * counted 32 at a time in byte lanes, summed every 255 blocks, and the last
 * bytes from the 32 that end at off. */
__attribute__((target("avx2,popcnt"))) static size_t starts_avx2(const char *s, size_t b, size_t off)
{
    const __m256i lim = _mm256_set1_epi8(-64), zero = _mm256_setzero_si256();
    size_t cont = 0, len = off - b;
    while (off - b >= 32) {
        __m256i acc = zero;
        for (int j = 0; j < 255 && off - b >= 32; j++, b += 32)
            acc = _mm256_sub_epi8(acc, _mm256_cmpgt_epi8(lim, _mm256_loadu_si256((const __m256i *)(const void *)(s + b))));
        __m256i sum = _mm256_sad_epu8(acc, zero);
        cont += (size_t)_mm256_extract_epi64(sum, 0) + (size_t)_mm256_extract_epi64(sum, 1) +
                (size_t)_mm256_extract_epi64(sum, 2) + (size_t)_mm256_extract_epi64(sum, 3);
    }
    if (b < off) {
        uint32_t m = (uint32_t)_mm256_movemask_epi8(
            _mm256_cmpgt_epi8(lim, _mm256_loadu_si256((const __m256i *)(const void *)(s + off - 32))));
        cont += (size_t)__builtin_popcount(m & ~0u << (32 - (off - b)));
    }
    return len - cont;
}
#endif

int vn_cp_at(vn_cp_cursor *c, size_t off)
{
    int cp = c->cp;
    size_t b = c->byte;
#if defined(__x86_64__)
    if (off > b && off >= 32 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt")) {
        cp += (int)starts_avx2(c->s, b, off);
        b = off;
    }
#endif
    for (; b + 16 <= off; b += 16)
        cp += 16 - cont16(c->s + b);
    for (; b < off; b++)
        cp += ((unsigned char)c->s[b] & 0xC0) != 0x80;
    if (off > c->byte)
        c->byte = off, c->cp = cp;
    return c->cp;
}

size_t vn_ev_cp_to_byte(const char *s, size_t n, int cp)
{
    int k = -1;
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++k == cp)
            return i;
    }
    return n;
}

typedef struct cp_point {
    size_t cp;
    size_t *dst;
} cp_point;

static int point_cmp(const void *a, const void *b)
{
    const cp_point *x = a, *y = b;
    return x->cp < y->cp ? -1 : x->cp > y->cp;
}

static int range_cmp(const void *a, const void *b)
{
    const vn_ev_range *x = a, *y = b;
    return x->a < y->a ? -1 : x->a > y->a;
}

void vn_ev_cps_to_bytes(vn_stage *st, const vn_line *l, vn_ev_range *v, int nv)
{
    if (nv <= 0)
        return;
    /* every start and end, sorted, then one walk over the line */
    cp_point *pts = vn_arena_alloc(st->arena, 2 * (size_t)nv * sizeof *pts);
    for (int i = 0; i < nv; i++) {
        pts[2 * i] = (cp_point){v[i].a, &v[i].a};
        pts[2 * i + 1] = (cp_point){v[i].b, &v[i].b};
    }
    int np = 2 * nv, pi = 0;
    qsort(pts, (size_t)np, sizeof *pts, point_cmp);
    /* one walk to each point in turn: whole blocks of 16 bytes whose
     * characters all come before it, then byte by byte to its character */
    const char *s = l->text;
    size_t n = (size_t)l->len, i = 0, cp = 0;
    while (pi < np) {
        size_t want = pts[pi].cp;
        for (; i + 16 <= n; i += 16) {
            size_t k = 16 - (size_t)cont16(s + i);
            if (cp + k > want)
                break;
            cp += k;
        }
        for (; i < n; i++) {
            if (((unsigned char)s[i] & 0xC0) == 0x80)
                continue;
            if (cp == want)
                break;
            cp++;
        }
        if (i >= n)
            break;
        while (pi < np && pts[pi].cp <= cp)
            *pts[pi++].dst = i;
    }
    while (pi < np)
        *pts[pi++].dst = n;
}

void vn_ev_document_ranges(vn_stage *st, const vn_record *r, const vn_line *l, vn_ev_ranges *out)
{
    out->n = 0;
    for (int i = 0; i < r->documents.n; i++) {
        const vn_spans *sp = &r->documents.v[i].spans;
        for (int k = 0; k < sp->n; k++)
            if (sp->v[k].line == l->n && sp->v[k].end > sp->v[k].start && sp->v[k].start >= 0)
                *VN_PUSH(st->arena, *out) = (vn_ev_range){(size_t)sp->v[k].start, (size_t)sp->v[k].end};
    }
    vn_ev_cps_to_bytes(st, l, out->v, out->n);
    if (out->n > 1)
        qsort(out->v, (size_t)out->n, sizeof *out->v, range_cmp);
}

int vn_ev_in_ranges(const vn_ev_ranges *rg, size_t a, size_t b, int *at)
{
    if (!rg)
        return 0;
    for (int i = *at; i < rg->n; i++) {
        if (rg->v[i].b <= a) {
            if (i == *at)
                (*at)++;
            continue;
        }
        if (rg->v[i].a >= b)
            return 0;
        return 1;
    }
    return 0;
}

