/* dateline.c — publication date-times as pages print them:
 *   "01-07-2022 15:09"   "Thứ Hai, 27/12/2023 - 17:36"   "Cập nhật lúc: 18:00 |22/05/2022"
 *   " date 2025-12-03 "  "Ngày đăng: 12/03/2024 3:15:00 CH"   "15h30 ngày 3/12/2025"
 *   "Ngày 15 tháng 3 năm 2024"   "2024-03-15T08:30:00+07:00"
 * A line is a dateline when, besides one date (and perhaps a time), it holds
 * only label words ("ngày đăng", "cập nhật", weekdays, "GMT+7", "lượt xem: N").
 * The label vocabulary is small and closed, and the parser has no lexicon (it
 * is a public function), so it lives here rather than in data/. */
#include "page_int.h"

#include "../core/uni.h"

#include <stdio.h>
#include <string.h>

int vn_valid_date(int y, int m, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 0;
    return 1;
}

/* Label words a dateline may carry (lowercase). NUM_AFTER: a number may follow. */
enum { LBL_PLAIN = 1, LBL_NUM_AFTER = 2, LBL_PM = 3, LBL_AM = 4, LBL_TZ = 5 };
static const struct { const char *w; int kind; } labels[] = {
    {"ngày", LBL_PLAIN},     {"đăng", LBL_PLAIN},      {"cập", LBL_PLAIN},    {"nhật", LBL_PLAIN},
    {"lúc", LBL_PLAIN},      {"vào", LBL_PLAIN},       {"thứ", LBL_NUM_AFTER}, {"hai", LBL_PLAIN},
    {"ba", LBL_PLAIN},       {"tư", LBL_PLAIN},        {"năm", LBL_PLAIN},    {"sáu", LBL_PLAIN},
    {"bảy", LBL_PLAIN},      {"chủ", LBL_PLAIN},       {"cn", LBL_PLAIN},     {"date", LBL_PLAIN},
    {"time", LBL_PLAIN},     {"thời", LBL_PLAIN},      {"gian", LBL_PLAIN},   {"giờ", LBL_PLAIN},
    {"xuất", LBL_PLAIN},     {"bản", LBL_PLAIN},       {"sửa", LBL_PLAIN},    {"lần", LBL_PLAIN},
    {"cuối", LBL_PLAIN},     {"tạo", LBL_PLAIN},       {"viết", LBL_PLAIN},   {"được", LBL_PLAIN},
    {"hôm", LBL_PLAIN},      {"nay", LBL_PLAIN},       {"posted", LBL_PLAIN}, {"updated", LBL_PLAIN},
    {"published", LBL_PLAIN}, {"modified", LBL_PLAIN}, {"last", LBL_PLAIN},   {"on", LBL_PLAIN},
    {"at", LBL_PLAIN},       {"lượt", LBL_NUM_AFTER},  {"xem", LBL_NUM_AFTER}, {"đọc", LBL_NUM_AFTER},
    {"views", LBL_NUM_AFTER}, {"view", LBL_NUM_AFTER}, {"pm", LBL_PM},        {"ch", LBL_PM},
    {"chiều", LBL_PM},       {"tối", LBL_PM},          {"am", LBL_AM},        {"sa", LBL_AM},
    {"sáng", LBL_AM},        {"gmt", LBL_TZ},          {"utc", LBL_TZ},       {"ict", LBL_TZ},
    {"monday", LBL_PLAIN},   {"tuesday", LBL_PLAIN},   {"wednesday", LBL_PLAIN},
    {"thursday", LBL_PLAIN}, {"friday", LBL_PLAIN},    {"saturday", LBL_PLAIN},
    {"sunday", LBL_PLAIN},   {NULL, 0}};

