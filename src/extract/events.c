/* events.c — what the article reports: its main event (type, date, chairs,
 * host) and the events of teasers for other articles (in=related). Also the
 * event lexicon, which holds the figure words too (events_int.h; the text
 * helpers the scanners share are in ev_text.c).
 *
 * The main event is named in the opening: the title and the first article
 * lines. An event word counts there when it stands as an event:
 *   - an event noun ("hội nghị tổng kết", "buổi làm việc", "đoàn công tác"),
 *     unless a topic word governs it ("tuyên truyền đại hội", "Nghị quyết
 *     Đại hội");
 *   - a head word ("Sơ kết công tác…", "… khảo sát …") only at the start of a
 *     title or sentence, after an event verb ("tổ chức sơ kết", "chủ trì"),
 *     or right after its capitalized subject ("Ban Tuyên giáo Tỉnh ủy khảo sát").
 * The first two opening lines with such a word (the title and the lead) give
 * the event: the most specific word of each line's first sentence that has one,
 * the more specific of the two ("đoàn công tác … làm việc với" over a title
 * "Kiểm tra …"),
 * and a generic "hội nghị" is refined by what follows it in the clause
 * ("Hội nghị trực tuyến tổng kết") or by a specific kind named elsewhere in
 * the opening ("Sơ kết …" as title, "dự Hội nghị" in the lead).
 * Chairs are the people (r->people spans) of the sentence with a chair cue
 * ("chủ trì", "đồng chủ trì", "chủ tọa", "làm trưởng đoàn", "dẫn đầu"): those
 * before the cue (from the sentence start or from "do"), else those after it
 * ("Chủ trì hội nghị có đồng chí …"). The host is the organizer before "tổ
 * chức" ("Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị"). */
#include "events_int.h"
#include "../core/uni.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the lexicon */

static int kind_of(const char *k)
{
    static const char *const names[] = {"", "event", "head", "refine", "verb", "host", "chair", "topic", "object", NULL};
    for (int i = 1; names[i]; i++)
        if (strcmp(k, names[i]) == 0)
            return i;
    return 0;
}

static int load_event_line(char *line, size_t len, int lineno, void *ctx)
{
    (void)len, (void)lineno;
    struct vn_event_lex *x = ctx;
    char *f[4];
    if (vn_data_fields(line, f, 4) != 4)
        return 1;
    int kind = kind_of(f[2]);
    if (!kind || !*f[0])
        return 1;
    if (x->nent == x->capent) {
        int cap = x->capent ? 2 * x->capent : 64;
        vn_ev_entry *e = realloc(x->ent, (size_t)cap * sizeof *e);
        if (!e)
            return 1;
        x->ent = e, x->capent = cap;
    }
    vn_ev_entry *e = &x->ent[x->nent];
    e->type = strcmp(f[1], "-") == 0 ? NULL : strdup(f[1]);
    e->kind = kind;
    e->rank = atoi(f[3]);
    if ((kind == EV_EVENT || kind == EV_HEAD || kind == EV_REFINE) && !e->type)
        return 1;
    ev_ci *t = kind == EV_EVENT || kind == EV_HEAD ? x->events : kind == EV_REFINE ? x->refine : x->cues;
    if (ev_ci_put(t, f[0], strlen(f[0]), x->nent++) < 0)
        return 1;
    if (t == x->events)
        vn_ev_gate_add(x, f[0]);
    if (t != x->refine)
        vn_ev_words_add(x, f[0], t == x->events ? VN_EV_IN_EVENTS : VN_EV_IN_CUES);
    else if (strlen(f[0]) > x->ev_maxlen)
        x->ev_maxlen = strlen(f[0]);
    return 0;
}

