/* figures.c — the quantities an article reports: counted things and
 * anniversaries, with the unit that follows them.
 *
 *   figure  := [qualifier] number [multiplier…] unit
 *            | [qualifier] A "/" B unit          ("13/13 mục tiêu": value A, total B)
 *            | [qualifier] number ("%" | "phần trăm")
 *   number  := digits with Vietnamese separators ("1.528", "2,5")
 *            | number words ("hai", "mười lăm", "hai mươi mốt", "hàng trăm")
 *   multiplier := trăm | nghìn | ngàn | triệu | tỷ   ("2,5 triệu", "1 tỷ 200 triệu")
 *   unit    := the noun after the number: a "whole" unit word alone ("90 năm"),
 *              a measure and the noun it takes ("lượt cán bộ"), or at most two
 *              syllables of a noun ("nhiệm vụ", "Huyện ủy"), ending at
 *              punctuation, a function word or verb (figure_units.tsv), a digit,
 *              or a capitalized word after a lowercase one.
 * Not figures: a number without a unit; years, dates, times ("14 giờ 30",
 * "15:09"), ranges and terms ("2020 - 2025"), codes ("35-NQ/TW",
 * "2556/QĐ-UBND") and document spans, numbers after a label word ("lần thứ
 * 12", "số 08", "tổ 3", "năm 2023", "chiều 12/4"), numbers fused with a name
 * ("COVID-19", "U23", "Quảng trường 19/8"), phone numbers, periods ("6 tháng
 * đầu năm 2022"), bare number words that are something else ("một số",
 * "năm", "tư tưởng", "Thứ Hai", "Hai Bà Trưng"). */
#include "events_int.h"
#include "figures_start.h"
#include "../core/uni.h"

#include <math.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#define MAX_FIGURES 1000 /* a record with more has stopped reporting */
#define MAX_SPANS 64     /* where one figure is repeated: enough to show it */
#define FIG_FIRST_CAP 16 /* figures a record has room for at first */

/* The figures of the record by value and unit, to find a repeated one
 * without rescanning them all: chains through the figure indices. */
#define FIG_BUCKETS 256
typedef struct fig_index {
    int ready; /* head is filled (on the record's first figure) */
    short head[FIG_BUCKETS];
    short next[MAX_FIGURES];
    /* the room for new figures' first spans, taken from the arena for
     * several figures at once */
    vn_span *spans;
    int spans_left;
} fig_index;
#define FIG_SPAN_ROOM 4     /* a new figure's spans: the room VN_PUSH would give them */
#define FIG_SPAN_BATCH 16   /* figures' span rooms per arena allocation */

typedef struct fig_scan {
    vn_stage *st;
    vn_record *r;
    const struct vn_event_lex *x;
    const vn_line *l;
    const char *s; /* the line */
    size_t n;
    int in;
    vn_cp_cursor cur;
    struct nw_memo *memo; /* number_word's last answer: the scanner asks twice */
    fig_index *index;
} fig_scan;

typedef struct nw_memo {
    size_t at, end;
    const vn_numword *w;
} nw_memo;

/* ------------------------------------------------------------ words */

/* ev_ci_get of the words before numbers, remembered per thread: a few
 * hundred words stand there again and again ("năm", "khoảng", "với", "có",
 * "gần"). A slot holds the word's bytes (at most 16), the trie and its
 * answer; the whole memo holds for one lexicon generation. */
#define WORD_MEMO_SLOTS 512
typedef struct word_memo_slot {
    uint64_t lo, hi; /* the word's bytes, little-endian, zero after its end */
    const ev_ci *t;
    unsigned len;
    int val;
} word_memo_slot;
static __thread struct {
    unsigned long generation;
    word_memo_slot slot[WORD_MEMO_SLOTS];
} word_memo;

/* Start using the memo for this record: emptied when a lexicon was loaded
 * since it was last filled. */
static void word_memo_ready(void)
{
    unsigned long g = atomic_load_explicit(&vn_fig_generation, memory_order_relaxed);
    if (word_memo.generation != g) {
        memset(word_memo.slot, 0, sizeof word_memo.slot);
        word_memo.generation = g;
    }
}

/* Set by the tests: no memo (every word asked of the trie). */
int vn_fig_word_memo_off;

/* ev_ci_get(t, s + a, e - a) of the line s, through the memo when the word
 * has at most 16 bytes and 16 bytes of the line end with it. */
static int ci_get_memo(const ev_ci *t, const char *s, size_t a, size_t e)
{
    size_t len = e - a;
    if (len == 0 || len > 16 || e < 16 || vn_fig_word_memo_off)
        return ev_ci_get(t, s + a, len);
    uint64_t w0, w1;
    memcpy(&w0, s + e - 16, 8);
    memcpy(&w1, s + e - 8, 8);
    unsigned shift = 8 * (unsigned)(16 - len); /* the bytes before the word out */
    uint64_t lo = shift >= 64 ? w1 >> (shift - 64) : shift ? w0 >> shift | w1 << (64 - shift) : w0;
    uint64_t hi = shift >= 64 ? 0 : w1 >> shift;
    uint64_t h = (lo * 0x9E3779B97F4A7C15ull) ^ (hi * 0xC2B2AE3D27D4EB4Full) ^ len;
    word_memo_slot *m = &word_memo.slot[(h >> 32) % WORD_MEMO_SLOTS];
    if (m->t == t && m->len == len && m->lo == lo && m->hi == hi)
        return m->val;
    int v = ev_ci_get(t, s + a, len);
    *m = (word_memo_slot){lo, hi, t, (unsigned)len, v};
    return v;
}

/* The figure-word classes of the word at i (lowercased), and its end. */
static int word_class(const fig_scan *f, size_t i, size_t *end)
{
    size_t e = vn_ev_word_end(f->s, f->n, i);
    *end = e;
    if (e <= i || e - i >= 64) /* longer than any figure word */
        return 0;
    int v = ev_ci_get(f->x->figwords, f->s + i, e - i);
    return v > 0 ? v & ~FW_LAST : 0;
}

/* ev_ci_longest(t, s + i, k, mlen) answered by the first word: the units
 * after numbers are a few hundred words again and again ("người", "tỷ",
 * "đồng", "năm"), and a word that begins no longer key (ev_ci_word's
 * *more, all but a few: "tham", "ít") ends the longest match, so the answer
 * for its bytes is remembered per thread (as word_memo) and the trie is
 * walked only for new words and those that may go on. */
