/* test_startup_load.c — the cheaper lexicon load answers as before: a data
 * file larger than one read piece (data.c) hands over every line once, with
 * its number, comments cut, and the right offset in an error; a trie given
 * its keys for later (vn_trie_put_later) answers as one given them now;
 * the gazetteer's exact look-up by hashing (gz_lookup, pl_lookup_get)
 * answers as the names trie; the people lexicon's unit names taken from the
 * gazetteer make the same trie as those read from gazetteer.tsv. */
#include "../../src/core/stage.h"
#include "../../src/core/trie.h"
#include "../../src/extract/gazetteer.h"
#include "../../src/extract/people_int.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct seen {
    int lines, bad_at;
    long long sum; /* of lineno * len, to see numbers and lengths together */
    int ok;
} seen;

static int count_line(char *line, size_t len, int lineno, void *ctx)
{
    seen *s = ctx;
    s->lines++;
    s->sum += (long long)lineno * (long long)len;
    /* every line is "L<lineno> ..." with its comment cut and no trailing space */
    char want[32];
    int k = snprintf(want, sizeof want, "L%d ", lineno);
    if (strncmp(line, want, (size_t)k) != 0 || strlen(line) != len || line[len - 1] == ' ')
        s->ok = 0;
    return lineno == s->bad_at;
}

VN_TEST(startup_data_file_in_pieces)
{
    char dir[] = "/tmp/vnews-startup-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/big.tsv", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    long long sum = 0, offset = 0, offset_of_7777 = 0;
    int lines = 0;
    fputs("# a header comment\n", f);
    offset += 19;
    for (int n = 2; n <= 12000; n++) {
        char buf[400];
        int pad = (n * 37) % 97; /* lines of many lengths; one very long */
        if (n == 5000)
            pad = 300;
        int len = snprintf(buf, sizeof buf, "L%d x%.*s", n, pad, "abcdefghij#klmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz");
        const char *tail = n % 5 == 0 ? "  # a comment\r\n" : n % 7 == 0 ? " \t\r\n" : "\n";
        if (n == 7777)
            offset_of_7777 = offset;
        if (n == 12000)
            tail = ""; /* the last line without its newline */
        fprintf(f, "%s%s", buf, tail);
        offset += len + (long long)strlen(tail);
        lines++;
        sum += (long long)n * len;
    }
    fclose(f);
    seen s = {0, -1, 0, 1};
    CHECK(vn_data_each_line(dir, "big.tsv", count_line, &s, NULL) == VN_OK);
    CHECK(s.lines == lines && s.sum == sum && s.ok);
    seen e = {0, 7777, 0, 1};
    vn_error err = {0};
    CHECK(vn_data_each_line(dir, "big.tsv", count_line, &e, &err) == VN_ERR_DATA);
    CHECK(err.line == 7777 && err.byte == offset_of_7777);
    unlink(path);
    rmdir(dir);
}

VN_TEST(startup_trie_put_later_answers_as_put)
{
    static const char *const words[] = {"Hà Nội", "Hà Nam", "Hà", "Hải Phòng", "Hải", "Thừa Thiên Huế", "Huế", "H"};
    enum { N = sizeof words / sizeof *words };
    vn_trie_key keys[N];
    vn_trie *now = vn_trie_new(), *later = vn_trie_new();
    for (int k = 0; k < N; k++) {
        keys[k] = (vn_trie_key){words[k], (uint32_t)strlen(words[k]), k * 3};
        vn_trie_put(now, words[k], strlen(words[k]), k * 3);
    }
    vn_trie_put_later(later, keys, N);
    const char *texts[] = {"Hà Nội mới", "Hà Namx", "Hải Phòng, Hà", "Thừa Thiên Huế", "Hx", "", "H"};
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        size_t n = strlen(texts[t]), m1 = 99, m2 = 99;
        CHECK(vn_trie_longest(later, texts[t], n, &m1) == vn_trie_longest(now, texts[t], n, &m2) && m1 == m2);
        CHECK(vn_trie_longest_prefix(later, texts[t], n, &m1) == vn_trie_longest_prefix(now, texts[t], n, &m2) &&
              m1 == m2);
        CHECK(vn_trie_get(later, texts[t], n) == vn_trie_get(now, texts[t], n));
    }
    CHECK(vn_trie_size(later) == vn_trie_size(now));
    /* a put after them, and a freeze, as on a trie built at once */
    vn_trie_put(later, "Huế", strlen("Huế"), 100);
    vn_trie_put(now, "Huế", strlen("Huế"), 100);
    vn_trie_freeze(later);
    CHECK(vn_trie_get(later, "Huế", strlen("Huế")) == 100 && vn_trie_get(later, "Hà", strlen("Hà")) == 6);
    CHECK(vn_trie_size(later) == vn_trie_size(now));
    vn_trie *unread = vn_trie_new(); /* freed with its keys never put */
    vn_trie_put_later(unread, keys, N);
    vn_trie_free(unread);
    vn_trie_free(now);
    vn_trie_free(later);
}

