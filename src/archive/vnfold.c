/* vnfold.c — Vietnamese letters for search and duplicate detection.
 *
 * A Vietnamese letter is a base letter, an optional shape mark (â ă ê ô ơ ư,
 * and đ) and an optional tone mark (huyền, sắc, hỏi, ngã, nặng). Two
 * spellings of one syllable differ only in where the tone sits ("hoà" and
 * "hòa", "thuỷ" and "thủy") or in being precomposed or decomposed (NFC/NFD).
 * So a word is taken apart into (shaped letter, tone) pairs and put together
 * again with the tone where the traditional rule places it: the canonical
 * token. The folded form drops both marks (đ→d): what a query typed without
 * diacritics looks like.
 *
 * A table built once from utf8proc answers for every code point below
 * U+2000 (Latin, the combining marks, Latin Extended Additional); other
 * letters are only lowercased.
 */
#include "arc.h"
#include "../core/uni.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

enum { K_NONE = 0, K_LETTER, K_DIGIT, K_TONE, K_SHAPE, K_MARK };
enum { T_NONE = 0, T_GRAVE, T_ACUTE, T_HOOK, T_TILDE, T_DOT };
enum { SH_CIRC = 1, SH_BREVE, SH_HORN };

#define TABLE_END 0x2000

typedef struct letter {
    int32_t shaped;  /* lowercase, shape mark kept, tone removed (a K_SHAPE/K_TONE: the mark kind) */
    uint8_t tone;
    uint8_t kind;
    char ascii;      /* folded ASCII letter, or 0 when it has none */
} letter;

static letter table[TABLE_END];
/* compose[vowel][tone]: the precomposed lowercase letter */
static int32_t compose[12][6];
static const int32_t vowels[12] = {'a', 0x103, 0xE2, 'e', 0xEA, 'i', 'o', 0xF4, 0x1A1, 'u', 0x1B0, 'y'};
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int vowel_index(int32_t c)
{
    for (int i = 0; i < 12; i++)
        if (vowels[i] == c)
            return i;
    return -1;
}

static int tone_of_mark(int32_t m)
{
    switch (m) {
    case 0x300: return T_GRAVE;
    case 0x301: return T_ACUTE;
    case 0x309: return T_HOOK;
    case 0x303: return T_TILDE;
    case 0x323: return T_DOT;
    default: return 0;
    }
}

static int shape_of_mark(int32_t m)
{
    return m == 0x302 ? SH_CIRC : m == 0x306 ? SH_BREVE : m == 0x31B ? SH_HORN : 0;
}

static int32_t apply_shape(int32_t base, int shape)
{
    switch (shape) {
    case SH_CIRC: return base == 'a' ? 0xE2 : base == 'e' ? 0xEA : base == 'o' ? 0xF4 : base;
    case SH_BREVE: return base == 'a' ? 0x103 : base;
    case SH_HORN: return base == 'o' ? 0x1A1 : base == 'u' ? 0x1B0 : base;
    default: return base;
    }
}

static char ascii_of_shaped(int32_t s)
{
    if (s < 0x80)
        return (char)s;
    switch (s) {
    case 0xE2: case 0x103: return 'a';
    case 0xEA: return 'e';
    case 0xF4: case 0x1A1: return 'o';
    case 0x1B0: return 'u';
    case 0x111: return 'd';
    default: return 0;
    }
}

