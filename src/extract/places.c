/* places.c — finding the administrative units an article names.
 *
 * A line is read word by word, once. At a word that can start a type word
 * (tỉnh, thành phố, TP, huyện, quận, thị xã, xã, phường, thị trấn, đặc khu,
 * and the bodies that carry one: Tỉnh ủy, Huyện ủy, Thành ủy, ...) the name
 * after it is looked up among the units of that level, and a list may follow
 * ("6 Huyện ủy: Kỳ Sơn, Tương Dương và Con Cuông"). At another capitalized
 * word a province name may stand bare ("về Hà Nội", "Gang Thép Thái
 * Nguyên"), unless it is part of a person's name, of a longer proper name
 * ("Thái Bình Dương", "Điện Biên Phủ"), of a street ("đường Lào Cai"), or a
 * place abroad ("tỉnh Hà Nam, Trung Quốc"). Which unit each mention means,
 * and the article's province, are decided afterwards over the whole article
 * (province.c).
 *
 * Cost: the scanner (places_scan.c) lists the words whose first bytes could
 * start something, 64 bytes at a time, testing the candidates without
 * branches (places_start.h: the byte of a type word that few other words
 * have where it is; for a capital, its first word and the first bytes of the
 * next, gz_lead8); a capitalized word then passes hashed filters on its first
 * four bytes and its first two words before a name is looked up
 * (places_lookup.c: by hashes of its prefixes at word boundaries, up to where
 * no spelling goes on), so a line costs time linear in its length and most
 * words a few instructions. */
#include "places.h"
#include "places_start.h"
#include "../core/uni.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct scan {
    const struct vn_gazetteer *gz;
    vn_stage *st;
    pl_mentions *out;
    const char *s;
    size_t n;
    int li, scope;
    float weight;
    size_t cpos;  /* code point cache: byte cpos is code point ccp */
    int ccp;
    const vn_span *ps; /* the line's person spans, sorted by start */
    int nps, pi, covered;
    int last, last_rank; /* the line's previous mention (index in out, or -1) */
    size_t last_end;
    pl_chunk *chunk; /* the scanner's (places_scan.c), one per article */
} scan;

/* ----------------------------------------------------------------- bytes */

/* Which bytes continue (or start) a word: letters, digits, UTF-8 letters;
 * not ASCII punctuation, nor the lead bytes of Latin-1 punctuation (C2: NBSP,
 * «, ») and of U+2000..U+2FFF (E2: dashes, quotes, ellipsis). */
static const unsigned char WORD[256] = {
    ['0' ... '9'] = 1, ['A' ... 'Z'] = 1, ['a' ... 'z'] = 1, [0x80 ... 0xC1] = 1,
    [0xC3 ... 0xE1] = 1, [0xE3 ... 0xFF] = 1};

static inline int word_byte(const char *s, size_t n, size_t i)
{
    (void)n;
    return WORD[(unsigned char)s[i]];
}

/* Past the rest of a word, eight bytes at a time: it stops at the first byte
 * below 'A' (space, digit, ASCII punctuation), then at any non-word byte. */
static inline size_t skip_word(const char *s, size_t n, size_t i)
{
    while (i + 8 <= n) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t below = (x - 0x4141414141414141ull) & ~x & 0x8080808080808080ull;
        if (below) {
            i += (size_t)__builtin_ctzll(below) >> 3;
            break;
        }
        i += 8;
    }
    while (i < n && WORD[(unsigned char)s[i]] == 1)
        i++;
    return i;
}

static inline size_t word_end(const char *s, size_t n, size_t i)
{
    return i < n && WORD[(unsigned char)s[i]] ? skip_word(s, n, i + 1) : i;
}

/* The end of a run of at least two words in CAPITALS starting at i ("LÀO CAI
 * tổ chức" -> after "CAI"), or 0: "UBND tỉnh", "TP HCM" and "HUẾ" are not one. */
static size_t caps_run_end(const char *s, size_t n, size_t i)
{
    size_t end = 0;
    int words = 0;
    for (size_t k = i; k < n && words < 8;) {
        size_t w = k;
        while (k < n && word_byte(s, n, k)) {
            unsigned char b = (unsigned char)s[k];
            if (b < 0x80 ? (b >= 'a' && b <= 'z') : (b >= 0xC0 && !cap_at(s, n, k)))
                return words >= 2 ? end : 0;
            k++;
        }
        if (k == w)
            break;
        words++;
        end = k;
        if (k + 1 >= n || s[k] != ' ')
            break;
        k++;
    }
    return words >= 2 ? end : 0;
}

