/* test_places.c — the gazetteer loader and its lookups, and the places
 * extractor through the library (province, resolution in context). */
#include "../../src/core/record.h"
#include "../../src/core/uni.h"
#include "../../src/extract/gazetteer.h"
#include "../../src/extract/places.h"
#include "../../src/extract/places_start.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct vn_gazetteer *gaz(void)
{
    return ((const struct vn_lexicon *)unit_lexicon())->gaz;
}

/* How many units of `level` the name has, and the first one's index. */
static int units_named(const char *name, int level, int *first)
{
    const struct vn_gazetteer *gz = gaz();
    int g = gz_lookup(gz, name, strlen(name)), n, count = 0;
    if (g < 0)
        return 0;
    const gz_ref *r = gz_group(gz, g, &n);
    for (int k = 0; k < n; k++)
        if (gz->units[r[k].unit].level == level) {
            if (!count++ && first)
                *first = r[k].unit;
        }
    return count;
}

VN_TEST(gazetteer_loads_units_of_both_eras)
{
    const struct vn_gazetteer *gz = gaz();
    CHECK(gz != NULL);
    if (!gz)
        return;
    int olds = 0, news = 0;
    for (int u = 0; u < gz->nunits; u++)
        if (gz->units[u].level == 1)
            gz->units[u].era == GZ_OLD ? olds++ : news++;
    CHECK(olds == 64); /* 63 provinces on 1 March 2025 and Hà Tây, dissolved in 2008 */
    CHECK(news == 34);
    CHECK(gz->nunits > 15000);
}

VN_TEST(gazetteer_merger_and_buckets)
{
    const struct vn_gazetteer *gz = gaz();
    int u = -1;
    CHECK(units_named("Bắc Kạn", 1, &u) == 1);
    CHECK(u >= 0 && strcmp(gz->units[gz->units[u].now].name, "Thái Nguyên") == 0);
    CHECK(units_named("Yên Bái", 1, &u) == 1);
    CHECK(u >= 0 && strcmp(gz->units[gz->units[u].now].name, "Lào Cai") == 0);
    /* old and new Lào Cai count for the same province */
    int g = gz_lookup(gz, "Lào Cai", strlen("Lào Cai")), n, b = -1, same = 1;
    const gz_ref *r = gz_group(gz, g, &n);
    for (int k = 0; k < n; k++)
        if (gz->units[r[k].unit].level == 1) {
            if (b < 0)
                b = gz->units[r[k].unit].bucket;
            same &= gz->units[r[k].unit].bucket == b;
        }
    CHECK(b >= 0 && same);
    CHECK(units_named("Hà Tây", 1, &u) == 1);
    CHECK(u >= 0 && strcmp(gz->units[gz->units[u].now].name, "Hà Nội") == 0 && gz->units[u].dissolved);
}

VN_TEST(gazetteer_shared_district_names)
{
    const struct vn_gazetteer *gz = gaz();
    int u = -1;
    /* Kỳ Sơn: Nghệ An's, and Hòa Bình's, dissolved in 2019 */
    CHECK(units_named("Kỳ Sơn", 2, &u) == 2);
    CHECK(units_named("Tương Dương", 2, &u) == 1);
    CHECK(u >= 0 && strcmp(gz->units[gz->units[u].province].name, "Nghệ An") == 0);
    /* former names and both tone placements */
    CHECK(units_named("Thừa Thiên Huế", 1, NULL) >= 1);
    CHECK(units_named("Hoà Bình", 1, NULL) == 1);
    CHECK(units_named("Hòa Bình", 1, NULL) == 1);
    CHECK(units_named("Bà Rịa-Vũng Tàu", 1, NULL) == 1);
    CHECK(units_named("Vân Nam", 1, NULL) == 0);
}

VN_TEST(gazetteer_tone_variant)
{
    char out[64];
    CHECK(gz_tone_variant("Hòa Bình", strlen("Hòa Bình"), out) && strcmp(out, "Hoà Bình") == 0);
    CHECK(gz_tone_variant("Hoà Bình", strlen("Hoà Bình"), out) && strcmp(out, "Hòa Bình") == 0);
    CHECK(gz_tone_variant("Tỉnh ủy", strlen("Tỉnh ủy"), out) && strcmp(out, "Tỉnh uỷ") == 0);
    CHECK(!gz_tone_variant("Quý Hoàng", strlen("Quý Hoàng"), out));
    CHECK(!gz_tone_variant("Hoàng Mai", strlen("Hoàng Mai"), out));
}

