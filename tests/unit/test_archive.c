/* test_archive.c — Vietnamese tokens (tone placement, folding), duplicate
 * hashing and MinHash, terms, and a small archive: registry, people, file
 * checks. */
#include "../../src/archive/arc.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void word(const char *w, const char *canon, const char *folded)
{
    char c[VN_TOKEN_MAX + 1], f[VN_TOKEN_MAX + 1];
    size_t cl, fl;
    vn_arc_word(w, strlen(w), c, &cl, f, &fl);
    CHECK_STR(c, canon);
    CHECK_STR(f, folded);
}

VN_TEST(archive_word_canonical_tone_placement)
{
    word("hòa", "hòa", "hoa");
    word("hoà", "hòa", "hoa");          /* new placement -> traditional */
    word("HOÀ", "hòa", "hoa");
    word("hoa\xCC\x80", "hòa", "hoa");  /* NFD: hoa + combining grave */
    word("thuỷ", "thủy", "thuy");
    word("Uỷ", "ủy", "uy");
    word("khoẻ", "khỏe", "khoe");
    word("người", "người", "nguoi");
    word("ngừơi", "người", "nguoi");    /* tone on the wrong horn */
    word("quý", "quý", "quy");
    word("giữa", "giữa", "giua");
    word("hoàn", "hoàn", "hoan");       /* closed syllable: the last vowel */
    word("hòan", "hoàn", "hoan");
    word("ngoài", "ngoài", "ngoai");
    word("Đảng", "đảng", "dang");
    word("\xC3\x90\xE1\xBA\xA3ng", "đảng", "dang"); /* Ð (U+00D0) look-alike */
    word("Covid", "covid", "covid");
    word("2023", "2023", "2023");
}

VN_TEST(archive_fold_text)
{
    vn_buf b = VN_BUF_INIT;
    const char *s = "Tuyên  giáo, Tỉnh-ủy (Lào Cai)!";
    vn_arc_fold_text(s, strlen(s), &b);
    CHECK_STR(b.ptr, "tuyen giao tinh uy lao cai");
    vn_buf_reset(&b);
    s = "  Bí thư   Tỉnh uỷ ";
    vn_arc_canon_text(s, strlen(s), &b);
    CHECK_STR(b.ptr, "bí thư tỉnh ủy");
    vn_buf_release(&b);
    CHECK(vn_arc_has_diacritics("tuyên", 6));
    CHECK(!vn_arc_has_diacritics("tuyen giao", 10));
    CHECK(vn_arc_has_diacritics("dang \xC4\x91", 7)); /* đ */
}

VN_TEST(archive_terms)
{
    CHECK(vn_arc_term(2016) == 2016);
    CHECK(vn_arc_term(2020) == 2016);
    CHECK(vn_arc_term(2021) == 2021);
    CHECK(vn_arc_term(2025) == 2021);
    CHECK(vn_arc_term(2026) == 2026);
    CHECK(vn_arc_term(2015) == 2011);
    CHECK(vn_arc_term(0) == 0);
}

static const char *body_a =
    "Chiều 27/12, Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị tổng kết công tác tuyên giáo năm 2023 "
    "và triển khai nhiệm vụ năm 2024. Đồng chí Phó Bí thư Thường trực Tỉnh ủy dự và chỉ đạo hội "
    "nghị. Năm 2023, ngành tuyên giáo đã tham mưu thực hiện tốt công tác giáo dục chính trị, tư "
    "tưởng, bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái.";

static void item_json(vn_archive_item *it, const char *id, const char *title, const char *body)
{
    vn_buf j = VN_BUF_INIT;
    vn_buf_adds(&j, "{\"id\":");
    vn_buf_add_json_str(&j, id, strlen(id));
    vn_buf_adds(&j, ",\"title\":");
    vn_buf_add_json_str(&j, title, strlen(title));
    vn_buf_adds(&j, ",\"body\":[");
    vn_buf_add_json_str(&j, body, strlen(body));
    vn_buf_adds(&j, "]}");
    vn_error e;
    CHECK(vn_archive_item_from_json(it, j.ptr, j.len, &e) == VN_OK);
    vn_buf_release(&j);
}

