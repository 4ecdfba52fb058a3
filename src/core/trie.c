/* trie.c — a byte trie for lexicon phrases, laid out for fast walking.
 *
 * Once a lexicon is loaded, vn_trie_freeze turns it into a double array
 * (base/check): a step is then one addition and one compare, t = base[s] +
 * byte, valid when check[t] == s. Until then (and after a later put) the
 * node form below answers:
 * Lookups walk one node per byte of the text, so the step is what counts:
 *   - every node's children are a contiguous run in one pooled edge array
 *     (no per-node allocation, no pointer to chase before the scan);
 *   - a node with many children (the root, and the nodes after common first
 *     letters) gets a direct table of 256 entries: one load per step;
 *   - most nodes of a phrase lexicon have one child, found by the first
 *     compare of the short linear scan.
 * Built once by vn_trie_put, read-only after (threads share it); keys given
 * to vn_trie_put_later are put by the first look-up, under a lock. */
#include "trie.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Children beyond this many get a direct table (1 KiB each; few nodes are
 * that wide, and a scan of up to this many is as fast as a table). */
#define DENSE_AFTER 4

/* A trie of up to this many nodes is frozen packed: a node's children try
 * up to 128 free slots before they go past the last slot used (bigger tries
 * give up after 16, see vn_trie_freeze). Packed, a lexicon of a few
 * thousand phrases takes about one slot a node instead of five to seven,
 * and its walks touch that many fewer cache lines. */
#define PACK_NODES 8192

typedef struct node {
    int value; /* -1 if no key ends here */
    int first; /* its children: edges[first .. first + n) */
    int n, cap;
    int dense; /* offset of its table in dense[], or -1 */
} node;

typedef struct edge {
    int byte;
    int to;
} edge;

/* The frozen form: states are indices; state 1 is the root. (The three
 * arrays interleaved in 16-byte cells, one cache line a step, were tried:
 * slower, 1.7% -> 2.1% of the time in look-ups, as a cache line then holds
 * four states instead of sixteen.) */
typedef struct darray {
    int *base, *check, *value;
    int size;
} darray;

struct vn_trie {
    darray da; /* da.size == 0 while not frozen, -1 while keys wait (later) */
    node *nodes;
    int nnodes, capnodes;
    edge *edges;
    int nedges, capedges;
    int *dense;
    int ndense, capdense;
    size_t nkeys;
    const vn_trie_key *later; /* keys not put yet (vn_trie_put_later, da.size -1) */
    int nlater;
};

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fprintf(stderr, "vnews: out of memory (trie)\n");
        abort();
    }
    return q;
}

static int dense_new(vn_trie *t)
{
    if (t->ndense + 256 > t->capdense) {
        t->capdense = t->capdense ? t->capdense * 2 : 1024;
        t->dense = xrealloc(t->dense, (size_t)t->capdense * sizeof *t->dense);
    }
    int d = t->ndense;
    t->ndense += 256;
    for (int b = 0; b < 256; b++)
        t->dense[d + b] = -1;
    return d;
}

static inline int node_new(vn_trie *t)
{
    if (t->nnodes == t->capnodes) {
        t->capnodes = t->capnodes ? t->capnodes * 2 : 256;
        t->nodes = xrealloc(t->nodes, (size_t)t->capnodes * sizeof *t->nodes);
    }
    int i = t->nnodes++;
    t->nodes[i] = (node){-1, 0, 0, 0, -1};
    return i;
}

vn_trie *vn_trie_new(void)
{
    vn_trie *t = calloc(1, sizeof *t);
    if (!t)
        abort();
    node_new(t);
    t->nodes[0].dense = dense_new(t); /* most lookups fail at the first byte */
    return t;
}

static void unfreeze(vn_trie *t)
{
    free(t->da.base);
    free(t->da.check);
    free(t->da.value);
    t->da = (darray){0};
}