#define PHRASE_MEMO_BITS 11 /* 2,048 slots of 24 bytes (48 KB per thread) */
typedef struct phrase_memo_slot {
    uint64_t word; /* the word's bytes (at most 8), little-endian, zero after its end */
    const ev_ci *t;
    unsigned short len;
    unsigned short more; /* ev_ci_word's *more: ask ev_ci_longest */
    int val;             /* ev_ci_word's value (or -1) */
} phrase_memo_slot;
static __thread struct {
    unsigned long generation;
    phrase_memo_slot slot[1 << PHRASE_MEMO_BITS];
} phrase_memo_tab;

/* Bytes that may end a word for ev_ci_longest (its continues_word says no
 * for 1, and for 2 when the next byte is right: E2 80.., C2 xx). */
static const unsigned char CI_STOP[256] = {[0 ... '0' - 1] = 1, [':' ... 'A' - 1] = 1, ['[' ... '^'] = 1,
                                           ['`'] = 1, ['{' ... 0x7F] = 1, [0xC2] = 2, [0xE2] = 2};

#ifdef __SSE2__
/* The word ends among the sixteen bytes at u (bit t: u[t]), as CI_STOP and
 * phrase_memo see them: an ASCII byte that is no word byte (bit in the
 * first mask), or C2 before a byte below C0, E2 before 80 (the second). */
static inline unsigned word_stops16(const unsigned char *u, unsigned *pair)
{
#define B(c) _mm_set1_epi8((char)(c))
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)u);
    __m128i next = _mm_loadu_si128((const __m128i *)(const void *)(u + 1));
    __m128i low = _mm_or_si128(v, B(0x20));
    __m128i dig = _mm_and_si128(_mm_cmpgt_epi8(v, B('0' - 1)), _mm_cmplt_epi8(v, B('9' + 1)));
    __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(low, B('a' - 1)), _mm_cmplt_epi8(low, B('z' + 1)));
    __m128i word = _mm_or_si128(_mm_or_si128(dig, letter), _mm_cmpeq_epi8(v, B('_')));
    __m128i c2 = _mm_and_si128(_mm_cmpeq_epi8(v, B(0xC2)), _mm_cmpeq_epi8(_mm_min_epu8(next, B(0xBF)), next));
    __m128i e2 = _mm_and_si128(_mm_cmpeq_epi8(v, B(0xE2)), _mm_cmpeq_epi8(next, B(0x80)));
    *pair = (unsigned)_mm_movemask_epi8(_mm_or_si128(c2, e2));
    return (unsigned)_mm_movemask_epi8(_mm_andnot_si128(word, _mm_cmpgt_epi8(v, B(-1))));
#undef B
}
#endif

/* The window of phrase_class at i: k bytes (what the longest entry may
 * match and the character after it) cut back to a character's start. */
static size_t window_cut(const char *s, size_t n, size_t i, size_t k)
{
    if (i + k < n) {
        const unsigned char *u = (const unsigned char *)s + i;
        if (k >= 3) { /* up to three continuation bytes without a branch (their count is hard to foresee) */
            unsigned c0 = (u[k] & 0xC0) == 0x80, c1 = c0 & ((u[k - 1] & 0xC0) == 0x80);
            k -= c0 + c1 + (c1 & ((u[k - 2] & 0xC0) == 0x80));
        }
        while (k > 0 && (u[k] & 0xC0) == 0x80)
            k--;
    }
    return k;
}

/* The window's cut can change the first word's test below only when the
 * window has fewer than this many bytes before it (the cut takes three at
 * most; the test reads the first ten): otherwise it waits for the trie. */
#define WINDOW_CUT_LATE 13

/* ev_ci_longest(t, s + i, window_cut(s, n, i, k), mlen) */
static int phrase_memo(const ev_ci *t, const char *s, size_t n, size_t i, size_t k, size_t *mlen)
{
    if (k < WINDOW_CUT_LATE)
        k = window_cut(s, n, i, k);
    size_t lim = i + k, j = i + 1, stop = i + 9 < lim ? i + 9 : lim;
    const unsigned char *u = (const unsigned char *)s;
#ifdef __SSE2__
    if (i + 18 <= n && j < stop) { /* the first boundary by masks: a loop's end is hard to foresee */
        unsigned pair, m = word_stops16(u + j, &pair);
        m |= pair & ((1u << (k >= 2 ? k - 2 : 0)) - 1); /* (the byte after in the window) */
        m &= (1u << (stop - j)) - 1;
        j = m ? j + (unsigned)__builtin_ctz(m) : stop;
    } else
#endif
        for (; j < stop; j++) { /* the first boundary, within 8 bytes */
            unsigned c = CI_STOP[u[j]];
            if (c == 1 || (c == 2 && j + 1 < lim && (u[j] == 0xE2 ? u[j + 1] == 0x80 : u[j + 1] < 0xC0)))
                break;
        }
    size_t len = j - i;
    /* a word the window cuts, one of more than 8 bytes, or no 8 bytes to read it from */
    if (j >= stop || i + 8 > n || vn_fig_word_memo_off)
        return ev_ci_longest(t, s + i, window_cut(s, n, i, k), mlen);
    uint64_t word;
    memcpy(&word, s + i, 8);
    if (len < 8)
        word &= (1ull << 8 * len) - 1;
    unsigned long g = atomic_load_explicit(&vn_fig_generation, memory_order_relaxed);
    if (__builtin_expect(phrase_memo_tab.generation != g, 0)) {
        memset(phrase_memo_tab.slot, 0, sizeof phrase_memo_tab.slot);
        phrase_memo_tab.generation = g;
    }
    phrase_memo_slot *m = &phrase_memo_tab.slot[(word * 0x9E3779B97F4A7C15ull) >> (64 - PHRASE_MEMO_BITS)];
    if (!(m->word == word && m->len == len && m->t == t)) {
        int more;
        int v = ev_ci_word(t, s + i, len, &more);
        *m = (phrase_memo_slot){word, t, (unsigned short)len, (unsigned short)more, v >= 0 ? v : -1};
    }
    if (m->more)
        return ev_ci_longest(t, s + i, window_cut(s, n, i, k), mlen);
    if (m->val >= 0)
        *mlen = len;
    return m->val;
}

/* The longest figure word at i (multi-word entries: "tham gia", "ít nhất"). */
static int phrase_class(const fig_scan *f, size_t i, size_t *end)
{
    /* what the longest entry may match and the character after it (the
     * boundary), at most 31 bytes, cut at a character (by phrase_memo) */
    size_t k = f->n - i < 31 ? f->n - i : 31;
    if (f->x->fig_maxlen + 4 < k)
        k = f->x->fig_maxlen + 4;
    size_t len;
    int v = phrase_memo(f->x->figwords, f->s, f->n, i, k, &len);
    v = v > 0 ? v & ~FW_LAST : 0; /* a word that only ends a two-word one is none */
    if (!v)
        return 0;
    *end = i + len;
    return v;
}