VN_TEST(gazetteer_hosts)
{
    const struct vn_gazetteer *gz = gaz();
    const char *cases[][2] = {{"laocai.gov.vn", "Lào Cai"}, {"baobackan.vn", "Bắc Kạn"},
                              {"thainguyen.dcs.vn", "Thái Nguyên"}, {"www.nghean.gov.vn", "Nghệ An"},
                              {"tuyengiaonghean.vn", "Nghệ An"}, {"hanoimoi.vn", "Hà Nội"},
                              {"tphcm.chinhphu.vn", "Hồ Chí Minh"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int b = gz_host_bucket(gz, cases[i][0]);
        CHECK(b >= 0);
        if (b >= 0)
            CHECK_STR(gz->units[gz->bucket_unit[b]].name, cases[i][1]);
    }
    CHECK(gz_host_bucket(gz, "dangcongsan.vn") < 0);
    CHECK(gz_host_bucket(gz, "tuyengiao.vn") < 0);
    CHECK(gz_host_bucket(gz, "baomoi.com") < 0);
}

VN_TEST(gazetteer_type_words)
{
    const struct vn_gazetteer *gz = gaz();
    const char *words[] = {"huyện", "Huyện ủy", "Huyện uỷ", "TỈNH", "Thành phố", "TP", "thị trấn"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        CHECK(vn_trie_get(gz->types, words[i], strlen(words[i])) >= 0);
    CHECK(gz_type_parse("thị xã") == GZ_THIXA && gz_type_levels(GZ_THIXA) == 2);
    CHECK(gz_type_levels(GZ_THANHPHO) == 12);
}

/* ------------------------------------------------- the scanner's filters */

/* The place scanner (places_scan.c) lets a word start through to the
 * recognizer only if its tests on the first bytes pass; each must pass
 * wherever the recognizer could find something. */

VN_TEST(scanner_capital_test_passes_every_capital)
{
    /* every character, and the lead bytes before any two bytes (cap_at reads
     * the low bits of a continuation byte whatever the high ones) */
    unsigned char buf[24];
    int missed = 0;
    for (int32_t c = 0x20; c < 0x30000; c++) {
        if (c >= 0xD800 && c < 0xE000)
            continue;
        memset(buf, 0, sizeof buf);
        int len = vn_utf8_put(c, (char *)buf);
        missed += cap_at((const char *)buf, (size_t)len, 0) && !pl_cap_maybe(buf);
    }
    for (unsigned b0 = 0x80; b0 < 0x100; b0++)
        for (unsigned b1 = 0; b1 < 0x100; b1++)
            for (unsigned b2 = 0x3F; b2 < 0x100; b2 += 0x40) {
                memset(buf, 0, sizeof buf);
                buf[0] = (unsigned char)b0, buf[1] = (unsigned char)b1, buf[2] = (unsigned char)b2;
                missed += cap_at((const char *)buf, 3, 0) && !pl_cap_maybe(buf);
            }
    CHECK(missed == 0);
}

/* The forms the loader puts a type word in (put_cased in gazetteer.c). */
static int type_forms(const char *s, char forms[8][64])
{
    int nf = 0;
    size_t n = strlen(s);
    for (int form = 0; form < 4; form++) {
        char buf[64];
        size_t o = gz_case_form(s, n, form, buf, sizeof buf);
        memcpy(forms[nf++], buf, o + 1);
        if (gz_tone_variant(buf, o, forms[nf]))
            nf++;
    }
    return nf;
}

static int type_line(char *line, size_t len, int lineno, void *ctx)
{
    (void)len, (void)lineno;
    char *f[3];
    if (vn_data_fields(line, f, 3) < 2 || strcmp(f[0], "type") != 0)
        return 0;
    const struct vn_gazetteer *gz = gaz();
    char forms[8][64];
    int nf = type_forms(f[1], forms);
    for (int k = 0; k < nf; k++) {
        unsigned char buf[96] = {0};
        size_t n = strlen(forms[k]), ml;
        memcpy(buf, forms[k], n);
        memcpy(buf + n, " Hà", 4);
        int found = vn_trie_longest(gz->types, (const char *)buf, n + 4, &ml) >= 0;
        if (found && !pl_type_may_start(buf)) {
            printf("  the scanner's type test misses \"%s\"\n", forms[k]);
            ++*(int *)ctx;
        }
    }
    return 0;
}

VN_TEST(scanner_type_test_passes_every_type_word)
{
    int missed = 0;
    vn_error err;
    memset(&err, 0, sizeof err);
    CHECK(vn_data_each_line(VNEWS_DATADIR, "gazetteer-aliases.tsv", type_line, &missed, &err) == VN_OK);
    CHECK(missed == 0);
    unsigned char small[16] = "thì là", tinh[16] = "tỉnh";
    CHECK(!pl_type_may_start(small) && pl_type_may_start(tinh));
}

/* The candidate list of pl_scan_chunk over s[0..n) into out (n entries at
 * most), for the given instruction sets; its length. */
static size_t scan_all(const struct vn_gazetteer *gz, const char *s, size_t n, size_t *out)
{
    static pl_chunk c;
    size_t k = 0;
    pl_chunk_restart(&c, 0);
    while (c.at < n) {
        pl_scan_chunk(&c, s, n, gz);
        for (int j = 0; j < c.n && k < n; j++)
            out[k++] = c.base + c.start[j];
    }
    return k;
}

VN_TEST(scanner_paths_list_the_same_starts)
{
    /* the AVX-512 path tests the type words in its masks, the AVX2 path at
     * each start: random text of the bytes those tests look at */
    const struct vn_gazetteer *gz = gaz();
    CHECK(gz != NULL);
    if (!gz)
        return;
    static struct vn_gazetteer alt;
    static const unsigned char pick[] = {'t', 'T', 'h', 'H', 'q', 'Q', 'p', 'P', 'x', 'X', 'u', 'y', 'n', 'a', ' ',
                                         ' ', ',', 0xC4, 0x91, 0x90, 0x89, 0x88, 0xA0, 0x80, 0xC3, 0xE1, 0xBB,
                                         0xBA, 0x8B, 0x8A, 0x87, 0x86, 0xAD, 0xAC, 0x9D, 0x9C, 0xA3, 0x83, 0xB7,
                                         0xB6, 'A', 'Z', 0xC6, 0xE2,
                                         /* (the capital test: small letters with diacritics and the rest) */
                                         0xC5, 0xA9, 0xA1, 0xB0, 0xB1, 0xC1, 0xC2, 0xD0, 0xE0, 0xE3, 'B', 'b', 'G'};
    enum { LEN = 700 };
    static char text[LEN];
    static size_t want[LEN], got[LEN];
    srand(7);
    int differ = 0;
    for (int round = 0; round < 3000; round++) {
        size_t n = 1 + (size_t)rand() % LEN;
        for (size_t i = 0; i < n; i++)
            text[i] = (char)pick[(size_t)rand() % sizeof pick];
        memcpy(&alt, gz, sizeof alt);
        alt.avx512 = 0;
        size_t nw = scan_all(&alt, text, n, want); /* AVX2 (or plain) */
        alt.avx512 = gz->avx512;
        size_t ng = scan_all(&alt, text, n, got);
        differ += ng != nw || memcmp(want, got, ng * sizeof *got) != 0;
    }
    CHECK(differ == 0);
}

VN_TEST(scanner_lead_test_passes_every_name)
{
    /* every bare province and district spelling, followed by a space, a comma
     * or nothing, as the scanner sees it: the first word's end is the first
     * byte that is ASCII other than a letter or digit, or C2/E2 */
    const struct vn_gazetteer *gz = gaz();
    const pl_lookup *t = &gz->name_lookup;
    int missed = 0, tried = 0;
    for (int k = 0; k < t->nkeys; k++) {
        int g = t->sp[k].value, n, wanted = gz->gbare[g];
        const gz_ref *r = gz_group(gz, g, &n);
        for (int i = 0; i < n; i++)
            wanted |= gz->units[r[i].unit].level == 2;
        if (!wanted || t->sp[k].len > 60)
            continue;
        static const char *const after[] = {" x", ",", ""};
        for (int a = 0; a < 3; a++) {
            unsigned char buf[96] = {0};
            memcpy(buf, t->sp[k].key, t->sp[k].len);
            memcpy(buf + t->sp[k].len, after[a], strlen(after[a]));
            unsigned e1 = 0;
            while (e1 < 8 && ((buf[e1] >= 0x80 && buf[e1] != 0xC2 && buf[e1] != 0xE2) ||
                              ((buf[e1] | 32) >= 'a' && (buf[e1] | 32) <= 'z') || (buf[e1] >= '0' && buf[e1] <= '9')))
                e1++;
            tried++;
            missed += !gz_lead8(gz, pl_load8(buf), e1, buf + e1 + 1);
        }
    }
    CHECK(tried > 1000 && missed == 0);
}

/* The hashed lookup (places_lookup.c) answers as the tries it stands for:
 * every spelling with words after it, cut short, and run into the next. */
static int lookup_differs(const struct vn_gazetteer *gz, const char *s, size_t n)
{
    size_t m1 = 0, m2 = 0, m3 = 0, m4 = 0;
    int a = pl_lookup_longest(&gz->name_lookup, NULL, gz->names, s, n, &m1);
    int b = vn_trie_longest(gz->names, s, n, &m2);
    int c = pl_lookup_longest(&gz->name_lookup, gz->gbare, gz->bare, s, n, &m3);
    int d = vn_trie_longest(gz->bare, s, n, &m4);
    return a != b || (a >= 0 && m1 != m2) || c != d || (c >= 0 && m3 != m4);
}

VN_TEST(lookup_answers_as_the_tries)
{
    const struct vn_gazetteer *gz = gaz();
    CHECK(gz != NULL);
    if (!gz)
        return;
    const pl_lookup *t = &gz->name_lookup;
    static const char *const after[] = {"", " ", ",", " x", " Hà Nội", " Thành Phố Hồ Chí Minh và", "-Vũng Tàu",
                                        " (Lào Cai)", "abc", " Bình Dương Xanh Đỏ Tím Vàng Lục Lam"};
    int differ = 0, tried = 0;
    for (int k = 0; k < t->nkeys; k += 3) {
        const pl_spelling *sp = &t->sp[k];
        if (sp->len > 60)
            continue;
        for (size_t a = 0; a < sizeof after / sizeof *after; a++) {
            char buf[160];
            size_t al = strlen(after[a]);
            memcpy(buf, sp->key, sp->len);
            memcpy(buf + sp->len, after[a], al);
            for (size_t cut = 0; cut < 3 && cut < sp->len; cut++) { /* whole, and one or two bytes short */
                size_t n = cut ? sp->len - cut : sp->len + al;
                differ += lookup_differs(gz, buf, n);
                tried++;
            }
        }
        /* two spellings in a row */
        const pl_spelling *sq = &t->sp[(k * 7 + 1) % t->nkeys];
        if (sq->len <= 60) {
            char buf[160];
            memcpy(buf, sp->key, sp->len);
            buf[sp->len] = ' ';
            memcpy(buf + sp->len + 1, sq->key, sq->len);
            differ += lookup_differs(gz, buf, sp->len + 1 + sq->len);
            tried++;
        }
    }
    CHECK(tried > 10000 && differ == 0);
}

/* ------------------------------------------------------------ extraction */

static const vn_record *run(vn_context **ctx, const char *text, const char *url, const char *date)
{
    if (!*ctx)
        *ctx = vn_context_new(unit_lexicon(), NULL);
    vn_page p;
    memset(&p, 0, sizeof p);
    p.id = "t";
    p.text = text;
    p.text_len = strlen(text);
    p.url = url;
    p.date = date;
    const vn_record *r = NULL;
    return vn_process(*ctx, &p, &r) == VN_OK ? r : NULL;
}

static const vn_entity *place(const vn_record *r, const char *name)
{
    for (int i = 0; r && i < r->places.n; i++)
        if (strcmp(r->places.v[i].name, name) == 0)
            return &r->places.v[i];
    return NULL;
}

VN_TEST(places_districts_make_the_province)
{
    vn_context *c = NULL;
    const vn_record *r = run(&c, "Đoàn công tác làm việc với 6 Huyện ủy: Kỳ Sơn, Tương Dương, Con Cuông, "
                                 "Anh Sơn, Tân Kỳ, Thanh Chương.\n", NULL, NULL);
    CHECK(r && r->province_name && strcmp(r->province_name, "Nghệ An") == 0);
    const vn_entity *e = place(r, "Kỳ Sơn");
    CHECK(e && e->province && strcmp(e->province, "Nghệ An") == 0 && strcmp(e->type, "huyện") == 0);
    CHECK(r && r->places.n == 6);
    vn_context_free(c);
}

VN_TEST(places_province_after_merger)
{
    vn_context *c = NULL;
    const vn_record *r = run(&c, "Tỉnh ủy Bắc Kạn tổ chức hội nghị.\nCác đại biểu tỉnh Bắc Kạn dự.\n", NULL, NULL);
    CHECK(r && r->province_name && strcmp(r->province_name, "Bắc Kạn") == 0);
    CHECK(r && r->province_now && strcmp(r->province_now, "Thái Nguyên") == 0);
    const vn_entity *e = place(r, "Bắc Kạn");
    CHECK(e && strcmp(e->type, "tỉnh") == 0 && e->spans.n == 2);
    vn_context_free(c);
}

VN_TEST(places_address_chain)
{
    vn_context *c = NULL;
    /* Kỳ Sơn of Hòa Bình, named by its address, in an article about Hòa Bình */
    const vn_record *r = run(&c, "Xã Dân Hạ, huyện Kỳ Sơn, tỉnh Hòa Bình tổ chức lễ ra mắt.\n", NULL, NULL);
    const vn_entity *e = place(r, "Kỳ Sơn");
    CHECK(e && e->province && strcmp(e->province, "Hòa Bình") == 0);
    CHECK(r && r->province_now && strcmp(r->province_now, "Phú Thọ") == 0);
    vn_context_free(c);
}

VN_TEST(places_not_abroad_not_people)
{
    vn_context *c = NULL;
    const vn_record *r = run(&c, "Đồn Biên phòng tỉnh Lào Cai hội đàm với Trạm Hà Khẩu (tỉnh Vân Nam, Trung Quốc) "
                                 "và đoàn tỉnh Hà Nam, Trung Quốc; đồng chí Nguyễn Hòa Bình dự; chiến thắng "
                                 "Điện Biên Phủ; bờ Thái Bình Dương; đường Lào Cai.\n", NULL, NULL);
    CHECK(place(r, "Lào Cai") != NULL);
    CHECK(place(r, "Vân Nam") == NULL);
    CHECK(place(r, "Hà Nam") == NULL);
    CHECK(place(r, "Hòa Bình") == NULL);
    CHECK(place(r, "Điện Biên") == NULL);
    CHECK(place(r, "Thái Bình") == NULL && place(r, "Bình Dương") == NULL);
    const vn_entity *e = place(r, "Lào Cai");
    CHECK(e && e->spans.n == 1);
    vn_context_free(c);
}

VN_TEST(places_host_and_era)
{
    vn_context *c = NULL;
    const vn_record *r = run(&c, "Hội nghị giao ban công tác tuyên giáo.\n", "https://laocai.gov.vn/tin/1", NULL);
    CHECK(r && r->province_name && strcmp(r->province_name, "Lào Cai") == 0);
    vn_context_free(c);
}

VN_TEST(places_linear_on_pathological_lines)
{
    /* a line of 200,000 capitalized words, then "các xã" and 20,000 list items: one pass each */
    size_t cap = 4 << 20, n = 0;
    char *text = malloc(cap);
    for (int i = 0; i < 200000 && n + 64 < cap; i++)
        n += (size_t)snprintf(text + n, cap - n, "%s ", i % 3 ? "Lào Cai Nguyễn" : "Hà Nội");
    text[n++] = '\n';
    n += (size_t)snprintf(text + n, cap - n, "các xã ");
    for (int i = 0; i < 20000 && n + 64 < cap; i++)
        n += (size_t)snprintf(text + n, cap - n, "Tân Lập, ");
    text[n] = '\0';
    vn_context *c = NULL;
    clock_t t0 = clock();
    const vn_record *r = run(&c, text, NULL, NULL);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(r != NULL);
    CHECK(secs < 5.0);
    CHECK(place(r, "Tân Lập") != NULL);
    free(text);
    vn_context_free(c);
}
