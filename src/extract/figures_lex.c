/* figures_lex.c — the fast paths of figures.c, built at lexicon load: the
 * number words as a dense automaton over byte classes, and the scan for the
 * tokens that may hold a figure (a digit, punctuation before one, a number
 * word, "hàng"), which skips every other token of a line without looking
 * into it: by the first two bytes of the tokens after a space, or a word's
 * first four cut where it may end (bit sets), and on CPUs with AVX2 32 bytes
 * at a time (nibble tables), going on in the block the last call stopped in. */
#include "events_int.h"
#include "figures_start.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

/* The automaton's state after byte c from state st, made if missing; 0 if
 * the automaton is full. */
static unsigned nw_step_add(struct vn_event_lex *x, unsigned st, unsigned char c)
{
    if (!x->nw_class[c]) {
        if (x->nw_classes >= 64)
            return 0;
        x->nw_class[c] = (unsigned char)x->nw_classes++;
    }
    unsigned char *to = &x->nw_next[st * 64 + x->nw_class[c]];
    if (!*to) {
        if (x->nw_states >= 256)
            return 0;
        x->nw_accept[x->nw_states] = -1;
        *to = (unsigned char)x->nw_states++;
    }
    return *to;
}

void vn_fig_lex_add_numword(struct vn_event_lex *x, const char *key, int value)
{
    size_t len = strlen(key);
    unsigned char b = (unsigned char)key[0];
    if (!((b | 32) >= 'a' && (b | 32) <= 'z'))
        return; /* number_word never matches it */
    if (!x->nw_states) { /* class 0: bytes of no number word; state 0 dead, 1 the start */
        x->nw_classes = 1;
        x->nw_states = 2;
        x->nw_accept[0] = x->nw_accept[1] = -1;
    }
    int one_word = 1;
    for (size_t k = 1; k < len && one_word; k++)
        one_word = vn_ev_trie_continues(key, len, k);
    /* the first letter in either case leads to the same state */
    unsigned st = one_word ? nw_step_add(x, 1, (unsigned char)(b | 32)) : 0;
    unsigned char up = (unsigned char)(b & ~32u);
    if (st && !x->nw_class[up]) {
        if (x->nw_classes < 64)
            x->nw_class[up] = (unsigned char)x->nw_classes++;
        else
            st = 0;
    }
    if (st)
        x->nw_next[64 + x->nw_class[up]] = (unsigned char)st;
    for (size_t k = 1; k < len && st; k++)
        st = nw_step_add(x, st, (unsigned char)key[k]);
    if (!st) {
        x->nw_multi = 1; /* phrases or too many words: number_word walks the trie */
        return;
    }
    x->nw_accept[st] = (short)value;
}

static void start_bit(struct vn_event_lex *x, unsigned b0, unsigned b1)
{
    unsigned k = b0 | b1 << 8;
    x->fig_start[k >> 3] |= (unsigned char)(1u << (k & 7));
}

/* Does a word that may begin a number (a unit digit, "mười") end at state
 * st or after it? Memoized per state (the automaton is a tree of at most
 * 256 states). */
static int starter_below(const struct vn_event_lex *x, unsigned st, signed char *memo)
{
    if (!st)
        return 0;
    if (memo[st] >= 0)
        return memo[st];
    int a = x->nw_accept[st], r = a >= 0 && (x->nw[a].kind == NW_DIGIT || x->nw[a].kind == NW_TEN);
    for (int c = 1; c < x->nw_classes && !r; c++)
        r = starter_below(x, x->nw_next[st * 64 + c], memo);
    return memo[st] = (signed char)r;
}

/* Is nw[a] (a >= 0) a word that may begin a number (a unit digit, "mười")? */
static int is_starter(const struct vn_event_lex *x, int a)
{
    return a >= 0 && (x->nw[a].kind == NW_DIGIT || x->nw[a].kind == NW_TEN);
}

/* May a word end before byte b (a superset of where vn_ev_trie_continues
 * says it does: E2 and C2 only before some bytes)? */
static int word_end(unsigned b)
{
    return b < 0x80 ? !vn_ev_ascii_wordbyte((unsigned char)b) : b == 0xE2 || b == 0xC2 || b == 0xEF;
}

/* Nibble tables for byte classes, tested sixteen bytes at a time with two
 * shuffles: byte b is in class c when lo[b & 15] & hi[b >> 4] has a bit of
 * cbits[c]. Each class gets one bit per distinct set of low nibbles its
 * members have under one high nibble; 0 when that needs more than 8 bits. */
