/* test_evscan.c — the vector scans of events and figures against their plain
 * (byte-walk) paths, on generated lines that mix event words, number words,
 * punctuation, curly quotes, Ư/ư and long words at every alignment:
 *   vn_ev_next_phrase_word (AVX2 windows vs the walk): the phrase words it
 *     stops at that a lexicon phrase matches, with the sentence state there;
 *   vn_fig_next_start (AVX2 vs 8-byte/byte loops): the token starts where
 *     number_word-type tokens may hold a figure.
 * On a CPU without AVX2 both sides take the plain path and agree trivially. */
#include "../../src/core/stage.h"
#include "../../src/extract/events_int.h"
#include "../../src/extract/extract.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static vn_lexicon *test_lexicon(void)
{
    return unit_lexicon();
}

static struct vn_event_lex *ev_lexicon(void)
{
    return (struct vn_event_lex *)test_lexicon()->events;
}

static const char *const parts[] = {
    "hội nghị", "HỘI NGHỊ", "Hội nghị tổng kết", " ", " ", " ", ". ", ", ", "“", "”", "\xc2\xa0", "\xef\xbb\xbf",
    "thăm", "Làm việc", "tổ chức", "của", "các", "x", "123", "1.528", ":", "  ", "ĐOÀN", "Ư", "ư", "trưởng đoàn",
    "buổi", "lễ", "—", "chủ trì", "abcdefghijk", "hai", "Hai", "mười lăm", "bốn", "bộ", "mới", "chính", "chín",
    "hàng trăm", "triệu", "(", "\xe2\x81\xb0", "bị", "tỷ", "ba", "tư", "dự", "và", "về", "nghìn", " cá nhân",
    " người ", " 12 ", "%", " hai ", " 2,5 ", " tấn", "trên "};

/* A line of k random parts into buf (cap bytes); its length. */
static size_t mix(char *buf, size_t cap, int k)
{
    size_t m = 0;
    for (int j = 0; j < k; j++) {
        const char *q = parts[rand() % (int)(sizeof parts / sizeof *parts)];
        size_t l = strlen(q);
        if (m + l >= cap)
            break;
        memcpy(buf + m, q, l);
        m += l;
    }
    buf[m] = '\0';
    return m;
}

static int tries_missed;

/* The next position at or after i where a phrase word starts and a lexicon
 * phrase matches (the filters may stop elsewhere too), with the scan state. */
static size_t next_phrase(struct vn_event_lex *x, const char *t, size_t n, size_t i, size_t *sent, int *at,
                          size_t *end, vn_ev_window *w)
{
    for (;;) {
        int tries;
        size_t p = vn_ev_next_phrase_word(x, t, n, i, end, sent, at, w, &tries);
        if (p >= n)
            return n;
        size_t len;
        int in_events = vn_ev_match(x->events, t, n, p, &len) >= 0, in_cues = vn_ev_match(x->cues, t, n, p, &len) >= 0;
        if ((in_events && !(tries & VN_EV_IN_EVENTS)) || (in_cues && !(tries & VN_EV_IN_CUES)))
            tries_missed++; /* a trie the scan said no phrase there is in */
        if (in_events || in_cues)
            return p;
        i = *end;
        *at = 0;
    }
}

VN_TEST(ev_phrase_scan_vector_matches_walk)
{
    struct vn_event_lex *x = ev_lexicon();
    int vec = x->ev_vec, bad = 0;
    static char line[600];
    srand(7);
    for (int r = 0; r < 20000 && bad < 3; r++) {
        size_t n = mix(line, sizeof line, rand() % 60);
        size_t i1 = 0, i2 = 0, s1 = 0, s2 = 0;
        int a1 = 1, a2 = 1;
        vn_ev_window w1 = VN_EV_WINDOW_INIT, w2 = VN_EV_WINDOW_INIT;
        for (int guard = 0; guard < 1000; guard++) {
            size_t e1 = 0, e2 = 0;
            x->ev_vec = vec;
            size_t p1 = next_phrase(x, line, n, i1, &s1, &a1, &e1, &w1);
            x->ev_vec = 0;
            size_t p2 = next_phrase(x, line, n, i2, &s2, &a2, &e2, &w2);
            if (p1 != p2 || (p1 < n && e1 != e2) || s1 != s2 || a1 != a2) {
                printf("  \"%s\": at %zu/%zu end %zu/%zu sent %zu/%zu start %d/%d\n", line, p1, p2, e1, e2, s1, s2,
                       a1, a2);
                bad++;
                break;
            }
            if (p1 >= n)
                break;
            i1 = i2 = e1 > p1 ? e1 : p1 + 1;
            a1 = a2 = 0;
        }
    }
    x->ev_vec = vec;
    CHECK(bad == 0);
    CHECK(tries_missed == 0);
}

