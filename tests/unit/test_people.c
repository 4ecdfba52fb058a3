/* test_people.c — the people extractor's pieces: same-length lowercasing, and
 * whole pages through the library (names, positions, scopes, tone spellings). */
#include "../../src/core/record.h"
#include "../../src/extract/people_bits.h"
#include "../../src/extract/people_int.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

VN_TEST(people_lower_same_length)
{
    const char *in = "ĐỒNG CHÍ Ủy Viên Ơ Ư Ă Ĩ Ũ Trưởng Ban UBND";
    char out[128];
    size_t n = strlen(in);
    vn_people_lower(in, n, out);
    out[n] = '\0';
    CHECK_STR(out, "đồng chí ủy viên ơ ư ă ĩ ũ trưởng ban ubnd");
}

/* Run one page through the library; returns the record (valid until the
 * next call) and keeps the lexicon and context across calls. */
static const vn_record *run_page(const char *text, vn_tone tone)
{
    vn_lexicon *lx = unit_lexicon();
    static vn_context *ctx;
    static vn_tone ctx_tone = (vn_tone)-1;
    if (!ctx || ctx_tone != tone) {
        if (ctx)
            vn_context_free(ctx);
        vn_options o;
        vn_options_default(&o);
        o.tone = tone;
        ctx = vn_context_new(lx, &o);
        ctx_tone = tone;
    }
    vn_page p;
    memset(&p, 0, sizeof p);
    p.id = "t";
    p.text = text;
    p.text_len = strlen(text);
    const vn_record *r = NULL;
    return vn_process(ctx, &p, &r) == VN_OK ? r : NULL;
}

static const vn_person *person(const vn_record *r, const char *name)
{
    for (int i = 0; r && i < r->people.n; i++)
        if (!strcmp(r->people.v[i].name, name))
            return &r->people.v[i];
    return NULL;
}

VN_TEST(people_apposition_and_merge)
{
    const vn_record *r = run_page("Đồng chí Hoàng Văn Khải, Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức "
                                  "Tỉnh ủy, phát biểu.\nĐồng chí Ủy viên Ban Thường vụ Tỉnh ủy Hoàng Văn "
                                  "Khải kết luận.\n",
                                  VN_TONE_OLD);
    const vn_person *p = person(r, "Hoàng Văn Khải");
    CHECK(p != NULL);
    if (!p)
        return;
    CHECK(r->people.n == 1);
    CHECK(p->spans.n == 2);
    /* "Ủy viên Ban Thường vụ" is the shorter writing of the later one */
    CHECK(p->positions.n == 2);
    if (p->positions.n == 2) {
        CHECK_STR(p->positions.v[0], "Ủy viên Ban Thường vụ Tỉnh ủy");
        CHECK_STR(p->positions.v[1], "Trưởng Ban Tổ chức Tỉnh ủy");
    }
    CHECK(p->spans.v[0].line == 1 && p->spans.v[0].start == 9 && p->spans.v[0].end == 23);
}

VN_TEST(people_new_tone_placement)
{
    /* the lexicon is written "Tỉnh ủy", "Hòa"; text in the new placement matches too */
    const vn_record *r = run_page("Ông Lê Văn Hoà, Bí thư Tỉnh uỷ Khánh Hoà, dự lễ.\n", VN_TONE_KEEP);
    const vn_person *p = person(r, "Lê Văn Hoà");
    CHECK(p != NULL);
    if (p) {
        CHECK(p->positions.n == 1);
        if (p->positions.n)
            CHECK_STR(p->positions.v[0], "Bí thư Tỉnh uỷ Khánh Hoà");
    }
}

VN_TEST(people_no_false_names)
{
    const vn_record *r = run_page("Đoàn đến Hà Nội và Lâm Đồng, thăm Trường THPT Lê Quý Đôn trên đường "
                                  "Trần Phú. Ảnh: Nguyễn Văn Tuấn\n",
                                  VN_TONE_OLD);
    CHECK(r != NULL);
    if (r)
        CHECK(r->people.n == 0);
}

/* The people and organizations of r as one string, to compare two runs. */
static void dump_people(const vn_record *r, vn_buf *b)
{
    for (int i = 0; r && i < r->people.n; i++) {
        const vn_person *p = &r->people.v[i];
        vn_buf_addf(b, "%s|%d|%d|", p->name, (int)p->in, p->historic);
        for (int k = 0; k < p->positions.n; k++)
            vn_buf_addf(b, "%s;", p->positions.v[k]);
        for (int k = 0; k < p->spans.n; k++)
            vn_buf_addf(b, "%d:%d-%d,", p->spans.v[k].line, p->spans.v[k].start, p->spans.v[k].end);
        vn_buf_addc(b, '\n');
    }
    for (int i = 0; r && i < r->organizations.n; i++) {
        const vn_entity *o = &r->organizations.v[i];
        vn_buf_addf(b, "%s|%s|%s|", o->name, o->type, o->province ? o->province : "-");
        for (int k = 0; k < o->spans.n; k++)
            vn_buf_addf(b, "%d:%d-%d,", o->spans.v[k].line, o->spans.v[k].start, o->spans.v[k].end);
        vn_buf_addc(b, '\n');
    }
}

/* Only the neighbourhood of capitalized words is cut into tokens
 * (people_scan.c); what is found must be what cutting everything finds:
 * positions in lowercase after a name, a long way from the next capital,
 * "và" and punctuation in the stretches between, appointments reaching
 * back, tabs, words cut short. */
