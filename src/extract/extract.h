/* extract.h — the extraction stage: people, documents, organizations,
 * places, dates, events, figures. Each extractor reads r->lines (article
 * roles give "in": "article", VN_ROLE_RELATED gives "in": "related"; other
 * roles are skipped) and appends to its own record fields. They run in this
 * order, so later ones may read what earlier ones found (figures skip the
 * spans of documents and dates). */
#ifndef VN_EXTRACT_H
#define VN_EXTRACT_H

#include "../core/stage.h"

void vn_extract_documents(vn_stage *st, vn_record *r); /* documents.c */
void vn_extract_people(vn_stage *st, vn_record *r);    /* people.c: people + organizations */
void vn_extract_places(vn_stage *st, vn_record *r);    /* places.c: places + province */
void vn_extract_dates(vn_stage *st, vn_record *r);     /* dates.c: event_date */
void vn_extract_events(vn_stage *st, vn_record *r);    /* events.c */
void vn_extract_figures(vn_stage *st, vn_record *r);   /* figures.c */

/* Run them all in order. */
void vn_extract_all(vn_stage *st, vn_record *r);

/* Resolve a date written in the text ("19-3", "27/12", "24/10/2018",
 * "24 tháng 10 năm 2018") at s; with the record's known years fills
 * y/m/d (0 where unknown) and returns bytes consumed, or 0. dates.c */
size_t vn_date_scan(const vn_record *r, const char *s, size_t n, int *y, int *m, int *d);

#endif
