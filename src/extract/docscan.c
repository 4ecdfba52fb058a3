/* docscan.c — where a document reference may begin in a line: a digit, or
 * bytes that may begin a kind phrase, where a word starts; sixty-four bytes at
 * a time.
 *
 * documents.c reads a line in two passes over chunks of it: this file marks the
 * candidates of a run of blocks (vector code, no calls, so nothing is spilled),
 * then documents.c tries them in order. Every mark says "maybe": a byte left
 * out could never begin a reference (the tables are supersets of the kind
 * phrases' first bytes), so the marks change no output, only how many places
 * are tried.
 *
 * With AVX-512 VBMI (lx->use_avx512) the kind hits are the bytes whose next
 * nine bytes pass the byte tables of one bucket (vn_doc_kind_table8: with eight,
 * about one byte in 370 of news text, where the nibble tables of the AVX2 path pass
 * one in 260, so fewer places are tried). With AVX2 (lx->use_avx2, checked
 * once in doclex.c) they are the bytes where bytes 0, 3, 5 and 8 from them
 * (documents.h: vn_doc_nib_at) pass the nibble tables. The marks are the kind hits and the first digits of digit runs (with
 * AVX-512 only the runs that may begin a số ký hiệu, code_run_starts: at most
 * six digits, then '/', '-' or a dash; nine runs in ten are none), and
 * documents.c asks whether a word starts there (vn_doc_word_starts): few places
 * pass, so that costs less than finding every word start. The SSE2 path (no byte shuffle for the
 * nibble tables) marks every word start instead, computed exactly as
 * vn_doc_word_byte decides; VN_DOC_NO_SIMD / VN_DOC_NO_AVX2 / VN_DOC_NO_AVX512
 * leave vector paths out (builds with those flags give the same output), and
 * the environment variables VNEWS_DOCS_NO_AVX512 and VNEWS_DOCS_NO_AVX2 at
 * run time. */
#include "documents.h"
#include "../core/uni.h"

#include <stdint.h>
#include <stdlib.h>
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
 * word byte either way). Blocks read 64 bytes and three more (AVX2; the
 * AVX-512 path reads its last blocks with masked loads instead). */
enum { TAIL_PAD = 2 * 64 + 16 };

#if defined(VN_DOC_AVX2) && !defined(VN_DOC_NO_AVX512)
/* The runs of digits of a block that may begin a số ký hiệu: of the run
 * starts (bit k: a run begins at byte k), those within six bytes before the
 * end of a run (a byte that is no digit after one) where '/', '-' or E2
 * follows after up to two spaces, as vn_doc_code_may_start asks (a run of
 * more than six digits fails there). Most numbers of news text ("năm 2017",
 * "120 người") are left out, so documents.c tries far fewer places. Other
 * runs ending there let a few more through, which costs only a try. Masks:
 * digits, spaces and '/' '-' E2 of the block, and of the eight bytes after
 * it in bits 0..7 of dn, spn, sepn (a run that starts in the block ends at
 * most six bytes past it, and two more bytes say what follows). */
static inline uint64_t code_run_starts(uint64_t run_start, uint64_t d, uint64_t sp, uint64_t sep, uint64_t dn,
                                       uint64_t spn, uint64_t sepn)
{
    typedef unsigned __int128 u128;
    u128 D = d | (u128)dn << 64, S = sp | (u128)spn << 64, T = sep | (u128)sepn << 64;
    u128 follows = T | (S & T >> 1) | (S & S >> 1 & T >> 2);
    u128 end = ~D & D << 1 & follows;
    u128 a = end >> 1 | end >> 2, b = a | a >> 2; /* end >> 1 .. 4 */
    return run_start & (uint64_t)(b | a >> 4);    /* .. 6 */
}
#endif

#ifdef VN_DOC_AVX2
/* Thirty-two bytes at p (p[31 + VN_DOC_NIB_LAST] there): the bytes where
 * bytes 0, VN_DOC_NIB1, VN_DOC_NIB2 and VN_DOC_NIB3 from them pass the nibble
 * tables (a shuffle per nibble and byte: a bucket must have all eight
 * nibbles), and the digits in *digit. Whether a word starts at a byte that
 * passes is left to the caller: few bytes pass, and asking there costs less
 * than finding every word start. */
