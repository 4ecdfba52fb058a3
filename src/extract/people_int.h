/* people_int.h — shared between the people extractor's files (private).
 *
 * The extractor works on one chunk of a line at a time (a line, or a piece
 * of a very long one cut at a sentence end):
 *   1. people_scan.c cuts the chunk into tokens (words and punctuation) near
 *      capitalized words only — the stretches between are TK_GAP tokens that
 *      carry their items — and makes a lowercased copy with the same byte
 *      offsets, for the lexicon tries; a look-ahead that reaches a gap has
 *      it cut into tokens and the step taken again (pp_have, names.c lex).
 *      A token is asked of the nine lexicons through one table look-up of
 *      the hash of its word (vn_people_lex.start, ptok.may): most words
 *      start no phrase, and only the others walk a trie;
 *   2. names.c walks the tokens and turns the interesting ones into items:
 *      cues ("đồng chí"), positions (positions.c: rank words over bodies),
 *      bodies (organizations), names (surname + capitalized syllables),
 *      separators, and "other";
 *   3. names.c reads the items as a small grammar: positions before a name,
 *      after it in apposition, lists with a shared position, and records
 *      persons (people.c merges them per article) and organizations (orgs.c).
 * Every look-ahead is bounded, so a chunk is scanned in linear time. */
#ifndef VN_PEOPLE_INT_H
#define VN_PEOPLE_INT_H

#include "../core/trie.h"
#include "../core/uni.h"
#include <stdint.h>
#include <string.h>
#include "extract.h"

/* Lines longer than this are scanned in pieces cut at a sentence end, so
 * the token arrays stay small whatever the input. */
#define CHUNK_MAX 16384

/* ------------------------------------------------------------ lexicon */

/* person_cues.tsv kinds */
enum { CUE_ONE = 1, CUE_PLURAL, CUE_STREET, CUE_ADMIN, CUE_CREDIT, CUE_APPOINT };
#define CUE_LOWER_ONLY 16 /* with a kind: matches only a lowercase word */
#define CUE_KIND(v) ((v) & 15)
/* ranks.tsv classes (bits) */
enum { RK_MOD = 1, RK_RANK = 2, RK_NEEDBODY = 4, RK_POST = 8 };
/* bodies.tsv flags (bits) */
enum { BD_OPEN = 1, BD_NEED = 2, BD_NAMED = 4, BD_TAIL = 8, BD_PLACE = 16 };
/* org_stopwords.tsv */
enum { STOP_LOWER = 1, STOP_CAP = 2, STOP_LINK = 3 };
/* org_provinces.tsv kinds */
enum { PL_PROVINCE = 1, PL_CITY, PL_COUNTRY, PL_REGION };

typedef struct vn_body_info {
    char *type;  /* "đảng", "chính quyền", … */
    int flags;
} vn_body_info;

/* A first word of a lexicon's phrases (pp_word_len of a key) and the trie
 * state after its bytes: a walk from a token that is that word starts
 * there, a word's worth of steps saved (pp_match_walk). */
typedef struct pfirst {
    uint64_t w[2];  /* its first sixteen bytes, the others 0 (pp_word_bytes) */
    uint16_t hash;  /* pp_word_hash of the word + 1; 0: an empty slot */
    uint16_t len;
    int off;        /* its bytes in ptrie.pool */
    int state;      /* -1: a key ends inside the word (walk it byte by byte) */
    int value;      /* of the key that is the word alone, or -1 */
} pfirst;

/* A lexicon trie; id is its bit in vn_people_lex.start and ptok.may. */
typedef struct ptrie {
    vn_trie *t;
    int id;
    uint16_t *start; /* vn_people_lex.start, filled as keys are put */
    vn_trie_view da; /* its frozen arrays, walked by pp_match_walk */
    pfirst *first;   /* open addressing by hash, fmask + 1 slots */
    unsigned fmask;
    char *pool;      /* the first words' bytes (as keys are put, then kept) */
    size_t npool, cappool;
} ptrie;

/* The first word of a lowercased phrase: up to a space or . - / ' & */
static inline size_t pp_word_len(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b == ' ' || b == '.' || b == '-' || b == '/' || b == '\'' || b == '&')
            return i;
    }
    return n;
}

/* The bytes of the word p[0..m) among its first sixteen, as two words
 * (the others 0): what pp_word_hash hashes and pfirst holds. Reads
 * p[0..16) whatever m (the chunk buffer is padded). */
