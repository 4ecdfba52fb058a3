/* test_docs_speed.c — the shortcuts of the documents scan against the work
 * they stand in for (the AVX-512 marks' masked loads at a line's end are
 * tested by test_documents.c: doc_marks_cover_every_kind_start, which cuts
 * lines at every alignment):
 *   try_code asks whether capital letters can follow the number before the
 *     full scan (documents.c: code_letters_may_follow): every code that
 *     vn_doc_code_scan reads standing alone is still found;
 *   the spans count code points from where the last one left off, also
 *     backwards (documents.c: cp_at): each span starts where its text does. */
#include "../../src/core/record.h"
#include "../../src/core/uni.h"
#include "../../src/extract/documents.h"
#include "unit.h"

#include <stdio.h>
#include <string.h>

static const struct vn_doc_lex *docs_lex(void)
{
    return unit_lexicon()->docs;
}

/* Has the record a document with this code? */
static int has_code(const vn_record *r, const char *code)
{
    for (int k = 0; r && k < r->documents.n; k++)
        if (r->documents.v[k].code && !strcmp(r->documents.v[k].code, code))
            return 1;
    return 0;
}

VN_TEST(doc_codes_alone_pass_the_letters_test)
{
    const struct vn_doc_lex *lx = docs_lex();
    CHECK(lx != NULL);
    if (!lx)
        return;
    const char *forms[] = {
        "12/2020/NĐ-CP", "12 /2020/ NĐ-CP", "19-2017/NQ-CP", "35 – NQ/TW", "1234/QĐ-UBND",
        "45/Ð-CP",       "01/2009/TT-BYT",  "7 - KL/TW",      "3398-CV/BTGTU", "57/2020/QH14",
        "24/10/2018",    "2016-2020",       "13/13",          "5-Series",      "12  /  KH-UBND",
    };
    char text[256];
    for (size_t f = 0; f < sizeof forms / sizeof *forms; f++) {
        snprintf(text, sizeof text, "Tin. Có %s ở đây.", forms[f]);
        const char *at = strstr(text, forms[f]);
        vn_doc_code c;
        int want = vn_doc_code_scan(lx, text, strlen(text), (size_t)(at - text), 1, &c);
        const vn_record *r = unit_process(text);
        CHECK(r != NULL);
        if (want)
            CHECK(has_code(r, c.code));
        else
            CHECK(!r || r->documents.n == 0);
    }
}

VN_TEST(doc_spans_count_code_points)
{
    const char *text = "Tin. Ủy ban thực hiện Quyết định số 12/QĐ-UBND ngày 3/4/2020 và "
                       "Thông tư số 5/2019/TT-BTC, Chỉ thị 05-CT/TW, Chỉ thị 05 và Luật Đất đai.";
    const vn_record *r = unit_process(text);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK(r->documents.n >= 4);
    for (int k = 0; k < r->documents.n; k++) {
        const vn_document *d = &r->documents.v[k];
        for (int j = 0; j < d->spans.n; j++) {
            const vn_span *sp = &d->spans.v[j];
            const vn_line *l = NULL;
            for (int li = 0; li < r->lines.n; li++)
                if (r->lines.v[li].n == sp->line)
                    l = &r->lines.v[li];
            CHECK(l != NULL);
            if (!l)
                continue;
            /* the byte of code point sp->start, counted one by one */
            size_t b = 0;
            for (int cp = 0; cp < sp->start && b < (size_t)l->len; cp++) {
                int len;
                vn_utf8_next(l->text + b, (size_t)l->len - b, &len);
                b += (size_t)len;
            }
            int kind_or_digit = (l->text[b] >= '0' && l->text[b] <= '9') ||
                                (d->kind && !strncmp(l->text + b, d->kind, strlen(d->kind)));
            CHECK(kind_or_digit);
            CHECK(sp->end > sp->start);
        }
    }
}
