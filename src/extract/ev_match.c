/* ev_match.c — the case-insensitive phrase trie of ev_match.h.
 *
 * A byte trie over the lowercase keys, where the uppercase form of a key's
 * letter leads to the same node as the letter: the cases of a Vietnamese
 * letter differ in their last byte only ("ộ" E1 BB 99, "Ộ" E1 BB 98; "đ"
 * C4 91, "Đ" C4 90; "a", "A"), so that is one more edge from the node before
 * it. (An uppercase form that differs earlier gets its own path to the same
 * node.) So a walk over the text reads each byte once, as vn_trie does over
 * a lowercase copy, and nothing is lowercased.
 *
 * Layout as in core/trie.c while keys are added: children are a run of a
 * pooled edge array; nodes with many children (the root, after common first
 * letters) get a direct table of 256 entries. ev_ci_freeze then lays the
 * nodes out for reading: each node's child bytes in one 16-byte row, found
 * with one vector compare (no loop over edges, no branch per edge), and the
 * children's numbers in a run of ids. */
#include "ev_match.h"
#include "events_int.h"
#include "../core/uni.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define DENSE_AFTER 4

typedef struct ci_node {
    int value; /* -1 if no key ends here */
    int first, n, cap; /* children: edges[first .. first + n) */
    int dense;         /* offset of its table in dense[], or -1 */
} ci_node;

typedef struct ci_edge {
    int byte, to;
} ci_edge;

/* A node as the lookups read it (ev_ci_freeze): the bytes of its children
 * (bit k of live: bytes[k] is one) whose numbers are ids[first + k]; or,
 * with more than 16 children, dense[dense + b]. */
typedef struct ci_frozen {
    unsigned char bytes[16];
    int first, value, dense;
    unsigned short live;
    unsigned char more; /* a child by a byte that may begin a boundary (boundary_byte) */
} ci_frozen;

struct ev_ci {
    ci_frozen *frozen; /* NULL until ev_ci_freeze, and after a put */
    int avx2;          /* the walks' AVX2 copies may run */
    int *ids;
    ci_node *nodes;
    int nnodes, capnodes;
    ci_edge *edges;
    int nedges, capedges;
    int *dense;
    int ndense, capdense;
    /* bit min(len, 63) of lens[b]: a key of len bytes may be matched by a
     * word that starts with byte b (the key's first byte or its uppercase
     * form's, of the same length): ev_ci_get's first look */
    uint64_t lens[256];
};

static int grow(void **p, int *cap, int need, size_t size, int first)
{
    if (need <= *cap)
        return 0;
    int c = *cap ? *cap : first;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, (size_t)c * size);
    if (!q)
        return -1;
    *p = q, *cap = c;
    return 0;
}

static int dense_new(ev_ci *t)
{
    if (grow((void **)&t->dense, &t->capdense, t->ndense + 256, sizeof *t->dense, 1024))
        return -1;
    int d = t->ndense;
    t->ndense += 256;
    for (int b = 0; b < 256; b++)
        t->dense[d + b] = -1;
    return d;
}

static int node_new(ev_ci *t)
{
    if (grow((void **)&t->nodes, &t->capnodes, t->nnodes + 1, sizeof *t->nodes, 256))
        return -1;
    t->nodes[t->nnodes] = (ci_node){-1, 0, 0, 0, -1};
    return t->nnodes++;
}

ev_ci *ev_ci_new(void)
{
    ev_ci *t = calloc(1, sizeof *t);
    if (!t || node_new(t) < 0 || (t->nodes[0].dense = dense_new(t)) < 0) {
        ev_ci_free(t);
        return NULL;
    }
    return t;
}

void ev_ci_free(ev_ci *t)
{
    if (!t)
        return;
    free(t->frozen);
    free(t->ids);
    free(t->nodes);
    free(t->edges);
    free(t->dense);
    free(t);
}