static int load_number_line(char *line, size_t len, int lineno, void *ctx)
{
    (void)len, (void)lineno;
    struct vn_event_lex *x = ctx;
    char *f[4];
    if (vn_data_fields(line, f, 4) != 4)
        return 1;
    static const char *const kinds[] = {"", "digit", "after", "ten", "tens", "dozen", "hundred", "big", "zero", NULL};
    int kind = 0;
    for (int i = 1; kinds[i]; i++)
        if (strcmp(f[2], kinds[i]) == 0)
            kind = i;
    if (!kind)
        return 1;
    if (x->nnw == x->capnw) {
        int cap = x->capnw ? 2 * x->capnw : 32;
        vn_numword *w = realloc(x->nw, (size_t)cap * sizeof *w);
        if (!w)
            return 1;
        x->nw = w, x->capnw = cap;
    }
    x->nw[x->nnw] = (vn_numword){strtod(f[1], NULL), kind, strcmp(f[3], "yes") == 0};
    vn_fig_lex_add_numword(x, f[0], x->nnw);
    vn_trie_put(x->numwords, f[0], strlen(f[0]), x->nnw++);
    return 0;
}

static int load_figure_line(char *line, size_t len, int lineno, void *ctx)
{
    (void)len, (void)lineno;
    struct vn_event_lex *x = ctx;
    char *f[2];
    if (vn_data_fields(line, f, 2) != 2)
        return 1;
    static const struct { const char *name; int bit; } classes[] = {
        {"qualifier", FW_QUALIFIER}, {"label", FW_LABEL}, {"caplabel", FW_LABEL | FW_LABEL_CAP},
        {"stop", FW_STOP},           {"time", FW_TIME},
        {"measure", FW_MEASURE},     {"percent", FW_PERCENT}, {"vague", FW_VAGUE},
        {"whole", FW_WHOLE},         {NULL, 0}};
    int bit = 0;
    for (int i = 0; classes[i].name; i++)
        if (strcmp(f[1], classes[i].name) == 0)
            bit = classes[i].bit;
    if (!bit)
        return 1;
    if (strlen(f[0]) > x->fig_maxlen)
        x->fig_maxlen = strlen(f[0]);
    const char *sp = strchr(f[0], ' ');
    if (sp && !strchr(sp + 1, ' ')) {
        size_t len = strlen(sp + 1);
        if (ev_ci_put(x->fig_last, sp + 1, len, 1) < 0)
            return 1;
        /* the bit on the word itself: one look in context_before. Only on
         * a plain word: no shorter key can end inside it, so a longest
         * match elsewhere stays what it was, and the word matched alone
         * has FW_LAST only, which the callers read as no figure word */
        int last = ev_ci_get(x->figwords, sp + 1, len);
        if (len == 0 || len >= 64 || vn_ev_word_end(sp + 1, len, 0) != len)
            x->fig_last_in_words = 0;
        else if (ev_ci_put(x->figwords, sp + 1, len, (last > 0 ? last : 0) | FW_LAST) < 0)
            return 1;
    }
    int old = ev_ci_get(x->figwords, f[0], strlen(f[0]));
    return ev_ci_put(x->figwords, f[0], strlen(f[0]), (old > 0 ? old : 0) | bit) < 0;
}

vn_result vn_event_lex_load(const char *dir, struct vn_event_lex **out, vn_error *err)
{
    struct vn_event_lex *x = calloc(1, sizeof *x);
    *out = NULL;
    if (!x)
        return VN_ERR_NOMEM;
    x->events = ev_ci_new();
    x->refine = ev_ci_new();
    x->cues = ev_ci_new();
    x->numwords = vn_trie_new();
    x->figwords = ev_ci_new();
    x->fig_last = ev_ci_new();
    if (!x->events || !x->refine || !x->cues || !x->figwords || !x->fig_last) {
        vn_event_lex_free(x);
        return VN_ERR_NOMEM;
    }
    vn_ev_words_init(x);
    vn_ev_gate_init(x);
    x->fig_last_in_words = 1;
    vn_result rc;
    if ((rc = vn_data_each_line(dir, "event_types.tsv", load_event_line, x, err)) ||
        (rc = vn_data_each_line(dir, "number_words.tsv", load_number_line, x, err)) ||
        (rc = vn_data_each_line(dir, "figure_units.tsv", load_figure_line, x, err))) {
        vn_event_lex_free(x);
        return rc;
    }
    vn_ev_gate_build(x);
    ev_ci_freeze(x->events);
    ev_ci_freeze(x->refine);
    ev_ci_freeze(x->cues);
    ev_ci_freeze(x->figwords);
    ev_ci_freeze(x->fig_last);
    vn_trie_freeze(x->numwords);
    vn_fig_lex_build(x);
    *out = x;
    return VN_OK;
}

