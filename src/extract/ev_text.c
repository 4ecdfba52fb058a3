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

/* The character walk from i: each character lowered into out, up to stop
 * (a character that starts before stop is done whole). Returns where it
 * stopped; *broke set when a character does not fit before lim (the walk
 * stops at its start). */
static inline size_t lower_walk(const char *s, size_t n, char *out, size_t i, size_t stop, size_t lim, int *broke)
{
    while (i < stop) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            out[i++] = (char)((unsigned)b - 'A' < 26u ? b + 32 : b);
            continue;
        }
        size_t len = lower_mb(s, n, i, out, lim);
        if (!len) {
            *broke = 1;
            return i;
        }
        i += len;
    }
    return i;
}

#if defined(__x86_64__)
#define EV_LOWER_VEC 1
/* 64 bytes of text at s + i lowered at once where they are made of ASCII and
 * the characters the walk's fast cases know (lower_mb: C2 and C3 with any
 * second byte, the Vietnamese letters of C4 C5 C6, E1 BA A0..BF, E1 BB
 * 80..B9, the punctuation of E2 80/81), each whole: every continuation byte
 * is one that the byte or two before it explain, and every lead byte has its
 * continuation bytes after it. Then each byte's lowercase is what the walk
 * writes: ASCII and C3's second byte 80..9E (not 97) + 0x20; C4 82 90 A8,
 * C5 A8, C6 A0 AF + 1; the third byte of E1 BA/BB | 1. The window ends at a
 * character start at most two bytes before its end (the last bytes, read
 * without what follows them, are the next window's), or at lim. Returns the
 * end of what it wrote (a character start of the walk), or i when the
 * window holds anything else (the walk does it). */
__attribute__((target("avx2"))) static size_t lower_window_avx2(const char *s, size_t n, char *out, size_t i,
                                                                size_t lim)
{
    size_t w = lim - i;
    const char *p = s + i;
    char pad[64] __attribute__((aligned(32)));
    if (n - i < 64) { /* the end of the text: what lies past it reads as spaces */
        memset(pad, ' ', sizeof pad);
        memcpy(pad, p, n - i);
        p = pad;
    }
#define B(c) _mm256_set1_epi8((char)(c))
#define EQ(a, c) _mm256_cmpeq_epi8(a, B(c))
    const __m256i zero = _mm256_setzero_si256();
    __m256i v[2], res[2];
    v[0] = _mm256_loadu_si256((const __m256i *)(const void *)p);
    v[1] = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));
    uint64_t cont = 0, high = 0, lead2 = 0, lead3 = 0, expl = 0;
    for (int h = 0; h < 2; h++) {
        __m256i x = v[h];
        __m256i t = _mm256_permute2x128_si256(h ? v[0] : zero, x, 0x21);
        __m256i p1 = _mm256_alignr_epi8(x, t, 15), p2 = _mm256_alignr_epi8(x, t, 14); /* the bytes before */
        __m256i xe = _mm256_and_si256(x, B(0xFE)), p1e = _mm256_and_si256(p1, B(0xFE));
        __m256i two = _mm256_or_si256(EQ(p1, 0xC2), EQ(p1, 0xC3));
        __m256i c4 = _mm256_and_si256(EQ(p1, 0xC4), _mm256_or_si256(_mm256_or_si256(EQ(xe, 0x82), EQ(xe, 0x90)), EQ(xe, 0xA8)));
        __m256i c5 = _mm256_and_si256(EQ(p1, 0xC5), EQ(xe, 0xA8));
        __m256i c6 = _mm256_and_si256(EQ(p1, 0xC6), _mm256_or_si256(_mm256_or_si256(EQ(xe, 0xA0), EQ(x, 0xAF)), EQ(x, 0xB0)));
        __m256i second3 = _mm256_or_si256(_mm256_and_si256(EQ(p1, 0xE1), EQ(xe, 0xBA)), _mm256_and_si256(EQ(p1, 0xE2), EQ(xe, 0x80)));
        __m256i ba = _mm256_and_si256(EQ(p1, 0xBA), EQ(_mm256_and_si256(x, B(0xE0)), 0xA0));
        __m256i bb = _mm256_and_si256(EQ(p1, 0xBB), _mm256_cmpgt_epi8(B(0xBA), x)); /* 80..B9 (x is a continuation byte) */
        __m256i third_e1 = _mm256_and_si256(EQ(p2, 0xE1), _mm256_or_si256(ba, bb));
        __m256i third_e2 = _mm256_and_si256(EQ(p2, 0xE2), EQ(p1e, 0x80));
        __m256i ok = _mm256_or_si256(_mm256_or_si256(_mm256_or_si256(two, c4), _mm256_or_si256(c5, c6)),
                                     _mm256_or_si256(second3, _mm256_or_si256(third_e1, third_e2)));
        /* the lowercase: + 0x20, + 1, | 1 */
        __m256i upper = _mm256_cmpgt_epi8(B(26), _mm256_sub_epi8(x, B('A'))); /* signed: 'A'..'Z' only */
        upper = _mm256_andnot_si256(_mm256_cmpgt_epi8(B('A'), x), upper);
        __m256i c3 = _mm256_andnot_si256(EQ(x, 0x97), _mm256_and_si256(EQ(p1, 0xC3), _mm256_cmpgt_epi8(B(0x9F), x)));
        __m256i plus1 = _mm256_or_si256(
            _mm256_and_si256(EQ(p1, 0xC4), _mm256_or_si256(_mm256_or_si256(EQ(x, 0x82), EQ(x, 0x90)), EQ(x, 0xA8))),
            _mm256_or_si256(_mm256_and_si256(EQ(p1, 0xC5), EQ(x, 0xA8)),
                            _mm256_and_si256(EQ(p1, 0xC6), _mm256_or_si256(EQ(x, 0xA0), EQ(x, 0xAF)))));
        __m256i y = _mm256_add_epi8(x, _mm256_and_si256(_mm256_or_si256(upper, c3), B(0x20)));
        y = _mm256_sub_epi8(y, plus1); /* - (-1) */
        res[h] = _mm256_or_si256(y, _mm256_and_si256(third_e1, B(1)));
        unsigned sh = 32u * (unsigned)h;
        cont |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(B(0xC0), x)) << sh;
        high |= (uint64_t)(uint32_t)_mm256_movemask_epi8(x) << sh;
        __m256i l2 = _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_max_epu8(x, B(0xC2)), x),
                                      _mm256_cmpeq_epi8(_mm256_min_epu8(x, B(0xC6)), x));
        lead2 |= (uint64_t)(uint32_t)_mm256_movemask_epi8(l2) << sh;
        lead3 |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_or_si256(EQ(x, 0xE1), EQ(x, 0xE2))) << sh;
        expl |= (uint64_t)(uint32_t)_mm256_movemask_epi8(ok) << sh;
    }
