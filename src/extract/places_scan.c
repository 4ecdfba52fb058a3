/* places_scan.c — where the place scanner looks: the word starts of a line
 * whose first byte could begin a mention, sixty-four bytes at a time.
 *
 * Most of a line cannot start a place: a mention begins at a word whose
 * first letter is a capital (a name, "Tỉnh ủy", "TP") or a small t, h, q, p,
 * x or đ (tỉnh, thành phố, thị xã, huyện, quận, phường, xã, đặc khu). So for
 * each block the scan computes, without branches per byte, which bytes
 *   - could start such a word: A-Z, t h q p x, or the lead byte of a
 *     Vietnamese capital or of đ (C3..C6, E1; a few more lead bytes pass,
 *     the recognizer rules them out), and
 *   - start a word: the character before is not part of a word, i.e. ASCII
 *     other than a letter or digit, U+0080..U+00BF (C2 xx) or U+2000..U+2FFF
 *     (E2 xx xx) — the definition places.c always used,
 * and hands out the positions where both hold. Everything else (small
 * words, the middle of words) costs a few vector instructions per block. The
 * C2/E2 punctuation (curly quotes, dashes) is rare: blocks without it only
 * look at the byte before each candidate.
 *
 * Three implementations compute the same masks: AVX2 with nibble tables
 * (when the CPU has it), SSE2 with comparisons, and a byte table. Building
 * with -DPL_NO_AVX2 or -DPL_NO_SIMD selects the others; the output is the
 * same.
 *
 * A chunk of blocks is scanned at once, without calls, into a list of
 * positions (those whose first bytes pass pl_may_start) and a bitmap of the
 * bytes where words may end; the recognizer (places.c) then goes through the
 * list. */
#include "places.h"
#include "places_start.h"

#include <string.h>

#if defined(__SSE2__) && !defined(PL_NO_SIMD)
#define PL_SSE2 1
#include <emmintrin.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(PL_NO_AVX2)
#define PL_AVX2 1
#include <immintrin.h>
#endif
#endif

/* Byte classes. A class is a set of (high nibble, low nibble) rectangles so
 * that the AVX2 path can look it up as lo_table[lo] & hi_table[hi]. */
enum {
    BC_UP1 = 0x01,   /* 'A'..'O': high 4, low 1..F */
    BC_UP2 = 0x02,   /* 'P'..'Z': high 5, low 0..A */
    BC_LO1 = 0x04,   /* 'a'..'o': high 6, low 1..F */
    BC_LO2 = 0x08,   /* 'p'..'z': high 7, low 0..A */
    BC_DIGIT = 0x10, /* '0'..'9': high 3, low 0..9 */
    BC_TQPX = 0x20,  /* t q p x: high 7, low 4 1 0 8 */
    BC_H = 0x40,     /* h: high 6, low 8 */
    BC_LEAD = 0x80,  /* C3..C6, E1 (and C1, E3..E6): high C or E, low 1 3 4 5 6 */
    BC_ALNUM = BC_UP1 | BC_UP2 | BC_LO1 | BC_LO2 | BC_DIGIT,
    BC_CAND = BC_UP1 | BC_UP2 | BC_TQPX | BC_H | BC_LEAD,
};

/* The masks of one block, bit k for byte k. */
typedef struct block_masks {
    uint64_t sep;  /* ASCII, not a letter or digit (beyond the line: zero bytes, so all) */
    uint64_t cand; /* may start a mention's word (BC_CAND) */
    uint64_t punct;/* C2 or E2: the lead byte of Latin-1 or U+2000.. punctuation */
} block_masks;

/* The block at s[at..n): 64 bytes of the line, or its last bytes padded
 * with zeros (a zero byte separates and starts nothing). */
static inline const char *block_at(const char *s, size_t n, size_t at, char pad[64])
{
    if (n - at >= 64)
        return s + at;
    memset(pad, 0, 64);
    memcpy(pad, s + at, n - at);
    return pad;
}

/* Where C2/E2 punctuation is near, the exact rule: the character before is
 * "C2 xx" or "E2 xx xx". cont: continuation bytes, e2: bytes E2. */
