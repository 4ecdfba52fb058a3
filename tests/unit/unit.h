/* unit.h — a very small unit-test harness: VN_TEST(name) { CHECK(...); } */
#ifndef VN_UNIT_H
#define VN_UNIT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct vn_test_case {
    const char *name;
    void (*fn)(void);
    struct vn_test_case *next;
} vn_test_case;

void vn_test_register(vn_test_case *c);

/* The lexicon from data/, loaded once for all tests (exits if it cannot
 * load). Tests that switch its code paths switch them back. */
struct vn_lexicon;
struct vn_lexicon *unit_lexicon(void);
/* The record of a page of text through the whole pipeline, with the
 * default options (one context for all tests); NULL if it fails. Valid
 * until the next call. */
struct vn_record;
const struct vn_record *unit_process(const char *text);
extern int vn_test_failures;

/* A random line of 1..maxk of the parts (rand()), mostly space-separated,
 * into buf (cap bytes, NUL-terminated): its length. For the tests that
 * compare a shortcut with the plain way on many lines. */
size_t unit_random_line(char *buf, size_t cap, const char *const *parts, size_t nparts, int maxk);
/* A pseudo-random number in [0, n) from *state (xorshift64; seed it with a
 * non-zero constant): the same sequence on every run and machine. */
static inline unsigned unit_rnd(uint64_t *state, unsigned n)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return (unsigned)(x % n);
}

#define VN_TEST(name)                                                           \
    static void test_##name(void);                                              \
    static vn_test_case tc_##name = {#name, test_##name, 0};                    \
    __attribute__((constructor)) static void reg_##name(void)                   \
    {                                                                           \
        vn_test_register(&tc_##name);                                           \
    }                                                                           \
    static void test_##name(void)

#define CHECK(cond)                                                             \
    do {                                                                        \
        if (!(cond)) {                                                          \
            printf("  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);   \
            vn_test_failures++;                                                 \
        }                                                                       \
    } while (0)

#define CHECK_STR(a, b)                                                                  \
    do {                                                                                 \
        const char *a_ = (a), *b_ = (b);                                                 \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                         \
            printf("  %s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__, a_ ? a_ : "(null)", \
                   b_ ? b_ : "(null)");                                                  \
            vn_test_failures++;                                                          \
        }                                                                                \
    } while (0)

#endif
