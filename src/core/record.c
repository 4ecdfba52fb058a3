/* record.c — record helpers and the record's JSON (SCHEMA.md). */
#include "record.h"
#include "uni.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Reading a string's bytes past its NUL (sixteen, or up to sixty-four with
 * AVX-512) is safe where they do not cross into the next page; the sanitizers
 * would still see it as reading past the object, so under them every string
 * takes strlen(). */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RECORD_NO_OVERREAD 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define RECORD_NO_OVERREAD 1
#endif

void *vn_vec_grow(vn_arena *a, void *v, int n, int *cap, size_t elt)
{
    int nc = *cap ? *cap * 2 : 4;
    void *nv = vn_arena_alloc(a, (size_t)nc * elt);
    if (n)
        memcpy(nv, v, (size_t)n * elt);
    *cap = nc;
    return nv;
}

static const char *const role_names[] = {"none",    "title",   "dateline", "lead",       "body",
                                         "caption", "byline",  "related",  "boilerplate"};

static const unsigned char role_len[] = {4, 5, 8, 4, 4, 7, 6, 7, 11}; /* strlen of each name */
_Static_assert(sizeof role_len == sizeof role_names / sizeof *role_names, "a length for each role");

const char *vn_role_name(vn_role r)
{
    return (unsigned)r < sizeof role_names / sizeof *role_names ? role_names[r] : "none";
}

int vn_role_is_article(vn_role r)
{
    return r == VN_ROLE_TITLE || r == VN_ROLE_DATELINE || r == VN_ROLE_LEAD || r == VN_ROLE_BODY ||
           r == VN_ROLE_CAPTION;
}

void vn_record_warn(vn_arena *a, vn_record *r, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    *VN_PUSH(a, r->warnings) = vn_arena_strdup(a, msg);
}

void vn_spans_add(vn_arena *a, vn_spans *s, int line, int start, int end)
{
    if (s->sorted_n == s->n) { /* in order so far: only the last can be equal or after */
        const vn_span *last = s->n ? &s->v[s->n - 1] : NULL;
        if (!last || last->line < line || (last->line == line && last->start < start)) {
            *VN_PUSH(a, *s) = (vn_span){line, start, end};
            s->sorted_n = s->n;
            return;
        }
    }
    for (int i = 0; i < s->n; i++)
        if (s->v[i].line == line && s->v[i].start == start && s->v[i].end == end)
            return;
    *VN_PUSH(a, *s) = (vn_span){line, start, end};
}

void vn_strs_add_unique(vn_arena *a, vn_strs *list, const char *s)
{
    for (int i = 0; i < list->n; i++)
        if (strcmp(list->v[i], s) == 0)
            return;
    *VN_PUSH(a, *list) = s;
}

int vn_cp_offset(const char *line, size_t byte_off)
{
    return vn_utf8_count(line, byte_off);
}

const char *vn_record_id(const vn_record *r)
{
    return r->id;
}

size_t vn_record_warning_count(const vn_record *r)
{
    return (size_t)r->warnings.n;
}

/* ---- JSON writing
 * The record is most of the output, so it is written straight into the
 * buffer: room is made once for each small piece (a key, a span, a number)
 * and the bytes are stored there, not pushed one call per byte. */

/* Room for n more bytes (and the NUL): where to write them, or NULL. */
static inline char *room(vn_buf *b, size_t n)
{
    if (b->len + n + 1 > b->cap && vn_buf_grow(b, n))
        return NULL;
    return b->ptr + b->len;
}

/* The pieces written up to end are the buffer's. (The NUL after them is
 * written once, when the record is complete: room() always leaves space for it.) */
static inline void done(vn_buf *b, char *end)
{
    b->len = (size_t)(end - b->ptr);
}

static inline void addc(vn_buf *b, char c)
{
    char *o = room(b, 1);
    if (o) {
        o[0] = c;
        done(b, o + 1);
    }
}

