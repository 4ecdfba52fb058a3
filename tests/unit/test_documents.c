/* test_documents.c — the số ký hiệu scanner and normalizer, the date reader,
 * and the issuer a code gives (src/extract/doccode.c, doctail.c). */
#include "../../src/core/record.h"
#include "../../src/extract/documents.h"
#include "unit.h"

#include <string.h>

/* Only this stage's data, loaded once. */
static const struct vn_doc_lex *doclex(void)
{
    static struct vn_doc_lex *lx;
    if (!lx) {
        vn_error err;
        memset(&err, 0, sizeof err);
        if (vn_doc_lex_load(vn_default_data_dir(), &lx, &err) != VN_OK)
            return NULL;
    }
    return lx;
}

/* Scan a code at the start of s; returns the normalized code or NULL. */
static const char *code_of(const char *s, int strict, vn_doc_code *c)
{
    static vn_doc_code tmp;
    if (!c)
        c = &tmp;
    return vn_doc_code_scan(doclex(), s, strlen(s), 0, strict, c) ? c->code : NULL;
}

VN_TEST(doc_lexicon_loads)
{
    const struct vn_doc_lex *lx = doclex();
    CHECK(lx != NULL);
    if (!lx)
        return;
    CHECK(lx->nkind > 20);
    CHECK(lx->ntype > 20);
    CHECK(lx->nissuer > 40);
}

VN_TEST(doc_code_party_numbering)
{
    vn_doc_code c;
    CHECK_STR(code_of("35-NQ/TW ngày", 1, &c), "35-NQ/TW");
    CHECK_STR(c.number, "35");
    CHECK_STR(c.type_letters, "NQ");
    CHECK_STR(c.issuer_code, "TW");
    CHECK(c.year == 0);
    CHECK(c.form == VN_FORM_PARTY);
    CHECK_STR(vn_doc_code_kind(&c), "Nghị quyết");
    CHECK_STR(code_of("08-QĐi/TW", 1, &c), "08-QĐi/TW");
    CHECK_STR(vn_doc_code_kind(&c), "Quy định");
    CHECK_STR(code_of("3398-CV/BTGTU,", 1, &c), "3398-CV/BTGTU");
    CHECK_STR(vn_doc_code_kind(&c), "Công văn");
    CHECK_STR(code_of("12-TT/TU", 1, &c), "12-TT/TU");
    CHECK_STR(vn_doc_code_kind(&c), "Thông tri"); /* TT in a Party code */
}

VN_TEST(doc_code_state_numbering)
{
    vn_doc_code c;
    CHECK_STR(code_of("12/2020/NĐ-CP", 1, &c), "12/2020/NĐ-CP");
    CHECK(c.year == 2020);
    CHECK_STR(c.issuer_code, "CP");
    CHECK_STR(vn_doc_code_kind(&c), "Nghị định");
    CHECK_STR(code_of("2556/QĐ-UBND về", 1, &c), "2556/QĐ-UBND");
    CHECK(c.year == 0);
    CHECK_STR(code_of("57/2020/QH14 ngày", 1, &c), "57/2020/QH14");
    CHECK_STR(c.issuer_code, "QH14");
    CHECK(vn_doc_code_kind(&c) == NULL); /* a law or a resolution: the code does not say */
    CHECK_STR(code_of("146/2012/TTLT-BTC-BTP", 1, &c), "146/2012/TTLT-BTC-BTP");
    CHECK_STR(c.issuer_code, "BTC-BTP");
    CHECK(c.nissuers == 2);
    CHECK_STR(code_of("123/UBND-VX", 1, &c), "123/UBND-VX");
    CHECK_STR(c.issuer_code, "UBND");
    CHECK_STR(vn_doc_code_kind(&c), "Công văn");
    CHECK_STR(code_of("05/2019/TT-BTNMT.", 1, &c), "05/2019/TT-BTNMT");
}

VN_TEST(doc_code_spaces_dashes_and_eth)
{
    CHECK_STR(code_of("17 /2018/TT-BTNMT", 1, NULL), "17/2018/TT-BTNMT");
    CHECK_STR(code_of("35 \xe2\x80\x93 NQ/TW", 1, NULL), "35-NQ/TW");  /* en dash */
    CHECK_STR(code_of("35 \xe2\x80\x94 NQ/TW", 1, NULL), "35-NQ/TW");  /* em dash */
    CHECK_STR(code_of("35-NQ/ TW", 1, NULL), "35-NQ/TW");
    CHECK_STR(code_of("01/2012/QĐ- TTg", 1, NULL), "01/2012/QĐ-TTg");
    CHECK_STR(code_of("2556/Q\xc3\x90-UBND", 1, NULL), "2556/QĐ-UBND"); /* Ð U+00D0 */
    CHECK_STR(code_of("35\xe2\x80\x90NQ/TW", 1, NULL), "35-NQ/TW");      /* hyphen U+2010 */
    CHECK_STR(code_of("19-2017/NQ-CP ngày", 1, NULL), "19/2017/NQ-CP");   /* hyphen for the slash */
}