static char *strip_marks(const char *s)
{
    /* a crude diacritic stripper through the folded text of each word */
    vn_buf b = VN_BUF_INIT;
    vn_arc_fold_text(s, strlen(s), &b);
    char *r = strdup(b.ptr);
    vn_buf_release(&b);
    return r;
}

VN_TEST(archive_duplicate_hashes)
{
    vn_archive_item *a = vn_archive_item_new(), *b = vn_archive_item_new();
    item_json(a, "a", "Hội nghị tổng kết công tác tuyên giáo", body_a);
    unsigned char ha[16];
    memcpy(ha, a->hash, 16);
    uint32_t sig[VN_MH_HASHES];
    memcpy(sig, a->sig, sizeof sig);
    CHECK(a->has_sig);
    /* a copy without diacritics, in other case and spacing: the same hash */
    char *bare = strip_marks(body_a);
    item_json(b, "b", "HOI NGHI tong ket   cong tac tuyen giao", bare);
    CHECK(memcmp(ha, b->hash, 16) == 0);
    /* one word changed: another hash, but MinHash finds it close */
    char *changed = strdup(body_a);
    memcpy(strstr(changed, "Chiều"), "Sáng ", 6); /* same byte length: "Chiều" is 6 bytes */
    item_json(b, "c", "Hội nghị tổng kết công tác tuyên giáo", changed);
    CHECK(memcmp(ha, b->hash, 16) != 0);
    int same = 0;
    for (int h = 0; h < VN_MH_HASHES; h++)
        same += sig[h] == b->sig[h];
    CHECK(same >= VN_MH_HASHES * 8 / 10);
    /* another article: far */
    item_json(b, "d", "Lào Cai đón Huân chương",
              "Tỉnh Lào Cai long trọng tổ chức lễ đón nhận Huân chương Lao động hạng Nhất vì"
              " những thành tích xuất sắc trong phát triển kinh tế xã hội giai đoạn vừa qua.");
    same = 0;
    for (int h = 0; h < VN_MH_HASHES; h++)
        same += sig[h] == b->sig[h];
    CHECK(same < VN_MH_HASHES / 5);
    free(bare);
    free(changed);
    vn_archive_item_free(a);
    vn_archive_item_free(b);
}

static char *tmp_path(const char *name)
{
    static char p[256];
    snprintf(p, sizeof p, "/tmp/vnews-unit-%d-%s", (int)getpid(), name);
    return p;
}

static void rm_db(const char *p)
{
    char x[300];
    unlink(p);
    snprintf(x, sizeof x, "%s-wal", p);
    unlink(x);
    snprintf(x, sizeof x, "%s-shm", p);
    unlink(x);
}

static int query(vn_archive *a, const char *what, const char *q, vn_buf *out)
{
    const char *args[2] = {q, NULL};
    vn_error e;
    vn_buf_reset(out);
    return vn_archive_query(a, what, args, q ? 1 : 0, 0, out, &e);
}

