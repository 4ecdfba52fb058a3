/* docphrase.c — the phrases around a document's number: dates ("ngày 24/10/2018",
 * "ngày 24 tháng 10 năm 2018"), the name of the body that issued it ("của Bộ Tài
 * chính và Bộ Tư pháp", "của Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng"),
 * the name of a named document ("Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX"), and
 * where a sentence ends. doctail.c puts them together. */
#include "../core/uni.h"
#include "documents.h"

#include <string.h>

enum { ISSUER_WORDS = 14 };

/* A sentence ends here (";" does not end a legal title: "… giống cây trồng; kiểm định …",
 * nor the dot of an abbreviation: "TP. Hồ Chí Minh"). */
int vn_doc_sentence_break(const char *s, size_t n, size_t i)
{
    char c = s[i];
    if (c != '.' && c != '?' && c != '!')
        return 0;
    if (!(i + 1 >= n || (s[i + 1] == ' ' && capitalized_at(s, n, i + 2))))
        return 0;
    if (c == '.') {
        size_t w = i;
        while (w > 0 && s[w - 1] >= 'A' && s[w - 1] <= 'Z')
            w--;
        if (i - w >= 1 && i - w <= 3 && (w == 0 || s[w - 1] == ' '))
            return 0; /* TP., Q., TX. */
        if (i >= 2 && s[i - 2] == 'T' && s[i - 1] == 'p' && (i == 2 || s[i - 3] == ' '))
            return 0; /* Tp. */
    }
    return 1;
}

size_t vn_doc_date_at(const char *s, size_t n, size_t p, int *y, int *m, int *d)
{
    *y = *m = *d = 0;
    size_t q = p;
    int dd = 0, mm = 0, yy = 0, k = 0;
    while (digit_at(s, n, q) && k < 2)
        dd = dd * 10 + (s[q++] - '0'), k++;
    if (!k || digit_at(s, n, q))
        return 0;
    char sep = 0;
    if (q < n && (s[q] == '/' || s[q] == '-' || s[q] == '.') && digit_at(s, n, q + 1)) {
        sep = s[q++];
    } else if (q + 8 < n && memcmp(s + q, " tháng ", 8) == 0 && digit_at(s, n, q + 8)) {
        q += 8;
    } else {
        return 0;
    }
    k = 0;
    while (digit_at(s, n, q) && k < 2)
        mm = mm * 10 + (s[q++] - '0'), k++;
    if (!k || digit_at(s, n, q))
        return 0;
    size_t end = q;
    if (sep && q + 1 < n && s[q] == sep && digit_at(s, n, q + 1)) {
        size_t r = q + 1;
        k = 0;
        while (digit_at(s, n, r) && k < 4)
            yy = yy * 10 + (s[r++] - '0'), k++;
        if (k == 4 && !digit_at(s, n, r)) {
            end = r;
        } else {
            return 0;
        }
    } else if (!sep && q + 6 < n && memcmp(s + q, " năm ", 6) == 0 && digit_at(s, n, q + 6)) {
        size_t r = q + 6;
        k = 0;
        while (digit_at(s, n, r) && k < 4)
            yy = yy * 10 + (s[r++] - '0'), k++;
        if (k != 4 || digit_at(s, n, r))
            return 0;
        end = r;
    } else if (sep && q < n && (s[q] == '/' || s[q] == '-') && digit_at(s, n, q + 1)) {
        return 0; /* 24/10-12: not a date we read */
    }
    if (vn_doc_is_alnum_at(s, n, end))
        return 0;
    if (dd < 1 || dd > 31 || mm < 1 || mm > 12 || (yy && (yy < 1900 || yy > 2100)))
        return 0;
    *y = yy;
    *m = mm;
    *d = dd;
    return end;
}

/* "ngày" or "Ngày" at p, then a date: returns the date's end, or 0. */
size_t vn_doc_ngay_date(const char *s, size_t n, size_t p, int *y, int *m, int *d)
{
    if (!word_is(s, n, p, "ngày", "Ngày"))
        return 0;
    size_t q = skip_spaces(s, n, p + 5);
    if (q == p + 5)
        return 0;
    return vn_doc_date_at(s, n, q, y, m, d);
}

/* The issuer after "của" at p (p at the first word of the name). joint: the
 * code names several issuers, so ", Bộ …" goes on. Returns the end, or 0. */
