/* names.c — persons in a chunk of a line: the items, then the grammar.
 *
 * Items (one pass over the tokens; only capitalized words and the words
 * just before them cost a look-up):
 *   CUE     "đồng chí", "ông", "bà", "Thượng tướng", "PGS.TS" …
 *   PLURAL  "các đồng chí" — a list follows
 *   POS     a position (positions.c)
 *   ORG     a body named on its own ("Ban Tuyên giáo Tỉnh ủy")
 *   NAME    surname + 1–3 capitalized syllables, not a place
 *   HIST    a historic figure ("Hồ Chí Minh", "Bác Hồ")
 *   SEP     , ; : ( ) - . " and the words "và", "kiêm"
 *   OTHER   anything else (runs collapse), including what the street,
 *           administrative and credit cues swallow ("đường Trần Phú",
 *           "xã Lê Lợi", "Ảnh: Nguyễn Văn A")
 * Grammar, for each NAME:
 *   positions before it: POS ("," | "và" POS)* right before the name
 *   positions after it:  ("," | "-" | "(") POS ("," POS)* [")"], stopping at a
 *                        position that is itself right before a name
 *   a list:              PLURAL [POS…] NAME ("," | ";" | "và") NAME … — the
 *                        positions before the first name hold for the others
 *   accepted with a cue, a position, in a list, or by shape (surname + Văn
 *   / Thị + name); otherwise kept only if the article names it so elsewhere. */
#include "people_int.h"

#include <string.h>

#define MAX_NAME_TOKENS 4
#define MAX_CUE_NAME_TOKENS 5
#define MAX_PERSON_POS 32
#define MAX_EXPAND 16 /* gaps cut into tokens in a chunk before it is cut in full */

static inline int is_word(const pctx *c, int i, const char *lowered, size_t n)
{
    return HAVE(c, i) && (size_t)(c->t[i].e - c->t[i].s) == n && tk_word(&c->t[i]) &&
           !memcmp(c->low + c->t[i].s, lowered, n);
}
#define IS_WORD(c, i, lit) is_word((c), (i), (lit), sizeof(lit) - 1)

static inline __attribute__((always_inline)) pitem *push(pctx *c, int kind, int ts, int te)
{
    if (kind == IT_OTHER && c->nit && c->it[c->nit - 1].kind == IT_OTHER) {
        c->it[c->nit - 1].te = te;
        return &c->it[c->nit - 1];
    }
    if (c->nit >= c->capit)
        return NULL;
    if ((1u << IT_PLURAL | 1u << IT_HIST | 1u << IT_APPT | 1u << IT_NAME) >> kind & 1) {
        if (c->nit < c->sfirst)
            c->sfirst = c->nit;
        if (c->nit > c->slast)
            c->slast = c->nit;
    }
    pitem *it = &c->it[c->nit++];
    *it = (pitem){.kind = (unsigned char)kind, .ts = ts, .te = te};
    return it;
}

/* Is the number token at k a house number: after "số", "tại", "ở" (not
 * after "quận", "Vụ", a year's "năm": "Chủ tịch UBND quận 1 Nguyễn Văn A")? */
static int house_number_before(const pctx *c, int k)
{
    const ptok *w = &c->t[k - 1];
    if (w->cls != TK_LOWER)
        return 0;
    const char *s = c->low + w->s;
    size_t n = (size_t)(w->e - w->s);
    return (n == strlen("số") && !memcmp(s, "số", n)) || (n == strlen("tại") && !memcmp(s, "tại", n)) ||
           (n == strlen("ở") && !memcmp(s, "ở", n));
}

/* surname + capitalized syllables at i: returns the token after, or -1. */
static int parse_name(const pctx *c, int i, int *strong)
{
    int j = pp_match(c, &c->lx->surnames, i, NULL);
    if (j < 0)
        return -1;
    for (int k = i; k < j; k++)
        if (c->t[k].cls != TK_TITLE)
            return -1;
    int k = j;
    while (HAVE(c, k) && (c->t[k].cls == TK_TITLE || pp_prefixed_syllable(c, k)) && k - i <= MAX_NAME_TOKENS) {
        int stop;
        if (pp_position(c, k, 0, NULL) > 0 || pp_body_chain(c, k, 0, NULL) > k ||
            (pp_match(c, &c->lx->stops, k, &stop) > 0 && stop == STOP_CAP))
            break; /* "… Nguyễn Văn A Phó Chủ tịch …", "… Vinh | Để trở thành" */
        k++;
    }
    int n = k - i;
    if (n < 2 || n > MAX_NAME_TOKENS)
        return -1; /* a long capitalized run is a heading or a title, not a name */
    if (pp_match(c, &c->lx->places, i, NULL) == k)
        return -1; /* "Hà Nội", "Lâm Đồng" */
    *strong = n >= 3 && pp_match(c, &c->lx->middles, j, NULL) == j + 1;
    return k;
}

