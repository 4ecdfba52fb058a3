/* lexicon.c — the page stage's knowledge, loaded once from data/:
 *   page_furniture.tsv  phrase, why, how (line | prefix | contains | word)
 *   page_sections.tsv   section headers that open a teaser list ("tin cùng chuyên mục")
 *   page_captions.tsv   photo-caption cues, by kind
 *   page_bylines.tsv    byline and source cues, by kind
 * Phrases are matched on a line's key (vn_page_key: lowercase, trimmed). */
#include "page_int.h"

#include "../core/trie.h"
#include "../core/uni.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum { CAP_NOT = 0, CAP_START = VN_CAP_START, CAP_SUBJECT = VN_CAP_SUBJECT, CAP_CREDIT = VN_CAP_CREDIT,
       CAP_VERB, CAP_SPEECH, CAP_BODY_START };

struct vn_page_lex {
    vn_trie *furn_line, *furn_prefix, *furn_contains, *furn_word;
    vn_trie *sections;
    vn_trie *captions;
    vn_trie *bylines;
    /* first bytes of the phrases of the tries searched at every word start:
     * most words start with no phrase, and this answers so without a lookup */
    unsigned char first_contains[256], first_captions[256];
    char **whys; /* rule names; furniture tries map to an index here */
    int nwhys, capwhys;
};

static int why_index(struct vn_page_lex *p, const char *why)
{
    for (int i = 0; i < p->nwhys; i++)
        if (strcmp(p->whys[i], why) == 0)
            return i;
    if (p->nwhys == p->capwhys) {
        int cap = p->capwhys ? p->capwhys * 2 : 32;
        char **w = realloc(p->whys, (size_t)cap * sizeof *w);
        if (!w)
            return -1;
        p->whys = w;
        p->capwhys = cap;
    }
    p->whys[p->nwhys] = strdup(why);
    return p->whys[p->nwhys] ? p->nwhys++ : -1;
}

typedef struct {
    struct vn_page_lex *p;
    const char *file;
} load_ctx;

static int load_furniture(char *line, size_t len, int lineno, void *vctx)
{
    (void)len, (void)lineno;
    load_ctx *c = vctx;
    char *f[3];
    if (vn_data_fields(line, f, 3) != 3)
        return 1;
    char key[4 * VN_PAGE_SHORT + 8];
    /* whole-line phrases are keyed like lines; the others keep their
     * punctuation ("trang chủ >", "địa chỉ:") and are only lowercased */
    size_t k = strcmp(f[2], "line") == 0 ? vn_page_key(f[0], strlen(f[0]), key)
                                          : vn_lower(f[0], strlen(f[0]), key, sizeof key);
    int why = why_index(c->p, f[1]);
    if (!k || why < 0)
        return 1;
    vn_trie *t = strcmp(f[2], "line") == 0       ? c->p->furn_line
                 : strcmp(f[2], "prefix") == 0   ? c->p->furn_prefix
                 : strcmp(f[2], "contains") == 0 ? c->p->furn_contains
                 : strcmp(f[2], "word") == 0     ? c->p->furn_word
                                                 : NULL;
    if (!t)
        return 1;
    if (t == c->p->furn_contains)
        c->p->first_contains[(unsigned char)key[0]] = 1;
    vn_trie_put(t, key, k, why);
    return 0;
}

static int load_section(char *line, size_t len, int lineno, void *vctx)
{
    (void)lineno;
    load_ctx *c = vctx;
    char key[4 * VN_PAGE_SHORT + 8];
    size_t k = vn_page_key(line, len, key);
    if (!k)
        return 1;
    vn_trie_put(c->p->sections, key, k, 0);
    return 0;
}

