/* ev_chairs.c — where a chair cue may stand in a line, for find_chairs
 * (events.c): the tails of "chủ trì", "chủ tọa", "trưởng đoàn", "dẫn đầu"
 * (without their first letter, so that either case of it is found). A line
 * is read once for all four, 32 bytes at a time on CPUs with AVX2: each
 * tail is spotted by its first three or four bytes, then compared whole. */
#include "events_int.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define EV_X86 1
#endif

static const char *const tails[] = {"hủ trì", "hủ tọa", "rưởng đoàn", "ẫn đầu"};
#define NTAILS (sizeof tails / sizeof *tails)

/* Does a tail start at p (whole before n)? */
static int tail_at(const char *t, size_t n, size_t p)
{
    for (size_t k = 0; k < NTAILS; k++) {
        size_t len = strlen(tails[k]);
        if (t[p] == tails[k][0] && n - p >= len && memcmp(t + p, tails[k], len) == 0)
            return 1;
    }
    return 0;
}

#ifdef EV_X86
/* From *ip while 35 bytes are left: the first tail start, or SIZE_MAX with
 * *ip where the rest is to be read. The anchors: "hủ" (68 E1 BB A7), "rư"
 * (72 C6 B0), "ẫ" (E1 BA AB). */
__attribute__((target("avx2"))) static size_t tails_avx2(const char *t, size_t n, size_t *ip)
{
    size_t i = *ip;
#define EQ(v, c) _mm256_cmpeq_epi8(v, _mm256_set1_epi8((char)(c)))
    for (; i + 35 <= n; i += 32) {
        __m256i v0 = _mm256_loadu_si256((const __m256i *)(const void *)(t + i));
        __m256i v1 = _mm256_loadu_si256((const __m256i *)(const void *)(t + i + 1));
        __m256i v2 = _mm256_loadu_si256((const __m256i *)(const void *)(t + i + 2));
        __m256i v3 = _mm256_loadu_si256((const __m256i *)(const void *)(t + i + 3));
        __m256i h = _mm256_and_si256(_mm256_and_si256(EQ(v0, 'h'), EQ(v1, 0xE1)),
                                     _mm256_and_si256(EQ(v2, 0xBB), EQ(v3, 0xA7)));
        __m256i r = _mm256_and_si256(_mm256_and_si256(EQ(v0, 'r'), EQ(v1, 0xC6)), EQ(v2, 0xB0));
        __m256i e = _mm256_and_si256(_mm256_and_si256(EQ(v0, 0xE1), EQ(v1, 0xBA)), EQ(v2, 0xAB));
        unsigned m = (unsigned)_mm256_movemask_epi8(_mm256_or_si256(h, _mm256_or_si256(r, e)));
        for (; m; m &= m - 1) {
            size_t p = i + (size_t)__builtin_ctz(m);
            if (tail_at(t, n, p))
                return p;
        }
    }
#undef EQ
    *ip = i;
    return SIZE_MAX;
}
#endif

size_t vn_ev_next_chair_tail(const struct vn_event_lex *x, const char *t, size_t n, size_t from)
{
    size_t i = from;
#ifdef EV_X86
    if (x->ev_vec) {
        size_t p = tails_avx2(t, n, &i);
        if (p != SIZE_MAX)
            return p;
    }
#else
    (void)x;
#endif
    for (; i < n; i++) {
        unsigned char b = (unsigned char)t[i];
        if ((b == 'h' || b == 'r' || b == 0xE1) && tail_at(t, n, i))
            return i;
    }
    return n;
}
