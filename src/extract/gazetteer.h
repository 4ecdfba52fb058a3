/* gazetteer.h — Vietnam's administrative units, before and after the 1 July
 * 2025 reorganisation, as loaded from data/gazetteer*.tsv (internal to the
 * places extractor and its tests).
 *
 * A unit has a level (1 province, 2 district, 3 commune), an era (before or
 * since 1 July 2025), a type and a name. Names map to groups of references:
 * "Kỳ Sơn" -> {huyện Kỳ Sơn of Nghệ An, huyện Kỳ Sơn of Hòa Bình (dissolved),
 * xã Kỳ Sơn of ...}; the extractor picks among them in context.
 *
 * Provinces are compared through "buckets": every province-level unit,
 * old or new, maps to the pre-2025 province of the same name (the 34 new
 * provinces all carry an old name), so "tỉnh Lào Cai" in 2023 and in 2026
 * count for the same province; `now` is the province since 1 July 2025. */
#ifndef VN_GAZETTEER_H
#define VN_GAZETTEER_H

#include "../core/stage.h"
#include "../core/trie.h"
#include "places_lookup.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

typedef enum gz_type {
    GZ_NONE = 0,
    GZ_TINH,      /* tỉnh */
    GZ_THANHPHO,  /* thành phố (province-level or district-level city) */
    GZ_QUAN,      /* quận */
    GZ_HUYEN,     /* huyện */
    GZ_THIXA,     /* thị xã */
    GZ_XA,        /* xã */
    GZ_PHUONG,    /* phường */
    GZ_THITRAN,   /* thị trấn */
    GZ_DACKHU,    /* đặc khu (since 2025) */
    GZ_NTYPES
} gz_type;

enum { GZ_OLD = 1, GZ_NEW = 2 }; /* era: before / since 1 July 2025 */

typedef struct gz_unit {
    const char *name, *code;
    unsigned char level, era, type, dissolved;
    int up;       /* parent unit, -1 for provinces */
    int province; /* the province-level unit it lies in (itself for provinces) */
    int now;      /* the province since 1 July 2025 */
    int bucket;   /* the pre-2025 province it counts for (see above): 0..nbuckets-1 */
} gz_unit;

/* One meaning of a name: which unit, under which type and spelling. */
typedef struct gz_ref {
    int unit;
    const char *display; /* the name as this spelling means it ("Thừa Thiên Huế") */
    unsigned char type;  /* the type under this name (a former name may differ) */
    unsigned char flags; /* GZ_REF_* */
} gz_ref;
enum { GZ_REF_TYPED_ONLY = 1 }; /* only right after a type word */

/* What the resolver (province.c) asks of a ref and its unit, in 12 bytes
 * beside gz->refs (gz->refx), so that a group's candidates are read from one
 * place rather than from the refs and the units they point to. */
typedef struct gz_refx {
    int unit, up;          /* the ref's unit, and the unit's parent */
    unsigned short bucket; /* the unit's */
    unsigned char level;   /* the unit's */
    unsigned char bits;    /* the ref's type (GZ_REFX_TYPE), GZ_REFX_*, the unit's era << GZ_REFX_ERA */
} gz_refx;
enum { GZ_REFX_TYPE = 0x0F, GZ_REFX_TYPED_ONLY = 0x10, GZ_REFX_DISSOLVED = 0x20, GZ_REFX_ERA = 6 };

enum { GZ_LEAD_BITS = 11, GZ_LEAD_WORDS = 1 << GZ_LEAD_BITS };

