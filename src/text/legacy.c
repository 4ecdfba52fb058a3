/* legacy.c — the pre-Unicode Vietnamese encodings: TCVN3 (ABC), VNI Windows,
 * Windows-1258 and VIQR; detecting which one a text is in and converting it.
 *
 * Detection decodes the text (a sample of it) with each candidate and counts
 * how many of the resulting words are Vietnamese syllables carrying a
 * diacritic, against words that are not syllables and stray symbols; the
 * candidate must clearly beat the text as it is. Text that already has a
 * letter only Vietnamese uses (ă đ ơ ư ĩ ũ ạ…ỹ) is never converted.
 *
 * The 8-bit encodings are found in two shapes: raw bytes (not valid UTF-8),
 * and bytes that a crawler read as Windows-1252 and re-encoded as UTF-8
 * ("ViÖt Nam", "Vieät Nam"). Both are converted: the second is mapped back to
 * its bytes first, and characters that cannot come from a byte pass through. */
#include "text.h"
#include "textint.h"
#include "viet.h"

#include <string.h>

/* ---- tables (public facts about the encodings) */

/* Windows-1252 0x80..0x9F (its undefined bytes stay C1 controls) */
static const uint16_t CP1252_HI[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

/* TCVN 5712:1993 (VN3 / ABC fonts) 0xA1..0xFF; the few capitals with tones
 * (VN1 only) and the combining tones at 0xB0..0xB4 included. */
static const uint16_t TCVN3_HI[95] = {
    0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110, 0x0103, 0x00E2, 0x00EA, 0x00F4, /* A1-AB */
    0x01A1, 0x01B0, 0x0111, 0x1EB0, 0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, /* AC-B6 */
    0x00E3, 0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4, 0x1EAE, 0x1EA6, /* B7-C1 */
    0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7, 0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, /* C2-CC */
    0x1EC2, 0x1EBB, 0x1EBD, 0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC, /* CD-D7 */
    0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2, 0x1ED4, 0x1ECF, 0x00F5, /* D8-E2 */
    0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7, 0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, /* E3-ED */
    0x1EE3, 0x00F9, 0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF, 0x1EE9, /* EE-F8 */
    0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0};                               /* F9-FF */

/* Windows-1258: Windows-1252 with the Vietnamese letters and the five
 * combining tone marks in place of some Latin-1 letters. */
static int32_t cp1258_byte(unsigned b)
{
    switch (b) {
    case 0x8A: case 0x8E: case 0x9A: case 0x9E: return (int32_t)b; /* undefined */
    case 0xC3: return 0x0102;
    case 0xCC: return 0x0300;
    case 0xD0: return 0x0110;
    case 0xD2: return 0x0309;
    case 0xD5: return 0x01A0;
    case 0xDD: return 0x01AF;
    case 0xDE: return 0x0303;
    case 0xE3: return 0x0103;
    case 0xEC: return 0x0301;
    case 0xF0: return 0x0111;
    case 0xF2: return 0x0323;
    case 0xF5: return 0x01A1;
    case 0xFD: return 0x01B0;
    case 0xFE: return 0x20AB;
    default: return b < 0xA0 ? CP1252_HI[b - 0x80] : (int32_t)b;
    }
}

/* VNI Windows: a vowel letter followed by mark bytes; lowercase marks, the
 * uppercase ones are 0x20 lower. For each mark byte: shape (0 none, VS_A_CIRC
 * meaning "circumflex", VS_A_BREVE meaning "breve") and tone. */
typedef struct vni_mark {
    uint8_t byte, shape, tone;
} vni_mark;
static const vni_mark VNI_MARKS[] = {
    {0xF9, 0, VT_ACUTE},          {0xF8, 0, VT_GRAVE},          {0xFB, 0, VT_HOOK},
    {0xF5, 0, VT_TILDE},          {0xEF, 0, VT_DOT},            {0xE2, VS_A_CIRC, 0},
    {0xE1, VS_A_CIRC, VT_ACUTE},  {0xE0, VS_A_CIRC, VT_GRAVE},  {0xE5, VS_A_CIRC, VT_HOOK},
    {0xE3, VS_A_CIRC, VT_TILDE},  {0xE4, VS_A_CIRC, VT_DOT},    {0xEA, VS_A_BREVE, 0},
    {0xE9, VS_A_BREVE, VT_ACUTE}, {0xE8, VS_A_BREVE, VT_GRAVE}, {0xFA, VS_A_BREVE, VT_HOOK},
    {0xFC, VS_A_BREVE, VT_TILDE}, {0xEB, VS_A_BREVE, VT_DOT},
};
/* single bytes that are letters of their own (lowercase; uppercase 0x20 lower) */
static int32_t vni_single(unsigned b)
{
    int up = b < 0xE0;
    switch (up ? b + 0x20 : b) {
    case 0xF4: return up ? 0x01A0 : 0x01A1; /* ơ */
    case 0xF6: return up ? 0x01AF : 0x01B0; /* ư */
    case 0xF1: return up ? 0x0110 : 0x0111; /* đ */
    case 0xED: return up ? 0x00CD : 0x00ED; /* í */
    case 0xEC: return up ? 0x00CC : 0x00EC; /* ì */
    case 0xE6: return up ? 0x1EC8 : 0x1EC9; /* ỉ */
    case 0xF3: return up ? 0x0128 : 0x0129; /* ĩ */
    case 0xF2: return up ? 0x1ECA : 0x1ECB; /* ị */
    default: return 0;
    }
}

static const vni_mark *vni_mark_of(unsigned b)
{
    if (b >= 0xC0 && b < 0xE0)
        b += 0x20;
    for (size_t k = 0; k < sizeof VNI_MARKS / sizeof VNI_MARKS[0]; k++)
        if (VNI_MARKS[k].byte == b)
            return &VNI_MARKS[k];
    return NULL;
}

/* ---- input units: bytes, or (for text read as Windows-1252) code points
 * mapped back to their byte; others pass through as PASS | cp. */

#define PASS 0x40000000

typedef struct src {
    const unsigned char *s;
    size_t n, i;
    int moji; /* valid UTF-8 holding legacy bytes read as Windows-1252 */
} src;

static int32_t unit_at(const src *r, size_t i, size_t *next)
{
    unsigned char b = r->s[i];
    if (!r->moji || b < 0x80) {
        *next = i + 1;
        return b;
    }
    int len;
    int32_t cp = vn_utf8_next((const char *)r->s + i, r->n - i, &len);
    *next = i + (size_t)len;
    if (cp < 0x100)
        return cp;
    for (int k = 0; k < 32; k++)
        if (CP1252_HI[k] == cp)
            return 0x80 + k;
    return PASS | cp;
}

/* May this UTF-8 text be legacy bytes read as Windows-1252? */
static int moji_possible(const char *s, size_t n)
{
    int high = 0;
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        int len;
        int32_t cp = vn_utf8_next(s + i, n - i, &len);
        if (cp == 0xFFFD && len == 1)
            return 0; /* not UTF-8 */
        if (cp >= 0x80 && cp < 0x100)
            high++;
        int tone, up;
        if (vn_vowel_split(cp, &tone, &up) && cp >= 0x100)
            return 0; /* a Vietnamese letter: Unicode already */
        if (cp == 0x110 || cp == 0x111)
            return 0;
        i += (size_t)len;
    }
    return high > 0;
}

