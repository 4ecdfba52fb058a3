/* cleanvec.c — the clean-line check of normalize.c, sixty-four bytes a turn
 * with AVX2 where the CPU has it (asked once; without it nothing changes).
 *
 * normalize.c decides exactly, a pair of bytes at a time (PAIR table), whether
 * a line can be copied as it is. That costs a table load and a few bit
 * operations per byte. Here a block of thirty-two positions is accepted with
 * a few dozen vector instructions when it passes a stricter test than the
 * exact one: every position the block accepts would pass the exact check too
 * (the positions before it having passed, which the caller guarantees), so
 * where the exact check first fails does not move. A block the test does not
 * accept (a rare character, curly quotes and dashes included, a control, a
 * tone-placement candidate, a double space) goes back to the exact check.
 *
 * Accepted, for each position i of the block (s[i-4..i] inside the line):
 *  - s[i] is printable ASCII, a continuation byte, a lead C3..C9 (U+00C0..
 *    U+027F), E1 or E2;
 *  - s[i] is a continuation byte exactly when s[i-1] leads a sequence or
 *    s[i-2] is E1 or E2; after E1 comes B8..BB (U+1E00..U+1EFF); C3 90 / C3 B0
 *    (Ð ð) are not accepted; after E2 comes 80, then 90..A7 or B0..BF
 *    (U+2010..U+2027, U+2030..U+203F: dashes, curly quotes, "…", "‰", "›",
 *    which the exact check keeps as they are: without them every quoted word
 *    of an article sent thirty-two bytes to the exact check);
 *  - not two spaces in a row;
 *  - no possible tone-placement candidate before a non-letter s[i]: old
 *    placement, o then a toned a/e or u then a toned y (the vowel ending at
 *    i-1, the o/u three or four bytes back); new placement, a toned o then a/e
 *    or a toned u then y (a/e/y at i-1, the toned vowel ending at i-2 or i-3).
 *    The sets of toned vowels are wider than the exact ones (ô, ấ, ... too),
 *    which only sends a few more blocks to the exact check.
 * A block right after a byte the exact check allows but this test does not
 * look at (C2, CA, CB, E2) is left to the exact check. The fuzz harness of
 * normalize compares the output with the careful path's. */
#include "textint.h"

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

static int have_avx2(void)
{
    static int known = -1; /* the same answer for every thread */
    if (known < 0)
        known = __builtin_cpu_supports("avx2") ? 1 : 0;
    return known;
}

#define AVX2_FN __attribute__((target("avx2"), always_inline)) static inline

/* SPLAT[c]: thirty-two bytes c. The vector code reads its constants from
 * here through a pointer the compiler cannot see through, so they are memory
 * operands; from immediates GCC builds each one again inside the loop. */
#define R4(x) x, x, x, x
#define R32(x) R4(x), R4(x), R4(x), R4(x), R4(x), R4(x), R4(x), R4(x)
#define ROWS16(h)                                                                                      \
    {R32(h | 0)}, {R32(h | 1)}, {R32(h | 2)}, {R32(h | 3)}, {R32(h | 4)}, {R32(h | 5)}, {R32(h | 6)},   \
        {R32(h | 7)}, {R32(h | 8)}, {R32(h | 9)}, {R32(h | 10)}, {R32(h | 11)}, {R32(h | 12)},            \
        {R32(h | 13)}, {R32(h | 14)}, {R32(h | 15)}
static const uint8_t SPLAT[256][32] __attribute__((aligned(32))) = {
    ROWS16(0x00), ROWS16(0x10), ROWS16(0x20), ROWS16(0x30), ROWS16(0x40), ROWS16(0x50),
    ROWS16(0x60), ROWS16(0x70), ROWS16(0x80), ROWS16(0x90), ROWS16(0xA0), ROWS16(0xB0),
    ROWS16(0xC0), ROWS16(0xD0), ROWS16(0xE0), ROWS16(0xF0),
};
#undef ROWS16
#undef R32
#undef R4

