/* ev_gate.c — may a line hold an event phrase at all? A cheap proof of "no"
 * before scan_events reads it word by word.
 *
 * scan_events makes a candidate only where a phrase of the event trie
 * (x->events: event and head phrases) matches; cue words alone make none.
 * Most opening lines have no such phrase (about one in twenty has an event), so
 * the word-by-word walk (a hash and a table per word, the sentence state)
 * mostly proves nothing. This test looks for the phrases the way the
 * documents' kind scan does (docscan.c): bytes 0, 3, 4 and 8 of every event
 * phrase, case-folded, as nibble tables for a byte shuffle (the "Teddy"
 * string search: eight buckets of phrases grouped by their first word,
 * placed so that each lets few byte strings through), 32 positions at a
 * time; each position that passes is checked against the folded first eight
 * bytes of the phrases (a 64 K-bit set), and where that passes the event trie
 * is walked there. A line where no position holds a phrase of the trie gives
 * scan_events nothing to find: it is not scanned. (Spread bytes: bytes 1 to
 * 3 of "hội", "lễ", "đoàn" are mostly the lead bytes E1, C3, C4 that every
 * vowel with a tone shares and tell little; byte 8 reaches the second word.
 * With bytes 0 to 5 instead, events took 8.5 M instructions per 1,000
 * articles, 6.9 M with these.)
 *
 * Folding: every byte | 0x21, and 0xAF (Ư: C6 AF) then as 0xB1 (ư: C6 B0 |
 * 0x21), as ev_words.c folds words. The cases of a Vietnamese letter differ in
 * their last byte only, by 0x20 (ASCII, Latin-1) or by the low bit (Ă Đ Ĩ Ũ
 * Ơ, U+1EA0..U+1EF9), or are Ư/ư: folded, they are the same bytes, so the
 * text of a match folds to the key's folded bytes, whatever case the trie
 * matched (ev_match.c: a key's letters and their uppercase forms). The load
 * checks that this holds for every letter of every phrase and turns the
 * gate off otherwise (x->evg_on = 0: every line "may"). Other bytes may fold
 * alike: that only lets more lines through. Without AVX2 there is no gate
 * (nor with VNEWS_EVENTS_NO_GATE set: the output is the same). */
#include "events_int.h"
#include "../core/uni.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define EVG_AVX2 1
#endif
/* The bytes of a phrase the nibble tables test, besides byte 0 (see the top). */
#ifndef EVG_O1
#define EVG_O1 3
#define EVG_O2 4
#define EVG_O3 8
#endif
enum { EVG_LAST = EVG_O3 };
static const unsigned char evg_at[EVG_NIBS] = {0, EVG_O1, EVG_O2, EVG_O3};

static inline unsigned char fold_byte(unsigned char b)
{
    unsigned char y = (unsigned char)(b | 0x21);
    return y == 0xAF ? 0xB1 : y;
}


static inline unsigned hash16(uint64_t v)
{
    return (unsigned)((v * 0x9E3779B97F4A7C15ull) >> 48);
}

static inline uint64_t low_bytes(unsigned k)
{
    return k >= 8 ? ~0ull : (1ull << (8 * k)) - 1;
}

/* Do the cases of every letter of key fold alike (see the top)? */
static int folds_alike(const char *key, size_t n)
{
    for (size_t i = 0; i < n;) {
        int len;
        int32_t c = vn_utf8_next(key + i, n - i, &len);
        if (len < 1)
            return 0;
        char up[8], lo[8];
        int32_t u = vn_to_upper(c), l = vn_to_lower(c);
        int ul = vn_utf8_put(u, up), ll = vn_utf8_put(l, lo);
        if (ul != len || ll != len)
            return 0; /* a letter whose case changes its length: no gate */
        for (int k = 0; k < len; k++)
            if (fold_byte((unsigned char)up[k]) != fold_byte((unsigned char)key[i + k]) ||
                fold_byte((unsigned char)lo[k]) != fold_byte((unsigned char)key[i + k]))
                return 0;
        i += (size_t)len;
    }
    return 1;
}

void vn_ev_gate_init(struct vn_event_lex *x)
{
    memset(x->evg_lo, 0, sizeof x->evg_lo);
    memset(x->evg_hi, 0, sizeof x->evg_hi);
    memset(x->evg_bits, 0, sizeof x->evg_bits);
    memset(x->evg_group, 0, sizeof x->evg_group);
    x->evg_short = 0;
    x->evg_keys = 0;
    x->evg_ngroups = 0;
    /* the nibbles of the raw bytes that fold to each byte, as two 16-bit sets
     * (low nibbles in bits 0..15, high in 16..31) */
    memset(x->evg_fold_nib, 0, sizeof x->evg_fold_nib);
    for (unsigned b = 0; b < 256; b++)
        x->evg_fold_nib[fold_byte((unsigned char)b)] |= 1u << (b & 15) | 1u << (16 + (b >> 4));
#ifdef EVG_AVX2
    x->evg_on = __builtin_cpu_supports("avx2") && !getenv("VNEWS_EVENTS_NO_GATE");
#else
    x->evg_on = 0;
#endif
}