struct vn_gazetteer {
    gz_unit *units;
    int nunits;
    gz_ref *refs;    /* grouped by name: group g is refs[gstart[g] .. gstart[g+1]) (GZ_GSTART) */
    gz_refx *refx;   /* beside refs */
    int *gstart;
    int ngroups, nrefs;
    vn_trie *names;  /* every spelling of every unit -> group */
    vn_trie *bare;   /* province spellings matched without a type word -> group */
    /* by a hash of the first 4 bytes (gz_hash4): bit h & 7 of name4[h >> 3] for
     * the bare spellings, bit 8 + (h & 7) for the district spellings, so that
     * one load answers both (gz_name4) */
    uint16_t name4[8192];
    vn_trie *types;  /* type words in their case variants -> index into type_of */
    unsigned char *type_of;
    vn_trie *country, *street, *person; /* value 0: membership */
    unsigned char country_first[256]; /* the first bytes of the countries */
    vn_trie *hosts;  /* host label -> bucket unit */
    int *bucket_unit; /* bucket id -> its (pre-2025) province unit */
    int nbuckets;
    int avx2;        /* the place scanner may use AVX2 (pl_have_avx2) */
    int avx512;      /* ... and AVX-512 (pl_have_avx512) */
    unsigned char *keys; /* GZ_FIRST_* by a hash of the first two words (gz_name_keys),
                          * two bits a slot (gz_key_flags): 16 KB, to stay in the cache */
    uint64_t lead8[GZ_LEAD_WORDS]; /* the leads of those spellings (gz_lead8) */
    pl_lookup name_lookup;    /* the spellings of gz->names by hashing (gz_longest) */
    unsigned char *gbare;     /* group -> in gz->bare */
    unsigned long serial; /* this load's number (1, 2, ...): caches key on it, not on the address */
    const char **long_names; /* gz_long_names */
    int nlong, caplong;
    char **strs;     /* the blocks holding the owned strings */
    int nstrs, capstrs;
    char *pool;      /* free space in the last block */
    size_t pool_left;
};

/* Map a lowercase type word ("huyện") to its enum, GZ_NONE if none. */
gz_type gz_type_parse(const char *s);
const char *gz_type_name(int t);
/* The level class a type word asks for: 1 (tỉnh), 2 (district types),
 * 3 (commune types); thành phố can be 1 or 2 and gives 12. */
int gz_type_levels(int t);

/* gz->gstart[g]: where group g starts in gz->refs (the low bits) and its
 * fit bits (gz_group_fits) from bit GZ_GFIT. */
enum { GZ_GFIT = 23, GZ_GSTART = (1 << GZ_GFIT) - 1 };

/* The refs of group g. */
static inline const gz_ref *gz_group(const struct vn_gazetteer *gz, int g, int *n)
{
    int start = gz->gstart[g] & GZ_GSTART;
    *n = (gz->gstart[g + 1] & GZ_GSTART) - start;
    return gz->refs + start;
}

/* Can a bare province spelling start at s? A filter on its first four bytes
 * (all bare spellings are longer), so most capitalized words cost one lookup. */
static inline unsigned gz_hash4(const char *s)
{
    uint32_t k;
    memcpy(&k, s, 4); /* (the same bytes in the same order at load time and here) */
    return (k * 2654435761u) >> 16;
}
/* The filters on the first four bytes at s: bit 0 a bare province spelling
 * may start there, bit 1 a district spelling. */
static inline unsigned gz_name4(const struct vn_gazetteer *gz, const char *s, size_t n)
{
    if (n < 4)
        return 0;
    unsigned h = gz_hash4(s), w = (unsigned)gz->name4[h >> 3] >> (h & 7);
    return (w & 1) | (w >> 7 & 2);
}
static inline int gz_bare_may_start(const struct vn_gazetteer *gz, const char *s, size_t n)
{
    return (int)(gz_name4(gz, s, n) & 1);
}

static inline int gz_district_may_start(const struct vn_gazetteer *gz, const char *s, size_t n)
{
    return (int)(gz_name4(gz, s, n) >> 1);
}

/* Can a bare province or a district spelling start at s? */
static inline int gz_name_may_start(const struct vn_gazetteer *gz, const char *s, size_t n)
{
    return gz_name4(gz, s, n) != 0;
}

/* Which levels a mention may name (pl_ref_fits: 1, 12, 2, 3), as a bit of
 * the group's fit bits (gz->gstart[g] >> GZ_GFIT): set if some ref of the
 * group fits, and (the bit four higher) if some ref that may stand without a
 * type word does. In gstart, so that the test and the resolver's look at the
 * refs afterwards read one place. */
