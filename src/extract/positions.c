/* positions.c — positions composed from rank words over bodies:
 *
 *   position := MOD* RANK [POST] [body]        "Phó" "Bí thư" "Thường trực" "Tỉnh ủy"
 *   body     := UNIT+ [ADMIN [PLACE] | PLACE] [khóa N]
 *   UNIT     := a phrase of bodies.tsv, with a name after an open head
 *               ("Sở" "Y tế", "Công ty" "Cổ phần Gang Thép Thái Nguyên")
 *
 * Rank words come from ranks.tsv, units from bodies.tsv, administrative
 * words from person_cues.tsv (admin). A place name after a body stops where
 * a person's name begins ("Bí thư Tỉnh ủy Lào Cai Vũ Xuân Cường"). Every
 * loop is bounded by a small number of tokens. */
#include "gazetteer.h"
#include "people_int.h"

#include <string.h>

#define MAX_UNITS 6    /* units in one body chain */
#define MAX_TAIL 12    /* words in the name of an open body */
#define MAX_LOWER_RUN 8 /* lowercase words inside such a name */

static inline int is_word(const pctx *c, int i, const char *lowered, size_t n)
{
    return HAVE(c, i) && (size_t)(c->t[i].e - c->t[i].s) == n && tk_word(&c->t[i]) &&
           !memcmp(c->low + c->t[i].s, lowered, n);
}
#define IS_WORD(c, i, lit) is_word((c), (i), (lit), sizeof(lit) - 1)

int pp_cap_run(const pctx *c, int i, int cap)
{
    int k = 0, stop;
    /* a capitalized run ends at a word that starts a sentence ("… Hải Yến |
     * Ngày 20/6 …" where the full stop is missing) */
    while (HAVE(c, i + k) && k < cap && (c->t[i + k].cls == TK_TITLE || (k && pp_prefixed_syllable(c, i + k))) &&
           !(pp_match(c, &c->lx->stops, i + k, &stop) > 0 && stop == STOP_CAP))
        k++;
    return k;
}

static int surname_at(const pctx *c, int i)
{
    if (!HAVE(c, i) || c->t[i].cls != TK_TITLE)
        return -1;
    return pp_match(c, &c->lx->surnames, i, NULL);
}

int pp_name_starts(const pctx *c, int i)
{
    int j = surname_at(c, i);
    if (j < 0)
        return 0;
    int run = pp_cap_run(c, i, 6);
    if (run < 3 || run > 4)
        return 0;
    if (pp_match(c, &c->lx->places, i, NULL) > 0 || pp_match(c, &c->lx->historic, i, NULL) > 0)
        return 0;
    return 1;
}

/* First token s in (i, i+run) where a name of 3–4 syllables starting with a
 * surname fills the rest of the run; or -1. */
static int name_split(const pctx *c, int i, int run)
{
    /* three syllables first: "Gia Lâm | Nguyễn Ngọc Thuần", not "Gia | Lâm …" */
    for (int rest = 3; rest <= 4; rest++) {
        int s = i + run - rest;
        if (s > i && surname_at(c, s) > 0 && pp_match(c, &c->lx->historic, s, NULL) < 0)
            return s;
    }
    return -1;
}

