/* province.c — the article's province, and which unit each place mention
 * means, decided over the whole article in two passes.
 *
 * Pass 1 weighs the evidence: each mention in the article counts for the
 * provinces its possible units lie in (split evenly when a name is shared:
 * "Kỳ Sơn" is in Nghệ An, and was in Hòa Bình), by what it names (a province
 * 3, or 2 when bare; a district 1; a commune 1/2) and where it stands (title
 * x3, first lines x2, teasers for other articles not at all); the source host
 * ("laocai.gov.vn", "baobackan.vn") adds 4. Before 1 July 2025, or when the
 * date is unknown, the article's province is the one named most, as named
 * then (Bắc Kạn, now Thái Nguyên); after, the evidence is summed by the
 * province each unit belongs to since, whose name it takes.
 *
 * Pass 2 resolves each mention: among the units its name may mean, keep
 * those inside the unit an address names right after it ("xã A, huyện B,
 * tỉnh C"), then those in the article's province, of the article's era,
 * not dissolved, of the type as written — each filter applied only if
 * something is left. A name still shared by several provinces stays
 * unresolved (no province). Places are emitted once per scope. */
#include "places.h"

#include <stdint.h>
#include <string.h>

#define HOST_WEIGHT 4.0f
#define MIN_SCORE 0.01f /* any evidence: a guess costs nothing where no province is right */
#define MAX_CANDS 256

static int article_era(const vn_record *r)
{
    if (!r->pub_year)
        return 0;
    long ymd = r->pub_year * 10000L + r->pub_month * 100L + r->pub_day;
    return ymd >= 20250701 ? GZ_NEW : GZ_OLD;
}

typedef struct cands {
    const gz_ref *v[MAX_CANDS];
    int n;
} cands;

/* The ref's gz->refx. */
static inline const gz_refx *refx(const struct vn_gazetteer *gz, const gz_ref *r)
{
    return &gz->refx[r - gz->refs];
}

/* The refs of the mention's group that fit it (pl_ref_fits, and not typed-only
 * when bare), read from gz->refx. */
static void collect(const struct vn_gazetteer *gz, const pl_mention *m, cands *c)
{
    int n;
    const gz_ref *r = gz_group(gz, m->group, &n);
    const gz_refx *x = refx(gz, r);
    unsigned not_bare = m->type == GZ_NONE ? GZ_REFX_TYPED_ONLY : 0;
    c->n = 0;
    for (int k = 0; k < n && c->n < MAX_CANDS; k++) {
        int level = x[k].level, fits;
        switch (m->levels) {
        case 1: fits = level == 1; break;
        case 12: fits = level <= 2 && (x[k].bits & GZ_REFX_TYPE) == GZ_THANHPHO; break;
        default: fits = level == m->levels;
        }
        if (fits && !(x[k].bits & not_bare))
            c->v[c->n++] = &r[k];
    }
}

/* Keep the candidates for which keep() holds, if any does. */
typedef int (*keep_fn)(const struct vn_gazetteer *gz, const gz_ref *r, long arg);
static void narrow(const struct vn_gazetteer *gz, cands *c, keep_fn keep, long arg)
{
    int k = 0;
    for (int i = 0; i < c->n; i++)
        if (keep(gz, c->v[i], arg))
            c->v[k++] = c->v[i];
    if (k)
        c->n = k;
}

static int of_era(const struct vn_gazetteer *gz, const gz_ref *r, long era)
{
    return refx(gz, r)->bits >> GZ_REFX_ERA == era;
}

static int in_bucket(const struct vn_gazetteer *gz, const gz_ref *r, long bucket)
{
    return refx(gz, r)->bucket == bucket;
}

static int now_is(const struct vn_gazetteer *gz, const gz_ref *r, long now)
{
    return gz->units[r->unit].now == now;
}

/* outer: the ref (its index) the next mention resolved to */
static int inside(const struct vn_gazetteer *gz, const gz_ref *r, long outer)
{
    const gz_refx *u = refx(gz, r), *o = &gz->refx[outer];
    return o->level == 1 ? u->bucket == o->bucket : u->up == o->unit;
}

static int existing(const struct vn_gazetteer *gz, const gz_ref *r, long unused)
{
    (void)unused;
    return !(refx(gz, r)->bits & GZ_REFX_DISSOLVED);
}

static int typed_as(const struct vn_gazetteer *gz, const gz_ref *r, long type)
{
    return (refx(gz, r)->bits & GZ_REFX_TYPE) == type;
}