static inline unsigned gz_fit_bit(int levels, int bare)
{
    unsigned k = levels == 1 ? 0 : levels == 12 ? 1 : levels == 2 ? 2 : 3;
    return k + (bare ? 4 : 0);
}
/* Does some ref of group g fit `levels` (and may stand bare, if bare)? */
static inline int gz_group_fits(const struct vn_gazetteer *gz, int g, int levels, int bare)
{
    return (unsigned)gz->gstart[g] >> (GZ_GFIT + gz_fit_bit(levels, bare)) & 1;
}

/* What may start at a word of the text (gz_name_keys): the tries match
 * names only up to a word boundary, so a name found at s begins with s's
 * first words. Flags: */
enum {
    GZ_FIRST_BARE = 1, /* some spelling in gz->bare starts with it */
    GZ_FIRST_DIST = 2, /* some spelling of a district (level 2) does */
};

/* How the trie sees words (vn_trie_longest): ASCII letters, digits and '_'
 * continue a word (1), as do UTF-8 bytes (1) but for U+2000.. punctuation
 * E2 80 xx and Latin-1 punctuation C2 xx (2: look at the next byte). */
extern const unsigned char gz_word_byte[256];

/* A hash of s[0..len), eight bytes at a time; avail >= len bytes at s may be
 * read. */
static inline uint64_t gz_hash_bytes(const char *s, size_t len, size_t avail)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ len;
    for (size_t k = 0; k < len; k += 8) {
        uint64_t x = 0;
        if (avail - k >= 8) {
            memcpy(&x, s + k, 8);
            if (len - k < 8)
                x &= ~0ull >> (64 - 8 * (len - k));
        } else {
            for (size_t b = 0; b < len - k; b++)
                x |= (uint64_t)(unsigned char)s[k + b] << (8 * b);
        }
        h = (h ^ x) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 29;
    }
    return h;
}

/* Does the word go on at s[i] (i < n), as the tries see words? */
static inline int gz_goes_on(const char *s, size_t n, size_t i)
{
    unsigned c = gz_word_byte[(unsigned char)s[i]];
    if (c != 2)
        return c;
    if (i + 1 >= n)
        return 1;
    unsigned char d = (unsigned char)s[i + 1];
    return (unsigned char)s[i] == 0xE2 ? d != 0x80 : d >= 0xC0;
}

enum { GZ_KEY_BITS = 16 };
static inline unsigned gz_key_slot(uint32_t h)
{
    return (h * 0x9E3779B1u) >> (32 - GZ_KEY_BITS);
}
/* The GZ_FIRST_* flags of a slot of gz->keys (four slots a byte). */
static inline unsigned gz_key_flags(const unsigned char *keys, unsigned slot)
{
    return (unsigned)keys[slot >> 2] >> ((slot & 3) * 2) & 3;
}

/* The ends of the first word of s[0..n) (*e1) and of the second (*e2) if
 * a space and a second word follow; returns 2, 1 (one word) or 0 (none).
 * Byte by byte, as the tries see words. */
static inline int gz_key_lens_plain(const char *s, size_t n, size_t *e1, size_t *e2)
{
    size_t e = 0;
    while (e < n && gz_goes_on(s, n, e))
        e++;
    if (!e)
        return 0;
    *e1 = e;
    if (e + 1 >= n || s[e] != ' ' || !gz_goes_on(s, n, e + 1))
        return 1;
    for (e++; e < n && gz_goes_on(s, n, e); e++)
        ;
    *e2 = e;
    return 2;
}

#ifdef __SSE2__
/* The same sixteen bytes at a time: bit k of the mask is set where byte k
 * is ASCII other than a letter, digit or '_' (a word ends there) or C2/E2
 * (it may: those go to gz_key_lens_plain). */
