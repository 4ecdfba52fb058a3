/* fill.c — bylines, the lead, and the record's fields from the line roles. */
#include "segment_int.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* ---- bylines and source lines */

void vn_seg_add_authors(vn_stage *st, vn_record *r, const char *s, size_t n)
{
    size_t b[PAGE_MAX_NAMES], e[PAGE_MAX_NAMES];
    int k = vn_name_list(s, n, b, e, PAGE_MAX_NAMES);
    for (int i = 0; i < k && i < PAGE_MAX_NAMES; i++)
        vn_strs_add_unique(st->arena, &r->authors, vn_arena_strndup(st->arena, s + b[i], e[i] - b[i]));
}

/* The text after a cue like "Tin, ảnh:" (after its colon, or its words). */
static const char *after_cue(const pfeat *f, const char *s, size_t n, size_t *rest)
{
    const char *colon = memchr(s, ':', n < 48 ? n : 48);
    const char *p;
    if (colon) {
        p = colon + 1;
    } else {
        int w = vn_count_words(f->key, f->bmlen, 16);
        p = s;
        const char *end = s + n;
        while (w-- > 0 && p < end) {
            while (p < end && *p == ' ')
                p++;
            while (p < end && *p != ' ')
                p++;
        }
    }
    while (p < s + n && *p == ' ')
        p++;
    *rest = (size_t)(s + n - p);
    return p;
}

int vn_seg_byline(vn_stage *st, pseg *g, int i, int at_end)
{
    pfeat *f = &g->f[i];
    vn_line *l = &g->r->lines.v[i];
    if (!f->short_ || f->words > 16 || !seg_key(g, i))
        return 0;
    char host[256];
    if (f->words <= 4 && vn_line_host(l->text, (size_t)l->len, host, sizeof host)) {
        if (!g->line_host)
            g->line_host = vn_arena_strdup(st->arena, host);
        l->role = VN_ROLE_BYLINE;
        l->why = "source-host";
        return 1;
    }
    switch (seg_byline_kind(g, i)) {
    case PB_AUTHOR_PREFIX: {
        size_t rn;
        const char *rest = after_cue(f, l->text, (size_t)l->len, &rn);
        if (!rn && f->words > 3)
            return 0;
        vn_seg_add_authors(st, g->r, rest, rn);
        l->role = VN_ROLE_BYLINE;
        l->why = "byline-author";
        return 1;
    }
    case PB_SOURCE_PREFIX:
        if (f->words > 14 || f->end == END_QUESTION || (f->end == END_TERMINAL && f->words >= 6) ||
            (size_t)f->klen <= f->bmlen)
            return 0;
        l->role = VN_ROLE_BYLINE;
        l->why = "byline-source";
        return 1;
    case PB_AGENCY:
        if ((size_t)f->klen != f->bmlen && f->key[f->bmlen] != ' ' && f->key[f->bmlen] != '(')
            return 0;
        if (f->words > 4)
            return 0;
        l->role = VN_ROLE_BYLINE;
        l->why = "byline-agency";
        return 1;
    case PB_UNIT:
        if (!at_end || f->words > 12 || f->end == END_TERMINAL || f->end == END_QUESTION)
            return 0;
        l->role = VN_ROLE_BYLINE;
        l->why = "source-unit";
        return 1;
    default:
        break;
    }
    if (f->names) {
        vn_seg_add_authors(st, g->r, l->text, (size_t)(f->names_len ? f->names_len : l->len));
        l->role = VN_ROLE_BYLINE;
        l->why = "byline-name";
        return 1;
    }
    return 0;
}

/* ---- the lead */

/* The sapo: the first paragraph right under the title (only datelines, bylines
 * and furniture between, no photo), when more body follows it. */
static void find_lead(pseg *g, int title)
{
    vn_line *L = g->r->lines.v;
    for (int i = title + 1; i < g->n; i++) {
        vn_role r = L[i].role;
        if (r == VN_ROLE_DATELINE || r == VN_ROLE_BYLINE ||
            (r == VN_ROLE_BOILERPLATE && !g->f[i].remnant))
            continue;
        if (r != VN_ROLE_BODY || !g->f[i].para || L[i].len > 1500)
            return;
        for (int k = i + 1; k < g->n; k++)
            if (L[k].role == VN_ROLE_BODY) {
                L[i].role = VN_ROLE_LEAD;
                L[i].why = "sapo";
                return;
            }
        return;
    }
}

