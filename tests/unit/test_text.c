/* test_text.c — the text stage: UTF-8 repair, lines, spaces, NFC, tone
 * placement, Đ, legacy encodings. */
#include "../../src/text/text.h"
#include "../../src/text/textint.h"
#include "../../src/text/viet.h"
#include "unit.h"

#include <stdlib.h>

static const char *norm(vn_tone tone, const char *in, size_t n, vn_norm_info *ni)
{
    static vn_buf out = VN_BUF_INIT;
    vn_options o;
    vn_options_default(&o);
    o.tone = tone;
    vn_buf_reset(&out);
    vn_normalize(&o, in, n, &out, ni);
    return out.ptr;
}
#define N(s) norm(VN_TONE_OLD, s, sizeof(s) - 1, &ni)

VN_TEST(text_utf8_repair)
{
    vn_norm_info ni;
    CHECK_STR(N("a\xff" "b"), "a\xEF\xBF\xBD" "b");
    CHECK(ni.invalid_bytes == 1);
    CHECK_STR(N("a\xC0\xAF"), "a\xEF\xBF\xBD\xEF\xBF\xBD"); /* overlong */
    CHECK(ni.invalid_bytes == 2);
    CHECK_STR(N("x\xED\xA0\x80"), "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); /* surrogate */
    CHECK_STR(N("end \xE1\xBB"), "end \xEF\xBF\xBD");
    CHECK(ni.truncated_utf8 == 1 && ni.invalid_bytes == 0);
    CHECK_STR(N("a\0b\0"), "ab");
    CHECK(ni.nul_bytes == 2);
    CHECK_STR(N("\xEF\xBB\xBFTin"), "Tin");
    CHECK(ni.bom == 1);
}

VN_TEST(text_lines_and_spaces)
{
    vn_norm_info ni;
    CHECK_STR(N("a\r\nb\rc\n\nd"), "a\nb\nc\n\nd");
    CHECK_STR(N("  a \t b  \n \n"), "a b\n\n");
    CHECK_STR(N("a\xC2\xA0\xC2\xA0" "b\xE2\x80\xAF" "c"), "a b c");
    CHECK_STR(N("a\xE2\x80\x8B" "b\xC2\xAD" "c"), "abc");
    CHECK(ni.controls == 2);
    CHECK_STR(N("a\xE2\x80\xA8" "b"), "a b");
    CHECK_STR(N("\x01x\x7f"), "x");
    CHECK_STR(N(""), "");
}

VN_TEST(text_nfc_and_eth)
{
    vn_norm_info ni;
    CHECK_STR(N("Vie\xCC\xA3\xCC\x82t Nam"), "Việt Nam");
    CHECK(ni.changed > 0);
    CHECK_STR(N("\xC3\x90\xE1\xBA\xA3ng \xC3\xB0\xE1\xBB\x93ng"), "Đảng đồng");
    CHECK_STR(N("Gu\xC3\xB0r\xC3\xBAn"), "Guðrún");
    CHECK_STR(N("\xE2\x84\xAB"), "\xC3\x85"); /* Angstrom sign -> Å */
}

VN_TEST(text_tone_placement)
{
    vn_norm_info ni;
    const char *s = "hoà thuỷ khoẻ Uỷ UỶ hoá quý hoàng khuya ngoài";
    CHECK_STR(norm(VN_TONE_OLD, s, strlen(s), &ni), "hòa thủy khỏe Ủy ỦY hóa quý hoàng khuya ngoài");
    const char *t = "hòa thủy khỏe Ủy ỦY hóa quý hoàng khuya ngoài";
    CHECK_STR(norm(VN_TONE_NEW, t, strlen(t), &ni), "hoà thuỷ khoẻ Uỷ UỶ hoá quý hoàng khuya ngoài");
    CHECK(ni.changed == 12);
    CHECK_STR(norm(VN_TONE_KEEP, s, strlen(s), &ni), s);
    CHECK_STR(norm(VN_TONE_NEW, "(hòa).", 7, &ni), "(hoà).");
}

VN_TEST(text_syllables)
{
    int32_t a[] = {'n', 'g', 0x01B0, 0x1EDD, 'i'}; /* người */
    int marked;
    CHECK(vn_syllable_valid(a, 5, &marked) && marked);
    int32_t b[] = {'s', 't', 'r', 'i', 'n', 'g'};
    CHECK(!vn_syllable_valid(b, 6, NULL));
    int32_t c[] = {'g', 0x00EC}; /* gì */
    CHECK(vn_syllable_valid(c, 2, NULL));
    int32_t d[] = {'h', 0x00F2, 't'}; /* hòt: a stop final takes only sắc/nặng */
    CHECK(!vn_syllable_valid(d, 3, NULL));
    int tone, up;
    CHECK(vn_vowel_split(0x1EE6, &tone, &up) == VS_U && tone == VT_HOOK && up); /* Ủ */
    CHECK(vn_vowel_make(VS_A_CIRC, VT_DOT, 0) == 0x1EAD);                    /* ậ */
}

VN_TEST(text_legacy)
{
    const char *tcvn = "C\xe9ng h\xdf" "a x\xb7 h\xe9i ch\xf1 ngh\xdc" "a Vi\xd6" "t Nam";
    CHECK(vn_legacy_detect(tcvn, strlen(tcvn)) == VN_ENC_TCVN3);
    vn_buf b = VN_BUF_INIT;
    vn_legacy_convert(VN_ENC_TCVN3, tcvn, strlen(tcvn), &b);
    CHECK_STR(b.ptr, "Cộng hòa xã hội chủ nghĩa Việt Nam");
    const char *vni = "Co\xe4ng ho\xf8" "a xa\xf5 ho\xe4i chu\xfb ngh\xf3" "a Vie\xe4t Nam";
    CHECK(vn_legacy_detect(vni, strlen(vni)) == VN_ENC_VNI);
    vn_buf_reset(&b);
    vn_legacy_convert(VN_ENC_VNI, vni, strlen(vni), &b);
    CHECK_STR(b.ptr, "Cộng hòa xã hội chủ nghĩa Việt Nam");
    const char *viqr = "Co^.ng ho`a xa~ ho^.i chu? nghi~a Vie^.t Nam. DDa^y la` ddu+o+`ng.";
    CHECK(vn_legacy_detect(viqr, strlen(viqr)) == VN_ENC_VIQR);
    vn_buf_reset(&b);
    vn_legacy_convert(VN_ENC_VIQR, viqr, strlen(viqr), &b);
    CHECK_STR(b.ptr, "Cộng hòa xã hội chủ nghĩa Việt Nam. Đây là đường.");
    const char *uni = "Cộng hòa xã hội chủ nghĩa Việt Nam";
    CHECK(vn_legacy_detect(uni, strlen(uni)) == VN_ENC_UTF8);
    const char *eng = "What's up? See http://a.b/c?d=e. I'm here :-) a^2 + b^2, C++ and (o+u).";
    CHECK(vn_legacy_detect(eng, strlen(eng)) == VN_ENC_UTF8);
    const char *latin = "Tôi là giáo viên";
    CHECK(vn_legacy_detect(latin, strlen(latin)) == VN_ENC_UTF8);
    CHECK(vn_legacy_detect("", 0) == VN_ENC_UTF8);
    vn_buf_release(&b);
    CHECK_STR(vn_encoding_name(VN_ENC_CP1258), "Windows-1258");
}

VN_TEST(text_normalize_converts_legacy)
{
    vn_norm_info ni;
    CHECK_STR(N("H\xb5 N\xe9i l\xb5 th\xf1 \xae\xab\n"), "Hà Nội là thủ đô\n");
    CHECK(ni.encoding == VN_ENC_TCVN3 && ni.invalid_bytes == 0);
    vn_options o;
    vn_options_default(&o);
    o.legacy = 0;
    vn_buf b = VN_BUF_INIT;
    vn_normalize(&o, "H\xb5 N\xe9i", 6, &b, &ni);
    CHECK(ni.encoding == VN_ENC_UTF8 && ni.invalid_bytes == 2);
    vn_buf_release(&b);
}

VN_TEST(text_long_inputs_are_linear)
{
    /* a 4 MB word of marks and letters, and a 4 MB line of spaces */
    size_t n = 4 << 20;
    char *s = malloc(n);
    for (size_t i = 0; i < n; i += 3)
        memcpy(s + i, i + 3 <= n ? "o\xCC\x80" : "ooo", n - i < 3 ? n - i : 3);
    vn_buf out = VN_BUF_INIT;
    vn_options o;
    vn_options_default(&o);
    vn_norm_info ni;
    CHECK(vn_normalize(&o, s, n, &out, &ni) == VN_OK);
    CHECK(out.len > 0);
    memset(s, ' ', n);
    vn_buf_reset(&out);
    CHECK(vn_normalize(&o, s, n, &out, &ni) == VN_OK && out.len == 0);
    vn_buf_release(&out);
    free(s);
}

/* The clean-line shortcut (with and without the vector block check) writes
 * exactly what the careful path writes. */
static int same_both_ways(vn_tone tone, const char *in, size_t n)
{
    vn_options o;
    vn_options_default(&o);
    o.tone = tone;
    o.legacy = 0;
    vn_buf a = VN_BUF_INIT, b = VN_BUF_INIT, c = VN_BUF_INIT;
    vn_norm_info na, nb, nc;
    vn_normalize(&o, in, n, &a, &na);
    vn_text_no_vector = 1;
    vn_normalize(&o, in, n, &c, &nc);
    vn_text_no_vector = 0;
    vn_text_force_slow = 1;
    vn_normalize(&o, in, n, &b, &nb);
    vn_text_force_slow = 0;
    int same = a.len == b.len && !memcmp(a.ptr, b.ptr, a.len) && na.changed == nb.changed &&
               na.controls == nb.controls && na.invalid_bytes == nb.invalid_bytes &&
               c.len == b.len && !memcmp(c.ptr, b.ptr, c.len) && nc.changed == nb.changed;
    vn_buf_release(&a);
    vn_buf_release(&b);
    vn_buf_release(&c);
    return same;
}

VN_TEST(text_pair_table_built_by_rows_is_exact)
{
    CHECK(vn_text_pair_table_ok());
}

/* Random lines of Vietnamese letters, tone variants and rare or broken
 * sequences: the three paths agree. */
VN_TEST(text_paths_agree_on_random_lines)
{
    static const char *const common[] = {
        "a", "o", "u", "y", "e", "h", "n", "g", "t", "c", "i", " ", " ", " ", ".", ",", "O", "U",
        "A", "E", "Y", "à", "á", "ã", "è", "é", "ý", "ò", "ó", "õ", "ù", "ú", "ũ", "ạ", "ả", "ẹ",
        "ẻ", "ẽ", "ỳ", "ỵ", "ỷ", "ỹ", "ọ", "ỏ", "ụ", "ủ", "ô", "ố", "ồ", "ơ", "ờ", "ư", "ừ", "ă",
        "ắ", "â", "ấ", "đ", "Đ", "“", "”", "…", "–", "À", "Ó", "Ủ", "Ỵ", "ẫ", "ặ", "ể", "ệ", "Ý",
        "ợ", "ự", "ử", "ĩ", "ị", "ì", "í", "0", "1", "/", "-"};
    static const char *const rare[] = {
        "  ", "\t", "\n", "Ð", "ð", "\xC2\xA0", "\xC2\xAD", "\xE2\x80\x8B", "\xE2\x80\xA8",
        "\xCC\x80", "\xCD\x81", "\xE1\xB8\x80", "\x01", "\x7F", "\r", "\x80", "\xFF", "\xE1\xBA",
        "\xC3", "\xE4\xB8\xAD", "\xEF\xBB\xBF", "\xE2", "\xE2\x80", " \n", "\n ", "o\xCC\x80",
        "u\xCC\x81y"};
    unsigned long long rng = 88172645463325252ULL;
    char buf[1024];
    for (int it = 0; it < 1500; it++) {
        size_t n = 0, want = 20 + (size_t)(it * 7919 % 600);
        unsigned rare_pct = it % 4 == 0 ? 0 : 1 + it % 8;
        while (n < want) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            unsigned r = (unsigned)(rng >> 11);
            const char *tk = r % 1000 < rare_pct * 10
                                 ? rare[(r >> 10) % (sizeof rare / sizeof *rare)]
                                 : common[(r >> 10) % (sizeof common / sizeof *common)];
            size_t l = strlen(tk);
            if (n + l >= sizeof buf)
                break;
            memcpy(buf + n, tk, l);
            n += l;
        }
        for (int t = 0; t < 3; t++)
            CHECK(same_both_ways((vn_tone)t, buf, n));
    }
}

