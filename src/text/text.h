/* text.h — the text stage: UTF-8 repair, legacy encodings, NFC, tone marks.
 * The public entry is vn_normalize() in vnews.h; this header exposes the
 * pieces other stages and tests use. */
#ifndef VN_TEXT_H
#define VN_TEXT_H

#include "vnews.h"

/* Which legacy encoding the bytes look like (VN_ENC_UTF8 if none). Never
 * claims a legacy encoding for text that is valid Unicode Vietnamese. */
vn_encoding vn_legacy_detect(const char *s, size_t n);
/* Convert s from enc to UTF-8 (NFC), appending to out. */
vn_result vn_legacy_convert(vn_encoding enc, const char *s, size_t n, vn_buf *out);

/* Where vn_normalize_lines() wrote each line's "\n" (offsets in out): the
 * line ends, known as they are written, so the caller need not look for them
 * again. failed: out of memory (the offsets are then incomplete). */
typedef struct vn_line_ends {
    size_t *v;
    size_t n, cap;
    int failed;
} vn_line_ends;

/* vn_normalize(), also noting the line ends in ends (emptied first; NULL: not
 * wanted). The caller frees ends->v. */
vn_result vn_normalize_lines(const vn_options *o, const char *in, size_t len, vn_buf *out, vn_norm_info *info,
                             vn_line_ends *ends);

#endif