/* The figures of one body line, as a string of value/unit/span triples. */
static void figures_of(const char *text, char *out, size_t cap)
{
    static vn_arena *a;
    static vn_stage st;
    if (!a) {
        a = vn_arena_new();
        st.arena = a;
        st.lex = test_lexicon(); /* the one whose scan paths the tests switch */
        vn_buf_init(&st.scratch, 0);
    }
    vn_arena_reset(a);
    vn_record *r = vn_arena_alloc(a, sizeof *r);
    memset(r, 0, sizeof *r);
    vn_line *l = VN_PUSH(a, r->lines);
    l->n = 1;
    l->text = vn_arena_strdup(a, text);
    l->len = (int)strlen(text);
    l->role = VN_ROLE_BODY;
    vn_extract_figures(&st, r);
    size_t m = 0;
    out[0] = '\0';
    for (int i = 0; i < r->figures.n && m + 80 < cap; i++) {
        const vn_figure *g = &r->figures.v[i];
        m += (size_t)snprintf(out + m, cap - m, "[%g %s %d-%d]", g->value, g->unit, g->spans.n ? g->spans.v[0].start : -1,
                              g->spans.n ? g->spans.v[0].end : -1);
    }
}

VN_TEST(fig_token_scan_vector_matches_plain)
{
    struct vn_event_lex *x = (struct vn_event_lex *)ev_lexicon();
    int vec = x->fig_vec, vec512 = x->fig_vec512, bad = 0;
    static char line[600], f1[4096], f2[4096];
    srand(11);
    /* each path this machine has (AVX-512, AVX2) against the plain walk */
    for (int r = 0; r < 20000 && bad < 3; r++) {
        mix(line, sizeof line, rand() % 60);
        x->fig_vec = x->fig_vec512 = 0;
        figures_of(line, f2, sizeof f2);
        for (int path = 0; path < 2; path++) {
            x->fig_vec = vec;
            x->fig_vec512 = path == 0 ? vec512 : 0;
            figures_of(line, f1, sizeof f1);
            if (strcmp(f1, f2) != 0) {
                printf("  %s \"%s\":\n    %s\n    %s\n", path ? "avx2" : "avx512", line, f1, f2);
                bad++;
            }
        }
    }
    x->fig_vec = vec;
    x->fig_vec512 = vec512;
    CHECK(bad == 0);
}

VN_TEST(ev_prev_word_matches_walk)
{
    char line[600];
    int bad = 0;
    srand(13);
    for (int t = 0; t < 3000 && bad < 5; t++) {
        size_t n = mix(line, sizeof line, rand() % 40);
        if (t % 7 == 0 && n > 2) /* stray bytes: a lone continuation, a lead cut short */
            line[rand() % n] = (char)(rand() % 2 ? 0x80 + rand() % 64 : 0xC0 + rand() % 64);
        for (size_t i = 0; i <= n; i++) {
            size_t e1 = 0, e2 = 0, a1 = vn_ev_prev_word(line, i, &e1), a2 = vn_ev_prev_word_walk(line, i, &e2);
            if (a1 != a2 || e1 != e2) {
                printf("  \"%s\" at %zu: %zu..%zu, walk %zu..%zu\n", line, i, a1, e1, a2, e2);
                bad++;
                break;
            }
        }
    }
    CHECK(bad == 0);
}
