/* places_start.h — can a place mention (or its type word) start at this
 * byte? Tests of a word's first bytes, shared by the scanner that lists the
 * candidates (places_scan.c) and the recognizer (places.c). Internal. */
#ifndef VN_PLACES_START_H
#define VN_PLACES_START_H

#include "gazetteer.h"
#include "../core/uni.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline size_t char_len(const char *s, size_t n, size_t i)
{
    unsigned char b = (unsigned char)s[i];
    size_t l = b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    return i + l <= n ? l : n - i;
}

/* Is the letter at i a capital? ASCII and the Vietnamese letters without a
 * table lookup: Latin-1 À..Þ, Ă Đ Ĩ Ũ Ơ Ư, and U+1EA0..1EF9 where capitals
 * are the even code points. */
static inline int cap_at(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    const unsigned char *u = (const unsigned char *)s + i;
    if (u[0] < 0x80)
        return u[0] >= 'A' && u[0] <= 'Z';
    int32_t c;
    if (u[0] >= 0xC2 && u[0] < 0xE0 && i + 1 < n)
        c = (u[0] & 0x1F) << 6 | (u[1] & 0x3F);
    else if (u[0] >= 0xE0 && u[0] < 0xF0 && i + 2 < n)
        c = (u[0] & 0x0F) << 12 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F);
    else
        return 0;
    if (c >= 0xC0 && c <= 0xDE)
        return c != 0xD7;
    if (c >= 0xDF && c <= 0xFF)
        return 0;
    if (c == 0x102 || c == 0x110 || c == 0x128 || c == 0x168 || c == 0x1A0 || c == 0x1AF)
        return 1;
    if (c == 0x103 || c == 0x111 || c == 0x129 || c == 0x169 || c == 0x1A1 || c == 0x1B0)
        return 0;
    if (c >= 0x1EA0 && c <= 0x1EF9)
        return !(c & 1);
    return vn_is_upper(c);
}

/* The first letter at i is followed by a capital: a word in CAPITALS maybe. */
static inline int caps_next(const char *s, size_t n, size_t i)
{
    return cap_at(s, n, i + char_len(s, n, i));
}


/* The first bytes of type words that are not small ASCII letters: TP, TX,
 * Tỉnh, Thành, Thị, Huyện, Quận, Phường, Xã, and Đặc (C4 90) / đặc (C4 91). */
static const unsigned char TYPE_FIRST_CAP[256] = {['T'] = 1, ['H'] = 1, ['Q'] = 1, ['P'] = 1, ['X'] = 1,
                                                  [0xC4] = 1};

/* Can a type word start at i? A check of its first letters, so that the
 * type-word trie is walked at "thành", "Tỉnh", "huyện", "quận", "phường", "xã",
 * "TP", "đặc" and not at every "thì", "quốc" or "phương". Capitals differ from
 * small letters by bit 0x20 in ASCII and by bit 0x01 in the UTF-8 tails. */
__attribute__((always_inline)) static inline int may_start_type(const char *s, size_t n, size_t i)
{
    const unsigned char *u = (const unsigned char *)s + i;
    size_t left = n - i;
    if (left < 2)
        return 0;
    unsigned char c = u[1] | 32, d = left > 2 ? u[2] : 0;
    switch (u[0] | 32) {
    case 't':
        if (c == 'h') /* thành, thị */
            return left > 4 && ((d == 0xC3 && (u[3] | 32) == 0xA0) ||
                                (d == 0xE1 && u[3] == 0xBB && (u[4] | 1) == 0x8B));
        if (c == 'p' || c == 'x') /* TP, TX */
            return left == 2 || !((d | 32) >= 'a' && (d | 32) <= 'z');
        return left > 3 && u[1] == 0xE1 && d == 0xBB && (u[3] | 1) == 0x89; /* tỉnh */
    case 'h': /* huyện */
        return left > 3 && c == 'u' && (d | 32) == 'y' && u[3] == 0xE1;
    case 'q': /* quận */
        return left > 4 && c == 'u' && d == 0xE1 && u[3] == 0xBA && (u[4] | 1) == 0xAD;
    case 'p': /* phường */
        return left > 6 && c == 'h' && d == 0xC6 && u[4] == 0xE1 && u[5] == 0xBB && (u[6] | 1) == 0x9D;
    case 'x': /* xã */
        return u[1] == 0xC3 && (d | 32) == 0xA3;
    default: /* đặc khu */
        return u[0] == 0xC4 && (u[1] | 1) == 0x91 && d == 0xE1;
    }
}

