/* orgs.c — organizations: the bodies an article names, on their own
 * ("Ban Tuyên giáo và Dân vận Tỉnh ủy") or inside a position ("Bí thư
 * Tỉnh ủy" names "Tỉnh ủy"), each once per scope (by name, ignoring case),
 * with the type of its head body (bodies.tsv) and the province when the
 * text states one ("UBND tỉnh Lào Cai"). */
#include "people_int.h"

#include "../core/uni.h"

#include <string.h>

#define MAX_ORGS 4096 /* per article; a real one names a few dozen */

static int org_find(pstate *ps, const vn_record *r, const char *low, size_t n, int in,
                    unsigned *slot, char *tmp)
{
    unsigned h = pp_hash(low, n, in) & (unsigned)(ps->ocap - 1);
    while (ps->ohash[h]) {
        const vn_entity *o = &r->organizations.v[ps->ohash[h] - 1];
        if ((int)o->in == in && strlen(o->name) == n) {
            vn_people_lower(o->name, n, tmp);
            if (!memcmp(tmp, low, n))
                break;
        }
        h = (h + 1) & (unsigned)(ps->ocap - 1);
    }
    *slot = h;
    return ps->ohash[h] - 1;
}

static void org_rehash(pstate *ps, vn_arena *a, const vn_record *r, char *tmp, char *tmp2)
{
    ps->ocap = ps->ocap ? ps->ocap * 2 : 64;
    ps->ohash = vn_arena_alloc(a, (size_t)ps->ocap * sizeof *ps->ohash);
    for (int i = 0; i < r->organizations.n; i++) {
        const vn_entity *o = &r->organizations.v[i];
        size_t n = strlen(o->name);
        vn_people_lower(o->name, n, tmp2);
        unsigned slot;
        org_find(ps, r, tmp2, n, (int)o->in, &slot, tmp);
        ps->ohash[slot] = i + 1;
    }
}

void pp_add_org(pctx *c, int ts, int te, const body_res *b)
{
    if (ts >= te || b->first < 0)
        return;
    if ((c->lx->body[b->first].flags & BD_NEED) && pp_match(c, &c->lx->bodies, ts, NULL) == te)
        return; /* "Giám đốc Sở": the department is named elsewhere, if at all */
    pstate *ps = c->ps;
    vn_record *r = c->r;
    vn_arena *a = c->st->arena;
    int s = c->t[ts].s, e = c->t[te - 1].e;
    size_t n = (size_t)(e - s);
    char tmp[512], tmp2[512];
    if (n >= sizeof tmp || r->organizations.n >= MAX_ORGS)
        return;
    if (2 * (r->organizations.n + 1) > ps->ocap)
        org_rehash(ps, a, r, tmp, tmp2);
    unsigned slot;
    int k = org_find(ps, r, c->low + s, n, c->in, &slot, tmp);
    if (k >= 0) {
        pp_span(c, &r->organizations.v[k].spans, s, e);
        return;
    }
    vn_entity *o = VN_PUSH(a, r->organizations);
    memset(o, 0, sizeof *o);
    char *name = vn_arena_strndup(a, c->text + s, n);
    /* "Trưởng ban Tuyên giáo …" names the "Ban Tuyên giáo …" */
    int len;
    int32_t ch = vn_utf8_next(name, n, &len);
    if (vn_is_lower(ch)) {
        char up[4];
        if (vn_utf8_put(vn_to_upper(ch), up) == len)
            memcpy(name, up, (size_t)len);
    }
    o->name = name;
    o->type = c->lx->body[b->first].type;
    if (b->prov_s >= 0 && b->prov_e > b->prov_s)
        o->province = vn_arena_strndup(a, c->text + c->t[b->prov_s].s,
                                       (size_t)(c->t[b->prov_e - 1].e - c->t[b->prov_s].s));
    o->in = (vn_in)c->in;
    ps->ohash[slot] = r->organizations.n;
    pp_span(c, &o->spans, s, e);
}
