/* fuzz_people.c — the people and organizations extractor on any bytes: each
 * input line becomes a record line (its role from its length, so article,
 * teaser and skipped lines all occur). Runs the extractor directly (not
 * through the text stage), so it also sees invalid UTF-8 and odd spacing.
 * Checks that every person and organization is well formed, that spans
 * stay inside their line, and that cutting only the neighbourhood of
 * capitalized words into tokens gives what cutting everything gives. */
#include "../src/core/stage.h"
#include "../src/core/uni.h"
#include "../src/extract/extract.h"
#include "../src/extract/people_int.h"
#include "fuzz_util.h"

#include <stdio.h>
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

/* The people and organizations of r as text, to compare two runs. */
static void dump(const vn_record *r, vn_buf *b)
{
    char tmp[64];
    for (int i = 0; i < r->people.n; i++) {
        const vn_person *p = &r->people.v[i];
        vn_buf_adds(b, p->name);
        snprintf(tmp, sizeof tmp, "|%d|%d|", (int)p->in, p->historic);
        vn_buf_adds(b, tmp);
        for (int k = 0; k < p->positions.n; k++) {
            vn_buf_adds(b, p->positions.v[k]);
            vn_buf_adds(b, ";");
        }
        for (int k = 0; k < p->spans.n; k++) {
            snprintf(tmp, sizeof tmp, "%d:%d-%d,", p->spans.v[k].line, p->spans.v[k].start, p->spans.v[k].end);
            vn_buf_adds(b, tmp);
        }
        vn_buf_adds(b, "\n");
    }
    for (int i = 0; i < r->organizations.n; i++) {
        const vn_entity *o = &r->organizations.v[i];
        vn_buf_adds(b, o->name);
        vn_buf_adds(b, "|");
        vn_buf_adds(b, o->type);
        vn_buf_adds(b, "|");
        vn_buf_adds(b, o->province ? o->province : "-");
        for (int k = 0; k < o->spans.n; k++) {
            snprintf(tmp, sizeof tmp, "%d:%d-%d,", o->spans.v[k].line, o->spans.v[k].start, o->spans.v[k].end);
            vn_buf_adds(b, tmp);
        }
        vn_buf_adds(b, "\n");
    }
}

static void run(const uint8_t *data, size_t size, vn_buf *out);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vn_buf a, b;
    vn_buf_init(&a, 0);
    vn_buf_init(&b, 0);
    pp_cut_in_full = 0;
    run(data, size, &a);
    pp_cut_in_full = 1;
    run(data, size, &b);
    pp_cut_in_full = 0;
    if (a.len != b.len || memcmp(a.ptr, b.ptr, a.len)) {
        fprintf(stderr, "windowed:\n%.*s\nin full:\n%.*s\n", (int)a.len, a.ptr, (int)b.len, b.ptr);
        abort();
    }
    vn_buf_release(&a);
    vn_buf_release(&b);
    return 0;
}

static vn_role role_of(size_t len, int n)
{
    static const vn_role roles[] = {VN_ROLE_BODY, VN_ROLE_TITLE, VN_ROLE_RELATED, VN_ROLE_CAPTION,
                                    VN_ROLE_BYLINE, VN_ROLE_LEAD};
    (void)n;
    return roles[len % 6];
}

static void run(const uint8_t *data, size_t size, vn_buf *out)
{
    const vn_lexicon *lx = fuzz_lexicon();
    vn_arena *a = vn_arena_new();
    vn_stage st = {.arena = a, .lex = lx};
    vn_buf_init(&st.scratch, 0);
    vn_record *r = fuzz_record(a, data, size, role_of, 1);
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
    dump(r, out);
    vn_buf_release(&st.scratch);
    vn_arena_free(a);
}
