/* test_figures.c — the number parser and the figure grammar of figures.c,
 * run on one-line records: digits with Vietnamese separators, multipliers,
 * number words, ratios, qualifiers, and what is not a figure. */
#include "../../src/core/stage.h"
#include "../../src/extract/extract.h"
#include "unit.h"

#include <math.h>
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