void vn_event_lex_free(struct vn_event_lex *x)
{
    if (!x)
        return;
    for (int i = 0; i < x->nent; i++)
        free((char *)x->ent[i].type);
    free(x->ent);
    free(x->nw);
    ev_ci_free(x->events);
    ev_ci_free(x->refine);
    ev_ci_free(x->cues);
    vn_trie_free(x->numwords);
    ev_ci_free(x->figwords);
    ev_ci_free(x->fig_last);
    free(x);
}

/* ------------------------------------------------------------ event words */

typedef struct ev_cand {
    const char *type;
    int rank;
    int noun;           /* an event noun, not a head word */
    size_t start, end;  /* bytes of the line */
    size_t sent;        /* start of its sentence */
    size_t host_cue;    /* start of "tổ chức" right before it, or SIZE_MAX */
} ev_cand;

#define MAX_CANDS 16
#define OPENING_LINES 3 /* the title, the lead, the first paragraph */

static int sentence_end_byte(char c)
{
    return c == '.' || c == '!' || c == '?' || c == ';' || c == ':';
}

/* Is the word before byte i (or the one before that) capitalized in the
 * original text: a subject such as "Ban Tuyên giáo Tỉnh ủy" or "UBND tỉnh"? */
static int capitalized_subject_before(const char *text, size_t i)
{
    size_t end, w = vn_ev_prev_word(text, i, &end);
    for (int k = 0; k < 2 && w < i; k++) {
        if (vn_ev_upper_at(text, end, w))
            return 1;
        size_t w2 = vn_ev_prev_word(text, w, &end);
        if (w2 == w)
            break;
        w = w2;
    }
    return 0;
}

/* The most specific kind a generic "hội nghị" takes from its clause. */
static void refine(const struct vn_event_lex *x, const char *t, size_t n, ev_cand *c)
{
    size_t i = c->end;
    for (int words = 0; i < n && words < 14; words++) {
        i = vn_ev_skip_space(t, n, i);
        if (i >= n || sentence_end_byte(t[i]))
            break;
        size_t len;
        int m = vn_ev_match(x->refine, t, n, i, &len);
        if (m >= 0) {
            if (x->ent[m].rank > c->rank)
                c->type = x->ent[m].type, c->rank = x->ent[m].rank;
            i += len;
            continue;
        }
        size_t e = vn_ev_word_end(t, n, i);
        i = e > i ? e : i + 1;
    }
}

/* The event words of a line that stand as events, in order. The phrases are
 * looked up (in either case, on the text itself) only at a word that may
 * start one (ev_first, ev_pair). */
