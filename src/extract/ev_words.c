/* ev_words.c — where an event or cue phrase may start in a line, for
 * scan_events (events.c), without lowercasing the line.
 *
 * Each word is hashed over its first eight bytes, case-folded so that both
 * cases of a Vietnamese letter give the same bytes, and its length, and
 * tested against bit sets: ev_first (the first words of phrases with no
 * second word after a space: "thăm", "của") and ev_pair (the first two
 * words of the others: "hội nghị", "làm việc"). A word in neither starts no
 * phrase (the sets may say yes for words that do not: the phrase tries
 * then decide), and the scan goes on.
 *
 * On CPUs with AVX2 the words are found 64 bytes at a time as bit masks;
 * the sentence ends and words passed on the way update the scan's state
 * exactly as the byte walk does. */
#include "events_int.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define EV_X86 1
#endif

static inline unsigned ev_bit_of(unsigned h)
{
    return (h * 0x9E3779B1u) >> 20; /* 12 bits */
}

static inline int ev_has(const unsigned char *set, unsigned h)
{
    unsigned bit = ev_bit_of(h);
    return set[bit >> 3] >> (bit & 7) & 1;
}

static void ev_set(unsigned char *set, unsigned h)
{
    unsigned bit = ev_bit_of(h);
    set[bit >> 3] |= (unsigned char)(1u << (bit & 7));
}

static inline unsigned ev_pair_hash(unsigned h1, unsigned h2)
{
    return h1 * 0x2545F491u ^ h2;
}

/* Eight bytes folded (little-endian lanes): each byte | 0x21 makes the two
 * cases of a letter alike (ASCII 0x20; Latin-1 second bytes 0x20; the low
 * bit of Ă Đ Ĩ Ũ Ơ and of U+1EA0..U+1EF9), and 0xAF (Ư C6 AF) becomes 0xB1
 * (ư C6 B0 | 0x21). Other bytes may fold alike: that only widens the sets. */
static inline uint64_t fold8(uint64_t x)
{
    const uint64_t ones7 = 0x7F7F7F7F7F7F7F7Full;
    uint64_t y = x | 0x2121212121212121ull;
    uint64_t t = y ^ 0xAFAFAFAFAFAFAFAFull;
    uint64_t zero = ~(((t & ones7) + ones7) | t) & 0x8080808080808080ull; /* the bytes that were 0xAF */
    return y + (zero >> 6);                                            /* + 2 */
}

/* The hash of a word whose first eight bytes are w (little-endian; what
 * lies after the word is masked off) and whose length is len, or 9 for any
 * longer word (the scan need not find a long word's end). */
static inline unsigned word_hash8(uint64_t w, size_t len)
{
    size_t k = len < 8 ? len : 8; /* >= 1: a word */
    uint64_t h = (fold8(w) & (~0ull >> (64 - 8 * k))) * 0x9E3779B97F4A7C15ull;
    return (unsigned)(h >> 32) ^ (unsigned)(len < 9 ? len : 9) * 0x85EBCA6Bu;
}

/* A word's shape: its first byte, its last byte and its length (9 for any
 * longer, whose last byte is not looked at), folded so that both cases of
 * a letter give the same shape (ASCII | 0x20; a continuation byte | 0x3F,
 * which also makes Ư C6 AF and ư C6 B0 alike): a cheaper first test than
 * the hash, for the words of a window. */
static inline unsigned shape_hash(unsigned char first, unsigned char last, size_t len)
{
    unsigned l = len < 9 ? (last < 0x80 ? last | 0x20u : last | 0x3Fu) : 0;
    unsigned key = (first | 0x20u) | l << 8 | (unsigned)(len < 9 ? len : 9) << 16;
    return key * 0x2545F491u;
}

/* The hash of the word at s[0..len) (reads at most n bytes). */
static inline unsigned word_hash(const char *s, size_t n, size_t len)
{
    uint64_t w = 0;
    memcpy(&w, s, n < 8 ? n : 8);
    return word_hash8(w, len);
}

/* The length of the word at i, or 9 if it is longer (vn_ev_word_end, that
 * far). */
static inline size_t word_len9(const char *t, size_t n, size_t i)
{
    size_t e = vn_ev_word_end(t, n < i + 10 ? n : i + 10, i) - i; /* byte 8's character is whole */
    return e < 9 ? e : 9;
}

void vn_ev_words_init(struct vn_event_lex *x)
{
    memset(x->ev_first, 0, sizeof x->ev_first);
    memset(x->ev_pair, 0, sizeof x->ev_pair);
    memset(x->ev_pair_first, 0, sizeof x->ev_pair_first);
    memset(x->ev_shape, 0, sizeof x->ev_shape);
    memset(x->ev_first_len, 0, sizeof x->ev_first_len);
    x->ev_all = 0;
#ifdef EV_X86
    x->ev_vec = __builtin_cpu_supports("avx2") && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
#else
    x->ev_vec = 0;
#endif
}

