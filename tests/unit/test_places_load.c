/* test_places_load.c — the gazetteer loader's faster steps answer as the
 * plain ones did: the other-tone spelling found through a table
 * (gz_tone_variant) against the walk over the pairs it replaced, on every
 * unit name and on random strings of the bytes the pairs are made of; and
 * a frozen trie (trie.c: edges grown in place, free slots found through a
 * bitmap of full words) against its node form. */
#include "../../src/core/stage.h"
#include "../../src/core/trie.h"
#include "../../src/extract/gazetteer.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* The walk gz_tone_variant() did before (gazetteer.c, session 4). */
static const char *const PAIRS[][2] = {
    {"òa", "oà"}, {"óa", "oá"}, {"ỏa", "oả"}, {"õa", "oã"}, {"ọa", "oạ"},
    {"òe", "oè"}, {"óe", "oé"}, {"ỏe", "oẻ"}, {"õe", "oẽ"}, {"ọe", "oẹ"},
    {"ùy", "uỳ"}, {"úy", "uý"}, {"ủy", "uỷ"}, {"ũy", "uỹ"}, {"ụy", "uỵ"},
    {"Òa", "Oà"}, {"Óa", "Oá"}, {"Ỏa", "Oả"}, {"Õa", "Oã"}, {"Ọa", "Oạ"},
    {"Ùy", "Uỳ"}, {"Úy", "Uý"}, {"Ủy", "Uỷ"}, {"Ũy", "Uỹ"}, {"Ụy", "Uỵ"},
};

static int ends_syllable(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 1;
    unsigned char b = (unsigned char)s[i];
    return b < 0x80 && !((b | 32) >= 'a' && (b | 32) <= 'z');
}

static int tone_variant_walk(const char *s, size_t n, char *out)
{
    memcpy(out, s, n);
    out[n] = '\0';
    int changed = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        size_t next;
        if ((b | 32) == 'o' || (b | 32) == 'u') {
            if (i + 1 >= n || ((unsigned char)s[i + 1] != 0xC3 && (unsigned char)s[i + 1] != 0xE1))
                continue;
        } else if (b == 0xC3 || b == 0xC5 || b == 0xE1) {
            next = i + (b == 0xE1 ? 3 : 2);
            if (next >= n || ((s[next] | 32) != 'a' && (s[next] | 32) != 'e' && (s[next] | 32) != 'y'))
                continue;
        } else {
            continue;
        }
        int dir = b < 0x80;
        for (size_t k = 0; k < sizeof PAIRS / sizeof *PAIRS; k++) {
            const char *from = PAIRS[k][dir], *to = PAIRS[k][!dir];
            if (from[0] != s[i])
                continue;
            unsigned char lead = (unsigned char)(dir ? from[1] : from[0]);
            size_t fl = lead == 0xE1 ? 4 : 3;
            if (i + fl > n || memcmp(s + i, from, fl) != 0 || !ends_syllable(s, n, i + fl))
                continue;
            if (i > 0 && (s[i - 1] | 32) == 'q' && strchr(PAIRS[k][0], 'y'))
                continue;
            memcpy(out + i, to, fl);
            changed = 1;
        }
    }
    return changed;
}

static int tone_differs(const char *s, size_t n)
{
    char a[256], b[256];
    if (n >= sizeof a)
        return 0;
    int ca = gz_tone_variant(s, n, a), cb = tone_variant_walk(s, n, b);
    return ca != cb || memcmp(a, b, n + 1) != 0;
}

