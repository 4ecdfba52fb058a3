/* test_people_cut_gap.c — a gap cut into tokens when a look-ahead reaches
 * it (pp_expand_gap, people_scan.c: by the bitmaps of the blocks around
 * it, with each vector unit) gives the tokens of the whole chunk cut a
 * byte at a time. */
#include "../../src/core/stage.h"
#include "../../src/extract/people_bits.h"
#include "../../src/extract/people_int.h"
#include "unit.h"

#include <string.h>

/* Mostly lowercase prose (long gaps) with a capitalized word now and then,
 * and the shapes a gap may hold: marks stuck to words, joined digits and
 * letters, "và", "kiêm", dashes, quotes, other scripts. */
static const char *const gap_words[] = {
    "người", "dân", "đã", "được", "ở", "trên", "năm,", "2017.", "1.528", "19-3", "a/b", "x'y",
    "và",    "kiêm", "—",  "“nói”", "…",  "(đó)", "ý:",    "ưu",    "ơn",   "漢字", "TN&MT", "ĩ",
    "Nguyễn", "Văn", "UBND", "Ông", "đồng", "chí", "tỉnh", "Hà", "Nội", "GD-ĐT", "H’Yim", "K'Nhiễu",
};

/* A text of about max bytes from the words above into text; its length. */
static int gap_text(char *text, int max, unsigned *seed)
{
    int n = 0;
    size_t nw = sizeof gap_words / sizeof *gap_words;
    while (n < max) {
        *seed = *seed * 1664525u + 1013904223u;
        unsigned pick = (*seed >> 12) % 100;
        /* the last eleven words (capitalized) one time in ten */
        size_t k = pick < 90 ? pick % (nw - 11) : nw - 11 + pick % 11;
        size_t len = strlen(gap_words[k]);
        memcpy(text + n, gap_words[k], len);
        n += (int)len;
        text[n++] = (*seed >> 28) == 0 ? '\t' : ' ';
    }
    return n;
}

VN_TEST(people_cut_gap_expanded_as_full_cut)
{
    const vn_lexicon *L = unit_lexicon();
    const struct vn_people_lex *lx = L->people;
    enum { MAXN = 2000 };
    static char text[MAXN + 64], wbuf[MAXN + PP_CUT_PAD + 16], fbuf[MAXN + PP_CUT_PAD + 16];
    static ptok wt[MAXN + 8], ft[MAXN + 8], xt[MAXN + 8];
    static pgap codes[MAXN + 8];
    static uint64_t bits[4 * PP_BITS_STRIDE];
    int gaps = 0;
    for (int unit = 0; unit < 4; unit++) {
        if (!pp_bits_select(unit))
            continue; /* (the CPU lacks it) */
        unsigned seed = 4242;
        for (int round = 0; round < 60; round++) {
            int first, n = gap_text(text + 8, 64 + (int)(seed >> 21) % (MAXN - 96), &seed);
            int nwt = pp_cut(lx, text + 8, n, wbuf + 8, wt, codes, bits, 1, &first);
            int nf = pp_cut(lx, text + 8, n, fbuf + 8, ft, NULL, NULL, 0, &first);
            for (int g = 0; g < nwt; g++) {
                if (wt[g].cls != TK_GAP)
                    continue;
                memcpy(xt, wt, (size_t)nwt * sizeof *wt);
                pctx c = {.lx = lx, .low = wbuf + 8, .len = n, .t = xt, .nt_all = nwt, .codes = codes};
                pp_expand_gap(&c, g);
                /* its tokens are those of the full cut from its first byte */
                int k = c.nt_all - nwt + 1, j = 0, ok = k > 0;
                while (j < nf && ft[j].s < codes[wt[g].s].pos)
                    j++;
                for (int i = 0; i < k && ok; i++, j++)
                    ok = j < nf && xt[g + i].s == ft[j].s && xt[g + i].e == ft[j].e &&
                         xt[g + i].cls == ft[j].cls && xt[g + i].plain == ft[j].plain && xt[g + i].ch == ft[j].ch;
                /* and the tokens after it are those that were */
                ok = ok && !memcmp(xt + g + k, wt + g + 1, (size_t)(nwt - g - 1) * sizeof *wt);
                CHECK(ok);
                gaps++;
            }
        }
    }
    pp_bits_init();
    CHECK(gaps > 1000);
}
