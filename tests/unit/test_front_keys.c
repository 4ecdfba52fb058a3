/* test_front_keys.c — the fast paths of the front stages against their
 * careful ones: the key automaton (page keys, the learner's folded keys), the
 * clean-line vector tests (AVX-512, AVX2, none), the reader's keep mode. */
#include "../../src/io/reader_int.h"
#include "../../src/page/page_int.h"
#include "../../src/text/textint.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Pieces random lines are made of: common Vietnamese, case pairs, spaces of
 * every kind, the punctuation of E2 80 xx, rare letters and broken bytes. */
static const char *const PIECES[] = {
    "a", "o", "u", "y", "e", "h", "n", "g", "t", "c", "i", " ", " ", " ", ".", ",", ":", "(", ")", "-",
    "O", "U", "A", "E", "Y", "H", "N", "T", "0", "7", "à", "á", "ã", "è", "é", "ý", "ò", "ó", "ù", "ú",
    "ạ", "ả", "ẹ", "ẻ", "ỳ", "ỵ", "ỷ", "ỹ", "ọ", "ỏ", "ụ", "ủ", "ô", "ố", "ồ", "ơ", "ờ", "ư", "ừ", "ă",
    "ắ", "â", "ấ", "đ", "Đ", "Ơ", "Ư", "Ă", "Â", "Ê", "Ô", "À", "Ó", "Ủ", "Ỵ", "Ý", "Ấ", "Ệ", "Ợ", "Ự",
    "ẫ", "ặ", "ể", "ệ", "ợ", "ự", "ử", "ĩ", "ị", "ì", "í", "Ĩ", "“", "”", "‘", "’", "…", "–", "—", "•",
    "‰", "›", "\t", "\r", "\xC2\xA0", "\xC2\xAD", "\xC2\xA9", "\xC2\xB0", "\xC2\xBB", "\xC2\xB5",
    "\xE2\x80\x8B", "\xE2\x80\x80", "\xE2\x80\xA8", "\xE2\x80\xAF", "\xE2\x80\x8F", "\xE2\x81\x9F",
    "\xE2\x81\xA0", "\xE2\x84\xA6", "\xE2\x86\x92", "\xE2\x96\xBA", "\xE2\x85\xA0", "Ð", "ð", "Æ", "ß",
    "Ÿ", "\xC6\x81", "\xC8\xA0", "\xC9\x90", "\xCC\x80", "\xCD\x81", "\xE1\xB8\x80", "\xE1\xBC\x88",
    "\xE1\xB5\xA2", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "\x01", "\x7F", "\x80", "\xBF", "\xFF", "\xC3",
    "\xE1\xBA", "\xE2", "\xE2\x80", "\xE1", "\xC4", "\xED\x9F\xBF", "\xEF\xBB\xBF", "#", "|", "\"",
};
enum { NPIECES = sizeof PIECES / sizeof *PIECES };

static size_t random_line(unsigned long long *rng, char *buf, size_t cap, size_t want, unsigned rare)
{
    size_t n = 0;
    while (n < want) {
        *rng ^= *rng << 13, *rng ^= *rng >> 7, *rng ^= *rng << 17;
        unsigned r = (unsigned)(*rng >> 11);
        /* the first 106 pieces are the common ones; rare says how often the rest come */
        unsigned k = r % 100 < rare ? (r >> 8) % NPIECES : (r >> 8) % 106;
        size_t l = strlen(PIECES[k]);
        if (n + l >= cap)
            break;
        memcpy(buf + n, PIECES[k], l);
        n += l;
    }
    return n;
}