/* The first two bytes of the small type words, as may_start_type() reads
 * them: th tp tx t+E1 (tỉnh), hu, qu, ph, x+C3 (xã); a bit for each first
 * letter, set for the second bytes it can take. */
static const unsigned char TYPE_1ST[256] = {['t'] = 1, ['h'] = 2, ['q'] = 4, ['p'] = 8, ['x'] = 16};
static const unsigned char TYPE_2ND[256] = {['h'] = 1 | 8, ['H'] = 1 | 8, ['p'] = 1, ['P'] = 1, ['x'] = 1,
                                            ['X'] = 1, [0xE1] = 1, ['u'] = 2 | 4, ['U'] = 2 | 4, [0xC3] = 16};

/* A small letter with a diacritic that is neither a capital nor starts a
 * type word: à..ÿ (C3 9F..BF), ă ĩ ũ ơ ư, and the odd (small) letters of
 * U+1EA0..1EFF (ạ ả ấ .. ở ủ ỳ). As cap_at() and may_start_type() decide. */
static inline int small_diacritic(const unsigned char *u, size_t left)
{
    if (left < 2)
        return 0;
    switch (u[0]) {
    case 0xC3: return u[1] >= 0x9F;
    case 0xC4: return u[1] == 0x83 || u[1] == 0xA9;
    case 0xC5: return u[1] == 0xA9;
    case 0xC6: return u[1] == 0xA1 || u[1] == 0xB0;
    case 0xE1: return left > 2 && (u[2] & 1) && (u[1] == 0xBB || (u[1] == 0xBA && u[2] >= 0xA0));
    default: return 0;
    }
}

/* At a word start: can a mention or a type word start here? Cheap checks of
 * the first bytes drop the small words that cannot be a type word (and the
 * small letters with diacritics); try_word() looks at the rest. */
__attribute__((always_inline)) static inline int pl_may_start(const char *s, size_t n, size_t p,
                                                              const struct vn_gazetteer *gz)
{
    const unsigned char *u = (const unsigned char *)s + p;
    if (u[0] >= 'a' && u[0] <= 'z') /* a small letter: only a type word */
        return n - p >= 2 && (TYPE_1ST[u[0]] & TYPE_2ND[u[1]]) && may_start_type(s, n, p);
    if (u[0] == 0xC4 && n - p >= 2 && u[1] == 0x91) /* đ, small too: only "đặc" (ặ: E1 BA B7) */
        return n - p >= 5 && u[2] == 0xE1 && u[3] == 0xBA && u[4] == 0xB7;
    if (u[0] >= 0x80 && small_diacritic(u, n - p))
        return 0;
    /* a capital: a type word ("Tỉnh ủy", "TP"), or a name, which passes the
     * filter on its first four bytes or is in CAPITALS (try_capital) */
    return (TYPE_FIRST_CAP[u[0]] && may_start_type(s, n, p)) ||
           gz_name_may_start(gz, s + p, n - p) || caps_next(s, n, p);
}

/* ------------------------------------------------------------------------
 * The scanner's tests (places_scan.c), without branches: each reads the eight
 * bytes at the word start (the scanner pads the line's end with zeros), and
 * each lets through a superset of what the recognizer (places.c: try_word)
 * can take there, so that fewer words reach it. */

/* Which type word a first byte can start (tỉnh thành thị tp tx, huyện,
 * quận, phường, xã, đặc; any case), as a row of PL_TYPE_PAT. */
