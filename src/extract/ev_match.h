/* ev_match.h — a phrase trie for the event, figure and date scanners that
 * matches the text in either case, so that they never lowercase a line:
 * looking a word up in the text itself gives what vn_trie gives on the
 * text lowercased by vn_ev_lower (the same keys, lengths and word
 * boundaries). Keys are lowercase; each of their letters also gets an edge
 * for its uppercase form where vn_ev_lower lowers that form back to it.
 * Built once at lexicon load, read-only after (threads share it). */
#ifndef VN_EV_MATCH_H
#define VN_EV_MATCH_H

#include <stddef.h>

typedef struct ev_ci ev_ci;

ev_ci *ev_ci_new(void);
void ev_ci_free(ev_ci *t);
/* Insert a lowercase key with a value (>= 0); re-inserting replaces it.
 * Returns 0, or -1 when out of memory. */
int ev_ci_put(ev_ci *t, const char *key, size_t len, int value);
/* Lay the trie out for reading, after the last put (a put after it is
 * read the slower way until the next freeze; out of memory leaves it so). */
void ev_ci_freeze(ev_ci *t);
/* Is the read-only layout in use (tests: after ev_ci_freeze, unless it ran
 * out of memory)? */
int ev_ci_frozen(const ev_ci *t);
/* The value of the key that s[0..n) is in either case, or -1. */
int ev_ci_get(const ev_ci *t, const char *s, size_t n);
/* The longest key at the start of s[0..n) in either case that ends at a
 * word boundary (as vn_trie_longest sees one); its value and *mlen, or -1. */
int ev_ci_longest(const ev_ci *t, const char *s, size_t n, size_t *mlen);
/* The value of the key that s[0..n) is in either case, or -1, as ev_ci_get;
 * and *more: whether a longer key may go on from it across a word boundary
 * (its node has a child by ASCII other than a letter, digit or '_', or by
 * E2 or C2). Where s[0..n) is a whole word (n bytes that ev_ci_longest
 * finds no boundary in, then one) and *more is 0, ev_ci_longest at s gives
 * this value (if >= 0) with the length n. No first look by length: the
 * words asked about may begin longer keys. */
int ev_ci_word(const ev_ci *t, const char *s, size_t n, int *more);

#endif
