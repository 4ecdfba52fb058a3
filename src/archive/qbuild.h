/* qbuild.h — building a question's SQL (query.c), shared by the questions in
 * query.c and qsearch.c. Private to src/archive. */
#ifndef VN_ARCHIVE_QBUILD_H
#define VN_ARCHIVE_QBUILD_H

#include "arc.h"

/* A query under construction: SQL text and its bound values (borrowed: they
 * must outlive the statement's preparation). */
typedef struct vn_qb {
    vn_buf sql;
    const char *binds[24];
    int nb;
} vn_qb;

/* Append frag; each '?' in it stands for val (bound once as ?N). */
void vn_qb_add(vn_qb *q, const char *frag, const char *val);
/* The statement with every value bound; NULL and *err on failure. */
sqlite3_stmt *vn_qb_prepare(vn_archive *a, vn_qb *q, vn_error *err);
void vn_qb_limit(vn_qb *q, int limit);
/* Filters shared by search and events: province (old or new name, any
 * spelling), date range (on date_expr), source. */
void vn_qb_filters(vn_qb *q, const char *const *args, int nargs, const char *date_expr);
/* The "limit" argument (dflt when absent or negative) and "width". */
int vn_qb_arg_limit(const char *const *args, int nargs, int dflt);
int vn_qb_arg_width(const char *const *args, int nargs);
/* Ends the rows; no rows at all is VN_ERR_NOT_FOUND saying what. */
vn_result vn_qb_finish(vn_result r, vn_rows *rows, int count, vn_archive *a, vn_error *err,
                       const char *what);

/* `search` (qsearch.c). */
vn_result vn_arc_query_search(vn_archive *a, const char *const *args, int nargs, int table,
                              vn_buf *out, vn_error *err);

#endif
