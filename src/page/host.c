/* host.c — the host of a page address ("https://www.thainguyen.gov.vn/x" ->
 * "thainguyen.gov.vn"): the record's source, and the key the cross-page
 * learner groups pages by. */
#include "page.h"

#include <string.h>

size_t vn_url_host(const char *url, char *out, size_t cap)
{
    if (cap)
        out[0] = '\0';
    if (!url || cap < 2)
        return 0;
    const char *s = url;
    while (*s == ' ' || *s == '\t')
        s++;
    /* scheme: letters, digits, + - . then "://" */
    const char *p = s;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
           *p == '+' || *p == '-' || *p == '.')
        p++;
    if (p > s && p[0] == ':' && p[1] == '/' && p[2] == '/')
        s = p + 3;
    else if (s[0] == '/' && s[1] == '/')
        s += 2;
    /* the authority ends at / ? # or the end; userinfo before '@' is dropped */
    const char *end = s;
    while (*end && *end != '/' && *end != '?' && *end != '#' && *end != ' ' && *end != '\\')
        end++;
    const char *at = NULL;
    for (const char *q = s; q < end; q++)
        if (*q == '@')
            at = q;
    if (at)
        s = at + 1;
    for (const char *q = s; q < end; q++) /* a port */
        if (*q == ':') {
            end = q;
            break;
        }
    while (end > s && end[-1] == '.')
        end--;
    if (end - s > 4 && (s[0] | 32) == 'w' && (s[1] | 32) == 'w' && (s[2] | 32) == 'w' && s[3] == '.')
        s += 4;
    size_t n = (size_t)(end - s);
    if (n == 0 || n + 1 > cap)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '.' || c == '_' || (unsigned char)c >= 0x80)) {
            out[0] = '\0';
            return 0;
        }
        out[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    out[n] = '\0';
    return n;
}
