/* figures_start.h — where a figure may start in a line: the token-start
 * tests and the AVX2 scan of figures_lex.c (which builds their tables), as
 * inline code for figures.c's line scan, which runs the vector scan in its
 * own loop (the tables stay in registers between tokens). */
#ifndef VN_FIGURES_START_H
#define VN_FIGURES_START_H

#include "events_int.h"

#include <stdint.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

/* The bit of fig_key for the four bytes k (little-endian): one of its first
 * 4,096 (512 bytes, which stay in the cache; a few dozen keys leave them
 * almost all clear). */
static inline unsigned vn_fig_key_bit(uint32_t k)
{
    return (unsigned)(((uint64_t)k * 0x9E3779B97F4A7C15ull) >> 52);
}

/* The number word at p as number_word reads it (the automaton, to the
 * first word that ends where the word does): its index into nw, its end in
 * *end; -1 if none. */
static inline __attribute__((always_inline)) int vn_fig_nw_at(const struct vn_event_lex *x, const char *s, size_t n,
                                                              size_t p, size_t *end)
{
    unsigned st = 1;
    for (size_t k = p; k < n; k++) {
        st = x->nw_next[st * 64 + x->nw_class[(unsigned char)s[k]]];
        if (!st)
            return -1;
        if (x->nw_accept[st] >= 0 && (k + 1 == n || !vn_ev_trie_continues(s, n, k + 1))) {
            *end = k + 1;
            return x->nw_accept[st];
        }
    }
    return -1;
}

/* May a number word or "hàng" at p (a letter) start a number, as scan_step
 * and word_number read them? Most words that share a number word's first
 * bytes ("chính", "hành", "mức") are none; a number starts with a unit
 * digit or "mười" (word_number: "triệu", "trăm" first count nothing), and
 * a digit that does not count alone ("năm", "một") with a word of tens,
 * hundreds, thousands or dozens after it ("năm mươi", "một trăm"; not "năm
 * 2023", "một số"). A number word it takes: its index into nw in *word and
 * its end in *end (number_word's answer, which the scan passes on). */
static inline __attribute__((always_inline)) int vn_fig_word_may_count(const struct vn_event_lex *x, const char *s,
                                                                       size_t n, size_t p, int *word, size_t *end)
{
    size_t hl = strlen("hàng");
    if (x->nw_multi)
        return 1;
    if (((unsigned char)s[p] | 32) == 'h' && n - p >= hl && memcmp(s + p + 1, "àng", hl - 1) == 0 &&
        (p + hl >= n || !vn_ev_wordbyte_fwd(s, n, p + hl)))
        return 1;
    size_t e, e2;
    int w = vn_fig_nw_at(x, s, n, p, &e);
    if (w < 0)
        return 0;
    const vn_numword *nw = &x->nw[w];
    if (nw->kind != NW_DIGIT && nw->kind != NW_TEN)
        return 0;
    if (nw->kind == NW_DIGIT && !nw->alone) {
        size_t q = vn_ev_skip_space(s, n, e);
        int w2 = q > e && q < n ? vn_fig_nw_at(x, s, n, q, &e2) : -1;
        int k2 = w2 >= 0 ? x->nw[w2].kind : 0;
        if (k2 != NW_TENS && k2 != NW_HUNDRED && k2 != NW_BIG && k2 != NW_DOZEN)
            return 0;
    }
    *word = w, *end = e;
    return 1;
}

/* Does a number word or "hàng" start at p (a letter: b0 b1 its first two
 * bytes, p + 2 < n)? Its key in fig_key (one table look for "bị", "chỉ",
 * "hành" alike), then vn_fig_word_may_count. */
static inline __attribute__((always_inline)) int vn_fig_word_ok(const struct vn_event_lex *x, const char *s, size_t n,
                                                                size_t p, unsigned b0, unsigned b1, int *word,
                                                                size_t *end)
{
    if (!x->fig_key_all) {
        uint32_t k = (b0 | 32) | b1 << 8;
        unsigned t2 = x->fig_term[(unsigned char)s[p + 2]];
        if (t2) {
            unsigned t3 = p + 3 < n ? x->fig_term[(unsigned char)s[p + 3]] : 0;
            k |= t2 << 16 | (t3 ? t3 << 24 : 0);
        }
        unsigned b = vn_fig_key_bit(k);
        if (!(x->fig_key[b >> 3] >> (b & 7) & 1))
            return 0;
    }
    return vn_fig_word_may_count(x, s, n, p, word, end);
}

