/* test_page.c — the page stage's parsers: datelines, hosts, line shapes,
 * names, and the cross-page line statistics. */
#include "../../src/core/record.h"
#include "../../src/page/page_int.h"
#include "unit.h"

#include <stdio.h>
#include <string.h>

static int dl(const char *s, char *out) { return vn_dateline_parse(s, strlen(s), out); }

VN_TEST(page_dateline_forms)
{
    char out[32];
    CHECK(dl("01-07-2022 15:09", out) == 1);
    CHECK_STR(out, "2022-07-01T15:09");
    CHECK(dl("Thứ Hai, 27/12/2023 - 17:36", out) == 1);
    CHECK_STR(out, "2023-12-27T17:36");
    CHECK(dl("Cập nhật lúc: 18:00 |22/05/2022", out) == 1);
    CHECK_STR(out, "2022-05-22T18:00");
    CHECK(dl(" date 2025-12-03 ", out) == 1);
    CHECK_STR(out, "2025-12-03");
    CHECK(dl("15:30 | 03/12/2025", out) == 1);
    CHECK_STR(out, "2025-12-03T15:30");
    CHECK(dl("Ngày đăng: 12/03/2024", out) == 1);
    CHECK_STR(out, "2024-03-12");
    CHECK(dl("Ngày đăng: 12/03/2024 3:15:00 CH", out) == 1);
    CHECK_STR(out, "2024-03-12T15:15");
    CHECK(dl("Thứ 4, 15/03/2023, 08:30 (GMT+7)", out) == 1);
    CHECK_STR(out, "2023-03-15T08:30");
    CHECK(dl("2024-03-15T08:30:00+07:00", out) == 1);
    CHECK_STR(out, "2024-03-15T08:30");
    CHECK(dl("Ngày 15 tháng 3 năm 2024", out) == 1);
    CHECK_STR(out, "2024-03-15");
    CHECK(dl("15h30 ngày 3/12/2025", out) == 1);
    CHECK_STR(out, "2025-12-03T15:30");
    CHECK(dl("Chủ nhật, 05.01.2025 | Lượt xem: 1.234", out) == 1);
    CHECK_STR(out, "2025-01-05");
    CHECK(dl("3/25/2024 10:05 AM", out) == 1); /* month first when the day cannot be */
    CHECK_STR(out, "2024-03-25T10:05");
    CHECK(dl("12/30/2023 12:10 PM", out) == 1);
    CHECK_STR(out, "2023-12-30T12:10");
}

VN_TEST(page_dateline_rejects)
{
    char out[32];
    /* a sentence that holds a date is not a dateline, but its date is read */
    CHECK(dl("Ngày 25/12/2025, UBND tỉnh ban hành Quyết định số 2556/QĐ-UBND.", out) == 0);
    CHECK_STR(out, "2025-12-25");
    CHECK(dl("Hội nghị ngày 12/3/2024", out) == 0);
    CHECK(dl("Giao ban báo chí định kỳ tháng 8/2020", out) == 0);
    CHECK(out[0] == '\0');
    CHECK(dl("31/02/2024", out) == 0); /* no such day */
    CHECK(dl("19/8", out) == 0);
    CHECK(dl("1234", out) == 0);
    CHECK(dl("", out) == 0);
    CHECK(dl("12/03/2024 - 15/03/2024", out) == 0); /* a span, not a dateline */
    CHECK(dl("0:00 / 3:45", out) == 0);
}

VN_TEST(page_url_host)
{
    char h[64];
    CHECK(vn_url_host("https://www.thainguyen.gov.vn/x/y?z=1", h, sizeof h) == 17);
    CHECK_STR(h, "thainguyen.gov.vn");
    CHECK(vn_url_host("http://BaoMoi.com:8080/a", h, sizeof h) > 0);
    CHECK_STR(h, "baomoi.com");
    CHECK(vn_url_host("//cdn.example.vn/img.jpg", h, sizeof h) > 0);
    CHECK_STR(h, "cdn.example.vn");
    CHECK(vn_url_host("https://user:pw@laocai.gov.vn#top", h, sizeof h) > 0);
    CHECK_STR(h, "laocai.gov.vn");
    CHECK(vn_url_host("laocai.gov.vn/tin-tuc", h, sizeof h) > 0);
    CHECK_STR(h, "laocai.gov.vn");
    CHECK(vn_url_host("", h, sizeof h) == 0);
    CHECK(vn_url_host(NULL, h, sizeof h) == 0);
    CHECK(vn_url_host("https://", h, sizeof h) == 0);
    CHECK(vn_url_host("https://a b.vn/", h, sizeof h) > 0); /* stops at the space */
    CHECK(vn_url_host("https://averyveryverylonghostname.example.gov.vn/", h, 8) == 0);
}