static inline void pp_word_bytes(const char *p, size_t m, uint64_t *a, uint64_t *b)
{
    /* the bytes of the first and second eight that belong to the word */
#define PP_M(k) ((k) >= 8 ? ~0ull : (1ull << (8 * (k))) - 1)
    static const uint64_t first8[17] = {PP_M(0), PP_M(1), PP_M(2), PP_M(3), PP_M(4), PP_M(5),
                                        PP_M(6), PP_M(7), PP_M(8), PP_M(8), PP_M(8), PP_M(8),
                                        PP_M(8), PP_M(8), PP_M(8), PP_M(8), PP_M(8)};
    static const uint64_t second8[17] = {0,       0,       0,       0,       0,       0,
                                         0,       0,       0,       PP_M(1), PP_M(2), PP_M(3),
                                         PP_M(4), PP_M(5), PP_M(6), PP_M(7), PP_M(8)};
#undef PP_M
    size_t k = m < 16 ? m : 16;
    memcpy(a, p, 8);
    memcpy(b, p + 8, 8);
    *a &= first8[k];
    *b &= second8[k];
}

/* A 15-bit hash of the word p[0..m) from its first sixteen bytes and its
 * length: a filter, so words that share them only cost a trie walk. Reads
 * p[0..16) whatever m (the chunk buffer is padded). */
static inline unsigned pp_word_hash(const char *p, size_t m)
{
    uint64_t a, b;
    pp_word_bytes(p, m, &a, &b);
    uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ull) ^ m) * 0xFF51AFD7ED558CCDull;
    return (unsigned)(h >> 49);
}

struct vn_people_lex {
    ptrie surnames; /* lowercased → 1 */
    ptrie middles;  /* lowercased → 1 (Văn, Thị) */
    ptrie cues;     /* lowercased phrase → CUE_* */
    ptrie ranks;    /* lowercased phrase → RK_* bits */
    ptrie bodies;   /* lowercased phrase → index into body */
    ptrie places;   /* lowercased name → PL_* */
    ptrie historic; /* lowercased phrase → index into hist */
    ptrie hist_ctx; /* lowercased words that make a fixed phrase before one → 1 */
    ptrie stops;    /* lowercased word → STOP_* */
    ptrie fields;   /* lowercased fields of units' names (unit_fields.tsv) → 1;
                     * not in start: asked at a separator inside a name only */
    ptrie units;    /* lowercased names of districts and communes, before and
                     * after 2025 (gazetteer.tsv) → 1; not in start */
    /* by pp_word_hash of a word: the bits (ptrie.id) of the lexicons with a
     * phrase whose first word has that hash. Most words start no phrase,
     * and one load turns them away from all nine lexicons. */
    uint16_t start[0x8000 + 1]; /* (and a last one, always 0: pp_may) */
    /* bit h: start[h] is not 0. Few are (some 600 first words), and this
     * fits the L1 cache where start does not: pp_may reads start only
     * where the bit is set, else its last entry, next to this one */
    uint64_t start_any[0x8000 / 64];
    /* the same for the first words of cues and hist_ctx alone: the words
     * before a capitalized one that may open its window (people_scan.c) */
    uint64_t lead_any[0x8000 / 64];
    /* by ASCII byte: 1 when that mark, as a token of its own, may start a
     * cue or a fixed phrase before a historic name (its lead_any bit) */
    unsigned char mark_lead[128];
    vn_body_info *body;
    int nbody, capbody;
    char **hist;       /* canonical name of each historic entry */
    int nhist, caphist;
};

/* Lowercase s[0..n) into out with the same byte length per character (a
 * character whose lowercase has another length is copied as is). */
void vn_people_lower(const char *s, size_t n, char *out);

/* Uppercase Vietnamese letter at s (n bytes left)? A fast path for the
 * precomposed letters of NFC Vietnamese; other scripts go through uni.c. */
static inline int pp_upper_at(const unsigned char *s, size_t n)
{
    unsigned b = s[0];
    if (b < 0x80)
        return b >= 'A' && b <= 'Z';
    if (n >= 2 && b == 0xC3)
        return s[1] >= 0x80 && s[1] <= 0x9E && s[1] != 0x97;
    if (n >= 2 && (b == 0xC4 || b == 0xC5))
        return !(s[1] & 1);
    if (n >= 2 && b == 0xC6)
        return s[1] == 0xA0 || s[1] == 0xAF;
    if (n >= 3 && b == 0xE1 && s[1] >= 0xB8 && s[1] <= 0xBB)
        return !(s[2] & 1);
    int len;
    return vn_is_upper(vn_utf8_next((const char *)s, n, &len));
}

