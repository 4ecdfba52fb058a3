/* fuzz_normalize.c — random bytes through vn_normalize() with each tone
 * option: the output must be valid UTF-8 without control characters, and
 * have exactly one '\n' per line end of the input ("\r\n", "\r", "\n"). */
#include "vnews.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static size_t line_ends(const uint8_t *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            k++;
        else if (s[i] == '\r') {
            k++;
            if (i + 1 < n && s[i + 1] == '\n')
                i++;
        }
    }
    return k;
}

static void check_output(const vn_buf *out)
{
    const uint8_t *s = (const uint8_t *)out->ptr;
    utf8proc_ssize_t n = (utf8proc_ssize_t)out->len;
    for (utf8proc_ssize_t i = 0; i < n;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, n - i, &c);
        if (k <= 0)
            abort(); /* invalid UTF-8 in the output */
        if ((c < 0x20 && c != '\n') || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0xA0 || c == 0x200B ||
            c == 0xFEFF)
            abort(); /* a control, NBSP or zero-width character survived */
        i += k;
    }
    for (size_t i = 0; i + 1 < out->len; i++)
        if (out->ptr[i] == ' ' && (out->ptr[i + 1] == ' ' || out->ptr[i + 1] == '\n'))
            abort(); /* a double or trailing space */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const vn_tone tones[] = {VN_TONE_OLD, VN_TONE_NEW, VN_TONE_KEEP};
    size_t want = line_ends(data, size);
    for (int t = 0; t < 3; t++) {
        vn_options o;
        vn_options_default(&o);
        o.tone = tones[t];
        o.legacy = t != 2;
        vn_buf out = VN_BUF_INIT;
        vn_norm_info ni;
        if (vn_normalize(&o, (const char *)data, size, &out, &ni) != VN_OK)
            abort();
        check_output(&out);
        size_t got = 0;
        for (size_t i = 0; i < out.len; i++)
            got += out.ptr[i] == '\n';
        /* a legacy encoding converted keeps the lines too */
        if (got != want)
            abort();
        /* normalizing again changes nothing */
        vn_buf again = VN_BUF_INIT;
        o.legacy = 0;
        vn_normalize(&o, out.ptr, out.len, &again, &ni);
        if (o.tone != VN_TONE_KEEP && (again.len != out.len || memcmp(again.ptr, out.ptr, out.len) != 0))
            abort();
        vn_buf_release(&again);
        vn_buf_release(&out);
    }
    return 0;
}
