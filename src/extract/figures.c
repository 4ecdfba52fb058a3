/* figures.c — STUB until this extractor lands. */
#include "extract.h"
#include <stdlib.h>
void vn_extract_figures(vn_stage *st, vn_record *r) { (void)st; (void)r; }