VN_TEST(front_key_automaton_matches_careful_keys)
{
    unsigned long long rng = 0x9E3779B97F4A7C15ull;
    char line[400], a[4 * 320 + 8], b[4 * 320 + 8];
    int fast_hash = 0, fast_key = 0;
    for (int it = 0; it < 20000; it++) {
        size_t n = random_line(&rng, line, sizeof line, (size_t)(it % 300), it % 3 ? 0 : 1 + it % 30);
        vn_linestats_force_slow = 1;
        unsigned long long h1 = vn_linestats_hash(line, n, 42);
        vn_linestats_force_slow = 0;
        unsigned long long h2 = vn_linestats_hash(line, n, 42);
        CHECK(h1 == h2);
        vn_page_key_force_slow = 1;
        size_t k1 = vn_page_key(line, n, a);
        vn_page_key_force_slow = 0;
        size_t k2 = vn_page_key(line, n, b);
        CHECK(k1 == k2 && memcmp(a, b, k1 + 1) == 0);
        if (h1 != h2 || k1 != k2 || memcmp(a, b, k1 + 1) != 0) {
            printf("  line: %.*s\n", (int)n, line);
            break;
        }
        fast_hash += h1 != 0, fast_key += k1 != 0;
    }
    CHECK(fast_hash > 1000 && fast_key > 1000);
    /* a few by hand: raw and normalized forms of one line share a hash */
    CHECK(vn_linestats_hash("Trang  chủ\t", 13, 7) == vn_linestats_hash("trang chu", 9, 7));
    CHECK(vn_linestats_hash("\xE2\x80\x9CTin\xE2\x80\x9D", 9, 7) != 0);
    size_t k = vn_page_key("• Tin NỔI BẬT “Hà Nội” – Ơ Ư:", strlen("• Tin NỔI BẬT “Hà Nội” – Ơ Ư:"), a);
    CHECK(k == strlen("tin nổi bật “hà nội” – ơ ư") && strcmp(a, "tin nổi bật “hà nội” – ơ ư") == 0);
}

/* The clean-line check with the AVX-512 test, the AVX2 test and none writes
 * what the careful path writes (lines rich in E2 80 punctuation, which the
 * vector tests now pass when it is the kind the exact check keeps). */
static int normalize_same(vn_tone tone, const char *in, size_t n)
{
    vn_options o;
    vn_options_default(&o);
    o.tone = tone;
    o.legacy = 0;
    vn_buf r[4] = {VN_BUF_INIT, VN_BUF_INIT, VN_BUF_INIT, VN_BUF_INIT};
    vn_norm_info ni[4];
    vn_normalize(&o, in, n, &r[0], &ni[0]);
    vn_text_no_avx512 = 1;
    vn_normalize(&o, in, n, &r[1], &ni[1]);
    vn_text_no_avx512 = 0;
    vn_text_no_vector = 1;
    vn_normalize(&o, in, n, &r[2], &ni[2]);
    vn_text_no_vector = 0;
    vn_text_force_slow = 1;
    vn_normalize(&o, in, n, &r[3], &ni[3]);
    vn_text_force_slow = 0;
    int same = 1;
    for (int i = 0; i < 3; i++)
        same &= r[i].len == r[3].len && !memcmp(r[i].ptr, r[3].ptr, r[3].len) && ni[i].changed == ni[3].changed &&
                ni[i].controls == ni[3].controls && ni[i].invalid_bytes == ni[3].invalid_bytes;
    for (int i = 0; i < 4; i++)
        vn_buf_release(&r[i]);
    return same;
}

VN_TEST(front_clean_check_vector_paths_agree)
{
    unsigned long long rng = 0x2545F4914F6CDD1Dull;
    char line[2048];
    for (int it = 0; it < 3000; it++) {
        size_t n = random_line(&rng, line, sizeof line, 40 + (size_t)(it * 7919 % 1500), it % 4 ? 1 + it % 6 : 0);
        for (int t = 0; t < 3; t++)
            if (!normalize_same((vn_tone)t, line, n)) {
                CHECK(!"vector and careful paths differ");
                printf("  tone %d line: %.*s\n", t, (int)n, line);
                return;
            }
    }
    /* every E2 80 xx, at every place of a 64-byte block */
    for (int x = 0x80; x <= 0xC0; x++)
        for (int at = 0; at < 70; at++) {
            char s[160];
            memset(s, 'a', sizeof s);
            for (int i = 5; i < 150; i += 9)
                s[i] = ' ';
            s[at + 8] = (char)0xE2, s[at + 9] = (char)0x80, s[at + 10] = (char)x;
            CHECK(normalize_same(VN_TONE_OLD, s, 150));
        }
}

/* Keep mode: texts handed out stay until the release, also across the
 * reader's read buffers; a line that spans two is not kept (copied by the
 * caller, as before). */
