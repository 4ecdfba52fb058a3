/* doccode.c — the số ký hiệu of a document: scanned where a number stands at a
 * word start, normalized (no spaces, ASCII '-', 'Đ' for the look-alike 'Ð').
 *
 * The two numbering systems:
 *   Party (Hướng dẫn 36-HD/VPTW):  NUMBER-TYPE/ISSUER       35-NQ/TW, 08-QĐi/TW, 3398-CV/BTGTU
 *   State (Nghị định 30/2020/NĐ-CP, Luật Ban hành văn bản QPPL):
 *                                  NUMBER[/YEAR]/TYPE-ISSUER[-ISSUER…]   12/2020/NĐ-CP, 2556/QĐ-UBND,
 *                                                                        146/2012/TTLT-BTC-BTP
 *                                  NUMBER/YEAR/ISSUER       57/2020/QH14 (laws and resolutions)
 *                                  NUMBER/ISSUER-UNIT       123/UBND-VX (a công văn: no type letters)
 * Writers put spaces and other dashes inside ("17 /2018/TT-BTNMT", "35 – NQ/TW"). A code
 * standing alone must show known type letters or a known issuer code, so that dates
 * (24/10/2018), ratios (13/13), scores (3-1) and model names (5-Series) are not codes. */
#include "../core/uni.h"
#include "documents.h"

#include <stdio.h>
#include <string.h>

enum { MAX_SEGMENTS = 8, MAX_SEGMENT = 24 };

int vn_doc_is_alnum_at(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80)
        return (b >= '0' && b <= '9') || ((b | 32) >= 'a' && (b | 32) <= 'z');
    int len;
    return vn_is_letter(vn_utf8_next(s + i, n - i, &len));
}

/* Does a word start at s[i]: the code point before it is no letter or digit? */
int vn_doc_is_word_start(const char *s, size_t i)
{
    if (i == 0)
        return 1;
    size_t j = i - 1;
    unsigned char b = (unsigned char)s[j];
    if (b < 0x80)
        return !((b >= '0' && b <= '9') || ((b | 32) >= 'a' && (b | 32) <= 'z') || b == '_');
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80 && i - j < 4)
        j--;
    int len;
    return !vn_is_letter(vn_utf8_next(s + j, i - j, &len));
}

/* A separator inside a code at *p: '/', '-' or a Unicode dash, with up to two
 * spaces on either side. Sets *p past it and returns '/' or '-', or 0. */
static char separator(const char *s, size_t n, size_t *p)
{
    size_t i = *p;
    for (int k = 0; k < 2 && i < n && s[i] == ' '; k++)
        i++;
    char sep = 0;
    if (i < n && (s[i] == '/' || s[i] == '-')) {
        sep = s[i];
        i++;
    } else if (i + 2 < n && (unsigned char)s[i] == 0xE2 &&
               (((unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] >= 0x90 &&
                 (unsigned char)s[i + 2] <= 0x95) ||
                ((unsigned char)s[i + 1] == 0x88 && (unsigned char)s[i + 2] == 0x92))) {
        sep = '-'; /* ‐ ‑ ‒ – — ― and the minus sign */
        i += 3;
    }
    if (!sep)
        return 0;
    for (int k = 0; k < 2 && i < n && s[i] == ' '; k++)
        i++;
    *p = i;
    return sep;
}

/* The letters of a code segment at p ("NQ", "QĐi", "UBTVQH14", "SVH&TT"), normalized
 * into out. Returns bytes consumed or 0 if no segment starts here; counts cases. */
static size_t segment(const char *s, size_t n, size_t p, char *out, int *upper, int *lower)
{
    size_t i = p, o = 0;
    *upper = *lower = 0;
    while (i < n && o + 3 < MAX_SEGMENT) {
        unsigned char b = (unsigned char)s[i];
        if (b >= 'A' && b <= 'Z') {
            out[o++] = (char)b;
            (*upper)++;
            i++;
        } else if (b >= 'a' && b <= 'z') {
            if (!o)
                return 0;
            out[o++] = (char)b;
            (*lower)++;
            i++;
        } else if (b == '&' && o) {
            out[o++] = '&';
            i++;
        } else if ((b == 0xC4 || b == 0xC3) && i + 1 < n && (unsigned char)s[i + 1] == 0x90) {
            out[o++] = (char)0xC4; /* Đ, and Ð (U+00D0) written for it */
            out[o++] = (char)0x90;
            (*upper)++;
            i += 2;
        } else if (b == 0xC4 && i + 1 < n && (unsigned char)s[i + 1] == 0x91 && o) {
            out[o++] = (char)0xC4; /* đ */
            out[o++] = (char)0x91;
            (*lower)++;
            i += 2;
        } else {
            break;
        }
    }
    if (!o)
        return 0;
    for (int k = 0; k < 3 && i < n && s[i] >= '0' && s[i] <= '9' && o + 1 < MAX_SEGMENT; k++)
        out[o++] = s[i++]; /* a term number: QH14, UBTVQH15 */
    out[o] = '\0';
    if (vn_doc_is_alnum_at(s, n, i))
        return 0; /* runs on into a word: "Series", "Tây" */
    return i - p;
}

