/* segment.c — STUB until the page stage lands: every line is body. */
#include "page.h"
#include <stdlib.h>

struct vn_page_lex { int unused; };

vn_result vn_page_lex_load(const char *dir, struct vn_page_lex **out, vn_error *err)
{
    (void)dir; (void)err;
    *out = calloc(1, sizeof **out);
    return VN_OK;
}

void vn_page_lex_free(struct vn_page_lex *p) { free(p); }

void vn_page_segment(vn_stage *st, vn_record *r)
{
    for (int i = 0; i < r->lines.n; i++) {
        r->lines.v[i].role = VN_ROLE_BODY;
        *VN_PUSH(st->arena, r->body) = r->lines.v[i].text;
    }
}