/* The code point offset of a byte, counted from the last one asked for
 * (forwards or back), so a line is counted about once (pl_count_cps: 32
 * bytes at a time). */
/* The code points in s[0..n) for a short n, inline: eight bytes a step
 * (most counts here are from one mention to the next word or two). */
static inline int count_cps_short(const char *s, size_t n)
{
    size_t k = 0;
    int cps = 0;
    for (; k + 8 <= n; k += 8) {
        uint64_t x;
        memcpy(&x, s + k, 8);
        uint64_t cont = x & ~(x << 1) & 0x8080808080808080ull; /* 10xxxxxx */
        cps += 8 - (int)(((cont >> 7) * 0x0101010101010101ull) >> 56);
    }
    for (; k < n; k++)
        cps += ((unsigned char)s[k] & 0xC0) != 0x80;
    return cps;
}

static inline int count_cps(const scan *sc, const char *s, size_t n)
{
    return n < 48 ? count_cps_short(s, n) : (int)pl_count_cps(s, n, sc->gz->avx2);
}

static int cp_of(scan *sc, size_t byte)
{
    if (byte > sc->n)
        byte = sc->n;
    if (byte >= sc->cpos) {
        sc->ccp += count_cps(sc, sc->s + sc->cpos, byte - sc->cpos);
    } else if (sc->cpos - byte <= byte) {
        sc->ccp -= count_cps(sc, sc->s + byte, sc->cpos - byte);
    } else {
        sc->ccp = count_cps(sc, sc->s, byte);
    }
    sc->cpos = byte;
    return sc->ccp;
}

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] == ' ')
        i++;
    return i;
}

/* ----------------------------------------------------------- people spans */

/* Is byte inside a person's name (r->people spans)? Queries come in increasing order. */
static int in_person(scan *sc, size_t byte)
{
    if (!sc->nps)
        return 0;
    int cp = cp_of(sc, byte);
    while (sc->pi < sc->nps && sc->ps[sc->pi].start <= cp) {
        if (sc->ps[sc->pi].end > sc->covered)
            sc->covered = sc->ps[sc->pi].end;
        sc->pi++;
    }
    return cp < sc->covered;
}

static int person_starts_at(const scan *sc, int cp)
{
    int lo = 0, hi = sc->nps - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (sc->ps[mid].start == cp)
            return 1;
        if (sc->ps[mid].start < cp)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return 0;
}

/* ---------------------------------------------------------------- lookups */

/* The longest key of t at s[0..n) whose group fits `levels` (0: any), backing
 * off word by word ("Lào Cai Hà" -> "Lào Cai"). */
static int longest_fitting(const struct vn_gazetteer *gz, const vn_trie *t, const char *s, size_t n,
                           int levels, size_t *mlen)
{
    for (int tries = 0; tries < 8 && n > 0; tries++) {
        size_t ml;
        int g = gz_longest(gz, t == gz->bare, s, n, &ml); /* = vn_trie_longest(t, ...) */
        if (g < 0)
            return -1;
        if (!levels || gz_group_fits(gz, g, levels, t == gz->bare)) {
            *mlen = ml;
            return g;
        }
        while (ml > 0 && s[ml - 1] != ' ')
            ml--;
        while (ml > 0 && s[ml - 1] == ' ')
            ml--;
        n = ml;
    }
    return -1;
}

/* A name at s+i as written. */
static int name_at_raw(const scan *sc, const vn_trie *t, size_t i, int levels, size_t *mlen)
{
    size_t window = sc->n - i < 96 ? sc->n - i : 96;
    return longest_fitting(sc->gz, t, sc->s + i, window, levels, mlen);
}

/* A name in a run of words in CAPITALS ("TỈNH LÀO CAI"), looked up in Title
 * Case. Vietnamese letters keep their UTF-8 length across case, so the match
 * length applies to the text as is. */
