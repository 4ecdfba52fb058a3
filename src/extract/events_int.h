/* events_int.h — what dates.c, events.c and figures.c share (internal): the
 * event lexicon (event words and cues from data/event_types.tsv, number words
 * from data/number_words.tsv, the words around figures from
 * data/figure_units.tsv) and small text helpers for the scanners.
 *   events.c      the lexicon loader, the main event, teasers' events
 *   ev_text.c     lowercase keeping offsets, word bounds, code points, ranges
 *   ev_match.c    phrase tries matched in either case (no lowercasing)
 *   ev_words.c    where an event phrase may start (word hashes, AVX2 masks)
 *   ev_gate.c     whether a line may hold an event phrase at all (AVX2)
 *   figures_lex.c the number-word automaton, the token-start tables
 *   figures_start.h the token-start tests and AVX2 scan (inline for figures.c)
 * The scanners look at the text itself and find their triggers with cheap
 * tests (bit sets, vector masks); they lowercase only the few short windows
 * a grammar reads word by word (dates). */
#ifndef VN_EVENTS_INT_H
#define VN_EVENTS_INT_H

#include "../core/trie.h"
#include "ev_match.h"
#include "extract.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ev_gate.c: phrase groups (by first word) and bytes tested per phrase */
enum { EVG_GROUPS = 64, EVG_NIBS = 4 };

/* event_types.tsv kinds */
enum { EV_EVENT = 1, EV_HEAD, EV_REFINE, EV_VERB, EV_HOST, EV_CHAIR, EV_TOPIC, EV_OBJECT };

typedef struct vn_ev_entry {
    const char *type; /* NULL for cue words */
    int kind, rank;
} vn_ev_entry;

/* number_words.tsv kinds */
enum { NW_DIGIT = 1, NW_AFTER, NW_TEN, NW_TENS, NW_DOZEN, NW_HUNDRED, NW_BIG, NW_ZERO };

typedef struct vn_numword {
    double value;
    int kind;
    int alone; /* may count by itself before a noun */
} vn_numword;

/* figure_units.tsv classes (a bit set: a word may be a label before a number
 * and a measure after one, "đợt 2" / "3 đợt") */
enum {
    FW_QUALIFIER = 1,
    FW_LABEL = 2,
    FW_STOP = 4,
    FW_TIME = 8,
    FW_MEASURE = 16,
    FW_PERCENT = 32,
    FW_VAGUE = 64,
    FW_WHOLE = 128,
    /* not a class: the word ends a two-word figure word ("thứ" of "lần
     * thứ"), kept with the classes so that one look answers both
     * (fig_last_in_words); a word with this bit alone is no figure word */
    FW_LAST = 256,
    /* with FW_LABEL: a label only when written capitalized, a document's
     * kind that is also a verb ("Quyết định 15" names a document,
     * "quyết định 15 dự án", "hướng dẫn 124 xã" count) */
    FW_LABEL_CAP = 512
};

