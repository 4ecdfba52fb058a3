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
/* next_start 32 bytes at a time, from the space at *i while the block and
 * the three bytes after it are in the line: the token starts fig_vec_build
 * describes (classified with the nibble tables), then start_ok. Returns the
 * start, or SIZE_MAX with *i where the rest is to be scanned. */
__attribute__((target("avx2"), always_inline)) static inline size_t vn_fig_next_start_avx2(const struct vn_event_lex *x,
                                                                                          const char *s, size_t n,
                                                                                          size_t *ip, vn_fig_block *blk)
{
    size_t p0, i = *ip;
    if (vn_fig_block_resume(x, s, n, &i, blk, &p0))
        return p0;
#define LOAD16(p) _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(p)))
#define LOAD32(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
    const __m256i cur_lo = LOAD16(x->fig_cur_lo), cur_hi = LOAD16(x->fig_cur_hi);
    const __m256i pair_lo = LOAD16(x->fig_pair_lo), pair_hi = LOAD16(x->fig_pair_hi);
    const __m256i next_lo = LOAD16(x->fig_next_lo), next_hi = LOAD16(x->fig_next_hi);
    const __m256i third_lo = LOAD16(x->fig_third_lo), third_hi = LOAD16(x->fig_third_hi);
    const __m256i fourth_lo = LOAD16(x->fig_fourth_lo), fourth_hi = LOAD16(x->fig_fourth_hi);
    const __m256i space = _mm256_set1_epi8(' '), nib = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256();
#define CLASSIFY(lo, hi, v) \
    _mm256_and_si256(_mm256_shuffle_epi8(lo, _mm256_and_si256(v, nib)), \
                     _mm256_shuffle_epi8(hi, _mm256_and_si256(_mm256_srli_epi16(v, 4), nib)))
    for (; i + 36 <= n; i += 32) {
        __m256i prev = LOAD32(s + i), cur = LOAD32(s + i + 1), next = LOAD32(s + i + 2), next2 = LOAD32(s + i + 3);
        /* after a space (the classes below hold no space); the tables of
         * other hold its bits only (nibble_tables, one class) */
        __m256i starts = _mm256_cmpeq_epi8(prev, space);
        __m256i other = CLASSIFY(cur_lo, cur_hi, cur);
        __m256i pair = _mm256_and_si256(CLASSIFY(pair_lo, pair_hi, cur), CLASSIFY(next_lo, next_hi, next));
        pair = _mm256_and_si256(pair, CLASSIFY(third_lo, third_hi, next2));
        /* the fourth byte in every block: testing it only where a start is
         * left went the wrong way in one block of two */
        pair = _mm256_and_si256(pair, CLASSIFY(fourth_lo, fourth_hi, LOAD32(s + i + 4)));
        __m256i no = _mm256_cmpeq_epi8(_mm256_or_si256(other, pair), zero);
        unsigned m = (unsigned)_mm256_movemask_epi8(_mm256_andnot_si256(no, starts));
        size_t p;
        if (m && vn_fig_block_take(x, s, n, i, m, 32, blk, &p))
            return p;
    }
#undef LOAD16
#undef LOAD32
#undef CLASSIFY
    *ip = i;
    return SIZE_MAX;
}

/* vn_fig_next_start_tail for the vector scans: the last bytes of a line
 * (from the space at i, at most 36 left) as one more block of the AVX2
 * scan, from a copy padded with spaces (the tables take a token whatever
 * follows its first four bytes, so also one the line's end cuts). The
 * starts in the last two bytes, which start_ok cannot read past, and short
 * ends go to the byte walk. */