/* The number word at i, or NULL; *end gets its end. Number words start with
 * an ASCII letter, matched with its first letter lowercased. */
static const vn_numword *number_word_trie(const fig_scan *f, size_t i, size_t *end)
{
    unsigned char b = (unsigned char)f->s[i];
    if (!((b | 32) >= 'a' && (b | 32) <= 'z'))
        return NULL;
    size_t len, k = f->n - i;
    char tmp[64];
    k = k < sizeof tmp ? k : sizeof tmp;
    memcpy(tmp, f->s + i, k);
    tmp[0] = (char)(b | 32);
    int v = vn_trie_longest(f->x->numwords, tmp, k, &len);
    /* a word cut by the buffer is not a number word */
    if (v < 0 || (len == k && k < f->n - i && vn_ev_trie_continues(f->s, f->n, i + k)))
        return NULL;
    *end = i + len;
    return &f->x->nw[v];
}

static const vn_numword *number_word_dfa(const fig_scan *f, size_t i, size_t *end)
{
    const struct vn_event_lex *x = f->x;
    if (x->nw_multi)
        return number_word_trie(f, i, end);
    int w = vn_fig_nw_at(x, f->s, f->n, i, end); /* the automaton, to the word's end as the trie sees it */
    return w >= 0 ? &x->nw[w] : NULL;
}

/* The number word at i (number_word_dfa), remembered for the next ask:
 * the scan, word_number, multiply and unit_after look at the same words. */
static inline const vn_numword *number_word(const fig_scan *f, size_t i, size_t *end)
{
    nw_memo *m = f->memo;
    if (m->at != i) {
        m->at = i;
        /* most words asked about start with bytes no number word starts
         * with ("người", "đồng", "2023"): the automaton's first steps say so */
        const struct vn_event_lex *x = f->x;
        unsigned s1 = x->nw_next[64 + x->nw_class[(unsigned char)f->s[i]]];
        if (x->nw_multi)
            m->w = number_word_dfa(f, i, &m->end);
        else if (!s1 || (i + 1 < f->n && x->nw_accept[s1] < 0 &&
                         !x->nw_next[s1 * 64 + x->nw_class[(unsigned char)f->s[i + 1]]]))
            m->w = NULL; /* the automaton's first two steps: "người", "đồng", "mạnh" */
        else
            m->w = number_word_dfa(f, i, &m->end);
    }
    if (m->w)
        *end = m->end;
    return m->w;
}

/* vn_ev_upper_at, an ASCII letter here (most are). */
static inline int upper_at(const char *s, size_t n, size_t i)
{
    unsigned char b = i < n ? (unsigned char)s[i] : 0;
    return b < 0x80 ? (unsigned)b - 'A' < 26u : vn_ev_upper_at(s, n, i);
}

/* Does the sentence start right before byte i? */
static int sentence_start(const char *s, size_t i)
{
    while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '"' || s[i - 1] == '(' || s[i - 1] == '-'))
        i--;
    if (i >= 3 && (unsigned char)s[i - 3] == 0xE2 && (unsigned char)s[i - 2] == 0x80)
        i -= 3; /* an opening curly quote or a dash */
    while (i > 0 && s[i - 1] == ' ')
        i--;
    return i == 0 || s[i - 1] == '.' || s[i - 1] == '!' || s[i - 1] == '?' || s[i - 1] == ':' ||
           s[i - 1] == ';';
}

/* What stands before a number at i: a label (not a figure), a name (a
 * capitalized word: not a figure), a vague word, or a qualifier. Returns 0
 * if the number may be a figure; *q and *qend get the qualifier. */
static int context_before(const fig_scan *f, size_t i, size_t *q, size_t *qend)
{
    *q = *qend = i;
    size_t e1, a1 = vn_ev_prev_word(f->s, i, &e1);
    if (a1 == i)
        return 0;
    if (e1 != i && f->s[e1] != ' ')
        return 0; /* punctuation between: "(12 người)", ", 5 người" */
    size_t e0 = 0, a0 = a1;
    int two = 0;
    /* the word's classes (word_class; its end is e1: a number fused to it
     * never gets here), and whether it ends a two-word figure word */
    int one = e1 - a1 < 64 ? ci_get_memo(f->x->figwords, f->s, a1, e1) : 0;
    one = one > 0 ? one : 0;
    int last = f->x->fig_last_in_words ? one & FW_LAST : ev_ci_get(f->x->fig_last, f->s + a1, e1 - a1) > 0;
    one &= ~FW_LAST;
    /* a two-word label or qualifier ("lần thứ", "ít nhất"): only where the
     * word before ends one */
    if (last) {
        a0 = vn_ev_prev_word(f->s, a1, &e0);
        if (a0 < a1 && e0 + 1 == a1 && e1 - a0 < 64) {
            two = ci_get_memo(f->x->figwords, f->s, a0, e1);
            two = two > 0 ? two & ~FW_LAST : 0;
        }
    }
    int cls = two ? two : one;
    size_t qa = two ? a0 : a1;
    if ((cls & FW_VAGUE) || ((cls & FW_LABEL) && (!(cls & FW_LABEL_CAP) || vn_ev_upper_at(f->s, f->n, qa))))
        return 1;
    if (cls & FW_QUALIFIER) {
        *q = qa, *qend = e1;
        return 0;
    }
    /* fused with a name: "Quảng trường 19/8", "Euro 2016" */
    if (upper_at(f->s, f->n, a1) && !sentence_start(f->s, a1))
        return 1;
    return 0;
}

/* ------------------------------------------------------------ numbers */

/* digit_token for a token with separators ("1.528", "2,5", "13/13",
 * "24/10/2018"), from its start i. */
