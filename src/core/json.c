/* json.c — a strict JSON reader into an arena DOM, and a compact writer. */
#include "json.h"
#include "record.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 128

typedef struct parser {
    vn_arena *a;
    const char *s;
    size_t n, i;
    const char *err;
    char *w;    /* the input, writable: strings are decoded where they stand (or NULL) */
    vn_buf tmp; /* else strings with escapes are decoded here, then copied */
} parser;

/* The first byte at or after i that ends a string's plain run ('"', '\\', a
 * control byte), or n: sixty-four bytes a test with AVX-512BW, and with AVX2
 * (two vectors) while nothing is found, where the CPU has them; a bit mask
 * telling where (article texts are long runs between escapes).
 *
 * After a string's first escape its bytes move back by what the escapes
 * saved: copy_plain copies the next plain run to o while it looks for its
 * end, one load for both (a whole block is stored only when it is all plain:
 * storing past the run's end would write over bytes not read yet, the
 * destination trailing the source in place). */
int vn_json_vector = 2; /* 2: the best the CPU has, 1: at most AVX2, 0: none (tests compare them) */

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && defined(__SSE2__)
#include <immintrin.h>
#define JSON_AVX2 1
/* The bytes of x that end a plain run, as a vector. */
__attribute__((target("avx2"), always_inline)) static inline __m256i special32(__m256i x)
{
    const __m256i quote = _mm256_set1_epi8('"'), bslash = _mm256_set1_epi8('\\'),
                  c1f = _mm256_set1_epi8(0x1F);
    return _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x, quote), _mm256_cmpeq_epi8(x, bslash)),
                           _mm256_cmpeq_epi8(_mm256_min_epu8(x, c1f), x));
}

__attribute__((target("avx2"))) static size_t special_avx2(const unsigned char *s, size_t i, size_t n)
{
    const __m256i quote = _mm256_set1_epi8('"'), bslash = _mm256_set1_epi8('\\'),
                  c1f = _mm256_set1_epi8(0x1F);
    for (; i + 64 <= n; i += 64) { /* sixty-four a test while nothing is found */
        __m256i a = special32(_mm256_loadu_si256((const __m256i *)(s + i))),
                b = special32(_mm256_loadu_si256((const __m256i *)(s + i + 32))), ab = _mm256_or_si256(a, b);
        if (!_mm256_testz_si256(ab, ab))
            break;
    }
    for (; i + 32 <= n; i += 32) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(s + i));
        __m256i sp = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x, quote), _mm256_cmpeq_epi8(x, bslash)),
                                     _mm256_cmpeq_epi8(_mm256_min_epu8(x, c1f), x));
        unsigned m = (unsigned)_mm256_movemask_epi8(sp);
        if (m)
            return i + (unsigned)__builtin_ctz(m);
    }
    return vn_json_plain_run(s, i, n);
}

__attribute__((target("avx2"))) static size_t copy_plain_avx2(char *o, const unsigned char *s, size_t i,
                                                                size_t n, size_t *done)
{
    const __m256i quote = _mm256_set1_epi8('"'), bslash = _mm256_set1_epi8('\\'),
                  c1f = _mm256_set1_epi8(0x1F);
    size_t from = i;
    for (; i + 64 <= n; i += 64) { /* sixty-four a turn while plain */
        __m256i x = _mm256_loadu_si256((const __m256i *)(s + i));
        __m256i y = _mm256_loadu_si256((const __m256i *)(s + i + 32));
        __m256i sp = _mm256_or_si256(special32(x), special32(y));
        if (!_mm256_testz_si256(sp, sp))
            break;
        _mm256_storeu_si256((__m256i *)(o + (i - from)), x);
        _mm256_storeu_si256((__m256i *)(o + (i - from) + 32), y);
    }
    for (; i + 32 <= n; i += 32) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(s + i));
        __m256i sp = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x, quote), _mm256_cmpeq_epi8(x, bslash)),
                                     _mm256_cmpeq_epi8(_mm256_min_epu8(x, c1f), x));
        if (_mm256_movemask_epi8(sp))
            break;
        _mm256_storeu_si256((__m256i *)(o + (i - from)), x);
    }
    *done = i - from;
    return i;
}

__attribute__((target("avx2,avx512f,avx512bw"))) static size_t special_avx512(const unsigned char *s, size_t i,
                                                                             size_t n)
{
    const __m512i quote = _mm512_set1_epi8('"'), bslash = _mm512_set1_epi8('\\'),
                  c20 = _mm512_set1_epi8(0x20);
    for (; i + 64 <= n; i += 64) {
        __m512i x = _mm512_loadu_si512((const void *)(s + i));
        __mmask64 m = _mm512_cmpeq_epi8_mask(x, quote) | _mm512_cmpeq_epi8_mask(x, bslash) |
                      _mm512_cmplt_epu8_mask(x, c20);
        if (m)
            return i + (size_t)__builtin_ctzll(m);
    }
    return vn_json_plain_run(s, i, n);
}

