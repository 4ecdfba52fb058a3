/* table.c — answers as aligned tables (for people) or JSON Lines (for
 * programs). A table is collected, then each column gets the width of its
 * widest cell; when the row is wider than the terminal the widest columns
 * give way first and long cells end in "…". */
#include "arc.h"
#include "../core/uni.h"

#include <stdlib.h>
#include <string.h>

#define NULL_CELL "\x01"

void vn_rows_init(vn_rows *r, vn_buf *out, int table, int width, int ncol, const char **cols,
                  const char *types)
{
    memset(r, 0, sizeof *r);
    r->out = out;
    r->table = table;
    r->width = width;
    r->ncol = ncol;
    r->cols = cols;
    r->json_types = types;
    vn_buf_init(&r->cells, 0);
}

int vn_arc_width(const char *s, size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n;) {
        int len;
        int32_t c = vn_utf8_next(s + i, n - i, &len);
        i += (size_t)len;
        if (c >= 0x300 && c <= 0x36F)
            continue;
        if (c == '\x1b') { /* an ANSI escape (highlighting): no width */
            while (i < n && s[i] != 'm')
                i++;
            i++;
            continue;
        }
        w++;
    }
    return w;
}

static void json_row(vn_rows *r, const char *const *cells)
{
    vn_buf *o = r->out;
    vn_buf_addc(o, '{');
    for (int c = 0; c < r->ncol; c++) {
        if (c)
            vn_buf_addc(o, ',');
        vn_buf_add_json_str(o, r->cols[c], strlen(r->cols[c]));
        vn_buf_addc(o, ':');
        const char *v = cells[c];
        char t = r->json_types ? r->json_types[c] : 's';
        if (!v)
            vn_buf_add(o, "null", 4);
        else if (t == 'n' || t == 'j')
            vn_buf_adds(o, *v ? v : "null");
        else
            vn_buf_add_json_str(o, v, strlen(v));
    }
    vn_buf_add(o, "}\n", 2);
}

void vn_rows_add(vn_rows *r, const char *const *cells)
{
    if (!r->table) {
        json_row(r, cells);
        return;
    }
    for (int c = 0; c < r->ncol; c++) {
        const char *v = cells[c];
        if (!v) {
            vn_buf_add(&r->cells, NULL_CELL, 2);
            continue;
        }
        /* one line per cell: newlines and tabs become spaces */
        for (const char *p = v; *p; p++)
            vn_buf_addc(&r->cells, (*p == '\n' || *p == '\t' || *p == '\r') ? ' ' : *p);
        vn_buf_addc(&r->cells, '\0');
    }
    r->nrows++;
}

/* Append s cut to w display columns ("…" marks a cut), padded to w. */
static void cell_out(vn_buf *o, const char *s, int w, int pad)
{
    size_t n = strlen(s);
    int have = vn_arc_width(s, n);
    if (have <= w) {
        vn_buf_add(o, s, n);
        if (pad)
            for (int k = have; k < w; k++)
                vn_buf_addc(o, ' ');
        return;
    }
    int cols = 0;
    size_t i = 0;
    int in_escape = 0;
    while (i < n && cols < w - 1) {
        int len;
        int32_t c = vn_utf8_next(s + i, n - i, &len);
        if (c == 0x1b)
            in_escape = 1;
        if (!in_escape && !(c >= 0x300 && c <= 0x36F))
            cols++;
        if (in_escape && c == 'm')
            in_escape = 0;
        i += (size_t)len;
    }
    while (i < n && (unsigned char)s[i] >= 0x80 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i++;
    vn_buf_add(o, s, i);
    if (memchr(s, 0x1b, n))
        vn_buf_adds(o, "\x1b[0m");
    vn_buf_adds(o, "…");
    cols++;
    if (pad)
        for (int k = cols; k < w; k++)
            vn_buf_addc(o, ' ');
}

void vn_rows_finish(vn_rows *r)
{
    if (!r->table || r->ncol == 0) {
        vn_buf_release(&r->cells);
        return;
    }
    int nc = r->ncol;
    int *w = calloc((size_t)nc, sizeof *w);
    const char **cells = calloc((size_t)r->nrows * (size_t)nc + 1, sizeof *cells);
    const char *p = r->cells.ptr;
    for (int i = 0; i < r->nrows * nc; i++) {
        cells[i] = p;
        p += strlen(p) + 1;
    }
    for (int c = 0; c < nc; c++)
        w[c] = vn_arc_width(r->cols[c], strlen(r->cols[c]));
    for (int i = 0; i < r->nrows * nc; i++) {
        const char *v = strcmp(cells[i], NULL_CELL) ? cells[i] : "";
        int k = vn_arc_width(v, strlen(v));
        if (k > w[i % nc])
            w[i % nc] = k;
    }
    if (r->width > 0) {
        /* shrink the widest column until the row fits (columns keep >= 6) */
        for (;;) {
            int total = 0, widest = 0;
            for (int c = 0; c < nc; c++) {
                total += w[c] + (c ? 2 : 0);
                if (w[c] > w[widest])
                    widest = c;
            }
            if (total <= r->width || w[widest] <= 6)
                break;
            int over = total - r->width;
            int second = 0;
            for (int c = 0; c < nc; c++)
                if (c != widest && w[c] > second)
                    second = w[c];
            int cut = w[widest] - second;
            if (cut < 1)
                cut = 1;
            if (cut > over)
                cut = over;
            w[widest] -= cut;
            if (w[widest] < 6)
                w[widest] = 6;
        }
    }
    vn_buf *o = r->out;
    for (int c = 0; c < nc; c++) {
        if (c)
            vn_buf_add(o, "  ", 2);
        cell_out(o, r->cols[c], w[c], c < nc - 1);
    }
    vn_buf_addc(o, '\n');
    for (int c = 0; c < nc; c++) {
        if (c)
            vn_buf_add(o, "  ", 2);
        for (int k = 0; k < w[c]; k++)
            vn_buf_adds(o, "─");
    }
    vn_buf_addc(o, '\n');
    for (int i = 0; i < r->nrows; i++) {
        for (int c = 0; c < nc; c++) {
            const char *v = cells[i * nc + c];
            if (!strcmp(v, NULL_CELL))
                v = "";
            if (c)
                vn_buf_add(o, "  ", 2);
            cell_out(o, v, w[c], c < nc - 1);
        }
        /* no trailing spaces */
        while (o->len && o->ptr[o->len - 1] == ' ')
            o->len--;
        vn_buf_addc(o, '\n');
    }
    free(w);
    free(cells);
    vn_buf_release(&r->cells);
}
