/* places_scan.c — where the place scanner looks: the word starts of a line
 * where a mention may begin, sixty-four bytes at a time.
 *
 * Most of a line cannot start a place: a mention begins at a word whose
 * first letter is a capital (a name, "Tỉnh ủy", "TP") or a small t, h, q, p,
 * x or đ (tỉnh, thành phố, thị xã, huyện, quận, phường, xã, đặc khu). So for
 * each block the scan computes, without branches per byte, which bytes
 *   - start a word: the character before is not part of a word, i.e. ASCII
 *     other than a letter or digit, U+0080..U+00BF (C2 xx) or U+2000..U+2FFF
 *     (E2 xx xx) — the definition places.c always used;
 *   - may start a type word: t h q p x (either case), or đ/Đ with ặ's last
 *     byte where đặc has it (no test of the second byte: the telling byte
 *     of the next test lets few more through, and the paths list the same);
 *   - may start a capital: A-Z, or the lead byte of a Vietnamese capital
 *     (C3..C6, E1; a few more lead bytes pass) but đ.
 * The C2/E2 punctuation (curly quotes, dashes) is rare: blocks without it
 * only look at the byte before each candidate.
 *
 * Then each word start of the two kinds is tested: a type word by the byte
 * few other words have where it is (pl_type_may_start, without branches:
 * which way it goes is hard to foresee); a capital first by its first four
 * bytes (gz_name4, as try_capital begins) or a capital after the first
 * letter, which two thirds fail (they leave the list, without a branch:
 * skipping them by one cost more time in wrong guesses than it saved), then
 * by its first word and the first bytes of the next (gz_lead8: the bare
 * provinces and the districts), and the few that pass by its first letter
 * and the run in CAPITALS (pl_capital_then). The capitals are tested in
 * loops over the chunk's list of them, not block by block: a loop per block
 * ends at a place hard to foresee. Each test lets through every word where
 * the recognizer (places.c: try_word) can find something; the unit tests
 * check them against the gazetteer, and a build with -DPL_CHECK_SCAN against
 * try_word itself.
 *
 * Four implementations compute the same masks: AVX-512 (BW) and AVX2 with
 * nibble tables (when the CPU has them), SSE2 with comparisons, and a byte
 * table (the last two let more through to the tests). Building with
 * -DPL_NO_AVX512, -DPL_NO_AVX2 or -DPL_NO_SIMD selects the others; the
 * output is the same. The AVX-512 path also does the type words' test in
 * its masks (masks_types_avx512: about a sixth less time than the test at
 * each start) and pads a line's last block with masked loads. Its constants
 * are loaded into registers once a chunk, not re-read at each block through
 * a pointer the compiler cannot see through (about 8% less time in the
 * scan); in all paths the blocks with starts are found from a bitmap of
 * them, not by a branch per block (about 5%).
 * VNEWS_PLACES_NO_AVX512 in the environment turns it off, to compare.
 *
 * A chunk of blocks is scanned at once, without calls, into a list of
 * positions and a bitmap of the bytes where words may end; the recognizer
 * (places.c) then goes through the list. */
#include "places.h"
#include "places_start.h"

#include <string.h>

#if defined(__SSE2__) && !defined(PL_NO_SIMD)
#define PL_SSE2 1
#include <emmintrin.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(PL_NO_AVX2)
#define PL_AVX2 1
#include <immintrin.h>
#if !defined(PL_NO_AVX512)
#define PL_AVX512 1
#endif
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
    BC_TQPX = 0x20,  /* t q p x T Q P X: high 7 or 5, low 4 1 0 8 */
    BC_H = 0x40,     /* h H: high 6 or 4, low 8 */
    BC_LEAD = 0x80,  /* C3..C6, E1 (and C1, E3..E6): high C or E, low 1 3 4 5 6 */
    BC_ALNUM = BC_UP1 | BC_UP2 | BC_LO1 | BC_LO2 | BC_DIGIT,
    BC_CAND = BC_UP1 | BC_UP2 | BC_TQPX | BC_H | BC_LEAD,
    BC_TYPE = BC_TQPX | BC_H,           /* may start a type word (or đ: C4) */
    BC_CAP = BC_UP1 | BC_UP2 | BC_LEAD, /* may start a capital */
};

