/* documents.h — the document-reference extractor's parts (internal):
 * doclex.c loads data/doc_kinds.tsv and data/doc_issuers.tsv, doccode.c scans
 * and normalizes a số ký hiệu, documents.c finds the references in a line and
 * reads what surrounds them (kind, issuer, date, subject). */
#ifndef VN_DOCUMENTS_H
#define VN_DOCUMENTS_H

#include "../core/trie.h"
#include "extract.h"
#include "../core/uni.h"

#include <stdint.h>
#include <string.h>

enum { VN_KIND_NAMED = 1, VN_KIND_GENERIC = 2 };
/* What may start with four bytes of a hash: a kind phrase; one shorter than eight bytes. */
enum { VN_START_KIND = 1, VN_START_SHORT_KIND = 2 };
/* The bytes of a kind phrase the AVX-512 tables test (kind_t8): 0 to 8. The
 * ninth parts "Thông tư", "Thông tri" from "Thông tin" and "Quyết định" from
 * "quyết tâm", which pass eight bytes and failed only in the walk: a ninth
 * permute per block costs less than those walks (a tenth gained nothing more,
 * a tenth and eleventh lost). */
enum { VN_DOC_T8_BYTES = 9 };
enum { VN_FORM_ANY = 0, VN_FORM_PARTY = 1, VN_FORM_STATE = 2 };
/* The bytes of a kind phrase the AVX2 nibble tables test (nib_lo, nib_hi):
 * 0, 3, 5 and 8, spread over the phrase. Bytes 1 to 3 of a Vietnamese
 * phrase say little: after "H", "i E1 BA" starts "Hiến" and "hiện" alike
 * (E1 is the lead byte of most vowels with tones), and every "thông t"
 * starts as "Thông tư" does; byte 8 reaches into the second word. With
 * bytes 0 to 3 the tables let through one position in 35 of news text,
 * with these about one in 100 (and the scan tries each that passes). */
enum { VN_DOC_NIBS = 4, VN_DOC_NIB1 = 3, VN_DOC_NIB2 = 5, VN_DOC_NIB3 = 8, VN_DOC_NIB_LAST = VN_DOC_NIB3 };
static const unsigned char vn_doc_nib_at[VN_DOC_NIBS] = {0, VN_DOC_NIB1, VN_DOC_NIB2, VN_DOC_NIB3};

typedef struct vn_doc_kind {
    const char *kind;
    int flags;          /* VN_KIND_* */
} vn_doc_kind;

typedef struct vn_doc_type {
    const char *letters;
    const char *party_kind, *state_kind; /* NULL where the letters mean nothing in that form */
} vn_doc_type;

typedef struct vn_doc_issuer {
    const char *code;
    const char *name;   /* NULL: known code, body not settled by the code alone */
} vn_doc_issuer;