static const unsigned char PL_TYPE_ROW[256] = {['t'] = 1, ['T'] = 1, ['h'] = 2, ['H'] = 2, ['q'] = 3, ['Q'] = 3,
                                               ['p'] = 4, ['P'] = 4, ['x'] = 5, ['X'] = 5, [0xC4] = 6};

/* A type word's byte that few other words have where it is, per first byte:
 * byte k of the eight (little-endian) is b, after OR-ing in o: (w | or) &
 * and == val. Every spelling the type trie holds (as written, Capitalized,
 * in CAPITALS) passes one of its row's four; an unused one never does. */
#define PL_B(k, b) ((uint64_t)(b) << (8 * (k)))
typedef struct pl_type_pat {
    uint64_t or_[4], and_[4], val[4];
} pl_type_pat;
static const pl_type_pat PL_TYPE_PAT[7] __attribute__((aligned(32))) = {
    {{0}, {0}, {1, 1, 1, 1}},
    /* t: tỉnh (ỉ E1 BB 89, Ỉ ..88), thành (à C3 A0, À C3 80), thị (ị E1 BB 8B, Ị ..8A), tp/tx */
    {{PL_B(3, 0x01), PL_B(3, 0x20), PL_B(1, 0x20) | PL_B(4, 0x01), PL_B(1, 0x28)},
     {PL_B(3, 0xFF), PL_B(3, 0xFF), PL_B(1, 0xFF) | PL_B(4, 0xFF), PL_B(1, 0xFF)},
     {PL_B(3, 0x89), PL_B(3, 0xA0), PL_B(1, 'h') | PL_B(4, 0x8B), PL_B(1, 0x78)}},
    /* h: huyện (ệ E1 BB 87, Ệ ..86) */
    {{PL_B(5, 0x01)}, {PL_B(5, 0xFF)}, {PL_B(5, 0x87), 1, 1, 1}},
    /* q: quận (ậ E1 BA AD, Ậ ..AC) */
    {{PL_B(4, 0x01)}, {PL_B(4, 0xFF)}, {PL_B(4, 0xAD), 1, 1, 1}},
    /* p: phường (ờ E1 BB 9D, Ờ ..9C) */
    {{PL_B(6, 0x01)}, {PL_B(6, 0xFF)}, {PL_B(6, 0x9D), 1, 1, 1}},
    /* x: xã (ã C3 A3, Ã C3 83) */
    {{PL_B(2, 0x20)}, {PL_B(2, 0xFF)}, {PL_B(2, 0xA3), 1, 1, 1}},
    /* đ/Đ (C4 91/90): đặc (ặ E1 BA B7, Ặ ..B6) */
    {{PL_B(1, 0x01) | PL_B(4, 0x01)}, {PL_B(1, 0xFF) | PL_B(4, 0xFF)}, {PL_B(1, 0x91) | PL_B(4, 0xB7), 1, 1, 1}},
};
#undef PL_B

static inline uint64_t pl_load8(const unsigned char *u)
{
    uint64_t w;
    memcpy(&w, u, 8);
    return w;
}

/* May a type word start at u (8 bytes readable)? */
static inline int pl_type_may_start(const unsigned char *u)
{
    const pl_type_pat *t = &PL_TYPE_PAT[PL_TYPE_ROW[u[0]]];
    uint64_t w = pl_load8(u);
    int ok = 0;
    for (int k = 0; k < 4; k++)
        ok |= ((w | t->or_[k]) & t->and_[k]) == t->val[k];
    return ok;
}

/* May the character at u be a capital, as cap_at() decides (a superset; 3
 * bytes readable)? By its lead byte: A-Z yes; other ASCII, continuation bytes
 * and F0.. no; the leads of Vietnamese small letters unless the next bytes
 * make them one (C3 A0..BF à..ÿ; C4 83 ă, 91 đ, A9 ĩ; C5 A9 ũ; C6 A1 ơ, B0 ư;
 * E1 BA/BB with an odd last byte: the small letters of U+1E80..1EFF); other
 * leads yes. */
