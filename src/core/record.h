/* record.h — the article record every stage fills (internal; the public
 * header only sees an opaque vn_record). Everything hangs off the context's
 * arena and lives until the next page. */
#ifndef VN_RECORD_H
#define VN_RECORD_H

#include "vnews.h"

/* A growable array in an arena: VN_VEC(int) xs; int *p = VN_PUSH(arena, xs); */
#define VN_VEC(T) struct { T *v; int n, cap; }
void *vn_vec_grow(vn_arena *a, void *v, int n, int *cap, size_t elt);
#define VN_PUSH(A, vec)                                                                     \
    ((vec).n == (vec).cap ? (void)((vec).v = vn_vec_grow((A), (vec).v, (vec).n, &(vec).cap, \
                                                         sizeof *(vec).v))                  \
                          : (void)0,                                                        \
     &(vec).v[(vec).n++])

typedef enum vn_role {
    VN_ROLE_NONE = 0,
    VN_ROLE_TITLE,
    VN_ROLE_DATELINE,
    VN_ROLE_LEAD,
    VN_ROLE_BODY,
    VN_ROLE_CAPTION,
    VN_ROLE_BYLINE,
    VN_ROLE_RELATED,
    VN_ROLE_BOILERPLATE
} vn_role;
const char *vn_role_name(vn_role r);

/* Where a mention was found: [line, start, end) in code points of the
 * normalized line (line is the 1-based input line number n). */
typedef struct vn_span { int line, start, end; } vn_span;
/* Spans of one mention, without repeats. `sorted_n` == n while every span came
 * through vn_spans_add in increasing (line, start) order: then a span after the
 * last one is new without a search (direct VN_PUSHes leave n != sorted_n). */
typedef struct {
    vn_span *v;
    int n, cap;
    int sorted_n;
} vn_spans;
typedef VN_VEC(const char *) vn_strs;

typedef enum vn_in { VN_IN_ARTICLE = 0, VN_IN_RELATED = 1 } vn_in;

typedef struct vn_line {
    int n;              /* 1-based line number in the input page */
    const char *text;   /* normalized, NUL-terminated */
    int len;            /* bytes */
    vn_role role;
    const char *why;    /* rule that decided (always set for dropped lines) */
} vn_line;

typedef struct vn_person {
    const char *name;
    vn_strs positions;
    vn_in in;
    int historic;       /* named in a fixed phrase ("tư tưởng Hồ Chí Minh") */
    vn_spans spans;
} vn_person;

typedef struct vn_document {
    const char *kind, *code, *number, *type, *issuer_code, *issuer, *date, *subject;
    int year;           /* 0 = none */
    vn_in in;
    vn_spans spans;
} vn_document;

typedef struct vn_entity {     /* organizations and places */
    const char *name, *type, *province;
    const char *now;            /* places: province after 1 July 2025, or NULL */
    vn_in in;
    vn_spans spans;
} vn_entity;

typedef struct vn_event {
    const char *type, *date, *host;
    vn_strs chairs;
    vn_in in;
    vn_spans spans;
} vn_event;

typedef struct vn_figure {
    double value;
    double total;       /* valid if has_total */
    int has_total;
    const char *unit, *qualifier;
    vn_in in;
    vn_spans spans;
} vn_figure;

struct vn_record {
    const char *id, *url, *source;
    const char *title, *published, *lead;
    vn_strs authors, body, captions, related, warnings;
    VN_VEC(vn_line) lines;
    VN_VEC(vn_person) people;
    VN_VEC(vn_document) documents;
    VN_VEC(vn_entity) organizations, places;
    const char *event_date;
    const char *province_name, *province_now;
    VN_VEC(vn_event) events;
    VN_VEC(vn_figure) figures;
    const char *duplicate_of;
    const char *meta;   /* JSON object text or NULL */
    size_t meta_len;
    /* inputs the stages share */
    const char *date_hint;  /* from the input's "date" */
    int pub_year, pub_month, pub_day; /* from published or date_hint; 0 if unknown */
};

/* True for roles that belong to the article (title, dateline, lead, body, caption). */
int vn_role_is_article(vn_role r);
/* Which mentions a line yields: VN_IN_ARTICLE for title, dateline, lead,
 * body and caption lines, VN_IN_RELATED for teasers, -1 (skip) otherwise. */
static inline int vn_line_scope(const vn_line *l)
{
    if (l->role == VN_ROLE_RELATED)
        return VN_IN_RELATED;
    return vn_role_is_article(l->role) ? VN_IN_ARTICLE : -1;
}
/* A span's offsets are code points: the count of code points before byte off. */
int vn_cp_offset(const char *line, size_t byte_off);

#ifdef __SSE2__
#include <emmintrin.h>
/* 0xFF for the bytes of x JSON must escape ('"', '\\', below 0x20), else 0. */
static inline __m128i vn_json_special_bytes(__m128i x)
{
    __m128i quote = _mm_cmpeq_epi8(x, _mm_set1_epi8('"'));
    __m128i bslash = _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'));
    __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x);
    return _mm_or_si128(_mm_or_si128(quote, bslash), control);
}

static inline unsigned vn_json_special_mask(__m128i special)
{
    return (unsigned)_mm_movemask_epi8(special);
}

/* Which of the sixteen bytes at p JSON must escape: a bit each. */
static inline unsigned vn_json_special16(const unsigned char *p)
{
    return vn_json_special_mask(vn_json_special_bytes(_mm_loadu_si128((const __m128i *)p)));
}
#endif

/* Index of the first byte in s[i..n) that JSON cannot carry plainly ('"',
 * '\\', a control byte), or n. Sixteen bytes at a time with SSE2, else eight
 * (SWAR): this is the inner loop of both reading and writing JSON Lines. */
static inline size_t vn_json_plain_run(const unsigned char *s, size_t i, size_t n)
{
#ifdef __SSE2__
    for (; i + 32 <= n; i += 32) { /* long runs: one test per thirty-two bytes */
        __m128i a = vn_json_special_bytes(_mm_loadu_si128((const __m128i *)(s + i)));
        __m128i b = vn_json_special_bytes(_mm_loadu_si128((const __m128i *)(s + i + 16)));
        if (vn_json_special_mask(_mm_or_si128(a, b)))
            break;
    }
    for (; i + 16 <= n; i += 16) {
        unsigned m = vn_json_special16(s + i);
        if (m)
            return i + (unsigned)__builtin_ctz(m);
    }
#endif
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    while (i + 8 <= n) {
        uint64_t x;
        __builtin_memcpy(&x, s + i, 8);
        uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
        uint64_t hit = ((q - ones) & ~q) | ((bs - ones) & ~bs) | ((x - ones * 0x20) & ~x);
        if (hit & highs)
            break;
        i += 8;
    }
    while (i < n && s[i] != '"' && s[i] != '\\' && s[i] >= 0x20)
        i++;
    return i;
}
/* The same for runs that may be long (article text): thirty-two bytes at a
 * time with AVX2 where the CPU has it (buf.c). */
size_t vn_json_plain_run_long(const unsigned char *s, size_t i, size_t n);

/* Helpers for stages */
void vn_record_warn(vn_arena *a, vn_record *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Write the JSON escape of byte c (a control, '"' or '\\') at o, as
 * vn_buf_add_json_utf8 writes it: returns its length (2 or 6). buf.c. */
size_t vn_json_put_escape(char *o, unsigned c);

void vn_spans_add(vn_arena *a, vn_spans *s, int line, int start, int end);
/* Add s to list unless an equal string is there already. */
void vn_strs_add_unique(vn_arena *a, vn_strs *list, const char *s);

#endif