/* A literal (its length known where it is written). */
#define LIT(b, s) lit((b), (s), sizeof(s) - 1)
static inline __attribute__((always_inline)) void lit(vn_buf *b, const char *s, size_t n)
{
    char *o = room(b, n);
    if (o) {
        memcpy(o, s, n);
        done(b, o + n);
    }
}

/* The decimal digits of v at o: returns the end. Integers are written by hand:
 * printf costs more than the rest of a line; most are line numbers and
 * offsets of a few digits, written two at a time. */
static const char DIGIT_PAIRS[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                  "8081828384858687888990919293949596979899";

static inline __attribute__((always_inline)) char *put_int(char *o, long long v)
{
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    if (v < 0)
        *o++ = '-';
    if (u < 10) {
        *o = (char)('0' + u);
        return o + 1;
    }
    if (u < 100) {
        memcpy(o, DIGIT_PAIRS + 2 * u, 2);
        return o + 2;
    }
    if (u < 10000) { /* line numbers and offsets, most of them */
        unsigned hi = (unsigned)u / 100, lo = (unsigned)u % 100;
        if (hi < 10) {
            *o = (char)('0' + hi);
            memcpy(o + 1, DIGIT_PAIRS + 2 * lo, 2);
            return o + 3;
        }
        memcpy(o, DIGIT_PAIRS + 2 * hi, 2);
        memcpy(o + 2, DIGIT_PAIRS + 2 * lo, 2);
        return o + 4;
    }
    int len = u < 100 ? 2 : u < 1000 ? 3 : u < 10000 ? 4 : 5;
    for (unsigned long long t = u / 100000; t; t /= 10)
        len++;
    char *e = o + len, *w = e;
    while (u >= 100) {
        w -= 2;
        memcpy(w, DIGIT_PAIRS + 2 * (u % 100), 2);
        u /= 100;
    }
    if (u >= 10) {
        w -= 2;
        memcpy(w, DIGIT_PAIRS + 2 * u, 2);
    } else {
        *--w = (char)('0' + u);
    }
    return e;
}

enum { INT_ROOM = 21 }; /* "-9223372036854775808" */

static void add_int(vn_buf *b, long long v)
{
    char *o = room(b, INT_ROOM);
    if (o)
        done(b, put_int(o, v));
}

/* ,"k": (the comma unless first) */
static inline __attribute__((always_inline)) void key(vn_buf *b, const char *k, int *first)
{
    size_t kl = strlen(k);
    char *o = room(b, kl + 4);
    if (!o)
        return;
    if (!*first)
        *o++ = ',';
    *first = 0;
    *o++ = '"';
    memcpy(o, k, kl);
    o += kl;
    *o++ = '"';
    *o++ = ':';
    done(b, o);
}

/* Is any of the eight bytes one JSON must escape ('"', '\\', a control)?
 * (Exact for "any": a borrow only marks bytes above one that is.) */
static inline uint64_t special8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
    return (((q - ones) & ~q) | ((bs - ones) & ~bs) | ((x - ones * 0x20) & ~x)) & highs;
}

enum { SHORT_STR = 64 };

/* 2: strings of fewer than sixteen bytes with nothing to escape from one
 * load, the others (their length unknown) with AVX-512BW where the CPU has it,
 * else as 1; 1: the same with AVX2 in place of AVX-512; 0: every string by
 * strlen() and vn_buf_add_json_utf8 (tests compare the three). Under the
 * sanitizers, every string has its strlen() taken first, the long ones then
 * written with AVX-512BW at 2. */
int vn_record_vector = 2;

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define RECORD_AVX512 1

static int record_avx512(void)
{
    static int known = -1; /* the same answer for every thread */
    if (known < 0)
        known = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") ? 1 : 0;
    return known && vn_record_vector >= 2;
}

/* A long string (the body's paragraphs, the lead: most of the output), sixty-
 * four bytes a turn: each block is stored whole (room is made for that) and
 * the output advances to its first byte to escape, if any. The last bytes
 * by a masked load, so nothing past the string is read. */
