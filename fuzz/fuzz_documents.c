/* fuzz_documents.c — the document-reference extractor over any bytes: the
 * số ký hiệu scanner at every position (strict and after a kind word), the
 * date reader, and the whole stage on the input split into lines. Checks that
 * codes come out normalized, spans stay inside their lines, and the kind
 * automaton agrees with the kind trie. */
#include "../src/core/record.h"
#include "../src/extract/documents.h"
#include "vnews.h"

#include <stdlib.h>
#include <string.h>

/* Only this stage's data: the fuzzer runs whatever state the other stages are in. */
static const struct vn_lexicon *lexicon(void)
{
    static struct vn_lexicon lx;
    if (!lx.docs) {
        vn_error err;
        memset(&err, 0, sizeof err);
        if (vn_doc_lex_load(vn_default_data_dir(), &lx.docs, &err) != VN_OK)
            abort();
    }
    return &lx;
}

static void check_code(const vn_doc_code *c, size_t i, size_t size)
{
    if (c->start != i || c->end <= c->start || c->end > size)
        abort();
    for (const char *p = c->code; *p; p++)
        if (*p == ' ' || (unsigned char)*p == 0xC3) /* no spaces, no Ð (C3 90) */
            abort();
    if (strncmp(c->code, c->number, strlen(c->number)) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct vn_lexicon *lx = lexicon();
    const char *s = (const char *)data;
    for (size_t i = 0; i < size; i++) {
        /* the kind automaton and its cheap tests answer as the kind trie */
        size_t a = 0, b = 0;
        int want = vn_trie_longest(lx->docs->kinds, s + i, size - i, &a);
        if (want != vn_doc_kind_longest(lx->docs, s, size, i, &b) || (want >= 0 && a != b) ||
            (want >= 0 && !vn_doc_kind_may_start(lx->docs, s, size, i)))
            abort();
        if (s[i] < '0' || s[i] > '9')
            continue;
        vn_doc_code c;
        for (int strict = 0; strict < 2; strict++)
            if (vn_doc_code_scan(lx->docs, s, size, i, strict, &c))
                check_code(&c, i, size);
        int y, m, d;
        size_t e = vn_doc_date_at(s, size, i, &y, &m, &d);
        if (e > size || (e && (m < 1 || m > 12 || d < 1 || d > 31)))
            abort();
    }

    /* the stage itself, one line per input line */
    vn_arena *a = vn_arena_new();
    vn_record *r = vn_arena_alloc(a, sizeof *r);
    memset(r, 0, sizeof *r);
    size_t start = 0;
    int n = 0;
    for (size_t i = 0; i <= size; i++) {
        if (i < size && data[i] != '\n')
            continue;
        if (i > start) {
            vn_line *l = VN_PUSH(a, r->lines);
            l->n = ++n;
            l->text = vn_arena_strndup(a, s + start, i - start);
            l->len = (int)strlen(l->text); /* stops at an embedded NUL, as the pipeline would */
            l->role = (n % 3 == 0) ? VN_ROLE_RELATED : VN_ROLE_BODY;
        }
        start = i + 1;
    }
    vn_stage st;
    memset(&st, 0, sizeof st);
    st.arena = a;
    st.lex = lx;
    vn_buf_init(&st.scratch, 0);
    vn_extract_documents(&st, r);
    for (int k = 0; k < r->documents.n; k++) {
        const vn_document *d = &r->documents.v[k];
        if (!d->spans.n)
            abort();
        for (int j = 0; j < d->spans.n; j++) {
            const vn_span *sp = &d->spans.v[j];
            if (sp->line < 1 || sp->line > r->lines.n || sp->start < 0 || sp->end < sp->start)
                abort();
            const vn_line *l = &r->lines.v[sp->line - 1];
            if (sp->end > vn_cp_offset(l->text, (size_t)l->len))
                abort();
        }
    }
    vn_buf_release(&st.scratch);
    vn_arena_free(a);
    return 0;
}
