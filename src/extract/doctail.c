/* doctail.c — what a citation says around the document's number: the issue
 * date, the issuer, the subject, as Vietnamese writes them:
 *
 *   KIND số CODE [ngày DATE] [của ISSUER] [về SUBJECT]        (news, and documents citing others)
 *   KIND số CODE TITLE … ngày DATE của ISSUER, có hiệu lực …   (the legal code's own listing)
 *   [Ngày DATE,] ISSUER (đã|vừa) ban hành KIND số CODE …       (the body before the verb)
 *
 * A date introduced by "từ", "đến", "hiệu lực" … is not an issue date. In a list
 * ("Chỉ thị 43-CT/TW và Chỉ thị 44-CT/TW của Ban Bí thư") what the last item
 * says holds for all. */
#include "../core/uni.h"
#include "documents.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum { SUBJECT_BYTES = 600 };
static const char EFFECTIVE[] = ", có hiệu lực";

/* A year for a date written without one: the code's year, else the year of
 * publication (the year before if the day would fall after publication). */
static int resolve_year(const vn_record *r, const vn_doc_ref *ref, int m, int d)
{
    if (ref->has_code && ref->c.year)
        return ref->c.year;
    if (r && r->pub_year) {
        if (r->pub_month && (m > r->pub_month || (m == r->pub_month && d > r->pub_day)))
            return r->pub_year - 1;
        return r->pub_year;
    }
    return 0;
}

static void set_date(const vn_record *r, vn_doc_ref *ref, int y, int m, int d)
{
    if (ref->y)
        return;
    if (!y)
        y = resolve_year(r, ref, m, d);
    if (y) {
        ref->y = y;
        ref->m = m;
        ref->d = d;
    }
}

/* Does a clause of its own start at p, after a comma: a short subject and
 * a tense word ("Theo Nghị quyết … về …, | tỉnh đã giảm 12 đầu mối")? The
 * title of a document has none. */
static int clause_after(const char *s, size_t n, size_t p)
{
    static const char *const tense[] = {"đã", "sẽ", "đang", "vừa"};
    for (int words = 0; words < 4; words++) {
        while (p < n && s[p] == ' ')
            p++;
        size_t e = p;
        while (e < n && s[e] != ' ' && s[e] != ',' && s[e] != '.' && s[e] != ';')
            e++;
        if (e == p)
            return 0;
        for (size_t k = 0; k < sizeof tense / sizeof *tense; k++)
            if (e - p == strlen(tense[k]) && memcmp(s + p, tense[k], e - p) == 0)
                return words > 0;
        p = e;
    }
    return 0;
}

/* Where a subject starting at p ends: a sentence end, ";", an unbalanced ")",
 * a date ("… ngày 29/03/2019"), "(,) có hiệu lực", a clause after a comma. */
static size_t subject_end(const char *s, size_t n, size_t p)
{
    size_t q = p, limit = p + SUBJECT_BYTES, last_space = p;
    int depth = 0;
    while (q < n) {
        char c = s[q];
        if (q >= limit) {
            q = last_space;
            break;
        }
        if (c == ';' || c == ':')
            break;
        if (c == '(' && q + strlen(EFFECTIVE) - 1 <= n &&
            memcmp(s + q + 1, EFFECTIVE + 2, strlen(EFFECTIVE) - 2) == 0)
            break; /* "… 2 cấp (có hiệu lực từ ngày 1/7/2025)": not its subject */
        if (c == '(')
            depth++;
        if (c == ')') {
            if (!depth)
                break;
            depth--;
        }
        if (sentence_break_at(s, n, q))
            break;
        if (c == ' ') {
            int y, m, d;
            last_space = q;
            if (vn_doc_ngay_date(s, n, q + 1, &y, &m, &d))
                break;
        }
        if ((c == ',' || c == ' ') && q + strlen(EFFECTIVE) <= n &&
            memcmp(s + q + (c == ','), EFFECTIVE + 1, strlen(EFFECTIVE) - 1) == 0)
            break; /* "… của Luật Đất đai | có hiệu lực từ …" */
        if (c == ',' && clause_after(s, n, q + 1))
            break;
        q++;
    }
    /* and the words that led into the cut ("… Luật Trẻ em | cũng sẽ | có
     * hiệu lực", "… chính thức có hiệu lực") */
    static const char *const lead_in[] = {" sẽ", " chính thức", " cũng", " đã", " và", " vừa", " đều", " thì"};
    for (int again = 1; again;) {
        while (q > p && (s[q - 1] == ' ' || s[q - 1] == ',' || s[q - 1] == '.' || s[q - 1] == ':'))
            q--;
        again = 0;
        for (size_t k = 0; k < sizeof lead_in / sizeof *lead_in && !again; k++) {
            size_t w = strlen(lead_in[k]);
            if (q >= p + w && memcmp(s + q - w, lead_in[k], w) == 0)
                q -= w, again = 1;
        }
    }
    return q;
}

