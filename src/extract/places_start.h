/* places_start.h — can a place mention (or its type word) start at this
 * byte? Tests of a word's first bytes, shared by the scanner that lists the
 * candidates (places_scan.c) and the recognizer (places.c). Internal. */
#ifndef VN_PLACES_START_H
#define VN_PLACES_START_H

#include "gazetteer.h"
#include "../core/uni.h"

#include <stddef.h>
#include <stdint.h>

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

#endif