VN_TEST(doc_code_case_sensitive_letters)
{
    vn_doc_code c;
    CHECK_STR(code_of("45/2019/QĐ-TTg", 1, &c), "45/2019/QĐ-TTg");
    CHECK_STR(c.issuer_code, "TTg");
    CHECK_STR(code_of("12-CTr/TU", 1, &c), "12-CTr/TU");
    CHECK_STR(vn_doc_code_kind(&c), "Chương trình");
    CHECK_STR(code_of("09-TTr/BTGTU", 1, &c), "09-TTr/BTGTU");
    CHECK_STR(vn_doc_code_kind(&c), "Tờ trình");
    CHECK_STR(code_of("15/QyĐ-UBND", 1, &c), "15/QyĐ-UBND");
    CHECK_STR(vn_doc_code_kind(&c), "Quy định");
}

VN_TEST(doc_code_rejects_what_is_not_a_code)
{
    const char *not_codes[] = {
        "24/10/2018", "13/13 mục tiêu", "3-1", "0912-345-678", "19/8 (phường", "6/45",
        "2020-2025", "5-Series", "7/2-PV)", "12 /2017 Lễ", "324 – Quân khu", "11A3", "1/1/1/1/1",
        "4-17/9", "100-Khai", "5 - TP Hồ", "37/PA++", "",
    };
    for (size_t i = 0; i < sizeof not_codes / sizeof *not_codes; i++) {
        const char *got = code_of(not_codes[i], 1, NULL);
        if (got)
            printf("  not a code: \"%s\" -> \"%s\"\n", not_codes[i], got);
        CHECK(got == NULL);
    }
    /* after a kind word, unknown letters are accepted */
    CHECK_STR(code_of("253/SVH&TT-QLDT", 0, NULL), "253/SVH&TT-QLDT");
    CHECK(code_of("253/SVH&TT-QLDT", 1, NULL) == NULL);
    CHECK_STR(code_of("64-CP", 0, NULL), "64-CP");
    CHECK(code_of("64-CP", 1, NULL) == NULL);
}

VN_TEST(doc_code_issuer_names)
{
    vn_doc_code c;
    char buf[256];
    code_of("146/2012/TTLT-BTC-BTP", 1, &c);
    CHECK_STR(vn_doc_code_issuer(doclex(), &c, buf, sizeof buf), "Bộ Tài chính và Bộ Tư pháp");
    code_of("57/2020/QH14", 1, &c);
    CHECK_STR(vn_doc_code_issuer(doclex(), &c, buf, sizeof buf), "Quốc hội");
    code_of("45/2019/QĐ-TTg", 1, &c);
    CHECK_STR(vn_doc_code_issuer(doclex(), &c, buf, sizeof buf), "Thủ tướng Chính phủ");
    code_of("35-NQ/TW", 1, &c); /* Bộ Chính trị, Ban Bí thư or the Central Committee: not guessed */
    CHECK(vn_doc_code_issuer(doclex(), &c, buf, sizeof buf) == NULL);
    code_of("2556/QĐ-UBND", 1, &c);
    CHECK(vn_doc_code_issuer(doclex(), &c, buf, sizeof buf) == NULL);
}

VN_TEST(doc_dates)
{
    int y, m, d;
    const char *s = "24/10/2018 của";
    CHECK(vn_doc_date_at(s, strlen(s), 0, &y, &m, &d) == 10);
    CHECK(y == 2018 && m == 10 && d == 24);
    s = "24-10-2018";
    CHECK(vn_doc_date_at(s, strlen(s), 0, &y, &m, &d) == 10 && y == 2018);
    s = "19.12.2016";
    CHECK(vn_doc_date_at(s, strlen(s), 0, &y, &m, &d) == 10 && m == 12);
    s = "24 tháng 10 năm 2018";
    CHECK(vn_doc_date_at(s, strlen(s), 0, &y, &m, &d) == strlen(s) && y == 2018 && d == 24);
    s = "8/11";
    CHECK(vn_doc_date_at(s, strlen(s), 0, &y, &m, &d) == 4 && y == 0 && m == 11);
    s = "32/10/2018";
    CHECK(vn_doc_date_at(s, strlen(s), 0, &y, &m, &d) == 0);
    s = "12/2020/NĐ-CP";
    CHECK(vn_doc_date_at(s, strlen(s), 0, &y, &m, &d) == 0);
}

