/* people_scan.c — the tokens of a chunk, cut only where they can matter.
 *
 * Persons, positions and organizations all hang on capitalized words (a
 * cue or a position in apposition is read only next to one, names.c). Most
 * of a line is lowercase prose: it is scanned sixteen bytes at a time for
 * what could start a capitalized word, and cut into tokens only in a window
 * around one (three whitespace-separated words before, WINDOW_AFTER after
 * the last). A stretch between windows becomes one TK_GAP token carrying the
 * items its tokens would have given (words, separators, "và"/"kiêm"), so the
 * grammar sees the same items. A look-ahead that reaches a gap marks the
 * chunk, which is then cut in full and read again (people.c): the result is
 * the same as cutting everything, only faster. */
#include "people_int.h"

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Whitespace-separated words kept after the last capitalized word of a
 * window; what follows a name or a position is mostly read within them. */
#define WINDOW_AFTER 2
#define WINDOW_BEFORE 3 /* a cue or a fixed phrase reaches three tokens back */

static inline int is_alnum_at(const unsigned char *s, size_t n)
{
    unsigned b = s[0];
    if (b < 0x80)
        return (b >= '0' && b <= '9') || ((b | 32) >= 'a' && (b | 32) <= 'z');
    if (b >= 0xC3 && b <= 0xC6)
        return 1; /* Latin-1 letters, Latin Extended-A/B: Vietnamese letters */
    if (b == 0xE1 && n >= 2 && s[1] >= 0xB8 && s[1] <= 0xBB)
        return 1; /* Latin Extended Additional */
    int len;
    return vn_is_letter(vn_utf8_next((const char *)s, n, &len));
}

static int utf8_len(unsigned b)
{
    return b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
}

/* Is there an uppercase letter in s[from..to)? "UBND", "ThS", "TámPhó" (two
 * words run together) are not the capitalized syllables of a name. */
static int has_inner_upper(const unsigned char *s, int from, int to)
{
    for (int i = from; i < to;) {
        if (pp_upper_at(s + i, (size_t)(to - i)))
            return 1;
        i += utf8_len(s[i]);
    }
    return 0;
}

/* Byte classes. Inside a word: ASCII letters and digits, UTF-8 continuation
 * bytes and the lead bytes of Latin letters (C3–C6); Latin Extended
 * Additional (E1 B8–BB) is taken right after; other lead bytes are looked at
 * one character at a time. At the start of a token the first byte picks a
 * fast path (most words start with a lowercase ASCII letter). */
enum { S_SPACE = 1, S_LOWER, S_DIGIT, S_UPPER, S_LATIN, S_EXT, S_PUNCT, S_OTHER };
static unsigned char word_byte[256];   /* 1: a byte that continues a word */
static unsigned char start_class[256]; /* S_* */
static char punct_ch[128];              /* ASCII punctuation → ptok.ch */

void pp_scan_init(void)
{
    for (int b = 0; b < 256; b++) {
        int alnum = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
        word_byte[b] = (unsigned char)(alnum || (b >= 0x80 && b <= 0xBF) || (b >= 0xC3 && b <= 0xC6));
        unsigned char k = S_OTHER;
        if (b == ' ' || b == '\t' || b == '\r')
            k = S_SPACE;
        else if (b >= 'a' && b <= 'z')
            k = S_LOWER;
        else if (b >= '0' && b <= '9')
            k = S_DIGIT;
        else if (b >= 'A' && b <= 'Z')
            k = S_UPPER;
        else if (b >= 0xC3 && b <= 0xC6)
            k = S_LATIN;
        else if (b == 0xE1)
            k = S_EXT;
        else if (b < 0x80)
            k = S_PUNCT;
        start_class[b] = k;
        if (b < 0x80)
            /* NUL, like strchr's terminator, counts as a separator */
            punct_ch[b] = (char)(b == 0 ? 0 : b == '!' || b == '?' ? '.' : strchr(",;:()-.\"", b) ? b : '?');
    }
}

static inline int is_space(unsigned b)
{
    return b == ' ' || b == '\t' || b == '\r';
}

/* The joining rule for . - / ' & between the bytes of a word: joined in
 * "1.528", "19-3", "GD-ĐT", "TN&MT"; split in "Lĩnh-Ủy viên", "Q.Thanh Khê",
 * "PGS.TS" (the lexicons hold "q.", "pgs.ts"). c = s[i], inside a word. */
