/* test_people_lex.c — the people extractor's lexicon look-ups and counts:
 * every code-point count path agrees with the plain one (spans), and a
 * frozen trie (the lexicons' walks) answers as its node form. */
#include "../../src/extract/people_int.h"
#include "unit.h"

#include <string.h>

/* Code points counted by the vector paths (people.c, cp_count: AVX2,
 * AVX-512 where the CPU has them) are those of the plain loop, on random UTF-8-ish bytes of every length up to 300
 * and every start offset (the tail of a count reads the bytes before it). */
VN_TEST(people_cp_count_paths_agree)
{
    static const unsigned char alpha[] = {' ', 'a', 'Z', '0', '.', 0x80, 0x9F, 0xA0, 0xBF,
                                          0xC0, 0xC3, 0xC4, 0xE1, 0xBB, 0xF0, 0xFF};
    unsigned char buf[400];
    unsigned seed = 777;
    for (int round = 0; round < 200; round++) {
        for (size_t k = 0; k < sizeof buf; k++) {
            seed = seed * 1103515245u + 12345u;
            buf[k] = alpha[(seed >> 16) % sizeof alpha];
        }
        for (int n = 0; n <= 300; n += 1 + round % 7)
            CHECK(pp_cp_count_agree((const char *)buf + round % 64, n));
    }
    const char *text = "Đồng chí Nguyễn Văn A, Phó Chủ tịch UBND tỉnh Đắk Lắk — “trích dẫn” 漢字 😀 "
                       "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy phát biểu.";
    for (int n = 0; n <= (int)strlen(text); n++)
        CHECK(pp_cp_count_agree(text, n));
}

/* A frozen trie answers as the node form, packed (a few thousand nodes,
 * trie.c PACK_NODES) or not (bigger), on keys of ASCII and UTF-8 bytes. */
VN_TEST(people_trie_frozen_answers_as_nodes)
{
    static const unsigned char alpha[] = {'a', 'b', 'n', 'g', ' ', '.', 0xC3, 0xA0, 0xE1, 0xBB, 0x87, 0xC4, 0x91};
    for (int big = 0; big < 2; big++) {
        vn_trie *plain = vn_trie_new(), *frozen = vn_trie_new();
        unsigned seed = 99u + (unsigned)big;
        int nkeys = big ? 6000 : 600;
        char key[16];
        for (int k = 0; k < nkeys; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t n = 1 + (seed >> 16) % 10;
            for (size_t j = 0; j < n; j++) {
                seed = seed * 1103515245u + 12345u;
                key[j] = (char)alpha[(seed >> 16) % sizeof alpha];
            }
            vn_trie_put(plain, key, n, k);
            vn_trie_put(frozen, key, n, k);
        }
        vn_trie_freeze(frozen);
        vn_trie_view view;
        CHECK(vn_trie_view_get(frozen, &view));
        CHECK(!vn_trie_view_get(plain, &view));
        char text[24];
        for (int q = 0; q < 20000; q++) {
            seed = seed * 1103515245u + 12345u;
            size_t n = (seed >> 16) % 16;
            for (size_t j = 0; j < n; j++) {
                seed = seed * 1103515245u + 12345u;
                text[j] = (char)alpha[(seed >> 16) % sizeof alpha];
            }
            size_t m1 = 0, m2 = 0;
            CHECK(vn_trie_get(plain, text, n) == vn_trie_get(frozen, text, n));
            CHECK(vn_trie_longest(plain, text, n, &m1) == vn_trie_longest(frozen, text, n, &m2));
            CHECK(m1 == m2);
            CHECK(vn_trie_longest_prefix(plain, text, n, &m1) == vn_trie_longest_prefix(frozen, text, n, &m2));
            CHECK(m1 == m2);
        }
        vn_trie_free(plain);
        vn_trie_free(frozen);
    }
}