void vn_trie_free(vn_trie *t)
{
    if (!t)
        return;
    unfreeze(t);
    free(t->nodes);
    free(t->edges);
    free(t->dense);
    free(t);
}

static inline int child(const vn_trie *t, const node *nd, unsigned char b)
{
    if (nd->dense >= 0)
        return t->dense[nd->dense + b];
    const edge *e = t->edges + nd->first;
    for (int k = 0; k < nd->n; k++)
        if (e[k].byte == b)
            return e[k].to;
    return -1;
}

/* Add the edge at --b--> nx. A full run moves to the end of the pool with
 * twice the room (the hole it leaves is not reused: lexicons are small). */
static void edge_add(vn_trie *t, int at, unsigned char b, int nx)
{
    node *nd = &t->nodes[at];
    if (nd->dense >= 0)
        t->dense[nd->dense + b] = nx;
    if (nd->n == nd->cap) {
        int cap = nd->cap ? nd->cap * 2 : 1;
        /* a run at the end of the pool grows where it is (a new node's first
         * child, the usual case: keys are mostly new chains of one child) */
        int in_place = nd->cap && nd->first + nd->cap == t->nedges;
        int need = in_place ? cap - nd->cap : cap;
        if (t->nedges + need > t->capedges) {
            t->capedges = t->capedges ? t->capedges * 2 : 1024;
            while (t->nedges + need > t->capedges)
                t->capedges *= 2;
            t->edges = xrealloc(t->edges, (size_t)t->capedges * sizeof *t->edges);
        }
        if (!in_place) {
            if (nd->n)
                memcpy(t->edges + t->nedges, t->edges + nd->first, (size_t)nd->n * sizeof *t->edges);
            nd->first = t->nedges;
        }
        nd->cap = cap;
        t->nedges += need;
    }
    t->edges[nd->first + nd->n++] = (edge){b, nx};
    if (nd->n > DENSE_AFTER && nd->dense < 0) {
        int d = dense_new(t);
        nd = &t->nodes[at];
        nd->dense = d;
        for (int k = 0; k < nd->n; k++)
            t->dense[d + t->edges[nd->first + k].byte] = t->edges[nd->first + k].to;
    }
}

/* The new nodes of a key's bytes key[i..len) past the node `at` it leaves
 * the trie from: a chain of fresh nodes, each with one edge, laid out as
 * node_new and edge_add would (the nodes at the end of the node array, each
 * one's edge at the end of the pool), with room made once for all; the last
 * node's index. */
static int put_chain(vn_trie *t, int at, const char *key, size_t i, size_t len)
{
    int first = node_new(t);
    edge_add(t, at, (unsigned char)key[i], first); /* (the old node's edges may move or grow) */
    int more = (int)(len - i - 1);
    if (!more)
        return first;
    if (t->nnodes + more > t->capnodes) {
        while (t->nnodes + more > t->capnodes)
            t->capnodes *= 2;
        t->nodes = xrealloc(t->nodes, (size_t)t->capnodes * sizeof *t->nodes);
    }
    if (t->nedges + more > t->capedges) {
        while (t->nedges + more > t->capedges)
            t->capedges *= 2;
        t->edges = xrealloc(t->edges, (size_t)t->capedges * sizeof *t->edges);
    }
    int nd = first;
    for (size_t k = i + 1; k < len; k++, nd++) {
        /* node nd's one edge, to node nd + 1 (new: no value, no edges yet) */
        t->nodes[nd] = (node){t->nodes[nd].value, t->nedges, 1, 1, -1};
        t->edges[t->nedges++] = (edge){(unsigned char)key[k], nd + 1};
        t->nodes[nd + 1] = (node){-1, 0, 0, 0, -1};
    }
    t->nnodes += more;
    return nd;
}

static void put_now(vn_trie *t, const char *key, size_t len, int value)
{
    int at = 0;
    for (size_t i = 0; i < len; i++) {
        int nx = child(t, &t->nodes[at], (unsigned char)key[i]);
        if (nx < 0) {
            at = put_chain(t, at, key, i, len);
            break;
        }
        at = nx;
    }
    if (t->nodes[at].value < 0)
        t->nkeys++;
    t->nodes[at].value = value;
}

