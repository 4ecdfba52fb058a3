/* segment.c — give every line of a page its role, and set the article apart.
 *
 * A crawled page is a column of lines: site furniture on top, perhaps a title
 * and a dateline, the article's paragraphs with photos and their captions, a
 * byline, then teaser lists and more furniture. The passes, in order:
 *   1. measure every line (shape.c) and look short ones up (lexicon.c):
 *      furniture, image remnants and section headers are settled at once;
 *   2. lines that repeat on many pages of the same source (boiler.c) are furniture;
 *   3. datelines; 4. teaser regions after section headers (titles, summaries);
 *   5. the article's extent: its first and last paragraph;
 *   6. the title: a heading-shaped line before the first paragraph, never a sentence;
 *   7. every other line by where it stands: before the body (bylines, captions,
 *      leftovers of the header), inside it (captions, body), after it (bylines,
 *      source lines, teasers without a header, footer);
 *   8. the lead, then the record's fields (fill.c).
 * Everything is linear in the number of lines; long lines are only measured. */
#include "page_int.h"
#include "segment_int.h"

#include "../core/uni.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static int is_open(const pfeat *f) { return f->end == END_OPEN || f->end == END_QUESTION; }

/* ---- pass 1: measure */

/* A dateline with its author beside it, on either side of a "|" or a dash:
 * "Thu Hà | 12/08/2025 15:20", "12/08/2025 15:20 - Tác giả: Thu Hà". The
 * author's part is personal names, after "Tác giả:" or not; *ab, *ae: where
 * they are. */
static int dateline_and_author(const char *s, size_t n, char *iso, size_t *ab, size_t *ae)
{
    for (size_t k = 1; k + 2 < n; k++) {
        size_t w = s[k] == '|' ? 1 : (s[k] == '-' && s[k - 1] == ' ' && s[k + 1] == ' ') ? 1
                                   : (k + 3 < n && memcmp(s + k, "\xE2\x80\x93", 3) == 0) ? 3 : 0;
        if (!w)
            continue;
        for (int side = 0; side < 2; side++) {
            size_t db = side ? 0 : k + w, de = side ? k : n; /* the date's part */
            size_t nb = side ? k + w : 0, ne = side ? n : k; /* the names' part */
            while (nb < ne && s[nb] == ' ')
                nb++;
            while (ne > nb && s[ne - 1] == ' ')
                ne--;
            static const char cue[] = "Tác giả";
            if (ne - nb > sizeof cue - 1 && memcmp(s + nb, cue, sizeof cue - 1) == 0) {
                nb += sizeof cue - 1;
                while (nb < ne && (s[nb] == ':' || s[nb] == ' '))
                    nb++;
            }
            size_t b[PAGE_MAX_NAMES], e[PAGE_MAX_NAMES];
            if (ne > nb && vn_name_list(s + nb, ne - nb, b, e, PAGE_MAX_NAMES) > 0 &&
                vn_dateline_only(s + db, de - db, iso)) {
                *ab = nb, *ae = ne;
                return 1;
            }
        }
    }
    return 0;
}

static void make_key(vn_arena *a, pfeat *f, const vn_line *l)
{
    char buf[4 * VN_PAGE_SHORT + 8];
    size_t k = vn_page_key(l->text, (size_t)l->len, buf);
    f->key = vn_arena_strndup(a, buf, k);
    f->klen = (int)k;
}

/* Does the text hold the Latin-1 sign C2 c ("©", "°")? C2 is rare in Vietnamese
 * text, so memchr finds the few places to look. */
static int has_latin1(const char *s, size_t n, unsigned char c)
{
    for (const char *p = s, *e = s + n; (p = memchr(p, 0xC2, (size_t)(e - p))) && p + 1 < e; p++)
        if ((unsigned char)p[1] == c)
            return 1;
    return 0;
}

