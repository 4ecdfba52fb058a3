/* test_docev_gates.c — the cheap proofs of "nothing here" that the documents
 * and events scans take before their word-by-word work, against the work
 * itself:
 *   vn_ev_line_may_have_event (ev_gate.c): it says "no" only for a line where
 *     no position matches the event trie (in any case), on generated lines
 *     with every event phrase in lower, upper and title case at every
 *     alignment and cut anywhere;
 *   vn_doc_mark_starts (docscan.c) on each vector path the CPU has (AVX-512
 *     tables, AVX2 nibble tables with their buckets chosen by volume, SSE2
 *     word starts, plain): no place where a kind phrase or a code's digits
 *     begin is left out, and the whole scan gives the same references. */
#include "../../src/core/record.h"
#include "../../src/core/stage.h"
#include "../../src/core/uni.h"
#include "../../src/extract/documents.h"
#include "../../src/extract/events_int.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct vn_event_lex *evlex(void)
{
    return (struct vn_event_lex *)unit_lexicon()->events;
}

static struct vn_doc_lex *doclex(void)
{
    return (struct vn_doc_lex *)unit_lexicon()->docs;
}

/* s in the case of mode: 0 as is, 1 upper, 2 each word's first letter upper */
static size_t recase(const char *s, int mode, char *out, size_t cap)
{
    size_t n = strlen(s), o = 0;
    int word_start = 1;
    for (size_t i = 0; i < n;) {
        int len;
        int32_t c = vn_utf8_next(s + i, n - i, &len);
        if (mode == 1 || (mode == 2 && word_start))
            c = vn_to_upper(c);
        if (o + 4 >= cap)
            break;
        o += (size_t)vn_utf8_put(c, out + o);
        word_start = c == ' ';
        i += (size_t)len;
    }
    out[o] = '\0';
    return o;
}

/* Does the event trie match anywhere in t[0..n)? (What the gate must not deny.) */
static int any_event(const struct vn_event_lex *x, const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t len;
        if (vn_ev_match(x->events, t, n, i, &len) >= 0)
            return 1;
    }
    return 0;
}

static const char *const filler[] = {"công tác ", "làm việc ", "Ư ", "ư", "thông tin, ", "“", "”", " ", ". ",
                                     "\xc2\xa0", "Đoàn ", "hội ", "lễ", "tổng ", "các ", "12 ", "kỳ ", "thăm"};

VN_TEST(ev_gate_never_denies_an_event_phrase)
{
    const struct vn_event_lex *x = evlex();
    CHECK(x != NULL);
    if (!x)
        return;
    static const char *const phrases[] = {"hội nghị", "hội nghị tổng kết", "đoàn công tác", "buổi làm việc",
                                          "lễ kỷ niệm", "thăm", "thăm và làm việc", "tiếp xúc cử tri",
                                          "chương trình giao lưu", "kỳ họp", "họp báo", "mít tinh",
                                          "làm việc với", "đại hội", "tọa đàm", "sơ kết", "lớp tập huấn"};
    char line[400], ph[128];
    for (size_t p = 0; p < sizeof phrases / sizeof *phrases; p++)
        for (int mode = 0; mode < 3; mode++) {
            size_t pl = recase(phrases[p], mode, ph, sizeof ph);
            for (size_t shift = 0; shift < 70; shift += 3) {
                memset(line, 'x', shift);
                line[shift ? shift - 1 : 0] = ' ';
                memcpy(line + shift, ph, pl);
                size_t n = shift + pl;
                line[n] = '\0';
                for (size_t cut = n; cut + 6 >= n && cut > 0; cut--)
                    if (any_event(x, line, cut))
                        CHECK(vn_ev_line_may_have_event(x, line, cut));
            }
        }
    /* random lines: "no" only where nothing matches */
    srand(7);
    int denied = 0;
    for (int k = 0; k < 4000; k++) {
        size_t m = 0;
        int parts = 1 + rand() % 24;
        for (int j = 0; j < parts; j++) {
            const char *q = rand() % 5 ? filler[rand() % (int)(sizeof filler / sizeof *filler)]
                                       : phrases[rand() % (int)(sizeof phrases / sizeof *phrases)];
            char buf[128];
            size_t l = recase(q, rand() % 3, buf, sizeof buf);
            if (m + l >= sizeof line)
                break;
            memcpy(line + m, buf, l);
            m += l;
        }
        int may = vn_ev_line_may_have_event(x, line, m);
        if (any_event(x, line, m))
            CHECK(may);
        denied += !may;
    }
    if (x->evg_on)
        CHECK(denied > 0); /* it does say "no" */
}

