/* page_int.h — what the files of the page stage share (internal to src/page).
 *
 * lexicon.c  loads data/page_*.tsv and answers "what kind of line/phrase is this"
 * shape.c    cheap per-line shape features (words, final punctuation, names, hosts)
 * segment.c  the passes that give every line its role and fill the record
 * dateline.c vn_dateline_parse;  host.c vn_url_host;  boiler.c cross-page counts */
#ifndef VN_PAGE_INT_H
#define VN_PAGE_INT_H

#include "page.h"

#include <stddef.h>

/* Lines longer than this (bytes) are never furniture, headers, datelines or
 * bylines: they are only measured, never looked up. Keeps long paragraphs cheap. */
#define VN_PAGE_SHORT 320

/* ---- lexicon (data/page_*.tsv) */

/* What a whole line (its key, see vn_page_key) is, from page_furniture.tsv and
 * page_sections.tsv. why is the rule name for the line's "why". Prefix rules
 * apply to short lines that are not sentences (words <= 20), "contains" rules
 * to lines of up to 30 words: "Trang chủ MU vừa xác nhận…" is an article's. */
typedef enum { PL_NONE = 0, PL_FURNITURE, PL_SECTION, PL_INLINE_TEASER } vn_pl_kind;
vn_pl_kind vn_page_lex_line(const struct vn_page_lex *lx, const char *key, size_t n, int words,
                            int sentence, const char **why);

/* Caption cues (page_captions.tsv) found in a line key. */
typedef struct vn_capcues {
    int start;      /* the line opens with a photo phrase ("quang cảnh", "toàn cảnh") */
    int subject;    /* ... or with who a photo shows ("đồng chí", "các đại biểu") */
    int credit;     /* a photo credit ("ảnh: X", "(ảnh: X)") */
    int verb;       /* a photo-describing verb phrase ("phát biểu tại", "trao") */
    int verb_word;  /* words up to the end of the last verb phrase */
    int speech;     /* a reporting verb ("đề nghị", "nhấn mạnh"): body, not a caption */
    int body_start; /* opens like a body sentence ("chiều 27/12,", "theo") */
} vn_capcues;
void vn_page_lex_captions(const struct vn_page_lex *lx, const char *key, size_t n,
                          vn_capcues *out);

/* Only the cue that opens key (one lookup): VN_CAP_START ("Quang cảnh"),
 * VN_CAP_SUBJECT ("Đồng chí"), VN_CAP_CREDIT ("Ảnh:"), or 0. */
enum { VN_CAP_START = 1, VN_CAP_SUBJECT = 2, VN_CAP_CREDIT = 3 };
int vn_page_lex_caption_opening(const struct vn_page_lex *lx, const char *key, size_t n);

/* Byline cues (page_bylines.tsv). */
typedef enum {
    PB_NONE = 0,
    PB_AUTHOR_PREFIX, /* "tin, ảnh:", "tác giả:" followed by names */
    PB_SOURCE_PREFIX, /* "theo", "nguồn:" followed by a source */
    PB_AGENCY,        /* "ttxvn", "pv": a whole line that is a byline */
    PB_UNIT           /* "ban", "sở", "ủy ban nhân dân": a unit's name starts */
} vn_pb_kind;
/* The byline cue that starts key, its length in *mlen. */
vn_pb_kind vn_page_lex_byline(const struct vn_page_lex *lx, const char *key, size_t n,
                              size_t *mlen);

/* ---- shapes (shape.c) */

/* A line's matching key: lowercased, leading bullets and trailing
 * punctuation/colons stripped, single spaces. Returns its length (0 if the line
 * is longer than VN_PAGE_SHORT). out needs 4 * VN_PAGE_SHORT + 8 bytes. */
size_t vn_page_key(const char *s, size_t n, char *out);

/* Words (space-separated tokens) in s, counting no further than cap. */
int vn_count_words(const char *s, size_t n, int cap);

/* How a line ends after closing quotes and brackets: "." ";" "…" are terminal,
 * "?" "!" a question (headlines may end so), "..." "…" an ellipsis (headlines
 * and cut teasers). */
typedef enum { END_OPEN = 0, END_TERMINAL, END_QUESTION, END_ELLIPSIS, END_COLON, END_COMMA } vn_end;
vn_end vn_line_end(const char *s, size_t n);

/* Sentences in a short line: count of ". " / "? " / "! " boundaries + 1 (capped). */
int vn_sentences(const char *s, size_t n);

/* Image remnants: "![]() |", "img-2023.jpg", "ảnh 1", "%image_alt%". */
int vn_is_image_remnant(const char *s, size_t n);
/* A table cell "| text |" with a single cell: the inner text's bounds. */
int vn_table_cell(const char *s, size_t n, size_t *b, size_t *e);
/* No letters at all ("***", "1 2 3", "|", "0:00 / 3:45"). */
int vn_no_letters(const char *s, size_t n);

/* A host ("thainguyen.gov.vn", "https://www.x.vn/…") that is the whole line, or
 * follows "Nguồn:" / "Theo": its lowercase host without "www." into out. */
size_t vn_line_host(const char *s, size_t n, char *out, size_t cap);

/* Personal names: "Mạnh Thắng", "Nguyễn Văn A (TTXVN)", "Thu Hà - Minh Anh".
 * Returns how many names the whole line is (0 if it is not only names); each
 * name's byte range in s goes to b[i], e[i] (up to max). */
int vn_name_list(const char *s, size_t n, size_t *b, size_t *e, int max);

/* The first letter of the line is uppercase (or a digit or an opening quote). */
int vn_starts_upper(const char *s, size_t n);

/* ---- dates */

/* vn_dateline_parse that stops at the first word no dateline has: for
 * telling datelines apart, when the date of other lines is not wanted. */
int vn_dateline_only(const char *s, size_t n, char *out);

/* Days in month, and validation, shared with the dateline parser. */
int vn_valid_date(int y, int m, int d);

/* ---- cross-page statistics */

/* The key the learner hashes a line by: trimmed, whitespace collapsed,
 * diacritics and case folded, invisible characters dropped; so raw and
 * normalized text of the same line agree. Returns 0 for lines it ignores
 * (blank, or too long to be furniture). */
unsigned long long vn_linestats_hash(const char *s, size_t n, unsigned long long seed);

/* Tests only: keys made the careful way, not by the automaton of keydfa.h
 * (not for threaded use). */
extern int vn_linestats_force_slow, vn_page_key_force_slow;

#endif
