/* ev_words.c — where an event or cue phrase may start in a line, for
 * scan_events (events.c), without lowercasing the line.
 *
 * Each word is hashed over its first eight bytes, case-folded so that both
 * cases of a Vietnamese letter give the same bytes, and its length, and
 * tested against bit sets: ev_first (the first words of phrases with no
 * second word after a space: "thăm", "của") and ev_pair (the first two
 * words of the others: "hội nghị", "làm việc"). A word in neither starts no
 * phrase (the sets may say yes for words that do not: the phrase tries
 * then decide), and the scan goes on. Every such set is a filter: a word
 * it lets through that starts no phrase costs a trie walk, never a result.
 *
 * On CPUs with AVX2 the words are found 64 bytes at a time as bit masks,
 * and each word gets one test, from the mask and one 8-byte load (gate_bit:
 * its bytes | 0x21 cut at its end, hashed to 16 bits; one byte of an 8 KB
 * table holds whether a phrase starts with it, in which tries, and whether
 * it needs a second word), then the pair table if it does. The
 * sentence ends and the words passed update the scan's state only where a
 * word passes or a window ends, from the masks, exactly as the byte walk
 * does word by word. (About one word in four passes the first test in news
 * openings: "của", "các", "và", "tổ", "hội" start phrases.) */
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


/* The hash of a word whose first eight bytes are w (little-endian; what
 * lies after the word is masked off) and whose length is len, or 9 for any
 * longer word (the scan need not find a long word's end). */
static inline unsigned word_hash8(uint64_t w, size_t len)
{
    size_t k = len < 8 ? len : 8; /* >= 1: a word */
    uint64_t h = (fold8(w) & (~0ull >> (64 - 8 * k))) * 0x9E3779B97F4A7C15ull;
    return (unsigned)(h >> 32) ^ (unsigned)(len < 9 ? len : 9) * 0x85EBCA6Bu;
}

/* The vector scan's test of a word, before its length or hash: its first
 * eight bytes folded with | 0x21, cut where the word ends as the window's
 * word mask says (m9: nine bits from the word's start; one table look
 * instead of a count), hashed to 16 bits. The phrases' words are added
 * with their Ư (C6 AF; ư C6 B0 | 0x21 is B1) both ways (gate_variants). */
#define GATE_BITS 9
static inline uint64_t gate_hash(const struct vn_event_lex *x, uint64_t v, unsigned m9)
{
    uint64_t key = (v | 0x2121212121212121ull) & x->ev_gate_keep[m9];
    return key * 0x9E3779B97F4A7C15ull;
}

static inline unsigned gate_bit(const struct vn_event_lex *x, uint64_t v, unsigned m9)
{
    return (unsigned)(gate_hash(x, v, m9) >> 48);
}

/* The gate bits of the word key[0..len) (its first eight bytes as they are
 * and, for the second bytes of up to three Ư/ư among them, the other way)
 * into out[*nout] (room for 8). */
static void gate_variants(const struct vn_event_lex *x, const char *key, size_t len, unsigned *out, int *nout)
{
    char v[8] = {0};
    memcpy(v, key, len < 8 ? len : 8);
    int flip[3], nflip = 0;
    for (size_t k = 1; k < 8 && k < len && nflip < 3; k++)
        if ((unsigned char)v[k] == 0xAF || (unsigned char)v[k] == 0xB0)
            flip[nflip++] = (int)k;
    for (int mask = 0; mask < 1 << nflip; mask++) {
        char w[8];
        memcpy(w, v, 8);
        for (int j = 0; j < nflip; j++)
            if (mask >> j & 1)
                w[flip[j]] = (char)((unsigned char)w[flip[j]] == 0xAF ? 0xB0 : 0xAF);
        uint64_t u;
        memcpy(&u, w, 8);
        out[(*nout)++] = gate_bit(x, u, (1u << (len < GATE_BITS ? len : GATE_BITS)) - 1);
    }
}

/* The flags of the gate table: a phrase starts with the word and has no
 * second word after a space; a phrase of the event trie, of the cue trie
 * starts with it (no flag: no phrase starts with it). */
enum { GATE_FIRST = 1, GATE_EVENTS = 2, GATE_CUES = 4 };

