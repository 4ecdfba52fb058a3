/* boiler.c — STUB: cross-page line statistics. */
#include "page.h"
#include <stdlib.h>

struct vn_linestats { int unused; };
vn_linestats *vn_linestats_new(void) { return calloc(1, sizeof(vn_linestats)); }
void vn_linestats_free(vn_linestats *ls) { free(ls); }
void vn_linestats_add(vn_linestats *ls, const vn_page *p) { (void)ls; (void)p; }
void vn_linestats_decay(vn_linestats *ls) { (void)ls; }
int vn_linestats_count(const vn_linestats *ls, const char *source, const char *line, size_t len,
                       int *pages_of_source)
{
    (void)ls; (void)source; (void)line; (void)len;
    if (pages_of_source)
        *pages_of_source = 0;
    return 0;
}
