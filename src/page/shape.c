/* shape.c — what a line looks like, measured cheaply: its lookup key, word
 * count, how it ends, whether it is an image remnant, a table cell, a host,
 * a list of personal names. Everything here looks at one line only; long
 * lines are only measured at their ends. */
#include "keydfa.h"
#include "page_int.h"

#include "../core/uni.h"

#include <pthread.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdint.h>
#include <string.h>

static int is_space(unsigned char c) { return c == ' ' || c == '\t'; }

/* Is c one of a set of ASCII bytes (or NUL, as strchr(set, c) says)? A bit
 * test instead of a strchr call per byte at line ends. */
typedef struct { uint64_t lo, hi; } byteset;
#define SET_LO(c) ((c) < 64 ? 1ull << ((c) & 63) : 0)
#define SET_HI(c) ((c) >= 64 ? 1ull << ((c) & 63) : 0)
#define SET12(f, a, b, c, d, e, g, h, i, j, k, l, m)                                                  \
    (f(a) | f(b) | f(c) | f(d) | f(e) | f(g) | f(h) | f(i) | f(j) | f(k) | f(l) | f(m))
/* strip_trailing's ":.>|!?,;-*=" and vn_line_end's closers "\"')]}*" (NUL repeated to fill) */
static const byteset trailing_set = {SET12(SET_LO, 0, ':', '.', '>', '|', '!', '?', ',', ';', '-', '*', '='),
                                     SET12(SET_HI, 0, ':', '.', '>', '|', '!', '?', ',', ';', '-', '*', '=')};
static const byteset closer_set = {SET12(SET_LO, 0, '"', '\'', ')', ']', '}', '*', 0, 0, 0, 0, 0),
                                   SET12(SET_HI, 0, '"', '\'', ')', ']', '}', '*', 0, 0, 0, 0, 0)};
#undef SET12
#undef SET_LO
#undef SET_HI

static inline int in_set(byteset b, unsigned char c)
{
    return c < 64 ? (int)(b.lo >> c & 1) : c < 128 ? (int)(b.hi >> (c - 64) & 1) : 0;
}

/* ---- the lookup key */

/* Bullets and markers that open a line without being part of its words. */
static size_t skip_bullets(const char *s, size_t n)
{
    size_t i = 0;
    for (;;) {
        while (i < n && (is_space((unsigned char)s[i]) || s[i] == '-' || s[i] == '*' || s[i] == '+' ||
                         s[i] == '>' || s[i] == '|' || s[i] == '#' || s[i] == '='))
            i++;
        if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0xA2 || (unsigned char)s[i + 2] == 0x93 ||
             (unsigned char)s[i + 2] == 0x94)) { /* • – — */
            i += 3;
            continue;
        }
        if (i + 1 < n && (unsigned char)s[i] == 0xC2 &&
            ((unsigned char)s[i + 1] == 0xBB || (unsigned char)s[i + 1] == 0xB7)) { /* » · */
            i += 2;
            continue;
        }
        return i;
    }
}

/* Trailing punctuation a key does without: ":", ".", "…", "»", ">", "|", "!", "?", ",", ";", "-". */
static size_t strip_trailing(const char *s, size_t n)
{
    for (;;) {
        while (n && (is_space((unsigned char)s[n - 1]) || in_set(trailing_set, (unsigned char)s[n - 1])))
            n--;
        if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
            ((unsigned char)s[n - 1] == 0xA6 || (unsigned char)s[n - 1] == 0xBA)) { /* … › */
            n -= 3;
            continue;
        }
        if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xBB) { /* » */
            n -= 2;
            continue;
        }
        return n;
    }
}

/* Lowercase for the blocks Vietnamese letters live in, tabled once (utf8proc
 * per character is slow on a hot path). 0 = not tabled. */
static uint16_t lower_latin[0x250 - 0xC0];  /* U+00C0..U+024F */
static uint16_t lower_viet[0x100];          /* U+1E00..U+1EFF, as offsets from 0x1E00 */
static pthread_once_t lower_once = PTHREAD_ONCE_INIT;

static int lower_ready;                /* lower_init has run (read before pthread_once's cost) */