__attribute__((target("avx2"), always_inline)) static inline uint32_t
half_avx2(const char *p, const __m256i nib[2 * VN_DOC_NIBS], uint32_t *digit)
{
    const __m256i low = _mm256_set1_epi8(0x0F);
    __m256i x = _mm256_loadu_si256((const __m256i *)p);
    __m256i y = _mm256_loadu_si256((const __m256i *)(p + VN_DOC_NIB1));
    __m256i z = _mm256_loadu_si256((const __m256i *)(p + VN_DOC_NIB2));
    __m256i w = _mm256_loadu_si256((const __m256i *)(p + VN_DOC_NIB3));
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
 * in bit 63). (Leaving out the runs that cannot begin a code, as the AVX-512
 * path does, or sifting the marks with the scan's scalar tests before it
 * asks, costs about what the tries it saves cost.) */
__attribute__((target("avx2"), always_inline)) static inline uint64_t
block_avx2(const char *p, const __m256i nib[2 * VN_DOC_NIBS], vn_doc_carry *c)
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
    __m256i nib[2 * VN_DOC_NIBS];
    for (int b = 0; b < VN_DOC_NIBS; b++) {
        nib[2 * b] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)lx->nib_lo[b]));
        nib[2 * b + 1] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)lx->nib_hi[b]));
    }
    vn_doc_carry carry = *c; /* in a register while the blocks go */
    int k = 0;
    for (; k < max && at + 64 + VN_DOC_NIB_LAST <= n; k++, at += 64)
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

#if defined(VN_DOC_AVX2) && !defined(VN_DOC_NO_AVX512)
#define VN_DOC_AVX512 1
#define AVX512_TARGET __attribute__((target("avx2,avx512f,avx512bw,avx512vbmi")))
/* The candidates of sixty-four bytes at p (p[72] there; at a line's end, the
 * rem bytes left, read by masked loads that fault on nothing past them and
 * give zeros there, so the tail needs no zeroed copy): the bytes whose nine bytes
 * all pass the byte tables of one bucket (a byte permute per byte, by its low
 * six bits), and the first digit of every run of digits that may begin a code
 * (code_run_starts) (c->word: the digits of the block before, as in
 * block_avx2). */
AVX512_TARGET __attribute__((always_inline)) static inline __m512i load_at(const char *p, size_t j, int tail,
                                                                            size_t rem)
{
    if (!tail)
        return _mm512_loadu_si512((const void *)(p + j));
    __mmask64 m = rem <= j ? 0 : rem - j >= 64 ? ~(__mmask64)0 : ((__mmask64)1 << (rem - j)) - 1;
    return _mm512_maskz_loadu_epi8(m, p + j);
}

AVX512_TARGET __attribute__((always_inline)) static inline uint64_t
block_avx512(const char *p, int tail, size_t rem, __m512i t0, __m512i t1, __m512i t2, __m512i t3, __m512i t4,
             __m512i t5, __m512i t6, __m512i t7, __m512i t8, vn_doc_carry *c)
{
#define T8_AT(j) _mm512_permutexvar_epi8(load_at(p, j, tail, rem), t##j)
    __m512i x = load_at(p, 0, tail, rem);
    __m512i a = _mm512_ternarylogic_epi32(_mm512_permutexvar_epi8(x, t0), T8_AT(1), T8_AT(2),
                                          0x80); /* a & b & c */
    __m512i b = _mm512_ternarylogic_epi32(T8_AT(3), T8_AT(4), T8_AT(5), 0x80);
    __m512i c6 = _mm512_ternarylogic_epi32(T8_AT(6), T8_AT(7), a, 0x80);
    __m512i all = _mm512_and_si512(b, c6);
    uint64_t kind = _mm512_test_epi8_mask(all, T8_AT(8));
#undef T8_AT
    uint64_t digit = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(x, _mm512_set1_epi8('0')),
                                            _mm512_set1_epi8(10));
    uint64_t run_start = digit & ~(digit << 1 | c->word >> 63);
    c->word = digit;
    if (run_start) { /* those that may begin a code (code_run_starts) */
        __m512i y = load_at(p, 8, tail, rem); /* bytes 8..71 */
/* '/' (2F) and '-' (2D) are the bytes that give 2F with bit 1 set */
#define SEP(v) (_mm512_cmpeq_epi8_mask(_mm512_or_si512(v, _mm512_set1_epi8(2)), _mm512_set1_epi8('/')) | \
                _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8((char)0xE2)))
        uint64_t sep = SEP(x), sepn = SEP(y) >> 56;
