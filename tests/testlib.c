/* testlib.c — runs pages through the library API directly (no CLI parsing),
 * so every test case checks the library and the CLI alike.
 * usage: vnews-testlib [--tone=old|new|keep] [--no-extract] FILE...  -> JSON Lines */
#include "vnews.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    vn_options o;
    vn_options_default(&o);
    const char *files[256];
    int n = 0;
    for (int i = 1; i < argc && n < 256; i++) {
        if (!strcmp(argv[i], "--tone=new"))
            o.tone = VN_TONE_NEW;
        else if (!strcmp(argv[i], "--tone=keep"))
            o.tone = VN_TONE_KEEP;
        else if (!strcmp(argv[i], "--tone=old"))
            o.tone = VN_TONE_OLD;
        else if (!strcmp(argv[i], "--no-extract"))
            o.extract = 0;
        else if (argv[i][0] != '-' || !strcmp(argv[i], "-"))
            files[n++] = argv[i];
    }
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
