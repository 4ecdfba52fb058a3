/* keydfa.h — a byte automaton that writes a line's matching key (page keys,
 * the learner's folded keys) one input byte a step, with no branch but the
 * loop's (internal to src/page).
 *
 * Both keys are made character by character: each character becomes one ASCII
 * byte (a folded or lowered letter), or stays with its last byte changed (a
 * lowered letter whose other bytes do not change), or is a space (runs become
 * one, none leads), or is dropped. Written byte by byte, each step is one
 * table entry: the byte to store at the output position, whether the output
 * moves past it, and the next state. The first bytes of a character that
 * stays are written as they come; those of a character that becomes one byte
 * are not. Anything the table was not built for (bytes that are not UTF-8, a
 * character of another kind than its lead's, a block not tabled) leads to a
 * state that stays: the caller then makes the key the careful way.
 *
 * Why: the careful loops branch between ASCII, two- and three-byte letters at
 * every character, which Vietnamese text mixes unpredictably; the automaton's
 * only branch is the loop's. */
#ifndef VN_KEYDFA_H
#define VN_KEYDFA_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum { KD_BETWEEN_SPACE = 0, KD_BETWEEN_WORD = 1, KD_STOP = 2, KD_MAX_STATES = 40 };

/* What a character's key is. */
typedef enum { KA_STOP = 0, KA_BYTE, KA_LAST, KA_SPACE, KA_DROP } kd_kind;
typedef struct kd_act {
    kd_kind kind;
    unsigned char byte; /* KA_BYTE: the byte; KA_LAST: the new last byte */
} kd_act;

/* The act of a character cp whose key is low (its lowercase, or what a key
 * makes of it): the same bytes but the last (KA_LAST), else KA_STOP (the
 * careful way). Both keys' act functions end with it. */
kd_act vn_kd_last_byte(int32_t cp, int32_t low);

/* An entry: the byte to store | (1 if the output moves) << 8 | the next
 * state's row (state * 256) << 16. */
typedef struct kd_table {
    uint32_t t[KD_MAX_STATES * 256];
    int n;
} kd_table;

/* Builds t for the characters act(cp) describes: ASCII, the two-byte ones
 * with leads C2..C9, and the three-byte ones of U+1E00..U+1EFF (Vietnamese
 * letters) and U+2000..U+203F (quotes, dashes). If they do not fit, every
 * line stops (still right, only slower). */
void vn_kd_build(kd_table *t, kd_act (*act)(int32_t cp));

/* Runs s[0..n) through t into out (room for n + 1 bytes). Returns the output
 * length, or SIZE_MAX when the line needs the careful way. The output starts
 * with no space; it may end with one (the caller takes it back).
 *
 * Each step waits for the one before (the next row comes from the entry), so
 * a line is cut in two at a space near its middle and both halves are run in
 * one loop, two chains at once: after a space the automaton is between words
 * whatever came before (or stopped, and then the whole line is), so the second
 * half starts there and its key follows the first's. */
static inline size_t vn_kd_run(const kd_table *t, const unsigned char *s, size_t n, char *out)
{
    const uint32_t *T = t->t;
#define KD_STEP(e, o, b)                                                                           \
    do {                                                                                           \
        e = T[(e >> 16) + (b)];                                                                    \
        *o = (char)e;                                                                              \
        o += (uint8_t)(e >> 8);                                                                    \
    } while (0)
    const unsigned char *sp = n >= 24 ? (const unsigned char *)memchr(s + n / 2, ' ', n - n / 2) : NULL;
    size_t m = sp ? (size_t)(sp - s) + 1 : n; /* the first half, its space included */
    uint32_t e = 0, f = 0;                    /* the rows of KD_BETWEEN_SPACE */
    char *o = out, *q = out + m;              /* the second half's key where its bytes are */
    const unsigned char *a = s, *b = s + m;
    size_t both = m < n - m ? m : n - m;
    for (size_t i = 0; i < both; i++) {
        KD_STEP(e, o, a[i]);
        KD_STEP(f, q, b[i]);
    }
    for (size_t i = both; i < m; i++)
        KD_STEP(e, o, a[i]);
    for (size_t i = both; i < n - m; i++)
        KD_STEP(f, q, b[i]);
#undef KD_STEP
    if ((e >> 16) > KD_BETWEEN_WORD * 256 || (f >> 16) > KD_BETWEEN_WORD * 256)
        return SIZE_MAX;
    size_t k1 = (size_t)(o - out), k2 = (size_t)(q - (out + m));
    if (k1 < m)
        memmove(out + k1, out + m, k2);
    return k1 + k2;
}

#endif