VN_TEST(places_load_tone_table_answers_as_the_walk)
{
    const struct vn_gazetteer *gz = ((const struct vn_lexicon *)unit_lexicon())->gaz;
    CHECK(gz != NULL);
    if (!gz)
        return;
    int differ = 0, changed = 0;
    for (int u = 0; u < gz->nunits; u++) {
        const char *name = gz->units[u].name;
        char out[256];
        differ += tone_differs(name, strlen(name));
        changed += strlen(name) < sizeof out && gz_tone_variant(name, strlen(name), out);
    }
    CHECK(differ == 0);
    CHECK(changed > 100);
    /* random strings of the bytes of the pairs, quý, spaces and punctuation */
    static const char *const bits[] = {"o", "u", "O", "U", "a", "e", "y", "q", "Q", " ", "-", ".",
                                       "\xC3", "\xE1", "\xC5", "\xBB", "\xBA", "ò", "ó", "ỏ", "õ", "ọ",
                                       "à", "á", "ả", "ã", "ạ", "ủ", "ũ", "ỳ", "ý", "ỷ", "ỵ", "Ù", "Ủ",
                                       "è", "ẻ", "Ọ", "ạ", "hòa", "Hoà", "thủy", "quý", "Quỳ"};
    srand(11);
    for (int round = 0; round < 20000; round++) {
        char s[200];
        size_t n = 0;
        for (int parts = 1 + rand() % 12; parts > 0; parts--) {
            const char *p = bits[(size_t)rand() % (sizeof bits / sizeof *bits)];
            size_t l = strlen(p);
            if (n + l >= sizeof s)
                break;
            memcpy(s + n, p, l);
            n += l;
        }
        differ += tone_differs(s, n);
    }
    CHECK(differ == 0);
}

VN_TEST(places_load_frozen_trie_answers_as_the_nodes)
{
    /* keys of many shapes (long chains, wide fan-outs, shared prefixes), so
     * that freezing packs and skips full words of slots */
    vn_trie *t = vn_trie_new(), *f = vn_trie_new();
    char key[32];
    srand(5);
    for (int k = 0; k < 6000; k++) {
        size_t n = 1 + (size_t)rand() % 12;
        for (size_t i = 0; i < n; i++)
            key[i] = (char)(i < 2 ? 'a' + rand() % 26 : rand() % 4 ? 'a' + rand() % 3 : ' ' + rand() % 200);
        vn_trie_put(t, key, n, k);
        vn_trie_put(f, key, n, k);
    }
    vn_trie_freeze(f);
    vn_trie_view v;
    CHECK(vn_trie_view_get(f, &v) && !vn_trie_view_get(t, &v));
    CHECK(vn_trie_size(t) == vn_trie_size(f));
    int differ = 0;
    for (int k = 0; k < 40000; k++) {
        size_t n = 1 + (size_t)rand() % 16, m1 = 0, m2 = 0;
        for (size_t i = 0; i < n; i++)
            key[i] = (char)(i < 2 ? 'a' + rand() % 26 : rand() % 4 ? 'a' + rand() % 3 : ' ' + rand() % 200);
        differ += vn_trie_get(t, key, n) != vn_trie_get(f, key, n);
        int a = vn_trie_longest(t, key, n, &m1), b = vn_trie_longest(f, key, n, &m2);
        differ += a != b || (a >= 0 && m1 != m2);
        a = vn_trie_longest_prefix(t, key, n, &m1);
        b = vn_trie_longest_prefix(f, key, n, &m2);
        differ += a != b || (a >= 0 && m1 != m2);
    }
    CHECK(differ == 0);
    vn_trie_free(t);
    vn_trie_free(f);
}

VN_TEST(places_load_units_of_every_type)
{
    /* the loader reads a unit's type by its length first (type_of_len):
     * every type has units, and the right ones */
    const struct vn_gazetteer *gz = ((const struct vn_lexicon *)unit_lexicon())->gaz;
    CHECK(gz != NULL);
    if (!gz)
        return;
    int count[GZ_NTYPES] = {0};
    for (int u = 0; u < gz->nunits; u++)
        if (gz->units[u].type < GZ_NTYPES)
            count[gz->units[u].type]++;
    for (int t = 1; t < GZ_NTYPES; t++)
        CHECK(count[t] > 0);
    CHECK(count[GZ_XA] > 5000 && count[GZ_PHUONG] > 1000 && count[GZ_HUYEN] > 400);
}