static int name_at_caps(const scan *sc, const vn_trie *t, size_t i, int levels, size_t *mlen)
{
    const char *s = sc->s;
    size_t n = sc->n, run;
    if (!cap_at(s, n, i) || !cap_at(s, n, i + char_len(s, n, i)) || !(run = caps_run_end(s, n, i)))
        return -1;
    size_t window = run - i < 96 ? run - i : 96;
    char buf[104];
    size_t o = 0;
    int first = 1;
    for (size_t k = i; k < i + window;) {
        unsigned char b = (unsigned char)s[k];
        if (b < 0x80) { /* ASCII, as vn_to_upper/vn_to_lower/vn_is_letter do it */
            int letter = (b | 32) >= 'a' && (b | 32) <= 'z';
            if (o + 1 > 96)
                break;
            buf[o++] = (char)(letter ? (first ? b & ~32 : b | 32) : b);
            first = !letter && !(b >= '0' && b <= '9') && b != '\'';
            k++;
            continue;
        }
        int len;
        int32_t c = vn_utf8_next(s + k, n - k, &len);
        int32_t d = first ? vn_to_upper(c) : vn_to_lower(c);
        char enc[4];
        int el = vn_utf8_put(d, enc);
        if (el != len || o + (size_t)el > 96)
            break;
        memcpy(buf + o, enc, (size_t)el);
        o += (size_t)el;
        first = !vn_is_letter(c) && !(c >= '0' && c <= '9') && c != '\'';
        k += (size_t)len;
    }
    return o ? longest_fitting(sc->gz, t, buf, o, levels, mlen) : -1;
}

static int name_at(const scan *sc, const vn_trie *t, size_t i, int levels, size_t *mlen)
{
    int g = name_at_raw(sc, t, i, levels, mlen);
    return g >= 0 ? g : name_at_caps(sc, t, i, levels, mlen);
}

/* Abroad: the name is followed by ", Trung Quốc", "(Lào)", "của Campuchia", "nước bạn Lào". */
static int foreign_after(const scan *sc, size_t e)
{
    const char *s = sc->s;
    size_t n = sc->n, q = skip_spaces(s, n, e), ml;
    if (q < n && (s[q] == ',' || s[q] == '('))
        q = skip_spaces(s, n, q + 1);
    static const char *const links[] = {"của ", "nước bạn ", "nước ", NULL};
    static const size_t link_len[] = {sizeof "của " - 1, sizeof "nước bạn " - 1, sizeof "nước " - 1};
    if (q < n && (s[q] == 'c' || s[q] == 'n')) /* (the first letters of the links) */
        for (int k = 0; links[k]; k++)
            if (n - q > link_len[k] && memcmp(s + q, links[k], link_len[k]) == 0) {
                q += link_len[k];
                break;
            }
    return q < n && sc->gz->country_first[(unsigned char)s[q]] &&
           vn_trie_longest(sc->gz->country, s + q, n - q, &ml) >= 0;
}

/* The word before byte i (skipping one space): its start, or i if none. */
static size_t prev_word(const char *s, size_t i)
{
    if (i < 2 || s[i - 1] != ' ')
        return i;
    size_t j = i - 1;
    while (j > 0 && i - j < 40 && word_byte(s, i, j - 1))
        j--;
    return j < i - 1 ? j : i;
}

/* A bare province name preceded by a street word ("đường", "quảng trường"),
 * or by a surname, middle name or form of address that makes it a person's
 * name ("Nguyễn Hòa Bình", "Hà Thị Nam", "ông Hải Dương", "đồng chí ..."). */
static int bad_before(const scan *sc, size_t i)
{
    const char *s = sc->s;
    size_t w1 = prev_word(s, i);
    if (w1 == i)
        return 0;
    size_t len1 = i - 1 - w1, w2 = prev_word(s, w1);
    const vn_trie *lists[] = {sc->gz->street, sc->gz->person};
    for (int k = 0; k < 2; k++)
        if (vn_trie_get(lists[k], s + w1, len1) >= 0 ||
            (w2 != w1 && vn_trie_get(lists[k], s + w2, i - 1 - w2) >= 0))
            return 1;
    return 0;
}

/* ---------------------------------------------------------------- records */

/* How high a unit a mention names: a province 10, a city 15, a district 20, a commune 30. */
static int rank_of(int levels)
{
    return levels == 12 ? 15 : levels * 10;
}