#undef SEP
        if (sep | sepn) { /* most blocks with numbers have no '/', '-' or dash */
            uint64_t dn = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(y, _mm512_set1_epi8('0')), _mm512_set1_epi8(10));
            run_start = code_run_starts(run_start, digit, _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8(' ')), sep,
                                        dn >> 56, _mm512_cmpeq_epi8_mask(y, _mm512_set1_epi8(' ')) >> 56, sepn);
        } else {
            run_start = 0;
        }
    }
    return kind | run_start;
}

AVX512_TARGET static int mark_avx512(const struct vn_doc_lex *lx, const char *s, size_t n,
                                     size_t at, uint64_t *cand, int max, vn_doc_carry *c)
{
#define T8_TABLE(j) __m512i t##j = _mm512_loadu_si512((const void *)lx->kind_t8[j])
    T8_TABLE(0); T8_TABLE(1); T8_TABLE(2); T8_TABLE(3);
    T8_TABLE(4); T8_TABLE(5); T8_TABLE(6); T8_TABLE(7);
    T8_TABLE(8);
#undef T8_TABLE
    vn_doc_carry carry = *c;
    int k = 0;
    for (; k < max && at + 64 + VN_DOC_T8_BYTES - 1 <= n; k++, at += 64)
        cand[k] = block_avx512(s + at, 0, 0, t0, t1, t2, t3, t4, t5, t6, t7, t8, &carry);
    /* past the line: zeros (they may pass a table, as bytes with low six
     * bits 0 do; a phrase inside the line passes whatever follows it) */
    for (; k < max && at < n; k++, at += 64)
        cand[k] = block_avx512(s + at, 1, n - at, t0, t1, t2, t3, t4, t5, t6, t7, t8, &carry);
    *c = carry;
    return k;
}
#endif

/* The buckets of kind_t8. A bucket lets through every string whose byte j is
 * in the union of its phrases' bytes j, for j < VN_DOC_T8_BYTES: its volume,
 * the product of the union sizes, counts them. The phrases are grouped by their first
 * word (its phrases share bytes, so they go together); the groups start in the
 * bucket of their first letter and move, one at a time, wherever that lowers
 * the total volume, until no move does. */
enum { T8_GROUPS = 64, T8_WORD = 32 };

typedef struct t8_group {
    char word[T8_WORD];     /* the first word, lowercase */
    uint64_t bytes[VN_DOC_T8_BYTES]; /* byte j of its phrases, by the low six bits */
    uint32_t nib[VN_DOC_NIBS]; /* byte vn_doc_nib_at[j]'s low nibbles (bits 0..15) and high ones (16..31) */
} t8_group;

/* Set bits (no popcnt instruction in the baseline target: the builtin calls
 * a slow library routine). */
static int bits64(uint64_t v)
{
    v = v - (v >> 1 & 0x5555555555555555ull);
    v = (v & 0x3333333333333333ull) + (v >> 2 & 0x3333333333333333ull);
    v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return (int)((v * 0x0101010101010101ull) >> 56);
}

/* The volume of the byte sets u[VN_DOC_T8_BYTES] (0 for an empty bucket). */
static double t8_volume(const uint64_t u[VN_DOC_T8_BYTES], int any)
{
    if (!any)
        return 0;
    double v = 1;
    for (int j = 0; j < VN_DOC_T8_BYTES; j++)
        v *= bits64(u[j]);
    return v;
}

