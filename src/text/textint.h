/* textint.h — pieces of the text stage shared between its files (internal). */
#ifndef VN_TEXT_INT_H
#define VN_TEXT_INT_H

#include "../core/uni.h"
#include "vnews.h"

/* Copy the NFC text w[0..n) to out with, per syllable (run of letters), Ð/ð
 * at its start made Đ/đ and the tone mark of a final oa/oe/uy placed the
 * tone way (VN_TONE_KEEP: left). Returns the number of characters changed. */
size_t vn_fix_syllables(const char *w, size_t n, vn_tone tone, vn_buf *out);

/* Tests only: when set, vn_normalize() never takes its copy-the-clean-line
 * shortcut, so the two paths can be compared (not for threaded use). */
extern int vn_text_force_slow;

#endif