struct vn_event_lex {
    /* scan_events' filter (ev_words.c): words hashed over their first
     * eight bytes case-folded and their length, 12 bits. ev_first has the
     * first words of event and cue phrases that have no second word after a
     * space, ev_pair the first two words of the others, ev_pair_first the
     * first of those. */
    unsigned char ev_first[512], ev_pair[512], ev_pair_first[512];
    /* the vector scan's tables, by gate_bit (a word's first eight bytes and
     * length): the flags of its top 13 bits (ev_words.c: GATE_*), the one
     * look most words get, all in one byte of an 8 KB table that stays in
     * cache; and pairs of first and second words (pair16), a bit set */
    unsigned char ev_gate[8192];
    unsigned char ev_gate_pair[8192];
    uint64_t ev_gate_keep[512];  /* gate_bit's table by word mask: the bytes of the word */
    int ev_all;   /* a phrase starts with no word: every word may start one */
    int ev_vec;   /* the AVX2 word scan may run */
    size_t ev_maxlen; /* bytes of the longest event, cue or refine phrase */
    /* matched in either case (ev_match.h) */
    ev_ci *events; /* event and head phrases -> index into ent */
    ev_ci *refine; /* refine phrases -> index into ent */
    ev_ci *cues;   /* verb, host, chair, topic, object phrases -> index into ent */
    vn_ev_entry *ent;
    int nent, capent;
    vn_trie *numwords; /* -> index into nw */
    vn_numword *nw;
    int nnw, capnw;
    ev_ci *figwords;   /* -> FW_* bit set, matched in either case */
    ev_ci *fig_last;   /* the second words of two-word figure words ("lần thứ": "thứ") -> 1 */
    size_t fig_maxlen; /* bytes of the longest figure word */
    int fig_last_in_words; /* figwords has FW_LAST for every key of fig_last (each a plain word) */
    /* figures.c's fast paths, built at load (vn_fig_lex_build) */
    /* number words as a dense automaton over byte classes: state 1 is the
     * start, 0 dead; nw_accept[state] is an index into nw or -1 */
    unsigned char nw_class[256];
    unsigned char nw_next[256 * 64];
    short nw_accept[256];
    int nw_states, nw_classes;
    int nw_multi; /* a number word the automaton cannot hold: walk the trie */
    unsigned char fig_start[8192]; /* bit b0 | b1 << 8: a token starting with bytes b0 b1 may hold a figure */
    /* a token that starts with a letter: its first four bytes (the first
     * lowercased), cut at the first byte where a word may end (fig_term 0:
     * ASCII that is no word byte, E2 C2 EF; the bytes after it 0), hashed to
     * a bit of fig_key: the keys of the number words and "hàng". fig_key_all:
     * no such test (the automaton cannot hold the number words). */
    unsigned char fig_term[256];
    unsigned char fig_key[8192];
    int fig_key_all;
    /* the vector pre-filter of next_start (figures_start.h, built by
     * fig_vec_build in figures_lex.c): the words that begin a number ("hai",
     * "mười", "hàng") in up to eight groups, one bit each; nibble tables of
     * the groups' bytes at a token's first positions (pair: the first
     * letter, either case; next, third, fourth: the bytes after it; the
     * fifth in fig_tab64[0..1]). The end test of the groups whose words are
     * the shortest: fig_cur_lo[1] their bits, fig_cur_lo[0] the others',
     * fig_cur_hi[0] the length where such a word ends. The byte classes are
     * the constant vn_fig_bc64. fig_vec 0 when the words do not fit or the
     * CPU has no AVX2. */
    unsigned char fig_cur_lo[16], fig_cur_hi[16], fig_pair_lo[16], fig_pair_hi[16];
    unsigned char fig_next_lo[16], fig_next_hi[16];
    unsigned char fig_third_lo[16], fig_third_hi[16];
    unsigned char fig_fourth_lo[16], fig_fourth_hi[16];
    int fig_vec;
    int fig_vec512; /* and the CPU has AVX-512 BW: 64 bytes at a time */
    /* fifth, pair, next, third, fourth (lo, hi), each four times: the
     * AVX-512 scan reads them as they are */
    unsigned char fig_tab64[10][64];
    /* ev_gate.c: may a line hold an event phrase? Bytes 0, 3, 4 and 8 of
     * the event trie's phrases, folded, as nibble tables (buckets of groups
     * of phrases by first word), and their first eight bytes hashed into a
     * 64 K-bit set (all of a phrase of fewer bytes: their lengths in
     * evg_short). evg_on 0: no gate. */
    unsigned char evg_lo[EVG_NIBS][16], evg_hi[EVG_NIBS][16];
    unsigned char evg_bits[8192];
    unsigned evg_short;
    int evg_keys, evg_on;
    struct { uint64_t word; uint32_t nib[EVG_NIBS]; } evg_group[EVG_GROUPS]; /* while loading */
    int evg_ngroups;
    uint32_t evg_fold_nib[256]; /* while loading: the nibbles of the bytes that fold to each */
};

