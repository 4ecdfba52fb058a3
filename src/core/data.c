/* data.c — reading the line-oriented data files of data/ for the lexicons. */
#include "stage.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

vn_result vn_data_each_line(const char *dir, const char *name, vn_data_line_fn fn, void *ctx,
                            vn_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        vn_error_set(err, errno == ENOENT ? VN_ERR_NOT_FOUND : VN_ERR_IO, path, 0, -1,
                     "cannot open data file: %s", strerror(errno));
        return err ? err->code : VN_ERR_IO;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int lineno = 0;
    long long off = 0;
    vn_result rc = VN_OK;
    while ((got = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t len = (size_t)got;
        /* strip comments that start a line or follow a tab/space */
        for (size_t i = 0; i < len; i++) {
            if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
                len = i;
                break;
            }
        }
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' ' ||
                       line[len - 1] == '\t'))
            len--;
        line[len] = '\0';
        if (len && fn(line, len, lineno, ctx)) {
            vn_error_set(err, VN_ERR_DATA, path, lineno, off, "malformed entry: %.80s", line);
            rc = VN_ERR_DATA;
            break;
        }
        off += got;
    }
    free(line);
    fclose(f);
    return rc;
}

int vn_data_fields(char *line, char **fields, int max)
{
    int k = 0;
    char *p = line;
    while (k < max) {
        fields[k++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return k;
}