struct vn_doc_lex {
    vn_trie *kinds;         /* kind phrase, case variants -> index in kind[] */
    vn_doc_kind *kind;
    int nkind;
    vn_trie *types;         /* type letters -> index in type[] */
    vn_doc_type *type;
    int ntype;
    vn_trie *issuers;       /* issuer code -> index in issuer[] */
    vn_doc_issuer *issuer;
    int nissuer;
    vn_trie *names;         /* full issuer names (case variants) -> index in issuer[]: "của Bộ Văn
                               hóa, Thể thao và Du lịch" is one name */
    vn_trie *heads;         /* words starting a body's name */
    vn_trie *stops;         /* words ending a body's name */
    vn_trie *measures;      /* words showing a bare number counts something */
    vn_trie *subjects;      /* how a subject starts (case variants) */
    vn_trie *notissue;      /* words before "ngày" that mark another date */
    vn_trie *notafter;      /* words before a named kind that make it no document */
    vn_trie *continues;     /* words that may continue a named document's name */
    vn_trie *adverbs;
    const char **verbs;     /* matched backwards from the kind word */
    int nverb;
    /* The kind phrases again as a small automaton, so that the scan can try every
     * word start cheaply (most fail on the first or second byte): bytes map to
     * classes (0 = in no kind phrase), states to rows of kind_width entries. */
    unsigned char kind_class[256];
    int kind_width;
    unsigned short *kind_next;  /* [state * kind_width + class] -> state; 0 = none
                                   (while it is built; then NULL) */
    int *kind_value;            /* per state: index in kind[] or -1 */
    int kind_states, kind_cap;
    /* What the walks use: the same automaton, small enough to stay in cache (the
     * full rows take 200 KB, and a walk touches a new one each byte): most states
     * have one way on, kept in kind_edge as (next << 8 | byte); a state with
     * several has VN_KIND_MANY | r, its row r of kind_width entries in kind_rows;
     * 0: none. */
    uint32_t *kind_edge;
    unsigned short *kind_rows;
    /* Cheaper tests first, none of which says "no" wrongly: a kind phrase may start
     * with this byte; with these four bytes, hashed (vn_doc_prefix_hash: VN_START_*);
     * with these eight (vn_doc_prefix_hash8, for the phrases of eight bytes or more:
     * "Thông tư" passes, "Thông tin" not). When some phrase is shorter than four
     * bytes (kind_short) all but the first let everything through. */
    unsigned char kind_first[256];
    unsigned char start4[65536];
    unsigned char kind_first8[65536 / 8];
    int kind_short;
    /* Four bytes of the kind phrases (vn_doc_nib_at: 0, 3, 5, 8) as nibble
     * tables for a byte shuffle (the "Teddy" string search): for each, the
     * buckets that have this low / high nibble there (any past a phrase's
     * end). A position whose four bytes share a bucket may start a phrase.
     * The buckets group the phrases by first word as for kind_t8
     * (docscan.c: nibble_buckets), or by first letter mod 8 where those
     * groups cannot be made. use_avx2: the CPU has AVX2 and no phrase is
     * shorter than four bytes. */
    unsigned char nib_lo[VN_DOC_NIBS][16], nib_hi[VN_DOC_NIBS][16];
    int use_avx2;
    /* VN_DOC_T8_BYTES bytes with AVX-512 VBMI (use_avx512): for byte 0 to 8 of a
     * phrase, a table of 64 entries by the byte's low six bits (the four bytes
     * that share them read one entry, which holds what each of them may), each
     * the buckets that may have that byte there; a phrase shorter than that lets
     * every byte through past its end. The buckets group the phrases by their first
     * word (case folded), chosen so that each bucket lets few byte strings through
     * (vn_doc_kind_table8): with eight bytes about one position in 370 of news
     * text passed, against one in 260 for the nibble tables (one in 35 with
     * bytes 0 to 3). */
    unsigned char kind_t8[VN_DOC_T8_BYTES][64];
    int use_avx512;
    char **owned;           /* strings to free */
    int nowned, capowned;
};

/* A scanned số ký hiệu. */
typedef struct vn_doc_code {
    size_t start, end;      /* bytes in the line */
    char code[96];          /* normalized: no spaces, ASCII '-', 'Đ' */
    char number[16];
    size_t suffix;          /* code + suffix: what follows the number ("-NQ/TW", "/2020/NĐ-CP") */
    int year;               /* 0 = none */
    int form;               /* VN_FORM_PARTY or VN_FORM_STATE */
    const vn_doc_type *type;/* known type letters, or NULL */
    char type_letters[24];
    char issuer_code[64];   /* the issuer part: "TW", "UBND", "BTC-BTP", "QH14" */
    int nissuers;           /* issuer segments in issuer_code */
} vn_doc_code;

/* Scan a số ký hiệu starting with the digit at s[i] (a word start). strict:
 * no kind word stands before it, so its type letters or first issuer code
 * must be known. Returns 1 and fills out, or 0. Bounded work per call. */
int vn_doc_code_scan(const struct vn_doc_lex *lx, const char *s, size_t n, size_t i, int strict,
                     vn_doc_code *out);
/* The kind the code's type letters give, or NULL. */
const char *vn_doc_code_kind(const vn_doc_code *c);
/* The issuer's name the code gives without doubt ("CP" -> "Chính phủ", "BTC-BTP" ->
 * "Bộ Tài chính và Bộ Tư pháp"), written into out; NULL if it does not. */
const char *vn_doc_code_issuer(const struct vn_doc_lex *lx, const vn_doc_code *c, char *out,
                               size_t cap);