typedef const uint8_t (*splat_tab)[32];

AVX2_FN __m256i C(splat_tab k, int c)
{
    return _mm256_load_si256((const __m256i *)k[c & 0xFF]);
}

AVX2_FN __m256i load(const unsigned char *p)
{
    return _mm256_loadu_si256((const __m256i *)p);
}

AVX2_FN __m256i eq(splat_tab k, __m256i x, int c)
{
    return _mm256_cmpeq_epi8(x, C(k, c));
}

/* x in [lo, hi] (unsigned bytes) */
AVX2_FN __m256i in_range(splat_tab k, __m256i x, int lo, int hi)
{
    __m256i d = _mm256_sub_epi8(x, C(k, lo));
    return _mm256_cmpeq_epi8(_mm256_min_epu8(d, C(k, hi - lo)), d);
}

/* (x & mask) == value */
AVX2_FN __m256i masked(splat_tab k, __m256i x, int mask, int value)
{
    return eq(k, _mm256_and_si256(x, C(k, mask)), value);
}

/* The byte rules, as four 16-entry tables: the high and low nibbles of s[i]
 * and of s[i-1]. Each bit is one rule; s[i] breaks it when the bit is set in
 * all four lookups. */
enum {
    K_ALL = 1,   /* s[i] is a control, D0..DF or F0..FF */
    K_DEL = 2,   /* s[i] is 7F */
    K_C = 4,     /* s[i] is C0..C2 or CA..CF */
    K_E = 8,     /* s[i] is E0 or E3..EF */
    K_E1X = 16,  /* E1 then 80..AF */
    K_E1Y = 32,  /* E1 then B0..B7 or BC..BF */
    K_ETH = 64,  /* C3 then 90 or B0 (Ð ð) */
    K_SP = 128   /* a space after a space */
};
#define ANY_V1 (K_ALL | K_DEL | K_C | K_E)

AVX2_FN __m256i nib_hi(splat_tab k, __m256i x)
{
    return _mm256_and_si256(_mm256_srli_epi16(x, 4), C(k, 0x0F));
}

AVX2_FN __m256i lookup(__m256i table, __m256i nibbles)
{
    return _mm256_shuffle_epi8(table, nibbles);
}

/* Nonzero bytes where a position of the block p[0..32) is not accepted.
 * mode is a constant where this is inlined, so each loop below keeps only its
 * own test. */