__attribute__((always_inline)) static inline int gz_key_lens(const char *s, size_t n, size_t *e1, size_t *e2)
{
    if (n < 16)
        return gz_key_lens_plain(s, n, e1, e2);
    __m128i x = _mm_loadu_si128((const __m128i *)s);
    __m128i xl = _mm_or_si128(x, _mm_set1_epi8(0x20));
    __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(xl, _mm_set1_epi8('a' - 1)),
                                   _mm_cmplt_epi8(xl, _mm_set1_epi8('z' + 1)));
    __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                                  _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
    __m128i word = _mm_or_si128(_mm_or_si128(letter, digit), _mm_cmpeq_epi8(x, _mm_set1_epi8('_')));
    unsigned high = (unsigned)_mm_movemask_epi8(x);
    unsigned odd = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(xl, _mm_set1_epi8((char)0xE2)));
    unsigned stop = (~((unsigned)_mm_movemask_epi8(word) | high) & 0xFFFFu) | odd | 0x10000u;
    unsigned a = (unsigned)__builtin_ctz(stop);
    if (a == 16 || (odd >> a & 1))
        return gz_key_lens_plain(s, n, e1, e2);
    if (!a)
        return 0;
    *e1 = a;
    if (a == 15 && s[a] == ' ')
        return gz_key_lens_plain(s, n, e1, e2);
    if (s[a] != ' ' || (stop >> (a + 1) & 1)) {
        if (odd >> (a + 1) & 1) /* C2/E2 after the space */
            return gz_key_lens_plain(s, n, e1, e2);
        return 1;
    }
    unsigned b = a + 1 + (unsigned)__builtin_ctz(stop >> (a + 1));
    if (b >= 16 || (odd >> b & 1))
        return gz_key_lens_plain(s, n, e1, e2);
    *e2 = b;
    return 2;
}
#else
#define gz_key_lens gz_key_lens_plain
#endif

/* The hash of a key (gz->keys, gz_key_slot). */
static inline uint32_t gz_key_hash(const char *s, size_t len, size_t avail)
{
    return (uint32_t)(gz_hash_bytes(s, len, avail) >> 32);
}

/* gz_key_hash() of s[0..len) for len <= 16 with 16 bytes to read: the same
 * steps as gz_hash_bytes(), without its loop. */
__attribute__((always_inline)) static inline uint32_t gz_key_hash16(const char *s, size_t len)
{
    uint64_t x, y, h = 0x9E3779B97F4A7C15ull ^ len;
    memcpy(&x, s, 8);
    if (len < 8)
        x &= ~0ull >> (64 - 8 * len);
    h = (h ^ x) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 29;
    if (len > 8) {
        memcpy(&y, s + 8, 8);
        if (len < 16)
            y &= ~0ull >> (64 - 8 * (len - 8));
        h = (h ^ y) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 29;
    }
    return (uint32_t)(h >> 32);
}

/* GZ_FIRST_* of the names that s[0..n) may begin with (a bare province, a
 * district), by its first two words: a filter that may say yes wrongly,
 * never no (gz->keys). A spelling is keyed by its first two words when it
 * has them, else by its first word (gz_key_lens_plain at load time): a text
 * that begins with the spelling (up to a word boundary) has the same words
 * there, so its first word or its first two give the key. */
__attribute__((always_inline)) static inline unsigned gz_name_keys(const struct vn_gazetteer *gz, const char *s,
                                                                   size_t n)
{
    size_t e1, e2;
    int words = gz_key_lens(s, n, &e1, &e2);
    if (!words)
        return 0;
    int short_ = n >= 16 && (words == 2 ? e2 : e1) <= 16;
    unsigned f = gz_key_flags(gz->keys, gz_key_slot(short_ ? gz_key_hash16(s, e1) : gz_key_hash(s, e1, n)));
    if (words == 2)
        f |= gz_key_flags(gz->keys, gz_key_slot(short_ ? gz_key_hash16(s, e2) : gz_key_hash(s, e2, n)));
    return f;
}

