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
 * (province.c). Every lookup walks a trie from the current byte, so a line
 * costs time linear in its length; the words that could start nothing are
 * passed 16 bytes at a time (scan_line). */
#include "places.h"
#include "../core/uni.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif
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

static size_t char_len(const char *s, size_t n, size_t i)
{
    unsigned char b = (unsigned char)s[i];
    size_t l = b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    return i + l <= n ? l : n - i;
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

/* Is the letter at i a capital? ASCII and the Vietnamese letters without a
 * table lookup: Latin-1 À..Þ, Ă Đ Ĩ Ũ Ơ Ư, and U+1EA0..1EF9 where capitals
 * are the even code points. */
static inline int cap_at(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    const unsigned char *u = (const unsigned char *)s + i;
    if (u[0] < 0x80)
        return u[0] >= 'A' && u[0] <= 'Z';
    int32_t c;
    if (u[0] >= 0xC2 && u[0] < 0xE0 && i + 1 < n)
        c = (u[0] & 0x1F) << 6 | (u[1] & 0x3F);
    else if (u[0] >= 0xE0 && u[0] < 0xF0 && i + 2 < n)
        c = (u[0] & 0x0F) << 12 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F);
    else
        return 0;
    if (c >= 0xC0 && c <= 0xDE)
        return c != 0xD7;
    if (c >= 0xDF && c <= 0xFF)
        return 0;
    if (c == 0x102 || c == 0x110 || c == 0x128 || c == 0x168 || c == 0x1A0 || c == 0x1AF)
        return 1;
    if (c == 0x103 || c == 0x111 || c == 0x129 || c == 0x169 || c == 0x1A1 || c == 0x1B0)
        return 0;
    if (c >= 0x1EA0 && c <= 0x1EF9)
        return !(c & 1);
    return vn_is_upper(c);
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
 * (forwards or back), so a line is counted about once; eight bytes at a time:
 * a code point is a byte that is not a continuation byte 10xxxxxx. */
static int cp_of(scan *sc, size_t byte)
{
    if (byte > sc->n)
        byte = sc->n;
    while (sc->cpos + 8 <= byte) {
        uint64_t x;
        memcpy(&x, sc->s + sc->cpos, 8);
        uint64_t cont = x & ~(x << 1) & 0x8080808080808080ull;
        sc->ccp += 8 - (int)(((cont >> 7) * 0x0101010101010101ull) >> 56);
        sc->cpos += 8;
    }
    for (; sc->cpos < byte; sc->cpos++)
        sc->ccp += ((unsigned char)sc->s[sc->cpos] & 0xC0) != 0x80;
    for (; sc->cpos > byte; sc->cpos--)
        sc->ccp -= ((unsigned char)sc->s[sc->cpos - 1] & 0xC0) != 0x80;
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

int pl_ref_fits(const struct vn_gazetteer *gz, const gz_ref *r, int levels)
{
    int level = gz->units[r->unit].level;
    switch (levels) {
    case 1: return level == 1;
    case 12: return level <= 2 && r->type == GZ_THANHPHO;
    default: return level == levels;
    }
}

static int group_fits(const struct vn_gazetteer *gz, int g, int levels, int bare)
{
    int n;
    const gz_ref *r = gz_group(gz, g, &n);
    for (int k = 0; k < n; k++)
        if (pl_ref_fits(gz, &r[k], levels) && !(bare && (r[k].flags & GZ_REF_TYPED_ONLY)))
            return 1;
    return 0;
}

/* The longest key of t at s[0..n) whose group fits `levels` (0: any), backing
 * off word by word ("Lào Cai Hà" -> "Lào Cai"). */
static int longest_fitting(const struct vn_gazetteer *gz, const vn_trie *t, const char *s, size_t n,
                           int levels, size_t *mlen)
{
    for (int tries = 0; tries < 8 && n > 0; tries++) {
        size_t ml;
        int g = vn_trie_longest(t, s, n, &ml);
        if (g < 0)
            return -1;
        if (!levels || group_fits(gz, g, levels, t == gz->bare)) {
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
    for (int k = 0; links[k]; k++)
        if (n - q > strlen(links[k]) && memcmp(s + q, links[k], strlen(links[k])) == 0) {
            q += strlen(links[k]);
            break;
        }
    return q < n && vn_trie_longest(sc->gz->country, s + q, n - q, &ml) >= 0;
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

/* Can a type word start at i? A check of its first letters, so that the
 * type-word trie is walked at "thành", "Tỉnh", "huyện", "quận", "phường", "xã",
 * "TP", "đặc" and not at every "thì", "quốc" or "phương". Capitals differ from
 * small letters by bit 0x20 in ASCII and by bit 0x01 in the UTF-8 tails. */
__attribute__((always_inline)) static inline int may_start_type(const char *s, size_t n, size_t i)
{
    const unsigned char *u = (const unsigned char *)s + i;
    size_t left = n - i;
    if (left < 2)
        return 0;
    unsigned char c = u[1] | 32, d = left > 2 ? u[2] : 0;
    switch (u[0] | 32) {
    case 't':
        if (c == 'h') /* thành, thị */
            return left > 4 && ((d == 0xC3 && (u[3] | 32) == 0xA0) ||
                                (d == 0xE1 && u[3] == 0xBB && (u[4] | 1) == 0x8B));
        if (c == 'p' || c == 'x') /* TP, TX */
            return left == 2 || !((d | 32) >= 'a' && (d | 32) <= 'z');
        return left > 3 && u[1] == 0xE1 && d == 0xBB && (u[3] | 1) == 0x89; /* tỉnh */
    case 'h': /* huyện */
        return left > 3 && c == 'u' && (d | 32) == 'y' && u[3] == 0xE1;
    case 'q': /* quận */
        return left > 4 && c == 'u' && d == 0xE1 && u[3] == 0xBA && (u[4] | 1) == 0xAD;
    case 'p': /* phường */
        return left > 6 && c == 'h' && d == 0xC6 && u[4] == 0xE1 && u[5] == 0xBB && (u[6] | 1) == 0x9D;
    case 'x': /* xã */
        return u[1] == 0xC3 && (d | 32) == 0xA3;
    default: /* đặc khu */
        return u[0] == 0xC4 && (u[1] | 1) == 0x91 && d == 0xE1;
    }
}

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
static size_t try_typed(scan *sc, size_t i)
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
        if (g2 < 0 || in_person(sc, q) || foreign_after(sc, q + ml))
            break;
        record(sc, g2, type, levels, q, q, q + ml);
        g = g2;
        e = q + ml;
    }
    return e;
}

/* A district without its type word, where the text leaves no doubt: heading
 * its line ("Quỳnh Lưu: ...") or followed by its province ("ở Kinh Môn, Hải
 * Dương", "Quỳ Hợp (Nghệ An)"). Returns the byte after it, or 0. */
static size_t try_bare_district(scan *sc, size_t i)
{
    const char *s = sc->s;
    size_t n = sc->n, ml, ml2;
    if (!gz_district_may_start(sc->gz, s + i, n - i) && !cap_at(s, n, i + char_len(s, n, i)))
        return 0;
    /* cheap first: one of the next few capitalized words is followed by ",", " (" or ":" */
    size_t k = i;
    int words = 0;
    for (; words < 5; words++) {
        k = word_end(s, n, k);
        if (k >= n || s[k] != ' ' || !cap_at(s, n, k + 1))
            break;
        k++;
    }
    if (k >= n || !(s[k] == ',' || (s[k] == ':' && i == 0) || (s[k] == ' ' && k + 1 < n && s[k + 1] == '(')))
        return 0;
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

/* At a capitalized word: a bare province name. Returns the byte to continue
 * from, or 0. */
static size_t try_bare(scan *sc, size_t i)
{
    const char *s = sc->s;
    size_t n = sc->n, ml;
    int g = -1;
    if (gz_bare_may_start(sc->gz, s + i, n - i))
        g = name_at_raw(sc, sc->gz->bare, i, 1, &ml);
    if (g < 0 && i + 1 < n && !((unsigned char)s[i + 1] >= 'a' && (unsigned char)s[i + 1] <= 'z') &&
        cap_at(s, n, i + char_len(s, n, i))) /* name_at_caps wants two capitals */
        g = name_at_caps(sc, sc->gz->bare, i, 1, &ml);
    if (g < 0)
        return try_bare_district(sc, i);
    size_t e = i + ml;
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

/* At the start of a word: a mention, or a type word without one. Returns the
 * byte to continue from, or 0 to go on after the word. */
static size_t try_word(scan *sc, size_t i)
{
    const char *s = sc->s;
    size_t n = sc->n, j = 0;
    unsigned char b = (unsigned char)s[i];
    if (TYPE_FIRST[b] && may_start_type(s, n, i) && type_follow_ok(s, n, word_end(s, n, i)))
        j = try_typed(sc, i);
    if (!j && (b < 0x80 ? b >= 'A' && b <= 'Z' : cap_at(s, n, i)) &&
        (gz_name_may_start(sc->gz, s + i, n - i) || cap_at(s, n, i + char_len(s, n, i))))
        j = try_bare(sc, i); /* (without either, try_bare looks no further) */
    return j > i ? j : 0;
}

/* Is i a word start, i.e. the old one-word-at-a-time loop would stop at it?
 * A word byte (not a continuation byte) after a non-word character: ASCII
 * other than a letter or digit, U+0080..U+00BF (C2 xx) or U+2000..U+2FFF
 * (E2 xx xx); or the byte the scan resumed at (from). */
static inline int word_start(const char *s, size_t from, size_t i)
{
    unsigned char b = (unsigned char)s[i];
    if (!WORD[b] || (b & 0xC0) == 0x80)
        return 0;
    if (i == from)
        return 1;
    unsigned char p = (unsigned char)s[i - 1];
    if (p < 0x80)
        return !WORD[p];
    if ((p & 0xC0) != 0x80)
        return 0;
    if (i - from >= 2 && (unsigned char)s[i - 2] == 0xC2)
        return 1;
    return i - from >= 3 && (unsigned char)s[i - 3] == 0xE2 && ((unsigned char)s[i - 2] & 0xC0) == 0x80;
}

/* The bytes of s[base .. base+16) (those before n) that may start a
 * mention's word: a capital (A..Z), the lead byte of a non-ASCII letter
 * (C3..EF, maybe a capital), or a type word's first letter ((b & F2) == 70
 * is p q t u x y | }; and h), not right after an ASCII letter. One bit each. */
#ifdef __SSE2__
static inline unsigned cand_mask(const char *s, size_t n, size_t base)
{
    const __m128i b20 = _mm_set1_epi8(0x20), la = _mm_set1_epi8('a' - 1), lz = _mm_set1_epi8('z' + 1),
                  ua = _mm_set1_epi8('A' - 1), uz = _mm_set1_epi8('Z' + 1), f2 = _mm_set1_epi8((char)0xF2),
                  lh = _mm_set1_epi8('h'), lp = _mm_set1_epi8('p'), hi_lo = _mm_set1_epi8((char)0xC2),
                  hi_hi = _mm_set1_epi8((char)0xF0);
    __m128i v, prev;
    unsigned valid = 0xFFFF, shift = 0;
    if (n - base >= 16) {
        v = _mm_loadu_si128((const __m128i *)(s + base));
        prev = base ? _mm_loadu_si128((const __m128i *)(s + base - 1)) : _mm_slli_si128(v, 1);
    } else if (base > 0) { /* the last bytes: the line's last 16, of which the first were seen */
        v = _mm_loadu_si128((const __m128i *)(s + n - 16));
        prev = _mm_loadu_si128((const __m128i *)(s + n - 17));
        shift = (unsigned)(base - (n - 16));
    } else { /* a line shorter than 16 bytes, copied without reading past it */
        char pad[16] = {0};
        if (n >= 8) {
            memcpy(pad, s, 8);
            memcpy(pad + n - 8, s + n - 8, 8);
        } else if (n >= 4) {
            memcpy(pad, s, 4);
            memcpy(pad + n - 4, s + n - 4, 4);
        } else {
            for (size_t k = 0; k < n; k++)
                pad[k] = s[k];
        }
        v = _mm_loadu_si128((const __m128i *)pad);
        prev = _mm_slli_si128(v, 1);
        valid = (1u << n) - 1;
    }
    __m128i pl = _mm_or_si128(prev, b20);
    __m128i after_letter = _mm_and_si128(_mm_cmpgt_epi8(pl, la), _mm_cmplt_epi8(pl, lz));
    __m128i look = _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(v, ua), _mm_cmplt_epi8(v, uz)),
                                _mm_and_si128(_mm_cmpgt_epi8(v, hi_lo), _mm_cmplt_epi8(v, hi_hi)));
    look = _mm_or_si128(look, _mm_or_si128(_mm_cmpeq_epi8(_mm_and_si128(v, f2), lp), _mm_cmpeq_epi8(v, lh)));
    return ((unsigned)_mm_movemask_epi8(_mm_andnot_si128(after_letter, look)) >> shift) & valid;
}
#else
static inline unsigned cand_mask(const char *s, size_t n, size_t base)
{
    unsigned cand = 0;
    for (size_t k = 0; k < 16 && base + k < n; k++) {
        unsigned char b = (unsigned char)s[base + k], pb = base + k ? (unsigned char)s[base + k - 1] : 0;
        int after_letter = (pb | 32) >= 'a' && (pb | 32) <= 'z';
        int look = (b >= 'A' && b <= 'Z') || (b >= 0xC3 && b < 0xF0) || (b & 0xF2) == 0x70 || b == 'h';
        cand |= (unsigned)(look && !after_letter) << k;
    }
    return cand;
}
#endif

/* The first two bytes of the small type words, as may_start_type() reads
 * them: th tp tx t+E1 (tỉnh), hu, qu, ph, x+C3 (xã); a bit for each first
 * letter, set for the second bytes it can take. */
static const unsigned char TYPE_1ST[256] = {['t'] = 1, ['h'] = 2, ['q'] = 4, ['p'] = 8, ['x'] = 16};
static const unsigned char TYPE_2ND[256] = {['h'] = 1 | 8, ['H'] = 1 | 8, ['p'] = 1, ['P'] = 1, ['x'] = 1,
                                            ['X'] = 1, [0xE1] = 1, ['u'] = 2 | 4, ['U'] = 2 | 4, [0xC3] = 16};

/* The words of a line that may start a mention, 16 bytes at a time
 * (cand_mask); of those, cheap checks of the first bytes drop the small
 * words that cannot be a type word, word_start() keeps word starts, and
 * try_word() looks. */
static void scan_line(scan *sc)
{
    const char *s = sc->s;
    size_t n = sc->n, from = 0, base = 0;
    while (base < n) {
        unsigned cand = cand_mask(s, n, base);
        if (base == from)
            cand |= 1; /* where the scan resumed: a word start whatever precedes */
        size_t next = base + 16;
        while (cand) {
            size_t p = base + (size_t)__builtin_ctz(cand);
            cand &= cand - 1;
            const unsigned char *u = (const unsigned char *)s + p;
            if (u[0] >= 'a' && u[0] <= 'z') { /* a small letter: only a type word */
                if (n - p < 2 || !(TYPE_1ST[u[0]] & TYPE_2ND[u[1]]) || !may_start_type(s, n, p))
                    continue;
            } else if (u[0] == 0xC4 && n - p >= 2 && u[1] == 0x91) { /* đ, small too: only "đặc" (ặ: E1 BA B7) */
                if (n - p < 5 || u[2] != 0xE1 || u[3] != 0xBA || u[4] != 0xB7)
                    continue;
            }
            if (!word_start(s, from, p))
                continue;
            size_t j = try_word(sc, p);
            if (j) { /* go on from j, itself a word start if a word byte is there */
                next = from = j;
                break;
            }
        }
        base = next;
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
    qsort(spans, (size_t)nspans, sizeof *spans, span_cmp);

    pl_mentions ms = {0};
    int sp = 0, body_lines = 0;
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
                   .scope = scope, .weight = w, .ps = spans + sp, .nps = sp_end - sp, .last = -1};
        scan_line(&sc);
    }
    pl_resolve(st, r, &ms);
}