/* A syllable of a name after a cue: capitalized, or one with a prefix
 * (prefixed_syllable), which reads as all capitals. */
static int cue_name_token(const pctx *c, int k)
{
    const ptok *t = &c->t[k];
    if (t->cls == TK_TITLE) { /* not "U20" ("cầu thủ U20 Việt Nam"): no digit in a syllable */
        for (int b = t->s + 1; b < t->e; b++)
            if (c->low[b] >= '0' && c->low[b] <= '9')
                return 0;
        return 1;
    }
    return pp_prefixed_syllable(c, k);
}

/* A name right after a cue need not start with a known surname ("ông Long
 * Văn Sơn", "ông Donald Trump", "bà H'Yim Kđoh"): 2–4 such syllables, or 5
 * after the Ê Đê prefixes Y and H' ("Y Thanh Hà Niê Kđăm"), not a place. */
static int parse_cue_name(const pctx *c, int i)
{
    const ptok *f = &c->t[i];
    int ede = (f->e - f->s == 1 && c->low[f->s] == 'y') || f->cls == TK_UPPER;
    int max = ede ? MAX_CUE_NAME_TOKENS : MAX_NAME_TOKENS;
    int k = i;
    while (HAVE(c, k) && cue_name_token(c, k) && k - i <= max) {
        int stop;
        if (pp_position(c, k, 0, NULL) > 0 || pp_body_chain(c, k, 0, NULL) > k ||
            (pp_match(c, &c->lx->stops, k, &stop) > 0 && stop == STOP_CAP))
            break;
        k++;
    }
    int n = k - i;
    /* one syllable alone only for the prefixes of given names used alone
     * ("bà H'Yim", "ông K'Cường"), not for a surname ("ông O'Brien") */
    int alone = f->cls == TK_UPPER && strchr("hyk", c->low[f->s]);
    if (n < 2 - alone || n > max || pp_match(c, &c->lx->places, i, NULL) > 0 ||
        pp_match(c, &c->lx->bodies, i, NULL) > 0 ||
        pp_match(c, &c->lx->historic, i, NULL) > 0)
        return -1;
    return k;
}

/* Skip what a street or credit cue governs: capitalized words, and for a
 * credit its punctuation too ("Ảnh: Nguyễn Văn A, Trần B"). Bounded. */
static int skip_governed(const pctx *c, int i, int credit)
{
    int k = i, n = 0;
    while (HAVE(c, k) && n < 12) {
        const ptok *t = &c->t[k];
        if (tk_cap(t) || t->cls == TK_DIGIT || (credit && t->cls == TK_PUNCT && in_set(":,-/", t->ch)))
            k++, n++;
        else
            break;
    }
    return k;
}

static inline __attribute__((always_inline)) void push_sep(pctx *c, int i, char ch)
{
    pitem *it = push(c, IT_SEP, i, i + 1);
    if (it)
        it->ch = ch;
}

/* Organizations are recorded once the chunk's items stand (a chunk may be
 * read twice, see people.c). */
static void defer_org(pctx *c, int ts, int te, const body_res *b)
{
    if (b->first < 0 || ts >= te || c->norgq >= c->capit)
        return;
    body_res *q = &c->orgq[c->norgq++];
    *q = *b;
    q->s = ts;
    q->e = te;
}

/* Is token t "và" or "kiêm" (lowercased)? Its first eight bytes (the chunk
 * buffer is padded) against the word of its length, without a branch: the
 * memcmp of each word was one of the worst-guessed branches of the lexing.
 * Punctuation never matches. */