static __attribute__((noinline)) size_t digit_token_seps(const char *s, size_t n, size_t i, double *val,
                                                         double *total, int *kind)
{
    size_t j = i;
    int seps = 0, slash = 0, other = 0, dots = 0, commas = 0, ndig = 0;
    /* the token: digits and separators that have a digit after them */
    while (j < n) {
        if (vn_ev_digit(s[j])) {
            ndig++;
            j++;
            continue;
        }
        if ((s[j] == '.' || s[j] == ',' || s[j] == '/' || s[j] == '-' || s[j] == ':') && j + 1 < n &&
            vn_ev_digit(s[j + 1])) {
            seps++;
            slash += s[j] == '/';
            dots += s[j] == '.';
            commas += s[j] == ',';
            other += s[j] == '-' || s[j] == ':';
            j++;
            continue;
        }
        break;
    }
    *kind = -1;
    *total = 0;
    /* fused with what follows: "35-NQ/TW", "2556/QĐ-UBND", "1A", "14h30", "4G" */
    if (j < n && (s[j] == '/' || s[j] == '-') && j + 1 < n && vn_ev_wordbyte(s, n, j + 1))
        return j;
    if (other || ndig > 15 || slash > 1)
        return j;
    if (slash == 1) {
        if (dots || commas)
            return j;
        const char *sl = memchr(s + i, '/', j - i);
        double a = 0, b = 0;
        for (const char *p = s + i; p < sl; p++)
            a = a * 10 + (*p - '0');
        for (const char *p = sl + 1; p < s + j; p++)
            b = b * 10 + (*p - '0');
        if (b == 0 || a > b || s[i] == '0')
            return j;
        *val = a, *total = b, *kind = 1;
        return j;
    }
    if (s[i] == '0' && j - i > 1 && s[i + 1] != '.' && s[i + 1] != ',')
        return j; /* "0912…": a phone number or a code */
    /* thousands groups of three after dots; one decimal comma (or a lone
     * decimal dot "2.5") */
    double v = 0, frac = 0, scale = 1;
    int in_frac = 0, group = 0, first_group = 1;
    char last_sep = 0;
    for (size_t p = i; p <= j; p++) {
        if (p < j && vn_ev_digit(s[p])) {
            if (in_frac) {
                scale /= 10;
                frac += (s[p] - '0') * scale;
            } else {
                v = v * 10 + (s[p] - '0');
            }
            group++;
            continue;
        }
        /* a group ends */
        if (last_sep == '.' && !in_frac && group != 3)
            return j;
        if (first_group && dots && group > 3 && !(dots == 1 && !commas))
            return j;
        first_group = 0;
        if (p == j)
            break;
        if (s[p] == ',') {
            if (in_frac || commas > 1)
                return j;
            in_frac = 1;
        } else if (s[p] == '.') {
            if (in_frac)
                return j;
            /* a lone dot with one or two digits after: a decimal point */
            size_t q = p + 1;
            while (q < j && vn_ev_digit(s[q]))
                q++;
            if (dots == 1 && !commas && q - p - 1 < 3) {
                in_frac = 1;
                last_sep = 0;
                group = 0;
                continue;
            }
        }
        last_sep = s[p];
        group = 0;
    }
    *val = v + frac;
    *kind = 0;
    return j;
}

/* Digits with separators at i: "1.528" = 1528, "2,5" = 2.5, "1.234,5".
 * *kind: 0 a plain number, 1 a ratio A/B (with *total), -1 not a figure
 * (date, time, range, code, phone, too long). Returns the token's end. */
static inline __attribute__((always_inline)) size_t digit_token(const char *s, size_t n, size_t i, double *val,
                                                                double *total, int *kind)
{
    /* most tokens are plain digits ("2017", "30"): read them in one pass */
    size_t d = i;
    double plain = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t x;
    unsigned k = 8;
    if (i + 8 <= n) { /* up to seven digits without a loop (its end is hard to foresee) */
        memcpy(&x, s + i, 8);
        k = vn_ev_lead_digits8(x);
        if (k - 1 < 7u)
            plain = (double)vn_ev_digits8_value(x, k), d = i + k;
    }
    if (k - 1 >= 7u)
#endif
        while (d < n && vn_ev_digit(s[d]))
            plain = plain * 10 + (s[d] - '0'), d++;
    /* and those before a separator with no digit after it ("2019,", "5."),
     * which the token does not take (but "35-NQ": a code) */
    int sep = d < n && (s[d] == '.' || s[d] == ',' || s[d] == '/' || s[d] == '-' || s[d] == ':');
    if (sep && !(d + 1 < n && vn_ev_digit(s[d + 1]))) {
        if ((s[d] == '/' || s[d] == '-') && d + 1 < n && vn_ev_wordbyte(s, n, d + 1)) {
            *total = 0;
            *kind = -1;
            return d;
        }
        sep = 0;
    }
    if (sep)
        return digit_token_seps(s, n, i, val, total, kind);
    *total = 0;
    *kind = -1;
    if (d - i > 15 || (s[i] == '0' && d - i > 1)) /* too long; a phone number or a code */
        return d;
    *val = plain;
    *kind = 0;
    return d;
}

/* Vietnamese number words from i ("hai mươi lăm", "hàng trăm", "mười"):
 * the value, or -1. after_hang: a "hàng" before it ("hàng chục" = 10). */
static double word_number(const fig_scan *f, size_t i, size_t *end, int after_hang)
{
    double total = 0, group = 0, pending = -1, last_big = 0;
    int last = 0, words = 0, alone = 1;
    size_t p = i, e = i;
    const vn_numword *ahead = NULL; /* the word at p when read as the next one */
    size_t ahead_at = SIZE_MAX, ahead_end = 0;
    for (;;) {
        size_t we = ahead_end;
        const vn_numword *w = p == ahead_at ? ahead : p < f->n ? number_word(f, p, &we) : NULL;
        if (!w)
            break;
        size_t nx = vn_ev_skip_space(f->s, f->n, we);
        size_t ne = 0;
        const vn_numword *next = nx < f->n && nx > we ? number_word(f, nx, &ne) : NULL;
        ahead = next, ahead_at = nx, ahead_end = ne;
        int k = w->kind;
        int ok = 1;
        switch (k) {
        case NW_DIGIT:
            if (pending >= 0 || last == NW_DIGIT)
                ok = 0;
            else if (last == NW_TEN || last == NW_TENS || last == NW_ZERO) {
                if (w->value == 5 && !w->alone && last != NW_ZERO)
                    ok = 0; /* "mười năm" is ten years */
                else
                    group += w->value;
            } else if (!w->alone && !(next && (next->kind == NW_TENS || next->kind == NW_HUNDRED ||
                                               next->kind == NW_BIG || next->kind == NW_DOZEN)))
                ok = 0; /* "một", "năm" count only inside a longer number */
            else
                pending = w->value;
            break;
        case NW_AFTER:
            ok = last == NW_TEN || last == NW_TENS;
            if (ok)
                group += w->value;
            break;
        case NW_TEN:
            ok = pending < 0 && last != NW_TEN && last != NW_TENS && last != NW_DIGIT;
            if (ok)
                group += 10;
            break;
        case NW_TENS:
            ok = pending >= 2;
            if (ok)
                group += pending * 10, pending = -1;
            break;
        case NW_DOZEN:
        case NW_HUNDRED:
            if (pending >= 1)
                group += pending * w->value, pending = -1;
            else if (words == 0 && after_hang)
                group += w->value;
            else
                ok = 0;
            break;
        case NW_ZERO:
            ok = last == NW_HUNDRED && next && next->kind == NW_DIGIT;
            break;
        case NW_BIG: {
            double g = group + (pending >= 0 ? pending : 0);
            if (g == 0 && total > 0 && w->value > last_big)
                total *= w->value;
            else if (g == 0 && words == 0 && after_hang)
                total += w->value;
            else if (g > 0 && (last_big == 0 || w->value < last_big))
                total += g * w->value;
            else
                ok = 0;
            if (ok)
                group = 0, pending = -1, last_big = w->value;
            break;
        }
        default:
            ok = 0;
        }
        if (!ok)
            break;
        if (words == 0)
            alone = w->alone;
        last = k;
        words++;
        e = we;
        p = nx;
        if (nx == we)
            break;
    }
    if (!words || (words == 1 && !alone && !after_hang))
        return -1;
    *end = e;
    return total + group + (pending >= 0 ? pending : 0);
}