/* May the token at p (after a space; p + 2 < n) hold a figure? One that
 * starts with a digit or punctuation: its first two bytes in fig_start (and
 * punctuation before a letter: that word, as below); a word that starts
 * with a letter: vn_fig_word_ok. */
static inline __attribute__((always_inline)) int vn_fig_start_ok(const struct vn_event_lex *x, const char *s, size_t n,
                                                                 size_t p, int *word, size_t *end)
{
    *word = -1;
    unsigned b0 = (unsigned char)s[p], b1 = (unsigned char)s[p + 1];
    if (b0 - '0' < 10u) /* a number (fig_start holds every pair that starts with a digit) */
        return 1;
    if ((b0 | 32) - 'a' >= 26u) { /* punctuation */
        unsigned k = b0 | b1 << 8;
        if (!(x->fig_start[k >> 3] >> (k & 7) & 1))
            return 0;
        /* "(Hà", "\"Chúng": punctuation before a letter; the word decides
         * (scan_step steps over the punctuation to it) */
        if ((b1 | 32) - 'a' >= 26u || p + 4 > n)
            return 1;
        size_t e;
        int w;
        return vn_fig_word_ok(x, s, n, p + 1, b1, (unsigned char)s[p + 2], &w, &e);
    }
    return vn_fig_word_ok(x, s, n, p, b0, b1, word, end);
}

/* The first token start among the bits of m (bit k: a start at base + 1 + k)
 * that vn_fig_start_ok takes, in *p, the block's other bits kept in blk for
 * the next call; 0 if none. */
static inline __attribute__((always_inline)) int vn_fig_block_take(const struct vn_event_lex *x, const char *s,
                                                                   size_t n, size_t base, uint64_t m,
                                                                   size_t width, vn_fig_block *blk, size_t *p)
{
    for (; m; m &= m - 1) {
        *p = base + 1 + (size_t)__builtin_ctzll(m);
        if (vn_fig_start_ok(x, s, n, *p, &blk->word, &blk->word_end)) {
            blk->base = base;
            blk->width = width;
            blk->mask = m & (m - 1);
            return 1;
        }
    }
    return 0;
}

/* The block the last call of the vector scan stopped in, when i is in it:
 * its starts after i. 1 with the start in *p if one holds; else 0, with *i
 * after the block when it was the one. */
static inline __attribute__((always_inline)) int vn_fig_block_resume(const struct vn_event_lex *x, const char *s,
                                                                     size_t n, size_t *ip, vn_fig_block *blk,
                                                                     size_t *p)
{
    size_t i = *ip;
    if (blk->base != SIZE_MAX && i >= blk->base && i - blk->base < blk->width) {
        size_t b = blk->base;
        if (vn_fig_block_take(x, s, n, b, blk->mask & (~0ull << (i - b)), blk->width, blk, p))
            return 1;
        *ip = b + blk->width;
    }
    blk->base = SIZE_MAX;
    return 0;
}

/* vn_fig_next_start after the vector scan (from i, where it stopped): eight
 * bytes at a time, then byte by byte. */
size_t vn_fig_next_start_tail(const struct vn_event_lex *x, const char *s, size_t n, size_t i);

#if defined(__x86_64__) || defined(__i386__)
/* The byte classes of vn_fig_bc64 (figures_lex.c): where a word may end,
 * punctuation, a digit (the sign bit). */
extern const unsigned char vn_fig_bc64[2][64];
#define VN_FIG_BC_END 0x7F
#define VN_FIG_BC_PUNCT 0x3B
#define VN_FIG_BC_DIGIT 0x80

/* The word ends a word of len bytes at lane k needs (bit k + len of end,
 * the lanes of a block of width bytes); where that lies past the block:
 * taken. */
static inline uint64_t vn_fig_end_after(uint64_t end, unsigned len, unsigned width)
{
    return end >> len | ~0ull << (width - len);
}

/* The token starts a block may hold (bit k: the token at b + 1 + k, after a
 * space): a digit; a word whose first five bytes are a group's (the pair,
 * next, third, fourth and fifth tables of figures_lex.c fig_vec_build),
 * on AVX-512 also ending where the shortest words end (fig_cur_lo,
 * fig_cur_hi: "ba", not "bao"); punctuation before a digit, punctuation or
 * such a word. A superset of what vn_fig_start_ok takes (which still
 * decides). */
