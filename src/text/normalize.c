/* normalize.c — STUB until the text stage lands: copies bytes, CRLF -> LF. */
#include "text.h"
#include <string.h>

const char *vn_encoding_name(vn_encoding e)
{
    static const char *n[] = {"UTF-8", "TCVN3", "VNI", "VIQR", "Windows-1258"};
    return (unsigned)e < 5 ? n[e] : "unknown";
}

vn_result vn_normalize(const vn_options *o, const char *in, size_t len, vn_buf *out, vn_norm_info *info)
{
    (void)o;
    vn_norm_info tmp;
    if (!info)
        info = &tmp;
    memset(info, 0, sizeof *info);
    for (size_t i = 0; i < len; i++) {
        if (in[i] == '\r')
            continue;
        vn_buf_addc(out, in[i]);
    }
    return out->err;
}