/* The masks of one block, bit k for byte k. */
typedef struct block_masks {
    uint64_t sep;  /* ASCII, not a letter or digit (beyond the line: zero bytes, so all) */
    uint64_t punct;/* C2 or E2: the lead byte of Latin-1 or U+2000.. punctuation */
    uint64_t type; /* may start a type word: t h q p x in either case, C4 (đ) */
    uint64_t cap;  /* may start a capital: A-Z, the lead bytes BC_LEAD but đ (C4 91) */
} block_masks;

/* A block is 64 bytes, and the tests at a word start read up to 16 bytes from it. */
enum { BLOCK_READ = 64 + 16 };

/* The block at s[at..n): 64 bytes of the line (BLOCK_READ readable), or its
 * last bytes padded with zeros (a zero byte separates and starts nothing). */
static inline const char *block_at(const char *s, size_t n, size_t at, char pad[BLOCK_READ + 8])
{
    if (n - at >= BLOCK_READ)
        return s + at;
    memset(pad, 0, BLOCK_READ + 8);
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
    if ((b | 32) == 't' || (b | 32) == 'q' || (b | 32) == 'p' || (b | 32) == 'x')
        c |= BC_TQPX;
    if ((b | 32) == 'h')
        c |= BC_H;
    if ((b >> 4 == 0xC || b >> 4 == 0xE) && ((b & 15) == 1 || ((b & 15) >= 3 && (b & 15) <= 6)))
        c |= BC_LEAD;
    return (unsigned char)c;
}

static inline void masks_plain(const char *p, block_masks *m, const void *unused)
{
    (void)unused;
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
        m->type |= (uint64_t)((cls[b] & BC_CAND) != 0) << k;
        m->punct |= (uint64_t)(b == 0xC2 || b == 0xE2) << k;
    }
    m->cap = m->type; /* (a superset of each: the tests at the word starts decide) */
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
    /* t q p x and a few more (u y | }), which the recognizer rules out; the
     * capitals T Q P X H are among the capitals */
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