static int kind_of(const char *s, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

/* Cue phrases keep their inner punctuation ("ảnh:", "tin, ảnh:"): lowercased only. */
static int put_cue(vn_trie *t, const char *phrase, int kind, unsigned char *first)
{
    char low[512];
    size_t k = vn_lower(phrase, strlen(phrase), low, sizeof low);
    if (!k || kind < 0)
        return 1;
    if (first)
        first[(unsigned char)low[0]] = 1;
    vn_trie_put(t, low, k, kind);
    return 0;
}

static int load_caption(char *line, size_t len, int lineno, void *vctx)
{
    (void)len, (void)lineno;
    static const char *const kinds[] = {"not", "start", "subject", "credit", "verb", "speech",
                                        "body-start", NULL};
    load_ctx *c = vctx;
    char *f[2];
    if (vn_data_fields(line, f, 2) != 2)
        return 1;
    return put_cue(c->p->captions, f[0], kind_of(f[1], kinds), c->p->first_captions);
}

static int load_byline(char *line, size_t len, int lineno, void *vctx)
{
    (void)len, (void)lineno;
    static const char *const kinds[] = {"not", "author", "source", "agency", "unit", NULL};
    load_ctx *c = vctx;
    char *f[2];
    if (vn_data_fields(line, f, 2) != 2)
        return 1;
    return put_cue(c->p->bylines, f[0], kind_of(f[1], kinds), NULL);
}

vn_result vn_page_lex_load(const char *dir, struct vn_page_lex **out, vn_error *err)
{
    *out = NULL;
    struct vn_page_lex *p = calloc(1, sizeof *p);
    if (!p)
        return VN_ERR_NOMEM;
    p->furn_line = vn_trie_new();
    p->furn_prefix = vn_trie_new();
    p->furn_contains = vn_trie_new();
    p->furn_word = vn_trie_new();
    p->sections = vn_trie_new();
    p->captions = vn_trie_new();
    p->bylines = vn_trie_new();
    load_ctx c = {p, NULL};
    vn_result rc;
    if ((rc = vn_data_each_line(dir, "page_furniture.tsv", load_furniture, &c, err)) ||
        (rc = vn_data_each_line(dir, "page_sections.tsv", load_section, &c, err)) ||
        (rc = vn_data_each_line(dir, "page_captions.tsv", load_caption, &c, err)) ||
        (rc = vn_data_each_line(dir, "page_bylines.tsv", load_byline, &c, err))) {
        vn_page_lex_free(p);
        return rc;
    }
    vn_trie *all[] = {p->furn_line, p->furn_prefix, p->furn_contains, p->furn_word,
                      p->sections,  p->captions,    p->bylines};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        vn_trie_freeze(all[i]); /* every line asks them: the dense form */
    *out = p;
    return VN_OK;
}

void vn_page_lex_free(struct vn_page_lex *p)
{
    if (!p)
        return;
    vn_trie_free(p->furn_line);
    vn_trie_free(p->furn_prefix);
    vn_trie_free(p->furn_contains);
    vn_trie_free(p->furn_word);
    vn_trie_free(p->sections);
    vn_trie_free(p->captions);
    vn_trie_free(p->bylines);
    for (int i = 0; i < p->nwhys; i++)
        free(p->whys[i]);
    free(p->whys);
    free(p);
}

/* ---- matching */

static int is_digits(const char *s, size_t n)
{
    if (!n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == ','))
            return 0;
    return 1;
}

/* The first of the bytes a, b or c at or after i in key[0..n), or n: sixteen
 * bytes a test where SSE2 is there (keys are scanned whole for separators,
 * and most of their bytes are none). */
static size_t next_of3(const char *key, size_t i, size_t n, char a, char b, char c)
{
#ifdef __SSE2__
    const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b), vc = _mm_set1_epi8(c);
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(key + i));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)), _mm_cmpeq_epi8(x, vc)));
        if (m)
            return i + (unsigned)__builtin_ctz(m);
    }
#endif
    for (; i < n; i++)
        if (key[i] == a || key[i] == b || key[i] == c)
            return i;
    return n;
}

/* Bit j set where key[at + j] (at + j < n) starts a word: the key's first
 * byte, or one after ' ' or '(' (sixteen bytes a test where SSE2 is there). */
static uint64_t word_starts64(const char *key, size_t at, size_t n)
{
    size_t end = n - at < 64 ? n - at : 64, j = 0;
    uint64_t sep = 0; /* bit j: key[at + j] is ' ' or '(' */
#ifdef __SSE2__
    const __m128i sp = _mm_set1_epi8(' '), par = _mm_set1_epi8('(');
    for (; j + 16 <= end; j += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(key + at + j));
        sep |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, sp), _mm_cmpeq_epi8(x, par)))
               << j;
    }
