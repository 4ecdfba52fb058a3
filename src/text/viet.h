/* viet.h — Vietnamese letters and syllables for the text stage (internal).
 *
 * A Vietnamese vowel letter is one of twelve shapes (a ă â e ê i o ô ơ u ư y)
 * carrying one of six tones; vn_vowel_split/vn_vowel_make go between a code
 * point and (shape, tone, case). vn_syllable_valid() tells whether a run of
 * letters spells a Vietnamese syllable (initial + rhyme + a tone the rhyme
 * allows): the legacy-encoding detector scores candidate decodings with it and
 * the tone-placement fix uses it to leave foreign words alone. */
#ifndef VN_TEXT_VIET_H
#define VN_TEXT_VIET_H

#include <stddef.h>
#include <stdint.h>

enum vn_shape { VS_NONE = 0, VS_A, VS_A_BREVE, VS_A_CIRC, VS_E, VS_E_CIRC, VS_I, VS_O, VS_O_CIRC,
                VS_O_HORN, VS_U, VS_U_HORN, VS_Y, VS_COUNT };
enum vn_tone_mark { VT_NONE = 0, VT_GRAVE, VT_ACUTE, VT_HOOK, VT_TILDE, VT_DOT, VT_COUNT };

/* Builds the tables once (thread-safe); every function below calls it. */
void vn_viet_init(void);

/* cp as a vowel: returns its shape (VS_NONE if cp is not a Vietnamese vowel
 * letter) and sets *tone and *upper. */
int vn_vowel_split(int32_t cp, int *tone, int *upper);
/* The code point of shape with tone, upper- or lowercase. */
int32_t vn_vowel_make(int shape, int tone, int upper);

/* Does cps[0..n) (letters, any case, NFC) spell a Vietnamese syllable? If
 * marked is not NULL it gets 1 when the syllable carries a diacritic (tone,
 * shape or đ), which is what separates Vietnamese from plain ASCII words. */
int vn_syllable_valid(const int32_t *cps, int n, int *marked);

/* Is cp a letter (Latin, Vietnamese or any Unicode letter)? Cheap for Latin. */
int vn_text_is_letter(int32_t cp);

#endif