/* The keys of vn_trie_put_later are put by the first reader; one lock for
 * all tries (it is taken once a trie, at most). A trie whose keys wait has
 * da.size -1: look-ups, which read da.size first to choose between the
 * frozen and the node form, see it at no extra load (size_of). */
static pthread_mutex_t later_lock = PTHREAD_MUTEX_INITIALIZER;

__attribute__((noinline, cold)) static void put_later_now(vn_trie *t)
{
    pthread_mutex_lock(&later_lock);
    if (t->da.size < 0) {
        for (int k = 0; k < t->nlater; k++)
            put_now(t, t->later[k].key, t->later[k].len, t->later[k].value);
        t->later = NULL;
        __atomic_store_n(&t->da.size, 0, __ATOMIC_RELEASE); /* (after the nodes are written) */
    }
    pthread_mutex_unlock(&later_lock);
}

/* da.size as a look-up reads it: > 0 frozen, 0 the node form, < 0 keys
 * wait (then the look-up calls a cold function that puts them and looks up
 * again, so that the usual path pays one not-taken branch). */
static inline int size_of(const vn_trie *t)
{
    return __atomic_load_n(&t->da.size, __ATOMIC_ACQUIRE);
}

/* Put the keys still waiting, if any. */
static inline void settle(const vn_trie *t)
{
    if (__builtin_expect(size_of(t) < 0, 0))
        put_later_now((vn_trie *)t); /* (allocated writable by vn_trie_new) */
}

void vn_trie_put(vn_trie *t, const char *key, size_t len, int value)
{
    settle(t);
    if (t->da.size)
        unfreeze(t);
    put_now(t, key, len, value);
}

void vn_trie_put_later(vn_trie *t, const vn_trie_key *keys, int n)
{
    settle(t);
    if (t->da.size)
        unfreeze(t);
    if (n > 0) {
        t->later = keys;
        t->nlater = n;
        t->da.size = -1;
    }
}

static __attribute__((noinline, cold)) int get_later(const vn_trie *t, const char *key, size_t len)
{
    settle(t);
    return vn_trie_get(t, key, len);
}

int vn_trie_get(const vn_trie *t, const char *key, size_t len)
{
    int size = size_of(t);
    if (__builtin_expect(size < 0, 0))
        return get_later(t, key, len);
    if (size) {
        const darray *d = &t->da;
        int st = 1;
        for (size_t i = 0; i < len; i++) {
            int nx = d->base[st] + (unsigned char)key[i]; /* in bounds, see freeze */
            if (d->check[nx] != st)
                return -1;
            st = nx;
        }
        return d->value[st];
    }
    int at = 0;
    for (size_t i = 0; i < len && at >= 0; i++)
        at = child(t, &t->nodes[at], (unsigned char)key[i]);
    return at >= 0 ? t->nodes[at].value : -1;
}

/* A word continues at byte b if it is an ASCII letter/digit or a UTF-8 byte
 * (Vietnamese letters are multi-byte; punctuation we care about is ASCII or
 * handled by callers). */
static int continues_word(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    unsigned char b = (unsigned char)s[i];
    if (b >= 0x80) {
        /* U+2013/2014 dashes, curly quotes and NBSP-like punctuation end a word */
        if (b == 0xE2 && i + 1 < n && (unsigned char)s[i + 1] == 0x80)
            return 0;
        if (b == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] < 0xC0)
            return 0; /* Latin-1 punctuation (NBSP, «, », ·) */
        return 1;
    }
    return (b >= '0' && b <= '9') || ((b | 32) >= 'a' && (b | 32) <= 'z') || b == '_';
}

static int longest(const vn_trie *t, const char *s, size_t n, size_t *mlen, int boundary);