#endif
    for (; j < end; j++)
        sep |= (uint64_t)(key[at + j] == ' ' || key[at + j] == '(') << j;
    uint64_t before = at == 0 ? 1 : (key[at - 1] == ' ' || key[at - 1] == '('); /* position at itself */
    uint64_t starts = sep << 1 | before;
    return end == 64 ? starts : starts & ((1ull << end) - 1);
}

/* A segment made only of furniture words ("fb yt zl tw", "Facebook Twitter",
 * "A- A A+"), numbers allowed among them. why: the first word's rule. */
static int word_segment(const struct vn_page_lex *lx, const char *key, size_t n, int *why)
{
    int words = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && (key[i] == ' ' || key[i] == ','))
            i++;
        size_t j = i;
        while (j < n && key[j] != ' ' && key[j] != ',')
            j++;
        if (j == i)
            break;
        if (!is_digits(key + i, j - i)) {
            int v = vn_trie_get(lx->furn_word, key + i, j - i);
            if (v < 0)
                return 0;
            if (*why < 0)
                *why = v;
            words++;
        }
        i = j;
    }
    return words > 0;
}

/* A menu or toolbar: segments between "|", "/" or "·", each a furniture
 * phrase or made of furniture words ("In trang | Gửi email | Quay lại"). */
static int furniture_segments(const struct vn_page_lex *lx, const char *key, size_t n, int *why)
{
    *why = -1;
    int segs = 0;
    size_t i = 0;
    while (i <= n) {
        /* the next '|', '/' or '·' (C2 B7) */
        size_t j = next_of3(key, i, n, '|', '/', (char)0xC2);
        while (j < n && (unsigned char)key[j] == 0xC2 && !(j + 1 < n && (unsigned char)key[j + 1] == 0xB7))
            j = next_of3(key, j + 1, n, '|', '/', (char)0xC2);
        size_t a = i, z = j;
        while (a < z && key[a] == ' ')
            a++;
        while (z > a && key[z - 1] == ' ')
            z--;
        if (z > a) {
            int v = vn_trie_get(lx->furn_line, key + a, z - a);
            if (v >= 0) {
                if (*why < 0)
                    *why = v;
            } else if (!word_segment(lx, key + a, z - a, why)) {
                return 0;
            }
            segs++;
        }
        if (j >= n)
            break;
        i = j + ((unsigned char)key[j] == 0xC2 ? 2 : 1);
    }
    return segs > 0 && *why >= 0;
}

vn_pl_kind vn_page_lex_line(const struct vn_page_lex *lx, const char *key, size_t n, int words,
                            int sentence, const char **why)
{
    int prefix_ok = words <= 20 && !sentence, contains_ok = words <= 30;
    *why = NULL;
    if (!lx || !n)
        return PL_NONE;
    int v = vn_trie_get(lx->furn_line, key, n);
    if (v >= 0) {
        *why = lx->whys[v];
        return PL_FURNITURE;
    }
    if (vn_trie_get(lx->sections, key, n) >= 0) {
        *why = "section-header";
        return PL_SECTION;
    }
    size_t m;
    /* "0 bình luận", "1.234 lượt xem": a count before a furniture phrase */
    size_t d = 0;
    while (d < n && ((key[d] >= '0' && key[d] <= '9') || key[d] == '.' || key[d] == ','))
        d++;
    if (d && d + 1 < n && key[d] == ' ' && (v = vn_trie_get(lx->furn_line, key + d + 1, n - d - 1)) >= 0) {
        *why = lx->whys[v];
        return PL_FURNITURE;
    }
    if (prefix_ok && (v = vn_trie_longest(lx->furn_prefix, key, n, &m)) >= 0) {
        *why = lx->whys[v];
        return PL_FURNITURE;
    }
    /* a prefix that ends in punctuation needs no word boundary: "trang chủ>tin tức" */
    if (prefix_ok && (v = vn_trie_longest_prefix(lx->furn_prefix, key, n, &m)) >= 0 && m &&
        (unsigned char)key[m - 1] < 0x80 && !((key[m - 1] | 32) >= 'a' && (key[m - 1] | 32) <= 'z') &&
        !(key[m - 1] >= '0' && key[m - 1] <= '9')) {
        *why = lx->whys[v];
        return PL_FURNITURE;
    }
    if (vn_trie_longest(lx->sections, key, n, &m) >= 0 && m + 1 < n && key[m] == ':') {
        *why = "inline-teaser";
        return PL_INLINE_TEASER;
    }
    /* at every word start: the key's first byte and each after ' ' or '(',
     * sixty-four places a mask, a look only where a phrase may start */
    for (size_t at = 0; at < n && contains_ok; at += 64) {
        for (uint64_t starts = word_starts64(key, at, n); starts; starts &= starts - 1) {
            size_t i = at + (size_t)__builtin_ctzll(starts);
            if (lx->first_contains[(unsigned char)key[i]] &&
                (v = vn_trie_longest(lx->furn_contains, key + i, n - i, &m)) >= 0) {
                *why = lx->whys[v];
                return PL_FURNITURE;
            }
        }
    }
    /* "Bình luận (0)": a counter after a furniture phrase */
    if (n > 3 && key[n - 1] == ')') {
        size_t k = n - 1;
        while (k > 0 && key[k - 1] >= '0' && key[k - 1] <= '9')
            k--;
        if (k < n - 1 && k > 1 && key[k - 1] == '(') {
            size_t e = k - 1;
            while (e > 0 && key[e - 1] == ' ')
                e--;
            if (e && (v = vn_trie_get(lx->furn_line, key, e)) >= 0) {
                *why = lx->whys[v];
                return PL_FURNITURE;
            }
        }
    }
    if (prefix_ok && furniture_segments(lx, key, n, &v)) {
        *why = lx->whys[v];
        return PL_FURNITURE;
    }
    return PL_NONE;
}