/* ---- dates */

static int parse_ymd(const char *s, int *y, int *m, int *d)
{
    if (!s)
        return 0;
    int k = 0;
    for (; k < 10 && s[k]; k++)
        ;
    if (k < 10)
        return 0;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? (s[i] != '-' && s[i] != '/') : !(s[i] >= '0' && s[i] <= '9'))
            return 0;
    *y = atoi(s);
    *m = atoi(s + 5);
    *d = atoi(s + 8);
    return vn_valid_date(*y, *m, *d);
}

static const char *choose_published(const pseg *g, int title)
{
    const vn_line *L = g->r->lines.v;
    if (title >= 0) {
        for (int i = title + 1; i < g->n; i++)
            if (L[i].role == VN_ROLE_DATELINE)
                return g->f[i].iso;
        for (int i = title - 1; i >= 0; i--)
            if (L[i].role == VN_ROLE_DATELINE)
                return g->f[i].iso;
        return NULL;
    }
    for (int i = 0; i < g->n; i++)
        if (L[i].role == VN_ROLE_DATELINE)
            return g->f[i].iso;
    return NULL;
}

/* ---- related titles, each once */

typedef struct {
    unsigned long long *slot;
    size_t mask;
} hset;

static int hset_add(hset *h, const char *s)
{
    unsigned long long x = XXH3_64bits(s, strlen(s)) | 1;
    for (size_t i = (size_t)x & h->mask;; i = (i + 1) & h->mask) {
        if (h->slot[i] == x)
            return 0;
        if (!h->slot[i]) {
            h->slot[i] = x;
            return 1;
        }
    }
}

static const char *trimmed(vn_arena *a, const char *s, size_t n)
{
    while (n && s[0] == ' ')
        s++, n--;
    while (n && s[n - 1] == ' ')
        n--;
    return vn_arena_strndup(a, s, n);
}

void vn_seg_fill(vn_stage *st, pseg *g, int title)
{
    vn_record *r = g->r;
    vn_arena *a = st->arena;
    if (g->n) {
        if (title >= 0)
            find_lead(g, title);
        r->published = choose_published(g, title);
        if (title >= 0)
            r->title = r->lines.v[title].text;
        size_t cap = 16;
        while (cap < (size_t)g->n * 2)
            cap <<= 1;
        hset seen = {vn_arena_alloc(a, cap * sizeof(unsigned long long)), cap - 1};
        for (int i = 0; i < g->n; i++) {
            vn_line *l = &r->lines.v[i];
            pfeat *f = &g->f[i];
            switch (l->role) {
            case VN_ROLE_LEAD:
                r->lead = l->text;
                break;
            case VN_ROLE_BODY:
                *VN_PUSH(a, r->body) = l->text;
                break;
            case VN_ROLE_CAPTION:
                *VN_PUSH(a, r->captions) =
                    f->cell ? trimmed(a, l->text + f->cell_b, (size_t)(f->cell_e - f->cell_b)) : l->text;
                break;
            case VN_ROLE_RELATED: {
                const char *t = NULL;
                if (l->why && strcmp(l->why, "inline-teaser") == 0) {
                    const char *c = strchr(l->text, ':');
                    t = c ? trimmed(a, c + 1, strlen(c + 1)) : l->text;
                } else if (l->why && (strcmp(l->why, "teaser-title") == 0 ||
                                      strcmp(l->why, "teaser-list") == 0)) {
                    t = l->text;
                }
                if (t && *t && hset_add(&seen, t))
                    *VN_PUSH(a, r->related) = t;
                break;
            }
            default:
                break;
            }
        }
    }
    if (!r->source && g->line_host)
        r->source = g->line_host;
    int y, m, d;
    if (parse_ymd(r->published, &y, &m, &d) || parse_ymd(r->date_hint, &y, &m, &d)) {
        r->pub_year = y;
        r->pub_month = m;
        r->pub_day = d;
    }
}
