/* buf.c — the growable byte buffer (never NULL, optional size cap). */
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char vn_buf_empty[1];

void vn_buf_init(vn_buf *b, size_t max)
{
    b->ptr = vn_buf_empty;
    b->len = b->cap = 0;
    b->max = max;
    b->err = VN_OK;
}

vn_result vn_buf_grow(vn_buf *b, size_t extra)
{
    if (b->err)
        return b->err;
    size_t need = b->len + extra + 1;
    if (need < b->len) {
        b->err = VN_ERR_TOO_LARGE;
        return b->err;
    }
    if (b->max && need > b->max + 1) {
        b->err = VN_ERR_TOO_LARGE;
        return b->err;
    }
    if (need <= b->cap)
        return VN_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap + cap / 2 + 64;
    if (b->max && cap > b->max + 1)
        cap = b->max + 1;
    /* an empty buffer has nothing to keep: a fresh block, not a realloc
     * that copies the old one whole */
    if (b->cap && !b->len) {
        free(b->ptr);
        b->ptr = vn_buf_empty;
        b->cap = 0;
    }
    char *p = b->cap ? realloc(b->ptr, cap) : malloc(cap);
    if (!p) {
        b->err = VN_ERR_NOMEM;
        return b->err;
    }
    if (!b->cap)
        p[0] = '\0';
    b->ptr = p;
    b->cap = cap;
    return VN_OK;
}

vn_result vn_buf_add(vn_buf *b, const void *p, size_t n)
{
    if (n == 0)
        return b->err;
    if (b->len + n + 1 > b->cap && vn_buf_grow(b, n))
        return b->err;
    memcpy(b->ptr + b->len, p, n);
    b->len += n;
    b->ptr[b->len] = '\0';
    return VN_OK;
}

vn_result vn_buf_addc(vn_buf *b, char c)
{
    if (b->len + 2 > b->cap && vn_buf_grow(b, 1))
        return b->err;
    b->ptr[b->len++] = c;
    b->ptr[b->len] = '\0';
    return VN_OK;
}

vn_result vn_buf_adds(vn_buf *b, const char *s)
{
    return vn_buf_add(b, s, strlen(s));
}

vn_result vn_buf_addf(vn_buf *b, const char *fmt, ...)
{
    if (b->err)
        return b->err;
    va_list ap;
    char small[256];
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return VN_ERR_INTERNAL;
    if ((size_t)n < sizeof small)
        return vn_buf_add(b, small, (size_t)n);
    if (vn_buf_grow(b, (size_t)n))
        return b->err;
    va_start(ap, fmt);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return VN_OK;
}

void vn_buf_reset(vn_buf *b)
{
    b->len = 0;
    if (b->cap)
        b->ptr[0] = '\0';
    b->err = VN_OK;
}