AVX2_FN __m256i block_bad(splat_tab k, const __m256i t[8], const unsigned char *p, int mode)
{
    __m256i v0 = load(p), v1 = load(p - 1), v2 = load(p - 2);
    __m256i bad = _mm256_and_si256(
        _mm256_and_si256(lookup(t[0], nib_hi(k, v0)), lookup(t[1], _mm256_and_si256(v0, C(k, 0x0F)))),
        _mm256_and_si256(lookup(t[2], nib_hi(k, v1)), lookup(t[3], _mm256_and_si256(v1, C(k, 0x0F)))));
    /* structure: a continuation byte exactly where one is due (E2 is not
     * allowed here, so E1 is the only 3-byte lead) */
    __m256i e2_2 = eq(k, v2, 0xE2);
    __m256i due = _mm256_or_si256(_mm256_cmpeq_epi8(_mm256_max_epu8(v1, C(k, 0xC0)), v1),
                                  _mm256_or_si256(eq(k, v2, 0xE1), e2_2));
    __m256i cont0 = _mm256_cmpgt_epi8(C(k, 0xC0), v0);
    bad = _mm256_or_si256(bad, _mm256_xor_si256(due, cont0));
    /* E2 80 90..A7 / B0..BF (dashes, quotes, "…", "‰", "›"): one of those is
     * where the last byte of an E2 sequence stands */
    /* (s[i] is a continuation byte there, or bad already: 90..BF is above 8F
     * as a signed byte) */
    __m256i punct = _mm256_andnot_si256(masked(k, v0, 0xF8, 0xA8),
                                        _mm256_and_si256(eq(k, v1, 0x80), _mm256_cmpgt_epi8(v0, C(k, 0x8F))));
    bad = _mm256_or_si256(bad, _mm256_andnot_si256(punct, e2_2));
    if (mode == 1) {
        /* old: o + toned a/e, u + toned y, the vowel ending at i-1; which
         * bytes of s[i-1] make one depends on s[i-2] (C3, BA, BB), told by
         * its low nibble: the other bytes with the same nibble cannot be
         * followed by a continuation byte in text that passes */
        __m256i key = _mm256_and_si256(v2, C(k, 0x0F));
        __m256i ae = _mm256_cmpeq_epi8(_mm256_and_si256(v1, lookup(t[4], key)), lookup(t[5], key));
        __m256i y = _mm256_cmpeq_epi8(_mm256_and_si256(v1, lookup(t[6], key)), lookup(t[7], key));
        __m256i want = _mm256_blendv_epi8(C(k, 'u'), C(k, 'o'), ae); /* the letter three or four back */
        __m256i v3l = _mm256_or_si256(load(p - 3), C(k, 0x20)), v4l = _mm256_or_si256(load(p - 4), C(k, 0x20));
        __m256i cand = _mm256_and_si256(_mm256_or_si256(ae, y),
                                        _mm256_or_si256(_mm256_cmpeq_epi8(v3l, want), _mm256_cmpeq_epi8(v4l, want)));
        __m256i letter0 = in_range(k, _mm256_or_si256(v0, C(k, 0x20)), 'a', 'z');
        bad = _mm256_or_si256(bad, _mm256_andnot_si256(letter0, cand));
    } else if (mode == 2) {
        /* new: toned o + a/e, toned u + y, the vowel ending at i-2 or i-3 */
        __m256i v3 = load(p - 3), v4 = load(p - 4);
        __m256i c3_3 = eq(k, v3, 0xC3), c3_4 = eq(k, v4, 0xC3), bb3 = eq(k, v3, 0xBB), bb4 = eq(k, v4, 0xBB);
        __m256i o = _mm256_or_si256(
            _mm256_or_si256(_mm256_and_si256(c3_3, masked(k, v2, 0xD8, 0x90)), _mm256_and_si256(bb3, masked(k, v2, 0xFC, 0x8C))),
            _mm256_or_si256(_mm256_and_si256(c3_4, masked(k, v3, 0xD8, 0x90)), _mm256_and_si256(bb4, masked(k, v3, 0xFC, 0x8C))));
        __m256i u = _mm256_or_si256(
            _mm256_or_si256(_mm256_and_si256(c3_3, masked(k, v2, 0xDC, 0x98)), _mm256_and_si256(bb3, masked(k, v2, 0xFC, 0xA4))),
            _mm256_or_si256(_mm256_and_si256(c3_4, masked(k, v3, 0xDC, 0x98)), _mm256_and_si256(bb4, masked(k, v3, 0xFC, 0xA4))));
        u = _mm256_or_si256(u, _mm256_or_si256(_mm256_and_si256(eq(k, v3, 0xC5), masked(k, v2, 0xFE, 0xA8)),
                                               _mm256_and_si256(eq(k, v4, 0xC5), masked(k, v3, 0xFE, 0xA8))));
        __m256i v1l = _mm256_or_si256(v1, C(k, 0x20));
        __m256i ae = _mm256_or_si256(eq(k, v1l, 'a'), eq(k, v1l, 'e'));
        __m256i cand = _mm256_or_si256(_mm256_and_si256(ae, o), _mm256_and_si256(eq(k, v1l, 'y'), u));
        __m256i letter0 = in_range(k, _mm256_or_si256(v0, C(k, 0x20)), 'a', 'z');
        bad = _mm256_or_si256(bad, _mm256_andnot_si256(letter0, cand));
    }
    return bad;
}