static inline void masks_plain(const char *p, block_masks *m, const void *unused)
{
    (void)unused;
    *m = (block_masks){0};
    for (unsigned k = 0; k < 4; k++) {
        unsigned sep, cand, punct;
        masks16_sse2(p + 16 * k, &sep, &cand, &punct);
        m->sep |= (uint64_t)sep << 16 * k;
        m->type |= (uint64_t)cand << 16 * k;
        m->punct |= (uint64_t)punct << 16 * k;
    }
    m->cap = m->type; /* (a superset of each: the tests at the word starts decide) */
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
    0, 0, 0, (char)BC_DIGIT, (char)(BC_UP1 | BC_H), (char)(BC_UP2 | BC_TQPX), (char)(BC_LO1 | BC_H),          \
        (char)(BC_LO2 | BC_TQPX), 0, 0, 0, 0, (char)BC_LEAD, 0, (char)BC_LEAD, 0

enum { K_LO, K_HI, K_NIBBLE, K_ALNUM, K_TYPE, K_CAP, K_C4, K_91, K_1, K_B7, K_20, K_E2, K_COUNT };
#define K32(b) {b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b}
static const char AVX2_CONST[K_COUNT][32] __attribute__((aligned(32))) = {
    {LO_ROW, LO_ROW}, {HI_ROW, HI_ROW}, K32(0x0F), K32(BC_ALNUM),
    K32(BC_TYPE), K32((char)BC_CAP), K32((char)0xC4), K32((char)0x91), K32(1), K32((char)0xB7), K32(0x20),
    K32((char)0xE2)};
#undef K32

__attribute__((target("avx2"))) static inline void masks32_avx2(const char *p, uint32_t *sep, uint32_t *type,
                                                                uint32_t *cap, uint32_t *punct)
{
    /* (the constants are read from memory, as operands: the empty asm hides
     * what they are, or the compiler builds each anew, three instructions) */
    const __m256i *k = (const __m256i *)AVX2_CONST;
    __asm__("" : "+r"(k));
    __m256i zero = _mm256_setzero_si256(), nibble = _mm256_load_si256(k + K_NIBBLE);
    __m256i x = _mm256_loadu_si256((const __m256i *)p);
    __m256i x1 = _mm256_loadu_si256((const __m256i *)(p + 1)), x4 = _mm256_loadu_si256((const __m256i *)(p + 4));
    __m256i cls = _mm256_and_si256(
        _mm256_shuffle_epi8(_mm256_load_si256(k + K_LO), _mm256_and_si256(x, nibble)),
        _mm256_shuffle_epi8(_mm256_load_si256(k + K_HI), _mm256_and_si256(_mm256_srli_epi16(x, 4), nibble)));
    __m256i alnum = _mm256_and_si256(cls, _mm256_load_si256(k + K_ALNUM));
    /* (no test of the second byte, as in the AVX-512 path, so that both list
     * the same starts: a few more tested at the starts, about the same time) */
    __m256i no_type = _mm256_cmpeq_epi8(_mm256_and_si256(cls, _mm256_load_si256(k + K_TYPE)), zero);
    __m256i no_cap = _mm256_cmpeq_epi8(_mm256_and_si256(cls, _mm256_load_si256(k + K_CAP)), zero);
    /* C4: Đ a capital, đ (C4 91) not; either may start đặc (ặ: E1 BA B7, Ặ ..B6) */
    __m256i c4 = _mm256_cmpeq_epi8(x, _mm256_load_si256(k + K_C4));
    __m256i small_d = _mm256_and_si256(c4, _mm256_cmpeq_epi8(x1, _mm256_load_si256(k + K_91)));
    __m256i dac = _mm256_and_si256(
        c4, _mm256_cmpeq_epi8(_mm256_or_si256(x4, _mm256_load_si256(k + K_1)), _mm256_load_si256(k + K_B7)));
    __m256i e2 = _mm256_cmpeq_epi8(_mm256_or_si256(x, _mm256_load_si256(k + K_20)), _mm256_load_si256(k + K_E2));
    *sep = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(alnum, zero)) & ~(uint32_t)_mm256_movemask_epi8(x);
    *type = ~(uint32_t)_mm256_movemask_epi8(no_type) | (uint32_t)_mm256_movemask_epi8(dac);
    *cap = ~(uint32_t)_mm256_movemask_epi8(_mm256_or_si256(no_cap, small_d));
    *punct = (uint32_t)_mm256_movemask_epi8(e2);
}

__attribute__((target("avx2"))) static inline void masks_avx2(const char *p, block_masks *m, const void *unused)
{
    (void)unused;
    uint32_t s0, s1, t0, t1, c0, c1, p0, p1;
    masks32_avx2(p, &s0, &t0, &c0, &p0);
    masks32_avx2(p + 32, &s1, &t1, &c1, &p1);
    m->sep = s0 | (uint64_t)s1 << 32;
    m->type = t0 | (uint64_t)t1 << 32;
    m->cap = c0 | (uint64_t)c1 << 32;
    m->punct = p0 | (uint64_t)p1 << 32;
}

