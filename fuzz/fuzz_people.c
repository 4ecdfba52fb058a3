/* fuzz_people.c — the people and organizations extractor on any bytes: each
 * input line becomes a record line (its role from its length, so article,
 * teaser and skipped lines all occur). Runs the extractor directly (not
 * through the text stage), so it also sees invalid UTF-8 and odd spacing.
 * Checks that every person and organization is well formed and that spans
 * stay inside their line. */
#include "../src/core/stage.h"
#include "../src/core/uni.h"
#include "../src/extract/extract.h"

#include <stdlib.h>
#include <string.h>

static void check_spans(const vn_record *r, const vn_spans *sp)
{
    if (!sp->n)
        abort();
    for (int k = 0; k < sp->n; k++) {
        const vn_span *s = &sp->v[k];
        const vn_line *line = NULL;
        for (int i = 0; i < r->lines.n; i++)
            if (r->lines.v[i].n == s->line)
                line = &r->lines.v[i];
        if (!line || s->start < 0 || s->end <= s->start ||
            s->end > vn_utf8_count(line->text, (size_t)line->len))
            abort();
    }
}

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
    static const vn_role roles[] = {VN_ROLE_BODY, VN_ROLE_TITLE, VN_ROLE_RELATED, VN_ROLE_CAPTION,
                                    VN_ROLE_BYLINE, VN_ROLE_LEAD};
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
        }
        if (j >= size)
            break;
        i = j + 1;
    }
    vn_extract_people(&st, r);
    for (int i = 0; i < r->people.n; i++) {
        const vn_person *p = &r->people.v[i];
        if (!p->name || !*p->name)
            abort();
        for (int k = 0; k < p->positions.n; k++)
            if (!p->positions.v[k] || !*p->positions.v[k])
                abort();
        check_spans(r, &p->spans);
        for (int j = 0; j < i; j++) /* each person once per scope */
            if (r->people.v[j].in == p->in && !strcmp(r->people.v[j].name, p->name))
                abort();
    }
    for (int i = 0; i < r->organizations.n; i++) {
        const vn_entity *o = &r->organizations.v[i];
        if (!o->name || !*o->name || !o->type)
            abort();
        check_spans(r, &o->spans);
    }
    vn_buf_release(&st.scratch);
    vn_arena_free(a);
    return 0;
}