/* The tables of block_rejected: the byte rules (see K_*), then for the old
 * placement the mask and value s[i-1] has when it ends a toned a/e, and when
 * it ends a toned y, by the low nibble of s[i-2]: C3 (àáãèé ÀÁÃÈÉ / ýÝ, as
 * the wider (b & D0) == 80 and (b & DF) == 9D), BA (E1 BA A0..BF: ạ ả ..
 * ẹ ẻ ẽ, and ấ ầ ..), BB (E1 BB B0..BF: ỳ ỵ ỷ ỹ ..). A mask of 0 and a
 * value of FF never match. */
static const uint8_t TABLES[8][16] = {
    {K_ALL, K_ALL, K_SP, 0, 0, 0, 0, K_DEL, K_E1X, K_E1X | K_ETH, K_E1X, K_E1Y | K_ETH, K_C, K_ALL, K_E, K_ALL},
    {K_ALL | K_C | K_E | K_E1X | K_E1Y | K_ETH | K_SP, K_ALL | K_C | K_E1X | K_E1Y, K_ALL | K_C | K_E1X | K_E1Y,
     K_ALL | K_E | K_E1X | K_E1Y, K_ALL | K_E | K_E1X | K_E1Y, K_ALL | K_E | K_E1X | K_E1Y, K_ALL | K_E | K_E1X | K_E1Y,
     K_ALL | K_E | K_E1X | K_E1Y, K_ALL | K_E | K_E1X, K_ALL | K_E | K_E1X, K_ALL | K_C | K_E | K_E1X,
     K_ALL | K_C | K_E | K_E1X, K_ALL | K_C | K_E | K_E1X | K_E1Y, K_ALL | K_C | K_E | K_E1X | K_E1Y,
     K_ALL | K_C | K_E | K_E1X | K_E1Y, K_ALL | K_DEL | K_C | K_E | K_E1X | K_E1Y},
    {ANY_V1, ANY_V1, ANY_V1 | K_SP, ANY_V1, ANY_V1, ANY_V1, ANY_V1, ANY_V1, ANY_V1, ANY_V1, ANY_V1, ANY_V1,
     ANY_V1 | K_ETH, ANY_V1, ANY_V1 | K_E1X | K_E1Y, ANY_V1},
    {ANY_V1 | K_SP, ANY_V1 | K_E1X | K_E1Y, ANY_V1, ANY_V1 | K_ETH, ANY_V1, ANY_V1, ANY_V1, ANY_V1, ANY_V1, ANY_V1,
     ANY_V1, ANY_V1, ANY_V1, ANY_V1, ANY_V1, ANY_V1},
    {0, 0, 0, 0xD0, 0, 0, 0, 0, 0, 0, 0xE0, 0, 0, 0, 0, 0},
    {0xFF, 0xFF, 0xFF, 0x80, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xA0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF},
    {0, 0, 0, 0xDF, 0, 0, 0, 0, 0, 0, 0, 0xF0, 0, 0, 0, 0},
    {0xFF, 0xFF, 0xFF, 0x9D, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xB0, 0xFF, 0xFF, 0xFF, 0xFF},
};

AVX2_FN void tables(__m256i t[8])
{
#define T(i) t[i] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)TABLES[i]))
    T(0);
    T(1);
    T(2);
    T(3);
    T(4);
    T(5);
    T(6);
    T(7);
#undef T
}

/* The bytes before a block passed the exact check, which allows more than the
 * vector test looks at: a block right after C2, CA, CB or inside an E2
 * sequence is left to the exact check. */
static const uint8_t AWKWARD_BEFORE[256] = {[0xC2] = 1, [0xCA] = 1, [0xCB] = 1, [0xE2] = 1};

static inline int awkward_start(const unsigned char *p)
{
    return AWKWARD_BEFORE[p[-1]] | (p[-2] == 0xE2);
}

