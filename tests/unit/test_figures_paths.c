/* test_figures_paths.c — the shortcuts of figures.c and dates.c against the
 * plain ways they stand for: the per-thread memo of the words before
 * numbers, the 64-byte digit scan of the date scan, and the indexed cue and
 * not-event lists of the date grammar. */
#include "../../src/core/stage.h"
#include "../../src/extract/events_int.h"
#include "../../src/extract/extract.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int vn_fig_word_memo_off;
extern int vn_dates_lists_plain;
size_t vn_dates_next_digit_path(const char *s, size_t n, size_t i, int vec);

/* A random line of 1..k of the parts, mostly space-separated, in buf (cap
 * bytes, NUL-terminated): its length. */
static size_t mix(char *buf, size_t cap, const char *const *parts, size_t nparts, int k)
{
    size_t m = 0;
    for (int j = 1 + rand() % k; j > 0; j--) {
        const char *q = parts[rand() % (int)nparts];
        size_t l = strlen(q);
        if (m + l + 2 >= cap)
            break;
        memcpy(buf + m, q, l);
        m += l;
        if (rand() % 5)
            buf[m++] = ' ';
    }
    buf[m] = '\0';
    return m;
}

/* The figures of one body line as a string. */
static void figures_str(const char *text, char *out, size_t cap)
{
    static vn_arena *a;
    static vn_stage st;
    if (!a) {
        a = vn_arena_new();
        st.arena = a;
        st.lex = unit_lexicon();
        vn_buf_init(&st.scratch, 0);
    }
    vn_arena_reset(a);
    vn_record *r = vn_arena_alloc(a, sizeof *r);
    memset(r, 0, sizeof *r);
    vn_line *l = VN_PUSH(a, r->lines);
    l->n = 1;
    l->text = vn_arena_strdup(a, text);
    l->len = (int)strlen(text);
    l->role = VN_ROLE_BODY;
    vn_extract_figures(&st, r);
    size_t m = 0;
    out[0] = '\0';
    for (int i = 0; i < r->figures.n && m + 160 < cap; i++) {
        const vn_figure *g = &r->figures.v[i];
        m += (size_t)snprintf(out + m, cap - m, "[%g/%g %s %s", g->value, g->total, g->unit,
                              g->qualifier ? g->qualifier : "-");
        for (int k = 0; k < g->spans.n && m + 40 < cap; k++)
            m += (size_t)snprintf(out + m, cap - m, " %d-%d", g->spans.v[k].start, g->spans.v[k].end);
        m += (size_t)snprintf(out + m, cap - m, "]");
    }
}

/* Words that stand before numbers (labels, qualifiers, vague words, the two
 * words of "lần thứ", "ít nhất" in either case, long words, words that
 * share their first eight bytes, words glued to punctuation) and numbers
 * with units after them. */
static const char *const before_parts[] = {
    "khoảng", "Khoảng", "KHOẢNG", "gần", "hơn", "trên", "ít nhất", "Ít Nhất", "lần thứ", "LẦN THỨ", "thứ", "số",
    "Số", "năm", "Năm", "NĂM", "ngày", "tổ", "hàng", "với", "có", "đạt", "tới", "từ", "đến", "nghiêngnghiêngnghiêng",
    "xxxxxxxxxxxxxxxx", "xxxxxxxxxxxxxxxxx", "khoảngxx", "KHOẢNGx", "khoảnga", "(", ",", "“", "5", "12", "1.528", "2,5", "13/13", "2019", "người",
    "hộ", "tỷ đồng", "cán bộ", "%", "phần trăm", "lượt người", "a"};

/* The memo of the words before numbers answers what the trie does, for
 * words at every offset (16 bytes of the line before a word's end, or
 * fewer), of every length, in either case, asked again and again. */