static inline int joins(const unsigned char *s, int n, int i, unsigned c)
{
    return (c == '.' || c == '-' || c == '/' || c == '\'' || c == '&') && i + 1 < n &&
           is_alnum_at(s + i + 1, (size_t)(n - i - 1)) &&
           (c == '&' || !pp_upper_at(s + i + 1, (size_t)(n - i - 1)) ||
            (c != '.' && s[i - 1] >= 'A' && s[i - 1] <= 'Z'));
}

/* The end of a word whose first character ends at i (s[n] is NUL). */
static int word_end_slow(const unsigned char *s, int n, int i);

static inline int word_end(const unsigned char *s, int n, int i)
{
    /* the usual word: letters, then a space */
    for (;;) {
        unsigned c = s[i];
        if (word_byte[c])
            i++;
        else if (c == 0xE1 && s[i + 1] >= 0xB8 && s[i + 1] <= 0xBB && i + 3 <= n)
            i += 3;
        else if (c == ' ' && i < n)
            return i;
        else
            return word_end_slow(s, n, i);
    }
}

static int word_end_slow(const unsigned char *s, int n, int i)
{
    for (;;) {
        while (word_byte[s[i]])
            i++;
        if (i >= n)
            return n;
        unsigned c = s[i];
        if (c == 0xE1 && s[i + 1] >= 0xB8 && s[i + 1] <= 0xBB) {
            i += i + 3 > n ? n - i : 3;
            continue;
        }
        if (start_class[c] == S_SPACE)
            return i;
        if (joins(s, n, i, c)) {
            i++;
            continue;
        }
        if (c >= 0x80 && is_alnum_at(s + i, (size_t)(n - i))) {
            int cl = utf8_len(c);
            i += i + cl > n ? n - i : cl;
            continue;
        }
        return i;
    }
}

/* The token that starts at s[i] (not a space, i < n) into k; returns its end. */
static int cut_token(const unsigned char *s, int n, int i, ptok *k)
{
    unsigned b = s[i];
    int st = i, l, cls;
    k->h = NO_HASH;
    k->ch = 0;
    k->miss = 0;
    switch (start_class[b]) {
    case S_LOWER:
        k->s = st;
        k->e = word_end(s, n, i + 1);
        k->cls = TK_LOWER;
        return k->e;
    case S_DIGIT:
        cls = TK_DIGIT, l = 1;
        break;
    case S_UPPER:
        cls = TK_TITLE, l = 1;
        break;
    case S_PUNCT:
        k->s = i;
        k->e = i + 1;
        k->cls = TK_PUNCT;
        k->ch = punct_ch[b];
        return i + 1;
    case S_LATIN:
        if (i + 1 < n) {
            cls = pp_upper_at(s + i, 2) ? TK_TITLE : TK_LOWER, l = 2;
            break;
        }
        goto general;
    case S_EXT:
        if (i + 2 < n && s[i + 1] >= 0xB8 && s[i + 1] <= 0xBB) {
            cls = s[i + 2] & 1 ? TK_LOWER : TK_TITLE, l = 3;
            break;
        }
        goto general;
    default:
    general:
        l = utf8_len(b);
        if (i + l > n)
            l = n - i;
        if (!is_alnum_at(s + i, (size_t)(n - i))) {
            k->s = i;
            k->e = i + l;
            k->cls = TK_PUNCT;
            if (l == 3 && b == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0x93 || s[i + 2] == 0x94))
                k->ch = '-'; /* en and em dash */
            else if (l == 3 && b == 0xE2 && s[i + 1] == 0x80 && s[i + 2] >= 0x9C && s[i + 2] <= 0x9D)
                k->ch = '"';
            else if (l == 3 && b == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0xA6)
                k->ch = '.'; /* … */
            else
                k->ch = '?';
            return i + l;
        }
        cls = pp_upper_at(s + st, (size_t)(n - st)) ? TK_TITLE : TK_LOWER;
        break;
    }
    i = word_end(s, n, i + l);
    if (cls == TK_TITLE && has_inner_upper(s, st + l, i))
        cls = TK_UPPER;
    k->s = st;
    k->e = i;
    k->cls = (unsigned char)cls;
    return i;
}

/* ------------------------------------------------------------------ gaps */

/* Bits of the bytes at p[0..16) worth a look in a gap: ASCII uppercase and
 * punctuation (NUL, tab included), lead bytes other than those of Vietnamese
 * letters (C3–C6, E1 B8–BB), such a letter cut short, and after a space: a
 * Vietnamese lead byte (an uppercase letter?) or "v", "k" ("và", "kiêm").
 * Reads p[-1] to p[17]. */