static int scan_events(const struct vn_event_lex *x, const vn_line *l, ev_cand *out, int max)
{
    const char *t = l->text;
    size_t n = (size_t)l->len;
    if (!vn_ev_line_may_have_event(x, t, n))
        return 0; /* no phrase of x->events anywhere: no candidate (ev_gate.c) */
    int nc = 0;
    size_t sent = 0, cue_end = SIZE_MAX, cue_start = 0;
    int cue_kind = 0, at_start = 1;
    vn_ev_window win = VN_EV_WINDOW_INIT;
    for (size_t i = 0; i < n && nc < max;) {
        /* the next word that may start a phrase; the sentence ends and
         * words before it set sent and at_start */
        size_t e;
        int tries;
        i = vn_ev_next_phrase_word(x, t, n, i, &e, &sent, &at_start, &win, &tries);
        if (i >= n)
            break;
        size_t len;
        int adjacent = cue_end != SIZE_MAX && vn_ev_skip_space(t, n, cue_end) == i;
        int m = tries & VN_EV_IN_EVENTS ? vn_ev_match(x->events, t, n, i, &len) : -1;
        if (m >= 0) {
            const vn_ev_entry *en = &x->ent[m];
            int topic = adjacent && cue_kind == EV_TOPIC;
            int stands = en->kind == EV_EVENT || at_start ||
                         (adjacent && (cue_kind == EV_VERB || cue_kind == EV_HOST || cue_kind == EV_CHAIR)) ||
                         capitalized_subject_before(t, i);
            if (!topic && stands) {
                ev_cand *c = &out[nc++];
                *c = (ev_cand){en->type, en->rank, en->kind == EV_EVENT, i, i + len, sent,
                               adjacent && cue_kind == EV_HOST ? cue_start : SIZE_MAX};
                if (strncmp(en->type, "hội nghị", strlen("hội nghị")) == 0)
                    refine(x, t, n, c);
            }
            cue_end = i + len, cue_kind = 0;
            i += len;
            at_start = 0;
            continue;
        }
        int c = tries & VN_EV_IN_CUES ? vn_ev_match(x->cues, t, n, i, &len) : -1;
        if (c >= 0) {
            cue_kind = x->ent[c].kind, cue_start = i, cue_end = i + len;
            i += len;
        } else {
            i = e;
        }
        at_start = 0;
    }
    return nc;
}

/* The event of a line: the most specific word of the first sentence that
 * has one; an event noun before a head word of the same rank ("Trạm kiểm tra
 * … tổ chức hội đàm"). */
static const ev_cand *line_event(const ev_cand *c, int nc)
{
    if (!nc)
        return NULL;
    const ev_cand *best = &c[0];
    for (int i = 1; i < nc && c[i].sent == c[0].sent; i++)
        if (c[i].rank > best->rank || (c[i].rank == best->rank && c[i].noun && !best->noun))
            best = &c[i];
    return best;
}

static void add_span(vn_stage *st, vn_event *ev, const vn_line *l, size_t a, size_t b)
{
    vn_cp_cursor c; /* code points counted 32 bytes at a time */
    vn_cp_cursor_init(&c, l->text);
    int ca = vn_cp_at(&c, a);
    vn_spans_add(st->arena, &ev->spans, l->n, ca, vn_cp_at(&c, b));
}

/* ------------------------------------------------------------ host, chairs */

/* "Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị": the capitalized phrase of the
 * clause before "tổ chức" (after "do" if there is one). */
static const char *host_before(vn_stage *st, const vn_line *l, size_t sent, size_t cue)
{
    const char *t = l->text;
    size_t a = cue;
    while (a > sent && t[a - 1] != ',' && t[a - 1] != '(' && !sentence_end_byte(t[a - 1]))
        a--;
    for (size_t k = a; k + 4 <= cue; k++)
        if (memcmp(t + k, " do ", 4) == 0)
            a = k + 4;
    while (a < cue && t[a] == ' ')
        a++;
    size_t b = cue;
    while (b > a && t[b - 1] == ' ')
        b--;
    /* "Ủy ban MTTQ tỉnh sẽ tổ chức": not the modal */
    const struct vn_event_lex *x = vn_ev_lex(st);
    for (;;) {
        size_t e, w = vn_ev_prev_word(t, b, &e);
        if (w >= b || w <= a || e - w >= 16) /* longer than a stop word */
            break;
        int cls = ev_ci_get(x->figwords, t + w, e - w);
        if (cls <= 0 || !(cls & FW_STOP))
            break;
        b = w;
        while (b > a && t[b - 1] == ' ')
            b--;
    }
    if (b <= a || b - a > 120 || !vn_ev_upper_at(t, b, a))
        return NULL;
    /* a body's name: two capitalized words ("Ban Tuyên giáo") or an acronym
     * ("UBND tỉnh"), not a sentence's first word ("Việc tổ chức …") */
    int caps = 0, acronym = 0;
    for (size_t k = a; k < b; k = vn_ev_skip_space(t, b, vn_ev_word_end(t, b, k))) {
        if (vn_ev_digit(t[k]))
            return NULL;
        if (!vn_ev_wordbyte(t, b, k))
            return NULL;
        caps += vn_ev_upper_at(t, b, k);
        size_t e = vn_ev_word_end(t, b, k);
        acronym |= e - k >= 2 && vn_ev_upper_at(t, b, k) && vn_ev_upper_at(t, b, k + 1);
    }
    if (caps < 2 && !acronym)
        return NULL;
    return vn_arena_strndup(st->arena, t + a, b - a);
}