int pp_place_run(const pctx *c, int i, int admin)
{
    if (!HAVE(c, i))
        return i;
    if (admin && c->t[i].cls == TK_DIGIT)
        return i + 1; /* "phường 5", "Quận 3" */
    int pe = pp_match(c, &c->lx->places, i, NULL);
    if (pe > 0 && c->t[i].cls != TK_LOWER) {
        /* after huyện, xã, … a district or commune whose name starts with a
         * province's or a country's is that unit: "huyện Mỹ Đức", "xã Đức
         * Minh", "huyện Anh Sơn" (asked of the gazetteer, longest first) */
        if (admin == 2 && c->st->lex->gaz)
            for (int run = pp_cap_run(c, i, 4),
                     k = run + (HAVE(c, i + run) && c->t[i + run].cls == TK_DIGIT); /* "Mỹ Đình 2" */
                 k > pe - i; k--)
                if (gz_lookup(c->st->lex->gaz, c->text + c->t[i].s, (size_t)(c->t[i + k - 1].e - c->t[i].s)) >= 0)
                    return i + k;
        return pe;
    }
    if (admin == 3 && surname_at(c, i) > 0 && pp_match(c, &c->lx->historic, i, NULL) < 0)
        return i; /* after "tỉnh" a province, and all are known: "UBND tỉnh | Hoàng Nam" */
    int run = pp_cap_run(c, i, 7);
    if (run == 0)
        return c->t[i].cls == TK_UPPER && admin ? i + 1 : i; /* "TP HCM" */
    int cue;
    if (pp_cue(c, i, &cue) > 0 && cue == CUE_ONE)
        return i; /* "… Tỉnh ủy Đồng chí …" */
    if (surname_at(c, i) > 0 && pp_match(c, &c->lx->historic, i, NULL) < 0) {
        if (run >= 3 && run <= 4) {
            /* a person right after the body ("Đảng ủy xã Nguyễn Minh Tâm"),
             * unless a district or commune has that name ("phường Lý Thái
             * Tổ", "phường Hoàng Văn Thụ") */
            if (admin == 2) {
                if (!(c->t[i].may & MAY_KNOWN))
                    pp_may(c, &c->t[i]); /* the token's hash, for the walk */
                if (pp_match_walk(c, &c->lx->units, i, NULL) == i + run)
                    return i + run;
            }
            return i;
        }
    }
    if (run >= 3) {
        int s = name_split(c, i, run);
        if (s > 0)
            return s;
        if (!admin)
            return i; /* a long capitalized run after a body is not its place */
    }
    return i + run;
}

/* The name after an open head ("Sở" → "Y tế"; "Trung tâm" → "Thông tin
 * công tác tuyên giáo"): capitalized words; one lowercase word finishing a
 * capitalized one ("Y tế"); "và" between capitalized words; a short run of
 * lowercase words ending at punctuation. Stops at a verb or function word
 * (org_stopwords.tsv), an administrative word, another body, a person. */
static int body_chain_d(const pctx *c, int i, int lower, body_res *out, int depth);
static int position_d(const pctx *c, int i, int lower, body_res *body, int depth);

/* Does a body (depth 0: a whole chain; deeper: a lexicon phrase) start at j? */
static int body_starts(const pctx *c, int j, int depth)
{
    if (depth > 0)
        return pp_match(c, &c->lx->bodies, j, NULL) > 0;
    return body_chain_d(c, j, 0, NULL, depth + 1) > j;
}

/* A field of a unit's name at j (unit_fields.tsv, capitalized): its end, or -1. */
static int field_at(const pctx *c, int j)
{
    if (!HAVE(c, j) || c->t[j].cls != TK_TITLE)
        return -1;
    if (!(c->t[j].may & MAY_KNOWN))
        pp_may(c, &c->t[j]); /* the token's hash, for the walk */
    return pp_match_walk(c, &c->lx->fields, j, NULL);
}

/* A separator inside the name of a unit, before another of its fields:
 * "Văn hóa | - Xã hội", "Lao động | , Thương binh và Xã hội". A comma only
 * in a list closed by "và" and a field, the way such names are written; a
 * comma before a lone field more likely ends the name. Where the field after
 * the separator ends, or -1. */
static int joined_field(const pctx *c, int j, int depth)
{
    const ptok *t = &c->t[j];
    if (t->cls != TK_PUNCT || (t->ch != '-' && t->ch != ','))
        return -1;
    int e = field_at(c, j + 1);
    if (e < 0 || (depth == 0 && body_starts(c, j + 1, 0))) /* "…, Thanh tra Bộ" is another body */
        return -1;
    if (t->ch == '-')
        return e;
    for (int k = e; HAVE(c, k) && k < e + 8; k++) {
        if (IS_WORD(c, k, "và"))
            return field_at(c, k + 1) > 0 ? e : -1;
        if (c->t[k].cls == TK_PUNCT && c->t[k].ch != ',')
            return -1;
    }
    return -1;
}

