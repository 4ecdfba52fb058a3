/* doclex.c — load what the document extractor knows: data/doc_kinds.tsv (kinds
 * of documents, type letters, the words around a citation) and
 * data/doc_issuers.tsv (issuer codes, the words that start and end a body's
 * name, the verbs of issuing). */
#include "../core/uni.h"
#include "documents.h"

#include <stdlib.h>
#include <string.h>

static const char *keep(struct vn_doc_lex *lx, const char *s)
{
    if (lx->nowned == lx->capowned) {
        int cap = lx->capowned ? lx->capowned * 2 : 256;
        char **o = realloc(lx->owned, (size_t)cap * sizeof *o);
        if (!o)
            return NULL;
        lx->owned = o;
        lx->capowned = cap;
    }
    char *d = strdup(s);
    if (d)
        lx->owned[lx->nowned++] = d;
    return d;
}

/* Case variants of a phrase, so that "Nghị quyết", "nghị quyết", "Nghị Quyết"
 * and "NGHỊ QUYẾT" all match: mode 0 as written, 1 lower, 2 first letter
 * upper, 3 every word capitalized, 4 all upper. */
static size_t case_variant(const char *s, int mode, char *out, size_t cap)
{
    size_t o = 0, n = strlen(s);
    int word_start = 1, first = 1;
    for (size_t i = 0; i < n;) {
        int len;
        int32_t c = vn_utf8_next(s + i, n - i, &len);
        int32_t d = c;
        if (mode == 1)
            d = vn_to_lower(c);
        else if (mode == 2)
            d = first ? vn_to_upper(c) : vn_to_lower(c);
        else if (mode == 3)
            d = word_start ? vn_to_upper(c) : vn_to_lower(c);
        else if (mode == 4)
            d = vn_to_upper(c);
        if (mode == 0)
            d = c;
        if (o + 4 >= cap)
            break;
        o += (size_t)vn_utf8_put(d, out + o);
        word_start = (c == ' ');
        first = 0;
        i += (size_t)len;
    }
    out[o] = '\0';
    return o;
}

static void put_variants(vn_trie *t, const char *s, int value)
{
    char buf[256];
    for (int mode = 0; mode < 5; mode++) {
        size_t k = case_variant(s, mode, buf, sizeof buf);
        if (k && vn_trie_get(t, buf, k) < 0)
            vn_trie_put(t, buf, k, value);
    }
}

/* The kind phrases as loaded (every case variant, in the order the trie took
 * them), for the automaton built once they are all in. */
typedef struct kind_keys {
    struct vn_doc_lex *lx;
    const char **key;
    int *value;
    int n, cap;
} kind_keys;

static int put_kind(kind_keys *kk, const char *s, int value)
{
    struct vn_doc_lex *lx = kk->lx;
    char buf[256];
    for (int mode = 0; mode < 5; mode++) {
        size_t k = case_variant(s, mode, buf, sizeof buf);
        if (!k || vn_trie_get(lx->kinds, buf, k) >= 0)
            continue;
        vn_trie_put(lx->kinds, buf, k, value);
        if (kk->n == kk->cap) {
            int cap = kk->cap ? kk->cap * 2 : 256;
            const char **nk = realloc(kk->key, (size_t)cap * sizeof *nk);
            if (!nk)
                return -1;
            kk->key = nk;
            int *nv = realloc(kk->value, (size_t)cap * sizeof *nv);
            if (!nv)
                return -1;
            kk->value = nv;
            kk->cap = cap;
        }
        const char *key = keep(lx, buf);
        if (!key)
            return -1;
        kk->key[kk->n] = key;
        kk->value[kk->n++] = value;
    }
    return 0;
}

/* The automaton while it is built: per state, the class of the move into
 * it, its first way on and the next way on from its parent (0: none; the
 * root, state 0, is no state's way on). States are numbered as they are
 * made, key by key, byte by byte. A state's ways on are a short list, not a
 * row of kind_width entries: most states have one, and the rows of the few
 * with several are made only at the end (kind_compact). */
typedef struct kind_build {
    unsigned short *child, *sibling;
    unsigned char *cls;
    int cap;       /* room in the three (and in lx->kind_value) */
    int root[256]; /* the root's ways on by class (it has many) */
} kind_build;