__attribute__((target("avx2,avx512f,avx512bw"))) static void long_str_avx512(vn_buf *b, const unsigned char *s,
                                                                           size_t n)
{
    const __m512i quote = _mm512_set1_epi8('"'), bslash = _mm512_set1_epi8('\\'),
                  c20 = _mm512_set1_epi8(0x20);
    char *o = room(b, n + 2 + 64);
    if (!o)
        return;
    *o++ = '"';
    size_t i = 0;
    while (i < n) { /* room at o: n - i + 64 + 2 bytes at least */
        size_t rest = n - i < 64 ? n - i : 64;
        __mmask64 in = rest == 64 ? ~(__mmask64)0 : (((__mmask64)1 << rest) - 1);
        __m512i x = _mm512_maskz_loadu_epi8(in, s + i);
        __mmask64 m = (_mm512_cmpeq_epi8_mask(x, quote) | _mm512_cmpeq_epi8_mask(x, bslash) |
                       _mm512_cmplt_epu8_mask(x, c20)) &
                      in;
        _mm512_storeu_si512((void *)o, x);
        if (!m) {
            o += rest;
            i += rest;
            continue;
        }
        size_t k = (size_t)__builtin_ctzll(m);
        o += k;
        i += k;
        done(b, o);
        o = room(b, n - i + 6 + 64 + 2);
        if (!o)
            return;
        o += vn_json_put_escape(o, s[i]);
        i++;
    }
    *o++ = '"';
    done(b, o);
}

#ifndef RECORD_NO_OVERREAD
/* A NUL-terminated string of unknown length, the same way: its end is found
 * by the same compares as its bytes to escape, so it is read once, not by a
 * strlen() first. A load never crosses into the next page before the string
 * is known to go on there (the bytes past the page's end masked off), so no
 * byte that is not the string's is read from a page it does not touch. */
__attribute__((target("avx2,avx512f,avx512bw"))) static void strz_avx512(vn_buf *b, const unsigned char *s)
{
    const __m512i quote = _mm512_set1_epi8('"'), bslash = _mm512_set1_epi8('\\'),
                  c20 = _mm512_set1_epi8(0x20);
    char *o = room(b, 1);
    if (!o)
        return;
    *o++ = '"';
    for (;;) {
        /* room for the rest of this page's bytes (and a block more), once */
        size_t page_left = 4096 - ((uintptr_t)s & 4095);
        done(b, o);
        o = room(b, page_left + 64 + 8);
        if (!o)
            return;
        const unsigned char *full_end = s + (page_left & ~(size_t)63);
        __mmask64 m;
        while (s < full_end) { /* whole blocks of the page */
            __m512i x = _mm512_loadu_si512((const void *)s);
            m = _mm512_cmpeq_epi8_mask(x, quote) | _mm512_cmpeq_epi8_mask(x, bslash) |
                _mm512_cmplt_epu8_mask(x, c20);
            _mm512_storeu_si512((void *)o, x);
            if (m)
                goto special;
            s += 64;
            o += 64;
        }
        {
            /* the page's last bytes (fewer than sixty-four), the rest masked */
            size_t step = page_left & 63;
            __mmask64 in = ((__mmask64)1 << step) - 1;
            __m512i x = _mm512_maskz_loadu_epi8(in, s);
            m = (_mm512_cmpeq_epi8_mask(x, quote) | _mm512_cmpeq_epi8_mask(x, bslash) |
                 _mm512_cmplt_epu8_mask(x, c20)) &
                in;
            _mm512_storeu_si512((void *)o, x);
            if (!m) {
                s += step;
                o += step;
                continue;
            }
        }
    special: {
        size_t k = (size_t)__builtin_ctzll(m);
        o += k;
        s += k;
        if (!*s)
            break;
        done(b, o);
        o = room(b, 6);
        if (!o)
            return;
        o += vn_json_put_escape(o, *s++);
    }
    }
    *o++ = '"';
    done(b, o);
}

static int record_avx2(void)
{
    static int known = -1;
    if (known < 0)
        known = __builtin_cpu_supports("avx2") ? 1 : 0;
    return known && vn_record_vector >= 1;
}

/* strz_avx512 for CPUs with AVX2 only (and what valgrind measures): thirty-
 * two bytes a load while they are inside the page, the page's last few bytes
 * one at a time (a few dozen steps per four kilobytes). */