/* Only separators between the previous mention and byte t: ", ", " (", " - ". */
static int adjacent(const scan *sc, size_t t)
{
    if (sc->last < 0 || t < sc->last_end || t - sc->last_end > 6)
        return 0;
    for (size_t k = sc->last_end; k < t; k++)
        if (!strchr(" ,(-", sc->s[k]) && (unsigned char)sc->s[k] < 0x80)
            return 0;
    return 1;
}

/* A mention of group g as `levels` with its name at [b, e); the type word (if
 * any) starts at t. An address goes up ("xã A, huyện B, tỉnh C"): a mention
 * right after another, of a higher unit, contains it. */
static void record(scan *sc, int g, int type, int levels, size_t t, size_t b, size_t e)
{
    if (adjacent(sc, t) && rank_of(levels) < sc->last_rank)
        sc->out->v[sc->last].chained = 1;
    sc->last = sc->out->n;
    sc->last_rank = rank_of(levels);
    sc->last_end = e;
    pl_mention *m = VN_PUSH(sc->st->arena, *sc->out);
    memset(m, 0, sizeof *m);
    m->li = sc->li;
    m->group = g;
    m->type = (unsigned char)type;
    m->levels = (unsigned char)levels;
    m->scope = (unsigned char)sc->scope;
    m->start = cp_of(sc, b);
    m->end = cp_of(sc, e);
    m->weight = sc->weight;
    m->unit = m->ref = -1;
}

/* After a list item: ", " / "; " / " và " / " cùng " and the next item, or 0. */
static size_t list_next(const char *s, size_t n, size_t e)
{
    size_t q = skip_spaces(s, n, e);
    if (q < n && (s[q] == ',' || s[q] == ';'))
        q = skip_spaces(s, n, q + 1);
    else if (q == e && q < n)
        return 0;
    static const char *const words[] = {"và ", "cùng ", NULL};
    for (int k = 0; words[k]; k++)
        if (n - q > strlen(words[k]) && memcmp(s + q, words[k], strlen(words[k])) == 0) {
            q = skip_spaces(s, n, q + strlen(words[k]));
            break;
        }
    return q > e ? q : 0;
}

/* Does a level-2 unit named by group outer contain a unit of `level` named by
 * group inner? ("Yên Mỹ" and "Đồng Than"; "Kỳ Sơn" and "Tương Dương" do not.)
 * For level 1 outer, the same province. */
static int contains(const struct vn_gazetteer *gz, int outer, int inner, int level)
{
    int no, ni;
    const gz_ref *o = gz_group(gz, outer, &no), *in = gz_group(gz, inner, &ni);
    for (int a = 0; a < no; a++) {
        const gz_unit *ou = &gz->units[o[a].unit];
        if (ou->level >= level || ou->level > 2)
            continue;
        for (int b = 0; b < ni; b++) {
            const gz_unit *iu = &gz->units[in[b].unit];
            if (iu->level == level && (ou->level == 1 ? iu->bucket == ou->bucket : iu->up == o[a].unit))
                return 1;
        }
    }
    return 0;
}

/* The first bytes of type words: t(ỉnh) T(P) h(uyện) q(uận) p(hường) x(ã) đ(ặc khu). */
static const unsigned char TYPE_FIRST[256] = {['t'] = 1, ['T'] = 1, ['h'] = 1, ['H'] = 1, ['q'] = 1,
                                              ['Q'] = 1, ['p'] = 1, ['P'] = 1, ['x'] = 1, ['X'] = 1,
                                              [0xC4] = 1};

/* After the first word of a type word comes a name (a capital, a digit) or the
 * rest of the type word: phố, xã, trấn, ủy/uỷ, đoàn, khu; "TP." and "Huyện ủy:"
 * too. Not "hoàn thành tốt", "xã hội", "Nguyễn Thị" at the end of a clause. */
static int type_follow_ok(const char *s, size_t n, size_t e)
{
    if (e + 1 >= n)
        return 0;
    if (s[e] == '.' || s[e] == ':')
        return 1;
    unsigned char c = (unsigned char)s[e + 1];
    if (s[e] != ' ')
        return 0;
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == 'p' || c == 'x' || c == 't' ||
               c == 'u' || c == 'k';
    return c == 0xC4 || c == 0xE1 || cap_at(s, n, e + 1);
}