static void build(void)
{
    for (int32_t c = 0; c < TABLE_END; c++) {
        letter *l = &table[c];
        if (c < 0x80) {
            if ((c | 32) >= 'a' && (c | 32) <= 'z') {
                l->kind = K_LETTER;
                l->shaped = c | 32;
                l->ascii = (char)(c | 32);
            } else if (c >= '0' && c <= '9') {
                l->kind = K_DIGIT;
                l->shaped = c;
                l->ascii = (char)c;
            }
            continue;
        }
        if (c >= 0x300 && c <= 0x36F) {
            int t = tone_of_mark(c), s = shape_of_mark(c);
            l->kind = t ? K_TONE : s ? K_SHAPE : K_MARK;
            l->shaped = t ? t : s;
            continue;
        }
        utf8proc_category_t cat = utf8proc_category(c);
        if (cat == UTF8PROC_CATEGORY_ND) {
            l->kind = K_DIGIT;
            l->shaped = c;
            continue;
        }
        if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC) {
            l->kind = K_MARK;
            continue;
        }
        if (!vn_is_letter(c))
            continue;
        l->kind = K_LETTER;
        int32_t low = vn_to_lower(c);
        if (c == 0xD0 || c == 0xF0 || c == 0x110 || c == 0x111) { /* Đ, and its look-alike Ð */
            l->shaped = 0x111;
            l->ascii = 'd';
            continue;
        }
        utf8proc_int32_t buf[8];
        utf8proc_ssize_t k = utf8proc_decompose_char(low, buf, 8, UTF8PROC_DECOMPOSE, NULL);
        if (k < 1 || buf[0] >= 0x80) {
            l->shaped = low;
            continue;
        }
        int32_t base = buf[0];
        int tone = 0, shape = 0;
        for (utf8proc_ssize_t i = 1; i < k; i++) {
            if (tone_of_mark(buf[i]))
                tone = tone_of_mark(buf[i]);
            else if (shape_of_mark(buf[i]))
                shape = shape_of_mark(buf[i]);
        }
        l->shaped = apply_shape(base, shape);
        l->tone = (uint8_t)tone;
        l->ascii = (char)base;
        int v = vowel_index(l->shaped);
        if (tone && v >= 0 && !compose[v][tone])
            compose[v][tone] = low;
    }
}

static inline const letter *info(int32_t c, letter *tmp)
{
    if (c >= 0 && c < TABLE_END)
        return &table[c];
    memset(tmp, 0, sizeof *tmp);
    if (vn_is_letter(c)) {
        tmp->kind = K_LETTER;
        tmp->shaped = vn_to_lower(c);
    } else if (utf8proc_category(c) == UTF8PROC_CATEGORY_ND) {
        tmp->kind = K_DIGIT;
        tmp->shaped = c;
    } else if (utf8proc_category(c) == UTF8PROC_CATEGORY_MN) {
        tmp->kind = K_MARK;
    }
    return tmp;
}

/* The code point at s[*i], *i moved past it. Vietnamese text is mostly
 * ASCII and 2- and 3-byte sequences: decoded inline; the rest (and anything
 * malformed) by vn_utf8_next. */
static inline int32_t next_cp(const char *s, size_t n, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = n - *i;
    unsigned char c = p[0];
    if (c < 0x80) {
        (*i)++;
        return c;
    }
    if (c >= 0xC2 && c < 0xE0 && left >= 2 && (p[1] & 0xC0) == 0x80) {
        *i += 2;
        return (int32_t)(c & 0x1F) << 6 | (p[1] & 0x3F);
    }
    if (c >= 0xE1 && c < 0xED && left >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
        *i += 3;
        return (int32_t)(c & 0x0F) << 12 | (int32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    }
    int len;
    int32_t cp = vn_utf8_next(s + *i, left, &len);
    *i += (size_t)len;
    return cp;
}

/* UTF-8 of c into out (4 bytes room); the length. */
static inline int put_cp(int32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    return vn_utf8_put(c, out);
}

/* Where the word going on at s[i] ends: the first byte that is not part of a
 * letter or digit (inline: most words are a few bytes). */
static inline size_t word_rest(const char *s, size_t n, size_t i)
{
    letter tmp;
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            if (!table[b].kind)
                break;
            i++;
            continue;
        }
        size_t j = i;
        if (!info(next_cp(s, n, &j), &tmp)->kind)
            break;
        i = j;
    }
    return i;
}

int vn_arc_next_word(const char *s, size_t n, size_t *pos, size_t *start, size_t *end)
{
    pthread_once(&once, build);
    letter tmp;
    size_t i = *pos;
    for (;;) { /* skip to a word */
        if (i >= n) {
            *pos = n;
            return 0;
        }
        size_t at = i;
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            i++;
            if (table[b].kind) {
                *start = at;
                break;
            }
            continue;
        }
        if (info(next_cp(s, n, &i), &tmp)->kind) {
            *start = at;
            break;
        }
    }
    i = word_rest(s, n, i);
    *end = *pos = i;
    return 1;
}

