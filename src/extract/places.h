/* places.h — shared between the place scanner (places.c) and the resolver
 * that picks the article's province and the unit each mention means
 * (province.c). Internal. */
#ifndef VN_PLACES_H
#define VN_PLACES_H

#include "extract.h"
#include "gazetteer.h"

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

/* Does ref r fit a mention that allows `levels` (see pl_mention)? */
int pl_ref_fits(const struct vn_gazetteer *gz, const gz_ref *r, int levels);

/* Pick the article's province from the mentions (and the source host), set
 * r->province_name / province_now, resolve each mention's unit and emit
 * r->places. province.c */
void pl_resolve(vn_stage *st, vn_record *r, pl_mentions *ms);

#endif
