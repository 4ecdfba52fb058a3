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
 * Layout as in core/trie.c: children are a run of a pooled edge array;
 * nodes with many children (the root, after common first letters) get a
 * direct table of 256 entries. */
#include "ev_match.h"
#include "events_int.h"
#include "../core/uni.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DENSE_AFTER 4

typedef struct ci_node {
    int value; /* -1 if no key ends here */
    int first, n, cap; /* children: edges[first .. first + n) */
    int dense;         /* offset of its table in dense[], or -1 */
} ci_node;

typedef struct ci_edge {
    int byte, to;
} ci_edge;

struct ev_ci {
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
    free(t->nodes);
    free(t->edges);
    free(t->dense);
    free(t);
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

int ev_ci_get(const ev_ci *t, const char *s, size_t n)
{
    if (!n || !(t->lens[(unsigned char)s[0]] >> (n < 63 ? n : 63) & 1))
        return -1; /* no key of this first byte and length */
    int at = 0;
    for (size_t i = 0; i < n && at >= 0; i++)
        at = child(t, &t->nodes[at], (unsigned char)s[i]);
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

int ev_ci_longest(const ev_ci *t, const char *s, size_t n, size_t *mlen)
{
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