static void measure(vn_stage *st, pfeat *f, const vn_line *l)
{
    const struct vn_page_lex *lx = st->lex ? st->lex->page : NULL;
    size_t n = (size_t)l->len;
    /* a line this long holds dozens of words: not worth counting */
    f->words = n > VN_PAGE_SHORT ? 64 : vn_count_words(l->text, n, 64);
    f->end = vn_line_end(l->text, n);
    f->sentences = 9;
    f->have_sent = 1;
    f->starts_upper = vn_starts_upper(l->text, n < 16 ? n : 16);
    if (n > VN_PAGE_SHORT) {
        f->have_cap = f->have_byline = 1; /* long lines carry no cues */
        return;
    }
    f->short_ = 1;
    f->have_sent = 0;
    f->remnant = vn_is_image_remnant(l->text, n);
    size_t b, e;
    if (!f->remnant && vn_table_cell(l->text, n, &b, &e)) {
        f->cell = 1;
        f->cell_b = (int)b;
        f->cell_e = (int)e;
    }
    f->noletters = !f->remnant && vn_no_letters(l->text, n);
    if (n <= 120 && f->words <= 14 && strpbrk(l->text, "0123456789")) {
        char iso[32];
        size_t ab = 0, ae = 0;
        if (vn_dateline_only(l->text, n, iso) || dateline_and_author(l->text, n, iso, &ab, &ae)) {
            f->dateline = 1;
            f->iso = vn_arena_strdup(st->arena, iso);
            f->dl_author_b = (int)ab, f->dl_author_e = (int)ae;
        }
    }
    if (f->words > 30) /* no furniture phrase rule applies to a line this long */
        return;
    make_key(st->arena, f, l);
    int sentence = (f->end == END_TERMINAL || f->end == END_QUESTION) && f->words >= 8;
    f->kind = vn_page_lex_line(lx, f->key, (size_t)f->klen, f->words, sentence, &f->kind_why);
    if (!f->kind && has_latin1(l->text, n, 0xA9)) { /* © */
        f->kind = PL_FURNITURE;
        f->kind_why = "footer";
    }
    /* "Hà Nội 28°C", "Nhiệt độ: 25°C - 31°C": a weather box (unless it is the headline) */
    if (!f->kind && f->words <= 5 && f->end != END_TERMINAL && has_latin1(l->text, n, 0xB0))
        f->weather = 1;
}

const char *seg_key(pseg *g, int i)
{
    pfeat *f = &g->f[i];
    if (!f->key && f->short_)
        make_key(g->arena, f, &g->r->lines.v[i]);
    return f->key;
}

int seg_sentences(pseg *g, int i)
{
    pfeat *f = &g->f[i];
    if (!f->have_sent) {
        const vn_line *l = &g->r->lines.v[i];
        f->sentences = vn_sentences(l->text, (size_t)l->len);
        f->have_sent = 1;
    }
    return f->sentences;
}

const vn_capcues *seg_cap(pseg *g, int i)
{
    pfeat *f = &g->f[i];
    if (!f->have_cap) {
        if (f->words <= 60 && seg_key(g, i))
            vn_page_lex_captions(g->lx, f->key, (size_t)f->klen, &f->cap);
        f->have_cap = 1;
    }
    return &f->cap;
}

/* "Văn Tài - Trung tâm Thông tin": names, then after " - " the unit they
 * write for (a body's name, page_bylines.tsv "unit"). The names' count, or 0. */
static int names_then_unit(pseg *g, const vn_line *l, pfeat *f, size_t *nb, size_t *ne)
{
    const char *s = l->text, *dash = NULL;
    size_t n = (size_t)l->len;
    for (size_t k = 1; k + 2 < n && !dash; k++)
        if (s[k] == ' ' && s[k + 1] == '-' && s[k + 2] == ' ')
            dash = s + k;
    if (!dash)
        return 0;
    size_t u = (size_t)(dash - s) + 3, ulen;
    char key[4 * VN_PAGE_SHORT + 8];
    size_t klen = vn_page_key(s + u, n - u, key);
    if (!klen || vn_page_lex_byline(g->lx, key, klen, &ulen) != PB_UNIT)
        return 0;
    int k = vn_name_list(s, (size_t)(dash - s), nb, ne, PAGE_MAX_NAMES);
    if (k)
        f->names_len = (int)(dash - s);
    return k;
}

