/* fuzz_normalize.c — random bytes through vn_normalize() with each tone
 * option: the output must be valid UTF-8 without control characters, have
 * exactly one '\n' per line end of the input ("\r\n", "\r", "\n"), be the
 * same when normalized again, and be byte for byte what the careful path
 * alone writes (the clean-line shortcut forced off), with the same counts.
 *
 * An input whose first byte is odd is read as tokens rather than bytes: each
 * byte picks a piece of text (letters, toned vowels, spaces of every kind,
 * line ends, marks, broken sequences), so the fuzzer spends its time where
 * the shortcut and the careful path meet. */
#include "../src/text/textint.h"
#include "vnews.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static const char *const TOKENS[] = {
    "a", "e", "y", "o", "u", "A", "E", "Y", "O", "U", "h", "q", "n", "g", "t", "x",
    " ", "  ", "\n", "\r\n", "\r", "\t", ".", "(",
    "à", "á", "ả", "ã", "ạ", "è", "é", "ẻ", "ẽ", "ẹ", "ỳ", "ý", "ỷ", "ỹ", "ỵ", "À", "Ẹ", "Ý", "Ỷ",
    "ò", "ó", "ỏ", "õ", "ọ", "ù", "ú", "ủ", "ũ", "ụ", "Ò", "Ọ", "Ủ", "Ú",
    "ư", "ơ", "ô", "â", "ă", "ê", "đ", "Đ", "Ð", "ð", "ở", "ế",
    "\xC2\xA0", "\xC2\xAD", "\xC2\x85", "\xC2\x9F", "©", "×", "ɐ", "ʰ", "Ḁ", "ẜ",
    "“", "”", "…", "–", "€", "ℂ", "\xE2\x84\xA6", "\xE2\x84\xAB", "\xE2\x80\x8B", "\xE2\x80\xAF",
    "\xE2\x80\xA8", "\xE2\x81\xA0", "\xE2\x80\x80", "\xEF\xBB\xBF", "\xF0\x9F\x98\x80", "中",
    "\xCC\x80", "\xCC\xA3", "o\xCC\x80", "\xE1\xBA", "\xE1", "\xC3", "\x80", "\xBA", "\xFF", "\xC0\xAF",
    "\xED\xA0\x80", "\x01", "\x7F", "\0",
};
#define N_TOKENS (sizeof TOKENS / sizeof TOKENS[0])

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

static void same_info(const vn_norm_info *a, const vn_norm_info *b)
{
    if (a->invalid_bytes != b->invalid_bytes || a->nul_bytes != b->nul_bytes || a->controls != b->controls ||
        a->changed != b->changed || a->encoding != b->encoding || a->truncated_utf8 != b->truncated_utf8 ||
        a->bom != b->bom)
        abort(); /* the shortcut counted differently */
}

static void check_text(const uint8_t *data, size_t size)
{
    static const vn_tone tones[] = {VN_TONE_OLD, VN_TONE_NEW, VN_TONE_KEEP};
    size_t want = line_ends(data, size);
    for (int t = 0; t < 3; t++) {
        vn_options o;
        vn_options_default(&o);
        o.tone = tones[t];
        o.legacy = t != 2;
        vn_buf out = VN_BUF_INIT, slow = VN_BUF_INIT;
        vn_norm_info ni, si;
        if (vn_normalize(&o, (const char *)data, size, &out, &ni) != VN_OK)
            abort();
        check_output(&out);
        vn_text_force_slow = 1;
        vn_result rs = vn_normalize(&o, (const char *)data, size, &slow, &si);
        vn_text_force_slow = 0;
        if (rs != VN_OK || slow.len != out.len || memcmp(slow.ptr, out.ptr, out.len) != 0)
            abort(); /* the shortcut wrote something the careful path does not */
        same_info(&ni, &si);
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
        vn_buf_release(&slow);
        vn_buf_release(&out);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || !(data[0] & 1)) {
        check_text(data, size);
        return 0;
    }
    vn_buf text = VN_BUF_INIT;
    for (size_t i = 1; i < size; i++) {
        const char *tok = TOKENS[data[i] % N_TOKENS];
        vn_buf_add(&text, tok, *tok ? strlen(tok) : 1); /* "" stands for a NUL byte */
    }
    check_text((const uint8_t *)text.ptr, text.len);
    vn_buf_release(&text);
    return 0;
}
