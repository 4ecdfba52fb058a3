/* fuzz_figures.c — the figures extractor (number parser, number words,
 * units) on any bytes: each input line becomes a record line, article or
 * teaser by its length. Runs the extractor directly, so it also sees invalid
 * UTF-8 and odd spacing. Checks every figure has a unit, a finite value and
 * spans inside its line. */
#include "../src/core/stage.h"
#include "../src/core/uni.h"
#include "../src/extract/extract.h"

#include <math.h>
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
    vn_buf_init(&st.scratch, 0);
    vn_record *r = vn_arena_alloc(a, sizeof *r);
    memset(r, 0, sizeof *r);
    const char *s = (const char *)data;
    int n = 0;
    for (size_t i = 0; i <= size;) {
        size_t j = i;
        while (j < size && s[j] != '\n')
            j++;
        if (j > i) {
            vn_line *l = VN_PUSH(a, r->lines);
            l->n = ++n;
            l->text = vn_arena_strndup(a, s + i, j - i);
            l->len = (int)strlen(l->text);
            l->role = (j - i) % 3 == 0 ? VN_ROLE_RELATED : VN_ROLE_BODY;
        }
        if (j >= size)
            break;
        i = j + 1;
    }
    vn_extract_figures(&st, r);
    for (int i = 0; i < r->figures.n; i++) {
        const vn_figure *g = &r->figures.v[i];
        if (!g->unit || !*g->unit || !isfinite(g->value) || g->value < 0 || !g->spans.n)
            abort();
        for (int k = 0; k < g->spans.n; k++) {
            const vn_span *sp = &g->spans.v[k];
            if (sp->line < 1 || sp->line > n)
                abort();
            const vn_line *l = &r->lines.v[sp->line - 1];
            if (sp->start < 0 || sp->end <= sp->start || sp->end > vn_utf8_count(l->text, (size_t)l->len))
                abort();
        }
    }
    vn_buf_release(&st.scratch);
    vn_arena_free(a);
    return 0;
}