void vn_page_lex_captions(const struct vn_page_lex *lx, const char *key, size_t n, vn_capcues *o)
{
    memset(o, 0, sizeof *o);
    if (!lx || !n)
        return;
    int word = 0;
    for (size_t i = 0; i < n;) {
        int at_start = (i == 0) || (i == 1 && key[0] == '(');
        size_t m;
        int v = lx->first_captions[(unsigned char)key[i]] ? vn_trie_longest(lx->captions, key + i, n - i, &m)
                                                          : -1;
        if (v >= 0) {
            size_t e = i + m;
            switch (v) {
            case CAP_START:
                if (at_start)
                    o->start = 1;
                break;
            case CAP_SUBJECT:
                if (at_start)
                    o->subject = 1;
                break;
            case CAP_CREDIT:
                /* "Ảnh: X" opening the line, "(Ảnh: X)", "… . Ảnh: X"; not "Chùm ảnh:" */
                if (at_start || key[i - 1] == '(' ||
                    (i >= 2 && key[i - 1] == ' ' && strchr(".-|", key[i - 2])))
                    o->credit = 1;
                break;
            case CAP_VERB:
                o->verb = 1;
                o->verb_word = word + vn_count_words(key + i, m, 64);
                break;
            case CAP_SPEECH:
                o->speech = 1;
                break;
            case CAP_BODY_START:
                if (at_start)
                    o->body_start = 1;
                break;
            default:
                break;
            }
            /* step past the phrase: its inner words are not cues of their own */
            word += vn_count_words(key + i, m, 64) - 1;
            i = e;
        }
        /* next word start */
        while (i < n && key[i] != ' ' && key[i] != '(' && key[i] != '"')
            i++;
        while (i < n && (key[i] == ' ' || key[i] == '(' || key[i] == '"')) {
            if (key[i] == ' ')
                word++;
            i++;
        }
    }
}

int vn_page_lex_caption_opening(const struct vn_page_lex *lx, const char *key, size_t n)
{
    size_t m;
    if (!lx || !n || !lx->first_captions[(unsigned char)key[0]])
        return 0;
    int v = vn_trie_longest(lx->captions, key, n, &m);
    return v == CAP_START || v == CAP_SUBJECT || v == CAP_CREDIT ? v : 0;
}

vn_pb_kind vn_page_lex_byline(const struct vn_page_lex *lx, const char *key, size_t n,
                              size_t *mlen)
{
    *mlen = 0;
    if (!lx || !n)
        return PB_NONE;
    int v = vn_trie_longest(lx->bylines, key, n, mlen);
    if (v <= 0) {
        *mlen = 0;
        return PB_NONE;
    }
    return (vn_pb_kind)v;
}
