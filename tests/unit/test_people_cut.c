/* test_people_cut.c — the people tokenizer's window cut (people_scan.c):
 * every token cut in a window, by the bitmaps of each vector unit, is the
 * token that cutting the whole chunk a byte at a time gives there. */
#include "../../src/core/stage.h"
#include "../../src/extract/people_bits.h"
#include "../../src/extract/people_int.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* Words of every shape the cut tells apart: lowercase and capitalized
 * Vietnamese, all-caps, digits with joiners, punctuation stuck to words,
 * cues, "và"/"kiêm", letters cut short, other scripts. (Not E1 B8–BB
 * before a byte that continues no letter: the byte loop steps over it as
 * a letter, the bitmaps as other bytes, and only ptok.plain differs.) */
static const char *const words[] = {
    "và", "kiêm", "ông", "bà", "đồng", "chí", "Nguyễn", "Văn", "An", "Ủy", "ban", "nhân", "dân",
    "tỉnh", "Hà", "Nội", "UBND", "ThS", "TámPhó", "GD-ĐT", "TN&MT", "1.528", "19-3", "Q.Thanh",
    "PGS.TS", "Lĩnh-Ủy", "iPhone", "năm.", "đó,", "này):", "(TP.HCM)", "“trích”", "—", "…", ",",
    ";", ":", "(", ")", "-", ".", "\"", "?", "!", "Ông", "Ơ", "ư", "Ă", "ĩ", "Ũ", "ở", "ý", "ĐỒNG",
    "CHÍ", "tr\xC3", "\xC4\x41", "漢字", "a/b", "x'y", "&", "/", "'",
    "Trưởng", "phó", "chủ", "tịch", "Hồ", "Chí", "Minh", "giám", "đốc", "sở", "Bí", "thư",
    "Ưng", "ưu", "ơn", "Ơn", "ƀ", "Ɓ", "×", "Ân", "ấn", "Đức", "Thường", "ĐƯỜNG", "NgƯ",
};

static void gen(char *out, int *n, unsigned *seed, int max)
{
    int len = 0;
    while (len < max - 32) {
        *seed = *seed * 1103515245u + 12345u;
        const char *w = words[(*seed >> 16) % (sizeof words / sizeof *words)];
        size_t k = strlen(w);
        memcpy(out + len, w, k);
        len += (int)k;
        unsigned sep = (*seed >> 8) % 16;
        if (sep < 12)
            out[len++] = ' ';
        else if (sep == 12)
            out[len++] = '\t', out[len++] = ' ';
        else if (sep == 13)
            out[len++] = ' ', out[len++] = ' ';
        /* else: the next word runs on */
    }
    *n = len;
}

VN_TEST(people_cut_windows_by_every_unit)
{
    const vn_lexicon *L = unit_lexicon();
    const struct vn_people_lex *lx = L->people;
    enum { MAXN = 3000 };
    static char text[MAXN + 128], wbuf[MAXN + PP_CUT_PAD + 16], fbuf[MAXN + PP_CUT_PAD + 16];
    static ptok wt[MAXN + 8], ft[MAXN + 8];
    static pgap codes[MAXN + 8];
    static uint64_t bits[4 * PP_BITS_STRIDE];
    unsigned seed = 777;
    int checked = 0;
    for (int round = 0; round < 300; round++) {
        int n;
        gen(text + 8, &n, &seed, 64 + (int)(seed >> 20) % (MAXN - 64));
        /* every unit's bitmaps are the plain ones (lowercase letters after
         * a space, "Ơ"/"Ư" and the other letters that lowd tells apart
         * are among the words) */
        int nw = n / 64 < 40 ? n / 64 + 1 : 40;
        CHECK(pp_bits_agree((const unsigned char *)text + 8, nw));
        int ffirst, wfirst;
        int nf = pp_cut(lx, text + 8, n, fbuf + 8, ft, NULL, NULL, 0, &ffirst);
        for (int unit = 0; unit < 4; unit++) {
            if (!pp_bits_select(unit))
                continue;
            int nwt = pp_cut(lx, text + 8, n, wbuf + 8, wt, codes, bits, 1, &wfirst);
            /* the windows' tokens are full-cut tokens, in order; the
             * lowercased copy agrees on them */
            int j = 0, ok = 1;
            for (int i = 0; i < nwt && ok; i++) {
                const ptok *a = &wt[i];
                if (a->cls == TK_GAP)
                    continue;
                while (j < nf && ft[j].s < a->s)
                    j++;
                const ptok *b = &ft[j];
                ok = j < nf && b->s == a->s && b->e == a->e && b->cls == a->cls && b->plain == a->plain &&
                     b->ch == a->ch && !memcmp(wbuf + 8 + a->s, fbuf + 8 + a->s, (size_t)(a->e - a->s));
                checked++;
            }
            CHECK(ok);
        }
        pp_bits_init();
    }
    CHECK(checked > 10000);
}
