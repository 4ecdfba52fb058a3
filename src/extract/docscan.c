/* docscan.c — where a document reference may begin in a line: a digit, or
 * bytes that may begin a kind phrase, where a word starts; sixty-four bytes at
 * a time.
 *
 * documents.c reads a line in two passes over chunks of it: this file marks the
 * candidates of a run of blocks (vector code, no calls, so nothing is spilled),
 * then documents.c tries them in order. Every mark says "maybe": a byte left
 * out could never begin a reference (the nibble tables are a superset of the
 * kind phrases' first four bytes), so the marks change no output, only how many
 * places are tried.
 *
 * With AVX2 (lx->use_avx2, checked once in doclex.c) the marks are the kind
 * hits and the first digits of digit runs, and documents.c asks whether a word
 * starts there (vn_doc_word_starts): two in a hundred bytes pass, so that costs
 * less than finding every word start. The SSE2 path (no byte shuffle for the
 * nibble tables) marks every word start instead, computed exactly as
 * vn_doc_word_byte decides; VN_DOC_NO_SIMD / VN_DOC_NO_AVX2 leave the vector
 * paths out (builds with those flags give the same output). */
#include "documents.h"

#include <stdint.h>
#include <string.h>

#if defined(__SSE2__) && !defined(VN_DOC_NO_SIMD)
#define VN_DOC_SSE2 1
#include <emmintrin.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(VN_DOC_NO_AVX2)
#define VN_DOC_AVX2 1
#include <immintrin.h>
#endif
#endif

/* Which bytes belong to words: ASCII letters and digits (1), UTF-8 bytes (1),
 * except U+2000..U+206F punctuation (dashes, quotes: E2 80 xx, 2 = look at the
 * next byte) and Latin-1 punctuation (NBSP, «, »: C2 xx, 0). */
const unsigned char vn_doc_word_class[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
    [0x80 ... 0xC1] = 1, [0xC3 ... 0xE1] = 1, [0xE2] = 2, [0xE3 ... 0xFF] = 1,
};

#ifdef VN_DOC_SSE2
/* The word starts of a block of sixty-four bytes, exactly as vn_doc_word_byte
 * decides its bytes, from two masks (bit k for byte k): base, the bytes that are
 * word bytes by themselves (vn_doc_lead_is_word; a continuation byte counts as one),
 * and cont, the continuation bytes (10xxxxxx). A continuation byte takes the
 * class of the nearest byte before it that is not one, looking back three bytes
 * at most, so the 80 9C of a curly quote E2 80 9C are not word bytes and the
 * letter after it starts a word. The block before comes in *c (at a line's
 * start: as if continuation bytes that are words, where vn_doc_word_byte stops
 * at byte 0 and takes its class, and no word byte before the first). */
static inline uint64_t word_starts64(uint64_t base, uint64_t cont, vn_doc_carry *c)
{
    uint64_t c1 = cont << 1 | c->cont >> 63, c2 = cont << 2 | c->cont >> 62; /* byte k-1, k-2 */
    uint64_t b1 = base << 1 | c->base >> 63, b2 = base << 2 | c->base >> 62,
             b3 = base << 3 | c->base >> 61;
    uint64_t back = (c1 & c2 & b3) | (c1 & ~c2 & b2) | (~c1 & b1); /* the class looked back to */
    uint64_t word = (~cont & base) | (cont & back);
    uint64_t starts = word & ~(word << 1 | c->word >> 63);
    c->cont = cont;
    c->base = base;
    c->word = word;
    return starts;
}
#endif

/* A line's tail is copied here, zero-padded, so the blocks can read past it:
 * NUL is no word byte, continues no UTF-8 character and starts no kind phrase,
 * and after the last byte it reads as the line's end does (E2 at the end is a
 * word byte either way). Blocks read 64 bytes and three more. */
enum { TAIL_PAD = 2 * 64 + 8 };

#ifdef VN_DOC_AVX2
/* Thirty-two bytes at p (p[34] there): the bytes whose four bytes pass the
 * nibble tables (a shuffle per nibble and byte: a bucket, one per first letter
 * mod 8, must have all eight nibbles), and the digits in *digit. Whether a word
 * starts at a byte that passes is left to the caller: two in a hundred bytes
 * pass, and asking there costs less than finding every word start. */
__attribute__((target("avx2"), always_inline)) static inline uint32_t
half_avx2(const char *p, const __m256i nib[8], uint32_t *digit)
{
    const __m256i low = _mm256_set1_epi8(0x0F);
    __m256i x = _mm256_loadu_si256((const __m256i *)p);
    __m256i y = _mm256_loadu_si256((const __m256i *)(p + 1));
    __m256i z = _mm256_loadu_si256((const __m256i *)(p + 2));
    __m256i w = _mm256_loadu_si256((const __m256i *)(p + 3));
    __m256i hit = _mm256_and_si256(_mm256_shuffle_epi8(nib[0], _mm256_and_si256(x, low)),
                                   _mm256_shuffle_epi8(nib[1], _mm256_and_si256(_mm256_srli_epi16(x, 4), low)));
    hit = _mm256_and_si256(hit, _mm256_shuffle_epi8(nib[2], _mm256_and_si256(y, low)));
    hit = _mm256_and_si256(hit, _mm256_shuffle_epi8(nib[3], _mm256_and_si256(_mm256_srli_epi16(y, 4), low)));
    hit = _mm256_and_si256(hit, _mm256_shuffle_epi8(nib[4], _mm256_and_si256(z, low)));
    hit = _mm256_and_si256(hit, _mm256_shuffle_epi8(nib[5], _mm256_and_si256(_mm256_srli_epi16(z, 4), low)));
    hit = _mm256_and_si256(hit, _mm256_shuffle_epi8(nib[6], _mm256_and_si256(w, low)));
    hit = _mm256_and_si256(hit, _mm256_shuffle_epi8(nib[7], _mm256_and_si256(_mm256_srli_epi16(w, 4), low)));
    /* '0'..'9': x - '0' (wrapping) is at most 9 */
    __m256i d = _mm256_sub_epi8(x, _mm256_set1_epi8('0'));
    *digit = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(9)), d));
    return ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(hit, _mm256_setzero_si256()));
}