/* "đoàn công tác của Ban Tuyên giáo Tỉnh ủy do …": the body after "của",
 * to a lowercase word that follows a lowercase word. */
static const char *host_after_of(vn_stage *st, const vn_line *l, size_t e)
{
    const char *t = l->text;
    size_t n = (size_t)l->len;
    size_t p = vn_ev_skip_space(t, n, e);
    size_t of = strlen("của ");
    if (n - p < of || memcmp(t + p, "của ", of) != 0)
        return NULL;
    size_t a = p + of, b = a, k = a;
    int prev_lower = 0, caps = 0;
    while (k < n && vn_ev_wordbyte(t, n, k) && !vn_ev_digit(t[k])) {
        int cap = vn_ev_upper_at(t, n, k);
        if (!cap && (prev_lower || k == a))
            break;
        caps += cap;
        prev_lower = !cap;
        b = vn_ev_word_end(t, n, k);
        k = vn_ev_skip_space(t, n, b);
        if (k == b)
            break;
    }
    return caps >= 2 || (caps && b - a > 4) ? vn_arena_strndup(st->arena, t + a, b - a) : NULL;
}

/* Does a chair cue ending at e chair an event (not "chủ trì, phối hợp")? */
static int chairs_an_event(const struct vn_event_lex *x, const char *low, size_t n, size_t e, int always)
{
    if (always)
        return 1;
    size_t p = vn_ev_skip_space(low, n, e);
    if (p >= n || low[p] == '.' || low[p] == ';')
        return 1;
    size_t len;
    if (vn_ev_match(x->events, low, n, p, &len) >= 0)
        return 1;
    int c = vn_ev_match(x->cues, low, n, p, &len);
    return c >= 0 && x->ent[c].kind == EV_OBJECT;
}

/* Chairs from the people of one chair sentence; returns how many were added. */
static int chairs_of_sentence(vn_stage *st, const vn_record *r, const vn_line *l, size_t ss, size_t c0,
                              size_t c1, size_t se, int after_only, vn_event *ev)
{
    int np = 0;
    for (int i = 0; i < r->people.n; i++)
        for (int k = 0; k < r->people.v[i].spans.n; k++)
            np += r->people.v[i].spans.v[k].line == l->n;
    if (!np)
        return 0;
    vn_ev_range *rg = vn_arena_alloc(st->arena, (size_t)np * sizeof *rg);
    int *who = vn_arena_alloc(st->arena, (size_t)np * sizeof *who);
    int j = 0;
    for (int i = 0; i < r->people.n; i++)
        for (int k = 0; k < r->people.v[i].spans.n; k++) {
            const vn_span *sp = &r->people.v[i].spans.v[k];
            if (sp->line == l->n) {
                rg[j] = (vn_ev_range){(size_t)(sp->start > 0 ? sp->start : 0), (size_t)(sp->end > 0 ? sp->end : 0)};
                who[j++] = i;
            }
        }
    vn_ev_cps_to_bytes(st, l, rg, np);
    /* before the cue: from the sentence start, or from "do" ("do đồng chí X … làm trưởng đoàn") */
    size_t from = ss;
    for (size_t k = ss; k + 4 <= c0; k++)
        if (memcmp(l->text + k, " do ", 4) == 0 || (k == ss && memcmp(l->text + k, "Do ", 3) == 0))
            from = k + 3;
    /* "dưới sự chủ trì của đồng chí A (và đồng chí B), …": the people of
     * its clause, not those the sentence names after ("… để xem xét kỷ luật
     * ông C") */
    size_t clause = se;
    if (after_only)
        for (size_t k = c1; k < se; k++)
            if (l->text[k] == ',' || l->text[k] == ';' ||
                (k + strlen(" để ") <= se && memcmp(l->text + k, " để ", strlen(" để ")) == 0)) {
                clause = k;
                break;
            }
    int added = 0;
    for (int pass = after_only; pass < 2 && !added; pass++) {
        size_t a = pass == 0 ? from : c1, b = pass == 0 ? c0 : clause;
        for (int i = 0; i < np; i++) {
            if (rg[i].a >= a && rg[i].b <= b && r->people.v[who[i]].in == VN_IN_ARTICLE) {
                vn_strs_add_unique(st->arena, &ev->chairs, r->people.v[who[i]].name);
                added++;
            }
        }
    }
    return added;
}

