/* pretty.c — a record as a person reads it (the demo's view). */
#include "record.h"

#include <string.h>

static void list(vn_buf *b, const char *label, const vn_strs *l)
{
    if (!l->n)
        return;
    vn_buf_addf(b, "  %-10s ", label);
    for (int i = 0; i < l->n; i++)
        vn_buf_addf(b, "%s%s", i ? "; " : "", l->v[i]);
    vn_buf_addc(b, '\n');
}

vn_result vn_record_pretty(const vn_record *r, vn_buf *b)
{
    vn_buf_addf(b, "== %s%s%s\n", r->id, r->url ? "  " : "", r->url ? r->url : "");
    vn_buf_addf(b, "  %-10s %s\n", "title", r->title ? r->title : "(none)");
    if (r->published)
        vn_buf_addf(b, "  %-10s %s\n", "published", r->published);
    if (r->event_date)
        vn_buf_addf(b, "  %-10s %s\n", "event", r->event_date);
    if (r->province_name)
        vn_buf_addf(b, "  %-10s %s (now %s)\n", "province", r->province_name,
                    r->province_now ? r->province_now : "?");
    list(b, "authors", &r->authors);
    if (r->lead) {
        size_t n = strlen(r->lead), cut = n > 200 ? 200 : n;
        while (cut < n && ((unsigned char)r->lead[cut] & 0xC0) == 0x80)
            cut--; /* never split a character */
        vn_buf_addf(b, "  %-10s %.*s%s\n", "lead", (int)cut, r->lead, cut < n ? "…" : "");
    }
    vn_buf_addf(b, "  %-10s %d paragraphs, %d captions, %d related teasers\n", "body", r->body.n,
                r->captions.n, r->related.n);
    for (int i = 0; i < r->people.n; i++) {
        const vn_person *p = &r->people.v[i];
        vn_buf_addf(b, "  %-10s %s%s", i ? "" : "people", p->name,
                    p->in == VN_IN_RELATED ? " [related]" : "");
        for (int k = 0; k < p->positions.n; k++)
            vn_buf_addf(b, "%s%s", k ? ", " : " — ", p->positions.v[k]);
        vn_buf_addc(b, '\n');
    }
    for (int i = 0; i < r->documents.n; i++) {
        const vn_document *d = &r->documents.v[i];
        vn_buf_addf(b, "  %-10s %s %s%s%s%s%s%s\n", i ? "" : "documents", d->kind ? d->kind : "?",
                    d->code ? d->code : (d->number ? d->number : ""), d->issuer ? " of " : "",
                    d->issuer ? d->issuer : "", d->date ? ", " : "", d->date ? d->date : "",
                    d->in == VN_IN_RELATED ? " [related]" : "");
    }
    for (int i = 0; i < r->events.n; i++) {
        const vn_event *e = &r->events.v[i];
        vn_buf_addf(b, "  %-10s %s%s%s", i ? "" : "events", e->type ? e->type : "?", e->date ? " on " : "",
                    e->date ? e->date : "");
        for (int k = 0; k < e->chairs.n; k++)
            vn_buf_addf(b, "%s%s", k ? ", " : ", chaired by ", e->chairs.v[k]);
        vn_buf_adds(b, e->in == VN_IN_RELATED ? " [related]\n" : "\n");
    }
    for (int i = 0; i < r->figures.n; i++) {
        const vn_figure *f = &r->figures.v[i];
        vn_buf_addf(b, "  %-10s %s%s%.15g", i ? "" : "figures", f->qualifier ? f->qualifier : "",
                    f->qualifier ? " " : "", f->value);
        if (f->has_total)
            vn_buf_addf(b, "/%.15g", f->total);
        vn_buf_addf(b, " %s%s\n", f->unit ? f->unit : "", f->in == VN_IN_RELATED ? " [related]" : "");
    }
    if (r->places.n) {
        vn_buf_addf(b, "  %-10s ", "places");
        for (int i = 0; i < r->places.n; i++)
            vn_buf_addf(b, "%s%s%s%s", i ? "; " : "", r->places.v[i].type ? r->places.v[i].type : "",
                        r->places.v[i].type ? " " : "", r->places.v[i].name);
        vn_buf_addc(b, '\n');
    }
    list(b, "warnings", &r->warnings);
    int dropped = 0;
    for (int i = 0; i < r->lines.n; i++)
        dropped += r->lines.v[i].role == VN_ROLE_BOILERPLATE;
    vn_buf_addf(b, "  %-10s %d lines, %d dropped as boilerplate\n", "lines", r->lines.n, dropped);
    return b->err;
}