/* A unit named by a number ("quận 1", "Phường 12") when the number ends the
 * phrase: "phường 9, quận 11", "Quận 3 (TP.HCM)", not "loa phường 1 năm". */
static int numeral_ok(const char *s, size_t n, size_t b, size_t e)
{
    if (s[b] < '0' || s[b] > '9' || e >= n)
        return 1;
    if (s[e] != ' ')
        return s[e] != '/' && s[e] != '.' && s[e] != ',' ? 1 : e + 1 >= n || !(s[e + 1] >= '0' && s[e + 1] <= '9');
    return cap_at(s, n, e + 1) || may_start_type(s, n, e + 1);
}

/* At a word that may be a type word: the mention(s) after it. Returns the
 * byte to continue from, or 0 if this is not a type word. */
__attribute__((noinline)) static size_t try_typed(scan *sc, size_t i)
{
    const char *s = sc->s;
    size_t n = sc->n, tl;
    int t = vn_trie_longest(sc->gz->types, s + i, n - i, &tl);
    if (t < 0)
        return 0;
    int type = sc->gz->type_of[t], levels = gz_type_levels(type);
    size_t p = i + tl;
    for (int k = 0; k < 3 && p < n && (s[p] == '.' || s[p] == ':' || s[p] == ' '); k++)
        p++;
    p = skip_spaces(s, n, p);
    size_t ml;
    if (p >= n || !(cap_at(s, n, p) || (s[p] >= '0' && s[p] <= '9')))
        return i + tl;
    int g = name_at(sc, sc->gz->names, p, levels, &ml);
    if (g < 0)
        return i + tl;
    size_t e = p + ml;
    if (!numeral_ok(s, n, p, e))
        return e;
    if (in_person(sc, p) || foreign_after(sc, e))
        return e;
    record(sc, g, type, levels, i, p, e);
    /* a list: "các huyện Kỳ Sơn, Tương Dương và Con Cuông" */
    int numbered = s[p] >= '0' && s[p] <= '9';
    for (size_t q; (q = list_next(s, n, e)) != 0;) {
        int g2;
        if (!cap_at(s, n, q) && !(s[q] >= '0' && s[q] <= '9'))
            break;
        size_t tl2;
        if (vn_trie_longest(sc->gz->types, s + q, n - q, &tl2) >= 0)
            break; /* another type word: the main loop takes it */
        if (levels != 1 && name_at(sc, sc->gz->bare, q, 1, &ml) >= 0)
            break; /* "phường Cam Đường, Lào Cai": the province of the address */
        if (levels == 3 && (g2 = name_at(sc, sc->gz->names, q, 2, &ml)) >= 0 &&
            contains(sc->gz, g2, g, 3)) {
            /* "xã Đồng Than, Yên Mỹ": not a second commune but the first one's district */
            record(sc, g2, GZ_NONE, 2, q, q, q + ml);
            return q + ml;
        }
        g2 = name_at(sc, sc->gz->names, q, levels, &ml);
        if (g2 < 0 || (!numbered && s[q] >= '0' && s[q] <= '9') || in_person(sc, q) || foreign_after(sc, q + ml))
            break; /* a number goes on a list of numbers ("quận 1, 3 và 5 sẽ …"), not
                    * one of names ("huyện Đăk Tô và 2 bên bờ sông") */
        record(sc, g2, type, levels, q, q, q + ml);
        g = g2;
        e = q + ml;
    }
    return e;
}

/* One of the next few capitalized words is followed by ",", " (" or ":" (at
 * the start of the line): a district may be named bare there. */
static int district_punct_follows(const char *s, size_t n, size_t i)
{
    size_t k = i;
    for (int words = 0; words < 5; words++) {
        k = word_end(s, n, k);
        if (k >= n || s[k] != ' ' || !cap_at(s, n, k + 1))
            break;
        k++;
    }
    return k < n && (s[k] == ',' || (s[k] == ':' && i == 0) || (s[k] == ' ' && k + 1 < n && s[k + 1] == '('));
}