/* A reference found in a line, while the line is read (documents.c, doctail.c). */
typedef struct vn_doc_ref {
    size_t start, end;          /* the mention: kind word (or code) to the code or number */
    size_t tail;                /* where what follows it begins */
    size_t tail_end;            /* past the tail that was read (date, "của …") */
    const char *kind;
    int kind_from_word;         /* the kind was written before it */
    int named;                  /* no number: "Nghị quyết Đại hội XIV của Đảng" */
    size_t title_e;             /* a named one's title before its number, from start:
                                   "Luật Đất đai | số 31/2024/QH15"; 0: none */
    int has_code;
    vn_doc_code c;
    char number[16];            /* a short form's number ("Chỉ thị 05") */
    size_t issuer_s, issuer_e;  /* the issuer as written, or 0, 0 */
    int y, m, d;                /* the issue date; y = 0: none */
    int subj;                   /* 0 none, 1 a subject follows ("về …"), 2 maybe a title */
    size_t subj_s, subj_e;
} vn_doc_ref;

/* doctail.c: read what follows each reference (issue date, "của …", subject),
 * the dates that close a legal title far after it, the body before it ("UBND tỉnh
 * ban hành …"), and share issuer and date along lists. refs are in line order. */
void vn_doc_read_tails(const struct vn_doc_lex *lx, const vn_record *r, const char *s, size_t n,
                       vn_doc_ref *refs, int nrefs);

/* docphrase.c: the phrases a citation is made of. */
/* A date at p ("24/10/2018", "24-10-2018", "24.10.2018", "24 tháng 10 năm 2018", "24/10"):
 * returns its end and fills y (0 if not written), m, d; or 0. */
size_t vn_doc_date_at(const char *s, size_t n, size_t p, int *y, int *m, int *d);
/* "ngày"/"Ngày" and a date at p: the date's end, or 0. */
size_t vn_doc_ngay_date(const char *s, size_t n, size_t p, int *y, int *m, int *d);
/* The issuer's name after "của" (p at its first word): its end, or 0. joint: the
 * code names several issuers, so ", Bộ …" goes on. */
size_t vn_doc_issuer_at(const struct vn_doc_lex *lx, const char *s, size_t n, size_t p, int joint);
/* Does the name at b name a body other than the code's issuers? */
int vn_doc_issuer_contradicts(const struct vn_doc_lex *lx, const vn_doc_ref *ref, const char *s,
                              size_t n, size_t b);
/* The end of a named document's name starting at p (after the kind word), or p. */
size_t vn_doc_name_end(const struct vn_doc_lex *lx, const char *s, size_t n, size_t p);
/* Does a sentence end at i ("." before a capital, not "TP. Hồ Chí Minh")? */
int vn_doc_sentence_break(const char *s, size_t n, size_t i);

/* ---- byte-level helpers shared by the parts (doccode.c has the two functions) ---- */
int vn_doc_is_word_start(const char *s, size_t i);
int vn_doc_is_alnum_at(const char *s, size_t n, size_t i); /* a letter or digit starts at i */

/* docscan.c: where in a line a reference may begin. */
/* Which bytes belong to words (1), not (0), or E2: not when 80 follows (2). */
extern const unsigned char vn_doc_word_class[256];

static inline int vn_doc_lead_is_word(const char *s, size_t n, size_t i)
{
    unsigned char c = vn_doc_word_class[(unsigned char)s[i]];
    return c == 1 || (c == 2 && !(i + 1 < n && (unsigned char)s[i + 1] == 0x80));
}

/* Is s[i] a byte of a word: a letter or digit, or any byte of a non-ASCII
 * letter? The continuation bytes of a character are what its lead byte is
 * (looking back three bytes at most), so after “ – … (E2 80 xx) or C2 xx the
 * next letter starts a word ("“Nghị quyết"). */
static inline int vn_doc_word_byte(const char *s, size_t n, size_t i)
{
    if (((unsigned char)s[i] & 0xC0) == 0x80) {
        size_t k = i;
        while (k > 0 && i - k < 3 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        return vn_doc_lead_is_word(s, n, k);
    }
    return vn_doc_lead_is_word(s, n, i);
}

/* Does a word start at s[i]: a word byte after one that is not, or first? */
static inline int vn_doc_word_starts(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i], p = i ? (unsigned char)s[i - 1] : ' ';
    if (c < 0x80 && p < 0x80) /* the usual case: a letter or digit after a space */
        return vn_doc_word_class[c] && !vn_doc_word_class[p];
    return vn_doc_word_byte(s, n, i) && (i == 0 || !vn_doc_word_byte(s, n, i - 1));
}

/* What a block tells the next: its masks (bit 63 is its last byte) of
 * continuation bytes, bytes that are words by themselves and word bytes (the
 * SSE2 path), or of digits in word (AVX2). VN_DOC_CARRY_INIT at a line's start. */