static int known_type(const struct vn_doc_lex *lx, const char *seg)
{
    return vn_trie_get(lx->types, seg, strlen(seg));
}

/* An issuer code, looked up as written and then without a term number (QH14). */
static int known_issuer(const struct vn_doc_lex *lx, const char *seg)
{
    size_t k = strlen(seg);
    int at = vn_trie_get(lx->issuers, seg, k);
    while (at < 0 && k && seg[k - 1] >= '0' && seg[k - 1] <= '9')
        k--;
    if (at < 0 && k < strlen(seg))
        at = vn_trie_get(lx->issuers, seg, k);
    return at;
}

static int acceptable(const struct vn_doc_lex *lx, const char *seg, int upper, int lower)
{
    if (known_type(lx, seg) >= 0 || known_issuer(lx, seg) >= 0)
        return 1;
    return upper > lower && upper >= 1 && (lower == 0 || upper >= 3);
}

static void append(char *dst, size_t cap, const char *src)
{
    size_t k = strlen(dst), m = strlen(src);
    if (k + m + 1 <= cap) {
        memcpy(dst + k, src, m + 1);
    }
}

/* Four digits and a '/' at p: the year of a State code. */
static int digit4_then_slash(const char *s, size_t n, size_t p)
{
    for (int k = 0; k < 4; k++)
        if (p + (size_t)k >= n || s[p + k] < '0' || s[p + k] > '9')
            return 0;
    size_t q = p + 4;
    return separator(s, n, &q) == '/';
}

/* What may follow a code: the end, a space, punctuation; not "37/PA++". */
static int code_ends(const char *s, size_t n, size_t p)
{
    if (p >= n)
        return 1;
    unsigned char b = (unsigned char)s[p];
    if (b >= 0x80)
        return !vn_doc_is_alnum_at(s, n, p);
    return strchr(" \t,.;:)]}\"'!?-/", b) != NULL;
}