/* ---- output */

static void put_cp(vn_buf *out, int32_t cp)
{
    char b[4];
    int k = vn_utf8_put(cp, b);
    vn_buf_add(out, b, (size_t)k);
}

/* A combining tone after a toneless vowel is folded into it (Windows-1258 and
 * the TCVN3 tone bytes), so the result is NFC for Vietnamese. */
static void put_cp_composing(vn_buf *out, int32_t cp, int32_t *last, size_t *last_at)
{
    int tone = 0;
    switch (cp) {
    case 0x300: tone = VT_GRAVE; break;
    case 0x301: tone = VT_ACUTE; break;
    case 0x309: tone = VT_HOOK; break;
    case 0x303: tone = VT_TILDE; break;
    case 0x323: tone = VT_DOT; break;
    }
    if (tone && *last) {
        int t, up, s = vn_vowel_split(*last, &t, &up);
        if (s && !t) {
            out->len = *last_at;
            int32_t c = vn_vowel_make(s, tone, up);
            put_cp(out, c);
            *last = 0;
            return;
        }
    }
    *last_at = out->len;
    *last = cp;
    put_cp(out, cp);
}

static void decode_8bit(vn_encoding enc, src *r, vn_buf *out)
{
    int32_t last = 0;
    size_t last_at = 0;
    while (r->i < r->n) {
        size_t next;
        int32_t u = unit_at(r, r->i, &next);
        r->i = next;
        if (u & PASS) {
            put_cp(out, u & ~PASS);
            last = 0;
            continue;
        }
        if (u < 0x80 && enc != VN_ENC_VNI) {
            vn_buf_addc(out, (char)u);
            last = u;
            last_at = out->len - 1;
            continue;
        }
        if (enc == VN_ENC_TCVN3) {
            int32_t cp = u >= 0xA1 ? TCVN3_HI[u - 0xA1] : u >= 0xA0 ? 0xA0 : CP1252_HI[u - 0x80];
            put_cp_composing(out, cp, &last, &last_at);
        } else if (enc == VN_ENC_CP1258) {
            put_cp_composing(out, cp1258_byte((unsigned)u), &last, &last_at);
        } else { /* VNI */
            int32_t base = 0;
            int tone = 0, up = 0;
            int shape = 0;
            if (u < 0x80) {
                shape = vn_vowel_split(u, &tone, &up);
                if (!shape) {
                    vn_buf_addc(out, (char)u);
                    continue;
                }
                base = u;
            } else if ((base = vni_single((unsigned)u)) != 0) {
                shape = vn_vowel_split(base, &tone, &up);
                if (!shape) {
                    put_cp(out, base); /* đ, or an i that carries its tone */
                    continue;
                }
            } else {
                put_cp(out, u < 0xA0 ? CP1252_HI[u - 0x80] : u);
                continue;
            }
            /* the marks that follow the vowel */
            while (r->i < r->n) {
                int32_t m = unit_at(r, r->i, &next);
                if ((m & PASS) || m < 0xC0)
                    break;
                const vni_mark *mk = vni_mark_of((unsigned)m);
                if (!mk)
                    break;
                int ns = shape;
                if (mk->shape == VS_A_CIRC) {
                    ns = shape == VS_A ? VS_A_CIRC : shape == VS_E ? VS_E_CIRC : shape == VS_O ? VS_O_CIRC : 0;
                } else if (mk->shape == VS_A_BREVE) {
                    ns = shape == VS_A ? VS_A_BREVE : 0;
                }
                if (!ns || (mk->tone && tone))
                    break;
                shape = ns;
                if (mk->tone)
                    tone = mk->tone;
                r->i = next;
            }
            put_cp(out, vn_vowel_make(shape, tone, up));
        }
    }
}