/* A subject ends where a list goes on with the next citation ("… về đại
 * hội đảng bộ các cấp | và Kết luận số 150-KL/TW"); a citation inside it
 * after a verb ("… về việc sửa đổi Nghị quyết số 15/NQ-HĐND") is part of
 * it. */
static void subject_before_next(const char *s, const vn_doc_ref *refs, int nrefs, vn_doc_ref *ref)
{
    /* the first citation inside the subject decides: a list of them after
     * a verb ("hướng dẫn Nghị định số 91/2014/NĐ-CP, Nghị định số …") is
     * the subject's own */
    size_t a = ref->subj_e;
    for (int j = 0; j < nrefs; j++)
        if (refs[j].start > ref->subj_s && refs[j].start < a)
            a = refs[j].start;
    if (a >= ref->subj_e)
        return;
    size_t b = a, and_len = strlen("và");
    while (b > ref->subj_s && s[b - 1] == ' ')
        b--;
    if (b > ref->subj_s && s[b - 1] == ',')
        b--;
    else if (b >= ref->subj_s + and_len && !memcmp(s + b - and_len, "và", and_len) &&
             (b - and_len == ref->subj_s || s[b - and_len - 1] == ' '))
        b -= and_len;
    else
        return;
    while (b > ref->subj_s && (s[b - 1] == ' ' || s[b - 1] == ','))
        b--;
    ref->subj_e = b;
}

/* An issuing verb ("ban hành", "ký ban hành", "ra") ending at p: returns its start or p. */
static size_t verb_before(const struct vn_doc_lex *lx, const char *s, size_t p)
{
    size_t best = p;
    for (int i = 0; i < lx->nverb; i++) {
        size_t k = strlen(lx->verbs[i]);
        if (k <= p && memcmp(s + p - k, lx->verbs[i], k) == 0 && vn_doc_is_word_start(s, p - k) &&
            p - k < best)
            best = p - k;
    }
    return best;
}

/* The word ending at p (no spaces in it): its start. */
static size_t word_start_before(const char *s, size_t p)
{
    size_t q = p;
    while (q > 0 && s[q - 1] != ' ' && p - q < VN_DOC_MAX_WORD)
        q--;
    return q;
}

