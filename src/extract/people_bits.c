/* people_bits.c — the bitmaps of a chunk (see people_bits.h), by AVX-512,
 * AVX2 or SSE2 where the CPU has them, else a byte at a time. The AVX-512
 * version can be turned off with VNEWS_PEOPLE_NO_AVX512 (valgrind runs the
 * AVX2 one anyway). */
#include "people_bits.h"

#include <stdint.h>
#include <stdlib.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The bitmaps of the blocks s[0..64 * nw) (reads s[-1] to s[64 * nw + 1]),
 * by the vector unit the CPU has (chosen once in pp_bits_init). */
typedef void scan_fn(const unsigned char *s, int nw, uint64_t *sp, uint64_t *stop, uint64_t *upc,
                     uint64_t *gap);
static scan_fn scan_plain;
#if defined(__SSE2__)
static scan_fn scan_sse2;
#endif
#if defined(__SSE2__) && defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define HAVE_AVX2_SCAN 1
static scan_fn scan_avx2;
/* The constants of the AVX2 scan: every byte value repeated 32 times, read
 * from memory as operands. Made by _mm256_set1_epi8, they are too many for
 * the registers and were spilled or built again inside the loop. Not
 * static: the stores of the bitmaps may alias it for all the compiler
 * knows, so it does not hoist the loads out of the loop into registers. */
uint64_t pp_k256[256][4] __attribute__((aligned(32)));
#endif
#if defined(HAVE_AVX2_SCAN)
#define HAVE_AVX512_SCAN 1
static scan_fn scan_avx512;
#endif
#if defined(__SSE2__)
static scan_fn *scan_blocks = scan_sse2;
#else
static scan_fn *scan_blocks = scan_plain;
#endif

void pp_bits_init(void)
{
#ifdef HAVE_AVX2_SCAN
    for (int b = 0; b < 256; b++)
        pp_k256[b][0] = pp_k256[b][1] = pp_k256[b][2] = pp_k256[b][3] = 0x0101010101010101ull * (uint64_t)b;
    if (__builtin_cpu_supports("avx2"))
        scan_blocks = scan_avx2;
#endif
#ifdef HAVE_AVX512_SCAN
    if (__builtin_cpu_supports("avx512bw") && !getenv("VNEWS_PEOPLE_NO_AVX512"))
        scan_blocks = scan_avx512;
#endif
}

/* The bitmaps (see scanbits), 64 bytes a word. gap: the bytes worth a look
 * in a gap: ASCII uppercase and punctuation (NUL, tab included), lead bytes
 * other than those of Vietnamese letters (C3–C6, E1 B8–BB), such a letter
 * cut short, a stray continuation byte after ASCII, and after a space: a
 * Vietnamese letter that may be uppercase (not "đ", "ở" …: C4/C5 with an
 * odd second byte, E1 with an odd third, C3 A0–BF ("ô", "à"), C6 but "Ơ"
 * and "Ư": lowercase for sure; they are most of them) or "và", "ki" + C3
 * ("kiêm"); gap_scan decides the rest. upc leaves out the same lowercase
 * letters: a title-case word then seldom has a byte to look at after its
 * first letter (has_inner_upper_bits).
 * One byte at a time, for any CPU; the vector versions below give the same
 * bits. */