__attribute__((target("avx2"))) static void strz_avx2(vn_buf *b, const unsigned char *s)
{
    const __m256i two = _mm256_set1_epi8(2), bslash = _mm256_set1_epi8('\\'), c20 = _mm256_set1_epi8(0x20);
    char *o = room(b, 1);
    if (!o)
        return;
    *o++ = '"';
    for (;;) {
        size_t page_left = 4096 - ((uintptr_t)s & 4095);
        done(b, o);
        o = room(b, page_left + 32 + 8);
        if (!o)
            return;
        const unsigned char *full_end = s + (page_left & ~(size_t)31), *page_end = s + page_left;
        /* sixty-four a turn, then thirty-two. x ^ 2 is at most 0x20 for
         * exactly the controls and '"' (0x22 ^ 2 = 0x20) */
        for (; s + 64 <= full_end; s += 64, o += 64) {
            __m256i x = _mm256_loadu_si256((const __m256i *)s), y = _mm256_loadu_si256((const __m256i *)(s + 32));
            __m256i xq = _mm256_xor_si256(x, two), yq = _mm256_xor_si256(y, two);
            __m256i sp = _mm256_or_si256(
                _mm256_or_si256(_mm256_cmpeq_epi8(_mm256_min_epu8(xq, c20), xq), _mm256_cmpeq_epi8(x, bslash)),
                _mm256_or_si256(_mm256_cmpeq_epi8(_mm256_min_epu8(yq, c20), yq), _mm256_cmpeq_epi8(y, bslash)));
            _mm256_storeu_si256((__m256i *)o, x);
            _mm256_storeu_si256((__m256i *)(o + 32), y);
            if (!_mm256_testz_si256(sp, sp))
                break;
        }
        while (s < full_end) {
            __m256i x = _mm256_loadu_si256((const __m256i *)s), xq = _mm256_xor_si256(x, two);
            __m256i sp = _mm256_or_si256(_mm256_cmpeq_epi8(_mm256_min_epu8(xq, c20), xq), _mm256_cmpeq_epi8(x, bslash));
            _mm256_storeu_si256((__m256i *)o, x);
            unsigned m = (unsigned)_mm256_movemask_epi8(sp);
            if (m) {
                unsigned k = (unsigned)__builtin_ctz(m);
                o += k;
                s += k;
                goto special;
            }
            s += 32;
            o += 32;
        }
        for (; s < page_end; s++) {
            unsigned char c = *s;
            if (c < 0x20 || c == '"' || c == '\\')
                goto special;
            *o++ = (char)c;
        }
        continue;
    special:
        if (!*s)
            break;
        done(b, o);
        o = room(b, 6);
        if (!o)
            return;
        o += vn_json_put_escape(o, *s++);
    }
    *o++ = '"';
    done(b, o);
}
#endif
#endif

/* A string of n bytes, quoted and escaped. */
static void long_str(vn_buf *b, const char *s, size_t n)
{
#ifdef RECORD_AVX512
    if (!b->max && n >= 64 && record_avx512()) {
        long_str_avx512(b, (const unsigned char *)s, n);
        return;
    }
#endif
    vn_buf_add_json_utf8(b, s, n);
}

#if defined(__SSE2__) && !defined(RECORD_NO_OVERREAD)
enum { SHORT_ROOM = 16 + 2 }; /* what short_at() may write */

/* A string of fewer than sixteen bytes with nothing to escape (most record
 * strings: a why, a type, a name) written at o from one load: its NUL, its
 * bytes to escape and its copy from the same sixteen bytes, with no strlen().
 * Returns the end, or NULL (nothing written) for the rest. */