vn_pb_kind seg_byline_kind(pseg *g, int i)
{
    pfeat *f = &g->f[i];
    if (!f->have_byline) {
        const vn_line *l = &g->r->lines.v[i];
        if (seg_key(g, i))
            f->bkind = vn_page_lex_byline(g->lx, f->key, (size_t)f->klen, &f->bmlen);
        if (f->words <= 12 && f->bkind != PB_UNIT) {
            size_t nb[PAGE_MAX_NAMES], ne[PAGE_MAX_NAMES];
            f->names = vn_name_list(l->text, (size_t)l->len, nb, ne, PAGE_MAX_NAMES);
            if (!f->names)
                f->names = names_then_unit(g, l, f, nb, ne);
        }
        f->have_byline = 1;
    }
    return f->bkind;
}

/* A paragraph: a sentence-shaped line of some length, or any long line. A
 * lone question or exclamation is a headline's shape, not a paragraph's. */
static int is_para(pseg *g, int i)
{
    const pfeat *f = &g->f[i];
    if (f->remnant || f->cell || f->noletters)
        return 0;
    if (f->words > 40) /* too long for a heading, whatever its end */
        return 1;
    if (f->words >= 25 && (!is_open(f) || seg_sentences(g, i) >= 2))
        return 1;
    if (f->words < 8)
        return 0;
    if (f->end == END_TERMINAL || f->end == END_ELLIPSIS)
        return 1;
    return f->end == END_QUESTION && seg_sentences(g, i) >= 2;
}

/* A heading-shaped line: not a sentence, not too long. */
static int headingish(const pfeat *f, const vn_line *l)
{
    return is_open(f) && f->words >= 2 && f->words <= 40 && l->len <= 400 && !f->cell &&
           !f->remnant && !f->noletters;
}

/* ---- captions */

int seg_cap_opening(pseg *g, int i)
{
    pfeat *f = &g->f[i];
    if (!f->have_open) {
        f->open = seg_key(g, i) ? vn_page_lex_caption_opening(g->lx, f->key, (size_t)f->klen) : 0;
        f->have_open = 1;
    }
    return f->open;
}

/* A credit needs the word "ảnh" or "Ảnh" (E1 BA A3/A2, then "nh"), or "photo":
 * one pass for the three, sixteen places at a time where SSE2 is there. */
static int credit_at(const unsigned char *s, size_t n, size_t i)
{
    return (i + 5 <= n && s[i] == 0xE1 && s[i + 1] == 0xBA && (s[i + 2] == 0xA3 || s[i + 2] == 0xA2) &&
            s[i + 3] == 'n' && s[i + 4] == 'h') ||
           (i + 4 <= n && memcmp(s + i, "hoto", 4) == 0);
}

static int may_credit(const vn_line *l)
{
    const unsigned char *s = (const unsigned char *)l->text;
    size_t n = (size_t)l->len, i = 0;
#ifdef __SSE2__
    for (; i + 20 <= n; i += 16) { /* every match starting in [i, i + 16) lies inside */
#define AT(k) _mm_loadu_si128((const __m128i *)(s + i + (k)))
#define IS(v, c) _mm_cmpeq_epi8((v), _mm_set1_epi8((char)(c)))
        __m128i x0 = AT(0), x1 = AT(1), x2 = AT(2), x3 = AT(3), x4 = AT(4);
        __m128i anh = _mm_and_si128(_mm_and_si128(IS(x0, 0xE1), IS(x1, 0xBA)),
                                    _mm_and_si128(_mm_or_si128(IS(x2, 0xA3), IS(x2, 0xA2)),
                                                  _mm_and_si128(IS(x3, 'n'), IS(x4, 'h'))));
        __m128i hoto = _mm_and_si128(_mm_and_si128(IS(x0, 'h'), IS(x1, 'o')),
                                     _mm_and_si128(IS(x2, 't'), IS(x3, 'o')));
#undef AT
#undef IS
        if (_mm_movemask_epi8(_mm_or_si128(anh, hoto)))
            return 1;
    }
#endif
    for (; i < n; i++)
        if (credit_at(s, n, i))
            return 1;
    return 0;
}