/* May a word boundary begin with byte b (continues_word below says no for
 * it, or for it and the byte after: E2 80.., C2 xx)? */
static int boundary_byte(unsigned b)
{
    if (b >= 0x80)
        return b == 0xE2 || b == 0xC2;
    return !((b >= '0' && b <= '9') || ((b | 32) >= 'a' && (b | 32) <= 'z') || b == '_');
}

/* Has node at a child by a byte that may begin a boundary? */
static int node_more(const ev_ci *t, int at)
{
    const ci_node *nd = &t->nodes[at];
    for (int k = 0; k < nd->n; k++)
        if (boundary_byte((unsigned)t->edges[nd->first + k].byte))
            return 1;
    return 0;
}

void ev_ci_freeze(ev_ci *t)
{
    free(t->frozen);
    free(t->ids);
    t->frozen = aligned_alloc(16, ((size_t)t->nnodes * sizeof *t->frozen + 15) & ~(size_t)15);
    int nids = 0;
    for (int i = 0; i < t->nnodes; i++)
        nids += t->nodes[i].n;
    t->ids = malloc((size_t)(nids ? nids : 1) * sizeof *t->ids);
    if (!t->frozen || !t->ids) { /* the edge lists still answer */
        free(t->frozen), free(t->ids);
        t->frozen = NULL, t->ids = NULL;
        return;
    }
#if defined(__x86_64__) || defined(__i386__)
    t->avx2 = __builtin_cpu_supports("avx2");
#endif
    int at = 0;
    for (int i = 0; i < t->nnodes; i++) {
        const ci_node *nd = &t->nodes[i];
        ci_frozen *f = &t->frozen[i];
        memset(f, 0, sizeof *f);
        f->value = nd->value;
        f->first = at;
        f->dense = nd->n > 16 ? nd->dense : -1; /* (a node of more than DENSE_AFTER children has a table) */
        for (int k = 0; k < nd->n; k++) {
            if (k < 16)
                f->bytes[k] = (unsigned char)t->edges[nd->first + k].byte;
            t->ids[at++] = t->edges[nd->first + k].to;
        }
        f->live = f->dense >= 0 ? 0 : (unsigned short)((1u << nd->n) - 1);
        f->more = (unsigned char)node_more(t, i);
    }
}

int ev_ci_frozen(const ev_ci *t)
{
    return t->frozen != NULL;
}

/* The child of frozen node at by byte b, or -1 (inlined into the walks
 * below, whose AVX2 copies broadcast b with one instruction). */
static inline __attribute__((always_inline)) int fchild(const ci_frozen *fr, const int *ids, const int *dense, int at,
                                                        unsigned char b)
{
    const ci_frozen *f = &fr[at];
    if (f->dense >= 0)
        return dense[f->dense + b];
#ifdef __SSE2__
    __m128i row = _mm_load_si128((const __m128i *)(const void *)f->bytes);
    unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(row, _mm_set1_epi8((char)b))) & f->live;
    return m ? ids[f->first + __builtin_ctz(m)] : -1;
#else
    for (unsigned k = 0; k < 16; k++)
        if ((f->live >> k & 1) && f->bytes[k] == b)
            return ids[f->first + (int)k];
    return -1;
#endif
}

static inline int child(const ev_ci *t, const ci_node *nd, unsigned char b)
{
    if (nd->dense >= 0)
        return t->dense[nd->dense + b];
    const ci_edge *e = t->edges + nd->first, *end = e + nd->n;
    while (e < end && e->byte != b)
        e++;
    return e < end ? e->to : -1;
}

/* The edge at --b--> to (a full run moves to the end of the pool with twice
 * the room). */