#undef EQ
#undef B
    /* the end: lim, or a character start among the last bytes but two */
    size_t e;
    if (w < 64) {
        e = w;
        if (cont >> w & 1)
            return i; /* a character goes on past lim: the walk stops before it */
    } else if (w == 64) {
        e = 64;
    } else {
        e = 62;
        while (e && cont >> e & 1)
            e--; /* (62, 61 or 60 in a window that passes) */
    }
    uint64_t in = e >= 64 ? ~0ull : (1ull << e) - 1;
    uint64_t lead = high & ~cont;
    uint64_t bad = (cont & ~expl) | (lead & ~(lead2 | lead3)) | (lead2 & ~(cont >> 1)) |
                   (lead3 & ~(cont >> 1 & cont >> 2));
    if (bad & in)
        return i;
    /* out[i .. i + e) (what lies past e is rewritten later when e < w) */
    if (w >= 64) {
        _mm256_storeu_si256((__m256i *)(void *)(out + i), res[0]);
        _mm256_storeu_si256((__m256i *)(void *)(out + i + 32), res[1]);
    } else if (e >= 32) {
        _mm256_storeu_si256((__m256i *)(void *)(out + i), res[0]);
        _mm256_store_si256((__m256i *)(void *)pad, res[1]);
        memcpy(out + i + 32, pad, e - 32);
    } else {
        _mm256_store_si256((__m256i *)(void *)pad, res[0]);
        memcpy(out + i, pad, e);
    }
    return i + e;
}

static int lower_plain; /* the tests' switch (vn_ev_lower_set_plain) */
static inline int lower_vec_ok(void)
{
    return !lower_plain && __builtin_cpu_supports("avx2");
}
#endif

void vn_ev_lower_set_plain(int on)
{
#ifdef EV_LOWER_VEC
    lower_plain = on;
#else
    (void)on;
#endif
}

/* Every character keeps its byte length, so out[i] is the lowercase of s[i].
 * Short text (a word, a phrase) one character at a time. Longer text as if
 * in two passes: every byte copied with ASCII lowered, then the multi-byte
 * characters lowered: where a character does not fit before cap the copy is
 * what stays after it. With AVX2 the text is read in windows of 64 bytes
 * (lower_window_avx2), and the walk does the windows that have anything
 * else, and what lies after a character that does not fit. */
size_t vn_ev_lower(const char *s, size_t n, char *out, size_t cap)
{
    if (!cap)
        return 0;
    size_t lim = n < cap - 1 ? n : cap - 1, i = 0;
    int broke = 0;
#ifdef EV_LOWER_VEC
    if (lim >= 32 && lower_vec_ok()) {
        while (i < lim && !broke) {
            size_t e = lower_window_avx2(s, n, out, i, lim);
            i = e > i ? e : lower_walk(s, n, out, i, lim - i > 64 ? i + 64 : lim, lim, &broke);
        }
        goto done;
    }
#endif
    if (lim < 64) {
        i = lower_walk(s, n, out, 0, lim, lim, &broke);
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
#ifdef EV_LOWER_VEC
done:
    if (broke && lim >= 64) /* what the two passes leave after it: the copy */
        for (size_t k = i; k < lim; k++) {
            unsigned char b = (unsigned char)s[k];
            out[k] = (char)((unsigned)b - 'A' < 26u ? b + 32 : b);
        }
    out[i] = '\0';
    return i;
#endif
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