/* The sentence around byte i: [*ss, *se), at most CHAIR_WINDOW bytes each side. */
#define CHAIR_WINDOW 1500
static void sentence_around(const char *t, size_t n, size_t i, size_t *ss, size_t *se)
{
    size_t a = i, lim = i > CHAIR_WINDOW ? i - CHAIR_WINDOW : 0;
    while (a > lim && !(sentence_end_byte(t[a - 1]) && t[a - 1] != ':' && t[a] == ' '))
        a--;
    while (a < i && ((unsigned char)t[a] & 0xC0) == 0x80)
        a++;
    size_t b = i, blim = n - i > CHAIR_WINDOW ? i + CHAIR_WINDOW : n;
    while (b < blim && !(sentence_end_byte(t[b]) && t[b] != ':' && (b + 1 >= n || t[b + 1] == ' ')))
        b++;
    while (b > i && b < n && ((unsigned char)t[b] & 0xC0) == 0x80)
        b--;
    *ss = a, *se = b;
}

/* A list of chairs runs over its ";" where a colon opens it: after the cue
 * ("Chủ tọa kỳ họp gồm các đồng chí: A, …; B, …; C, …") or right after the
 * first words of the sentence ("Các đồng chí: A, …; B, … đồng chủ trì …",
 * "Các đồng chí Ủy viên Bộ Chính trị: …");
 * a colon after other words opens a list of who attended, not who chaired. */
static void colon_list(const char *t, size_t n, size_t cue, size_t *ss, size_t *se)
{
    if (*se < n && t[*se] == ';' && *se > cue && t[cue] == 'h' /* "(c)hủ trì", "(c)hủ tọa" */ &&
        memchr(t + cue, ':', *se - cue)) {
        size_t b = *se, lim = n - cue > CHAIR_WINDOW ? cue + CHAIR_WINDOW : n;
        while (b < lim && !(sentence_end_byte(t[b]) && t[b] != ':' && t[b] != ';' && (b + 1 >= n || t[b + 1] == ' ')))
            b++;
        *se = b;
    }
    if (*ss > 1 && t[*ss - 1] == ';') {
        size_t a = *ss - 1, lim = cue > CHAIR_WINDOW ? cue - CHAIR_WINDOW : 0;
        while (a > lim && !(sentence_end_byte(t[a - 1]) && t[a - 1] != ':' && t[a - 1] != ';' && t[a] == ' '))
            a--;
        while (a < cue && t[a] == ' ')
            a++;
        /* "Các đồng chí Ủy viên Bộ Chính trị: …": the plural cue and a rank */
        static const char plural[] = "Các đồng chí";
        int words = 0, most = cue - a > sizeof plural - 1 && memcmp(t + a, plural, sizeof plural - 1) == 0 ? 9 : 3;
        for (size_t k = a; k < cue; k++) {
            if (t[k] == ':') {
                if (words <= most)
                    *ss = a;
                break;
            }
            if (t[k] != ' ' && (k == a || t[k - 1] == ' ') && ++words > most)
                break;
        }
    }
}