static size_t host_of(const char *s, char *out) { return vn_line_host(s, strlen(s), out, 64); }

VN_TEST(page_line_host)
{
    char h[64];
    CHECK(host_of("thainguyen.gov.vn", h));
    CHECK_STR(h, "thainguyen.gov.vn");
    CHECK(host_of("Nguồn: www.Baothainguyen.vn", h));
    CHECK_STR(h, "baothainguyen.vn");
    CHECK(host_of("Theo https://nghean.gov.vn/tin-tuc/abc", h));
    CHECK_STR(h, "nghean.gov.vn");
    CHECK(!host_of("Ban Tuyên giáo Tỉnh ủy", h));
    CHECK(!host_of("TP. Hồ Chí Minh", h));
    CHECK(!host_of("3.5", h));
    CHECK(!host_of("img-2023.jpg", h) || 1); /* an image name is caught earlier as a remnant */
}

static int names(const char *s) { size_t b[8], e[8]; return vn_name_list(s, strlen(s), b, e, 8); }

VN_TEST(page_names)
{
    CHECK(names("Mạnh Thắng") == 1);
    CHECK(names("Phan Sỹ Thành ") == 1);
    CHECK(names("Nguyễn Văn A (TTXVN)") == 1);
    CHECK(names("Thu Hà - Minh Anh") == 2);
    CHECK(names("Thu Hà, Minh Anh và Quốc Việt") == 3);
    CHECK(names("Hồng Quân - TTXVN") == 1);
    CHECK(names("MẠNH THẮNG") == 1);
    CHECK(names("PV") == 0);
    CHECK(names("G.T") == 1);
    CHECK(names("Trần Ánh- Mạnh Hùng") == 2);
    CHECK(names("Các đại biểu dự Hội nghị") == 0);
    CHECK(names("Sơ kết công tác tuyên giáo") == 0);
    CHECK(names("Hà") == 0);
    CHECK(names("Nguyễn Văn An, ") == 1); /* a trailing comma is dropped */
    CHECK(names("Nguyễn Văn An, Ủy ban") == 0);
    /* five words make a name at most; spaces and tabs around a segment are not words */
    CHECK(names("Tôn Nữ Thị Ninh Hòa") == 1);
    CHECK(names("Tôn Nữ Thị Ninh Hòa Bình") == 0);
    CHECK(names("\t Tôn Nữ Thị Ninh Hòa \t, Minh Anh") == 2);
    CHECK(names("Lan Anh, Tôn Nữ Thị Ninh Hòa Bình") == 0);
    size_t b[2], e[2];
    const char *s = "Lan Anh - Quốc Tuấn";
    CHECK(vn_name_list(s, strlen(s), b, e, 2) == 2);
    CHECK(e[0] - b[0] == strlen("Lan Anh"));
    CHECK(strncmp(s + b[1], "Quốc Tuấn", e[1] - b[1]) == 0);
}

VN_TEST(page_shapes)
{
    CHECK(vn_is_image_remnant("![]() |", 7));
    CHECK(vn_is_image_remnant("img-20231227-173615-224.jpg", 27));
    CHECK(vn_is_image_remnant("dsc03853-9089.JPG", 17));
    CHECK(vn_is_image_remnant("ảnh 1", strlen("ảnh 1")));
    CHECK(vn_is_image_remnant("%image_alt%", 11));
    CHECK(vn_is_image_remnant("![Quang cảnh](https://x.vn/a.png)", strlen("![Quang cảnh](https://x.vn/a.png)")));
    CHECK(!vn_is_image_remnant("Quang cảnh hội nghị.", strlen("Quang cảnh hội nghị.")));
    CHECK(!vn_is_image_remnant("ảnh hưởng", strlen("ảnh hưởng")));
    size_t b, e;
    const char *cell = "| Quang cảnh buổi làm việc. |";
    CHECK(vn_table_cell(cell, strlen(cell), &b, &e));
    CHECK(strncmp(cell + b, "Quang cảnh buổi làm việc.", e - b) == 0 && e - b == strlen("Quang cảnh buổi làm việc."));
    CHECK(!vn_table_cell("| STT | Đơn vị |", 17, &b, &e));
    CHECK(!vn_table_cell("| |", 3, &b, &e));
    CHECK(vn_line_end("Xin chào.", strlen("Xin chào.")) == END_TERMINAL);
    CHECK(vn_line_end("Vì sao?", strlen("Vì sao?")) == END_QUESTION);
    CHECK(vn_line_end("tuyên giáo./.", 13) == END_TERMINAL);
    CHECK(vn_line_end("“Dân vận khéo”.", strlen("“Dân vận khéo”.")) == END_TERMINAL);
    CHECK(vn_line_end("mới”", strlen("mới”")) == END_OPEN);
    CHECK(vn_line_end("như sau:", strlen("như sau:")) == END_COLON);
    CHECK(vn_sentences("Một câu. Hai câu.", strlen("Một câu. Hai câu.")) == 2);
    CHECK(vn_sentences("Tại TP. Hồ Chí Minh có mưa.", strlen("Tại TP. Hồ Chí Minh có mưa.")) == 1);
    CHECK(vn_count_words("  a  b c ", 9, 64) == 3);
    CHECK(vn_no_letters("*** 1 2 |", 9));
    CHECK(!vn_no_letters("1 tỷ", strlen("1 tỷ")));
    char key[4 * VN_PAGE_SHORT + 8];
    size_t k = vn_page_key("» TIN CÙNG CHUYÊN MỤC:", strlen("» TIN CÙNG CHUYÊN MỤC:"), key);
    CHECK(k == strlen("tin cùng chuyên mục"));
    CHECK_STR(key, "tin cùng chuyên mục");
}

