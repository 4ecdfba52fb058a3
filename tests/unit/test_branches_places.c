/* test_branches_places.c — the place scanner's paths list the same starts:
 * AVX-512 (type words tested in its masks), AVX2 and the plain path (the
 * first two type-word starts of a block tested without a branch, the rest in
 * a loop), on text of words where type words ("tỉnh", "thành phố", "huyện",
 * "quận", "phường", "xã") stand none, one, two or many to a block. */
#include "../../src/core/record.h"
#include "../../src/extract/gazetteer.h"
#include "../../src/extract/places.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* The starts pl_scan_chunk lists over s[0..n), as a byte per position of
 * the text: 1 a start, 2 one where a type word may begin. */
static void mark_starts(const struct vn_gazetteer *gz, const char *s, size_t n, unsigned char *marks)
{
    static pl_chunk chunk;
    memset(marks, 0, n);
    for (pl_chunk_restart(&chunk, 0); chunk.at < n;) {
        pl_scan_chunk(&chunk, s, n, gz);
        for (const uint32_t *q = chunk.start; q < chunk.start + chunk.n; q++)
            marks[chunk.base + (*q & PL_START_AT)] = (unsigned char)(1 + !!(*q & PL_START_TYPE));
    }
}

static const char *const place_parts[] = {
    "tỉnh", "Tỉnh", "thành phố", "Thành phố", "huyện", "quận", "phường", "xã", "thị xã", "thị trấn", "Hà Nội",
    "Quảng Ninh", "Đà Nẵng", "thì", "thế", "hơn", "quá", "phải", "xa", "người", "dân", "công", "tác", "đã", "và",
    "các", "UBND", "TP.", "(", ",", "“", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};

VN_TEST(branches_place_scan_paths_match)
{
    const struct vn_gazetteer *gz = ((const struct vn_lexicon *)unit_lexicon())->gaz;
    CHECK(gz != NULL);
    if (!gz)
        return;
    static struct vn_gazetteer alt;
    static char text[4000];
    static unsigned char want[4000], got[4000];
    srand(37);
    int differ = 0;
    for (int round = 0; round < 3000; round++) {
        size_t n = unit_random_line(text, sizeof text, place_parts, sizeof place_parts / sizeof *place_parts,
                                    1 + rand() % 400);
        memcpy(&alt, gz, sizeof alt);
        mark_starts(&alt, text, n, want); /* as the machine runs */
        for (int path = 0; path < 2; path++) { /* AVX2, plain */
            alt.avx512 = 0;
            alt.avx2 = path == 0 ? gz->avx2 : 0;
            mark_starts(&alt, text, n, got);
            differ += memcmp(want, got, n) != 0;
        }
    }
    CHECK(differ == 0);
}