/* An event or head phrase (a key of x->events, lowercase). */
void vn_ev_gate_add(struct vn_event_lex *x, const char *key)
{
    size_t n = strlen(key);
    if (n < 4 || !folds_alike(key, n)) {
        x->evg_on = 0; /* the tables cannot hold it */
        return;
    }
    uint64_t v = 0;
    memcpy(&v, key, n < 8 ? n : 8);
    uint64_t f = fold8(v) & low_bytes((unsigned)n);
    unsigned h = hash16(f);
    x->evg_bits[h >> 3] |= (unsigned char)(1u << (h & 7));
    if (n < 8)
        x->evg_short |= 1u << n;
    /* its group: the phrases of one first word (folded, up to 8 bytes) */
    size_t w = 0;
    while (w < n && w < 8 && key[w] != ' ')
        w++;
    uint64_t word = fold8(v) & low_bytes((unsigned)w);
    int g = 0;
    while (g < x->evg_ngroups && x->evg_group[g].word != word)
        g++;
    if (g == x->evg_ngroups) {
        if (g == EVG_GROUPS) {
            x->evg_on = 0;
            return;
        }
        x->evg_group[g].word = word;
        x->evg_ngroups++;
    }
    for (size_t j = 0; j < EVG_NIBS; j++) {
        size_t b = evg_at[j];
        x->evg_group[g].nib[j] |= b < n ? x->evg_fold_nib[fold_byte((unsigned char)key[b])] : 0xFFFFFFFFu;
    }
    x->evg_keys++;
}

static int bits16(uint32_t v)
{
    v = (v & 0x5555) + (v >> 1 & 0x5555);
    v = (v & 0x3333) + (v >> 2 & 0x3333);
    v = (v & 0x0F0F) + (v >> 4 & 0x0F0F);
    return (int)((v & 0xFF) + (v >> 8));
}

/* How many byte strings the nibble sets u[EVG_NIBS] let through: the
 * product over the bytes of their low and high nibble counts. */
static double volume(const uint32_t u[EVG_NIBS])
{
    double v = 1;
    for (int j = 0; j < EVG_NIBS; j++)
        v *= bits16(u[j] & 0xFFFF) * bits16(u[j] >> 16);
    return v;
}

/* The union of bucket b's groups' nibble sets into u, leaving out group skip. */
static void bucket_union(const struct vn_event_lex *x, const int *bucket, int b, int skip, uint32_t u[EVG_NIBS])
{
    memset(u, 0, EVG_NIBS * sizeof *u);
    for (int g = 0; g < x->evg_ngroups; g++)
        if (bucket[g] == b && g != skip)
            for (int j = 0; j < EVG_NIBS; j++)
                u[j] |= x->evg_group[g].nib[j];
}

/* After the last phrase: the groups into eight buckets (each starts in the
 * bucket of its index mod 8, then moves once, wherever that lowers the total
 * volume most: more rounds gain nothing measurable), then the nibble
 * tables. */
void vn_ev_gate_build(struct vn_event_lex *x)
{
    int bucket[EVG_GROUPS], size[8] = {0};
    uint32_t u[8][EVG_NIBS]; /* each bucket's union */
    for (int g = 0; g < x->evg_ngroups; g++)
        bucket[g] = g & 7, size[g & 7]++;
    for (int b = 0; b < 8; b++)
        bucket_union(x, bucket, b, -1, u[b]);
    for (int g = 0; g < x->evg_ngroups; g++) {
        int from = bucket[g], best = from;
        uint32_t left[EVG_NIBS], with[EVG_NIBS];
        bucket_union(x, bucket, from, g, left);
        double saved = volume(u[from]) - (size[from] > 1 ? volume(left) : 0), gain = 0;
        for (int b = 0; b < 8; b++) {
            if (b == from)
                continue;
            for (int j = 0; j < EVG_NIBS; j++)
                with[j] = u[b][j] | x->evg_group[g].nib[j];
            double d = saved - volume(with) + (size[b] ? volume(u[b]) : 0);
            if (d > gain)
                gain = d, best = b;
        }
        if (best != from) {
            bucket[g] = best, size[from]--, size[best]++;
            memcpy(u[from], left, sizeof left);
            for (int j = 0; j < EVG_NIBS; j++)
                u[best][j] |= x->evg_group[g].nib[j];
        }
    }
    memset(x->evg_lo, 0, sizeof x->evg_lo);
    memset(x->evg_hi, 0, sizeof x->evg_hi);
    for (int g = 0; g < x->evg_ngroups; g++)
        for (int j = 0; j < EVG_NIBS; j++)
            for (int k = 0; k < 16; k++) {
                if (x->evg_group[g].nib[j] >> k & 1)
                    x->evg_lo[j][k] |= (unsigned char)(1u << bucket[g]);
                if (x->evg_group[g].nib[j] >> (16 + k) & 1)
                    x->evg_hi[j][k] |= (unsigned char)(1u << bucket[g]);
            }
}

