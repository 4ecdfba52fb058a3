/* test_dates.c — vn_date_scan (the date grammar of dates.c) and the
 * resolution of partial dates against the publication date or the years an
 * article names; the scan's shortcuts (vector digit searches, the filter
 * before a window, the indexed cue lists) against the plain ways. */
#include "../../src/extract/events_int.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

static size_t scan(const vn_record *r, const char *s, int *y, int *m, int *d)
{
    return vn_date_scan(r, s, strlen(s), y, m, d);
}

#define DATE_IS(r, s, Y, M, D)                                             \
    do {                                                                   \
        int y_, m_, d_;                                                    \
        size_t k_ = scan((r), (s), &y_, &m_, &d_);                         \
        if (!k_ || y_ != (Y) || m_ != (M) || d_ != (D)) {                  \
            printf("  %s:%d: \"%s\" -> %zu %d-%d-%d\n", __FILE__, __LINE__, \
                   (s), k_, y_, m_, d_);                                   \
            vn_test_failures++;                                            \
        }                                                                  \
    } while (0)

#define NOT_DATE(s)                                                         \
    do {                                                                    \
        int y_, m_, d_;                                                     \
        size_t k_ = scan(NULL, (s), &y_, &m_, &d_);                         \
        if (k_) {                                                           \
            printf("  %s:%d: \"%s\" is not a date, got %zu %d-%d-%d\n",     \
                   __FILE__, __LINE__, (s), k_, y_, m_, d_);                \
            vn_test_failures++;                                             \
        }                                                                   \
    } while (0)

VN_TEST(dates_absolute)
{
    DATE_IS(NULL, "24/10/2018", 2018, 10, 24);
    DATE_IS(NULL, "24-10-2018", 2018, 10, 24);
    DATE_IS(NULL, "24.10.2018", 2018, 10, 24);
    DATE_IS(NULL, "ngày 24 tháng 10 năm 2018", 2018, 10, 24);
    DATE_IS(NULL, "Ngày 5 tháng 8 năm 2019,", 2019, 8, 5);
    DATE_IS(NULL, "2022-07-01T15:09", 2022, 7, 1);
    DATE_IS(NULL, "tháng 10/2018", 2018, 10, 0);
    DATE_IS(NULL, "Tháng 11 năm 2020", 2020, 11, 0);
    DATE_IS(NULL, "29/2/2024", 2024, 2, 29);
    int y, m, d;
    CHECK(scan(NULL, "24/10/2018 của Bộ Chính trị", &y, &m, &d) == strlen("24/10/2018"));
}

VN_TEST(dates_partial)
{
    DATE_IS(NULL, "19-3", 0, 3, 19);
    DATE_IS(NULL, "27/12", 0, 12, 27);
    DATE_IS(NULL, "ngày 27/12", 0, 12, 27);
    DATE_IS(NULL, "Chiều 19-3, đồng chí", 0, 3, 19);
    DATE_IS(NULL, "Thứ Hai, 27/12", 0, 12, 27);
    DATE_IS(NULL, "Sáng thứ Hai (7/11)", 0, 11, 7);
    DATE_IS(NULL, "sáng nay (19-3)", 0, 3, 19);
    DATE_IS(NULL, "24 tháng 10", 0, 10, 24);
    int y, m, d;
    CHECK(scan(NULL, "Chiều 19-3, đồng chí", &y, &m, &d) == strlen("Chiều 19-3"));
}

VN_TEST(dates_not_dates)
{
    NOT_DATE("30/2020/NĐ-CP");
    NOT_DATE("12/2020/NĐ-CP");
    NOT_DATE("35-NQ/TW");
    NOT_DATE("2556/QĐ-UBND");
    NOT_DATE("32/12");
    NOT_DATE("12/13");
    NOT_DATE("31/4/2020");
    NOT_DATE("29/2/2023");
    NOT_DATE("1/1/1/1/1");
    NOT_DATE("24.10");
    NOT_DATE("quý I/2026");
    NOT_DATE("19-3-CT");
    NOT_DATE("COVID-19");
    NOT_DATE("tháng 13");
    NOT_DATE("ngày ngày ngày");
    NOT_DATE("");
    NOT_DATE("1.528");
}