/* The same with AVX-512BW: the block holding the run's end is stored up to it
 * by a masked store, so the whole run is copied here. */
__attribute__((target("avx2,avx512f,avx512bw"))) static size_t copy_plain_avx512(char *o, const unsigned char *s,
                                                                               size_t i, size_t n, size_t *done)
{
    const __m512i quote = _mm512_set1_epi8('"'), bslash = _mm512_set1_epi8('\\'),
                  c20 = _mm512_set1_epi8(0x20);
    size_t from = i;
    for (; i + 64 <= n; i += 64) {
        __m512i x = _mm512_loadu_si512((const void *)(s + i));
        __mmask64 m = _mm512_cmpeq_epi8_mask(x, quote) | _mm512_cmpeq_epi8_mask(x, bslash) |
                      _mm512_cmplt_epu8_mask(x, c20);
        if (m) {
            size_t k = (size_t)__builtin_ctzll(m);
            if (k)
                _mm512_mask_storeu_epi8(o + (i - from), (__mmask64)((1ull << k) - 1), x);
            *done = i + k - from;
            return i + k;
        }
        _mm512_storeu_si512((void *)(o + (i - from)), x);
    }
    *done = i - from;
    return i;
}

static int json_cpu(void)
{
    static int level = -1; /* the same answer for every thread */
    if (level < 0)
        level = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") ? 2
                : __builtin_cpu_supports("avx2")                                          ? 1
                                                                                          : 0;
    return level < vn_json_vector ? level : vn_json_vector;
}
#endif

static size_t special_at(const unsigned char *s, size_t i, size_t n)
{
#ifdef JSON_AVX2
    int v = json_cpu();
    if (v == 2)
        return special_avx512(s, i, n);
    if (v == 1)
        return special_avx2(s, i, n);
#endif
    return vn_json_plain_run_long(s, i, n);
}

/* Copies the plain run at s[i..) to o; returns where it ends (as special_at). */
static size_t copy_plain(char *o, const unsigned char *s, size_t i, size_t n)
{
    size_t done = 0;
#ifdef JSON_AVX2
    int v = json_cpu();
    if (v == 2)
        i = copy_plain_avx512(o, s, i, n, &done);
    else if (v == 1)
        i = copy_plain_avx2(o, s, i, n, &done);
#endif
    size_t r = vn_json_plain_run(s, i, n);
    memmove(o + done, s + i, r - i);
    return r;
}

static void ws(parser *p)
{
    while (p->i < p->n) {
        char c = p->s[p->i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            p->i++;
        else
            break;
    }
}

static int fail(parser *p, const char *msg)
{
    if (!p->err)
        p->err = msg;
    return 0;
}

static int hex4(parser *p, unsigned *out)
{
    if (p->i + 4 > p->n)
        return fail(p, "truncated \\u escape");
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p->s[p->i++];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if ((c | 32) >= 'a' && (c | 32) <= 'f')
            v |= (unsigned)((c | 32) - 'a' + 10);
        else
            return fail(p, "bad \\u escape");
    }
    *out = v;
    return 1;
}

/* Store code point c as UTF-8 at o: returns the end. */
static char *put_utf8(char *o, unsigned c)
{
    if (c < 0x80) {
        *o++ = (char)c;
    } else if (c < 0x800) {
        *o++ = (char)(0xC0 | (c >> 6));
        *o++ = (char)(0x80 | (c & 63));
    } else if (c < 0x10000) {
        *o++ = (char)(0xE0 | (c >> 12));
        *o++ = (char)(0x80 | ((c >> 6) & 63));
        *o++ = (char)(0x80 | (c & 63));
    } else {
        *o++ = (char)(0xF0 | (c >> 18));
        *o++ = (char)(0x80 | ((c >> 12) & 63));
        *o++ = (char)(0x80 | ((c >> 6) & 63));
        *o++ = (char)(0x80 | (c & 63));
    }
    return o;
}

/* Parses a string at p->i (at the opening quote). Raw bytes >= 0x80 are
 * copied as they are (the text stage repairs invalid UTF-8 later). Decoded,
 * a string is never longer than it is written (an escape is at least as long
 * as what it stands for: \uXXXX six bytes for at most three, a surrogate pair
 * twelve for four), so it is decoded over its own input when that is
 * writable (p->w; the closing quote's place holds its NUL), else into p->tmp
 * (room for the rest of the input, made once) and copied to the arena. */
