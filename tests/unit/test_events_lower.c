/* test_events_lower.c — vn_ev_lower's AVX2 windows against its plain path
 * (vn_ev_lower_set_plain), on generated text that mixes ASCII, the
 * Vietnamese letters of both cases, punctuation, letters the windows leave
 * to the walk (Ā, Ẁ, Greek, emoji) and broken UTF-8 (stray continuation
 * bytes, cut characters), at every alignment and with caps that cut
 * characters: the same length returned and the same bytes in the whole
 * output buffer (what lies past the end too). On a CPU without AVX2 both
 * sides are the plain path. */
#include "../../src/extract/events_int.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

static const char *const pieces[] = {
    "a", "Z", "HỘI NGHỊ", "hội nghị", " ", ". ", "Đ", "đ", "Ư", "ư", "Ơ", "ơ", "Ă", "ă", "Ĩ", "ĩ", "Ũ", "ũ",
    "À", "à", "Ý", "×", "÷", "ß", "ÿ", "Ẳ", "ẳ", "Ỹ", "ỹ", "Ỵ", "“", "”", "—", "…", "\xc2\xa0", "«",
    "Ā", "ā", "Ẁ", "ẁ", "Ỻ", "Σ", "σ", "😀", "\xef\xbb\xbf", "\x80", "\xbf", "\xc3", "\xe1\xbb", "\xe1\xba\x85",
    "\xe2\x80", "\xc4\x80", "\xc6\xaf\xc6\xb0", "\xc5\xa8", "\xc5\xa9", "\xc3\x97", "\xc3\x9e", "\xc3\x9f",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789", "Tổ Chức", "TRƯỞNG ĐOÀN", "@[`{", "\x7f", "\xf0\x9f"};

static size_t gen(char *buf, size_t cap, int k, int plain_only)
{
    size_t m = 0;
    int np = (int)(sizeof pieces / sizeof *pieces);
    for (int j = 0; j < k; j++) {
        /* mostly clean text, now and then something the windows give up on */
        const char *q = pieces[rand() % (plain_only ? 35 : np)];
        size_t l = strlen(q);
        if (m + l >= cap)
            break;
        memcpy(buf + m, q, l);
        m += l;
    }
    return m;
}

VN_TEST(ev_lower_vector_matches_plain)
{
    static char text[700], a[800], b[800];
    int bad = 0;
    srand(11);
    for (int r = 0; r < 40000 && bad < 3; r++) {
        int k = rand() % 200;
        size_t n = gen(text, sizeof text, k, r % 3 == 0);
        size_t off = (size_t)(rand() % 4), len = n > off ? n - off : 0;
        /* caps: roomy, exact, or cutting the text anywhere */
        size_t cap = r % 4 == 0 ? len + 1 + (size_t)(rand() % 8) : (size_t)(rand() % (int)(len + 2)) + 1;
        if (cap > sizeof a)
            cap = sizeof a;
        memset(a, 0x5A, sizeof a);
        memset(b, 0x5A, sizeof b);
        vn_ev_lower_set_plain(1);
        size_t la = vn_ev_lower(text + off, len, a, cap);
        vn_ev_lower_set_plain(0);
        size_t lb = vn_ev_lower(text + off, len, b, cap);
        if (la != lb || memcmp(a, b, sizeof a) != 0) {
            bad++;
            size_t d = 0;
            while (d < sizeof a && a[d] == b[d])
                d++;
            printf("  vn_ev_lower: len %zu cap %zu: plain %zu, vector %zu, first difference at %zu\n", len, cap, la,
                   lb, d);
        }
    }
    vn_ev_lower_set_plain(0);
    CHECK(bad == 0);
}

VN_TEST(ev_lower_long_text)
{
    /* a long line: lowercase, same length, the letters both ways */
    static char text[4000], out[4001];
    size_t m = 0;
    while (m + 40 < sizeof text) {
        memcpy(text + m, "Hội Nghị TỔNG KẾT Ưu Tiên ĐOÀN ", strlen("Hội Nghị TỔNG KẾT Ưu Tiên ĐOÀN "));
        m += strlen("Hội Nghị TỔNG KẾT Ưu Tiên ĐOÀN ");
    }
    size_t k = vn_ev_lower(text, m, out, sizeof out);
    CHECK(k == m);
    CHECK(memcmp(out, "hội nghị tổng kết ưu tiên đoàn ", strlen("hội nghị tổng kết ưu tiên đoàn ")) == 0);
    CHECK(memcmp(out + m - strlen("ưu tiên đoàn "), "ưu tiên đoàn ", strlen("ưu tiên đoàn ")) == 0);
}
