/* test_figures.c — the number parser and the figure grammar of figures.c,
 * run on one-line records: digits with Vietnamese separators, multipliers,
 * number words, ratios, qualifiers, and what is not a figure. */
#include "../../src/core/stage.h"
#include "../../src/extract/events_int.h"
#include "../../src/extract/extract.h"
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static vn_lexicon *lexicon(void)
{
    return unit_lexicon();
}

/* The figures of one body line. */
static const vn_record *figures_of(const char *text)
{
    static vn_arena *a;
    static vn_stage st;
    if (!a) {
        a = vn_arena_new();
        st.arena = a;
        st.lex = lexicon();
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
    return r;
}

/* Is there exactly one figure, with this value and unit (and total)? */
static int one(const char *text, double value, const char *unit)
{
    const vn_record *r = figures_of(text);
    if (r->figures.n != 1 || fabs(r->figures.v[0].value - value) > 1e-6 ||
        strcmp(r->figures.v[0].unit, unit) != 0) {
        printf("  \"%s\": %d figures", text, r->figures.n);
        for (int i = 0; i < r->figures.n; i++)
            printf(" [%g %s]", r->figures.v[i].value, r->figures.v[i].unit);
        printf(", expected [%g %s]\n", value, unit);
        return 0;
    }
    return 1;
}

static int none(const char *text)
{
    const vn_record *r = figures_of(text);
    if (r->figures.n) {
        printf("  \"%s\": expected no figure, got [%g %s]\n", text, r->figures.v[0].value,
               r->figures.v[0].unit);
        return 0;
    }
    return 1;
}

VN_TEST(figures_digits)
{
    CHECK(one("Toàn tỉnh có 1.528 hộ", 1528, "hộ"));
    CHECK(one("huy động 2,5 triệu đồng", 2500000, "đồng"));
    CHECK(one("trên 150 nghìn lượt cán bộ, đảng viên", 150000, "lượt cán bộ"));
    CHECK(one("thu hoạch 1.234,5 tấn", 1234.5, "tấn"));
    CHECK(one("kinh phí 1 tỷ 200 triệu đồng", 1200000000, "đồng"));
    CHECK(one("hỗ trợ 2.000.000 đồng", 2000000, "đồng"));
    CHECK(one("tăng 13,8%", 13.8, "%"));
    CHECK(one("diện tích 1.5 ha", 1.5, "ha"));
    CHECK(one("thu 24 ngàn tỉ đồng", 24000e9, "đồng"));
}

VN_TEST(figures_number_words)
{
    CHECK(one("Nhân dịp này, hai cá nhân được tặng", 2, "cá nhân"));
    CHECK(one("có mười lăm xã đạt chuẩn", 15, "xã"));
    CHECK(one("hai mươi mốt đơn vị", 21, "đơn vị"));
    CHECK(one("năm mươi người", 50, "người"));
    CHECK(one("một trăm linh năm hộ", 105, "hộ"));
    CHECK(one("ba nghìn hai trăm người", 3200, "người"));
    CHECK(one("bị phạt tù mười năm", 10, "năm"));
    CHECK(one("Hàng trăm người dân đến dự", 100, "người dân"));
    CHECK(one("hàng chục nghìn người", 10000, "người"));
    CHECK(none("đề xuất một số giải pháp"));
    CHECK(none("năm tiến hành Đại hội"));
    CHECK(none("học tập tư tưởng Hồ Chí Minh"));
    CHECK(none("họp vào Thứ Hai tuần tới"));
    CHECK(none("trên phố Hai Bà Trưng"));
    CHECK(none("vài trăm người"));
}

VN_TEST(figures_ratios_qualifiers)
{
    const vn_record *r = figures_of("Trong quý I/2026, 13/13 mục tiêu, nhiệm vụ đã được triển khai");
    CHECK(r->figures.n == 1 && r->figures.v[0].value == 13 && r->figures.v[0].has_total &&
          r->figures.v[0].total == 13);
    r = figures_of("có gần 2.000 người tham dự");
    CHECK(r->figures.n == 1 && r->figures.v[0].qualifier && strcmp(r->figures.v[0].qualifier, "gần") == 0);
    r = figures_of("tỷ lệ hộ dùng nước sạch đạt 95%");
    CHECK(r->figures.n == 1 && strcmp(r->figures.v[0].unit, "%") == 0 &&
          strcmp(r->figures.v[0].qualifier, "đạt") == 0);
    CHECK(one("khoảng 30 phần trăm", 30, "%"));
    CHECK(one("kỷ niệm 90 năm thành lập", 90, "năm"));
}

VN_TEST(figures_not_figures)
{
    CHECK(none("trọng tâm năm 2026 và cả nhiệm kỳ"));
    CHECK(none("nhiệm kỳ 2020 - 2025"));
    CHECK(none("nhiệm kỳ 2025-2030"));
    CHECK(none("Đại hội Đảng bộ tỉnh lần thứ XIX"));
    CHECK(none("hội nghị Trung ương lần thứ 12"));
    CHECK(none("Nghị quyết 35-NQ/TW ngày 24/10/2018"));
    CHECK(none("Quyết định số 2556/QĐ-UBND"));
    CHECK(none("Nghị quyết số 01 của Ban Chấp hành"));
    CHECK(none("Chiều 19-3, đồng chí"));
    CHECK(none("diễn ra chiều 12/4."));
    CHECK(none("trong 6 tháng đầu năm 2022"));
    CHECK(none("phòng, chống dịch COVID-19 trong tình hình mới"));
    CHECK(none("tại Quảng trường 19/8 (phường Yên Bái)"));
    CHECK(none("liên hệ số điện thoại 0912.345.678"));
    CHECK(none("lúc 14 giờ 30 ngày 5 tháng 3"));
    CHECK(none("cập nhật lúc 15:09"));
    CHECK(none("đời 2016 đầu tiên"));
    CHECK(none("xe 1.895 x 715 x 1.075 mm"));
    CHECK(none("1/1/1/1/1/1 người"));
}

/* figures.c: scan_step at every token when set (no start filter). */
extern int vn_fig_walk_every_token;

/* Tokens that start figures or look like it: number words and the words
 * that share their first bytes, punctuation before numbers and words
 * ("(12", "“hai", "–5"), digits with separators, units, labels. */
static const char *const fig_parts[] = {
    "năm", "Năm", "một", "Một", "hai", "Hai", "ba", "bốn", "sáu", "bảy", "bẩy", "tám", "chín", "mười", "Mười",
    "mươi", "mốt", "lăm", "tư", "trăm", "chục", "nghìn", "ngàn", "triệu", "tỷ", "linh", "hàng", "Hàng", "hàng chục",
    "(", ")", "“", "”", "\"", "-", "–", "—", ",", ".", ":", "%", "…", "\xc2\xa0", "\xef\xbc\x88", "₫", "((",
    "(“", "(12", "“5", "–3", "-5", "(hai", "(năm", "\"ba", "(mười", "\"hàng", "(một", "12", "1.528", "2,5", "2019",
    "13/13", "0912", "24/10/2018", "19-3", "14h", "người", "hộ", "đồng", "tấn", "cán bộ", "lượt", "phần trăm",
    "chính", "mới", "bản", "sáng", "năng", "mọi", "khoảng", "gần", "lần thứ", "số", "tháng", "ngày", "hơn", "A00",
    "Su-27", "COVID-19", "x", "Hà Nội", "đạt", "trên",
    /* the first three bytes of a number word, another fourth or fifth ("bảy",
     * "bốn", "một", "sáu", "hàng", "chín") */
    "bạn", "Bạn", "bảo", "bộ", "Bộ", "bố", "bốc", "mộ", "mốc", "mối", "sáo", "tấm", "hành", "hàn", "Hàng", "chính",
    "chín.", "bốn,", "bảy)", "sáu…", "ba:", "haiÂ ", "hay", "mạnh", "mức"};

static size_t fig_mix(char *buf, size_t cap, int k)
{
    size_t m = 0;
    for (int j = 0; j < k; j++) {
        const char *q = fig_parts[rand() % (int)(sizeof fig_parts / sizeof *fig_parts)];
        size_t l = strlen(q);
        if (m + l + 2 >= cap)
            break;
        memcpy(buf + m, q, l);
        m += l;
        if (rand() % 4) /* mostly a space between; else glued */
            buf[m++] = ' ';
    }
    buf[m] = '\0';
    return m;
}

/* The figures of a line as a string: value, total, unit, qualifier, spans. */
static void fig_str(const char *text, char *out, size_t cap)
{
    const vn_record *r = figures_of(text);
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

/* The start filters (punctuation before a word or a number, number words
 * that cannot begin a number, the vector pre-filters) skip only tokens in
 * which scan_step finds nothing: each scan path this machine has (AVX-512,
 * AVX2, the 8-byte and byte walk) against scan_step at every token. */
VN_TEST(figures_start_filters_match_every_token_walk)
{
    struct vn_event_lex *x = (struct vn_event_lex *)lexicon()->events;
    int vec = x->fig_vec, vec512 = x->fig_vec512, bad = 0;
    static char line[700], want[8192], got[8192];
    srand(23);
    for (int r = 0; r < 20000 && bad < 3; r++) {
        fig_mix(line, sizeof line, 1 + rand() % 80);
        vn_fig_walk_every_token = 1;
        fig_str(line, want, sizeof want);
        vn_fig_walk_every_token = 0;
        for (int path = 0; path < 3; path++) {
            x->fig_vec = path < 2 ? vec : 0;
            x->fig_vec512 = path == 0 ? vec512 : 0;
            fig_str(line, got, sizeof got);
            if (strcmp(want, got) != 0) {
                printf("  path %d \"%s\":\n    %s\n    %s\n", path, line, got, want);
                bad++;
            }
        }
        x->fig_vec = vec;
        x->fig_vec512 = vec512;
    }
    CHECK(bad == 0);
    /* the filters' own cases, whole */
    CHECK(one("tặng (hai cá nhân) bằng khen", 2, "cá nhân"));
    CHECK(one("với (12 người) tham dự", 12, "người"));
    CHECK(one("có năm mươi người", 50, "người"));
    CHECK(one("(một trăm hộ)", 100, "hộ"));
    CHECK(none("trong năm 2023 và một số nơi"));
    CHECK(none("– 5 – 6 –"));
    CHECK(none("nghìn người, triệu người"));
}

extern int vn_fig_word_memo_off;

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
        unit_random_line(line, sizeof line, before_parts, sizeof before_parts / sizeof *before_parts, 24);
        vn_fig_word_memo_off = 1;
        fig_str(line, want, sizeof want);
        vn_fig_word_memo_off = 0;
        fig_str(line, got, sizeof got);
        if (strcmp(want, got) != 0 && bad++ < 3)
            printf("  \"%s\":\n    memo %s\n    trie %s\n", line, got, want);
    }
    CHECK(bad == 0);
}