static int string(parser *p, const char **out, size_t *len)
{
    p->i++; /* " */
    size_t start = p->i;
    const unsigned char *u = (const unsigned char *)p->s;
    /* fast path: no escapes */
    size_t i = special_at(u, start, p->n);
    if (i < p->n && u[i] == '"') {
        *len = i - start;
        if (p->w) {
            p->w[i] = '\0';
            *out = p->w + start;
        } else {
            *out = vn_arena_strndup(p->a, p->s + start, *len);
        }
        p->i = i + 1;
        return 1;
    }
    p->i = i;
    if (i >= p->n)
        return fail(p, "unterminated string");
    if (u[i] < 0x20)
        return fail(p, "control character in string");
    char *d;
    if (p->w) {
        d = p->w + start;
    } else {
        vn_buf_reset(&p->tmp);
        if (vn_buf_grow(&p->tmp, p->n - start))
            return fail(p, "string too large");
        d = p->tmp.ptr;
        memcpy(d, p->s + start, i - start);
    }
    char *o = d + (i - start); /* the plain bytes before the first escape are in place */
    while (p->i < p->n) {
        unsigned char c = u[p->i];
        if (c == '"') {
            p->i++;
            *o = '\0';
            *len = (size_t)(o - d);
            *out = p->w ? d : vn_arena_strndup(p->a, d, *len);
            return 1;
        }
        if (c < 0x20)
            return fail(p, "control character in string");
        if (c != '\\') {
            size_t r = copy_plain(o, u, p->i, p->n);
            o += r - p->i;
            p->i = r;
            continue;
        }
        p->i++;
        if (p->i >= p->n)
            break;
        char e = p->s[p->i++];
        switch (e) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            unsigned c1;
            if (!hex4(p, &c1))
                return 0;
            if (c1 >= 0xD800 && c1 < 0xDC00) {
                unsigned c2;
                if (p->i + 6 <= p->n && p->s[p->i] == '\\' && p->s[p->i + 1] == 'u') {
                    p->i += 2;
                    if (!hex4(p, &c2))
                        return 0;
                    if (c2 >= 0xDC00 && c2 < 0xE000)
                        c1 = 0x10000 + ((c1 - 0xD800) << 10) + (c2 - 0xDC00);
                    else
                        c1 = 0xFFFD;
                } else {
                    c1 = 0xFFFD;
                }
            } else if (c1 >= 0xDC00 && c1 < 0xE000) {
                c1 = 0xFFFD;
            }
            o = put_utf8(o, c1);
            break;
        }
        default:
            return fail(p, "bad escape in string");
        }
    }
    return fail(p, "unterminated string");
}

static int value(parser *p, vn_json *v, int depth);

static int number(parser *p, vn_json *v)
{
    size_t st = p->i;
    if (p->s[p->i] == '-')
        p->i++;
    if (p->i >= p->n)
        return fail(p, "bad number");
    if (p->s[p->i] == '0') {
        p->i++;
    } else if (p->s[p->i] >= '1' && p->s[p->i] <= '9') {
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
            p->i++;
    } else {
        return fail(p, "bad number");
    }
    if (p->i < p->n && p->s[p->i] == '.') {
        p->i++;
        if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
            return fail(p, "bad number");
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
            p->i++;
    }
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
            p->i++;
        if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
            return fail(p, "bad number");
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
            p->i++;
    }
    v->type = VN_JSON_NUMBER;
    v->len = p->i - st;
    v->str = vn_arena_strndup(p->a, p->s + st, v->len);
    v->num = strtod(v->str, NULL);
    return 1;
}

static int literal(parser *p, const char *word, vn_json_type t, vn_json *v)
{
    size_t k = strlen(word);
    if (p->n - p->i < k || memcmp(p->s + p->i, word, k) != 0)
        return fail(p, "unexpected character");
    p->i += k;
    v->type = t;
    return 1;
}

/* children grow in the arena by doubling (the old copy is left behind) */
static vn_json *grow_kids(vn_arena *a, vn_json *kids, int n, int *cap)
{
    int nc = *cap ? *cap * 2 : 8;
    vn_json *k = vn_arena_alloc(a, (size_t)nc * sizeof *k);
    if (n)
        memcpy(k, kids, (size_t)n * sizeof *k);
    *cap = nc;
    return k;
}

static int container(parser *p, vn_json *v, int depth, int is_obj)
{
    if (depth >= MAX_DEPTH)
        return fail(p, "nesting too deep");
    p->i++;
    v->type = is_obj ? VN_JSON_OBJECT : VN_JSON_ARRAY;
    int n = 0, cap = 0;
    vn_json *kids = NULL;
    ws(p);
    if (p->i < p->n && p->s[p->i] == (is_obj ? '}' : ']')) {
        p->i++;
        return 1;
    }
    for (;;) {
        if (n == cap)
            kids = grow_kids(p->a, kids, n, &cap);
        vn_json *k = &kids[n];
        memset(k, 0, sizeof *k);
        ws(p);
        if (is_obj) {
            if (p->i >= p->n || p->s[p->i] != '"')
                return fail(p, p->i >= p->n ? "truncated object" : "expected a key");
            if (!string(p, &k->key, &k->key_len))
                return 0;
            ws(p);
            if (p->i >= p->n || p->s[p->i] != ':')
                return fail(p, "expected ':'");
            p->i++;
        }
        if (!value(p, k, depth + 1))
            return 0;
        n++;
        ws(p);
        if (p->i >= p->n)
            return fail(p, is_obj ? "truncated object" : "truncated array");
        char c = p->s[p->i++];
        if (c == ',')
            continue;
        if (c == (is_obj ? '}' : ']'))
            break;
        return fail(p, is_obj ? "expected ',' or '}'" : "expected ',' or ']'");
    }
    v->kids = kids;
    v->n = n;
    return 1;
}