static inline unsigned gate_flags(const struct vn_event_lex *x, uint64_t hash)
{
    return x->ev_gate[hash >> 51]; /* by the top 13 bits of gate_bit */
}

static void gate_flag(struct vn_event_lex *x, unsigned g, unsigned f)
{
    x->ev_gate[g >> 3] |= (unsigned char)f;
}

static inline int bit16(const unsigned char *set, unsigned b)
{
    return set[b >> 3] >> (b & 7) & 1;
}

static inline void set16(unsigned char *set, unsigned b)
{
    set[b >> 3] |= (unsigned char)(1u << (b & 7));
}

/* The pair table's bit for first and second words of gate bits g1, g2. */
static inline unsigned pair16(unsigned g1, unsigned g2)
{
    return (g1 * 0x9E3779B1u ^ g2 * 0x85EBCA6Bu) >> 16;
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
    memset(x->ev_gate, 0, sizeof x->ev_gate);
    memset(x->ev_gate_pair, 0, sizeof x->ev_gate_pair);
    for (unsigned m = 0; m < 1u << GATE_BITS; m++) { /* the word bytes a mask's trailing ones give */
        unsigned ones = 0;
        while (ones < GATE_BITS && (m >> ones & 1))
            ones++;
        x->ev_gate_keep[m] = ones >= 8 ? ~0ull : (1ull << (8 * ones)) - 1;
    }
    x->ev_all = 0;
#ifdef EV_X86
    x->ev_vec = __builtin_cpu_supports("avx2") && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
#else
    x->ev_vec = 0;
#endif
}