VN_TEST(dates_publication)
{
    vn_record r;
    memset(&r, 0, sizeof r);
    r.pub_year = 2024, r.pub_month = 1, r.pub_day = 3;
    DATE_IS(&r, "Chiều 30/12", 2023, 12, 30);
    DATE_IS(&r, "ngày 2/1", 2024, 1, 2);
    DATE_IS(&r, "ngày 8/1", 2024, 1, 8);   /* announced a few days ahead */
    DATE_IS(&r, "ngày 20/1", 2023, 1, 20); /* the latest not after publication */
    DATE_IS(&r, "24/10/2018", 2018, 10, 24);
    memset(&r, 0, sizeof r);
    r.published = "2022-07-01T15:09";
    DATE_IS(&r, "sáng 15/6", 2022, 6, 15);
    memset(&r, 0, sizeof r);
    r.date_hint = "2020-03-02";
    DATE_IS(&r, "ngày 25/2", 2020, 2, 25);
    int y, m, d;
    CHECK(scan(&r, "Từ ngày 25/2", &y, &m, &d) == 0); /* "từ" starts a span, not a date */
}

VN_TEST(dates_context_years)
{
    vn_date_ctx c;
    memset(&c, 0, sizeof c);
    CHECK(vn_dates_resolve_year(&c, 3, 19) == 0);
    /* "tổng kết … năm 2023, triển khai nhiệm vụ năm 2024", held 27/12 */
    c.year_max = 2024, c.prev_named = 1, c.max_is_plan = 1;
    CHECK(vn_dates_resolve_year(&c, 12, 27) == 2023);
    CHECK(vn_dates_resolve_year(&c, 10, 5) == 2023);
    CHECK(vn_dates_resolve_year(&c, 1, 9) == 2024);
    /* "trọng tâm năm 2026", "Chiều 19-3" */
    c.year_max = 2026, c.prev_named = 0, c.max_is_plan = 0;
    CHECK(vn_dates_resolve_year(&c, 3, 19) == 2026);
    CHECK(vn_dates_resolve_year(&c, 12, 30) == 2026);
    /* the publication date wins */
    c.py = 2024, c.pm = 1, c.pd = 3;
    CHECK(vn_dates_resolve_year(&c, 12, 30) == 2023);
}

/* vn_ev_lower, which every scanner of dates, events and figures reads
 * through: the byte-level fast paths (ASCII eight at a time, Latin-1,
 * U+1EA0..U+1EF9, Ă Đ Ĩ Ũ Ơ Ư) agree with the case tables, keep each
 * character's length, and never cut a character at the buffer's end. */
VN_TEST(dates_lowercase_fast_paths)
{
    char out[128];
    const char *up = "HỘI NGHỊ TỔNG KẾT ĐOÀN CÔNG TÁC ƯU TIÊN ƠN ĂN ĨA ŨA ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ ÑÇ ΑΒΓ 12/3";
    const char *low = "hội nghị tổng kết đoàn công tác ưu tiên ơn ăn ĩa ũa àáâãèéêìíòóôõùúý ñç αβγ 12/3";
    size_t n = vn_ev_lower(up, strlen(up), out, sizeof out);
    CHECK(n == strlen(up));
    CHECK(strcmp(out, low) == 0);
    /* already lowercase: unchanged */
    n = vn_ev_lower(low, strlen(low), out, sizeof out);
    CHECK(n == strlen(low) && strcmp(out, low) == 0);
    /* a cap inside "Ộ" (3 bytes at offset 1): the character is left out */
    n = vn_ev_lower("HỘI", strlen("HỘI"), out, 3);
    CHECK(n == 1 && strcmp(out, "h") == 0);
    n = vn_ev_lower("HỘI", strlen("HỘI"), out, 5);
    CHECK(n == 4 && strcmp(out, "hộ") == 0);
    /* × (U+00D7) is no letter; ß has no one-byte-longer uppercase here */
    n = vn_ev_lower("A×Bß", strlen("A×Bß"), out, sizeof out);
    CHECK(strcmp(out, "a×bß") == 0);
}

/* dates.c: the digit scans by path (vec 0: plain), and find_event reading
 * a date at every number when set (no filter before the window). */
size_t vn_dates_next_digits4_path(const char *s, size_t n, size_t i, int vec);
size_t vn_dates_next_digit_path(const char *s, size_t n, size_t i, int vec);
extern int vn_dates_try_every_number;
extern int vn_dates_lists_plain;

/* A digit scan's vector path against its plain one, from every offset of
 * random lines up to maxn bytes, digits from sparse to dense (about
 * digits / per of the bytes): the number of lines where they differ. */