void vn_ev_words_add(struct vn_event_lex *x, const char *key)
{
    size_t n = strlen(key);
    if (n > x->ev_maxlen)
        x->ev_maxlen = n;
    size_t e = vn_ev_word_end(key, n, 0);
    if (e == 0) { /* a phrase that starts with no word: every word may start it */
        x->ev_all = 1;
        return;
    }
    unsigned h = word_hash(key, n, e);
    ev_set(x->ev_shape, shape_hash((unsigned char)key[0], (unsigned char)key[e - 1], e));
    x->ev_first_len[(unsigned char)key[0] | 0x20] |= (uint16_t)(1u << (e < 9 ? e : 9));
    if (e + 1 < n && key[e] == ' ' && vn_ev_wordbyte(key, n, e + 1)) {
        size_t e2 = vn_ev_word_end(key, n, e + 1);
        ev_set(x->ev_pair, ev_pair_hash(h, word_hash(key + e + 1, n - e - 1, e2 - e - 1)));
        ev_set(x->ev_pair_first, h);
    } else {
        ev_set(x->ev_first, h);
    }
}

static inline int sentence_end(const char *t, size_t n, size_t i)
{
    char c = t[i];
    return (c == '.' || c == '!' || c == '?' || c == ';' || c == ':') && (i + 1 >= n || t[i + 1] == ' ');
}

/* Does the word at i (hash h; its end e, or SIZE_MAX when not known) start
 * a phrase: in ev_first, or with the next word (after one space) in
 * ev_pair? */
static inline int may_start(const struct vn_event_lex *x, const char *t, size_t n, size_t i, size_t e, unsigned h)
{
    if (x->ev_all || ev_has(x->ev_first, h))
        return 1;
    if (!ev_has(x->ev_pair_first, h))
        return 0;
    if (e == SIZE_MAX)
        e = vn_ev_word_end(t, n, i);
    if (e + 1 >= n || t[e] != ' ' || !vn_ev_wordbyte(t, n, e + 1))
        return 0;
    return ev_has(x->ev_pair, ev_pair_hash(h, word_hash(t + e + 1, n - e - 1, word_len9(t, n, e + 1))));
}

/* The byte walk: every byte that is no word's, every word, from *ip up to
 * lim (a word that starts before lim is read whole). Returns the phrase
 * word, or SIZE_MAX with *ip where it stopped. */
static size_t walk(const struct vn_event_lex *x, const char *t, size_t n, size_t *ip, size_t lim, size_t *end,
                   size_t *sent, int *at_start)
{
    size_t i = *ip;
    while (i < lim) {
        if (!vn_ev_wordbyte(t, n, i)) {
            if (sentence_end(t, n, i))
                *sent = i + 1, *at_start = 1;
            i++;
            continue;
        }
        size_t e = vn_ev_word_end(t, n, i);
        if (may_start(x, t, n, i, e, word_hash(t + i, n - i, e - i)))
            return *end = e, i;
        i = e;
        *at_start = 0;
    }
    *ip = i;
    return SIZE_MAX;
}

#ifdef EV_X86
/* The masks of 32 bytes at w, their bit k for w[k] (w[32] is read too):
 * *words the bytes of ASCII letters, digits, _ and every byte >= 0x80,
 * *lead2 and *lead3 the lead bytes of punctuation characters (C2 ..;
 * E2 80/81 .. and EF BB ..), returned the sentence ends (. ! ? ; : before a
 * space). */
__attribute__((target("avx2"), always_inline)) static inline uint32_t half_masks(const char *w, uint32_t *words,
                                                                               uint32_t *lead2, uint32_t *lead3)
{
#define SET1(c) _mm256_set1_epi8((char)(c))
    __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)w);
    __m256i v1 = _mm256_loadu_si256((const __m256i *)(const void *)(w + 1));
    __m256i word = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpgt_epi8(_mm256_setzero_si256(), v),
                        _mm256_cmpgt_epi8(SET1(-128 + 10), _mm256_sub_epi8(v, SET1('0' + 128)))),
        _mm256_or_si256(_mm256_cmpgt_epi8(SET1(-128 + 26), _mm256_sub_epi8(_mm256_or_si256(v, SET1(0x20)), SET1('a' + 128))),
                        _mm256_cmpeq_epi8(v, SET1('_'))));
    __m256i p3 = _mm256_or_si256(
        _mm256_and_si256(_mm256_cmpeq_epi8(v, SET1(0xE2)),
                         _mm256_or_si256(_mm256_cmpeq_epi8(v1, SET1(0x80)), _mm256_cmpeq_epi8(v1, SET1(0x81)))),
        _mm256_and_si256(_mm256_cmpeq_epi8(v, SET1(0xEF)), _mm256_cmpeq_epi8(v1, SET1(0xBB))));
    __m256i p2 = _mm256_and_si256(_mm256_cmpeq_epi8(v, SET1(0xC2)), _mm256_cmpgt_epi8(SET1(-64), v1));
    __m256i dot = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpeq_epi8(v, SET1('.')), _mm256_cmpeq_epi8(v, SET1('!'))),
        _mm256_or_si256(_mm256_cmpeq_epi8(v, SET1('?')),
                        _mm256_or_si256(_mm256_cmpeq_epi8(v, SET1(';')), _mm256_cmpeq_epi8(v, SET1(':')))));
    *words = (uint32_t)_mm256_movemask_epi8(word);
    *lead2 = (uint32_t)_mm256_movemask_epi8(p2);
    *lead3 = (uint32_t)_mm256_movemask_epi8(p3);
    return (uint32_t)_mm256_movemask_epi8(_mm256_and_si256(dot, _mm256_cmpeq_epi8(v1, SET1(' '))));