/* "[Ngày DATE,] ISSUER [đã|vừa] ban hành KIND …": the body before the verb. */
static void issuer_before(const struct vn_doc_lex *lx, const vn_record *r, const char *s, size_t n,
                          vn_doc_ref *ref)
{
    size_t p = ref->start;
    while (p > 0 && s[p - 1] == ' ')
        p--;
    size_t v = verb_before(lx, s, p);
    if (v == p)
        return;
    p = v;
    for (int k = 0; k < 3; k++) { /* adverbs: đã, vừa, mới, chính thức */
        while (p > 0 && s[p - 1] == ' ')
            p--;
        size_t w = word_start_before(s, p), w2 = w > 1 ? word_start_before(s, w - 1) : w;
        size_t len;
        if (w2 < w && trie_at(lx->adverbs, s, p, w2, &len) >= 0 && w2 + len == p)
            p = w2;
        else if (trie_at(lx->adverbs, s, p, w, &len) >= 0 && w + len == p)
            p = w;
        else
            break;
    }
    while (p > 0 && s[p - 1] == ' ')
        p--;
    size_t org_end = p;
    /* the clause before: back to punctuation or the line start, a dozen words at most */
    size_t q = p;
    int words = 0;
    while (q > 0 && words < 12) {
        size_t w = word_start_before(s, q);
        if (w == q)
            break;
        if (word_end(s, n, w) != q)
            break; /* punctuation in or after the word ends the clause */
        q = w;
        words++;
        while (q > 0 && s[q - 1] == ' ')
            q--;
    }
    q = skip_spaces(s, n, q);
    size_t head = 0;
    int found = 0;
    for (size_t i = q; i < org_end; i = skip_spaces(s, n, word_end(s, n, i) + 0)) {
        if (head_at(lx, s, n, i)) {
            head = i;
            found = 1;
            break;
        }
        if (word_end(s, n, i) == i)
            break;
    }
    if (!found || head >= org_end)
        return;
    /* the body's name: no word that ends a name, no run of lowercase words
     * ("Cục … không đủ cơ sở pháp lý để ban hành") */
    int lower = 0;
    for (size_t i = skip_spaces(s, n, word_end(s, n, head)); i < org_end;
         i = skip_spaces(s, n, word_end(s, n, i))) {
        if (trie_at(lx->stops, s, n, i, NULL) >= 0 || word_end(s, n, i) == i)
            return;
        lower = capitalized_at(s, n, i) ? 0 : lower + 1;
        if (lower > 3)
            return;
    }
    /* a person's name at the end ("Thứ trưởng … Nguyễn Thị Nghĩa ký"): not a body */
    int caps = 0;
    for (size_t i = org_end; i > head;) {
        size_t w = word_start_before(s, i);
        if (!capitalized_at(s, n, w))
            break;
        caps++;
        i = w;
        while (i > head && s[i - 1] == ' ')
            i--;
    }
    if (caps >= 3)
        return;
    if (!ref->issuer_e) {
        ref->issuer_s = head;
        ref->issuer_e = org_end;
    }
    /* "Ngày 25/12/2025, UBND tỉnh ban hành …" */
    size_t c = head;
    while (c > 0 && s[c - 1] == ' ')
        c--;
    if (c > 0 && s[c - 1] == ',' && !ref->y) {
        size_t from = c > 48 ? c - 48 : 0;
        for (size_t i = from; i + 5 < c; i++) {
            int y, m, d;
            size_t e = vn_doc_ngay_date(s, n, i, &y, &m, &d);
            if (e && e == c - 1 && vn_doc_is_word_start(s, i)) {
                set_date(r, ref, y, m, d);
                break;
            }
        }
    }
}

/* A State code's year is the year it was signed: a date of another year is not
 * its issue date. slack: the legal listings sometimes give the next year. */
static int year_fits(const vn_doc_ref *ref, int y, int slack)
{
    if (!y || !ref->has_code || !ref->c.year)
        return 1;
    return y >= ref->c.year && y <= ref->c.year + slack;
}

/* Read what immediately follows a reference. nested: it is cited inside the
 * title of an earlier one still waiting for its date. */