VN_TEST(text_shortcut_matches_careful_path)
{
    static const char *const cases[] = {
        "Ủy ban hòa giải, thủy lợi, khỏe; hoà thuỷ khoẻ Uỷ; hoàng toán của quả quý ngoài hoạt.",
        "x \n", "a\xC2\xAD \nb", "  lead\n\ntrail \n", "a  b\tc", "Thuý.\nHOÀ\nThủy", "o\xCC\x80" "a",
        "\xC3\x90\xE1\xBA\xA3ng", "\xE1\xBA\xA0\xE1\xBA", "\xC3\xB8\x80", "\xE1\xB8\xB8\x80",
        "\xE2\x81\x81\x80", "\xE2\x84\xA6 \xE2\x80\x9C\xE2\x80\x9D\xE2\x80\xA6", "\xC9\x90 \xCA\xB0",
        "oa\xCC\x80 uy\xCC\x81", "r\r\nn\rz", "",
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        for (int t = 0; t < 3; t++)
            CHECK(same_both_ways((vn_tone)t, cases[k], strlen(cases[k])));
    /* lines crossing the 64 KiB blocks and the 64-byte segments */
    size_t n = 200000;
    char *s = malloc(n + 1);
    const char *unit = "Chi\xE1\xBB\x81u nay hoà th\xE1\xBB\xA7y, ";
    size_t ul = strlen(unit);
    for (size_t i = 0; i < n; i++)
        s[i] = unit[i % ul];
    for (size_t i = 777; i < n; i += 5003)
        s[i] = '\n';
    for (int t = 0; t < 3; t++)
        CHECK(same_both_ways((vn_tone)t, s, n));
    free(s);
}
