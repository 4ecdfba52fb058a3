/* test_figures_start.c — the token starts of figures' vector scans
 * (figures_start.h: the groups of number words, the word-end test, the
 * punctuation before a token, the padded last block of a line) against the
 * plain test of each token (vn_fig_start_ok), from every space of generated lines
 * that mix number words, the words that share their first bytes ("ba" of
 * "bao", "chín" of "chính", "hàng" of "hành"), digits and punctuation, at
 * every length around the blocks' ends. On a CPU without AVX2 (or
 * AVX-512 BW) that path is not compared. */
#include "../../src/core/stage.h"
#include "../../src/extract/events_int.h"
#include "../../src/extract/figures_start.h"
#include "unit.h"

#include <stdio.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
static const char *const start_parts[] = {
    "ba",   "Ba",    "bao",  "bà",   "bảy",  "bẩy",   "bạn",   "bản",   "bộ",    "bốn",  "bố",     "hai",   "hay",
    "Hai",  "hàng",  "hành", "Hàn",  "hãng", "càng", "chín",  "chính", "chí",   "một",  "Một",    "mức",   "năm",
    "Năm",  "sáu",   "tám",  "tấm",  "mười", "mươi", "nước",  "bước",  "trăm",  "tỷ",   "x",      "12",    "1.528",
    "5%",   "(12",   "\"Hai", "-",   "(",    "“",     "”",     ",",     ".",     ":",    "\xc2\xa0", " ",   " ",
    " ",    "  ",    "a_b",  "_",    "Ư",    "ư"};

/* Does vn_fig_start_ok take the token at p? Punctuation before a letter
 * in the last four bytes it takes unread (the word after is too short to
 * count anything before a unit): the scans may skip it, and so does this. */
static int taken(const struct vn_event_lex *x, const char *s, size_t n, size_t p)
{
    unsigned b0 = (unsigned char)s[p], b1 = (unsigned char)s[p + 1];
    size_t e;
    int w;
    if (p + 4 > n && b0 < 0x80 && (b0 | 32) - 'a' >= 26u && b0 - '0' >= 10u && (b1 | 32) - 'a' < 26u)
        return 0;
    return vn_fig_start_ok(x, s, n, p, &w, &e);
}

/* The first token after a space from i that is taken, or n (the last two
 * bytes, which start_ok cannot read past, count as the end: the scans pass
 * them to the byte walk). */
static size_t first_ok(const struct vn_event_lex *x, const char *s, size_t n, size_t i)
{
    for (; i + 3 < n; i++)
        if (s[i] == ' ' && taken(x, s, n, i + 1))
            return i + 1;
    return n;
}

/* What first_ok found from the space at i, and what the scan under test
 * found (a start in the last two bytes as the end), on the line s[0..n). */
static int starts_agree(const char *what, const char *s, size_t n, size_t i, size_t want, size_t got)
{
    if (got + 2 >= n)
        got = n;
    if (want == got)
        return 1;
    printf("  %s from %zu: %zu, want %zu: \"%s\"\n", what, i, got, want, s);
    return 0;
}

/* The first start from the space at i by the AVX2 scan as scan_line runs
 * it (the blocks, then the padded last block). */
__attribute__((target("avx2"))) static size_t first_avx2_once(const struct vn_event_lex *x, const char *s, size_t n,
                                                        size_t i)
{
    vn_fig_block blk = VN_FIG_BLOCK_INIT;
    size_t p = vn_fig_next_start_avx2(x, s, n, &i, &blk);
    return p != SIZE_MAX ? p : vn_fig_next_start_last_avx2(x, s, n, i);
}

__attribute__((target("avx2,avx512f,avx512bw"))) static size_t first_avx512_once(const struct vn_event_lex *x,
                                                                           const char *s, size_t n, size_t i)
{
    vn_fig_block blk = VN_FIG_BLOCK_INIT;
    size_t p = vn_fig_next_start_avx512(x, s, n, &i, &blk);
    return p != SIZE_MAX ? p : vn_fig_next_start_last_avx512(x, s, n, i);
}

/* A path's first start from the space at i that start_ok takes: the byte
 * walk of a line's last bytes (vn_fig_next_start_tail) tests only the
 * first two bytes of a token, and scan_step decides; on from the token's
 * end then, as scan_line goes. */
static size_t first_of(size_t (*path)(const struct vn_event_lex *, const char *, size_t, size_t),
                       const struct vn_event_lex *x, const char *s, size_t n, size_t i)
{
    size_t p = path(x, s, n, i);
    while (p + 2 < n && !taken(x, s, n, p)) {
        while (p < n && s[p] != ' ')
            p++;
        p = p < n ? path(x, s, n, p) : n;
    }
    return p;
}
#define first_avx2(x, s, n, i) first_of(first_avx2_once, x, s, n, i)
#define first_avx512(x, s, n, i) first_of(first_avx512_once, x, s, n, i)
#endif

VN_TEST(fig_start_vector_blocks_match_walk)
{
#if defined(__x86_64__) || defined(__i386__)
    const struct vn_event_lex *x = unit_lexicon()->events;
    static char line[400];
    int bad = 0, lines = 0, vec = x->fig_vec;
    int vec512 = vec && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
    srand(17);
    for (int r = 0; r < 6000 && bad < 5; r++) {
        size_t n = unit_random_line(line, sizeof line, start_parts, sizeof start_parts / sizeof *start_parts,
                                    1 + rand() % 70);
        /* every length up to it: the line's end at each place of a block */
        for (size_t len = n > 80 ? n - 80 : 0; len <= n && bad < 5; len++) {
            char c = line[len];
            line[len] = '\0';
            lines++;
            for (size_t i = 0; i < len && bad < 5; i++) {
                if (line[i] != ' ')
                    continue;
                size_t want = first_ok(x, line, len, i);
                if (vec)
                    bad += !starts_agree("avx2", line, len, i, want, first_avx2(x, line, len, i));
                if (vec512)
                    bad += !starts_agree("avx512", line, len, i, want, first_avx512(x, line, len, i));
            }
            line[len] = c;
        }
    }
    CHECK(lines > 10000);
    CHECK(bad == 0);
#endif
}
