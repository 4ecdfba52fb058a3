/* test_events_match.c — the case-insensitive phrase trie (ev_match.h): its
 * frozen layout (folded edges, listed edges, the root's table) answers
 * ev_ci_longest and ev_ci_get as the edge lists it is made from do, on
 * generated text of keys in either case, near misses, Ư/ư, letters whose
 * cases differ in more than one bit, punctuation and broken UTF-8. */
#include "../../src/extract/ev_match.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

static const char *const keys[] = {
    "hội nghị", "hội nghị tổng kết", "hội", "hội thảo", "tổ chức", "trưởng đoàn", "làm trưởng đoàn", "ưu tiên",
    "đoàn công tác", "đồng chủ trì", "chủ trì", "lễ", "lần thứ", "thứ", "µg", "straße", "m²", "%", "ý kiến",
    "ấn", "ẩn", "tư", "của", "các", "a", "ab", "abc", "lũ", "lĩnh vực", "ăn", "ơn", "à", "buổi", "x-y", "km/h"};

static const char *const bits[] = {
    "HỘI NGHỊ", "Hội Nghị", "hội nghị", " tổng kết", " TỔNG KẾT", " ", ", ", ".", "Tổ chức", "TRƯỞNG ĐOÀN",
    "trưởng đoàn", "Ưu tiên", "ƯU TIÊN", "ưu", "Đoàn", "ĐỒNG CHỦ TRÌ", "chủ trì", "Lễ", "LỄ", "lần thứ", "THỨ",
    "µG", "ΜG", "STRASSE", "Straße", "M²", "%", "Ý KIẾN", "Ấn", "Ẩn", "TƯ", "Của", "CÁC", "A", "AB", "aBc",
    "Lũ", "LĨNH VỰC", "Ăn", "ƠN", "À", "BUỔI", "X-Y", "KM/H", "\xe1\xbb", "\x80", "“", "—", "1", "z", "hộ",
    "qa", "QB", "qk", "QL", "qm", "Qz", "q"};

VN_TEST(ev_match_frozen_matches_edge_lists)
{
    ev_ci *fz = ev_ci_new(), *plain = ev_ci_new();
    CHECK(fz && plain);
    if (!fz || !plain)
        return;
    int nk = (int)(sizeof keys / sizeof *keys);
    for (int i = 0; i < nk; i++) {
        CHECK(ev_ci_put(fz, keys[i], strlen(keys[i]), i * 7) == 0);
        CHECK(ev_ci_put(plain, keys[i], strlen(keys[i]), i * 7) == 0);
    }
    /* a node of more than eight children (two groups of edges): "q" + a..l */
    for (int c = 0; c < 12; c++) {
        char k[3] = {'q', (char)('a' + c), 0};
        CHECK(ev_ci_put(fz, k, 2, 1000 + c) == 0);
        CHECK(ev_ci_put(plain, k, 2, 1000 + c) == 0);
    }
    ev_ci_freeze(fz);
    CHECK(ev_ci_frozen(fz));
    CHECK(!ev_ci_frozen(plain));
    static char text[400];
    int bad = 0;
    srand(5);
    for (int r = 0; r < 20000 && bad < 3; r++) {
        size_t n = 0;
        for (int k = rand() % 8; k >= 0; k--) {
            const char *q = bits[rand() % (int)(sizeof bits / sizeof *bits)];
            size_t l = strlen(q);
            if (n + l >= sizeof text)
                break;
            memcpy(text + n, q, l);
            n += l;
        }
        for (size_t i = 0; i < n; i++) {
            size_t la = 0, lb = 0;
            int a = ev_ci_longest(fz, text + i, n - i, &la), b = ev_ci_longest(plain, text + i, n - i, &lb);
            int ga = ev_ci_get(fz, text + i, n - i), gb = ev_ci_get(plain, text + i, n - i);
            if (a != b || (a >= 0 && la != lb) || ga != gb) {
                bad++;
                printf("  ev_ci at %zu of \"%.*s\": frozen %d/%zu get %d, edge lists %d/%zu get %d\n", i, (int)n, text,
                       a, la, ga, b, lb, gb);
            }
        }
    }
    CHECK(bad == 0);
    /* a few answers by hand */
    size_t len = 0;
    CHECK(ev_ci_longest(fz, "HỘI NGHỊ TỔNG KẾT năm", strlen("HỘI NGHỊ TỔNG KẾT năm"), &len) == 7 &&
          len == strlen("HỘI NGHỊ TỔNG KẾT"));
    CHECK(ev_ci_longest(fz, "Hội nghịx", strlen("Hội nghịx"), &len) == 14 && len == strlen("Hội"));
    CHECK(ev_ci_get(fz, "ƯU TIÊN", strlen("ƯU TIÊN")) == 7 * 7);
    CHECK(ev_ci_get(fz, "TRƯỞNG ĐOÀN", strlen("TRƯỞNG ĐOÀN")) == 5 * 7);
    CHECK(ev_ci_get(fz, "QK", 2) == 1010 && ev_ci_get(fz, "qm", 2) == -1);
    ev_ci_free(fz);
    ev_ci_free(plain);
}