/* ------------------------------------------------------------- tokens */

/* TK_GAP: a stretch of text with no capitalized word, not cut into tokens
 * (people.c); s, e index its items in pctx.codes. */
enum { TK_LOWER, TK_TITLE, TK_UPPER, TK_DIGIT, TK_PUNCT, TK_GAP };

typedef struct ptok {
    int s, e;          /* byte offsets in the chunk */
    unsigned char cls; /* TK_* */
    unsigned char plain; /* letters and digits only (no . - / ' & inside) */
    char ch;           /* for TK_PUNCT: ',' ';' ':' '(' ')' '-' '.' '"' or '?' */
    /* a capitalized word among the next three tokens, before any gap (a
     * word there may be a cue before it); set as the chunk is cut */
    unsigned char near;
    /* MAY_KNOWN, once asked: bit ptrie.id set while a phrase of that
     * lexicon may start here (vn_people_lex.start, less the misses found).
     * TK_GAP: the number of tokens between it and the next gap (or end). */
    unsigned short may;
    unsigned short hash; /* pp_word_hash of its word, once may is known */
} ptok;
#define MAY_KNOWN 0x8000u

/* strchr(set, ch) != NULL for a short literal set, inlined; like strchr, a
 * NUL ch (a NUL byte's punctuation) is in every set. */
static inline int in_set(const char *set, char ch)
{
    if (!ch)
        return 1;
    for (; *set; set++)
        if (*set == ch)
            return 1;
    return 0;
}

static inline int tk_cap(const ptok *t) { return t->cls == TK_TITLE || t->cls == TK_UPPER; }
static inline int tk_word(const ptok *t) { return t->cls != TK_PUNCT && t->cls != TK_GAP; }

/* ------------------------------------------------------------- items */

enum { IT_OTHER, IT_SEP, IT_CUE, IT_PLURAL, IT_POS, IT_NAME, IT_ORG, IT_HIST, IT_APPT };

typedef struct pitem {
    unsigned char kind;
    char ch;            /* IT_SEP: the punctuation, or '&' for "và"/"kiêm" */
    unsigned char strong; /* IT_NAME: shaped like a name without a cue */
    unsigned char after_title; /* IT_NAME: a stray capitalized word before it */
    unsigned char used; /* IT_POS: already given to a person */
    unsigned char bare; /* IT_POS: a rank alone ("Thủ tướng") */
    int ts, te;         /* token range [ts, te) */
    int aux;            /* IT_HIST: index into lex->hist */
} pitem;

/* Per-article state: the persons and organizations found so far (hash
 * tables over r->people / r->organizations), names waiting for a
 * confirmation, and a code-point cursor for spans. In the page arena. */
typedef struct pweak { const char *name; int in, line, s, e; } pweak;
typedef struct pstate {
    int *phash, pcap;   /* person index + 1, by name and scope */
    int *ohash, ocap;   /* organization index + 1, by lowercased name and scope */
    VN_VEC(pweak) weak;
    const char *cp_line; /* code points before every 256th byte of it */
    int *cp, cp_n, cp_cap; /* cp[0..cp_n) made so far */
    int cur_b, cur_cp;     /* the last offset asked and its code points:
                            * spans mostly come in order along a line */
} pstate;

/* An item of a gap: 'w' words, '?' other punctuation, '&' "và"/"kiêm", or
 * the separator; pos, end: its bytes (while the gap is scanned). */
typedef struct pgap { int pos, end; char code; } pgap;

struct body_res;

/* What the scan of one chunk needs. */
typedef struct pctx {
    pstate *ps;
    const struct vn_people_lex *lx;
    vn_stage *st;
    vn_record *r;
    const char *text;  /* the chunk, original */
    const char *low;   /* the chunk, lowercased */
    int len;
    ptok *t;
    int nt;            /* tokens before the next gap (all when there is none) */
    int nt_all;        /* tokens and gaps */
    int *touched;      /* set when a look-ahead reached a gap */
    const pgap *codes; /* the items of the gaps */
    struct body_res *orgq; /* organizations found, recorded after the items */
    int norgq;
    pitem *it;
    int nit, capit;
    /* the lowest and highest index at which a name, a historic figure, a
     * plural cue or an appointment cue was pushed (some may have been taken
     * back since): the grammar reads only from the one to the other */
    int sfirst, slast;
    int line_n;        /* input line number */
    const char *line;  /* the whole line (spans count from its start) */
    int line_len;
    int base;          /* byte offset of the chunk in the line */
    int in;            /* VN_IN_* */
} pctx;