VN_TEST(page_linestats)
{
    vn_linestats *ls = vn_linestats_new();
    CHECK(ls != NULL);
    char text[256];
    vn_linestats_decay(ls);
    for (int i = 0; i < 6; i++) {
        /* the same furniture, spelled a little differently on each page */
        snprintf(text, sizeof text, "%s\nBài số %d của trang\nTin số %d\n",
                 i % 2 ? "Thông  tin bạn đọc" : "THÔNG TIN BẠN ĐỌC\r", i, i);
        vn_page p = {.id = "x", .url = "https://www.site.vn/a", .text = text, .text_len = strlen(text)};
        vn_linestats_add(ls, &p);
    }
    vn_page other = {.id = "y", .url = "https://other.vn/", .text = "Thông tin bạn đọc\n",
                     .text_len = strlen("Thông tin bạn đọc\n")};
    vn_linestats_add(ls, &other);
    int pages = 0;
    CHECK(vn_linestats_count(ls, "site.vn", "Thông tin bạn đọc", strlen("Thông tin bạn đọc"), &pages) == 6);
    CHECK(pages == 6);
    CHECK(vn_linestats_count(ls, "site.vn", "Bài số 2 của trang", strlen("Bài số 2 của trang"), &pages) == 1);
    CHECK(vn_linestats_count(ls, "other.vn", "Thông tin bạn đọc", strlen("Thông tin bạn đọc"), &pages) == 1);
    CHECK(pages == 1);
    CHECK(vn_linestats_count(ls, "nowhere.vn", "Thông tin bạn đọc", 17, &pages) == 0);
    CHECK(pages == 0);
    /* a line repeated within one page counts once */
    vn_page twice = {.id = "z", .url = NULL, .text = "A b c\nA b c\n", .text_len = 12};
    vn_linestats_add(ls, &twice);
    CHECK(vn_linestats_count(ls, "", "A b c", 5, &pages) == 1);
    /* decay halves, then forgets */
    vn_linestats_decay(ls);
    CHECK(vn_linestats_count(ls, "site.vn", "Thông tin bạn đọc", strlen("Thông tin bạn đọc"), &pages) == 3);
    CHECK(pages == 3);
    for (int i = 0; i < 6; i++)
        vn_linestats_decay(ls);
    CHECK(vn_linestats_count(ls, "site.vn", "Thông tin bạn đọc", strlen("Thông tin bạn đọc"), &pages) == 0);
    CHECK(vn_linestats_count(NULL, "", "x", 1, &pages) == 0);
    vn_linestats_free(ls);
    vn_linestats_free(NULL);
}

/* Counting a page's own lines by number (the learner's hashes reused) gives
 * what counting them by text gives, whatever the line and page asked. */