/* Sixty-four bytes a turn (the test of the second half needs no look at the
 * bytes before it: the first half allows no awkward byte), then thirty-two.
 * Returns the start of the first block not accepted (or of the bytes left,
 * fewer than thirty-two). */
#define RUN(NAME, MODE)                                                                            \
    __attribute__((target("avx2"))) static size_t NAME(const unsigned char *s, size_t k, size_t len) \
    {                                                                                              \
        splat_tab kt = SPLAT;                                                                      \
        __asm__("" : "+r"(kt)); /* constants from memory, see SPLAT */                            \
        __m256i t[8];                                                                              \
        tables(t);                                                                                 \
        for (; k + 64 <= len; k += 64) {                                                           \
            if (awkward_start(s + k))                                                              \
                return k;                                                                          \
            __m256i a = block_bad(kt, t, s + k, MODE), b = block_bad(kt, t, s + k + 32, MODE);     \
            __m256i both = _mm256_or_si256(a, b);                                                  \
            if (!_mm256_testz_si256(both, both))                                                   \
                return _mm256_testz_si256(a, a) ? k + 32 : k;                                      \
        }                                                                                          \
        if (k + 32 <= len) {                                                                       \
            if (awkward_start(s + k))                                                              \
                return k;                                                                          \
            __m256i a = block_bad(kt, t, s + k, MODE);                                             \
            if (!_mm256_testz_si256(a, a))                                                         \
                return k;                                                                          \
            k += 32;                                                                               \
        }                                                                                          \
        return k;                                                                                  \
    }
RUN(run_keep, 0)
RUN(run_old, 1)
RUN(run_new, 2)

/* The old placement's test (the normalizer's default) with AVX-512BW: the same
 * tests as block_bad(…, 1) on sixty-four positions, the comparisons into mask
 * registers; bit i set where position i is not accepted. */
#define AVX512_FN __attribute__((target("avx2,avx512f,avx512bw"), always_inline)) static inline

static int have_avx512(void)
{
    static int known = -1;
    if (known < 0)
        known = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") ? 1 : 0;
    return known;
}

AVX512_FN __m512i load512(const unsigned char *p)
{
    return _mm512_loadu_si512((const void *)p);
}

AVX512_FN __m512i lookup512(__m512i table, __m512i nibbles)
{
    return _mm512_shuffle_epi8(table, nibbles);
}

/* The constants of block_bad_old512, made once before the loop: built from
 * immediates, GCC makes each one again in every turn (two instructions each),
 * so they go through an empty asm that hides where they come from. */
typedef struct k512 {
    __m512i t[8], low, case_bit, e2, e1, c0, x80, x8f, f8, a8, u, o, a, z25;
} k512;

#define KEEP(v) __asm__("" : "+v"(v))

AVX512_FN void k512_init(k512 *k)
{
    for (int i = 0; i < 8; i++) {
        k->t[i] = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)TABLES[i]));
        KEEP(k->t[i]);
    }
#define K(f, c)                                                                \
    k->f = _mm512_set1_epi8((char)(c));                                        \
    KEEP(k->f)
    K(low, 0x0F);
    K(case_bit, 0x20);
    K(e2, 0xE2);
    K(e1, 0xE1);
    K(c0, 0xC0);
    K(x80, 0x80);
    K(x8f, 0x8F);
    K(f8, 0xF8);
    K(a8, 0xA8);
    K(u, 'u');
    K(o, 'o');
    K(a, 'a');
    K(z25, 25);
#undef K
}

/* The same tests as block_bad(…, 1), the ANDs of masks done by the compares
 * themselves where they can (a compare under a mask). */
