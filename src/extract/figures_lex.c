/* figures_lex.c — the fast paths of figures.c, built at lexicon load: the
 * number words as a dense automaton over byte classes, and the scan for the
 * tokens that may hold a figure (a digit, punctuation before one, a number
 * word, "hàng"), which skips every other token of a line without looking
 * into it: by the first two bytes of the tokens after a space, or a word's
 * first four cut where it may end (bit sets), and on CPUs with AVX2 32 bytes
 * at a time (nibble tables: the first five bytes of the words that may begin
 * a number, in eight groups), going on in the block the last call stopped in. */
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

/* Is nw[a] (a >= 0) a word that may begin a number (a unit digit, "mười")? */
static int is_starter(const struct vn_event_lex *x, int a)
{
    return a >= 0 && (x->nw[a].kind == NW_DIGIT || x->nw[a].kind == NW_TEN);
}

/* The vector pre-filter of next_start (figures_start.h) tests a token's
 * first VEC_POS bytes against the words that may begin a number, in up to
 * eight groups (one bit each in the nibble tables: a group takes the
 * product of its words' nibbles at each position, so "bộ" would pass a
 * group of "một" and "bốn": groups_merge keeps such words apart), and on
 * AVX-512 that a word ends right after the shortest group's words ("ba",
 * not "bao"). Before, the groups went by the second byte and the first
 * letters' high nibble, and any punctuation passed: per 1,000 articles
 * 18,227 words ("hành", "bạn", "bộ", "chính") and 4,666 punctuation marks
 * that start_ok turned away, now 8,200 (5,500 of them "một" and "năm"
 * before a word that counts nothing) and 170. */
#define VEC_POS 5
#define VEC_WORDS 40
typedef struct vec_group {
    unsigned lo[VEC_POS], hi[VEC_POS]; /* the nibbles of its words' bytes at each position (the first lowercased) */
    unsigned char any[VEC_POS];        /* any byte there (its words have ended) */
    int len;                           /* bytes of its words; 0 when they differ (no end test) */
} vec_group;

static void group_word(vec_group *g, const unsigned char *w, int len)
{
    memset(g, 0, sizeof *g);
    for (int j = 0; j < VEC_POS; j++)
        if (j < len)
            g->lo[j] = 1u << (w[j] & 15), g->hi[j] = 1u << (w[j] >> 4);
        else
            g->any[j] = 1;
    g->len = len;
}

/* The words that may begin a number ("hai", "mười") below state st after
 * the bytes w[0..d), one group each (bytes: those of the automaton's
 * classes, nbytes). 0 if there are too many or too long. */
static int starters_below(const struct vn_event_lex *x, const unsigned char *bytes, int nbytes, unsigned st,
                          unsigned char *w, int d, vec_group *g, int *ng)
{
    if (is_starter(x, x->nw_accept[st])) {
        if (*ng >= VEC_WORDS)
            return 0;
        group_word(&g[(*ng)++], w, d);
    }
    for (int k = 0; k < nbytes; k++) {
        unsigned b = bytes[k], nx = x->nw_next[st * 64 + x->nw_class[b]];
        if (!nx)
            continue;
        if (d >= 32)
            return 0;
        w[d] = (unsigned char)b;
        if (!starters_below(x, bytes, nbytes, nx, w, d + 1, g, ng))
            return 0;
    }
    return 1;
}

/* How many strings of well-formed UTF-8 the group's tables take (the
 * product of the nibble rectangles; a position of any byte counts 64):
 * what merging two groups may let through. */
static double group_takes(const vec_group *g)
{
    double count[4] = {1, 0, 0, 0}; /* by the continuation bytes still due */
    for (int j = 0; j < VEC_POS; j++) {
        double next[4] = {0, 0, 0, 0};
        if (g->any[j]) {
            next[0] = 64 * (count[0] + count[1] + count[2] + count[3]);
        } else {
            for (unsigned hs = g->hi[j]; hs; hs &= hs - 1)
                for (unsigned ls = g->lo[j]; ls; ls &= ls - 1) {
                    unsigned b = (unsigned)__builtin_ctz(hs) << 4 | (unsigned)__builtin_ctz(ls);
                    if ((b & 0xC0) == 0x80) /* a continuation byte */
                        next[0] += count[1], next[1] += count[2], next[2] += count[3];
                    else if (b < 0x80)
                        next[0] += vn_ev_ascii_wordbyte((unsigned char)b) ? count[0] : 0;
                    else if (b >= 0xC2 && b <= 0xF4)
                        next[b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3] += count[0];
                }
        }
        memcpy(count, next, sizeof count);
    }
    return count[0] + count[1] + count[2] + count[3];
}

static void group_merge(vec_group *into, const vec_group *g)
{
    for (int j = 0; j < VEC_POS; j++)
        into->any[j] |= g->any[j], into->lo[j] |= g->lo[j], into->hi[j] |= g->hi[j];
    if (into->len != g->len)
        into->len = 0;
}

/* Into eight groups at most: each time the two whose union lets the
 * fewest strings through that neither took alone (words of one length
 * first: the end test stays). */
static void groups_merge(vec_group *g, int *ng)
{
    double takes[VEC_WORDS];
    for (int i = 0; i < *ng; i++)
        takes[i] = group_takes(&g[i]);
    while (*ng > 8) {
        int bi = 0, bj = 1;
        double best = -1;
        for (int i = 0; i < *ng; i++)
            for (int j = i + 1; j < *ng; j++) {
                vec_group u = g[i];
                group_merge(&u, &g[j]);
                double c = group_takes(&u) - takes[i] - takes[j];
                if (g[i].len != g[j].len)
                    c += 16;
                if (best < 0 || c < best)
                    best = c, bi = i, bj = j;
            }
        group_merge(&g[bi], &g[bj]);
        takes[bi] = group_takes(&g[bi]);
        --*ng;
        g[bj] = g[*ng], takes[bj] = takes[*ng];
    }
}