static inline unsigned gap_bits(const unsigned char *p)
{
#if defined(__SSE2__)
#define RANGE(x, lo, hi)                                                                          \
    _mm_cmpeq_epi8(_mm_min_epu8(_mm_sub_epi8((x), _mm_set1_epi8((char)(lo))),                    \
                                _mm_set1_epi8((char)((hi) - (lo)))),                             \
                   _mm_sub_epi8((x), _mm_set1_epi8((char)(lo))))
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i pv = _mm_loadu_si128((const __m128i *)(const void *)(p - 1));
    __m128i nv = _mm_loadu_si128((const __m128i *)(const void *)(p + 1));
    __m128i plain = _mm_or_si128(_mm_or_si128(RANGE(v, 'a', 'z'), RANGE(v, '0', '9')),
                                 _mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
    __m128i ascii = _mm_cmpgt_epi8(v, _mm_set1_epi8(-1));
    __m128i punct = _mm_andnot_si128(plain, ascii); /* and A–Z */
    __m128i e1 = _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE1));
    __m128i viet = _mm_or_si128(RANGE(v, 0xC3, 0xC6), e1);
    __m128i odd = _mm_andnot_si128(viet, RANGE(v, 0xC0, 0xFF));
    __m128i e1odd = _mm_andnot_si128(RANGE(nv, 0xB8, 0xBB), e1);
    __m128i vk = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('v')), _mm_cmpeq_epi8(v, _mm_set1_epi8('k')));
    __m128i start = _mm_and_si128(_mm_cmpeq_epi8(pv, _mm_set1_epi8(' ')), _mm_or_si128(viet, vk));
    /* a letter cut short ("\xE1\xBB ") takes the next bytes into its token */
    __m128i nnv = _mm_loadu_si128((const __m128i *)(const void *)(p + 2));
    __m128i cut = _mm_or_si128(_mm_andnot_si128(RANGE(nv, 0x80, 0xBF), viet),
                               _mm_andnot_si128(RANGE(nnv, 0x80, 0xBF), e1));
    /* and a stray continuation byte after ASCII may stand as a token */
    cut = _mm_or_si128(cut, _mm_and_si128(RANGE(v, 0x80, 0xBF), _mm_cmpgt_epi8(pv, _mm_set1_epi8(-1))));
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_or_si128(punct, odd), _mm_or_si128(e1odd, start)), cut);
    return (unsigned)_mm_movemask_epi8(m);
#undef RANGE
#else
    unsigned m = 0;
    for (int k = 0; k < 16; k++) {
        unsigned b = p[k];
        int plain = (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == ' ';
        int viet = (b >= 0xC3 && b <= 0xC6) || b == 0xE1;
        if ((b < 0x80 && !plain) || (b >= 0xC0 && !viet) ||
            (b == 0xE1 && !(p[k + 1] >= 0xB8 && p[k + 1] <= 0xBB)) ||
            (p[k - 1] == ' ' && (viet || b == 'v' || b == 'k')) ||
            (viet && (p[k + 1] & 0xC0) != 0x80) || (b == 0xE1 && (p[k + 2] & 0xC0) != 0x80) ||
            ((b & 0xC0) == 0x80 && p[k - 1] < 0x80))
            m |= 1u << k;
    }
    return m;
#endif
}

typedef struct gapscan {
    const unsigned char *s;
    int n;
    pgap *codes;
    int ncodes;
    int last_end; /* end of the last token given an item */
} gapscan;

static void code(gapscan *g, int pos, int end, char ch)
{
    g->codes[g->ncodes++] = (pgap){pos, end, ch};
    g->last_end = end;
}

/* The words between the last item and byte q, if any, as one item. */
static void words_before(gapscan *g, int q)
{
    int p = g->last_end;
    while (p < q && is_space(g->s[p]))
        p++;
    if (p < q)
        code(g, p, q, 'w');
}

/* Does a capitalized word start at q (a word start)? Unusual letters count. */
static int cap_start(const gapscan *g, int q)
{
    const unsigned char *s = g->s;
    unsigned b = s[q];
    if (b < 0x80)
        return b >= 'A' && b <= 'Z';
    if (b >= 0xC3 && b <= 0xC6)
        return q + 1 >= g->n || pp_upper_at(s + q, 2);
    if (b == 0xE1 && q + 2 < g->n && s[q + 1] >= 0xB8 && s[q + 1] <= 0xBB)
        return !(s[q + 2] & 1);
    return 1;
}

