/* segment_int.h — the state the segmentation passes share (segment.c, fill.c). */
#ifndef VN_SEGMENT_INT_H
#define VN_SEGMENT_INT_H

#include "page_int.h"

#define PAGE_MAX_NAMES 8

/* What a line looks like (pass 1). Lookups are done for short lines only
 * (key != NULL). */
typedef struct pfeat {
    int words;              /* space-separated tokens, capped at 64 */
    vn_end end;             /* how the line ends */
    int sentences;          /* sentences in a short line (9 = many / long) */
    const char *key;        /* lookup key: see seg_key */
    int klen;
    unsigned remnant : 1, cell : 1, noletters : 1, dateline : 1, para : 1, starts_upper : 1;
    unsigned short_ : 1, weather : 1;    /* at most VN_PAGE_SHORT bytes: looked up, not only measured */
    unsigned have_sent : 1, have_cap : 1, have_byline : 1, have_open : 1; /* lazily measured */
    unsigned have_cap_why : 1;
    const char *cap_why;    /* vn_seg_caption_why's answer, once asked (have_cap_why) */
    int open;               /* the caption cue opening the line (VN_CAP_*) */
    int cell_b, cell_e;     /* the text inside a "| … |" cell */
    const char *iso;        /* a dateline's date-time */
    int dl_author_b, dl_author_e; /* and the author it names ("Thu Hà | 12/08/2025 15:20"), if any */
    vn_pl_kind kind;        /* furniture / section header / inline teaser */
    const char *kind_why;
    /* measured on first use (seg_cap, seg_sentences, seg_byline_kind): */
    vn_capcues cap;         /* caption cues */
    vn_pb_kind bkind;       /* byline cue at the start */
    size_t bmlen;
    int names;              /* the line is only personal names: how many */
    int names_len;          /* ... in its first bytes (0: all; "Văn Tài - Trung tâm …") */
} pfeat;

typedef struct pseg {
    vn_record *r;
    pfeat *f;
    int n;
    const struct vn_page_lex *lx;
    vn_arena *arena;
    int first_para;         /* the first paragraph-shaped line, whatever its role (n if none) */
    int title_slot;         /* the heading nearest above it, or -1 */
    const char *line_host;  /* a source host printed on the page */
    const vn_page *page;    /* the page the lines came from, or NULL */
} pseg;

/* A short line's lookup key (made on first use), NULL for a long line. */
const char *seg_key(pseg *g, int i);
const vn_capcues *seg_cap(pseg *g, int i);
int seg_cap_opening(pseg *g, int i);
int seg_sentences(pseg *g, int i);
/* The byline cue that opens line i (and sets f->bmlen, f->names). */
vn_pb_kind seg_byline_kind(pseg *g, int i);

const char *vn_seg_caption_why(pseg *g, int i);
/* Is line i a byline or source line (at_end: below the article)? If so, its
 * role is set and its names are added to the authors. */
int vn_seg_byline(vn_stage *st, pseg *g, int i, int at_end);
/* The personal names of s[0..n) into the record's authors. */
void vn_seg_add_authors(vn_stage *st, vn_record *r, const char *s, size_t n);
/* The lead, then the record's fields from the roles. */
void vn_seg_fill(vn_stage *st, pseg *g, int title);

#endif