static __attribute__((noinline, cold)) int longest_later(const vn_trie *t, const char *s, size_t n, size_t *mlen,
                                                         int boundary)
{
    settle(t);
    return longest(t, s, n, mlen, boundary);
}

static int longest(const vn_trie *t, const char *s, size_t n, size_t *mlen, int boundary)
{
    int size = size_of(t);
    if (__builtin_expect(size < 0, 0))
        return longest_later(t, s, n, mlen, boundary);
    int best = -1;
    size_t bestlen = 0;
    if (size) {
        const int *base = t->da.base, *check = t->da.check, *value = t->da.value;
        int st = 1;
        for (size_t i = 0; i < n; i++) {
            /* in bounds: every base leaves 256 slots after it (freeze) */
            int nx = base[st] + (unsigned char)s[i];
            if (check[nx] != st)
                break;
            st = nx;
            if (value[st] >= 0 && (!boundary || !continues_word(s, n, i + 1))) {
                best = value[st];
                bestlen = i + 1;
            }
        }
    } else {
        const node *nodes = t->nodes;
        const edge *edges = t->edges;
        const int *dense = t->dense;
        int at = 0;
        for (size_t i = 0; i < n; i++) {
            const node *nd = nodes + at;
            unsigned char b = (unsigned char)s[i];
            if (nd->dense >= 0) {
                at = dense[nd->dense + b];
            } else {
                const edge *e = edges + nd->first, *end = e + nd->n;
                while (e < end && e->byte != b)
                    e++;
                at = e < end ? e->to : -1;
            }
            if (at < 0)
                break;
            int v = nodes[at].value;
            if (v >= 0 && (!boundary || !continues_word(s, n, i + 1))) {
                best = v;
                bestlen = i + 1;
            }
        }
    }
    if (best >= 0 && mlen)
        *mlen = bestlen;
    return best;
}

/* ---------------------------------------------------------------- freeze */

static void da_grow_to(darray *d, int need)
{
    int size = d->size ? d->size : 1024;
    while (size < need)
        size *= 2;
    d->base = xrealloc(d->base, (size_t)size * sizeof *d->base);
    d->check = xrealloc(d->check, (size_t)size * sizeof *d->check);
    d->value = xrealloc(d->value, (size_t)size * sizeof *d->value);
    for (int i = d->size; i < size; i++) {
        d->base[i] = 0;
        d->check[i] = -1; /* free */
        d->value[i] = -1;
    }
    d->size = size;
}

static inline void da_grow(darray *d, int need)
{
    if (need > d->size)
        da_grow_to(d, need);
}

/* The first word of the used-slot bitmap from w on with a free slot (w, or
 * nused or more where all are free), by the bitmap of full words. */
static inline int next_open(const uint64_t *full, int nused, int w)
{
    while (w < nused) {
        uint64_t m = ~full[w >> 6] & (~0ull << (w & 63));
        if (m) {
            int r = ((w >> 6) << 6) + __builtin_ctzll(m);
            return r < nused ? r : nused;
        }
        w = ((w >> 6) + 1) << 6;
    }
    return w;
}