static inline __attribute__((always_inline)) char *short_at(char *o, const char *s)
{
    if (((uintptr_t)s & 4095) > 4096 - 16)
        return NULL;
    __m128i x = _mm_loadu_si128((const __m128i *)s);
    unsigned nul = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_setzero_si128()));
    if (!nul)
        return NULL;
    unsigned n = (unsigned)__builtin_ctz(nul);
    if (vn_json_special_mask(vn_json_special_bytes(x)) & ((1u << n) - 1))
        return NULL;
    o[0] = '"';
    _mm_storeu_si128((__m128i *)(o + 1), x);
    o[n + 1] = '"';
    return o + n + 2;
}
#else
enum { SHORT_ROOM = 4 }; /* "null" */

static inline char *short_at(char *o, const char *s)
{
    (void)o;
    (void)s;
    return NULL;
}
#endif

/* s written at o (with room for SHORT_ROOM bytes there) when it is null or
 * short_at() can: the end, else NULL (nothing written). */
static inline __attribute__((always_inline)) char *short_plain_at(char *o, const char *s)
{
    if (!s) {
        memcpy(o, "null", 4);
        return o + 4;
    }
    return vn_record_vector ? short_at(o, s) : NULL;
}

/* The strings short_plain_at() leaves (and null). */
static __attribute__((noinline)) void str_general(vn_buf *b, const char *s)
{
    if (!s) {
        LIT(b, "null");
        return;
    }
#if defined(RECORD_AVX512) && !defined(RECORD_NO_OVERREAD)
    if (!b->max && record_avx512()) {
        strz_avx512(b, (const unsigned char *)s);
        return;
    }
    if (!b->max && record_avx2()) {
        strz_avx2(b, (const unsigned char *)s);
        return;
    }
#endif
    size_t n = strlen(s);
    /* Most record strings are short (a why, a name, a kind) and plain: checked
     * and copied eight bytes a turn (the last eight ending at the end), with
     * nothing committed until they pass; the rest go the general way. Every
     * record string is normalized, so valid UTF-8. */
    char *o = n <= SHORT_STR ? room(b, n + 2 + 8) : NULL;
    if (o) {
        uint64_t bad = 0, x;
        size_t i = 0;
#ifdef __SSE2__
        if (n >= 16) { /* sixteen a turn, the last sixteen ending at the end */
            __m128i any = _mm_setzero_si128(), x;
            for (; i + 16 <= n; i += 16) {
                x = _mm_loadu_si128((const __m128i *)(s + i));
                any = _mm_or_si128(any, vn_json_special_bytes(x));
                _mm_storeu_si128((__m128i *)(o + 1 + i), x);
            }
            if (i < n) {
                x = _mm_loadu_si128((const __m128i *)(s + n - 16));
                any = _mm_or_si128(any, vn_json_special_bytes(x));
                _mm_storeu_si128((__m128i *)(o + 1 + n - 16), x);
            }
            bad = vn_json_special_mask(any);
        } else
#endif
        if (n >= 8) {
            for (; i + 8 <= n; i += 8) {
                memcpy(&x, s + i, 8);
                bad |= special8(x);
                memcpy(o + 1 + i, &x, 8);
            }
            if (i < n) {
                memcpy(&x, s + n - 8, 8);
                bad |= special8(x);
                memcpy(o + 1 + n - 8, &x, 8);
            }
        } else if (n >= 4) { /* the first four and the last four, overlapping */
            uint32_t lo, hi;
            memcpy(&lo, s, 4);
            memcpy(&hi, s + n - 4, 4);
            bad = special8((uint64_t)lo | (uint64_t)hi << 32);
            memcpy(o + 1, &lo, 4);
            memcpy(o + 1 + n - 4, &hi, 4);
        } else {
            for (; i < n; i++) {
                unsigned char c = (unsigned char)s[i];
                bad |= c < 0x20 || c == '"' || c == '\\';
                o[1 + i] = (char)c;
            }
        }
        if (!bad) {
            o[0] = '"';
            o[n + 1] = '"';
            done(b, o + n + 2);
            return;
        }
    }
    long_str(b, s, n);
}

/* A string (or null) as a JSON value: the short plain ones inline, where
 * they are written (no call, no saving of registers), the rest by a call. */
static inline __attribute__((always_inline)) void str_or_null(vn_buf *b, const char *s)
{
    char *o = room(b, SHORT_ROOM), *e;
    if (o && (e = short_plain_at(o, s))) {
        done(b, e);
        return;
    }
    str_general(b, s);
}

