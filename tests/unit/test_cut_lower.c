/* test_cut_lower.c — the window cut's shortcut for lowercase and digit
 * tokens by the bitmaps (cut_lower, people_scan.c) and the branch-free
 * marks of the tokens near a capitalized one: on text that puts every
 * first byte the shortcut tells apart next to words, marks and spaces,
 * each token of a window is the token the byte-at-a-time full cut gives
 * there, and so is its near mark wherever the three tokens after it are
 * in the same window. */
#include "../../src/core/stage.h"
#include "../../src/extract/people_bits.h"
#include "../../src/extract/people_int.h"
#include "unit.h"

#include <string.h>

/* Lowercase first letters of every byte shape (ASCII, C3–C6 "ô", "đ",
 * "ơ", E1 "ở", "ủ"), digits, words ended by a joiner or by a mark, "×" and
 * "ß" (C3, uppercase by their bits, lowercase by the rules), stray
 * continuation bytes after a typographic quote, letters cut short,
 * capitals of every shape, a long word, NUL-free other scripts. */
static const char *const parts[] = {
    "ông", "đã", "ở", "ủy", "ơn", "ư", "ấy", "năm,", "năm.", "đó;", "2017", "19-3", "1.528", "3/2",
    "x'y", "a&b", "tp.hcm", "q.Thanh", "việc:", "(ông", "“chị", "“\x80x", "”\x85", "×", "ßa", "×Anh",
    "\xC3", "\xC4x", "ở\xC3", "a\xE2\x80\x99" "b", "Nguyễn", "Văn", "Ủy", "Đức", "Ông", "Ơn", "Ưng", "UBND",
    "HĐND", "TP.HCM", "ThS", "iPhone", "kĐ", "-", ",", ".", "(", ")", "…", "–", "và", "kiêm",
    "chủtịchủybannhândântỉnhđồngchíhọpbànviệcxâydựngnôngthônmớiởđịaphương", "漢字", "α", "Ω",
};

enum { MAXN = 2500 };

/* The test text: parts and separators picked by seed, lowercase words four
 * times in five (windows are mostly them). Returns its length. */
static int make_text(char *out, unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    int len = 0, max = 160 + (int)(*seed >> 16) % (MAXN - 160);
    while (len < max - 96) {
        *seed = *seed * 1103515245u + 12345u;
        unsigned pick = (*seed >> 16) % 5 ? (*seed >> 8) % 30 : (*seed >> 8) % (sizeof parts / sizeof *parts);
        size_t k = strlen(parts[pick]);
        memcpy(out + len, parts[pick], k);
        len += (int)k;
        static const char *const seps[16] = {" ", " ", " ", " ", " ", " ", " ", " ",
                                             " ", " ", " ", " ", "\t", "  ", "", ""};
        const char *sep = seps[(*seed >> 4) % 16];
        memcpy(out + len, sep, strlen(sep));
        len += (int)strlen(sep);
    }
    return len;
}

VN_TEST(cut_lower_windows_match_full_cut)
{
    const struct vn_people_lex *lx = unit_lexicon()->people;
    static char text[MAXN + 128], wbuf[MAXN + PP_CUT_PAD + 16], fbuf[MAXN + PP_CUT_PAD + 16];
    static ptok wt[MAXN + 8], ft[MAXN + 8];
    static pgap codes[MAXN + 8];
    static uint64_t bits[4 * PP_BITS_STRIDE];
    static int full_at[MAXN + 128]; /* the full cut's token that starts at a byte, or -1 */
    unsigned seed = 4242;
    int checked = 0, nears = 0;
    for (int round = 0; round < 200; round++) {
        int len = make_text(text + 8, &seed), ffirst, wfirst;
        int nf = pp_cut(lx, text + 8, len, fbuf + 8, ft, NULL, NULL, 0, &ffirst);
        for (int p = 0; p <= len; p++)
            full_at[p] = -1;
        for (int j = 0; j < nf; j++)
            full_at[ft[j].s] = j;
        for (int unit = 0; unit < 4; unit++) {
            if (!pp_bits_select(unit))
                continue;
            int nwt = pp_cut(lx, text + 8, len, wbuf + 8, wt, codes, bits, 1, &wfirst), bad = 0;
            for (int i = 0; i < nwt; i++) {
                const ptok *w = &wt[i];
                if (w->cls == TK_GAP)
                    continue;
                int j = full_at[w->s];
                const ptok *f = j < 0 ? NULL : &ft[j];
                int same = f && f->e == w->e && f->cls == w->cls && f->plain == w->plain && f->ch == w->ch &&
                           !memcmp(wbuf + 8 + w->s, fbuf + 8 + w->s, (size_t)(w->e - w->s));
                /* near looks three tokens on: the same where they are in
                 * this window too */
                int seen = i + 3 < nwt && wt[i + 1].cls != TK_GAP && wt[i + 2].cls != TK_GAP &&
                           wt[i + 3].cls != TK_GAP;
                if (same && seen) {
                    same = w->near == f->near;
                    nears += w->near;
                }
                bad += !same;
                checked++;
            }
            CHECK(bad == 0);
        }
        pp_bits_init();
    }
    CHECK(checked > 10000);
    CHECK(nears > 1000);
}