void vn_buf_release(vn_buf *b)
{
    if (b->cap)
        free(b->ptr);
    size_t max = b->max;
    vn_buf_init(b, max);
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t utf8_valid_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2)
        return 0;
    if (c < 0xE0)
        return (n >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0;
        if (c == 0xED && s[1] >= 0xA0)
            return 0;
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0;
        if (c == 0xF4 && s[1] >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

/* 1 for bytes a JSON string cannot hold as they are: controls, '"', '\\' */
static const unsigned char must_escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1};

/* Write the escape for c (a byte must_escape marks) at o: its length (2 or 6). */
size_t vn_json_put_escape(char *o, unsigned c)
{
    static const char hex[] = "0123456789abcdef";
    o[0] = '\\';
    switch (c) {
    case '"': o[1] = '"'; return 2;
    case '\\': o[1] = '\\'; return 2;
    case '\n': o[1] = 'n'; return 2;
    case '\r': o[1] = 'r'; return 2;
    case '\t': o[1] = 't'; return 2;
    default:
        memcpy(o + 1, "u00", 3);
        o[4] = hex[(c >> 4) & 15];
        o[5] = hex[c & 15];
        return 6;
    }
}

static void add_escape(vn_buf *b, unsigned c)
{
    char e[6];
    vn_buf_add(b, e, vn_json_put_escape(e, c));
}

/* For text already known to be valid UTF-8 (normalized text): only the
 * bytes JSON must escape are looked at. Most strings have none, so the text
 * is copied as it is scanned, sixteen bytes at a time, into room made once
 * (SLACK: a block may be stored whole past the part that counts); an escape
 * makes room again for what is left. */
enum { SLACK = 16 };

/* Long plain runs thirty-two bytes a turn with AVX2 where the CPU has it
 * (asked once; the answer is the same for every thread). */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && defined(__SSE2__)
#define VN_JSON_AVX2 1
#include <immintrin.h>

static int have_avx2(void)
{
    static int known = -1;
    if (known < 0)
        known = __builtin_cpu_supports("avx2") ? 1 : 0;
    return known;
}

__attribute__((target("avx2"))) static inline __m256i special32(const unsigned char *p)
{
    __m256i x = _mm256_loadu_si256((const __m256i *)p);
    __m256i quote = _mm256_cmpeq_epi8(x, _mm256_set1_epi8('"'));
    __m256i bslash = _mm256_cmpeq_epi8(x, _mm256_set1_epi8('\\'));
    __m256i control = _mm256_cmpeq_epi8(_mm256_min_epu8(x, _mm256_set1_epi8(0x1F)), x);
    return _mm256_or_si256(_mm256_or_si256(quote, bslash), control);
}

/* From i, the start of the first block of thirty-two bytes holding a byte JSON
 * must escape (or of the last bytes, fewer than thirty-two); with o, the plain
 * blocks are copied there as they are passed. */
__attribute__((target("avx2"))) static size_t plain_blocks_avx2(char *o, const unsigned char *s,
                                                                size_t i, size_t n)
{
    for (; i + 64 <= n; i += 64, o = o ? o + 64 : o) {
        __m256i a = special32(s + i), b = special32(s + i + 32);
        if (!_mm256_testz_si256(_mm256_or_si256(a, b), _mm256_or_si256(a, b)))
            break;
        if (o) {
            _mm256_storeu_si256((__m256i *)o, _mm256_loadu_si256((const __m256i *)(s + i)));
            _mm256_storeu_si256((__m256i *)(o + 32), _mm256_loadu_si256((const __m256i *)(s + i + 32)));
        }
    }
    for (; i + 32 <= n; i += 32, o = o ? o + 32 : o) {
        __m256i a = special32(s + i);
        if (!_mm256_testz_si256(a, a))
            break;
        if (o)
            _mm256_storeu_si256((__m256i *)o, _mm256_loadu_si256((const __m256i *)(s + i)));
    }
    return i;
}
#endif

size_t vn_json_plain_run_long(const unsigned char *s, size_t i, size_t n)
{
#ifdef VN_JSON_AVX2
    if (n - i >= 64 && have_avx2())
        i = plain_blocks_avx2(NULL, s, i, n);
#endif
    return vn_json_plain_run(s, i, n);
}

/* Piece by piece through vn_buf_add: for a buffer whose cap the string may reach. */
static vn_result add_json_utf8_pieces(vn_buf *b, const unsigned char *s, size_t n)
{
    vn_buf_addc(b, '"');
    size_t start = 0, i;
    while ((i = vn_json_plain_run(s, start, n)) < n) {
        vn_buf_add(b, s + start, i - start);
        add_escape(b, s[i]);
        start = i + 1;
    }
    vn_buf_add(b, s + start, n - start);
    return vn_buf_addc(b, '"');
}

vn_result vn_buf_add_json_utf8(vn_buf *b, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    if (b->max && (n > b->max || b->len + 6 * n + 2 + SLACK > b->max))
        return add_json_utf8_pieces(b, s, n); /* the room asked for must not hit the cap */
    if (b->len + n + 3 + SLACK > b->cap && vn_buf_grow(b, n + 2 + SLACK))
        return b->err;
    char *o = b->ptr + b->len;
    *o++ = '"';
    size_t i = 0;
#ifdef __SSE2__
    size_t plain_from = 0; /* no escape at or after it: its output is where it stands */
    while (i < n) {
        unsigned m = 0, k;
#ifdef VN_JSON_AVX2
        if (n - i >= 64 && have_avx2()) {
            size_t j = plain_blocks_avx2(o, s, i, n);
            o += j - i;
            i = j;
        }
#endif
        /* thirty-two bytes a turn while they are plain, then sixteen */
        for (; i + 32 <= n; i += 32, o += 32) {
            __m128i x = _mm_loadu_si128((const __m128i *)(s + i));
            __m128i y = _mm_loadu_si128((const __m128i *)(s + i + 16));
            _mm_storeu_si128((__m128i *)o, x);
            _mm_storeu_si128((__m128i *)(o + 16), y);
            if (vn_json_special_mask(_mm_or_si128(vn_json_special_bytes(x), vn_json_special_bytes(y))))
                break;
        }
        for (; i + 16 <= n; i += 16, o += 16) {
            _mm_storeu_si128((__m128i *)o, _mm_loadu_si128((const __m128i *)(s + i)));
            if ((m = vn_json_special16(s + i)))
                break;
        }
        if (m) {
            k = (unsigned)__builtin_ctz(m);
        } else {
            if (i == n)
                break;
            /* Fewer than sixteen left: the string's last sixteen again when the
             * bytes before i among them are plain (they land where they are),
             * else a copy of the rest. */
            size_t rest = n - i, skip = 0;
            unsigned char tail[16];
            const unsigned char *p = tail;
            if (n >= 16 && n - 16 >= plain_from) {
                p = s + n - 16;
                skip = 16 - rest;
            } else {
                memset(tail, 0, sizeof tail);
                memcpy(tail, s + i, rest);
            }
            o -= skip;
            _mm_storeu_si128((__m128i *)o, _mm_loadu_si128((const __m128i *)p));
            m = vn_json_special16(p) & (((1u << rest) - 1) << skip);
            if (!m) {
                o += skip + rest;
                break;
            }
            k = (unsigned)__builtin_ctz(m);
            i -= skip;
        }
        i += k;
        o += k;
        /* s[i] needs an escape: room for it, the rest and the closing quote */
        b->len = (size_t)(o - b->ptr);
        if (vn_buf_grow(b, n - i + 6 + 1 + SLACK))
            return b->err;
        o = b->ptr + b->len;
        o += vn_json_put_escape(o, s[i]);
        plain_from = ++i;
    }
#else
    for (;;) {
        size_t e = vn_json_plain_run(s, i, n);
        memcpy(o, s + i, e - i);
        o += e - i;
        i = e;
        if (i == n)
            break;
        b->len = (size_t)(o - b->ptr);
        if (vn_buf_grow(b, n - i + 6 + 1 + SLACK))
            return b->err;
        o = b->ptr + b->len;
        o += vn_json_put_escape(o, s[i]);
        i++;
    }
#endif
    *o++ = '"';
    *o = '\0';
    b->len = (size_t)(o - b->ptr);
    return VN_OK;
}

vn_result vn_buf_add_json_str(vn_buf *b, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    vn_buf_grow(b, n + 2);
    vn_buf_addc(b, '"');
    size_t i = 0, run = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80 && !must_escape[c]) {
            i++;
            run++;
            continue;
        }
        if (c >= 0x80) {
            size_t k = utf8_valid_len(s + i, n - i);
            if (k) {
                i += k;
                run += k;
                continue;
            }
        }
        vn_buf_add(b, s + i - run, run);
        run = 0;
        if (c >= 0x80)
            vn_buf_add(b, "\xEF\xBF\xBD", 3); /* invalid byte */
        else
            add_escape(b, c);
        i++;
    }
    vn_buf_add(b, s + i - run, run);
    return vn_buf_addc(b, '"');
}
