/* fuzz_jsonl.c — the JSON Lines reader (and the JSON parser under it): any
 * bytes, read as .jsonl, as a sniffed stream, and through the JSON parser. */
#include "../src/core/json.h"
#include "vnews.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void read_all(const char *path, size_t max_line)
{
    const char *paths[] = {path};
    vn_reader *r = vn_reader_new(paths, 1, max_line);
    vn_page p;
    vn_error e;
    vn_result rc;
    int guard = 0;
    while ((rc = vn_reader_next(r, &p, &e)) != VN_ERR_NOT_FOUND && guard++ < 100000) {
        if (rc == VN_OK && p.text_len && !p.text)
            abort();
    }
    vn_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char jsonl[64], plain[64];
    if (!jsonl[0]) {
        snprintf(jsonl, sizeof jsonl, "/tmp/vnews-fuzz-%d.jsonl", (int)getpid());
        snprintf(plain, sizeof plain, "/tmp/vnews-fuzz-%d.in", (int)getpid());
    }
    FILE *f = fopen(jsonl, "wb");
    fwrite(data, 1, size, f);
    fclose(f);
    read_all(jsonl, 0);
    read_all(jsonl, 64); /* tiny line cap: the over-long line path */
    rename(jsonl, plain);
    read_all(plain, 0);
    unlink(plain);

    vn_arena *a = vn_arena_new();
    size_t off;
    const char *msg;
    vn_json *v = vn_json_parse(a, (const char *)data, size, &off, &msg);
    if (v) {
        vn_buf b = VN_BUF_INIT;
        vn_json_write(v, &b);
        /* what we write must parse again */
        if (!vn_json_parse(a, b.ptr, b.len, &off, &msg))
            abort();
        vn_buf_release(&b);
    } else if (off > size) {
        abort();
    }
    vn_arena_free(a);
    return 0;
}