VN_TEST(people_windows_same_as_full)
{
    static const char *pages[] = {
        "Hôm qua tại hội trường lớn của cơ quan, đồng chí Nguyễn Văn An, phó chủ tịch ủy ban nhân dân "
        "huyện, trưởng ban chỉ đạo phòng chống thiên tai và tìm kiếm cứu nạn, đã chủ trì buổi làm "
        "việc với các đơn vị liên quan và kiêm nhiệm thêm một số việc khác nữa.\n",
        "Theo quyết định, ông Lò Văn Hùng sau nhiều năm công tác tại địa phương, được đánh giá cao về "
        "năng lực và phẩm chất, nay được bổ nhiệm giữ chức Giám đốc Sở Nội vụ tỉnh Sơn La.\n",
        "Các đại biểu gồm: bà Trần Thị Bình, giám đốc sở y tế; ông Lê Minh, bí thư đảng ủy xã và "
        "nhiều cán bộ, chiến sĩ, người dân trong vùng cùng tham dự buổi lễ long trọng này.\n",
        "Tham dự có\tđồng chí Phạm Văn Dũng,\tPhó Bí thư Tỉnh ủy; các anh chị em trong đoàn "
        "1.528 người, 19-3, GD-ĐT, TN&MT, Q.Thanh Khê và PGS.TS Hoàng Minh Sơn.\n",
        "anh ấy nói rằng công việc rất nhiều và khó khăn, chị ấy cũng vậy, họ làm việc từ sáng đến "
        "tối mà không nghỉ, kiêm luôn cả việc nhà. Cuối cùng Chủ tịch Hồ Chí Minh được nhắc đến.\n",
        "Ông Đỗ Văn X \xE1\xBB Nguyễn Văn Y, \x86\x86Đoàn công tác đến Hà Nội, tr\xC3 Trần Văn Z.\n",
        /* words ending in punctuation before a capitalized word, cues and
         * fixed phrases a few words back, a cue that runs into the
         * capitalized word, capitalized words that start nothing */
        "Buổi lễ diễn ra trong năm. Theo kế hoạch, bà. Nguyễn Thị Hoa nói: đồng chí, Lê Văn Tám và "
        "những người học tập tư tưởng, Hồ Chí Minh. Xong việc này là việc khác thì cùng đại Tướng Đinh Công Hùng, các đồng chí: "
        "Trần Văn An; Phạm Thị Bình. Trong năm nay nhiều việc. Ngoài ra ông Theo Đuổi nói rằng "
        "Sau đó mọi người về nhà. Tuy nhiên năm sinh, Hồ Chí Minh; phong cách. Hồ Chí Minh.\n",
        "Theo báo cáo. Trong khi đó, Nhưng họ nói: Vì vậy chúng tôi làm. Ông Lò Văn Hùng, phó chủ "
        "tịch xã. Sau khi Hà Nội và Tuyên Quang cùng làm, ông: Trần B, giám đốc sở, cho biết.\n",
    };
    for (size_t k = 0; k < sizeof pages / sizeof *pages; k++) {
        vn_buf a, b;
        vn_buf_init(&a, 0);
        vn_buf_init(&b, 0);
        pp_cut_in_full = 0;
        dump_people(run_page(pages[k], VN_TONE_OLD), &a);
        pp_cut_in_full = 1;
        dump_people(run_page(pages[k], VN_TONE_OLD), &b);
        pp_cut_in_full = 0;
        CHECK(a.len == b.len && !memcmp(a.ptr, b.ptr, a.len));
        CHECK(a.len > 0);
        vn_buf_release(&a);
        vn_buf_release(&b);
    }
}

/* The bitmaps of the vector units (people_bits.c) are those of the plain
 * byte loop: on random bytes drawn from the ones the sums single out
 * (letters, spaces, punctuation, UTF-8 lead and continuation bytes of
 * Vietnamese and other scripts, "và", "kiêm") and on real text. */
VN_TEST(people_bits_vector_same_as_plain)
{
    static const unsigned char alpha[] = {
        ' ',  ' ',  '\t', '\r', '\n', 0,    'a',  'z',  'A',  'Z',  '0',  '9',  'v',  'k',  'i',
        '.',  ',',  '-',  '/',  '\'', '&',  '(',  '"',  '@',  '`',  '{',  '~',  0x7F, 0x80, 0x81,
        0x9E, 0x9F, 0xA0, 0xA1, 0xAF, 0xB0, 0xB7, 0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBF, 0xC0,
        0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xE0, 0xE1, 0xE2, 0xEF, 0xF0, 0xFF};
    pp_scan_init(); /* (the vector units' constants; run alone, no lexicon load made them) */
    unsigned char buf[1 + 64 * 8 + 2];
    unsigned seed = 12345;
    for (int round = 0; round < 3000; round++) {
        for (size_t k = 0; k < sizeof buf; k++) {
            seed = seed * 1103515245u + 12345u;
            buf[k] = alpha[(seed >> 16) % sizeof alpha];
        }
        CHECK(pp_bits_agree(buf + 1, 8));
    }
    const char *text = " Ông Nguyễn Văn A, Phó Chủ tịch UBND tỉnh Đắk Lắk và kiêm nhiệm Ủy viên "
                       "Ban Thường vụ; ĐỒNG CHÍ Ơ Ư Ă \xE1\xBB tr\xC3 ở đường Hồ Chí Minh (TP.HCM) "
                       "1.528 người, 19-3, GD-ĐT, TN&MT — “trích dẫn” … xin chào thế giới 漢字 ";
    size_t n = strlen(text);
    unsigned char big[1 + 64 * 8 + 2];
    memset(big, ' ', sizeof big);
    memcpy(big, text, n < sizeof big ? n : sizeof big);
    CHECK(pp_bits_agree(big + 1, 8));
}
