/* trie.h — a byte trie for lexicon phrases: exact lookup and longest match at
 * a position. Keys are stored as given (callers lowercase or fold first when
 * they want case-insensitive matching). Built once, read-only after. */
#ifndef VN_TRIE_H
#define VN_TRIE_H

#include <stddef.h>
#include <stdint.h>

typedef struct vn_trie vn_trie;

/* A key and its value, for vn_trie_put_later. */
typedef struct vn_trie_key {
    const char *key;
    uint32_t len;
    int value;
} vn_trie_key;

vn_trie *vn_trie_new(void);
void vn_trie_free(vn_trie *t);
/* Insert key with a value (>= 0). Re-inserting replaces the value. */
void vn_trie_put(vn_trie *t, const char *key, size_t len, int value);
/* Put keys[0..n) (in order, as n calls of vn_trie_put would) when the trie
 * is first read, put into or frozen, not now: for a trie that most runs
 * never read (a fallback), which then costs nothing to build. keys[] and the
 * bytes they point to must outlive the trie. Thread-safe: concurrent first
 * readers wait while one of them puts the keys. */
void vn_trie_put_later(vn_trie *t, const vn_trie_key *keys, int n);
/* Value of key or -1. */
int vn_trie_get(const vn_trie *t, const char *key, size_t len);
/* Longest key that is a prefix of s[0..n) and ends at a word boundary (end of
 * s or a byte that is not a letter/digit continuation: space, punctuation).
 * Returns its value and sets *mlen, or -1. */
int vn_trie_longest(const vn_trie *t, const char *s, size_t n, size_t *mlen);
/* As vn_trie_longest but without the word-boundary requirement. */
int vn_trie_longest_prefix(const vn_trie *t, const char *s, size_t n, size_t *mlen);
size_t vn_trie_size(const vn_trie *t);
/* Lay the trie out for fast look-ups, once its keys are in (a later put
 * undoes it; look-ups answer the same either way). */
void vn_trie_freeze(vn_trie *t);

/* The frozen form, for a caller that walks it in its own loop: from state
 * st (the root is 1), byte b leads to x = base[st] + b when check[x] == st
 * (x is always in bounds); value[x] >= 0 where a key ends. Returns 0 (and
 * fills nothing) while the trie is not frozen. */
typedef struct vn_trie_view {
    const int *base, *check, *value;
} vn_trie_view;
int vn_trie_view_get(const vn_trie *t, vn_trie_view *out);

#endif