/* ---- VIQR */

static int viqr_tone(char c)
{
    switch (c) {
    case '\'': return VT_ACUTE;
    case '`': return VT_GRAVE;
    case '?': return VT_HOOK;
    case '~': return VT_TILDE;
    case '.': return VT_DOT;
    default: return 0;
    }
}

static int is_alpha(unsigned char c)
{
    return ((c | 32) >= 'a' && (c | 32) <= 'z');
}

typedef struct viqr_stats {
    long words, good, bad, strong;
} viqr_stats;

/* Parse one VIQR word at s[i..): letters with marks after the vowels. Fills
 * cps (up to 8 letters), returns the end; *marks counts the marks used,
 * *strong the shape marks and dd, *last_mark is the offset of a tone mark
 * that ends the word (or 0). */
static size_t viqr_word(const char *s, size_t n, size_t i, int32_t *cps, int *ncp, int *marks,
                        int *strong, size_t *last_mark)
{
    *ncp = *marks = *strong = 0;
    *last_mark = 0;
    size_t j = i;
    if (j + 1 < n && (s[j] | 32) == 'd' && (s[j + 1] | 32) == 'd') {
        cps[(*ncp)++] = s[j] == 'D' ? 0x110 : 0x111;
        (*marks)++;
        (*strong)++;
        j += 2;
    }
    while (j < n && is_alpha((unsigned char)s[j])) {
        int32_t c = (unsigned char)s[j++];
        int tone, up, shape = vn_vowel_split(c, &tone, &up);
        if (shape && j < n) {
            int t = 0;
            for (int round = 0; round < 3 && j < n; round++) {
                char m = s[j];
                int ns = 0;
                if (m == '^')
                    ns = shape == VS_A ? VS_A_CIRC : shape == VS_E ? VS_E_CIRC : shape == VS_O ? VS_O_CIRC : 0;
                else if (m == '(')
                    ns = shape == VS_A ? VS_A_BREVE : 0;
                else if (m == '+')
                    ns = shape == VS_O ? VS_O_HORN : shape == VS_U ? VS_U_HORN : 0;
                if (ns && (shape == VS_A || shape == VS_E || shape == VS_O || shape == VS_U)) {
                    shape = ns;
                    (*marks)++;
                    (*strong)++;
                    j++;
                    continue;
                }
                int vt = viqr_tone(m);
                if (vt && !t) {
                    t = vt;
                    (*marks)++;
                    j++;
                    if (j >= n || !is_alpha((unsigned char)s[j]))
                        *last_mark = j - 1;
                    continue;
                }
                break;
            }
            c = vn_vowel_make(shape, t, up);
        }
        if (*ncp < 8)
            cps[*ncp] = c;
        (*ncp)++;
    }
    return j;
}