static int open_tail(const pctx *c, int i, int named, int depth)
{
    int j = i, words = 0, last_title = 0, fe;
    while (HAVE(c, j) && words < MAX_TAIL) {
        const ptok *t = &c->t[j];
        if (words > 0 && (fe = joined_field(c, j, depth)) > 0) {
            j = fe;
            words++;
            last_title = 0; /* a field is whole: "Ban Văn hóa - Xã hội | thảo luận …" */
            continue;
        }
        if (t->cls == TK_TITLE || t->cls == TK_UPPER || t->cls == TK_DIGIT) {
            int stop;
            if (body_starts(c, j, depth) || (pp_match(c, &c->lx->stops, j, &stop) > 0 && stop == STOP_CAP))
                break; /* "Sở Y tế | Sở Nội vụ", "Đoàn | Các cơ quan" */
            int cue;
            if (pp_cue(c, j, &cue) > 0 && (cue == CUE_ADMIN || cue == CUE_ONE))
                break;
            if (!named && words > 0 && pp_name_starts(c, j))
                break;
            if (words > 0 && depth == 0 && position_d(c, j, 0, NULL, depth + 1) > 0)
                break;
            j++;
            words++;
            last_title = 1;
            continue;
        }
        if (t->cls != TK_LOWER)
            break;
        if (words > 0 && IS_WORD(c, j, "và") && HAVE(c, j + 1) && c->t[j + 1].cls == TK_TITLE) {
            if ((fe = field_at(c, j + 1)) > 0 && !(depth == 0 && body_starts(c, j + 1, 0))) {
                j = fe; /* "… và Du lịch", "… và Đô thị" */
                last_title = 0;
                continue;
            }
            if (!body_starts(c, j + 1, depth)) {
                j++;
                last_title = 0;
                continue;
            }
        }
        /* lowercase words: finishing a capitalized one ("Y tế", "Thông tin
         * công tác tuyên giáo"), taken only where the run ends the name: at
         * punctuation, a capitalized word, an administrative word, or (for
         * one word) a verb or function word ("Sở Y tế | phát biểu") */
        if (!last_title)
            break;
        int k = j, n = 0, cue, stop = 0, kind = 0;
        while (HAVE(c, k) && n < MAX_LOWER_RUN && c->t[k].cls == TK_LOWER &&
               !(stop = pp_match(c, &c->lx->stops, k, &kind) > 0) &&
               !(pp_cue(c, k, &cue) > 0 && cue == CUE_ADMIN)) {
            k++;
            n++;
        }
        if (n == 0)
            break;
        /* A verb or a function word after the run ends the name when the
         * run is one word, or finishes a name of one capitalized word (in
         * sentence case only its first syllable is: "Cục Kiểm | soát thủ tục
         * | cho biết"; after "Viện Hàn lâm KHXH Việt Nam" the words are more
         * likely the predicate); a link word ("thuộc") ends any name. */
        int ends = !HAVE(c, k) || c->t[k].cls != TK_LOWER ||
                   (stop && (n == 1 || words == 1 || kind == STOP_LINK)) ||
                   (pp_cue(c, k, &cue) > 0 && cue == CUE_ADMIN);
        /* a run closing a sentence is more likely its predicate ("… Việt Nam |
         * tổ chức hội nghị.") than the end of a name */
        if (n > 1 && (!HAVE(c, k) || (c->t[k].cls == TK_PUNCT && !in_set(",;()-", c->t[k].ch))))
            ends = 0;
        if (HAVE(c, k) && c->t[k].cls == TK_PUNCT && !in_set(",;).-\"", c->t[k].ch))
            ends = 0;
        if (!ends)
            break;
        j = k;
        last_title = 0;
    }
    return j;
}

/* Does the chain at i name an office, "Văn phòng …" (after "Chánh" the rank
 * is "Chánh Văn phòng" and the chain starts after it)? */