void vn_ev_words_add(struct vn_event_lex *x, const char *key, int in)
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
    unsigned g1[8], g2[8];
    int n1 = 0, n2 = 0;
    gate_variants(x, key, e, g1, &n1);
    for (int i = 0; i < n1; i++)
        gate_flag(x, g1[i], (in & VN_EV_IN_EVENTS ? GATE_EVENTS : 0) | (in & VN_EV_IN_CUES ? GATE_CUES : 0));
    if (e + 1 < n && key[e] == ' ' && vn_ev_wordbyte(key, n, e + 1)) {
        size_t e2 = vn_ev_word_end(key, n, e + 1);
        ev_set(x->ev_pair, ev_pair_hash(h, word_hash(key + e + 1, n - e - 1, e2 - e - 1)));
        ev_set(x->ev_pair_first, h);
        gate_variants(x, key + e + 1, e2 - e - 1, g2, &n2);
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
                set16(x->ev_gate_pair, pair16(g1[i], g2[j]));
    } else {
        ev_set(x->ev_first, h);
        for (int i = 0; i < n1; i++)
            gate_flag(x, g1[i], GATE_FIRST);
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

/* memcpy of a window's bytes (len <= 144) in 16-byte pieces, the last one
 * overlapping, and pieces of 8, 4, 2, 1 for less than 16: the compiler's
 * copy of a variable length this short is a "rep movs", slow to start. */
static inline void copy_short(char *dst, const char *src, size_t len)
{
#ifdef EV_X86
    if (len >= 16) {
        for (size_t k = 0; k + 16 < len; k += 16)
            _mm_storeu_si128((__m128i *)(void *)(dst + k), _mm_loadu_si128((const __m128i *)(const void *)(src + k)));
        _mm_storeu_si128((__m128i *)(void *)(dst + len - 16),
                         _mm_loadu_si128((const __m128i *)(const void *)(src + len - 16)));
        return;
    }
    if (len >= 8) {
        uint64_t a, b;
        __builtin_memcpy(&a, src, 8), __builtin_memcpy(&b, src + len - 8, 8);
        __builtin_memcpy(dst, &a, 8), __builtin_memcpy(dst + len - 8, &b, 8);
        return;
    }
    if (len >= 4) {
        uint32_t a, b;
        __builtin_memcpy(&a, src, 4), __builtin_memcpy(&b, src + len - 4, 4);
        __builtin_memcpy(dst, &a, 4), __builtin_memcpy(dst + len - 4, &b, 4);
        return;
    }
    for (size_t k = 0; k < len; k++)
        dst[k] = src[k];
#else
    memcpy(dst, src, len);
#endif
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
/* half_masks' constants as 32-byte rows in memory: one load (or a memory
 * operand) each, where a broadcast of an immediate takes three. */
#define ROW(c)                                                                                                    \
    {                                                                                                             \
        c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c            \
    }
enum { K_DIGIT_LIM, K_DIGIT_BIAS, K_ALPHA_LIM, K_CASE, K_ALPHA_BIAS, K_UNDERSCORE, K_E2, K_80, K_81, K_EF, K_BB,
       K_C2, K_C0, K_SPACE, K_DOTS };
static const unsigned char half_k[][32] __attribute__((aligned(32))) = {
    ROW(0x8A), ROW(0xB0), ROW(0x9A), ROW(0x20), ROW(0xE1), ROW('_'), ROW(0xE2), ROW(0x80), ROW(0x81), ROW(0xEF),
    ROW(0xBB), ROW(0xC2), ROW(0xC0), ROW(' '),
    /* . ! ? ; : have five different low nibbles: a byte is one of them when
     * it equals this row's byte for its low nibble (the other entries have
     * another low nibble; a byte >= 0x80 looks up 0) */
    {0x80, '!', 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, ':', ';', 0x80, 0x80, '.', '?',
     0x80, '!', 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, ':', ';', 0x80, 0x80, '.', '?'}};
#undef ROW

/* The masks of 32 bytes at w, their bit k for w[k] (w[32] is read too):
 * *words the bytes of ASCII letters, digits, _ and every byte >= 0x80,
 * *lead2 and *lead3 the lead bytes of punctuation characters (C2 ..;
 * E2 80/81 .. and EF BB ..), returned the sentence ends (. ! ? ; : before a
 * space). */
__attribute__((target("avx2"), always_inline)) static inline uint32_t half_masks(const char *w, uint32_t *words,
                                                                               uint32_t *lead2, uint32_t *lead3)
{
    /* the compiler would turn known rows back into broadcasts: hide them */
    const unsigned char(*k)[32] = half_k;
    __asm__("" : "+r"(k));
#define K(i) _mm256_load_si256((const __m256i *)(const void *)k[i])
    __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)w);
    __m256i v1 = _mm256_loadu_si256((const __m256i *)(const void *)(w + 1));
    /* signed compares after a bias: b >= 0x80, '0'..'9', 'a'..'z' either case, '_' */
    __m256i word = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpgt_epi8(_mm256_setzero_si256(), v),
                        _mm256_cmpgt_epi8(K(K_DIGIT_LIM), _mm256_sub_epi8(v, K(K_DIGIT_BIAS)))),
        _mm256_or_si256(_mm256_cmpgt_epi8(K(K_ALPHA_LIM),
                                          _mm256_sub_epi8(_mm256_or_si256(v, K(K_CASE)), K(K_ALPHA_BIAS))),
                        _mm256_cmpeq_epi8(v, K(K_UNDERSCORE))));
    __m256i p3 = _mm256_or_si256(
        _mm256_and_si256(_mm256_cmpeq_epi8(v, K(K_E2)),
                         _mm256_or_si256(_mm256_cmpeq_epi8(v1, K(K_80)), _mm256_cmpeq_epi8(v1, K(K_81)))),
        _mm256_and_si256(_mm256_cmpeq_epi8(v, K(K_EF)), _mm256_cmpeq_epi8(v1, K(K_BB))));
    __m256i p2 = _mm256_and_si256(_mm256_cmpeq_epi8(v, K(K_C2)), _mm256_cmpgt_epi8(K(K_C0), v1));
    __m256i dot = _mm256_cmpeq_epi8(v, _mm256_shuffle_epi8(K(K_DOTS), v));
    *words = (uint32_t)_mm256_movemask_epi8(word);
    *lead2 = (uint32_t)_mm256_movemask_epi8(p2);
    *lead3 = (uint32_t)_mm256_movemask_epi8(p3);
    return (uint32_t)_mm256_movemask_epi8(_mm256_and_si256(dot, _mm256_cmpeq_epi8(v1, K(K_SPACE))));
#undef K
}

/* The masks of 64 bytes at w (w[64] is read too): *words the bytes of
 * words, exact from bit 2 on (a continuation byte needs its lead, at most
 * two bytes before it); returned the sentence ends. */