static inline unsigned is_and(const char *low, const ptok *t)
{
    /* by length (0: eight bytes or more), the bytes to compare and the word;
     * a length with no word compares none of them against a 1 */
    static const uint64_t mask[8] = {0, 0, 0, (1ull << 24) - 1, 0, (1ull << 40) - 1, 0, 0};
    static const char words[8][8] = {"\1", "\1", "\1", "v\xC3\xA0", "\1", "ki\xC3\xAAm", "\1", "\1"};
    uint64_t x, w;
    unsigned n = (unsigned)(t->e - t->s);
    n &= 0u - (unsigned)(n < 8);
    memcpy(&x, low + t->s, 8);
    memcpy(&w, words[n], 8);
    return (x & mask[n]) == w;
}

/* in_set(",-(&", ch): the separators that open an apposition (and NUL, as
 * in_set has it), by table */
static const unsigned char opens_apposition[256] = {[0] = 1, [','] = 1, ['-'] = 1, ['('] = 1, ['&'] = 1};

/* Is the last item a separator in apposition after a name or position (or
 * the cue "giữ chức"), so that the next word may be read as a position? */
static inline int in_apposition(const pitem *it, int nit)
{
    if (!nit)
        return 0;
    const pitem *last = &it[nit - 1];
    return last->kind == IT_APPT ||
           (last->kind == IT_SEP && nit >= 2 && (it[nit - 2].kind == IT_NAME || it[nit - 2].kind == IT_POS) &&
            opens_apposition[(unsigned char)last->ch]);
}

/* May a word of a gap whose first item is first be in apposition (it must
 * then be cut into tokens)? */
static inline int gap_in_apposition(const pitem *it, int nit, char first)
{
    return nit && (((it[nit - 1].kind == IT_NAME || it[nit - 1].kind == IT_POS) &&
                    opens_apposition[(unsigned char)first]) ||
                   in_apposition(it, nit));
}

typedef struct lexstate {
    int stray; /* the last word was capitalized and is nothing we know */
    int in_list; /* a plural cue opened a list in this sentence ("các đồng chí: …") */
} lexstate;

/* A name of the Central Highlands by its prefix: "Y" before a capitalized
 * syllable ("Y Thanh Hà Niê Kđăm"), or H', K', Y' ("H’Lan Mlô"). */
static int ethnic_prefix(const pctx *c, int i)
{
    const ptok *t = &c->t[i];
    if (t->cls == TK_TITLE)
        return t->e - t->s == 1 && c->low[t->s] == 'y' && HAVE(c, i + 1) && c->t[i + 1].cls == TK_TITLE;
    return pp_prefixed_syllable(c, i) && strchr("hky", c->low[t->s]);
}

/* Does a list member start at i: after ";", "," or "và" in a list a cue
 * opened, a name by its ethnic prefix (the others have a surname)? */
static int list_member_at(const pctx *c, const pitem *it, int nit, int i, const lexstate *ls)
{
    const pitem *last = nit ? &it[nit - 1] : NULL;
    return ls->in_list && last && last->kind == IT_SEP && (last->ch == ';' || last->ch == ',' || last->ch == '&') &&
           ethnic_prefix(c, i);
}

