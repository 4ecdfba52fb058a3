/* people_bits.h — bitmaps of a chunk for the people scanner (private).
 *
 * One bit a byte, made in one vector pass before the chunk is cut
 * (people_bits.c): the window cut and the gap scan (people_scan.c) then find
 * word ends, spaces and the bytes worth a look by bit arithmetic instead of
 * a loop and a table look-up per byte. Lowering a capitalized token later
 * changes no bit (a-z for A-Z, a continuation byte for another). */
#ifndef VN_PEOPLE_BITS_H
#define VN_PEOPLE_BITS_H

#include <stdint.h>

typedef struct scanbits {
    const uint64_t *sp;   /* space, tab, CR */
    const uint64_t *stop; /* ends the plain run of a word: not a word byte
                           * (ASCII letter or digit, 80–BF, C3–C6), and not
                           * E1 B8–BB followed by a continuation byte */
    const uint64_t *upc;  /* may start an uppercase letter: A–Z, a Vietnamese
                           * letter whose bytes say uppercase (or that is
                           * cut short), a lead byte of another script */
    const uint64_t *gap;  /* worth a look in a gap (see people_bits.c) */
} scanbits;

/* Choose the vector unit (once, when the lexicon is loaded). */
void pp_bits_init(void);
/* The bitmaps of s[0..n] (s readable from s[-1] to s[64 * (n / 64) + 65])
 * into bits: four arrays of stride words. */
void pp_scan_bits(const unsigned char *s, int n, uint64_t *bits, int stride, scanbits *sb);

/* Tests: make the bitmaps with unit 0 (plain), 1 (SSE2), 2 (AVX2) or 3
 * (AVX-512) from now on; 0 when the CPU lacks it (nothing changes).
 * pp_bits_init chooses again. */
int pp_bits_select(int unit);
/* Tests: do the vector versions (those the CPU has) give the bitmaps of the
 * plain one for the blocks s[0..64 * nw), nw <= 64 (s readable from s[-1]
 * to s[64 * nw + 1])? */
int pp_bits_agree(const unsigned char *s, int nw);

/* First bit set in bm ^ flip at or after i. The caller knows one is there:
 * bits past the chunk's end are set in stop, clear in sp (searched as ~sp). */
static inline int next_bit(const uint64_t *bm, int i, uint64_t flip)
{
    int w = i >> 6;
    uint64_t m = (bm[w] ^ flip) & (~0ull << (i & 63));
    while (!m)
        m = bm[++w] ^ flip;
    return (w << 6) + __builtin_ctzll(m);
}

/* Last bit set in bm ^ flip at or before i and at or after lo, or lo - 1. */
static inline int prev_bit(const uint64_t *bm, int i, int lo, uint64_t flip)
{
    if (i < lo)
        return lo - 1;
    int w = i >> 6;
    uint64_t m = (bm[w] ^ flip) & (~0ull >> (63 - (i & 63)));
    while (!m) {
        if (--w < lo >> 6)
            return lo - 1;
        m = bm[w] ^ flip;
    }
    int p = (w << 6) + 63 - __builtin_clzll(m);
    return p < lo ? lo - 1 : p;
}

/* Any bit set in bm[from..to)? (bm has a set bit at or after from) */
static inline int any_bit(const uint64_t *bm, int from, int to)
{
    return from < to && next_bit(bm, from, 0) < to;
}

#endif