__attribute__((target("avx2"), always_inline)) static inline uint64_t window_masks(const char *w, uint64_t *words)
{
    uint32_t wl, wh, l2l, l2h, l3l, l3h;
    uint64_t ends = half_masks(w, &wl, &l2l, &l3l) | (uint64_t)half_masks(w + 32, &wh, &l2h, &l3h) << 32;
    uint64_t lead2 = l2l | (uint64_t)l2h << 32, lead3 = l3l | (uint64_t)l3h << 32;
    *words = (wl | (uint64_t)wh << 32) & ~(lead3 | lead3 << 1 | lead3 << 2 | lead2 | lead2 << 1);
    return ends;
}

/* may_start for the word at bit k of a window (position p, length len as
 * the scan reads it, end e or SIZE_MAX, hash h): the second word's length
 * from the mask when it lies in the window, no word end walked. */
static inline int may_start_win(const struct vn_event_lex *x, const char *t, size_t n, const char *w, uint64_t words,
                                unsigned k, size_t p, size_t e, size_t len, unsigned h)
{
    if (x->ev_all || ev_has(x->ev_first, h))
        return 1;
    if (!ev_has(x->ev_pair_first, h))
        return 0;
    unsigned k2 = k + (unsigned)len + 1; /* where a second word after one space starts */
    if (e == SIZE_MAX || k2 + 9 > 63 || e + 1 >= n)
        return may_start(x, t, n, p, e, h);
    if (w[k2 - 1] != ' ' || !(words >> k2 & 1))
        return 0;
    size_t len2 = (size_t)__builtin_ctzll(~(words >> k2));
    uint64_t w2;
    memcpy(&w2, w + k2, 8);
    return ev_has(x->ev_pair, ev_pair_hash(h, word_hash8(w2, len2 < 9 ? len2 : 9)));
}

/* may_start_win for the word at bit k of a window (position p) where the
 * gate tables cannot look: near the window's end, or when every word may
 * start a phrase. */
static int may_start_at(const struct vn_event_lex *x, const char *t, size_t n, const char *w, uint64_t words,
                        unsigned k, size_t p)
{
    size_t len = k < 63 ? (size_t)__builtin_ctzll(~(words >> k)) : 1;
    size_t e = p + len;
    if (k + len >= 64) {
        len = 64 - k >= 9 ? 9 : word_len9(t, n, p);
        e = len < 9 ? p + len : SIZE_MAX;
    }
    uint64_t w8;
    memcpy(&w8, w + k, 8);
    return may_start_win(x, t, n, w, words, k, p, e, len, word_hash8(w8, len));
}

/* The gate tables' answer for the word at bit k of a window at b - 3 (a
 * window's word starts have nine bits of mask after them): 0 if it starts
 * no phrase, else the tries (VN_EV_IN_*) its phrases may be in. */
__attribute__((always_inline)) static inline int gate_word(const struct vn_event_lex *x, const char *t, size_t n,
                                                           const char *w, uint64_t words, unsigned k, size_t b)
{
    uint64_t v8;
    memcpy(&v8, w + k, 8);
    uint64_t hash = gate_hash(x, v8, (unsigned)(words >> k) & ((1u << GATE_BITS) - 1));
    unsigned f = gate_flags(x, hash);
    if (!f) /* (GATE_FIRST comes with a trie's flag) */
        return 0;
    int in = (f & GATE_EVENTS ? VN_EV_IN_EVENTS : 0) | (f & GATE_CUES ? VN_EV_IN_CUES : 0);
    if (f & GATE_FIRST)
        return in;
    /* the first word of a pair: the next word's gate bit, after one space */
    unsigned k2 = k + (unsigned)__builtin_ctzll(~(words >> k)) + 1;
    if (k2 > 64 - GATE_BITS)
        return may_start_at(x, t, n, w, words, k, b - 3 + k) ? in : 0;
    if (w[k2 - 1] != ' ' || !(words >> k2 & 1))
        return 0;
    memcpy(&v8, w + k2, 8);
    unsigned g2 = gate_bit(x, v8, (unsigned)(words >> k2) & ((1u << GATE_BITS) - 1));
    return bit16(x->ev_gate_pair, pair16((unsigned)(hash >> 48), g2)) ? in : 0;
}

/* What the sentence ends (ends) and word starts (starts) of a stretch of a
 * window at base do to the scan's state, as the byte walk would: the last
 * end sets *sent after it, and *at_start says whether a word followed it. */