/* The item(s) at token i; returns the token after them. */
static int lex_step(pctx *c, int i, lexstate *ls)
{
    const struct vn_people_lex *lx = c->lx;
    const ptok *t = &c->t[i];
    if (i == c->nt) {
        /* a gap: text without a capitalized word (people_scan.c); its
         * items replayed. A word in apposition would be read as a
         * position: then the gap is cut into tokens (see lex) */
        if (gap_in_apposition(c->it, c->nit, c->codes[t->s + 1].code)) {
            *c->touched = 1;
            return i;
        }
        for (int k = t->s + 1; k < t->e; k++) {
            char code = c->codes[k].code;
            if (code == 'w' || code == '?')
                push(c, IT_OTHER, i, i + 1);
            else
                push_sep(c, i, code);
        }
        ls->stray = 0;
        c->nt = i + 1 + t->may; /* the next gap, or the end */
        i++;
        return i;
    }
    if (t->cls == TK_PUNCT) {
        if (t->ch != '?') /* , ; : ( ) - . " */
            push_sep(c, i, t->ch);
        else
            push(c, IT_OTHER, i, i + 1);
        ls->stray = 0;
        i++;
        return i;
    }
    int cap = tk_cap(t);
    const pitem *last = c->nit ? &c->it[c->nit - 1] : NULL;
    int app = in_apposition(c->it, c->nit);
    if (!cap && !app) {
        /* most words: lowercase, not in apposition, no capitalized word
         * within three tokens (so no cue either; ptok.near) */
        if (!t->near) {
            if (is_and(c->low, t))
                push_sep(c, i, '&');
            else
                push(c, IT_OTHER, i, i + 1);
            ls->stray = 0;
            i++;
            return i;
        }
    }
    body_res b;
    int e;
    if ((cap || app) && (e = pp_position(c, i, app, &b)) > 0) {
        pitem *it = push(c, IT_POS, i, e);
        if (it)
            it->bare = (unsigned char)b.bare;
        if (b.first >= 0)
            defer_org(c, b.s, b.e, &b);
        ls->stray = 0;
        i = e;
        return i;
    }
    if (cap && (e = pp_body_chain(c, i, 0, &b)) > i) {
        push(c, IT_ORG, i, e);
        defer_org(c, i, e, &b);
        ls->stray = 0;
        i = e;
        return i;
    }
    int next_cap = !cap && t->near; /* a capitalized word within three tokens */
    int kind;
    if ((cap || next_cap) && (e = pp_cue(c, i, &kind)) > 0) {
        if (kind == CUE_ONE || kind == CUE_PLURAL || kind == CUE_APPOINT) {
            push(c, kind == CUE_ONE ? IT_CUE : kind == CUE_PLURAL ? IT_PLURAL : IT_APPT, i, e);
            if (kind == CUE_PLURAL || (HAVE(c, e) && c->t[e].cls == TK_PUNCT && c->t[e].ch == ':'))
                ls->in_list = 1; /* "các đồng chí …", "đồng chí: …" */
        } else if (kind == CUE_ADMIN) {
            int level = IS_WORD(c, i, "tỉnh")                                                      ? 3
                        : IS_WORD(c, i, "thành phố") || IS_WORD(c, i, "tp") || IS_WORD(c, i, "tp.") ? 1
                                                                                                    : 2;
            e = pp_place_run(c, e, level);
            push(c, IT_OTHER, i, e);
        } else if (kind == CUE_CREDIT) {
            if (HAVE(c, e) && (c->t[e].ch == ':' || tk_cap(&c->t[e])))
                e = skip_governed(c, e, 1);
            push(c, IT_OTHER, i, e);
        } else { /* street: "đường Trần Phú", "Huân chương Hồ Chí Minh" */
            e = skip_governed(c, e, 0);
            push(c, IT_OTHER, i, e);
        }
        ls->stray = 0;
        i = e;
        return i;
    }
    int hi;
    if (cap && (e = pp_match(c, &lx->historic, i, &hi)) > 0 &&
        !(HAVE(c, e) && c->t[e].cls == TK_TITLE)) {
        /* a historic figure in a fixed phrase ("phong cách Hồ Chí Minh",
         * "Chủ tịch Hồ Chí Minh", "Bác Hồ"); elsewhere the name is a
         * street or a district ("đường hoa Nguyễn Huệ", "(Hai Bà Trưng, Hà
         * Nội)") and no person */
        int fixed = (size_t)(c->t[e - 1].e - c->t[i].s) != strlen(lx->hist[hi]); /* "Bác Hồ" */
        if (last && (last->kind == IT_POS || last->kind == IT_CUE || last->kind == IT_PLURAL))
            fixed = 1;
        /* (a gap holds no word that starts such a phrase, people_scan.c) */
        for (int back = 1; back <= 3 && !fixed && i - back >= 0 && c->t[i - back].cls != TK_GAP; back++)
            fixed = pp_match(c, &lx->hist_ctx, i - back, NULL) == i;
        pitem *it = push(c, fixed ? IT_HIST : IT_OTHER, i, e);
        if (it)
            it->aux = hi;
        ls->stray = 0;
        i = e;
        return i;
    }
    int strong;
    /* a name after a cue or in a list: the item before asked first (most
     * tokens follow neither; a list member needs in_list) */
    int after_cue = last && (last->kind == IT_CUE || last->kind == IT_PLURAL);
    if ((after_cue || ls->in_list) && cue_name_token(c, i) &&
        (after_cue || list_member_at(c, c->it, c->nit, i, ls)) &&
        pp_match(c, &lx->surnames, i, NULL) < 0 && (e = parse_cue_name(c, i)) > 0) {
        push(c, IT_NAME, i, e);
        ls->stray = 0;
        i = e;
        return i;
    }
    if (t->cls == TK_TITLE && (e = parse_name(c, i, &strong)) > 0) {
        if (i > 1 && c->t[i - 1].cls == TK_DIGIT && house_number_before(c, i - 1)) {
            /* a house number before it: an address ("tại 12 Lương Văn Can",
             * "số 1740 Lê Văn Lương"), not a person */
            push(c, IT_OTHER, i, e);
            ls->stray = 0;
            return e;
        }
        pitem *it = push(c, IT_NAME, i, e);
        if (it) {
            it->strong = (unsigned char)strong;
            it->after_title = (unsigned char)ls->stray;
        }
        ls->stray = 0;
        i = e;
        return i;
    }
    if (is_and(c->low, t))
        push_sep(c, i, '&');
    else
        push(c, IT_OTHER, i, i + 1);
    ls->stray = t->cls == TK_TITLE; /* not "QH", "VN": abbreviations */
    return i + 1;
}

