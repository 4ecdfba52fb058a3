/* host.c — the host of a page address ("https://www.thainguyen.gov.vn/x" ->
 * "thainguyen.gov.vn"): the record's source, and the key the cross-page
 * learner groups pages by. Called twice a page: each byte is classed by one
 * table look, and the last answer is kept for the next page of the site. */
#include "page.h"

#include <string.h>

enum {
    U_SCHEME = 1, /* may be in a scheme: letters, digits, + - . */
    U_STOP = 2,   /* ends the authority: NUL / ? # space backslash */
    U_HOST = 4,   /* may be in a host: letters, digits, - . _ and bytes >= 0x80 */
    U_MARK = 8,   /* '@' or ':': userinfo or port */
};

#define R10(x) x, x, x, x, x, x, x, x, x, x
#define R26(x) R10(x), R10(x), x, x, x, x, x, x
static const unsigned char URL_CLASS[256] = {
    [0] = U_STOP, ['/'] = U_STOP, ['?'] = U_STOP, ['#'] = U_STOP, [' '] = U_STOP, ['\\'] = U_STOP,
    ['@'] = U_MARK, [':'] = U_MARK,
    ['+'] = U_SCHEME, ['-'] = U_SCHEME | U_HOST, ['.'] = U_SCHEME | U_HOST, ['_'] = U_HOST,
    ['0'] = R10(U_SCHEME | U_HOST), ['A'] = R26(U_SCHEME | U_HOST), ['a'] = R26(U_SCHEME | U_HOST),
    [0x80] = R10(U_HOST), R10(U_HOST), R10(U_HOST), R10(U_HOST), R10(U_HOST), R10(U_HOST), R10(U_HOST),
    R10(U_HOST), R10(U_HOST), R10(U_HOST), R10(U_HOST), R10(U_HOST), U_HOST, U_HOST, U_HOST, U_HOST, U_HOST,
    U_HOST, U_HOST, U_HOST,
};
#undef R10
#undef R26

/* The host depends on the address up to the end of its authority only, and
 * most pages of a crawl come from a few sites: the last answer is kept (per
 * thread) with the bytes it came from, and taken again for an address that
 * starts with the same bytes up to the same end. */
typedef struct host_memo {
    char prefix[256]; /* the address up to its authority's end */
    size_t plen;      /* 0: none */
    char host[256];
    size_t n;
} host_memo;
static _Thread_local host_memo memo;

static size_t url_host(const char *url, char *out, size_t cap);

size_t vn_url_host(const char *url, char *out, size_t cap)
{
    if (cap)
        out[0] = '\0';
    if (!url || cap < 2)
        return 0;
    if (memo.plen && memo.n < cap && strncmp(url, memo.prefix, memo.plen) == 0 &&
        (URL_CLASS[(unsigned char)url[memo.plen]] & U_STOP)) {
        memcpy(out, memo.host, memo.n + 1);
        return memo.n;
    }
    return url_host(url, out, cap);
}

static size_t url_host(const char *url, char *out, size_t cap)
{
    const unsigned char *s = (const unsigned char *)url;
    while (*s == ' ' || *s == '\t')
        s++;
    /* scheme: letters, digits, + - . then "://" */
    const unsigned char *p = s;
    while (URL_CLASS[*p] & U_SCHEME)
        p++;
    if (p > s && p[0] == ':' && p[1] == '/' && p[2] == '/')
        s = p + 3;
    else if (s[0] == '/' && s[1] == '/')
        s += 2;
    /* the authority ends at / ? # or the end; userinfo before the last '@'
     * is dropped, and a port after the first ':' that follows it */
    const unsigned char *end = s, *colon = NULL;
    for (unsigned char c, k; !((k = URL_CLASS[c = *end]) & U_STOP); end++) {
        if (!(k & U_MARK))
            continue;
        if (c == '@') {
            s = end + 1;
            colon = NULL;
        } else if (!colon) {
            colon = end;
        }
    }
    size_t plen = (size_t)(end - (const unsigned char *)url); /* the bytes the answer depends on */
    if (colon)
        end = colon;
    while (end > s && end[-1] == '.')
        end--;
    if (end - s > 4 && (s[0] | 32) == 'w' && (s[1] | 32) == 'w' && (s[2] | 32) == 'w' && s[3] == '.')
        s += 4;
    size_t n = (size_t)(end - s);
    if (n == 0 || n + 1 > cap)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (!(URL_CLASS[c] & U_HOST)) {
            out[0] = '\0';
            return 0;
        }
        out[i] = (char)(c + (((unsigned)(c - 'A') < 26u) << 5));
    }
    out[n] = '\0';
    if (plen && plen < sizeof memo.prefix && n < sizeof memo.host) {
        memcpy(memo.prefix, url, plen);
        memo.plen = plen;
        memcpy(memo.host, out, n + 1);
        memo.n = n;
    }
    return n;
}