/* ev_words.c: the words that may start an event or cue phrase. */
void vn_ev_words_init(struct vn_event_lex *x);      /* before the phrases are added */
enum { VN_EV_IN_EVENTS = 1, VN_EV_IN_CUES = 2 }; /* the phrase tries a word may start a phrase of */
void vn_ev_words_add(struct vn_event_lex *x, const char *phrase, int in);
/* The first word at or after i of t[0..n) that may start a phrase (n if
 * none), with its end in *end. On the way, as scan_events reads a line: a
 * sentence end (. ! ? ; : before a space or the end) sets *sent after it and
 * *at_start; each word passed clears *at_start. win keeps the masks of the
 * window the call stopped in, for the next call on the same line (start it
 * with VN_EV_WINDOW_INIT). *tries: the tries (VN_EV_IN_*) a phrase that
 * starts there may be in. */
typedef struct vn_ev_window {
    size_t b;                /* positions from b (ev_words.c); SIZE_MAX - 64 when none */
    uint64_t words, ends;
} vn_ev_window;
#define VN_EV_WINDOW_INIT {SIZE_MAX - 64, 0, 0}
size_t vn_ev_next_phrase_word(const struct vn_event_lex *x, const char *t, size_t n, size_t i, size_t *end,
                              size_t *sent, int *at_start, vn_ev_window *win, int *tries);

/* ev_gate.c: a cheap proof that a line holds no phrase of x->events (the
 * only phrases scan_events makes candidates of). init before the phrases,
 * add each event and head phrase as it is loaded. The test answers 0 only
 * where no position of t[0..n) can match x->events in any case; 1 "maybe". */
void vn_ev_gate_init(struct vn_event_lex *x);
void vn_ev_gate_add(struct vn_event_lex *x, const char *key);
void vn_ev_gate_build(struct vn_event_lex *x); /* after the last add */
int vn_ev_line_may_have_event(const struct vn_event_lex *x, const char *t, size_t n);

/* ev_chairs.c: the first place at or after from in t[0..n) where a chair
 * cue may stand (the tails of "chủ trì", "chủ tọa", "trưởng đoàn", "dẫn
 * đầu"), or n. */
size_t vn_ev_next_chair_tail(const struct vn_event_lex *x, const char *t, size_t n, size_t from);

/* Does a word go on at byte i (< n), as vn_trie_longest sees a word boundary? */
static inline int vn_ev_trie_continues(const char *s, size_t n, size_t i)
{
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80)
        return (b >= '0' && b <= '9') || ((b | 32) >= 'a' && (b | 32) <= 'z') || b == '_';
    if (b == 0xE2)
        return !(i + 1 < n && (unsigned char)s[i + 1] == 0x80);
    if (b == 0xC2)
        return !(i + 1 < n && (unsigned char)s[i + 1] < 0xC0);
    return 1;
}

/* figures_lex.c: the number-word automaton and the token-start scan. */
void vn_fig_lex_add_numword(struct vn_event_lex *x, const char *key, int value);
void vn_fig_lex_build(struct vn_event_lex *x);
/* The block of 32 (or 64) token starts the vector scan looked at last, and
 * those of its starts it has not yet tested (bit k: the start after the
 * space at base + k): the next call on the same line goes on in it. */
typedef struct vn_fig_block {
    size_t base; /* SIZE_MAX: none */
    uint64_t mask;
    size_t width; /* 32 or 64: the block's bytes */
    int word;        /* the start returned last is this number word (index into nw), or -1 */
    size_t word_end; /* and it ends here */
} vn_fig_block;
#define VN_FIG_BLOCK_INIT {SIZE_MAX, 0, 32, -1, 0}
/* From the space at i of s[0..n): the first token start after a space that
 * may hold a figure, or n. blk: one per line, from VN_FIG_BLOCK_INIT. */
size_t vn_fig_next_start(const struct vn_event_lex *x, const char *s, size_t n, size_t i, vn_fig_block *blk);

/* The lexicon of a stage, or NULL when none is loaded. */
static inline const struct vn_event_lex *vn_ev_lex(const vn_stage *st)
{
    return st && st->lex ? st->lex->events : NULL;
}

/* Lowercase s[0..n) into out keeping every character's byte length (a
 * character whose lowercase has another length is copied as is), so offsets
 * into out are offsets into s. Writes at most cap-1 bytes and a NUL; returns
 * the bytes written. */