/* Items of the chunk. Most tokens take the plain steps below, without the
 * cost of lex_step: punctuation is a separator; a lowercase word or a
 * number, not in apposition, that is not a cue before a capitalized word,
 * is "other" (or the separator "và"/"kiêm"), and a run of them one item; a
 * capitalized word that starts no rank, body, cue, historic name or
 * surname is "other" and a stray capital for a name after it. They read
 * nothing past the token but the tokens up to the next capitalized one,
 * never a gap. The items are kept in locals meanwhile (a store through
 * pitem's bytes would make the compiler reload pctx after each).
 * Other tokens go to lex_step. A look-ahead that reaches a gap (pp_have)
 * undoes the step, has the gap cut into tokens and takes the step again;
 * after many, the whole chunk is cut into tokens and read again. */
static void lex(pctx *c)
{
    lexstate ls = {0};
    int expanded = 0;
    const struct vn_people_lex *lx = c->lx;
    const char *low = c->low;
    pitem *it = c->it;
    const int capit = c->capit;
    const unsigned cues = 1u << lx->cues.id;
    const unsigned used = 1u << lx->ranks.id | 1u << lx->bodies.id | cues | 1u << lx->historic.id |
                          1u << lx->surnames.id;
    int nit = c->nit;
    for (int i = 0; i < c->nt_all;) {
        ptok *t = c->t; /* (the same array throughout; a gap cut moves tokens in it) */
        const int nt = c->nt;
        while (i < nt) {
            ptok *tk = &t[i];
            unsigned cls = tk->cls;
            if (cls == TK_PUNCT) {
                if (nit < capit) {
                    if (tk->ch != '?') /* , ; : ( ) - . " */
                        it[nit++] = (pitem){.kind = IT_SEP, .ch = tk->ch, .ts = i, .te = i + 1};
                    else if (nit && it[nit - 1].kind == IT_OTHER)
                        it[nit - 1].te = i + 1;
                    else
                        it[nit++] = (pitem){.kind = IT_OTHER, .ts = i, .te = i + 1};
                } else if (tk->ch == '?' && nit && it[nit - 1].kind == IT_OTHER)
                    it[nit - 1].te = i + 1;
                ls.stray = 0;
                ls.in_list &= tk->ch != '.'; /* a list ends with its sentence */
                i++;
                continue;
            }
            if (cls == TK_TITLE || cls == TK_UPPER) {
                unsigned may = tk->may & MAY_KNOWN ? tk->may : pp_may(c, tk);
                if (may & used)
                    break;
                if (nit && (it[nit - 1].kind == IT_CUE || it[nit - 1].kind == IT_PLURAL) &&
                    (cls == TK_TITLE || cue_name_token(c, i)))
                    break; /* "ông Donald …", "bà H'Yim …" */
                if (ls.in_list && list_member_at(c, it, nit, i, &ls))
                    break; /* "các đồng chí: …; Y Thanh Hà Niê Kđăm, …" */
                if (is_and(low, tk)) {
                    if (nit < capit)
                        it[nit++] = (pitem){.kind = IT_SEP, .ch = '&', .ts = i, .te = i + 1};
                } else if (nit && it[nit - 1].kind == IT_OTHER)
                    it[nit - 1].te = i + 1;
                else if (nit < capit)
                    it[nit++] = (pitem){.kind = IT_OTHER, .ts = i, .te = i + 1};
                ls.stray = cls == TK_TITLE;
                i++;
                continue;
            }
            if (cls != TK_LOWER && cls != TK_DIGIT)
                break;
            if (in_apposition(it, nit))
                break;
            /* near a capitalized word it may be a cue ("ông", "các đồng chí");
             * if no cue starts with it, lex_step would find nothing else in it */
            if (tk->near && (tk->may & MAY_KNOWN ? tk->may : pp_may(c, tk)) & cues)
                break;
            ls.stray = 0;
            if (cls == TK_LOWER && is_and(low, tk)) {
                if (nit < capit)
                    it[nit++] = (pitem){.kind = IT_SEP, .ch = '&', .ts = i, .te = i + 1};
                i++;
                continue;
            }
            if (!(nit && it[nit - 1].kind == IT_OTHER) && nit < capit)
                it[nit++] = (pitem){.kind = IT_OTHER, .ts = i};
            /* the words after it, while the same holds, join that "other"
             * (its run is never in apposition: the last item is "other") */
            int j = i + 1;
            for (; j < nt; j++) {
                ptok *u = &t[j];
                if (u->cls != TK_LOWER && u->cls != TK_DIGIT)
                    break; /* (a capitalized word among them) */
                if (u->near && (u->may & MAY_KNOWN ? u->may : pp_may(c, u)) & cues)
                    break;
                if (u->cls == TK_LOWER && is_and(low, u))
                    break;
            }
            it[nit - 1].te = j;
            i = j;
        }
        if (i >= c->nt_all)
            break;
        if (i == nt) {
            /* a gap: its items replayed (as lex_step would), unless a word
             * in it may be in apposition: lex_step has it cut into tokens */
            const ptok *g = &t[i];
            const pgap *codes = c->codes;
            char first = codes[g->s + 1].code;
            if (!gap_in_apposition(it, nit, first)) {
                for (int q = g->s + 1; q < g->e; q++) {
                    char code = codes[q].code;
                    if (code == 'w' || code == '?') {
                        if (nit && it[nit - 1].kind == IT_OTHER)
                            it[nit - 1].te = i + 1;
                        else if (nit < capit)
                            it[nit++] = (pitem){.kind = IT_OTHER, .ts = i, .te = i + 1};
                    } else if (nit < capit)
                        it[nit++] = (pitem){.kind = IT_SEP, .ch = code, .ts = i, .te = i + 1};
                    ls.in_list &= code != '.';
                }
                ls.stray = 0;
                c->nt = i + 1 + g->may; /* the next gap, or the end */
                i++;
                continue;
            }
        }
        c->nit = nit;
        int norgq = c->norgq, stray = ls.stray, in_list = ls.in_list;
        int last_te = nit ? it[nit - 1].te : 0;
        int next = lex_step(c, i, &ls);
        if (!*c->touched) {
            i = next;
            nit = c->nit;
            continue;
        }
        *c->touched = 0;
        c->nit = nit;
        c->norgq = norgq;
        ls.stray = stray;
        ls.in_list = in_list;
        if (nit)
            it[nit - 1].te = last_te;
        if (++expanded > MAX_EXPAND) {
            pp_cut_all(c);
            c->nit = c->norgq = nit = 0;
            ls = (lexstate){0};
            i = 0;
            continue;
        }
        pp_expand_gap(c, c->nt);
    }
    c->nit = nit;
}
static inline int is_sep(const pitem *it, const char *chars)
{
    return it->kind == IT_SEP && in_set(chars, it->ch);
}