static const char *caption_why(pseg *g, int i);

/* Why line i is a photo caption, or NULL. The answer depends on the line's
 * features, its neighbour's and the first paragraph's place, all settled in
 * pass 1 (never on roles), so it is worked out once. */
const char *vn_seg_caption_why(pseg *g, int i)
{
    pfeat *f = &g->f[i];
    if (!f->have_cap_why) {
        f->cap_why = caption_why(g, i);
        f->have_cap_why = 1;
    }
    return f->cap_why;
}

static const char *caption_why(pseg *g, int i)
{
    const pfeat *f = &g->f[i];
    if (f->cell && f->words <= 60)
        return "table-cell";
    if (!f->short_)
        return NULL;
    int after_image = i > 0 && g->f[i - 1].remnant;
    if (after_image && !f->dateline && !f->kind &&
        (is_open(f) ? f->words <= 50 : (f->words <= 35 && seg_sentences(g, i) == 1)))
        return "after-image";
    /* every rule below wants a short line */
    if (is_open(f) ? f->words > 50 : f->words > 30)
        return NULL;
    /* the full cue scan only where a cue could decide: a line opening with
     * who a photo shows, or holding the word "ảnh" (a credit) */
    int open = seg_cap_opening(g, i);
    if (open == VN_CAP_START &&
        (is_open(f) ? f->words <= 40 : (f->words <= 20 && seg_sentences(g, i) == 1)))
        return "caption-cue";
    if (open != VN_CAP_SUBJECT && !may_credit(&g->r->lines.v[i]))
        return NULL;
    const vn_capcues *c = seg_cap(g, i);
    if (c->credit && f->words <= 30)
        return "photo-credit";
    if (c->speech || c->body_start || !c->verb || !c->subject)
        return NULL;
    /* "Đồng chí X, Bí thư Tỉnh ủy phát biểu tại hội nghị." Before any paragraph
     * (under the headline) such a sentence is more likely the sapo; only a
     * short line there is a caption ("Các đại biểu dự Hội nghị"). */
    int after_text = g->first_para < i;
    if (is_open(f) && f->words >= 3 && f->words <= (after_text ? 50 : 15))
        return "caption-shape";
    if (after_text && f->end == END_TERMINAL && f->words <= 30 && f->words - c->verb_word <= 8 &&
        seg_sentences(g, i) == 1)
        return "caption-shape";
    return NULL;
}

/* ---- pass 2: lines repeated across pages of the source */

static int protected_line(pseg *g, int i)
{
    const pfeat *f = &g->f[i];
    if (i == g->title_slot || f->cell || f->dateline || (i > 0 && g->f[i - 1].remnant) ||
        ((f->end == END_TERMINAL || f->end == END_QUESTION) && f->words >= 8))
        return 1;
    vn_pb_kind b = seg_byline_kind(g, i);
    if (f->names || b == PB_AUTHOR_PREFIX || b == PB_SOURCE_PREFIX || b == PB_AGENCY ||
        seg_cap_opening(g, i) == VN_CAP_START)
        return 1;
    return may_credit(&g->r->lines.v[i]) && seg_cap(g, i)->credit;
}

static void repeated_lines(vn_stage *st, pseg *g, const char *source)
{
    if (!st->ls)
        return;
    for (int i = 0; i < g->n; i++) {
        vn_line *l = &g->r->lines.v[i];
        if (l->role || !g->f[i].short_ || l->len > 200)
            continue;
        int pages = 0;
        int c = vn_linestats_count_line(st->ls, source, l->text, (size_t)l->len, g->page, l->n, &pages);
        /* on at least 3 pages and on a quarter of the source's pages */
        if (c >= 3 && c * 4 >= pages && !protected_line(g, i)) {
            l->role = VN_ROLE_BOILERPLATE;
            l->why = "repeated-across-pages";
        }
    }
}

/* ---- pass 4: teaser regions */

