/* normalize.c — vn_normalize(): one pass over the bytes that validates UTF-8,
 * ends lines, trims and collapses spaces and drops control characters, with
 * the rare work (NFC through utf8proc, tone placement, Ð -> Đ) done per word
 * only when the word asked for it while it was copied.
 *
 * Why this shape: nearly all text is ASCII or precomposed Vietnamese already
 * in NFC, and copying it is the whole cost. A byte automaton copies it with no
 * branch but "stop here"; at anything else (a line end, a control, a broken
 * byte, a combining mark, a tone-placement candidate such as "hoà" or "hòa")
 * the careful per-character code takes over until the word ends, and a word
 * that asked for it is rewritten (finish_word). Legacy encodings are looked
 * for only when the text has no letter that only Vietnamese uses. */
#include "text.h"
#include "textint.h"
#include "viet.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

const char *vn_encoding_name(vn_encoding e)
{
    static const char *n[] = {"UTF-8", "TCVN3", "VNI", "VIQR", "Windows-1258"};
    return (unsigned)e < 5 ? n[e] : "unknown";
}

/* ---- character classes */

enum {
    K_KEEP = 0,  /* copy */
    K_SPACE,     /* a space of any kind: collapsed */
    K_DROP,      /* control or zero-width: removed and counted */
    K_ETH,       /* Ð ð: Đ đ at the start of a syllable */
    K_TONE_OU,   /* o/u with a tone (hòa, thủy): a candidate if a/e/y follows */
    K_TONE_AEY,  /* a/e/y with a tone (hoà, thuỷ): a candidate after o/u */
    K_NFC        /* may change under NFC: the word goes through utf8proc */
};

static uint8_t cls_latin[0x250];
static uint8_t cls_ext[0x1F00 - 0x1E00];
static pthread_once_t cls_once = PTHREAD_ONCE_INIT;
static uint8_t AEY[256], OU[256]; /* bytes a e y / o u, either case */

static void build_dfa(void);
static void build_pair_table(void);

static void build_tables(void)
{
    vn_viet_init();
    for (int c = 0x80; c < 0xA0; c++)
        cls_latin[c] = K_DROP;
    cls_latin[0x85] = K_SPACE; /* NEL separates words */
    cls_latin[0xA0] = K_SPACE;
    cls_latin[0xAD] = K_DROP;  /* soft hyphen */
    cls_latin[0xD0] = cls_latin[0xF0] = K_ETH;
    for (int c = 0xC0; c < 0x250; c++) {
        int tone, up, s = vn_vowel_split(c, &tone, &up);
        if (s && tone && (s == VS_O || s == VS_U))
            cls_latin[c] = K_TONE_OU;
        else if (s && tone && (s == VS_A || s == VS_E || s == VS_Y))
            cls_latin[c] = K_TONE_AEY;
    }
    for (const char *p = "aeyAEY"; *p; p++)
        AEY[(unsigned char)*p] = 1;
    for (const char *p = "ouOU"; *p; p++)
        OU[(unsigned char)*p] = 1;
    for (int c = 0x1E00; c < 0x1F00; c++) {
        int tone, up, s = vn_vowel_split(c, &tone, &up);
        uint8_t k = K_KEEP;
        if (s && tone && (s == VS_O || s == VS_U))
            k = K_TONE_OU;
        else if (s && tone && (s == VS_A || s == VS_E || s == VS_Y))
            k = K_TONE_AEY;
        cls_ext[c - 0x1E00] = k;
    }
    build_dfa();
    build_pair_table();
}

/* Characters outside the tables: spaces and format characters by range, a
 * few blocks known to be NFC-stable starters, the rest asked of utf8proc. */
static int classify_other(int32_t c)
{
    if (c >= 0x300 && c < 0x370)
        return K_NFC;
    if (c >= 0x2000 && c < 0x2070) {
        if (c <= 0x200A || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F)
            return K_SPACE;
        if (c <= 0x200F || (c >= 0x202A && c <= 0x202E) || c >= 0x2060)
            return K_DROP;
        return K_KEEP;
    }
    if (c == 0xFEFF)
        return K_DROP;
    if (c == 0x1680 || c == 0x3000)
        return K_SPACE;
    if ((c >= 0x2070 && c < 0x2126) || (c >= 0x212C && c < 0x2300) || (c >= 0x2400 && c < 0x2800) ||
        (c >= 0x3001 && c < 0x302A) || (c >= 0x4E00 && c < 0xA000) || (c >= 0xAC00 && c < 0xD7A4) ||
        (c >= 0xFE00 && c < 0xFE10) || (c >= 0xFF01 && c < 0xFFF0) || (c >= 0x1F000 && c < 0x1FB00))
        return K_KEEP;
    const utf8proc_property_t *p = utf8proc_get_property(c);
    switch (p->category) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return K_SPACE;
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
        return K_DROP;
    default:
        break;
    }
    if (p->combining_class || p->comp_exclusion || p->decomp_seqindex != UINT16_MAX ||
        p->comb_index != UINT16_MAX)
        return K_NFC;
    return K_KEEP;
}

/* ---- the pass */