/* "đối với" alone: what an appointment or a dismissal says a position is
 * of ("… chức vụ Chủ tịch UBND tỉnh đối với ông Ngô Đức Bình") */
static int is_doi_voi(const pctx *c, const pitem *x)
{
    return x->kind == IT_OTHER && x->te - x->ts == 2 && IS_WORD(c, x->ts, "đối") && IS_WORD(c, x->ts + 1, "với");
}

static void grammar(pctx *c)
{
    pitem *it = c->it;
    int n = c->nit;
    int shared[2 * MAX_PERSON_POS], nshared = 0, list = 0;
    /* the items that start something here: names, historic figures, "giữ
     * chức", "các đồng chí"; the others only end a list (OTHER, SEP . "), read
     * in a loop of their own without a branch per kind */
    const unsigned starts = 1u << IT_PLURAL | 1u << IT_HIST | 1u << IT_APPT | 1u << IT_NAME;
    /* none before sfirst (what ends a list there has nothing to end), none
     * after slast (past it, items are only looked at from a start) */
    int lim = c->slast + 1 < n ? c->slast + 1 : n;
    for (int k = c->sfirst;; k++) {
        unsigned ends = 0;
        for (; k < lim && !(starts >> it[k].kind & 1); k++) {
            unsigned kind = it[k].kind;
            char ch = it[k].ch;
            ends |= (unsigned)(kind == IT_OTHER) |
                    ((unsigned)(kind == IT_SEP) & ((unsigned)(ch == '.') | (unsigned)(ch == '"') | (unsigned)(ch == 0)));
        }
        if (ends) {
            list = 0;
            nshared = 0;
        }
        if (k >= lim)
            break;
        pitem *x = &it[k];
        if (x->kind == IT_PLURAL) {
            list = 1;
            nshared = 0;
            continue;
        }
        if (x->kind == IT_HIST) {
            if (k > 0 && it[k - 1].kind == IT_POS)
                it[k - 1].used = 1; /* "Chủ tịch Hồ Chí Minh": not a position to give */
            pp_add_person(c, x->ts, x->te, NULL, 0, 1, c->lx->hist[x->aux], 0);
            continue;
        }
        if (x->kind == IT_APPT) {
            /* "… ông Lò Văn Hùng giữ chức Giám đốc Sở Nội vụ": the positions
             * after it go to the person named before it in the sentence */
            int pos[2 * MAX_PERSON_POS], idx[MAX_PERSON_POS], npos = 0, r = k + 1;
            while (r < n && it[r].kind == IT_POS && npos < MAX_PERSON_POS) {
                idx[npos] = r;
                pos[2 * npos] = it[r].ts;
                pos[2 * npos + 1] = it[r].te;
                npos++;
                if (r + 2 < n && is_sep(&it[r + 1], ",&") && it[r + 2].kind == IT_POS)
                    r += 2;
                else
                    break;
            }
            /* (no name before it: they stay for one after, "… chức vụ Chủ
             * tịch UBND tỉnh đối với ông …") */
            for (int q = k - 1; npos && q >= 0 && k - q < 40 && !is_sep(&it[q], ".;\""); q--)
                if (it[q].kind == IT_NAME) {
                    for (int p = 0; p < npos; p++)
                        it[idx[p]].used = 1;
                    /* "các đồng chí A và B giữ chức …": every name of the list */
                    int first = q;
                    while (first >= 2 && is_sep(&it[first - 1], ",&") && it[first - 2].kind == IT_NAME)
                        first -= 2;
                    if (first == q || first < 1 || it[first - 1].kind != IT_PLURAL)
                        first = q;
                    for (int m = first; m <= q; m += 2)
                        pp_person_positions(c, it[m].ts, it[m].te, pos, npos);
                    break;
                }
            continue;
        }
        if (x->kind != IT_NAME)
            continue;
        int pos[2 * MAX_PERSON_POS], npos = 0;
        /* positions right before the name, also across a cue ("Phó Chủ
         * tịch UBND tỉnh ông Hà Quang Vinh") */
        int q = k - 1;
        if (q >= 1 && is_sep(&it[q], ":") && it[q - 1].kind == IT_POS)
            q--;
        int cue_after_pos = q >= 1 && it[q].kind == IT_CUE && it[q - 1].kind == IT_POS && !it[q - 1].used;
        if (cue_after_pos)
            q--;
        else if (q >= 2 && it[q].kind == IT_CUE && is_doi_voi(c, &it[q - 1]) && it[q - 2].kind == IT_POS &&
                 !it[q - 2].used) {
            cue_after_pos = 1; /* "miễn nhiệm chức vụ Chủ tịch UBND tỉnh đối với ông …" */
            q -= 2;
        }
        int chain_end = q, chain_start = q + 1;
        while (q >= 0 && it[q].kind == IT_POS && !it[q].used) {
            chain_start = q;
            q--;
            if (q >= 1 && is_sep(&it[q], ",&") && it[q - 1].kind == IT_POS && !it[q - 1].used)
                q--;
            else
                break;
        }
        if (q >= 0 && is_sep(&it[q], ":"))
            q--;
        int cue = cue_after_pos || (q >= 0 && (it[q].kind == IT_CUE || it[q].kind == IT_PLURAL));
        for (int p = chain_start; p <= chain_end && p < k; p++)
            if (it[p].kind == IT_POS && npos < MAX_PERSON_POS) {
                it[p].used = 1;
                pos[2 * npos] = it[p].ts;
                pos[2 * npos + 1] = it[p].te;
                npos++;
            }
        int own_before = npos;
        if (q >= 0 && it[q].kind == IT_PLURAL) {
            list = 1;
            nshared = 0;
            for (int p = 0; p < npos; p++, nshared++) {
                shared[2 * p] = pos[2 * p];
                shared[2 * p + 1] = pos[2 * p + 1];
            }
        }
        /* positions after it, in apposition; past a note in parentheses of
         * where one stands in a photo or when one was born ("Lê Văn An (thứ
         * hai từ trái sang), Bí thư Đảng ủy phường …") */
        int r = k + 1;
        if (r + 3 < n && is_sep(&it[r], "(") && it[r + 1].kind == IT_OTHER && is_sep(&it[r + 2], ")") &&
            is_sep(&it[r + 3], ",-") && r + 4 < n && it[r + 4].kind == IT_POS && !it[r + 4].bare)
            r += 3;
        if (r < n && is_sep(&it[r], ",-(")) {
            int paren = it[r].ch == '(';
            r++;
            int first = 1;
            while (r < n && it[r].kind == IT_POS && npos < MAX_PERSON_POS) {
                if (r + 1 < n && it[r + 1].kind == IT_NAME)
                    break; /* "…, Bí thư Tỉnh ủy Trịnh Xuân Trường": that one's */
                if (!first && it[r].bare && r + 1 < n && it[r + 1].kind != IT_SEP)
                    break; /* "…, Thủ tướng giao …": a new clause */
                first = 0;
                it[r].used = 1;
                pos[2 * npos] = it[r].ts;
                pos[2 * npos + 1] = it[r].te;
                npos++;
                r++;
                if (r + 1 < n && (is_sep(&it[r], ",&") || (paren && is_sep(&it[r], ";"))) &&
                    it[r + 1].kind == IT_POS)
                    r++;
                else if (r + 1 < n && is_sep(&it[r], ",") && it[r + 1].kind == IT_ORG &&
                         (r + 2 >= n || (it[r + 2].kind != IT_POS && it[r + 2].kind != IT_NAME))) {
                    /* "Phó Giám đốc Trung tâm …, Ban Tuyên giáo Trung ương": where it is */
                    pos[2 * npos - 1] = it[r + 1].te;
                    break;
                } else
                    break;
            }
        }
        int has_pos = npos > 0;
        if (list && !own_before)
            for (int p = 0; p < nshared && npos < MAX_PERSON_POS; p++, npos++) {
                pos[2 * npos] = shared[2 * p];
                pos[2 * npos + 1] = shared[2 * p + 1];
            }
        /* a name found inside a longer capitalized run ("sân bay Tân | Sơn
         * Nhất") needs a cue right before it */
        int weak = x->after_title ? !cue : !(cue || has_pos || list || x->strong);
        pp_add_person(c, x->ts, x->te, pos, npos, 0, NULL, weak);
    }
}

void pp_lex_chunk(pctx *c)
{
    c->nit = 0;
    c->norgq = 0;
    c->sfirst = c->capit;
    c->slast = -1;
    *c->touched = 0;
    lex(c);
}

void pp_read_chunk(pctx *c)
{
    for (int k = 0; k < c->norgq; k++)
        pp_add_org(c, c->orgq[k].s, c->orgq[k].e, &c->orgq[k]);
    grammar(c);
}