/* pl_type_may_start() with the four patterns in one vector */
__attribute__((target("avx2"))) static inline int type_may_start_avx2(const unsigned char *u)
{
    const pl_type_pat *t = &PL_TYPE_PAT[PL_TYPE_ROW[u[0]]];
    __m256i w = _mm256_set1_epi64x((long long)pl_load8(u));
    __m256i r = _mm256_cmpeq_epi64(
        _mm256_and_si256(_mm256_or_si256(w, _mm256_load_si256((const __m256i *)t->or_)),
                         _mm256_load_si256((const __m256i *)t->and_)),
        _mm256_load_si256((const __m256i *)t->val));
    return !_mm256_testz_si256(r, r);
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

/* -------------------------------------------------------------- AVX-512 */

#ifdef PL_AVX512
#define AVX512_TARGET __attribute__((target("avx2,avx512f,avx512bw,bmi,bmi2,popcnt")))
#define K64(row) {row, row, row, row}
#define B64(b) {b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, \
                b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b}
static const char AVX512_CONST[K_COUNT][64] __attribute__((aligned(64))) = {
    K64(LO_ROW), K64(HI_ROW), B64(0x0F), B64(BC_ALNUM), B64(BC_TYPE),
    B64((char)BC_CAP), B64((char)0xC4), B64((char)0x91), B64(1), B64((char)0xB7), B64(0x20), B64((char)0xE2)};
#undef K64
#undef B64

/* The masks of a block at once (a test of a byte class gives a bit mask
 * directly), with the type words' test of pl_type_may_start done for all
 * the bytes at once: m->type is then exact (the bytes where
 * pl_type_may_start says yes), and the word starts need no test of their
 * own. The first letter is compared as such, with no test of the second
 * byte (two shuffles and two tests on the one port that compares into
 * masks, gone: about 7% less time in the scan, as few more pass the telling
 * bytes). And m->cap without the bytes
 * where pl_cap_maybe says no (fewer capitals hashed). By the first byte's row of
 * PL_TYPE_PAT: t tỉnh (byte 3 | 1 == 89), thành (3 | 20 == A0), thị (1 | 20
 * == 'h', 4 | 1 == 8B), TP TX (1 | 28 == 78); h huyện (5 | 1 == 87); q quận
 * (4 | 1 == AD); p phường (6 | 1 == 9D); x xã (2 | 20 == A3); C4 đặc (1 | 1
 * == 91, 4 | 1 == B7). */
/* (the 0x20, 0x01, C4, 91 and B7 rows are AVX512_CONST's) */
enum { T_28, T_t, T_h, T_q, T_p, T_x, T_89, T_A0, T_78, T_8B, T_87, T_AD, T_9D, T_A3, T_COUNT };
#define B64(b) {b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, \
                b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b}
static const char TYPE_CONST[T_COUNT][64] __attribute__((aligned(64))) = {
    B64(0x28), B64('t'), B64('h'), B64('q'), B64('p'), B64('x'), B64((char)0x89), B64((char)0xA0), B64(0x78),
    B64((char)0x8B), B64((char)0x87), B64((char)0xAD), B64((char)0x9D), B64((char)0xA3)};
#undef B64

/* The constants of masks_types_avx512, in the order of their rows. */
typedef struct avx512_k {
    __m512i lo, hi, nibble, alnum, cap, c4, b91, one, b7, b20, e2;
    __m512i t, h, q, p, x, b28, b89, bA0, b78, b8B, b87, bAD, b9D, bA3;
} avx512_k;

