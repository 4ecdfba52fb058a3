/* testlib.c — runs pages through the library API directly (no CLI parsing),
 * so every test case checks the library and the CLI alike.
 * usage: vnews-testlib [--tone=old|new|keep] [--no-extract] FILE...  -> JSON Lines
 *        vnews-testlib --normalize [--tone=...] < text  -> vn_normalize() of stdin */
#include "vnews.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int normalize_stdin(const vn_options *o)
{
    vn_buf in = VN_BUF_INIT, out = VN_BUF_INIT;
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, stdin)) > 0)
        vn_buf_add(&in, chunk, k);
    vn_result rc = vn_normalize(o, in.ptr, in.len, &out, NULL);
    fwrite(out.ptr, 1, out.len, stdout);
    vn_buf_release(&in);
    vn_buf_release(&out);
    return rc != VN_OK;
}

int main(int argc, char **argv)
{
    vn_options o;
    vn_options_default(&o);
    const char *files[256];
    int n = 0, normalize = 0;
    for (int i = 1; i < argc && n < 256; i++) {
        if (!strcmp(argv[i], "--tone=new"))
            o.tone = VN_TONE_NEW;
        else if (!strcmp(argv[i], "--tone=keep"))
            o.tone = VN_TONE_KEEP;
        else if (!strcmp(argv[i], "--tone=old"))
            o.tone = VN_TONE_OLD;
        else if (!strcmp(argv[i], "--normalize"))
            normalize = 1;
        else if (!strcmp(argv[i], "--no-legacy"))
            o.legacy = 0;
        else if (!strcmp(argv[i], "--no-extract"))
            o.extract = 0;
        else if (argv[i][0] != '-' || !strcmp(argv[i], "-"))
            files[n++] = argv[i];
    }
    if (normalize)
        return normalize_stdin(&o);
    vn_lexicon *lx;
    vn_error err;
    if (vn_lexicon_load(NULL, &lx, &err)) {
        char m[1200];
        fprintf(stderr, "testlib: %s\n", vn_error_format(&err, m, sizeof m));
        return 2;
    }
    vn_context *c = vn_context_new(lx, &o);
    vn_reader *rd = vn_reader_new(files, n, 0);
    vn_buf out = VN_BUF_INIT;
    int failed = 0;
    for (;;) {
        vn_page p;
        vn_result rc = vn_reader_next(rd, &p, &err);
        if (rc == VN_ERR_NOT_FOUND)
            break;
        if (rc) {
            char m[1200];
            fprintf(stderr, "vnews: %s\n", vn_error_format(&err, m, sizeof m));
            failed = 1;
            continue;
        }
        const vn_record *r;
        vn_process(c, &p, &r);
        vn_buf_reset(&out);
        vn_record_json(r, &out);
        puts(out.ptr);
    }
    vn_buf_release(&out);
    vn_reader_free(rd);
    vn_context_free(c);
    vn_lexicon_free(lx);
    return failed;
}
