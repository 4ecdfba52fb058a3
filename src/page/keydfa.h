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
 * are not. (An entry whose output does not move holds the byte 0.) Anything the table was not built for (bytes that are not UTF-8, a
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

/* Moves the bytes of buf[0..n) that are not 0 to its front, in order, and
 * returns how many (AVX-512 VBMI2 where the CPU has it, 64 bytes a step, else
 * SSSE3 shuffles, 16 bytes a step). */
size_t vn_kd_pack(char *buf, size_t n);
/* Tests only: vn_kd_pack without VBMI2, without SSSE3 too (the byte loop);
 * not for threaded use. */
extern int vn_kd_no_vbmi2, vn_kd_no_ssse3;

/* Where a piece after position at (at <= n) starts: past the first space from
 * at, or n. Words are short, so a byte loop finds it in a few steps. */
static inline size_t vn_kd_cut(const unsigned char *s, size_t at, size_t n)
{
    while (at < n && s[at] != ' ')
        at++;
    return at < n ? at + 1 : n;
}

/* Runs s[0..n) through t into out (room for n + 1 bytes). Returns the output
 * length, or SIZE_MAX when the line needs the careful way. The output starts
 * with no space; it may end with one (the caller takes it back).
 *
 * Each step stores its entry's byte where its input byte is (0 where the
 * output does not move: no key byte is 0), and the bytes that are not 0 are
 * packed together at the end: a step is then a load, a shift, an add and a
 * store. It waits for the one before (the next row comes from the entry), so
 * a line is cut at spaces into four pieces run in one loop, four chains at
 * once: after a space the automaton is between words whatever came before (or
 * stopped, and then the whole line is), so a piece starts there. */
static inline size_t vn_kd_run(const kd_table *t, const unsigned char *s, size_t n, char *out)
{
    const uint32_t *T = t->t;
#define KD_STEP(e, q, a, i)                                                                        \
    do {                                                                                           \
        e = T[(e >> 16) + (a)[i]];                                                                 \
        (q)[i] = (char)e;                                                                          \
    } while (0)
    size_t at1 = n, at2 = n, at3 = n;
    if (n >= 32) { /* shorter lines: one chain (cutting costs more than it saves) */
        at1 = vn_kd_cut(s, n / 4, n);
        at2 = vn_kd_cut(s, n / 2 > at1 ? n / 2 : at1, n);
        at3 = vn_kd_cut(s, n / 4 * 3 > at2 ? n / 4 * 3 : at2, n);
    }
    size_t l0 = at1, l1 = at2 - at1, l2 = at3 - at2, l3 = n - at3;
    size_t both = l0 < l1 ? l0 : l1, m23 = l2 < l3 ? l2 : l3;
    both = both < m23 ? both : m23;
    uint32_t e0 = 0, e1 = 0, e2 = 0, e3 = 0; /* the rows of KD_BETWEEN_SPACE */
    char *q0 = out, *q1 = out + at1, *q2 = out + at2, *q3 = out + at3;
    const unsigned char *a0 = s, *a1 = s + at1, *a2 = s + at2, *a3 = s + at3;
    for (size_t i = 0; i < both; i++) {
        KD_STEP(e0, q0, a0, i);
        KD_STEP(e1, q1, a1, i);
        KD_STEP(e2, q2, a2, i);
        KD_STEP(e3, q3, a3, i);
    }
    for (size_t i = both; i < l0; i++)
        KD_STEP(e0, q0, a0, i);
    for (size_t i = both; i < l1; i++)
        KD_STEP(e1, q1, a1, i);
    for (size_t i = both; i < l2; i++)
        KD_STEP(e2, q2, a2, i);
    for (size_t i = both; i < l3; i++)
        KD_STEP(e3, q3, a3, i);
#undef KD_STEP
    if (((e0 | e1 | e2 | e3) >> 16) > KD_BETWEEN_WORD * 256)
        return SIZE_MAX;
    return vn_kd_pack(out, n);
}

#endif