/* Is token j there to look at? Reaching a gap (or looking past it) marks
 * the step to be taken again once the gap is cut into tokens (names.c):
 * what follows a capitalized word is only cut into tokens near it. */
static inline int pp_have(const pctx *c, int j)
{
    if (j < c->nt)
        return 1;
    if (c->nt < c->nt_all)
        *c->touched = 1;
    return 0;
}
#define HAVE(c, j) pp_have((c), (j))

/* A syllable after a one-letter prefix and an apostrophe, of plain or
 * typeset text (’): H', Y', B', M' (Ê Đê, Gia Rai, M'Nông: "H'Yim", "Nay
 * H'Blơng", "Y Quý B’Krông"), K' (Cơ Ho: "K'Điệp"), O' ("Bill O’Reilly").
 * The token reads as all capitals ("H'Yim": Y after H). */
static inline int pp_prefixed_syllable(const pctx *c, int k)
{
    const ptok *t = &c->t[k];
    if (t->cls != TK_UPPER || t->e - t->s < 3)
        return 0;
    const char *w = c->low + t->s;
    int apos = w[1] == '\'' || (t->e - t->s >= 5 && !memcmp(w + 1, "\xE2\x80\x99", 3));
    return apos && w[0] >= 'a' && w[0] <= 'z';
}

/* Lexicon look-up at token i: the longest phrase of trie that starts at token
 * i and ends at a token end; returns the token after it (and *val) or -1.
 * Inline, as most calls are turned away by the token's bits; the rest walk
 * the trie (pp_match_walk, people.c). */
int pp_match_walk(const pctx *c, const ptrie *trie, int i, int *val);
/* The token's ptok.may, computed on the first question (inline: it is
 * asked of most tokens near a capitalized word). */
static inline unsigned pp_may(const pctx *c, ptok *tk)
{
    const char *w = c->low + tk->s;
    size_t m = (size_t)(tk->e - tk->s);
    if (!tk->plain)
        m = pp_word_len(w, m);
    unsigned h = pp_word_hash(w, m);
    tk->hash = (unsigned short)h;
    unsigned any = (unsigned)(c->lx->start_any[h >> 6] >> (h & 63)) & 1;
    tk->may = (unsigned short)(MAY_KNOWN | c->lx->start[any ? h : 0x8000]);
    return tk->may;
}
static inline __attribute__((always_inline)) int pp_match(const pctx *c, const ptrie *trie, int i,
                                                          int *val)
{
    if (!HAVE(c, i))
        return -1;
    ptok *tk = &c->t[i];
    unsigned may = tk->may;
    if (!(may & MAY_KNOWN))
        may = pp_may(c, tk);
    if (!(may >> trie->id & 1))
        return -1;
    return pp_match_walk(c, trie, i, val);
}

/* Can a phrase of trie start at token i? (The first question of every
 * look-up; asked on its own before a call that would only fail.) */
static inline __attribute__((always_inline)) int pp_may_start(const pctx *c, const ptrie *trie, int i)
{
    if (!HAVE(c, i))
        return 0;
    ptok *tk = &c->t[i];
    unsigned may = tk->may;
    if (!(may & MAY_KNOWN))
        may = pp_may(c, tk);
    return may >> trie->id & 1;
}

/* A cue at token i (person_cues.tsv): its kind and the token after it, or
 * -1; honours CUE_LOWER_ONLY. */
static inline int pp_cue(const pctx *c, int i, int *kind)
{
    int v, e = pp_match(c, &c->lx->cues, i, &v);
    if (e < 0 || ((v & CUE_LOWER_ONLY) && c->t[i].cls != TK_LOWER))
        return -1;
    *kind = CUE_KIND(v);
    return e;
}

/* ------------------------------------------------- positions.c */

typedef struct body_res {
    int s, e;         /* its tokens [s, e) */
    int first;        /* index into lex->body of the first unit, or -1 */
    int prov_s, prov_e; /* province tokens, or prov_s = -1 */
    int bare;         /* pp_position: a rank alone, no modifier or body ("Thủ tướng") */
} body_res;

