/* test_names_and.c — "và" and "kiêm" as the separators of names.c: the
 * word, in any case, joins two positions in apposition; a word that only
 * starts like it ("vào", "vàng", "kiêmm") or ends a line does not. (They
 * are told apart by a word's first eight bytes and its length.) */
#include "../../src/core/record.h"
#include "unit.h"

#include <stdio.h>
#include <string.h>

/* The positions of the one person of a page, joined by '|'; "" if the page
 * has no person, "?" if it has another count. */
static void positions_of(const char *text, char *out, size_t cap)
{
    const vn_record *r = unit_process(text);
    out[0] = '\0';
    if (!r || r->people.n != 1) {
        snprintf(out, cap, "%s", r && r->people.n == 0 ? "" : "?");
        return;
    }
    const vn_person *p = &r->people.v[0];
    for (int k = 0; k < p->positions.n; k++)
        snprintf(out + strlen(out), cap - strlen(out), "%s%s", k ? "|" : "", p->positions.v[k]);
}

VN_TEST(names_and_joins_positions)
{
    static const struct {
        const char *word;
        int joins;
    } cases[] = {
        {"và", 1},    {"kiêm", 1},  {"Và", 1},    {"VÀ", 1},    {"KIÊM", 1},
        {"vào", 0},   {"vàng", 0},  {"kiếm", 0},  {"kiêmm", 0}, {"vừa", 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char text[256], got[256];
        snprintf(text, sizeof text, "Ông Lê Văn Hùng, Bí thư Tỉnh ủy %s Chủ tịch HĐND tỉnh, phát biểu.\n",
                 cases[k].word);
        positions_of(text, got, sizeof got);
        CHECK_STR(got, cases[k].joins ? "Bí thư Tỉnh ủy|Chủ tịch HĐND tỉnh" : "Bí thư Tỉnh ủy");
    }
}

VN_TEST(names_and_in_a_list_and_at_the_end)
{
    char got[256];
    /* the list's last name takes the position after it */
    positions_of("Các đồng chí Nguyễn Văn An và Trần Thị Bình, Phó Chủ tịch UBND tỉnh.\n", got, sizeof got);
    CHECK_STR(got, "?"); /* two persons */
    /* "và" as the chunk's last bytes: its eight-byte load reads the padding */
    positions_of("Ông Lê Văn Hùng, Bí thư Tỉnh ủy và", got, sizeof got);
    CHECK_STR(got, "Bí thư Tỉnh ủy");
    positions_of("Ông Lê Văn Hùng, Bí thư Tỉnh ủy kiêm", got, sizeof got);
    CHECK_STR(got, "Bí thư Tỉnh ủy");
}
