/* test_branches_figures.c — the scans made branch-free against their plain
 * forms: the token-start scans (AVX-512, AVX2 with its fourth byte tested in
 * every block, the byte walk) on long lines where starts are sparse, so
 * whole blocks hold none, with number words, units and phrases whose word
 * ends are found by masks; the digit counts by eight-byte arithmetic
 * (figures, dates, documents). */
#include "../../src/core/stage.h"
#include "../../src/extract/documents.h"
#include "../../src/extract/events_int.h"
#include "../../src/extract/extract.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int vn_fig_walk_every_token;

/* The record of a page as the whole pipeline writes it (JSON), into out. */
static void page_json(const char *text, char *out, size_t cap)
{
    static vn_context *ctx;
    static vn_buf json;
    if (!ctx) {
        vn_options o;
        vn_options_default(&o);
        ctx = vn_context_new(unit_lexicon(), &o);
        vn_buf_init(&json, 0);
    }
    vn_page page = {.id = "t", .text = text, .text_len = strlen(text)};
    const vn_record *r = NULL;
    json.len = 0;
    out[0] = '\0';
    if (ctx && vn_process(ctx, &page, &r) == VN_OK && r && vn_record_json(r, &json) == VN_OK)
        snprintf(out, cap, "%.*s", (int)json.len, json.ptr);
}

/* page_json with scan_step at every token (no start filter). */
static void page_json_walk(const char *text, char *out, size_t cap)
{
    vn_fig_walk_every_token = 1;
    page_json(text, out, cap);
    vn_fig_walk_every_token = 0;
}

/* Mostly words that start no figure (long ones fill whole blocks), some
 * numbers, dates, codes, number words and units, so that starts fall
 * anywhere in a block, or in none. */
static const char *const sparse_parts[] = {
    "người", "Hà Nội", "công tác", "chính", "hành", "năm", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "nghiêngnghiêngnghiêngnghiêngnghiêng", "đã", "được", "các", "và", "trong", "12", "1.528 tấn", "2,5%", "hai mươi",
    "năm mươi người", "(12 người)", "“hai", "2019", "24/10/2018", "ngày 5 tháng 3", "số 35-NQ/TW", "12 /QĐ-UBND",
    "một trăm hộ", "hàng chục nghìn", "tỷ đồng", "khoảng", "\n",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};

/* The token-start scans (each path this machine has) find what scan_step
 * finds at every token, on pages of long lines. */
VN_TEST(branches_figure_scan_paths_match_walk)
{
    struct vn_event_lex *x = (struct vn_event_lex *)unit_lexicon()->events;
    int vec = x->fig_vec, vec512 = x->fig_vec512, bad = 0, with_figures = 0;
    static char page[3000], want[65536], got[3][65536];
    /* the paths: AVX-512 (if the machine has it), AVX2, the byte walk */
    const int use_vec[3] = {vec, vec, 0}, use_vec512[3] = {vec512, 0, 0};
    srand(29);
    for (int r = 0; r < 1500 && bad < 3; r++) {
        unit_random_line(page, sizeof page, sparse_parts, sizeof sparse_parts / sizeof *sparse_parts, 200);
        for (int path = 0; path < 3; path++) {
            x->fig_vec = use_vec[path], x->fig_vec512 = use_vec512[path];
            page_json(page, got[path], sizeof got[path]);
        }
        x->fig_vec = vec, x->fig_vec512 = vec512;
        page_json_walk(page, want, sizeof want);
        with_figures += strstr(want, "\"figures\":[{") != NULL;
        for (int path = 0; path < 3; path++)
            if (strcmp(want, got[path]) != 0 && bad++ < 3)
                printf("  path %d \"%s\":\n    %s\n    %s\n", path, page, got[path], want);
    }
    CHECK(bad == 0);
    CHECK(with_figures > 1000); /* (the pages do hold figures) */
}

/* The digits that begin s, and their value, one by one. */
static unsigned digits_walk(const char *s, unsigned long long *value)
{
    unsigned k = 0;
    *value = 0;
    while (k < 8 && s[k] >= '0' && s[k] <= '9')
        *value = *value * 10 + (unsigned)(s[k++] - '0');
    return k;
}

/* vn_doc_code_may_start by its definition: at most six digits, up to two
 * spaces, then '/', '-' or E2 (s ends with a NUL). */
static int code_may_start_ref(const char *s)
{
    size_t digits = strspn(s, "0123456789");
    if (digits > 6)
        return 0; /* the seventh digit stands where the separator would */
    const char *after = s + digits;
    after += after[0] == ' ' ? (after[1] == ' ' ? 2 : 1) : 0;
    return *after == '/' || *after == '-' || (unsigned char)*after == 0xE2;
}

VN_TEST(branches_digit_counts_match_walk)
{
    /* every byte value next to digits, and runs of 0 .. 8 digits */
    static const char bytes[] = "0123456789 /-:.,a\x80\xe2\xff\x2f\x3a";
    char s[25];
    int bad = 0;
    srand(31);
    for (int r = 0; r < 200000 && bad < 3; r++) {
        unsigned run = (unsigned)(rand() % 9);
        for (unsigned k = 0; k + 1 < sizeof s; k++)
            s[k] = k < run ? (char)('0' + rand() % 10) : bytes[rand() % (int)(sizeof bytes - 1)];
        s[sizeof s - 1] = '\0';
        uint64_t w;
        memcpy(&w, s, 8);
        unsigned long long want;
        unsigned k = digits_walk(s, &want), got = vn_ev_lead_digits8(w);
        if (got != k || (k >= 1 && vn_ev_digits8_value(w, k) != want)) {
            printf("  \"%.8s\": %u digits (want %u)\n", s, got, k);
            bad++;
        }
        if (vn_doc_code_may_start(s, sizeof s - 1, 0) != code_may_start_ref(s)) {
            printf("  code start \"%.12s\"\n", s);
            bad++;
        }
        size_t sp = vn_ev_next_space(s, sizeof s - 1, 0), spw = strcspn(s, " ");
        if (sp != spw) {
            printf("  next space %zu, want %zu\n", sp, spw);
            bad++;
        }
    }
    CHECK(bad == 0);
}