/* What a mention of this candidate weighs, before the line's weight. */
static float level_weight(const struct vn_gazetteer *gz, const pl_mention *m, const gz_ref *r)
{
    int level = refx(gz, r)->level;
    return level == 1 ? (m->type == GZ_NONE ? 2.0f : 3.0f) : level == 2 ? 1.0f : 0.5f;
}

/* ------------------------------------------------------------- pass 1 */

typedef struct evidence {
    float *score;        /* by bucket */
    int *first;          /* order of the first mention, for ties */
    const char **disp;   /* the name the article uses for the province */
    float *dispw;
    int *seen, nseen;    /* the buckets with a first mention, in that order */
} evidence;

static void weigh(const struct vn_gazetteer *gz, const pl_mention *m, int order, int era, evidence *ev,
                  int *stamp, int gen)
{
    cands c;
    collect(gz, m, &c);
    if (era)
        narrow(gz, &c, of_era, era);
    int buckets[MAX_CANDS], nb = 0, living = 0;
    float w[MAX_CANDS];
    unsigned char alive[MAX_CANDS]; /* the bucket has a unit that still exists */
    for (int i = 0; i < c.n; i++) {
        int b = refx(gz, c.v[i])->bucket, dead = !!(refx(gz, c.v[i])->bits & GZ_REFX_DISSOLVED);
        float lw = level_weight(gz, m, c.v[i]);
        if (stamp[b] != gen) {
            stamp[b] = gen;
            buckets[nb] = b;
            alive[nb] = 0;
            w[nb++] = lw;
        }
        if (!dead) {
            living = 1;
            for (int k = nb - 1; k >= 0; k--)
                if (buckets[k] == b) {
                    alive[k] = 1;
                    break;
                }
        }
        if (refx(gz, c.v[i])->level == 1) {
            float dw = m->weight * lw;
            const char *d = c.v[i]->display;
            if (!ev->disp[b] || ev->disp[b] == d || strcmp(ev->disp[b], d) == 0)
                ev->dispw[b] += dw, ev->disp[b] = d;
            else if (dw > ev->dispw[b])
                ev->dispw[b] = dw, ev->disp[b] = d;
        }
    }
    for (int k = 0; k < nb; k++) {
        int b = buckets[k];
        if (ev->first[b] < 0) {
            ev->first[b] = order;
            ev->seen[ev->nseen++] = b;
        }
        /* of a name shared with a unit that still exists, that one wins a
         * tie ("huyện Kỳ Sơn" alone: Nghệ An's, not Hòa Bình's dissolved one) */
        float dead = living && !alive[k] ? 0.9f : 1.0f;
        ev->score[b] += m->weight * w[k] * dead / (float)nb;
    }
}

/* The buckets in increasing order (few: those an article names), which is
 * the order ties are settled in. */
