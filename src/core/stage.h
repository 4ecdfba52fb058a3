/* stage.h — what every pipeline stage receives (internal). */
#ifndef VN_STAGE_H
#define VN_STAGE_H

#include "record.h"

struct vn_page_lex;     /* src/page: section headers, furniture phrases, caption cues */
struct vn_doc_lex;      /* src/extract/documents: kinds, type letters, issuer codes */
struct vn_people_lex;   /* src/extract/people: surnames, ranks, bodies, cues */
struct vn_gazetteer;    /* src/extract/places: provinces, districts, communes, mapping */
struct vn_event_lex;    /* src/extract/events: event words, number words, units */

struct vn_lexicon {
    char *dir;
    struct vn_page_lex *page;
    struct vn_doc_lex *docs;
    struct vn_people_lex *people;
    struct vn_gazetteer *gaz;
    struct vn_event_lex *events;
};

typedef struct vn_stage {
    vn_arena *arena;             /* the page's arena: everything in the record */
    const struct vn_lexicon *lex;
    const vn_options *opt;
    const vn_linestats *ls;      /* may be NULL */
    vn_buf scratch;              /* free for any stage to use between calls */
} vn_stage;

/* Each lexicon part loads its own files from dir; err names the file, line. */
vn_result vn_page_lex_load(const char *dir, struct vn_page_lex **out, vn_error *err);
void vn_page_lex_free(struct vn_page_lex *p);
vn_result vn_doc_lex_load(const char *dir, struct vn_doc_lex **out, vn_error *err);
void vn_doc_lex_free(struct vn_doc_lex *p);
vn_result vn_people_lex_load(const char *dir, struct vn_people_lex **out, vn_error *err);
/* The same lexicon, the unit names taken from gz_long_names of a loaded
 * gazetteer instead of from gazetteer.tsv (gz NULL: read it); for
 * vn_lexicon_load, which loads the gazetteer first. */
vn_result vn_people_lex_load_gz(const char *dir, const struct vn_gazetteer *gz, struct vn_people_lex **out,
                                vn_error *err);
void vn_people_lex_free(struct vn_people_lex *p);
vn_result vn_gazetteer_load(const char *dir, struct vn_gazetteer **out, vn_error *err);
void vn_gazetteer_free(struct vn_gazetteer *p);
vn_result vn_event_lex_load(const char *dir, struct vn_event_lex **out, vn_error *err);
void vn_event_lex_free(struct vn_event_lex *p);

/* A helper for lexicon loaders: read dir/name whole into a malloc'd,
 * NUL-terminated buffer; each line without "#" comments and trailing space is
 * handed to fn(line, len, lineno, ctx); a non-zero return stops with VN_ERR_DATA
 * naming file:line. */
typedef int (*vn_data_line_fn)(char *line, size_t len, int lineno, void *ctx);
vn_result vn_data_each_line(const char *dir, const char *name, vn_data_line_fn fn, void *ctx,
                            vn_error *err);
/* Split a line on '\t' in place: up to max fields; returns count. */
int vn_data_fields(char *line, char **fields, int max);

#endif
