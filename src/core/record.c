/* record.c — record helpers and the record's JSON (SCHEMA.md). */
#include "record.h"
#include "uni.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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

/* ---- JSON writing */

static void key(vn_buf *b, const char *k, int *first)
{
    if (!*first)
        vn_buf_addc(b, ',');
    *first = 0;
    vn_buf_addc(b, '"');
    vn_buf_adds(b, k);
    vn_buf_add(b, "\":", 2);
}

static void str_or_null(vn_buf *b, const char *s)
{
    if (s) /* every record string is normalized, so valid UTF-8 */
        vn_buf_add_json_utf8(b, s, strlen(s));
    else
        vn_buf_add(b, "null", 4);
}

static void kv_str(vn_buf *b, const char *k, const char *v, int *first)
{
    key(b, k, first);
    str_or_null(b, v);
}

static void strs(vn_buf *b, const vn_strs *l)
{
    vn_buf_addc(b, '[');
    for (int i = 0; i < l->n; i++) {
        if (i)
            vn_buf_addc(b, ',');
        str_or_null(b, l->v[i]);
    }
    vn_buf_addc(b, ']');
}

static void kv_strs(vn_buf *b, const char *k, const vn_strs *l, int *first)
{
    key(b, k, first);
    strs(b, l);
}

/* Integers are written by hand: printf costs more than the rest of a line. */
static void add_int(vn_buf *b, long long v)
{
    char tmp[24];
    int i = sizeof tmp;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        tmp[--i] = '-';
    vn_buf_add(b, tmp + i, sizeof tmp - (size_t)i);
}

static void number(vn_buf *b, double v)
{
    if (!isfinite(v))
        vn_buf_add(b, "null", 4);
    else if (v == floor(v) && fabs(v) < 9e15)
        add_int(b, (long long)v);
    else
        vn_buf_addf(b, "%.10g", v);
}

static void in_spans(vn_buf *b, vn_in in, const vn_spans *s, int *first)
{
    kv_str(b, "in", in == VN_IN_RELATED ? "related" : "article", first);
    key(b, "spans", first);
    vn_buf_addc(b, '[');
    for (int i = 0; i < s->n; i++) {
        vn_buf_add(b, i ? ",[" : "[", i ? 2 : 1);
        add_int(b, s->v[i].line);
        vn_buf_addc(b, ',');
        add_int(b, s->v[i].start);
        vn_buf_addc(b, ',');
        add_int(b, s->v[i].end);
        vn_buf_addc(b, ']');
    }
    vn_buf_addc(b, ']');
}

static void entities(vn_buf *b, const char *k, const vn_entity *v, int n, int *first)
{
    key(b, k, first);
    vn_buf_addc(b, '[');
    for (int i = 0; i < n; i++) {
        int f = 1;
        vn_buf_add(b, i ? ",{" : "{", i ? 2 : 1);
        kv_str(b, "name", v[i].name, &f);
        kv_str(b, "type", v[i].type, &f);
        kv_str(b, "province", v[i].province, &f);
        if (v[i].now)
            kv_str(b, "now", v[i].now, &f);
        in_spans(b, v[i].in, &v[i].spans, &f);
        vn_buf_addc(b, '}');
    }
    vn_buf_addc(b, ']');
}