static int edge_add(ev_ci *t, int at, unsigned char b, int to)
{
    ci_node *nd = &t->nodes[at];
    if (nd->n == nd->cap) {
        int cap = nd->cap ? nd->cap * 2 : 1;
        if (grow((void **)&t->edges, &t->capedges, t->nedges + cap, sizeof *t->edges, 1024))
            return -1;
        nd = &t->nodes[at];
        memcpy(t->edges + t->nedges, t->edges + nd->first, (size_t)nd->n * sizeof *t->edges);
        nd->first = t->nedges;
        nd->cap = cap;
        t->nedges += cap;
    }
    t->edges[nd->first + nd->n++] = (ci_edge){b, to};
    if (nd->dense >= 0) {
        t->dense[nd->dense + b] = to;
    } else if (nd->n > DENSE_AFTER) {
        int d = dense_new(t);
        if (d < 0)
            return -1;
        nd = &t->nodes[at];
        nd->dense = d;
        for (int k = 0; k < nd->n; k++)
            t->dense[d + t->edges[nd->first + k].byte] = t->edges[nd->first + k].to;
    }
    return 0;
}

/* The node after byte b from at, made if missing; -1 when out of memory. */
static int step_add(ev_ci *t, int at, unsigned char b)
{
    int nx = child(t, &t->nodes[at], b);
    if (nx < 0 && ((nx = node_new(t)) < 0 || edge_add(t, at, b, nx) < 0))
        return -1;
    return nx;
}

/* The uppercase of the character c (len bytes) that vn_ev_lower lowers back
 * to c, into up; 0 if there is none. */
static int upper_form(const char *c, int len, char *up)
{
    int l;
    int32_t cp = vn_utf8_next(c, (size_t)len, &l), u = vn_to_upper(cp);
    if (l != len || u == cp || vn_utf8_put(u, up) != len)
        return 0;
    char back[8];
    return vn_ev_lower(up, (size_t)len, back, sizeof back) == (size_t)len && memcmp(back, c, (size_t)len) == 0;
}

int ev_ci_put(ev_ci *t, const char *key, size_t len, int value)
{
    if (t->frozen) { /* read the edge lists again until the next freeze */
        free(t->frozen), free(t->ids);
        t->frozen = NULL, t->ids = NULL;
    }
    int at = 0;
    for (size_t i = 0; i < len;) {
        int clen;
        vn_utf8_next(key + i, len - i, &clen);
        if (clen < 1 || i + (size_t)clen > len)
            clen = 1;
        /* the character as it is, then its uppercase to the same node */
        int from = at, before = at;
        for (int k = 0; k < clen && at >= 0; k++) {
            before = at;
            at = step_add(t, at, (unsigned char)key[i + k]);
        }
        if (at < 0)
            return -1;
        char up[8];
        int has_upper = upper_form(key + i, clen, up);
        if (i == 0) {
            unsigned bit = len < 63 ? (unsigned)len : 63;
            t->lens[(unsigned char)key[0]] |= 1ull << bit;
            if (has_upper)
                t->lens[(unsigned char)up[0]] |= 1ull << bit;
        }
        if (has_upper) {
            int u = memcmp(up, key + i, (size_t)clen - 1) == 0 ? before : from;
            for (int k = u == before ? clen - 1 : 0; k < clen - 1 && u >= 0; k++)
                u = step_add(t, u, (unsigned char)up[k]);
            if (u < 0)
                return -1;
            unsigned char last = (unsigned char)up[clen - 1];
            int have = child(t, &t->nodes[u], last);
            /* an edge that leads elsewhere would be another key's: the keys
             * are lowercase, so it cannot be there */
            if (have < 0 && edge_add(t, u, last, at) < 0)
                return -1;
        }
        i += (size_t)clen;
    }
    t->nodes[at].value = value;
    return 0;
}

static inline __attribute__((always_inline)) int get_frozen(const ev_ci *t, const char *s, size_t n)
{
    const ci_frozen *fr = t->frozen;
    const int *ids = t->ids, *dense = t->dense;
    int at = 0;
    for (size_t i = 0; i < n && at >= 0; i++)
        at = fchild(fr, ids, dense, at, (unsigned char)s[i]);
    return at >= 0 ? fr[at].value : -1;
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) static int get_frozen_avx2(const ev_ci *t, const char *s, size_t n)
{
    return get_frozen(t, s, n);
}
#endif