/* A district without its type word, where the text leaves no doubt: heading
 * its line ("Quỳnh Lưu: ...") or followed by its province ("ở Kinh Môn, Hải
 * Dương", "Quỳ Hợp (Nghệ An)"). The caller checked what its first bytes
 * allow (try_capital). Returns the byte after it, or 0. */
static size_t try_bare_district(scan *sc, size_t i)
{
    const char *s = sc->s;
    size_t n = sc->n, ml, ml2;
    int g = name_at(sc, sc->gz->names, i, 2, &ml);
    if (g < 0)
        return 0;
    size_t e = i + ml, q = e;
    int ok = i == 0 && e < n && s[e] == ':';
    if (!ok && q + 2 < n && (s[q] == ',' || (s[q] == ' ' && s[q + 1] == '('))) {
        q = skip_spaces(s, n, q + 1);
        if (q < n && s[q] == '(')
            q++;
        int gp = name_at(sc, sc->gz->bare, q, 1, &ml2);
        ok = gp >= 0 && contains(sc->gz, gp, g, 2);
    }
    if (!ok || in_person(sc, i))
        return 0;
    record(sc, g, GZ_NONE, 2, i, i, e);
    return e;
}

/* A bare province name at i (group g, ml bytes). Returns the byte to
 * continue from. */
static size_t bare_province(scan *sc, size_t i, int g, size_t ml)
{
    const char *s = sc->s;
    size_t n = sc->n, e = i + ml;
    if (in_person(sc, i))
        return e;
    /* part of a longer capitalized name: "Thái Bình Dương", "Hà Nội Mới", unless
     * a person's name follows ("Tỉnh ủy Lào Cai Đặng Xuân Phong") */
    if (e + 1 < n && s[e] == ' ' && cap_at(s, n, e + 1) &&
        !(sc->nps && person_starts_at(sc, cp_of(sc, e + 1))))
        return word_end(s, n, e + 1);
    if (bad_before(sc, i) || foreign_after(sc, e))
        return e;
    record(sc, g, GZ_NONE, 1, i, i, e);
    return e;
}

/* GZ_FIRST_* of the names that may start at the word i (gz_name_keys: by its
 * first two words), the word ends read off the scanner's bitmap when it can:
 * there a bit is set where a byte is ASCII other than a letter or digit, or
 * C2/E2. Where the tries see words differently ('_', C2/E2), or the words
 * are long, gz_name_keys() finds them itself. */
static unsigned name_keys(const scan *sc, size_t i)
{
    const pl_chunk *c = sc->chunk;
    const unsigned char *u = (const unsigned char *)sc->s + i;
    size_t n = sc->n, off = i - c->base;
    if (i >= c->base && i < c->end && n - i >= 16 && off % 64 < 64 - 17) {
        uint64_t stops = c->ends[off / 64] >> (off % 64);
        unsigned a = stops ? (unsigned)__builtin_ctzll(stops) : 0, b;
        if (a && a < 15 && u[a] < 0x80 && u[a] != '_') {
            if (u[a] != ' ' || (stops >> (a + 1) & 1)) {
                if (!(u[a] == ' ' && u[a + 1] >= 0x80)) /* (C2/E2 after the space) */
                    return gz_key_flags(sc->gz->keys, gz_key_slot(gz_key_hash16((const char *)u, a)));
            } else if ((stops >> (a + 1)) && (b = a + 1 + (unsigned)__builtin_ctzll(stops >> (a + 1))) < 16 &&
                       u[b] < 0x80 && u[b] != '_') {
                return gz_key_flags(sc->gz->keys, gz_key_slot(gz_key_hash16((const char *)u, a))) |
                       gz_key_flags(sc->gz->keys, gz_key_slot(gz_key_hash16((const char *)u, b)));
            }
        }
    }
    return gz_name_keys(sc->gz, sc->s + i, n - i);
}

/* At a capital: a bare province name, or a bare district (try_bare_district).
 * Each has a filter on its first bytes (gz_bare_may_start,
 * gz_district_may_start) and its first two words (name_keys), unless the
 * words are in CAPITALS (looked up in Title Case, name_at_caps, which wants
 * a run of two). The cheap tests go first, so most capitalized words stop
 * after one or two. Returns the byte to continue from, or 0. */