/* Is the mark at s[k] ('.' or '?') rather the end of a sentence? */
static int sentence_end(const char *s, size_t n, size_t k)
{
    if (s[k] != '.' && s[k] != '?')
        return 0;
    size_t j = k + 1;
    if (j >= n || s[j] == '\n' || s[j] == '\r')
        return 1;
    if (s[j] != ' ' && s[j] != '\t')
        return !is_alpha((unsigned char)s[j]);
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
    return j >= n || !(s[j] >= 'a' && s[j] <= 'z');
}

static void viqr_decode(const char *s, size_t n, vn_buf *out, viqr_stats *st)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        int word_start = is_alpha(c) && (i == 0 || !(is_alpha((unsigned char)s[i - 1]) ||
                                                       (s[i - 1] >= '0' && s[i - 1] <= '9')));
        if (!word_start) {
            if (c == '\\' && i + 1 < n && i > 0 && is_alpha((unsigned char)s[i - 1]) &&
                (viqr_tone(s[i + 1]) || strchr("^(+", s[i + 1]))) {
                vn_buf_addc(out, s[i + 1]); /* an escaped mark is the character itself */
                i += 2;
                continue;
            }
            if (c >= 0x80) { /* other text passes through, as valid UTF-8 */
                int len;
                put_cp(out, vn_utf8_next(s + i, n - i, &len));
                i += (size_t)len;
                continue;
            }
            vn_buf_addc(out, (char)c);
            i++;
            continue;
        }
        int32_t cps[8];
        int ncp, marks, strong;
        size_t last_mark;
        size_t j = viqr_word(s, n, i, cps, &ncp, &marks, &strong, &last_mark);
        if (st)
            st->words++;
        if (marks && last_mark && sentence_end(s, n, last_mark)) {
            /* "ddi." at the end of a sentence: the dot is a full stop */
            size_t j2 = viqr_word(s, last_mark, i, cps, &ncp, &marks, &strong, &last_mark);
            if (j2 == last_mark)
                j = j2;
            else
                viqr_word(s, n, i, cps, &ncp, &marks, &strong, &last_mark);
        }
        int valid = marks && ncp <= 8 && vn_syllable_valid(cps, ncp, NULL);
        if (valid) {
            for (int k = 0; k < ncp; k++)
                put_cp(out, cps[k]);
            if (st) {
                st->good++;
                st->strong += strong > 0;
            }
        } else {
            vn_buf_add(out, s + i, j - i);
            if (st && marks)
                st->bad++;
        }
        i = j;
    }
}

/* ---- scoring a decoded text */

typedef struct score {
    long good;  /* syllables with a diacritic */
    long bad;   /* words with non-ASCII letters that are no syllable */
    long odd;   /* stray symbols, controls, replacement characters */
    long value;
} score;

static void score_text(const char *s, size_t n, score *sc)
{
    memset(sc, 0, sizeof *sc);
    int32_t cps[8];
    int ncp = 0, nonascii = 0;
    for (size_t i = 0; i <= n;) {
        int len = 1;
        int32_t c = i < n ? vn_utf8_next(s + i, n - i, &len) : ' ';
        if (i < n && vn_text_is_letter(c)) {
            if (ncp < 8)
                cps[ncp] = c;
            ncp++;
            nonascii |= c >= 0x80;
        } else {
            if (ncp) {
                int marked;
                if (ncp <= 7 && vn_syllable_valid(cps, ncp, &marked)) {
                    sc->good += marked;
                } else if (nonascii) {
                    sc->bad++;
                }
            }
            ncp = nonascii = 0;
            if (i < n && ((c >= 0x80 && c < 0xC0) || c == 0xFFFD || (c >= 0x300 && c < 0x370) ||
                          c == 0xD7 || c == 0xF7))
                sc->odd++;
        }
        i += (size_t)len;
    }
    sc->value = 2 * sc->good - 2 * sc->bad - sc->odd;
}

