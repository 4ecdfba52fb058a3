/* json.h — a small JSON reader (DOM in an arena) for input lines, records and
 * test files (internal). Strict RFC 8259; depth-limited; errors carry the byte
 * offset. */
#ifndef VN_JSON_H
#define VN_JSON_H

#include "vnews.h"

typedef enum vn_json_type {
    VN_JSON_NULL, VN_JSON_FALSE, VN_JSON_TRUE, VN_JSON_NUMBER, VN_JSON_STRING,
    VN_JSON_ARRAY, VN_JSON_OBJECT
} vn_json_type;

typedef struct vn_json vn_json;
struct vn_json {
    vn_json_type type;
    int n;                /* array/object: number of children */
    double num;
    const char *str;      /* string (decoded, NUL-terminated) or number text */
    size_t len;           /* str length in bytes */
    const char *key;      /* key when a member of an object */
    size_t key_len;
    vn_json *kids;        /* array/object children, n of them */
    size_t raw_start, raw_end; /* byte span of this value in the input */
};

/* Parse text[0..len) as one JSON value (surrounding whitespace allowed).
 * On error returns NULL and sets *err_off to the byte offset and *err_msg. */
vn_json *vn_json_parse(vn_arena *a, const char *text, size_t len, size_t *err_off,
                       const char **err_msg);

/* The same over writable text, which it overwrites: strings are decoded in
 * place (the values point into text, which must outlive them); raw_start and
 * raw_end still count in it, but what they span is no longer the input. */
vn_json *vn_json_parse_inplace(vn_arena *a, char *text, size_t len, size_t *err_off,
                               const char **err_msg);

const vn_json *vn_json_get(const vn_json *obj, const char *key);
/* String value of obj[key] or NULL (not a string / absent). */
const char *vn_json_get_str(const vn_json *obj, const char *key);

/* Append v as compact JSON. */
void vn_json_write(const vn_json *v, vn_buf *out);

#endif