__attribute__((noinline)) static size_t try_capital(scan *sc, size_t i)
{
    const char *s = sc->s;
    size_t n = sc->n, ml;
    unsigned name4 = gz_name4(sc->gz, s + i, n - i);
    int bare4 = name4 & 1, dist4 = name4 >> 1;
    int caps = caps_next(s, n, i);
    if (!bare4 && !dist4 && !caps)
        return 0;
    /* what can be found: a spelling as written (by the first two words), or
     * one in Title Case where two words in CAPITALS run (name_at_caps) */
    unsigned keys = name_keys(sc, i);
    int bare_raw = bare4 && (keys & GZ_FIRST_BARE), dist_raw = (dist4 || caps) && (keys & GZ_FIRST_DIST);
    int caps_run = caps && caps_run_end(s, n, i);
    if (!bare_raw && !caps_run && !dist_raw)
        return 0;
    int g = -1;
    if (bare_raw)
        g = name_at_raw(sc, sc->gz->bare, i, 1, &ml);
    if (g < 0 && caps_run)
        g = name_at_caps(sc, sc->gz->bare, i, 1, &ml);
    if (g >= 0)
        return bare_province(sc, i, g, ml);
    if (!(dist_raw || caps_run) || !district_punct_follows(s, n, i))
        return 0;
    return try_bare_district(sc, i);
}

/* At the start of a word: a mention, or a type word without one. Returns the
 * byte to continue from, or 0 to go on after the word. type: a type word may
 * start here (0 where the scanner's test says none does). */
__attribute__((noinline)) static size_t try_word(scan *sc, size_t i, int type)
{
    const char *s = sc->s;
    size_t n = sc->n, j = 0;
    unsigned char b = (unsigned char)s[i];
    if (type && TYPE_FIRST[b] && may_start_type(s, n, i) && type_follow_ok(s, n, word_end(s, n, i)))
        j = try_typed(sc, i);
    if (!j && (b < 0x80 ? b >= 'A' && b <= 'Z' : cap_at(s, n, i)))
        j = try_capital(sc, i);
    return j > i ? j : 0;
}

#ifdef PL_CHECK_SCAN
/* A test build (-DPL_CHECK_SCAN): the scanner's list must hold every word
 * start of the chunk where try_word() finds something — the word starts
 * where the first bytes allow a mention (pl_may_start) and that the list
 * leaves out are tried on a copy of the state, and must give nothing. */
#include <stdio.h>
#include <stdlib.h>
static int word_start_at(const char *s, size_t from, size_t p)
{
    const unsigned char *u = (const unsigned char *)s;
    if (p == from)
        return 1;
    unsigned char b = u[p - 1];
    if (b < 0x80)
        return !((b | 32) >= 'a' && (b | 32) <= 'z') && !(b >= '0' && b <= '9');
    int cont1 = (b & 0xC0) == 0x80;
    return cont1 && p - from >= 2 &&
           (u[p - 2] == 0xC2 || (p - from >= 3 && (u[p - 2] & 0xC0) == 0x80 && u[p - 3] == 0xE2));
}
static void check_chunk(const scan *sc, const pl_chunk *c, size_t from)
{
    int k = 0;
    for (size_t p = c->base; p < c->end; p++) {
        while (k < c->n && c->base + (c->start[k] & PL_START_AT) < p)
            k++;
        int listed = k < c->n && c->base + (c->start[k] & PL_START_AT) == p;
        if (listed && !(c->start[k] & PL_START_TYPE)) {
            /* no type word here, the scanner says: the same without looking */
            scan tmp = *sc, tmp2 = *sc;
            pl_mentions out = *sc->out, out2 = *sc->out;
            tmp.out = &out;
            tmp2.out = &out2;
            if (try_word(&tmp, p, 1) != try_word(&tmp2, p, 0)) {
                fprintf(stderr, "places: the scanner missed a type word at byte %zu of \"%.*s\"\n", p, (int)sc->n,
                        sc->s);
                abort();
            }
        }
        if (listed || !word_start_at(sc->s, from, p) || !pl_may_start(sc->s, sc->n, p, sc->gz))
            continue;
        scan tmp = *sc;
        pl_mentions out = *sc->out;
        tmp.out = &out;
        if (try_word(&tmp, p, 1)) {
            fprintf(stderr, "places: the scanner missed a start at byte %zu of \"%.*s\"\n", p, (int)sc->n, sc->s);
            abort();
        }
    }
}
#endif

