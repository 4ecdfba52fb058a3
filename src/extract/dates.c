/* dates.c — dates in the text, and the main event's date (r->event_date).
 *
 * The grammar of a Vietnamese news date, as scanned here:
 *   date   := [time-of-day ["nay"]] [weekday [","]] ["ngày" | "hôm"] ["("] core
 *   core   := D sep M sep YYYY        (sep one of / - . used twice: "24/10/2018")
 *           | D sep M                 (sep / or -: "27/12", "19-3"; a partial date)
 *           | D "tháng" M ["năm" YYYY | "/" YYYY]   ("24 tháng 10 năm 2018")
 *           | "tháng" M ["/" YYYY | "-" YYYY | "năm" YYYY]   (a month: day 0)
 *           | YYYY-MM-DD
 *   span   := "từ" date ("đến" | "tới" | "-") date  |  D ("-" | "và" | "đến") D sep M
 * A partial date takes its year from the publication date (the latest such
 * date not after it, with a few days of slack for announced events) or, when
 * the page gives none, from the years the article's opening names: the
 * latest of them, except that a late-year meeting which plans year Y and
 * reviews year Y-1 ("tổng kết … năm 2023, triển khai nhiệm vụ năm 2024",
 * "Chiều 27/12") is held in Y-1.
 *
 * The event date is the first day-precise date in the opening lines (title,
 * lead, first paragraphs) that stands in an event context: not a document's
 * date ("Nghị quyết 35-NQ/TW ngày 24/10/2018"), not an effective date ("có
 * hiệu lực từ ngày"), not a birth date or a deadline; partial dates need a
 * cue before them (ngày, hôm, sáng, chiều, a weekday, từ, đến) or the start
 * of the line ("Chiều 19-3, …"). Periods ("quý I/2026", "6 tháng đầu năm
 * 2022", "tháng 11 năm 2020") are not event dates. */
#include "events_int.h"
#include "../core/uni.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ small words */

/* The closed classes of the date grammar (lowercase), with their lengths.
 * They are part of the grammar rather than a lexicon, and vn_date_scan has
 * no lexicon to hand. */
typedef struct dword {
    const char *w;
    size_t len;
} dword;
#define W(s) {s, sizeof(s) - 1}
static const dword TIME_OF_DAY[] = {W("rạng sáng"), W("sáng sớm"), W("chiều tối"), W("tối muộn"), W("đêm khuya"),
                                    W("sáng"),      W("trưa"),     W("chiều"),     W("tối"),      W("đêm"),
                                    W("khuya"),     {NULL, 0}};
static const dword WEEKDAY[] = {W("thứ hai"), W("thứ ba"),  W("thứ tư"), W("thứ năm"), W("thứ sáu"),
                                W("thứ bảy"), W("thứ 2"),   W("thứ 3"),  W("thứ 4"),   W("thứ 5"),
                                W("thứ 6"),   W("thứ 7"),   W("chủ nhật"), W("cn"),    {NULL, 0}};
/* Words right before a partial date that make it a date (besides the two lists above). */
static const dword DATE_CUE[] = {W("ngày"), W("hôm"), W("từ"),  W("đến"), W("tới"),
                                 W("và"),   W("nay"), W("("),   {NULL, 0}};
/* Before a date: it is not the event's (effective, birth, deadline, issuing dates). */
static const dword NOT_EVENT[] = {W("hiệu lực"), W("kể từ"),    W("áp dụng"),  W("sinh ngày"), W("sinh năm"),
                                  W("ban hành"), W("ký ngày"),  W("hạn chót"), W("chậm nhất"), W("trước ngày"),
                                  W("đến hết"),  W("thời hạn"), W("hết hạn"),  W("mất ngày"),  W("từ trần"),
                                  W("qua đời"),  W("hy sinh"),  {NULL, 0}};
/* Before "năm YYYY": the year is a plan, the meeting reviews the year before. */
static const dword PLAN_CUE[] = {W("nhiệm vụ"), W("kế hoạch"), W("phương hướng"), W("mục tiêu"), W("chỉ tiêu"),
                                 {NULL, 0}};
/* Before "năm YYYY" or a year: a target or a term, not a year reported on. */
static const dword NOT_REPORTED[] = {W("đến"),     W("tới"),       W("tầm nhìn"), W("nhiệm kỳ"),
                                     W("giai đoạn"), W("khóa"),    {NULL, 0}};
#undef W

/* Does lowercase s[i..n) start with word w (k bytes), ending at a word
 * boundary? */
static inline size_t word_is_n(const char *s, size_t n, size_t i, const char *w, size_t k)
{
    if (i + k > n || memcmp(s + i, w, k) != 0)
        return 0;
    if (k && w[k - 1] != '(' && i + k < n && vn_ev_wordbyte(s, n, i + k))
        return 0;
    return k;
}

static inline size_t word_is(const char *s, size_t n, size_t i, const char *w)
{
    return word_is_n(s, n, i, w, strlen(w));
}

/* Do the bytes of s at i spell lo, each byte as in lo or in up (the same
 * text in capitals, of the same byte length)? Every text that lowercases
 * to lo does. Its length if so, else 0. */
static size_t bytes_ci(const char *s, size_t n, size_t i, const char *lo, const char *up)
{
    size_t k = strlen(lo);
    if (n - i < k)
        return 0;
    for (size_t j = 0; j < k; j++)
        if (s[i + j] != lo[j] && s[i + j] != up[j])
            return 0;
    return k;
}

/* word_is in either case: each byte of s as in lo or as in up (the same
 * word in capitals, each character of the same byte length), which is what
 * vn_ev_lower lowers to lo; vn_ev_wordbyte does not change with case. The
 * scans after a date's first digit read the line itself, unlowered. */
static inline size_t word_ci(const char *s, size_t n, size_t i, const char *lo, const char *up)
{
    size_t k = i <= n ? bytes_ci(s, n, i, lo, up) : 0;
    if (!k || (i + k < n && vn_ev_wordbyte(s, n, i + k)))
        return 0;
    return k;
}

static size_t word_in(const char *s, size_t n, size_t i, const dword *list)
{
    for (int k = 0; list[k].w; k++) {
        size_t m = word_is_n(s, n, i, list[k].w, list[k].len);
        if (m)
            return m;
    }
    return 0;
}

/* Does lowercase s[0..n) end with word w (a word boundary before it)? */
static int ends_with_word(const char *s, size_t n, const dword *w)
{
    size_t k = w->len;
    if (k > n || s[n - 1] != w->w[k - 1] || memcmp(s + n - k, w->w, k) != 0)
        return 0;
    return n == k || !vn_ev_wordbyte(s, n, n - k - 1);
}