/* Add a state, reached by class cls; -1 when out of room or states. */
static int kind_state(struct vn_doc_lex *lx, kind_build *kb, unsigned char cls)
{
    if (lx->kind_states == kb->cap) {
        int cap = kb->cap ? kb->cap * 2 : 256;
        if (cap > 65536)
            return -1; /* states are unsigned short */
        unsigned short *c = realloc(kb->child, (size_t)cap * sizeof *c);
        if (c)
            kb->child = c;
        unsigned short *sib = c ? realloc(kb->sibling, (size_t)cap * sizeof *sib) : NULL;
        if (sib)
            kb->sibling = sib;
        unsigned char *k = sib ? realloc(kb->cls, (size_t)cap) : NULL;
        if (k)
            kb->cls = k;
        int *v = k ? realloc(lx->kind_value, (size_t)cap * sizeof *v) : NULL;
        if (!v)
            return -1;
        lx->kind_value = v;
        lx->kind_cap = kb->cap = cap;
    }
    int st = lx->kind_states++;
    kb->child[st] = kb->sibling[st] = 0;
    kb->cls[st] = cls;
    lx->kind_value[st] = -1;
    return st;
}

/* kind_edge and kind_rows from the ways on: a class stands for one byte
 * (each byte a phrase uses has its own), so a state with one way on keeps
 * that byte; a state with several gets a row (in the order of the states).
 * Edge 0 (no way on) cannot match: a move to the root is "none". */
static int kind_compact(struct vn_doc_lex *lx, const kind_build *kb)
{
    size_t width = (size_t)lx->kind_width, states = (size_t)lx->kind_states;
    unsigned char class_byte[256];
    memset(class_byte, 0, sizeof class_byte);
    for (int b = 0; b < 256; b++)
        if (lx->kind_class[b])
            class_byte[lx->kind_class[b]] = (unsigned char)b;
    size_t nrows = 0;
    for (size_t st = 0; st < states; st++) {
        unsigned x = kb->child[st];
        nrows += x && (kb->sibling[x] || !class_byte[kb->cls[x]]);
    }
    lx->kind_edge = calloc(states, sizeof *lx->kind_edge);
    lx->kind_rows = calloc((nrows ? nrows : 1) * width, sizeof *lx->kind_rows);
    if (!lx->kind_edge || !lx->kind_rows)
        return -1;
    uint32_t rows = 0;
    for (size_t st = 0; st < states; st++) {
        unsigned x = kb->child[st];
        if (!x)
            continue;
        if (!kb->sibling[x] && class_byte[kb->cls[x]]) {
            lx->kind_edge[st] = (uint32_t)x << 8 | class_byte[kb->cls[x]];
            continue;
        }
        unsigned short *row = lx->kind_rows + rows * width;
        for (; x; x = kb->sibling[x])
            row[kb->cls[x]] = (unsigned short)x;
        lx->kind_edge[st] = VN_KIND_MANY | rows++;
    }
    return 0;
}