typedef struct vn_doc_carry { uint64_t cont, base, word; } vn_doc_carry;
#define VN_DOC_CARRY_INIT {~(uint64_t)0, ~(uint64_t)0, 0}
/* Mark where a reference may begin in up to max blocks of 64 bytes from at (a
 * multiple of 64; the carry comes from the block before): bit k of cand[b] is
 * byte at + 64 b + k, a digit or a byte that may begin a kind phrase, if a word
 * starts there (vn_doc_word_starts: the marks may hold bytes where none does).
 * A byte not marked begins no reference (a run of digits where
 * vn_doc_code_may_start fails may be left out). Returns the blocks filled (the
 * last may pass n). */
int vn_doc_mark_starts(const struct vn_doc_lex *lx, const char *s, size_t n, size_t at,
                       uint64_t *cand, int max, vn_doc_carry *c);

/* Could a số ký hiệu start with the digits at i: at most six digits, up to two
 * spaces, then '/', '-' or a Unicode dash (E2 …)? The cheap half of
 * vn_doc_code_scan's first test, so most numbers ("năm 2017") cost a few bytes;
 * the vector marks leave out the runs of digits where it cannot hold. */
static inline int vn_doc_code_may_start(const char *s, size_t n, size_t i)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (i + 16 <= n) { /* the digits counted and the byte after them taken without a loop */
        uint64_t x, z;
        memcpy(&x, s + i, 8);
        uint64_t t = x ^ 0x3030303030303030ull; /* a digit becomes 0 .. 9 */
        uint64_t other = (((t & 0x7F7F7F7F7F7F7F7Full) + 0x7676767676767676ull) | t) & 0x8080808080808080ull;
        unsigned nd = other ? (unsigned)__builtin_ctzll(other) >> 3 : 8;
        if (nd > 6)
            return 0;
        memcpy(&z, s + i + nd, 8);
        unsigned sp = (z & 0xFF) == ' ';
        sp += sp & ((z >> 8 & 0xFF) == ' ');
        unsigned c = (unsigned)(z >> 8 * sp) & 0xFF;
        return c == '/' || c == '-' || c == 0xE2;
    }
#endif
    size_t p = i;
    while (p < n && p - i < 6 && s[p] >= '0' && s[p] <= '9')
        p++;
    for (int k = 0; k < 2 && p < n && s[p] == ' '; k++)
        p++;
    return p < n && (s[p] == '/' || s[p] == '-' || (unsigned char)s[p] == 0xE2);
}

/* The hash of four bytes, for the kind trigger (doclex.c, documents.c). */
static inline unsigned vn_doc_prefix_hash(const char *b)
{
    uint32_t v;
    memcpy(&v, b, 4);
    return (v * 0x9E3779B1u) >> 16;
}

static inline unsigned vn_doc_prefix_hash8(const char *b)
{
    uint64_t v;
    memcpy(&v, b, 8);
    return (unsigned)((v * 0x9E3779B97F4A7C15ull) >> 48);
}

static inline int vn_doc_bit(const unsigned char *bits, unsigned k)
{
    return bits[k >> 3] >> (k & 7) & 1;
}

/* Might a kind phrase start at s[i]? No false "no" (vn_doc_kind_longest decides). */
static inline int vn_doc_kind_may_start(const struct vn_doc_lex *lx, const char *s, size_t n,
                                        size_t i)
{
    if (i + 4 > n)
        return lx->kind_short && lx->kind_first[(unsigned char)s[i]];
    unsigned start = lx->start4[vn_doc_prefix_hash(s + i)];
    if (!start)
        return 0;
    if (start & VN_START_SHORT_KIND)
        return 1;
    return i + 8 <= n && vn_doc_bit(lx->kind_first8, vn_doc_prefix_hash8(s + i));
}

/* docscan.c: fill kind_t8 and use_avx512 from the kind phrases (called by
 * vn_doc_kind_automaton). */
void vn_doc_kind_table8(struct vn_doc_lex *lx, const char *const *keys, int nkeys);

/* doclex.c: build the kind automaton from the phrases the kind trie holds. */
int vn_doc_kind_automaton(struct vn_doc_lex *lx, const char *const *keys, const int *values,
                          int nkeys);