/* A cheaper filter than gz->keys, on the first 8 bytes: the bare province
 * and district spellings by their first word (the bytes up to the first word
 * end e1, at most 8) and the first two bytes of the second. Word ends here:
 * ASCII other than a letter or digit, C2, E2 — all the places a trie match
 * can end are among them, so a text that begins with a spelling begins with
 * its first word and, where a space follows it, the same next two bytes. A
 * 64-bit word per first word (by a hash): bit 0 for a spelling of one word
 * (or whose first word goes on past 8 bytes, or does not end at a space, or
 * whose second word is one byte), bit gz_lead_bit(b1, b2) for one whose
 * second word begins with b1 b2 (bit 0 too at times: it only lets more
 * through). */
static const uint64_t GZ_MASK8[9] = {0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFFull, 0xFFFFFFFFFFull,
                                     0xFFFFFFFFFFFFull, 0xFFFFFFFFFFFFFFull, ~0ull};
static inline unsigned gz_lead_word(uint64_t first)
{
    return (unsigned)((first * 0x9E3779B97F4A7C15ull) >> (64 - GZ_LEAD_BITS));
}
static inline unsigned gz_lead_bit(unsigned b1, unsigned b2)
{
    return (b1 << 3 ^ b2) & 63;
}
/* w: the first 8 bytes of a text, e1 (<= 8): its first word's end, capped
 * at 8; next: the 2 bytes at e1 + 1. May a bare province or a district
 * spelling start there? */
static inline int gz_lead8(const struct vn_gazetteer *gz, uint64_t w, unsigned e1, const unsigned char *next)
{
    uint64_t word = gz->lead8[gz_lead_word(w & GZ_MASK8[e1])];
    uint64_t space = (uint64_t)(next[-1] == ' ') & (e1 < 8); /* (next[-1]: byte e1; without a branch) */
    return (word & (1 | space << gz_lead_bit(next[0], next[1]))) != 0;
}

/* The longest spelling (of gz->bare if bare, else of any name) that s[0..n)
 * begins with, ending at a word boundary: its group, and *mlen; or -1. The
 * same as vn_trie_longest() on gz->names / gz->bare (places_lookup.h). */
static inline int gz_longest(const struct vn_gazetteer *gz, int bare, const char *s, size_t n, size_t *mlen)
{
    return pl_lookup_longest(&gz->name_lookup, bare ? gz->gbare : NULL, bare ? gz->bare : gz->names, s, n, mlen);
}

/* The name group of exactly s[0..n) ("Kỳ Sơn"), or -1. */
int gz_lookup(const struct vn_gazetteer *gz, const char *s, size_t n);

/* The names of districts, of communes before and since 2025, and former
 * names (kinds D C W F) of three words or more, as gazetteer.tsv lists them:
 * the people lexicon takes those that start with a surname
 * (vn_people_lex_load_gz) without reading the file again. */
static inline const char *const *gz_long_names(const struct vn_gazetteer *gz, int *n)
{
    *n = gz->nlong;
    return gz->long_names;
}


/* The positions of the first tabs (at most max) of line[0..len) into at;
 * how many there are. Sixteen bytes at a time: for the lines of
 * gazetteer.tsv, which two lexicons read, and split by position. */
int gz_tabs(const char *line, size_t len, size_t *at, int max);

/* The province bucket a web host points to ("laocai.gov.vn", "baobackan.vn"),
 * or -1. */
int gz_host_bucket(const struct vn_gazetteer *gz, const char *host);

/* A spelling with the other tone placement (Hòa <-> Hoà, Thủy <-> Thuỷ), into
 * out (n+1 bytes); returns 1 if it differs. Same byte length by construction. */
int gz_tone_variant(const char *s, size_t n, char *out);
/* Form k of s[0..n) as the loader enters names: 0 as given, 1 Capitalized,
 * 2 Title Case ("Thành Phố"), 3 CAPITALS; into buf (cap bytes, cut at a
 * character that would not fit), NUL-terminated; its length. */
size_t gz_case_form(const char *s, size_t n, int form, char *buf, size_t cap);

#endif