int vn_doc_kind_automaton(struct vn_doc_lex *lx, const char *const *keys, const int *values,
                          int nkeys)
{
    /* classes: every byte some phrase uses gets one, the rest share class 0 */
    memset(lx->kind_class, 0, sizeof lx->kind_class);
    memset(lx->kind_first, 0, sizeof lx->kind_first);
    memset(lx->start4, 0, sizeof lx->start4);
    memset(lx->kind_first8, 0, sizeof lx->kind_first8);
    memset(lx->nib_lo, 0, sizeof lx->nib_lo);
    memset(lx->nib_hi, 0, sizeof lx->nib_hi);
    lx->kind_short = 0;
    int width = 1;
    for (int k = 0; k < nkeys; k++) {
        lx->kind_first[(unsigned char)keys[k][0]] = 1;
        size_t len = strlen(keys[k]);
        if (len < 4) {
            lx->kind_short = 1;
        } else {
            unsigned h = vn_doc_prefix_hash(keys[k]);
            lx->start4[h] |= VN_START_KIND | (len < 8 ? VN_START_SHORT_KIND : 0);
            unsigned bucket = 1u << (((unsigned char)keys[k][0] | 0x20) & 7);
            for (int b = 0; b < VN_DOC_NIBS; b++) {
                if (vn_doc_nib_at[b] >= len) { /* past the phrase: any byte */
                    for (int c = 0; c < 16; c++)
                        lx->nib_lo[b][c] |= (unsigned char)bucket, lx->nib_hi[b][c] |= (unsigned char)bucket;
                    continue;
                }
                unsigned char c = (unsigned char)keys[k][vn_doc_nib_at[b]];
                lx->nib_lo[b][c & 15] |= (unsigned char)bucket;
                lx->nib_hi[b][c >> 4] |= (unsigned char)bucket;
            }
            if (len >= 8) {
                h = vn_doc_prefix_hash8(keys[k]);
                lx->kind_first8[h >> 3] |= (unsigned char)(1u << (h & 7));
            }
        }
        for (const unsigned char *b = (const unsigned char *)keys[k]; *b; b++)
            if (!lx->kind_class[*b])
                lx->kind_class[*b] = (unsigned char)width++;
    }
    if (lx->kind_short) { /* the four- and eight-byte tests cannot speak for short phrases */
        memset(lx->start4, VN_START_KIND | VN_START_SHORT_KIND, sizeof lx->start4);
        memset(lx->kind_first8, 0xFF, sizeof lx->kind_first8);
    }
    lx->use_avx2 = 0;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    lx->use_avx2 = !lx->kind_short && __builtin_cpu_supports("avx2") && !getenv("VNEWS_DOCS_NO_AVX2");
#endif
    vn_doc_kind_table8(lx, keys, nkeys);
    lx->kind_width = width;
    lx->kind_states = 0;
    kind_build kb = {0};
    int rc = kind_state(lx, &kb, 0) == 0 ? 0 : -1; /* the root; 0 also means "no state" as a target */
    for (int k = 0; k < nkeys && !rc; k++) {
        int st = 0;
        for (const unsigned char *b = (const unsigned char *)keys[k]; *b && !rc; b++) {
            unsigned char c = lx->kind_class[*b];
            int x = st ? kb.child[st] : kb.root[c];
            if (st)
                while (x && kb.cls[x] != c)
                    x = kb.sibling[x];
            if (!x) {
                if ((x = kind_state(lx, &kb, c)) < 0) {
                    rc = -1;
                    break;
                }
                kb.sibling[x] = kb.child[st]; /* (the order of a state's ways on does not matter) */
                kb.child[st] = (unsigned short)x;
                if (!st)
                    kb.root[c] = x;
            }
            st = x;
        }
        if (!rc && lx->kind_value[st] < 0) /* the first phrase wins, as in the trie */
            lx->kind_value[st] = values[k];
    }
    if (!rc)
        rc = kind_compact(lx, &kb);
    free(kb.child);
    free(kb.sibling);
    free(kb.cls);
    return rc;
}

static int kinds_line(char *line, size_t len, int lineno, void *ctx)
{
    kind_keys *kk = ctx;
    struct vn_doc_lex *lx = kk->lx;
    (void)len;
    (void)lineno;
    char *f[5];
    int nf = vn_data_fields(line, f, 5);
    if (nf < 2)
        return 1;
    if (!strcmp(f[0], "kind")) {
        if (nf < 3)
            return 1;
        vn_doc_kind *k = realloc(lx->kind, (size_t)(lx->nkind + 1) * sizeof *k);
        if (!k)
            return 1;
        lx->kind = k;
        k[lx->nkind].kind = keep(lx, f[2]);
        k[lx->nkind].flags = 0;
        if (nf > 3 && strstr(f[3], "named"))
            k[lx->nkind].flags |= VN_KIND_NAMED;
        if (nf > 3 && strstr(f[3], "generic"))
            k[lx->nkind].flags |= VN_KIND_GENERIC;
        if (put_kind(kk, f[1], lx->nkind) < 0)
            return 1;
        lx->nkind++;
    } else if (!strcmp(f[0], "type")) {
        if (nf < 4)
            return 1;
        int at = vn_trie_get(lx->types, f[1], strlen(f[1]));
        if (at < 0) {
            vn_doc_type *t = realloc(lx->type, (size_t)(lx->ntype + 1) * sizeof *t);
            if (!t)
                return 1;
            lx->type = t;
            at = lx->ntype++;
            t[at].letters = keep(lx, f[1]);
            t[at].party_kind = t[at].state_kind = NULL;
            vn_trie_put(lx->types, f[1], strlen(f[1]), at);
        }
        const char *kind = keep(lx, f[3]);
        if (!strcmp(f[2], "party") || !strcmp(f[2], "any"))
            lx->type[at].party_kind = kind;
        if (!strcmp(f[2], "state") || !strcmp(f[2], "any"))
            lx->type[at].state_kind = kind;
    } else if (!strcmp(f[0], "measure")) {
        vn_trie_put(lx->measures, f[1], strlen(f[1]), 0);
    } else if (!strcmp(f[0], "subject")) {
        put_variants(lx->subjects, f[1], nf > 2 && !strcmp(f[2], "drop"));
    } else if (!strcmp(f[0], "notissue")) {
        vn_trie_put(lx->notissue, f[1], strlen(f[1]), 0);
    } else if (!strcmp(f[0], "notafter")) {
        put_variants(lx->notafter, f[1], 0);
    } else if (!strcmp(f[0], "continue")) {
        /* value 1: a term held whole, after which the name goes on as before */
        vn_trie_put(lx->continues, f[1], strlen(f[1]), nf > 2 && !strcmp(f[2], "whole"));
    } else {
        return 1;
    }
    return 0;
}