__attribute__((target("avx2"), always_inline)) static inline size_t
vn_fig_next_start_last_avx2(const struct vn_event_lex *x, const char *s, size_t n, size_t i)
{
    if (i >= n || n - i < 12 || n - i > 36)
        return vn_fig_next_start_tail(x, s, n, i);
    char buf[72];
    memset(buf, ' ', sizeof buf);
    memcpy(buf, s + i, n - i);
#define LOAD16(p) _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(p)))
#define LOAD32(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define CLASSIFY(lo, hi, v) \
    _mm256_and_si256(_mm256_shuffle_epi8(LOAD16(lo), _mm256_and_si256(v, nib)), \
                     _mm256_shuffle_epi8(LOAD16(hi), _mm256_and_si256(_mm256_srli_epi16(v, 4), nib)))
    const __m256i space = _mm256_set1_epi8(' '), nib = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256();
    __m256i cur = LOAD32(buf + 1), next = LOAD32(buf + 2), next2 = LOAD32(buf + 3), next3 = LOAD32(buf + 4);
    __m256i starts = _mm256_cmpeq_epi8(LOAD32(buf), space);
    __m256i other = CLASSIFY(x->fig_cur_lo, x->fig_cur_hi, cur);
    __m256i pair = _mm256_and_si256(CLASSIFY(x->fig_pair_lo, x->fig_pair_hi, cur),
                                    CLASSIFY(x->fig_next_lo, x->fig_next_hi, next));
    pair = _mm256_and_si256(pair, CLASSIFY(x->fig_third_lo, x->fig_third_hi, next2));
    pair = _mm256_and_si256(pair, CLASSIFY(x->fig_fourth_lo, x->fig_fourth_hi, next3));
    __m256i no = _mm256_cmpeq_epi8(_mm256_or_si256(other, pair), zero);
    uint64_t m = (unsigned)_mm256_movemask_epi8(_mm256_andnot_si256(no, starts));
#undef LOAD16
#undef LOAD32
#undef CLASSIFY
    m &= (1ull << (n - i - 1)) - 1; /* starts in the line: bit k is i + 1 + k */
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

/* vn_fig_next_start_avx2 64 bytes at a time (AVX-512 BW: the same tables,
 * a test gives a bit mask), then 32 at a time for the rest. */
__attribute__((target("avx2,avx512f,avx512bw"), always_inline)) static inline size_t
vn_fig_next_start_avx512(const struct vn_event_lex *x, const char *s, size_t n, size_t *ip, vn_fig_block *blk)
{
    size_t p0, i = *ip;
    if (vn_fig_block_resume(x, s, n, &i, blk, &p0))
        return p0;
    if (i + 68 <= n) {
#define LOAD64(p) _mm512_loadu_si512((const void *)(p))
        const __m512i cur_lo = LOAD64(x->fig_tab64[0]), cur_hi = LOAD64(x->fig_tab64[1]);
        const __m512i pair_lo = LOAD64(x->fig_tab64[2]), pair_hi = LOAD64(x->fig_tab64[3]);
        const __m512i next_lo = LOAD64(x->fig_tab64[4]), next_hi = LOAD64(x->fig_tab64[5]);
        const __m512i third_lo = LOAD64(x->fig_tab64[6]), third_hi = LOAD64(x->fig_tab64[7]);
        const __m512i fourth_lo = LOAD64(x->fig_tab64[8]), fourth_hi = LOAD64(x->fig_tab64[9]);
        const __m512i space = _mm512_set1_epi8(' '), nib = _mm512_set1_epi8(0x0F);
#define CLASSIFY(lo, hi, v) \
    _mm512_and_si512(_mm512_shuffle_epi8(lo, _mm512_and_si512(v, nib)), \
                     _mm512_shuffle_epi8(hi, _mm512_and_si512(_mm512_srli_epi16(v, 4), nib)))
        for (; i + 68 <= n; i += 64) {
            __m512i prev = LOAD64(s + i), cur = LOAD64(s + i + 1), next = LOAD64(s + i + 2), next2 = LOAD64(s + i + 3);
            __m512i next3 = LOAD64(s + i + 4);
            __m512i other = CLASSIFY(cur_lo, cur_hi, cur);
            __m512i pair = _mm512_and_si512(CLASSIFY(pair_lo, pair_hi, cur), CLASSIFY(next_lo, next_hi, next));
            pair = _mm512_and_si512(pair, CLASSIFY(third_lo, third_hi, next2));
            pair = _mm512_and_si512(pair, CLASSIFY(fourth_lo, fourth_hi, next3));
            __m512i any = _mm512_or_si512(other, pair);
            uint64_t m = (uint64_t)_mm512_mask_test_epi8_mask(_mm512_cmpeq_epi8_mask(prev, space), any, any);
            size_t p;
            if (m && vn_fig_block_take(x, s, n, i, m, 64, blk, &p))
                return p;
        }
#undef LOAD64
#undef CLASSIFY
    }
    *ip = i;
    return vn_fig_next_start_avx2(x, s, n, ip, blk);
}
#endif

/* Bumped at each lexicon load (vn_fig_lex_build): answers figures.c keeps
 * per thread about a lexicon's tries hold for the generation they were
 * asked in (a lexicon freed and another loaded at its address is a new
 * generation). */
extern _Atomic unsigned long vn_fig_generation;

#endif