static int t8_group_of(t8_group *g, int *ng, const char *key)
{
    char w[T8_WORD];
    size_t o = 0, n = strlen(key);
    for (size_t i = 0; i < n && key[i] != ' ';) {
        int len;
        int32_t c = vn_to_lower(vn_utf8_next(key + i, n - i, &len));
        if (o + 4 >= sizeof w)
            break;
        o += (size_t)vn_utf8_put(c, w + o);
        i += (size_t)len;
    }
    w[o] = '\0';
    for (int k = 0; k < *ng; k++)
        if (!strcmp(g[k].word, w))
            return k;
    if (*ng == T8_GROUPS)
        return -1;
    memset(&g[*ng], 0, sizeof g[*ng]);
    memcpy(g[*ng].word, w, o + 1);
    return (*ng)++;
}

/* The byte strings that nibble sets u[VN_DOC_NIBS] let through. */
static double nib_volume(const uint32_t u[VN_DOC_NIBS])
{
    double v = 1;
    for (int j = 0; j < VN_DOC_NIBS; j++)
        v *= bits64(u[j] & 0xFFFF) * bits64(u[j] >> 16);
    return v;
}

/* The AVX2 path's nibble tables with the groups in buckets chosen as for
 * kind_t8 (by volume: start from the first letter's bucket, move a group
 * wherever that lowers the total, two rounds) instead of by first letter:
 * a bucket's low and high nibbles pair freely, so letters that share a
 * bucket let through strings no phrase has. */
static void nibble_buckets(struct vn_doc_lex *lx, const t8_group *g, int ng)
{
    int bucket[T8_GROUPS];
    uint32_t u[8][VN_DOC_NIBS];
    memset(u, 0, sizeof u);
    for (int k = 0; k < ng; k++) {
        bucket[k] = ((unsigned char)g[k].word[0] | 0x20) & 7;
        for (int j = 0; j < VN_DOC_NIBS; j++)
            u[bucket[k]][j] |= g[k].nib[j];
    }
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < ng; k++) {
            int from = bucket[k], best = from, alone = 1;
            uint32_t left[VN_DOC_NIBS] = {0}, with[VN_DOC_NIBS];
            for (int o = 0; o < ng; o++)
                if (o != k && bucket[o] == from) {
                    alone = 0;
                    for (int j = 0; j < VN_DOC_NIBS; j++)
                        left[j] |= g[o].nib[j];
                }
            double saved = nib_volume(u[from]) - (alone ? 0 : nib_volume(left)), gain = 0;
            for (int b = 0; b < 8; b++) {
                if (b == from)
                    continue;
                int empty = 1;
                for (int o = 0; o < ng; o++)
                    empty &= bucket[o] != b;
                for (int j = 0; j < VN_DOC_NIBS; j++)
                    with[j] = u[b][j] | g[k].nib[j];
                double d = saved - nib_volume(with) + (empty ? 0 : nib_volume(u[b]));
                if (d > gain)
                    gain = d, best = b;
            }
            if (best != from) {
                bucket[k] = best;
                memcpy(u[from], left, sizeof left);
                for (int j = 0; j < VN_DOC_NIBS; j++)
                    u[best][j] |= g[k].nib[j];
            }
        }
    memset(lx->nib_lo, 0, sizeof lx->nib_lo);
    memset(lx->nib_hi, 0, sizeof lx->nib_hi);
    for (int k = 0; k < ng; k++)
        for (int j = 0; j < VN_DOC_NIBS; j++)
            for (int c = 0; c < 16; c++) {
                if (g[k].nib[j] >> c & 1)
                    lx->nib_lo[j][c] |= (unsigned char)(1u << bucket[k]);
                if (g[k].nib[j] >> (16 + c) & 1)
                    lx->nib_hi[j][c] |= (unsigned char)(1u << bucket[k]);
            }
}