/* The chairs: the people of the first sentence where a chair cue chairs an
 * event, and of the co-chair sentences right after it ("Cùng chủ trì có các
 * đồng chí …", "Đồng chủ trì hội nghị có …") in its line or the next. */
static void find_chairs(vn_stage *st, const vn_record *r, const struct vn_event_lex *x, vn_event *ev)
{
    if (!r->people.n)
        return;
    int found_line = -1;
    for (int li = 0; li < r->lines.n; li++) {
        if (found_line >= 0 && li > found_line + 1)
            return;
        const vn_line *l = &r->lines.v[li];
        if (vn_line_scope(l) != VN_IN_ARTICLE)
            continue;
        size_t n = (size_t)l->len, done = 0;
        for (size_t hint = vn_ev_next_chair_tail(x, l->text, n, 0); hint < n;
             hint = vn_ev_next_chair_tail(x, l->text, n, done)) {
            size_t ss, se;
            sentence_around(l->text, n, hint, &ss, &se);
            colon_list(l->text, n, hint, &ss, &se);
            if (se <= hint)
                se = hint + 1 < n ? hint + 1 : n;
            done = se > hint ? se : hint + 1;
            /* the cues of this sentence, on its lowercase copy */
            size_t wn = se - ss;
            char *low = vn_arena_alloc(st->arena, wn + 1);
            vn_ev_lower(l->text + ss, wn, low, wn + 1);
            for (size_t i = 0; i < wn;) {
                if (!vn_ev_wordbyte(low, wn, i)) {
                    i++;
                    continue;
                }
                size_t len;
                int c = vn_ev_match(x->cues, low, wn, i, &len);
                if (c < 0 || x->ent[c].kind != EV_CHAIR) {
                    i = vn_ev_word_end(low, wn, i);
                    continue;
                }
                size_t end, pw = vn_ev_prev_word(low, i, &end);
                int co = memcmp(low + i, "đồng chủ", strlen("đồng chủ")) == 0 ||
                         (pw < i && end - pw == strlen("cùng") && memcmp(low + pw, "cùng", end - pw) == 0);
                if (found_line >= 0 && !co) {
                    i += len;
                    continue;
                }
                /* "dưới sự chủ trì của …": the people after it chair the event */
                int after_only = pw < i && end - pw == strlen("sự") && memcmp(low + pw, "sự", end - pw) == 0;
                int always = found_line >= 0 || after_only ||
                             (low[i] != 'c' && memcmp(low + i, "đồng chủ", strlen("đồng chủ")) != 0);
                if (chairs_an_event(x, low, wn, i + len, always)) {
                    size_t to = se; /* a co-chair list runs over its ";" */
                    while (co && to < n && l->text[to] == ';')
                        for (to++; to < n && !sentence_end_byte(l->text[to]); to++)
                            ;
                    if (chairs_of_sentence(st, r, l, ss, ss + i, ss + i + len, to, after_only, ev) &&
                        found_line < 0)
                        found_line = li;
                }
                i += len;
            }
        }
    }
}

/* ------------------------------------------------------------ the stage */

static int opening(const vn_line *l)
{
    return vn_line_scope(l) == VN_IN_ARTICLE && l->role != VN_ROLE_CAPTION && l->role != VN_ROLE_DATELINE &&
           l->role != VN_ROLE_BYLINE && !vn_dates_line_is_dateline(l);
}