static int value(parser *p, vn_json *v, int depth)
{
    ws(p);
    if (p->i >= p->n)
        return fail(p, "unexpected end of input");
    v->raw_start = p->i;
    char c = p->s[p->i];
    int ok;
    switch (c) {
    case '{': ok = container(p, v, depth, 1); break;
    case '[': ok = container(p, v, depth, 0); break;
    case '"':
        v->type = VN_JSON_STRING;
        ok = string(p, &v->str, &v->len);
        break;
    case 't': ok = literal(p, "true", VN_JSON_TRUE, v); break;
    case 'f': ok = literal(p, "false", VN_JSON_FALSE, v); break;
    case 'n': ok = literal(p, "null", VN_JSON_NULL, v); break;
    default:
        if (c == '-' || (c >= '0' && c <= '9'))
            ok = number(p, v);
        else
            ok = fail(p, "unexpected character");
    }
    v->raw_end = p->i;
    return ok;
}

static vn_json *parse(parser *pp, size_t *err_off, const char **err_msg);

vn_json *vn_json_parse(vn_arena *a, const char *text, size_t len, size_t *err_off,
                       const char **err_msg)
{
    parser p = {a, text, len, 0, NULL, NULL, VN_BUF_INIT};
    return parse(&p, err_off, err_msg);
}

vn_json *vn_json_parse_inplace(vn_arena *a, char *text, size_t len, size_t *err_off,
                               const char **err_msg)
{
    parser p = {a, text, len, 0, NULL, text, VN_BUF_INIT};
    return parse(&p, err_off, err_msg);
}

static vn_json *parse(parser *pp, size_t *err_off, const char **err_msg)
{
    parser p = *pp;
    vn_json *v = vn_arena_alloc(p.a, sizeof *v);
    int ok = value(&p, v, 0);
    if (ok) {
        ws(&p);
        if (p.i < p.n)
            ok = fail(&p, "trailing characters after JSON value");
    }
    vn_buf_release(&p.tmp);
    if (!ok) {
        if (err_off)
            *err_off = p.i;
        if (err_msg)
            *err_msg = p.err ? p.err : "malformed JSON";
        return NULL;
    }
    return v;
}

const vn_json *vn_json_get(const vn_json *obj, const char *key)
{
    if (!obj || obj->type != VN_JSON_OBJECT)
        return NULL;
    size_t kl = strlen(key);
    for (int i = 0; i < obj->n; i++) /* the first byte before a call */
        if (obj->kids[i].key_len == kl && (!kl || obj->kids[i].key[0] == key[0]) &&
            memcmp(obj->kids[i].key, key, kl) == 0)
            return &obj->kids[i];
    return NULL;
}

const char *vn_json_get_str(const vn_json *obj, const char *key)
{
    const vn_json *v = vn_json_get(obj, key);
    return v && v->type == VN_JSON_STRING ? v->str : NULL;
}

void vn_json_write(const vn_json *v, vn_buf *out)
{
    switch (v->type) {
    case VN_JSON_NULL: vn_buf_add(out, "null", 4); break;
    case VN_JSON_TRUE: vn_buf_add(out, "true", 4); break;
    case VN_JSON_FALSE: vn_buf_add(out, "false", 5); break;
    case VN_JSON_NUMBER: vn_buf_add(out, v->str, v->len); break;
    case VN_JSON_STRING: vn_buf_add_json_str(out, v->str, v->len); break;
    case VN_JSON_ARRAY:
    case VN_JSON_OBJECT:
        vn_buf_addc(out, v->type == VN_JSON_ARRAY ? '[' : '{');
        for (int i = 0; i < v->n; i++) {
            if (i)
                vn_buf_addc(out, ',');
            if (v->type == VN_JSON_OBJECT) {
                vn_buf_add_json_str(out, v->kids[i].key, v->kids[i].key_len);
                vn_buf_addc(out, ':');
            }
            vn_json_write(&v->kids[i], out);
        }
        vn_buf_addc(out, v->type == VN_JSON_ARRAY ? ']' : '}');
        break;
    }
}
