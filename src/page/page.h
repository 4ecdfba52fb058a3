/* page.h — the page stage: every line gets a role; the article is set apart.
 *
 * Input: r->lines holds the page's non-blank normalized lines (n, text, len),
 * r->url, r->id and r->date_hint are set. Output: each line's role and why;
 * r->title, published, source, authors, lead, body, captions, related;
 * r->pub_year/month/day when a date is known. */
#ifndef VN_PAGE_H
#define VN_PAGE_H

#include "../core/stage.h"

void vn_page_segment(vn_stage *st, vn_record *r);
/* The same, for the page the lines came from (page: as given to
 * vn_linestats_add, whose work on its lines is then reused), or NULL. */
void vn_page_segment_page(vn_stage *st, vn_record *r, const vn_page *page);

/* Datelines: parse a date-time in the forms pages use ("01-07-2022 15:09",
 * "Thứ Hai, 27/12/2023 - 17:36", "Cập nhật lúc: 18:00 |22/05/2022",
 * "2025-12-03"). Writes ISO 8601 ("2022-07-01T15:09" or "2022-07-01") into
 * out (32 bytes); returns 1 if the line is (essentially) only a dateline. */
int vn_dateline_parse(const char *s, size_t n, char *out);

/* The host of a URL ("https://www.thainguyen.gov.vn/x" -> "thainguyen.gov.vn"),
 * into out (cap bytes); returns its length, 0 if none. */
size_t vn_url_host(const char *url, char *out, size_t cap);

/* Cross-page line statistics (boiler.c): how many pages of this source carry
 * this line, and how many pages of the source were seen. */
int vn_linestats_count(const vn_linestats *ls, const char *source, const char *line, size_t len,
                       int *pages_of_source);
/* The same for line number lineno (1-based) of page: when the page was added
 * since the last decay and its raw line was these very bytes, the learner's
 * hash of it is taken, not computed again (the answer is the same). */
int vn_linestats_count_line(const vn_linestats *ls, const char *source, const char *line, size_t len,
                            const vn_page *page, int lineno, int *pages_of_source);

/* Asks the CPU early for what segmenting page (as given to vn_linestats_add)
 * will look up in the learner, so that the misses overlap other work. */
void vn_linestats_prefetch(const vn_linestats *ls, const vn_page *page);

#endif
