/* places_lookup.h — a set of spellings looked up by hashing, as the place
 * scanner needs it: the longest spelling a text begins with, ending at a word
 * boundary — what vn_trie_longest() answers, in fewer instructions.
 *
 * Every spelling is stored cut at each of its word boundaries ("Thừa",
 * "Thừa Thiên", "Thừa Thiên Huế"), by a hash of the bytes. A text is
 * followed boundary by boundary, one probe each, and given up as soon as no
 * spelling goes on; where a whole spelling ends, it is compared byte by byte,
 * so a hash collision can only cost time. The one case a hash cannot settle
 * (two whole spellings with one tag) is found when the table is built, and
 * the lookup then goes to the trie the caller keeps alongside. Internal. */
#ifndef VN_PLACES_LOOKUP_H
#define VN_PLACES_LOOKUP_H

#include "../core/trie.h"

#include <stddef.h>
#include <stdint.h>

/* A slot: the hash's high bits (PL_TAG_BITS, the lowest set: 0 is an empty
 * slot) over the spelling that ends here, plus one (0: none). Four bytes, so
 * that the table is small enough to stay in the cache. */
enum { PL_KEY_BITS = 14, PL_TAG_BITS = 32 - PL_KEY_BITS };

/* Spelling k: its bytes, length and value, side by side (a lookup that
 * finds one reads one record); as a trie takes them (vn_trie_put_later), so
 * that the trie kept alongside can be given the same array. */
typedef vn_trie_key pl_spelling;

typedef struct pl_lookup {
    uint32_t *slot;
    uint32_t mask;
    int nkeys;
    pl_spelling *sp;  /* spelling k */
    int clash;        /* two spellings share a tag, or too many spellings: lookups use the trie */
} pl_lookup;

/* Build from n spellings with their values (the strings must outlive it; a
 * spelling given twice keeps its first value). */
void pl_lookup_build(pl_lookup *t, const char *const *keys, const uint32_t *lens, const int *values, int n);
void pl_lookup_free(pl_lookup *t);

/* The value of exactly s[0..n) if it is a spelling, or -1: what
 * vn_trie_get() on the trie kept alongside (trie, used on a clash) answers. */
int pl_lookup_get(const pl_lookup *t, const vn_trie *trie, const char *s, size_t n);

/* The value of the longest spelling that s[0..n) begins with, ending at a
 * word boundary (the end of s, or a byte that does not go on a word as the
 * trie sees words), and *mlen; or -1. ok: if not NULL, only spellings whose
 * value v has ok[v] count. trie: the spellings that count, with their values,
 * for the rare table with a clash. */
int pl_lookup_longest(const pl_lookup *t, const unsigned char *ok, const vn_trie *trie, const char *s, size_t n,
                      size_t *mlen);

#endif
