/* fuzz_util.h — what the extractor harnesses share: the lexicon, loaded once,
 * and a record made from any bytes, one record line per input line. */
#ifndef VN_FUZZ_UTIL_H
#define VN_FUZZ_UTIL_H

#include "../src/core/stage.h"

#include <stdlib.h>
#include <string.h>

static const vn_lexicon *fuzz_lexicon(void)
{
    static vn_lexicon *lx;
    if (!lx) {
        vn_error err;
        memset(&err, 0, sizeof err);
        if (vn_lexicon_load(NULL, &lx, &err) != VN_OK)
            abort();
    }
    return lx;
}

/* Each non-empty input line becomes a record line; role(len, n) picks its
 * role from its length and number, so every role occurs. The line text stops
 * at an embedded NUL, as a C string. Numbers count blank lines too when
 * count_blank is set (as in a page), else only the lines kept. */
static vn_record *fuzz_record(vn_arena *a, const uint8_t *data, size_t size,
                              vn_role (*role)(size_t len, int n), int count_blank)
{
    vn_record *r = vn_arena_alloc(a, sizeof *r);
    const char *s = (const char *)data;
    int n = 0;
    for (size_t i = 0; i <= size;) {
        const char *nl = memchr(s + i, '\n', size - i);
        size_t j = nl ? (size_t)(nl - s) : size;
        if (count_blank)
            n++;
        if (j > i) {
            vn_line *l = VN_PUSH(a, r->lines);
            l->n = count_blank ? n : ++n;
            l->text = vn_arena_strndup(a, s + i, j - i);
            l->len = (int)strlen(l->text);
            l->role = role(j - i, l->n);
        }
        if (j >= size)
            break;
        i = j + 1;
    }
    return r;
}

#endif