int vn_arc_is_word_cp(int32_t c)
{
    pthread_once(&once, build);
    letter tmp;
    return info(c, &tmp)->kind != K_NONE;
}

static int is_vowel(int32_t s)
{
    return vowel_index(s) >= 0;
}

static int is_shaped_vowel(int32_t s)
{
    return s == 0x103 || s == 0xE2 || s == 0xEA || s == 0xF4 || s == 0x1A1 || s == 0x1B0;
}

/* Where the traditional rule puts the tone of the syllable s[0..m), or -1
 * when the word is not one Vietnamese syllable. The nucleus is the vowel run
 * after the initial consonant ("qu" and "gi" count as consonants before
 * another vowel): one vowel takes it; else a vowel with a shape mark (the
 * last: "người"); else in a closed syllable the last vowel ("hoàn"); else of
 * three the middle ("ngoài"), of two the first ("hòa", "thủy", "mùa"). */
static int tone_position(const int32_t *s, int m)
{
    int start = 0;
    while (start < m && !is_vowel(s[start]))
        start++;
    if (start >= m)
        return -1;
    if (start == 1 && m > 2 && is_vowel(s[2]) &&
        ((s[0] == 'q' && s[1] == 'u') || (s[0] == 'g' && s[1] == 'i')))
        start = 2;
    int end = start;
    while (end < m && is_vowel(s[end]))
        end++;
    for (int i = end; i < m; i++) /* a vowel after the final consonant: not one syllable */
        if (is_vowel(s[i]) || (s[i] >= 0x80 && s[i] != 0x111))
            return -1;
    int len = end - start;
    if (len == 1)
        return start;
    for (int i = end - 1; i >= start; i--)
        if (is_shaped_vowel(s[i]))
            return i;
    if (end < m)
        return end - 1;
    if (len == 3)
        return start + 1;
    if (len == 2)
        return start;
    return -1;
}

#define WORD_MAX 64

void vn_arc_word(const char *w, size_t n, char *canon, size_t *canon_len, char *folded,
                 size_t *folded_len)
{
    pthread_once(&once, build);
    size_t k = 0;
    while (k < n && (unsigned char)w[k] < 0x80)
        k++;
    if (k == n) { /* ASCII: no marks, nothing to place */
        size_t o = 0;
        for (size_t i = 0; i < n && o < VN_TOKEN_MAX; i++)
            if (table[(unsigned char)w[i]].kind)
                canon[o++] = (char)table[(unsigned char)w[i]].shaped;
        memcpy(folded, canon, o);
        canon[o] = folded[o] = '\0';
        *canon_len = *folded_len = o;
        return;
    }
    int32_t shaped[WORD_MAX];
    uint8_t tone[WORD_MAX];
    int m = 0, ntones = 0;
    letter tmp;
    for (size_t i = 0; i < n && m < WORD_MAX;) {
        int32_t c = next_cp(w, n, &i);
        const letter *l = info(c, &tmp);
        if (l->kind == K_TONE) { /* decomposed input: the mark follows its letter */
            if (m && !tone[m - 1]) {
                tone[m - 1] = (uint8_t)l->shaped;
                ntones++;
            }
        } else if (l->kind == K_SHAPE) {
            if (m)
                shaped[m - 1] = apply_shape(shaped[m - 1], l->shaped);
        } else if (l->kind == K_LETTER || l->kind == K_DIGIT) {
            shaped[m] = l->shaped;
            tone[m] = l->tone;
            ntones += l->tone != 0;
            m++;
        }
    }
    if (ntones == 1 && m <= 8) {
        int t = 0, at = -1;
        for (int i = 0; i < m; i++)
            if (tone[i]) {
                t = tone[i];
                at = i;
            }
        int p = tone_position(shaped, m);
        if (p >= 0 && p != at) {
            tone[at] = 0;
            tone[p] = (uint8_t)t;
        }
    }
    size_t o = 0, f = 0;
    for (int i = 0; i < m; i++) {
        int32_t c = shaped[i];
        if (tone[i]) {
            int v = vowel_index(c);
            if (v >= 0 && compose[v][tone[i]])
                c = compose[v][tone[i]];
        }
        char enc[4];
        int k = put_cp(c, enc);
        if (o + (size_t)k <= VN_TOKEN_MAX) {
            memcpy(canon + o, enc, (size_t)k);
            o += (size_t)k;
        }
        char a = ascii_of_shaped(shaped[i]);
        if (a) {
            if (f < VN_TOKEN_MAX)
                folded[f++] = a;
        } else {
            k = put_cp(shaped[i], enc);
            if (f + (size_t)k <= VN_TOKEN_MAX) {
                memcpy(folded + f, enc, (size_t)k);
                f += (size_t)k;
            }
        }
    }
    canon[o] = '\0';
    folded[f] = '\0';
    *canon_len = o;
    *folded_len = f;
}