static int digit_scan_differs(size_t (*path)(const char *, size_t, size_t, int), unsigned seed, int maxn,
                              int per)
{
    static const char alphabet[] = "0123456789 ./-aZ\xc3";
    char line[300];
    int bad = 0;
    srand(seed);
    for (int r = 0; r < 3000 && bad < 3; r++) {
        size_t n = (size_t)(rand() % maxn);
        int digits = rand() % 8;
        for (size_t k = 0; k < n; k++)
            line[k] = rand() % per < digits ? (char)('0' + rand() % 10) : alphabet[10 + rand() % 7];
        for (size_t i = 0; i <= n; i++) {
            size_t a = path(line, n, i, 0), b = path(line, n, i, 1);
            if (a != b && bad++ < 3)
                printf("  \"%.*s\" from %zu: plain %zu, vector %zu\n", (int)n, line, i, a, b);
        }
    }
    return bad;
}

/* The runs of four digits (years): the AVX2 windows, the last 64 bytes of
 * a line and whole short lines against the plain scan, from every offset. */
VN_TEST(dates_digit_runs_vector_matches_plain)
{
    CHECK(digit_scan_differs(vn_dates_next_digits4_path, 5, 200, 8) == 0);
}

/* The date scan's digit search 64 bytes at a time (the line's last 64
 * bytes, a short line) against the plain one, from every offset. */
VN_TEST(dates_next_digit_vector_matches_plain)
{
    CHECK(digit_scan_differs(vn_dates_next_digit_path, 7, 260, 64) == 0);
}

static const char *const date_parts[] = {
    "5", "12", "30", "2019", "007", "123", "1.528", "2,5", "24/10/2018", "19-3", "27/12", "2022-07-01", "ngày",
    "Ngày", "tháng", "Tháng", "THÁNG", "năm", "và", "VÀ", "vào", "đến", "Đến", "tới", "tấn", "thành", "-", "–",
    ",", "(", "\"", "sáng", "Chiều", "thứ hai", "từ", "hiệu lực", "số", "35-NQ/TW", "đầu năm", "người", "x"};

/* The event date of random lines of the parts with a shortcut's switch
 * *sw set (the plain way, named on) and clear (named off): the number of
 * lines where they differ. */
static int event_switch_differs(int *sw, const char *on, const char *off, const char *const *parts, size_t nparts,
                                int maxk, unsigned seed)
{
    vn_date_ctx c;
    memset(&c, 0, sizeof c);
    c.py = 2024, c.pm = 5, c.pd = 1;
    char text[400];
    int bad = 0;
    srand(seed);
    for (int r = 0; r < 20000 && bad < 3; r++) {
        size_t m = unit_random_line(text, sizeof text, parts, nparts, maxk);
        vn_line l;
        memset(&l, 0, sizeof l);
        l.text = text, l.len = (int)m, l.n = 1, l.role = VN_ROLE_BODY;
        vn_date_found f1, f2;
        memset(&f1, 0, sizeof f1), memset(&f2, 0, sizeof f2);
        *sw = 1;
        int k1 = vn_dates_find_event(&c, &l, NULL, 0, &f1);
        *sw = 0;
        int k2 = vn_dates_find_event(&c, &l, NULL, 0, &f2);
        if ((k1 != k2 || (k1 && memcmp(&f1, &f2, sizeof f1) != 0)) && bad++ < 3)
            printf("  \"%s\": %s %d %zu-%zu %d-%d-%d, %s %d %zu-%zu %d-%d-%d\n", text, on, k1, f1.start, f1.end,
                   f1.y, f1.m, f1.d, off, k2, f2.start, f2.end, f2.y, f2.m, f2.d);
    }
    return bad;
}

/* The filter before a window is lowercased skips only numbers at which no
 * date is read: vn_dates_find_event with it and at every number. */
VN_TEST(dates_event_filter_matches_every_number)
{
    CHECK(event_switch_differs(&vn_dates_try_every_number, "every number", "filtered", date_parts,
                               sizeof date_parts / sizeof *date_parts, 14, 9) == 0);
}

static const char *const case_parts[] = {
    "5", "12", "24/10/2018", "19-3", "27/12", "2022-07-01T15:09", "2022-07-01t", "2022-07-01x", "ngày", "NGÀY",
    "NgÀy", "tháng", "THÁNG", "tHáNg", "Tháng", "năm", "NĂM", "NăM", "và", "VÀ", "Và", "đến", "ĐẾN", "ĐếN", "tới",
    "TỚI", "tỚi", "-", "–", ",", "(", "sáng", "CHIỀU", "Thứ Hai", "TỪ", "hiệu lực", "HIỆU LỰC", "35-NQ/TW", "x",
    "İ", "THÁNGX", "NGÀYS"};