#undef SET1
}

/* The masks of 64 bytes at w (w[64] is read too): *words the bytes of
 * words, exact from bit 2 on (a continuation byte needs its lead, at most
 * two bytes before it); returned the sentence ends. */
__attribute__((target("avx2"))) static uint64_t window_masks(const char *w, uint64_t *words)
{
    uint32_t wl, wh, l2l, l2h, l3l, l3h;
    uint64_t ends = half_masks(w, &wl, &l2l, &l3l) | (uint64_t)half_masks(w + 32, &wh, &l2h, &l3h) << 32;
    uint64_t lead2 = l2l | (uint64_t)l2h << 32, lead3 = l3l | (uint64_t)l3h << 32;
    *words = (wl | (uint64_t)wh << 32) & ~(lead3 | lead3 << 1 | lead3 << 2 | lead2 | lead2 << 1);
    return ends;
}

/* Windows of 64 bytes from b - 3: positions b .. b + 60 (bits 3..63 of
 * window_masks). Near either end of the line a window is read from a copy
 * padded with spaces (and what lies past the end is not looked at).
 * Returns the phrase word as walk does, or n. */
static size_t next_windows(const struct vn_event_lex *x, const char *t, size_t n, size_t b, size_t *end,
                           size_t *sent, int *at_start, vn_ev_window *win)
{
    char pad[160];
    for (; b < n; b += 61) {
        const char *w = t + b - 3; /* the window: w[k] is position b - 3 + k */
        uint64_t live = ~7ull, words, ends;
        if (win->b <= b && b < win->b + 61) {
            /* the window the last call stopped in: from b on */
            live = ~((1ull << (b - win->b + 3)) - 1);
            b = win->b;
            w = t + b - 3;
            words = win->words;
            ends = win->ends & live;
        } else {
            if (b < 3 || b + 72 > n) {
                size_t from = b < 3 ? 0 : b - 3, lead = 3 - (b - from), len = n - from < 144 ? n - from : 144;
                memset(pad, ' ', sizeof pad);
                memcpy(pad + lead, t + from, len);
                w = pad;
                if (n - b < 61)
                    live &= (1ull << (n - b + 3)) - 1; /* the positions before n */
            }
            ends = window_masks(w, &words) & live;
            if (w != pad) /* kept for the next call, which goes on in it */
                win->b = b, win->words = words, win->ends = ends;
        }
        uint64_t starts = words & ~(words << 1) & live;
        while (starts) {
            unsigned k = (unsigned)__builtin_ctzll(starts);
            starts &= starts - 1;
            uint64_t before = ends & ((1ull << k) - 1);
            if (before) {
                *sent = b - 3 + (63 - (unsigned)__builtin_clzll(before)) + 1;
                *at_start = 1;
                ends &= ~before;
            }
            size_t p = b - 3 + k;
            /* its length from the mask, unless it goes on past the window
             * (then only up to 9 matters) */
            size_t len = k < 63 ? (size_t)__builtin_ctzll(~(words >> k)) : 1;
            size_t e = p + len;
            if (k + len >= 64) {
                len = 64 - k >= 9 ? 9 : word_len9(t, n, p);
                e = len < 9 ? p + len : SIZE_MAX;
            }
            /* no phrase starts with a word of this first byte and length,
             * or of this shape */
            if (!x->ev_all && (!(x->ev_first_len[(unsigned char)t[p] | 0x20] >> (len < 9 ? len : 9) & 1) ||
                               !ev_has(x->ev_shape, shape_hash((unsigned char)t[p], (unsigned char)t[p + len - 1], len)))) {
                *at_start = 0;
                continue;
            }
            uint64_t w8;
            memcpy(&w8, w + k, 8);
            if (may_start(x, t, n, p, e, word_hash8(w8, len))) {
                *end = e != SIZE_MAX ? e : vn_ev_word_end(t, n, p);
                return p;
            }
            *at_start = 0;
        }
        if (ends) {
            *sent = b - 3 + (63 - (unsigned)__builtin_clzll(ends)) + 1;
            *at_start = 1;
        }
    }
    return n;
}
#endif

size_t vn_ev_next_phrase_word(const struct vn_event_lex *x, const char *t, size_t n, size_t i, size_t *end,
                              size_t *sent, int *at_start, vn_ev_window *win)
{
#ifdef EV_X86
    if (x->ev_vec)
        return next_windows(x, t, n, i, end, sent, at_start, win);
#else
    (void)win;
#endif
    size_t p = walk(x, t, n, &i, n, end, sent, at_start);
    return p == SIZE_MAX ? n : p;
}