static inline uint64_t after_punct(const pl_carry *c, uint64_t punct, uint64_t cont, uint64_t e2)
{
    uint64_t c2 = punct & ~e2;
    /* bit i: byte i-1 is a continuation byte and byte i-2 is C2, or byte i-2
     * is a continuation byte and byte i-3 is E2 */
    uint64_t p1cont = cont << 1 | c->cont >> 63, p2cont = cont << 2 | c->cont >> 62;
    uint64_t p2c2 = c2 << 2 | c->c2 >> 62, p3e2 = e2 << 3 | c->e2 >> 61;
    return p1cont & (p2c2 | (p3e2 & p2cont));
}

/* The continuation bytes and the bytes E2 of a block, for after_punct(). */
static inline void cont_e2_plain(const char *p, uint64_t *cont, uint64_t *e2)
{
    *cont = *e2 = 0;
    for (unsigned k = 0; k < 64; k++) {
        unsigned b = (unsigned char)p[k];
        *cont |= (uint64_t)((b & 0xC0) == 0x80) << k;
        *e2 |= (uint64_t)(b == 0xE2) << k;
    }
}

/* ---------------------------------------------------------------- table */

#ifndef PL_SSE2
static unsigned char byte_class(unsigned b)
{
    unsigned c = 0;
    if (b >= 'A' && b <= 'Z')
        c |= b <= 'O' ? BC_UP1 : BC_UP2;
    if (b >= 'a' && b <= 'z')
        c |= b <= 'o' ? BC_LO1 : BC_LO2;
    if (b >= '0' && b <= '9')
        c |= BC_DIGIT;
    if (b == 't' || b == 'q' || b == 'p' || b == 'x')
        c |= BC_TQPX;
    if (b == 'h')
        c |= BC_H;
    if ((b >> 4 == 0xC || b >> 4 == 0xE) && ((b & 15) == 1 || ((b & 15) >= 3 && (b & 15) <= 6)))
        c |= BC_LEAD;
    return (unsigned char)c;
}

static inline void masks_plain(const char *p, block_masks *m)
{
    static unsigned char cls[256];
    static int ready;
    if (!ready) { /* idempotent: threads racing here write the same bytes */
        for (unsigned b = 0; b < 256; b++)
            cls[b] = byte_class(b);
        ready = 1;
    }
    *m = (block_masks){0};
    for (unsigned k = 0; k < 64; k++) {
        unsigned b = (unsigned char)p[k];
        m->sep |= (uint64_t)(b < 0x80 && !(cls[b] & BC_ALNUM)) << k;
        m->cand |= (uint64_t)((cls[b] & BC_CAND) != 0) << k;
        m->punct |= (uint64_t)(b == 0xC2 || b == 0xE2) << k;
    }
}
#define cont_e2 cont_e2_plain
#endif

/* ----------------------------------------------------------------- SSE2 */

#ifdef PL_SSE2
static inline void masks16_sse2(const char *p, unsigned *sep, unsigned *cand, unsigned *punct)
{
    __m128i x = _mm_loadu_si128((const __m128i *)p);
    __m128i xl = _mm_or_si128(x, _mm_set1_epi8(0x20));
    __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(xl, _mm_set1_epi8('a' - 1)),
                                   _mm_cmplt_epi8(xl, _mm_set1_epi8('z' + 1)));
    __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                                  _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
    __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)),
                                  _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));
    /* t q p x and a few more (u y | }), which the recognizer rules out */
    __m128i tqpx = _mm_cmpeq_epi8(_mm_and_si128(x, _mm_set1_epi8((char)0xF2)), _mm_set1_epi8(0x70));
    __m128i h = _mm_cmpeq_epi8(x, _mm_set1_epi8('h'));
    /* C3..C6 (signed -61..-58) and E1 */
    __m128i lead = _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8((char)0xC2)),
                                              _mm_cmplt_epi8(x, _mm_set1_epi8((char)0xC7))),
                                _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE1)));
    unsigned top = (unsigned)_mm_movemask_epi8(x);
    *sep = ~(unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit)) & ~top & 0xFFFF;
    *cand = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(upper, lead), _mm_or_si128(tqpx, h)));
    /* C2 and E2 are the bytes that are E2 with bit 0x20 set */
    *punct = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(xl, _mm_set1_epi8((char)0xE2)));
}

static inline void masks_plain(const char *p, block_masks *m)
{
    *m = (block_masks){0};
    for (unsigned k = 0; k < 4; k++) {
        unsigned sep, cand, punct;
        masks16_sse2(p + 16 * k, &sep, &cand, &punct);
        m->sep |= (uint64_t)sep << 16 * k;
        m->cand |= (uint64_t)cand << 16 * k;
        m->punct |= (uint64_t)punct << 16 * k;
    }
}
#define cont_e2 cont_e2_plain
#endif

