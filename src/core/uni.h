/* uni.h — small Unicode helpers over UTF-8 for the scanners (internal). */
#ifndef VN_UNI_H
#define VN_UNI_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point at s (n bytes left); *len gets its byte length.
 * Invalid bytes decode as U+FFFD of length 1. n must be > 0. */
int32_t vn_utf8_next(const char *s, size_t n, int *len);
/* Encode c into out (4 bytes room); returns bytes written. */
int vn_utf8_put(int32_t c, char *out);
/* Code points in s[0..n). */
int vn_utf8_count(const char *s, size_t n);

int vn_is_upper(int32_t c);
int vn_is_lower(int32_t c);
int vn_is_letter(int32_t c);
int32_t vn_to_lower(int32_t c);
int32_t vn_to_upper(int32_t c);
/* The base letter without tone or shape marks, lowercased: 'Ẩ' -> 'a', 'đ' -> 'd'. */
int32_t vn_fold(int32_t c);

/* Lowercase s[0..n) into out (cap bytes; NUL-terminated); returns length. */
size_t vn_lower(const char *s, size_t n, char *out, size_t cap);
/* Diacritic-free lowercase ASCII key ("Tuyên giáo" -> "tuyen giao"). */
size_t vn_fold_str(const char *s, size_t n, char *out, size_t cap);

/* Is the word starting at s capitalized (first letter uppercase)? */
int vn_word_is_capitalized(const char *s, size_t n);

#endif