static void lower_init(void)
{
    for (int32_t c = 0xC0; c < 0x250; c++)
        lower_latin[c - 0xC0] = (uint16_t)vn_to_lower(c);
    for (int32_t c = 0x1E00; c < 0x1F00; c++) {
        int32_t l = vn_to_lower(c);
        lower_viet[c - 0x1E00] = (l >= 0x1E00 && l < 0x1F00) ? (uint16_t)(l - 0x1E00) : (uint16_t)(c - 0x1E00);
    }
}

static int32_t fast_lower(int32_t c)
{
    if (c >= 0xC0 && c < 0x250)
        return lower_latin[c - 0xC0];
    if (c >= 0x1E00 && c < 0x1F00)
        return 0x1E00 + lower_viet[c - 0x1E00];
    return vn_to_lower(c);
}

/* The key of one character (keydfa.h), as the careful loop below makes it. */
static kd_act key_act(int32_t cp)
{
    if (cp < 0x80) {
        if (is_space((unsigned char)cp))
            return (kd_act){KA_SPACE, 0};
        return (kd_act){KA_BYTE, (unsigned char)(cp + (((unsigned)(cp - 'A') < 26u) << 5))};
    }
    if (cp == 0xA0)
        return (kd_act){KA_SPACE, 0};
    return vn_kd_last_byte(cp, fast_lower(cp));
}

static kd_table key_kd;

static void lower_init_once(void)
{
    lower_init();
    vn_kd_build(&key_kd, key_act);
    __atomic_store_n(&lower_ready, 1, __ATOMIC_RELEASE);
}

/* The key of s[b..e) the careful way, a character at a time (a trailing
 * space left). */
static size_t key_slow(const char *s, size_t b, size_t e, char *out)
{
    /* a space is written when one comes after a word, and taken back at the
     * end: runs of spaces become one, none leads or trails */
    size_t o = 0;
    for (size_t i = b; i < e;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            i++;
            if (is_space(c)) {
                if (o && out[o - 1] != ' ')
                    out[o++] = ' ';
                continue;
            }
            out[o++] = (char)(c + (((unsigned)(c - 'A') < 26u) << 5));
            continue;
        }
        /* the Vietnamese letters (U+1E00..U+1EFF: E1 B8..BB xx) are lowered in
         * place, their block being closed under it; the rest by code point */
        if (c == 0xE1 && i + 2 < e && (unsigned char)s[i + 1] >= 0xB8 && (unsigned char)s[i + 1] <= 0xBB &&
            ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
            unsigned l = lower_viet[((unsigned char)s[i + 1] & 3u) << 6 | ((unsigned char)s[i + 2] & 0x3Fu)];
            i += 3;
            out[o] = (char)0xE1;
            out[o + 1] = (char)(0xB8 | (l >> 6));
            out[o + 2] = (char)(0x80 | (l & 0x3F));
            o += 3;
            continue;
        }
        int32_t cp;
        if (c >= 0xC2 && c < 0xE0 && i + 1 < e && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
            cp = (int32_t)((c & 0x1Fu) << 6 | ((unsigned char)s[i + 1] & 0x3Fu)); /* à, ê, ơ, đ */
            i += 2;
        } else {
            int len;
            cp = vn_utf8_next(s + i, e - i, &len);
            i += (size_t)len;
        }
        if (cp == 0xA0) {
            if (o && out[o - 1] != ' ')
                out[o++] = ' ';
            continue;
        }
        int32_t l = fast_lower(cp);
        if (l >= 0x80 && l < 0x800) {
            out[o] = (char)(0xC0 | (l >> 6));
            out[o + 1] = (char)(0x80 | (l & 0x3F));
            o += 2;
        } else {
            o += (size_t)vn_utf8_put(l, out + o);
        }
    }
    return o;
}

int vn_page_key_force_slow; /* tests: the careful loop only */

/* The key is made by the automaton of keydfa.h, a table step per byte; a line
 * it was not built for (rare characters, broken UTF-8) the careful way. */
