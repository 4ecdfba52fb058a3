/* fuzz_dates.c — the date grammar and the event-date, events and figures
 * extractors on any bytes. vn_date_scan runs at every byte of the input
 * (with and without a publication date); then each input line becomes a
 * record line (its role from its length, so title, article, teaser and
 * skipped lines all occur) and dates and events run on the record. Checks
 * the scan stays inside its input and that dates are well formed. */
#include "../src/core/stage.h"
#include "../src/extract/extract.h"
#include "fuzz_util.h"

#include <stdlib.h>
#include <string.h>

static void check_date(const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s);
    if (n != 10 && n != 21)
        abort();
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int want_dash = i == 4 || i == 7 || i == 15 || i == 18;
        if (i == 10 ? c != '/' : want_dash ? c != '-' : (c < '0' || c > '9'))
            abort();
    }
}

static vn_role role_of(size_t len, int n)
{
    static const vn_role roles[] = {VN_ROLE_TITLE, VN_ROLE_BODY, VN_ROLE_LEAD, VN_ROLE_RELATED,
                                    VN_ROLE_CAPTION, VN_ROLE_DATELINE, VN_ROLE_BOILERPLATE};
    return roles[(len + (size_t)n) % (sizeof roles / sizeof *roles)];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const vn_lexicon *lx = fuzz_lexicon();
    const char *s = (const char *)data;
    vn_record pub;
    memset(&pub, 0, sizeof pub);
    pub.pub_year = 2024, pub.pub_month = 1, pub.pub_day = 3;
    for (size_t i = 0; i < size && i < 4096; i++) {
        int y, m, d;
        size_t k = vn_date_scan(i & 1 ? &pub : NULL, s + i, size - i, &y, &m, &d);
        if (k > size - i || (k && (m < 1 || m > 12 || d < 0 || d > 31)))
            abort();
    }
    vn_arena *a = vn_arena_new();
    vn_stage st = {.arena = a, .lex = lx};
    vn_buf_init(&st.scratch, 0);
    vn_record *r = fuzz_record(a, data, size, role_of, 0);
    if (size && data[0] & 1)
        r->pub_year = 2023, r->pub_month = 12, r->pub_day = 31;
    vn_extract_dates(&st, r);
    check_date(r->event_date);
    vn_extract_events(&st, r);
    for (int i = 0; i < r->events.n; i++) {
        if (!r->events.v[i].type)
            abort();
        check_date(r->events.v[i].date);
    }
    vn_buf_release(&st.scratch);
    vn_arena_free(a);
    return 0;
}
