/* pipeline.c — the lexicon, the per-thread context, and vn_process():
 * normalize -> split lines -> segment the page -> extract. */
#include "../extract/extract.h"
#include "../page/page.h"
#include "../text/text.h"
#include "record.h"
#include "stage.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void vn_options_default(vn_options *o)
{
    memset(o, 0, sizeof *o);
    o->tone = VN_TONE_OLD;
    o->legacy = 1;
    o->extract = 1;
    o->learn_boiler = 1;
}

/* ---- where data/ is */

static int is_dir_with_data(const char *d)
{
    char p[PATH_MAX * 2];
    snprintf(p, sizeof p, "%s/README.md", d);
    return access(p, R_OK) == 0;
}

const char *vn_default_data_dir(void)
{
    static char dir[PATH_MAX + 16];
    const char *env = getenv("VNEWS_DATA");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(dir, sizeof dir, "%s/../data", exe);
            if (is_dir_with_data(dir))
                return dir;
            snprintf(dir, sizeof dir, "%s/../../data", exe);
            if (is_dir_with_data(dir))
                return dir;
        }
    }
#ifdef VNEWS_DATADIR
    return VNEWS_DATADIR;
#else
    return "data";
#endif
}

vn_result vn_lexicon_load(const char *dir, vn_lexicon **out, vn_error *err)
{
    *out = NULL;
    if (!dir)
        dir = vn_default_data_dir();
    vn_lexicon *lx = calloc(1, sizeof *lx);
    if (!lx)
        return VN_ERR_NOMEM;
    lx->dir = strdup(dir);
    vn_result rc;
    /* the gazetteer before the people lexicon, which takes its unit names
     * from it rather than reading gazetteer.tsv a second time */
    if ((rc = vn_page_lex_load(dir, &lx->page, err)) || (rc = vn_doc_lex_load(dir, &lx->docs, err)) ||
        (rc = vn_gazetteer_load(dir, &lx->gaz, err)) ||
        (rc = vn_people_lex_load_gz(dir, lx->gaz, &lx->people, err)) ||
        (rc = vn_event_lex_load(dir, &lx->events, err))) {
        vn_lexicon_free(lx);
        return rc;
    }
    *out = lx;
    return VN_OK;
}

void vn_lexicon_free(vn_lexicon *lx)
{
    if (!lx)
        return;
    vn_page_lex_free(lx->page);
    vn_doc_lex_free(lx->docs);
    vn_people_lex_free(lx->people);
    vn_gazetteer_free(lx->gaz);
    vn_event_lex_free(lx->events);
    free(lx->dir);
    free(lx);
}

/* ---- context */

struct vn_context {
    vn_stage st;
    vn_options opt;
    vn_buf norm;   /* the normalized page text */
    vn_line_ends ends; /* where its lines end, as normalization wrote them */
    vn_record *rec;
};

vn_context *vn_context_new(const vn_lexicon *lx, const vn_options *o)
{
    vn_context *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (o)
        c->opt = *o;
    else
        vn_options_default(&c->opt);
    c->st.arena = vn_arena_new();
    c->st.lex = lx;
    c->st.opt = &c->opt;
    vn_buf_init(&c->st.scratch, 0);
    vn_buf_init(&c->norm, 0);
    return c;
}

void vn_context_free(vn_context *c)
{
    if (!c)
        return;
    vn_arena_free(c->st.arena);
    vn_buf_release(&c->st.scratch);
    vn_buf_release(&c->norm);
    free(c->ends.v);
    free(c);
}

void vn_context_set_linestats(vn_context *c, const vn_linestats *ls)
{
    c->st.ls = ls;
}

static void warn_normalization(vn_arena *a, vn_record *r, const vn_norm_info *ni)
{
    if (ni->encoding != VN_ENC_UTF8)
        vn_record_warn(a, r, "legacy encoding %s converted to Unicode", vn_encoding_name(ni->encoding));
    if (ni->invalid_bytes)
        vn_record_warn(a, r, "invalid UTF-8: %zu byte%s replaced with U+FFFD", ni->invalid_bytes,
                       ni->invalid_bytes == 1 ? "" : "s");
    if (ni->truncated_utf8)
        vn_record_warn(a, r, "text ends inside a UTF-8 sequence (replaced with U+FFFD)");
    if (ni->nul_bytes)
        vn_record_warn(a, r, "%zu NUL byte%s removed", ni->nul_bytes, ni->nul_bytes == 1 ? "" : "s");
    if (ni->controls)
        vn_record_warn(a, r, "%zu control or zero-width character%s removed", ni->controls,
                       ni->controls == 1 ? "" : "s");
}

vn_result vn_process(vn_context *c, const vn_page *p, const vn_record **out)
{
    vn_arena *a = c->st.arena;
    vn_arena_reset(a);
    vn_buf_reset(&c->norm);
    vn_record *r = vn_arena_alloc(a, sizeof *r);
    c->rec = r;
    *out = r;
    r->id = vn_arena_strdup(a, p->id ? p->id : "");
    r->url = p->url ? vn_arena_strdup(a, p->url) : NULL;
    r->date_hint = p->date ? vn_arena_strdup(a, p->date) : NULL;
    if (p->meta && p->meta_len) {
        r->meta = vn_arena_strndup(a, p->meta, p->meta_len);
        r->meta_len = p->meta_len;
    }

    vn_linestats_prefetch(c->st.ls, p); /* the segmenter's lookups, while normalizing */
    vn_norm_info ni;
    vn_result rc = vn_normalize_lines(&c->opt, p->text ? p->text : "", p->text_len, &c->norm, &ni, &c->ends);
    if (rc) {
        vn_record_warn(a, r, "text could not be normalized: %s", vn_result_name(rc));
        return VN_OK;
    }
    warn_normalization(a, r, &ni);
    if (p->text_len == 0)
        vn_record_warn(a, r, "empty page");

    /* split into lines; keep non-blank ones with their 1-based numbers. The
     * lines stay where normalization wrote them: each newline becomes the NUL
     * that ends its line (the buffer is this context's until the next page),
     * so the text is not copied again; a little slack after the last line
     * keeps word-at-a-time reads near its end inside the buffer. Where the
     * newlines are, normalization noted as it wrote them. */
    if (vn_buf_grow(&c->norm, 64) != VN_OK) {
        vn_record_warn(a, r, "text could not be normalized: %s", vn_result_name(c->norm.err));
        return VN_OK;
    }
    char *s = c->norm.ptr;
    size_t n = c->norm.len;
    memset(s + n, 0, 64);
    int lineno = 0;
    size_t i = 0;
    for (size_t k = 0;; k++) {
        size_t j;
        if (!c->ends.failed)
            j = k < c->ends.n ? c->ends.v[k] : n;
        else { /* (out of memory for the offsets: looked for) */
            char *nl = i < n ? memchr(s + i, '\n', n - i) : NULL;
            j = nl ? (size_t)(nl - s) : n;
        }
        lineno++;
        if (j > i) {
            vn_line *l = VN_PUSH(a, r->lines);
            l->n = lineno;
            l->text = s + i;
            l->len = (int)(j - i);
        }
        if (j >= n)
            break;
        s[j] = '\0';
        i = j + 1;
    }

    vn_page_segment_page(&c->st, r, p);
    if (c->opt.extract)
        vn_extract_all(&c->st, r);
    return VN_OK;
}

void vn_extract_all(vn_stage *st, vn_record *r)
{
    vn_extract_documents(st, r);
    vn_extract_people(st, r);
    vn_extract_places(st, r);
    vn_extract_dates(st, r);
    vn_extract_events(st, r);
    vn_extract_figures(st, r);
}