static void read_tail(const struct vn_doc_lex *lx, const vn_record *r, const char *s, size_t n,
                      vn_doc_ref *ref, int nested)
{
    size_t p = ref->tail;
    int joint = ref->has_code && ref->c.nissuers > 1;
    for (int step = 0; step < 4; step++) {
        size_t q = skip_spaces(s, n, p);
        int comma = 0;
        if (q < n && s[q] == ',') {
            comma = 1;
            q = skip_spaces(s, n, q + 1);
        }
        if (q >= n)
            break;
        int y, m, d;
        size_t e;
        if (s[q] == '(' && (e = vn_doc_ngay_date(s, n, q + 1, &y, &m, &d)) && e < n && s[e] == ')') {
            set_date(r, ref, y, m, d);
            p = e + 1;
            continue;
        }
        if (!comma && (word_is(s, n, q, "khóa", "Khóa") || word_is(s, n, q, "khoá", "Khoá") ||
                       word_is(s, n, q, "nhiệm kỳ", NULL))) {
            /* the issuer's term: "… Trung ương Đảng khóa XIII về …" */
            size_t t = skip_spaces(s, n, word_end(s, n, q));
            if (word_is(s, n, q, "nhiệm kỳ", NULL))
                t = skip_spaces(s, n, word_end(s, n, t));
            size_t te = word_end(s, n, t);
            if (te == t)
                break;
            p = te;
            continue;
        }
        if (s[q] == '(' && !comma) { /* "của Bộ Chính trị (khóa XII) về …" */
            const char *close = memchr(s + q, ')', n - q < 48 ? n - q : 48);
            if (!close)
                break;
            p = (size_t)(close - s) + 1;
            continue;
        }
        size_t at = q;
        size_t v;
        if (word_is(s, n, q, "ban hành", NULL) || word_is(s, n, q, "ký", NULL) ||
            word_is(s, n, q, "ra", NULL)) {
            v = word_end(s, n, q);
            if (word_is(s, n, q, "ban hành", NULL))
                v = word_end(s, n, skip_spaces(s, n, v));
            at = skip_spaces(s, n, v);
        }
        if (!ref->named && (e = vn_doc_ngay_date(s, n, at, &y, &m, &d))) {
            if (ref->y || !year_fits(ref, y, 0))
                break;
            if (nested) {
                size_t f = skip_spaces(s, n, e);
                if (word_is(s, n, f, "của", NULL) &&
                    vn_doc_issuer_contradicts(lx, ref, s, n, skip_spaces(s, n, f + 5)))
                    break;
            }
            if (comma) {
                size_t f = skip_spaces(s, n, e);
                if (!y || !(f >= n || s[f] == ')' || s[f] == ';' || word_is(s, n, f, "của", NULL) ||
                            (s[f] == '.' && f + 1 >= n)))
                    break;
            }
            set_date(r, ref, y, m, d);
            p = e;
            continue;
        }
        if (comma)
            break;
        if (word_is(s, n, q, "của", NULL)) {
            size_t b = skip_spaces(s, n, q + 5);
            if (ref->issuer_e || (nested && vn_doc_issuer_contradicts(lx, ref, s, n, b)))
                break;
            size_t ie = vn_doc_issuer_at(lx, s, n, b, joint);
            if (!ie)
                break;
            ref->issuer_s = b;
            ref->issuer_e = ie;
            p = ie;
            continue;
        }
        size_t len;
        int drop = trie_at(lx->subjects, s, n, q, &len);
        if (drop >= 0) {
            ref->subj = 1;
            ref->subj_s = drop ? skip_spaces(s, n, q + len) : q;
            break;
        }
        size_t t = q;
        if (t + 3 <= n && (unsigned char)s[t] == 0xE2 && (unsigned char)s[t + 1] == 0x80 &&
            (unsigned char)s[t + 2] == 0x9C)
            t += 3; /* a title in quotes */
        else if (t < n && s[t] == '"')
            t++;
        if (capitalized_at(s, n, t) && !ref->named) {
            ref->subj = 2; /* a title, if a date closes it: "… Ban hành Danh mục … ngày 29/03/2019 của …" */
            ref->subj_s = q;
        }
        break;
    }
    ref->tail_end = p;
}

/* The first of '.', '?', '!' and "ng", "Ng" at or after i, or n: sixteen bytes
 * at a time where the vector instructions allow ('n' alone is too common to
 * stop at: only "ngày" is looked for there). */