int ev_ci_get(const ev_ci *t, const char *s, size_t n)
{
    if (!n || !(t->lens[(unsigned char)s[0]] >> (n < 63 ? n : 63) & 1))
        return -1; /* no key of this first byte and length */
    if (t->frozen) {
#if defined(__x86_64__) || defined(__i386__)
        if (t->avx2)
            return get_frozen_avx2(t, s, n);
#endif
        return get_frozen(t, s, n);
    }
    int at = 0;
    for (size_t i = 0; i < n && at >= 0; i++)
        at = child(t, &t->nodes[at], (unsigned char)s[i]);
    return at >= 0 ? t->nodes[at].value : -1;
}

int ev_ci_word(const ev_ci *t, const char *s, size_t n, int *more)
{
    int at = 0;
    if (t->frozen) {
        const ci_frozen *fr = t->frozen;
        for (size_t i = 0; i < n && at >= 0; i++)
            at = fchild(fr, t->ids, t->dense, at, (unsigned char)s[i]);
        *more = at >= 0 && fr[at].more;
        return at >= 0 ? fr[at].value : -1;
    }
    for (size_t i = 0; i < n && at >= 0; i++)
        at = child(t, &t->nodes[at], (unsigned char)s[i]);
    *more = at >= 0 && node_more(t, at);
    return at >= 0 ? t->nodes[at].value : -1;
}

/* Does a word go on at byte i (core/trie.c's boundary)? */
static inline int continues_word(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    unsigned char b = (unsigned char)s[i];
    if (b >= 0x80) {
        if (b == 0xE2 && i + 1 < n && (unsigned char)s[i + 1] == 0x80)
            return 0; /* dashes, curly quotes */
        if (b == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] < 0xC0)
            return 0; /* NBSP, «, », · */
        return 1;
    }
    return (b >= '0' && b <= '9') || ((b | 32) >= 'a' && (b | 32) <= 'z') || b == '_';
}

static inline __attribute__((always_inline)) int longest_frozen(const ev_ci *t, const char *s, size_t n,
                                                                 size_t *mlen)
{
    const ci_frozen *fr = t->frozen;
    const int *ids = t->ids, *dense = t->dense;
    int at = 0, best = -1;
    size_t bestlen = 0;
    for (size_t i = 0; i < n; i++) {
        at = fchild(fr, ids, dense, at, (unsigned char)s[i]);
        if (at < 0)
            break;
        int v = fr[at].value;
        if (v >= 0 && !continues_word(s, n, i + 1))
            best = v, bestlen = i + 1;
    }
    if (best >= 0 && mlen)
        *mlen = bestlen;
    return best;
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) static int longest_frozen_avx2(const ev_ci *t, const char *s, size_t n,
                                                               size_t *mlen)
{
    return longest_frozen(t, s, n, mlen);
}
#endif

int ev_ci_longest(const ev_ci *t, const char *s, size_t n, size_t *mlen)
{
    if (t->frozen) {
#if defined(__x86_64__) || defined(__i386__)
        if (t->avx2)
            return longest_frozen_avx2(t, s, n, mlen);
#endif
        return longest_frozen(t, s, n, mlen);
    }
    const ci_node *nodes = t->nodes;
    int at = 0, best = -1;
    size_t bestlen = 0;
    for (size_t i = 0; i < n; i++) {
        at = child(t, nodes + at, (unsigned char)s[i]);
        if (at < 0)
            break;
        int v = nodes[at].value;
        if (v >= 0 && !continues_word(s, n, i + 1))
            best = v, bestlen = i + 1;
    }
    if (best >= 0 && mlen)
        *mlen = bestlen;
    return best;
}