static void scan_plain(const unsigned char *s, int nw, uint64_t *sp, uint64_t *stop, uint64_t *upc,
                       uint64_t *gap)
{
    for (int w = 0; w < nw; w++) {
        const unsigned char *p = s + 64 * w;
        uint64_t msp = 0, mstop = 0, mupc = 0, mgap = 0;
        for (int k = 0; k < 64; k++) {
            unsigned b = p[k], nb = p[k + 1], nnb = p[k + 2], pb = p[k - 1];
            int plain = (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == ' ';
            int viet = (b >= 0xC3 && b <= 0xC6) || b == 0xE1;
            int cont = b >= 0x80 && b <= 0xBF;
            int e1ok = b == 0xE1 && nb >= 0xB8 && nb <= 0xBB;
            uint64_t bit = 1ull << k;
            /* after a space: a Vietnamese letter that may be uppercase,
             * "v" before "à", "k" before "i" + C3 */
            int lowd = ((b == 0xC4 || b == 0xC5) && (nb & 1)) || (b == 0xE1 && (nnb & 1)) ||
                       (b == 0xC3 && nb >= 0xA0 && nb <= 0xBF) || (b == 0xC6 && nb != 0xA0 && nb != 0xAF);
            int up = viet && !lowd;
            int vk = (b == 'v' && nb == 0xC3 && nnb == 0xA0) || (b == 'k' && nb == 'i' && nnb == 0xC3);
            if ((b < 0x80 && !plain) || (b >= 0xC0 && !viet) || (b == 0xE1 && !e1ok) ||
                (pb == ' ' && (up || vk)) || (viet && (nb & 0xC0) != 0x80) ||
                (b == 0xE1 && (nnb & 0xC0) != 0x80) || (cont && pb < 0x80))
                mgap |= bit;
            if (b == ' ' || b == '\t' || b == '\r')
                msp |= bit;
            int word_b = (b >= '0' && b <= '9') || ((b | 32) >= 'a' && (b | 32) <= 'z') ||
                         (b >= 0x80 && b <= 0xBF) || (b >= 0xC3 && b <= 0xC6);
            if (!(word_b || (e1ok && (nnb & 0xC0) == 0x80)))
                mstop |= bit;
            int short_cut = (b == 0xE1 && !e1ok) || (viet && (nb & 0xC0) != 0x80) ||
                            (b == 0xE1 && (nnb & 0xC0) != 0x80) || (cont && pb < 0x80);
            if ((b >= 'A' && b <= 'Z') || (b >= 0xC0 && !lowd) || short_cut)
                mupc |= bit;
        }
        sp[w] = msp, stop[w] = mstop, upc[w] = mupc, gap[w] = mgap;
    }
}

/* The vector versions: the same sums on 16 or 32 bytes at once. x in
 * [lo, hi] (unsigned) is x - lo - 128 < hi - lo + 1 - 128 (signed); a
 * continuation byte (80–BF) is below -64 signed, a lead byte (C0–FF) above
 * -65 and negative. The constants stay in registers across the blocks. */
#define SCAN_BODY(V, W, SET1, LOADU, CMPEQ, CMPGT, SUB, OR, AND, ANDNOT, MOVEMASK, MASKBITS)       \
    const V k_space = SET1(' '), k_tab = SET1('\t'), k_cr = SET1('\r'), k_v = SET1('v'),          \
            k_k = SET1('k'), k_e1 = SET1((char)0xE1), k_m1 = SET1(-1), k_m64 = SET1(-64),          \
            k_m65 = SET1(-65);                                                                     \
    const V lo_a = SET1((char)('a' + 128)), hi_a = SET1((char)(26 - 128)),                         \
            lo_0 = SET1((char)('0' + 128)), hi_0 = SET1((char)(10 - 128)),                         \
            lo_A = SET1((char)('A' + 128)), hi_A = SET1((char)(26 - 128)),                         \
            lo_c3 = SET1((char)(0xC3 + 128)), hi_c3 = SET1((char)(4 - 128)),                       \
            lo_b8 = SET1((char)(0xB8 + 128)), hi_b8 = SET1((char)(4 - 128)),                       \
            lo_c4 = SET1((char)(0xC4 + 128)), hi_c4 = SET1((char)(2 - 128));                       \
    const V k_c3 = SET1((char)0xC3), k_a0 = SET1((char)0xA0), k_i = SET1('i'), k_1 = SET1(1);     \
    const V k_c6 = SET1((char)0xC6), k_af = SET1((char)0xAF), lo_a0 = SET1((char)(0xA0 + 128)),   \
            hi_a0 = SET1((char)(32 - 128));                                                        \
    for (int w = 0; w < nw; w++) {                                                                 \
        uint64_t msp = 0, mstop = 0, mupc = 0, mgap = 0;                                           \
        for (int h = 0; h < 64; h += W) {                                                          \
            const unsigned char *q = s + 64 * w + h;                                               \
            V v = LOADU(q), pv = LOADU(q - 1), nv = LOADU(q + 1), nnv = LOADU(q + 2);              \
            V lower = CMPGT(hi_a, SUB(v, lo_a)), digit = CMPGT(hi_0, SUB(v, lo_0));                \
            V upper = CMPGT(hi_A, SUB(v, lo_A)), c36 = CMPGT(hi_c3, SUB(v, lo_c3));                \
            V space = CMPEQ(v, k_space), ascii = CMPGT(v, k_m1);                                   \
            V cont = CMPGT(k_m64, v), lead = ANDNOT(ascii, CMPGT(v, k_m65));                       \
            V e1 = CMPEQ(v, k_e1), viet = OR(c36, e1);                                             \
            V nb8 = CMPGT(hi_b8, SUB(nv, lo_b8));                                                  \
            V ncont = CMPGT(k_m64, nv), nncont = CMPGT(k_m64, nnv);                                \
            V punct = ANDNOT(OR(OR(lower, digit), space), ascii);                                  \
            V odd = ANDNOT(viet, lead), e1odd = ANDNOT(nb8, e1);                                   \
            V vk = OR(AND(CMPEQ(v, k_v), AND(CMPEQ(nv, k_c3), CMPEQ(nnv, k_a0))),                   \
                      AND(CMPEQ(v, k_k), AND(CMPEQ(nv, k_i), CMPEQ(nnv, k_c3))));                 \
            /* lowercase for sure: C4/C5 with an odd second byte ("đ"), E1     \
             * with an odd third ("ở"), C3 A0–BF ("ô"), C6 but "Ơ", "Ư"; other \
             * Vietnamese letters may be upper */                              \
            V lowd = OR(OR(AND(CMPGT(hi_c4, SUB(v, lo_c4)), CMPEQ(AND(nv, k_1), k_1)),             \
                           AND(e1, CMPEQ(AND(nnv, k_1), k_1))),                                    \
                        OR(AND(CMPEQ(v, k_c3), CMPGT(hi_a0, SUB(nv, lo_a0))),                      \
                           ANDNOT(OR(CMPEQ(nv, k_a0), CMPEQ(nv, k_af)), CMPEQ(v, k_c6))));        \
            V up = ANDNOT(lowd, viet);                                                             \
            V start = AND(CMPEQ(pv, k_space), OR(up, vk));                                         \
            V cut = OR(OR(ANDNOT(ncont, viet), ANDNOT(nncont, e1)), AND(cont, CMPGT(pv, k_m1)));   \
            V g = OR(OR(OR(punct, odd), OR(e1odd, start)), cut);                                   \
            V sps = OR(space, OR(CMPEQ(v, k_tab), CMPEQ(v, k_cr)));                                \
            V word = OR(OR(OR(lower, digit), OR(upper, cont)), OR(c36, AND(AND(e1, nb8), nncont)));\
            mgap |= (uint64_t)((unsigned)MOVEMASK(g) & MASKBITS) << h;                             \
            msp |= (uint64_t)((unsigned)MOVEMASK(sps) & MASKBITS) << h;                            \
            mstop |= (uint64_t)(~(unsigned)MOVEMASK(word) & MASKBITS) << h;                        \
            V upl = OR(OR(upper, ANDNOT(lowd, lead)), OR(e1odd, cut));                             \
            mupc |= (uint64_t)((unsigned)MOVEMASK(upl) & MASKBITS) << h;                           \
        }                                                                                          \
        sp[w] = msp, stop[w] = mstop, upc[w] = mupc, gap[w] = mgap;                                \
    }

#if defined(__SSE2__)
#define LOADU128(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
static void scan_sse2(const unsigned char *s, int nw, uint64_t *sp, uint64_t *stop, uint64_t *upc,
                      uint64_t *gap)
{
    SCAN_BODY(__m128i, 16, _mm_set1_epi8, LOADU128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_sub_epi8,
              _mm_or_si128, _mm_and_si128, _mm_andnot_si128, _mm_movemask_epi8, 0xFFFFu)
}
#endif

#ifdef HAVE_AVX2_SCAN
#include <immintrin.h>
#include <string.h>
#define LOADU256(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define K(x) _mm256_load_si256((const __m256i *)(const void *)pp_k256[(unsigned char)(x)])
/* The same sums as SCAN_BODY, 32 bytes a step, in fewer instructions: a
 * range test is kept as its complement (two instructions, the constants
 * read from memory), and "odd" is bit 0 shifted into the sign bit, which is
 * all that the masks built from it by bitwise operations and read by
 * movemask need. Each step stores its four 32-bit masks (little-endian: the
 * low half of a word is its first 32 bytes). */
__attribute__((target("avx2"))) static void scan_avx2(const unsigned char *s, int nw, uint64_t *sp,
                                                      uint64_t *stop, uint64_t *upc, uint64_t *gap)
{
/* 0xFF where x is outside [lo, hi] (unsigned) */
#define OUT(x, lo, hi) _mm256_cmpgt_epi8(_mm256_sub_epi8((x), K((lo) + 128)), K((hi) - (lo) - 128))
#define OR(a, b) _mm256_or_si256((a), (b))
#define AND(a, b) _mm256_and_si256((a), (b))
#define ANDNOT(a, b) _mm256_andnot_si256((a), (b)) /* ~a & b */
#define EQ(a, b) _mm256_cmpeq_epi8((a), (b))
    for (int h = 0; h < 64 * nw; h += 32) {
        const unsigned char *q = s + h;
        __m256i v = LOADU256(q), pv = LOADU256(q - 1), nv = LOADU256(q + 1), nnv = LOADU256(q + 2);
        __m256i nlower = OUT(v, 'a', 'z'), ndigit = OUT(v, '0', '9'), nupper = OUT(v, 'A', 'Z');
        __m256i nc36 = OUT(v, 0xC3, 0xC6), nc45 = OUT(v, 0xC4, 0xC5), nnb8 = OUT(nv, 0xB8, 0xBB);
        __m256i space = EQ(v, K(' '));
        __m256i sps = OR(space, OR(EQ(v, K('\t')), EQ(v, K('\r'))));
        __m256i ascii = _mm256_cmpgt_epi8(v, K(-1));
        __m256i x = _mm256_cmpgt_epi8(v, K(-65)); /* not a continuation byte */
        __m256i nx = _mm256_cmpgt_epi8(nv, K(-65)), nnx = _mm256_cmpgt_epi8(nnv, K(-65));
        __m256i lead = ANDNOT(ascii, x), e1 = EQ(v, K(0xE1));
        __m256i viet = OR(ANDNOT(nc36, K(-1)), e1);
        /* E1 B8–BB and a continuation byte: a letter */
        __m256i e1ok = ANDNOT(nnx, ANDNOT(nnb8, e1));
        __m256i mstop_v = ANDNOT(e1ok, AND(AND(nlower, ndigit), AND(AND(nupper, x), nc36)));
        __m256i punct = AND(AND(ascii, nlower), ANDNOT(space, ndigit));
        __m256i odd = ANDNOT(viet, lead), e1odd = AND(e1, nnb8);
        __m256i vk = OR(AND(EQ(v, K('v')), AND(EQ(nv, K(0xC3)), EQ(nnv, K(0xA0)))),
                        AND(EQ(v, K('k')), AND(EQ(nv, K('i')), EQ(nnv, K(0xC3)))));
        /* lowercase for sure: C4/C5 with an odd second byte ("đ"), E1 with
         * an odd third ("ở"), C3 A0–BF ("ô"), C6 but "Ơ", "Ư"; sign bits
         * only from here on */
        __m256i lowd = OR(OR(ANDNOT(nc45, _mm256_slli_epi16(nv, 7)), AND(e1, _mm256_slli_epi16(nnv, 7))),
                          OR(AND(EQ(v, K(0xC3)), _mm256_slli_epi16(nv, 2)), /* bit 5: A0–BF */
                             ANDNOT(OR(EQ(nv, K(0xA0)), EQ(nv, K(0xAF))), EQ(v, K(0xC6)))));
        __m256i start = AND(EQ(pv, K(' ')), OR(ANDNOT(lowd, viet), vk));
        __m256i cut = OR(OR(AND(viet, nx), AND(e1, nnx)), ANDNOT(x, _mm256_cmpgt_epi8(pv, K(-1))));
        __m256i g = OR(OR(OR(punct, odd), OR(e1odd, start)), cut);
        __m256i upl = OR(OR(ANDNOT(nupper, K(-1)), ANDNOT(lowd, lead)), OR(e1odd, cut));
        uint32_t msp = (uint32_t)_mm256_movemask_epi8(sps);
        uint32_t mstop = (uint32_t)_mm256_movemask_epi8(mstop_v);
        uint32_t mupc = (uint32_t)_mm256_movemask_epi8(upl);
        uint32_t mgap = (uint32_t)_mm256_movemask_epi8(g);
        memcpy((char *)sp + h / 8, &msp, 4);
        memcpy((char *)stop + h / 8, &mstop, 4);
        memcpy((char *)upc + h / 8, &mupc, 4);
        memcpy((char *)gap + h / 8, &mgap, 4);
    }
#undef OUT
#undef OR
#undef AND
#undef ANDNOT
#undef EQ
}
#endif

#ifdef HAVE_AVX512_SCAN
/* The same sums as scan_plain on 64 bytes a step, as 64-bit masks: a
 * compare gives the mask of a block directly, the rest is integer
 * arithmetic. The tests on the byte before are the masks of the block
 * shifted by one, the last byte of the block before coming in. */
__attribute__((target("avx512f,avx512bw"))) static void scan_avx512(const unsigned char *s, int nw,
                                                                   uint64_t *sp, uint64_t *stop,
                                                                   uint64_t *upc, uint64_t *gap)
{
#define SET(x) _mm512_set1_epi8((char)(x))
/* x in [lo, hi] (unsigned) */
#define IN(x, lo, hi) _mm512_cmple_epu8_mask(_mm512_sub_epi8((x), SET(lo)), SET((hi) - (lo)))
#define EQ(x, c) _mm512_cmpeq_epi8_mask((x), SET(c))
    unsigned pb = s[-1];
    for (int w = 0; w < nw; w++) {
        const unsigned char *q = s + 64 * w;
        __m512i v = _mm512_loadu_si512((const void *)q), nv = _mm512_loadu_si512((const void *)(q + 1)),
                nnv = _mm512_loadu_si512((const void *)(q + 2));
        uint64_t lower = IN(v, 'a', 'z'), digit = IN(v, '0', '9'), upper = IN(v, 'A', 'Z');
        uint64_t space = EQ(v, ' '), sps = space | EQ(v, '\t') | EQ(v, '\r');
        uint64_t ascii = ~(uint64_t)_mm512_movepi8_mask(v), cont = IN(v, 0x80, 0xBF);
        uint64_t lead = ~ascii & ~cont, c36 = IN(v, 0xC3, 0xC6), e1 = EQ(v, 0xE1), viet = c36 | e1;
        uint64_t nb8 = IN(nv, 0xB8, 0xBB), ncont = IN(nv, 0x80, 0xBF), nncont = IN(nnv, 0x80, 0xBF);
        uint64_t nodd = _mm512_test_epi8_mask(nv, SET(1)), nnodd = _mm512_test_epi8_mask(nnv, SET(1));
        uint64_t e1ok = e1 & nb8;
        uint64_t lowd = (IN(v, 0xC4, 0xC5) & nodd) | (e1 & nnodd) | (EQ(v, 0xC3) & _mm512_test_epi8_mask(nv, SET(0x20))) |
                        (EQ(v, 0xC6) & ~EQ(nv, 0xA0) & ~EQ(nv, 0xAF));
        /* (C3 before a byte that is no continuation: lowd or not, cut
         * puts the bit in gap and upc, as in the other versions) */
        uint64_t up = viet & ~lowd;
        uint64_t vk = (EQ(v, 'v') & EQ(nv, 0xC3) & EQ(nnv, 0xA0)) | (EQ(v, 'k') & EQ(nv, 'i') & EQ(nnv, 0xC3));
        uint64_t pspace = space << 1 | (pb == ' '), pascii = ascii << 1 | (pb < 0x80);
        uint64_t cut = (e1 & ~e1ok) | (viet & ~ncont) | (e1 & ~nncont) | (cont & pascii);
        uint64_t plain = lower | digit | space;
        gap[w] = (ascii & ~plain) | (lead & ~viet) | (pspace & (up | vk)) | cut;
        sp[w] = sps;
        stop[w] = ~(digit | lower | upper | cont | c36 | (e1ok & nncont));
        upc[w] = upper | (lead & ~lowd) | cut;
        pb = q[63];
    }
#undef SET
#undef IN
#undef EQ
}
#endif

int pp_bits_select(int unit)
{
    scan_fn *f = unit == 0 ? scan_plain : NULL;
#if defined(__SSE2__)
    if (unit == 1)
        f = scan_sse2;
#endif
#ifdef HAVE_AVX2_SCAN
    if (unit == 2 && __builtin_cpu_supports("avx2"))
        f = scan_avx2;
#endif
#ifdef HAVE_AVX512_SCAN
    if (unit == 3 && __builtin_cpu_supports("avx512bw"))
        f = scan_avx512;
#endif
    if (f)
        scan_blocks = f;
    return f != NULL;
}

void pp_scan_bits(const unsigned char *s, int n, uint64_t *bits, int stride, scanbits *sb)
{
    uint64_t *sp = bits, *stop = bits + stride, *upc = bits + 2 * stride, *gap = bits + 3 * stride;
    scan_blocks(s, (n >> 6) + 1, sp, stop, upc, gap);
    *sb = (scanbits){sp, stop, upc, gap};
}


int pp_bits_agree(const unsigned char *s, int nw)
{
    if (nw < 1 || nw > 64)
        return 0;
    uint64_t want[4][64], got[4][64];
    scan_plain(s, nw, want[0], want[1], want[2], want[3]);
    scan_fn *units[3] = {NULL, NULL, NULL};
#if defined(__SSE2__)
    units[0] = scan_sse2;
#endif
#ifdef HAVE_AVX2_SCAN
    if (__builtin_cpu_supports("avx2"))
        units[1] = scan_avx2;
#endif
#ifdef HAVE_AVX512_SCAN
    if (__builtin_cpu_supports("avx512bw"))
        units[2] = scan_avx512;
#endif
    for (int u = 0; u < 3; u++) {
        if (!units[u])
            continue;
        units[u](s, nw, got[0], got[1], got[2], got[3]);
        for (int k = 0; k < 4; k++)
            for (int w = 0; w < nw; w++)
                if (got[k][w] != want[k][w])
                    return 0;
    }
    return 1;
}