/* The byte classes of the vector pre-filter (figures_start.h), as nibble
 * tables, four times (lo, hi): one bit per rectangle of nibbles. Bits
 * VN_FIG_BC_END, a superset of where vn_ev_trie_continues and
 * vn_ev_wordbyte_fwd say a word ends: controls (1), "!".."/" (2), the
 * space (4), ":".."?" (8), "@" "`" (16), "[".."_" "{"..DEL (32), C2 E2 EF
 * (and CF: 64); VN_FIG_BC_PUNCT: ASCII that is neither a letter, a digit
 * nor a space (1 2 8 16 32, with "_"); VN_FIG_BC_DIGIT (128). */
#define BC_LO 0x95, 0x83, 0xC3, 0x83, 0x83, 0x83, 0x83, 0x83, 0x83, 0x83, 0x0B, 0x2B, 0x2B, 0x2B, 0x2B, 0x6B
#define BC_HI 0x01, 0x01, 0x06, 0x88, 0x10, 0x20, 0x10, 0x20, 0, 0, 0, 0, 0x40, 0, 0x40, 0
const unsigned char vn_fig_bc64[2][64] = {{BC_LO, BC_LO, BC_LO, BC_LO}, {BC_HI, BC_HI, BC_HI, BC_HI}};
#undef BC_LO
#undef BC_HI

/* The tables of the vector pre-filter of next_start (see figures_start.h):
 * the groups' bytes at the first five positions of a token (pair, next,
 * third, fourth and fig_tab64[0..1]: the first letter in either case), and
 * the end test of the groups whose words are the shortest: fig_cur_hi[0]
 * their length (where a word must end), fig_cur_lo[1] their bits,
 * fig_cur_lo[0] the other groups' (none: where a longer word most often
 * goes on is after the shortest, "ba" of "bao", "ban"; a test per length
 * cost more than it saved). */
static void fig_vec_build(struct vn_event_lex *x)
{
    static vec_group g[VEC_WORDS]; /* load time, one thread */
    int ng = 0, ok = !x->nw_multi && x->nw_states;
    unsigned char w[33], bytes[256];
    int nbytes = 0;
    for (unsigned b = 0; b < 256; b++)
        if (x->nw_class[b])
            bytes[nbytes++] = (unsigned char)b;
    for (unsigned b0 = 'a'; b0 <= 'z' && ok; b0++) {
        unsigned s1 = x->nw_class[b0] ? x->nw_next[64 + x->nw_class[b0]] : 0;
        if (s1) {
            w[0] = (unsigned char)b0;
            ok = starters_below(x, bytes, nbytes, s1, w, 1, g, &ng);
        }
    }
    if (ok && ng < VEC_WORDS) { /* "hàng": the qualifier that starts a number */
        static const unsigned char hang[5] = {'h', 0xC3, 0xA0, 'n', 'g'};
        group_word(&g[ng++], hang, 5);
    } else {
        ok = 0;
    }
    if (ok)
        groups_merge(g, &ng);
    unsigned char fifth_lo[16], fifth_hi[16];
    unsigned char *tab[VEC_POS][2] = {{x->fig_pair_lo, x->fig_pair_hi},   {x->fig_next_lo, x->fig_next_hi},
                                      {x->fig_third_lo, x->fig_third_hi}, {x->fig_fourth_lo, x->fig_fourth_hi},
                                      {fifth_lo, fifth_hi}};
    for (int j = 0; j < VEC_POS; j++)
        memset(tab[j][0], 0, 16), memset(tab[j][1], 0, 16);
    memset(x->fig_cur_lo, 0, 16);
    memset(x->fig_cur_hi, 0, 16);
    for (int k = 0; k < ng && ok; k++) {
        unsigned char bit = (unsigned char)(1u << k);
        for (int j = 0; j < VEC_POS; j++) {
            unsigned lo = g[k].any[j] ? 0xFFFF : g[k].lo[j], hi = g[k].any[j] ? 0xFFFF : g[k].hi[j];
            if (j == 0) /* the uppercase letters: the scan does not lowercase */
                hi |= (hi & 0xC0) >> 2;
            for (unsigned nib = 0; nib < 16; nib++) {
                if (lo >> nib & 1)
                    tab[j][0][nib] |= bit;
                if (hi >> nib & 1)
                    tab[j][1][nib] |= bit;
            }
        }
    }
    /* the shortest length a group's words all have */
    unsigned shortest = 0;
    for (int k = 0; k < ng && ok; k++)
        if (g[k].len && g[k].len < 32 && (!shortest || (unsigned)g[k].len < shortest))
            shortest = (unsigned)g[k].len;
    for (int k = 0; k < ng && ok; k++)
        x->fig_cur_lo[shortest && (unsigned)g[k].len == shortest] |= (unsigned char)(1u << k);
    x->fig_cur_hi[0] = (unsigned char)(shortest ? shortest : 1); /* (with no group: a test of none) */
    const unsigned char *tabs[10] = {fifth_lo,       fifth_hi,        x->fig_pair_lo,   x->fig_pair_hi,
                                     x->fig_next_lo, x->fig_next_hi,  x->fig_third_lo,  x->fig_third_hi,
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