/* [,]["{"]"k":v — the key, and the value when it is short or null, in one
 * room (comma: not the first field; open: the first field of an object) */
static inline __attribute__((always_inline)) void kv_put(vn_buf *b, int comma, int open, const char *k,
                                                         const char *v)
{
    size_t kl = strlen(k);
    char *o = room(b, kl + 5 + SHORT_ROOM);
    if (!o)
        return;
    if (comma)
        *o++ = ',';
    if (open)
        *o++ = '{';
    *o++ = '"';
    memcpy(o, k, kl);
    o += kl;
    *o++ = '"';
    *o++ = ':';
    char *e = short_plain_at(o, v);
    if (e) {
        done(b, e);
        return;
    }
    done(b, o);
    str_general(b, v);
}

static inline __attribute__((always_inline)) void kv_str(vn_buf *b, const char *k, const char *v,
                                                         int *first)
{
    kv_put(b, !*first, 0, k, v);
    *first = 0;
}

static void strs(vn_buf *b, const vn_strs *l)
{
    addc(b, '[');
    for (int i = 0; i < l->n; i++) {
        if (i)
            addc(b, ',');
        str_or_null(b, l->v[i]);
    }
    addc(b, ']');
}

static inline __attribute__((always_inline)) void kv_strs(vn_buf *b, const char *k,
                                                          const vn_strs *l, int *first)
{
    key(b, k, first);
    strs(b, l);
}

/* v as %.10g writes it, when v is a decimal with at most four places and
 * below 1e9 (2.5, 13.75, 0.1: the double nearest m / 10^k, m of at most ten
 * digits): the digits of m with the point put in. Exact there, as ten
 * significant digits hold m whole and %g uses no exponent from 1e-4 up. Returns
 * the end, or NULL for the values left to printf. */
static char *put_short_decimal(char *o, double v)
{
    static const double scale[] = {1, 10, 100, 1000, 10000};
    double a = fabs(v);
    if (!(a >= 1e-4 && a < 1e9))
        return NULL;
    for (int k = 1; k <= 4; k++) {
        double m = a * scale[k];
        double r = floor(m + 0.5);
        if (r != m || r / scale[k] != a)
            continue;
        if (r >= 1e10) /* more than ten significant digits: printf rounds */
            return NULL;
        unsigned long long u = (unsigned long long)r, p = (unsigned long long)scale[k];
        if (u % 10 == 0) /* fewer places would have matched first */
            return NULL;
        if (v < 0)
            *o++ = '-';
        o = put_int(o, (long long)(u / p));
        *o++ = '.';
        unsigned long long f = u % p;
        for (int d = k - 1; d >= 0; d--) {
            o[d] = (char)('0' + f % 10);
            f /= 10;
        }
        return o + k;
    }
    return NULL;
}

static void number(vn_buf *b, double v)
{
    if (!isfinite(v)) {
        LIT(b, "null");
    } else if (fabs(v) < 9e15 && (double)(long long)v == v) { /* an integer (no call to floor()) */
        add_int(b, (long long)v);
    } else {
        char *o = room(b, INT_ROOM + 8), *e = o ? put_short_decimal(o, v) : NULL;
        if (e)
            done(b, e);
        else
            vn_buf_addf(b, "%.10g", v);
    }
}

/* ,"in":"article","spans":[[l,s,e],...]} (the comma unless first; the
 * object it ends closed): one room for all of it, the fixed part a literal of
 * known length. */