VN_TEST(page_linestats_memo)
{
    vn_linestats *ls = vn_linestats_new();
    CHECK(ls != NULL);
    vn_linestats_decay(ls);
    vn_page pages[4];
    char texts[4][128];
    for (int i = 0; i < 4; i++) {
        snprintf(texts[i], sizeof texts[i], "Trang chủ\n\nTin số %d\nChia sẻ\n", i);
        pages[i] = (vn_page){.id = "x", .url = "https://site.vn/a", .text = texts[i], .text_len = strlen(texts[i])};
        vn_linestats_add(ls, &pages[i]);
    }
    vn_page elsewhere = {.id = "y", .url = "https://other.vn/", .text = "Trang chủ\n", .text_len = 10};
    const char *lines[] = {"Trang chủ", "Tin số 1", "Chia sẻ", "TRANG CHỦ", "Khác"};
    for (int k = 0; k < 5; k++) {
        size_t n = strlen(lines[k]);
        for (int lineno = 0; lineno <= 5; lineno++) {
            int p1 = -1, p2 = -1, p3 = -1;
            int want = vn_linestats_count(ls, "site.vn", lines[k], n, &p1);
            CHECK(vn_linestats_count_line(ls, "site.vn", lines[k], n, &pages[1], lineno, &p2) == want);
            CHECK(p1 == p2);
            /* a page not added, or asked under another source: the same answers */
            CHECK(vn_linestats_count_line(ls, "site.vn", lines[k], n, &elsewhere, lineno, &p3) == want);
            CHECK(vn_linestats_count_line(ls, "other.vn", lines[k], n, &pages[1], lineno, &p3) ==
                  vn_linestats_count(ls, "other.vn", lines[k], n, &p1));
        }
    }
    CHECK(vn_linestats_count_line(ls, "site.vn", "Trang chủ", strlen("Trang chủ"), &pages[0], 1, NULL) == 4);
    CHECK(vn_linestats_count_line(ls, "site.vn", "Chia sẻ", strlen("Chia sẻ"), &pages[2], 4, NULL) == 4);
    vn_linestats_free(ls);
}

/* Hashes agree between raw text and its normalized form. */
VN_TEST(page_linestats_hash_folds)
{
    const char *nfc = "Hòa Bình";
    const char *nfd = "Hoa\xCC\x80 Bi\xCC\x80nh"; /* decomposed */
    const char *nbsp = "HÒA\xC2\xA0 BÌNH ";
    unsigned long long a = vn_linestats_hash(nfc, strlen(nfc), 7);
    CHECK(a != 0);
    CHECK(a == vn_linestats_hash(nfd, strlen(nfd), 7));
    CHECK(a == vn_linestats_hash(nbsp, strlen(nbsp), 7));
    CHECK(a != vn_linestats_hash(nfc, strlen(nfc), 8));
    CHECK(vn_linestats_hash("  \t ", 4, 7) == 0);
}

/* The learner end to end: a line no lexicon knows, printed on every page of a
 * site, becomes furniture; the article lines stay. */
VN_TEST(page_repeated_across_pages)
{
    vn_lexicon *lx = NULL;
    vn_error err;
    if (vn_lexicon_load(NULL, &lx, &err) != VN_OK) {
        CHECK(!"lexicon loads");
        return;
    }
    vn_options o;
    vn_options_default(&o);
    o.extract = 0;
    vn_context *c = vn_context_new(lx, &o);
    vn_linestats *ls = vn_linestats_new();
    vn_context_set_linestats(c, ls);
    static char texts[8][1024];
    vn_page pages[8];
    vn_linestats_decay(ls);
    for (int i = 0; i < 8; i++) {
        snprintf(texts[i], sizeof texts[i],
                 "Văn phòng điện tử dùng chung\n"
                 "Hội nghị lần thứ %d của Ban Chấp hành Đảng bộ huyện\n"
                 "Sáng %d/4, Ban Chấp hành Đảng bộ huyện tổ chức hội nghị lần thứ %d để cho ý kiến về "
                 "các nội dung quan trọng của địa phương.\n"
                 "Hội nghị đã thống nhất thông qua %d nghị quyết chuyên đề.\n",
                 i + 10, i + 1, i + 10, i + 2);
        pages[i] = (vn_page){.id = "p", .url = "https://huyen.example.gov.vn/tin", .text = texts[i],
                             .text_len = strlen(texts[i])};
        vn_linestats_add(ls, &pages[i]);
    }
    const vn_record *r;
    CHECK(vn_process(c, &pages[3], &r) == VN_OK);
    CHECK(r->lines.n == 4);
    if (r->lines.n == 4) {
        CHECK(r->lines.v[0].role == VN_ROLE_BOILERPLATE);
        CHECK_STR(r->lines.v[0].why, "repeated-across-pages");
        CHECK(r->lines.v[1].role == VN_ROLE_TITLE);
        CHECK(r->lines.v[2].role == VN_ROLE_LEAD || r->lines.v[2].role == VN_ROLE_BODY);
        CHECK(r->lines.v[3].role == VN_ROLE_BODY);
    }
    CHECK_STR(r->source, "huyen.example.gov.vn");
    /* without the learner, the same line is not dropped by that rule */
    vn_context_set_linestats(c, NULL);
    CHECK(vn_process(c, &pages[3], &r) == VN_OK);
    CHECK(r->lines.n == 4 && (!r->lines.v[0].why || strcmp(r->lines.v[0].why, "repeated-across-pages") != 0));
    vn_context_free(c);
    vn_linestats_free(ls);
    vn_lexicon_free(lx);
}