/* Does the word go on at s[i]? The same rule as vn_trie_longest's word boundary. */
static inline int vn_doc_trie_continues(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    unsigned char b = (unsigned char)s[i];
    if (b >= 0x80) {
        if (b == 0xE2 && i + 1 < n && (unsigned char)s[i + 1] == 0x80)
            return 0;
        if (b == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] < 0xC0)
            return 0;
        return 1;
    }
    return (b >= '0' && b <= '9') || ((b | 32) >= 'a' && (b | 32) <= 'z') || b == '_';
}

#define VN_KIND_MANY 0x80000000u

/* The longest kind phrase at s[p] ending at a word boundary: exactly what
 * vn_trie_longest(lx->kinds, …) returns, without its binary searches. */
static inline int vn_doc_kind_longest(const struct vn_doc_lex *lx, const char *s, size_t n,
                                      size_t p, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    const uint32_t *edge = lx->kind_edge;
    size_t width = (size_t)lx->kind_width;
    unsigned st = 0;
    int best = -1;
    size_t best_len = 0;
    for (size_t i = p; i < n; i++) {
        uint32_t e = edge[st];
        if (e & VN_KIND_MANY)
            st = lx->kind_rows[(e & ~VN_KIND_MANY) * width + lx->kind_class[u[i]]];
        else
            st = (e & 0xFF) == u[i] ? e >> 8 : 0;
        if (!st)
            break;
        int v = lx->kind_value[st];
        if (v >= 0 && !vn_doc_trie_continues(s, n, i + 1)) {
            best = v;
            best_len = i + 1 - p;
        }
    }
    if (best >= 0 && len)
        *len = best_len;
    return best;
}

enum { VN_DOC_MAX_WORD = 64 };

static inline size_t skip_spaces(const char *s, size_t n, size_t p)
{
    while (p < n && s[p] == ' ')
        p++;
    return p;
}

/* Punctuation that ends a phrase: ASCII , ; : . ( ) [ ] " ! ? and the quotes,
 * ellipsis and dashes of U+2010..U+2026. */
static inline int punct_at(const char *s, size_t n, size_t p)
{
    unsigned char b = (unsigned char)s[p];
    if (b < 0x80)
        return strchr(",;:.()[]\"!?", b) != NULL && b;
    return b == 0xE2 && p + 2 < n && (unsigned char)s[p + 1] == 0x80 &&
           (unsigned char)s[p + 2] >= 0x90 && (unsigned char)s[p + 2] <= 0xA6;
}

static inline size_t word_end(const char *s, size_t n, size_t p)
{
    size_t q = p;
    while (q < n && s[q] != ' ' && !punct_at(s, n, q) && q - p < VN_DOC_MAX_WORD)
        q++;
    return q;
}

static inline int capitalized_at(const char *s, size_t n, size_t p)
{
    if (p >= n)
        return 0;
    int len;
    return vn_is_upper(vn_utf8_next(s + p, n - p, &len));
}

static inline int digit_at(const char *s, size_t n, size_t p)
{
    return p < n && s[p] >= '0' && s[p] <= '9';
}

/* The word w (ASCII or UTF-8, lowercase) at p, also with its first letter
 * capitalized when cap; followed by a non-letter. */
static inline int word_is(const char *s, size_t n, size_t p, const char *w, const char *cap)
{
    size_t k = strlen(w);
    if (p + k > n)
        return 0;
    if (memcmp(s + p, w, k) != 0 && !(cap && memcmp(s + p, cap, k) == 0))
        return 0;
    return !vn_doc_is_alnum_at(s, n, p + k);
}

static inline int trie_at(const vn_trie *t, const char *s, size_t n, size_t p, size_t *len)
{
    size_t m = 0;
    int v = vn_trie_longest(t, s + p, n - p, &m);
    if (len)
        *len = m;
    return v;
}

static inline int head_at(const struct vn_doc_lex *lx, const char *s, size_t n, size_t p)
{
    return trie_at(lx->heads, s, n, p, NULL) >= 0;
}

static inline int kind_at(const struct vn_doc_lex *lx, const char *s, size_t n, size_t p)
{
    return vn_doc_kind_longest(lx, s, n, p, NULL) >= 0;
}

/* A sentence break at i: the cheap test of the byte first (the loops that ask
 * walk whole lines). */
static inline int sentence_break_at(const char *s, size_t n, size_t i)
{
    char c = s[i];
    return (c == '.' || c == '?' || c == '!') && vn_doc_sentence_break(s, n, i);
}

#endif