static inline uint64_t vn_fig_take(uint64_t starts, uint64_t punct, uint64_t digit, uint64_t word, unsigned width)
{
    uint64_t next = (digit | punct | word) >> 1 | 1ull << (width - 1); /* (the last lane's next byte: unknown) */
    return starts & (digit | word | (punct & next));
}

/* The AVX2 tables, loaded once per scan. */
typedef struct vn_fig_tabs2 {
    __m256i bc_lo, bc_hi, lo[5], hi[5];
} vn_fig_tabs2;

__attribute__((target("avx2"), always_inline)) static inline void vn_fig_tabs2_load(const struct vn_event_lex *x,
                                                                                    vn_fig_tabs2 *t)
{
#define LOAD16(p) _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(p)))
    t->bc_lo = LOAD16(vn_fig_bc64[0]), t->bc_hi = LOAD16(vn_fig_bc64[1]);
    t->lo[0] = LOAD16(x->fig_pair_lo), t->hi[0] = LOAD16(x->fig_pair_hi);
    t->lo[1] = LOAD16(x->fig_next_lo), t->hi[1] = LOAD16(x->fig_next_hi);
    t->lo[2] = LOAD16(x->fig_third_lo), t->hi[2] = LOAD16(x->fig_third_hi);
    t->lo[3] = LOAD16(x->fig_fourth_lo), t->hi[3] = LOAD16(x->fig_fourth_hi);
    t->lo[4] = LOAD16(x->fig_tab64[0]), t->hi[4] = LOAD16(x->fig_tab64[1]); /* (the fifth byte's) */
#undef LOAD16
}

/* vn_fig_take of the 32 token starts after the bytes at p (p[0..37) are
 * read), without the word-end test: on 32 bytes it cost more than the
 * words it kept out ("bao", "ban": of the group of "ba"). */
__attribute__((target("avx2"), always_inline)) static inline uint64_t vn_fig_block32(const vn_fig_tabs2 *t,
                                                                                    const char *p)
{
#define LOAD32(q) _mm256_loadu_si256((const __m256i *)(const void *)(q))
    const __m256i nib = _mm256_set1_epi8(0x0F), seven = _mm256_set1_epi8(0x7F);
#define CLASSIFY(lo, hi, v) \
    _mm256_and_si256(_mm256_shuffle_epi8(lo, _mm256_and_si256(v, nib)), \
                     _mm256_shuffle_epi8(hi, _mm256_and_si256(_mm256_srli_epi16(v, 4), nib)))
    /* a lane with a bit of bits: its sign bit once 0x7F is added (saturating) */
#define ANY(v, bits) (uint64_t)(unsigned)_mm256_movemask_epi8(_mm256_adds_epu8(_mm256_and_si256(v, bits), seven))
    __m256i cur = LOAD32(p + 1);
    __m256i bc = CLASSIFY(t->bc_lo, t->bc_hi, cur);
    __m256i a = CLASSIFY(t->lo[0], t->hi[0], cur); /* the groups the token's first five bytes are in */
#pragma GCC unroll 4
    for (int j = 1; j < 5; j++)
        a = _mm256_and_si256(a, CLASSIFY(t->lo[j], t->hi[j], LOAD32(p + 1 + j)));
    uint64_t punct = ANY(bc, _mm256_set1_epi8(VN_FIG_BC_PUNCT)), digit = (unsigned)_mm256_movemask_epi8(bc);
    uint64_t word = (unsigned)~_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, _mm256_setzero_si256()));
    uint64_t starts = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(LOAD32(p), _mm256_set1_epi8(' ')));
#undef LOAD32
#undef CLASSIFY
#undef ANY
    return vn_fig_take(starts, punct, digit, word, 32) & 0xFFFFFFFFull;
}

/* next_start 32 bytes at a time, from the space at *i while the block and
 * the five bytes after it are in the line: the token starts vn_fig_block32
 * takes, then start_ok. Returns the start, or SIZE_MAX with *i where the
 * rest is to be scanned. */