static void main_event(vn_stage *st, vn_record *r, const struct vn_event_lex *x)
{
    ev_cand cands[MAX_CANDS], keep;
    vn_line head_keep[OPENING_LINES]; /* the opening lines, cut (best_line points here) */
    const ev_cand *best = NULL;
    const vn_line *best_line = NULL;
    const char *specific = NULL, *host = NULL, *host_type = NULL;
    int specific_rank = 0, seen = 0, lines_with_event = 0;
    for (int li = 0; li < r->lines.n && seen < OPENING_LINES; li++) {
        const vn_line *l = &r->lines.v[li];
        if (!opening(l))
            continue;
        seen++;
        vn_line *h = &head_keep[seen - 1];
        *h = vn_ev_head_n(l, VN_EV_EVENT_BYTES);
        l = h;
        int nc = scan_events(x, l, cands, MAX_CANDS);
        for (int i = 0; i < nc; i++)
            if (strncmp(cands[i].type, "hội nghị ", strlen("hội nghị ")) == 0 && cands[i].rank > specific_rank)
                specific = cands[i].type, specific_rank = cands[i].rank;
        /* the title and the lead both name the event: the more specific wins
         * (a lead's "đoàn công tác … làm việc với" over a title's "Kiểm tra …") */
        if (nc && lines_with_event < 2) {
            const ev_cand *c = line_event(cands, nc);
            if (!best || c->rank > best->rank) {
                keep = *c;
                best = &keep;
                best_line = l;
            }
            lines_with_event++;
        }
        /* the organizer may be named in another opening line: the title says
         * "dự hội nghị tổng kết", the lead "Ban … tổ chức hội nghị tổng kết" */
        for (int i = 0; i < nc && !host; i++)
            if (cands[i].host_cue != SIZE_MAX)
                host = host_before(st, l, cands[i].sent, cands[i].host_cue), host_type = cands[i].type;
    }
    if (!best)
        return;
    vn_event *ev = VN_PUSH(st->arena, r->events);
    memset(ev, 0, sizeof *ev);
    ev->type = best->type;
    /* a generic conference named more precisely elsewhere in the opening */
    if (strcmp(ev->type, "hội nghị") == 0 && specific)
        ev->type = specific;
    ev->date = r->event_date;
    ev->in = VN_IN_ARTICLE;
    add_span(st, ev, best_line, best->start, best->end);
    if (best->host_cue != SIZE_MAX)
        ev->host = host_before(st, best_line, best->sent, best->host_cue);
    if (!ev->host && (strncmp(best_line->text + best->start, "đoàn", strlen("đoàn")) == 0 ||
                      strncmp(best_line->text + best->start, "Đoàn", strlen("Đoàn")) == 0))
        ev->host = host_after_of(st, best_line, best->end);
    if (!ev->host && host && (strcmp(host_type, best->type) == 0 || strcmp(host_type, ev->type) == 0))
        ev->host = host;
    find_chairs(st, r, x, ev);
}

static void related_events(vn_stage *st, vn_record *r, const struct vn_event_lex *x)
{
    vn_date_lazy dc; /* the year context, made when a date needs it */
    vn_dates_lazy_init(&dc, st, r);
    const char *prev = NULL;
    ev_cand cands[MAX_CANDS];
    for (int li = 0; li < r->lines.n; li++) {
        const vn_line *l = &r->lines.v[li];
        if (l->role != VN_ROLE_RELATED)
            continue;
        if (prev && strcmp(prev, l->text) == 0)
            continue; /* a teaser title printed twice */
        prev = l->text;
        vn_line head = vn_ev_head_n(l, VN_EV_EVENT_BYTES);
        l = &head;
        int nc = scan_events(x, l, cands, MAX_CANDS);
        const ev_cand *c = line_event(cands, nc);
        if (!c)
            continue;
        vn_event *ev = VN_PUSH(st->arena, r->events);
        memset(ev, 0, sizeof *ev);
        ev->type = c->type;
        ev->in = VN_IN_RELATED;
        vn_date_found f;
        if (vn_dates_find_event_lazy(&dc, l, NULL, 0, &f))
            ev->date = vn_dates_format(st, &f);
        if (c->host_cue != SIZE_MAX)
            ev->host = host_before(st, l, c->sent, c->host_cue);
        add_span(st, ev, l, c->start, c->end);
    }
}

void vn_extract_events(vn_stage *st, vn_record *r)
{
    const struct vn_event_lex *x = vn_ev_lex(st);
    if (!x)
        return;
    main_event(st, r, x);
    related_events(st, r, x);
}