/* The candidates of sixty-four bytes: the kind hits, and the first digit of
 * every run of digits (c->word: the last byte of the block before is a digit,
 * in bit 63). */
__attribute__((target("avx2"), always_inline)) static inline uint64_t
block_avx2(const char *p, const __m256i nib[8], vn_doc_carry *c)
{
    uint32_t d0, d1;
    uint64_t kind = half_avx2(p, nib, &d0) | (uint64_t)half_avx2(p + 32, nib, &d1) << 32;
    uint64_t digit = d0 | (uint64_t)d1 << 32;
    uint64_t run_start = digit & ~(digit << 1 | c->word >> 63);
    c->word = digit;
    return kind | run_start;
}

__attribute__((target("avx2"))) static int mark_avx2(const struct vn_doc_lex *lx, const char *s,
                                                     size_t n, size_t at, uint64_t *cand, int max,
                                                     vn_doc_carry *c)
{
    __m256i nib[8];
    for (int b = 0; b < 4; b++) {
        nib[2 * b] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)lx->nib_lo[b]));
        nib[2 * b + 1] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)lx->nib_hi[b]));
    }
    vn_doc_carry carry = *c; /* in a register while the blocks go */
    int k = 0;
    for (; k < max && at + 64 + 3 <= n; k++, at += 64)
        cand[k] = block_avx2(s + at, nib, &carry);
    if (k < max && at < n) {
        /* the zeros after the line pass no table and are no digits */
        char pad[TAIL_PAD];
        memset(pad, 0, sizeof pad);
        memcpy(pad, s + at, n - at);
        for (size_t off = 0; k < max && at + off < n; k++, off += 64)
            cand[k] = block_avx2(pad + off, nib, &carry);
    }
    *c = carry;
    return k;
}
#endif

#ifdef VN_DOC_SSE2
/* Sixteen bytes at p (p[16] there): base, cont in *cont, digits in *digit.
 * No nibble tables without a byte shuffle: every word start is marked. */
static inline uint32_t base16(const char *p, uint32_t *cont)
{
    const __m128i x = _mm_loadu_si128((const __m128i *)p);
    const __m128i y = _mm_loadu_si128((const __m128i *)(p + 1));
    __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8((char)(0x80 - '0'))),
                                   _mm_set1_epi8((char)(-128 + 10)));
    __m128i letter = _mm_cmplt_epi8(
        _mm_add_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8((char)(0x80 - 'a'))),
        _mm_set1_epi8((char)(-128 + 26)));
    __m128i punct = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xC2)),
                                 _mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE2)),
                                               _mm_cmpeq_epi8(y, _mm_set1_epi8((char)0x80))));
    __m128i high = _mm_andnot_si128(punct, x); /* the top bit: a UTF-8 byte, not punctuation */
    uint32_t top = (uint32_t)_mm_movemask_epi8(x);
    *cont = top & ~(uint32_t)_mm_movemask_epi8(_mm_slli_epi16(x, 1)); /* 10xxxxxx */
    return (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(digit, letter), high));
}

static inline uint64_t block_sse2(const char *p, vn_doc_carry *c)
{
    uint64_t base = 0, cont = 0;
    for (int q = 0; q < 4; q++) {
        uint32_t cq;
        base |= (uint64_t)base16(p + 16 * q, &cq) << (16 * q);
        cont |= (uint64_t)cq << (16 * q);
    }
    return word_starts64(base, cont, c);
}

static int mark_sse2(const char *s, size_t n, size_t at, uint64_t *cand, int max, vn_doc_carry *c)
{
    int k = 0;
    for (; k < max && at + 64 + 1 <= n; k++, at += 64)
        cand[k] = block_sse2(s + at, c);
    if (k < max && at < n) {
        char pad[TAIL_PAD];
        memset(pad, 0, sizeof pad);
        memcpy(pad, s + at, n - at);
        for (size_t off = 0; k < max && at + off < n; k++, off += 64)
            cand[k] = block_sse2(pad + off, c);
    }
    return k;
}
#endif

/* The plain path: every word start, byte by byte (c->word: the last byte). */
static int mark_plain(const char *s, size_t n, size_t at, uint64_t *cand, int max, vn_doc_carry *c)
{
    int k = 0;
    for (; k < max && at < n; k++, at += 64) {
        uint64_t starts = 0;
        for (size_t i = at; i < at + 64 && i < n; i++) {
            uint64_t word = (uint64_t)vn_doc_word_byte(s, n, i);
            starts |= (word & ~(c->word >> 63)) << (i - at);
            c->word = word << 63;
        }
        cand[k] = starts;
    }
    return k;
}

int vn_doc_mark_starts(const struct vn_doc_lex *lx, const char *s, size_t n, size_t at,
                       uint64_t *cand, int max, vn_doc_carry *c)
{
#ifdef VN_DOC_AVX2
    if (lx->use_avx2)
        return mark_avx2(lx, s, n, at, cand, max, c);
#endif
#ifdef VN_DOC_SSE2
    return mark_sse2(s, n, at, cand, max, c);
#endif
    return mark_plain(s, n, at, cand, max, c);
}
