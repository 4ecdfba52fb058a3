/* test_record_json.c — the JSON reader's vector paths (AVX-512BW, AVX2, none)
 * decode strings alike, in place and not: random strings of long plain runs,
 * escapes at every distance, raw UTF-8 and the odd error. */
#include "../../src/core/json.h"
#include "../../src/core/record.h"
#include "unit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern int vn_json_vector; /* json.c: 2 the best the CPU has, 1 at most AVX2, 0 none */

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static unsigned rnd(unsigned n)
{
    return unit_rnd(&rng, n);
}

static const char *const PIECES[] = {"a", "Tỉnh ủy ", "\\n", "\\\"", "\\\\", "\\u00e9", "\\ud83d\\ude00",
                                     "\\t", "\\/", "x", " ", "0123456789abcdef", "\x01", "\\q", "đ"};

/* the decoded text, its length, or "ERR" and the error offset */
static void parse_one(const char *src, size_t n, int inplace, char *out, size_t cap)
{
    vn_arena *a = vn_arena_new();
    char *w = malloc(n + 1);
    memcpy(w, src, n);
    w[n] = '\0';
    size_t off = 0;
    const char *msg = NULL;
    vn_json *v = inplace ? vn_json_parse_inplace(a, w, n, &off, &msg) : vn_json_parse(a, w, n, &off, &msg);
    if (!v || v->type != VN_JSON_STRING) {
        snprintf(out, cap, "ERR %zu", off);
    } else {
        size_t k = v->len < cap - 16 ? v->len : cap - 16;
        int h = snprintf(out, cap, "%zu:", v->len);
        memcpy(out + h, v->str, k);
        out[h + k] = '\0';
    }
    free(w);
    vn_arena_free(a);
}

VN_TEST(record_json_reader_paths_agree)
{
    static char src[4096], want[8192], got[8192];
    int bad = 0;
    for (int t = 0; t < 3000; t++) {
        size_t n = 0;
        src[n++] = '"';
        size_t len = rnd(t % 5 == 0 ? 3000 : 300);
        unsigned kinds = t % 7 == 0 ? 15 : 13; /* now and then a control byte or a bad escape */
        while (n < len) {
            const char *p = PIECES[rnd(kinds)];
            size_t k = strlen(p);
            if (p[0] == 'a' || p[0] == 'x') /* plain runs of every length */
                for (unsigned r = rnd(90); r-- && n < sizeof src - 8;)
                    src[n++] = (char)('a' + rnd(26));
            else if (n + k < sizeof src - 8) {
                memcpy(src + n, p, k);
                n += k;
            }
        }
        if (t % 11)
            src[n++] = '"';
        for (int inplace = 0; inplace < 2; inplace++) {
            vn_json_vector = 0;
            parse_one(src, n, inplace, want, sizeof want);
            for (int v = 1; v <= 2; v++) {
                vn_json_vector = v;
                parse_one(src, n, inplace, got, sizeof got);
                bad += strcmp(want, got) != 0;
            }
        }
        vn_json_vector = 2;
    }
    CHECK(bad == 0);
}

extern int vn_record_vector; /* record.c: 2 long strings with AVX-512BW where the CPU has it, 0 not */

/* The record writer's vector path for long strings writes what
 * vn_buf_add_json_utf8 writes: paragraphs of every length around 64, with
 * quotes, backslashes and control bytes anywhere. */
VN_TEST(record_json_long_strings_agree)
{
    static char text[40][700];
    const char *body[40];
    int bad = 0;
    for (int t = 0; t < 300; t++) {
        vn_record r;
        memset(&r, 0, sizeof r);
        r.id = "x";
        for (int k = 0; k < 40; k++) {
            size_t n = rnd(k < 20 ? 140 : 690);
            for (size_t i = 0; i < n; i++) {
                unsigned c = rnd(40);
                text[k][i] = c == 0 ? '"' : c == 1 ? '\\' : c == 2 ? (char)(1 + rnd(31)) : c < 8 ? (char)0xE1
                             : (char)('a' + rnd(26));
            }
            text[k][n] = '\0';
            body[k] = text[k];
        }
        r.body.v = body;
        r.body.n = 40;
        r.lead = text[39];
        vn_buf a = VN_BUF_INIT, b = VN_BUF_INIT;
        vn_record_vector = 0;
        vn_record_json(&r, &a);
        vn_record_vector = 2;
        vn_record_json(&r, &b);
        bad += a.len != b.len || memcmp(a.ptr, b.ptr, a.len) != 0;
        vn_buf_release(&a);
        vn_buf_release(&b);
    }
    CHECK(bad == 0);
}