static int next_open_line(const pseg *g, int j)
{
    for (int k = j + 1; k < g->n; k++) {
        vn_role r = g->r->lines.v[k].role;
        if (r == VN_ROLE_NONE)
            return k;
        if (r != VN_ROLE_BOILERPLATE)
            return -1;
    }
    return -1;
}

static int same_text(const vn_line *a, const vn_line *b)
{
    return a->len == b->len && memcmp(a->text, b->text, (size_t)a->len) == 0;
}

/* Walk a teaser list from line start to (not including) stop: heading-shaped
 * lines are teaser titles, a paragraph right after a title (and not followed
 * by another paragraph) is its summary; anything else ends the list. Returns
 * the index where the list ended. */
static int teaser_region(pseg *g, int start, int stop)
{
    vn_line *L = g->r->lines.v;
    int last_title = 0;
    int j = start;
    for (; j < stop; j++) {
        pfeat *f = &g->f[j];
        if (L[j].role == VN_ROLE_BOILERPLATE || L[j].role == VN_ROLE_RELATED)
            continue;
        if (L[j].role == VN_ROLE_DATELINE) {
            L[j].role = VN_ROLE_RELATED;
            L[j].why = "teaser-date";
            continue;
        }
        if (L[j].role != VN_ROLE_NONE)
            break;
        if (headingish(f, &L[j]) || (f->words <= 3 && !f->para)) {
            L[j].role = VN_ROLE_RELATED;
            L[j].why = "teaser-title";
            last_title = 1;
            continue;
        }
        int k = next_open_line(g, j);
        /* (not followed by the article's byline either: the article went on
         * after a box of teasers in its middle, and this is its end) */
        if (last_title && L[j].len <= 1500 && !(k >= 0 && g->f[k].para) &&
            !(k >= 0 && (seg_byline_kind(g, k), g->f[k].names > 0))) {
            L[j].role = VN_ROLE_RELATED;
            L[j].why = "teaser-summary";
            last_title = 0;
            continue;
        }
        break;
    }
    return j;
}

static void teaser_regions(pseg *g)
{
    vn_line *L = g->r->lines.v;
    int first_par = -1;
    for (int i = 0; i < g->n && first_par < 0; i++)
        if (!L[i].role && g->f[i].para && !vn_seg_caption_why(g, i))
            first_par = i;
    for (int i = 0; i < g->n; i++) {
        pfeat *f = &g->f[i];
        /* "Xem thêm: <title>" inside or below the article; above it, such a
         * line is a kicker before the headline ("Tiêu điểm: …") */
        if (f->kind == PL_INLINE_TEASER && !L[i].role && first_par >= 0 && i > first_par) {
            L[i].role = VN_ROLE_RELATED;
            L[i].why = "inline-teaser";
            continue;
        }
        if (f->kind == PL_SECTION) {
            int stop = g->n;
            if (first_par < 0 || i < first_par) {
                /* a list above the article: it ends before the article's own
                 * title, the last heading before the dateline or first paragraph */
                int lim = first_par < 0 ? g->n : first_par;
                for (int k = i + 1; k < lim; k++)
                    if (L[k].role == VN_ROLE_DATELINE) {
                        lim = k;
                        break;
                    }
                stop = lim;
                for (int k = lim - 1; k > i; k--)
                    if (!L[k].role && headingish(&g->f[k], &L[k])) {
                        stop = k;
                        break;
                    }
            }
            i = teaser_region(g, i + 1, stop) - 1;
            continue;
        }
        /* titles printed twice, after the article began: a teaser list without a header */
        if (first_par >= 0 && i > first_par && !L[i].role && headingish(f, &L[i]) && f->words >= 3) {
            int k = next_open_line(g, i);
            if (k >= 0 && same_text(&L[i], &L[k]))
                i = teaser_region(g, i, g->n) - 1;
        }
    }
}

/* ---- pass 6: the title */

/* lenient: a line opening like a caption ("Cận cảnh …", "Toàn cảnh …") may
 * be the headline when nothing else is */
