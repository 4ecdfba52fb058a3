/* dates.c — STUB until this extractor lands. */
#include "extract.h"
#include <stdlib.h>
void vn_extract_dates(vn_stage *st, vn_record *r) { (void)st; (void)r; }
size_t vn_date_scan(const vn_record *r, const char *s, size_t n, int *y, int *m, int *d) { (void)r; (void)s; (void)n; *y = *m = *d = 0; return 0; }