/* A word starting at q: "và" or "kiêm" give an item. */
static void word_start(gapscan *g, int q)
{
    const unsigned char *s = g->s;
    int n = g->n, len = 0;
    if (s[q] == 'v' && q + 3 <= n && s[q + 1] == 0xC3 && s[q + 2] == 0xA0)
        len = 3;
    else if (s[q] == 'k' && q + 5 <= n && !memcmp(s + q + 1, "i\xC3\xAAm", 4))
        len = 5;
    if (len && word_end(s, n, q + 1) == q + len) {
        words_before(g, q);
        code(g, q, q + len, '&');
    }
}

/* Scan from r (a word start after a space, or 0) for the first byte that may
 * start a capitalized word (or that this scan does not handle); items of the
 * tokens before it go to g->codes. Returns its offset, or n. */
static int gap_scan(gapscan *g, int r)
{
    const unsigned char *s = g->s;
    int n = g->n;
    g->last_end = r;
    if (s[r - 1] != ' ')
        return r; /* after a tab: its first word is not marked as one (rare) */
    for (int p = r; p < n; p += 16) {
        for (unsigned m = gap_bits(s + p); m; m &= m - 1) {
            int q = p + __builtin_ctz(m);
            if (q >= n)
                return n;
            unsigned b = s[q];
            if (b >= 0x80) {
                /* not a Vietnamese letter, one cut short, a stray byte, or a
                 * letter after a space */
                unsigned b1 = s[q + 1];
                if (!((b >= 0xC3 && b <= 0xC6) || b == 0xE1) || (b1 & 0xC0) != 0x80 ||
                    (b == 0xE1 && (b1 < 0xB8 || b1 > 0xBB || (s[q + 2] & 0xC0) != 0x80)) ||
                    cap_start(g, q))
                    return q;
                continue;
            }
            if (b == 'v' || b == 'k') {
                word_start(g, q);
                continue;
            }
            if ((b >= 'A' && b <= 'Z') || b == 0 || b == '\t' || b == '\r')
                return q;
            /* punctuation: inside a word it may join ("1.528") */
            unsigned pb = s[q - 1];
            int in_word = pb >= 0x80 || (pb >= '0' && pb <= '9') || ((pb | 32) >= 'a' && (pb | 32) <= 'z');
            if (in_word && joins(s, n, q, b))
                continue;
            words_before(g, q);
            code(g, q, q + 1, punct_ch[b]);
            /* a word right after it is not after a space */
            unsigned nb = s[q + 1];
            if (q + 1 < n && nb >= 0x80) {
                if (!((nb >= 0xC3 && nb <= 0xC6) || nb == 0xE1) || cap_start(g, q + 1))
                    return q + 1;
            } else if (q + 1 < n && (nb == 'v' || nb == 'k'))
                word_start(g, q + 1);
        }
    }
    return n;
}

/* ------------------------------------------------------------------- cut */

/* May a token of the whitespace-separated word s[a..) start a cue or a
 * phrase that fixes a historic name (names.c reads those up to three
 * tokens before a capitalized word)? A word with punctuation may hold
 * several tokens: yes. */
static int may_lead(const struct vn_people_lex *lx, const unsigned char *s, int a)
{
    int e = a;
    while (word_byte[s[e]] || s[e] == 0xE1)
        e++;
    if (!is_space(s[e]) && s[e])
        return 1;
    unsigned h = pp_word_hash((const char *)s + a, (size_t)(e - a));
    return (lx->cues.first[h >> 6] >> (h & 63) & 1) || (lx->hist_ctx.first[h >> 6] >> (h & 63) & 1);
}

/* Where the window around the capitalized word at q starts: the start of
 * its whitespace-separated word, or up to WINDOW_BEFORE words before where
 * one of them may start a cue. */
static int window_start(const struct vn_people_lex *lx, const unsigned char *s, int r, int q)
{
    int w = q;
    while (w > r && !is_space(s[w - 1]))
        w--;
    for (int k = 0, a = w; k < WINDOW_BEFORE; k++) {
        int e = a;
        while (e > r && is_space(s[e - 1]))
            e--;
        if (e == r)
            break;
        for (a = e; a > r && !is_space(s[a - 1]);)
            a--;
        if (may_lead(lx, s, a))
            w = a;
    }
    return w;
}

/* Are there three tokens or more in s[r..w)? (names.c counts on a gap
 * holding three.) Its items say so mostly; else its words are counted. */
static int three_tokens(const unsigned char *s, int r, int w, int ncodes)
{
    if (ncodes >= 3)
        return 1;
    int words = 0;
    for (int a = w; words < 3;) {
        int e = a;
        while (e > r && is_space(s[e - 1]))
            e--;
        if (e == r)
            break;
        for (a = e; a > r && !is_space(s[a - 1]);)
            a--;
        words++;
    }
    return words >= 3;
}