/* Does an event phrase start at t[i] (i < n)? Its folded first eight bytes
 * (or all of a shorter phrase) must be in the set; where they are, the trie
 * decides (a line that merely has "làm việc" or "công tác" passes the set but
 * holds no phrase: the walk keeps it from the word-by-word scan). */
static inline int phrase_at(const struct vn_event_lex *x, const char *t, size_t n, size_t i)
{
    size_t avail = n - i;
    uint64_t v = 0;
    unsigned h;
    int maybe = 0;
    if (avail >= 8) {
        memcpy(&v, t + i, 8);
        v = fold8(v);
        h = hash16(v);
        maybe = x->evg_bits[h >> 3] >> (h & 7) & 1;
    } else {
        for (size_t k = 0; k < avail; k++)
            v |= (uint64_t)(unsigned char)t[i + k] << (8 * k);
        v = fold8(v);
    }
    for (unsigned s = x->evg_short; s && !maybe;) {
        unsigned len = (unsigned)__builtin_ctz(s);
        s &= s - 1;
        if (len > avail)
            break;
        h = hash16(v & low_bytes(len));
        maybe = x->evg_bits[h >> 3] >> (h & 7) & 1;
    }
    size_t mlen;
    return maybe && vn_ev_match(x->events, t, n, i, &mlen) >= 0;
}

#ifdef EVG_AVX2
/* The positions of 32 bytes at p (p[31 + EVG_LAST] there) whose bytes 0,
 * EVG_O1, EVG_O2, EVG_O3 after them pass the nibble tables of one bucket. */
__attribute__((target("avx2"), always_inline)) static inline uint32_t teddy32(const char *p,
                                                                            const __m256i nib[2 * EVG_NIBS])
{
    const __m256i low = _mm256_set1_epi8(0x0F);
#define EVG_LOOK(j, off)                                                                                          \
    __m256i v##j = _mm256_loadu_si256((const __m256i *)(const void *)(p + (off)));                                \
    __m256i h##j = _mm256_and_si256(_mm256_shuffle_epi8(nib[2 * (j)], _mm256_and_si256(v##j, low)),              \
                                    _mm256_shuffle_epi8(nib[2 * (j) + 1], _mm256_and_si256(_mm256_srli_epi16(v##j, 4), low)))
    EVG_LOOK(0, 0);
    EVG_LOOK(1, EVG_O1);
    EVG_LOOK(2, EVG_O2);
    EVG_LOOK(3, EVG_O3);
#undef EVG_LOOK
    __m256i hit = _mm256_and_si256(_mm256_and_si256(h0, h1), _mm256_and_si256(h2, h3));
    return ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(hit, _mm256_setzero_si256()));
}

__attribute__((target("avx2"))) static int gate_avx2(const struct vn_event_lex *x, const char *t, size_t n)
{
    __m256i nib[2 * EVG_NIBS];
    for (int j = 0; j < EVG_NIBS; j++) {
        nib[2 * j] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)x->evg_lo[j]));
        nib[2 * j + 1] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)x->evg_hi[j]));
    }
    size_t i = 0;
    for (; i + 32 + EVG_LAST <= n; i += 32)
        for (uint32_t m = teddy32(t + i, nib); m; m &= m - 1)
            if (phrase_at(x, t, n, i + (unsigned)__builtin_ctz(m)))
                return 1;
    if (i < n) {
        /* the tail (fewer than 32 + EVG_LAST bytes) from a copy; what lies
         * past n is not asked about */
        char pad[2 * 32 + 2 * EVG_LAST];
        memset(pad, 0, sizeof pad);
        memcpy(pad, t + i, n - i);
        for (size_t off = 0; i + off < n; off += 32) {
            size_t left = n - i - off;
            uint32_t m = teddy32(pad + off, nib) & (left >= 32 ? ~0u : (1u << left) - 1);
            for (; m; m &= m - 1)
                if (phrase_at(x, t, n, i + off + (unsigned)__builtin_ctz(m)))
                    return 1;
        }
    }
    return 0;
}
#endif

int vn_ev_line_may_have_event(const struct vn_event_lex *x, const char *t, size_t n)
{
#ifdef EVG_AVX2
    if (x->evg_on && x->evg_keys)
        return gate_avx2(x, t, n);
#endif
    (void)t, (void)n;
    return 1;
}