__attribute__((target("avx2"), always_inline)) static inline size_t vn_fig_next_start_avx2(const struct vn_event_lex *x,
                                                                                          const char *s, size_t n,
                                                                                          size_t *ip, vn_fig_block *blk)
{
    size_t p0, i = *ip;
    if (vn_fig_block_resume(x, s, n, &i, blk, &p0))
        return p0;
    vn_fig_tabs2 t;
    vn_fig_tabs2_load(x, &t);
    for (; i + 37 <= n; i += 32) {
        uint64_t m = vn_fig_block32(&t, s + i);
        size_t p;
        if (m && vn_fig_block_take(x, s, n, i, m, 32, blk, &p))
            return p;
    }
    *ip = i;
    return SIZE_MAX;
}

/* The last bytes of a line, from i, into buf (size bytes) padded with
 * spaces, when there are at least 12 and at most max (the block's starts
 * reach n - 3, the last start_ok reads); 0 if not (the byte walk's). */
static inline int vn_fig_last_copy(char *buf, size_t size, const char *s, size_t n, size_t i, size_t max)
{
    if (i >= n || n - i < 12 || n - i > max)
        return 0;
    memset(buf, ' ', size);
    memcpy(buf, s + i, n - i);
    return 1;
}

/* The first start of a line's last block (m: its starts from the space at
 * i, bit k the token at i + 1 + k; those past the line's end dropped) that
 * start_ok takes, or n; a start in the last two bytes, which start_ok
 * cannot read past, and those after it go to the byte walk. */
static inline __attribute__((always_inline)) size_t vn_fig_last_take(const struct vn_event_lex *x, const char *s,
                                                                     size_t n, size_t i, uint64_t m)
{
    if (n - i - 1 < 64)
        m &= (1ull << (n - i - 1)) - 1;
    for (; m; m &= m - 1) {
        size_t p = i + 1 + (size_t)__builtin_ctzll(m), e;
        int w;
        if (p + 2 >= n)
            return vn_fig_next_start_tail(x, s, n, p - 1);
        if (vn_fig_start_ok(x, s, n, p, &w, &e))
            return p;
    }
    return n;
}

/* vn_fig_next_start_tail for the vector scans: the last bytes of a line
 * (from the space at i, at most max left) as one more block of the scan
 * (block, with the tables load loads into a tabs), from a copy padded with
 * spaces (a word the line ends ends there). The starts in the last two
 * bytes, which start_ok cannot read past, and short ends go to the byte
 * walk. */
#define VN_FIG_LAST(name, isa, tabs, load, block, max)                                                           \
    __attribute__((target(isa), always_inline)) static inline size_t name(const struct vn_event_lex *x,       \
                                                                          const char *s, size_t n, size_t i)   \
    {                                                                                                           \
        char buf[2 * (max) + 2];                                                                                \
        tabs t;                                                                                                 \
        if (!vn_fig_last_copy(buf, sizeof buf, s, n, i, max))                                                   \
            return vn_fig_next_start_tail(x, s, n, i);                                                          \
        load(x, &t);                                                                                            \
        return vn_fig_last_take(x, s, n, i, block(&t, buf));                                                    \
    }
VN_FIG_LAST(vn_fig_next_start_last_avx2, "avx2", vn_fig_tabs2, vn_fig_tabs2_load, vn_fig_block32, 35)

/* The AVX-512 tables (those of vn_fig_tabs2, 64 bytes wide, and the
 * word-end test's), loaded once per scan. */
typedef struct vn_fig_tabs5 {
    __m512i bc_lo, bc_hi, lo[5], hi[5], noend, ends;
    unsigned len; /* the words of the groups of ends end here */
} vn_fig_tabs5;

__attribute__((target("avx2,avx512f,avx512bw"), always_inline)) static inline void
vn_fig_tabs5_load(const struct vn_event_lex *x, vn_fig_tabs5 *t)
{
#define LOAD64(p) _mm512_loadu_si512((const void *)(p))
    t->bc_lo = LOAD64(vn_fig_bc64[0]), t->bc_hi = LOAD64(vn_fig_bc64[1]);
    /* fig_tab64: the fifth byte's tables, then the first four bytes' */
    t->lo[0] = LOAD64(x->fig_tab64[2]), t->hi[0] = LOAD64(x->fig_tab64[3]);
    t->lo[1] = LOAD64(x->fig_tab64[4]), t->hi[1] = LOAD64(x->fig_tab64[5]);
    t->lo[2] = LOAD64(x->fig_tab64[6]), t->hi[2] = LOAD64(x->fig_tab64[7]);
    t->lo[3] = LOAD64(x->fig_tab64[8]), t->hi[3] = LOAD64(x->fig_tab64[9]);
    t->lo[4] = LOAD64(x->fig_tab64[0]), t->hi[4] = LOAD64(x->fig_tab64[1]);
#undef LOAD64
    t->noend = _mm512_set1_epi8((char)x->fig_cur_lo[0]);
    t->ends = _mm512_set1_epi8((char)x->fig_cur_lo[1]);
    t->len = x->fig_cur_hi[0];
}

