/* places.h — shared between the place scanner (places.c) and the resolver
 * that picks the article's province and the unit each mention means
 * (province.c). Internal. */
#ifndef VN_PLACES_H
#define VN_PLACES_H

#include "extract.h"
#include "gazetteer.h"

#include <stdint.h>

/* A place named in a line: a type word and a name ("huyện Kỳ Sơn", "Tỉnh ủy
 * Bắc Kạn", a list item after "các huyện"), or a bare province name. */
typedef struct pl_mention {
    int li;              /* index into r->lines */
    int group;           /* gazetteer name group */
    unsigned char type;  /* the type word's type, GZ_NONE for a bare name */
    unsigned char levels;/* what the type word allows: 1, 12 (thành phố), 2, 3 */
    unsigned char scope; /* VN_IN_ARTICLE / VN_IN_RELATED */
    unsigned char chained; /* the next mention of the line contains it: "xã A, huyện B" */
    int start, end;      /* code points of the name in the line */
    float weight;        /* how much the line counts for the article's province */
    int unit;            /* resolved unit or -1; ref: the meaning used, or -1 */
    int ref;
} pl_mention;

typedef VN_VEC(pl_mention) pl_mentions;

/* The word starts of a line where a mention may begin (places_scan.c): a
 * word's first byte after a non-word character, where a type word or a
 * place's name may begin, as the first bytes tell (a superset: the
 * recognizer looks closer). A line is scanned a chunk at a time. */
enum { PL_CHUNK_BLOCKS = 32 }; /* of 64 bytes; a block has at most 32 starts */
enum { PL_START_AT = 0x7FFFFFFF, PL_START_TYPE = 0x80000000u };

typedef struct pl_carry { /* the last block's byte masks: a word start depends on 3 bytes before */
    uint64_t sep, cont, c2, e2;
} pl_carry;

typedef struct pl_chunk {
    size_t at;                  /* where the next chunk starts */
    pl_carry carry;
    size_t base, end;           /* this chunk: s[base .. end) */
    int n;
    /* the starts, as offsets from base (PL_START_AT), increasing, with
     * PL_START_TYPE where the type-word test passed (elsewhere no type word
     * starts) */
    uint32_t start[PL_CHUNK_BLOCKS * 32];
    /* bit per byte: words end there (separators, C2, E2); and one more word,
     * for the 8 bytes after the last block (where a capital starts near its end) */
    uint64_t ends[PL_CHUNK_BLOCKS + 1];
} pl_chunk;

/* Scan from byte `at` as if a word may start there (nothing before is read). */
void pl_chunk_restart(pl_chunk *c, size_t at);
/* The next chunk of s[0..n) after c->at (gz: its filters, and gz->avx2/avx512). */
void pl_scan_chunk(pl_chunk *c, const char *s, size_t n, const struct vn_gazetteer *gz);
/* The first byte after p (in the chunk) that may end p's word, or 0 if none
 * in the chunk. */
static inline size_t pl_chunk_word_end(const pl_chunk *c, size_t p)
{
    size_t off = p + 1 - c->base, limit = c->end - c->base;
    while (off < limit) {
        uint64_t bits = c->ends[off / 64] >> (off % 64);
        if (bits)
            return c->base + off + (unsigned)__builtin_ctzll(bits);
        off = (off / 64 + 1) * 64;
    }
    return 0;
}
int pl_have_avx2(void);
int pl_have_avx512(void); /* AVX-512 BW (and AVX2, BMI2) */
/* The code points in s[0..n) (a byte offset to a span offset). */
size_t pl_count_cps(const char *s, size_t n, int avx2);

/* Does ref r fit a mention that allows `levels` (see pl_mention)? */
static inline int pl_ref_fits(const struct vn_gazetteer *gz, const gz_ref *r, int levels)
{
    int level = gz->units[r->unit].level;
    switch (levels) {
    case 1: return level == 1;
    case 12: return level <= 2 && r->type == GZ_THANHPHO;
    default: return level == levels;
    }
}

/* Pick the article's province from the mentions (and the source host), set
 * r->province_name / province_now, resolve each mention's unit and emit
 * r->places. province.c */
void pl_resolve(vn_stage *st, vn_record *r, pl_mentions *ms);

#endif
