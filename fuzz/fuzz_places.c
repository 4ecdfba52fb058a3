/* fuzz_places.c — the places extractor on any bytes: each input line becomes a
 * record line (its role from its length, so titles, teasers and skipped lines
 * all occur), the first line is also the URL, and person spans are made up
 * from the input so the person checks run too. Runs the extractor directly
 * (not through the text stage), so it also sees invalid UTF-8. */
#include "../src/core/stage.h"
#include "../src/extract/extract.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static vn_lexicon *lx;
    if (!lx) {
        vn_error err;
        memset(&err, 0, sizeof err);
        if (vn_lexicon_load(NULL, &lx, &err) != VN_OK)
            abort();
    }
    vn_arena *a = vn_arena_new();
    vn_stage st = {.arena = a, .lex = lx};
    vn_record *r = vn_arena_alloc(a, sizeof *r);
    static const vn_role roles[] = {VN_ROLE_BODY, VN_ROLE_TITLE, VN_ROLE_RELATED, VN_ROLE_LEAD,
                                    VN_ROLE_BOILERPLATE, VN_ROLE_CAPTION};
    const char *s = (const char *)data;
    int n = 0;
    for (size_t i = 0; i <= size;) {
        size_t j = i;
        while (j < size && s[j] != '\n')
            j++;
        n++;
        if (j > i) {
            vn_line *l = VN_PUSH(a, r->lines);
            l->n = n;
            l->text = vn_arena_strndup(a, s + i, j - i);
            l->len = (int)strlen(l->text); /* up to an embedded NUL, as a C string */
            l->role = roles[(j - i) % 6];
            if (!r->url)
                r->url = l->text;
            if ((j - i) % 3 == 0) { /* a made-up person over part of the line */
                vn_person *p = VN_PUSH(a, r->people);
                memset(p, 0, sizeof *p);
                p->name = "x";
                vn_spans_add(a, &p->spans, n, (int)((j - i) % 7), (int)((j - i) % 11));
            }
        }
        if (j >= size)
            break;
        i = j + 1;
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