static int title_candidate(pseg *g, int i, int first_par, int lenient)
{
    const pfeat *f = &g->f[i];
    const vn_line *l = &g->r->lines.v[i];
    int shape = headingish(f, l) ||
                (f->end == END_ELLIPSIS && f->words >= 2 && f->words <= 25 && !f->cell && !f->remnant);
    if (l->role || !shape || (i > 0 && g->f[i - 1].remnant))
        return 0;
    if (!f->starts_upper && !(lenient && i == 0))
        return 0;
    vn_pb_kind b = seg_byline_kind(g, i);
    if (f->names || (!lenient && seg_cap_opening(g, i) != 0 && seg_cap_opening(g, i) != VN_CAP_SUBJECT))
        return 0;
    /* a unit's name alone ("Sở Tư pháp tỉnh X") is a site header more often than a headline */
    if (b == PB_AUTHOR_PREFIX || ((b == PB_SOURCE_PREFIX || b == PB_AGENCY) && f->words <= 6) ||
        (b == PB_UNIT && f->words <= 6 && !lenient))
        return 0;
    if (l->text[0] == '(')
        return 0;
    if (f->words >= 4)
        return 1;
    /* a short headline is believed only right before the body */
    return first_par >= 0 && next_open_line(g, i) == first_par;
}

static int choose_title(pseg *g, int first_par)
{
    vn_line *L = g->r->lines.v;
    int lim = first_par >= 0 ? first_par : g->n;
    int dl = -1;
    for (int i = 0; i < lim; i++)
        if (L[i].role == VN_ROLE_DATELINE) {
            dl = i;
            break;
        }
    int t = -1;
    for (int lenient = 0; lenient < 2 && t < 0; lenient++) {
        if (dl >= 0) {
            for (int i = dl - 1; i >= 0 && t < 0; i--)
                if (title_candidate(g, i, first_par, lenient))
                    t = i;
            for (int i = dl + 1; i < lim && t < 0; i++)
                if (title_candidate(g, i, first_par, lenient))
                    t = i;
            /* a short line above the dateline is the site's section more
             * often than the headline, when a longer heading after the
             * dateline opens the article ("Hoạt động của lãnh đạo tỉnh |
             * dateline | Hội nghị giao ban công tác … quý III | Sáng 12/8, …") */
            if (t >= 0 && t < dl && g->f[t].words <= 6 && first_par >= 0)
                for (int i = first_par - 1; i > dl; i--) {
                    if (L[i].role)
                        continue;
                    if (title_candidate(g, i, first_par, lenient) && g->f[i].words >= 8 &&
                        next_open_line(g, i) == first_par)
                        t = i;
                    break;
                }
        } else {
            for (int i = 0; i < lim && t < 0; i++)
                if (title_candidate(g, i, first_par, lenient))
                    t = i;
        }
    }
    if (t < 0)
        return -1;
    L[t].role = VN_ROLE_TITLE;
    L[t].why = "heading";
    for (int i = 0; i < lim; i++)
        if (i != t && !L[i].role && L[i].len == L[t].len && seg_key(g, i) && seg_key(g, t) &&
            strcmp(g->f[i].key, g->f[t].key) == 0) {
            L[i].role = VN_ROLE_BOILERPLATE;
            L[i].why = "duplicate-title";
        }
    return t;
}

/* ---- pass 7: the rest, by place */

/* Below the article, a heading next to another heading (or to a teaser) is
 * one of a list of teasers printed without a header. */
static int teaser_shaped(const pfeat *f, const vn_line *l)
{
    return headingish(f, l) && f->words >= 4 && f->words <= 30 && f->starts_upper && l->text[0] != '(';
}

static int teaser_neighbours(const pseg *g, int i)
{
    const vn_line *L = g->r->lines.v;
    if (!teaser_shaped(&g->f[i], &L[i]))
        return 0;
    if (i > 0 && L[i - 1].role == VN_ROLE_RELATED)
        return 1;
    int k = next_open_line(g, i);
    return k >= 0 && teaser_shaped(&g->f[k], &L[k]);
}

/* "Tỉnh ủy sơ kết … (01/07/2025)": a teaser's title with the day it was
 * posted, or after a list's bullet, as sites print their lists of other
 * articles; never a byline or a source line, whatever unit it starts with. */
