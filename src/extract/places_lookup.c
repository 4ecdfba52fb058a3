/* places_lookup.c — spellings looked up by hashing their prefixes at word
 * boundaries; see places_lookup.h. */
#include "places_lookup.h"
#include "gazetteer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fprintf(stderr, "vnews: out of memory (place lookup)\n");
        abort();
    }
    return p;
}

static inline uint64_t step(uint64_t h, unsigned char b)
{
    return (h ^ b) * 0x100000001B3ull; /* FNV-1a */
}
#define SEED 0xCBF29CE484222325ull
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "shared_bytes reads the first differing byte as the lowest"
#endif


static inline uint32_t tag_of(uint64_t h)
{
    uint64_t m = h ^ h >> 29;
    return ((uint32_t)(m >> 32) >> PL_KEY_BITS | 1u) << PL_KEY_BITS;
}

/* The slot of hash h: the one with its tag, or the empty one its probe ends at. */
static inline uint32_t *slot_of(const pl_lookup *t, uint64_t h)
{
    uint64_t m = h ^ h >> 29;
    uint32_t tag = tag_of(h);
    for (uint32_t k = (uint32_t)m & t->mask;; k = (k + 1) & t->mask) {
        uint32_t v = t->slot[k];
        if (!v || (v & ~0u << PL_KEY_BITS) == tag)
            return &t->slot[k];
    }
}

/* The bytes of key that may end a word-boundary prefix of it (an upper
 * bound on how many prefixes it adds), counted from byte `from`. */
static size_t boundaries(const char *key, size_t len, size_t from)
{
    size_t count = 1; /* the whole key */
    for (size_t e = from > 1 ? from : 1; e < len; e++)
        count += gz_word_byte[(unsigned char)key[e]] != 1;
    return count;
}

/* Put the prefixes of every key into a table of cap slots; 0 if it would
 * be more than half full. The keys come sorted (mostly): a key's prefixes at
 * the boundaries inside the first bytes it shares with the key before were
 * put by that key already (the same bytes, the same boundaries), so the hash
 * resumes from there (hs: the previous key's hash after each byte). */
static int fill(pl_lookup *t, size_t cap, uint64_t *hs, const uint32_t *shared_with_prev)
{
    t->slot = xcalloc(cap, sizeof *t->slot);
    t->mask = (uint32_t)cap - 1;
    t->clash = t->nkeys >= (1 << PL_KEY_BITS) - 1;
    size_t used = 0;
    for (int k = 0; k < t->nkeys; k++) {
        const char *key = t->sp[k].key;
        size_t len = t->sp[k].len, shared = shared_with_prev[k];
        /* the boundaries at e with e + 1 < shared are the previous key's
         * (gz_goes_on reads byte e and the one after) */
        size_t from = shared >= 2 ? shared - 2 : 0;
        uint64_t h = from ? hs[from] : SEED;
        for (size_t e = from + 1; e <= len; e++) {
            h = step(h, (unsigned char)key[e - 1]);
            hs[e] = h;
            if (e < len && gz_goes_on(key, len, e))
                continue;
            uint32_t *p = slot_of(t, h);
            if (!*p) {
                if (++used * 2 > cap) {
                    free(t->slot);
                    return 0;
                }
                *p = tag_of(h);
            }
            if (e < len || t->clash)
                continue;
            /* strings with one tag share a slot: a prefix and a spelling
             * harmlessly (the spelling is compared), two spellings not */
            int other = (int)(*p & ((1u << PL_KEY_BITS) - 1)) - 1;
            if (other < 0)
                *p |= (uint32_t)k + 1;
            else if (t->sp[other].len != len || memcmp(t->sp[other].key, key, len) != 0)
                t->clash = 1;
        }
    }
    return 1;
}

/* How many first bytes a and b (of lengths na, nb) share: eight at a time
 * while both have eight. */
static size_t shared_bytes(const char *a, size_t na, const char *b, size_t nb)
{
    size_t n = na < nb ? na : nb, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y)
            return i + ((unsigned)__builtin_ctzll(x ^ y) >> 3); /* (little-endian: the first differing byte) */
    }
    while (i < n && a[i] == b[i])
        i++;
    return i;
}

void pl_lookup_build(pl_lookup *t, const char *const *keys, const uint32_t *lens, const int *values, int n)
{
    /* how many prefixes at most: a key given after one it shares its first
     * bytes with (they come sorted) adds those past the shared ones only */
    size_t count = 0, cap = 64;
    uint32_t *shared = xcalloc((size_t)n, sizeof *shared); /* with the key before */
    for (int k = 0; k < n; k++) {
        shared[k] = k ? (uint32_t)shared_bytes(keys[k], lens[k], keys[k - 1], lens[k - 1]) : 0;
        count += boundaries(keys[k], lens[k], shared[k] > 1 ? shared[k] - 1 : 0);
    }
    while (cap < 2 * count) /* at most half full: a probe always ends */
        cap *= 2;
    *t = (pl_lookup){NULL, 0, n, xcalloc((size_t)n, sizeof *t->sp), 0};
    size_t longest = 0;
    for (int k = 0; k < n; k++) {
        t->sp[k] = (pl_spelling){keys[k], lens[k], values[k]};
        if (lens[k] > longest)
            longest = lens[k];
    }
    uint64_t *hs = xcalloc(longest + 1, sizeof *hs);
    while (!fill(t, cap, hs, shared)) /* (keys not sorted: more prefixes than counted) */
        cap *= 2;
    free(hs);
    free(shared);
}

void pl_lookup_free(pl_lookup *t)
{
    free(t->slot);
    free(t->sp);
}

int pl_lookup_get(const pl_lookup *t, const vn_trie *trie, const char *s, size_t n)
{
    if (t->clash)
        return vn_trie_get(trie, s, n);
    /* a whole spelling's hash leads to the slot that names it (fill): any
     * other string finds no spelling there, or one with other bytes */
    uint64_t h = SEED;
    for (size_t e = 0; e < n; e++)
        h = step(h, (unsigned char)s[e]);
    int k = (int)(*slot_of(t, h) & ((1u << PL_KEY_BITS) - 1)) - 1;
    if (k < 0 || t->sp[k].len != n || memcmp(t->sp[k].key, s, n) != 0)
        return -1;
    return t->sp[k].value;
}

int pl_lookup_longest(const pl_lookup *t, const unsigned char *ok, const vn_trie *trie, const char *s, size_t n,
                      size_t *mlen)
{
    if (t->clash)
        return vn_trie_longest(trie, s, n, mlen);
    const unsigned char *u = (const unsigned char *)s;
    uint64_t h = SEED;
    int best = -1;
    for (size_t e = 0; e < n;) {
        /* the bytes up to the next boundary (a byte that does not go on a word) */
        do
            h = step(h, u[e++]);
        while (e < n && (gz_word_byte[u[e]] == 1 || (gz_word_byte[u[e]] == 2 && gz_goes_on(s, n, e))));
        uint32_t v = *slot_of(t, h);
        if (!v)
            break; /* no spelling goes on */
        int k = (int)(v & ((1u << PL_KEY_BITS) - 1)) - 1;
        if (k >= 0) {
            const pl_spelling *sp = &t->sp[k];
            if (sp->len == e && memcmp(sp->key, s, e) == 0 && (!ok || ok[sp->value])) {
                best = sp->value;
                *mlen = e;
            }
        }
    }
    return best;
}
