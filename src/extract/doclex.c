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

static void put_first_bytes(struct vn_doc_lex *lx, const char *s)
{
    char buf[256];
    for (int mode = 0; mode < 5; mode++)
        if (case_variant(s, mode, buf, sizeof buf) >= 4) {
            unsigned k = vn_doc_prefix_hash((const unsigned char *)buf);
            lx->first4[k >> 3] |= (unsigned char)(1u << (k & 7));
        }
}

static int kinds_line(char *line, size_t len, int lineno, void *ctx)
{
    struct vn_doc_lex *lx = ctx;
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
        put_variants(lx->kinds, f[1], lx->nkind);
        put_first_bytes(lx, f[1]);
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
    } else if (!strcmp(f[0], "continue")) {
        vn_trie_put(lx->continues, f[1], strlen(f[1]), 0);
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
                         &lx->notissue, &lx->continues, &lx->adverbs};
    for (size_t i = 0; i < sizeof tries / sizeof *tries; i++)
        *tries[i] = vn_trie_new();
    vn_result rc = vn_data_each_line(dir, "doc_kinds.tsv", kinds_line, lx, err);
    if (rc == VN_OK)
        rc = vn_data_each_line(dir, "doc_issuers.tsv", issuers_line, lx, err);
    if (rc != VN_OK) {
        vn_doc_lex_free(lx);
        return rc;
    }
    *out = lx;
    return VN_OK;
}

void vn_doc_lex_free(struct vn_doc_lex *lx)
{
    if (!lx)
        return;
    vn_trie *tries[] = {lx->kinds, lx->types,    lx->issuers,  lx->names,     lx->heads,  lx->stops,
                        lx->measures, lx->subjects, lx->notissue, lx->continues, lx->adverbs};
    for (size_t i = 0; i < sizeof tries / sizeof *tries; i++)
        vn_trie_free(tries[i]);
    for (int i = 0; i < lx->nowned; i++)
        free(lx->owned[i]);
    free(lx->owned);
    free(lx->kind);
    free(lx->type);
    free(lx->issuer);
    free(lx->verbs);
    free(lx);
}