size_t vn_doc_issuer_at(const struct vn_doc_lex *lx, const char *s, size_t n, size_t p, int joint)
{
    if (p >= n || (!capitalized_at(s, n, p) && !head_at(lx, s, n, p)))
        return 0;
    if (kind_at(lx, s, n, p))
        return 0;
    size_t q = p, last = p, mlen;
    int words = 0;
    if (trie_at(lx->names, s, n, q, &mlen) >= 0) {
        q += mlen;
        last = q;
        words = 3;
    }
    while (q < n && words < ISSUER_WORDS) {
        if (s[q] == ' ') {
            size_t w = q + 1;
            if (w >= n)
                break;
            /* "Bộ Lao động - Thương binh và Xã hội" */
            if ((s[w] == '-' || ((unsigned char)s[w] == 0xE2 && w + 2 < n &&
                                 (unsigned char)s[w + 1] == 0x80 &&
                                 ((unsigned char)s[w + 2] == 0x93 || (unsigned char)s[w + 2] == 0x94)))) {
                size_t after = w + (s[w] == '-' ? 1 : 3);
                if (after + 1 < n && s[after] == ' ' && capitalized_at(s, n, after + 1)) {
                    q = after + 1;
                    continue;
                }
                break;
            }
            if (trie_at(lx->names, s, n, w, &mlen) >= 0) { /* "và Bộ Kế hoạch và Đầu tư" */
                q = last = w + mlen;
                words += 3;
                continue;
            }
            if (word_is(s, n, w, "lần thứ", NULL)) { /* "Hội nghị lần thứ năm Ban Chấp hành …" */
                size_t o = skip_spaces(s, n, w + strlen("lần thứ"));
                size_t oe = word_end(s, n, o);
                if (oe > o) {
                    q = last = oe;
                    words += 3;
                    continue;
                }
                break;
            }
            if (trie_at(lx->stops, s, n, w, NULL) >= 0 || kind_at(lx, s, n, w) || digit_at(s, n, w))
                break;
            if (word_is(s, n, w, "và", NULL)) {
                size_t next = skip_spaces(s, n, w + 4);
                if (next < n && (trie_at(lx->names, s, n, next, NULL) >= 0 ||
                                 ((head_at(lx, s, n, next) || capitalized_at(s, n, next)) &&
                                  !kind_at(lx, s, n, next) &&
                                  trie_at(lx->stops, s, n, next, NULL) < 0))) {
                    q = next - 1; /* on the space before it: a whole name is taken there */
                    continue;
                }
                break;
            }
            q = w;
            continue;
        }
        if (s[q] == ',') {
            if (joint && q + 2 < n && s[q + 1] == ' ' && head_at(lx, s, n, q + 2)) {
                q += 2;
                continue;
            }
            break;
        }
        if (s[q] == '.' && q + 2 < n && s[q + 1] == ' ' && capitalized_at(s, n, q + 2) &&
            !vn_doc_sentence_break(s, n, q)) {
            q++; /* "UBND TP. Hồ Chí Minh" */
            continue;
        }
        if (punct_at(s, n, q))
            break;
        size_t e = word_end(s, n, q);
        if (e == q || e - q >= VN_DOC_MAX_WORD)
            break;
        q = e;
        last = q;
        words++;
    }
    return last > p ? last : 0;
}

/* Does the issuer written at [b, e) name a body other than the code's issuers
 * ("Nghị định số 127/2007/NĐ-CP ngày … của Bộ Khoa học và Công nghệ": the date and
 * the body belong to the document that cites it)? Only a known name can tell. */
int vn_doc_issuer_contradicts(const struct vn_doc_lex *lx, const vn_doc_ref *ref, const char *s,
                              size_t n, size_t b)
{
    size_t len;
    int who = trie_at(lx->names, s, n, b, &len);
    if (who < 0 || !ref->has_code || !ref->c.issuer_code[0])
        return 0;
    const char *name = lx->issuer[who].name;
    char buf[512];
    const char *mine = vn_doc_code_issuer(lx, &ref->c, buf, sizeof buf);
    if (!mine)
        return 0; /* the code's issuers are not all known */
    return strstr(mine, name) == NULL;
}

/* A name goes on over capitalized words, numbers and roman numerals, the words
 * of data "continue" rows (a "whole" one is a term it holds as one word,
 * though stop words are in it), and up to VN_DOC_NAME_LOWER lowercase syllables
 * after a capitalized word ("Luật Bảo vệ môi trường", "Luật Xử lý vi phạm hành
 * chính", "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX"), to a stop word (data
 * "stop" rows: the verbs and function words that follow a title). Law titles
 * run to eight ("Luật Ban hành văn bản quy phạm pháp luật"). */
#define VN_DOC_NAME_LOWER 8
size_t vn_doc_name_end(const struct vn_doc_lex *lx, const char *s, size_t n, size_t p)
{
    size_t q = p, last = p;
    int words = 0, lower_run = 0, after_number = 0;
    while (q < n && words < 12) {
        if (s[q] == ' ') {
            size_t w = q + 1;
            if (w >= n)
                break;
            /* "nhiệm kỳ 2020 - 2025" */
            if (s[w] == '-' && digit_at(s, n, q - 1) && w + 2 < n && s[w + 1] == ' ' &&
                digit_at(s, n, w + 2)) {
                q = w + 2;
                continue;
            }
            size_t clen;
            int cv = trie_at(lx->continues, s, n, w, &clen), cont = cv >= 0;
            if (cv == 1) { /* "người có công với cách mạng": its stop words are its own */
                q = w + clen;
                last = q;
                lower_run = 0;
                words++;
                continue;
            }
            if (!cont && (trie_at(lx->stops, s, n, w, NULL) >= 0 || word_is(s, n, w, "của", NULL)))
                break;
            if (word_is(s, n, w, "và", NULL) || kind_at(lx, s, n, w))
                break;
            if (cont) {
                q = w + clen;
                lower_run = 0;
                after_number = 1; /* "năm", "khóa", "lần thứ" want what follows */
                continue;
            }
            if (!capitalized_at(s, n, w) && !digit_at(s, n, w) &&
                (after_number || ++lower_run > VN_DOC_NAME_LOWER))
                break;
            q = w;
            continue;
        }
        if (punct_at(s, n, q))
            break;
        size_t e = word_end(s, n, q);
        if (e == q || e - q >= VN_DOC_MAX_WORD)
            break;
        if (capitalized_at(s, n, q)) {
            lower_run = 0;
            after_number = 0;
        } else if (digit_at(s, n, q)) {
            after_number = 1;
        }
        q = e;
        last = q;
        words++;
    }
    return last;
}