AVX512_TARGET static inline void masks_types_avx512(const char *p, block_masks *m, const void *consts)
{
    /* the constants are loaded once a chunk, and the values both tests need
     * are read from the same row, so that each is computed once */
    const avx512_k *kc = consts;
#define K(i) (kc->i)
#define B(i) (kc->i)
#define AT(j) _mm512_loadu_si512(p + (j))
    __m512i nibble = K(nibble);
    __m512i x = AT(0), x1 = AT(1);
    __m512i x20 = _mm512_or_si512(x, K(b20)), x4o = _mm512_or_si512(AT(4), K(one));
    __m512i cls = _mm512_and_si512(_mm512_shuffle_epi8(K(lo), _mm512_and_si512(x, nibble)),
                                   _mm512_shuffle_epi8(K(hi), _mm512_and_si512(_mm512_srli_epi16(x, 4), nibble)));
    /* C4: Đ a capital, đ (C4 91) not; either may start đặc (ặ: E1 BA B7,
     * Ặ ..B6) */
    __mmask64 c4 = _mm512_cmpeq_epi8_mask(x, K(c4));
    __mmask64 dac = _mm512_mask_cmpeq_epi8_mask(c4, x4o, K(b7));
    __mmask64 small_d = _mm512_mask_cmpeq_epi8_mask(c4, x1, K(b91));
    __mmask64 dd = _mm512_mask_cmpeq_epi8_mask(dac, _mm512_or_si512(x1, K(one)), K(b91));
    m->sep = ~(uint64_t)_mm512_test_epi8_mask(cls, K(alnum)) & ~(uint64_t)_mm512_movepi8_mask(x);
    m->cap = (uint64_t)_mm512_test_epi8_mask(cls, K(cap)) & ~(uint64_t)small_d;
    m->punct = (uint64_t)_mm512_cmpeq_epi8_mask(x20, K(e2));
    /* the exact test, by each first letter (x | 20: either case) */
#define EQ(mask, v, c) _mm512_mask_cmpeq_epi8_mask(mask, v, B(c))
#define IS(mask, v, o, c) EQ(mask, _mm512_or_si512(v, o), c)
    __mmask64 kt = _mm512_cmpeq_epi8_mask(x20, B(t)), kh = _mm512_cmpeq_epi8_mask(x20, B(h)),
              kq = _mm512_cmpeq_epi8_mask(x20, B(q)), kp = _mm512_cmpeq_epi8_mask(x20, B(p)),
              kx = _mm512_cmpeq_epi8_mask(x20, B(x));
    __m512i x3 = AT(3);
    uint64_t type = (uint64_t)IS(kt, x3, K(one), b89) | (uint64_t)IS(kt, x3, K(b20), bA0) |
                    (uint64_t)EQ(IS(kt, x1, K(b20), h), x4o, b8B) | (uint64_t)IS(kt, x1, B(b28), b78) |
                    (uint64_t)IS(kh, AT(5), K(one), b87) | (uint64_t)EQ(kq, x4o, bAD) |
                    (uint64_t)IS(kp, AT(6), K(one), b9D) | (uint64_t)IS(kx, AT(2), K(b20), bA3);
    m->type = type | (uint64_t)dd;
#undef K
#undef B
#undef AT
#undef EQ
#undef IS
}
#endif

#ifdef PL_AVX512
/* block_at with masked loads, which read none of the bytes they leave out:
 * the last bytes of a line and zeros, in pad (128 bytes, aligned). */
AVX512_TARGET static inline const char *block_at_avx512(const char *s, size_t n, size_t at, char *pad)
{
    size_t left = n - at;
    if (left >= BLOCK_READ)
        return s + at;
    __mmask64 m0 = left >= 64 ? ~(__mmask64)0 : _bzhi_u64(~0ull, (unsigned)left);
    __mmask64 m1 = left > 64 ? _bzhi_u64(~0ull, (unsigned)(left - 64)) : 0;
    _mm512_store_si512(pad, _mm512_maskz_loadu_epi8(m0, s + at));
    _mm512_store_si512(pad + 64, _mm512_maskz_loadu_epi8(m1, s + at + 64));
    return pad;
}
#endif

/* ---------------------------------------------------------------- chunks */

void pl_chunk_restart(pl_chunk *c, size_t at)
{
    c->at = at;
    /* a word may start at `at` whatever precedes, and nothing before it is read */
    c->carry = (pl_carry){1ull << 63, 0, 0, 0};
}

/* Where words end (ASCII other than a letter or digit, C2, E2) in the 8
 * bytes after a block, for a capital near its end; a byte table, as it is
 * seldom needed. */