static int office_at(const pctx *c, int i)
{
    return (IS_WORD(c, i, "văn") && IS_WORD(c, i + 1, "phòng")) ||
           (i >= 2 && IS_WORD(c, i - 2, "văn") && IS_WORD(c, i - 1, "phòng"));
}

int pp_body_chain_at(const pctx *c, int i, int lower, body_res *out)
{
    return body_chain_d(c, i, lower, out, 0);
}

static int body_chain_d(const pctx *c, int i, int lower, body_res *out, int depth)
{
    body_res dummy;
    if (!out)
        out = &dummy;
    out->s = out->e = i;
    out->first = -1;
    out->prov_s = -1;
    int j = i, units = 0, last_flags = 0;
    while (HAVE(c, j) && units < MAX_UNITS) {
        const ptok *t = &c->t[j];
        if (t->cls == TK_PUNCT || t->cls == TK_DIGIT) {
            /* the office of bodies that share it, their abbreviations joined
             * by a dash: "Văn phòng HĐND - UBND huyện", "Văn phòng Đảng ủy -
             * HĐND - UBND xã" */
            if (units && t->cls == TK_PUNCT && t->ch == '-' && HAVE(c, j + 1) && c->t[j + 1].cls == TK_UPPER &&
                office_at(c, i) && pp_match(c, &c->lx->bodies, j + 1, NULL) > 0) {
                j++;
                continue;
            }
            break;
        }
        if (t->cls == TK_LOWER && !(lower && units == 0))
            break;
        int bi, e = pp_match(c, &c->lx->bodies, j, &bi);
        if (e < 0)
            break;
        int fl = c->lx->body[bi].flags;
        if ((fl & BD_TAIL) && units == 0 && !lower)
            break;
        if (fl & BD_OPEN) {
            int te = open_tail(c, e, fl & BD_NAMED, depth);
            int next;
            if (te == e && (fl & BD_NEED) &&
                !(pp_match(c, &c->lx->bodies, e, &next) > 0 && (c->lx->body[next].flags & BD_OPEN)) &&
                !(lower && units == 0 && (!HAVE(c, e) || (c->t[e].cls == TK_PUNCT && in_set(",;.)", c->t[e].ch)))))
                break; /* "Sở" alone; but "Công ty" + "Điện lực …" chains on, and
                        * in a position it is the one the article speaks of
                        * ("Kpă Thuyên, Giám đốc Sở; …") */
            e = te;
        } else if (HAVE(c, e) && c->t[e].cls == TK_PUNCT && (c->t[e].ch == ',' || c->t[e].ch == '-') &&
                   (field_at(c, e - 1) == e || (e - 2 >= j && field_at(c, e - 2) == e))) {
            /* a unit we know by the first of its fields: "Phòng Kinh tế |
             * , Hạ tầng và Đô thị" (not "ngành Công an |, Giáo dục …") */
            for (int fe, k = 0; k < MAX_TAIL && (fe = joined_field(c, e, depth)) > 0; k++) {
                e = fe;
                if (IS_WORD(c, e, "và") && (fe = field_at(c, e + 1)) > 0)
                    e = fe;
            }
        }
        if (units == 0)
            out->first = bi;
        units++;
        last_flags = fl;
        j = e;
    }
    if (!units)
        return i;
    /* an administrative unit or a place after the body */
    int cue, ae = pp_cue(c, j, &cue);
    if (ae > 0 && cue == CUE_ADMIN) {
        int level = IS_WORD(c, j, "tỉnh") ? 3
                    : (IS_WORD(c, j, "thành phố") || IS_WORD(c, j, "tp") || IS_WORD(c, j, "tp.")) ? 1
                                                                                               : 2;
        int pe = pp_place_run(c, ae, level);
        if (pe > ae && level != 2) {
            out->prov_s = ae;
            out->prov_e = pe;
        }
        j = pe;
    } else if (HAVE(c, j) && (c->t[j].cls == TK_TITLE || c->t[j].cls == TK_UPPER)) {
        /* "Tỉnh ủy Lào Cai", "Huyện ủy Mai Sơn"; after other bodies a known
         * place only ("UBND Hà Nội"), not "… Nhà nước | Vũ Bằng" */
        int kind, known = pp_match(c, &c->lx->places, j, &kind);
        int pe = (last_flags & BD_PLACE) ? pp_place_run(c, j, 0) : known > 0 ? known : j;
        if (pe > j) {
            if (known == pe && kind == PL_PROVINCE) {
                out->prov_s = j;
                out->prov_e = pe;
            }
            j = pe;
        }
    }
    /* the term: "khóa XV" */
    if ((IS_WORD(c, j, "khóa") || IS_WORD(c, j, "khoá")) && HAVE(c, j + 1) &&
        (c->t[j + 1].cls == TK_UPPER || c->t[j + 1].cls == TK_TITLE || c->t[j + 1].cls == TK_DIGIT)) {
        const ptok *n = &c->t[j + 1];
        int roman = 1;
        for (int b = n->s; b < n->e; b++)
            if (!strchr("IVXLC0123456789", c->text[b]))
                roman = 0;
        if (roman)
            j += 2;
    }
    out->e = j;
    return j;
}