size_t vn_page_key(const char *s, size_t n, char *out)
{
    if (!__atomic_load_n(&lower_ready, __ATOMIC_ACQUIRE))
        pthread_once(&lower_once, lower_init_once);
    if (n > VN_PAGE_SHORT)
        return 0;
    size_t b = skip_bullets(s, n);
    size_t e = strip_trailing(s, n);
    if (e > b + 2 && s[b] == '(' && s[e - 1] == ')' && !memchr(s + b + 1, '(', e - b - 2)) {
        b++; /* "(Theo VTC News)": the whole line in parentheses */
        e = strip_trailing(s, e - 1);
    }
    if (e < b)
        e = b;
    size_t o = vn_page_key_force_slow ? SIZE_MAX : vn_kd_run(&key_kd, (const unsigned char *)s + b, e - b, out);
    if (o == SIZE_MAX)
        o = key_slow(s, b, e, out);
    if (o && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return o;
}

/* ---- counting and ends */

/* Bits set in a 16-bit mask, inline (without -mpopcnt the builtin is a call). */
static inline int popcount16(unsigned x)
{
    x = x - ((x >> 1) & 0x5555u);
    x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
    x = (x + (x >> 4)) & 0x0F0Fu;
    return (int)((x + (x >> 8)) & 0x1Fu);
}

/* Words are counted sixteen bytes at a time where SSE2 is there: a word starts
 * at a byte that is no space after one that is (or at the line's start). */
int vn_count_words(const char *s, size_t n, int cap)
{
    int w = 0;
    unsigned prev = 1; /* the byte before was a space */
    size_t i = 0;
#ifdef __SSE2__
    /* sixty-four bytes a turn: one mask, one count (past cap the answer is cap) */
    for (; cap > 0 && i + 64 <= n && w < cap; i += 64) {
        uint64_t sp = 0;
        for (int q = 0; q < 4; q++) {
            __m128i x = _mm_loadu_si128((const __m128i *)(s + i + 16 * q));
            sp |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(
                      _mm_cmpeq_epi8(x, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\t'))))
                  << (16 * q);
        }
        uint64_t starts = ~sp & (sp << 1 | prev);
        starts -= (starts >> 1) & 0x5555555555555555ull;
        starts = (starts & 0x3333333333333333ull) + ((starts >> 2) & 0x3333333333333333ull);
        starts = (starts + (starts >> 4)) & 0x0F0F0F0F0F0F0F0Full;
        w += (int)((starts * 0x0101010101010101ull) >> 56);
        prev = (unsigned)(sp >> 63);
    }
    for (; cap > 0 && i + 16 <= n && w < cap; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(s + i));
        unsigned sp = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\t'))));
        unsigned starts = ~sp & (sp << 1 | prev) & 0xFFFF;
        w += popcount16(starts);
        prev = sp >> 15;
    }
    if (cap > 0 && w >= cap)
        return cap;
#endif
    for (; i < n; i++) {
        unsigned sp = s[i] == ' ' || s[i] == '\t';
        w += prev & !sp;
        prev = sp;
        if (w >= cap)
            break;
    }
    return w;
}

vn_end vn_line_end(const char *s, size_t n)
{
    /* closers: space " ' ) ] } * ” ’ » */
    for (;;) {
        while (n && (is_space((unsigned char)s[n - 1]) || in_set(closer_set, (unsigned char)s[n - 1])))
            n--;
        if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
            ((unsigned char)s[n - 1] == 0x9D || (unsigned char)s[n - 1] == 0x99)) {
            n -= 3;
            continue;
        }
        if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xBB) {
            n -= 2;
            continue;
        }
        break;
    }
    if (!n)
        return END_OPEN;
    char c = s[n - 1];
    if (n >= 2 && c == '.' && s[n - 2] == '.')
        return END_ELLIPSIS;
    if (c == '.' || c == ';')
        return END_TERMINAL;
    if (c == '!' || c == '?')
        return END_QUESTION;
    if (c == ':')
        return END_COLON;
    if (c == ',')
        return END_COMMA;
    if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
        (unsigned char)s[n - 1] == 0xA6) /* … */
        return END_ELLIPSIS;
    return END_OPEN;
}

int vn_sentences(const char *s, size_t n)
{
    int k = 1;
    size_t word = 0; /* start of the current word */
    for (size_t i = 0; i + 2 < n && k < 9; i++) {
        if (s[i] == ' ') {
            word = i + 1;
            continue;
        }
        if ((s[i] != '.' && s[i] != '?' && s[i] != '!') || s[i + 1] != ' ')
            continue;
        if (i > 0 && s[i] == '.' && s[i - 1] == '.') /* "và... Dương": an ellipsis, not an end */
            continue;
        /* "TP. Hồ Chí Minh", "Th.S Nguyễn": a short capitalized word before the
         * dot is an abbreviation, not a sentence end */
        size_t wl = i - word;
        int lower_word = 0;
        for (size_t j = word; j < i; j++)
            if (s[j] >= 'a' && s[j] <= 'z')
                lower_word = 1;
        if (s[i] == '.' && wl <= 3 && !lower_word)
            continue;
        int len;
        int32_t c = vn_utf8_next(s + i + 2, n - i - 2, &len);
        if (vn_is_upper(c) || c == '"' || c == 0x201C)
            k++;
    }
    return k;
}