static void sort_buckets(int *v, int n)
{
    for (int i = 1; i < n; i++) {
        int x = v[i], j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

static const char *host_of(const vn_record *r, char *buf, size_t cap)
{
    const char *h = r->source ? r->source : r->url;
    if (!h)
        return NULL;
    const char *p = strstr(h, "://");
    p = p ? p + 3 : h;
    size_t k = 0;
    while (p[k] && p[k] != '/' && p[k] != ':' && p[k] != '?' && k + 1 < cap) {
        buf[k] = p[k];
        k++;
    }
    buf[k] = '\0';
    return k ? buf : NULL;
}

/* gz_host_bucket(), remembered for the last host this thread asked about:
 * the pages of a crawl mostly come from one site (a label search per
 * article otherwise). */
static int host_bucket(const struct vn_gazetteer *gz, const char *host)
{
    static _Thread_local unsigned long last_serial; /* (0: none yet) */
    static _Thread_local char last_host[256];
    static _Thread_local int last_bucket;
    size_t n = strlen(host);
    if (gz->serial == last_serial && n < sizeof last_host && memcmp(host, last_host, n + 1) == 0)
        return last_bucket;
    int b = gz_host_bucket(gz, host);
    if (n < sizeof last_host) {
        memcpy(last_host, host, n + 1);
        last_serial = gz->serial;
        last_bucket = b;
    }
    return b;
}

/* The article's province: sets r->province_*; returns the chosen bucket, and in
 * *now_unit the province since 1 July 2025 when the article is from after. */
static int choose_province(vn_stage *st, vn_record *r, const pl_mentions *ms, int era, int *now_unit)
{
    const struct vn_gazetteer *gz = st->lex->gaz;
    int nb = gz->nbuckets;
    char hb[256];
    const char *host = host_of(r, hb, sizeof hb);
    int hbk = host ? host_bucket(gz, host) : -1, weighed = 0;
    *now_unit = -1;
    for (int k = 0; k < ms->n && !weighed; k++)
        weighed = ms->v[k].scope == VN_IN_ARTICLE && ms->v[k].weight > 0;
    if (!weighed && hbk < 0)
        return -1; /* no evidence at all */
    evidence ev = {vn_arena_alloc(st->arena, (size_t)nb * sizeof(float)),
                   vn_arena_alloc(st->arena, (size_t)nb * sizeof(int)),
                   vn_arena_alloc(st->arena, (size_t)nb * sizeof(char *)),
                   vn_arena_alloc(st->arena, (size_t)nb * sizeof(float)),
                   vn_arena_alloc(st->arena, (size_t)nb * sizeof(int)), 0};
    int *stamp = vn_arena_alloc(st->arena, (size_t)nb * sizeof(int));
    for (int b = 0; b < nb; b++)
        ev.first[b] = -1;
    for (int k = 0; k < ms->n; k++)
        if (ms->v[k].scope == VN_IN_ARTICLE && ms->v[k].weight > 0)
            weigh(gz, &ms->v[k], k, era, &ev, stamp, k + 1);
    if (hbk >= 0) {
        ev.score[hbk] += HOST_WEIGHT;
        if (ev.first[hbk] < 0) {
            ev.first[hbk] = ms->n;
            ev.seen[ev.nseen++] = hbk;
        }
    }
    sort_buckets(ev.seen, ev.nseen);
    if (era == GZ_NEW) { /* sum by the province since 1 July 2025 */
        float *sum = vn_arena_alloc(st->arena, (size_t)nb * sizeof(float));
        int *first = vn_arena_alloc(st->arena, (size_t)nb * sizeof(int)), nseen = 0;
        for (int k = 0; k < ev.nseen; k++)
            first[gz->units[gz->units[gz->bucket_unit[ev.seen[k]]].now].bucket] = -1;
        for (int k = 0; k < ev.nseen; k++) {
            int b = ev.seen[k], nb2 = gz->units[gz->units[gz->bucket_unit[b]].now].bucket;
            sum[nb2] += ev.score[b];
            if (first[nb2] < 0)
                ev.seen[nseen++] = nb2;
            if (first[nb2] < 0 || ev.first[b] < first[nb2])
                first[nb2] = ev.first[b];
        }
        ev.score = sum;
        ev.first = first;
        ev.nseen = nseen;
        sort_buckets(ev.seen, ev.nseen);
    }
    int best = -1;
    for (int k = 0; k < ev.nseen; k++) {
        int b = ev.seen[k];
        if (best < 0 || ev.score[b] > ev.score[best] + 1e-4f ||
            (ev.score[b] > ev.score[best] - 1e-4f && ev.first[b] < ev.first[best]))
            best = b;
    }
    if (best < 0 || ev.score[best] < MIN_SCORE)
        return -1;
    const gz_unit *pu = &gz->units[gz->bucket_unit[best]];
    r->province_now = gz->units[pu->now].name;
    if (era == GZ_NEW) {
        *now_unit = pu->now;
        r->province_name = r->province_now;
    } else {
        r->province_name = ev.disp[best] ? ev.disp[best] : pu->name;
    }
    return best;
}

/* ------------------------------------------------------------- pass 2 */

typedef struct slot {
    uint64_t key;
    int place; /* index into r->places + 1; 0 = empty */
} slot;

/* vn_spans_add() without its scan of the list when the span comes after all
 * the others (the usual case: mentions come in text order), so that a place
 * named ten thousand times in a page costs linear time. sorted: the list is
 * in increasing order so far. */
static void add_span(vn_arena *a, vn_spans *sp, int line, int start, int end, unsigned char *sorted)
{
    const vn_span *last = sp->n ? &sp->v[sp->n - 1] : NULL;
    if (!last || (*sorted && (last->line < line || (last->line == line && last->start < start)))) {
        *VN_PUSH(a, *sp) = (vn_span){line, start, end};
        return;
    }
    for (int i = 0; i < sp->n; i++)
        if (sp->v[i].line == line && sp->v[i].start == start && sp->v[i].end == end)
            return;
    *sorted = 0;
    *VN_PUSH(a, *sp) = (vn_span){line, start, end};
}

static vn_entity *place_for(vn_stage *st, vn_record *r, slot *tab, size_t mask, uint64_t key, int *fresh)
{
    size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & mask;
    while (tab[h].place && tab[h].key != key)
        h = (h + 1) & mask;
    *fresh = !tab[h].place;
    if (*fresh) {
        vn_entity *e = VN_PUSH(st->arena, r->places);
        memset(e, 0, sizeof *e);
        tab[h] = (slot){key, r->places.n};
    }
    return &r->places.v[tab[h].place - 1];
}

static void resolve_one(const struct vn_gazetteer *gz, pl_mention *m, const pl_mention *next, int era,
                        int bucket, int now_unit)
{
    cands c;
    collect(gz, m, &c);
    if (next && m->chained && next->unit >= 0)
        narrow(gz, &c, inside, next->ref); /* (the ref of next->unit) */
    if (now_unit >= 0)
        narrow(gz, &c, now_is, now_unit);
    else if (bucket >= 0)
        narrow(gz, &c, in_bucket, bucket);
    narrow(gz, &c, of_era, era ? era : GZ_OLD);
    narrow(gz, &c, existing, 0);
    if (m->type != GZ_NONE)
        narrow(gz, &c, typed_as, m->type);
    if (!c.n)
        return;
    m->ref = (int)(c.v[0] - gz->refs);
    const gz_refx *x0 = refx(gz, c.v[0]);
    for (int i = 1; i < c.n; i++)
        if (refx(gz, c.v[i])->bucket != x0->bucket)
            return; /* several provinces: unresolved */
    if (c.n > 1 && x0->level != 1) /* units of one province-level unit (or of several: unresolved) */
        for (int i = 1, prov = gz->units[x0->unit].province; i < c.n; i++)
            if (gz->units[c.v[i]->unit].province != prov)
                return;
    m->unit = x0->unit;
}

void pl_resolve(vn_stage *st, vn_record *r, pl_mentions *ms)
{
    const struct vn_gazetteer *gz = st->lex->gaz;
    int era = article_era(r), now_unit;
    int bucket = choose_province(st, r, ms, era, &now_unit);
    for (int k = ms->n - 1; k >= 0; k--) {
        pl_mention *m = &ms->v[k];
        const pl_mention *next = k + 1 < ms->n && ms->v[k + 1].li == m->li ? &ms->v[k + 1] : NULL;
        resolve_one(gz, m, next, era, bucket, now_unit);
    }
    size_t cap = 16;
    while (cap < (size_t)ms->n * 2)
        cap *= 2;
    slot *tab = vn_arena_alloc(st->arena, cap * sizeof *tab);
    size_t nsorted = (size_t)r->places.n + (size_t)ms->n + 1; /* by place: see add_span */
    unsigned char *sorted = vn_arena_alloc(st->arena, nsorted);
    memset(sorted, 1, nsorted);
    for (int k = 0; k < ms->n; k++) {
        const pl_mention *m = &ms->v[k];
        if (m->ref < 0)
            continue;
        const gz_ref *ref = &gz->refs[m->ref];
        const gz_unit *u = m->unit >= 0 ? &gz->units[m->unit] : NULL;
        uint64_t id = !u ? (3ull << 40) | ((uint64_t)m->group << 8) | m->levels
                      : u->level == 1 ? (1ull << 40) | (uint64_t)u->bucket
                                      : (2ull << 40) | (uint64_t)m->unit;
        int fresh;
        vn_entity *e = place_for(st, r, tab, cap - 1, id << 1 | m->scope, &fresh);
        if (fresh) {
            e->name = ref->display;
            e->type = gz_type_name(m->type != GZ_NONE ? m->type : ref->type);
            e->in = m->scope;
            /* a unit of the article's province is said to be in it as the article names it
             * ("Thừa Thiên Huế" in 2020) */
            if (u && u->level > 1)
                e->province = u->bucket == bucket && now_unit < 0 && r->province_name
                                  ? r->province_name
                                  : gz->units[u->province].name;
            if (u)
                e->now = gz->units[u->now].name;
        }
        add_span(st->arena, &e->spans, r->lines.v[m->li].n, m->start, m->end, &sorted[e - r->places.v]);
    }
}
