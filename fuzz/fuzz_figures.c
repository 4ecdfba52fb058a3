/* fuzz_figures.c — the figures extractor (number parser, number words,
 * units) on any bytes: each input line becomes a record line, article or
 * teaser by its length. Runs the extractor directly, so it also sees invalid
 * UTF-8 and odd spacing. Checks every figure has a unit, a finite value and
 * spans inside its line. */
#include "../src/core/stage.h"
#include "../src/core/uni.h"
#include "../src/extract/extract.h"
#include "fuzz_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static vn_role role_of(size_t len, int n)
{
    (void)n;
    return len % 3 == 0 ? VN_ROLE_RELATED : VN_ROLE_BODY;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const vn_lexicon *lx = fuzz_lexicon();
    vn_arena *a = vn_arena_new();
    vn_stage st = {.arena = a, .lex = lx};
    vn_buf_init(&st.scratch, 0);
    vn_record *r = fuzz_record(a, data, size, role_of, 0);
    int n = r->lines.n;
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