VN_TEST(startup_gazetteer_exact_lookup_as_trie)
{
    struct vn_gazetteer *gz = NULL;
    CHECK(vn_gazetteer_load(VNEWS_DATADIR, &gz, NULL) == VN_OK);
    if (!gz)
        return;
    const pl_lookup *t = &gz->name_lookup;
    char buf[256];
    for (int k = 0; k < t->nkeys; k++) {
        const pl_spelling *sp = &t->sp[k];
        CHECK(gz_lookup(gz, sp->key, sp->len) == vn_trie_get(gz->names, sp->key, sp->len));
        if (sp->len + 1 < sizeof buf) { /* cut and lengthened: (mostly) not names */
            memcpy(buf, sp->key, sp->len);
            buf[sp->len] = 'x';
            CHECK(gz_lookup(gz, buf, sp->len + 1) == vn_trie_get(gz->names, buf, sp->len + 1));
            CHECK(gz_lookup(gz, buf, sp->len - 1) == vn_trie_get(gz->names, buf, sp->len - 1));
        }
    }
    CHECK(gz_lookup(gz, "", 0) == -1);
    vn_gazetteer_free(gz);
}

/* The people lexicon takes its unit names from the loaded gazetteer
 * (vn_people_lex_load_gz) or from gazetteer.tsv (vn_people_lex_load): the
 * same units trie, key for key, and the same first words. */
VN_TEST(startup_people_units_from_gazetteer)
{
    struct vn_gazetteer *gz = NULL;
    struct vn_people_lex *a = NULL, *b = NULL;
    CHECK(vn_gazetteer_load(VNEWS_DATADIR, &gz, NULL) == VN_OK);
    CHECK(vn_people_lex_load(VNEWS_DATADIR, &a, NULL) == VN_OK);
    CHECK(gz && vn_people_lex_load_gz(VNEWS_DATADIR, gz, &b, NULL) == VN_OK);
    if (!gz || !a || !b)
        return;
    CHECK(vn_trie_size(a->units.t) == vn_trie_size(b->units.t) && vn_trie_size(a->units.t) > 100);
    CHECK(a->units.npool == b->units.npool && memcmp(a->units.pool, b->units.pool, a->units.npool) == 0);
    int n, same = 1, found = 0;
    const char *const *names = gz_long_names(gz, &n);
    for (int k = 0; k < n; k++) {
        char low[256];
        size_t len = strlen(names[k]);
        vn_people_lower(names[k], len, low);
        int va = vn_trie_get(a->units.t, low, len), vb = vn_trie_get(b->units.t, low, len);
        same &= va == vb;
        found += va >= 0;
    }
    CHECK(same && found > 100);
    vn_people_lex_free(a);
    vn_people_lex_free(b);
    vn_gazetteer_free(gz);
}

/* gz_tabs (sixteen bytes a step, the last sixteen of a line shifted) finds
 * the tabs a byte-by-byte walk finds, on lines of every length up to 200. */
VN_TEST(startup_gz_tabs_as_a_walk)
{
    srand(7);
    int same = 1;
    for (int round = 0; round < 20000; round++) {
        char line[256];
        size_t len = (size_t)(rand() % 201);
        for (size_t i = 0; i < len; i++) {
            int r = rand() % 8;
            line[i] = r == 0 ? '\t' : r == 1 ? ' ' : r == 2 ? (char)0xE1 : (char)('a' + r);
        }
        line[len] = '\0';
        size_t got[8], want[8];
        int max = 1 + rand() % 8, nw = 0;
        for (size_t i = 0; i < len && nw < max; i++)
            if (line[i] == '\t')
                want[nw++] = i;
        int ng = gz_tabs(line, len, got, max);
        same &= ng == nw && memcmp(got, want, (size_t)nw * sizeof *got) == 0;
    }
    CHECK(same);
}