vn_result vn_record_json(const vn_record *r, vn_buf *b)
{
    int first = 1;
    vn_buf_addc(b, '{');
    kv_str(b, "id", r->id, &first);
    kv_str(b, "url", r->url, &first);
    kv_str(b, "source", r->source, &first);
    kv_str(b, "title", r->title, &first);
    kv_str(b, "published", r->published, &first);
    kv_str(b, "event_date", r->event_date, &first);
    key(b, "province", &first);
    if (r->province_name) {
        int f = 1;
        vn_buf_addc(b, '{');
        kv_str(b, "name", r->province_name, &f);
        kv_str(b, "now", r->province_now, &f);
        vn_buf_addc(b, '}');
    } else {
        vn_buf_add(b, "null", 4);
    }
    kv_strs(b, "authors", &r->authors, &first);
    kv_str(b, "lead", r->lead, &first);
    kv_strs(b, "body", &r->body, &first);
    kv_strs(b, "captions", &r->captions, &first);
    kv_strs(b, "related", &r->related, &first);

    key(b, "lines", &first);
    vn_buf_addc(b, '[');
    for (int i = 0; i < r->lines.n; i++) {
        const vn_line *l = &r->lines.v[i];
        vn_buf_add(b, i ? ",{\"n\":" : "{\"n\":", i ? 6 : 5);
        add_int(b, l->n);
        vn_buf_add(b, ",\"role\":\"", 9);
        vn_buf_adds(b, vn_role_name(l->role));
        vn_buf_add(b, "\",\"why\":", 8);
        str_or_null(b, l->why);
        vn_buf_addc(b, '}');
    }
    vn_buf_addc(b, ']');

    key(b, "people", &first);
    vn_buf_addc(b, '[');
    for (int i = 0; i < r->people.n; i++) {
        const vn_person *p = &r->people.v[i];
        int f = 1;
        vn_buf_add(b, i ? ",{" : "{", i ? 2 : 1);
        kv_str(b, "name", p->name, &f);
        kv_strs(b, "positions", &p->positions, &f);
        if (p->historic) {
            key(b, "historic", &f);
            vn_buf_add(b, "true", 4);
        }
        in_spans(b, p->in, &p->spans, &f);
        vn_buf_addc(b, '}');
    }
    vn_buf_addc(b, ']');

    key(b, "documents", &first);
    vn_buf_addc(b, '[');
    for (int i = 0; i < r->documents.n; i++) {
        const vn_document *d = &r->documents.v[i];
        int f = 1;
        vn_buf_add(b, i ? ",{" : "{", i ? 2 : 1);
        kv_str(b, "kind", d->kind, &f);
        kv_str(b, "code", d->code, &f);
        kv_str(b, "number", d->number, &f);
        key(b, "year", &f);
        if (d->year)
            add_int(b, d->year);
        else
            vn_buf_add(b, "null", 4);
        kv_str(b, "type", d->type, &f);
        kv_str(b, "issuer_code", d->issuer_code, &f);
        kv_str(b, "issuer", d->issuer, &f);
        kv_str(b, "date", d->date, &f);
        kv_str(b, "subject", d->subject, &f);
        in_spans(b, d->in, &d->spans, &f);
        vn_buf_addc(b, '}');
    }
    vn_buf_addc(b, ']');

    entities(b, "organizations", r->organizations.v, r->organizations.n, &first);
    entities(b, "places", r->places.v, r->places.n, &first);

    key(b, "events", &first);
    vn_buf_addc(b, '[');
    for (int i = 0; i < r->events.n; i++) {
        const vn_event *e = &r->events.v[i];
        int f = 1;
        vn_buf_add(b, i ? ",{" : "{", i ? 2 : 1);
        kv_str(b, "type", e->type, &f);
        kv_str(b, "date", e->date, &f);
        kv_strs(b, "chairs", &e->chairs, &f);
        kv_str(b, "host", e->host, &f);
        in_spans(b, e->in, &e->spans, &f);
        vn_buf_addc(b, '}');
    }
    vn_buf_addc(b, ']');

    key(b, "figures", &first);
    vn_buf_addc(b, '[');
    for (int i = 0; i < r->figures.n; i++) {
        const vn_figure *g = &r->figures.v[i];
        int f = 1;
        vn_buf_add(b, i ? ",{" : "{", i ? 2 : 1);
        key(b, "value", &f);
        number(b, g->value);
        key(b, "total", &f);
        if (g->has_total)
            number(b, g->total);
        else
            vn_buf_add(b, "null", 4);
        kv_str(b, "unit", g->unit, &f);
        kv_str(b, "qualifier", g->qualifier, &f);
        in_spans(b, g->in, &g->spans, &f);
        vn_buf_addc(b, '}');
    }
    vn_buf_addc(b, ']');

    kv_str(b, "duplicate_of", r->duplicate_of, &first);
    kv_strs(b, "warnings", &r->warnings, &first);
    key(b, "meta", &first);
    if (r->meta && r->meta_len)
        vn_buf_add(b, r->meta, r->meta_len);
    else
        vn_buf_add(b, "null", 4);
    vn_buf_addc(b, '}');
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