static int nibble_tables(const unsigned char (*set)[256], int nclass, unsigned char *lo, unsigned char *hi,
                         unsigned char *cbits)
{
    unsigned pattern[8];
    int groups = 0;
    memset(lo, 0, 16);
    memset(hi, 0, 16);
    for (int c = 0; c < nclass; c++) {
        int first = groups;
        cbits[c] = 0;
        for (unsigned h = 0; h < 16; h++) {
            unsigned pat = 0;
            for (unsigned l = 0; l < 16; l++)
                pat |= (unsigned)set[c][h << 4 | l] << l;
            if (!pat)
                continue;
            int g = first;
            while (g < groups && pattern[g] != pat)
                g++;
            if (g == groups) {
                if (groups == 8)
                    return 0;
                pattern[groups++] = pat;
            }
            hi[h] |= (unsigned char)(1u << g);
            for (unsigned l = 0; l < 16; l++)
                if (pat >> l & 1)
                    lo[l] |= (unsigned char)(1u << g);
            cbits[c] |= (unsigned char)(1u << g);
        }
    }
    return 1;
}

/* The vector pre-filter of next_start: the token starts whose first byte is
 * an ASCII digit or punctuation (fig_start and the word after the
 * punctuation decide; E2 C2 EF start none) or whose first two bytes are
 * those of a word that begins a number (word_number takes a unit digit or
 * "mười" first; "hàng"). A superset of what vn_fig_start_ok takes, which
 * still decides. The pairs go into eight groups: one per second byte and
 * high nibble of the first letters (6 or 7 once lowercased), so that each
 * table pair is exact. */
static void fig_vec_build(struct vn_event_lex *x)
{
    static unsigned char other[1][256], pair[256][256]; /* load time, one thread */
    memset(other, 0, sizeof other);
    memset(pair, 0, sizeof pair);
    for (unsigned b = 0; b < 256; b++) {
        int letter = (b | 32) >= 'a' && (b | 32) <= 'z';
        other[0][b] = b < 0x80 && !letter && b != ' ';
    }
    pair['h'][0xC3] = 1; /* hàng */
    /* the first two bytes that lead towards such a word */
    signed char memo[256];
    memset(memo, -1, sizeof memo);
    for (unsigned b0 = 'a'; b0 <= 'z'; b0++) {
        unsigned s1 = x->nw_next[64 + x->nw_class[b0]];
        int a1 = s1 ? x->nw_accept[s1] : -1;
        int one = a1 >= 0 && (x->nw[a1].kind == NW_DIGIT || x->nw[a1].kind == NW_TEN); /* a one-letter word */
        for (unsigned b1 = 0; s1 && b1 < 256; b1++)
            if (one || starter_below(x, x->nw_next[s1 * 64 + x->nw_class[b1]], memo))
                pair[b0][b1] = 1;
    }
    unsigned char obits[1] = {0};
    int ok = !x->nw_multi && nibble_tables(other, 1, x->fig_cur_lo, x->fig_cur_hi, obits), groups = 0;
    memset(x->fig_pair_lo, 0, 16), memset(x->fig_pair_hi, 0, 16);
    memset(x->fig_next_lo, 0, 16), memset(x->fig_next_hi, 0, 16);
    memset(x->fig_third_lo, 0, 16), memset(x->fig_third_hi, 0, 16);
    memset(x->fig_fourth_lo, 0, 16), memset(x->fig_fourth_hi, 0, 16);
    for (unsigned b1 = 0; b1 < 256 && ok; b1++)
        for (unsigned hi = 6; hi <= 7 && ok; hi++) {
            unsigned char bit = (unsigned char)(1u << (groups & 7));
            int any = 0;
            for (unsigned lo = 0; lo < 16; lo++)
                if (pair[hi << 4 | lo][b1])
                    any = 1, x->fig_pair_lo[lo] |= bit;
            if (!any)
                continue;
            ok = groups++ < 8;
            x->fig_pair_hi[hi] |= bit;
            x->fig_pair_hi[hi - 2] |= bit; /* the uppercase letters: the scan does not lowercase */
            x->fig_next_lo[b1 & 15] |= bit;
            x->fig_next_hi[b1 >> 4] |= bit;
            /* the third bytes of the group's words (or the bytes a word of two
             * ends before); the nibble tables may take more */
            for (unsigned lo = 0; lo < 16; lo++) {
                unsigned b0 = hi << 4 | lo;
                if (!pair[b0][b1])
                    continue;
                unsigned s1 = x->nw_next[64 + x->nw_class[b0]];
                unsigned s2 = s1 ? x->nw_next[s1 * 64 + x->nw_class[b1]] : 0;
                int a1 = s1 ? x->nw_accept[s1] : -1, a2 = s2 ? x->nw_accept[s2] : -1;
                int any_third = is_starter(x, a1);
                int ends = is_starter(x, a2);
                for (unsigned b2 = 0; b2 < 256; b2++) {
                    unsigned s3 = s2 ? x->nw_next[s2 * 64 + x->nw_class[b2]] : 0;
                    int hang = b0 == 'h' && b1 == 0xC3 && b2 == 0xA0; /* hàng */
                    int any_fourth = any_third || (ends && word_end(b2));
                    if (!any_fourth && !hang && !starter_below(x, s3, memo))
                        continue;
                    x->fig_third_lo[b2 & 15] |= bit;
                    x->fig_third_hi[b2 >> 4] |= bit;
                    /* the fourth bytes after it: any once a word has ended
                     * (or may be one letter long); else those where a
                     * starter ends or goes on */
                    if (any_fourth) {
                        for (unsigned nib = 0; nib < 16; nib++)
                            x->fig_fourth_lo[nib] |= bit, x->fig_fourth_hi[nib] |= bit;
                        continue;
                    }
                    int ends3 = is_starter(x, s3 ? x->nw_accept[s3] : -1);
                    for (unsigned b3 = 0; b3 < 256; b3++)
                        if ((hang && b3 == 'n') || (ends3 && word_end(b3)) ||
                            (s3 && starter_below(x, x->nw_next[s3 * 64 + x->nw_class[b3]], memo))) {
                            x->fig_fourth_lo[b3 & 15] |= bit;
                            x->fig_fourth_hi[b3 >> 4] |= bit;
                        }
                }
            }
        }
    const unsigned char *tabs[10] = {x->fig_cur_lo,   x->fig_cur_hi,   x->fig_pair_lo,   x->fig_pair_hi,
                                     x->fig_next_lo,  x->fig_next_hi,  x->fig_third_lo,  x->fig_third_hi,
                                     x->fig_fourth_lo, x->fig_fourth_hi};
    for (int t = 0; t < 10; t++)
        for (int lane = 0; lane < 4; lane++)
            memcpy(x->fig_tab64[t] + 16 * lane, tabs[t], 16);
#if defined(__x86_64__) || defined(__i386__)
    x->fig_vec = ok && __builtin_cpu_supports("avx2");
    /* (VNEWS_FIGURES_NO_AVX512 set: the AVX2 scan, to compare) */
    x->fig_vec512 = x->fig_vec && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                    !getenv("VNEWS_FIGURES_NO_AVX512");
#else
    x->fig_vec = x->fig_vec512 = 0;
#endif
}

