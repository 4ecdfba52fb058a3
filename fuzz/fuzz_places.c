/* fuzz_places.c — the places extractor on any bytes: each input line becomes a
 * record line (its role from its length, so titles, teasers and skipped lines
 * all occur), the first line is also the URL, and person spans are made up
 * from the input so the person checks run too. Runs the extractor directly
 * (not through the text stage), so it also sees invalid UTF-8. */
#include "../src/core/stage.h"
#include "../src/extract/extract.h"
#include "fuzz_util.h"

#include <stdlib.h>
#include <string.h>

static vn_role role_of(size_t len, int n)
{
    static const vn_role roles[] = {VN_ROLE_BODY, VN_ROLE_TITLE, VN_ROLE_RELATED, VN_ROLE_LEAD,
                                    VN_ROLE_BOILERPLATE, VN_ROLE_CAPTION};
    (void)n;
    return roles[len % 6];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vn_arena *a = vn_arena_new();
    vn_stage st = {.arena = a, .lex = fuzz_lexicon()};
    vn_record *r = fuzz_record(a, data, size, role_of, 1);
    for (int i = 0; i < r->lines.n; i++) {
        const vn_line *l = &r->lines.v[i];
        size_t len = (size_t)l->len;
        if (!r->url)
            r->url = l->text;
        if (len % 3 == 0) { /* a made-up person over part of the line */
            vn_person *p = VN_PUSH(a, r->people);
            memset(p, 0, sizeof *p);
            p->name = "x";
            vn_spans_add(a, &p->spans, l->n, (int)(len % 7), (int)(len % 11));
        }
    }
    r->pub_year = size % 2 ? 2026 : 0;
    r->pub_month = 1;
    vn_extract_places(&st, r);
    for (int i = 0; i < r->places.n; i++)
        if (!r->places.v[i].name || !r->places.v[i].type || !r->places.v[i].spans.n)
            abort();
    if (r->province_name && !r->province_now)
        abort();
    vn_arena_free(a);
    return 0;
}
