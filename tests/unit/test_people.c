/* test_people.c — the people extractor's pieces: same-length lowercasing, and
 * whole pages through the library (names, positions, scopes, tone spellings). */
#include "../../src/core/record.h"
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
    static vn_lexicon *lx;
    static vn_context *ctx;
    static vn_tone ctx_tone = (vn_tone)-1;
    if (!lx) {
        vn_error err;
        memset(&err, 0, sizeof err);
        if (vn_lexicon_load(NULL, &lx, &err) != VN_OK)
            return NULL;
    }
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