void vn_arc_fold_text(const char *s, size_t n, vn_buf *out)
{
    pthread_once(&once, build);
    int space = 0;
    letter tmp;
    vn_buf_grow(out, n + 1);
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) { /* the ASCII fast path */
            i++;
            const letter *l = &table[b];
            if (l->kind) {
                if (space && out->len)
                    vn_buf_addc(out, ' ');
                space = 0;
                vn_buf_addc(out, l->ascii);
            } else {
                space = 1;
            }
            continue;
        }
        int32_t c = next_cp(s, n, &i);
        const letter *l = info(c, &tmp);
        if (l->kind == K_NONE) {
            space = 1;
            continue;
        }
        if (l->kind == K_TONE || l->kind == K_SHAPE || l->kind == K_MARK)
            continue;
        if (space && out->len)
            vn_buf_addc(out, ' ');
        space = 0;
        char a = ascii_of_shaped(l->shaped);
        if (a) {
            vn_buf_addc(out, a);
        } else {
            char enc[4];
            vn_buf_add(out, enc, (size_t)put_cp(l->shaped, enc));
        }
    }
}

void vn_arc_canon_text(const char *s, size_t n, vn_buf *out)
{
    pthread_once(&once, build);
    letter tmp;
    char canon[VN_TOKEN_MAX + 1], folded[VN_TOKEN_MAX + 1];
    size_t cl, fl;
    for (size_t i = 0; i < n;) {
        size_t start = i;
        int32_t c = next_cp(s, n, &i);
        if (info(c, &tmp)->kind == K_NONE)
            continue;
        size_t end = i;
        while (end < n) {
            size_t j = end;
            if (info(next_cp(s, n, &j), &tmp)->kind == K_NONE)
                break;
            end = j;
        }
        vn_arc_word(s + start, end - start, canon, &cl, folded, &fl);
        if (out->len && out->ptr[out->len - 1] != ' ')
            vn_buf_addc(out, ' ');
        vn_buf_add(out, canon, cl);
        i = end;
    }
}

