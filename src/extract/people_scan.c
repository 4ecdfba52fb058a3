/* people_scan.c — the tokens of a chunk, cut only where they can matter.
 *
 * Persons, positions and organizations all hang on capitalized words (a
 * cue or a position in apposition is read only next to one, names.c). Most
 * of a line is lowercase prose: its bitmaps (people_bits.c, one vector pass)
 * show what could start a capitalized word, and it is cut into tokens (word
 * ends and spaces found by bit arithmetic) only in a window
 * around one (three whitespace-separated words before, WINDOW_AFTER after
 * the last). A stretch between windows becomes one TK_GAP token carrying the
 * items its tokens would have given (words, separators, "và"/"kiêm"), so the
 * grammar sees the same items. A look-ahead that reaches a gap marks the
 * chunk, which is then cut in full and read again (people.c): the result is
 * the same as cutting everything, only faster. */
#include "people_bits.h"
#include "people_int.h"

#include <stdint.h>
#include <string.h>

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
 * words run together) are not the capitalized syllables of a name. Bytes
 * that cannot start an uppercase letter (lowercase ASCII, continuation
 * bytes) are skipped by one table look-up each. */
static unsigned char upper_lead[256]; /* 1: this byte may start an uppercase letter */

static int has_inner_upper(const unsigned char *s, int from, int to)
{
    for (int i = from; i < to; i++)
        if (upper_lead[s[i]] && pp_upper_at(s + i, (size_t)(to - i)))
            return 1;
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
static unsigned char space_byte[256];  /* 1: space, tab, CR (is_space) */
static unsigned char lead_byte[256];   /* 1: word_byte or E1 (may_lead reads such a word) */
static char punct_ch[128];              /* ASCII punctuation → ptok.ch */
static unsigned char ends_word[256];    /* ASCII that ends a word where it stops: not . - / ' & */
static unsigned char end_ok[256];       /* the same, and the spaces and NUL (cut_lower) */
static unsigned char joiner[256];       /* . - / ' &: may join the bytes of a word (joins) */
static unsigned char alnum_or_high[256]; /* ASCII letter or digit, or 80–FF (joins, gap_scan) */
static unsigned char cap_at[256], cap_add[256]; /* lower_cap: lowering a first character */
static unsigned char ascii_cls[128];    /* TK_LOWER, TK_TITLE, TK_DIGIT or TK_PUNCT */
/* Is the letter C3–C6 + c (c a continuation byte) uppercase? Indexed by
 * (lead - 0xC3) * 64 + (c & 63): pp_upper_at's rules as a table. */
static unsigned char upper2[4 * 64];

void pp_scan_init(void)
{
    pp_bits_init();
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
        space_byte[b] = (unsigned char)(k == S_SPACE);
        lead_byte[b] = (unsigned char)(word_byte[b] || b == 0xE1);
        /* ASCII capitals, and every lead byte (pp_upper_at decides) */
        upper_lead[b] = (unsigned char)((b >= 'A' && b <= 'Z') || b >= 0xC0);
        ends_word[b] = (unsigned char)(b < 0x80 && !strchr(".-/'&", b) && !space_byte[b]);
        /* a space, tab, CR or NUL there: word_end_slow stops at once too */
        end_ok[b] = (unsigned char)(b < 0x80 && (b == 0 || !strchr(".-/'&", b)));
        joiner[b] = (unsigned char)(b && strchr(".-/'&", b));
        alnum_or_high[b] = (unsigned char)(alnum || b >= 0x80);
        cap_at[b] = (unsigned char)(b < 0x80 ? 0 : b == 0xE1 ? 2 : 1);
        cap_add[b] = (unsigned char)((b >= 'A' && b <= 'Z') || b == 0xC3 ? 32 : (b >= 0xC4 && b <= 0xC6) || b == 0xE1 ? 1 : 0);
        if (b < 0x80)
            ascii_cls[b] = k == S_LOWER ? TK_LOWER : k == S_UPPER ? TK_TITLE : k == S_DIGIT ? TK_DIGIT : TK_PUNCT;
        if (b >= 0xC3 && b <= 0xC6)
            for (int c = 0x80; c < 0xC0; c++) {
                unsigned char two[2] = {(unsigned char)b, (unsigned char)c};
                upper2[(b - 0xC3) << 6 | (c & 63)] = (unsigned char)pp_upper_at(two, 2);
            }
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
    /* one test first, mostly false: a mark and a letter or digit after it
     * (most marks are . or , before a space: which one is a coin flip) */
    return (joiner[c] & alnum_or_high[s[i + 1]]) && i + 1 < n &&
           is_alnum_at(s + i + 1, (size_t)(n - i - 1)) &&
           (c == '&' || !pp_upper_at(s + i + 1, (size_t)(n - i - 1)) ||
            (c != '.' && s[i - 1] >= 'A' && s[i - 1] <= 'Z'));
}

/* The apostrophe of typeset text, U+2019 (E2 80 99) at s[i], joins as ' does:
 * "H’Yim", "K’Nhiễu", "Ksor H’Bơ Khăp" (names of the Central Highlands) are
 * each one word, not a letter, a mark and a word. */
static inline int typeset_apostrophe_joins(const unsigned char *s, int n, int i)
{
    if (i + 3 >= n || s[i + 1] != 0x80 || s[i + 2] != 0x99 || !is_alnum_at(s + i + 3, (size_t)(n - i - 3)))
        return 0;
    return !pp_upper_at(s + i + 3, (size_t)(n - i - 3)) || (s[i - 1] >= 'A' && s[i - 1] <= 'Z');
}

/* The end of a word whose first character ends at i (s[n] is NUL); *plain
 * is cleared when it holds more than letters and digits. */
static int word_end_slow(const unsigned char *s, int n, int i);

static inline int word_end(const unsigned char *s, int n, int i, unsigned char *plain)
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
        else {
            int e = word_end_slow(s, n, i);
            if (e > i)
                *plain = 0;
            return e;
        }
    }
}