/* Multipliers after a number: "2,5 triệu", "150 nghìn", "1 tỷ 200 triệu"
 * (the number ends at *at, the spaces after it at p). */
static double multiply(const fig_scan *f, double v, size_t *at, size_t p)
{
    const char *s = f->s;
    size_t n = f->n, we;
    const vn_numword *w = p > *at && p < n ? number_word(f, p, &we) : NULL;
    if (!w || (w->kind != NW_BIG && w->kind != NW_HUNDRED))
        return v;
    v *= w->value;
    double last = w->value;
    *at = we;
    /* "nghìn tỷ": a bigger multiplier right after multiplies again */
    for (;;) {
        size_t q = vn_ev_skip_space(s, n, *at);
        const vn_numword *w2 = q > *at && q < n ? number_word(f, q, &we) : NULL;
        if (!w2 || w2->kind != NW_BIG || w2->value <= last)
            break;
        v *= w2->value;
        last = w2->value;
        *at = we;
    }
    /* further groups with smaller multipliers add to it */
    for (int rounds = 0; rounds < 3; rounds++) {
        size_t q = vn_ev_skip_space(s, n, *at);
        if (q == *at || q >= n || !vn_ev_digit(s[q]))
            break;
        double g, t;
        int kind;
        size_t ge = digit_token(s, n, q, &g, &t, &kind);
        size_t r = vn_ev_skip_space(s, n, ge);
        const vn_numword *w2 = kind == 0 && r > ge && r < n ? number_word(f, r, &we) : NULL;
        if (!w2 || (w2->kind != NW_BIG && w2->kind != NW_HUNDRED) || w2->value >= last)
            break;
        v += g * w2->value;
        last = w2->value;
        *at = we;
    }
    return v;
}

/* ------------------------------------------------------------ units */

#ifdef __SSE2__
/* The bytes of the sixteen at s: bit k of *digit an ASCII digit, of *space a
 * space, of *none an ASCII byte that is no word byte, of *lead E2 C2 EF
 * (the character decides). */
static inline void bytes16(const char *s, unsigned *digit, unsigned *space, unsigned *none, unsigned *lead)
{
#define B(c) _mm_set1_epi8((char)(c))
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
    __m128i low = _mm_or_si128(v, B(0x20));
    __m128i dig = _mm_and_si128(_mm_cmpgt_epi8(v, B('0' - 1)), _mm_cmplt_epi8(v, B('9' + 1)));
    __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(low, B('a' - 1)), _mm_cmplt_epi8(low, B('z' + 1)));
    __m128i word = _mm_or_si128(_mm_or_si128(dig, letter), _mm_cmpeq_epi8(v, B('_')));
    *digit = (unsigned)_mm_movemask_epi8(dig);
    *space = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, B(' ')));
    *none = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(word, _mm_cmpgt_epi8(v, B(-1))));
    __m128i punct = _mm_or_si128(_mm_cmpeq_epi8(v, B(0xE2)), _mm_cmpeq_epi8(v, B(0xC2)));
    *lead = (unsigned)_mm_movemask_epi8(_mm_or_si128(punct, _mm_cmpeq_epi8(v, B(0xEF))));
#undef B
}
#endif

/* vn_ev_word_end, and whether the word holds a digit (*digit): the sixteen
 * bytes at i at once when they hold its end and no E2 C2 EF before it. */
static inline size_t word_end_digit(const char *s, size_t n, size_t i, int *digit)
{
#ifdef __SSE2__
    if (i + 16 <= n) {
        unsigned dig, space, none, lead;
        bytes16(s + i, &dig, &space, &none, &lead);
        unsigned before = none ? (1u << __builtin_ctz(none)) - 1 : 0; /* the word's bytes */
        if (none && !(lead & before)) {
            *digit = (dig & before) != 0;
            return i + (size_t)__builtin_ctz(none);
        }
    }
#endif
    int d = 0;
    for (; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        unsigned c = vn_ev_byte_class[b];
        if (c == VN_EV_NO || (c == VN_EV_LEAD && !vn_ev_wordbyte_mb(s, n, i)))
            break;
        d |= (unsigned)b - '0' < 10u;
    }
    *digit = d;
    return i;
}

/* The digits and spaces of s[a, b) (a phrase the figure words matched):
 * whether there is a digit, and the spaces in *spaces. */
static inline int digits_spaces(const char *s, size_t n, size_t a, size_t b, int *spaces)
{
#ifdef __SSE2__
    if (b - a <= 16 && a + 16 <= n) {
        unsigned dig, space, none, lead;
        bytes16(s + a, &dig, &space, &none, &lead);
        unsigned in = b - a == 16 ? 0xFFFFu : (1u << (b - a)) - 1;
        int k = 0;
        for (unsigned m = space & in; m; m &= m - 1)
            k++;
        *spaces = k;
        return (dig & in) != 0;
    }
#endif
    int digit = 0, k = 0;
    for (; a < b; a++) {
        digit |= vn_ev_digit(s[a]);
        k += s[a] == ' ';
    }
    *spaces = k;
    return digit;
}

/* The unit after a number (from p; q: after the spaces there): returns its
 * end (== p if none); *percent when it is "%" or "phần trăm"; -1 (as
 * SIZE_MAX) if what follows makes the number a time or a date. */
/* The end of a rate's "/người/tháng", "/h" after a unit word ending at e
 * (s[e] is '/'): lowercase words, each after one '/', two at most; or 0. */
static size_t rate_after(const char *s, size_t n, size_t e)
{
    size_t end = 0;
    for (int k = 0; k < 2 && e < n && s[e] == '/'; k++) {
        size_t a = e + 1;
        if (a >= n || !vn_ev_wordbyte(s, n, a) || vn_ev_digit(s[a]) || vn_ev_upper_at(s, n, a))
            break;
        e = vn_ev_word_end(s, n, a);
        while (e > a && s[e - 1] == '/')
            e--; /* (a word end that took the next mark in) */
        end = e;
    }
    return end;
}