/* Does s[0..n) hold w anywhere? */
static int contains(const char *s, size_t n, const dword *w)
{
    if (w->len > n)
        return 0;
    const char *end = s + n - w->len + 1; /* the last place it may start, + 1 */
    for (const char *p = s; p < end && (p = memchr(p, w->w[0], (size_t)(end - p))) != NULL; p++)
        if (memcmp(p + 1, w->w + 1, w->len - 1) == 0)
            return 1;
    return 0;
}

/* The word lists as the window scans ask them, indexed once: the cues a
 * window may end with by their last byte, and the phrases of NOT_EVENT
 * (two words each) by the bytes around their space, which an occurrence
 * holds at a fixed offset — so that a window is read once instead of once
 * per phrase. */
#define CUE_LISTS 3
typedef struct word_index {
    const dword *cue_list[CUE_LISTS];
    uint64_t cue_last[CUE_LISTS][256]; /* bit j: the list's word j ends with this byte */
    uint32_t ne_before[256], ne_after[256]; /* bit k: NOT_EVENT[k] has this byte before, after its space */
    size_t ne_space[32];                    /* where NOT_EVENT[k]'s space is */
    int ne_by_space;                        /* 0: some phrase has no inner space (contains() each) */
    int cue_by_last;                        /* 0: a list too long for cue_last (ends_with_word each) */
} word_index;
static word_index WX;
/* Set by the tests: the lists read one word at a time, as before the index. */
int vn_dates_lists_plain;
static pthread_once_t wx_once = PTHREAD_ONCE_INIT;

static void wx_build(void)
{
    static const dword *const lists[CUE_LISTS] = {TIME_OF_DAY, WEEKDAY, DATE_CUE};
    WX.cue_by_last = 1;
    for (int l = 0; l < CUE_LISTS; l++) {
        WX.cue_list[l] = lists[l];
        for (int j = 0; lists[l][j].w; j++) {
            if (j >= 64)
                WX.cue_by_last = 0;
            else
                WX.cue_last[l][(unsigned char)lists[l][j].w[lists[l][j].len - 1]] |= 1ull << j;
        }
    }
    WX.ne_by_space = 1;
    for (int k = 0; NOT_EVENT[k].w; k++) {
        const char *sp = memchr(NOT_EVENT[k].w, ' ', NOT_EVENT[k].len);
        if (k >= 32 || !sp || sp == NOT_EVENT[k].w || (size_t)(sp - NOT_EVENT[k].w) + 1 >= NOT_EVENT[k].len) {
            WX.ne_by_space = 0;
            return;
        }
        WX.ne_space[k] = (size_t)(sp - NOT_EVENT[k].w);
        WX.ne_before[(unsigned char)sp[-1]] |= 1u << k;
        WX.ne_after[(unsigned char)sp[1]] |= 1u << k;
    }
}

static const word_index *wx(void)
{
    pthread_once(&wx_once, wx_build);
    return &WX;
}

/* Does lowercase s[0..n) end with a word of the cue lists (ends_with_word)? */
static int ends_with_cue(const char *s, size_t n)
{
    if (!n)
        return 0;
    const word_index *x = wx();
    if (!x->cue_by_last || vn_dates_lists_plain) {
        for (int l = 0; l < CUE_LISTS; l++)
            for (int j = 0; x->cue_list[l][j].w; j++)
                if (ends_with_word(s, n, &x->cue_list[l][j]))
                    return 1;
        return 0;
    }
    unsigned char last = (unsigned char)s[n - 1];
    for (int l = 0; l < CUE_LISTS; l++)
        for (uint64_t m = x->cue_last[l][last]; m; m &= m - 1)
            if (ends_with_word(s, n, &x->cue_list[l][__builtin_ctzll(m)]))
                return 1;
    return 0;
}