int vn_arc_has_diacritics(const char *s, size_t n)
{
    pthread_once(&once, build);
    letter tmp;
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        const letter *l = info(next_cp(s, n, &i), &tmp);
        if (l->kind == K_TONE || l->kind == K_SHAPE)
            return 1;
        if (l->kind == K_LETTER && (l->tone || (l->shaped >= 0x80 && ascii_of_shaped(l->shaped))))
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------ tokenizing pages
 *
 * An article has a few hundred distinct words, a language a few thousand
 * syllables: a small cache of canonical and folded forms, keyed by the
 * word's bytes, spares taking most words apart again. One cache per thread
 * (it is not shared). */

#define WC_SLOTS 16384 /* a power of two */
#define WC_KEY 16     /* words up to this many bytes are cached (never cut) */
#define WC_CANON 20   /* room for the canonical form */
#define WC_FOLD 16    /* and the folded one (after it in forms) */

/* One cache line: a lookup costs one miss at most. */
typedef struct wc_entry {
    uint64_t fhash; /* XXH3 of the folded form */
    uint8_t klen, clen, flen, synonym;
    char key[WC_KEY];
    char forms[WC_CANON + WC_FOLD]; /* canonical, then folded at WC_CANON */
} wc_entry;
_Static_assert(sizeof(wc_entry) == 64, "a word cache entry is one cache line");

struct vn_arc_words {
    wc_entry slot[WC_SLOTS];
    vn_buf scratch;
};

vn_arc_words *vn_arc_words_new(void)
{
    void *p = NULL;
    if (posix_memalign(&p, 64, sizeof(vn_arc_words)) != 0)
        return NULL;
    vn_arc_words *wc = p;
    memset(wc, 0, sizeof *wc);
    vn_buf_init(&wc->scratch, 0);
    return wc;
}

void vn_arc_words_free(vn_arc_words *wc)
{
    if (!wc)
        return;
    vn_buf_release(&wc->scratch);
    free(wc);
}

static inline uint64_t load64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint32_t load32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* A short word's bytes as two words that cover it (overlapping, never
 * reading past it): its hash and its comparison come from them. */
static inline void word_parts(const char *w, size_t n, uint64_t *a, uint64_t *b)
{
    if (n >= 8) {
        *a = load64(w);
        *b = load64(w + n - 8);
    } else if (n >= 4) {
        *a = load32(w);
        *b = load32(w + n - 4);
    } else {
        uint64_t v = 0;
        for (size_t i = 0; i < n; i++)
            v = v << 8 | (unsigned char)w[i];
        *a = v;
        *b = 0;
    }
}

static inline uint32_t word_slot(uint64_t a, uint64_t b, size_t n)
{
    uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ (b + n) * 0xC2B2AE3D27D4EB4Full;
    return (uint32_t)(h >> 40) & (WC_SLOTS - 1);
}

static inline int same_word(const wc_entry *e, const char *w, size_t n, uint64_t a, uint64_t b)
{
    if (e->klen != n)
        return 0;
    if (n > 16)
        return memcmp(e->key, w, n) == 0;
    uint64_t ea, eb;
    word_parts(e->key, n, &ea, &eb);
    return ea == a && eb == b;
}