/* A body chain at token i ("Ban Tuyên giáo" "Tỉnh ủy" "Bắc Kạn"); lower
 * allows a first unit in lowercase (after a rank word). Returns the token
 * after it, or i when there is none. */
int pp_body_chain_at(const pctx *c, int i, int lower, body_res *out);
static inline int pp_body_chain(const pctx *c, int i, int lower, body_res *out)
{
    if (!pp_may_start(c, &c->lx->bodies, i)) { /* what the chain would say */
        if (out)
            *out = (body_res){i, i, -1, -1, 0, 0};
        return i;
    }
    return pp_body_chain_at(c, i, lower, out);
}
/* A position at token i; lower allows a rank in lowercase (in apposition).
 * Returns the token after it or -1; *body (may be NULL) gets its body. */
int pp_position_at(const pctx *c, int i, int lower, body_res *body);
static inline int pp_position(const pctx *c, int i, int lower, body_res *body)
{
    if (!pp_may_start(c, &c->lx->ranks, i))
        return -1; /* every position starts with a rank word */
    return pp_position_at(c, i, lower, body);
}
/* A place name after an administrative word or a body at token i: the
 * capitalized run, less a person's name that follows it. admin: 0 (after a
 * body), 1 (thành phố), 2 (huyện, xã, …), 3 (tỉnh: a province only). Returns
 * the token after. */
int pp_place_run(const pctx *c, int i, int admin);
/* Does a person's name (surname + 2–3 capitalized syllables) start at i? */
int pp_name_starts(const pctx *c, int i);
/* Length of the run of capitalized words at i, counted up to cap. */
int pp_cap_run(const pctx *c, int i, int cap);

/* ------------------------------------------------- people_scan.c */

/* Byte tables; called by the lexicon loader. */
void pp_scan_init(void);
/* Cut the chunk text[0..n) into tokens t: buf (n + PP_CUT_PAD bytes, and
 * one byte before it) gets the text lowercased in its capitalized words.
 * windowed: only the neighbourhood of capitalized words is cut into tokens,
 * the stretches between are TK_GAP tokens with their items in codes; bits
 * (4 * PP_BITS_STRIDE words) holds the chunk's bitmaps meanwhile. Returns
 * the number of tokens; *first_gap gets the index of the first gap. */
#define PP_CUT_PAD 96
#define PP_BITS_STRIDE (CHUNK_MAX / 64 + 2)
int pp_cut(const struct vn_people_lex *lx, const char *text, int n, char *buf, ptok *t, pgap *codes,
           uint64_t *bits, int windowed, int *first_gap);
/* Tests: set, every chunk is cut into tokens in full (no gaps); the
 * result must be the same. */
extern int pp_cut_in_full;
/* Cut the gap at token g into its tokens (they take its place). */
void pp_expand_gap(pctx *c, int g);
/* Cut the whole chunk into tokens again, without gaps. */
void pp_cut_all(pctx *c);

/* ------------------------------------------------------ names.c */

/* Read one chunk into items. */
void pp_lex_chunk(pctx *c);
/* Then the grammar: persons and organizations. */
void pp_read_chunk(pctx *c);

/* ------------------------------------------------------- people.c */

/* Record a person mention (name tokens [ts, te)); positions are token
 * ranges [pos[2k], pos[2k+1]). weak: only kept if the same name is
 * confirmed elsewhere in the article. */
void pp_add_person(pctx *c, int ts, int te, const int *pos, int npos, int historic,
                   const char *hist_name, int weak);
/* Give positions to the person named by tokens [ts, te) (no new span). */
void pp_person_positions(pctx *c, int ts, int te, const int *pos, int npos);
/* Span helper: code-point offsets of chunk bytes [s, e) in the line. */
void pp_span(pctx *c, vn_spans *spans, int s, int e);
/* Tests: does every code-point count path (plain, and AVX2 and AVX-512
 * where the CPU has them) give the same count of s[0..n)? */
int pp_cp_count_agree(const char *s, int n);

/* --------------------------------------------------------- orgs.c */

/* Record an organization: tokens [ts, te) with its body info. */
void pp_add_org(pctx *c, int ts, int te, const body_res *b);
/* Hash of a string with the scope (FNV-1a). */
unsigned pp_hash(const char *s, size_t n, int in);

#endif