int vn_starts_upper(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        int len;
        int32_t c = vn_utf8_next(s + i, n - i, &len);
        if (c == '"' || c == '\'' || c == 0x201C || c == 0x2018 || c == '[' || c == '*') {
            i += (size_t)len;
            continue;
        }
        return vn_is_upper(c) || (c >= '0' && c <= '9');
    }
    return 0;
}

/* ---- image remnants, cells, letterless lines */

static int ends_with_ci(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        char c = s[n - k + i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c != suf[i])
            return 0;
    }
    return 1;
}

static int is_image_file(const char *s, size_t n)
{
    /* one token: no spaces; drop a query string */
    for (size_t i = 0; i < n; i++) {
        if (is_space((unsigned char)s[i]))
            return 0;
        if (s[i] == '?') {
            n = i;
            break;
        }
    }
    static const char *const ext[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".svg", ".tif",
                                      ".tiff", ".jfif", NULL};
    for (int k = 0; ext[k]; k++)
        if (ends_with_ci(s, n, ext[k]) && n > strlen(ext[k]))
            return 1;
    return 0;
}

int vn_is_image_remnant(const char *s, size_t n)
{
    while (n && is_space((unsigned char)s[n - 1]))
        n--;
    while (n && is_space((unsigned char)*s))
        s++, n--;
    if (!n)
        return 0;
    if (n >= 2 && s[0] == '!' && s[1] == '[') /* markdown image, whatever its alt */
        return 1;
    if (s[0] == '%' && s[n - 1] == '%' && n > 2 && !memchr(s, ' ', n)) /* %image_alt% */
        return 1;
    size_t i = 0;
    while (i < n && (s[i] == '!' || s[i] == '[' || s[i] == ']' || s[i] == '(' || s[i] == ')' ||
                     s[i] == '|' || s[i] == ' '))
        i++;
    if (i == n) /* only "![]()|" marks */
        return 1;
    if (is_image_file(s, n))
        return 1;
    /* "ảnh 1", "Ảnh 2", "hình 3", "[image]", "image" */
    static const char *const words[] = {"ảnh ", "Ảnh ", "hình ", "Hình ", "photo ", "Photo ", "image ",
                                        "Image ", NULL};
    enum { LONGEST_WORD = 6 }; /* bytes, each of them */
    for (int k = 0; n <= LONGEST_WORD + 3 && words[k]; k++) {
        size_t wl = strlen(words[k]);
        if (n > wl && n <= wl + 3 && memcmp(s, words[k], wl) == 0) {
            size_t i = wl;
            while (i < n && s[i] >= '0' && s[i] <= '9')
                i++;
            if (i == n)
                return 1;
        }
    }
    if ((n == 7 && memcmp(s, "[image]", 7) == 0) || (n == 5 && memcmp(s, "image", 5) == 0) ||
        (n == 5 && memcmp(s, "Image", 5) == 0))
        return 1;
    return 0;
}

int vn_table_cell(const char *s, size_t n, size_t *b, size_t *e)
{
    size_t i = 0, j = n;
    while (i < j && is_space((unsigned char)s[i]))
        i++;
    while (j > i && is_space((unsigned char)s[j - 1]))
        j--;
    if (i >= j || s[i] != '|')
        return 0;
    i++;
    if (j > i && s[j - 1] == '|')
        j--;
    if (memchr(s + i, '|', j - i)) /* several cells: a table row, not a caption */
        return 0;
    while (i < j && is_space((unsigned char)s[i]))
        i++;
    while (j > i && is_space((unsigned char)s[j - 1]))
        j--;
    if (i >= j)
        return 0;
    *b = i;
    *e = j;
    return 1;
}

int vn_no_letters(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if ((c | 32) >= 'a' && (c | 32) <= 'z')
                return 0;
            i++;
            continue;
        }
        int len;
        int32_t cp = vn_utf8_next(s + i, n - i, &len);
        if (vn_is_letter(cp))
            return 0;
        i += (size_t)len;
    }
    return 1;
}

/* ---- hosts */

static int host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.';
}