void vn_trie_freeze(vn_trie *t)
{
    settle(t);
    if (t->da.size)
        return;
    darray d = {0};
    da_grow(&d, t->nnodes + 512); /* (about what a packed trie takes: fewer regrowths) */
    /* states of the nodes, filled breadth first from the root (state 1) */
    int *state = xrealloc(NULL, (size_t)t->nnodes * sizeof *state);
    int *queue = xrealloc(NULL, (size_t)t->nnodes * sizeof *queue);
    int head = 0, tail = 0;
    int low = 2, high = 2; /* no slot below low is free, none from high is used */
    uint64_t *used = xrealloc(NULL, 16 * sizeof *used); /* bit per slot taken */
    int nused = 16;
    memset(used, 0, 16 * sizeof *used);
    used[0] = 3; /* slots 0 and 1 */
    /* bit per word of used[] that is full: the search skips them at once */
    uint64_t *full = xrealloc(NULL, sizeof *full);
    full[0] = 0;
    state[0] = 1;
    d.check[1] = 0;
    d.value[1] = t->nodes[0].value;
    queue[tail++] = 0;
    while (head < tail) {
        int at = queue[head++], st = state[at];
        const node *nd = &t->nodes[at];
        if (!nd->n)
            continue;
        const edge *e = t->edges + nd->first;
        int minb = 255;
        for (int k = 0; k < nd->n; k++)
            if (e[k].byte < minb)
                minb = e[k].byte;
        /* a base where every child's slot is free (slots start at 2: 0 is
         * unused, 1 is the root): the smallest child tries the free slots
         * from the lowest one in turn, found by the bitmap of used ones;
         * after a few misses (more in a small trie, PACK_NODES) it goes past
         * the last slot used, where all are free (a big lexicon would
         * otherwise search its crowded start again for every node) */
        int lw = next_open(full, nused, low >> 6);
        if (lw != low >> 6)
            low = lw << 6; /* past full words of used slots */
        while ((low >> 6) < nused && (used[low >> 6] >> (low & 63) & 1))
            low++;
        int base, tries = 0;
        /* (a slot below minb + 1 would give a base below 1) */
        for (int f = low > minb + 1 ? low : minb + 1;; f++) {
            int w = f >> 6;
            uint64_t m = w < nused ? ~used[w] & (~0ull << (f & 63)) : ~0ull << (f & 63);
            while (!m) {
                w = next_open(full, nused, w + 1);
                m = w < nused ? ~used[w] : ~0ull;
            }
            f = (w << 6) + __builtin_ctzll(m); /* the next free slot */
            if (++tries > (t->nnodes > PACK_NODES ? 16 : 128) && f < high)
                f = high;
            base = f - minb;
            if (base < 1)
                continue;
            da_grow(&d, base + 257);
            int k = 0;
            while (k < nd->n && d.check[base + e[k].byte] == -1 && base + e[k].byte > 1)
                k++;
            if (k == nd->n)
                break;
        }
        d.base[st] = base; /* base + 256 < d.size: look-ups need no bounds check */
        for (int k = 0; k < nd->n; k++) {
            int nx = base + e[k].byte;
            if ((nx >> 6) >= nused) {
                int grown = nused ? nused : 16;
                while ((nx >> 6) >= grown)
                    grown *= 2;
                used = xrealloc(used, (size_t)grown * sizeof *used);
                memset(used + nused, 0, (size_t)(grown - nused) * sizeof *used);
                int nfull = (nused + 63) / 64, gfull = (grown + 63) / 64;
                full = xrealloc(full, (size_t)gfull * sizeof *full);
                memset(full + nfull, 0, (size_t)(gfull - nfull) * sizeof *full);
                nused = grown;
            }
            used[nx >> 6] |= 1ull << (nx & 63);
            if (used[nx >> 6] == ~0ull)
                full[nx >> 12] |= 1ull << ((nx >> 6) & 63);
            if (nx >= high)
                high = nx + 1;
            d.check[nx] = st;
            d.value[nx] = t->nodes[e[k].to].value;
            state[e[k].to] = nx;
            queue[tail++] = e[k].to;
        }
    }
    free(state);
    free(queue);
    free(used);
    free(full);
    t->da = d;
}

int vn_trie_longest(const vn_trie *t, const char *s, size_t n, size_t *mlen)
{
    return longest(t, s, n, mlen, 1);
}

int vn_trie_longest_prefix(const vn_trie *t, const char *s, size_t n, size_t *mlen)
{
    return longest(t, s, n, mlen, 0);
}

size_t vn_trie_size(const vn_trie *t)
{
    settle(t);
    return t->nkeys;
}

int vn_trie_view_get(const vn_trie *t, vn_trie_view *out)
{
    settle(t);
    if (size_of(t) <= 0)
        return 0;
    *out = (vn_trie_view){t->da.base, t->da.check, t->da.value};
    return 1;
}
