/* unit_main.c — the C unit tests' runner: each file of tests/unit registers
 * its cases through VN_TEST(); this prints "N passed, N failed". */
#include "unit.h"
#include "vnews.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static vn_test_case *cases;
int vn_test_failures;

void vn_test_register(vn_test_case *c)
{
    c->next = cases;
    cases = c;
}

size_t unit_random_line(char *buf, size_t cap, const char *const *parts, size_t nparts, int maxk)
{
    size_t m = 0;
    for (int k = 1 + rand() % maxk; k > 0; k--) {
        const char *q = parts[rand() % (int)nparts];
        size_t l = strlen(q);
        if (m + l + 2 >= cap)
            break;
        memcpy(buf + m, q, l);
        m += l;
        if (rand() % 5)
            buf[m++] = ' ';
    }
    buf[m] = '\0';
    return m;
}

vn_lexicon *unit_lexicon(void)
{
    static vn_lexicon *lx;
    if (!lx) {
        vn_error err;
        memset(&err, 0, sizeof err);
        if (vn_lexicon_load(NULL, &lx, &err) != VN_OK) {
            printf("  cannot load the lexicon: %s\n", err.msg);
            exit(1);
        }
    }
    return lx;
}

const vn_record *unit_process(const char *text)
{
    static vn_context *ctx;
    if (!ctx) {
        vn_options o;
        vn_options_default(&o);
        ctx = vn_context_new(unit_lexicon(), &o);
    }
    vn_page page = {.id = "t", .text = text, .text_len = strlen(text)};
    const vn_record *r = NULL;
    return ctx && vn_process(ctx, &page, &r) == VN_OK ? r : NULL;
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    for (vn_test_case *c = cases; c; c = c->next) {
        if (argc > 1 && !strstr(c->name, argv[1]))
            continue;
        int before = vn_test_failures;
        c->fn();
        if (vn_test_failures == before) {
            passed++;
        } else {
            failed++;
            printf("FAIL unit/%s\n", c->name);
        }
    }
    printf("unit: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
