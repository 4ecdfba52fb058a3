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

static void add_escape(vn_buf *b, unsigned c)
{
    static const char hex[] = "0123456789abcdef";
    switch (c) {
    case '"': vn_buf_add(b, "\\\"", 2); break;
    case '\\': vn_buf_add(b, "\\\\", 2); break;
    case '\n': vn_buf_add(b, "\\n", 2); break;
    case '\r': vn_buf_add(b, "\\r", 2); break;
    case '\t': vn_buf_add(b, "\\t", 2); break;
    default: {
        char e[6] = {'\\', 'u', '0', '0', hex[(c >> 4) & 15], hex[c & 15]};
        vn_buf_add(b, e, 6);
    }
    }
}

/* For text already known to be valid UTF-8 (normalized text): only the
 * bytes JSON must escape are looked at. */
vn_result vn_buf_add_json_utf8(vn_buf *b, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    vn_buf_grow(b, n + 2);
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