/* s[0..n) is exactly a host name: labels of letters, digits, hyphens; a
 * letter-only last label of 2..6; at least one dot. */
static int is_host(const char *s, size_t n)
{
    if (n < 4 || n > 120 || s[0] == '.' || s[n - 1] == '.')
        return 0;
    size_t last_dot = 0;
    int dots = 0;
    for (size_t i = 0; i < n; i++) {
        if (!host_char(s[i]))
            return 0;
        if (s[i] == '.') {
            if (s[i + 1] == '.')
                return 0;
            dots++;
            last_dot = i;
        }
    }
    if (!dots)
        return 0;
    size_t tl = n - last_dot - 1;
    if (tl < 2 || tl > 6)
        return 0;
    for (size_t i = last_dot + 1; i < n; i++)
        if (!((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z'))
            return 0;
    return 1;
}

size_t vn_line_host(const char *s, size_t n, char *out, size_t cap)
{
    if (cap)
        out[0] = '\0';
    while (n && (is_space((unsigned char)s[n - 1]) || s[n - 1] == '.' || s[n - 1] == ')' ||
                 s[n - 1] == '/'))
        n--;
    while (n && (is_space((unsigned char)*s) || *s == '('))
        s++, n--;
    static const char *const pre[] = {"Nguồn:", "nguồn:", "NGUỒN:", "Nguồn :", "Theo:", "Theo ",
                                      "theo ", "Source:", "Nguồn tin:", NULL};
    for (int k = 0; pre[k]; k++) {
        size_t pl = strlen(pre[k]);
        if (n > pl && memcmp(s, pre[k], pl) == 0) {
            s += pl;
            n -= pl;
            while (n && is_space((unsigned char)*s))
                s++, n--;
            break;
        }
    }
    if (n > 7 && (memcmp(s, "http://", 7) == 0 || memcmp(s, "https://", 8) == 0)) {
        if (memchr(s, ' ', n))
            return 0;
        char url[512];
        if (n >= sizeof url)
            return 0;
        memcpy(url, s, n);
        url[n] = '\0';
        return vn_url_host(url, out, cap);
    }
    if (!is_host(s, n) || n + 1 > cap)
        return 0;
    size_t o = 0;
    if (n > 4 && (s[0] | 32) == 'w' && (s[1] | 32) == 'w' && (s[2] | 32) == 'w' && s[3] == '.')
        s += 4, n -= 4;
    for (size_t i = 0; i < n; i++)
        out[o++] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    out[o] = '\0';
    return o;
}

/* ---- personal names */

/* A syllable of a name: a capital then lowercase letters (or all capitals
 * when the whole line is in capitals), at most 7 letters. */
static int name_word(const char *s, size_t n, int all_caps)
{
    int letters = 0;
    for (size_t i = 0; i < n;) {
        int len;
        int32_t c = vn_utf8_next(s + i, n - i, &len);
        i += (size_t)len;
        if (!vn_is_letter(c))
            return 0;
        if (letters == 0 ? !vn_is_upper(c) : (all_caps ? !vn_is_upper(c) : !vn_is_lower(c)))
            return 0;
        if (++letters > 7)
            return 0;
    }
    return letters > 0;
}

/* Initials standing for a name: "G.T", "H.N", "T.T.H". */
static int initials(const char *s, size_t n)
{
    if (n < 3 || n > 8)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (i % 2 == 0 ? !(s[i] >= 'A' && s[i] <= 'Z') : s[i] != '.')
            return 0;
    return n % 2 == 1;
}

/* A word of grammar no name holds: "HOẠT ĐỘNG CỦA LÃNH ĐẠO" is a section's
 * heading, not a byline in capitals. */
static int function_word(const char *s, size_t n)
{
    static const char *const words[] = {"của", "các", "những", "về", "với", "cho", "trong", "tại", "là", "để", "theo"};
    char low[16];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 4 < sizeof low;) {
        int len;
        int32_t c = vn_utf8_next(s + i, n - i, &len);
        i += (size_t)len;
        k += (size_t)vn_utf8_put(vn_to_lower(c), low + k);
        if (i >= n) {
            for (size_t w = 0; w < sizeof words / sizeof *words; w++)
                if (strlen(words[w]) == k && memcmp(words[w], low, k) == 0)
                    return 1;
            return 0;
        }
    }
    return 0;
}

/* One name: 2..5 name words separated by single spaces. */
static int one_name(const char *s, size_t n, int all_caps)
{
    if (initials(s, n))
        return 1;
    int words = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        if (j == i || !name_word(s + i, j - i, all_caps) || (words && function_word(s + i, j - i)))
            return 0;
        words++;
        i = j + 1;
    }
    return words >= 2 && words <= 5;
}

static size_t trim_end(const char *s, size_t n)
{
    while (n && (is_space((unsigned char)s[n - 1]) || s[n - 1] == '.' || s[n - 1] == ','))
        n--;
    return n;
}

int vn_name_list(const char *s, size_t n, size_t *b, size_t *e, int max)
{
    if (n > 160)
        return 0;
    n = trim_end(s, n);
    /* "… (TTXVN)", "… (Báo Thái Nguyên)", "… (T/h)": a short parenthesized
     * agency or note after the names */
    if (n && s[n - 1] == ')') {
        size_t k = n - 1;
        while (k > 0 && s[k] != '(')
            k--;
        if (s[k] == '(' && n - k <= 48 && k > 0)
            n = trim_end(s, k);
    }
    /* after a slash a source ("Thanh Tùng/Báo Lào Cai"): a name has none */
    const char *slash = memrchr(s, '/', n);
    if (slash && slash > s && n - (size_t)(slash - s) <= 48) {
        size_t f = (size_t)(slash - s) + 1;
        while (f < n && s[f] == ' ')
            f++;
        int len;
        if (f < n && vn_is_upper(vn_utf8_next(s + f, n - f, &len)))
            n = trim_end(s, (size_t)(slash - s));
    }
    /* "… - TTXVN": an agency in capitals after a dash */
    for (size_t k = n; k > 0; k--) {
        char c = s[k - 1];
        if (c == '/' || (c == '-' && k >= 2 && s[k - 2] == ' ')) {
            int caps = n - k > 0;
            for (size_t j = k; j < n; j++)
                if (!((s[j] >= 'A' && s[j] <= 'Z') || s[j] == ' ' || s[j] == '+' ||
                      (s[j] >= '0' && s[j] <= '9')))
                    caps = 0;
            if (caps)
                n = trim_end(s, k - 1);
            break;
        }
        if (!((c >= 'A' && c <= 'Z') || c == ' ' || c == '+' || (c >= '0' && c <= '9')))
            break;
    }
    if (!n)
        return 0;
    int all_caps = 1;
    for (size_t i = 0; i < n;) {
        int len;
        int32_t c = vn_utf8_next(s + i, n - i, &len);
        i += (size_t)len;
        if (vn_is_lower(c)) {
            all_caps = 0;
            break;
        }
    }
    /* split on " - ", " – ", ", ", " và ", " & ", "; " */
    int k = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i, next = n;
        /* words of the segment so far (runs between spaces holding more than
         * tabs, which trimming cannot take): past five it is no name */
        int words = 0, counted = 0;
        for (; j < n; j++) {
            if (s[j] == ',' || s[j] == ';' || s[j] == '-') { /* "Trần Ánh- Mạnh Hùng" */
                next = j + 1;
                break;
            }
            if (s[j] == ' ' && j + 2 < n && (s[j + 1] == '-' || s[j + 1] == '&') && s[j + 2] == ' ') {
                next = j + 3;
                break;
            }
            if (s[j] == ' ' && j + 4 < n && (unsigned char)s[j + 1] == 0xE2 &&
                (unsigned char)s[j + 2] == 0x80 && (unsigned char)s[j + 3] == 0x93 && s[j + 4] == ' ') {
                next = j + 5;
                break;
            }
            if (s[j] == ' ' && j + 5 < n && memcmp(s + j, " và ", 5) == 0) {
                next = j + 5;
                break;
            }
            if (s[j] == ' ') {
                counted = 0;
            } else if (s[j] != '\t' && !counted) {
                counted = 1;
                if (++words > 5)
                    return 0;
            }
        }
        size_t a = i, z = j;
        while (a < z && is_space((unsigned char)s[a]))
            a++;
        while (z > a && is_space((unsigned char)s[z - 1]))
            z--;
        if (!one_name(s + a, z - a, all_caps))
            return 0;
        if (k < max) {
            b[k] = a;
            e[k] = z;
        }
        k++;
        i = next;
        if (next == n && j < n) /* a separator at the very end */
            return 0;
    }
    return k;
}