void vn_doc_kind_table8(struct vn_doc_lex *lx, const char *const *keys, int nkeys)
{
    memset(lx->kind_t8, 0, sizeof lx->kind_t8);
    lx->use_avx512 = 0;
    if (lx->kind_short)
        return;
    t8_group g[T8_GROUPS]; /* 6 KB, once per lexicon load */
    int bucket[T8_GROUPS];
    int ng = 0;
    for (int k = 0; k < nkeys; k++) {
        int at = t8_group_of(g, &ng, keys[k]);
        if (at < 0)
            return; /* too many first words for 64 groups: the other paths */
        size_t len = strlen(keys[k]);
        for (size_t j = 0; j < VN_DOC_NIBS; j++) {
            size_t b = vn_doc_nib_at[j];
            unsigned char c = (unsigned char)keys[k][b < len ? b : 0];
            g[at].nib[j] |= b < len ? 1u << (c & 15) | 1u << (16 + (c >> 4)) : 0xFFFFFFFFu; /* past it: any */
        }
        for (size_t j = 0; j < VN_DOC_T8_BYTES; j++) {
            if (j < len) {
                g[at].bytes[j] |= (uint64_t)1 << ((unsigned char)keys[k][j] & 63);
            } else {
                g[at].bytes[j] = ~(uint64_t)0;
            }
        }
    }
    for (int k = 0; k < ng; k++)
        bucket[k] = ((unsigned char)g[k].word[0] | 0x20) & 7;
    /* each bucket's union and size, kept as groups move */
    uint64_t u[8][VN_DOC_T8_BYTES];
    int size[8];
    memset(u, 0, sizeof u);
    memset(size, 0, sizeof size);
    for (int k = 0; k < ng; k++) {
        size[bucket[k]]++;
        for (int j = 0; j < VN_DOC_T8_BYTES; j++)
            u[bucket[k]][j] |= g[k].bytes[j];
    }
    for (int pass = 0, moved = 1; moved && pass < 32; pass++) {
        moved = 0;
        for (int k = 0; k < ng; k++) {
            int from = bucket[k];
            uint64_t left[VN_DOC_T8_BYTES] = {0}, with[VN_DOC_T8_BYTES];
            for (int o = 0; o < ng; o++)
                if (o != k && bucket[o] == from)
                    for (int j = 0; j < VN_DOC_T8_BYTES; j++)
                        left[j] |= g[o].bytes[j];
            double here = t8_volume(u[from], size[from] > 0);
            double gone = t8_volume(left, size[from] > 1);
            int best = from;
            double gain = 0;
            for (int b = 0; b < 8; b++) {
                if (b == from)
                    continue;
                for (int j = 0; j < VN_DOC_T8_BYTES; j++)
                    with[j] = u[b][j] | g[k].bytes[j];
                double d = here - gone + t8_volume(u[b], size[b] > 0) - t8_volume(with, 1);
                if (d > gain) {
                    gain = d;
                    best = b;
                }
            }
            if (best != from) {
                bucket[k] = best;
                moved = 1;
                memcpy(u[from], left, sizeof left);
                size[from]--;
                size[best]++;
                for (int j = 0; j < VN_DOC_T8_BYTES; j++)
                    u[best][j] |= g[k].bytes[j];
            }
        }
    }
    for (int k = 0; k < ng; k++)
        for (int j = 0; j < VN_DOC_T8_BYTES; j++)
            for (unsigned c = 0; c < 64; c++)
                if (g[k].bytes[j] >> c & 1)
                    lx->kind_t8[j][c] |= (unsigned char)(1u << bucket[k]);
    nibble_buckets(lx, g, ng);
#ifdef VN_DOC_AVX512
    lx->use_avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                     __builtin_cpu_supports("avx512vbmi") && !getenv("VNEWS_DOCS_NO_AVX512");
#endif
}

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
#ifdef VN_DOC_AVX512
    if (lx->use_avx512)
        return mark_avx512(lx, s, n, at, cand, max, c);
#endif
#ifdef VN_DOC_AVX2
    if (lx->use_avx2)
        return mark_avx2(lx, s, n, at, cand, max, c);
#endif
#ifdef VN_DOC_SSE2
    return mark_sse2(s, n, at, cand, max, c);
#endif
    return mark_plain(s, n, at, cand, max, c);
}