static void key_add(struct vn_event_lex *x, const unsigned char *w, int len)
{
    uint32_t k = 0;
    for (int j = 0; j < len && j < 4; j++)
        k |= (uint32_t)w[j] << (8 * j);
    unsigned b = vn_fig_key_bit(k);
    x->fig_key[b >> 3] |= (unsigned char)(1u << (b & 7));
}

/* The keys of the words the automaton holds from state st after the bytes
 * w[0..d): a word that ends there (cut), or its first four bytes. */
static void keys_below(struct vn_event_lex *x, unsigned st, unsigned char *w, int d)
{
    if (x->nw_accept[st] >= 0 || d == 4) {
        if (d == 1)
            x->fig_key_all = 1; /* a one-letter word: its key would be cut after its first byte */
        key_add(x, w, d);
        if (d == 4)
            return;
    }
    for (unsigned b = 1; b < 256; b++) {
        unsigned nx = x->nw_class[b] ? x->nw_next[st * 64 + x->nw_class[b]] : 0;
        if (nx) {
            w[d] = (unsigned char)b;
            keys_below(x, nx, w, d + 1);
        }
    }
}

/* fig_term and fig_key (see events_int.h). */
static void key_build(struct vn_event_lex *x)
{
    for (unsigned b = 0; b < 256; b++)
        x->fig_term[b] = (unsigned char)((b < 0x80 && !vn_ev_ascii_wordbyte((unsigned char)b)) || b == 0xE2 ||
                                                 b == 0xC2 || b == 0xEF
                                             ? 0
                                             : b);
    memset(x->fig_key, 0, sizeof x->fig_key);
    x->fig_key_all = x->nw_multi;
    unsigned char w[4];
    for (unsigned b0 = 'a'; b0 <= 'z' && x->nw_states; b0++) {
        unsigned s1 = x->nw_class[b0] ? x->nw_next[64 + x->nw_class[b0]] : 0;
        if (s1) {
            w[0] = (unsigned char)b0;
            keys_below(x, s1, w, 1);
        }
    }
    static const unsigned char hang[4] = {'h', 0xC3, 0xA0, 'n'}; /* hàng */
    key_add(x, hang, 4);
}