static inline void sentence_state(uint64_t ends, uint64_t starts, size_t base, size_t *sent, int *at_start)
{
    if (ends) {
        unsigned last_end = 63 - (unsigned)__builtin_clzll(ends);
        *sent = base + last_end + 1;
        *at_start = !(starts >> last_end);
    } else if (starts) {
        *at_start = 0;
    }
}

/* The positions a window looks at: b .. b + WIN_STEP - 1 (bits 3 ..
 * WIN_STEP + 2), so that the nine bits of the gate are in the window for
 * every word start. */
#define WIN_STEP (64 - GATE_BITS - 2)

/* Windows of 64 bytes from b - 3 (window_masks), WIN_STEP apart. Near
 * either end of the line a window is read from a copy padded with spaces
 * (and what lies past the end is not looked at). Returns the phrase word as
 * walk does, or n, and in *tries the tries its phrases may be in. */
__attribute__((target("avx2"))) static size_t next_windows(const struct vn_event_lex *x, const char *t, size_t n,
                                                           size_t b, size_t *end, size_t *sent, int *at_start,
                                                           vn_ev_window *win, int *tries)
{
    char pad[160];
    const uint64_t in_step = ((1ull << (WIN_STEP + 3)) - 1) & ~7ull; /* bits 3 .. WIN_STEP + 2 */
    for (; b < n; b += WIN_STEP) {
        const char *w = t + b - 3; /* the window: w[k] is position b - 3 + k */
        uint64_t live = in_step, words, ends;
        if (win->b <= b && b < win->b + WIN_STEP) {
            /* the window the last call stopped in: from b on */
            live = in_step & ~((1ull << (b - win->b + 3)) - 1);
            b = win->b;
            w = t + b - 3;
            words = win->words;
            ends = win->ends & live;
        } else {
            if (b < 3 || b + 72 > n) {
                size_t from = b < 3 ? 0 : b - 3, lead = 3 - (b - from), len = n - from < 144 ? n - from : 144;
                memset(pad, ' ', sizeof pad);
                copy_short(pad + lead, t + from, len);
                w = pad;
                if (n - b < WIN_STEP)
                    live &= (1ull << (n - b + 3)) - 1; /* the positions before n */
            }
            ends = window_masks(w, &words) & live;
            if (w != pad) /* kept for the next call, which goes on in it */
                win->b = b, win->words = words, win->ends = ends;
        }
        /* Most words start no phrase: one hash test each, and the sentence
         * state (sent, at_start) is brought up to date only where a word
         * passes or the window ends, from the masks of what lies before. */
        uint64_t all_starts = words & ~(words << 1) & live, starts = all_starts;
        while (starts) {
            unsigned k = (unsigned)__builtin_ctzll(starts);
            starts &= starts - 1;
            int in = gate_word(x, t, n, w, words, k, b);
            if (!in)
                continue;
            *tries = in;
            size_t p = b - 3 + k;
            /* its length from the mask, unless it goes on past the window
             * (then only up to 9 matters) */
            size_t len = k < 63 ? (size_t)__builtin_ctzll(~(words >> k)) : 1;
            size_t e = p + len;
            if (k + len >= 64) {
                len = 64 - k >= 9 ? 9 : word_len9(t, n, p);
                e = len < 9 ? p + len : SIZE_MAX;
            }
            uint64_t below = (1ull << k) - 1;
            sentence_state(ends & below, all_starts & below, b - 3, sent, at_start);
            *end = e != SIZE_MAX ? e : vn_ev_word_end(t, n, p);
            return p;
        }
        sentence_state(ends, all_starts, b - 3, sent, at_start);
    }
    return n;
}
#endif

size_t vn_ev_next_phrase_word(const struct vn_event_lex *x, const char *t, size_t n, size_t i, size_t *end,
                              size_t *sent, int *at_start, vn_ev_window *win, int *tries)
{
    *tries = VN_EV_IN_EVENTS | VN_EV_IN_CUES;
#ifdef EV_X86
    if (x->ev_vec && !x->ev_all) /* (the gate tables hold first words) */
        return next_windows(x, t, n, i, end, sent, at_start, win, tries);
#else
    (void)win;
#endif
    size_t p = walk(x, t, n, &i, n, end, sent, at_start);
    return p == SIZE_MAX ? n : p;
}