static const unsigned char STOP[256] = {[0 ... '0' - 1] = 1, [':' ... 'A' - 1] = 1, ['['... 'a' - 1] = 1,
                                        ['{' ... 0x7F] = 1, [0xC2] = 1, [0xE2] = 1};
static inline uint64_t ends_after(const unsigned char *u)
{
    uint64_t e = 0;
    for (unsigned k = 0; k < 8; k++)
        e |= (uint64_t)STOP[u[64 + k]] << k;
    return e;
}

/* The set bits of m as offsets off + k, at out; their count. Four are
 * written whatever m holds (out has room), so that the usual block, with
 * fewer (1.7 on average), costs no loop whose end is hard to foresee. (Two:
 * 4% fewer instructions in the scan, but more wrong guesses, no less time.) */
static inline unsigned put_bits(uint32_t *out, uint64_t m, uint32_t off)
{
    unsigned count = (unsigned)__builtin_popcountll(m);
    const uint64_t top = 1ull << 63; /* (no bit left: some offset) */
    /* (two by two, in 64-bit stores: four 32-bit ones the compiler put into
     * a vector element by element, more work on the port the masks need) */
    uint64_t k0 = (uint64_t)__builtin_ctzll(m | top);
    m &= m - 1;
    uint64_t k1 = (uint64_t)__builtin_ctzll(m | top);
    m &= m - 1;
    uint64_t k2 = (uint64_t)__builtin_ctzll(m | top);
    m &= m - 1;
    uint64_t k3 = (uint64_t)__builtin_ctzll(m | top);
    m &= m - 1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t offs = (uint64_t)off * 0x100000001ull, lo = (k0 | k1 << 32) + offs, hi = (k2 | k3 << 32) + offs;
    memcpy(out, &lo, 8);
    memcpy(out + 2, &hi, 8);
#else
    out[0] = off + (uint32_t)k0, out[1] = off + (uint32_t)k1, out[2] = off + (uint32_t)k2, out[3] = off + (uint32_t)k3;
#endif
    for (out += 4; m; m &= m - 1)
        *out++ = off + (unsigned)__builtin_ctzll(m);
    return count;
}

/* The blocks of a chunk; masks() and the rest are inlined, so a block costs
 * no call. The word starts that may begin a type word are tested in the
 * block (without branches: which way a test goes is hard to foresee); those
 * that may begin a capital are listed, and tested after the last block in
 * one loop over the chunk's list (a loop per block would end at a place
 * hard to foresee: about one wrong guess a block, which cost as much as the
 * tests). Those that pass are listed in order. */