static size_t unit_after(const fig_scan *f, size_t p, size_t q, int *percent)
{
    *percent = 0;
    size_t n = f->n;
    const char *s = f->s;
    if (p < n && s[p] == '%')
        return *percent = 1, p + 1;
    if (q == p && q < n && vn_ev_wordbyte(s, n, q))
        return SIZE_MAX; /* fused: "14h", "4G" */
    if (q < n && s[q] == '%')
        return *percent = 1, q + 1;
    size_t end = q, e;
    int syllables = 0, max = 2, first_cap = 0;
    while (q < n && syllables < max && vn_ev_wordbyte(s, n, q)) {
        if (vn_ev_digit(s[q]))
            break;
        int cap = upper_at(s, n, q);
        if (syllables == 0)
            first_cap = cap;
        else if (cap && !first_cap)
            break;
        int cls = phrase_class(f, q, &e), digit = 0;
        if (!cls)
            e = word_end_digit(s, n, q, &digit);
        size_t ne;
        const vn_numword *nw = syllables == 0 ? number_word(f, q, &ne) : NULL;
        if (nw && nw->alone)
            return p; /* "ba bốn nhà": a range of number words ("90 năm" is years) */
        int spaces = 0; /* of a multi-word entry: its syllables (a plain word has none) */
        if (cls)
            digit = digits_spaces(s, n, q, e, &spaces);
        if (digit)
            return p; /* "260 A00": a code */
        size_t rate;
        if (e < n && s[e] == '/' && !first_cap && syllables == 0 && (rate = rate_after(s, n, e))) {
            end = rate; /* "2 triệu đồng/người/tháng", "60 km/h": a rate */
            break;
        }
        if (e < n && (s[e] == '-' || s[e] == '/') && vn_ev_wordbyte(s, n, e + 1))
            return p; /* "8526 Su-27": a model */
        if (syllables == 0) {
            if (cls & FW_PERCENT)
                return *percent = 1, e;
            if (cls & FW_TIME)
                return SIZE_MAX;
            if ((cls & FW_STOP) && !(cls & (FW_MEASURE | FW_WHOLE)))
                return p;
            if (cls & FW_WHOLE) {
                end = e;
                break;
            }
            if (cls & FW_MEASURE)
                max = 3;
        } else if ((cls & FW_STOP) && !(cls & FW_MEASURE)) {
            break;
        }
        syllables += spaces + 1;
        end = e;
        q = vn_ev_skip_space(s, n, e);
        if (q == e)
            break;
    }
    return end;
}

/* After a unit "tháng": a date ("5 tháng 3") or a period ("6 tháng đầu
 * năm", "9 tháng năm 2023") — not a figure. */
static int period_or_date(const fig_scan *f, size_t ustart, size_t uend)
{
    char low[16];
    if (uend - ustart != strlen("tháng")) /* most units are not: lowercase only this one */
        return 0;
    size_t k = vn_ev_lower(f->s + ustart, uend - ustart, low, sizeof low);
    if (!(k == 6 && memcmp(low, "tháng", 6) == 0))
        return 0;
    size_t q = vn_ev_skip_space(f->s, f->n, uend);
    if (q < f->n && vn_ev_digit(f->s[q]))
        return 1;
    char next[32];
    size_t m = f->n - q < sizeof next - 1 ? f->n - q : sizeof next - 1;
    m = vn_ev_lower(f->s + q, m, next, sizeof next);
    static const char *const after[] = {"đầu năm", "cuối năm", "năm ", "đầu", "cuối", NULL};
    for (int i = 0; after[i]; i++)
        if (m >= strlen(after[i]) && memcmp(next, after[i], strlen(after[i])) == 0)
            return 1;
    return 0;
}

/* ------------------------------------------------------------ output */

/* The bucket of a figure's value and unit (its length and first bytes). */
static unsigned fig_bucket(double value, const char *unit, size_t len)
{
    uint64_t bits = 0;
    if (value != 0) /* 0 and -0 are one value */
        memcpy(&bits, &value, sizeof bits);
    uint64_t h = bits ^ (uint64_t)len << 56 ^ (uint64_t)(unsigned char)unit[0] << 48 ^
                 (uint64_t)(len > 1 ? (unsigned char)unit[1] : 0) << 40;
    h *= 0x9E3779B97F4A7C15ull;
    return (unsigned)(h >> 56) % FIG_BUCKETS;
}

static void index_add(fig_index *ix, int k, unsigned b)
{
    ix->next[k] = ix->head[b];
    ix->head[b] = (short)k;
}

/* The index, filled on first use with the figures already in the record
 * (last first: a chain meets them in the record's order). */
static fig_index *index_ready(fig_scan *f)
{
    fig_index *ix = f->index;
    if (!ix->ready) {
        memset(ix->head, 0xFF, sizeof ix->head); /* -1: empty */
        ix->ready = 1;
        int have = f->r->figures.n < MAX_FIGURES ? f->r->figures.n : MAX_FIGURES;
        for (int k = have - 1; k >= 0; k--) {
            const vn_figure *g = &f->r->figures.v[k];
            index_add(ix, k, fig_bucket(g->value, g->unit, strlen(g->unit)));
        }
    }
    return ix;
}

/* Code points in [a, b) of the line: the bytes that are no continuation
 * byte (10xxxxxx), eight at a time (for the few bytes of a figure's span;
 * vn_cp_at counts the long way from the last figure with AVX2). */
static int count_cps(const char *s, size_t a, size_t b)
{
    int cp = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; a + 8 <= b; a += 8) {
        uint64_t x;
        memcpy(&x, s + a, 8);
        /* bit 7 of each byte: set and bit 6 clear (shifted up into bit 7) */
        uint64_t cont = x & ~(x << 1) & 0x8080808080808080ull;
        cp += 8 - (int)(((cont >> 7) * 0x0101010101010101ull) >> 56);
    }
    if (a < b && b >= 8) { /* the last bytes: the eight before b, those before a shifted out */
        uint64_t x;
        memcpy(&x, s + b - 8, 8);
        x >>= 8 * (8 - (b - a));
        uint64_t cont = x & ~(x << 1) & 0x8080808080808080ull;
        return cp + (int)(b - a) - (int)(((cont >> 7) * 0x0101010101010101ull) >> 56);
    }
#endif
    for (; a < b; a++)
        cp += ((unsigned char)s[a] & 0xC0) != 0x80;
    return cp;
}

/* Code points before byte off, from the cursor, off a few bytes after it
 * (as vn_cp_at: an off before the cursor gets the cursor's count). */