static size_t next_that_matters(const char *s, size_t n, size_t i)
{
#ifdef __SSE2__
    for (; i + 17 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i y = _mm_loadu_si128((const __m128i *)(s + i + 1));
        __m128i lower = _mm_or_si128(x, _mm_set1_epi8(0x20)); /* 'N' -> 'n'; '.' '?' '!' stay apart */
        __m128i ng = _mm_and_si128(_mm_cmpeq_epi8(lower, _mm_set1_epi8('n')), _mm_cmpeq_epi8(y, _mm_set1_epi8('g')));
        __m128i hit = _mm_or_si128(
            _mm_or_si128(ng, _mm_cmpeq_epi8(x, _mm_set1_epi8('.'))),
            _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('?')), _mm_cmpeq_epi8(x, _mm_set1_epi8('!'))));
        unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#endif
    for (; i < n; i++)
        if (s[i] == '.' || s[i] == '?' || s[i] == '!' ||
            ((s[i] == 'n' || s[i] == 'N') && i + 1 < n && s[i + 1] == 'g'))
            return i;
    return n;
}

/* Dates far after a reference that close its title: "Thông tư số 02/2019/TT-BTNMT
 * Ban hành … ngày 29/03/2019 của Bộ …". Each goes to the earliest reference of
 * the sentence still waiting for its date; nested citations have theirs already. */
static void far_dates(const struct vn_doc_lex *lx, const vn_record *r, const char *s, size_t n,
                      vn_doc_ref *refs, int nrefs)
{
    int head = 0, k = 0;
    size_t consumed = 0;
    /* nothing happens before the first reference (head stays 0, k too); after it
     * only a sentence end or "ngày" matters: the rest is passed over fast, and the
     * references behind i are counted when something does */
    for (size_t i = nrefs ? refs[0].start : n; (i = next_that_matters(s, n, i)) < n; i++) {
        char c = s[i];
        while (k < nrefs && refs[k].start <= i) {
            if (refs[k].tail_end > consumed)
                consumed = refs[k].tail_end;
            k++;
        }
        if (sentence_break_at(s, n, i)) {
            head = k;
            continue;
        }
        if (k == 0 || i < consumed || (c != 'n' && c != 'N') || i + 1 >= n || s[i + 1] != 'g')
            continue; /* (the cheap half of vn_doc_ngay_date) */
        int y, m, d;
        size_t e = vn_doc_ngay_date(s, n, i, &y, &m, &d);
        if (!e || !vn_doc_is_word_start(s, i))
            continue;
        size_t f = skip_spaces(s, n, e);
        if (!word_is(s, n, f, "của", NULL))
            continue;
        /* the word before "ngày": "kể từ ngày", "hiệu lực ngày" are not issue dates */
        size_t b = i;
        while (b > 0 && s[b - 1] == ' ')
            b--;
        size_t w = word_start_before(s, b);
        if (w < b && vn_trie_get(lx->notissue, s + w, b - w) >= 0)
            continue;
        while (head < k && !(refs[head].subj && !refs[head].y && !refs[head].issuer_e &&
                             !refs[head].named))
            head++;
        if (head >= k || !year_fits(&refs[head], y, 1))
            continue;
        vn_doc_ref *ref = &refs[head++];
        set_date(r, ref, y, m, d);
        size_t ib = skip_spaces(s, n, f + 5);
        size_t ie = vn_doc_issuer_at(lx, s, n, ib, ref->has_code && ref->c.nissuers > 1);
        if (ie) {
            ref->issuer_s = ib;
            ref->issuer_e = ie;
        }
        size_t se = i;
        while (se > ref->subj_s && (s[se - 1] == ' ' || s[se - 1] == ',' || s[se - 1] == '.'))
            se--;
        ref->subj_e = se;
        ref->subj = 3; /* closed by its date */
        consumed = ie ? ie : e;
    }
}

/* Only list punctuation between a and b: ", ", " và ", "; " (semi: whether
 * ";" is one). */