enum { W_NFC = 1, W_TONE = 2, W_ETH = 4 };

typedef struct pass {
    const vn_options *o;
    vn_norm_info *info;
    vn_buf *out;
    vn_buf tmp;          /* a word being rewritten (slow path only) */
    vn_line_ends *ends;  /* where each "\n" is written, when asked (or NULL) */
} pass;

/* A "\n" was written at out offset at. */
static void line_end_at(pass *ps, size_t at)
{
    vn_line_ends *e = ps->ends;
    if (!e || e->failed)
        return;
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 256;
        size_t *v = realloc(e->v, cap * sizeof *v);
        if (!v) {
            e->failed = 1;
            return;
        }
        e->v = v;
        e->cap = cap;
    }
    e->v[e->n++] = at;
}

/* Rewrites the word out[ws..len): NFC, then per syllable Đ and tone marks. */
static void finish_word(pass *ps, size_t ws, int flags)
{
    vn_buf *out = ps->out;
    const char *w = out->ptr + ws;
    size_t wn = out->len - ws;
    uint8_t *nfc = NULL;
    if (flags & W_NFC) {
        utf8proc_ssize_t r = utf8proc_map((const uint8_t *)w, (utf8proc_ssize_t)wn, &nfc,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (r < 0) {
            free(nfc);
            return; /* cannot happen on valid UTF-8; leave the word as it is */
        }
        if ((size_t)r != wn || memcmp(nfc, w, wn) != 0) {
            int before = vn_utf8_count(w, wn), after = vn_utf8_count((const char *)nfc, (size_t)r);
            ps->info->changed += before > after ? (size_t)(before - after) : 1;
        }
        w = (const char *)nfc;
        wn = (size_t)r;
    }
    vn_buf_reset(&ps->tmp);
    ps->info->changed += vn_fix_syllables(w, wn, ps->o->tone, &ps->tmp);
    free(nfc);
    out->len = ws;
    vn_buf_add(out, ps->tmp.ptr, ps->tmp.len);
}

#define BLOCK ((size_t)1 << 16)

static int is_cont(unsigned char b)
{
    return (b & 0xC0) == 0x80;
}

/* Decode the sequence at s[0..n) (s[0] >= 0x80). Returns its length, or 0 for
 * an invalid byte, or -1 when the bytes are a valid prefix cut by the end. */
static int utf8_seq(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned char c = s[0];
    if (c >= 0xC2 && c <= 0xDF) {
        if (n < 2)
            return -1;
        if (!is_cont(s[1]))
            return 0;
        *cp = (int32_t)(c & 0x1F) << 6 | (s[1] & 0x3F);
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        if (n < 2)
            return -1;
        if (s[1] < lo || s[1] > hi)
            return 0;
        if (n < 3)
            return -1;
        if (!is_cont(s[2]))
            return 0;
        *cp = (int32_t)(c & 0x0F) << 12 | (int32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        if (n < 2)
            return -1;
        if (s[1] < lo || s[1] > hi)
            return 0;
        if (n < 3)
            return -1;
        if (!is_cont(s[2]))
            return 0;
        if (n < 4)
            return -1;
        if (!is_cont(s[3]))
            return 0;
        *cp = (int32_t)(c & 0x07) << 18 | (int32_t)(s[1] & 0x3F) << 12 | (int32_t)(s[2] & 0x3F) << 6 |
              (s[3] & 0x3F);
        return 4;
    }
    return 0;
}

/* ASCII: 0 printable, 1 space or tab, 2 line end, 3 removed control, 4 NUL */
static const uint8_t ASCII_CLASS[128] = {
    4, 3, 3, 3, 3, 3, 3, 3, 3, 1, 2, 1, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3,
};

/* ---- the automaton for the common case
 *
 * Text that needs nothing but copying (printable ASCII, single spaces,
 * well-formed precomposed letters and CJK) is copied by a byte automaton
 * with no data-dependent branch but "stop": each byte looks up
 * dfa[mode][state][byte] = stop | keep | next state. It stops at anything
 * that needs thought (line ends, controls, invalid bytes, rare blocks,
 * combining marks, Ð, tone-mark candidates), backs up to the start of that
 * character, and the careful per-character code below takes over until the
 * word ends. */

enum {
    D_B,          /* between characters, after a space or at a line start */
    D_A,          /* between characters, after content */
    D_A_O,        /* after ASCII o (old placement: a toned a/e next may be a candidate) */
    D_A_U,        /* after ASCII u (old placement: a toned y next may be) */
    D_A_TOU,      /* after toned o/u (new placement: a/e/y next may be a candidate) */
    D_CAND,       /* after o + toned a/e or u + toned y: a candidate if the syllable ends */
    D_E_ANY,      /* 3-byte sequence, two continuation bytes to come */
    D_E_ANY2,     /* one continuation byte to come */
    D_E2,         /* U+2080..U+2FFF, some blocks */
    D_E1,         /* U+1E80..U+1EFF: x3 for the context (plain, after o, after u) */
    D_E1BA = D_E1 + 3,
    D_E1BB = D_E1BA + 3,
    D_L2 = D_E1BB + 3, /* 2-byte sequences with lead C3..C8, x3 for the context */
    D_COUNT = D_L2 + 18
};
#define X_STOP 0x80
#define X_PREV 0x81 /* stop and back up over the character before */
#define X_KEEP 0x40

static uint8_t dfa[3][D_COUNT][256];

/* The transition at the end of the character cp in context ctx (0 plain,
 * 1 after o, 2 after u). */
static uint8_t complete(int mode, int ctx, int32_t cp)
{
    int k = (cp < 0x250 ? cls_latin[cp] : cls_ext[cp - 0x1E00]) & 7;
    int tone, up, shape = vn_vowel_split(cp, &tone, &up);
    if (k == K_KEEP)
        return X_KEEP | D_A;
    if (k == K_TONE_OU)
        return X_KEEP | (mode == VN_TONE_NEW ? D_A_TOU : D_A);
    if (k == K_TONE_AEY) {
        int pair = (ctx == 1 && (shape == VS_A || shape == VS_E)) || (ctx == 2 && shape == VS_Y);
        return X_KEEP | (mode == VN_TONE_OLD && pair ? D_CAND : D_A);
    }
    return X_STOP;
}

static void build_dfa(void)
{
    for (int m = 0; m < 3; m++) {
        memset(dfa[m], X_STOP, sizeof dfa[m]);
        for (int s = D_B; s <= D_CAND; s++) {
            uint8_t *t = dfa[m][s];
            int ctx = s == D_A_O ? 1 : s == D_A_U ? 2 : 0;
            for (int b = 0x21; b < 0x7F; b++) {
                int l = b | 32;
                t[b] = (uint8_t)(X_KEEP | (m == VN_TONE_OLD && l == 'o'   ? D_A_O
                                           : m == VN_TONE_OLD && l == 'u' ? D_A_U
                                                                          : D_A));
            }
            if (s == D_A_TOU)
                for (int b = 0; b < 256; b++)
                    if (AEY[b])
                        t[b] = X_PREV;
            t[' '] = s == D_B ? D_B : X_KEEP | D_B;
            for (int b = 0xC3; b <= 0xC8; b++)
                t[b] = (uint8_t)(X_KEEP | (D_L2 + (b - 0xC3) * 3 + ctx));
            t[0xE1] = (uint8_t)(X_KEEP | (D_E1 + ctx));
            t[0xE2] = X_KEEP | D_E2;
            for (int b = 0xE4; b <= 0xE9; b++)
                t[b] = X_KEEP | D_E_ANY;
            if (s == D_CAND) /* the syllable ends here unless a letter follows */
                for (int b = 0; b < 256; b++)
                    if (!((b | 32) >= 'a' && (b | 32) <= 'z') && !(b >= 0xC3 && b <= 0xC8) && b != 0xE1)
                        t[b] = X_PREV;
        }
        for (int b = 0x80; b < 0xC0; b++) {
            dfa[m][D_E_ANY][b] = X_KEEP | D_E_ANY2;
            dfa[m][D_E_ANY2][b] = X_KEEP | D_A;
            /* U+2080..U+2FFF less the blocks with combining marks or
             * characters NFC replaces (Ω K Å signs, 〈〉, ⫝̸) */
            if (b == 0x82 || (b >= 0x85 && b <= 0x8B) || (b >= 0x8D && b <= 0xAA) ||
                (b >= 0xAC && b <= 0xB2) || b == 0xB4 || b == 0xB6 || b >= 0xB8)
                dfa[m][D_E2][b] = X_KEEP | D_E_ANY2;
            for (int ctx = 0; ctx < 3; ctx++) {
                for (int lead = 0xC3; lead <= 0xC8; lead++) {
                    int cp = (lead & 0x1F) << 6 | (b & 0x3F);
                    dfa[m][D_L2 + (lead - 0xC3) * 3 + ctx][b] = complete(m, ctx, cp);
                }
                dfa[m][D_E1BA + ctx][b] = complete(m, ctx, 0x1E80 + (b & 0x3F));
                dfa[m][D_E1BB + ctx][b] = complete(m, ctx, 0x1EC0 + (b & 0x3F));
            }
        }
        for (int ctx = 0; ctx < 3; ctx++) {
            dfa[m][D_E1 + ctx][0xBA] = (uint8_t)(X_KEEP | (D_E1BA + ctx));
            dfa[m][D_E1 + ctx][0xBB] = (uint8_t)(X_KEEP | (D_E1BB + ctx));
        }
    }
}

/* ---- text that is already normalized, checked a line at a time
 *
 * The automaton above waits on its own table load at every byte. Most lines
 * need no change at all, and that can be decided with work that does not
 * depend on the previous byte: for every position i, one load of
 * PAIR[bytes i-1, i] (the two bytes as one native 16-bit index), then a few
 * bit operations between the values at i and the three positions before it,
 * eight positions at a time. Most blocks of thirty-two bytes are passed by a
 * stricter vector test instead (cleanvec.c, with AVX2), so the table loads
 * are left for the blocks around rare characters. A line (or its start up to
 * a space) that passes is copied with memcpy; from the first group of eight
 * that fails the automaton takes over as before, until the first space after
 * that group, where the check is tried again.
 *
 * Passing means: valid UTF-8 made of printable ASCII and characters the
 * classification above keeps as they are (K_KEEP or a toned vowel) from
 * U+0080..U+02FF, U+1E00..U+1EFF and U+2000..U+213F; no leading, trailing or
 * double space; and no pair whose tone the placement asked could move: old,
 * o then a toned a/e or u then a toned y; new, a toned o then a/e or a toned
 * u then y; either way not followed by an ASCII letter (hoàng, của stay
 * fast). That is a superset of what finish_word changes, so a passing line
 * is exactly what the careful path writes. */

enum {
    P_BAD = 1,     /* the byte is not allowed, or the pair is not */
    P_L3 = 2,      /* the first byte leads a 3-byte sequence */
    P_CC = 4,      /* both bytes are continuation bytes */
    /* tone bits: a first vowel at bits 3/4, its partner two bits higher */
    P_O1 = 8,      /* old: the first byte is o/O; new: the pair ends a toned o */
    P_U1 = 16,     /* old: the first byte is u/U; new: the pair ends a toned u */
    P_AE2 = 32,    /* old: the pair ends a toned a/e; new: the second byte is a/e */
    P_Y2 = 64,     /* old: the pair ends a toned y; new: the second byte is y */
    P_LETTER = 128 /* the second byte is an ASCII letter */
};

/* Indexed by the two bytes of a pair as one native 16-bit load; one table
 * for the old placement (also used by keep, its tone bits masked) and one
 * for the new. */
static uint8_t PAIR[2][65536];
/* Forces the careful path everywhere (tests compare the two). */
int vn_text_force_slow;

static unsigned pair_index(unsigned char a, unsigned char b)
{
    unsigned char two[2] = {a, b};
    uint16_t v;
    memcpy(&v, two, 2);
    return v;
}

/* The class the careful path gives cp, as in run_pass. */
static int cp_class(int32_t cp)
{
    if (cp < 0x250)
        return cls_latin[cp] & 7;
    if (cp >= 0x1E00 && cp < 0x1F00)
        return cls_ext[cp - 0x1E00] & 7;
    return classify_other(cp) & 7;
}

static int cp_plain(int k)
{
    return k == K_KEEP || k == K_TONE_OU || k == K_TONE_AEY;
}

static int is_lead2(unsigned char b)
{
    return b >= 0xC2 && b <= 0xCB; /* U+0080..U+02FF */
}

/* The second bytes after E1 (U+1E00..U+1EFF) and E2 (U+2000..U+213F): the
 * two sets do not meet, so a pair of continuation bytes tells its lead. */
static int second_e1(unsigned char b)
{
    return b >= 0xB8 && b <= 0xBB;
}

static int second_e2(unsigned char b)
{
    return b >= 0x80 && b <= 0x84;
}

/* The values of the pair (a, b) for the old placement (v[0]) and the new
 * (v[1]). */
static void pair_values(unsigned char a, unsigned char b, uint8_t v[2])
{
    int cont_a = is_cont(a), cont_b = is_cont(b);
    int ok_b = (b >= 0x20 && b < 0x7F) || b == '\n' || cont_b || is_lead2(b) || b == 0xE1 || b == 0xE2;
    uint8_t base = ok_b ? 0 : P_BAD;
    int32_t cp = -1; /* the character the pair completes, if any */
    if (is_lead2(a)) {
        if (cont_b)
            cp = (int32_t)(a & 0x1F) << 6 | (b & 0x3F);
        else
            base |= P_BAD;
    } else if (a == 0xE1 || a == 0xE2) {
        base |= P_L3;
        if (!(a == 0xE1 ? second_e1(b) : second_e2(b)))
            base |= P_BAD;
    } else if (cont_a && cont_b) {
        base |= P_CC;
        if (second_e1(a) || second_e2(a))
            cp = (int32_t)(second_e1(a) ? 0x1000 : 0x2000) | (a & 0x3F) << 6 | (b & 0x3F);
        else
            base |= P_BAD;
    } else if (!cont_a && cont_b) {
        base |= P_BAD; /* a continuation byte after ASCII or a line end */
    }
    int shape = 0, tone = 0, up;
    if (cp >= 0) {
        if (!cp_plain(cp_class(cp)))
            base |= P_BAD;
        shape = vn_vowel_split(cp, &tone, &up);
    }
    if ((a == ' ' || a == '\n') && (b == ' ' || b == '\n') && !(a == '\n' && b == '\n'))
        base |= P_BAD; /* a double, leading or trailing space */
    int la = a | 32, lb = b | 32;
    if (lb >= 'a' && lb <= 'z')
        base |= P_LETTER;
    v[0] = base | (la == 'o' ? P_O1 : 0) | (la == 'u' ? P_U1 : 0);
    v[1] = base | (lb == 'a' || lb == 'e' ? P_AE2 : 0) | (lb == 'y' ? P_Y2 : 0);
    if (tone) {
        v[0] |= (shape == VS_A || shape == VS_E ? P_AE2 : 0) | (shape == VS_Y ? P_Y2 : 0);
        v[1] |= (shape == VS_O ? P_O1 : 0) | (shape == VS_U ? P_U1 : 0);
    }
}

/* Most pairs hold no character whose class matters: their values follow from
 * the two bytes' kinds, so they are filled by masks (a loop the compiler
 * vectorizes, instead of 65,536 calls of pair_values at every start). The
 * pairs that complete a character (a 2-byte lead or the second byte of a
 * 3-byte sequence, then a continuation byte) are asked of pair_values.
 * vn_text_pair_table_ok() checks the lot against pair_values. */
static void build_pair_table(void)
{
    /* per first byte a: which kind it is (0xFF masks) and its old-placement bits */
    uint8_t k_lead2[256], k_e1[256], k_e2[256], k_cont[256], k_other[256], k_space[256], a_old[256];
    for (unsigned a = 0; a < 256; a++) {
        unsigned char ca = (unsigned char)a;
        int la = (int)a | 32, lead2 = is_lead2(ca), cont = is_cont(ca);
        k_lead2[a] = lead2 ? 0xFF : 0;
        k_e1[a] = a == 0xE1 ? 0xFF : 0;
        k_e2[a] = a == 0xE2 ? 0xFF : 0;
        k_cont[a] = cont ? 0xFF : 0;
        k_other[a] = !lead2 && !cont && a != 0xE1 && a != 0xE2 ? 0xFF : 0;
        k_space[a] = a == ' ' || a == '\n' ? 0xFF : 0;
        a_old[a] = (uint8_t)(la == 'o' ? P_O1 : la == 'u' ? P_U1 : 0);
    }
    for (unsigned b = 0; b < 256; b++) {
        unsigned char cb = (unsigned char)b;
        int cont_b = is_cont(cb), lb = (int)b | 32;
        int ok = (b >= 0x20 && b < 0x7F) || b == '\n' || cont_b || is_lead2(cb) || b == 0xE1 || b == 0xE2;
        uint8_t any = (uint8_t)((ok ? 0 : P_BAD) | (lb >= 'a' && lb <= 'z' ? P_LETTER : 0));
        uint8_t b_new = (uint8_t)(lb == 'a' || lb == 'e' ? P_AE2 : lb == 'y' ? P_Y2 : 0);
        uint8_t m_lead2 = cont_b ? 0 : P_BAD; /* a completed character is redone below */
        uint8_t m_e1 = (uint8_t)(P_L3 | (second_e1(cb) ? 0 : P_BAD));
        uint8_t m_e2 = (uint8_t)(P_L3 | (second_e2(cb) ? 0 : P_BAD));
        uint8_t m_cont = cont_b ? P_CC | P_BAD : 0;
        uint8_t m_other = cont_b ? P_BAD : 0;
        uint8_t m_space = b == ' ' || b == '\n' ? P_BAD : 0; /* "\n\n" is redone below */
        uint8_t row0[256], row1[256];
        for (unsigned a = 0; a < 256; a++) {
            uint8_t v = (uint8_t)(any | (k_lead2[a] & m_lead2) | (k_e1[a] & m_e1) | (k_e2[a] & m_e2) |
                                  (k_cont[a] & m_cont) | (k_other[a] & m_other) | (k_space[a] & m_space));
            row0[a] = v | a_old[a];
            row1[a] = v | b_new;
        }
        if (pair_index(1, 0) == 1) { /* little-endian: the pairs (*, b) lie together */
            memcpy(PAIR[0] + pair_index(0, cb), row0, 256);
            memcpy(PAIR[1] + pair_index(0, cb), row1, 256);
        } else {
            for (unsigned a = 0; a < 256; a++) {
                PAIR[0][pair_index((unsigned char)a, cb)] = row0[a];
                PAIR[1][pair_index((unsigned char)a, cb)] = row1[a];
            }
        }
    }
    /* the pairs that complete a character, and "\n\n", pair by pair */
    for (unsigned a = 0; a < 256; a++) {
        unsigned char ca = (unsigned char)a;
        if (!is_lead2(ca) && !(is_cont(ca) && (second_e1(ca) || second_e2(ca))))
            continue;
        for (unsigned b = 0x80; b < 0xC0; b++) {
            uint8_t v[2];
            unsigned at = pair_index(ca, (unsigned char)b);
            pair_values(ca, (unsigned char)b, v);
            PAIR[0][at] = v[0];
            PAIR[1][at] = v[1];
        }
    }
    uint8_t v[2];
    pair_values('\n', '\n', v);
    PAIR[0][pair_index('\n', '\n')] = v[0];
    PAIR[1][pair_index('\n', '\n')] = v[1];
}

int vn_text_pair_table_ok(void)
{
    pthread_once(&cls_once, build_tables);
    for (unsigned a = 0; a < 256; a++)
        for (unsigned b = 0; b < 256; b++) {
            uint8_t v[2];
            unsigned at = pair_index((unsigned char)a, (unsigned char)b);
            pair_values((unsigned char)a, (unsigned char)b, v);
            if (PAIR[0][at] != v[0] || PAIR[1][at] != v[1])
                return 0;
        }
    return 1;
}

#define GROUPS 32 /* positions the exact check takes at a time (a vector block) */
#define ONES ((uint64_t)0x0101010101010101)

static uint64_t load64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* The exact check of the positions [from, to) of the line s[0..len) (from a
 * multiple of 8, to - from <= GROUPS, to <= len + 1): returns the first
 * position of the first group of eight that fails, or len + 1. Position i
 * checks the pair (s[i-1], s[i]), with s[-1] taken as before ('\n' at a line
 * start, ' ' after a space already written) and s[len] as '\n', together
 * with the values at the three positions before. */
static size_t exact_groups(const uint8_t *T, const unsigned char *s, size_t len, unsigned char before,
                           uint64_t tone_on, size_t from, size_t to)
{
    uint8_t pv[3 + GROUPS + 8] = {0}; /* pv[3 + j] is position from + j */
    size_t lo = from >= 3 ? from - 3 : 0, hi = to < len ? to : len;
    uint8_t *v = pv + 3;
    if (from == 0) { /* the pair before the line's first byte */
        v[0] = T[pair_index(before, len ? s[0] : '\n')];
        lo = 1;
    }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 8
#endif
    for (size_t i = lo; i < hi; i++) {
        uint16_t two;
        memcpy(&two, s + i - 1, 2);
        pv[i + 3 - from] = T[two]; /* i may be from - 3 */
    }
    if (len && to > len)
        v[len - from] = T[pair_index(s[len - 1], '\n')];
    for (size_t k = 0; k < to - from; k += 8) {
        uint64_t p0 = load64(v + k), p1 = load64(v + k - 1), p2 = load64(v + k - 2), p3 = load64(v + k - 3);
        /* a first vowel two or three positions back, its partner one
         * back: bits 5/6, folded into bit 7 and kept where no letter
         * follows */
        uint64_t pair = ((p2 | p3) << 2) & p1 & ONES * (P_AE2 | P_Y2);
        uint64_t bad = (p0 & ONES * P_BAD) | (((p1 << 1) ^ p0) & ONES * P_CC) |
                       ((pair + ONES * (P_AE2 | P_Y2)) & ~p0 & tone_on);
        if (bad)
            return from + k;
    }
    return len + 1;
}

/* The line s[0..len) (its '\n' not included): returns the first position
 * that fails the check, rounded down to a multiple of 8, or len + 1 when
 * none does. The vector test (cleanvec.c) says how far from k the positions
 * pass (it accepts nothing the exact check would not); the exact check takes
 * the next thirty-two positions from there, or the last group with the
 * position len (the line end) when the test passed the whole line. */
static size_t first_failure(vn_tone tone, const unsigned char *s, size_t len, unsigned char before)
{
    const uint8_t *T = PAIR[tone == VN_TONE_NEW];
    uint64_t tone_on = tone == VN_TONE_KEEP ? 0 : ONES * P_LETTER;
    int mode = tone == VN_TONE_KEEP ? 0 : tone == VN_TONE_NEW ? 2 : 1;
    size_t k = 0, to = 8;
    while (k <= len) {
        if (k) {
            size_t v = vn_text_clean_blocks(s, k, len, mode);
            k = v == len ? len & ~(size_t)7 : v;
            to = k + GROUPS;
        }
        if (to > len + 1)
            to = len + 1;
        size_t f = exact_groups(T, s, len, before, tone_on, k, to);
        if (f <= len)
            return f;
        k = to;
    }
    return len + 1;
}
/* How many bytes from in[i] (at a line start or after a space, the
 * automaton in D_B) can be copied as they are: the rest of the line with its
 * '\n', or its start up to a space before the first failure. After a space
 * a line end is not clean: the space has to be taken back. *eol caches where
 * the line ends; *retry gets where the check is worth trying again. */
static size_t clean_span(const unsigned char *in, size_t i, size_t n, int after_space, vn_tone tone,
                         size_t *eol, size_t *retry)
{
    if (*eol == SIZE_MAX || *eol < i) {
        const unsigned char *nl = memchr(in + i, '\n', n - i);
        *eol = nl ? (size_t)(nl - in) : n;
    }
    const unsigned char *s = in + i;
    size_t len = *eol - i;
    size_t f = first_failure(tone, s, len, after_space ? ' ' : '\n');
    if (f > len)
        return len + (*eol < n);
    /* try again after the first space past the group of eight that failed */
    size_t r = f + 8 < len ? f + 8 : len;
    const unsigned char *sp = memchr(s + r, ' ', len - r);
    *retry = i + (sp ? (size_t)(sp - s) : len) + 1;
    const unsigned char *last = f ? memrchr(s, ' ', f) : NULL;
    return last ? (size_t)(last - s) + 1 : 0;
}

/* ---- the pass */

/* Where the word being copied ends (a space, a line end, the end): give it
 * to finish_word if it asked for work, and take the buffer back. */
#define END_WORD()                                                             \
    do {                                                                       \
        if (flags) {                                                           \
            out->len = (size_t)(d - base);                                     \
            finish_word(ps, word_start, flags);                                \
            flags = 0;                                                         \
            if (vn_buf_grow(out, 3 * (block_end - i) + 16))                    \
                return out->err ? out->err : VN_ERR_NOMEM;                     \
            base = out->ptr;                                                   \
            d = base + out->len;                                               \
        }                                                                      \
    } while (0)

/* A space of any kind: one ASCII space, never at the start of a line nor
 * after another; a space left at the end of a line is taken back there. */
#define SPACE()                                                                \
    do {                                                                       \
        END_WORD();                                                            \
        *d = ' ';                                                              \
        d += d > base + line_start && d[-1] != ' ';                            \
        word_start = (size_t)(d - base);                                       \
    } while (0)

#define TRIM()                                                                 \
    do {                                                                       \
        if (d > base + line_start && d[-1] == ' ')                             \
            d--;                                                               \
    } while (0)

/* Does the character of class k (its next input byte nx, the output byte
 * before it prev) make its word a tone-placement candidate? */
static inline int tone_candidate(int k, unsigned char nx, unsigned char prev, int in_word)
{
    return ((k == K_TONE_OU) & AEY[nx]) | ((k == K_TONE_AEY) & OU[prev] & in_word);
}

static vn_result run_pass(pass *ps, const unsigned char *in, size_t n)
{
    vn_buf *out = ps->out;
    vn_norm_info *info = ps->info;
    int tone_on = ps->o->tone != VN_TONE_KEEP;
    const uint8_t(*T)[256] = dfa[ps->o->tone <= VN_TONE_KEEP ? ps->o->tone : VN_TONE_OLD];
    size_t i = 0;
    if (n >= 3 && in[0] == 0xEF && in[1] == 0xBB && in[2] == 0xBF) {
        info->bom = 1;
        i = 3;
    }
    size_t line_start = out->len, word_start = out->len;
    int flags = 0, fast = 1, s = D_B;
    char *base = out->ptr, *d = base + out->len;
    size_t block_end = i;
    size_t retry = vn_text_force_slow ? SIZE_MAX : 0; /* where the clean-line check may run next */
    size_t eol = SIZE_MAX;                               /* the line end it last found */
    while (i < n) {
        block_end = n - i > BLOCK ? i + BLOCK : n;
        out->len = (size_t)(d - base);
        if (vn_buf_grow(out, 3 * (block_end - i) + 16))
            return out->err ? out->err : VN_ERR_NOMEM;
        base = out->ptr;
        d = base + out->len;
        while (i < block_end) {
            if (fast) {
                /* at a line start or after a space: copy what needs no change */
                if (s == D_B && i >= retry) {
                    size_t k = clean_span(in, i, n, d > base + line_start, ps->o->tone, &eol, &retry);
                    if (k) {
                        if (i + k > block_end) { /* the block ends here, more room */
                            out->len = (size_t)(d - base);
                            if (vn_buf_grow(out, k + 16))
                                return out->err ? out->err : VN_ERR_NOMEM;
                            base = out->ptr;
                            d = base + out->len;
                            block_end = i + k;
                        }
                        memcpy(d, in + i, k);
                        d += k;
                        i += k;
                        word_start = (size_t)(d - base);
                        if (d[-1] == '\n') {
                            line_start = word_start;
                            line_end_at(ps, word_start - 1);
                        }
                        continue;
                    }
                }
                size_t stop = retry > i && retry < block_end ? retry : block_end;
                uint8_t e = 0;
                const uint8_t *row = T[s];
                while (i < stop) {
                    unsigned char b = in[i];
                    e = row[b];
                    if (e & X_STOP)
                        break;
                    *d = (char)b;
                    d += (e >> 6) & 1;
                    row = T[e & 0x3F];
                    i++;
                }
                s = (int)(row - T[0]) / 256;
                if (i == stop && stop < block_end)
                    continue; /* past a space after the failure: the check again */
                if (i == block_end && !(i == n && s >= D_E_ANY))
                    break; /* the block is done; a sequence may go on in the next */
                /* stop: back up to the start of the character (or the one before) */
                if (s >= D_E_ANY || e == X_PREV) {
                    size_t k = 1;
                    while (is_cont(in[i - k]))
                        k++;
                    i -= k;
                    d -= k;
                }
                fast = 0;
                word_start = (size_t)(d - base);
                while (word_start > line_start && base[word_start - 1] != ' ')
                    word_start--;
                /* the automaton did not follow the syllable to its end here
                 * ("uý" then a broken byte): let the word be looked at */
                if (word_start < (size_t)(d - base))
                    flags |= tone_on << 1;
                continue;
            }
            /* ---- one character, carefully */
            unsigned char c = in[i];
            if (c < 0x80) {
                int ak = ASCII_CLASS[c];
                i++;
                if (ak == 0) {
                    *d++ = (char)c;
                } else if (ak == 1) {
                    SPACE();
                    fast = 1;
                } else if (ak == 2) {
                    END_WORD();
                    TRIM();
                    if (c == '\r' && i < n && in[i] == '\n')
                        i++;
                    *d++ = '\n';
                    line_start = word_start = (size_t)(d - base);
                    line_end_at(ps, line_start - 1);
                    fast = 1;
                } else {
                    if (ak == 4)
                        info->nul_bytes++;
                    else
                        info->controls++;
                    flags |= tone_on << 1; /* "ủ\0y": the letters around it meet */
                }
                if (fast)
                    s = D_B;
                continue;
            }
            int32_t cp = 0;
            int len = utf8_seq(in + i, n - i, &cp);
            int replace = 0, k = K_KEEP;
            if (len > 0) {
                if (cp < 0x250)
                    k = cls_latin[cp];
                else if (cp >= 0x1E00 && cp < 0x1F00)
                    k = cls_ext[cp - 0x1E00];
                else
                    k = classify_other(cp);
                k &= 7;
            } else {
                if (len < 0) {
                    info->truncated_utf8 = 1;
                    len = (int)(n - i);
                } else {
                    info->invalid_bytes++;
                    len = 1;
                }
                replace = 1;
            }
            if (k == K_SPACE) {
                i += (size_t)len;
                SPACE();
                fast = 1;
                s = D_B;
                continue;
            }
            if (k == K_DROP) {
                i += (size_t)len;
                info->controls++;
                flags |= tone_on << 1;
                continue;
            }
            if (k == K_ETH) {
                flags |= W_ETH;
            } else if (k == K_NFC) {
                flags |= W_NFC;
            } else if (k == K_TONE_OU || k == K_TONE_AEY) {
                unsigned char nx = i + (size_t)len < n ? in[i + (size_t)len] : 0,
                              prev = d > base ? (unsigned char)d[-1] : 0;
                flags |= (tone_candidate(k, nx, prev, (size_t)(d - base) > word_start) & tone_on) << 1;
            }
            if (replace) {
                *d++ = (char)0xEF;
                *d++ = (char)0xBF;
                *d++ = (char)0xBD;
            } else {
                memcpy(d, in + i, (size_t)len);
                d += len;
            }
            i += (size_t)len;
        }
    }
    END_WORD();
    TRIM();
    out->len = (size_t)(d - base);
    if (vn_buf_grow(out, 1) == VN_OK)
        out->ptr[out->len] = '\0';
    return out->err;
}

/* Does the normalized text hold a letter only Vietnamese uses? Then it is
 * Unicode Vietnamese and no legacy encoding is looked for. */
static int has_viet_letter(const char *s, size_t n)
{
    /* E1 BA / E1 BB (U+1E80..U+1EFF): nearly every Vietnamese text has one early */
    for (const char *p = s, *end = s + n; (p = memchr(p, 0xE1, (size_t)(end - p))) != NULL && p + 1 < end; p++)
        if ((unsigned char)p[1] == 0xBA || (unsigned char)p[1] == 0xBB)
            return 1;
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned char a = (unsigned char)s[i], b = (unsigned char)s[i + 1];
        if ((a == 0xC4 && (b == 0x82 || b == 0x83 || b == 0x90 || b == 0x91 || b == 0xA8 || b == 0xA9)) ||
            (a == 0xC5 && (b == 0xA8 || b == 0xA9)) ||
            (a == 0xC6 && (b == 0xA0 || b == 0xA1 || b == 0xAF || b == 0xB0)))
            return 1;
    }
    return 0;
}

vn_result vn_normalize(const vn_options *o, const char *in, size_t len, vn_buf *out, vn_norm_info *info)
{
    return vn_normalize_lines(o, in, len, out, info, NULL);
}

vn_result vn_normalize_lines(const vn_options *o, const char *in, size_t len, vn_buf *out, vn_norm_info *info,
                             vn_line_ends *ends)
{
    pthread_once(&cls_once, build_tables);
    vn_options dflt;
    if (!o) {
        vn_options_default(&dflt);
        o = &dflt;
    }
    vn_norm_info tmp_info;
    if (!info)
        info = &tmp_info;
    memset(info, 0, sizeof *info);
    if (!in)
        in = "";
    size_t start = out->len;
    pass ps = {.o = o, .info = info, .out = out, .tmp = VN_BUF_INIT, .ends = ends};
    if (ends)
        ends->n = 0, ends->failed = 0;
    vn_result rc = run_pass(&ps, (const unsigned char *)in, len);
    /* a legacy encoding is only looked for where one could be: bytes that are
     * not UTF-8, or text without a single letter only Vietnamese uses (pure
     * ASCII may be VIQR; Latin-1 letters may be legacy bytes read as Latin-1) */
    int maybe_legacy = info->invalid_bytes || info->truncated_utf8 ||
                       !has_viet_letter(out->ptr + start, out->len - start);
    if (rc == VN_OK && o->legacy && len > 0 && maybe_legacy) {
        vn_encoding enc = vn_legacy_detect(in, len);
        if (enc != VN_ENC_UTF8) {
            vn_buf conv = VN_BUF_INIT;
            rc = vn_legacy_convert(enc, in, len, &conv);
            if (rc == VN_OK) {
                out->len = start;
                memset(info, 0, sizeof *info);
                if (ends)
                    ends->n = 0, ends->failed = 0;
                rc = run_pass(&ps, (const unsigned char *)conv.ptr, conv.len);
                info->encoding = enc;
            }
            vn_buf_release(&conv);
        }
    }
    vn_buf_release(&ps.tmp);
    return rc;
}