int vn_doc_code_scan(const struct vn_doc_lex *lx, const char *s, size_t n, size_t i, int strict,
                     vn_doc_code *out)
{
    memset(out, 0, sizeof *out);
    size_t p = i;
    while (p < n && p - i < 6 && s[p] >= '0' && s[p] <= '9')
        p++;
    if (p == i || (p < n && s[p] >= '0' && s[p] <= '9') || vn_doc_is_alnum_at(s, n, p))
        return 0;
    memcpy(out->number, s + i, p - i);
    out->number[p - i] = '\0';

    char segs[MAX_SEGMENTS][MAX_SEGMENT];
    char seps[MAX_SEGMENTS];
    size_t seg_end[MAX_SEGMENTS];
    int nseg = 0, up, lo;
    char sep1 = separator(s, n, &p);
    if (!sep1)
        return 0;
    if (sep1 == '-' && p + 5 < n && digit4_then_slash(s, n, p))
        sep1 = '/'; /* "19-2017/NQ-CP": a hyphen written for the slash before the year */
    if (sep1 == '/') {
        /* an optional year, then the letters */
        size_t q = p;
        int year = 0, k = 0;
        while (q < n && k < 4 && s[q] >= '0' && s[q] <= '9')
            year = year * 10 + (s[q++] - '0'), k++;
        if (k == 4 && year >= 1945 && year <= 2100 && !(q < n && s[q] >= '0' && s[q] <= '9')) {
            size_t r = q;
            if (separator(s, n, &r) == '/') {
                out->year = year;
                p = r;
            }
        }
    }
    /* letter segments */
    char sep = sep1;
    for (;;) {
        size_t len = segment(s, n, p, segs[nseg], &up, &lo);
        if (!len)
            break;
        if (!acceptable(lx, segs[nseg], up, lo))
            break;
        if (nseg == 0 && strict && known_type(lx, segs[0]) < 0 && known_issuer(lx, segs[0]) < 0)
            break;
        seps[nseg] = sep;
        seg_end[nseg] = p + len;
        nseg++;
        p += len;
        if (nseg == MAX_SEGMENTS)
            break;
        size_t q = p;
        sep = separator(s, n, &q);
        if (!sep)
            break;
        char probe[MAX_SEGMENT];
        if (!segment(s, n, q, probe, &up, &lo))
            break;
        p = q;
    }
    if (!nseg || !code_ends(s, n, seg_end[nseg - 1]))
        return 0;

    int t0 = known_type(lx, segs[0]);
    if (sep1 == '-') {
        /* Party: NUMBER-TYPE/ISSUER; or an old State code NUMBER-ISSUER (64-CP) */
        if (nseg >= 2 && seps[1] == '/') {
            out->form = VN_FORM_PARTY;
            if (strict && t0 < 0)
                return 0;
        } else {
            if (strict)
                return 0;
            out->form = VN_FORM_STATE;
            nseg = 1;
        }
    } else {
        out->form = VN_FORM_STATE;
    }
    out->start = i;
    out->end = seg_end[nseg - 1];

    /* the normalized code */
    snprintf(out->code, sizeof out->code, "%s%c", out->number, sep1);
    if (out->year) {
        char y[8];
        snprintf(y, sizeof y, "%d/", out->year);
        append(out->code, sizeof out->code, y);
    }
    out->suffix = strlen(out->number);
    for (int k = 0; k < nseg; k++) {
        if (k) {
            char sp[2] = {seps[k], 0};
            append(out->code, sizeof out->code, sp);
        }
        append(out->code, sizeof out->code, segs[k]);
    }

    /* which segment is the type, which the issuers */
    int first_issuer = 0, last_issuer = nseg - 1;
    if (out->form == VN_FORM_PARTY) {
        first_issuer = 1;
        snprintf(out->type_letters, sizeof out->type_letters, "%s", segs[0]);
    } else if (t0 >= 0) {
        first_issuer = 1;
        snprintf(out->type_letters, sizeof out->type_letters, "%s", segs[0]);
    } else if (nseg >= 2 && known_issuer(lx, segs[0]) < 0 && known_issuer(lx, segs[1]) >= 0) {
        first_issuer = 1; /* unknown or misspelt type letters before a known issuer (QDD-TTg) */
        snprintf(out->type_letters, sizeof out->type_letters, "%s", segs[0]);
    } else {
        last_issuer = 0; /* a công văn: ISSUER-UNIT, the unit that drafted it */
    }
    if (t0 >= 0 && out->type_letters[0])
        out->type = &lx->type[t0];
    for (int k = first_issuer; k <= last_issuer && k < nseg; k++) {
        if (out->issuer_code[0])
            append(out->issuer_code, sizeof out->issuer_code, "-");
        append(out->issuer_code, sizeof out->issuer_code, segs[k]);
        out->nissuers++;
    }
    return 1;
}

const char *vn_doc_code_kind(const vn_doc_code *c)
{
    if (c->type) {
        const char *party = c->type->party_kind, *state = c->type->state_kind;
        if (c->form == VN_FORM_PARTY)
            return party ? party : state;
        return state ? state : party;
    }
    /* Nghị định 30/2020/NĐ-CP: a công văn is numbered NUMBER/ISSUER-UNIT, with no type letters */
    if (c->form == VN_FORM_STATE && !c->year && !c->type_letters[0] && c->issuer_code[0])
        return "Công văn";
    return NULL;
}

const char *vn_doc_code_issuer(const struct vn_doc_lex *lx, const vn_doc_code *c, char *out,
                               size_t cap)
{
    if (!c->issuer_code[0] || cap < 2)
        return NULL;
    out[0] = '\0';
    const char *s = c->issuer_code;
    while (*s) {
        const char *dash = strchr(s, '-');
        size_t k = dash ? (size_t)(dash - s) : strlen(s);
        char seg[MAX_SEGMENT];
        if (k >= sizeof seg)
            return NULL;
        memcpy(seg, s, k);
        seg[k] = '\0';
        int at = known_issuer(lx, seg);
        if (at < 0 || !lx->issuer[at].name)
            return NULL;
        if (out[0])
            append(out, cap, " và ");
        append(out, cap, lx->issuer[at].name);
        s += k;
        if (*s == '-')
            s++;
    }
    return out[0] ? out : NULL;
}