/* The date after a number is read from the line as it is (its words in
 * either case; what stands before it lowercased): a line and its lowercase
 * give the same event date, and the lazy context the eager one's. */
VN_TEST(dates_event_reads_either_case)
{
    vn_record r;
    memset(&r, 0, sizeof r);
    r.pub_year = 2024, r.pub_month = 5, r.pub_day = 1;
    vn_date_ctx c;
    vn_dates_context(NULL, &r, &c);
    char text[400], low[400];
    int bad = 0, lazy_made = 0;
    srand(11);
    for (int k = 0; k < 20000 && bad < 3; k++) {
        size_t m = unit_random_line(text, sizeof text, case_parts, sizeof case_parts / sizeof *case_parts, 14);
        size_t lm = vn_ev_lower(text, m, low, sizeof low);
        vn_line l1, l2;
        memset(&l1, 0, sizeof l1);
        l1.text = text, l1.len = (int)m, l1.n = 1, l1.role = VN_ROLE_BODY;
        l2 = l1;
        l2.text = low, l2.len = (int)lm;
        vn_date_found f1, f2, f3;
        memset(&f1, 0, sizeof f1), memset(&f2, 0, sizeof f2), memset(&f3, 0, sizeof f3);
        int k1 = vn_dates_find_event(&c, &l1, NULL, 0, &f1);
        int k2 = vn_dates_find_event(&c, &l2, NULL, 0, &f2);
        vn_date_lazy z;
        vn_dates_lazy_init(&z, NULL, &r);
        int k3 = vn_dates_find_event_lazy(&z, &l1, NULL, 0, &f3);
        lazy_made += z.ready;
        if (k1 != k2 || k1 != k3 || (k1 && (memcmp(&f1, &f2, sizeof f1) != 0 || memcmp(&f1, &f3, sizeof f1) != 0))) {
            if (bad++ < 3)
                printf("  \"%s\": %d %zu-%zu %d-%d-%d, lowercase %d %zu-%zu %d-%d-%d, lazy %d %d-%d-%d\n", text, k1,
                       f1.start, f1.end, f1.y, f1.m, f1.d, k2, f2.start, f2.end, f2.y, f2.m, f2.d, k3, f3.y, f3.m,
                       f3.d);
        }
    }
    CHECK(bad == 0);
    CHECK(lazy_made > 0); /* partial dates took their year from it */
    /* capitals and mixed case, whole */
    vn_line l;
    memset(&l, 0, sizeof l);
    l.role = VN_ROLE_BODY;
    vn_date_found f;
    l.text = "SÁNG 5 THÁNG 3 NĂM 2024 ĐẾN NGÀY 7/3/2024", l.len = (int)strlen(l.text);
    CHECK(vn_dates_find_event(&c, &l, NULL, 0, &f) && f.y == 2024 && f.m == 3 && f.d == 5 && f.d2 == 7);
    l.text = "Từ 25 VÀ 26/2", l.len = (int)strlen(l.text);
    CHECK(vn_dates_find_event(&c, &l, NULL, 0, &f) && f.m == 2 && f.d == 25 && f.d2 == 26);
}


/* Dates after cues and not-event phrases, whole or glued to other words. */
static const char *const cue_parts[] = {
    "5", "12", "19-3", "27/12", "24/10/2018", "ngày", "Ngày", "hôm", "từ", "đến", "tới", "và", "nay", "(", "sáng",
    "Chiều", "tối muộn", "rạng sáng", "thứ hai", "Thứ Ba", "chủ nhật", "cn", "hiệu lực", "kể từ", "áp dụng",
    "sinh ngày", "sinh năm", "ban hành", "ký ngày", "hạn chót", "chậm nhất", "trước ngày", "đến hết", "thời hạn",
    "hết hạn", "mất ngày", "từ trần", "qua đời", "hy sinh", "xhiệu lựcx", "hiệu lực(", "(kể từ(", "đến hết,", "kể", "lực", "người", ",", "x"};

/* The cue and not-event lists read by their index: the event date of
 * random lines as with the lists read one word at a time. */
VN_TEST(dates_indexed_lists_match_plain)
{
    CHECK(event_switch_differs(&vn_dates_lists_plain, "plain", "indexed", cue_parts, sizeof cue_parts / sizeof *cue_parts,
                               16, 13) == 0);
}