static int marked_teaser(const pfeat *f, const vn_line *l)
{
    size_t n = (size_t)l->len;
    const char *s = l->text;
    /* or marked as an item of a list: "» Tỉnh ủy sơ kết …", "• …", "- …" */
    static const char *const bullets[] = {"\xC2\xBB", "\xE2\x80\xA2", "\xE2\x96\xBA", "\xE2\x96\xB6",
                                          "\xE2\x96\xA0", "\xE2\x96\xAA", "\xE2\x86\x92", "- "};
    for (size_t b = 0; b < sizeof bullets / sizeof *bullets; b++) {
        size_t k = strlen(bullets[b]);
        if (n > k && memcmp(s, bullets[b], k) == 0)
            return f->words >= 5 && f->end != END_TERMINAL && f->end != END_QUESTION;
    }
    while (n && s[n - 1] == ' ')
        n--;
    if (f->words < 5 || n < 8 || s[n - 1] != ')' || !f->starts_upper)
        return 0;
    size_t k = n - 1, digits = 0, seps = 0;
    while (k > 0 && n - k <= 12) {
        char c = s[--k];
        if (c == '(')
            return digits >= 3 && seps >= 1 && digits + seps == n - k - 2;
        if (c >= '0' && c <= '9')
            digits++;
        else if (c == '/' || c == '-' || c == '.')
            seps++;
        else
            return 0;
    }
    return 0;
}

static void set_role(vn_line *l, vn_role r, const char *why)
{
    l->role = r;
    l->why = why;
}

static void classify_rest(vn_stage *st, pseg *g, int first_par, int last_par, int title)
{
    vn_line *L = g->r->lines.v;
    for (int i = 0; i < g->n; i++) {
        if (L[i].role)
            continue;
        pfeat *f = &g->f[i];
        const char *cw = vn_seg_caption_why(g, i);
        if (first_par < 0 || i < first_par) { /* above the body */
            if (f->words <= 8 && vn_seg_byline(st, g, i, 0))
                continue;
            if (cw)
                set_role(&L[i], VN_ROLE_CAPTION, cw);
            else if (title >= 0 && i < title)
                set_role(&L[i], VN_ROLE_BOILERPLATE, "before-title");
            else if (title < 0 && f->words < 8 && !f->para)
                set_role(&L[i], VN_ROLE_BOILERPLATE, "before-body");
            else
                set_role(&L[i], VN_ROLE_BODY, "text");
        } else if (i <= last_par) { /* the body */
            set_role(&L[i], cw ? VN_ROLE_CAPTION : VN_ROLE_BODY, cw ? cw : "text");
        } else { /* below the body: bylines first, unless under a photo */
            if (cw && (f->cell || (i > 0 && g->f[i - 1].remnant))) {
                set_role(&L[i], VN_ROLE_CAPTION, cw);
            } else if (marked_teaser(f, &L[i])) {
                set_role(&L[i], VN_ROLE_RELATED, "teaser-dated");
            } else if (vn_seg_byline(st, g, i, 1)) {
                continue;
            } else if (cw) {
                set_role(&L[i], VN_ROLE_CAPTION, cw);
            } else if ((f->end == END_TERMINAL || f->end == END_ELLIPSIS || f->end == END_QUESTION) &&
                       f->words >= 3 && f->starts_upper) {
                set_role(&L[i], VN_ROLE_BODY, "short-paragraph");
            } else if (teaser_neighbours(g, i)) {
                set_role(&L[i], VN_ROLE_RELATED, "teaser-list");
            } else if (f->words >= 12) {
                set_role(&L[i], VN_ROLE_BODY, "trailing-text");
            } else {
                set_role(&L[i], VN_ROLE_BOILERPLATE, "after-article");
            }
        }
    }
}

/* ---- the stage */

void vn_page_segment(vn_stage *st, vn_record *r)
{
    vn_page_segment_page(st, r, NULL);
}