AVX512_FN uint64_t block_bad_old512(const k512 *k, const unsigned char *p)
{
    const __m512i *t = k->t;
    __m512i v0 = load512(p), v1 = load512(p - 1), v2 = load512(p - 2);
    __m512i hi0 = _mm512_and_si512(_mm512_srli_epi16(v0, 4), k->low),
            hi1 = _mm512_and_si512(_mm512_srli_epi16(v1, 4), k->low);
    __m512i rules = _mm512_ternarylogic_epi32(lookup512(t[0], hi0), lookup512(t[1], _mm512_and_si512(v0, k->low)),
                                              lookup512(t[2], hi1), 0x80);
    uint64_t bad = _mm512_test_epi8_mask(rules, lookup512(t[3], _mm512_and_si512(v1, k->low)));
    uint64_t e2_2 = _mm512_cmpeq_epi8_mask(v2, k->e2);
    uint64_t due = _mm512_cmpge_epu8_mask(v1, k->c0) | _mm512_cmpeq_epi8_mask(v2, k->e1) | e2_2;
    uint64_t cont0 = _mm512_cmplt_epi8_mask(v0, k->c0); /* 80..BF */
    bad |= due ^ cont0;
    /* E2 80 90..A7 / B0..BF (see block_bad): 90..BF is above 8F as a signed
     * byte, A8..AF is what (x & F8) == A8 takes out */
    uint64_t punct = _mm512_mask_cmpneq_epi8_mask(
        _mm512_mask_cmpeq_epi8_mask(_mm512_cmpgt_epi8_mask(v0, k->x8f), v1, k->x80),
        _mm512_and_si512(v0, k->f8), k->a8);
    bad |= e2_2 & ~punct;
    __m512i key = _mm512_and_si512(v2, k->low);
    uint64_t ae = _mm512_cmpeq_epi8_mask(_mm512_and_si512(v1, lookup512(t[4], key)), lookup512(t[5], key));
    uint64_t y = _mm512_cmpeq_epi8_mask(_mm512_and_si512(v1, lookup512(t[6], key)), lookup512(t[7], key));
    __m512i want = _mm512_mask_blend_epi8(ae, k->u, k->o);
    /* not a letter at i, then o/u three or four back (the compares under
     * that mask), then a toned vowel ending at i-1 */
    uint64_t not_letter0 =
        _mm512_cmpgt_epu8_mask(_mm512_sub_epi8(_mm512_or_si512(v0, k->case_bit), k->a), k->z25);
    __m512i v3l = _mm512_or_si512(load512(p - 3), k->case_bit), v4l = _mm512_or_si512(load512(p - 4), k->case_bit);
    uint64_t ou = _mm512_mask_cmpeq_epi8_mask(not_letter0, v3l, want) |
                  _mm512_mask_cmpeq_epi8_mask(not_letter0, v4l, want);
    return bad | (ou & (ae | y));
}

/* run_old's loop on the 64-byte test; the rest (fewer than sixty-four) as
 * run_old does it. The same return: where the first half not accepted starts. */
__attribute__((target("avx2,avx512f,avx512bw"))) static size_t run_old512(const unsigned char *s, size_t k,
                                                                          size_t len)
{
    k512 kc;
    k512_init(&kc);
    for (; k + 64 <= len; k += 64) {
        if (awkward_start(s + k))
            return k;
        uint64_t bad = block_bad_old512(&kc, s + k);
        if (bad)
            return (uint32_t)bad ? k : k + 32;
    }
    return k + 32 <= len ? run_old(s, k, len) : k;
}
#endif

int vn_text_no_vector;
int vn_text_no_avx512;

size_t vn_text_clean_blocks(const unsigned char *s, size_t k, size_t len, int mode)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (k >= 5 && !vn_text_no_vector && have_avx2())
        return mode == 0   ? run_keep(s, k, len)
               : mode == 1 ? (have_avx512() && !vn_text_no_avx512 ? run_old512(s, k, len) : run_old(s, k, len))
                           : run_new(s, k, len);
#endif
    (void)s;
    (void)len;
    (void)mode;
    return k;
}
