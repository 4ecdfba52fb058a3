/* fuzz_segment.c — the page segmenter over any bytes: the input, split into
 * lines, is segmented as a page (with the cross-page learner fed the same page
 * several times, so the "repeated" rule runs too); each line also goes through
 * the dateline parser, the name and host readers. Checks that every line gets
 * a role, dropped lines a why, and that the record's fields come from the
 * lines with the matching roles. */
#include "../src/core/record.h"
#include "../src/page/page_int.h"
#include "vnews.h"

#include <stdlib.h>
#include <string.h>

/* Only this stage's data: the fuzzer runs whatever state the other stages are in. */
static const struct vn_lexicon *lexicon(void)
{
    static struct vn_lexicon lx;
    if (!lx.page) {
        vn_error err;
        memset(&err, 0, sizeof err);
        if (vn_page_lex_load(vn_default_data_dir(), &lx.page, &err) != VN_OK)
            abort();
    }
    return &lx;
}

static void check_line_readers(const char *s, size_t n)
{
    char iso[32], host[256];
    if (vn_dateline_parse(s, n, iso) && strlen(iso) < 10)
        abort();
    if (iso[0] && (iso[4] != '-' || iso[7] != '-'))
        abort();
    size_t b[8], e[8];
    int k = vn_name_list(s, n, b, e, 8);
    for (int i = 0; i < k && i < 8; i++)
        if (b[i] >= e[i] || e[i] > n)
            abort();
    size_t h = vn_line_host(s, n, host, sizeof host);
    if (h >= sizeof host || strlen(host) != h)
        abort();
    char key[4 * VN_PAGE_SHORT + 8];
    if (vn_page_key(s, n, key) > 4 * VN_PAGE_SHORT)
        abort();
    (void)vn_linestats_hash(s, n, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20)
        return 0;
    static vn_arena *arena;
    static vn_linestats *ls;
    if (!arena) {
        arena = vn_arena_new();
        ls = vn_linestats_new();
    }
    vn_arena_reset(arena);
    char *text = vn_arena_strndup(arena, (const char *)data, size);
    vn_options opt;
    vn_options_default(&opt);
    vn_stage st = {.arena = arena, .lex = lexicon(), .opt = &opt, .ls = ls};
    vn_buf_init(&st.scratch, 0);

    vn_record *r = vn_arena_alloc(arena, sizeof *r);
    r->id = "fuzz";
    /* a first line that looks like an address is the page's URL */
    const char *nl = memchr(text, '\n', size);
    if (size > 4 && memcmp(text, "http", 4) == 0)
        r->url = vn_arena_strndup(arena, text, nl ? (size_t)(nl - text) : size);
    r->date_hint = "2024-03-15";
    int lineno = 0;
    for (size_t i = 0; i <= size;) {
        size_t j = i;
        while (j < size && text[j] != '\n')
            j++;
        lineno++;
        if (j > i) {
            vn_line *l = VN_PUSH(arena, r->lines);
            l->n = lineno;
            l->text = vn_arena_strndup(arena, text + i, j - i);
            l->len = (int)strlen(l->text); /* a NUL in the input ends the line */
            check_line_readers(l->text, (size_t)l->len);
        }
        if (j >= size)
            break;
        i = j + 1;
    }
    vn_page p = {.id = "fuzz", .url = r->url, .text = text, .text_len = size};
    vn_linestats_decay(ls);
    for (int k = 0; k < 4; k++)
        vn_linestats_add(ls, &p);

    /* the learner's hashes, reused by line number, answer as hashing again does */
    const char *source = r->url ? r->url : "";
    char host[256];
    if (r->url && vn_url_host(r->url, host, sizeof host))
        source = host;
    for (int i = 0; i < r->lines.n; i++) {
        const vn_line *l = &r->lines.v[i];
        int pa = 0, pb = 0;
        if (vn_linestats_count_line(ls, source, l->text, (size_t)l->len, &p, l->n, &pa) !=
                vn_linestats_count(ls, source, l->text, (size_t)l->len, &pb) ||
            pa != pb)
            abort();
    }

    vn_page_segment_page(&st, r, &p);

    int body = 0, captions = 0, titles = 0;
    for (int i = 0; i < r->lines.n; i++) {
        const vn_line *l = &r->lines.v[i];
        if (l->role == VN_ROLE_NONE)
            abort();
        if ((l->role == VN_ROLE_BOILERPLATE || l->role == VN_ROLE_RELATED) && !l->why)
            abort();
        body += l->role == VN_ROLE_BODY;
        captions += l->role == VN_ROLE_CAPTION;
        titles += l->role == VN_ROLE_TITLE;
        if (l->role == VN_ROLE_TITLE && r->title != l->text)
            abort();
        if (l->role == VN_ROLE_LEAD && r->lead != l->text)
            abort();
    }
    if (body != r->body.n || captions != r->captions.n || titles > 1 || (titles == 0) != (r->title == NULL))
        abort();
    if (r->published && (strlen(r->published) < 10 || r->pub_year < 1900))
        abort();
    vn_buf_release(&st.scratch);
    return 0;
}