void vn_arc_tokenize(vn_arc_words *wc, const char *s, size_t n, vn_buf *toks, vn_buf *fold,
                     vn_buf *hashes)
{
    pthread_once(&once, build);
    char canon[VN_TOKEN_MAX + 1], folded[VN_TOKEN_MAX + 1];
    uint64_t empty_hash = XXH3_64bits("", 0);
    letter tmp;
    for (size_t i = 0; i < n;) {
        /* the next word, as vn_arc_next_word finds it (inline: most words
         * are a few bytes, a call each would cost as much as the scan) */
        size_t start, end;
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            if (!table[b].kind) {
                i++;
                continue;
            }
            start = i++;
        } else {
            size_t j = i;
            if (!info(next_cp(s, n, &j), &tmp)->kind) {
                i = j;
                continue;
            }
            start = i;
            i = j;
        }
        end = i = word_rest(s, n, i);
        const char *w = s + start, *c = canon, *f = folded;
        size_t wl = end - start, cl = 0, fl = 0;
        int synonym, cached = 0;
        uint64_t fhash = 0;
        wc_entry *e = NULL;
        if (wc && wl <= WC_KEY) {
            uint64_t pa, pb;
            word_parts(w, wl, &pa, &pb);
            e = &wc->slot[word_slot(pa, pb, wl)];
            if (!same_word(e, w, wl, pa, pb)) {
                vn_arc_word(w, wl, canon, &cl, folded, &fl);
                if (cl <= WC_CANON && fl <= WC_FOLD) {
                    e->klen = (uint8_t)wl;
                    memset(e->key, 0, sizeof e->key);
                    memcpy(e->key, w, wl);
                    e->clen = (uint8_t)cl;
                    e->flen = (uint8_t)fl;
                    memcpy(e->forms, canon, cl);
                    memcpy(e->forms + WC_CANON, folded, fl);
                    e->synonym = fl != cl || memcmp(canon, folded, cl) != 0;
                    e->fhash = XXH3_64bits(folded, fl);
                } else {
                    e = NULL; /* forms too long for an entry: not cached */
                }
            }
        }
        if (e) {
            c = e->forms;
            f = e->forms + WC_CANON;
            cl = e->clen;
            fl = e->flen;
            synonym = e->synonym;
            fhash = e->fhash;
            cached = 1;
        } else if (!wc || wl > WC_KEY) {
            vn_arc_word(w, wl, canon, &cl, folded, &fl);
            synonym = fl != cl || memcmp(canon, folded, cl) != 0;
        } else {
            synonym = fl != cl || memcmp(canon, folded, cl) != 0;
        }
        if (!cl)
            continue; /* marks alone: no token, nothing folded */
        if (toks) {
            size_t fl_tok = synonym ? fl : 0;
            if (toks->len + VN_TOK_HEAD + VN_TOKEN_MAX * 2 + 64 > toks->cap &&
                vn_buf_grow(toks, VN_TOK_HEAD + VN_TOKEN_MAX * 2 + 64))
                return;
            char *p = toks->ptr + toks->len;
            uint32_t se[2] = {(uint32_t)start, (uint32_t)end};
            p[0] = (char)cl;
            p[1] = (char)fl_tok;
            memcpy(p + 2, se, sizeof se);
            p += VN_TOK_HEAD;
            if (cached) { /* fixed-size copies (room was made): no calls */
                memcpy(p, c, 32);
                p += cl;
                if (fl_tok) {
                    memcpy(p, f, WC_FOLD);
                    p += fl_tok;
                }
            } else {
                memcpy(p, c, cl);
                memcpy(p + cl, f, fl_tok);
                p += cl + fl_tok;
            }
            toks->len = (size_t)(p - toks->ptr);
            toks->ptr[toks->len] = '\0';
        }
        if (!fold)
            continue;
        /* as vn_arc_fold_text would give: a space before a word that other
         * characters precede, none at the start; and for MinHash the hash
         * of each word of it split at spaces (two spaces: an empty word) */
        if (wl > 64) { /* the token may be cut: fold the whole word */
            vn_buf tmp = VN_BUF_INIT;
            vn_buf *src = wc ? &wc->scratch : &tmp;
            vn_buf_reset(src);
            vn_arc_fold_text(w, wl, src);
            if (src->len) {
                if (fold->len && start > 0) {
                    if (hashes && fold->ptr[fold->len - 1] == ' ')
                        vn_buf_add(hashes, &empty_hash, sizeof empty_hash);
                    vn_buf_addc(fold, ' ');
                }
                vn_buf_add(fold, src->ptr, src->len);
                if (hashes) {
                    uint64_t h = XXH3_64bits(src->ptr, src->len);
                    vn_buf_add(hashes, &h, sizeof h);
                }
            }
            vn_buf_release(&tmp);
            continue;
        }
        if (fold->len + fl + 64 > fold->cap && vn_buf_grow(fold, fl + 64))
            continue;
        if (hashes && hashes->len + 2 * sizeof(uint64_t) + 1 > hashes->cap &&
            vn_buf_grow(hashes, 2 * sizeof(uint64_t)))
            continue;
        if (fold->len && start > 0) {
            if (hashes && fold->ptr[fold->len - 1] == ' ') {
                memcpy(hashes->ptr + hashes->len, &empty_hash, sizeof empty_hash);
                hashes->len += sizeof empty_hash;
            }
            fold->ptr[fold->len++] = ' ';
        }
        if (cached) {
            memcpy(fold->ptr + fold->len, f, WC_FOLD);
        } else {
            memcpy(fold->ptr + fold->len, f, fl);
            fhash = XXH3_64bits(f, fl);
        }
        fold->len += fl;
        fold->ptr[fold->len] = '\0';
        if (hashes) {
            memcpy(hashes->ptr + hashes->len, &fhash, sizeof fhash);
            hashes->len += sizeof fhash;
        }
    }
}