size_t vn_ev_lower(const char *s, size_t n, char *out, size_t cap);
/* Tests: 1 makes vn_ev_lower take its plain path (no AVX2 windows), 0 undoes it. */
void vn_ev_lower_set_plain(int on);

/* Longest lexicon phrase of t at s[i..n) in either case, ending at a word
 * boundary; -1 if none. */
static inline int vn_ev_match(const ev_ci *t, const char *s, size_t n, size_t i, size_t *mlen)
{
    return t ? ev_ci_longest(t, s + i, n - i, mlen) : -1;
}

/* Byte classes for the scanners */
static inline int vn_ev_digit(char c)
{
    return c >= '0' && c <= '9';
}
/* A byte that continues a word: ASCII letter or digit, or any byte of a
 * multi-byte character except the punctuation of U+2000..U+206F and
 * U+00A0..U+00BF. */
int vn_ev_wordbyte_mb(const char *s, size_t n, size_t i); /* s[i] >= 0x80 */
/* Byte classes: VN_EV_NO (ASCII, not a word byte), VN_EV_WORD (ASCII
 * letter, digit, _; the lead byte of a letter), VN_EV_LEAD (E2 C2 EF: the
 * character decides), VN_EV_CONT (a continuation byte: its lead decides). */
enum { VN_EV_NO, VN_EV_WORD, VN_EV_LEAD, VN_EV_CONT };
extern const unsigned char vn_ev_byte_class[256];
static inline int vn_ev_ascii_wordbyte(unsigned char b)
{
    return b < 0x80 && vn_ev_byte_class[b] == VN_EV_WORD;
}
static inline int vn_ev_wordbyte(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    unsigned c = vn_ev_byte_class[(unsigned char)s[i]];
    return c <= VN_EV_WORD ? (int)c : vn_ev_wordbyte_mb(s, n, i);
}
/* vn_ev_wordbyte for a byte reached scanning forward from a word's start or
 * a character boundary (never the middle of a punctuation character): the
 * scanners' hot path. */
static inline int vn_ev_wordbyte_fwd(const char *s, size_t n, size_t i)
{
    unsigned c = vn_ev_byte_class[(unsigned char)s[i]];
    return c == VN_EV_LEAD ? vn_ev_wordbyte_mb(s, n, i) : c != VN_EV_NO;
}
/* The first digit at or after i (n if none), sixteen bytes at a time: the
 * date scanners look only at digits. */
static inline size_t vn_ev_next_digit(const char *s, size_t n, size_t i)
{
#ifdef __SSE2__
    /* b - ('0' + 128) wraps the digits to -128..-119, the only bytes below -118 */
    const __m128i bias = _mm_set1_epi8((char)('0' + 128)), lim = _mm_set1_epi8(-128 + 10);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)), bias);
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, lim));
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#else
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t t = x ^ 0x3030303030303030ull; /* a digit becomes 0..9 */
        if (((t - 0x0A0A0A0A0A0A0A0Aull) & ~t & 0x8080808080808080ull) != 0)
            break; /* maybe one here */
    }
#endif
    while (i < n && !vn_ev_digit(s[i]))
        i++;
    return i;
}
/* How many ASCII digits begin the eight bytes x (read little-endian from
 * memory): 0 .. 8. Counting a run of digits by a loop costs a wrong guess
 * at its end, where runs of one to four digits alternate. */
static inline unsigned vn_ev_lead_digits8(uint64_t x)
{
    uint64_t t = x ^ 0x3030303030303030ull; /* a digit becomes 0 .. 9 */
    /* the top bit of each byte that is no digit (t >= 10); no carry crosses bytes */
    uint64_t other = (((t & 0x7F7F7F7F7F7F7F7Full) + 0x7676767676767676ull) | t) & 0x8080808080808080ull;
    return other ? (unsigned)__builtin_ctzll(other) >> 3 : 8;
}
/* The value of the first k (1 .. 8) bytes of x, all digits: exact, as a
 * double summed digit by digit is (below 10^8). */
