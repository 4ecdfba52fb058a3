/* trie.c — a byte trie with sorted child arrays, for lexicon phrases.
 * Nodes live in one array; children of a node are a contiguous run found by
 * binary search, rebuilt lazily after inserts. Lexicons hold thousands of
 * phrases, so a plain node array with per-node child lists is enough. */
#include "trie.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct node {
    int value;       /* -1 if no key ends here */
    int first_child; /* index into edges, or -1 */
    int nchild;
    int cap;
} node;

typedef struct edge {
    unsigned char byte;
    int to;
} edge;

struct vn_trie {
    node *nodes;
    int nnodes, capnodes;
    size_t nkeys;
    /* each node's children are kept in their own malloc'd sorted array */
    edge **kids;
    /* the root's children by byte: most lookups fail at the first byte or
     * two, so the first step is one load instead of a binary search */
    int root[256];
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

static int node_new(vn_trie *t)
{
    if (t->nnodes == t->capnodes) {
        t->capnodes = t->capnodes ? t->capnodes * 2 : 256;
        t->nodes = xrealloc(t->nodes, (size_t)t->capnodes * sizeof *t->nodes);
        t->kids = xrealloc(t->kids, (size_t)t->capnodes * sizeof *t->kids);
    }
    int i = t->nnodes++;
    t->nodes[i] = (node){-1, -1, 0, 0};
    t->kids[i] = NULL;
    return i;
}

vn_trie *vn_trie_new(void)
{
    vn_trie *t = calloc(1, sizeof *t);
    if (!t)
        abort();
    node_new(t);
    for (int b = 0; b < 256; b++)
        t->root[b] = -1;
    return t;
}

void vn_trie_free(vn_trie *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->nnodes; i++)
        free(t->kids[i]);
    free(t->kids);
    free(t->nodes);
    free(t);
}

static int child(const vn_trie *t, int at, unsigned char b)
{
    if (at == 0)
        return t->root[b];
    const node *nd = &t->nodes[at];
    const edge *e = t->kids[at];
    if (nd->nchild <= 6) { /* most nodes have one or two children */
        for (int k = 0; k < nd->nchild; k++)
            if (e[k].byte == b)
                return e[k].to;
        return -1;
    }
    int lo = 0, hi = nd->nchild - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (e[mid].byte == b)
            return e[mid].to;
        if (e[mid].byte < b)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

void vn_trie_put(vn_trie *t, const char *key, size_t len, int value)
{
    int at = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)key[i];
        int nx = child(t, at, b);
        if (nx < 0) {
            nx = node_new(t);
            node *nd = &t->nodes[at];
            if (nd->nchild == nd->cap) {
                nd->cap = nd->cap ? nd->cap * 2 : 2;
                t->kids[at] = xrealloc(t->kids[at], (size_t)nd->cap * sizeof(edge));
            }
            edge *e = t->kids[at];
            int j = nd->nchild++;
            while (j > 0 && e[j - 1].byte > b) {
                e[j] = e[j - 1];
                j--;
            }
            e[j] = (edge){b, nx};
            if (at == 0)
                t->root[b] = nx;
        }
        at = nx;
    }
    if (t->nodes[at].value < 0)
        t->nkeys++;
    t->nodes[at].value = value;
}

int vn_trie_get(const vn_trie *t, const char *key, size_t len)
{
    int at = 0;
    for (size_t i = 0; i < len && at >= 0; i++)
        at = child(t, at, (unsigned char)key[i]);
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

static int longest(const vn_trie *t, const char *s, size_t n, size_t *mlen, int boundary)
{
    int at = 0, best = -1;
    size_t bestlen = 0;
    for (size_t i = 0; i < n; i++) {
        at = child(t, at, (unsigned char)s[i]);
        if (at < 0)
            break;
        if (t->nodes[at].value >= 0 && (!boundary || !continues_word(s, n, i + 1))) {
            best = t->nodes[at].value;
            bestlen = i + 1;
        }
    }
    if (best >= 0 && mlen)
        *mlen = bestlen;
    return best;
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
    return t->nkeys;
}
