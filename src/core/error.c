/* error.c — result names and the error struct. */
#include "vnews.h"

#include <stdio.h>
#include <string.h>

const char *vn_result_name(vn_result r)
{
    switch (r) {
    case VN_OK: return "ok";
    case VN_ERR_NOMEM: return "out of memory";
    case VN_ERR_IO: return "i/o error";
    case VN_ERR_NOT_FOUND: return "not found";
    case VN_ERR_JSON: return "malformed JSON";
    case VN_ERR_UTF8: return "invalid UTF-8";
    case VN_ERR_TOO_LARGE: return "too large";
    case VN_ERR_EMPTY: return "empty input";
    case VN_ERR_FORMAT: return "unexpected format";
    case VN_ERR_ARG: return "bad argument";
    case VN_ERR_DB: return "database error";
    case VN_ERR_CORRUPT: return "corrupt file";
    case VN_ERR_BUSY: return "busy";
    case VN_ERR_READONLY: return "read-only";
    case VN_ERR_FULL: return "disk full";
    case VN_ERR_DATA: return "bad data file";
    case VN_ERR_BINARY: return "binary input";
    case VN_ERR_TRUNCATED: return "truncated input";
    case VN_ERR_INTERNAL: return "internal error";
    }
    return "unknown error";
}

void vn_error_clear(vn_error *e)
{
    if (!e)
        return;
    e->code = VN_OK;
    e->line = 0;
    e->byte = -1;
    e->file[0] = e->msg[0] = '\0';
}

void vn_error_set(vn_error *e, vn_result code, const char *file, long long line, long long byte,
                  const char *fmt, ...)
{
    if (!e)
        return;
    e->code = code;
    e->line = line;
    e->byte = byte;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
}

const char *vn_error_format(const vn_error *e, char *out, size_t n)
{
    char where[600] = "";
    size_t w = 0;
    if (e->file[0])
        w += (size_t)snprintf(where + w, sizeof where - w, "%s:", e->file);
    if (e->line > 0)
        w += (size_t)snprintf(where + w, sizeof where - w, "%lld:", e->line);
    if (e->byte >= 0 && w < sizeof where)
        w += (size_t)snprintf(where + w, sizeof where - w, " byte %lld:", e->byte);
    snprintf(out, n, "%s%s%s (%s)", where, w ? " " : "", e->msg[0] ? e->msg : vn_result_name(e->code),
             vn_result_name(e->code));
    return out;
}
