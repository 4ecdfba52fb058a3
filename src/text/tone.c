/* tone.c — tone-mark placement and Đ for Ð, per syllable.
 *
 * The two placements differ only in open syllables ending in oa, oe or uy
 * (no final consonant, no third vowel): traditional hòa, khỏe, thủy, Ủy put the
 * mark on the first vowel, the "new" hoà, khoẻ, thuỷ, Uỷ on the second. In
 * hoàng, toán, khuya, ngoài, quý the placement is the same in both and is left
 * alone ("qu" is the initial of quý, so its u is no vowel). */
#include "textint.h"
#include "viet.h"

#include <string.h>

typedef struct letter {
    int32_t cp;
    size_t at;  /* offset in out */
} letter;

#define MAX_SYL 8

/* The syllable's letters are syl[0..n) and occupy out from syl[0].at to the
 * end. Re-place the tone of a final oa/oe/uy; returns characters changed. */
static size_t place_tone(const letter *syl, int n, vn_tone tone, vn_buf *out)
{
    if (tone == VN_TONE_KEEP || n < 2 || n > 7)
        return 0;
    int t2, u2, t3, u3;
    int s2 = vn_vowel_split(syl[n - 2].cp, &t2, &u2);
    int s3 = vn_vowel_split(syl[n - 1].cp, &t3, &u3);
    int pair = (s2 == VS_O && (s3 == VS_A || s3 == VS_E)) || (s2 == VS_U && s3 == VS_Y);
    if (!pair || (t2 != 0) == (t3 != 0))
        return 0;
    if (n >= 3) {
        int t1, u1;
        int32_t c1 = syl[n - 3].cp;
        if (vn_vowel_split(c1, &t1, &u1))
            return 0; /* a third vowel before: not the oa/oe/uy rhyme */
        if (s2 == VS_U && (c1 | 32) == 'q')
            return 0; /* quý: "qu" is the initial */
    }
    int32_t cps[MAX_SYL];
    for (int k = 0; k < n; k++)
        cps[k] = syl[k].cp;
    if (!vn_syllable_valid(cps, n, NULL))
        return 0; /* a foreign word (Zoé) keeps its accent */
    int tnew2, tnew3;
    if (tone == VN_TONE_OLD && t3) {
        tnew2 = t3;
        tnew3 = 0;
    } else if (tone == VN_TONE_NEW && t2) {
        tnew2 = 0;
        tnew3 = t2;
    } else {
        return 0;
    }
    char b[8];
    int k = vn_utf8_put(vn_vowel_make(s2, tnew2, u2), b);
    k += vn_utf8_put(vn_vowel_make(s3, tnew3, u3), b + k);
    out->len = syl[n - 2].at;
    vn_buf_add(out, b, (size_t)k);
    return 2;
}

size_t vn_fix_syllables(const char *w, size_t n, vn_tone tone, vn_buf *out)
{
    vn_viet_init();
    size_t changed = 0;
    letter syl[MAX_SYL];
    int ns = 0, in_run = 0;
    for (size_t i = 0; i < n;) {
        int len;
        int32_t c = vn_utf8_next(w + i, n - i, &len);
        /* a combining mark left after NFC belongs to the syllable (which is
         * then no Vietnamese syllable, and is left alone) */
        if (vn_text_is_letter(c) || (c >= 0x300 && c < 0x370)) {
            if (!in_run) {
                in_run = 1;
                ns = 0;
                if (c == 0xD0 || c == 0xF0) {
                    c = c == 0xD0 ? 0x110 : 0x111;
                    changed++;
                    char b[4];
                    int k = vn_utf8_put(c, b);
                    if (ns < MAX_SYL)
                        syl[ns++] = (letter){c, out->len};
                    vn_buf_add(out, b, (size_t)k);
                    i += (size_t)len;
                    continue;
                }
            }
            if (ns < MAX_SYL)
                syl[ns] = (letter){c, out->len};
            ns++;
            vn_buf_add(out, w + i, (size_t)len);
        } else {
            if (in_run && ns <= 7)
                changed += place_tone(syl, ns, tone, out);
            in_run = 0;
            vn_buf_add(out, w + i, (size_t)len);
        }
        i += (size_t)len;
    }
    if (in_run && ns <= 7)
        changed += place_tone(syl, ns, tone, out);
    return changed;
}