VN_TEST(archive_registry_and_people)
{
    char path[256];
    snprintf(path, sizeof path, "%s", tmp_path("a.db"));
    rm_db(path);
    vn_archive *a;
    vn_error e;
    CHECK(vn_archive_open(path, VN_OPEN_WRITE, &a, &e) == VN_OK);
    if (!a)
        return;
    static const char *recs[] = {
        "{\"id\":\"1\",\"published\":\"2016-06-01\",\"province\":{\"name\":\"Hà Giang\",\"now\":\"Tuyên Quang\"},"
        "\"title\":\"Một\",\"body\":[\"Chỉ thị 05-CT/TW.\"],"
        "\"documents\":[{\"kind\":\"Chỉ thị\",\"code\":\"05-CT/TW\",\"number\":\"05\",\"date\":\"2016-05-15\"}],"
        "\"people\":[{\"name\":\"Nguyễn Văn Sơn\",\"positions\":[\"Bí thư Tỉnh ủy\"]}]}",
        "{\"id\":\"2\",\"published\":\"2021-08-01\",\"province\":{\"name\":\"Hà Giang\",\"now\":\"Tuyên Quang\"},"
        "\"title\":\"Hai\",\"body\":[\"Chỉ thị 05-CT/TW mới.\"],"
        "\"documents\":[{\"kind\":\"Chỉ thị\",\"code\":\"05 – CT/TW\",\"number\":\"05\",\"date\":\"2021-07-20\"}],"
        "\"people\":[{\"name\":\"Nguyễn Văn Sơn\",\"positions\":[\"Bí thư Tỉnh uỷ\"]}]}",
        "{\"id\":\"3\",\"published\":\"2018-03-01\",\"province\":{\"name\":\"Hà Giang\",\"now\":\"Tuyên Quang\"},"
        "\"title\":\"Ba\",\"body\":[\"Chỉ thị 05.\"],"
        "\"documents\":[{\"kind\":\"Chỉ thị\",\"code\":null,\"number\":\"05\"}],"
        "\"people\":[{\"name\":\"Nguyễn Văn Sơn\",\"positions\":[\"Chủ tịch UBND tỉnh\"],\"in\":\"related\"}]}",
        "{\"id\":\"4\",\"published\":\"2019-03-01\",\"province\":{\"name\":\"Cà Mau\",\"now\":\"Cà Mau\"},"
        "\"title\":\"Bốn\",\"body\":[\"Ông Sơn.\"],"
        "\"people\":[{\"name\":\"Nguyễn Văn Sơn\",\"positions\":[\"Chủ tịch UBND tỉnh\"]}]}",
    };
    vn_ingest_stats st = {0};
    CHECK(vn_archive_begin(a, &e) == VN_OK);
    for (int i = 0; i < 4; i++)
        CHECK(vn_archive_add_json(a, recs[i], strlen(recs[i]), &st, &e) == VN_OK);
    CHECK(vn_archive_commit(a, &e) == VN_OK);
    CHECK(st.added == 4);
    /* idempotent */
    CHECK(vn_archive_add_json(a, recs[0], strlen(recs[0]), &st, &e) == VN_OK);
    CHECK(st.added == 4 && st.unchanged == 1);
    CHECK(vn_archive_finish(a, &e) == VN_OK);

    vn_buf out = VN_BUF_INIT;
    CHECK(query(a, "docs", "q=05-CT/TW", &out) == VN_OK);
    /* two terms, two entries; the short form of 2018 belongs to 2016's */
    CHECK(strstr(out.ptr, "\"term\":2016") && strstr(out.ptr, "\"term\":2021"));
    CHECK(strstr(out.ptr, "\"id\":\"3\",\"date\":\"2018-03-01\"") != NULL);
    CHECK(query(a, "people", "q=nguyen van son", &out) == VN_OK);
    int n = 0;
    for (const char *p = out.ptr; (p = strchr(p, '\n')); p++)
        n++;
    CHECK(n == 2); /* Hà Giang's (2016-2021, both tone placements) and Cà Mau's */
    CHECK(strstr(out.ptr, "\"articles\":2") != NULL);
    CHECK(strstr(out.ptr, "\"to\":\"2021-08-01\"") != NULL);
    const char *who[] = {"q=bi thu tinh uy", "province=Tuyên Quang", "date=2019"};
    vn_buf_reset(&out);
    CHECK(vn_archive_query(a, "who", who, 3, 0, &out, &e) == VN_OK);
    CHECK(strstr(out.ptr, "Nguyễn Văn Sơn") != NULL);
    CHECK(query(a, "search", "q=chi thi", &out) == VN_OK);
    CHECK(query(a, "search", "q=zzzz", &out) == VN_ERR_NOT_FOUND);
    vn_buf_release(&out);
    vn_archive_close(a);
    rm_db(path);
}

VN_TEST(archive_refuses_foreign_files)
{
    char path[256];
    snprintf(path, sizeof path, "%s", tmp_path("text.db"));
    FILE *f = fopen(path, "w");
    fputs("not a database, just some text that is long enough to have a header........"
          "..............................................................",
          f);
    fclose(f);
    vn_archive *a = NULL;
    vn_error e;
    CHECK(vn_archive_open(path, VN_OPEN_WRITE, &a, &e) == VN_ERR_CORRUPT);
    CHECK(a == NULL);
    CHECK(strstr(e.file, "text.db") != NULL);
    CHECK(strstr(e.msg, "text file") != NULL);
    CHECK(vn_archive_open(tmp_path("absent.db"), VN_OPEN_READ, &a, &e) == VN_ERR_NOT_FOUND);
    CHECK(access(tmp_path("absent.db"), F_OK) != 0);
    rm_db(path);
}
