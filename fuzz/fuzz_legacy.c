/* fuzz_legacy.c — legacy-encoding detection and conversion on random bytes:
 * detection terminates, conversion with every encoding yields valid UTF-8
 * and keeps the line ends. */
#include "../src/text/text.h"

#include <stdlib.h>
#include <utf8proc.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    vn_encoding det = vn_legacy_detect(s, size);
    if ((unsigned)det > VN_ENC_CP1258)
        abort();
    size_t nl = 0;
    for (size_t i = 0; i < size; i++)
        nl += data[i] == '\n';
    for (int e = VN_ENC_UTF8 + 1; e <= VN_ENC_CP1258; e++) {
        vn_buf out = VN_BUF_INIT;
        if (vn_legacy_convert((vn_encoding)e, s, size, &out) != VN_OK)
            abort();
        const uint8_t *p = (const uint8_t *)out.ptr;
        size_t got = 0;
        for (utf8proc_ssize_t i = 0; i < (utf8proc_ssize_t)out.len;) {
            utf8proc_int32_t c;
            utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)out.len - i, &c);
            if (k <= 0)
                abort(); /* a converter wrote invalid UTF-8 */
            got += c == '\n';
            i += k;
        }
        if (got != nl)
            abort();
        vn_buf_release(&out);
    }
    return 0;
}