/* The words of a line that may start a mention, in order (a chunk at a
 * time, places_scan.c, whose tests let through every word where try_word()
 * can find something, and few others). After a mention (or a type word) the
 * scan goes on where it ends, as if a word could start there: the starts
 * before are passed over (those after are the same either way, as the end is
 * a character boundary), and a word byte there is looked at (pl_may_start). */
static void scan_line(scan *sc)
{
    const char *s = sc->s;
    size_t n = sc->n;
    pl_chunk *c = sc->chunk;
    pl_chunk_restart(c, 0);
#ifdef PL_CHECK_SCAN
    size_t from = 0;
#endif
    while (c->at < n) {
        pl_scan_chunk(c, s, n, sc->gz);
#ifdef PL_CHECK_SCAN
        check_chunk(sc, c, from);
#endif
        size_t resume = 0;
        for (int k = 0; k < c->n; k++) {
            size_t p = c->base + (c->start[k] & PL_START_AT), j;
            if (p < resume || !(j = try_word(sc, p, c->start[k] >> 31)))
                continue;
            do {
                resume = j;
            } while (j < c->end && WORD[(unsigned char)s[j]] && (s[j] & 0xC0) != 0x80 && pl_may_start(s, n, j, sc->gz) &&
                     (j = try_word(sc, j, 1)) != 0);
            if (resume >= c->end) {
                pl_chunk_restart(c, resume);
#ifdef PL_CHECK_SCAN
                from = resume;
#endif
                break;
            }
        }
    }
}

/* ---------------------------------------------------------------- driver */

static int span_cmp(const void *a, const void *b)
{
    const vn_span *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

void vn_extract_places(vn_stage *st, vn_record *r)
{
    const struct vn_gazetteer *gz = st->lex ? st->lex->gaz : NULL;
    if (!gz || !gz->names)
        return;
    /* every person span, by line then start */
    int nspans = 0;
    for (int i = 0; i < r->people.n; i++)
        nspans += r->people.v[i].spans.n;
    vn_span *spans = vn_arena_alloc(st->arena, (size_t)(nspans + 1) * sizeof *spans);
    nspans = 0;
    for (int i = 0; i < r->people.n; i++)
        for (int k = 0; k < r->people.v[i].spans.n; k++)
            spans[nspans++] = r->people.v[i].spans.v[k];
    if (nspans > 32) {
        qsort(spans, (size_t)nspans, sizeof *spans, span_cmp);
    } else { /* (the usual few, mostly in order already: by insertion) */
        for (int i = 1; i < nspans; i++) {
            vn_span x = spans[i];
            int j = i;
            for (; j > 0 && span_cmp(&spans[j - 1], &x) > 0; j--)
                spans[j] = spans[j - 1];
            spans[j] = x;
        }
    }

    pl_mentions ms = {0};
    int sp = 0, body_lines = 0;
    pl_chunk chunk; /* (4 KB: on the stack, the arena would clear it) */
    for (int li = 0; li < r->lines.n; li++) {
        const vn_line *l = &r->lines.v[li];
        int scope = vn_line_scope(l);
        while (sp < nspans && spans[sp].line < l->n)
            sp++;
        if (scope < 0)
            continue;
        int sp_end = sp;
        while (sp_end < nspans && spans[sp_end].line == l->n)
            sp_end++;
        /* where a line stands says how much it tells of the article's province:
         * the title most, the first lines more, teasers for other articles nothing */
        float w = 1;
        if (scope == VN_IN_RELATED)
            w = 0;
        else if (l->role == VN_ROLE_TITLE)
            w = 3;
        else if ((l->role == VN_ROLE_LEAD || l->role == VN_ROLE_BODY) && body_lines++ < 2)
            w = 2;
        scan sc = {.gz = gz, .st = st, .out = &ms, .s = l->text, .n = (size_t)l->len, .li = li,
                   .scope = scope, .weight = w, .ps = spans + sp, .nps = sp_end - sp, .last = -1, .chunk = &chunk};
        scan_line(&sc);
    }
    pl_resolve(st, r, &ms);
}