enum { PL_CAP_NO, PL_CAP_YES, PL_CAP_C3, PL_CAP_C4, PL_CAP_C5, PL_CAP_C6, PL_CAP_E1 };
static const unsigned char PL_CAP_ROW[256] = {
    ['A' ... 'Z'] = PL_CAP_YES, [0xC2] = PL_CAP_YES, [0xC3] = PL_CAP_C3, [0xC4] = PL_CAP_C4, [0xC5] = PL_CAP_C5,
    [0xC6] = PL_CAP_C6, [0xC7 ... 0xE0] = PL_CAP_YES, [0xE1] = PL_CAP_E1, [0xE2 ... 0xEF] = PL_CAP_YES};
/* by row and second byte: 1 small, 2 small if the third byte is odd */
static const unsigned char PL_CAP_SMALL[7][256] = {
    [PL_CAP_C3] = {[0xA0 ... 0xBF] = 1},
    [PL_CAP_C4] = {[0x83] = 1, [0x91] = 1, [0xA9] = 1},
    [PL_CAP_C5] = {[0xA9] = 1},
    [PL_CAP_C6] = {[0xA1] = 1, [0xB0] = 1},
    [PL_CAP_E1] = {[0xBA] = 2, [0xBB] = 2},
};
static inline int pl_cap_maybe(const unsigned char *u)
{
    unsigned row = PL_CAP_ROW[u[0]], small = PL_CAP_SMALL[row][u[1]];
    small = (small & 1) | (small >> 1 & u[2]);
    return (row != PL_CAP_NO) & !small;
}

/* The byte length of a character by its lead byte (1 for continuation bytes). */
static const unsigned char PL_CHAR_LEN[256] = {[0 ... 0xBF] = 1, [0xC0 ... 0xDF] = 2, [0xE0 ... 0xEF] = 3,
                                               [0xF0 ... 0xFF] = 4};

/* May the byte at u start the second word of a run in CAPITALS
 * (caps_run_end): a digit or a capital (or a continuation byte). */
static const unsigned char PL_RUN_NEXT[256] = {['0' ... '9'] = 1, ['A' ... 'Z'] = 1, [0x80 ... 0xBF] = 1,
                                               [0xC0 ... 0xFF] = 2};

/* Any ASCII small letter among the bytes of w? */
static inline int pl_has_small(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t low7 = w & ~high;
    uint64_t ge_a = low7 + (0x80 - 'a') * ones, gt_z = low7 + (0x80 - 'z' - 1) * ones;
    return (ge_a & ~gt_z & ~w & high) != 0;
}

/* The first word's end in the 8 bytes at a word start, capped at 8 (stops:
 * bit j set where byte j ends a word, as for gz_lead8, for j <= 8). */
static inline unsigned pl_word_end8(uint64_t stops)
{
    return (unsigned)__builtin_ctzll(stops | 1u << 8);
}

/* At a word start u (16 bytes readable) whose first word ends at e1: may two
 * words in CAPITALS start here (caps_run_end: the first with two capitals
 * and no small letter, then a space and a second beginning with a capital
 * or a digit)? A superset. */
static inline int pl_caps_run(const unsigned char *u, unsigned e1)
{
    if (!pl_cap_maybe(u + PL_CHAR_LEN[u[0]]))
        return 0;
    if (e1 >= 7)
        return 1;
    const unsigned char *v = u + e1 + 1;
    unsigned next = PL_RUN_NEXT[*v];
    return u[e1] == ' ' && !pl_has_small(pl_load8(u) & GZ_MASK8[e1]) && (next == 1 || (next == 2 && pl_cap_maybe(v)));
}

/* The second step (where either flag is set): is the first letter a
 * capital, and is it a lead or a run in CAPITALS? */
static inline int pl_capital_then(const unsigned char *u, unsigned e1, unsigned lead)
{
    return pl_cap_maybe(u) && (lead || pl_caps_run(u, e1));
}

#endif