static int cp_near(vn_cp_cursor *c, size_t off)
{
    if (off > c->byte) {
        c->cp += count_cps(c->s, c->byte, off);
        c->byte = off;
    }
    return c->cp;
}

static void add_figure(fig_scan *f, size_t start, size_t end, double value, int has_total, double total,
                       size_t ua, size_t ub, int percent, size_t qa, size_t qb)
{
    vn_arena *a = f->st->arena;
    const char *unit_at = "%";
    size_t unit_len = 1;
    if (!percent) {
        while (ub > ua && f->s[ub - 1] == ' ')
            ub--;
        unit_at = f->s + ua, unit_len = ub - ua;
    }
    int cs = vn_cp_at(&f->cur, start), ce = cp_near(&f->cur, end);
    /* the same quantity again (a teaser of the lead, a caption): one figure;
     * units compare as the C strings they are stored as */
    size_t key_len = strnlen(unit_at, unit_len);
    fig_index *ix = index_ready(f);
    unsigned bucket = fig_bucket(value, unit_at, key_len);
    for (int i = ix->head[bucket]; i >= 0; i = ix->next[i]) {
        vn_figure *g = &f->r->figures.v[i];
        if (g->value == value && g->has_total == has_total && (!has_total || g->total == total) &&
            (int)g->in == f->in && strncmp(g->unit, unit_at, key_len) == 0 && g->unit[key_len] == 0) {
            if (g->spans.n < MAX_SPANS)
                vn_spans_add(a, &g->spans, f->l->n, cs, ce);
            return;
        }
    }
    if (f->r->figures.n >= MAX_FIGURES)
        return;
    const char *unit = percent ? "%" : vn_arena_strndup(a, unit_at, unit_len);
    const char *qual = NULL;
    if (qb > qa) {
        char *q = vn_arena_alloc(a, qb - qa + 1);
        vn_ev_lower(f->s + qa, qb - qa, q, qb - qa + 1);
        qual = q;
    }
    index_add(ix, f->r->figures.n, bucket);
    if (!f->r->figures.cap) { /* room for the figures of most records at once (VN_PUSH grows from 4) */
        f->r->figures.v = vn_arena_alloc(a, FIG_FIRST_CAP * sizeof *f->r->figures.v);
        f->r->figures.cap = FIG_FIRST_CAP;
    }
    vn_figure *g = VN_PUSH(a, f->r->figures);
    memset(g, 0, sizeof *g);
    g->value = value;
    g->has_total = has_total;
    g->total = total;
    g->unit = unit;
    g->qualifier = qual;
    g->in = (vn_in)f->in;
    /* its first span, as vn_spans_add puts it in an empty list */
    if (ix->spans_left == 0) {
        ix->spans = vn_arena_alloc(a, FIG_SPAN_BATCH * FIG_SPAN_ROOM * sizeof *ix->spans);
        ix->spans_left = FIG_SPAN_BATCH;
    }
    g->spans.v = ix->spans;
    ix->spans += FIG_SPAN_ROOM;
    ix->spans_left--;
    g->spans.cap = FIG_SPAN_ROOM;
    g->spans.v[0] = (vn_span){f->l->n, cs, ce};
    g->spans.n = g->spans.sorted_n = 1;
}

/* A bare four-digit number that could be a year, at i, its unit at ua: a
 * year after a name or a model ("V.League 2017 ngày 2/7", "Hyundai i10
 * 2017 bản nâng cấp"), or before a capitalized word that starts the next
 * sentence ("… người hâm mộ 2007 Năm 2007, cô …"): a count of a thousand
 * or more is written with its separator ("2.000 người"). */
static int year_by_neighbours(const fig_scan *f, size_t i, size_t ua)
{
    const char *s = f->s;
    /* the unit in title case: "Năm", not "USD" */
    if (vn_ev_upper_at(s, f->n, ua)) {
        size_t we = vn_ev_word_end(s, f->n, ua), k = ua + 1;
        while (k < we && ((unsigned char)s[k] & 0xC0) == 0x80)
            k++;
        if (k < we && !vn_ev_upper_at(s, f->n, k))
            return 1;
    }
    size_t e1, a1 = vn_ev_prev_word(s, i, &e1);
    if (a1 == i || e1 + 1 != i || s[e1] != ' ')
        return 0;
    size_t we;
    if (word_class(f, a1, &we)) /* "Khoảng 2000 người": a qualifier */
        return 0;
    for (size_t k = a1; k < e1; k++)
        if (vn_ev_digit(s[k]))
            return 1; /* "i10 2017" */
    return vn_ev_upper_at(s, e1, a1);
}

/* A number at [i, ne) with value v: find its multipliers, unit, and add it.
 * Returns where the figure ends (ne if there is none). */
static size_t finish(fig_scan *f, size_t i, size_t ne, double v, int has_total, double total, size_t qa,
                   size_t qb, int yearish)
{
    size_t start = ne;
    size_t ua = vn_ev_skip_space(f->s, f->n, ne);
    if (!has_total) {
        v = multiply(f, v, &ne, ua);
        if (ne != start)
            ua = vn_ev_skip_space(f->s, f->n, ne);
    }
    int percent;
    size_t ue = unit_after(f, ne, ua, &percent);
    if (ue == SIZE_MAX || (ue <= ne && !percent) || (!percent && ue <= ua))
        return start;
    if (!percent && period_or_date(f, ua, ue))
        return start;
    if (yearish && !percent) { /* "đời 2016 đầu tiên": a year, unless it counts a measure */
        size_t we;
        if (!(word_class(f, ua, &we) & (FW_MEASURE | FW_WHOLE)) || year_by_neighbours(f, i, ua))
            return start;
    }
    if (!isfinite(v))
        return start;
    add_figure(f, qb > qa ? qa : i, ue, v, has_total, total, ua, ue, percent, qa, qb);
    return ue;
}

/* May a unit follow a number that ends at e? Not at the line's end nor
 * right before punctuation ("2016,", "6/2."): multiply and unit_after
 * need a space or "%" there; nor when what follows the spaces is neither
 * "%" nor a word that starts with a letter ("2019 - 2020", "1 2"): no
 * multiplier, no unit. finish would find none — and the digit scan goes
 * on at e either way, so it need not ask context_before first. */
static inline int unit_may_follow(const char *s, size_t n, size_t e)
{
    if (e >= n || s[e] == '%')
        return e < n;
    if (s[e] != ' ')
        return 0;
    size_t q = vn_ev_skip_space(s, n, e);
    return q < n && (s[q] == '%' || (!vn_ev_digit(s[q]) && vn_ev_wordbyte(s, n, q)));
}

