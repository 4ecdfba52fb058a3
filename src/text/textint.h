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

/* How far from position k (k >= 5, the positions before it passed) the
 * blocks of thirty-two bytes of the line s[0..len) pass the vector test of
 * the clean-line check (cleanvec.c); k itself when none does or the CPU has
 * no AVX2. mode: 0 keep the tone marks, 1 old placement, 2 new. */
size_t vn_text_clean_blocks(const unsigned char *s, size_t k, size_t len, int mode);

/* Tests only: is the pair table built by rows what the pair-by-pair
 * definition gives? */
int vn_text_pair_table_ok(void);

/* Tests only: when set, the vector test is not used (not for threaded use). */
extern int vn_text_no_vector;
/* Tests only: when set, the AVX2 test stands in for the AVX-512 one (the one
 * valgrind measures), so both are compared with the exact check here. */
extern int vn_text_no_avx512;

#endif