static int issuers_line(char *line, size_t len, int lineno, void *ctx)
{
    struct vn_doc_lex *lx = ctx;
    (void)len;
    (void)lineno;
    char *f[4];
    int nf = vn_data_fields(line, f, 4);
    if (nf < 2)
        return 1;
    if (!strcmp(f[0], "code")) {
        vn_doc_issuer *is = realloc(lx->issuer, (size_t)(lx->nissuer + 1) * sizeof *is);
        if (!is)
            return 1;
        lx->issuer = is;
        is[lx->nissuer].code = keep(lx, f[1]);
        is[lx->nissuer].name = nf > 2 && f[2][0] ? keep(lx, f[2]) : NULL;
        vn_trie_put(lx->issuers, f[1], strlen(f[1]), lx->nissuer);
        if (nf > 2 && f[2][0])
            put_variants(lx->names, f[2], lx->nissuer);
        lx->nissuer++;
    } else if (!strcmp(f[0], "head")) {
        put_variants(lx->heads, f[1], 0);
    } else if (!strcmp(f[0], "stop")) {
        vn_trie_put(lx->stops, f[1], strlen(f[1]), 0);
    } else if (!strcmp(f[0], "verb")) {
        const char **v = realloc(lx->verbs, (size_t)(lx->nverb + 1) * sizeof *v);
        if (!v)
            return 1;
        lx->verbs = v;
        v[lx->nverb++] = keep(lx, f[1]);
    } else if (!strcmp(f[0], "adverb")) {
        vn_trie_put(lx->adverbs, f[1], strlen(f[1]), 0);
    } else {
        return 1;
    }
    return 0;
}

vn_result vn_doc_lex_load(const char *dir, struct vn_doc_lex **out, vn_error *err)
{
    struct vn_doc_lex *lx = calloc(1, sizeof *lx);
    if (!lx)
        return VN_ERR_NOMEM;
    vn_trie **tries[] = {&lx->kinds,    &lx->types,    &lx->issuers,  &lx->names,
                         &lx->heads,    &lx->stops,    &lx->measures, &lx->subjects,
                         &lx->notissue, &lx->notafter, &lx->continues, &lx->adverbs};
    for (size_t i = 0; i < sizeof tries / sizeof *tries; i++)
        *tries[i] = vn_trie_new();
    kind_keys kk = {lx, NULL, NULL, 0, 0};
    vn_result rc = vn_data_each_line(dir, "doc_kinds.tsv", kinds_line, &kk, err);
    if (rc == VN_OK && vn_doc_kind_automaton(lx, kk.key, kk.value, kk.n) < 0)
        rc = VN_ERR_NOMEM;
    free(kk.key);
    free(kk.value);
    if (rc == VN_OK)
        rc = vn_data_each_line(dir, "doc_issuers.tsv", issuers_line, lx, err);
    if (rc != VN_OK) {
        vn_doc_lex_free(lx);
        return rc;
    }
    /* The tries are not frozen (vn_trie_freeze): the kind trie is never walked
     * by the scan (the kind automaton answers for it), and the others only
     * where a reference was found. Freezing them cost 3.9 M instructions at
     * every start (packing the dense form), the lookups in their node form
     * 50 K per 1,000 articles more. */
    *out = lx;
    return VN_OK;
}

void vn_doc_lex_free(struct vn_doc_lex *lx)
{
    if (!lx)
        return;
    vn_trie *tries[] = {lx->kinds, lx->types,    lx->issuers,  lx->names,     lx->heads,  lx->stops,
                        lx->measures, lx->subjects, lx->notissue, lx->notafter, lx->continues,
                        lx->adverbs};
    for (size_t i = 0; i < sizeof tries / sizeof *tries; i++)
        vn_trie_free(tries[i]);
    for (int i = 0; i < lx->nowned; i++)
        free(lx->owned[i]);
    free(lx->owned);
    free(lx->kind);
    free(lx->type);
    free(lx->issuer);
    free(lx->verbs);
    free(lx->kind_next);
    free(lx->kind_value);
    free(lx->kind_edge);
    free(lx->kind_rows);
    free(lx);
}