/* Does s[0..n) hold a phrase of NOT_EVENT anywhere (contains() of each)? */
static int holds_not_event(const char *s, size_t n)
{
    const word_index *x = wx();
    if (!x->ne_by_space || vn_dates_lists_plain) {
        for (int k = 0; NOT_EVENT[k].w; k++)
            if (contains(s, n, &NOT_EVENT[k]))
                return 1;
        return 0;
    }
    for (size_t sp = 1; sp + 1 < n; sp++) {
        if (s[sp] != ' ')
            continue;
        for (uint32_t m = x->ne_before[(unsigned char)s[sp - 1]] & x->ne_after[(unsigned char)s[sp + 1]]; m;
             m &= m - 1) {
            int k = __builtin_ctz(m);
            size_t at = x->ne_space[k];
            if (at <= sp && sp - at + NOT_EVENT[k].len <= n &&
                memcmp(s + sp - at, NOT_EVENT[k].w, NOT_EVENT[k].len) == 0)
                return 1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ numbers */

/* Bit k of the result: s[k] is a digit, for the 32 bytes at s. */
static inline uint32_t digits32(const char *s)
{
    uint32_t m = 0;
    for (int k = 0; k < 32; k++)
        m |= (uint32_t)vn_ev_digit(s[k]) << k;
    return m;
}

/* The first run of four or more digits that starts in a block of 32 bytes
 * (m its digit mask, next that of the three bytes after it in bits 0..2,
 * before whether the byte before the block is a digit): its offset, or 32. */
static inline unsigned run4_in(uint32_t m, uint32_t next, uint32_t before)
{
    /* next: bits 0..2, the three bytes after the block */
    uint32_t run4 = m & (m >> 1 | next << 31) & (m >> 2 | next << 30) & (m >> 3 | next << 29) & ~(m << 1 | before);
    return run4 ? (unsigned)__builtin_ctz(run4) : 32;
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
/* Bit k: s[k] is a digit, for a line of n < 64 bytes. */
__attribute__((target("avx2"))) static uint64_t digits_short(const char *s, size_t n)
{
    const __m128i bias = _mm_set1_epi8((char)('0' + 128)), lim = _mm_set1_epi8(-128 + 10);
#define DIGITS16(p) \
    (uint64_t)(uint32_t)_mm_movemask_epi8( \
        _mm_cmpgt_epi8(lim, _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p)), bias)))
    if (n >= 32)
        return (DIGITS16(s) | DIGITS16(s + 16) << 16) |
               (DIGITS16(s + n - 32) | DIGITS16(s + n - 16) << 16) << (n - 32);
    if (n >= 16)
        return DIGITS16(s) | DIGITS16(s + n - 16) << (n - 16);
#undef DIGITS16
    uint64_t m = 0;
    for (size_t k = 0; k < n; k++)
        m |= (uint64_t)vn_ev_digit(s[k]) << k;
    return m;
}

/* next_digits4 with AVX2: 64 bytes a load pair, of which the runs that
 * start in the first 61 are decided there (a run's four digits are in the
 * window), so windows step 61 bytes (64 past one with no digit, and then
 * 128 while there is none); the last one is the line's last 64 bytes (of a
 * shorter line, all of it), with the bits before i shifted out: a copy
 * padded with spaces made the loads wait for its stores. */
__attribute__((target("avx2"))) static size_t next_digits4_avx2(const char *s, size_t n, size_t i)
{
    const __m256i bias = _mm256_set1_epi8((char)('0' + 128)), lim = _mm256_set1_epi8(-128 + 10);
    uint64_t before = i > 0 && vn_ev_digit(s[i - 1]);
#define DIGITS(p) _mm256_cmpgt_epi8(lim, _mm256_sub_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(p)), bias))
#define MASK64(p) \
    ((uint64_t)(uint32_t)_mm256_movemask_epi8(DIGITS(p)) | \
     (uint64_t)(uint32_t)_mm256_movemask_epi8(DIGITS((p) + 32)) << 32)
    while (i + 3 < n) {
        if (i + 64 > n) { /* the end of the line: its last 64 bytes */
            uint64_t all;
            size_t shift;
            if (n >= 64) {
                all = MASK64(s + n - 64);
                shift = i - (n - 64); /* 1..63: the byte before i is in the window */
            } else { /* a short line: all of it, in two loads that overlap */
                all = digits_short(s, n);
                shift = i;
            }
            uint64_t m = all >> shift;
            before = shift ? all >> (shift - 1) & 1 : 0;
            uint64_t run4 = m & m >> 1 & m >> 2 & m >> 3 & ~(m << 1 | before);
            return run4 ? i + (size_t)__builtin_ctzll(run4) : n;
        }
        uint64_t m = MASK64(s + i);
        if (!m) { /* most windows of prose have no digit: then 128 bytes a test */
            before = 0;
            i += 64;
            for (; i + 128 <= n; i += 128) {
                __m256i any = _mm256_or_si256(_mm256_or_si256(DIGITS(s + i), DIGITS(s + i + 32)),
                                              _mm256_or_si256(DIGITS(s + i + 64), DIGITS(s + i + 96)));
                if (!_mm256_testz_si256(any, any))
                    break;
            }
            continue;
        }
        uint64_t run4 = m & m >> 1 & m >> 2 & m >> 3 & ~(m << 1 | before) & ((1ull << 61) - 1);
        if (run4)
            return i + (size_t)__builtin_ctzll(run4);
        before = m >> 60 & 1;
        i += 61;
    }
#undef DIGITS
#undef MASK64
    return n;
}

/* vn_ev_next_digit 64 bytes at a time (the date scan of the opening lines
 * reads long runs of prose between numbers); the last window is the line's
 * last 64 bytes, with the bits before i shifted out. */
__attribute__((target("avx2"))) static size_t next_digit_avx2(const char *s, size_t n, size_t i)
{
    const __m256i bias = _mm256_set1_epi8((char)('0' + 128)), lim = _mm256_set1_epi8(-128 + 10);
#define DIGITS(p) _mm256_cmpgt_epi8(lim, _mm256_sub_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(p)), bias))
#define MASK64(p) \
    ((uint64_t)(uint32_t)_mm256_movemask_epi8(DIGITS(p)) | \
     (uint64_t)(uint32_t)_mm256_movemask_epi8(DIGITS((p) + 32)) << 32)
    for (; i + 64 <= n; i += 64) {
        uint64_t m = MASK64(s + i);
        if (m)
            return i + (size_t)__builtin_ctzll(m);
    }
    if (i >= n)
        return n;
    if (n >= 64) {
        uint64_t m = MASK64(s + n - 64) >> (i - (n - 64));
        return m ? i + (size_t)__builtin_ctzll(m) : n;
    }
#undef DIGITS
#undef MASK64
    return vn_ev_next_digit(s, n, i);
}
#endif

/* The first digit at or after i (n if none): vn_ev_next_digit, by the path
 * asked for (vec 0: the plain one; the tests compare them). */
size_t vn_dates_next_digit_path(const char *s, size_t n, size_t i, int vec)
{
#if defined(__x86_64__) || defined(__i386__)
    if (vec && __builtin_cpu_supports("avx2"))
        return next_digit_avx2(s, n, i);
#endif
    (void)vec;
    return vn_ev_next_digit(s, n, i);
}

static inline size_t next_digit(const char *s, size_t n, size_t i)
{
    return vn_dates_next_digit_path(s, n, i, 1);
}

/* next_digits4 without AVX2: 32 bytes at a time, the last ones from a copy
 * padded with spaces. */
static size_t next_digits4_plain(const char *s, size_t n, size_t i)
{
    char pad[72];
    for (; i + 3 < n; i += 32) {
        const char *w = s + i;
        if (i + 35 > n) {
            memset(pad, ' ', sizeof pad);
            memcpy(pad, s + i, n - i);
            w = pad;
        }
        uint32_t m = digits32(w);
        if (!m)
            continue;
        unsigned k = run4_in(m, digits32(w + 3) >> 29, i > 0 && vn_ev_digit(s[i - 1]));
        if (k < 32)
            return i + k;
    }
    return n;
}

/* next_digits4 by the path asked for (vec 0: the plain one), for the
 * tests that compare them. */
size_t vn_dates_next_digits4_path(const char *s, size_t n, size_t i, int vec)
{
#if defined(__x86_64__) || defined(__i386__)
    if (vec && __builtin_cpu_supports("avx2"))
        return next_digits4_avx2(s, n, i);
#endif
    (void)vec;
    return next_digits4_plain(s, n, i);
}

/* The first run of four or more digits at or after i (its start), or n: a
 * year is four digits, and most numbers are shorter. */
static size_t next_digits4(const char *s, size_t n, size_t i)
{
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("avx2"))
        return next_digits4_avx2(s, n, i);
#endif
    return next_digits4_plain(s, n, i);
}

