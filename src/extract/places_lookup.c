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


/* The slot of hash h: the one with its tag, or the empty one its probe ends at. */
static inline pl_prefix *slot_of(const pl_lookup *t, uint64_t h)
{
    uint64_t m = h ^ h >> 29;
    uint32_t tag = (uint32_t)(m >> 32) | 1u;
    for (uint32_t k = (uint32_t)m & t->mask;; k = (k + 1) & t->mask)
        if (!t->slot[k].tag || t->slot[k].tag == tag)
            return &t->slot[k];
}

void pl_lookup_build(pl_lookup *t, const char *const *keys, const uint32_t *lens, const int *values, int n)
{
    size_t count = 0, cap = 64;
    for (int k = 0; k < n; k++) { /* (at most) the boundaries: bytes that may end a word, and the end */
        count++;
        for (size_t e = 1; e < lens[k]; e++)
            count += gz_word_byte[(unsigned char)keys[k][e]] != 1;
    }
    while (cap < 2 * count) /* at most half full: a probe always ends */
        cap *= 2;
    *t = (pl_lookup){xcalloc(cap, sizeof *t->slot), (uint32_t)cap - 1, n, xcalloc((size_t)n, sizeof *t->key),
                     xcalloc((size_t)n, sizeof *t->len), xcalloc((size_t)n, sizeof *t->value), 0};
    for (int k = 0; k < n; k++) {
        const char *key = keys[k];
        size_t len = lens[k];
        t->key[k] = key;
        t->len[k] = (uint32_t)len;
        t->value[k] = values[k];
        uint64_t h = SEED;
        for (size_t e = 1; e <= len; e++) {
            h = step(h, (unsigned char)key[e - 1]);
            if (e < len && gz_goes_on(key, len, e))
                continue;
            pl_prefix *p = slot_of(t, h);
            if (!p->tag) {
                uint64_t m = h ^ h >> 29;
                *p = (pl_prefix){(uint32_t)(m >> 32) | 1u, -1};
            }
            if (e < len)
                continue;
            /* strings with one tag share a slot: a prefix and a spelling
             * harmlessly (the spelling is compared), two spellings not */
            if (p->key < 0)
                p->key = k;
            else if (t->len[p->key] != len || memcmp(t->key[p->key], key, len) != 0)
                t->clash = 1;
        }
    }
}

void pl_lookup_free(pl_lookup *t)
{
    free(t->slot);
    free(t->key);
    free(t->len);
    free(t->value);
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
        const pl_prefix *p = slot_of(t, h);
        if (!p->tag)
            break; /* no spelling goes on */
        int k = p->key;
        if (k >= 0 && t->len[k] == e && memcmp(t->key[k], s, e) == 0 && (!ok || ok[t->value[k]])) {
            best = t->value[k];
            *mlen = e;
        }
    }
    return best;
}