/* The same by the stop bitmap: the loop above stops at the first stop bit
 * (an E1 letter it steps over whole has none; one cut short has, and
 * word_end_slow steps over it the same way). */
static inline int word_end_bits(const unsigned char *s, int n, int i, unsigned char *plain,
                                const scanbits *sb)
{
    i = next_bit(sb->stop, i, 0);
    if (s[i] == ' ' && i < n)
        return i;
    int e = word_end_slow(s, n, i);
    if (e > i)
        *plain = 0; /* it went on past the stop ("1.528", "GD-ĐT") */
    return e;
}

/* has_inner_upper by the upc bitmap: only its bytes are looked at. A word
 * across two words of the bitmap goes the long way. */
static int has_inner_upper_long(const unsigned char *s, int from, int to, const scanbits *sb)
{
    for (int w = from >> 6; from < to && w <= (to - 1) >> 6; w++) {
        uint64_t m = sb->upc[w];
        if (w == from >> 6)
            m &= ~0ull << (from & 63);
        for (; m; m &= m - 1) {
            int p = (w << 6) + __builtin_ctzll(m);
            if (p >= to)
                return 0;
            if (pp_upper_at(s + p, (size_t)(to - p)))
                return 1;
        }
    }
    return 0;
}

static inline __attribute__((always_inline)) int has_inner_upper_bits(const unsigned char *s, int from,
                                                                      int to, const scanbits *sb)
{
    int len = to - from, o = from & 63;
    if (len > 64)
        return has_inner_upper_long(s, from, to, sb);
    if (len <= 0)
        return 0;
    /* the len bits from from on, in one word of the bitmap or two */
    const uint64_t *u = sb->upc + (from >> 6);
    uint64_t m = u[0] >> o;
    if (len > 64 - o)
        m |= u[1] << (64 - o);
    m &= ~0ull >> (64 - len);
    for (; m; m &= m - 1) {
        int p = from + __builtin_ctzll(m);
        if (pp_upper_at(s + p, (size_t)(to - p)))
            return 1;
    }
    return 0;
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
        if (c == 0xE2 && typeset_apostrophe_joins(s, n, i)) {
            i += 3;
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

/* The token that starts at s[i] (not a space, i < n) into k; returns its end.
 * Inlined into the loops that cut: it runs for every token of a window. */
static inline __attribute__((always_inline)) int cut_token(const unsigned char *s, int n, int i, ptok *k,
                                                           const scanbits *sb)
{
    unsigned b = s[i];
    int st = i, l, cls;
    k->ch = 0;
    k->near = 0;
    k->may = 0;
    k->plain = 1;
    k->s = st;
    switch (start_class[b]) {
    case S_LOWER:
        k->e = sb ? word_end_bits(s, n, i + 1, &k->plain, sb) : word_end(s, n, i + 1, &k->plain);
        k->cls = TK_LOWER;
        return k->e;
    case S_DIGIT:
        cls = TK_DIGIT, l = 1;
        break;
    case S_UPPER:
        cls = TK_TITLE, l = 1;
        break;
    case S_PUNCT:
        k->e = i + 1;
        k->plain = 0;
        k->cls = TK_PUNCT;
        k->ch = punct_ch[b & 127];
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
            k->e = i + l;
            k->plain = 0;
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
    i = sb ? word_end_bits(s, n, i + l, &k->plain, sb) : word_end(s, n, i + l, &k->plain);
    if (cls == TK_TITLE && (sb ? has_inner_upper_bits(s, st + l, i, sb) : has_inner_upper(s, st + l, i)))
        cls = TK_UPPER;
    k->e = i;
    k->cls = (unsigned char)cls;
    return i;
}

/* The token at s[i] (not a space, i < n) in a window: the usual word — a
 * letter or digit, then letters and digits up to a space — by the stop
 * bitmap and a few tests; else cut_token. Returns its end. */
static inline __attribute__((always_inline)) int cut_next(const unsigned char *s, int n, int i, ptok *k,
                                                          const scanbits *sb)
{
    unsigned b = s[i], cls, l;
    if (b < 0x80) {
        cls = ascii_cls[b];
        if (cls == TK_PUNCT) { /* a mark, on its own (cut_token's S_PUNCT) */
            *k = (ptok){.s = i, .e = i + 1, .cls = TK_PUNCT, .ch = punct_ch[b]};
            return i + 1;
        }
        l = 1;
    } else if (b - 0xC3u < 4u && (s[i + 1] & 0xC0) == 0x80) {
        cls = upper2[(b - 0xC3) << 6 | (s[i + 1] & 63)] ? TK_TITLE : TK_LOWER;
        l = 2;
    } else if (b == 0xE1 && s[i + 1] - 0xB8u < 4u && (s[i + 2] & 0xC0) == 0x80) {
        cls = s[i + 2] & 1 ? TK_LOWER : TK_TITLE;
        l = 3;
    } else
        return cut_token(s, n, i, k, sb);
    /* the letters of the first character are no stops */
    int e = next_bit(sb->stop, i + 1, 0);
    unsigned char plain = 1;
    if (s[e] != ' ' && !ends_word[s[e]]) {
        int f = word_end_slow(s, n, e);
        plain = f == e;
        e = f;
    }
    if (cls == TK_TITLE && has_inner_upper_bits(s, i + (int)l, e, sb))
        cls = TK_UPPER;
    *k = (ptok){.s = i, .e = e, .cls = (unsigned char)cls, .plain = plain};
    return e;
}

/* The usual token at s[i] (not a space), by the bitmaps alone: its first
 * byte neither a stop nor one that may start an uppercase letter, and no
 * stray continuation byte (one after ASCII has an upc bit): a lowercase
 * letter (ASCII or Vietnamese) or a digit, which cut_next would class
 * TK_LOWER or TK_DIGIT with no inner-capital test; its end as cut_next
 * finds it. Returns the end, or 0 for any other token. (One test of two
 * bits where cut_next tests bytes, and "đã", "ở", "2017", "năm," no longer
 * go the long way. Cutting every token without a branch on its kind was
 * tried: far more instructions than the mispredictions it saves.) */
static inline __attribute__((always_inline)) int cut_lower(const unsigned char *s, int n, int i, ptok *k,
                                                           const scanbits *sb)
{
    unsigned b = s[i];
    int w = i >> 6;
    if ((((sb->stop[w] | sb->upc[w]) >> (i & 63)) & 1) | ((b & 0xC0) == 0x80))
        return 0;
    int e = next_bit(sb->stop, i + 1, 0);
    unsigned char plain = 1;
    if (!end_ok[s[e]]) {
        int f = word_end_slow(s, n, e);
        plain = f == e;
        e = f;
    }
    *k = (ptok){.s = i, .e = e, .cls = (unsigned char)(b - '0' < 10u ? TK_DIGIT : TK_LOWER), .plain = plain};
    return e;
}

/* ------------------------------------------------------------------ gaps */

typedef struct gapscan {
    const unsigned char *s;
    int n;
    const uint64_t *bits; /* scanbits.gap */
    const uint64_t *sp;   /* scanbits.sp */
    const uint64_t *stop; /* scanbits.stop */
    pgap *codes;
    int ncodes;
    int last_end; /* end of the last token given an item */
} gapscan;

static inline void code(gapscan *g, int pos, int end, char ch)
{
    g->codes[g->ncodes++] = (pgap){pos, end, ch};
    g->last_end = end;
}

/* The words between the last item and byte q, if any, as one item. (Past
 * the spaces by the bitmap: a loop over them mispredicts its exit.) */
static inline void words_before(gapscan *g, int q)
{
    int p = next_bit(g->sp, g->last_end, ~0ull);
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
    if (!len)
        return;
    /* its end as word_end finds it: the first stop, when a space or
     * nothing more joins there (a stop further on is later still) */
    int e = next_bit(g->stop, q + 1, 0);
    if (e == q + len && (s[e] == ' ' || word_end_slow(s, n, e) == e)) {
        words_before(g, q);
        code(g, q, q + len, '&');
    }
}

/* Scan from r (a word start after a space, or 0) for the first byte that may
 * start a capitalized word (or that this scan does not handle); items of the
 * tokens before it go to g->codes. Returns its offset, or n. */
static inline __attribute__((always_inline)) int gap_scan(gapscan *g, int r)
{
    const unsigned char *s = g->s;
    int n = g->n;
    g->last_end = r;
    if (s[r - 1] != ' ')
        return r; /* after a tab: its first word is not marked as one (rare) */
    for (int w = r >> 6;; w++) {
        uint64_t m = g->bits[w];
        if (w == r >> 6)
            m &= ~0ull << (r & 63);
        for (; m; m &= m - 1) {
            int q = (w << 6) + __builtin_ctzll(m);
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
            if (alnum_or_high[pb] && joins(s, n, q, b))
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
    unsigned h = pp_word_hash((const char *)s + a, (size_t)(e - a)); /* plain: no . - / ' & */
    return lx->lead_any[h >> 6] >> (h & 63) & 1;
}

/* Can a phrase of pt start at s[a] and be read there (a key ends on the
 * way, or the way reaches q, the capitalized word, which is lowercased
 * only once cut)? The bytes before q are as the tokens will have them: a
 * walk that dies before q without passing a key means no look-up from a
 * finds one. A yes may be wrong; a no never is. */
static int walk_may(const ptrie *pt, const unsigned char *s, int a, int q)
{
    const int *base = pt->da.base, *check = pt->da.check, *value = pt->da.value;
    if (!base)
        return 1;
    unsigned st = 1;
    for (int k = a; k < q; k++) {
        unsigned nx = (unsigned)base[st] + s[k];
        if ((unsigned)check[nx] != st)
            return 0;
        st = nx;
        if (value[st] >= 0)
            return 1;
    }
    return 1;
}

/* May a cue or a fixed phrase before a historic name start at s[a], whose
 * first word is s[a..a+m) (a word as pp_may asks it)? */
static inline int may_start_lead(const struct vn_people_lex *lx, const unsigned char *s, int a, int m,
                                 int q)
{
    unsigned h = pp_word_hash((const char *)s + a, (size_t)m);
    if (!(lx->lead_any[h >> 6] >> (h & 63) & 1))
        return 0; /* most words start no cue: the 4 KB bitmap of their first words says so */
    unsigned bits = lx->start[h];
    return (bits >> lx->cues.id & 1 && walk_may(&lx->cues, s, a, q)) ||
           (bits >> lx->hist_ctx.id & 1 && walk_may(&lx->hist_ctx, s, a, q));
}

/* The same for the word s[a..e) that holds a stop byte: letters followed by
 * ASCII punctuation alone ("năm.", "đó,", "này):") are asked token by token,
 * as pp_may would ask them (the letters, then each mark on its own);
 * other words go to may_lead. */
static int lead_word(const struct vn_people_lex *lx, const unsigned char *s, int a, int e, int q,
                     const scanbits *sb)
{
    int f = next_bit(sb->stop, a, 0); /* the letters' end */
    unsigned b = s[a];
    if (f > a && f < e &&
        (b < 0x80 || (b >= 0xC3 && b <= 0xC6) || (b == 0xE1 && s[a + 1] >= 0xB8 && s[a + 1] <= 0xBB))) {
        int p = f;
        while (p < e && s[p] > ' ' && s[p] < 0x7F && !word_byte[s[p]])
            p++;
        if (p == e) {
            if (may_start_lead(lx, s, a, f - a, q))
                return 1;
            for (int k = f; k < e; k++) /* (a mark's hash is known: mark_lead) */
                if (lx->mark_lead[s[k]] && may_start_lead(lx, s, k, (int)pp_word_len((const char *)s + k, 1), q))
                    return 1;
            return 0;
        }
    }
    return may_lead(lx, s, a);
}

/* Where the window around the capitalized word at q starts: the start of
 * its whitespace-separated word, or up to WINDOW_BEFORE words before where
 * one of them may start a cue or a fixed phrase before a historic name.
 * Words are found backwards by the space and stop bitmaps; a word with no
 * stop bit is letters alone, asked by its hash and a walk
 * (may_start_lead); others go through lead_word. Inline: once a window. */
static inline __attribute__((always_inline)) int window_start(const struct vn_people_lex *lx,
                                                              const unsigned char *s, int r, int q,
                                                              const scanbits *sb, int *three)
{
    int w = prev_bit(sb->sp, q - 1, r, 0) + 1, wq = w, seen = 0;
    for (int k = 0, a = w; k < WINDOW_BEFORE; k++) {
        int e = a - 1; /* back over the spaces: mostly one */
        if (e - 1 < r || s[e] != ' ' || space_byte[s[e - 1]])
            e = prev_bit(sb->sp, a - 1, r, ~0ull) + 1;
        if (e <= r)
            break;
        seen++;
        /* after the last stop before e: the word's start when that stop is
         * a space (spaces are stops), and the word is letters alone */
        a = prev_bit(sb->stop, e - 1, r, 0) + 1;
        if (a == r || space_byte[s[a - 1]]) {
            if (may_start_lead(lx, s, a, e - a, q))
                w = a;
        } else {
            a = prev_bit(sb->sp, e - 1, r, 0) + 1;
            if (lead_word(lx, s, a, e, q, sb))
                w = a;
        }
    }
    /* three words seen, none taken: s[r..w) holds three (three_tokens
     * need not count them again) */
    *three = seen == WINDOW_BEFORE && w == wq;
    return w;
}

/* Are there three tokens or more in s[r..w)? (names.c counts on a gap
 * holding three.) Its items say so mostly; else its words are counted:
 * the bytes that start one (not a space, after a space or at r) are bits
 * of the space bitmap shifted by one, counted 64 at a time from w back. */
static int three_tokens(int r, int w, int ncodes, const scanbits *sb)
{
    if (ncodes >= 3)
        return 1;
    if (w <= r)
        return 0;
    int words = 0;
    for (int x = (w - 1) >> 6; x >= r >> 6; x--) {
        uint64_t sp = sb->sp[x];
        uint64_t starts = ~sp & (sp << 1 | (x > 0 ? sb->sp[x - 1] >> 63 : 1));
        if (x == (w - 1) >> 6)
            starts &= ~0ull >> (63 - ((w - 1) & 63));
        if (x == r >> 6) {
            uint64_t at_r = 1ull << (r & 63);
            starts = (starts & ~(at_r - 1) & ~at_r) | (~sp & at_r);
        }
        for (; starts; starts &= starts - 1)
            if (++words >= 3)
                return 1;
    }
    return 0;
}

/* Lowercase a capitalized token in the buffer, for the lexicon tries: a
 * title-case word has no other uppercase letter than its first. */
static inline void lower_cap(char *buf, const ptok *k)
{
    unsigned char *w = (unsigned char *)buf + k->s;
    if (k->cls == TK_UPPER) {
        /* "UBND", "TP.HCM": ASCII here; from the first other byte on (a
         * character's start: all before it were one byte each) the general
         * way, which reads nothing before where it starts */
        unsigned char *end = (unsigned char *)buf + k->e;
        for (; w < end && *w < 0x80; w++)
            *w = (unsigned char)(*w - (unsigned)'A' < 26u ? *w + 32 : *w);
        if (w < end)
            vn_people_lower((char *)w, (size_t)(end - w), (char *)w);
    } else if (cap_add[w[0]] && (w[0] != 0xE1 || w[1] - 0xB8u < 4u)) {
        /* one addition at cap_at: A–Z and C3 80–9E ("Â" → "â") +32; C4/C5
         * (Latin Extended-A: "Đ" → "đ"), C6 ("Ơ", "Ư") and E1 B8–BB (Latin
         * Extended Additional: "Ủ" → "ủ") +1 — a title-case token's first
         * character is uppercase, so its bytes are there */
        w[cap_at[w[0]]] = (unsigned char)(w[cap_at[w[0]]] + cap_add[w[0]]);
    } else {
        int l = utf8_len(w[0]);
        if (l > k->e - k->s)
            l = k->e - k->s;
        vn_people_lower(buf + k->s, (size_t)l, buf + k->s);
    }
}

/* A capitalized token at k: the three tokens before it, back to lo (the
 * first token after the last gap), are near one. */
static inline void mark_near(ptok *t, int k, int lo)
{
    /* without a branch (how far back the last gap is varies): a token
     * before lo is not marked, t[k] gets |= 0 instead */
    int ok1 = k - 1 >= lo, ok2 = k - 2 >= lo, ok3 = k - 3 >= lo;
    t[k - ok1].near |= (unsigned char)ok1;
    t[k - 2 * ok2].near |= (unsigned char)ok2;
    t[k - 3 * ok3].near |= (unsigned char)ok3;
}

int pp_cut(const struct vn_people_lex *lx, const char *text, int n, char *buf, ptok *t, pgap *codes,
           uint64_t *bits, int windowed, int *first_gap)
{
    memcpy(buf, text, (size_t)n);
    memset(buf + n, 0, PP_CUT_PAD); /* the sentinel, and what the block loads see past it */
    buf[-1] = ' ';
    const unsigned char *s = (const unsigned char *)buf;
    int nt = 0, first = -1, last_gap = -1;
    if (!windowed) {
        for (int i = 0;;) {
            while (start_class[s[i]] == S_SPACE)
                i++;
            if (i >= n)
                break;
            i = cut_token(s, n, i, &t[nt], NULL);
            if (tk_cap(&t[nt])) {
                lower_cap(buf, &t[nt]);
                mark_near(t, nt, 0);
            }
            nt++;
        }
    } else {
        scanbits sb;
        pp_scan_bits(s, n, bits, PP_BITS_STRIDE, &sb);
        gapscan g = {s, n, sb.gap, sb.sp, sb.stop, codes, 0, 0};
        for (int r = 0; r < n;) {
            /* a gap from r to three words before the next capitalized word;
             * its first code holds its bytes */
            int c0 = g.ncodes++;
            int q = gap_scan(&g, r), w = q, three = 0;
            if (q < n) {
                w = window_start(lx, s, r, q, &sb, &three);
                while (g.ncodes > c0 + 1 && codes[g.ncodes - 1].pos >= w)
                    g.ncodes--;
                g.last_end = g.ncodes > c0 + 1 ? codes[g.ncodes - 1].end : r;
            }
            words_before(&g, w);
            if (g.ncodes > c0 + 1 && (three || three_tokens(r, w, g.ncodes - c0 - 1, &sb))) {
                codes[c0] = (pgap){r, w, 'G'};
                if (first < 0)
                    first = nt;
                if (last_gap >= 0) /* the tokens from the last gap to this one */
                    t[last_gap].may = (unsigned short)(nt - last_gap - 1);
                last_gap = nt;
                t[nt++] = (ptok){.s = c0, .e = g.ncodes, .cls = TK_GAP};
            } else {
                g.ncodes = c0; /* too short for a gap: all in the window */
                w = r;
            }
            if (w >= n)
                break;
            /* the window: first the tokens from w up to the one that reaches
             * q (or a capitalized one), then up to WINDOW_AFTER words after
             * the last capitalized token (punctuation stuck to a word comes
             * with it) */
            int i = w, since = 0;
            for (;;) {
                if (space_byte[s[i]])
                    i = next_bit(sb.sp, i, ~0ull);
                if (i >= n)
                    goto window_done;
                ptok *k = &t[nt++];
                int e = cut_lower(s, n, i, k, &sb);
                if (e) {
                    i = e;
                    if (e > q)
                        break;
                    continue;
                }
                i = cut_next(s, n, i, k, &sb);
                if (tk_cap(k)) {
                    lower_cap(buf, k);
                    mark_near(t, nt - 1, last_gap + 1);
                    break;
                }
                if (k->e > q)
                    break;
            }
            for (;;) {
                unsigned b = s[i];
                if (b == ' ' && !space_byte[s[i + 1]]) {
                    i++; /* one space, the usual */
                    goto new_word;
                }
                if (space_byte[b]) {
                    i = next_bit(sb.sp, i, ~0ull); /* past the spaces */
                new_word:
                    if (i >= n || since >= WINDOW_AFTER)
                        break;
                    since++;
                } else if (i >= n)
                    break;
                ptok *k = &t[nt++];
                int e = cut_lower(s, n, i, k, &sb);
                if (e) {
                    i = e;
                    continue;
                }
                i = cut_next(s, n, i, k, &sb);
                if (tk_cap(k)) {
                    lower_cap(buf, k);
                    mark_near(t, nt - 1, last_gap + 1);
                    since = 0;
                }
            }
        window_done:
            r = i;
        }
    }
    if (last_gap >= 0)
        t[last_gap].may = (unsigned short)(nt - last_gap - 1);
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
    c->nt_all = pp_cut(c->lx, c->text, c->len, chunk_buf(c), c->t, NULL, NULL, 0, &c->nt);
}

/* The tokens of a gap, s[from..to) (from a word start to one after a
 * space), into t, or only counted when t is NULL: cut as in a window by the
 * bitmaps of the blocks around it (b, the chunk buffer s from base on; n is
 * the chunk's length), the tokens cut_token would give without its loops
 * over bytes. */
static int cut_gap(const unsigned char *s, int n, int base, int from, int to, const scanbits *sb,
                   ptok *t)
{
    const unsigned char *b = s + base;
    int k = 0, nb = n - base;
    ptok tmp;
    for (int i = from - base, end = to - base;;) {
        if (space_byte[b[i]])
            i = next_bit(sb->sp, i, ~0ull);
        if (i >= end)
            break;
        ptok *tk = t ? &t[k] : &tmp;
        int e = cut_lower(b, nb, i, tk, sb);
        i = e ? e : cut_next(b, nb, i, tk, sb);
        tk->s += base, tk->e += base;
        k++;
    }
    return k;
}

void pp_expand_gap(pctx *c, int g)
{
    const unsigned char *s = (const unsigned char *)c->low;
    const pgap *h = &c->codes[c->t[g].s];
    int from = h->pos, to = h->end, gap_after = c->t[g].may;
    /* the bitmaps of the blocks from that of from to the one after that of
     * to (the searches for a word's end or a space stop before to; the
     * last block's loads stay in the chunk's padding), bits counted from
     * the first: once, for a count of its tokens and their cut */
    int base = from & ~63, len = 64 * ((to >> 6) - (from >> 6) + 1);
    if (len > c->len - base)
        len = c->len - base;
    uint64_t bits[4 * PP_BITS_STRIDE];
    scanbits sb;
    pp_scan_bits(s + base, len, bits, PP_BITS_STRIDE, &sb);
    /* count its tokens, make room, cut them in place */
    int k = cut_gap(s, c->len, base, from, to, &sb, NULL);
    memmove(c->t + g + k, c->t + g + 1, (size_t)(c->nt_all - g - 1) * sizeof *c->t);
    c->nt_all += k - 1;
    cut_gap(s, c->len, base, from, to, &sb, c->t + g);
    c->nt = g + k + gap_after; /* the next gap, or the end */
    /* its last tokens may be near a capitalized word after it (it holds
     * none, nor do the tokens before it come within three of one past it) */
    for (int j = g + k - 1; j >= g && j >= g + k - 3; j--) {
        ptok *u = &c->t[j];
        for (int x = j + 1; x <= j + 3 && x < c->nt_all && c->t[x].cls != TK_GAP; x++)
            if (tk_cap(&c->t[x])) {
                u->near = 1;
                break;
            }
    }
}
