/* lines.h — a line source over plain, gzip and zstd files (see lines.c). */
#ifndef VN_LINES_H
#define VN_LINES_H

#include "vnews.h"

typedef struct vn_lines vn_lines;

/* path "-" is stdin. NULL with err set when the file cannot be opened. */
vn_lines *vn_lines_open(const char *path, size_t max_line, vn_error *err);
void vn_lines_close(vn_lines *l);
/* 1: a line (without "\n" or "\r\n") in *line, *len, valid until the next
 * call; 0: end; 2: a line skipped (too long; err says so); -1: the rest of
 * the file cannot be read (err says why). */
int vn_lines_next(vn_lines *l, const char **line, size_t *len, vn_error *err);
/* The first non-blank byte ahead, or -1 at end. */
int vn_lines_peek(vn_lines *l);
/* All that is left, appended to out: 0, -1 read error, -2 over max bytes. */
int vn_lines_slurp(vn_lines *l, vn_buf *out, size_t max);
long long vn_lines_lineno(const vn_lines *l);
long long vn_lines_bytes(const vn_lines *l);

#endif