/* vn_fig_take of the 64 token starts after the bytes at p (p[0..69) are read). */
__attribute__((target("avx2,avx512f,avx512bw"), always_inline)) static inline uint64_t
vn_fig_block64(const vn_fig_tabs5 *t, const char *p)
{
#define LOAD64(q) _mm512_loadu_si512((const void *)(q))
    const __m512i nib = _mm512_set1_epi8(0x0F);
#define CLASSIFY(lo, hi, v) \
    _mm512_and_si512(_mm512_shuffle_epi8(lo, _mm512_and_si512(v, nib)), \
                     _mm512_shuffle_epi8(hi, _mm512_and_si512(_mm512_srli_epi16(v, 4), nib)))
    __m512i cur = LOAD64(p + 1);
    __m512i bc = CLASSIFY(t->bc_lo, t->bc_hi, cur);
    __m512i a = CLASSIFY(t->lo[0], t->hi[0], cur);
#pragma GCC unroll 4
    for (int j = 1; j < 5; j++)
        a = _mm512_and_si512(a, CLASSIFY(t->lo[j], t->hi[j], LOAD64(p + 1 + j)));
    uint64_t end = _mm512_test_epi8_mask(bc, _mm512_set1_epi8(VN_FIG_BC_END));
    uint64_t punct = _mm512_test_epi8_mask(bc, _mm512_set1_epi8(VN_FIG_BC_PUNCT));
    uint64_t digit = _mm512_movepi8_mask(bc), word = _mm512_test_epi8_mask(a, t->noend);
    word |= _mm512_mask_test_epi8_mask(vn_fig_end_after(end, t->len, 64), a, t->ends);
    uint64_t starts = _mm512_cmpeq_epi8_mask(LOAD64(p), _mm512_set1_epi8(' '));
#undef LOAD64
#undef CLASSIFY
    return vn_fig_take(starts, punct, digit, word, 64);
}

/* vn_fig_next_start_avx2 64 bytes at a time (AVX-512 BW: the same tables,
 * a test gives a bit mask) while a block and the five bytes after it are
 * in the line; the rest to vn_fig_next_start_last_avx512. */
__attribute__((target("avx2,avx512f,avx512bw"), always_inline)) static inline size_t
vn_fig_next_start_avx512(const struct vn_event_lex *x, const char *s, size_t n, size_t *ip, vn_fig_block *blk)
{
    size_t p0, i = *ip;
    if (vn_fig_block_resume(x, s, n, &i, blk, &p0))
        return p0;
    if (i + 69 <= n) {
        vn_fig_tabs5 t;
        vn_fig_tabs5_load(x, &t);
        for (; i + 69 <= n; i += 64) {
            uint64_t m = vn_fig_block64(&t, s + i);
            size_t p;
            if (m && vn_fig_block_take(x, s, n, i, m, 64, blk, &p))
                return p;
        }
    }
    *ip = i;
    return SIZE_MAX;
}

/* vn_fig_next_start_last_avx2 for the AVX-512 scan: the last bytes of a
 * line (from the space at i, at most 67 left) as one more 64-byte block. */
VN_FIG_LAST(vn_fig_next_start_last_avx512, "avx2,avx512f,avx512bw", vn_fig_tabs5, vn_fig_tabs5_load, vn_fig_block64, 67)
#undef VN_FIG_LAST
#endif

/* Bumped at each lexicon load (vn_fig_lex_build): answers figures.c keeps
 * per thread about a lexicon's tries hold for the generation they were
 * asked in (a lexicon freed and another loaded at its address is a new
 * generation). */
extern _Atomic unsigned long vn_fig_generation;

#endif