/* Every reference of a line as the whole pipeline reads it, as text. */
static void doc_refs(const char *line, char *out, size_t cap)
{
    out[0] = '\0';
    const vn_record *r = unit_process(line);
    if (!r)
        return;
    size_t o = 0;
    for (int i = 0; i < r->documents.n && o + 200 < cap; i++) {
        const vn_document *d = &r->documents.v[i];
        o += (size_t)snprintf(out + o, cap - o, "[%s|%s|%s|%s|%d]", d->kind ? d->kind : "-", d->code ? d->code : "-",
                              d->number ? d->number : "-", d->subject ? d->subject : "-", d->spans.n);
    }
}

VN_TEST(doc_scan_same_on_every_vector_path)
{
    struct vn_doc_lex *lx = doclex();
    CHECK(lx != NULL);
    if (!lx)
        return;
    const char *lines[] = {
        "Thực hiện Nghị quyết số 35-NQ/TW, nghị định 12/2020/NĐ-CP và Thông tư liên tịch số 04/2019/TTLT-BTC-BTP, "
        "công tác thông tin, điều tra, quyết tâm, kết luận; Luật Đất đai số 31/2024/QH15 và Chỉ thị 05.",
        "THÔNG TƯ LIÊN TỊCH 01/2020; Kế hoạch số 120/KH-UBND ngày 24/10/2018 của UBND tỉnh về công tác tỷ lệ 12 %, "
        "luận điểm, Lệnh số 3; hướng dẫn 45/HD-BTG; Quyết định 1234/QĐ-TTg; Điều lệ Đảng; Văn bản hợp nhất 01/VBHN",
        "năm 2017 có 120 người, 1234567/QĐ 123456/QĐ 12  /KH 3 - 4 5 – 6 7—8 9   /x 10-11 1.528/CP 24/10/2018 "
        "“Chỉ thị 05” (Luật Đất đai) Luật, Lệnh Sắc lệnh Quyết định liên tịch Quyết liệt Thông tin Công văn 12/CV",
    };
    int avx512 = lx->use_avx512, avx2 = lx->use_avx2;
    char want[4096], got[4096], line[2048];
    for (size_t t = 0; t < sizeof lines / sizeof *lines; t++)
        for (size_t shift = 0; shift < 70; shift += 7) {
            memset(line, ' ', shift);
            snprintf(line + shift, sizeof line - shift, "Tin. %s", lines[t]);
            lx->use_avx512 = 0, lx->use_avx2 = 0; /* SSE2 (or plain) */
            doc_refs(line, want, sizeof want);
            CHECK(strlen(want) > 10);
            if (avx2) {
                lx->use_avx2 = 1;
                doc_refs(line, got, sizeof got);
                CHECK_STR(got, want);
            }
            if (avx512) {
                lx->use_avx512 = 1;
                doc_refs(line, got, sizeof got);
                CHECK_STR(got, want);
            }
        }
    /* the AVX2 marks cover every start too (doc_marks_cover_every_kind_start
     * runs the CPU's best path) */
    if (avx2) {
        lx->use_avx512 = 0, lx->use_avx2 = 1;
        uint64_t cand[40];
        for (size_t t = 0; t < sizeof lines / sizeof *lines; t++) {
            size_t n = strlen(lines[t]);
            for (size_t cut = n; cut > n - 20; cut--) {
                vn_doc_carry c = VN_DOC_CARRY_INIT;
                int nb = vn_doc_mark_starts(lx, lines[t], cut, 0, cand, 40, &c);
                CHECK((size_t)nb * 64 >= cut);
                for (size_t i = 0; i < cut; i++) {
                    if (!vn_doc_word_starts(lines[t], cut, i))
                        continue;
                    size_t len;
                    int kind = vn_trie_longest(lx->kinds, lines[t] + i, cut - i, &len) >= 0;
                    int code = lines[t][i] >= '0' && lines[t][i] <= '9' && vn_doc_code_may_start(lines[t], cut, i);
                    if (kind || code)
                        CHECK(cand[i / 64] >> (i % 64) & 1);
                }
            }
        }
    }
    lx->use_avx512 = avx512, lx->use_avx2 = avx2;
}