static int label_kind(const char *w, size_t n)
{
    char low[64];
    if (n >= 32)
        return 0;
    size_t k = vn_lower(w, n, low, sizeof low);
    for (int i = 0; k && labels[i].w; i++) /* the first byte rules out most before a strlen */
        if (labels[i].w[0] == low[0] && strlen(labels[i].w) == k && memcmp(labels[i].w, low, k) == 0)
            return labels[i].kind;
    return 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Read 1..max digits at s[*i]; returns the value or -1. */
static int digits(const char *s, size_t n, size_t *i, int min, int max)
{
    size_t j = *i;
    int v = 0, k = 0;
    while (j < n && is_digit(s[j]) && k < max) {
        v = v * 10 + (s[j] - '0');
        j++;
        k++;
    }
    if (k < min || (j < n && is_digit(s[j])))
        return -1;
    *i = j;
    return v;
}

typedef struct {
    int y, m, d, hh, mm;
    int have_date, have_time;
    int pm, am;
} dt;

/* A date at s[*i]: YYYY-MM-DD, D/M/YYYY, D-M-YYYY, D.M.YYYY. */
static int try_date(const char *s, size_t n, size_t *i, dt *o)
{
    size_t j = *i;
    int a = digits(s, n, &j, 1, 4);
    if (a < 0 || j >= n)
        return 0;
    char sep = s[j];
    if (sep != '/' && sep != '-' && sep != '.')
        return 0;
    j++;
    size_t jb = j;
    int b = digits(s, n, &j, 1, 2);
    if (b < 0 || j >= n || s[j] != sep)
        return 0;
    j++;
    size_t jc = j;
    int c = digits(s, n, &j, 1, 4);
    if (c < 0)
        return 0;
    int y, m, d;
    if (jb - *i - 1 == 4) { /* YYYY-MM-DD */
        y = a, m = b, d = c;
        if (j - jc > 2)
            return 0;
    } else {
        if (j - jc != 4 || jb - *i - 1 > 2)
            return 0;
        y = c, d = a, m = b;
        if (!vn_valid_date(y, m, d) && vn_valid_date(y, d, m)) { /* "3/25/2024" */
            int t = m;
            m = d;
            d = t;
        }
    }
    if (!vn_valid_date(y, m, d))
        return 0;
    o->y = y, o->m = m, o->d = d;
    o->have_date = 1;
    *i = j;
    return 1;
}

/* A time at s[*i]: HH:MM[:SS], HHhMM, HHh, HH giờ MM. */
static int try_time(const char *s, size_t n, size_t *i, dt *o)
{
    size_t j = *i;
    int h = digits(s, n, &j, 1, 2);
    if (h < 0 || h > 23 || j >= n)
        return 0;
    int m = 0;
    if (s[j] == ':') {
        j++;
        m = digits(s, n, &j, 2, 2);
        if (m < 0 || m > 59)
            return 0;
        if (j + 2 < n && s[j] == ':' && is_digit(s[j + 1])) {
            j++;
            if (digits(s, n, &j, 2, 2) < 0)
                return 0;
        }
    } else if (s[j] == 'h' || s[j] == 'H') {
        j++;
        if (j < n && is_digit(s[j])) {
            m = digits(s, n, &j, 2, 2);
            if (m < 0 || m > 59)
                return 0;
        }
        if (j < n && ((s[j] | 32) >= 'a' && (s[j] | 32) <= 'z'))
            return 0;
    } else if (j + strlen(" giờ") <= n && memcmp(s + j, " giờ", strlen(" giờ")) == 0) {
        j += strlen(" giờ");
        size_t k = j;
        while (k < n && s[k] == ' ')
            k++;
        if (k < n && is_digit(s[k])) {
            int mm = digits(s, n, &k, 1, 2);
            if (mm >= 0 && mm <= 59) {
                m = mm;
                j = k;
                if (j + 6 <= n && memcmp(s + j, " phút", 6) == 0)
                    j += 6;
            }
        }
    } else {
        return 0;
    }
    /* a timezone: "+07:00", "+0700", "Z" */
    if (j < n && (s[j] == 'Z') && (j + 1 == n || !((s[j + 1] | 32) >= 'a' && (s[j + 1] | 32) <= 'z')))
        j++;
    else if (j < n && s[j] == '+' && j + 1 < n && is_digit(s[j + 1])) {
        j++;
        while (j < n && (is_digit(s[j]) || s[j] == ':'))
            j++;
    }
    o->hh = h, o->mm = m;
    o->have_time = 1;
    *i = j;
    return 1;
}

/* "ngày 15 tháng 3 năm 2024" at s[*i] (the word "ngày" already read up to w_end). */
static int try_words_date(const char *s, size_t n, size_t *i, dt *o)
{
    size_t j = *i;
    while (j < n && s[j] == ' ')
        j++;
    int d = digits(s, n, &j, 1, 2);
    if (d < 0)
        return 0;
    while (j < n && s[j] == ' ')
        j++;
    if (j + 6 > n || (memcmp(s + j, "tháng", 6) != 0 && memcmp(s + j, "Tháng", 6) != 0))
        return 0;
    j += 6;
    while (j < n && s[j] == ' ')
        j++;
    int m = digits(s, n, &j, 1, 2);
    if (m < 0)
        return 0;
    while (j < n && (s[j] == ' ' || s[j] == ','))
        j++;
    if (j + 4 <= n && (memcmp(s + j, "năm", 4) == 0 || memcmp(s + j, "Năm", 4) == 0))
        j += 4;
    while (j < n && s[j] == ' ')
        j++;
    int y = digits(s, n, &j, 4, 4);
    if (y < 0 || !vn_valid_date(y, m, d))
        return 0;
    o->y = y, o->m = m, o->d = d;
    o->have_date = 1;
    *i = j;
    return 1;
}

static int is_word_byte(unsigned char c)
{
    return ((c | 32) >= 'a' && (c | 32) <= 'z') || c >= 0x80;
}

/* early: give up as soon as the line cannot be a dateline (out is then not
 * reliable); the segmenter only wants the answer. */
static int parse(const char *s, size_t n, char *out, int early)
{
    out[0] = '\0';
    if (!s || !n)
        return 0;
    dt o;
    memset(&o, 0, sizeof o);
    int pure = 1;           /* nothing but the date, the time and labels so far */
    int num_ok = 0;         /* a bare number may follow the last label ("lượt xem: 12") */
    int extra_dates = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (is_digit((char)c)) {
            dt t = o;
            size_t j = i;
            if (try_date(s, n, &j, &t)) {
                if (o.have_date)
                    extra_dates++;
                else
                    o.y = t.y, o.m = t.m, o.d = t.d, o.have_date = 1;
                i = j;
                num_ok = 0;
                continue;
            }
            j = i;
            if (try_time(s, n, &j, &t)) {
                if (!o.have_time)
                    o.hh = t.hh, o.mm = t.mm, o.have_time = 1;
                i = j;
                num_ok = 0;
                continue;
            }
            j = i;
            while (j < n && (is_digit(s[j]) || s[j] == '.' || s[j] == ','))
                j++;
            if (!num_ok) {
                pure = 0;
                if (early)
                    return 0;
            }
            num_ok = 0;
            i = j;
            continue;
        }
        if (c == 'T' && i > 0 && is_digit(s[i - 1]) && i + 1 < n && is_digit(s[i + 1])) {
            i++; /* ISO 8601 "2024-03-15T08:30" */
            continue;
        }
        if (is_word_byte(c)) {
            size_t j = i;
            while (j < n && (is_word_byte((unsigned char)s[j]) || is_digit(s[j])))
                j++;
            /* "GMT+7", "T2".."T7" (weekdays), "8h" is handled with digits */
            int k = label_kind(s + i, j - i);
            if (!k && j - i == 2 && (s[i] == 'T' || s[i] == 't') && s[i + 1] >= '2' && s[i + 1] <= '7')
                k = LBL_PLAIN;
            if (k && j - i == 5 && (memcmp(s + i, "ngày", 5) == 0 ||
                                                    memcmp(s + i, "Ngày", 5) == 0)) {
                size_t q = j;
                dt t = o;
                if (!o.have_date && try_words_date(s, n, &q, &t)) {
                    o = t;
                    i = q;
                    continue;
                }
            }
            if (!k) {
                pure = 0;
                if (early)
                    return 0;
            }
            else if (k == LBL_PM && o.have_time)
                o.pm = 1;
            else if (k == LBL_AM && o.have_time)
                o.am = 1;
            num_ok = (k == LBL_NUM_AFTER || k == LBL_TZ);
            if (k == LBL_TZ) { /* "GMT+7", "GMT +07:00" */
                while (j < n && (s[j] == ' ' || s[j] == '+' || s[j] == '-' || is_digit(s[j]) ||
                                 s[j] == ':'))
                    j++;
            }
            i = j;
            continue;
        }
        /* separators a dateline uses */
        if (strchr(" \t,|-:/.()[];+", (char)c)) {
            i++;
            continue;
        }
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94 ||
             (unsigned char)s[i + 2] == 0xA2)) { /* – — • */
            i += 3;
            continue;
        }
        if (c == 0xC2 && i + 1 < n && ((unsigned char)s[i + 1] == 0xB7 || (unsigned char)s[i + 1] == 0xA0)) {
            i += 2;
            continue;
        }
        pure = 0;
        if (early)
            return 0;
        int len;
        vn_utf8_next(s + i, n - i, &len);
        i += (size_t)len;
    }
    if (!o.have_date)
        return 0;
    if (o.have_time) {
        int h = o.hh;
        if (o.pm && h < 12)
            h += 12;
        if (o.am && h == 12)
            h = 0;
        snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d", o.y, o.m, o.d, h, o.mm);
    } else {
        snprintf(out, 32, "%04d-%02d-%02d", o.y, o.m, o.d);
    }
    return pure && !extra_dates;
}

int vn_dateline_parse(const char *s, size_t n, char *out)
{
    return parse(s, n, out, 0);
}

int vn_dateline_only(const char *s, size_t n, char *out)
{
    return parse(s, n, out, 1);
}
