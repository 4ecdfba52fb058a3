/* test_units_match.c — ev_ci_word (ev_match.h), which figures.c's unit memo
 * uses in place of ev_ci_longest: for a whole first word (up to the first
 * byte where ev_ci_longest sees a boundary) that begins no longer key
 * (*more is 0), its value and the word's length are what ev_ci_longest
 * answers; and it answers as ev_ci_get does. On generated text of keys in
 * either case, punctuation and broken UTF-8, with the frozen layout and the
 * edge lists. */
#include "../../src/extract/ev_match.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

static const char *const keys[] = {"người", "tỷ đồng", "tỷ", "đồng", "cán bộ", "lượt người", "lượt", "ít nhất",
                                   "tham gia", "phần trăm", "%", "năm", "hộ", "x-y", "km/h", "a", "ab", "m²",
                                   "nghìn", "ha", "tấn", "triệu đồng", "đ", "q_b"};

static const char *const bits[] = {"NGƯỜI", "Người", "người", " ", ", ", ".", "Tỷ", "TỶ ĐỒNG", "đồng", "Cán Bộ",
                                   "LƯỢT", " người", "Ít", " NHẤT", "tham", " gia", "PHẦN TRĂM", "%", "Năm",
                                   "hộ", "X-Y", "KM/H", "a", "AB", "M²", "“", "—", "\xc2\xa0", "\xe1\xbb", "\x80",
                                   "1", "z", "_", "Q_B", "nghìnnghìn", "ha", "HA-", "tấn/", "Đ", "triệu"};

/* The first byte after s[0] where ev_ci_longest sees a boundary in s[0..n) (n if none). */
static size_t first_boundary(const char *s, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        int go_on;
        if (b < 0x80)
            go_on = (b >= '0' && b <= '9') || ((b | 32) >= 'a' && (b | 32) <= 'z') || b == '_';
        else if (b == 0xE2)
            go_on = !(i + 1 < n && (unsigned char)s[i + 1] == 0x80);
        else if (b == 0xC2)
            go_on = !(i + 1 < n && (unsigned char)s[i + 1] < 0xC0);
        else
            go_on = 1;
        if (!go_on)
            return i;
    }
    return n;
}

VN_TEST(units_ci_word_matches_longest)
{
    ev_ci *t[2] = {ev_ci_new(), ev_ci_new()};
    CHECK(t[0] && t[1]);
    if (!t[0] || !t[1])
        return;
    int nk = (int)(sizeof keys / sizeof *keys), nb = (int)(sizeof bits / sizeof *bits);
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < nk; i++)
            CHECK(ev_ci_put(t[k], keys[i], strlen(keys[i]), i * 3) == 0);
    ev_ci_freeze(t[0]);
    CHECK(ev_ci_frozen(t[0]) && !ev_ci_frozen(t[1]));
    char line[512];
    int bad = 0, answered = 0, more_seen = 0;
    srand(11);
    for (int r = 0; r < 3000 && bad < 3; r++) {
        size_t n = 0;
        for (int j = 1 + rand() % 12; j > 0; j--) {
            const char *b = bits[rand() % nb];
            size_t l = strlen(b);
            if (n + l + 1 >= sizeof line)
                break;
            memcpy(line + n, b, l);
            n += l;
        }
        for (size_t i = 0; i < n; i++)
            for (int k = 0; k < 2; k++) {
                size_t j = first_boundary(line + i, n - i), want_len = 0, got_len = 0;
                int more, v = ev_ci_word(t[k], line + i, j, &more);
                if (v != ev_ci_get(t[k], line + i, j) && bad++ < 3)
                    printf("  \"%.*s\" at %zu: ev_ci_word %d, ev_ci_get %d\n", (int)n, line, i, v,
                           ev_ci_get(t[k], line + i, j));
                more_seen += more;
                if (more || j == n - i)
                    continue; /* ev_ci_longest is asked then (or the word is cut) */
                answered++;
                int want = ev_ci_longest(t[k], line + i, n - i, &want_len);
                int got = v >= 0 ? v : -1;
                got_len = v >= 0 ? j : 0;
                if ((want != got || (want >= 0 && want_len != got_len)) && bad++ < 3)
                    printf("  \"%.*s\" at %zu (%s): longest %d/%zu, word %d/%zu\n", (int)n, line, i,
                           k ? "lists" : "frozen", want, want_len, got, got_len);
            }
    }
    CHECK(bad == 0);
    CHECK(answered > 1000 && more_seen > 100);
    ev_ci_free(t[0]);
    ev_ci_free(t[1]);
}