/* ---- public */

#define SAMPLE ((size_t)1 << 18)

static int valid_utf8(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        int len;
        int32_t cp = vn_utf8_next(s + i, n - i, &len);
        if (cp == 0xFFFD && len == 1)
            return 0;
        i += (size_t)len;
    }
    return 1;
}

static int has_viet_letter(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        int len, tone, up;
        int32_t cp = vn_utf8_next(s + i, n - i, &len);
        if ((cp >= 0x100 && vn_vowel_split(cp, &tone, &up)) || cp == 0x110 || cp == 0x111)
            return 1;
        if (cp >= 0x300 && cp <= 0x323)
            return 1; /* decomposed tones: Unicode */
        i += (size_t)len;
    }
    return 0;
}

static int pure_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

vn_encoding vn_legacy_detect(const char *s, size_t n)
{
    vn_viet_init();
    if (n > SAMPLE) {
        n = SAMPLE;
        /* do not cut a line in half if a line end is near */
        for (size_t k = n; k > SAMPLE - 4096; k--)
            if (s[k - 1] == '\n') {
                n = k;
                break;
            }
    }
    int valid = valid_utf8(s, n);
    /* A letter only Unicode Vietnamese has (ộ, ư, đ, ...) means Unicode, even
     * when some bytes are damaged: legacy bytes almost never form such a
     * sequence by chance, and damaged Unicode must be repaired, not re-read. */
    if (has_viet_letter(s, n))
        return VN_ENC_UTF8;
    if (valid && pure_ascii(s, n)) {
        /* VIQR: strong evidence only */
        viqr_stats st = {0, 0, 0, 0};
        vn_buf tmp = VN_BUF_INIT;
        viqr_decode(s, n, &tmp, &st);
        vn_buf_release(&tmp);
        if (st.good >= 3 && st.strong >= 2 && st.good >= 3 * st.bad && st.good * 5 >= st.words)
            return VN_ENC_VIQR;
        return VN_ENC_UTF8;
    }
    src r = {(const unsigned char *)s, n, 0, valid};
    if (valid && !moji_possible(s, n))
        return VN_ENC_UTF8;
    score as_is;
    score_text(s, n, &as_is);
    static const vn_encoding cand[] = {VN_ENC_TCVN3, VN_ENC_VNI, VN_ENC_CP1258};
    vn_encoding best = VN_ENC_UTF8;
    score bs = as_is;
    vn_buf tmp = VN_BUF_INIT;
    for (size_t k = 0; k < 3; k++) {
        vn_buf_reset(&tmp);
        r.i = 0;
        decode_8bit(cand[k], &r, &tmp);
        score sc;
        score_text(tmp.ptr, tmp.len, &sc);
        if (sc.value > bs.value) {
            bs = sc;
            best = cand[k];
        }
    }
    vn_buf_release(&tmp);
    if (best == VN_ENC_UTF8)
        return best;
    /* clearly Vietnamese, and clearly better than the text as it is */
    if (bs.good < 2 || bs.good < 2 * bs.bad || bs.value < as_is.value + 2 + as_is.good / 2)
        return VN_ENC_UTF8;
    return best;
}

vn_result vn_legacy_convert(vn_encoding enc, const char *s, size_t n, vn_buf *out)
{
    vn_viet_init();
    switch (enc) {
    case VN_ENC_UTF8:
        return vn_buf_add(out, s, n);
    case VN_ENC_VIQR:
        viqr_decode(s, n, out, NULL);
        return out->err;
    case VN_ENC_TCVN3:
    case VN_ENC_VNI:
    case VN_ENC_CP1258: {
        src r = {(const unsigned char *)s, n, 0, valid_utf8(s, n) && moji_possible(s, n)};
        decode_8bit(enc, &r, out);
        return out->err;
    }
    }
    return VN_ERR_ARG;
}