static int list_gap_semi(const char *s, size_t a, size_t b, int semi)
{
    if (b < a || b - a > 12)
        return 0;
    size_t i = a;
    int seen = 0;
    while (i < b) {
        if (s[i] == ' ' || s[i] == ',' || (semi && s[i] == ';')) {
            seen |= s[i] != ' ';
            i++;
        } else if (b - i >= 3 && memcmp(s + i, "và", 3) == 0) {
            seen = 1;
            i += 3;
        } else {
            return 0;
        }
    }
    return seen;
}

static int list_gap(const char *s, size_t a, size_t b)
{
    return list_gap_semi(s, a, b, 1);
}

static int same_issuer_code(const vn_doc_ref *a, const vn_doc_ref *b)
{
    if (!a->has_code || !b->has_code || !a->c.issuer_code[0] || !b->c.issuer_code[0])
        return 1;
    return strcmp(a->c.issuer_code, b->c.issuer_code) == 0;
}

void vn_doc_read_tails(const struct vn_doc_lex *lx, const vn_record *r, const char *s, size_t n,
                       vn_doc_ref *refs, int nrefs)
{
    /* the earliest reference of the sentence still open for a far date */
    int open = -1;
    for (int i = 0; i < nrefs; i++) {
        if (open >= 0) {
            for (size_t j = refs[i - 1].start; j < refs[i].start; j++)
                if (sentence_break_at(s, n, j)) {
                    open = -1;
                    break;
                }
        }
        read_tail(lx, r, s, n, &refs[i], open >= 0);
        if (open < 0 && refs[i].subj && !refs[i].y && !refs[i].issuer_e && !refs[i].named)
            open = i;
        else if (open >= 0 && (refs[open].y || refs[open].issuer_e))
            open = -1;
    }
    far_dates(lx, r, s, n, refs, nrefs);
    for (int i = 0; i < nrefs; i++) {
        vn_doc_ref *ref = &refs[i];
        if (ref->subj == 1) {
            ref->subj_e = subject_end(s, n, ref->subj_s);
            subject_before_next(s, refs, nrefs, ref);
        }
        else if (ref->subj != 3)
            ref->subj_s = ref->subj_e = 0;
        if (!ref->issuer_e || !ref->y)
            issuer_before(lx, r, s, n, ref);
    }
    /* lists: the last item's issuer and date hold for the items before it;
     * not over ";", which closes a citation with all it has ("Tờ trình số
     * 123/TTr-UBND; Công điện số 12/CĐ-UBND ngày … của …"), and the date only
     * within one kind ("Nghị quyết 18-NQ/TW và 19-NQ/TW ngày 25/10/2017"; not
     * "Chỉ thị 45 và Kết luận 118-KL/TW ngày 18/1/2025") */
    for (int i = nrefs - 2; i >= 0; i--) {
        vn_doc_ref *a = &refs[i], *b = &refs[i + 1];
        if (a->tail_end != a->tail || a->named || b->named || !list_gap_semi(s, a->tail, b->start, 0) ||
            !same_issuer_code(a, b))
            continue;
        if (!a->issuer_e && b->issuer_e) {
            a->issuer_s = b->issuer_s;
            a->issuer_e = b->issuer_e;
        }
        if (!a->y && b->y && a->kind && b->kind && !strcmp(a->kind, b->kind)) {
            a->y = b->y;
            a->m = b->m;
            a->d = b->d;
        }
    }
    /* "Quy định số 208-QĐ/TW và 209-QĐ/TW": the kind word holds along the list */
    for (int i = 1; i < nrefs; i++) {
        vn_doc_ref *a = &refs[i - 1], *b = &refs[i];
        if (b->kind_from_word || !a->kind_from_word || !a->kind || !b->has_code ||
            !list_gap(s, a->tail_end, b->start))
            continue;
        if (!b->c.type_letters[0] || (a->has_code && !strcmp(a->c.type_letters, b->c.type_letters))) {
            b->kind = a->kind;
            b->kind_from_word = 1;
        }
    }
}