void vn_page_segment_page(vn_stage *st, vn_record *r, const vn_page *page)
{
    pseg g;
    memset(&g, 0, sizeof g);
    g.page = page;
    g.r = r;
    g.n = r->lines.n;
    g.lx = st->lex ? st->lex->page : NULL;
    g.arena = st->arena;
    char host[256];
    const char *ls_source = "";
    if (r->url && vn_url_host(r->url, host, sizeof host)) {
        r->source = vn_arena_strdup(st->arena, host);
        ls_source = r->source;
    }
    if (g.n == 0) {
        vn_seg_fill(st, &g, -1);
        return;
    }
    g.f = vn_arena_alloc(st->arena, (size_t)g.n * sizeof *g.f);
    vn_line *L = r->lines.v;

    /* 1. measure; furniture, remnants, headers settle at once */
    for (int i = 0; i < g.n; i++) {
        pfeat *f = &g.f[i];
        measure(st, f, &L[i]);
        f->para = is_para(&g, i);
        L[i].role = VN_ROLE_NONE;
        L[i].why = NULL;
        if (f->remnant)
            set_role(&L[i], VN_ROLE_BOILERPLATE, "image-remnant");
        else if (f->kind == PL_FURNITURE)
            set_role(&L[i], VN_ROLE_BOILERPLATE, f->kind_why);
        else if (f->kind == PL_SECTION)
            set_role(&L[i], VN_ROLE_BOILERPLATE, "section-header");
        else if (f->noletters && !f->dateline)
            set_role(&L[i], VN_ROLE_BOILERPLATE, "no-letters");
    }
    g.first_para = g.n;
    for (int i = 0; i < g.n && g.first_para == g.n; i++)
        if (g.f[i].para && !L[i].role)
            g.first_para = i;
    /* the headline's likely place, kept from the learner: pages that repeat
     * it are copies of one article, not furniture */
    g.title_slot = -1;
    for (int i = g.first_para - 1; i >= 0; i--) {
        if (!L[i].role && !g.f[i].dateline && headingish(&g.f[i], &L[i]) && g.f[i].words >= 4) {
            g.title_slot = i;
            break;
        }
    }
    for (int i = 0; i < g.n; i++)
        if (g.f[i].weather && !L[i].role && i != g.title_slot)
            set_role(&L[i], VN_ROLE_BOILERPLATE, "weather");
    /* 2. learned furniture */
    repeated_lines(st, &g, ls_source);
    /* 3. datelines */
    for (int i = 0; i < g.n; i++)
        if (!L[i].role && g.f[i].dateline) {
            set_role(&L[i], VN_ROLE_DATELINE, "dateline");
            if (g.f[i].dl_author_e > g.f[i].dl_author_b)
                vn_seg_add_authors(st, r, L[i].text + g.f[i].dl_author_b,
                                   (size_t)(g.f[i].dl_author_e - g.f[i].dl_author_b));
        }
    /* 4. teaser lists */
    teaser_regions(&g);
    /* 5. the article's extent */
    int first_par = -1, last_par = -1;
    for (int i = 0; i < g.n; i++)
        if (!L[i].role && g.f[i].para && !vn_seg_caption_why(&g, i)) {
            if (first_par < 0)
                first_par = i;
            last_par = i;
        }
    if (first_par < 0) /* no sentence-shaped paragraph: take long lines */
        for (int i = 0; i < g.n; i++)
            if (!L[i].role && g.f[i].words >= 12 && !vn_seg_caption_why(&g, i)) {
                if (first_par < 0)
                    first_par = i;
                last_par = i;
            }
    if (first_par < 0) /* a short page: any sentence is its body, never lose it */
        for (int i = 0; i < g.n; i++) {
            const pfeat *f = &g.f[i];
            if (!L[i].role && f->words >= 2 && f->starts_upper &&
                (f->end == END_TERMINAL || f->end == END_ELLIPSIS) && !vn_seg_caption_why(&g, i)) {
                if (first_par < 0)
                    first_par = i;
                last_par = i;
            }
        }
    /* 6. the title */
    int title = choose_title(&g, first_par);
    /* 7. everything else */
    classify_rest(st, &g, first_par, last_par, title);
    /* 8. lead and record */
    vn_seg_fill(st, &g, title);
}