VN_TEST(figures_word_memo_matches_trie)
{
    static char line[400], want[8192], got[8192];
    int bad = 0;
    srand(31);
    for (int r = 0; r < 20000 && bad < 3; r++) {
        mix(line, sizeof line, before_parts, sizeof before_parts / sizeof *before_parts, 24);
        vn_fig_word_memo_off = 1;
        figures_str(line, want, sizeof want);
        vn_fig_word_memo_off = 0;
        figures_str(line, got, sizeof got);
        if (strcmp(want, got) != 0 && bad++ < 3)
            printf("  \"%s\":\n    memo %s\n    trie %s\n", line, got, want);
    }
    CHECK(bad == 0);
}

/* The date scan's digit search 64 bytes at a time (the line's last 64
 * bytes, a short line) against the plain one, from every offset. */
VN_TEST(dates_next_digit_vector_matches_plain)
{
    static const char alphabet[] = "0123456789 ./-aZ\xc3";
    char line[300];
    int bad = 0;
    srand(7);
    for (int r = 0; r < 3000 && bad < 3; r++) {
        size_t n = (size_t)(rand() % 260);
        int digits = rand() % 8;
        for (size_t k = 0; k < n; k++)
            line[k] = rand() % 64 < digits ? (char)('0' + rand() % 10) : alphabet[10 + rand() % 7];
        for (size_t i = 0; i <= n; i++) {
            size_t a = vn_dates_next_digit_path(line, n, i, 0), b = vn_dates_next_digit_path(line, n, i, 1);
            if (a != b && bad++ < 3)
                printf("  \"%.*s\" from %zu: plain %zu, vector %zu\n", (int)n, line, i, a, b);
        }
    }
    CHECK(bad == 0);
}

/* Dates after cues and not-event phrases, whole or glued to other words. */
static const char *const date_parts[] = {
    "5", "12", "19-3", "27/12", "24/10/2018", "ngày", "Ngày", "hôm", "từ", "đến", "tới", "và", "nay", "(", "sáng",
    "Chiều", "tối muộn", "rạng sáng", "thứ hai", "Thứ Ba", "chủ nhật", "cn", "hiệu lực", "kể từ", "áp dụng",
    "sinh ngày", "sinh năm", "ban hành", "ký ngày", "hạn chót", "chậm nhất", "trước ngày", "đến hết", "thời hạn",
    "hết hạn", "mất ngày", "từ trần", "qua đời", "hy sinh", "xhiệu lựcx", "hiệu lực(", "(kể từ(", "đến hết,", "kể", "lực", "người", ",", "x"};

/* The cue and not-event lists read by their index: the event date of
 * random lines as with the lists read one word at a time. */
VN_TEST(dates_indexed_lists_match_plain)
{
    vn_date_ctx c;
    memset(&c, 0, sizeof c);
    c.py = 2024, c.pm = 5, c.pd = 1;
    char text[400];
    int bad = 0;
    srand(13);
    for (int r = 0; r < 20000 && bad < 3; r++) {
        size_t m = mix(text, sizeof text, date_parts, sizeof date_parts / sizeof *date_parts, 16);
        vn_line l;
        memset(&l, 0, sizeof l);
        l.text = text, l.len = (int)m, l.n = 1, l.role = VN_ROLE_BODY;
        vn_date_found f1, f2;
        memset(&f1, 0, sizeof f1), memset(&f2, 0, sizeof f2);
        vn_dates_lists_plain = 1;
        int k1 = vn_dates_find_event(&c, &l, NULL, 0, &f1);
        vn_dates_lists_plain = 0;
        int k2 = vn_dates_find_event(&c, &l, NULL, 0, &f2);
        if ((k1 != k2 || (k1 && memcmp(&f1, &f2, sizeof f1) != 0)) && bad++ < 3)
            printf("  \"%s\": plain %d %d-%d-%d, indexed %d %d-%d-%d\n", text, k1, f1.y, f1.m, f1.d, k2, f2.y,
                   f2.m, f2.d);
    }
    CHECK(bad == 0);
}
