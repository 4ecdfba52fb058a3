/* test_page_speed.c — the key automaton's packing paths (keydfa.c: AVX-512
 * VBMI2, SSSE3, the byte loop) against each other and against the careful
 * keys: the learner's folded keys and the page keys of random lines. */
#include "../../src/page/keydfa.h"
#include "../../src/page/page_int.h"
#include "unit.h"

#include <string.h>

static const char *const PARTS[] = {
    "a", "o", "u", "y", "n", "g", " ", " ", "  ", ".", ",", ":", "(", "-", "O", "U", "A", "Y", "H", "T", "7",
    "à", "á", "ý", "ò", "ủ", "ạ", "ỳ", "ỵ", "ọ", "ô", "ố", "ơ", "ư", "ừ", "ắ", "đ", "Đ", "Ơ", "Ư", "Ấ", "Ệ",
    "“", "”", "–", "…", "\t", "\xC2\xA0", "\xC2\xAD", "\xE2\x80\x8B", "\xE2\x80\x80", "\xCC\x80", "\x01",
    "\xFF", "\xE1\xBA", "\xC3", "ß", "Ÿ", "\xE4\xB8\xAD",
};

/* The three packing paths on the same bytes (zeros at random). */
VN_TEST(page_speed_pack_paths)
{
    uint64_t rng = 0x243F6A8885A308D3ull;
    char in[300], a[300], b[300], c[300];
    for (int it = 0; it < 20000; it++) {
        size_t n = unit_rnd(&rng, 290);
        unsigned zeros = unit_rnd(&rng, 100);
        for (size_t i = 0; i < n; i++)
            in[i] = unit_rnd(&rng, 100) < zeros ? 0 : (char)(1 + unit_rnd(&rng, 255));
        memcpy(a, in, n), memcpy(b, in, n), memcpy(c, in, n);
        size_t ka = vn_kd_pack(a, n);
        vn_kd_no_vbmi2 = 1;
        size_t kb = vn_kd_pack(b, n);
        vn_kd_no_ssse3 = 1;
        size_t kc = vn_kd_pack(c, n);
        vn_kd_no_vbmi2 = vn_kd_no_ssse3 = 0;
        size_t want = 0;
        for (size_t i = 0; i < n; i++)
            want += in[i] != 0;
        CHECK(ka == want && kb == want && kc == want);
        CHECK(memcmp(a, c, want) == 0 && memcmp(b, c, want) == 0);
        for (size_t i = 0, k = 0; i < n; i++)
            if (in[i] && c[k++] != in[i]) {
                CHECK(!"the byte loop keeps the order");
                break;
            }
        if (ka != want || kb != want || memcmp(a, c, want) || memcmp(b, c, want))
            break;
    }
}

/* Every path of the automaton gives the careful keys. */
VN_TEST(page_speed_keys_every_path)
{
    char line[400], k1[4 * 320 + 8], k2[4 * 320 + 8];
    for (int path = 0; path < 3; path++) {
        vn_kd_no_vbmi2 = path >= 1;
        vn_kd_no_ssse3 = path >= 2;
        for (int it = 0; it < 5000; it++) {
            size_t n = unit_random_line(line, sizeof line - 1, PARTS, sizeof PARTS / sizeof *PARTS, 1 + it % 120);
            vn_linestats_force_slow = 1;
            unsigned long long h1 = vn_linestats_hash(line, n, 9);
            vn_linestats_force_slow = 0;
            unsigned long long h2 = vn_linestats_hash(line, n, 9);
            vn_page_key_force_slow = 1;
            size_t n1 = vn_page_key(line, n, k1);
            vn_page_key_force_slow = 0;
            size_t n2 = vn_page_key(line, n, k2);
            CHECK(h1 == h2 && n1 == n2 && memcmp(k1, k2, n1 + 1) == 0);
            if (h1 != h2 || n1 != n2 || memcmp(k1, k2, n1 + 1) != 0)
                break;
        }
    }
    vn_kd_no_vbmi2 = vn_kd_no_ssse3 = 0;
}