__attribute__((always_inline)) static inline void
scan_chunk(pl_chunk *c, const char *s, size_t n, const struct vn_gazetteer *gz,
           void (*masks)(const char *, block_masks *, const void *), const void *masks_k,
           void (*cont_e2)(const char *, uint64_t *, uint64_t *),
           int (*type_may_start)(const unsigned char *), int type_exact,
           const char *(*pad_block)(const char *, size_t, size_t, char *))
{
    /* BLOCK_READ + 8, or two vectors; two, as a line's last two blocks may be padded */
    char pad[2][128] __attribute__((aligned(64)));
    const unsigned char *blocks[PL_CHUNK_BLOCKS];
    uint64_t pass[PL_CHUNK_BLOCKS], types[PL_CHUNK_BLOCKS];
    uint32_t cands[PL_CHUNK_BLOCKS * 32 + 4], flagged[PL_CHUNK_BLOCKS * 32 + 4];
    unsigned ncand = 0, npad = 0;
    pl_carry carry = c->carry;
    size_t base = c->base = c->at, at = base;
    uint64_t *ends = c->ends;
    int nb = 0;
    size_t left = at < n ? n - at : 0;
    int nblocks = left >= (size_t)PL_CHUNK_BLOCKS * 64 ? PL_CHUNK_BLOCKS : (int)((left + 63) / 64);
    for (; nb < nblocks; nb++, at += 64) {
        block_masks m;
        const char *p = s + at;
        if (__builtin_expect(n - at < BLOCK_READ, 0)) { /* a line's last bytes: padded */
            char *pb = pad[npad++ & 1];
            p = pad_block ? pad_block(s, n, at, pb) : block_at(s, n, at, pb);
        }
        const unsigned char *u = (const unsigned char *)p;
        blocks[nb] = u;
        masks(p, &m, masks_k);
        uint64_t starts = m.sep << 1 | carry.sep >> 63;
        if (m.punct || (carry.c2 | carry.e2) >> 61) { /* punctuation C2 xx / E2 xx xx near */
            uint64_t cont, e2;
            cont_e2(p, &cont, &e2);
            starts |= after_punct(&carry, m.punct, cont, e2);
            carry = (pl_carry){m.sep, cont, m.punct & ~e2, e2};
        } else {
            carry = (pl_carry){m.sep, 0, 0, 0};
        }
        ends[nb] = m.sep | m.punct;
        uint64_t type = 0;
        if (type_exact) { /* masks() did the test */
            type = starts & m.type;
        } else {
            /* the first two tested whatever the block holds (a loop per
             * block would end at a place hard to foresee, as in put_bits;
             * u + 63 may be read: BLOCK_READ) */
            uint64_t t = starts & m.type;
            const uint64_t top = 1ull << 63;
            unsigned k0 = (unsigned)__builtin_ctzll(t | top), ok0 = (unsigned)type_may_start(u + k0) & (t != 0);
            t &= t - 1;
            unsigned k1 = (unsigned)__builtin_ctzll(t | top), ok1 = (unsigned)type_may_start(u + k1) & (t != 0);
            t &= t - 1;
            type = (uint64_t)ok0 << k0 | (uint64_t)ok1 << k1;
            for (; t; t &= t - 1) {
                unsigned k = (unsigned)__builtin_ctzll(t);
                type |= (uint64_t)type_may_start(u + k) << k;
            }
        }
        pass[nb] = types[nb] = type;
        ncand += put_bits(cands + ncand, starts & m.cap, (uint32_t)nb * 64);
    }
    /* the word ends in the 8 bytes after the last block, if a capital starts
     * among its last 8 (after the others, the next block's) */
    ends[nb] = 0;
    if (ncand && (cands[ncand - 1] & 63) >= 56 && (int)(cands[ncand - 1] >> 6) == nb - 1)
        ends[nb] = ends_after(blocks[nb - 1]);
    const unsigned char *end_bytes = (const unsigned char *)ends;
    /* the capitals, in steps without branches (which way each goes is hard
     * to foresee): a name can start only where its first four bytes may
     * begin one (gz_name4, as try_capital begins) or a second capital
     * follows (a word in CAPITALS), which two thirds fail; the others are
     * kept in place in the list, and then tested by their first word and
     * the first bytes of the next (gz_lead8); those that pass either go on
     * to the second step */
    unsigned nkeep = 0;
    for (unsigned j = 0; j < ncand; j++) {
        uint32_t q = cands[j];
        const unsigned char *u = blocks[q >> 6] + (q & 63);
        unsigned n4 = gz_name4(gz, (const char *)u, 4) != 0, cap = (unsigned)pl_cap_maybe(u + PL_CHAR_LEN[u[0]]);
        cands[nkeep] = q | cap << 30;
        nkeep += n4 | cap;
    }
    unsigned nflag = 0;
    for (unsigned j = 0; j < nkeep; j++) {
        uint32_t q = cands[j] & 0x3FFFFFFF;
        const unsigned char *u = blocks[q >> 6] + (q & 63);
        uint64_t window = pl_load8(end_bytes + (q >> 3)) >> (q & 7); /* (bits q .. q + 56) */
        unsigned e1 = pl_word_end8(window), lead = (unsigned)gz_lead8(gz, pl_load8(u), e1, u + e1 + 1);
        flagged[nflag] = cands[j] | lead << 31;
        nflag += lead | (cands[j] >> 30 & 1);
    }
    for (unsigned j = 0; j < nflag; j++) {
        uint32_t q = flagged[j] & 0x3FFFFFFF;
        unsigned b = q >> 6, k = q & 63;
        const unsigned char *u = blocks[b] + k;
        uint64_t window = pl_load8(end_bytes + (q >> 3)) >> (q & 7);
        pass[b] |= (uint64_t)pl_capital_then(u, pl_word_end8(window), flagged[j] >> 31) << k;
    }
    /* the blocks with a start, found without a branch per block (most have
     * none, and which ones is hard to foresee) */
    uint32_t busy = 0;
    for (int b = 0; b < nb; b++)
        busy |= (uint32_t)(pass[b] != 0) << b;
    uint32_t *out = c->start;
    for (; busy; busy &= busy - 1) {
        unsigned b = (unsigned)__builtin_ctz(busy);
        for (uint64_t m = pass[b]; m; m &= m - 1) {
            unsigned k = (unsigned)__builtin_ctzll(m);
            *out++ = ((uint32_t)b * 64 + k) | (uint32_t)(types[b] >> k & 1) << 31;
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
    scan_chunk(c, s, n, gz, masks_avx2, NULL, cont_e2_avx2, type_may_start_avx2, 0, NULL);
}
#endif

#ifdef PL_AVX512
AVX512_TARGET static void scan_chunk_avx512(pl_chunk *c, const char *s, size_t n, const struct vn_gazetteer *gz)
{
    /* the constants, loaded once a chunk (the empty asm: see masks32_avx2) */
    const __m512i *k = (const __m512i *)AVX512_CONST, *t = (const __m512i *)TYPE_CONST;
    __asm__("" : "+r"(k), "+r"(t));
    const avx512_k kc = {k[K_LO], k[K_HI], k[K_NIBBLE], k[K_ALNUM], k[K_CAP],
                         k[K_C4], k[K_91], k[K_1], k[K_B7], k[K_20], k[K_E2], t[T_t], t[T_h], t[T_q], t[T_p],
                         t[T_x], t[T_28], t[T_89], t[T_A0], t[T_78], t[T_8B], t[T_87], t[T_AD], t[T_9D], t[T_A3]};
    scan_chunk(c, s, n, gz, masks_types_avx512, &kc, cont_e2_avx2, type_may_start_avx2, 1, block_at_avx512);
}
#endif

void pl_scan_chunk(pl_chunk *c, const char *s, size_t n, const struct vn_gazetteer *gz)
{
#ifdef PL_AVX512
    if (gz->avx512) {
        scan_chunk_avx512(c, s, n, gz);
        return;
    }
#endif
#ifdef PL_AVX2
    if (gz->avx2) {
        scan_chunk_avx2(c, s, n, gz);
        return;
    }
#endif
    scan_chunk(c, s, n, gz, masks_plain, NULL, cont_e2, pl_type_may_start, 0, NULL);
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
__attribute__((target("avx2,popcnt"))) static inline uint32_t cont_mask32(const char *p)
{
    __m256i x = _mm256_loadu_si256((const __m256i *)p);
    return (uint32_t)_mm256_movemask_epi8(x) & ~(uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(x, 1));
}

__attribute__((target("avx2,popcnt"))) static size_t count_cps_avx2(const char *s, size_t n)
{
    if (n < 32)
        return count_cps_plain(s, n);
    size_t k = 0, cont = 0;
    for (; k + 32 <= n; k += 32)
        cont += (size_t)__builtin_popcount(cont_mask32(s + k));
    if (k < n) /* the last 32 bytes, less those counted */
        cont += (size_t)__builtin_popcount(cont_mask32(s + n - 32) >> (32 - (n - k)));
    return n - cont;
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

int pl_have_avx512(void)
{
#ifdef PL_AVX512
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("bmi2");
#else
    return 0;
#endif
}
