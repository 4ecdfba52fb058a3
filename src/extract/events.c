/* events.c — STUB until this extractor lands. */
#include "extract.h"
#include <stdlib.h>
struct vn_event_lex { int unused; };
vn_result vn_event_lex_load(const char *dir, struct vn_event_lex **out, vn_error *err) { (void)dir; (void)err; *out = calloc(1, sizeof **out); return VN_OK; }
void vn_event_lex_free(struct vn_event_lex *p) { free(p); }
void vn_extract_events(vn_stage *st, vn_record *r) { (void)st; (void)r; }