VN_TEST(front_reader_keeps_texts_until_release)
{
    char path[] = "/tmp/vnews-front-keep-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    FILE *f = fdopen(fd, "w");
    enum { PAGES = 700 };
    for (int i = 0; i < PAGES; i++) {
        size_t len = 100 + (size_t)(i * 7919 % 9000);
        fprintf(f, "{\"id\":\"p%d\",\"text\":\"", i);
        for (size_t k = 0; k < len; k++)
            fputc(k % 97 == 96 ? ' ' : 'a' + (int)((k + (size_t)i) % 26), f);
        fprintf(f, "\\nend %d\"}\n", i);
    }
    fclose(f);
    const char *paths[] = {path};
    vn_reader *rd = vn_reader_new(paths, 1, 0);
    vn_reader_keep(rd, 1);
    const char *texts[PAGES];
    size_t lens[PAGES];
    int kept[PAGES], n = 0, nkept = 0;
    vn_page p;
    vn_error err;
    while (n < PAGES && vn_reader_next(rd, &p, &err) == VN_OK) {
        kept[n] = vn_reader_text_kept(rd);
        nkept += kept[n];
        texts[n] = p.text;
        lens[n] = p.text_len;
        n++;
    }
    CHECK(n == PAGES && nkept > PAGES - 10);
    for (int i = 0; i < n; i++) {
        if (!kept[i])
            continue;
        char want[32];
        int wl = snprintf(want, sizeof want, "\nend %d", i);
        CHECK(lens[i] > (size_t)wl && memcmp(texts[i] + lens[i] - (size_t)wl, want, (size_t)wl) == 0 &&
              texts[i][lens[i]] == '\0');
    }
    vn_reader_release(rd);
    vn_reader_free(rd);
    unlink(path);
}

/* The host of an address, kept from the last one: an address that only
 * starts like the last one is not given its host. */
VN_TEST(front_url_host_memo)
{
    static const char *const cases[][2] = {
        {"http://www.baomoi.com/a/c/1.epi", "baomoi.com"},
        {"http://www.baomoi.com/a/c/2.epi", "baomoi.com"},
        {"http://www.baomoi.com", "baomoi.com"},
        {"http://www.baomoi.com.vn/x", "baomoi.com.vn"},
        {"http://www.baomoi.com?x=1", "baomoi.com"},
        {"http://www.baomoi.co", "baomoi.co"},
        {"https://user@Tinh.GOV.vn:8080/a", "tinh.gov.vn"},
        {"https://user@Tinh.GOV.vn:8080/b", "tinh.gov.vn"},
        {"https://other@Tinh.GOV.vn:8080/b", "tinh.gov.vn"},
        {"https://user@Tinh.GOV.vn:80/b", "tinh.gov.vn"},
        {"  //x.vn/a", "x.vn"},
        {"//x.vn/a", "x.vn"},
        {"http://a b/", "a"},
        {"http://www.baomoi.com/a", "baomoi.com"},
        {"http://www.baomoi.com/a", "baomoi.com"},
        {"", ""},
        {"http://www.baomoi.com#top", "baomoi.com"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char host[256];
        size_t n = vn_url_host(cases[k][0], host, sizeof host);
        CHECK(n == strlen(cases[k][1]));
        CHECK_STR(host, cases[k][1]);
    }
    char small[4];
    CHECK(vn_url_host("http://www.baomoi.com/a", small, sizeof small) == 0 && small[0] == '\0');
}

/* "contains" furniture phrases are looked for at every word start, the
 * starts found sixty-four bytes a mask: at the key's start, after a space,
 * after '(' (also after several), across the masks' boundaries; not inside a
 * word. */
VN_TEST(front_lex_line_contains_at_every_word_start)
{
    const struct vn_page_lex *lx = unit_lexicon()->page;
    const char *why;
    char key[512];
    for (size_t pad = 0; pad < 140; pad += 7) {
        for (int form = 0; form < 4; form++) {
            size_t k = 0;
            for (size_t i = 0; i < pad; i++)
                key[k++] = i % 5 == 4 ? ' ' : 'x';
            if (pad && key[k - 1] != ' ')
                key[k++] = form == 1 ? '(' : ' ';
            if (form == 2)
                key[k++] = ' ';
            const char *ph = form == 3 ? "zbản quyền thuộc" : "bản quyền thuộc";
            memcpy(key + k, ph, strlen(ph));
            k += strlen(ph);
            key[k] = '\0';
            int words = vn_count_words(key, k, 64);
            vn_pl_kind got = vn_page_lex_line(lx, key, k, words, 0, &why);
            if (words <= 30)
                CHECK((got == PL_FURNITURE) == (form != 3));
        }
    }
}