/* ----------------------------------------------------------------- AVX2 */

#ifdef PL_AVX2
/* lo_table[low nibble] and hi_table[high nibble]: the classes whose
 * rectangles include it (see BC_*) */
#define LO_ROW                                                                                              \
    (char)(BC_UP2 | BC_LO2 | BC_DIGIT | BC_TQPX),                                 /* 0 */                  \
        (char)(BC_ALNUM | BC_TQPX | BC_LEAD),                                     /* 1 */                  \
        (char)BC_ALNUM,                                                           /* 2 */                  \
        (char)(BC_ALNUM | BC_LEAD),                                               /* 3 */                  \
        (char)(BC_ALNUM | BC_TQPX | BC_LEAD),                                     /* 4 */                  \
        (char)(BC_ALNUM | BC_LEAD), (char)(BC_ALNUM | BC_LEAD),                   /* 5, 6 */               \
        (char)BC_ALNUM,                                                           /* 7 */                  \
        (char)(BC_ALNUM | BC_TQPX | BC_H),                                        /* 8 */                  \
        (char)BC_ALNUM,                                                           /* 9 */                  \
        (char)(BC_UP1 | BC_UP2 | BC_LO1 | BC_LO2),                                /* A */                  \
        (char)(BC_UP1 | BC_LO1), (char)(BC_UP1 | BC_LO1), (char)(BC_UP1 | BC_LO1), /* B..D */              \
        (char)(BC_UP1 | BC_LO1), (char)(BC_UP1 | BC_LO1)                          /* E, F */
#define HI_ROW                                                                                              \
    0, 0, 0, (char)BC_DIGIT, (char)BC_UP1, (char)BC_UP2, (char)(BC_LO1 | BC_H), (char)(BC_LO2 | BC_TQPX), \
        0, 0, 0, 0, (char)BC_LEAD, 0, (char)BC_LEAD, 0

__attribute__((target("avx2"))) static inline void masks32_avx2(const char *p, uint32_t *sep, uint32_t *cand,
                                                                uint32_t *punct)
{
    const __m256i lo_table = _mm256_setr_epi8(LO_ROW, LO_ROW), hi_table = _mm256_setr_epi8(HI_ROW, HI_ROW);
    const __m256i nibble = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256();
    __m256i x = _mm256_loadu_si256((const __m256i *)p);
    __m256i cls = _mm256_and_si256(_mm256_shuffle_epi8(lo_table, _mm256_and_si256(x, nibble)),
                                   _mm256_shuffle_epi8(hi_table, _mm256_and_si256(_mm256_srli_epi16(x, 4), nibble)));
    __m256i alnum = _mm256_and_si256(cls, _mm256_set1_epi8(BC_ALNUM));
    __m256i cnd = _mm256_and_si256(cls, _mm256_set1_epi8((char)BC_CAND));
    __m256i e2 = _mm256_cmpeq_epi8(_mm256_or_si256(x, _mm256_set1_epi8(0x20)), _mm256_set1_epi8((char)0xE2));
    *sep = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(alnum, zero)) & ~(uint32_t)_mm256_movemask_epi8(x);
    *cand = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(cnd, zero));
    *punct = (uint32_t)_mm256_movemask_epi8(e2);
}

__attribute__((target("avx2"))) static inline void masks_avx2(const char *p, block_masks *m)
{
    uint32_t s0, s1, c0, c1, p0, p1;
    masks32_avx2(p, &s0, &c0, &p0);
    masks32_avx2(p + 32, &s1, &c1, &p1);
    m->sep = s0 | (uint64_t)s1 << 32;
    m->cand = c0 | (uint64_t)c1 << 32;
    m->punct = p0 | (uint64_t)p1 << 32;
}

__attribute__((target("avx2"))) static inline void cont_e2_avx2(const char *p, uint64_t *cont, uint64_t *e2)
{
    *cont = *e2 = 0;
    for (unsigned k = 0; k < 2; k++) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(p + 32 * k));
        uint32_t top = (uint32_t)_mm256_movemask_epi8(x);
        *cont |= (uint64_t)(top & ~(uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(x, 1))) << 32 * k;
        *e2 |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, _mm256_set1_epi8((char)0xE2)))
               << 32 * k;
    }
}
#endif