static inline uint64_t vn_ev_digits8_value(uint64_t x, unsigned k)
{
    uint64_t t = (x ^ 0x3030303030303030ull) << (8 * (8 - k)); /* the digits at the top, zeros before */
    t = t * 10 + (t >> 8); /* pairs */
    t = (((t & 0x000000FF000000FFull) * (100 + (1000000ull << 32))) +
         (((t >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32)))) >> 32;
    return t;
}
/* The first space at or after i, or n; sixteen bytes a step (most words
 * end in the first). */
static inline size_t vn_ev_next_space(const char *s, size_t n, size_t i)
{
#ifdef __SSE2__
    const __m128i space = _mm_set1_epi8(' ');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, space));
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#endif
    while (i < n && s[i] != ' ')
        i++;
    return i;
}
/* Start of the word that ends just before byte i (skipping spaces), or i if
 * there is none; *end gets that word's end. */
size_t vn_ev_prev_word(const char *s, size_t i, size_t *end);
size_t vn_ev_prev_word_walk(const char *s, size_t i, size_t *end); /* its plain path */
/* Skip spaces from i. */
static inline size_t vn_ev_skip_space(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] == ' ')
        i++;
    return i;
}
/* End of the word starting at i (letters and digits). */
size_t vn_ev_word_end(const char *s, size_t n, size_t i);
/* Is the character at s[i] an uppercase letter? */
int vn_ev_upper_at(const char *s, size_t n, size_t i);

/* The opening of a line: what the lead-finding scans read (the title, the
 * lead, the first sentences of a page whose body is one long line). Cut at
 * a space so that no word is split. */
#define VN_EV_OPENING_BYTES 1200 /* dates: the date may close the lead's first sentences */
#define VN_EV_EVENT_BYTES 600     /* events: the event is named in the first sentence */
static inline vn_line vn_ev_head_n(const vn_line *l, int max)
{
    vn_line h = *l;
    if (h.len > max) {
        int k = max;
        while (k > max / 2 && h.text[k] != ' ')
            k--;
        if (h.text[k] != ' ') /* no space: a character boundary */
            for (k = max; k > 0 && ((unsigned char)h.text[k] & 0xC0) == 0x80; k--)
                ;
        h.len = k;
    }
    return h;
}
static inline vn_line vn_ev_head(const vn_line *l)
{
    return vn_ev_head_n(l, VN_EV_OPENING_BYTES);
}

/* Code-point offsets without rescanning: a cursor that only moves forward. */
typedef struct vn_cp_cursor {
    const char *s;
    size_t byte;
    int cp;
} vn_cp_cursor;
static inline void vn_cp_cursor_init(vn_cp_cursor *c, const char *s)
{
    c->s = s;
    c->byte = 0;
    c->cp = 0;
}
/* Code points before byte off (off >= the previous call's off). */
int vn_cp_at(vn_cp_cursor *c, size_t off);
/* Byte offset of code point cp in s (n bytes); n if past the end. */
size_t vn_ev_cp_to_byte(const char *s, size_t n, int cp);

/* Byte ranges [a, b) of a line that other extractors claimed (documents);
 * sorted by start, from the stage arena. */
typedef struct vn_ev_range {
    size_t a, b;
} vn_ev_range;
typedef VN_VEC(vn_ev_range) vn_ev_ranges;
/* Code-point ranges of line l to byte ranges, in place, in one walk. */
void vn_ev_cps_to_bytes(vn_stage *st, const vn_line *l, vn_ev_range *v, int nv);
void vn_ev_document_ranges(vn_stage *st, const vn_record *r, const vn_line *l, vn_ev_ranges *out);
/* Is [a, b) inside one of the ranges? *at is a cursor into the sorted ranges
 * for callers that ask in increasing order of a. */
int vn_ev_in_ranges(const vn_ev_ranges *rg, size_t a, size_t b, int *at);

/* A line's document ranges, computed the first time a scanner asks: most
 * lines have no number that needs them. */