static void in_spans(vn_buf *b, vn_in in, const vn_spans *s, int *first)
{
    static const char ART[] = "\"in\":\"article\",\"spans\":[", REL[] = "\"in\":\"related\",\"spans\":[";
    _Static_assert(sizeof ART == sizeof REL, "one length for both");
    char *o = room(b, sizeof ART + 1 + (size_t)s->n * (3 * INT_ROOM + 5) + 3);
    if (!o)
        return;
    if (!*first)
        *o++ = ',';
    *first = 0;
    memcpy(o, in == VN_IN_RELATED ? REL : ART, sizeof ART - 1);
    o += sizeof ART - 1;
    for (int i = 0; i < s->n; i++) {
        if (i)
            *o++ = ',';
        *o++ = '[';
        o = put_int(o, s->v[i].line);
        *o++ = ',';
        o = put_int(o, s->v[i].start);
        *o++ = ',';
        o = put_int(o, s->v[i].end);
        *o++ = ']';
    }
    *o++ = ']';
    *o++ = '}';
    done(b, o);
}

/* {"k":v or ,{"k":v: an array's element i opened with its first field */
static inline __attribute__((always_inline)) void kv_open(vn_buf *b, int i, const char *k, const char *v)
{
    kv_put(b, i != 0, 1, k, v);
}

/* [ or ,[ before an array's element i; the same for { */
static inline void open_elt(vn_buf *b, int i, char c)
{
    char *o = room(b, 2);
    if (!o)
        return;
    if (i)
        *o++ = ',';
    *o++ = c;
    done(b, o);
}

/* places carry "now" (null where the unit is not resolved), organizations not */
static void entities(vn_buf *b, const char *k, const vn_entity *v, int n, int places, int *first)
{
    key(b, k, first);
    addc(b, '[');
    for (int i = 0; i < n; i++) {
        int f = 0;
        kv_open(b, i, "name", v[i].name);
        kv_str(b, "type", v[i].type, &f);
        kv_str(b, "province", v[i].province, &f);
        if (places)
            kv_str(b, "now", v[i].now, &f);
        in_spans(b, v[i].in, &v[i].spans, &f);
    }
    addc(b, ']');
}

/* The lines: {"n":N,"role":"R","why":W} each. */
static void lines(vn_buf *b, const vn_record *r)
{
    addc(b, '[');
    for (int i = 0; i < r->lines.n; i++) {
        const vn_line *l = &r->lines.v[i];
        const char *role = vn_role_name(l->role);
        size_t rl = (unsigned)l->role < sizeof role_names / sizeof *role_names ? role_len[l->role] : strlen(role);
        char *o = room(b, 6 + INT_ROOM + 10 + rl + 8 + SHORT_ROOM + 1);
        if (!o)
            return;
        if (i)
            *o++ = ',';
        memcpy(o, "{\"n\":", 5);
        o = put_int(o + 5, l->n);
        memcpy(o, ",\"role\":\"", 9);
        o += 9;
        memcpy(o, role, rl);
        o += rl;
        memcpy(o, "\",\"why\":", 8);
        char *e = short_plain_at(o + 8, l->why);
        if (e) {
            *e++ = '}';
            done(b, e);
            continue;
        }
        done(b, o + 8);
        str_general(b, l->why);
        addc(b, '}');
    }
    addc(b, ']');
}

/* A generous guess at the record's size, so the buffer grows once, not by
 * doublings (each a copy of what was written): the text comes out about once
 * (body, lead, captions), plus each line's entry and each entity's spans. */
static size_t size_guess(const vn_record *r)
{
    size_t g = 4096 + (size_t)r->lines.n * 64;
    for (int i = 0; i < r->lines.n; i++)
        g += (size_t)r->lines.v[i].len;
    g += (size_t)(r->people.n + r->documents.n + r->organizations.n + r->places.n + r->events.n +
                  r->figures.n) *
         160;
    return g + (size_t)r->meta_len;
}