int pp_position_at(const pctx *c, int i, int lower, body_res *body)
{
    return position_d(c, i, lower, body, 0);
}

static int position_d(const pctx *c, int i, int lower, body_res *body, int depth)
{
    if (!HAVE(c, i) || !tk_word(&c->t[i]))
        return -1;
    if (c->t[i].cls == TK_LOWER && !lower)
        return -1;
    int j = i, bits = 0, e;
    /* modifiers: "Phó", "nguyên", "Quyền" */
    for (int k = 0; k < 3; k++) {
        e = pp_match(c, &c->lx->ranks, j, &bits);
        if (e < 0 || (bits & RK_RANK) || !(bits & RK_MOD))
            break;
        j = e;
    }
    int rank_start = j;
    e = pp_match(c, &c->lx->ranks, j, &bits);
    if (e < 0 || !(bits & RK_RANK))
        return -1;
    int rank_last = e - 1; /* "Trưởng ban" + "Tuyên giáo …" reads as "Trưởng" + "Ban Tuyên giáo …" */
    j = e;
    int pb;
    if ((e = pp_match(c, &c->lx->ranks, j, &pb)) > 0 && (pb & RK_POST) &&
        body_chain_d(c, j, 1, NULL, depth) == j)
        j = e;
    body_res b1, b2;
    int end1 = body_chain_d(c, j, 1, &b1, depth);
    int end2 = rank_last > rank_start ? body_chain_d(c, rank_last, 1, &b2, depth) : rank_last;
    int has_body = 0;
    if (end2 > end1 && end2 > j) {
        j = end2;
        b1 = b2;
        has_body = 1;
    } else if (end1 > j) {
        j = end1;
        has_body = 1;
    }
    if (!has_body && lower && depth == 0 && HAVE(c, j) && tk_cap(&c->t[j]) &&
        !pp_name_starts(c, j)) {
        /* in apposition a capitalized name after the rank is where the
         * position is held, even a body we do not know ("Giám đốc Cảng vụ …") */
        int te = open_tail(c, j, 0, depth + 1);
        if (te > j) {
            b1 = (body_res){j, te, -1, -1, -1, 0};
            j = te;
            has_body = 2;
        }
    }
    if ((bits & RK_NEEDBODY) && !has_body)
        return -1;
    if (c->t[i].cls == TK_LOWER && !has_body && !lower)
        return -1;
    if (!has_body && (IS_WORD(c, j, "khóa") || IS_WORD(c, j, "khoá")) && HAVE(c, j + 1) &&
        c->t[j + 1].cls == TK_UPPER)
        j += 2; /* "Đại biểu Quốc hội khóa XV" */
    if (body) {
        *body = has_body == 1 ? b1 : (body_res){i, i, -1, -1, -1, 0};
        body->bare = !has_body && rank_start == i && j == rank_last + 1;
    }
    return j;
}