/* One step of the scan at byte i (not a space): a byte that starts no word,
 * or the word or number that starts there. Returns where the scan goes on
 * (after i). */
static size_t scan_step(fig_scan *f, vn_ev_docs *docs, int *at, size_t i)
{
    const char *s = f->s;
    size_t n = f->n;
    if (!vn_ev_wordbyte_fwd(s, n, i))
        return i + 1;
    /* a word or number starts at i: is it fused to what stands before? */
#define ATTACHED                                                                                                  \
    (i > 0 && s[i - 1] != ' ' &&                                                                                  \
     (vn_ev_wordbyte(s, n, i - 1) || ((s[i - 1] == '-' || s[i - 1] == '/' || s[i - 1] == '.' || s[i - 1] == ',') && \
                                      i > 1 && vn_ev_wordbyte(s, n, i - 2))))
    if (vn_ev_digit(s[i])) {
        int attached = ATTACHED;
        double v, total;
        int kind;
        size_t e = digit_token(s, n, i, &v, &total, &kind);
        size_t q, qe;
        size_t fe = e;
        if (!attached && kind >= 0 && !vn_ev_in_ranges(vn_ev_docs_get(docs), i, e, at) &&
            unit_may_follow(s, n, e) && !context_before(f, i, &q, &qe))
            fe = finish(f, i, e, v, kind == 1, total, q, qe, kind == 0 && e - i == 4 && v >= 1900 && v <= 2100);
        /* after a figure, or the rest of a word the number is fused to ("14h") */
        return fe > e ? fe : vn_ev_word_end(s, n, e);
    }
    unsigned char b = (unsigned char)s[i];
    size_t nwe;
    /* "hàng trăm", "hàng chục nghìn": the qualifier is part of the number */
    size_t hl = strlen("hàng");
    int hang = (b | 32) == 'h' && n - i >= hl && memcmp(s + i + 1, "àng", hl - 1) == 0 &&
               (i + hl >= n || !vn_ev_wordbyte_fwd(s, n, i + hl));
    size_t we = hang ? i + hl : i;
    if ((hang || number_word(f, i, &nwe)) && !ATTACHED) {
        size_t q, qe, end = i;
        size_t p = hang ? vn_ev_skip_space(s, n, we) : i;
        double v = p < n ? word_number(f, p, &end, hang) : -1;
        if (v > 0) { /* most number words here count nothing alone ("năm", "một") */
            int cap = upper_at(s, n, i);
            size_t pe, pa = vn_ev_prev_word(s, i, &pe), pend;
            int after_number = pa < i && pe + 1 == i && number_word(f, pa, &pend);
            if (!after_number && !(cap && !sentence_start(s, i)) && !context_before(f, i, &q, &qe)) {
                if (hang)
                    q = i, qe = we;
                size_t fe = finish(f, p, end, v, 0, 0, q, qe, 0);
                return fe > end ? fe : end;
            }
        }
    }
#undef ATTACHED
    /* on to the next space: a number fused to this word is not a figure */
    return vn_ev_next_space(s, n, we);
}

#if defined(__x86_64__) || defined(__i386__)
/* scan_line with the vector scan of the token starts in its loop. */
#define SCAN_LINE_VEC(next_start, last)                                                                           \
    int at = 0;                                                                                                   \
    vn_fig_block blk = VN_FIG_BLOCK_INIT;                                                                         \
    const char *s = f->s;                                                                                         \
    size_t n = f->n;                                                                                              \
    for (size_t i = 0; i < n;) {                                                                                  \
        if (s[i] != ' ') { /* punctuation after a token: no word starts there (scan_step's first test) */        \
            i = vn_ev_byte_class[(unsigned char)s[i]] == VN_EV_NO ? i + 1 : scan_step(f, docs, &at, i);           \
            continue;                                                                                             \
        }                                                                                                         \
        size_t p = next_start(f->x, s, n, &i, &blk);                                                              \
        if (p != SIZE_MAX && blk.word >= 0) { /* the scan read the number word there: number_word's answer */     \
            f->memo->at = p;                                                                                      \
            f->memo->w = &f->x->nw[blk.word];                                                                     \
            f->memo->end = blk.word_end;                                                                          \
        }                                                                                                         \
        i = p != SIZE_MAX ? p : last(f->x, s, n, i);                                                              \
    }

__attribute__((target("avx2"))) static void scan_line_avx2(fig_scan *f, vn_ev_docs *docs)
{
    SCAN_LINE_VEC(vn_fig_next_start_avx2, vn_fig_next_start_last_avx2)
}

__attribute__((target("avx2,avx512f,avx512bw"))) static void scan_line_avx512(fig_scan *f, vn_ev_docs *docs)
{
    SCAN_LINE_VEC(vn_fig_next_start_avx512, vn_fig_next_start_last_avx512)
}
#undef SCAN_LINE_VEC
#endif

/* Set by the tests: scan_step at every token, no start filter (what the
 * filters of figures_start.h and figures_lex.c must agree with). */
int vn_fig_walk_every_token;

static void scan_line(fig_scan *f, vn_ev_docs *docs)
{
    if (vn_fig_walk_every_token) {
        int at = 0;
        for (size_t i = 0; i < f->n;)
            i = f->s[i] == ' ' ? i + 1 : scan_step(f, docs, &at, i);
        return;
    }
#if defined(__x86_64__) || defined(__i386__)
    if (f->x->fig_vec512) {
        scan_line_avx512(f, docs);
        return;
    }
    if (f->x->fig_vec) {
        scan_line_avx2(f, docs);
        return;
    }
#endif
    int at = 0;
    vn_fig_block blk = VN_FIG_BLOCK_INIT;
    for (size_t i = 0; i < f->n;)
        i = f->s[i] == ' ' ? vn_fig_next_start(f->x, f->s, f->n, i, &blk) : scan_step(f, docs, &at, i);
}

void vn_extract_figures(vn_stage *st, vn_record *r)
{
    const struct vn_event_lex *x = vn_ev_lex(st);
    if (!x)
        return;
    fig_index index;
    index.ready = 0;
    index.spans_left = 0;
    word_memo_ready();
    for (int li = 0; li < r->lines.n; li++) {
        const vn_line *l = &r->lines.v[li];
        int in = vn_line_scope(l);
        if (in < 0)
            continue;
        nw_memo memo = {SIZE_MAX, 0, NULL};
        fig_scan f = {st, r, x, l, l->text, (size_t)l->len, in, {0}, &memo, &index};
        vn_cp_cursor_init(&f.cur, l->text);
        vn_ev_docs docs;
        vn_ev_docs_init(&docs, st, r, l);
        scan_line(&f, &docs);
    }
}