int pp_cut(const struct vn_people_lex *lx, const char *text, int n, char *buf, ptok *t, pgap *codes,
           int windowed, int *first_gap)
{
    memcpy(buf, text, (size_t)n);
    memset(buf + n, 0, 32); /* the sentinel, and what 16-byte loads see past it */
    buf[-1] = ' ';
    const unsigned char *s = (const unsigned char *)buf;
    int nt = 0, first = -1;
    if (!windowed) {
        for (int i = 0;;) {
            while (start_class[s[i]] == S_SPACE)
                i++;
            if (i >= n)
                break;
            i = cut_token(s, n, i, &t[nt++]);
        }
    } else {
        gapscan g = {s, n, codes, 0, 0};
        for (int r = 0; r < n;) {
            /* a gap from r to three words before the next capitalized word;
             * its first code holds its bytes */
            int c0 = g.ncodes++;
            int q = gap_scan(&g, r), w = q;
            if (q < n) {
                w = window_start(lx, s, r, q);
                while (g.ncodes > c0 + 1 && codes[g.ncodes - 1].pos >= w)
                    g.ncodes--;
                g.last_end = g.ncodes > c0 + 1 ? codes[g.ncodes - 1].end : r;
            }
            words_before(&g, w);
            if (g.ncodes > c0 + 1 && three_tokens(s, r, w, g.ncodes - c0 - 1)) {
                codes[c0] = (pgap){r, w, 'G'};
                if (first < 0)
                    first = nt;
                t[nt++] = (ptok){c0, g.ncodes, NO_HASH, TK_GAP, 0, 0};
            } else {
                g.ncodes = c0; /* too short for a gap: all in the window */
                w = r;
            }
            if (w >= n)
                break;
            /* the window: tokens from w to WINDOW_AFTER words after the last
             * capitalized one (or the one that stopped the scan) */
            int i = w, since = 0, anchored = 0;
            for (;;) {
                while (start_class[s[i]] == S_SPACE)
                    i++;
                if (i >= n)
                    break;
                if (i == 0 || is_space(s[i - 1])) {
                    if (anchored && since >= WINDOW_AFTER)
                        break;
                    since++;
                }
                ptok *k = &t[nt++];
                i = cut_token(s, n, i, k);
                if (tk_cap(k) || (!anchored && k->e > q))
                    anchored = 1, since = 0;
            }
            r = i;
        }
    }
    for (int k = 0; k < nt; k++) {
        /* a title-case word has no other uppercase letter than its first */
        if (t[k].cls == TK_TITLE) {
            unsigned b = s[t[k].s];
            int l = b < 0x80 ? 1 : utf8_len(b);
            if (l > t[k].e - t[k].s)
                l = t[k].e - t[k].s;
            vn_people_lower(buf + t[k].s, (size_t)l, buf + t[k].s);
        } else if (t[k].cls == TK_UPPER)
            vn_people_lower(buf + t[k].s, (size_t)(t[k].e - t[k].s), buf + t[k].s);
    }
    *first_gap = first < 0 ? nt : first;
    return nt;
}

/* The chunk's buffer: pctx holds it read-only for the grammar. */
static char *chunk_buf(pctx *c)
{
    return (char *)(uintptr_t)c->low;
}

void pp_cut_all(pctx *c)
{
    c->nt_all = pp_cut(c->lx, c->text, c->len, chunk_buf(c), c->t, NULL, 0, &c->nt);
}

void pp_expand_gap(pctx *c, int g)
{
    const unsigned char *s = (const unsigned char *)c->low;
    const pgap *h = &c->codes[c->t[g].s];
    int from = h->pos, to = h->end, k = 0;
    /* count its tokens, make room, cut them in place */
    ptok tmp;
    for (int i = from;;) {
        while (i < to && start_class[s[i]] == S_SPACE)
            i++;
        if (i >= to)
            break;
        i = cut_token(s, c->len, i, &tmp);
        k++;
    }
    memmove(c->t + g + k, c->t + g + 1, (size_t)(c->nt_all - g - 1) * sizeof *c->t);
    c->nt_all += k - 1;
    for (int i = from, j = g;;) {
        while (i < to && start_class[s[i]] == S_SPACE)
            i++;
        if (i >= to)
            break;
        i = cut_token(s, c->len, i, &c->t[j++]);
    }
    for (c->nt = g + k; c->nt < c->nt_all && c->t[c->nt].cls != TK_GAP;)
        c->nt++;
}