VN_TEST(doc_issuer_phrases)
{
    const struct vn_doc_lex *lx = doclex();
    struct { const char *text, *issuer; } cases[] = {
        {"Bộ Chính trị về tăng cường", "Bộ Chính trị"},
        {"Bộ Tài chính và Bộ Tư pháp, có hiệu lực", "Bộ Tài chính và Bộ Tư pháp"},
        {"Bộ Văn hóa, Thể thao và Du lịch ngày", "Bộ Văn hóa, Thể thao và Du lịch"},
        {"Bộ Lao động - Thương binh và Xã hội)", "Bộ Lao động - Thương binh và Xã hội"},
        {"Ban Thường vụ Tỉnh ủy (khóa XIX) về", "Ban Thường vụ Tỉnh ủy"},
        {"UBND tỉnh Lào Cai về việc", "UBND tỉnh Lào Cai"},
        {"Chính phủ và Khoản 2 Điều 5", "Chính phủ"},
        {"Ủy ban nhân dân TP. Hồ Chí Minh, có", "Ủy ban nhân dân TP. Hồ Chí Minh"},
        {"Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XIII", "Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *s = cases[i].text;
        size_t e = vn_doc_issuer_at(lx, s, strlen(s), 0, 0);
        char got[256] = "";
        if (e < sizeof got)
            memcpy(got, s, e), got[e] = 0;
        CHECK_STR(got, cases[i].issuer);
    }
    const char *lower = "các cấp ủy";
    CHECK(vn_doc_issuer_at(lx, lower, strlen(lower), 0, 0) == 0);
}

/* The kind automaton and its cheap tests answer as the kind trie does, at every
 * position of text that has kind phrases in all cases, cut anywhere. */
VN_TEST(doc_kind_automaton_matches_trie)
{
    const struct vn_doc_lex *lx = doclex();
    const char *texts[] = {
        "Nghị quyết số 35-NQ/TW, nghị định 12/2020/NĐ-CP; THÔNG TƯ LIÊN TỊCH và Thông Tư Liên Bộ",
        "“Chỉ thị 05” (Luật Đất đai) Luật, Lệnh Sắc lệnh Quyết định liên tịch Quyết liệt Thông tin",
        "Thông báo Kết luận thông báo kết luận Kế hoạch kết quả Chương trình hành động Đề án Điều lệ",
        "Luậ Lu Nghị Thông t Văn bản hợp nhất Công văn Công điện Giấy mời Biên bản Tờ trình Hiến pháp_x",
    };
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        size_t n = strlen(texts[t]);
        for (size_t cut = n; cut + 12 >= n && cut > 0; cut--)
            for (size_t i = 0; i < cut; i++) {
                size_t a = 0, b = 0;
                int want = vn_trie_longest(lx->kinds, texts[t] + i, cut - i, &a);
                int got = vn_doc_kind_longest(lx, texts[t], cut, i, &b);
                CHECK(want == got);
                CHECK(want < 0 || a == b);
                if (want >= 0)
                    CHECK(vn_doc_kind_may_start(lx, texts[t], cut, i));
            }
    }
}

/* The marks of the line scan (docscan.c: the eight-byte tables with AVX-512,
 * the nibble tables with AVX2, word starts without) leave out no place where a
 * kind phrase or a run of digits that may begin a code begins, wherever the
 * blocks of 64 bytes cut the line and wherever it ends. */
VN_TEST(doc_marks_cover_every_kind_start)
{
    const struct vn_doc_lex *lx = doclex();
    const char *phrases =
        "Nghị quyết số 35-NQ/TW, nghị định 12/2020/NĐ-CP; THÔNG TƯ LIÊN TỊCH và Thông Tư Liên Bộ "
        "“Chỉ thị 05” (Luật Đất đai) Luật, Lệnh Sắc lệnh Quyết định liên tịch Quyết liệt Thông tin "
        "Thông báo Kết luận thông báo kết luận Kế hoạch kết quả Chương trình hành động Đề án Điều lệ "
        "Văn bản hợp nhất Công văn Công điện Giấy mời Biên bản Tờ trình Hiến pháp–Bộ luật…Pháp lệnh "
        "năm 2017 có 120 người, 1234567/QĐ 123456/QĐ 12  /KH 3 - 4 5 – 6 7—8 9   /x 10-11 1.528/CP 24/10/2018";
    char line[900];
    uint64_t cand[16];
    for (size_t shift = 0; shift < 72; shift++) {
        memset(line, ' ', shift);
        size_t pl = strlen(phrases);
        memcpy(line + shift, phrases, pl);
        for (size_t n = shift + pl; n + 40 >= shift + pl && n > shift; n -= 7) {
            vn_doc_carry c = VN_DOC_CARRY_INIT;
            int nb = vn_doc_mark_starts(lx, line, n, 0, cand, 16, &c);
            CHECK((size_t)nb * 64 >= n);
            for (size_t i = 0; i < n; i++) {
                if (!vn_doc_word_starts(line, n, i))
                    continue;
                size_t len;
                int kind = vn_trie_longest(lx->kinds, line + i, n - i, &len) >= 0;
                int code = line[i] >= '0' && line[i] <= '9' && vn_doc_code_may_start(line, n, i);
                if (kind || code)
                    CHECK(cand[i / 64] >> (i % 64) & 1);
            }
        }
    }
}