vn_result vn_record_json(const vn_record *r, vn_buf *b)
{
    int first = 1;
    if (!b->max) {
        size_t g = size_guess(r);
        if (b->len + g + 1 > b->cap)
            vn_buf_grow(b, g);
    }
    addc(b, '{');
    kv_str(b, "id", r->id, &first);
    kv_str(b, "url", r->url, &first);
    kv_str(b, "source", r->source, &first);
    kv_str(b, "title", r->title, &first);
    kv_str(b, "published", r->published, &first);
    kv_str(b, "event_date", r->event_date, &first);
    key(b, "province", &first);
    if (r->province_name) {
        int f = 1;
        addc(b, '{');
        kv_str(b, "name", r->province_name, &f);
        kv_str(b, "now", r->province_now, &f);
        addc(b, '}');
    } else {
        LIT(b, "null");
    }
    kv_strs(b, "authors", &r->authors, &first);
    kv_str(b, "lead", r->lead, &first);
    kv_strs(b, "body", &r->body, &first);
    kv_strs(b, "captions", &r->captions, &first);
    kv_strs(b, "related", &r->related, &first);

    key(b, "lines", &first);
    lines(b, r);

    key(b, "people", &first);
    addc(b, '[');
    for (int i = 0; i < r->people.n; i++) {
        const vn_person *p = &r->people.v[i];
        int f = 0;
        kv_open(b, i, "name", p->name);
        kv_strs(b, "positions", &p->positions, &f);
        if (p->historic) {
            key(b, "historic", &f);
            LIT(b, "true");
        }
        in_spans(b, p->in, &p->spans, &f);
    }
    addc(b, ']');

    key(b, "documents", &first);
    addc(b, '[');
    for (int i = 0; i < r->documents.n; i++) {
        const vn_document *d = &r->documents.v[i];
        int f = 0;
        kv_open(b, i, "kind", d->kind);
        kv_str(b, "code", d->code, &f);
        kv_str(b, "number", d->number, &f);
        key(b, "year", &f);
        if (d->year)
            add_int(b, d->year);
        else
            LIT(b, "null");
        kv_str(b, "type", d->type, &f);
        kv_str(b, "issuer_code", d->issuer_code, &f);
        kv_str(b, "issuer", d->issuer, &f);
        kv_str(b, "date", d->date, &f);
        kv_str(b, "subject", d->subject, &f);
        in_spans(b, d->in, &d->spans, &f);
    }
    addc(b, ']');

    entities(b, "organizations", r->organizations.v, r->organizations.n, 0, &first);
    entities(b, "places", r->places.v, r->places.n, 1, &first);

    key(b, "events", &first);
    addc(b, '[');
    for (int i = 0; i < r->events.n; i++) {
        const vn_event *e = &r->events.v[i];
        int f = 0;
        kv_open(b, i, "type", e->type);
        kv_str(b, "date", e->date, &f);
        kv_strs(b, "chairs", &e->chairs, &f);
        kv_str(b, "host", e->host, &f);
        in_spans(b, e->in, &e->spans, &f);
    }
    addc(b, ']');

    key(b, "figures", &first);
    addc(b, '[');
    for (int i = 0; i < r->figures.n; i++) {
        const vn_figure *g = &r->figures.v[i];
        int f = 1;
        open_elt(b, i, '{');
        key(b, "value", &f);
        number(b, g->value);
        key(b, "total", &f);
        if (g->has_total)
            number(b, g->total);
        else
            LIT(b, "null");
        kv_str(b, "unit", g->unit, &f);
        kv_str(b, "qualifier", g->qualifier, &f);
        in_spans(b, g->in, &g->spans, &f);
    }
    addc(b, ']');

    kv_str(b, "duplicate_of", r->duplicate_of, &first);
    kv_strs(b, "warnings", &r->warnings, &first);
    key(b, "meta", &first);
    if (r->meta && r->meta_len)
        vn_buf_add(b, r->meta, r->meta_len);
    else
        LIT(b, "null");
    addc(b, '}');
    if (b->cap)
        b->ptr[b->len] = '\0';
    return b->err;
}

vn_result vn_record_clean_text(const vn_record *r, vn_buf *b)
{
    int any = 0;
    if (r->title) {
        vn_buf_adds(b, r->title);
        any = 1;
    }
    if (r->lead) {
        vn_buf_adds(b, any ? "\n\n" : "");
        vn_buf_adds(b, r->lead);
        any = 1;
    }
    for (int i = 0; i < r->body.n; i++) {
        vn_buf_adds(b, any ? "\n\n" : "");
        vn_buf_adds(b, r->body.v[i]);
        any = 1;
    }
    return b->err;
}