_Atomic unsigned long vn_fig_generation;

/* The tokens that may hold a figure, by their first two bytes: digits,
 * punctuation (a number may follow it in the token: "(12"), the characters
 * vn_ev_wordbyte looks into, and the first two bytes of a number word (its
 * first letter in either case) or of "hàng". Every other token is skipped
 * whole. */
void vn_fig_lex_build(struct vn_event_lex *x)
{
    atomic_fetch_add(&vn_fig_generation, 1);
    memset(x->fig_start, 0, sizeof x->fig_start);
    for (unsigned b0 = 0; b0 < 256; b0++) {
        int letter = (b0 | 32) >= 'a' && (b0 | 32) <= 'z';
        int word = b0 >= 0x80 || letter || (b0 >= '0' && b0 <= '9') || b0 == '_';
        int all = (b0 >= '0' && b0 <= '9') || (letter && x->nw_multi);
        /* punctuation: scan_step steps over it to the token's first word
         * byte; none after it (a lone "-"), or a byte of a character (an
         * opening quote "“" is E2 80 9C: its second byte reads as a word's,
         * with no number word there): no figure in the token. A token that
         * starts with E2 C2 EF is skipped the same way. */
        int punct = !word && b0 != ' ';
        if (!all && !punct)
            continue; /* (most first bytes: no pair starts a figure) */
        for (unsigned b1 = 0; b1 < 256; b1++)
            if (all || (punct && b1 != ' ' && b1 < 0x80))
                start_bit(x, b0, b1);
    }
    /* the automaton's first two steps */
    for (unsigned b0 = 0; b0 < 256; b0++) {
        unsigned s1 = x->nw_next[64 + x->nw_class[b0]];
        for (unsigned b1 = 0; s1 && b1 < 256; b1++)
            if (x->nw_accept[s1] >= 0 || x->nw_next[s1 * 64 + x->nw_class[b1]])
                start_bit(x, b0, b1);
    }
    start_bit(x, 'h', 0xC3); /* hàng */
    start_bit(x, 'H', 0xC3);
    key_build(x);
    fig_vec_build(x);
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) static size_t next_start_vec(const struct vn_event_lex *x, const char *s, size_t n,
                                                             size_t *ip, vn_fig_block *blk)
{
    return vn_fig_next_start_avx2(x, s, n, ip, blk);
}
#endif

size_t vn_fig_next_start_tail(const struct vn_event_lex *x, const char *s, size_t n, size_t i)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; i + 11 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t t = w ^ 0x2020202020202020ull; /* a space becomes 0 */
        uint64_t z = ~(((t & 0x7F7F7F7F7F7F7F7Full) + 0x7F7F7F7F7F7F7F7Full) | t | 0x7F7F7F7F7F7F7F7Full);
        for (; z; z &= z - 1) {
            size_t p = i + (size_t)(__builtin_ctzll(z) >> 3) + 1, end;
            int word;
            if (vn_fig_start_ok(x, s, n, p, &word, &end))
                return p;
        }
    }
#endif
    const unsigned char *bits = x->fig_start;
    for (; i + 1 < n; i++) {
        if (s[i] != ' ')
            continue;
        unsigned k = (unsigned char)s[i + 1] | (unsigned)(i + 2 < n ? (unsigned char)s[i + 2] : 0) << 8;
        if (bits[k >> 3] & (1u << (k & 7)))
            return i + 1;
    }
    return n;
}

/* From the space at i: the first token start after a space that may hold a
 * figure (vn_fig_start_ok), or n. Most tokens are words that cannot start a
 * figure: 32 or eight bytes at a time. */
size_t vn_fig_next_start(const struct vn_event_lex *x, const char *s, size_t n, size_t i, vn_fig_block *blk)
{
#if defined(__x86_64__) || defined(__i386__)
    if (x->fig_vec) {
        size_t p = next_start_vec(x, s, n, &i, blk);
        if (p != SIZE_MAX)
            return p;
    }
#else
    (void)blk;
#endif
    return vn_fig_next_start_tail(x, s, n, i);
}
