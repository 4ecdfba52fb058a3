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

#include <stdint.h>

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

struct vn_gazetteer {
    gz_unit *units;
    int nunits;
    gz_ref *refs;    /* grouped by name: group g is refs[gstart[g] .. gstart[g+1]) */
    int *gstart;
    int ngroups, nrefs;
    vn_trie *names;  /* every spelling of every unit -> group */
    vn_trie *bare;   /* province spellings matched without a type word -> group */
    unsigned char bare4[8192]; /* bits by a hash of the first 4 bytes of the bare spellings */
    unsigned char dist4[8192]; /* the same for district spellings */
    unsigned char any4[8192];  /* bare4 | dist4 */
    vn_trie *types;  /* type words in their case variants -> index into type_of */
    unsigned char *type_of;
    vn_trie *country, *street, *person; /* value 0: membership */
    vn_trie *hosts;  /* host label -> bucket unit */
    int *bucket_unit; /* bucket id -> its (pre-2025) province unit */
    int nbuckets;
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

/* The refs of group g. */
static inline const gz_ref *gz_group(const struct vn_gazetteer *gz, int g, int *n)
{
    *n = gz->gstart[g + 1] - gz->gstart[g];
    return gz->refs + gz->gstart[g];
}

/* Can a bare province spelling start at s? A filter on its first four bytes
 * (all bare spellings are longer), so most capitalized words cost one lookup. */
static inline unsigned gz_hash4(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t k = (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
    return (k * 2654435761u) >> 16;
}
static inline int gz_bare_may_start(const struct vn_gazetteer *gz, const char *s, size_t n)
{
    if (n < 4)
        return 0;
    unsigned h = gz_hash4(s);
    return gz->bare4[h >> 3] >> (h & 7) & 1;
}

static inline int gz_district_may_start(const struct vn_gazetteer *gz, const char *s, size_t n)
{
    if (n < 4)
        return 0;
    unsigned h = gz_hash4(s);
    return gz->dist4[h >> 3] >> (h & 7) & 1;
}

/* Can a bare province or a district spelling start at s? */
static inline int gz_name_may_start(const struct vn_gazetteer *gz, const char *s, size_t n)
{
    if (n < 4)
        return 0;
    unsigned h = gz_hash4(s);
    return gz->any4[h >> 3] >> (h & 7) & 1;
}

/* The name group of exactly s[0..n) ("Kỳ Sơn"), or -1. */
int gz_lookup(const struct vn_gazetteer *gz, const char *s, size_t n);

/* The province bucket a web host points to ("laocai.gov.vn", "baobackan.vn"),
 * or -1. */
int gz_host_bucket(const struct vn_gazetteer *gz, const char *host);

/* A spelling with the other tone placement (Hòa <-> Hoà, Thủy <-> Thuỷ), into
 * out (n+1 bytes); returns 1 if it differs. Same byte length by construction. */
int gz_tone_variant(const char *s, size_t n, char *out);

#endif
