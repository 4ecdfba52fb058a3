/* test_writer_strings.c — the record writer's three ways of writing a string
 * (vn_record_vector 0: strlen and vn_buf_add_json_utf8; 1: short strings from
 * one sixteen-byte load; 2: strings of unknown length with AVX-512BW) write
 * the same bytes, for strings that end right before a page the process cannot
 * read (the loads past a string's NUL must stay in its page) and that start
 * anywhere in one, of every length around 16 and 64, with bytes to escape. */
#include "../../src/core/record.h"
#include "unit.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern int vn_record_vector;

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static unsigned rnd(unsigned n)
{
    return unit_rnd(&rng, n);
}

/* s written as a record's strings (a field, a list, a line's why) at each
 * setting; 1 when all agree */
static int agree(const char *s)
{
    vn_record r;
    memset(&r, 0, sizeof r);
    const char *list[2] = {s, "x"};
    vn_line line = {0};
    line.n = 1;
    line.why = s;
    r.id = s;
    r.title = s;
    r.body.v = list;
    r.body.n = 2;
    r.lines.v = &line;
    r.lines.n = 1;
    vn_buf want = VN_BUF_INIT;
    vn_record_vector = 0;
    vn_record_json(&r, &want);
    int ok = 1;
    for (int v = 1; v <= 2; v++) {
        vn_buf got = VN_BUF_INIT;
        vn_record_vector = v;
        vn_record_json(&r, &got);
        ok &= got.len == want.len && memcmp(got.ptr, want.ptr, want.len) == 0;
        vn_buf_release(&got);
    }
    vn_record_vector = 2;
    vn_buf_release(&want);
    return ok;
}

static void fill(char *p, size_t n, int specials)
{
    for (size_t i = 0; i < n; i++) {
        unsigned c = rnd(specials ? 30 : 1000);
        p[i] = c == 0 ? '"' : c == 1 ? '\\' : c == 2 ? (char)(1 + rnd(31)) : c < 6 ? (char)0xE1 : c < 9 ? (char)0xBB
                                                                                    : (char)('a' + rnd(26));
    }
    p[n] = '\0';
}

VN_TEST(writer_strings_at_page_edges_agree)
{
    long page = sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, (size_t)page * 3, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED);
    if (m == MAP_FAILED)
        return;
    CHECK(mprotect(m + 2 * page, (size_t)page, PROT_NONE) == 0);
    char *end = m + 2 * page; /* the first byte that cannot be read */
    int bad = 0;
    for (size_t n = 0; n <= 200; n++) {
        for (int specials = 0; specials < 2; specials++) {
            /* the NUL the last readable byte, or a few before it */
            for (size_t gap = 0; gap < 3; gap++) {
                char *s = end - 1 - gap - n;
                fill(s, n, specials);
                bad += !agree(s);
            }
            /* starting at a page start, or just before one (the string goes on
             * into the next page) */
            fill(m + page, n, specials);
            bad += !agree(m + page);
            char *across = m + page - 1 - rnd(70);
            fill(across, n, specials);
            bad += !agree(across);
        }
    }
    munmap(m, (size_t)page * 3);
    CHECK(bad == 0);
}