typedef struct vn_ev_docs {
    vn_stage *st;
    const vn_record *r;
    const vn_line *l; /* the whole line (the spans count code points of it) */
    vn_ev_ranges rg;
    int ready;
} vn_ev_docs;
static inline void vn_ev_docs_init(vn_ev_docs *d, vn_stage *st, const vn_record *r, const vn_line *l)
{
    memset(d, 0, sizeof *d);
    d->st = st, d->r = r, d->l = l;
}
/* The ranges (NULL when d is NULL). */
static inline const vn_ev_ranges *vn_ev_docs_get(vn_ev_docs *d)
{
    if (d && !d->ready) {
        vn_ev_document_ranges(d->st, d->r, d->l, &d->rg);
        d->ready = 1;
    }
    return d ? &d->rg : NULL;
}

/* dates.c: dates found in a line, resolved against what the record knows. */
typedef struct vn_date_ctx {
    int py, pm, pd;      /* publication date; 0 if unknown */
    int year_max;        /* the latest year the article's opening names; 0 if none */
    int prev_named;      /* year_max - 1 is named too */
    int max_is_plan;     /* year_max is named as a plan ("triển khai nhiệm vụ năm 2024") */
} vn_date_ctx;

typedef struct vn_date_found {
    size_t start, end; /* bytes of the line */
    int y, m, d;       /* y 0 if unresolved */
    int y2, m2, d2;    /* the end of a span ("25/2 đến 28/2", "25-26/2"), or all 0 */
} vn_date_found;

/* What the record tells about years: the publication date (pub_year… or
 * published / date_hint / a dateline line) and the years the opening names. */
void vn_dates_context(vn_stage *st, const vn_record *r, vn_date_ctx *c);
/* The year of a partial date (month m, day d or 0): the latest not after the
 * publication date (plus a few days), or from the years the article names. */
int vn_dates_resolve_year(const vn_date_ctx *c, int m, int d);
/* The first day-precise date in an event context in line l at or after
 * byte from: not inside docs (document references), not an effective, birth or
 * deadline date. Resolved with c. Returns 1 and fills f. */
int vn_dates_find_event(const vn_date_ctx *c, const vn_line *l, vn_ev_docs *docs, size_t from,
                        vn_date_found *f);
/* The context of a record made the first time a date takes its year from
 * it (most dates name their year, and most records have no date to resolve). */
typedef struct vn_date_lazy {
    vn_stage *st;
    const vn_record *r;
    vn_date_ctx c; /* all 0 until ready */
    int ready;
} vn_date_lazy;
static inline void vn_dates_lazy_init(vn_date_lazy *z, vn_stage *st, const vn_record *r)
{
    memset(z, 0, sizeof *z);
    z->st = st, z->r = r;
}
/* vn_dates_find_event with the context of z, made when the date needs it. */
int vn_dates_find_event_lazy(vn_date_lazy *z, const vn_line *l, vn_ev_docs *docs, size_t from, vn_date_found *f);
/* "YYYY-MM-DD" or "YYYY-MM-DD/YYYY-MM-DD" in the arena; NULL if the year is
 * unknown. */
const char *vn_dates_format(vn_stage *st, const vn_date_found *f);
/* A line that is only a date and time (a dateline the page stage left as body). */
int vn_dates_line_is_dateline(const vn_line *l);

/* Eight bytes folded (little-endian lanes): each byte | 0x21 makes the two
 * cases of a letter alike (ASCII 0x20; Latin-1 second bytes 0x20; the low
 * bit of Ă Đ Ĩ Ũ Ơ and of U+1EA0..U+1EF9), and 0xAF (Ư C6 AF) becomes 0xB1
 * (ư C6 B0 | 0x21). Other bytes may fold alike: that only widens the sets.
 * (ev_words.c hashes words by it, ev_gate.c tests lines by it.) */
static inline uint64_t fold8(uint64_t x)
{
    const uint64_t ones7 = 0x7F7F7F7F7F7F7F7Full;
    uint64_t y = x | 0x2121212121212121ull;
    uint64_t t = y ^ 0xAFAFAFAFAFAFAFAFull;
    uint64_t zero = ~(((t & ones7) + ones7) | t) & 0x8080808080808080ull; /* the bytes that were 0xAF */
    return y + (zero >> 6);                                            /* + 2 */
}

#endif