/* 1..maxd digits at i, not followed by another digit; 0 if not. */
static int digits_at(const char *s, size_t n, size_t i, int maxd, int *v)
{
    int k = 0, x = 0;
    while (i + (size_t)k < n && vn_ev_digit(s[i + k])) {
        if (k == maxd)
            return 0;
        x = x * 10 + (s[i + k] - '0');
        k++;
    }
    if (k)
        *v = x;
    return k;
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int valid_day(int y, int m, int d)
{
    static const int dim[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return 0;
    if (m == 2 && y && !leap(y))
        return d <= 28;
    return d <= dim[m - 1];
}

static int valid_year(int y)
{
    return y >= 1900 && y <= 2100;
}

/* Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
static long days_of(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* After a date: a byte that would make it part of a longer token
 * ("12/2020/NĐ-CP", "19-3-CT", "1/1/1"). */
static int token_goes_on(const char *s, size_t n, size_t j)
{
    if (j >= n)
        return 0;
    if (vn_ev_wordbyte(s, n, j))
        return 1;
    if ((s[j] == '/' || s[j] == '-' || s[j] == '.') && j + 1 < n && s[j + 1] != ' ' &&
        vn_ev_wordbyte(s, n, j + 1))
        return 1;
    return 0;
}

/* " năm YYYY", "/YYYY", "-YYYY" after a day or month; returns the end or j. */
static size_t year_after(const char *low, size_t n, size_t j, int *y, int allow_dash)
{
    int v;
    if (j < n && (low[j] == '/' || (allow_dash && low[j] == '-')) && digits_at(low, n, j + 1, 4, &v) == 4 &&
        valid_year(v) && !token_goes_on(low, n, j + 5)) {
        *y = v;
        return j + 5;
    }
    size_t k = vn_ev_skip_space(low, n, j);
    size_t w = word_ci(low, n, k, "năm", "NĂM");
    if (w && k > j) {
        size_t p = vn_ev_skip_space(low, n, k + w);
        if (p > k + w && digits_at(low, n, p, 4, &v) == 4 && valid_year(v)) {
            *y = v;
            return p + 4;
        }
    }
    return j;
}

/* The core of a date at i (see the grammar above), of lowercase text or
 * not: its words are compared in either case (word_ci), as are those of
 * year_after, bare_span and span_end. Returns its end, or 0. */
static size_t core_scan(const char *low, size_t n, size_t i, int *y, int *m, int *d)
{
    int a, b, c;
    *y = *m = *d = 0;
    size_t w = word_ci(low, n, i, "tháng", "THÁNG");
    if (w) { /* a month */
        size_t j = vn_ev_skip_space(low, n, i + w);
        int k = j > i + w ? digits_at(low, n, j, 2, &b) : 0;
        if (!k || b < 1 || b > 12)
            return 0;
        *m = b;
        size_t e = year_after(low, n, j + (size_t)k, y, 1);
        if (e == j + (size_t)k && token_goes_on(low, n, e))
            return 0;
        return e;
    }
    int k = digits_at(low, n, i, 4, &a);
    if (!k)
        return 0;
    size_t j = i + (size_t)k;
    if (k == 4) { /* ISO 2022-07-01 */
        if (j + 6 <= n && low[j] == '-' && digits_at(low, n, j + 1, 2, &b) == 2 && low[j + 3] == '-' &&
            digits_at(low, n, j + 4, 2, &c) == 2 && valid_year(a) && valid_day(a, b, c) &&
            (!token_goes_on(low, n, j + 6) || (low[j + 6] | 32) == 't')) { /* "2022-07-01T15:09" */
            *y = a, *m = b, *d = c;
            return j + 6;
        }
        return 0;
    }
    if (j < n && (low[j] == '/' || low[j] == '-' || low[j] == '.')) {
        char sep = low[j];
        int k2 = digits_at(low, n, j + 1, 2, &b);
        if (!k2)
            return 0;
        size_t j2 = j + 1 + (size_t)k2;
        if (j2 < n && low[j2] == sep && digits_at(low, n, j2 + 1, 4, &c) == 4) {
            if (!valid_year(c) || !valid_day(c, b, a) || token_goes_on(low, n, j2 + 5))
                return 0;
            *y = c, *m = b, *d = a;
            return j2 + 5;
        }
        if (sep == '.' || token_goes_on(low, n, j2) || !valid_day(0, b, a))
            return 0;
        *m = b, *d = a;
        return j2;
    }
    /* D tháng M [năm YYYY] */
    size_t p = vn_ev_skip_space(low, n, j);
    w = p > j ? word_ci(low, n, p, "tháng", "THÁNG") : 0;
    if (w) {
        size_t q = vn_ev_skip_space(low, n, p + w);
        int k2 = q > p + w ? digits_at(low, n, q, 2, &b) : 0;
        if (!k2 || !valid_day(0, b, a))
            return 0;
        int yy = 0;
        size_t e = year_after(low, n, q + (size_t)k2, &yy, 0);
        if (yy && !valid_day(yy, b, a))
            return 0;
        *y = yy, *m = b, *d = a;
        return e;
    }
    return 0;
}

/* The optional words before a date's core; returns where the core starts. */
static size_t prefix_scan(const char *low, size_t n, size_t i)
{
    size_t w = word_in(low, n, i, TIME_OF_DAY);
    if (w) {
        i = vn_ev_skip_space(low, n, i + w);
        if ((w = word_is(low, n, i, "nay")))
            i = vn_ev_skip_space(low, n, i + w);
    }
    if ((w = word_in(low, n, i, WEEKDAY))) {
        i += w;
        if (i < n && low[i] == ',')
            i++;
        i = vn_ev_skip_space(low, n, i);
    }
    if ((w = word_is(low, n, i, "ngày")) || (w = word_is(low, n, i, "hôm")))
        i = vn_ev_skip_space(low, n, i + w);
    if (i < n && low[i] == '(')
        i++;
    return i;
}

/* ------------------------------------------------------------ resolution */

static void parse_iso(const char *s, int *y, int *m, int *d)
{
    int a, b, c;
    if (s && strlen(s) >= 10 && digits_at(s, 10, 0, 4, &a) == 4 && s[4] == '-' &&
        digits_at(s, 10, 5, 2, &b) == 2 && s[7] == '-' && digits_at(s, 10, 8, 2, &c) == 2 &&
        valid_year(a) && valid_day(a, b, c)) {
        *y = a, *m = b, *d = c;
    }
}

static int resolve_pub(int py, int pm, int pd, int m, int d)
{
    long pub = days_of(py, pm ? pm : 12, pd ? pd : 28) + 7; /* announced a few days ahead */
    for (int y = py + 1; y >= py - 1; y--)
        if (valid_day(y, m, d ? d : 1) && days_of(y, m, d ? d : 1) <= pub)
            return y;
    return py;
}

/* The publication date the record knows without reading lines. */
static void publication_of(const vn_record *r, int *y, int *m, int *d)
{
    *y = *m = *d = 0;
    if (r->pub_year) {
        *y = r->pub_year, *m = r->pub_month, *d = r->pub_day;
        return;
    }
    parse_iso(r->published, y, m, d);
    if (!*y)
        parse_iso(r->date_hint, y, m, d);
}

int vn_dates_resolve_year(const vn_date_ctx *c, int m, int d)
{
    if (c->py)
        return resolve_pub(c->py, c->pm, c->pd, m, d);
    if (!c->year_max)
        return 0;
    /* a meeting late in the year that plans year_max reviews the year before */
    if (c->max_is_plan && (m >= 11 || (m == 10 && c->prev_named)))
        return c->year_max - 1;
    return c->year_max;
}

size_t vn_date_scan(const vn_record *r, const char *s, size_t n, int *y, int *m, int *d)
{
    *y = *m = *d = 0;
    if (!s || !n)
        return 0;
    char low[128]; /* a date and its prefix are short */
    size_t ln = vn_ev_lower(s, n < sizeof low ? n : sizeof low - 1, low, sizeof low);
    size_t i = prefix_scan(low, ln, 0);
    size_t e = core_scan(low, ln, i, y, m, d);
    if (!e)
        return 0;
    if (!*y && r) {
        vn_date_ctx c = {0};
        publication_of(r, &c.py, &c.pm, &c.pd);
        if (c.py)
            *y = vn_dates_resolve_year(&c, *m, *d);
    }
    return e;
}

/* ------------------------------------------------------------ lines */

/* Is the token ending just before byte i (after spaces) a document code
 * ("35-nq/tw", "2556/qđ-ubnd")? Its date is the document's. */
static int code_before(const char *low, size_t i)
{
    size_t end, st = vn_ev_prev_word(low, i, &end);
    if (st == i)
        return 0;
    /* the word before may be "ngày": look one further (low may be the
     * original text here: "Ngày") */
    char w[8];
    if (end - st == strlen("ngày") && vn_ev_lower(low + st, end - st, w, sizeof w) == end - st &&
        memcmp(w, "ngày", end - st) == 0)
        st = vn_ev_prev_word(low, st, &end);
    /* a code is one token: back to the space before it */
    while (st > 0 && low[st - 1] != ' ')
        st--;
    int digit = 0, slash = 0, letter = 0;
    for (size_t k = st; k < end; k++) {
        char ch = low[k];
        digit |= vn_ev_digit(ch);
        slash |= ch == '/' || ch == '-';
        letter |= ((ch | 32) >= 'a' && (ch | 32) <= 'z') || (unsigned char)ch >= 0x80;
    }
    return digit && slash && letter;
}

/* Does the text before byte i (same sentence) make a partial date there a date? */
static int cued(const char *low, size_t i)
{
    size_t k = i;
    while (k > 0 && (low[k - 1] == ' ' || low[k - 1] == ','))
        k--;
    if (k == 0)
        return 1; /* the line starts with it: "19-3, …" */
    if (low[k - 1] == '(')
        return 1;
    size_t a = k > 32 ? k - 32 : 0;
    return ends_with_cue(low + a, k - a);
}

/* Does a cue word stand before byte i, past spaces, commas and a "(" ("Sáng
 * 12.8", "sáng nay (12.8)", "thứ Ba (12.8)")? What a dotted D.M needs:
 * "lãi suất (2.5)" is a number. */
static int cued_by_word(const char *low, size_t i)
{
    size_t k = i;
    while (k > 0 && (low[k - 1] == ' ' || low[k - 1] == ',' || low[k - 1] == '('))
        k--;
    size_t a = k > 32 ? k - 32 : 0;
    return k > 0 && ends_with_cue(low + a, k - a);
}

/* Is the date at j of the lowercase window low (at i of the line) not the
 * event's: inside or right after a document reference, or after an
 * effective-date, birth or deadline cue? */
static int excluded(const char *low, size_t j, size_t i, vn_ev_docs *lazy)
{
    int at = 0;
    const vn_ev_ranges *docs = vn_ev_docs_get(lazy);
    if (docs && docs->n) {
        if (vn_ev_in_ranges(docs, i, i + 1, &at))
            return 1;
        /* right after a document reference: "… 35-NQ/TW ngày 24/10/2018" */
        for (int k = 0; k < docs->n; k++)
            if (docs->v[k].b <= i && i - docs->v[k].b <= 12)
                return 1;
    }
    if (code_before(low, j))
        return 1;
    size_t a = j > 48 ? j - 48 : 0;
    return holds_not_event(low + a, j - a);
}

/* D (- | – | và | đến | tới | ,) [ngày] D sep M: a span within one month. */
static size_t bare_span(const char *low, size_t n, size_t i, vn_date_found *f)
{
    int d1;
    int k = digits_at(low, n, i, 2, &d1);
    if (!k)
        return 0;
    size_t j = i + (size_t)k;
    static const char *const SEP[][2] = {{"-", "-"},         {"–", "–"},         {" - ", " - "},
                                         {" – ", " – "},     {" và ", " VÀ "},   {" đến ", " ĐẾN "},
                                         {" tới ", " TỚI "}, {", ", ", "},       {NULL, NULL}};
    size_t w = 0;
    for (int s = 0; SEP[s][0] && !w; s++)
        w = bytes_ci(low, n, j, SEP[s][0], SEP[s][1]);
    if (!w)
        return 0;
    size_t p = j + w;
    size_t nw = word_ci(low, n, p, "ngày", "NGÀY");
    if (nw)
        p = vn_ev_skip_space(low, n, p + nw);
    int y, m, d;
    size_t e = core_scan(low, n, p, &y, &m, &d);
    if (!e || !d || d <= d1 || !valid_day(y, m, d1))
        return 0;
    f->start = i, f->end = e;
    f->y = y, f->m = m, f->d = d1;
    f->y2 = y, f->m2 = m, f->d2 = d;
    return e;
}

/* After a date at e: "đến (ngày) DATE" or "- DATE" makes a span. */
static void span_end(const char *low, size_t n, vn_date_found *f)
{
    size_t p = vn_ev_skip_space(low, n, f->end), w;
    if ((w = word_ci(low, n, p, "đến", "ĐẾN")) || (w = word_ci(low, n, p, "tới", "TỚI")))
        p += w;
    else if (p < n && low[p] == '-')
        p += 1;
    else if (p + 3 <= n && memcmp(low + p, "–", 3) == 0)
        p += 3;
    else
        return;
    p = vn_ev_skip_space(low, n, p);
    if ((w = word_ci(low, n, p, "ngày", "NGÀY")))
        p = vn_ev_skip_space(low, n, p + w);
    int y, m, d;
    size_t e = core_scan(low, n, p, &y, &m, &d);
    if (!e || !d)
        return;
    f->y2 = y, f->m2 = m, f->d2 = d;
    f->end = e;
}

static void resolve_found(const vn_date_ctx *c, vn_date_found *f)
{
    if (!f->y && f->y2 && f->m2 >= f->m)
        f->y = f->y2;
    if (!f->y)
        f->y = vn_dates_resolve_year(c, f->m, f->d);
    if (f->d2 && !f->y2)
        f->y2 = f->y ? (f->m2 < f->m ? f->y + 1 : f->y) : 0;
    /* a span must go forward */
    if (f->d2 && f->y && f->y2 && days_of(f->y2, f->m2, f->d2) <= days_of(f->y, f->m, f->d))
        f->y2 = f->m2 = f->d2 = 0;
}

/* Does resolve_found take f's year from the context? */
static int needs_context(const vn_date_found *f)
{
    return !f->y && !(f->y2 && f->m2 >= f->m);
}

/* Set by the tests: find_event reads a date at every number that starts a
 * token (the filter before the window is lowercased must agree). */
int vn_dates_try_every_number;

/* vn_dates_find_event before resolve_found: f as the line gives it. */
static int find_event(const vn_line *l, vn_ev_docs *docs, size_t from, vn_date_found *f)
{
    const char *t = l->text;
    size_t n = (size_t)l->len;
    for (size_t i = from; i < n; i++) {
        i = next_digit(t, n, i);
        if (i >= n)
            break;
        /* a date starts a token: skip the rest of "1.528", "COVID-19", "30/2020/NĐ-CP" */
        if (i > 0 && t[i - 1] != ' ' && t[i - 1] != '(' && t[i - 1] != '"') {
            i = vn_ev_next_space(t, n, i + 1) - 1;
            continue;
        }
        /* what may follow the day (or year) of a date: a separator, or a
         * space before "tháng", "tới", "và", "đến" or a dash (core_scan,
         * bare_span) */
        size_t j0 = i;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (i + 8 <= n) { /* counted without a loop, whose end is hard to foresee */
            uint64_t x;
            memcpy(&x, t + i, 8);
            unsigned k = vn_ev_lead_digits8(x);
            j0 = i + (k < 5 ? k : 5);
        } else
#endif
            while (j0 < n && j0 - i < 5 && vn_ev_digit(t[j0]))
                j0++;
        unsigned char sep = j0 < n ? (unsigned char)t[j0] : 0;
        unsigned char after = j0 + 1 < n ? (unsigned char)t[j0 + 1] : 0;
        int may = j0 - i <= 4 &&
                  (sep == '/' || sep == '-' || sep == '.' || sep == ',' || sep == 0xE2 ||
                   (sep == ' ' && ((after | 32) == 't' || (after | 32) == 'v' || after == '-' || after == 0xE2 ||
                                   (after == 0xC4 && j0 + 2 < n && ((unsigned char)t[j0 + 2] | 1) == 0x91))));
        /* closer, before the window is lowercased: "1.528" and "2,5" are
         * no dates (D.M.YYYY only; ", " only in a span "25, 26/2"), nor
         * "5 triệu", "3 vụ", "2 đồng", "5 thành viên" (after a space:
         * bare_span's " - ", " – ", " và ", " đến ", " tới ", or core_scan's
         * "tháng", in either case); a day has at most two digits ("007/12"
         * is one), four are a year ("năm 2019, …": only ISO "2022-07-01") */
        size_t nd = j0 - i;
        if (may && (nd == 3 ? t[i] != '0' : nd == 4 && sep != '-'))
            may = 0;
        unsigned char a2 = j0 + 2 < n ? (unsigned char)t[j0 + 2] : 0;
        size_t dot_dm = 0; /* "Sáng 12.8, …": D.M, its end (a date only where cued) */
        if (may && sep == '.') {
            size_t q = j0 + 1, d = 0;
            while (q < n && d < 3 && vn_ev_digit(t[q]))
                q++, d++;
            if (j0 - i <= 2 && d >= 1 && d <= 2 && (q >= n || t[q] == ' ' || t[q] == ',' || t[q] == ')'))
                dot_dm = q;
            may = (j0 - i <= 3 && d >= 1 && d <= 2 && q < n && t[q] == '.') || dot_dm;
        } else if (may && sep == ',') {
            may = after == ' ' && (vn_ev_digit((char)a2) || (a2 | 32) == 'n'); /* ", 26/2", ", ngày 26/2" */
        } else if (may && sep == ' ') {
            /* "5 tháng 3" (not "6 tháng đầu năm"); a span's second day,
             * maybe after "ngày" */
            size_t k = bytes_ci(t, n, j0, " tháng", " THÁNG");
            if (k) {
                size_t q = vn_ev_skip_space(t, n, j0 + k);
                may = q > j0 + k && q < n && vn_ev_digit(t[q]);
            } else {
                k = bytes_ci(t, n, j0, " tới ", " TỚI ");
                k = k ? k : bytes_ci(t, n, j0, " và ", " VÀ ");
                k = k ? k : bytes_ci(t, n, j0, " đến ", " ĐẾN ");
                k = k ? k : bytes_ci(t, n, j0, " - ", " - ");
                k = k ? k : bytes_ci(t, n, j0, " – ", " – ");
                may = k && j0 + k < n && (vn_ev_digit(t[j0 + k]) || (t[j0 + k] | 32) == 'n');
            }
        }
        if (!may && !vn_dates_try_every_number) {
            i = vn_ev_next_space(t, n, i + 1) - 1;
            continue;
        }
        /* a window of the line: the date after i, read as it is (its words
         * compared in either case), and what stands before it, lowercased
         * only when there is a date (most numbers here are none) */
        size_t a = i > 64 ? i - 64 : 0, b = n - i > 96 ? i + 96 : n;
        while (a < i && ((unsigned char)t[a] & 0xC0) == 0x80)
            a++;
        while (b > i && b < n && ((unsigned char)t[b] & 0xC0) == 0x80)
            b--;
        memset(f, 0, sizeof *f);
        size_t e = bare_span(t, b, i, f);
        if (!e) {
            int y, m, d;
            e = core_scan(t, b, i, &y, &m, &d);
            if (!e && dot_dm && digits_at(t, n, i, 2, &d) && digits_at(t, n, j0 + 1, 2, &m) && valid_day(0, m, d)) {
                char lw[72]; /* (core_scan takes "12.8.2025" only: "1.528" is a number) */
                size_t w = i - a;
                vn_ev_lower(t + a, w, lw, w + 1);
                if (cued_by_word(lw, w))
                    e = dot_dm, y = 0;
            }
            if (e && d && !y) {
                int yy = 0;
                size_t e2 = year_after(t, b, e, &yy, 0);
                if (yy && valid_day(yy, m, d))
                    y = yy, e = e2;
            }
            if (!e || !d) {
                i = vn_ev_next_space(t, n, i + 1) - 1;
                continue;
            }
            f->start = i, f->end = e;
            f->y = y, f->m = m, f->d = d;
            span_end(t, b, f);
            if (f->y && f->y2 >= f->y + 3 && f->d2 == d && f->m2 == m) {
                /* "(1/8/1930 - 1/8/2025)": the years an anniversary counts,
                 * no date of the news */
                i = f->end - 1;
                continue;
            }
        }
        char low[72];
        size_t j = i - a;
        vn_ev_lower(t + a, j, low, j + 1);
        if ((!f->y && !cued(low, j)) || excluded(low, j, i, docs)) {
            i = f->end > i ? f->end - 1 : i;
            continue;
        }
        return 1;
    }
    return 0;
}

int vn_dates_find_event(const vn_date_ctx *c, const vn_line *l, vn_ev_docs *docs, size_t from,
                        vn_date_found *f)
{
    if (!find_event(l, docs, from, f))
        return 0;
    resolve_found(c, f);
    return 1;
}

int vn_dates_find_event_lazy(vn_date_lazy *z, const vn_line *l, vn_ev_docs *docs, size_t from, vn_date_found *f)
{
    if (!find_event(l, docs, from, f))
        return 0;
    if (!z->ready && needs_context(f)) {
        vn_dates_context(z->st, z->r, &z->c);
        z->ready = 1;
    }
    resolve_found(&z->c, f);
    return 1;
}

/* "YYYY-MM-DD" at out (y 0..9999, m and d 0..99). */
static void put_iso(char *out, int y, int m, int d)
{
    out[0] = (char)('0' + y / 1000 % 10), out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10), out[3] = (char)('0' + y % 10);
    out[4] = '-', out[5] = (char)('0' + m / 10 % 10), out[6] = (char)('0' + m % 10);
    out[7] = '-', out[8] = (char)('0' + d / 10 % 10), out[9] = (char)('0' + d % 10);
}

const char *vn_dates_format(vn_stage *st, const vn_date_found *f)
{
    if (!f->y || !f->m || !f->d)
        return NULL;
    int span = f->d2 && f->y2;
    if (f->y < 1000 || f->y > 9999 || (span && (f->y2 < 1000 || f->y2 > 9999))) /* a year from elsewhere */
        return span ? vn_arena_printf(st->arena, "%04d-%02d-%02d/%04d-%02d-%02d", f->y, f->m, f->d, f->y2, f->m2, f->d2)
                    : vn_arena_printf(st->arena, "%04d-%02d-%02d", f->y, f->m, f->d);
    char *out = vn_arena_alloc(st->arena, span ? 22 : 11);
    put_iso(out, f->y, f->m, f->d); /* months and days are valid */
    if (span) {
        out[10] = '/';
        put_iso(out + 11, f->y2, f->m2, f->d2);
    }
    out[span ? 21 : 10] = '\0';
    return out;
}

int vn_dates_line_is_dateline(const vn_line *l)
{
    if (l->role == VN_ROLE_DATELINE)
        return 1;
    if (l->len > 80)
        return 0; /* long */
    if (next_digits4(l->text, (size_t)l->len, 0) >= (size_t)l->len)
        return 0; /* a full date has a year: four digits in a row */
    char low[96];
    size_t n = vn_ev_lower(l->text, (size_t)l->len, low, sizeof low);
    int words = 0, date = 0;
    for (size_t i = 0; i < n;) {
        if (vn_ev_digit(low[i]) && (i == 0 || !vn_ev_wordbyte(low, n, i - 1))) {
            int y, m, d;
            size_t e = core_scan(low, n, i, &y, &m, &d);
            date |= e && y && d;
            i = e ? e : vn_ev_word_end(low, n, i);
        } else if (vn_ev_wordbyte(low, n, i)) {
            words++;
            i = vn_ev_word_end(low, n, i);
        } else {
            i++;
        }
    }
    return date && words <= 4;
}

/* ------------------------------------------------------------ the context */

/* Opening lines: the title and the first few article lines that are not
 * captions or datelines. */
static int opening_line(const vn_line *l)
{
    if (vn_line_scope(l) != VN_IN_ARTICLE || l->role == VN_ROLE_CAPTION || l->role == VN_ROLE_DATELINE)
        return 0;
    return !vn_dates_line_is_dateline(l);
}

/* opening_line of each line of a record, asked once: the context's passes
 * and the event date read the same lines. */
typedef struct openings {
    const vn_record *r;
    unsigned char *v; /* 0 no, 1 yes, 2 not asked yet; NULL: ask every time */
} openings;

static void openings_init(openings *o, vn_stage *st, const vn_record *r)
{
    o->r = r;
    o->v = r->lines.n > 0 ? vn_arena_alloc(st->arena, (size_t)r->lines.n) : NULL;
    if (o->v)
        memset(o->v, 2, (size_t)r->lines.n);
}

static int is_opening(openings *o, int i)
{
    if (!o->v)
        return opening_line(&o->r->lines.v[i]);
    if (o->v[i] == 2)
        o->v[i] = (unsigned char)opening_line(&o->r->lines.v[i]);
    return o->v[i];
}

typedef struct years {
    unsigned char named[201]; /* 1900..2100 */
    unsigned char plan[201];
    int max;
} years;

static void name_year(years *ys, int y, int plan)
{
    ys->named[y - 1900] = 1;
    ys->plan[y - 1900] |= (unsigned char)plan;
    if (y > ys->max)
        ys->max = y;
}

/* The years a line reports on: "năm 2023", "quý II/2023", "tháng 8/2020",
 * "27/12/2023"; not ranges ("2020 - 2025"), terms, targets ("đến năm 2030"),
 * or document dates. */
static void years_in_line(const char *s, size_t n, vn_ev_docs *docs, years *ys)
{
    for (size_t i = 0; i + 4 <= n; i++) {
        i = next_digits4(s, n, i); /* a number of four digits may be a year */
        if (i + 4 > n)
            break;
        int v;
        if (digits_at(s, n, i, 4, &v) != 4 || !valid_year(v) || (i + 4 < n && vn_ev_wordbyte(s, n, i + 4)))
            continue;
        /* a range: 2020-2025, 2020 – 2025 */
        size_t p = vn_ev_skip_space(s, n, i + 4);
        size_t dash = p < n && s[p] == '-' ? 1 : p + 3 <= n && memcmp(s + p, "–", 3) == 0 ? 3 : 0;
        int v2;
        if (dash && digits_at(s, n, vn_ev_skip_space(s, n, p + dash), 4, &v2) == 4) {
            i = vn_ev_skip_space(s, n, p + dash) + 3;
            continue;
        }
        if (i >= 1 && (s[i - 1] == '-' || s[i - 1] == '/' || s[i - 1] == '.')) {
            if (i >= 2 && s[i - 2] == ' ')
                continue; /* " -2025": odd */
            size_t st = i - 1;
            while (st > 0 && s[st - 1] != ' ')
                st--;
            int at = 0;
            if (token_goes_on(s, n, i + 4) || vn_ev_in_ranges(vn_ev_docs_get(docs), i, i + 4, &at) ||
                code_before(s, st))
                continue;
            name_year(ys, v, 0);
            continue;
        }
        /* "năm 2023": the clause before it, lowercased, says what the year is */
        size_t end, ws = vn_ev_prev_word(s, i, &end);
        char low[64];
        if (ws == i || end - ws != strlen("năm") || vn_ev_lower(s + ws, end - ws, low, sizeof low) != end - ws ||
            memcmp(low, "năm", end - ws) != 0)
            continue;
        size_t a = ws > 48 ? ws - 48 : 0;
        while (a < ws && ((unsigned char)s[a] & 0xC0) == 0x80)
            a++; /* a character boundary */
        size_t wn = vn_ev_lower(s + a, ws - a, low, sizeof low), b = wn;
        while (b > 0 && low[b - 1] == ' ')
            b--;
        int skip = 0;
        for (int k = 0; NOT_REPORTED[k].w && !skip; k++)
            skip = ends_with_word(low, b, &NOT_REPORTED[k]);
        if (skip)
            continue;
        /* the clause before "năm": back to a comma or a full stop */
        size_t cs = wn;
        while (cs > 0 && low[cs - 1] != ',' && low[cs - 1] != '.' && low[cs - 1] != ';')
            cs--;
        int plan = 0;
        for (int k = 0; PLAN_CUE[k].w && !plan; k++)
            plan = contains(low + cs, wn - cs, &PLAN_CUE[k]);
        name_year(ys, v, plan);
    }
}

static void dates_context(vn_stage *st, const vn_record *r, vn_date_ctx *c, openings *o)
{
    memset(c, 0, sizeof *c);
    publication_of(r, &c->py, &c->pm, &c->pd);
    /* a dateline the page stage has not read */
    for (int i = 0; !c->py && i < r->lines.n && i < 12; i++) {
        const vn_line *l = &r->lines.v[i];
        if (l->role == VN_ROLE_RELATED || !vn_dates_line_is_dateline(l))
            continue;
        char low[96];
        size_t n = vn_ev_lower(l->text, (size_t)l->len, low, sizeof low);
        for (size_t k = 0; k < n && !c->py; k++) {
            if (!vn_ev_digit(low[k]) || (k > 0 && vn_ev_wordbyte(low, n, k - 1)))
                continue;
            int y, m, d;
            if (core_scan(low, n, k, &y, &m, &d) && y && d)
                c->py = y, c->pm = m, c->pd = d;
        }
    }
    if (c->py)
        return; /* partial dates take their year from the publication date */
    years ys;
    memset(&ys, 0, sizeof ys);
    int opening = 0;
    for (int pass = 0; pass < 2 && !ys.max; pass++) {
        opening = 0;
        for (int i = 0; i < r->lines.n; i++) {
            const vn_line *l = &r->lines.v[i];
            if (!is_opening(o, i))
                continue;
            if (pass == 0 && ++opening > 4)
                break;
            /* the first four, read whole in pass 0, named no year: once more
             * would name none again */
            if (pass == 1 && ++opening <= 4 && l->len <= VN_EV_OPENING_BYTES)
                continue;
            vn_line head = pass == 0 ? vn_ev_head(l) : vn_ev_head_n(l, 8000);
            vn_ev_docs docs;
            vn_ev_docs_init(&docs, st, r, l);
            years_in_line(head.text, (size_t)head.len, &docs, &ys);
        }
    }
    if (ys.max) {
        c->year_max = ys.max;
        c->prev_named = ys.max > 1900 && ys.named[ys.max - 1 - 1900];
        c->max_is_plan = ys.plan[ys.max - 1900];
    }
}

void vn_dates_context(vn_stage *st, const vn_record *r, vn_date_ctx *c)
{
    openings o;
    openings_init(&o, st, r);
    dates_context(st, r, c, &o);
}

/* ------------------------------------------------------------ the stage */

void vn_extract_dates(vn_stage *st, vn_record *r)
{
    /* the context (a scan of the article for the years it names) only for
     * a date that takes its year from it: most have one, or there is none */
    vn_date_ctx c;
    memset(&c, 0, sizeof c);
    openings o;
    openings_init(&o, st, r);
    int py, pm, pd, seen = 0;
    publication_of(r, &py, &pm, &pd);
    for (int i = 0; i < r->lines.n && seen < 5; i++) {
        const vn_line *l = &r->lines.v[i];
        if (!is_opening(&o, i))
            continue;
        seen++;
        vn_line head = vn_ev_head(l);
        vn_ev_docs docs;
        vn_ev_docs_init(&docs, st, r, l);
        vn_date_found f;
        size_t from = 0;
        int got;
        /* a date years before the publication is history the news recalls
         * ("… về thăm quê ngày 14/6/1957"), not its event */
        while ((got = find_event(&head, &docs, from, &f)) && py && f.y && f.y < py - 1 && f.end > from)
            from = f.end;
        if (got) {
            if (needs_context(&f))
                dates_context(st, r, &c, &o);
            resolve_found(&c, &f);
            r->event_date = vn_dates_format(st, &f);
            return;
        }
    }
}
