/* uni.c — Unicode helpers over UTF-8 (case, letters, diacritic folding).
 * Vietnamese letters are all in Latin-1, Latin Extended-A/B and Latin
 * Extended Additional; the common cases are answered without a table. */
#include "uni.h"

#include <string.h>
#include <utf8proc.h>

int32_t vn_utf8_next(const char *str, size_t n, int *len)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned c = s[0];
    if (c < 0x80) {
        *len = 1;
        return (int32_t)c;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(s, (utf8proc_ssize_t)(n > 4 ? 4 : n), &cp);
    if (k <= 0) {
        *len = 1;
        return 0xFFFD;
    }
    *len = (int)k;
    return cp;
}

int vn_utf8_put(int32_t c, char *out)
{
    return (int)utf8proc_encode_char(c, (utf8proc_uint8_t *)out);
}

int vn_utf8_count(const char *s, size_t n)
{
    int k = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            k++;
    return k;
}

int vn_is_upper(int32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    return utf8proc_category(c) == UTF8PROC_CATEGORY_LU;
}

int vn_is_lower(int32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    return utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

int vn_is_letter(int32_t c)
{
    if (c < 0x80)
        return (c | 32) >= 'a' && (c | 32) <= 'z';
    utf8proc_category_t k = utf8proc_category(c);
    return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

int32_t vn_to_lower(int32_t c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    return utf8proc_tolower(c);
}

int32_t vn_to_upper(int32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') ? c - 32 : c;
    return utf8proc_toupper(c);
}

int32_t vn_fold(int32_t c)
{
    if (c < 0x80)
        return vn_to_lower(c);
    if (c == 0x0110 || c == 0x0111 || c == 0x00D0)
        return 'd';
    utf8proc_int32_t buf[8];
    utf8proc_ssize_t k = utf8proc_decompose_char(c, buf, 8, UTF8PROC_DECOMPOSE, NULL);
    if (k >= 1 && buf[0] < 0x80)
        return vn_to_lower(buf[0]);
    return vn_to_lower(c);
}

size_t vn_lower(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        int len;
        int32_t c = vn_to_lower(vn_utf8_next(s + i, n - i, &len));
        char tmp[4];
        int k = vn_utf8_put(c, tmp);
        if (o + (size_t)k + 1 > cap)
            break;
        memcpy(out + o, tmp, (size_t)k);
        o += (size_t)k;
        i += (size_t)len;
    }
    if (cap)
        out[o < cap ? o : cap - 1] = '\0';
    return o;
}

size_t vn_fold_str(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        int len;
        int32_t c = vn_utf8_next(s + i, n - i, &len);
        i += (size_t)len;
        if (c >= 0x300 && c <= 0x36F) /* combining marks (NFD input) */
            continue;
        c = vn_fold(c);
        char tmp[4];
        int k = vn_utf8_put(c, tmp);
        if (o + (size_t)k + 1 > cap)
            break;
        memcpy(out + o, tmp, (size_t)k);
        o += (size_t)k;
    }
    if (cap)
        out[o < cap ? o : cap - 1] = '\0';
    return o;
}

int vn_word_is_capitalized(const char *s, size_t n)
{
    if (!n)
        return 0;
    int len;
    return vn_is_upper(vn_utf8_next(s, n, &len));
}