/* ---------------------------------------------------------------- chunks */

void pl_chunk_restart(pl_chunk *c, size_t at)
{
    c->at = at;
    /* a word may start at `at` whatever precedes, and nothing before it is read */
    c->carry = (pl_carry){1ull << 63, 0, 0, 0};
}

/* The blocks of a chunk; masks() and the rest are inlined, so a block costs
 * no call. */
__attribute__((always_inline)) static inline void
scan_chunk(pl_chunk *c, const char *s, size_t n, const struct vn_gazetteer *gz,
           void (*masks)(const char *, block_masks *), void (*cont_e2)(const char *, uint64_t *, uint64_t *))
{
    char pad[64];
    pl_carry carry = c->carry;
    size_t base = c->base = c->at, at = base;
    uint32_t *out = c->start;
    uint64_t *ends = c->ends;
    for (int b = 0; b < PL_CHUNK_BLOCKS && at < n; b++, at += 64) {
        block_masks m;
        const char *p = block_at(s, n, at, pad);
        masks(p, &m);
        uint64_t starts = m.sep << 1 | carry.sep >> 63;
        if (m.punct || (carry.c2 | carry.e2) >> 61) { /* punctuation C2 xx / E2 xx xx near */
            uint64_t cont, e2;
            cont_e2(p, &cont, &e2);
            starts |= after_punct(&carry, m.punct, cont, e2);
            carry = (pl_carry){m.sep, cont, m.punct & ~e2, e2};
        } else {
            carry = (pl_carry){m.sep, 0, 0, 0};
        }
        starts &= m.cand;
        ends[b] = m.sep | m.punct;
        uint32_t off = (uint32_t)(at - base);
        for (; starts; starts &= starts - 1) { /* the first bytes decide most */
            unsigned k = (unsigned)__builtin_ctzll(starts);
            *out = off + k;
            out += pl_may_start(s, n, at + k, gz);
        }
    }
    c->n = (int)(out - c->start);
    c->at = c->end = at < n ? at : n;
    c->carry = carry;
}

#ifdef PL_AVX2
__attribute__((target("avx2"))) static void scan_chunk_avx2(pl_chunk *c, const char *s, size_t n,
                                                            const struct vn_gazetteer *gz)
{
    scan_chunk(c, s, n, gz, masks_avx2, cont_e2_avx2);
}
#endif

void pl_scan_chunk(pl_chunk *c, const char *s, size_t n, const struct vn_gazetteer *gz)
{
#ifdef PL_AVX2
    if (gz->avx2) {
        scan_chunk_avx2(c, s, n, gz);
        return;
    }
#endif
    scan_chunk(c, s, n, gz, masks_plain, cont_e2);
}

/* --------------------------------------------------------- code points */

/* Code points are the bytes that are not continuation bytes (10xxxxxx). */
static size_t count_cps_plain(const char *s, size_t n)
{
    size_t k = 0, cps = 0;
    for (; k + 8 <= n; k += 8) {
        uint64_t x;
        memcpy(&x, s + k, 8);
        uint64_t cont = x & ~(x << 1) & 0x8080808080808080ull;
        cps += 8 - (size_t)(((cont >> 7) * 0x0101010101010101ull) >> 56);
    }
    for (; k < n; k++)
        cps += ((unsigned char)s[k] & 0xC0) != 0x80;
    return cps;
}

#ifdef PL_AVX2
__attribute__((target("avx2,popcnt"))) static size_t count_cps_avx2(const char *s, size_t n)
{
    size_t k = 0, cont = 0;
    for (; k + 32 <= n; k += 32) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(s + k));
        uint32_t top = (uint32_t)_mm256_movemask_epi8(x);
        cont += (size_t)__builtin_popcount(top & ~(uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(x, 1)));
    }
    return k - cont + count_cps_plain(s + k, n - k);
}
#endif

size_t pl_count_cps(const char *s, size_t n, int avx2)
{
#ifdef PL_AVX2
    if (avx2)
        return count_cps_avx2(s, n);
#endif
    (void)avx2;
    return count_cps_plain(s, n);
}

int pl_have_avx2(void)
{
#ifdef PL_AVX2
    return __builtin_cpu_supports("avx2");
#else
    return 0;
#endif
}
